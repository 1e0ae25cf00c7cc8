"""Ground-truth labels in the format of the shared sample videos' labels.csv."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from posecount.errors import PosecountError


@dataclass(frozen=True, slots=True)
class Label:
    file: str
    exercise: str
    reps: int
    reps_max: int | None = None
    rom_short: int | None = None
    holds_s: tuple[float, ...] | None = None
    hold_tol_s: float | None = None
    view: str = ""
    certainty: str = ""
    notes: str = ""

    @property
    def reps_range(self) -> tuple[int, int]:
        return self.reps, self.reps_max if self.reps_max is not None else self.reps


_REQUIRED = ("file", "exercise", "reps")


def _opt_int(v: str) -> int | None:
    return int(v) if v.strip() else None


def read_labels(path: Path) -> list[Label]:
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise PosecountError(
            f"labels file not found: {path}; pass --labels PATH/labels.csv"
        ) from None
    missing = [k for k in _REQUIRED if rows and k not in rows[0]]
    if missing:
        raise PosecountError(
            f"labels file {path} lacks columns {', '.join(missing)}; "
            "expected the columns of sample_videos/labels.csv"
        )
    labels = []
    for i, r in enumerate(rows, start=2):
        try:
            holds = r.get("holds_s", "").strip()
            labels.append(
                Label(
                    file=r["file"].strip(),
                    exercise=r["exercise"].strip(),
                    reps=int(r["reps"]),
                    reps_max=_opt_int(r.get("reps_max", "")),
                    rom_short=_opt_int(r.get("rom_short", "")),
                    holds_s=tuple(float(x) for x in holds.split(";")) if holds else None,
                    hold_tol_s=float(r["hold_tol_s"]) if r.get("hold_tol_s", "").strip() else None,
                    view=r.get("view", ""),
                    certainty=r.get("certainty", ""),
                    notes=r.get("notes", ""),
                )
            )
        except (ValueError, TypeError, AttributeError) as e:
            raise PosecountError(
                f"labels file {path} line {i}: bad value ({e}); fix that row"
            ) from None
    return labels
