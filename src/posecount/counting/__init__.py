"""Counting state machines: a rep counter with hysteresis and a hold timer, both pure
(`update(value, t_ms) -> list[Event]`, no clock, no cv2, no mediapipe), plus per-side
wiring and a fold of rep events into counts."""

from posecount.counting.hold_timer import HoldState, HoldTimer, HoldTimerSpec
from posecount.counting.rep_counter import Phase, RepCounter, RepCounterSpec, TargetKind
from posecount.counting.sides import PerSide, SignalMachine, count_reps

__all__ = [
    "HoldState",
    "HoldTimer",
    "HoldTimerSpec",
    "PerSide",
    "Phase",
    "RepCounter",
    "RepCounterSpec",
    "SignalMachine",
    "TargetKind",
    "count_reps",
]
