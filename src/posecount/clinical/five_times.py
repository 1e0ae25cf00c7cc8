"""Five-times sit-to-stand: from sitting, arms crossed, stand up fully and sit down five
times as fast as possible. Timed here from the first movement of the first rise to the
fifth full stand, the end point of the SPPB chair-stand test (Guralnik et al. 1994);
protocols that stop the watch when seated after the fifth stand read a little longer, so
that time is given too when it was seen."""

from __future__ import annotations

from posecount.clinical.chair import DEFAULT_SPEC, ChairSpec
from posecount.clinical.chair_test import ChairTest
from posecount.clinical.events import SeatReached, StandReached
from posecount.clinical.result import TestResult
from posecount.types import Event

NAME = "five-times-sit-to-stand"
TITLE = "Five-times sit-to-stand"
END_POINTS = "from the first movement of the first rise to the fifth full stand"
STANDS = 5
# After the fifth stand, wait this long for the sit that gives the second end point.
_WAIT_FOR_SEAT_MS = 5_000


class FiveTimesSitToStand(ChairTest):
    name = NAME
    title = TITLE
    end_points = END_POINTS
    unit = "s"

    def __init__(self, spec: ChairSpec = DEFAULT_SPEC) -> None:
        super().__init__(spec)
        self._fifth: StandReached | None = None

    def _on_event(self, e: Event) -> None:
        if isinstance(e, StandReached) and e.index == STANDS:
            self._fifth = e
            self._dt["end"] = self.clock.interval_before_ms(e.t_ms)

    def complete(self) -> bool:
        if self._fifth is None or self._last_t is None:
            return False
        return self._seated_again() or self._last_t - self._fifth.t_ms >= _WAIT_FOR_SEAT_MS

    def finish(self) -> TestResult:
        r = self._result()
        stands = [e for e in self.events if isinstance(e, StandReached)]
        r.details["stands_seen"] = len(stands)
        r.reason = self._opening_reason()
        if r.reason is not None:
            return r
        assert self._start is not None
        if self._fifth is None:
            r.reason = (
                f"only {len(stands)} full stand{'s' if len(stands) != 1 else ''} seen; "
                f"the test needs {STANDS}"
            )
            return r
        r.reason = self._gap_reason(self._fifth.t_ms) or self._arms_reason(STANDS)
        if r.reason is not None:
            return r
        r.valid = True
        r.start_ms, r.end_ms = self._start.t_ms, self._fifth.t_ms
        r.value = round((r.end_ms - r.start_ms) / 1000, 2)
        r.uncertainty_s = self._timed_uncertainty_s()
        seat = next(
            (e for e in self.events if isinstance(e, SeatReached) and e.t_ms > self._fifth.t_ms),
            None,
        )
        if seat is not None:
            r.details["to_seated_after_fifth_s"] = round((seat.t_ms - r.start_ms) / 1000, 2)
        return r
