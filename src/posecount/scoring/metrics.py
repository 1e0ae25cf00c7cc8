"""Scoring a summary against a label, and the summary over many clips.

Count accuracy over N clips with true count c and predicted p: MAE = mean(|p - c| / c)
over clips with c > 0; OBO = share with |p - c| <= 1; exact = share with p in the label's
accepted range [reps, reps_max]. Hold error: mean absolute difference in seconds over the
labelled holds, pairing holds in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from posecount.scoring.labels import Label


@dataclass(frozen=True, slots=True)
class ClipScore:
    file: str
    exercise: str
    want: tuple[int, int]
    got: int | None
    short_want: int | None
    short_got: int | None
    holds_want: tuple[float, ...] | None
    holds_got: tuple[float, ...] | None
    hold_tol_s: float | None
    error: str | None = None
    # The clip was not analysed because its exercise cannot be (not in the catalogue yet,
    # or not from this view): a known limit, reported as skipped rather than broken.
    unsupported: bool = False

    @property
    def failed(self) -> bool:
        return self.got is None

    @property
    def count_error(self) -> int | None:
        if self.got is None:
            return None
        lo, hi = self.want
        return 0 if lo <= self.got <= hi else (self.got - hi if self.got > hi else self.got - lo)

    @property
    def exact(self) -> bool:
        return self.count_error == 0

    @property
    def short_ok(self) -> bool | None:
        if self.short_want is None or self.got is None:
            return None
        return self.short_got == self.short_want

    @property
    def hold_errors_s(self) -> list[float] | None:
        if self.holds_want is None or self.holds_got is None:
            return None
        got = list(self.holds_got) + [0.0] * max(0, len(self.holds_want) - len(self.holds_got))
        return [abs(g - w) for g, w in zip(got, self.holds_want, strict=False)]

    @property
    def holds_ok(self) -> bool | None:
        errs = self.hold_errors_s
        if errs is None:
            return None
        tol = self.hold_tol_s if self.hold_tol_s is not None else 1.0
        return len(self.holds_got or ()) == len(self.holds_want or ()) and all(
            e <= tol for e in errs
        )

    @property
    def hold_error_s(self) -> float | None:
        """Mean absolute hold error of this clip, s (None when holds are not judged)."""
        errs = self.hold_errors_s
        return round(sum(errs) / len(errs), 2) if errs else None

    @property
    def correct(self) -> bool:
        return self.exact and self.short_ok is not False and self.holds_ok is not False

    @property
    def verdict(self) -> str:
        return "failed" if self.failed else ("ok" if self.correct else "wrong")

    def to_record(self) -> dict[str, Any]:
        """What a baseline keeps of a clip: the label, what was got, and the verdict.
        Derived figures (count error, holds ok) are left out: they follow from these."""
        return {
            "file": self.file,
            "exercise": self.exercise,
            "verdict": self.verdict,
            "reps": self.got,
            "reps_expected": list(self.want),
            "reps_short_of_target": self.short_got,
            "reps_short_expected": self.short_want,
            "holds_s": None if self.holds_got is None else list(self.holds_got),
            "holds_expected_s": None if self.holds_want is None else list(self.holds_want),
            "hold_tol_s": self.hold_tol_s,
            "error": self.error,
        }

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> ClipScore:
        """The inverse of to_record (raises KeyError, TypeError or ValueError on a bad one)."""
        lo, hi = r["reps_expected"]
        holds_want, holds_got = r.get("holds_expected_s"), r.get("holds_s")
        got, short_got, short_want = (
            r["reps"],
            r.get("reps_short_of_target"),
            r.get("reps_short_expected"),
        )
        tol = r.get("hold_tol_s")
        return cls(
            file=str(r["file"]),
            exercise=str(r["exercise"]),
            want=(int(lo), int(hi)),
            got=None if got is None else int(got),
            short_want=None if short_want is None else int(short_want),
            short_got=None if short_got is None else int(short_got),
            holds_want=None if holds_want is None else tuple(float(x) for x in holds_want),
            holds_got=None if holds_got is None else tuple(float(x) for x in holds_got),
            hold_tol_s=None if tol is None else float(tol),
            error=None if r.get("error") is None else str(r["error"]),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "exercise": self.exercise,
            "reps_expected": list(self.want),
            "reps": self.got,
            "reps_short_of_target": self.short_got,
            "reps_short_expected": self.short_want,
            "holds_s": None if self.holds_got is None else list(self.holds_got),
            "holds_expected_s": None if self.holds_want is None else list(self.holds_want),
            "count_error": self.count_error,
            "holds_ok": self.holds_ok,
            "short_ok": self.short_ok,
            "verdict": self.verdict,
            "error": self.error,
        }


def score_clip(
    label: Label,
    summary: dict[str, Any] | None,
    error: str | None = None,
    *,
    unsupported: bool = False,
) -> ClipScore:
    got = None if summary is None else int(summary["reps"])
    return ClipScore(
        file=label.file,
        exercise=label.exercise,
        want=label.reps_range,
        got=got,
        short_want=label.rom_short,
        short_got=None if summary is None else int(summary["reps_short_of_target"]),
        holds_want=label.holds_s,
        holds_got=None if summary is None else tuple(summary["holds_s"]),
        hold_tol_s=label.hold_tol_s,
        error=error,
        unsupported=unsupported and summary is None,
    )


def summarize_scores(scores: Sequence[ClipScore]) -> dict[str, Any]:
    done = [s for s in scores if not s.failed]
    n = len(done)
    rel = [abs(s.count_error or 0) / s.want[0] for s in done if s.want[0] > 0]
    hold_errs = [e for s in done for e in (s.hold_errors_s or [])]
    return {
        "clips": len(scores),
        "failed": len(scores) - n,
        "exact": round(sum(s.exact for s in done) / n, 3) if n else 0.0,
        "off_by_one": round(sum(abs(s.count_error or 0) <= 1 for s in done) / n, 3) if n else 0.0,
        "mae": round(sum(rel) / len(rel), 3) if rel else 0.0,
        "hold_mae_s": round(sum(hold_errs) / len(hold_errs), 2) if hold_errs else None,
        "short_correct": sum(s.short_ok is True for s in done),
        "short_judged": sum(s.short_ok is not None for s in done),
        "all_correct": round(sum(s.correct for s in done) / n, 3) if n else 0.0,
    }
