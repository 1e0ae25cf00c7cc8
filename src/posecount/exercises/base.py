"""What an exercise is: a declarative spec, a feature extractor (PoseFrame -> named
features, None when not visible) and a pure machine (features, t_ms -> events).

The generic machines here are shared by the exercise modules; each module only says which
signal to watch, which way the movement goes and which thresholds suit it (with reasons).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from posecount.counting import HoldTimer, HoldTimerSpec, RepCounter, RepCounterSpec
from posecount.features.geometry import joint_angle_world_deg
from posecount.features.posture import Posture, classify_posture, near_side, upright_only
from posecount.features.smoothing import OneEuroFilter
from posecount.features.view import View
from posecount.pose.landmarks import LandmarkId
from posecount.prescription.model import Prescription
from posecount.types import Event, HoldEnded, HoldStarted, PoseFrame, RepCompleted

Features = Mapping[str, float | None]

# A flag feature the analysis sets (1.0) when the signal is a view's stand-in measured
# from world landmarks (ExerciseSpec.views). Their depth is MediaPipe's guess: a person
# standing still facing the camera reads a knee's world angle drifting by 15-25 degrees
# while the picture shows it straight (the shared two-feet clip: 157 -> 138 at lite/10,
# one knee 151 -> 125 -> 148 within half a second at full/30). Smoothing follows such a
# drift, so the jitter measure does not see it, and a band lowered for a steady track
# counted it as a shallow squat. A stand-in keeps the full enter_delta.
STAND_IN = "signal_is_stand_in"


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    id: str
    title: str
    how: str  # one line for the patient, in our own words
    camera: str  # where to put the camera
    postures: frozenset[Posture]  # positions the exercise is done in
    range_label: str  # what range_achieved measures
    range_unit: str = "deg"
    sides: tuple[str, ...] = ()
    holds: bool = False  # the exercise is a hold (timed), not reps
    lower_is_further: bool = False  # the range measure falls as the movement deepens
    rep_min_hold_s: float = 1.0  # for hold exercises: a hold this long counts as a rep
    target_kind: str = "level"  # range_target is a level of the signal, or an "excursion"
    # The feature the machine counts on, and for each camera view the exercise can be judged
    # from, the feature that measures it there (a picture angle side-on, where it is exact;
    # a world-landmark angle in the views that foreshorten the picture). Empty: every view,
    # the machine's own feature as it is.
    signal: str = ""
    views: Mapping[View, str] = field(default_factory=dict)
    # Fewest analysed frames a second that still count right. Measured on the shared
    # clips' tracks thinned to 5, 3.3, 2.5, 2 and 1 fps (README "Analysis rate"): at 5
    # every count, short flag and hold matches 10 fps; below it holds of 1-2 s vanish
    # (the stillness test needs several frames), squats are flagged short (the bottom of
    # a 1.5 s rep falls between frames), and at 1 fps bridges are not counted at all.
    min_analysis_fps: float = 5.0
    # Where a set starts, when narrower than `postures`: a squat starts standing (its
    # bottom reads as sitting). With someone else in the picture, the patient at the start
    # is the person in this position (in_start_position). None: `postures`.
    start_postures: frozenset[Posture] | None = None
    # The signal at rest below this is no start position of the exercise (the reason is in
    # its module): no rep is measured from such a rest, and a zero count says so. None:
    # any rest.
    rest_min: float | None = None
    rest_min_means: str = ""  # what a rest below rest_min shows, for the zero reason
    # A feature that must be true (> 0.5) at rest for a rep to start from there (a stand
    # starts seated, a wall press-up with the palms on the wall). None: any rest.
    start_from: str | None = None
    # What a frame without it shows, for the zero reason when it was missing on most
    # frames measured; empty: no such reason (a sit-to-stand set is mostly standing).
    start_from_means: str = ""

    def in_start_position(self, frame: PoseFrame) -> bool:
        """Whether a person is in the exercise's start position as filmed (a bridge lying
        face up, a squat standing): how the patient is told from others in the room."""
        start = self.start_postures or self.postures
        return classify_posture(frame, upright_only=upright_only(self.postures)) in start


@dataclass(slots=True)
class Status:
    """A snapshot for overlays and live cues; never used for counting."""

    phase: str = "rest"
    signal: float | None = None
    excursion: float | None = None
    hold_s: float | None = None
    side: str | None = None
    extra: dict[str, float | None] = field(default_factory=dict)


class Machine(Protocol):
    def update(self, features: Features, t_ms: int) -> list[Event]: ...

    def finish(self, t_ms: int) -> list[Event]: ...

    def status(self) -> Status: ...


class Exercise(Protocol):
    spec: ExerciseSpec

    def extract(self, frame: PoseFrame) -> Features: ...

    def machine(self, prescription: Prescription) -> Machine: ...


@dataclass(frozen=True, slots=True)
class SmoothingSpec:
    """One Euro filter settings for an angle in degrees. Rehab movements run at 0.2-1 Hz;
    a 1.5 Hz cutoff at rest removes MediaPipe's frame-to-frame jitter (2-4 deg) while a
    speed term (beta) keeps a brisk movement from lagging by more than a frame or two."""

    min_cutoff_hz: float = 1.5
    beta: float = 0.02
    d_cutoff_hz: float = 1.0

    def make(self) -> OneEuroFilter:
        return OneEuroFilter(self.min_cutoff_hz, self.beta, self.d_cutoff_hz)


# Holding still at the top: the smoothed angle changes by less than this. A controlled
# lift or lowering (1-2 s for 30-50 degrees) runs at 25-50 deg/s; a held position drifts
# by under 10 deg/s, even filmed handheld. 20 sits between the two.
STILL_DEG_PER_S = 20.0
# Once held, the position is kept while the angle stays within this of where the hold
# began: about 3-4 cm of hip height in a bridge, a visible sag. Leaving the band ends the
# hold (after the hold timer's debounce), so a slow lowering ends it as it starts.
HOLD_BAND_DEG = 6.0
# Smoothed angles of a body held still wobble by up to this (more when filmed handheld).
STILL_MIN_DEG_PER_S = 8.0
# Jitter is the spread of what smoothing removed over this long: a few seconds of a track,
# long enough for a robust estimate at 10 frames a second, short enough to follow a change
# of light or of distance.
_NOISE_SPAN_MS = 3000
_NOISE_MIN_SAMPLES = 10
# Speed is measured over this span: a single frame's jitter divided by 33 ms would look
# like movement, over a quarter second it does not.
_SPEED_SPAN_MS = 250


def recent_speed(recent: deque[tuple[int, float]], value: float, t_ms: int) -> float | None:
    """Adds (t_ms, value) to recent and gives the signal's speed over the last
    _SPEED_SPAN_MS, in its unit a second; None until half that span has been seen."""
    recent.append((t_ms, value))
    while recent[0][0] < t_ms - _SPEED_SPAN_MS:
        recent.popleft()
    t0, v0 = recent[0]
    return None if t_ms - t0 < _SPEED_SPAN_MS / 2 else abs(value - v0) * 1000 / (t_ms - t0)


class RepMachine:
    """A rep counter on one smoothed signal, with an optional hold timer for the far end of
    each rep (the top of a bridge): a hold starts when, in a rep, the signal is held still
    at least `top_share` of the way to this rep's peak, and lasts while the signal stays
    within HOLD_BAND_DEG of the level it started at."""

    def __init__(
        self,
        signal: str,
        counter: RepCounterSpec,
        *,
        smoothing: SmoothingSpec = SmoothingSpec(),
        top_hold: HoldTimerSpec | None = None,
        top_share: float = 0.5,
        side: str | None = None,
        start_from: str | None = None,
        must_reach: str | None = None,
        rest_min: float | None = None,
    ) -> None:
        """`start_from`: a feature that must be true (> 0.5) at rest for a rep to start from
        there (see RepCounter.allow_start); None, every rest may. `rest_min`: the signal
        must be at least this at rest for a rep to start (ExerciseSpec.rest_min).
        `must_reach`: a feature that must be true on some frame of a rep for it to count (a
        stand must reach standing); None, no such check."""
        if not 0.3 <= top_share < 1.0:
            raise ValueError(f"top_share must be in [0.3, 1.0), got {top_share}")
        self.signal = signal
        self.counter = RepCounter(counter, side=side)
        self.filter = smoothing.make()
        self.hold = HoldTimer(top_hold, side=side) if top_hold is not None else None
        self.top_share = top_share
        self.start_from = start_from
        self.rest_min = rest_min
        self.must_reach = must_reach
        self._reached = False
        self._peak = 0.0
        self._hold_level: float | None = None
        self._peak_speed = 0.0
        self._last: float | None = None
        self._recent: deque[tuple[int, float]] = deque()
        self._residuals: deque[tuple[int, float]] = deque()
        self._opening: list[tuple[int, float]] | None = []  # values while watching the start edge

    def update(self, features: Features | None, t_ms: int) -> list[Event]:
        """None (no features at all) is the same as the signal missing."""
        raw = None if features is None else features.get(self.signal)
        value = self.filter.update(raw, t_ms)
        self._last = value
        noise = self._noise(raw, value, t_ms)
        stand_in = features is not None and (features.get(STAND_IN) or 0.0) > 0.5
        self.counter.observe_noise(None if stand_in else noise)
        self.counter.allow_start(self._may_start(features, value))
        events = self.counter.update(value, t_ms)
        if self.must_reach is not None:
            events = self._only_reached(features, events)
        if self.hold is not None:
            events += self.hold.update(self._at_top(value, t_ms), t_ms)
            events += self._opening_hold(value, t_ms, events)
        return sorted(events, key=lambda e: e.t_ms)

    def _may_start(self, features: Features | None, value: float | None) -> bool:
        """Whether the rest seen now may lead to a rep (start_from, rest_min)."""
        if self.start_from is not None:
            flag = None if features is None else features.get(self.start_from)
            if flag is None or flag <= 0.5:
                return False
        return self.rest_min is None or (value is not None and value >= self.rest_min)

    def _only_reached(self, features: Features | None, events: list[Event]) -> list[Event]:
        """Drops reps during which `must_reach` was never true: noise in a seated
        person's angles (a lean forward read through a jittery oblique view) can rise
        and fall like a short stand, but the person never stood."""
        assert self.must_reach is not None
        in_rep = self.counter.phase == "moving" or self.counter.watching_start_edge
        flag = None if features is None else features.get(self.must_reach)
        if (in_rep or events) and flag is not None and flag > 0.5:
            self._reached = True
        kept = [e for e in events if self._reached or not isinstance(e, RepCompleted)]
        if not in_rep:
            self._reached = False
        return kept

    def _opening_hold(self, value: float | None, t_ms: int, events: list[Event]) -> list[Event]:
        """The input opened at the top of a rep (the counter reports that rep once the
        return is seen): the hold at that top is reported then too, closed by the edge.
        It is timed like any hold: while the signal stays within the hold band of the top."""
        if self._opening is None:
            return []
        if value is not None and self.counter.watching_start_edge:
            self._opening.append((t_ms, value))
        edge_rep = next(
            (
                e
                for e in events
                if isinstance(e, RepCompleted)
                and self._opening
                and e.start_ms == self._opening[0][0]
            ),
            None,
        )
        if edge_rep is None and (self.counter.watching_start_edge or self.counter.edge_pending):
            return []
        samples, self._opening = self._opening, None
        if edge_rep is None or self.hold is None or not samples:
            return []
        # The top is the highest stretch before the fall: held while within the hold band
        # of the highest value. Closed by the edge when it was already held at the start.
        values = [v for _, v in samples]
        peak_i = max(range(len(values)), key=values.__getitem__)
        floor = values[peak_i] - HOLD_BAND_DEG
        first = peak_i
        while first > 0 and values[first - 1] >= floor:
            first -= 1
        last = peak_i
        while last + 1 < len(values) and values[last + 1] >= floor:
            last += 1
        t0, t_end = samples[first][0], samples[last][0]
        if t_end - t0 < self.hold.spec.min_hold_ms:
            return []
        side = self.counter.side
        return [
            HoldStarted(t_ms=t0, side=side),
            HoldEnded(t_ms=t_end, side=side, hold_s=(t_end - t0) / 1000, closed_by_edge=first == 0),
        ]

    def _noise(self, raw: float | None, value: float | None, t_ms: int) -> float | None:
        """Robust standard deviation (1.4826 x the median absolute deviation) of raw minus
        smoothed over the last few seconds: the track's jitter, which a slow or small
        deliberate movement leaves alone because the filter follows it."""
        r = self._residuals
        if raw is not None and value is not None:
            r.append((t_ms, raw - value))
        while r and r[0][0] < t_ms - _NOISE_SPAN_MS:
            r.popleft()
        if len(r) < _NOISE_MIN_SAMPLES:
            return None
        res = np.array([x for _, x in r])
        return float(1.4826 * np.median(np.abs(res - np.median(res))))

    def _at_top(self, value: float | None, t_ms: int) -> bool | None:
        if value is None:
            self._recent.clear()
            return None
        speed = recent_speed(self._recent, value, t_ms)
        e = self.counter.excursion
        if self.counter.phase != "moving" or e is None:
            self._peak = 0.0
            self._peak_speed = 0.0
            self._hold_level = None
            return False
        self._peak = max(self._peak, e)
        if self._hold_level is not None:
            if abs(value - self._hold_level) <= HOLD_BAND_DEG:
                return True
            self._hold_level = None
        if speed is not None:
            self._peak_speed = max(self._peak_speed, speed)
        # Still is slow for this rep: a quarter of its fastest movement so far, so a brisk
        # lift and a slow careful one both end where they stop rising. Never above
        # STILL_DEG_PER_S, and never below jitter (STILL_MIN_DEG_PER_S).
        limit = min(STILL_DEG_PER_S, max(STILL_MIN_DEG_PER_S, 0.25 * self._peak_speed))
        still = speed is not None and speed <= limit
        if still and e >= self.top_share * self._peak:
            self._hold_level = value
            return True
        return False

    def finish(self, t_ms: int) -> list[Event]:
        events = self.counter.finish(t_ms)
        if self.hold is not None:
            events += self.hold.finish(t_ms)
            # the rep held at the start may be believed only now (see RepCounter.finish)
            events += self._opening_hold(None, t_ms, events)
        return sorted(events, key=lambda e: e.t_ms)

    def status(self) -> Status:
        return Status(
            phase=self.counter.phase,
            signal=self._last,
            excursion=self.counter.excursion,
            hold_s=self.hold.current_hold_s if self.hold is not None else None,
        )


def first_present(*values: float | None) -> float | None:
    for v in values:
        if v is not None:
            return v
    return None


def world_angle_both_sides(
    frame: PoseFrame, joint: Callable[[str], tuple[LandmarkId, LandmarkId, LandmarkId]]
) -> float | None:
    """A joint angle from world landmarks (3D, so no view foreshortens it), the mean of both
    sides: from the front both legs are in view, and their mean halves the depth noise."""
    values = [joint_angle_world_deg(frame, *joint(side)) for side in ("left", "right")]
    seen = [v for v in values if v is not None]
    return sum(seen) / len(seen) if seen else None


def nearer_side_first(
    frame: PoseFrame, measure: Callable[[PoseFrame, str], float | None]
) -> float | None:
    """A side-view measure taken on the body side nearer the camera (MediaPipe sees it
    better), or on the far side when the near one is hidden."""
    side = near_side(frame)
    if side is None:
        return None
    other = "left" if side == "right" else "right"
    return first_present(measure(frame, side), measure(frame, other))
