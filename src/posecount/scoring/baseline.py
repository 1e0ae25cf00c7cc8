"""Comparing a scoring run with a committed baseline: the CI accuracy gate.

A baseline keeps the run's summary and, since version 2, every clip's result, so a
regression can name the clips that got worse (and the ones that got better). The file is
written with sorted keys and clips sorted by name, and nothing that varies between runs
of the same code (wall time, cache hits), so a change to it reads well in a code review.
Version 1 files (summary only) are still read; the clip diff then says it cannot be made.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posecount.errors import PosecountError
from posecount.scoring.metrics import ClipScore
from posecount.scoring.outputs import write_atomically

FORMAT = "posecount-baseline"
VERSION = 2
# Higher is better for these, lower for those; a run is worse when any moves the wrong way.
_HIGHER = ("exact", "off_by_one", "all_correct", "short_correct")
_LOWER = ("mae", "failed")
# Hold error is in seconds and depends on frame timing; 0.1 s is below one analysed frame
# at 10 fps, so only a real change trips it.
_HOLD_SLACK_S = 0.1
# Settings that change what a clip gives; a baseline made with others is no fair yardstick.
SETTING_KEYS = ("model", "fps", "max_side_px", "rotate_deg", "people")
_VERDICT_RANK = {"ok": 0, "wrong": 1, "failed": 2}


@dataclass(frozen=True, slots=True)
class Baseline:
    summary: dict[str, Any]
    settings: dict[str, Any]
    clips: list[ClipScore] | None  # None: a version 1 file, summary only
    version: int


def _sorted(scores: Sequence[ClipScore]) -> list[ClipScore]:
    return sorted(scores, key=lambda s: (s.file, s.exercise))


def baseline_text(
    summary: dict[str, Any], scores: Sequence[ClipScore], settings: dict[str, Any]
) -> str:
    data = {
        "format": FORMAT,
        "version": VERSION,
        "settings": settings,
        "summary": summary,
        "clips": [s.to_record() for s in _sorted(scores)],
    }
    # The header first, in this order; inside it, keys sorted.
    fields = [f"  {json.dumps(k)}: {_layout(v, '  ')}" for k, v in data.items()]
    return "{\n" + ",\n".join(fields) + "\n}\n"


def _layout(value: Any, indent: str = "") -> str:
    """JSON with sorted keys, one key a line, and short lists (reps, holds) on one line,
    so that a changed figure is a one-line change in a diff."""
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k)}: {_layout(v, inner)}" for k, v in sorted(value.items())]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        return "[\n" + ",\n".join(inner + _layout(v, inner) for v in value) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def write_baseline(
    path: Path, summary: dict[str, Any], scores: Sequence[ClipScore], settings: dict[str, Any]
) -> None:
    write_atomically(path, baseline_text(summary, scores, settings))


def _not_a_baseline(path: Path, why: str) -> PosecountError:
    return PosecountError(
        f"baseline file {path} is not a posecount baseline ({why}); re-create it with "
        "--write-baseline"
    )


def read_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PosecountError(
            f"baseline file not found: {path}; make one with --write-baseline"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _not_a_baseline(path, "not JSON") from None
    except OSError as e:
        raise PosecountError(f"cannot read baseline file {path} ({e.strerror or e})") from None
    if not isinstance(data, dict) or not isinstance(data.get("summary"), dict):
        raise _not_a_baseline(path, 'want {"summary": {...}, ...}')
    for key in (*_HIGHER, *_LOWER, "hold_mae_s"):
        value = data["summary"].get(key)
        absent_ok = key not in data["summary"] or (key == "hold_mae_s" and value is None)
        if not (absent_ok or _is_number(value)):
            raise _not_a_baseline(path, f"summary {key} is {value!r}, not a number")
    if not isinstance(data.get("settings") or {}, dict):
        raise _not_a_baseline(path, "settings is not an object")
    version = data.get("version", 1)
    if version == 1 or "clips" not in data:
        return Baseline(data["summary"], data.get("settings") or {}, None, 1)
    if version != VERSION or data.get("format") != FORMAT:
        raise PosecountError(
            f"baseline file {path} is format {data.get('format')!r} version {version!r}; "
            f"this posecount reads {FORMAT!r} versions 1 and {VERSION}: upgrade posecount or "
            "re-create the baseline with --write-baseline"
        )
    try:
        clips = [ClipScore.from_record(r) for r in data["clips"]]
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as e:
        raise _not_a_baseline(path, f"a clip entry is malformed: {e!r}") from None
    return Baseline(data["summary"], data.get("settings") or {}, clips, VERSION)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v == v  # not NaN


def regressions(current: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """What got worse in the summary, one phrase each; empty when nothing did."""
    worse = []
    for key in _HIGHER:
        if key in baseline and current.get(key, 0) < baseline[key]:
            worse.append(f"{key} {current.get(key)} < baseline {baseline[key]}")
    for key in _LOWER:
        if key in baseline and current.get(key, 0) > baseline[key]:
            worse.append(f"{key} {current.get(key)} > baseline {baseline[key]}")
    hold, base_hold = current.get("hold_mae_s"), baseline.get("hold_mae_s")
    if hold is not None and base_hold is not None and hold > base_hold + _HOLD_SLACK_S:
        worse.append(f"hold_mae_s {hold} > baseline {base_hold}")
    return worse


def settings_mismatch(current: dict[str, Any], baseline: Baseline) -> list[str]:
    """Settings that differ from the baseline's, as 'name X (baseline Y)'."""
    return [
        f"{k} {current.get(k)} (baseline {baseline.settings[k]})"
        for k in SETTING_KEYS
        if k in baseline.settings and baseline.settings[k] != current.get(k)
    ]


@dataclass(frozen=True, slots=True)
class ClipChange:
    """One clip whose verdict or figures differ from the baseline."""

    file: str
    exercise: str
    direction: str  # "worse", "better", "changed" (figures only), "added", "removed"
    before: ClipScore | None
    after: ClipScore | None
    reasons: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.file} ({self.exercise})"

    def describe(self) -> str:
        return f"{self.name}: {', '.join(self.reasons)}"


def _fmt_reps(s: ClipScore) -> str:
    return "-" if s.got is None else str(s.got)


def _fmt_want(s: ClipScore) -> str:
    lo, hi = s.want
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _fmt_holds(h: tuple[float, ...] | None) -> str:
    return "-" if h is None else (";".join(f"{x:g}" for x in h) or "none")


def _cmp(before: float | None, after: float | None, slack: float = 0.0) -> int:
    """+1 when `after` is worse (larger error), -1 better, 0 same; None is no judgement."""
    if before is None or after is None:
        return 0
    if after > before + slack:
        return 1
    if after < before - slack:
        return -1
    return 0


def _short_miss(s: ClipScore) -> int | None:
    if s.short_want is None or s.short_got is None:
        return None
    return abs(s.short_got - s.short_want)


def compare_clip(before: ClipScore, after: ClipScore) -> ClipChange | None:
    reasons: list[str] = []
    if before.want != after.want:
        reasons.append(f"label {_fmt_want(before)} -> {_fmt_want(after)}")
    if before.verdict != after.verdict:
        reasons.append(f"{before.verdict} -> {after.verdict}")
    if before.got != after.got or before.want != after.want:
        got = _fmt_reps(after)
        if before.got != after.got:
            got = f"{_fmt_reps(before)} -> {got}"
        reasons.append(f"reps {got} (want {_fmt_want(after)})")
    # Short-of-target and holds count only where a label judges them: a figure nobody
    # labelled is not a change a reviewer has to look at.
    judged_short = before.short_want is not None or after.short_want is not None
    if judged_short and (
        before.short_got != after.short_got or before.short_want != after.short_want
    ):
        want = "" if after.short_want is None else f" (want {after.short_want})"
        reasons.append(f"short {before.short_got} -> {after.short_got}{want}")
    judged_holds = before.holds_want is not None or after.holds_want is not None
    if judged_holds and (
        before.holds_got != after.holds_got or before.holds_want != after.holds_want
    ):
        reasons.append(
            f"holds {_fmt_holds(before.holds_got)} -> {_fmt_holds(after.holds_got)} s "
            f"(want {_fmt_holds(after.holds_want)})"
        )
    if not reasons:
        return None
    rank = _VERDICT_RANK[after.verdict] - _VERDICT_RANK[before.verdict]
    if rank:
        direction = "worse" if rank > 0 else "better"
    else:
        # Same verdict: the figures decide, and any one that got worse makes the clip worse
        # (a gate should not let a better count hide a worse hold).
        moves = [
            _cmp(
                None if before.count_error is None else abs(before.count_error),
                None if after.count_error is None else abs(after.count_error),
            ),
            _cmp(_short_miss(before), _short_miss(after)),
            _cmp(before.hold_error_s, after.hold_error_s, _HOLD_SLACK_S),
        ]
        direction = "worse" if 1 in moves else "better" if -1 in moves else "changed"
    return ClipChange(after.file, after.exercise, direction, before, after, tuple(reasons))


def known_wrong(
    current: Sequence[ClipScore], baseline: Sequence[ClipScore]
) -> set[tuple[str, str]]:
    """(file, exercise) of clips wrong now that were wrong in the baseline too and got no
    worse: failures the baseline accepts, so a report can set them apart from new ones."""
    then = {(s.file, s.exercise): s for s in baseline}
    known = set()
    for s in current:
        b = then.get((s.file, s.exercise))
        if s.verdict != "wrong" or b is None or b.verdict != "wrong":
            continue
        change = compare_clip(b, s)
        if change is None or change.direction != "worse":
            known.add((s.file, s.exercise))
    return known


def compare_clips(current: Sequence[ClipScore], baseline: Sequence[ClipScore]) -> list[ClipChange]:
    """Every clip that differs from the baseline, sorted by name."""
    now = {(s.file, s.exercise): s for s in current}
    then = {(s.file, s.exercise): s for s in baseline}
    changes = []
    for key in sorted(now.keys() | then.keys()):
        a, b = then.get(key), now.get(key)
        if a is None and b is not None:
            changes.append(ClipChange(*key, "added", None, b, (f"new clip: {b.verdict}",)))
        elif b is None and a is not None:
            changes.append(ClipChange(*key, "removed", a, None, ("not in this run's labels",)))
        elif a is not None and b is not None and (change := compare_clip(a, b)) is not None:
            changes.append(change)
    return changes
