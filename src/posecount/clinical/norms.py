"""Published norms and cut-offs for the clinical performance tests, as data.

Every number here names its source. A result is compared only with norms whose
population covers the patient (age band, sex); outside them it says no norm applies
rather than stretching a band. The comparison names the norm it used, so a
physiotherapist can check it against the paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Sex = Literal["female", "male"]

# ---------------------------------------------------------------- sources

STEADI_CHAIR_STAND = (
    "CDC STEADI, Assessment: 30-Second Chair Stand (below-average scores, from Rikli & Jones)"
)
STEADI_TUG = "CDC STEADI, Assessment: Timed Up & Go (TUG)"
RIKLI_JONES_1999 = (
    "Rikli RE, Jones CJ. Functional fitness normative scores for community-residing older "
    "adults, ages 60-94. J Aging Phys Act 1999;7:162-181"
)
BOHANNON_2006_FTSST = (
    "Bohannon RW. Reference values for the five-repetition sit-to-stand test: a descriptive "
    "meta-analysis of data from elders. Percept Mot Skills 2006;103:215-222"
)
BOHANNON_2006_TUG = (
    "Bohannon RW. Reference values for the timed up and go test: a descriptive "
    "meta-analysis. J Geriatr Phys Ther 2006;29(2):64-68"
)
LUSARDI_2017 = (
    "Lusardi MM et al. Determining risk of falls in community dwelling older adults: a "
    "systematic review and meta-analysis using posttest probability. J Geriatr Phys Ther "
    "2017;40(1):1-36"
)
KLUKOWSKA_2020 = (
    "Klukowska AM, Schroder ML, Stienen MN, Staartjes VE. Objective functional impairment in "
    "lumbar degenerative disease: concurrent validity of the baseline severity classification "
    "of the five-repetition sit-to-stand test. J Neurosurg Spine 2020"
)
SPRINGER_2007 = (
    "Springer BA, Marin R, Cyhan T, Roberts H, Gill NW. Normative values for the unipedal "
    "stance test with eyes open and closed. J Geriatr Phys Ther 2007;30(1):8-15"
)
VELLAS_1997 = (
    "Vellas BJ et al. One-leg balance is an important predictor of injurious falls in older "
    "persons. J Am Geriatr Soc 1997;45(6):735-738"
)


@dataclass(frozen=True, slots=True)
class AgeBand:
    """Ages lo..hi inclusive, in whole years."""

    lo: int
    hi: int

    def __contains__(self, age: object) -> bool:
        return isinstance(age, int) and self.lo <= age <= self.hi

    def __str__(self) -> str:
        return f"{self.lo}-{self.hi}"


# ---------------------------------------------------------------- 30-second chair stand

# Below-average scores (fewer full stands than this in 30 s), women and men, by age band.
# STEADI's table is the lower end of Rikli & Jones's normal ranges below.
STEADI_CHAIR_STAND_BELOW: dict[AgeBand, dict[Sex, int]] = {
    AgeBand(60, 64): {"female": 12, "male": 14},
    AgeBand(65, 69): {"female": 11, "male": 12},
    AgeBand(70, 74): {"female": 10, "male": 12},
    AgeBand(75, 79): {"female": 10, "male": 11},
    AgeBand(80, 84): {"female": 9, "male": 10},
    AgeBand(85, 89): {"female": 8, "male": 8},
    AgeBand(90, 94): {"female": 4, "male": 7},
}

# Normal ranges (25th-75th percentile of full stands in 30 s), Rikli & Jones 1999.
RIKLI_JONES_CHAIR_STAND: dict[AgeBand, dict[Sex, tuple[int, int]]] = {
    AgeBand(60, 64): {"female": (12, 17), "male": (14, 19)},
    AgeBand(65, 69): {"female": (11, 16), "male": (12, 18)},
    AgeBand(70, 74): {"female": (10, 15), "male": (12, 17)},
    AgeBand(75, 79): {"female": (10, 15), "male": (11, 17)},
    AgeBand(80, 84): {"female": (9, 14), "male": (10, 15)},
    AgeBand(85, 89): {"female": (8, 13), "male": (8, 14)},
    AgeBand(90, 94): {"female": (4, 11), "male": (7, 12)},
}

# ---------------------------------------------------------------- five-times sit-to-stand

# Bohannon 2006: mean times by decade; "times exceeding these values can be considered
# worse than average".
BOHANNON_FTSST_S: dict[AgeBand, float] = {
    AgeBand(60, 69): 11.4,
    AgeBand(70, 79): 12.6,
    AgeBand(80, 89): 14.8,
}
# Lusardi 2017: 12 s or more raises the post-test probability of a fall in community
# dwelling older adults.
LUSARDI_FTSST_FALL_RISK_S = 12.0
LUSARDI_MIN_AGE = 60
# Klukowska 2020: severity of objective functional impairment in lumbar degenerative
# disease, upper bound of each band in seconds (the last is open-ended).
KLUKOWSKA_BANDS_S: tuple[tuple[str, float | None], ...] = (
    ("no impairment", 10.4),
    ("mild impairment", 15.2),
    ("moderate impairment", 22.0),
    ("severe impairment", None),
)

# ---------------------------------------------------------------- timed up and go

STEADI_TUG_AT_RISK_S = 12.0
STEADI_MIN_AGE = 65  # STEADI is written for adults 65 and older
# Bohannon 2006: mean and 95% confidence interval by age band; "individuals whose
# performance exceeds the upper limit of the confidence interval can be considered worse
# than average".
BOHANNON_TUG_S: dict[AgeBand, tuple[float, float, float]] = {
    AgeBand(60, 69): (8.1, 7.1, 9.0),
    AgeBand(70, 79): (9.2, 8.2, 10.2),
    AgeBand(80, 99): (11.3, 10.0, 12.7),
}

# ---------------------------------------------------------------- single-leg stance

# Springer 2007, eyes open, best of three trials, mean seconds by age band and sex, and
# for both sexes together (without a sex the combined mean is used: the paper found the
# times depend on age, not on sex). Each combined mean lies between the two sexes' means,
# as it must; tests/clinical checks that.
#
# What was checked against the paper, and what was not (issue 12, December 2026): its
# abstract (J Geriatr Phys Ther 2007;30(1):8-15) confirms the design these tables follow:
# 549 healthy adults, eyes open and closed, the mean and the best of 3 trials for men and
# women in six age groups, 18-39, 40-49, 50-59, 60-69, 70-79 and 80+ (here 80-99), and
# "performance is age-specific and not related to gender". The figures themselves could
# NOT be verified against the paper's table: only the abstract and the first page of the
# full text were within reach, not the table. Nor is it confirmed that the paper gives a
# combined both-sexes mean (the ALL table) rather than that being derived from the two.
# Until someone checks them against the printed table, treat these numbers as unverified.
SPRINGER_EYES_OPEN_BEST_S: dict[AgeBand, dict[Sex, float]] = {
    AgeBand(18, 39): {"female": 45.1, "male": 44.4},
    AgeBand(40, 49): {"female": 42.1, "male": 41.6},
    AgeBand(50, 59): {"female": 40.9, "male": 41.5},
    AgeBand(60, 69): {"female": 30.4, "male": 33.8},
    AgeBand(70, 79): {"female": 16.7, "male": 25.9},
    AgeBand(80, 99): {"female": 10.6, "male": 8.7},
}
SPRINGER_EYES_OPEN_BEST_ALL_S: dict[AgeBand, float] = {
    AgeBand(18, 39): 44.7,
    AgeBand(40, 49): 41.9,
    AgeBand(50, 59): 41.2,
    AgeBand(60, 69): 32.1,
    AgeBand(70, 79): 21.5,
    AgeBand(80, 99): 9.4,
}
# Vellas 1997: failing to stand on one leg for 5 s predicted injurious falls in older
# people (aged 60 and over).
VELLAS_FALL_RISK_S = 5.0
VELLAS_MIN_AGE = 60


# ---------------------------------------------------------------- comparisons


@dataclass(frozen=True, slots=True)
class Comparison:
    """One result set against one norm. `concern` is True when the result is on the
    worse side of it; the text says both the norm and the verdict."""

    norm: str
    source: str
    verdict: str
    concern: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "norm": self.norm,
            "source": self.source,
            "verdict": self.verdict,
            "concern": self.concern,
        }


def _band(table: dict[AgeBand, object], age: int) -> AgeBand | None:
    return next((b for b in table if age in b), None)


def _springer_mean(age: int, sex: Sex | None) -> tuple[AgeBand, float, str] | None:
    """The Springer 2007 mean that applies (its band, seconds, and who it is the mean of):
    the one a result is compared with and the one its chart draws."""
    band = _band(SPRINGER_EYES_OPEN_BEST_S, age)  # type: ignore[arg-type]
    if band is None:
        return None
    if sex is None:
        return band, SPRINGER_EYES_OPEN_BEST_ALL_S[band], "adults"
    return band, SPRINGER_EYES_OPEN_BEST_S[band][sex], f"{sex}s"


def _fall_risk_time(time_s: float, cut_s: float, norm: str, source: str) -> Comparison:
    """A timed test against a fall-risk cut-off: the cut-off time or slower is at risk."""
    risk = time_s >= cut_s
    return Comparison(
        norm=norm,
        source=source,
        verdict="at risk of falling" if risk else "below the fall-risk cut-off",
        concern=risk,
    )


def compare_chair_stand(stands: int, age: int, sex: Sex | None) -> list[Comparison]:
    if sex is None:
        return []
    out = []
    band = _band(STEADI_CHAIR_STAND_BELOW, age)  # type: ignore[arg-type]
    if band is not None:
        cut = STEADI_CHAIR_STAND_BELOW[band][sex]
        below = stands < cut
        out.append(
            Comparison(
                norm=f"below average for {sex}s aged {band}: fewer than {cut} stands",
                source=STEADI_CHAIR_STAND,
                verdict="below average (a sign of fall risk)" if below else "not below average",
                concern=below,
            )
        )
        lo, hi = RIKLI_JONES_CHAIR_STAND[band][sex]
        where = "below" if stands < lo else "above" if stands > hi else "within"
        out.append(
            Comparison(
                norm=f"normal range for {sex}s aged {band}: {lo}-{hi} stands",
                source=RIKLI_JONES_1999,
                verdict=f"{where} the normal range",
                concern=where == "below",
            )
        )
    return out


def compare_five_times(time_s: float, age: int) -> list[Comparison]:
    out = []
    band = _band(BOHANNON_FTSST_S, age)  # type: ignore[arg-type]
    if band is not None:
        ref = BOHANNON_FTSST_S[band]
        worse = time_s > ref
        out.append(
            Comparison(
                norm=f"reference for ages {band}: {ref:g} s",
                source=BOHANNON_2006_FTSST,
                verdict="worse than average" if worse else "average or better",
                concern=worse,
            )
        )
    if age >= LUSARDI_MIN_AGE:
        out.append(
            _fall_risk_time(
                time_s,
                LUSARDI_FTSST_FALL_RISK_S,
                norm=f"fall-risk cut-off: {LUSARDI_FTSST_FALL_RISK_S:g} s or more",
                source=LUSARDI_2017,
            )
        )
    out.append(
        Comparison(
            norm="severity in lumbar degenerative disease: none <= 10.4 s, mild 10.5-15.2, "
            "moderate 15.3-22.0, severe > 22.0",
            source=KLUKOWSKA_2020,
            verdict=klukowska_band(time_s),
            concern=klukowska_band(time_s) != KLUKOWSKA_BANDS_S[0][0],
        )
    )
    return out


def klukowska_band(time_s: float) -> str:
    # The bands are published to a tenth of a second; a time is placed by its rounding.
    t = round(time_s, 1)
    for name, upper in KLUKOWSKA_BANDS_S:
        if upper is None or t <= upper:
            return name
    raise AssertionError("the last band is open-ended")  # pragma: no cover


def compare_tug(time_s: float, age: int) -> list[Comparison]:
    out = []
    if age >= STEADI_MIN_AGE:
        out.append(
            _fall_risk_time(
                time_s,
                STEADI_TUG_AT_RISK_S,
                norm=f"fall risk: {STEADI_TUG_AT_RISK_S:g} s or more",
                source=STEADI_TUG,
            )
        )
    band = _band(BOHANNON_TUG_S, age)  # type: ignore[arg-type]
    if band is not None:
        mean, lo, hi = BOHANNON_TUG_S[band]
        worse = time_s > hi
        out.append(
            Comparison(
                norm=f"mean for ages {band}: {mean:g} s (95% CI {lo:g}-{hi:g})",
                source=BOHANNON_2006_TUG,
                verdict="worse than average (slower than the upper confidence limit)"
                if worse
                else "within or better than the age average",
                concern=worse,
            )
        )
    return out


def compare_single_leg(best_s: float, age: int, sex: Sex | None) -> list[Comparison]:
    out = []
    if age >= VELLAS_MIN_AGE:
        risk = best_s < VELLAS_FALL_RISK_S
        out.append(
            Comparison(
                norm=f"fall-risk sign: under {VELLAS_FALL_RISK_S:g} s on one leg",
                source=VELLAS_1997,
                verdict="fall-risk sign" if risk else f"{VELLAS_FALL_RISK_S:g} s or more",
                concern=risk,
            )
        )
    springer = _springer_mean(age, sex)
    if springer is not None:
        band, ref, who = springer
        below = best_s < ref
        out.append(
            Comparison(
                norm=f"mean best of 3, eyes open, {who} aged {band}: {ref:g} s",
                source=SPRINGER_2007,
                verdict="below the age mean" if below else "at or above the age mean",
                concern=below,
            )
        )
    return out


# ---------------------------------------------------------------- for charts


@dataclass(frozen=True, slots=True)
class NormMark:
    """A norm as a chart draws it: a band (lo-hi, e.g. a normal range or a confidence
    interval) or a line (lo == hi, a cut-off or a mean). `worse` says which side of it is
    the worse one ("above" for times, "below" for counts and stances)."""

    kind: Literal["band", "line"]
    lo: float
    hi: float
    label: str
    source: str
    worse: Literal["above", "below"]

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "lo": self.lo,
            "hi": self.hi,
            "label": self.label,
            "source": self.source,
            "worse": self.worse,
        }


def chart_norms(test: str, age: int | None, sex: Sex | None) -> list[NormMark]:
    """The norms `compare_*` would use for this patient, as bands and lines: the same
    tables, the same age and sex rules (none without an age)."""
    if age is None:
        return []
    out: list[NormMark] = []
    if test == "timed-up-and-go":
        band = _band(BOHANNON_TUG_S, age)  # type: ignore[arg-type]
        if band is not None:
            mean, lo, hi = BOHANNON_TUG_S[band]
            label = f"ages {band}: mean {mean:g} s, 95% CI {lo:g}-{hi:g}"
            out.append(NormMark("band", lo, hi, label, BOHANNON_2006_TUG, "above"))
        if age >= STEADI_MIN_AGE:
            cut = STEADI_TUG_AT_RISK_S
            label = f"fall risk at {cut:g} s or more"
            out.append(NormMark("line", cut, cut, label, STEADI_TUG, "above"))
    elif test == "five-times-sit-to-stand":
        lo_s = 0.0
        for name, upper in KLUKOWSKA_BANDS_S[:-1]:
            assert upper is not None
            out.append(NormMark("band", lo_s, upper, f"LDD: {name}", KLUKOWSKA_2020, "above"))
            lo_s = upper
        band = _band(BOHANNON_FTSST_S, age)  # type: ignore[arg-type]
        if band is not None:
            ref = BOHANNON_FTSST_S[band]
            label = f"ages {band}: worse than average above {ref:g} s"
            out.append(NormMark("line", ref, ref, label, BOHANNON_2006_FTSST, "above"))
        if age >= LUSARDI_MIN_AGE:
            cut = LUSARDI_FTSST_FALL_RISK_S
            label = f"fall risk at {cut:g} s or more"
            out.append(NormMark("line", cut, cut, label, LUSARDI_2017, "above"))
    elif test == "chair-stand-30s" and sex is not None:
        band = _band(STEADI_CHAIR_STAND_BELOW, age)  # type: ignore[arg-type]
        if band is not None:
            lo, hi = RIKLI_JONES_CHAIR_STAND[band][sex]
            label = f"normal range, {sex}s {band}: {lo}-{hi} stands"
            out.append(NormMark("band", lo, hi, label, RIKLI_JONES_1999, "below"))
            cut = STEADI_CHAIR_STAND_BELOW[band][sex]
            label = f"below average under {cut} stands"
            out.append(NormMark("line", cut, cut, label, STEADI_CHAIR_STAND, "below"))
    elif test == "single-leg-stance":
        springer = _springer_mean(age, sex)
        if springer is not None:
            band, ref, who = springer
            label = f"mean best of 3, {who} {band}: {ref:g} s"
            out.append(NormMark("line", ref, ref, label, SPRINGER_2007, "below"))
        if age >= VELLAS_MIN_AGE:
            cut = VELLAS_FALL_RISK_S
            label = f"fall-risk sign under {cut:g} s"
            out.append(NormMark("line", cut, cut, label, VELLAS_1997, "below"))
    return out
