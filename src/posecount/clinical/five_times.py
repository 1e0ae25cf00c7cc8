"""Five-times sit-to-stand: from sitting, arms crossed, stand up fully and sit down five
times as fast as possible. Timed here from the first movement of the first rise to the
fifth full stand, the end point of the SPPB chair-stand test (Guralnik et al. 1994);
protocols that stop the watch when seated after the fifth stand read a little longer, so
that time is given too when it was seen."""

from __future__ import annotations

from posecount.clinical.arms import AWAY_FROM_CHEST_TORSOS, ArmsCheck, hands_away_reason
from posecount.clinical.chair import DEFAULT_SPEC, ChairSpec, ChairTracker
from posecount.clinical.events import (
    HandsAwayFromChest,
    RiseStarted,
    SeatReached,
    StandReached,
    TrackingGap,
)
from posecount.clinical.features import chair_features
from posecount.clinical.result import FrameClock, TestResult
from posecount.types import Event, PoseFrame

NAME = "five-times-sit-to-stand"
TITLE = "Five-times sit-to-stand"
END_POINTS = "from the first movement of the first rise to the fifth full stand"
STANDS = 5


class FiveTimesSitToStand:
    name = NAME
    title = TITLE

    def __init__(self, spec: ChairSpec = DEFAULT_SPEC) -> None:
        self.tracker = ChairTracker(spec)
        self.clock = FrameClock()
        self.arms = ArmsCheck()
        self.events: list[Event] = []
        self._pending_rise: RiseStarted | None = None
        self._hands_away: list[tuple[int, float]] = []  # (stand index, reach in torsos)
        self._start: RiseStarted | None = None
        self._fifth: StandReached | None = None
        self._dt: dict[str, int | None] = {}
        self._last_t: int | None = None

    def update(self, frame: PoseFrame) -> None:
        self.clock.tick(frame.t_ms)
        self.arms.update(frame)
        self._last_t = frame.t_ms
        self._take(self.tracker.update(chair_features(frame), frame.t_ms))

    def _take(self, events: list[Event]) -> None:
        for e in events:
            self.events.append(e)
            if isinstance(e, RiseStarted):
                self._pending_rise = e
            elif isinstance(e, StandReached) and self._pending_rise is not None:
                reach = self.arms.reach_during(self._pending_rise.t_ms, e.t_ms)
                if reach is not None and reach > AWAY_FROM_CHEST_TORSOS:
                    self._hands_away.append((e.index, reach))
                    self.events.append(
                        HandsAwayFromChest(t_ms=e.t_ms, index=e.index, reach_torsos=round(reach, 2))
                    )
                self._pending_rise = None
            if isinstance(e, RiseStarted) and self._start is None:
                self._start = e
                self._dt["start"] = self.clock.interval_before_ms(e.t_ms)
            elif isinstance(e, StandReached) and e.index == STANDS:
                self._fifth = e
                self._dt["end"] = self.clock.interval_before_ms(e.t_ms)

    def finish(self) -> TestResult:
        if self._last_t is not None:
            self._take(self.tracker.finish(self._last_t))
        r = TestResult(NAME, TITLE, "s", END_POINTS, events=self.events)
        r.timed_fps = self.clock.fps()
        stands = [e for e in self.events if isinstance(e, StandReached)]
        r.details["stands_seen"] = len(stands)
        if self.tracker.opened_seated is False:
            r.reason = (
                "the patient was not seated when the recording started (already rising or "
                "standing); start the recording with the patient seated and still"
            )
            return r
        if self._start is None:
            r.reason = "no rise from a chair was seen; the test starts seated, in view"
            return r
        if not self._start.from_rest or not self.tracker.opened_seated:
            r.reason = (
                "the patient was not seated and still when the recording started; start "
                "the recording with the patient seated and still"
            )
            return r
        if self._fifth is None:
            r.reason = (
                f"only {len(stands)} full stand{'s' if len(stands) != 1 else ''} seen; "
                f"the test needs {STANDS}"
            )
            return r
        gaps = [
            e
            for e in self.events
            if isinstance(e, TrackingGap)
            and e.until_ms > self._start.t_ms
            and e.t_ms < self._fifth.t_ms
        ]
        if gaps:
            g = gaps[0]
            r.reason = (
                f"the patient was out of view {g.t_ms / 1000:.1f}-{g.until_ms / 1000:.1f} s "
                "during the test; keep the chair and the whole body in the picture"
            )
            return r
        away = [(i, reach) for i, reach in self._hands_away if i <= STANDS]
        if away:
            r.reason = hands_away_reason(away)
            return r
        r.valid = True
        r.start_ms, r.end_ms = self._start.t_ms, self._fifth.t_ms
        r.value = round((r.end_ms - r.start_ms) / 1000, 2)
        dts = [d for d in self._dt.values() if d is not None]
        r.uncertainty_s = round(max(dts) / 1000, 3) if dts else None
        seat = next(
            (e for e in self.events if isinstance(e, SeatReached) and e.t_ms > self._fifth.t_ms),
            None,
        )
        if seat is not None:
            r.details["to_seated_after_fifth_s"] = round((seat.t_ms - r.start_ms) / 1000, 2)
        return r
