"""A generic repetition counter with hysteresis on one scalar signal.

Made for rehabilitation: a patient moves only as far as is comfortable, so a rep is not
"reached 90 degrees" but "left their own rest level clearly and came back". The counter
learns the rest level from the signal, starts a rep when the signal moves ``enter_delta``
away from it in the exercise's ``direction``, and completes it when the signal comes back
within ``exit_delta`` of it. The gap between the two is the hysteresis band: noise smaller
than the band cannot start and end a rep.

How the rest level (baseline) is learned: it is a low quantile (the end of the noise
farthest from the movement) of the signal over the last ``baseline_window_ms`` spent at
rest. The first value seeds it. Small shifts at rest and slow drift (the patient
settling, a camera sagging) are absorbed within about a window; a deliberate movement
outruns it; one-frame glitches do not move a quantile. While a rep is in progress the
baseline is frozen, and the rep's range is measured against it.

Decisions, so that every count can be vouched for:

- A None value (feature not visible) never changes the state.
- A tracking gap (None values, or no call at all) longer than ``max_gap_ms`` during a rep
  abandons that rep: its top was not seen. So does a rep lasting longer than
  ``max_rep_ms`` (that is a change of position, not a rep). After an abandoned rep the
  counter waits until the signal is back within ``exit_delta`` of the rest level before
  it can start a new one, so the second half of an abandoned rep is never counted; if
  the person stays in the new position, the baseline learns it as the new rest level.
- A rep also ends where the patient stops at least half way back, still for a moment
  (``_RESETTLE_MS``), even short of the old rest level: that is the new rest level, and
  the next rep is measured from it (for reps counted at their far end, only where a rep
  may start: seated again after a stand).
- A movement back within ``exit_delta`` that spent less than ``min_phase_ms`` beyond
  ``enter_delta``, or a whole rep shorter than ``min_rep_ms``, is a glitch: not counted.
- A rep in progress when the input ends (``finish``) is not counted (its return was not
  seen), unless it was seen coming back briskly, within a step of rest. A rep already
  in progress at the first value (the input opens with the hips up) is counted once its
  return has settled, closed by the edge like a hold: the return
  is what makes it a rep (settled at the low, or, from a top held at the start, rising
  from it into the next rep). Until then the first value is taken as the rest level. Not
  for reps counted at their far end (``complete_at_target``): their far end was before
  the input began; nor where the exercise says input never opens at a
  rep's far end (``start_edge``: a squat's bottom looks like a patient on a chair).
- Noise-scaled thresholds (opt in with ``min_enter_delta``): a patient who moves only as far
  as is comfortable may move less than ``enter_delta``. The caller reports the track's
  jitter (``observe_noise``: the standard deviation of what smoothing removes, which a
  deliberate movement, however small, does not inflate); at rest the thresholds become
  ``noise_factor`` times it, never below ``min_enter_delta`` nor above ``enter_delta``, and
  ``exit_delta`` keeps its ratio to ``enter_delta``. A steady track gets a low bar, a
  jittery one (handheld, dark, far away) the full one. Within a rep the band stays put.
- Two opt-in variants (see RepCounterSpec): a fixed ``rest_level`` instead of a learned
  one, and ``complete_at_target`` (the rep counts when the target is reached, once; its
  range is the one at that moment).
- ``t_ms`` must increase strictly from call to call; an earlier or repeated time raises
  ValueError (two streams or clocks were mixed up).

No TrackingLost events come from here: a missing angle is not a missing person, so the
pipeline, which sees whole frames, reports tracking.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from posecount.counting.hold_timer import MIN_GAP_MS
from posecount.types import Event, RepCompleted

Phase = Literal["rest", "moving"]
TargetKind = Literal["excursion", "level"]

# The rest level sits at this quantile of the rest-window samples (after flipping the sign
# for direction -1): the end of the jitter farthest from the movement, so jitter at rest
# reads as a small positive excursion, while up to a quarter of the window can be glitches
# before the rest level moves.
_BASELINE_QUANTILE = 0.25
# A rep that comes at least half way back and stops there this long has ended, even short
# of where it started: a patient settling onto a slightly different rest (the pelvis an
# inch higher on the mat, knees a little bent between squats) is otherwise never "back"
# within exit_delta, and that rep and every later one are lost (the shifted_rest family of
# benchmarks/robustness_tracks.py). 0.4 s is 4 frames at 10 fps, longer than a tracking
# glitch; a top held, however long, is not half way back.
_RESETTLE_MS = 400
# A fall that makes no new low for this long has reached the rest level (a lowering phase
# of a rehab rep takes 1-2 s; pauses on the way down are brief). Values held this long at
# the start are a top (a passing movement does not stay within exit_delta for 4 frames).
_EDGE_SETTLE_MS = 400
# A rep inferred from a top held at the start and a low too brief to settle is believed
# when it is at least this share of the next rep's range: the reps of a set repeat one
# movement. A person walking in front of a child's pose on all fours opened its hip angle
# 22 degrees for 0.3 s, which read as such a rep, while the patient's sit back then closed
# it 70 (the crossing family of benchmarks/robustness.py); the shared handheld bridge at
# twice its tempo, whose 0.3 s rest between bridges this rule is for, rises alike.
_EDGE_ALIKE_SHARE = 0.5


def _check(name: str, value: object, ok: Callable[[float], bool], allowed: str) -> None:
    """ValueError naming the allowed range unless value is a real number (not a bool)
    for which ok(value) holds."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not ok(value)
    ):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")


@dataclass(frozen=True, slots=True)
class RepCounterSpec:
    """Thresholds of one rep counter, in the signal's own unit (``unit``) and in ms.

    direction: +1 when the movement increases the signal (e.g. hip height in a bridge),
        -1 when it decreases it (e.g. knee angle in a squat).
    target / target_kind: the prescribed range. "excursion": the rep's peak distance from
        the rest level should reach ``target`` (> 0). "level": the signal itself should
        reach ``target`` at the peak (e.g. knee angle 90 with direction -1); the event
        then reports the peak level as range_achieved. None: no target, short_by 0.
    rest_level: a known rest level (signal unit) to use instead of learning one, for
        movements with no pause at rest to learn it from (alternating knee rolls: 0 =
        knees upright). None (default): learned from the signal.
    complete_at_target: count the rep the moment the target is reached instead of on the
        return, for movements whose far end is the goal (a stand may be followed by
        walking off rather than sitting down). A movement that turns back before the
        target still counts on its return, short. Without a target, the rep counts as
        soon as it is confirmed (past enter_delta for min_phase_ms, min_rep_ms since it
        left rest).
    """

    direction: int
    # Well above pose jitter at rest (a few degrees for MediaPipe joint angles), yet below
    # the smallest range a patient who stops where it is comfortable still moves on purpose.
    enter_delta: float
    # Nobody comes back exactly to where they started; back within this counts as back.
    # enter_delta - exit_delta is the band noise would have to cross twice to fake a rep.
    exit_delta: float
    # A deliberate movement stays out longer than a landmark glitch (1 frame is 33 ms at
    # 30 fps, 100 ms at 10 fps); 200 ms rejects a 2-frame spike even at 10 fps.
    min_phase_ms: int = 200
    # A small, brisk rep goes out and back in about half a second (a patient's quick low
    # bridge); sampled at 10 fps that measures 0.4-0.6 s from the last frame at rest to the
    # first frame back. 3 frames out at 10 fps measure 0.4 s and 2 measure 0.3 s (faster
    # "reps" are tracking flips between two poses), so the bar sits between the two, at
    # 0.35 s: frames taken at 10 a second from a 24-30 fps or variable-rate source fall
    # 80-170 ms apart, and at 0.4 s a squat squeezed into half a second, 3 frames out but
    # measured 397 ms, was lost (benchmarks/robustness_tracks.py small_brisk). At 0.5 s,
    # the shared bridge clips' reps squeezed into half a second lost one rep in two
    # (brisk_0.5s).
    min_rep_ms: int = 350
    # Leaflet holds are up to about 10 s, plus slow movement both ways; away for longer
    # is a change of position, not a rep.
    max_rep_ms: int = 30_000
    # A rep that lost tracking for longer than this cannot be vouched for (its top was not
    # seen); a second is a few dropped detections, not the person leaving.
    max_gap_ms: int = 1_000
    # Shifts at rest that last about this long become the new rest level (settling on the
    # mat, camera drift); a deliberate rise takes a second or two and outruns it.
    baseline_window_ms: int = 3_000
    target: float | None = None
    target_kind: TargetKind = "excursion"
    unit: str = "deg"
    rest_level: float | None = None
    complete_at_target: bool = False
    # Whether input that opens mid-rep (at the far end, falling back) has that rep counted
    # (see _watch_start_edge); never for complete_at_target.
    start_edge: bool = True
    # See "Noise-scaled thresholds" above; None keeps enter_delta and exit_delta fixed.
    min_enter_delta: float | None = None
    # The band is this many standard deviations of raw jitter: the smoothed signal keeps
    # about half of it, so a band of 4 raw deviations is 8 smoothed ones, which noise does
    # not cross twice by chance within a rep's duration.
    noise_factor: float = 4.0

    def __post_init__(self) -> None:
        if isinstance(self.direction, bool) or self.direction not in (1, -1):
            raise ValueError(
                "direction must be +1 (the movement increases the signal) or -1 "
                f"(it decreases it), got {self.direction!r}"
            )
        if not isinstance(self.unit, str) or not self.unit:
            raise ValueError(f"unit must be a non-empty string such as 'deg', got {self.unit!r}")
        u = self.unit
        _check("enter_delta", self.enter_delta, lambda v: v > 0, f"a finite number > 0 ({u})")
        _check(
            "exit_delta",
            self.exit_delta,
            lambda v: 0 <= v < self.enter_delta,
            f"in [0, enter_delta={self.enter_delta}) ({u})",
        )
        for name in ("min_phase_ms", "min_rep_ms"):
            _check(name, getattr(self, name), lambda v: v >= 0, "a number of ms >= 0")
        _check(
            "max_gap_ms",
            self.max_gap_ms,
            lambda v: v >= MIN_GAP_MS,
            f"a number of ms >= {MIN_GAP_MS} (one frame at 10 fps)",
        )
        _check(
            "max_rep_ms",
            self.max_rep_ms,
            lambda v: v > self.min_rep_ms,
            f"a number of ms > min_rep_ms={self.min_rep_ms}",
        )
        _check("baseline_window_ms", self.baseline_window_ms, lambda v: v > 0, "a number of ms > 0")
        if self.target_kind not in ("excursion", "level"):
            raise ValueError(
                f"target_kind must be 'excursion' or 'level', got {self.target_kind!r}"
            )
        if self.target is not None:
            if self.target_kind == "excursion":
                _check(
                    "target", self.target, lambda v: v > 0, f"None or a finite excursion > 0 ({u})"
                )
            else:
                _check("target", self.target, lambda v: True, f"None or a finite level ({u})")
        if self.rest_level is not None:
            _check("rest_level", self.rest_level, lambda v: True, f"None or a finite level ({u})")
        if self.min_enter_delta is not None:
            _check(
                "min_enter_delta",
                self.min_enter_delta,
                lambda v: 0 < v <= self.enter_delta,
                f"None or in (0, enter_delta={self.enter_delta}] ({u})",
            )
        _check("noise_factor", self.noise_factor, lambda v: v >= 1, "a number >= 1")


class RepCounter:
    """Counts reps on one scalar signal. ``update(value, t_ms) -> list[Event]``.

    All values are handled internally as ``direction * value`` so that the movement always
    increases them; reported levels are converted back to the signal's own sign.
    """

    def __init__(self, spec: RepCounterSpec, side: str | None = None) -> None:
        self.spec = spec
        self.side = side
        self.reset()

    def reset(self) -> None:
        """Forget everything, including the learned rest level."""
        self._t_call: int | None = None
        self._t_value: int | None = None
        self._gap_start: int | None = None
        self._phase: Phase = "rest"
        # A rep may start only after the signal was seen within exit_delta of rest (so not
        # from the first value when a fixed rest_level says it is already moved).
        self._armed = False
        self._window: deque[tuple[int, float]] = deque()
        self._may_arm = True  # see allow_start
        self._enter = self.spec.enter_delta  # the thresholds in force (see noise scaling)
        self._exit = self.spec.exit_delta
        rest = self.spec.rest_level
        self._base: float | None = None if rest is None else self.spec.direction * rest
        self._last_rest_t = 0
        self._last_e: float | None = None
        self._prev_e: float | None = None  # the value before it, during a rep
        self._rep_start = 0
        self._rep_enter = 0
        self._rep_base = 0.0
        self._rep_peak = 0.0
        self._rep_counted = False  # already reported at its target (complete_at_target)
        self._rep_recent: deque[tuple[int, float]] = deque()  # see _resettled
        # Watching for input that opens mid-rep (see _watch_start_edge). Not for reps that
        # count at their far end: input that opens standing had its stand before it began
        # (and after tracking is regained mid-session, the analysis restarts its counters
        # with the patient up and walking: sitting down then is no stand).
        self._edge_open = self.spec.start_edge and not self.spec.complete_at_target
        self._edge_t0 = 0
        self._edge_peak: float | None = None
        self._edge_first: float | None = None
        self._edge_low = 0.0
        self._edge_low_t = 0
        self._edge_dropped = False
        self._edge_rise: list[tuple[int, float]] = []  # the values up to the fall
        # A rep from a top held at the start whose brief low may not have been a rest: the
        # rep, its range and the level held, until the next rep says (_EDGE_ALIKE_SHARE).
        self._edge_pending: tuple[RepCompleted, float, float] | None = None

    # ------------------------------------------------------------ for overlays

    @property
    def edge_pending(self) -> bool:
        """A rep from a top held at the start waits for the next one to be believed."""
        return self._edge_pending is not None

    @property
    def phase(self) -> Phase:
        """Either rest, or moving (a rep in progress)."""
        return self._phase

    @property
    def excursion(self) -> float | None:
        """Distance of the last value from the rest level, in the movement's direction
        (positive = moved); None before the first value or when the last value was None."""
        return self._last_e

    @property
    def watching_start_edge(self) -> bool:
        """True while the input may still turn out to have opened mid-rep."""
        return self._edge_open

    @property
    def baseline(self) -> float | None:
        """The rest level in the signal's own unit and sign (frozen during a rep)."""
        if self._base is None:
            return None
        base = self._rep_base if self._phase == "moving" else self._base
        return self.spec.direction * base

    # ------------------------------------------------------------ input

    def update(self, value: float | None, t_ms: int) -> list[Event]:
        if self._t_call is not None and t_ms <= self._t_call:
            raise ValueError(
                f"t_ms must increase from call to call: got {t_ms} after {self._t_call}; "
                "feed one stream per counter, in time order"
            )
        self._t_call = t_ms
        spec = self.spec
        if value is None:
            self._last_e = None
            if self._t_value is not None and self._gap_start is None:
                self._gap_start = t_ms
            if self._gap_start is not None and t_ms - self._gap_start > spec.max_gap_ms:
                self._abandon()
            return []
        y = float(value)
        if not math.isfinite(y):
            raise ValueError(f"value must be a finite number or None (missing), got {value!r}")
        y *= spec.direction
        if self._t_value is not None:
            gap_from = self._gap_start if self._gap_start is not None else self._t_value
            if t_ms - gap_from > spec.max_gap_ms:
                self._abandon()
        self._gap_start = None
        self._t_value = t_ms
        return self._step(y, t_ms)

    def finish(self, t_ms: int) -> list[Event]:
        """End of input, and a reset. A rep seen coming back (see _cut_short) counts, dated
        to its last value; any other rep still in progress does not (its return was not
        seen)."""
        if self._t_call is not None and t_ms < self._t_call:
            raise ValueError(f"finish t_ms={t_ms} is before the last update at {self._t_call}")
        t = self._t_value
        # A rep under way is the next rep so far; with none, nothing contradicts the one
        # held at the start.
        cut_short = t is not None and self._cut_short(t)
        events = self._judge_edge(self._rep_peak if self._phase == "moving" else None)
        if cut_short:
            assert t is not None
            events.append(self._completed(t))
        self.reset()
        return events

    def _cut_short(self, t: int) -> bool:
        """The input ended, its last value at t, on a brisk return: that value at most half
        the rep's peak, and one more step at the last step's speed would be back at rest
        (within exit). MediaPipe's video tracking smooths landmarks over frames, so they lag a brisk
        return by a frame or two: the shared knee rolls at twice their tempo end with the
        knees upright in the picture while the landmarks still read 24, then 12 degrees of
        roll, and the last roll was lost. A slow drift part way back (a standing knee's
        world angle read from the front) is no return."""
        e, before = self._last_e, self._prev_e
        return (
            self._phase == "moving"
            and not self._rep_counted
            and e is not None
            and before is not None
            and e <= self._rep_peak / 2
            and 2 * e - before < self._exit
            and self._long_enough(t)
        )

    # ------------------------------------------------------------ internals

    def _abandon(self) -> None:
        if self._phase == "moving":
            self._phase = "rest"
            self._armed = False

    def _step(self, y: float, t: int) -> list[Event]:
        spec = self.spec
        events: list[Event] = []
        if self._base is None:
            self._base = y
            self._edge_t0 = t
        if self._edge_open:
            events += self._watch_start_edge(y, t)
        if self._phase == "moving":
            if t - self._rep_start > spec.max_rep_ms:
                self._abandon()
            else:
                e = y - self._rep_base
                self._prev_e, self._last_e = self._last_e, e
                if e > self._rep_peak:
                    self._rep_peak = e
                if e >= self._exit and not self._resettled(y, t):
                    return self._at_target(t)
                self._phase = "rest"
                if not self._rep_counted and self._long_enough(t):
                    events += self._judge_edge(self._rep_peak)
                    events.append(self._completed(t))
                if e >= self._exit:  # a new rest level, where the patient settled
                    self._base = y
                    self._window = deque(self._rep_recent)
                    self._armed = self._may_arm
        e = y - self._base
        self._last_e = e
        if e < self._exit:
            self._armed = self._armed or self._may_arm
            self._last_rest_t = t
        elif e >= self._enter and self._armed:
            self._phase = "moving"
            self._rep_start = self._last_rest_t
            self._rep_enter = t
            self._rep_base = self._base
            self._rep_peak = e
            self._rep_counted = False
            self._rep_recent.clear()
            return events + self._at_target(t)
        if self.spec.rest_level is None:
            self._learn_rest(y, t)
        return events

    def _resettled(self, y: float, t: int) -> bool:
        """During a rep: at least half way back from the peak and still (within the
        hysteresis band) for _RESETTLE_MS: the rep is over, at a new rest level. For reps
        counted at their far end (complete_at_target), only once counted and where a rep
        may start (see allow_start): after a stand the patient walks, turns and pauses at
        every level, and only sitting down again, perhaps further forward on the seat, is
        the return; before it, a seated lean forward is the wind-up, not a new rest."""
        r = self._rep_recent
        if self.spec.complete_at_target and not (self._rep_counted and self._may_arm):
            r.clear()
            return False
        r.append((t, y))
        while len(r) > 1 and r[1][0] <= t - _RESETTLE_MS:
            r.popleft()
        if t - r[0][0] < _RESETTLE_MS:
            return False
        levels = [v for _, v in r]
        return (
            max(levels) - self._rep_base <= self._rep_peak / 2
            and max(levels) - min(levels) <= self._exit
        )

    def _long_enough(self, t: int) -> bool:
        """Out past enter_delta for min_phase_ms, and min_rep_ms since leaving rest."""
        return (
            t - self._rep_enter >= self.spec.min_phase_ms
            and t - self._rep_start >= self.spec.min_rep_ms
        )

    def _at_target(self, t: int) -> list[Event]:
        """With complete_at_target, report the rep as soon as its target is reached."""
        if (
            self.spec.complete_at_target
            and not self._rep_counted
            and self._shortfall() <= 0
            and self._long_enough(t)
        ):
            self._rep_counted = True
            return [self._completed(t)]
        return []

    def _watch_start_edge(self, y: float, t: int) -> list[Event]:
        """Input that opens mid-rep (a recording started with the hips already up) shows as
        a fall of at least enter_delta from the first values. Like a hold running at the
        start, that rep is closed by the edge and reported, once the fall has settled (no
        new low for `_EDGE_SETTLE_MS`): its start is the first value, its peak the highest
        value before the fall. A rise from the first values instead means they were rest,
        and the watch ends."""
        spec = self.spec
        if self._edge_first is None:
            self._edge_first = y
        # A rise from the first values, whether or not a rep could start there (see
        # allow_start), says they were rest.
        risen = not self._edge_dropped and y - self._edge_first >= spec.enter_delta
        if self._phase == "moving" or risen or t - self._edge_t0 > spec.max_rep_ms:
            self._edge_open = False
            return []
        rest = self.spec.rest_level
        if rest is not None:
            rest *= spec.direction
        if not self._edge_dropped:
            self._edge_rise.append((t, y))
        if self._edge_peak is None or (not self._edge_dropped and y > self._edge_peak):
            if rest is not None and y - rest < spec.enter_delta:
                # A fixed rest level says the input opened at rest, not mid-rep.
                self._edge_open = False
                return []
            self._edge_peak, self._edge_low, self._edge_low_t = y, y, t
            return []
        if y < self._edge_low - spec.exit_delta / 2:
            self._edge_low, self._edge_low_t = y, t
        if self._edge_peak - self._edge_low < spec.enter_delta:
            return []
        self._edge_dropped = True
        rising = y - self._edge_low > spec.exit_delta
        if rest is not None and self._edge_low - rest >= spec.exit_delta:
            # Not back at the known rest level yet: paused on the way down, or (rising
            # again) the fall never reached rest, so it was no rep's return.
            self._edge_open = not rising
            return []
        if rising:
            # Rising again before the low settled. From a top held at the start, that low
            # was the rest before the next rep (at twice the shared handheld bridge's tempo
            # it lasts 0.3 s, less than a settle) if the next rep is alike (see
            # _EDGE_ALIKE_SHARE). Without a held top the first values were a movement
            # passing by (a seated forward bend read lying face down for a second), not a
            # rep's top.
            self._edge_open = False
            if not self._edge_top_held():
                return []
        elif t - self._edge_low_t < _EDGE_SETTLE_MS or y - self._edge_low > spec.exit_delta / 2:
            return []  # still falling, or only jitter at the low
        self._edge_open = False
        if not self._may_arm:
            return []  # it fell to where no rep starts (see allow_start): no rep's return
        self._rep_base = min(self._edge_low, y)
        self._rep_peak = self._edge_peak - self._rep_base
        self._rep_start = self._edge_t0
        # The low is the rest level: the window learned so far is mostly the top.
        self._base = self._rep_base
        self._window = deque([(self._edge_low_t, self._rep_base)])
        if rising:
            self._edge_pending = (self._completed(t), self._rep_peak, self._edge_peak)
            return []
        return [self._completed(t)]

    def _judge_edge(self, next_range: float | None) -> list[Event]:
        """The rep held at the start, if any is waiting, once the next rep's range is known
        (None: there was none)."""
        if self._edge_pending is None:
            return []
        rep, edge_range, held = self._edge_pending
        self._edge_pending = None
        if next_range is None or edge_range >= _EDGE_ALIKE_SHARE * next_range:
            return [rep]
        # The level held at the start was the rest, not the brief low: the next rep's range
        # is measured from it.
        shift = max(0.0, held - self._rep_base)
        self._rep_base += shift
        self._rep_peak -= shift
        return []

    def _edge_top_held(self) -> bool:
        """The first values stayed within exit_delta of their peak for _EDGE_SETTLE_MS."""
        assert self._edge_peak is not None
        top = [t for t, v in self._edge_rise if v >= self._edge_peak - self.spec.exit_delta]
        return top[-1] - top[0] >= _EDGE_SETTLE_MS

    def _learn_rest(self, y: float, t: int) -> None:
        w = self._window
        w.append((t, y))
        while w[0][0] < t - self.spec.baseline_window_ms:
            w.popleft()
        self._base = float(np.quantile([v for _, v in w], _BASELINE_QUANTILE))

    def allow_start(self, allowed: bool) -> None:
        """Whether the rest seen now may lead to a rep (a stand starts from a seat, not from
        a pause while walking about); a rep already armed or in progress is unaffected."""
        self._may_arm = allowed

    def observe_noise(self, sigma: float | None) -> None:
        """The signal's jitter now (standard deviation, signal units), or None when unknown;
        used only with min_enter_delta, and only at rest."""
        spec = self.spec
        if spec.min_enter_delta is None or self._phase == "moving":
            return
        if sigma is None:
            self._enter, self._exit = spec.enter_delta, spec.exit_delta
            return
        enter = min(spec.enter_delta, max(spec.min_enter_delta, spec.noise_factor * sigma))
        self._enter = float(enter)
        self._exit = float(enter * spec.exit_delta / spec.enter_delta)

    def _achieved(self) -> float:
        """The rep's range so far as reported: the peak excursion, or for a level target
        the peak level in the signal's own sign."""
        if self.spec.target_kind == "level":
            return self.spec.direction * (self._rep_base + self._rep_peak)
        return self._rep_peak

    def _shortfall(self) -> float:
        """How far the peak so far stayed on the rest side of the target (<= 0: reached)."""
        spec = self.spec
        if spec.target is None:
            return 0.0
        if spec.target_kind == "level":
            return spec.direction * (spec.target - self._achieved())
        return spec.target - self._achieved()

    def _completed(self, t: int) -> RepCompleted:
        spec = self.spec
        return RepCompleted(
            t_ms=t,
            side=self.side,
            range_achieved=float(self._achieved()),
            range_target=spec.target,
            range_unit=spec.unit,
            short_by=float(max(0.0, self._shortfall())),
            start_ms=self._rep_start,
        )


__all__ = ["Phase", "RepCounter", "RepCounterSpec", "TargetKind"]
