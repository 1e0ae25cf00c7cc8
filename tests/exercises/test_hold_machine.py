"""The stretch hold (exercises.hold_machine): a hold at the far end of a rep that lasts
while the patient stays near the deepest point, easing further in included."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posecount.counting import HoldTimerSpec, RepCounterSpec
from posecount.exercises.hold_machine import StretchHoldMachine
from posecount.types import Event, HoldEnded, RepCompleted

COUNTER = RepCounterSpec(direction=-1, enter_delta=20.0, exit_delta=10.0, max_rep_ms=120_000)
HOLD = HoldTimerSpec(min_start_ms=300, min_end_ms=500, min_hold_ms=1000)


def run(samples: list[tuple[float, float]], fps: float = 30.0) -> list[Event]:
    """samples: (duration s, level) segments joined by straight ramps of 1.5 s."""
    m = StretchHoldMachine("angle", COUNTER, HOLD)
    events: list[Event] = []
    t, prev = 0.0, samples[0][1]
    step = 1 / fps
    for duration, level in samples:
        ramp = 1.5 if level != prev else 0.0
        end = t + ramp + duration
        while t < end:
            u = 1.0 if ramp == 0 else min(1.0, (t - (end - duration - ramp)) / ramp)
            value = prev + (level - prev) * (0.5 - 0.5 * math.cos(math.pi * u))
            events += m.update({"angle": value}, round(t * 1000))
            t += step
        prev = level
    return events + m.finish(round(t * 1000))


def holds(events: list[Event]) -> list[float]:
    return [round(e.hold_s, 1) for e in events if isinstance(e, HoldEnded)]


def reps(events: list[Event]) -> int:
    return sum(isinstance(e, RepCompleted) for e in events)


CASES = [
    # (segments of (hold s, level deg)), reps, holds (s, within 1.0)
    ("sit back, hold 10 s, return", [(3, 90), (10, 30), (3, 90)], 1, [10.0]),
    # Easing 14 degrees deeper mid-hold (a quarter of a 60-degree range is 15): one hold.
    ("eases deeper mid-hold", [(3, 90), (5, 44), (5, 30), (3, 90)], 1, [11.5]),
    # Coming half-way back and going down again is two holds in one rep.
    ("half-way up and down again", [(3, 90), (4, 30), (2, 60), (4, 30), (3, 90)], 1, [4.0, 4.0]),
    ("two reps", [(3, 90), (4, 30), (3, 90), (4, 30), (3, 90)], 2, [4.0, 4.0]),
    # A small move (under enter_delta) is no rep and no hold.
    ("a 15-degree shift", [(3, 90), (5, 75), (3, 90)], 0, []),
    # Held until the input ends: the hold is reported, closed by the edge; no rep.
    ("still held at the end", [(3, 90), (6, 30)], 0, [6.0]),
]


@pytest.mark.parametrize(
    "segments, n_reps, expected", [pytest.param(s, r, h, id=n) for n, s, r, h in CASES]
)
def test_stretch_holds(
    segments: list[tuple[float, float]], n_reps: int, expected: list[float]
) -> None:
    events = run(segments)
    assert reps(events) == n_reps
    got = holds(events)
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        assert abs(g - e) <= 1.0, (got, expected)


def test_band_share_is_validated() -> None:
    with pytest.raises(ValueError, match="band_share"):
        StretchHoldMachine("angle", COUNTER, HOLD, band_share=0.9)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(
    jitter=st.floats(0.0, 4.0),
    period_s=st.floats(0.3, 3.0),
    hold_s=st.floats(3.0, 30.0),
)
def test_property_sway_inside_the_band_never_splits_a_hold(
    jitter: float, period_s: float, hold_s: float
) -> None:
    # Breathing in a stretch sways the angle by a few degrees: one rep, one hold.
    m = StretchHoldMachine("angle", COUNTER, HOLD)
    events: list[Event] = []
    t = 0
    for value in [90.0] * 60:
        events += m.update({"angle": value}, t)
        t += 33
    for i in range(45):  # 1.5 s down
        events += m.update({"angle": 90 - 60 * (0.5 - 0.5 * math.cos(math.pi * i / 44))}, t)
        t += 33
    start = t
    while t - start < hold_s * 1000:
        sway = jitter * math.sin(2 * math.pi * (t - start) / (period_s * 1000))
        events += m.update({"angle": 30.0 + sway}, t)
        t += 33
    for i in range(45):
        events += m.update({"angle": 30 + 60 * (0.5 - 0.5 * math.cos(math.pi * i / 44))}, t)
        t += 33
    for _ in range(60):
        events += m.update({"angle": 90.0}, t)
        t += 33
    events += m.finish(t)
    assert reps(events) == 1
    assert len(holds(events)) == 1
