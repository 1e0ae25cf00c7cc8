"""Ground-truth labels in the format of the shared sample videos' labels.csv."""

from __future__ import annotations

import csv
import difflib
import math
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
# The optional columns that change what is checked, and what is lost without each: a
# labels file without holds_s used to skip every hold check without a word.
SCORED_COLUMNS = {
    "reps_max": "a range of accepted counts (only the exact count is accepted)",
    "rom_short": "reps short of target",
    "holds_s": "hold times",
    "hold_tol_s": "per-clip hold tolerance (1.0 s is used)",
}
_INFORMATIONAL = ("view", "certainty", "notes")
KNOWN_COLUMNS = (*_REQUIRED, *SCORED_COLUMNS, *_INFORMATIONAL)


@dataclass(frozen=True, slots=True)
class LabelTable:
    labels: list[Label]
    missing: tuple[str, ...]  # optional scored columns absent from the header
    unknown: tuple[str, ...]  # header names posecount does not read (often a typo)

    def warnings(self, path: Path) -> list[str]:
        """One line per problem a user would want to know before trusting the score."""
        out = []
        if self.missing:
            lost = "; ".join(SCORED_COLUMNS[c] for c in self.missing)
            out.append(
                f"labels file {path} has no {', '.join(self.missing)} column(s), so these are "
                f"not checked: {lost}; add the column(s) (cells may be empty) to check them"
            )
        for name in self.unknown:
            near = difflib.get_close_matches(name, KNOWN_COLUMNS, n=1)
            hint = f" (did you mean {near[0]}?)" if near else ""
            out.append(f"labels file {path}: column {name!r} is not used{hint}")
        return out


def _check_values(label: Label) -> None:
    """Counts are whole and not negative, seconds finite and not negative: a "nan" hold
    once made the hold error NaN, and a negative count an impossible range."""
    for name in ("reps", "reps_max", "rom_short"):
        value = getattr(label, name)
        if value is not None and value < 0:
            raise ValueError(f"{name} must be 0 or more, got {value}")
    if label.reps_max is not None and label.reps_max < label.reps:
        raise ValueError(f"reps_max {label.reps_max} is below reps {label.reps}")
    for name in ("holds_s", "hold_tol_s"):
        value = getattr(label, name)
        for x in value if isinstance(value, tuple) else () if value is None else (value,):
            if not (math.isfinite(x) and x >= 0):
                raise ValueError(f"{name} must be seconds, 0 or more, got {x}")


def _opt_int(v: str) -> int | None:
    return int(v) if v.strip() else None


def read_labels(path: Path) -> list[Label]:
    return read_label_table(path).labels


def read_label_table(path: Path) -> LabelTable:
    # utf-8-sig: spreadsheets save CSV with a byte-order mark, which would otherwise
    # become part of the first column's name.
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in (reader.fieldnames or [])]
            reader.fieldnames = header
            rows = [(reader.line_num, r) for r in reader]
    except FileNotFoundError:
        raise PosecountError(
            f"labels file not found: {path}; pass --labels PATH/labels.csv"
        ) from None
    except UnicodeDecodeError as e:
        raise PosecountError(
            f"labels file {path} is not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset "
            f"{e.start}); save it as CSV (UTF-8) with the columns of sample_videos/labels.csv"
        ) from None
    except csv.Error as e:
        raise PosecountError(
            f"labels file {path} is not readable CSV ({e}); save it as CSV (UTF-8) "
            "with the columns of sample_videos/labels.csv"
        ) from None
    except OSError as e:
        raise PosecountError(
            f"cannot read labels file {path} ({e.strerror or e}); check it is a readable file"
        ) from None
    if not header:
        raise PosecountError(
            f"labels file {path} is empty; expected a header ({', '.join(_REQUIRED)}, ...) "
            "and one row per clip, as in sample_videos/labels.csv"
        )
    missing = [k for k in _REQUIRED if k not in header]
    if missing:
        raise PosecountError(
            f"labels file {path} lacks columns {', '.join(missing)} (its header: "
            f"{', '.join(header)[:120]!r}); expected the columns of sample_videos/labels.csv"
        )
    if not rows:
        raise PosecountError(
            f"labels file {path} has a header but no clips; add one row per labelled clip"
        )
    labels: list[Label] = []
    seen: dict[tuple[str, str], int] = {}
    for i, r in rows:
        try:
            holds = (r.get("holds_s") or "").strip()
            tol = (r.get("hold_tol_s") or "").strip()
            label = Label(
                file=r["file"].strip(),
                exercise=r["exercise"].strip(),
                reps=int(r["reps"]),
                reps_max=_opt_int(r.get("reps_max") or ""),
                rom_short=_opt_int(r.get("rom_short") or ""),
                holds_s=tuple(float(x) for x in holds.split(";")) if holds else None,
                hold_tol_s=float(tol) if tol else None,
                view=r.get("view") or "",
                certainty=r.get("certainty") or "",
                notes=r.get("notes") or "",
            )
            _check_values(label)
            labels.append(label)
        except (ValueError, TypeError, AttributeError) as e:
            raise PosecountError(
                f"labels file {path} line {i}: bad value ({e}); fix that row"
            ) from None
        key = (labels[-1].file, labels[-1].exercise)
        if not key[0]:
            raise PosecountError(f"labels file {path} line {i}: empty file name; fix that row")
        if key in seen:
            # Results are kept per clip and exercise (the baseline, the JUnit cases), so a
            # second row for the same pair would shadow the first.
            raise PosecountError(
                f"labels file {path} line {i}: {key[0]} ({key[1]}) is labelled twice "
                f"(also line {seen[key]}); keep one row"
            )
        seen[key] = i
    return LabelTable(
        labels=labels,
        missing=tuple(c for c in SCORED_COLUMNS if c not in header),
        unknown=tuple(h for h in header if h and h not in KNOWN_COLUMNS),
    )
