"""Comparing a scoring run with a committed baseline: the CI accuracy gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from posecount.errors import PosecountError

# Higher is better for these, lower for those; a run is worse when any moves the wrong way.
_HIGHER = ("exact", "off_by_one", "all_correct", "short_correct")
_LOWER = ("mae", "failed")
# Hold error is in seconds and depends on frame timing; 0.1 s is below one analysed frame
# at 10 fps, so only a real change trips it.
_HOLD_SLACK_S = 0.1


def write_baseline(path: Path, summary: dict[str, Any], settings: dict[str, Any]) -> None:
    path.write_text(json.dumps({"summary": summary, "settings": settings}, indent=2) + "\n")


def read_baseline(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text())
        summary = data["summary"]
        if not isinstance(summary, dict):
            raise TypeError
        return summary
    except FileNotFoundError:
        raise PosecountError(
            f"baseline file not found: {path}; make one with --write-baseline"
        ) from None
    except (json.JSONDecodeError, KeyError, TypeError):
        raise PosecountError(
            f'baseline file {path} is not a posecount baseline (want {{"summary": {{...}}}}); '
            "re-create it with --write-baseline"
        ) from None


def regressions(current: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """What got worse, one phrase each; empty when nothing did."""
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
