"""Timed up and go (Podsiadlo & Richardson 1991): rise from a chair, walk 3 m, turn, walk
back and sit down again. Timed here from the first movement of the rise (a recording has
no "go") to the hips coming down onto the seat again."""

from __future__ import annotations

from posecount.clinical.chair import DEFAULT_SPEC, ChairSpec
from posecount.clinical.chair_test import ChairTest
from posecount.clinical.events import SeatReached, StandReached, TrackingGap
from posecount.clinical.result import TestResult
from posecount.types import Event

NAME = "timed-up-and-go"
TITLE = "Timed up and go"
END_POINTS = (
    "from the first movement of the rise from the chair to the hips back on the seat after "
    "walking 3 m, turning and walking back"
)
# Seated for at least this long counts as the end of the test; a shorter drop below
# seated height is a stumble or a tracking flicker during the walk.
_SEATED_AT_END_MS = 500


class TimedUpAndGo(ChairTest):
    name = NAME
    title = TITLE
    end_points = END_POINTS
    unit = "s"
    arms_crossed = False

    def __init__(self, spec: ChairSpec = DEFAULT_SPEC) -> None:
        super().__init__(spec)
        self._end: SeatReached | None = None

    def _on_event(self, e: Event) -> None:
        if (
            isinstance(e, SeatReached)
            and self._start is not None
            and self._end is None
            and (e.until_ms - e.t_ms >= _SEATED_AT_END_MS or e.until_ms == self._last_t)
        ):
            self._end = e
            self._dt["end"] = self.clock.interval_before_ms(e.t_ms)

    def complete(self) -> bool:
        return self._start is not None and self._seated_again()

    def finish(self) -> TestResult:
        r = self._result()
        stands = [e for e in self.events if isinstance(e, StandReached)]
        r.reason = self._opening_reason(stood=bool(stands))
        if r.reason is not None:
            return r
        assert self._start is not None
        if self._end is None:
            r.reason = "the patient did not sit back down before the recording ended"
            return r
        r.valid = True
        r.start_ms, r.end_ms = self._start.t_ms, self._end.t_ms
        r.value = round((r.end_ms - r.start_ms) / 1000, 2)
        r.uncertainty_s = self._timed_uncertainty_s()
        r.details["first_stand_s"] = round(stands[0].t_ms / 1000, 3)
        gaps = [e for e in self.events if isinstance(e, TrackingGap)]
        if gaps:
            r.notes.append(
                "out of view "
                + ", ".join(f"{g.t_ms / 1000:.1f}-{g.until_ms / 1000:.1f} s" for g in gaps)
                + " (only the rise and the sit are timed, so the walk may leave the picture)"
            )
        return r
