"""A physiotherapist's own prescription file (TOML), one table per exercise id:

[bridge]
sets = 3
reps = 15
hold_s = 5
range_target = 170   # in the exercise's unit, see `posecount exercises`
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path

from posecount.errors import PrescriptionError
from posecount.prescription.model import Prescription

_KEYS = {f.name for f in fields(Prescription)} - {"exercise"}


def _line_of(text: str, table: str, key: str | None) -> int:
    """TOML parsers report no positions for valid syntax with bad values: find the line."""
    lines = text.splitlines()
    start = 0
    for i, line in enumerate(lines):
        if re.match(rf"\s*\[\s*\"?{re.escape(table)}\"?\s*\]", line):
            start = i
            if key is None:
                return i + 1
            break
    for i in range(start, len(lines)):
        if key is not None and re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", lines[i]):
            return i + 1
    return start + 1


def load_prescription_overrides(
    path: Path, known_exercises: set[str]
) -> dict[str, dict[str, object]]:
    """The validated key = value pairs of each [exercise] table, to lay over the catalogue."""

    def fail(line: int, what: str) -> PrescriptionError:
        return PrescriptionError(f"prescription {path} line {line}: {what}")

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PrescriptionError(f"prescription file not found: {path}; check the path") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PrescriptionError(
            f"cannot read prescription {path}: {e}; save it as UTF-8 TOML"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line = getattr(e, "lineno", None)
        where = f"line {line}" if line else "syntax"
        raise PrescriptionError(
            f"prescription {path} {where}: not valid TOML ({getattr(e, 'msg', e)}); "
            "write one [exercise-id] table with key = value lines"
        ) from None
    if not data:
        raise PrescriptionError(
            f"prescription {path} is empty; add a table such as [bridge] "
            "with sets = 3 and reps = 15"
        )
    out: dict[str, dict[str, object]] = {}
    for table, values in data.items():
        if table not in known_exercises:
            raise fail(
                _line_of(text, table, None),
                f"unknown exercise [{table}]; known: {', '.join(sorted(known_exercises))}",
            )
        if not isinstance(values, dict):
            raise fail(_line_of(text, table, None), f"'{table}' must be a table like [{table}]")
        for key, value in values.items():
            if key not in _KEYS:
                raise fail(
                    _line_of(text, table, key),
                    f"unknown key '{key}' in [{table}]; allowed: {', '.join(sorted(_KEYS))}",
                )
            try:
                Prescription(exercise=table, **{key: value})
            except ValueError as e:
                raise fail(_line_of(text, table, key), f"[{table}] {e}") from None
            if key in {"sets", "reps", "per_day", "target_sets"} and not isinstance(value, int):
                raise fail(
                    _line_of(text, table, key),
                    f"[{table}] {key} must be a whole number, got {value!r}",
                )
        out[table] = dict(values)
    return out
