"""What the chair tests (five-times sit-to-stand, 30-second chair stand, timed up and go)
share: frames go through one ChairTracker, the events are kept, the first rise is the
start, and a result is refused for the same reasons whatever is timed after that start.
Each protocol module says only what it times and what it counts."""

from __future__ import annotations

from posecount.clinical.arms import AWAY_FROM_CHEST_TORSOS, ArmsCheck, hands_away_reason
from posecount.clinical.chair import DEFAULT_SPEC, ChairSpec, ChairTracker
from posecount.clinical.events import HandsAwayFromChest, RiseStarted, StandReached, TrackingGap
from posecount.clinical.features import chair_features
from posecount.clinical.result import FrameClock, TestResult
from posecount.types import Event, PoseFrame

# Seated this long after the last stand, a chair test has seen its end: the seat's end
# point is placed from the first 0.7 s of the sit (ChairSpec.settle_ms) and the timed up
# and go wants the patient to stay seated 0.5 s; 1.5 s leaves room for both.
_SEATED_DONE_MS = 1_500


class ChairTest:
    """Feed frames with update(); a protocol reacts to each event in _on_event() and
    builds its result in finish() from _result(), _opening_reason() and the checks."""

    name: str
    title: str
    end_points: str
    unit: str
    # The chair-stand tests are done with the arms crossed over the chest (clinical.arms);
    # the TUG's protocol does not ask for that, so it does not look.
    arms_crossed: bool = True

    def __init__(self, spec: ChairSpec = DEFAULT_SPEC) -> None:
        self.tracker = ChairTracker(spec)
        self.clock = FrameClock()
        self.arms = ArmsCheck()
        self.events: list[Event] = []
        self._pending_rise: RiseStarted | None = None
        self._hands_away: list[tuple[int, float]] = []  # (stand index, reach in torsos)
        self._start: RiseStarted | None = None
        # The interval before the frame each end point was placed at, taken when it is
        # placed: the clock keeps only recent intervals.
        self._dt: dict[str, int | None] = {}
        self._last_t: int | None = None

    def update(self, frame: PoseFrame) -> None:
        self.clock.tick(frame.t_ms)
        if self.arms_crossed:
            self.arms.update(frame)
        self._last_t = frame.t_ms
        self._take(self.tracker.update(chair_features(frame), frame.t_ms))

    def _seated_again(self) -> bool:
        """Back on the seat after a stand long enough that the sit's end point is placed
        (settle_ms) and has lasted as long as any protocol asks."""
        if self._last_t is None:
            return False
        seated = self.tracker.seated_after_stand_ms(self._last_t)
        return seated is not None and seated >= _SEATED_DONE_MS

    def _on_event(self, e: Event) -> None:
        """A protocol's own reaction to each event, after the shared bookkeeping."""

    def _take(self, events: list[Event]) -> None:
        for e in events:
            self.events.append(e)
            if self.arms_crossed:
                self._check_arms(e)
            if isinstance(e, RiseStarted) and self._start is None:
                self._start = e
                self._dt["start"] = self.clock.interval_before_ms(e.t_ms)
            self._on_event(e)

    def _check_arms(self, e: Event) -> None:
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

    # ------------------------------------------------------------ for finish()

    def _result(self) -> TestResult:
        """Close the input and open a result, not yet valid."""
        if self._last_t is not None:
            self._take(self.tracker.finish(self._last_t))
        r = TestResult(self.name, self.title, self.unit, self.end_points, events=self.events)
        r.timed_fps = self.clock.fps()
        return r

    def _opening_reason(self, stood: bool = True) -> str | None:
        """Why the test was not seen from a still seated start, or None. stood False
        counts as no rise seen."""
        if self.tracker.opened_seated is False:
            return (
                "the patient was not seated when the recording started (already rising or "
                "standing); start the recording with the patient seated and still"
            )
        if self._start is None or not stood:
            return "no rise from a chair was seen; the test starts seated, in view"
        if not self._start.from_rest or not self.tracker.opened_seated:
            return (
                "the patient was not seated and still when the recording started; start "
                "the recording with the patient seated and still"
            )
        return None

    def _gap_reason(self, end_ms: int) -> str | None:
        """Why the test is not valid when the patient was out of view between the start
        and end_ms, or None."""
        assert self._start is not None
        start_ms = self._start.t_ms
        gaps = [
            e
            for e in self.events
            if isinstance(e, TrackingGap) and e.until_ms > start_ms and e.t_ms < end_ms
        ]
        if not gaps:
            return None
        g = gaps[0]
        return (
            f"the patient was out of view {g.t_ms / 1000:.1f}-{g.until_ms / 1000:.1f} s "
            "during the test; keep the chair and the whole body in the picture"
        )

    def _arms_reason(self, last_stand: int) -> str | None:
        """Why the test is not valid when the hands left the chest in any of the stands up
        to last_stand, or None."""
        away = [(i, reach) for i, reach in self._hands_away if i <= last_stand]
        return hands_away_reason(away) if away else None

    def _timed_uncertainty_s(self) -> float | None:
        """A duration between two end points is off by less than the larger interval."""
        dts = [d for d in self._dt.values() if d is not None]
        return round(max(dts) / 1000, 3) if dts else None
