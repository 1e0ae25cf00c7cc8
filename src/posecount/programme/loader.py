"""A physiotherapist's own programme in TOML, the prescription format extended with an
order, rests, a per-day target and a progression rule:

    name = "after-first-visit"          # optional; the file name otherwise
    title = "Bridges and sit to stand"   # optional
    per_day = 2                          # optional: sessions a day

    [progression]                        # optional; these are the defaults
    after_sessions = 3                   # sessions in a row, every rep done, pain green
    add_sets = 1                         # then one more set (up to target_sets)
    hold_step_s = 5                      # and holds 5 s longer (up to target_hold_s)

    [[exercise]]
    id = "bridge"                        # an exercise id or a leaflet name (knee-hugs)
    sets = 2
    reps = 10
    hold_s = 5
    rest_s = 45                          # between sets (default 30)
    target_sets = 3                      # only if you want it to build up

Each exercise's dose is the file's, never the leaflet's: no "building to" target is
added that the physiotherapist did not write. Only the range target (a measuring
threshold, not a dose) comes from the catalogue when the file gives none.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

from posecount.prescription.catalogue import CATALOGUE
from posecount.prescription.model import Prescription
from posecount.programme.model import DEFAULT_REST_S, Programme, ProgrammeError, Progression, Step

_DOSE_KEYS = {f.name for f in fields(Prescription)} - {"exercise", "source"}
_STEP_KEYS = _DOSE_KEYS | {"id", "rest_s"}
_TOP_KEYS = {"name", "title", "per_day", "progression", "exercise"}
_PROGRESSION_KEYS = {f.name for f in fields(Progression)}
_WHOLE = {"sets", "reps", "per_day", "target_sets", "after_sessions", "add_sets"}


class _Lines:
    """Where a table or key is in the text: TOML parsers give no positions for valid
    syntax with bad values."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def _key_in(self, start: int, key: str) -> int | None:
        for i in range(start, len(self.lines)):
            if i > start and self.lines[i].lstrip().startswith("["):
                return None
            if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", self.lines[i]):
                return i + 1
        return None

    def top(self, key: str) -> int:
        # Top-level keys come before the first table.
        for i, line in enumerate(self.lines):
            if line.lstrip().startswith("["):
                break
            if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
                return i + 1
        return 1

    def table(self, name: str) -> int:
        for i, line in enumerate(self.lines):
            if re.match(rf"\s*\[\s*{re.escape(name)}\s*\]", line):
                return i + 1
        return 1

    def step(self, n: int, key: str | None = None) -> int:
        """The n-th (0-based) [[exercise]] table, or its key."""
        seen = -1
        for i, line in enumerate(self.lines):
            if re.match(r"\s*\[\[\s*exercise\s*\]\]", line):
                seen += 1
                if seen == n:
                    if key is None:
                        return i + 1
                    return self._key_in(i, key) or i + 1
        return 1


def load_programme(path: Path) -> Programme:
    def fail(line: int, what: str) -> ProgrammeError:
        return ProgrammeError(f"programme {path} line {line}: {what}")

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProgrammeError(
            f"programme file not found: {path}; give a built-in name (posecount programme "
            "--list) or the path of a .toml file"
        ) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ProgrammeError(f"cannot read programme {path}: {e}; save it as UTF-8 TOML") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line = getattr(e, "lineno", None)
        if line is None:  # before Python 3.14 the position is only in the message
            found = re.search(r"at line (\d+)", str(e))
            line = int(found.group(1)) if found else None
        raise ProgrammeError(
            f"programme {path} {f'line {line}' if line else 'syntax'}: not valid TOML "
            f"({getattr(e, 'msg', e)}); see 'posecount programme --help' for the format"
        ) from None
    where = _Lines(text)
    for key in data:
        if key not in _TOP_KEYS:
            at = where.table(key) if isinstance(data[key], dict) else where.top(key)
            raise fail(at, f"unknown key '{key}'; allowed: {', '.join(sorted(_TOP_KEYS))}")
    raw_steps = data.get("exercise")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise fail(
            where.table("exercise") if "exercise" in data else 1,
            "no exercises: add one [[exercise]] table per exercise, e.g. [[exercise]] "
            'id = "bridge" sets = 1 reps = 10',
        )
    steps = tuple(_step(i, s, where, fail) for i, s in enumerate(raw_steps))
    name = data.get("name", path.stem)
    title = data.get("title", name)
    for key, value in (("name", name), ("title", title)):
        if not isinstance(value, str) or not value.strip():
            raise fail(where.top(key), f"{key} must be some text, got {value!r}")
    per_day = data.get("per_day")
    if per_day is not None and (
        isinstance(per_day, bool) or not isinstance(per_day, int) or not 1 <= per_day <= 24
    ):
        raise fail(where.top("per_day"), f"per_day must be a whole number 1 to 24, got {per_day!r}")
    return Programme(
        name=name,
        title=title,
        steps=steps,
        per_day=per_day,
        progression=_progression(data.get("progression", {}), where, fail),
        source=str(path),
    )


def _progression(raw: Any, where: _Lines, fail: Any) -> Progression:
    if not isinstance(raw, dict):
        raise fail(where.top("progression"), "progression must be a table: [progression]")
    for key, value in raw.items():
        at = where._key_in(where.table("progression") - 1, key) or where.table("progression")
        if key not in _PROGRESSION_KEYS:
            raise fail(
                at,
                f"unknown key '{key}' in [progression]; allowed: "
                f"{', '.join(sorted(_PROGRESSION_KEYS))}",
            )
        if key in _WHOLE and (isinstance(value, bool) or not isinstance(value, int)):
            raise fail(at, f"[progression] {key} must be a whole number, got {value!r}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(at, f"[progression] {key} must be a number, got {value!r}")
        try:
            Progression(**{key: value})  # type: ignore[arg-type]
        except ValueError as e:
            raise fail(at, f"[progression] {e}") from None
    return Progression(**raw)  # type: ignore[arg-type]


def _step(n: int, raw: Any, where: _Lines, fail: Any) -> Step:
    from posecount.exercises.registry import canonical_id

    label = f"exercise {n + 1}"
    if not isinstance(raw, dict):
        raise fail(where.step(n), f"{label} must be a table: [[exercise]]")
    if "id" not in raw:
        raise fail(where.step(n), f'{label} has no id; add e.g. id = "bridge"')
    given = raw["id"]
    exercise = canonical_id(given) if isinstance(given, str) else None
    if exercise is None or exercise not in CATALOGUE:
        raise fail(
            where.step(n, "id"),
            f"{label}: unknown exercise {given!r}; known: {', '.join(sorted(CATALOGUE))} "
            "(see 'posecount exercises')",
        )
    dose: dict[str, Any] = {}
    for key, value in raw.items():
        at = where.step(n, key)
        if key not in _STEP_KEYS:
            raise fail(
                at,
                f"unknown key '{key}' in {label} ({exercise}); allowed: "
                f"{', '.join(sorted(_STEP_KEYS))}",
            )
        if key == "id":
            continue
        if key in _WHOLE and (isinstance(value, bool) or not isinstance(value, int)):
            raise fail(at, f"{label} ({exercise}) {key} must be a whole number, got {value!r}")
        if key == "rest_s":
            try:
                Step(exercise, CATALOGUE[exercise], value)
            except (ValueError, TypeError):
                raise fail(
                    at,
                    f"{label} ({exercise}) rest_s must be a number of seconds 0 to 600, "
                    f"got {value!r}",
                ) from None
            continue
        try:
            Prescription(exercise=exercise, **{key: value})
        except ValueError as e:
            raise fail(at, f"{label} ({exercise}) {e}") from None
        dose[key] = value
    if not any(k in dose for k in ("reps", "hold_s", "duration_s")):
        raise fail(
            where.step(n),
            f"{label} ({exercise}) says neither reps, hold_s nor duration_s; add e.g. reps = 10",
        )
    dose.setdefault("range_target", CATALOGUE[exercise].range_target)
    prescription = Prescription(exercise=exercise, source="programme file", **dose)
    return Step(exercise, prescription, float(raw.get("rest_s", DEFAULT_REST_S)))


def resolve_programme(name_or_file: str) -> Programme:
    from posecount.programme.builtin import BUILTIN

    if name_or_file in BUILTIN:
        return BUILTIN[name_or_file]
    path = Path(name_or_file)
    if path.suffix.lower() == ".toml" or path.exists():
        return load_programme(path)
    raise ProgrammeError(
        f"no programme called '{name_or_file}'; built-in: {', '.join(BUILTIN)}; "
        "or give the path of a .toml programme file"
    )


def apply_prescription(prog: Programme, file: Path) -> Programme:
    """A physiotherapist's prescription file (the `--prescription` format of analyze and
    live) laid over a programme's doses, key by key."""
    from dataclasses import replace

    from posecount.exercises.registry import ALIASES, canonical_id
    from posecount.prescription.loader import load_prescription_overrides

    overrides = load_prescription_overrides(file, set(CATALOGUE) | set(ALIASES))
    in_programme = {s.exercise for s in prog.steps}
    merged: dict[str, dict[str, object]] = {}
    for table, values in overrides.items():
        exercise = canonical_id(table) or table
        if exercise not in in_programme:
            raise ProgrammeError(
                f"prescription {file} has [{table}], which is not in programme {prog.name} "
                f"({', '.join(s.exercise for s in prog.steps)}); remove it or use that "
                "exercise's id"
            )
        merged.setdefault(exercise, {}).update(values)
    steps = tuple(
        replace(s, prescription=s.prescription.with_overrides(**merged[s.exercise]))
        if s.exercise in merged
        else s
        for s in prog.steps
    )
    return replace(prog, steps=steps, source=f"{prog.source}, doses from {file}")
