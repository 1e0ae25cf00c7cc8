"""PerSide (one machine per side) and the count_reps fold."""

from __future__ import annotations

import math

import pytest

from posecount.counting import (
    HoldTimer,
    HoldTimerSpec,
    PerSide,
    RepCounter,
    RepCounterSpec,
    count_reps,
)
from posecount.types import Event, HoldEnded, HoldStarted, RepCompleted, TrackingLost

SPEC = RepCounterSpec(direction=1, enter_delta=10, exit_delta=4, target=30)


def reps_signal(t_ms: int, n_reps: int, amp: float, period_ms: int, delay_ms: int) -> float:
    u = t_ms - 1000 - delay_ms
    if u < 0 or u >= n_reps * period_ms:
        return 0.0
    return amp * (1 - math.cos(2 * math.pi * u / period_ms)) / 2


def test_each_side_counts_its_own_signal_and_events_are_merged_in_time_order() -> None:
    tracker = PerSide.rep_counters(SPEC)
    events: list[Event] = []
    for i in range(0, 12 * 30):
        t = round(i * 1000 / 30)
        left = reps_signal(t, 3, 40, 2000, 0)
        right = reps_signal(t, 2, 20, 3000, 500) if not 4000 <= t < 4300 else None
        events += tracker.update({"left": left, "right": right}, t)
    events += tracker.finish(12_000)
    assert [e.t_ms for e in events] == sorted(e.t_ms for e in events)
    # left ends near 2.8, 4.8, 6.8 s; right near 4.1 (seen at 4.3 s after a short gap), 7.1 s
    assert [(e.side, e.t_ms // 100) for e in events if isinstance(e, RepCompleted)] == [
        ("left", 28),
        ("right", 43),
        ("left", 48),
        ("left", 68),
        ("right", 70),
    ]
    assert count_reps(events) == {
        "total": 5,
        "short": 2,
        "by_side": {"left": {"total": 3, "short": 0}, "right": {"total": 2, "short": 2}},
    }


def test_missing_side_is_none_and_unknown_side_is_an_error() -> None:
    tracker = PerSide.rep_counters(SPEC, sides=("left", "right"))
    tracker.update({"left": 0.0}, 0)
    assert tracker["left"].excursion == 0.0  # type: ignore[attr-defined]
    assert tracker["right"].excursion is None  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match=r"unknown side\(s\) \['middle'\]"):
        tracker.update({"middle": 1.0}, 33)


def test_needs_a_side() -> None:
    with pytest.raises(ValueError, match="at least one side"):
        PerSide({})


def test_hold_timers_per_side() -> None:
    tracker = PerSide.hold_timers(HoldTimerSpec(), sides=("left", "right"))
    events: list[Event] = []
    for i in range(60):
        t = i * 100
        events += tracker.update({"left": 1000 <= t < 4000, "right": 2000 <= t < 3500}, t)
    assert events == [
        HoldStarted(t_ms=1000, side="left"),
        HoldStarted(t_ms=2000, side="right"),
        HoldEnded(t_ms=3500, side="right", hold_s=1.5),
        HoldEnded(t_ms=4000, side="left", hold_s=3.0),
    ]


def test_custom_machines() -> None:
    tracker = PerSide({"a": RepCounter(SPEC, side="a"), "b": HoldTimer(side="b")})
    assert tracker.sides == ("a", "b")


def test_count_reps_fold() -> None:
    events = [
        RepCompleted(t_ms=1000, range_achieved=30, range_target=30),
        TrackingLost(t_ms=1500),
        RepCompleted(t_ms=2000, range_achieved=25, range_target=30, short_by=5),
        HoldStarted(t_ms=2500),
        RepCompleted(t_ms=3000, side="left"),
    ]
    assert count_reps(events) == {
        "total": 3,
        "short": 1,
        "by_side": {None: {"total": 2, "short": 1}, "left": {"total": 1, "short": 0}},
    }
    assert count_reps([]) == {"total": 0, "short": 0, "by_side": {}}
    assert count_reps(iter(events))["total"] == 3  # any iterable, one pass
