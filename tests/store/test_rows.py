"""Rep rows are a fold over the events: a table of event streams and the rows they give."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posecount.exercises.registry import get_exercise
from posecount.store.rows import rep_rows

BRIDGE = get_exercise("bridge").spec
STANCE = get_exercise("single-leg-stance").spec
KNEE_ROLLS = get_exercise("knee-rolls").spec


def rep(t: int, start: int, value: float, short_by: float = 0.0, side: str | None = None) -> dict:
    return {
        "type": "rep_completed",
        "t_ms": t,
        "start_ms": start,
        "side": side,
        "range_achieved": value,
        "range_target": 160.0,
        "short_by": short_by,
    }


def hold(t: int, hold_s: float, side: str | None = None) -> dict:
    return {"type": "hold_ended", "t_ms": t, "hold_s": hold_s, "side": side}


@pytest.mark.parametrize(
    ("spec", "events", "expected"),
    [
        (BRIDGE, [], []),
        # a rep carries the hold that ended inside it
        (
            BRIDGE,
            [hold(3000, 1.8), rep(4000, 800, 178.5)],
            [(1, 4000, None, 178.5, 0.0, 1.8)],
        ),
        # a hold outside every rep belongs to none; a short rep keeps its shortfall
        (
            BRIDGE,
            [hold(500, 2.0), rep(4000, 800, 150.0, 10.0), rep(9000, 5000, 170.0)],
            [(1, 4000, None, 150.0, 10.0, None), (2, 9000, None, 170.0, 0.0, None)],
        ),
        # the longest of two holds in one rep
        (
            BRIDGE,
            [hold(2000, 1.0), hold(3500, 2.5), rep(4000, 800, 175.0)],
            [(1, 4000, None, 175.0, 0.0, 2.5)],
        ),
        # sides kept apart: a left hold does not go with a right rep
        (
            KNEE_ROLLS,
            [hold(1500, 1.0, "left"), rep(2000, 1000, 40.0, side="right")],
            [(1, 2000, "right", 40.0, 0.0, None)],
        ),
        # a hold exercise: holds long enough to count are its reps, in time order
        (
            STANCE,
            [hold(20000, 6.0, "right"), hold(12000, 12.0, "left"), hold(13000, 0.4, "left")],
            [(1, 12000, "left", None, None, 12.0), (2, 20000, "right", None, None, 6.0)],
        ),
        # events of other kinds are ignored
        (
            BRIDGE,
            [{"type": "tracking_lost", "t_ms": 10, "reason": "x"}, rep(4000, 800, 170.0)],
            [(1, 4000, None, 170.0, 0.0, None)],
        ),
    ],
    ids=[
        "none",
        "rep with its hold",
        "hold outside and short rep",
        "longest hold",
        "sides apart",
        "hold exercise",
        "other events",
    ],
)
def test_rep_rows(spec, events, expected) -> None:  # type: ignore[no-untyped-def]
    rows = rep_rows(events, spec)
    got = [
        (r["n"], r["t_ms"], r["side"], r["range_achieved"], r["short_by"], r["hold_s"])
        for r in rows
    ]
    assert got == expected


@given(st.lists(st.integers(min_value=1, max_value=10**6), unique=True, max_size=30))
def test_one_row_per_rep_numbered_in_time_order(times: list[int]) -> None:
    rows = rep_rows([rep(t, t - 1, 170.0) for t in times], BRIDGE)
    assert [r["n"] for r in rows] == list(range(1, len(times) + 1))
    assert [r["t_ms"] for r in rows] == sorted(times)
