"""The norm tables against the values printed in their sources, and the verdicts drawn
from them. The expected numbers are typed in from the sources (see clinical.norms), not
read back from the module."""

from __future__ import annotations

import pytest

from posecount.clinical import norms
from posecount.clinical.norms import AgeBand

# CDC STEADI 30-second chair stand, below-average scores (age band, women, men).
STEADI_CHAIR = [
    ((60, 64), 12, 14),
    ((65, 69), 11, 12),
    ((70, 74), 10, 12),
    ((75, 79), 10, 11),
    ((80, 84), 9, 10),
    ((85, 89), 8, 8),
    ((90, 94), 4, 7),
]
# Rikli & Jones 1999 chair-stand normal ranges (age band, women, men).
RIKLI_JONES = [
    ((60, 64), (12, 17), (14, 19)),
    ((65, 69), (11, 16), (12, 18)),
    ((70, 74), (10, 15), (12, 17)),
    ((75, 79), (10, 15), (11, 17)),
    ((80, 84), (9, 14), (10, 15)),
    ((85, 89), (8, 13), (8, 14)),
    ((90, 94), (4, 11), (7, 12)),
]


@pytest.mark.parametrize(("band", "women", "men"), STEADI_CHAIR)
def test_steadi_chair_stand_cut_offs(band: tuple[int, int], women: int, men: int) -> None:
    assert norms.STEADI_CHAIR_STAND_BELOW[AgeBand(*band)] == {"female": women, "male": men}


@pytest.mark.parametrize(("band", "women", "men"), RIKLI_JONES)
def test_rikli_jones_normal_ranges(band, women, men) -> None:  # type: ignore[no-untyped-def]
    assert norms.RIKLI_JONES_CHAIR_STAND[AgeBand(*band)] == {"female": women, "male": men}


def test_steadi_cut_offs_are_the_lower_ends_of_rikli_jones() -> None:
    for band, cut in norms.STEADI_CHAIR_STAND_BELOW.items():
        for sex in ("female", "male"):
            assert norms.RIKLI_JONES_CHAIR_STAND[band][sex][0] == cut[sex]  # type: ignore[index]


@pytest.mark.parametrize(
    ("band", "seconds"), [((60, 69), 11.4), ((70, 79), 12.6), ((80, 89), 14.8)]
)
def test_bohannon_five_times_reference(band: tuple[int, int], seconds: float) -> None:
    assert norms.BOHANNON_FTSST_S[AgeBand(*band)] == seconds


@pytest.mark.parametrize(
    ("band", "mean_ci"),
    [((60, 69), (8.1, 7.1, 9.0)), ((70, 79), (9.2, 8.2, 10.2)), ((80, 99), (11.3, 10.0, 12.7))],
)
def test_bohannon_tug_means(band: tuple[int, int], mean_ci: tuple[float, float, float]) -> None:
    assert norms.BOHANNON_TUG_S[AgeBand(*band)] == mean_ci


def test_single_value_cut_offs() -> None:
    assert norms.STEADI_TUG_AT_RISK_S == 12.0
    assert norms.LUSARDI_FTSST_FALL_RISK_S == 12.0
    assert norms.VELLAS_FALL_RISK_S == 5.0


@pytest.mark.parametrize(
    ("seconds", "band"),
    [
        (8.0, "no impairment"),
        (10.4, "no impairment"),
        (10.44, "no impairment"),
        (10.5, "mild impairment"),
        (15.2, "mild impairment"),
        (15.3, "moderate impairment"),
        (22.0, "moderate impairment"),
        (22.1, "severe impairment"),
        (40.0, "severe impairment"),
    ],
)
def test_klukowska_bands(seconds: float, band: str) -> None:
    assert norms.klukowska_band(seconds) == band


@pytest.mark.parametrize(
    "table",
    [
        norms.STEADI_CHAIR_STAND_BELOW,
        norms.RIKLI_JONES_CHAIR_STAND,
        norms.BOHANNON_FTSST_S,
        norms.BOHANNON_TUG_S,
        norms.SPRINGER_EYES_OPEN_BEST_S,
        norms.SPRINGER_EYES_OPEN_BEST_ALL_S,
    ],
)
def test_age_bands_are_contiguous_and_do_not_overlap(table: dict) -> None:  # type: ignore[type-arg]
    bands = sorted(table, key=lambda b: b.lo)
    for a, b in zip(bands, bands[1:], strict=False):
        assert b.lo == a.hi + 1


@pytest.mark.parametrize("sex", ["female", "male"])
def test_springer_best_times_fall_with_age(sex: str) -> None:
    by_age = [
        v[sex] for _, v in sorted(norms.SPRINGER_EYES_OPEN_BEST_S.items(), key=lambda kv: kv[0].lo)
    ]  # type: ignore[index]
    assert by_age == sorted(by_age, reverse=True)


SPRINGER = [
    # (age band, women, men, all) eyes open, best of 3, mean s
    ((18, 39), 45.1, 44.4, 44.7),
    ((40, 49), 42.1, 41.6, 41.9),
    ((50, 59), 40.9, 41.5, 41.2),
    ((60, 69), 30.4, 33.8, 32.1),
    ((70, 79), 16.7, 25.9, 21.5),
    ((80, 99), 10.6, 8.7, 9.4),
]


@pytest.mark.parametrize(("band", "women", "men", "both"), SPRINGER)
def test_springer_eyes_open_best_of_three(band, women, men, both) -> None:  # type: ignore[no-untyped-def]
    b = AgeBand(*band)
    assert norms.SPRINGER_EYES_OPEN_BEST_S[b] == {"female": women, "male": men}
    assert norms.SPRINGER_EYES_OPEN_BEST_ALL_S[b] == both


def test_springer_combined_means_lie_between_the_sexes() -> None:
    for b, both in norms.SPRINGER_EYES_OPEN_BEST_ALL_S.items():
        f, m = (
            norms.SPRINGER_EYES_OPEN_BEST_S[b]["female"],
            norms.SPRINGER_EYES_OPEN_BEST_S[b]["male"],
        )
        assert min(f, m) <= both <= max(f, m)


# ---------------------------------------------------------------- verdicts

TUG_CASES = [
    # (seconds, age, expected concerns by source keyword)
    (11.9, 72, {"STEADI": False, "Bohannon": True}),
    (12.0, 72, {"STEADI": True, "Bohannon": True}),
    (10.2, 72, {"STEADI": False, "Bohannon": False}),
    (9.1, 65, {"STEADI": False, "Bohannon": True}),
    (9.1, 64, {"Bohannon": True}),  # STEADI is for 65 and over
    (9.1, 50, {}),  # no norm in this module below 60
]


@pytest.mark.parametrize(("seconds", "age", "expected"), TUG_CASES)
def test_tug_verdicts(seconds: float, age: int, expected: dict[str, bool]) -> None:
    got = {
        ("STEADI" if "STEADI" in c.source else "Bohannon"): c.concern
        for c in norms.compare_tug(seconds, age)
    }
    assert got == expected


FIVE_CASES = [
    (11.4, 65, {"Bohannon": False, "Lusardi": False, "Klukowska": True}),
    (11.5, 65, {"Bohannon": True, "Lusardi": False, "Klukowska": True}),
    (12.0, 75, {"Bohannon": False, "Lusardi": True, "Klukowska": True}),
    (9.0, 40, {"Klukowska": False}),
    (15.0, 92, {"Lusardi": True, "Klukowska": True}),
]


@pytest.mark.parametrize(("seconds", "age", "expected"), FIVE_CASES)
def test_five_times_verdicts(seconds: float, age: int, expected: dict[str, bool]) -> None:
    got = {
        c.source.split(" ")[0].rstrip(","): c.concern
        for c in norms.compare_five_times(seconds, age)
    }
    assert got == expected


CHAIR_CASES = [
    (11, 62, "female", [True, True]),
    (12, 62, "female", [False, False]),
    (13, 62, "male", [True, True]),
    (20, 62, "male", [False, False]),
    (4, 92, "female", [False, False]),
    (3, 92, "female", [True, True]),
    (10, 95, "female", []),  # beyond the tables
]


@pytest.mark.parametrize(("stands", "age", "sex", "concerns"), CHAIR_CASES)
def test_chair_stand_verdicts(stands: int, age: int, sex: norms.Sex, concerns: list[bool]) -> None:
    assert [c.concern for c in norms.compare_chair_stand(stands, age, sex)] == concerns


def test_chair_stand_has_no_verdict_without_sex() -> None:
    assert norms.compare_chair_stand(10, 70, None) == []


SLS_CASES = [
    (4.9, 72, "female", [True, True]),
    (5.0, 72, "female", [False, True]),
    (16.7, 72, "female", [False, False]),
    (20.0, 72, None, [False, True]),  # no sex: Springer's both-sexes mean, 21.5 s
    (30.0, 45, "male", [True]),  # under 60: Springer only
]


@pytest.mark.parametrize(("best", "age", "sex", "concerns"), SLS_CASES)
def test_single_leg_verdicts(
    best: float, age: int, sex: norms.Sex | None, concerns: list[bool]
) -> None:
    assert [c.concern for c in norms.compare_single_leg(best, age, sex)] == concerns


def test_every_comparison_names_its_norm_and_source() -> None:
    all_cmp = (
        norms.compare_tug(13, 75)
        + norms.compare_five_times(13, 75)
        + norms.compare_chair_stand(9, 75, "female")
        + norms.compare_single_leg(3, 75, "male")
    )
    assert len(all_cmp) == 9
    for c in all_cmp:
        assert c.norm and c.verdict
        assert any(
            year in c.source for year in ("STEADI", "1997", "1999", "2006", "2007", "2017", "2020")
        )
