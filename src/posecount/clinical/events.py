"""What the clinical test machines decide, as events: every time in a result is one of
these, so a report can show where each end point was put and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from posecount.types import Event


@dataclass(frozen=True, slots=True)
class RiseStarted(Event):
    """The first sign of a rise from the chair (the trunk leaving its seated rest).
    from_rest is False when no still seated stretch was seen before it (the recording
    opened with the patient already moving)."""

    type: ClassVar[str] = "rise_started"
    from_rest: bool = True


@dataclass(frozen=True, slots=True)
class StandReached(Event):
    """A full stand: the hip reached standing height. index counts from 1."""

    type: ClassVar[str] = "stand_reached"
    index: int = 0


@dataclass(frozen=True, slots=True)
class SeatReached(Event):
    """Seated again: the hips came down onto the seat. The person stayed seated until
    until_ms (the next rise, or the end of the input)."""

    type: ClassVar[str] = "seat_reached"
    until_ms: int = 0


@dataclass(frozen=True, slots=True)
class TrackingGap(Event):
    """No usable pose from t_ms to until_ms."""

    type: ClassVar[str] = "tracking_gap"
    until_ms: int = 0


@dataclass(frozen=True, slots=True)
class TrialEnded(Event):
    """One single-leg stance trial: on `side` leg from start_ms to t_ms. closed_by_edge
    when the foot was already up when the input started, or still up when it ended (the
    real time is then at least hold_s)."""

    type: ClassVar[str] = "trial_ended"
    side: str = ""
    start_ms: int = 0
    hold_s: float = 0.0
    closed_by_edge: bool = False


@dataclass(frozen=True, slots=True)
class HandsAwayFromChest(Event):
    """During the rise to stand `index` the hands were not crossed on the chest: the
    farther wrist was reach_torsos torso lengths from the shoulders (median over the rise)."""

    type: ClassVar[str] = "hands_away_from_chest"
    index: int = 0
    reach_torsos: float = 0.0
