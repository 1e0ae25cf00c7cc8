"""A rep counter whose far end is a held stretch (knee hugs, back extension, bottom to
heels): the patient moves into the position, eases further in as the stretch relaxes,
holds for several breaths (up to 30 s and more), then comes back.

`exercises.base.RepMachine` ends a hold once the signal leaves a 6-degree band around
where the hold began, which suits a bridge top (a sag of 6 degrees is a visible drop). In
a stretch, easing deeper is the point of the hold, not its end ("relax your low back with
every breath out", leaflet 004): here the hold lasts while the signal stays near the
deepest point of this rep, within `band_share` of the rep's range, and only a move back
towards rest ends it.
"""

from __future__ import annotations

from collections import deque

from posecount.counting import HoldTimer, HoldTimerSpec, RepCounter, RepCounterSpec
from posecount.exercises.base import (
    HOLD_BAND_DEG,
    STILL_DEG_PER_S,
    STILL_MIN_DEG_PER_S,
    Features,
    SmoothingSpec,
    Status,
    recent_speed,
)
from posecount.types import Event

# The holds of a stretch: still for 0.3 s starts one, and a half-second wobble (of the arms
# propping the trunk, of the hands round a knee) does not end it; a second or more counts.
STRETCH_HOLD = HoldTimerSpec(min_start_ms=300, min_end_ms=500, min_hold_ms=1000)


class StretchHoldMachine:
    """One smoothed signal -> reps (RepCounter) and holds at the far end (HoldTimer).

    A hold starts when, in a rep, the signal is still (slow for this rep, as in RepMachine)
    within the hold band of the rep's furthest point so far; it lasts while the signal stays
    within that band of the furthest point (which may move further as the patient eases
    in). The band is `band_share` of the rep's range, never less than HOLD_BAND_DEG.
    """

    def __init__(
        self,
        signal: str,
        counter: RepCounterSpec,
        hold: HoldTimerSpec,
        *,
        band_share: float = 0.25,
        smoothing: SmoothingSpec | None = None,
        side: str | None = None,
    ) -> None:
        if not 0.05 <= band_share <= 0.5:
            raise ValueError(f"band_share must be in [0.05, 0.5], got {band_share}")
        self.signal = signal
        self.counter = RepCounter(counter, side=side)
        self.hold = HoldTimer(hold, side=side)
        self.filter = (smoothing or SmoothingSpec()).make()
        self.band_share = band_share
        self._peak = 0.0
        self._peak_speed = 0.0
        self._held = False
        self._last: float | None = None
        self._recent: deque[tuple[int, float]] = deque()

    def update(self, features: Features | None, t_ms: int) -> list[Event]:
        raw = None if features is None else features.get(self.signal)
        value = self.filter.update(raw, t_ms)
        self._last = value
        events = self.counter.update(value, t_ms)
        events += self.hold.update(self._holding(value, t_ms), t_ms)
        return sorted(events, key=lambda e: e.t_ms)

    def finish(self, t_ms: int) -> list[Event]:
        events = self.counter.finish(t_ms) + self.hold.finish(t_ms)
        return sorted(events, key=lambda e: e.t_ms)

    def status(self) -> Status:
        return Status(
            phase=self.counter.phase,
            signal=self._last,
            excursion=self.counter.excursion,
            hold_s=self.hold.current_hold_s,
            side=self.counter.side,
        )

    def band(self) -> float:
        """The hold band for the current rep, in the signal's unit."""
        return max(HOLD_BAND_DEG, self.band_share * self._peak)

    def _holding(self, value: float | None, t_ms: int) -> bool | None:
        if value is None:
            self._recent.clear()
            return None  # not seen: the hold timer pauses through short gaps
        speed = recent_speed(self._recent, value, t_ms)
        e = self.counter.excursion
        if self.counter.phase != "moving" or e is None:
            self._peak = self._peak_speed = 0.0
            self._held = False
            return False
        self._peak = max(self._peak, e)
        near_far_end = e >= self._peak - self.band()
        if self._held:
            self._held = near_far_end
            return self._held
        if speed is not None:
            self._peak_speed = max(self._peak_speed, speed)
        # Still is slow for this rep: a quarter of its fastest movement so far, within the
        # same limits as RepMachine (never above STILL_DEG_PER_S, never below jitter).
        limit = min(STILL_DEG_PER_S, max(STILL_MIN_DEG_PER_S, 0.25 * self._peak_speed))
        self._held = near_far_end and speed is not None and speed <= limit
        return self._held


__all__ = ["STRETCH_HOLD", "StretchHoldMachine"]
