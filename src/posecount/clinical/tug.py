"""Timed up and go (Podsiadlo & Richardson 1991): rise from a chair, walk 3 m, turn, walk
back and sit down again. Timed here from the first movement of the rise (a recording has
no "go") to the hips coming down onto the seat again."""

from __future__ import annotations

from posecount.clinical.chair import DEFAULT_SPEC, ChairSpec, ChairTracker
from posecount.clinical.events import RiseStarted, SeatReached, StandReached, TrackingGap
from posecount.clinical.features import chair_features
from posecount.clinical.result import FrameClock, TestResult
from posecount.types import Event, PoseFrame

NAME = "timed-up-and-go"
TITLE = "Timed up and go"
END_POINTS = (
    "from the first movement of the rise from the chair to the hips back on the seat after "
    "walking 3 m, turning and walking back"
)
# Seated for at least this long counts as the end of the test; a shorter drop below
# seated height is a stumble or a tracking flicker during the walk.
_SEATED_AT_END_MS = 500


class TimedUpAndGo:
    name = NAME
    title = TITLE

    def __init__(self, spec: ChairSpec = DEFAULT_SPEC) -> None:
        self.tracker = ChairTracker(spec)
        self.clock = FrameClock()
        self.events: list[Event] = []
        self._start: RiseStarted | None = None
        self._end: SeatReached | None = None
        self._dt: dict[str, int | None] = {}
        self._last_t: int | None = None

    def update(self, frame: PoseFrame) -> None:
        self.clock.tick(frame.t_ms)
        self._last_t = frame.t_ms
        self._take(self.tracker.update(chair_features(frame), frame.t_ms))

    def _take(self, events: list[Event]) -> None:
        for e in events:
            self.events.append(e)
            if isinstance(e, RiseStarted) and self._start is None:
                self._start = e
                self._dt["start"] = self.clock.interval_before_ms(e.t_ms)
            elif (
                isinstance(e, SeatReached)
                and self._start is not None
                and self._end is None
                and (e.until_ms - e.t_ms >= _SEATED_AT_END_MS or e.until_ms == self._last_t)
            ):
                self._end = e
                self._dt["end"] = self.clock.interval_before_ms(e.t_ms)

    def finish(self) -> TestResult:
        if self._last_t is not None:
            self._take(self.tracker.finish(self._last_t))
        r = TestResult(NAME, TITLE, "s", END_POINTS, events=self.events)
        r.timed_fps = self.clock.fps()
        stands = [e for e in self.events if isinstance(e, StandReached)]
        if self.tracker.opened_seated is False:
            r.reason = (
                "the patient was not seated when the recording started (already rising or "
                "standing); start the recording with the patient seated and still"
            )
            return r
        if self._start is None or not stands:
            r.reason = "no rise from a chair was seen; the test starts seated, in view"
            return r
        if not self._start.from_rest or not self.tracker.opened_seated:
            r.reason = (
                "the patient was not seated and still when the recording started; start "
                "the recording with the patient seated and still"
            )
            return r
        if self._end is None:
            r.reason = "the patient did not sit back down before the recording ended"
            return r
        r.valid = True
        r.start_ms, r.end_ms = self._start.t_ms, self._end.t_ms
        r.value = round((r.end_ms - r.start_ms) / 1000, 2)
        dts = [d for d in self._dt.values() if d is not None]
        r.uncertainty_s = round(max(dts) / 1000, 3) if dts else None
        r.details["first_stand_s"] = round(stands[0].t_ms / 1000, 3)
        gaps = [e for e in self.events if isinstance(e, TrackingGap)]
        if gaps:
            r.notes.append(
                "out of view "
                + ", ".join(f"{g.t_ms / 1000:.1f}-{g.until_ms / 1000:.1f} s" for g in gaps)
                + " (only the rise and the sit are timed, so the walk may leave the picture)"
            )
        return r
