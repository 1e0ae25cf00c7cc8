"""Single-leg stance, eyes open: stand on one leg as long as possible, up to three trials
a leg; the best trial counts. A trial is timed from the foot leaving the floor to its
first touchdown (or the patient leaving the picture).

The foot lift is the exercise's own measure (exercises.single_leg_stance, read only): the
height of one ankle above the other as a share of leg length, lifted from 12% and back
down below 6%."""

from __future__ import annotations

from posecount.clinical.events import TrialEnded
from posecount.clinical.result import FrameClock, TestResult
from posecount.exercises.single_leg_stance import EXERCISE as SLS
from posecount.types import Event, PoseFrame

NAME = "single-leg-stance"
TITLE = "Single-leg stance (eyes open)"
END_POINTS = (
    "each trial from the foot leaving the floor to its first touchdown; best of up to 3 a leg"
)
TRIALS_PER_LEG = 3
_LIFT_ON = 0.12
_LIFT_OFF = 0.06
# A lift shorter than this is a step or a weight shift, not an attempt at the test (the
# exercise's own hold timer draws the line at the same place; both-feet-down footage
# shows ankle jitter crossing the lift threshold for up to a third of a second).
_MIN_TRIAL_MS = 1_000
# Out of view longer than this ends a trial: its end was not seen.
_MAX_GAP_MS = 1_000
_STANCE = {"left_foot_lift": "right", "right_foot_lift": "left"}


class _Trial:
    def __init__(self, start_ms: int, from_edge: bool) -> None:
        self.start_ms = start_ms
        self.from_edge = from_edge
        self.last_seen_ms = start_ms


class SingleLegStanceTest:
    name = NAME
    title = TITLE

    def __init__(self) -> None:
        self.clock = FrameClock()
        self.events: list[Event] = []
        self._open: dict[str, _Trial | None] = {"left": None, "right": None}
        self._seen: dict[str, bool] = {"left": False, "right": False}
        self._dt: dict[tuple[str, int], int | None] = {}
        self._last_t: int | None = None

    def update(self, frame: PoseFrame) -> None:
        self.clock.tick(frame.t_ms)
        self._last_t = frame.t_ms
        t = frame.t_ms
        features = SLS.extract(frame)
        for key, side in _STANCE.items():
            lift = features.get(key)
            trial = self._open[side]
            if lift is None:
                if trial is not None and t - trial.last_seen_ms > _MAX_GAP_MS:
                    self._close(side, trial.last_seen_ms, by_edge=True)
                continue
            first_look = not self._seen[side]
            self._seen[side] = True
            if trial is None and lift >= _LIFT_ON:
                self._open[side] = _Trial(t, from_edge=first_look)
                self._dt[(side, t)] = self.clock.interval_before_ms(t)
            elif trial is not None and lift < _LIFT_OFF:
                self._dt[(side, t)] = self.clock.interval_before_ms(t)
                self._close(side, t, by_edge=False)
            elif trial is not None:
                trial.last_seen_ms = t

    def _close(self, side: str, end_ms: int, by_edge: bool) -> None:
        trial = self._open[side]
        self._open[side] = None
        if trial is None or end_ms - trial.start_ms < _MIN_TRIAL_MS:
            return
        self.events.append(
            TrialEnded(
                t_ms=end_ms,
                side=side,
                start_ms=trial.start_ms,
                hold_s=round((end_ms - trial.start_ms) / 1000, 2),
                closed_by_edge=by_edge or trial.from_edge,
            )
        )

    def complete(self) -> bool:
        """Three trials done on each leg and none under way."""
        done = {"left": 0, "right": 0}
        for e in self.events:
            if isinstance(e, TrialEnded):
                done[e.side] += 1
        return all(n >= TRIALS_PER_LEG for n in done.values()) and not any(self._open.values())

    def finish(self) -> TestResult:
        if self._last_t is not None:
            for side, trial in self._open.items():
                if trial is not None:
                    self._close(side, self._last_t, by_edge=True)
        self.events.sort(key=lambda e: e.t_ms)
        r = TestResult(NAME, TITLE, "s", END_POINTS, events=self.events)
        r.timed_fps = self.clock.fps()
        trials = [e for e in self.events if isinstance(e, TrialEnded)]
        if not trials:
            r.reason = (
                "no foot was off the floor for 1 s or more (shorter lifts are steps or weight "
                "shifts); stand facing the camera with both feet in view"
            )
            return r
        legs: dict[str, dict[str, object]] = {}
        best_overall: TrialEnded | None = None
        dts: list[int] = []
        for side in ("left", "right"):
            mine = [e for e in trials if e.side == side]
            if len(mine) > TRIALS_PER_LEG:
                r.notes.append(
                    f"{len(mine)} trials on the {side} leg: the first {TRIALS_PER_LEG} are scored"
                )
                mine = mine[:TRIALS_PER_LEG]
            if not mine:
                continue
            best = max(mine, key=lambda e: e.hold_s)
            legs[side] = {
                "trials_s": [e.hold_s for e in mine],
                "best_s": best.hold_s,
                "at_least": best.closed_by_edge,
            }
            for key in ((side, best.start_ms), (side, best.t_ms)):
                d = self._dt.get(key)
                if d is not None:
                    dts.append(d)
            if best_overall is None or best.hold_s > best_overall.hold_s:
                best_overall = best
        assert best_overall is not None
        r.valid = True
        r.details["legs"] = legs
        r.value = best_overall.hold_s
        r.at_least = best_overall.closed_by_edge
        r.start_ms, r.end_ms = best_overall.start_ms, best_overall.t_ms
        r.details["best_leg"] = best_overall.side
        median = self.clock.median_interval_ms()
        r.uncertainty_s = round(max(dts or ([median] if median else [0])) / 1000, 3)
        if any(e.closed_by_edge for e in trials):
            r.notes.append(
                "a trial was already under way when the recording started or still under way "
                "when it ended: its time is a lower bound"
            )
        return r
