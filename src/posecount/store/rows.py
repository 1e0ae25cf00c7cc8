"""The rows of the history derived from a session's events (events stay the only truth:
these are a fold over them, re-made whenever events are added)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from posecount.exercises.base import ExerciseSpec


def rep_rows(events: Sequence[dict[str, Any]], spec: ExerciseSpec | None) -> list[dict[str, Any]]:
    """One row per rep: time it ended, side, range, how far short, and the hold at its top.

    For a hold exercise (single-leg stance) the reps are the holds long enough to count
    (`spec.rep_min_hold_s`), as in the session summary."""
    events = sorted(events, key=lambda e: e["t_ms"])
    holds = [e for e in events if e["type"] == "hold_ended"]
    rows: list[dict[str, Any]] = []
    if spec is not None and spec.holds:
        for h in holds:
            if h.get("hold_s", 0.0) >= spec.rep_min_hold_s:
                rows.append(
                    {
                        "t_ms": h["t_ms"],
                        "start_ms": h["t_ms"] - round(h["hold_s"] * 1000),
                        "side": h.get("side"),
                        "range_achieved": None,
                        "range_target": None,
                        "short_by": None,
                        "hold_s": h["hold_s"],
                    }
                )
    else:
        for e in events:
            if e["type"] != "rep_completed":
                continue
            start = e.get("start_ms", e["t_ms"])
            # The hold at the top of this rep: one that ended inside the rep, same side.
            inside = [
                h["hold_s"]
                for h in holds
                if start <= h["t_ms"] <= e["t_ms"] and h.get("side") == e.get("side")
            ]
            rows.append(
                {
                    "t_ms": e["t_ms"],
                    "start_ms": start,
                    "side": e.get("side"),
                    "range_achieved": e.get("range_achieved"),
                    "range_target": e.get("range_target"),
                    "short_by": e.get("short_by"),
                    "hold_s": max(inside) if inside else None,
                }
            )
    for n, row in enumerate(rows, start=1):
        row["n"] = n
    return rows
