"""Rising from and sitting back onto a chair, as events: the start of each rise, each
full stand, and each return to the seat. Pure and clock-free: ``update(features, t_ms)``.

Heights are the hip's height above the ankle in shin lengths (clinical.features): about
1 seated, about 2 standing. Some end points can only be placed once a little more has
been seen (where the seated rest was, how low the hips settle), so events may carry a
t_ms earlier than the call that reports them; they are always in time order.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass

from posecount.clinical.events import RiseStarted, SeatReached, StandReached, TrackingGap
from posecount.clinical.features import ChairFeatures
from posecount.types import Event


@dataclass(frozen=True, slots=True)
class ChairSpec:
    """Thresholds in shin lengths (hip height above the ankle) and milliseconds."""

    # A full stand: 1.7 is 85% of the way from a seated 1.1 to a standing 2.0 (standing
    # with the knees and hips straight; a half-rise that turns back does not count).
    stand_shins: float = 1.7
    # Back down: below 1.4 the hips are within a third of a shin of the seat. Walking
    # keeps the stance leg straight (about 1.8-2.1), so steps never read as sitting.
    seated_shins: float = 1.4
    # The trunk has left its seated rest once the shoulders move this far (about 5 cm),
    # or four times the rest's own jitter if that is larger.
    lean_shins: float = 0.12
    # The hips are on the seat once within this of the height they settle at, both above
    # the ankle and in the picture (the first alone is fooled by a knee hidden by a deep
    # forward lean, the second alone by the pelvis rolling back as the trunk straightens).
    seat_tolerance_shins: float = 0.1
    # Below the seated height for less than this is a tracking flicker in a deep lean or
    # a stumble, not sitting down: a brisk sit keeps the hips that low for 0.4 s or more.
    min_sit_ms: int = 200
    # Likewise a stand must keep the hips above seated height this long: a deep forward
    # lean seen from a high corner can throw the hip height past the stand line for a
    # frame or five (a real clip: 160 ms) before the rise has happened. The stand is
    # still timed at its first frame.
    min_stand_ms: int = 250
    # The seated rest before a rise is taken from its first half second; the level the
    # hips settle at after sitting from the first 0.7 s (a brisk sit-to-stand cycle sits
    # for 0.3-0.6 s, and that still gives a level).
    rest_window_ms: int = 300
    settle_ms: int = 700
    # Still for this long at the seated rest is resting; a shorter pass through the rest
    # place is part of a movement.
    rest_run_ms: int = 200
    # Longer than this without a usable pose is a gap in the record.
    max_gap_ms: int = 1_000
    # How much history is kept to look back for the start of a rise.
    lookback_ms: int = 6_000

    def __post_init__(self) -> None:
        if not 1.0 <= self.seated_shins < self.stand_shins <= 2.2:
            raise ValueError(
                "need 1.0 <= seated_shins < stand_shins <= 2.2 (hip height above the ankle "
                f"in shin lengths), got {self.seated_shins} and {self.stand_shins}"
            )
        if not 0.02 <= self.lean_shins <= 0.5 or not 0.02 <= self.seat_tolerance_shins <= 0.3:
            raise ValueError(
                "lean_shins must be in [0.02, 0.5] and seat_tolerance_shins in [0.02, 0.3], "
                f"got {self.lean_shins} and {self.seat_tolerance_shins}"
            )
        for name in (
            "rest_window_ms",
            "settle_ms",
            "max_gap_ms",
            "min_sit_ms",
            "min_stand_ms",
            "rest_run_ms",
        ):
            if not 50 <= getattr(self, name) <= 5_000:
                raise ValueError(f"{name} must be in [50, 5000] ms, got {getattr(self, name)}")
        if self.lookback_ms < 2 * self.rest_window_ms:
            raise ValueError("lookback_ms must be at least twice rest_window_ms")

    @property
    def halfway_shins(self) -> float:
        """Halfway up: between a typical seated height (1.0) and a full stand."""
        return (1.0 + self.stand_shins) / 2


DEFAULT_SPEC = ChairSpec()


@dataclass(frozen=True, slots=True)
class _Sample:
    t_ms: int
    height: float
    shin_px: float
    shoulders: tuple[float, float] | None
    hip_y_px: float | None


def _dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


class ChairTracker:
    def __init__(self, spec: ChairSpec = DEFAULT_SPEC) -> None:
        self.spec = spec
        self.phase = "start"  # start | between | seated | up
        # Whether the first usable pose was seated: a test started any other way was not
        # seen from its beginning.
        self.opened_seated: bool | None = None
        self.stands = 0
        self.last_height: float | None = None
        self._buf: deque[_Sample] = deque()
        self._last_t: int | None = None
        self._last_valid_t: int | None = None
        self._seated_since: int | None = None
        self._after_sit = False  # the current seated stretch follows a stand
        self._contact_ms: int | None = None
        self._descent_from: int | None = None  # t of the last standing-height sample
        self._sit_pending: int | None = None  # t of the first sample back below seated height
        # (t of the first sample at standing height, t of the sample before it)
        self._stand_pending: tuple[int, int] | None = None

    def seated_after_stand_ms(self, t_ms: int) -> int | None:
        """How long the patient has been back on the seat after a stand, at t_ms; None
        when they are not (or have not stood yet)."""
        if self.phase != "seated" or not self._after_sit or self._seated_since is None:
            return None
        return t_ms - self._seated_since

    @property
    def stand_pending(self) -> bool:
        """At standing height, not yet long enough to count as a stand."""
        return self._stand_pending is not None

    def update(self, features: ChairFeatures | None, t_ms: int) -> list[Event]:
        if self._last_t is not None and t_ms <= self._last_t:
            raise ValueError(f"t_ms must increase: got {t_ms} after {self._last_t}")
        self._last_t = t_ms
        if features is None or features.hip_height_shins is None or features.shin_px is None:
            return []
        events: list[Event] = []
        if self._last_valid_t is not None and t_ms - self._last_valid_t > self.spec.max_gap_ms:
            events.append(TrackingGap(t_ms=self._last_valid_t, until_ms=t_ms))
        h = features.hip_height_shins
        hip_y = None if features.hips_px is None else features.hips_px[1]
        self._buf.append(_Sample(t_ms, h, features.shin_px, features.shoulders_px, hip_y))
        while self._buf[0].t_ms < t_ms - self.spec.lookback_ms:
            self._buf.popleft()
        self._last_valid_t = t_ms
        self.last_height = h
        s = self.spec
        if self.opened_seated is None:
            self.opened_seated = h <= s.seated_shins
        if self.phase in ("start", "between"):
            if h <= s.seated_shins:
                self.phase, self._seated_since, self._after_sit = "seated", t_ms, False
            elif h >= s.stand_shins:
                self.phase = "up"
            else:
                self.phase = "between"
        elif self.phase == "seated":
            if self._after_sit and self._contact_ms is None:
                if t_ms - (self._seated_since or t_ms) >= s.settle_ms:
                    self._contact_ms = self._find_contact()
            if self._stand_pending is None:
                if h >= s.stand_shins:
                    self._stand_pending = (t_ms, self._previous_t())
            elif h <= s.seated_shins:
                self._stand_pending = None  # a flicker up, not a stand
            if self._stand_pending is not None and t_ms - self._stand_pending[0] >= s.min_stand_ms:
                events += self._confirm_stand(t_ms, h)
        elif self.phase == "up":
            if h >= s.stand_shins:
                self._descent_from = t_ms
                self._sit_pending = None
            elif h <= s.seated_shins and self._sit_pending is None:
                self._sit_pending = t_ms
            if self._sit_pending is not None and t_ms - self._sit_pending >= s.min_sit_ms:
                self.phase, self._seated_since, self._after_sit = "seated", self._sit_pending, True
                self._contact_ms = None
                self._sit_pending = None
        return sorted(events, key=lambda e: e.t_ms)

    def finish(self, t_ms: int) -> list[Event]:
        """Close the input: a stand still being confirmed counts (the input ended with the
        patient up); a seated stretch still open is reported up to the last sample."""
        if self._last_valid_t is None:
            return []
        if self._stand_pending is not None:
            return self._confirm_stand(self._last_valid_t, self.last_height)
        if self.phase == "seated":
            return self._close_seated(until_ms=self._last_valid_t)
        return []

    # ------------------------------------------------------------ internals

    def _confirm_stand(self, t_ms: int, h: float | None) -> list[Event]:
        assert self._stand_pending is not None
        t_up, until = self._stand_pending
        self._stand_pending = None
        events = self._close_seated(until_ms=until)
        events += self._rise(t_up)
        if h is not None and h >= self.spec.stand_shins:
            self._descent_from = t_ms
        return events

    def _previous_t(self) -> int:
        return self._buf[-2].t_ms if len(self._buf) >= 2 else self._buf[-1].t_ms

    def _close_seated(self, until_ms: int) -> list[Event]:
        if not self._after_sit:
            return []
        contact = self._contact_ms if self._contact_ms is not None else self._find_contact()
        self._after_sit = False
        self._contact_ms = None
        return [] if contact is None else [SeatReached(t_ms=contact, until_ms=until_ms)]

    def _find_contact(self) -> int | None:
        """The first sample of the descent at which the hips are within the seat
        tolerance of the level they settle at."""
        s = self.spec
        since = self._seated_since
        if since is None:
            return None
        settled = [x for x in self._buf if since <= x.t_ms <= since + s.settle_ms]
        if not settled:
            return None
        level = statistics.median(x.height for x in settled)
        ys = [x.hip_y_px for x in settled if x.hip_y_px is not None]
        hip_y = statistics.median(ys) if ys else None
        shin = statistics.median(x.shin_px for x in settled)
        start = self._descent_from if self._descent_from is not None else since
        for x in self._buf:
            if x.t_ms <= start or x.height > level + s.seat_tolerance_shins:
                continue
            if hip_y is None or x.hip_y_px is None:
                return x.t_ms
            if x.hip_y_px >= hip_y - s.seat_tolerance_shins * shin:  # image y grows down
                return x.t_ms
        return since

    def _rise(self, t_ms: int) -> list[Event]:
        self.phase = "up"
        self._descent_from = t_ms
        self.stands += 1
        onset, from_rest = self._onset()
        return [RiseStarted(t_ms=onset, from_rest=from_rest), StandReached(t_ms, self.stands)]

    def _onset(self) -> tuple[int, bool]:
        """Walk back from where the hips left the seated band to the last sample still at
        the seated rest; the rise started at the sample after it."""
        s = self.spec
        since = self._seated_since if self._seated_since is not None else self._buf[0].t_ms
        stretch = [x for x in self._buf if x.t_ms >= since]
        if len(stretch) < 2:
            return self._buf[-1].t_ms, False
        rest_end = stretch[0].t_ms + s.rest_window_ms
        rest = [x for x in stretch if x.t_ms <= rest_end]
        shin = statistics.median(x.shin_px for x in rest)
        h_ref = statistics.median(x.height for x in rest)
        pts = [x.shoulders for x in rest if x.shoulders is not None]
        ref = (
            (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))
            if pts
            else None
        )
        tol = s.lean_shins
        if ref is not None:
            d = [_dist(p, ref) / shin for p in pts]
            mad = statistics.median(abs(v - statistics.median(d)) for v in d)
            tol = max(tol, 4 * mad)

        def moved(x: _Sample) -> bool:
            if x.height - h_ref > s.seat_tolerance_shins:
                return True
            if ref is None or x.shoulders is None:
                return False
            return _dist(x.shoulders, ref) / shin > tol

        # The rise began at the first movement after the last stretch of stillness at the
        # seated rest (at least rest_run_ms long) before the hips left the seated band.
        # Walking back from the stand alone would be fooled in a front view, where the
        # shoulders dip during the lean and pass back through their seated place.
        c = max(i for i, x in enumerate(stretch) if x.height <= s.seated_shins or i == 0)
        run_start: int | None = None
        rest_end_i: int | None = None
        for i in range(c + 1):
            if moved(stretch[i]):
                run_start = None
                continue
            if run_start is None:
                run_start = i
            if stretch[i].t_ms - stretch[run_start].t_ms >= s.rest_run_ms or i == 0:
                rest_end_i = i
        if rest_end_i is None:
            return stretch[0].t_ms, False
        # the run holds until the first moved sample after rest_end_i
        k = rest_end_i
        while k < c and not moved(stretch[k + 1]):
            k += 1
        onset = stretch[min(k + 1, len(stretch) - 1)]
        from_rest = onset.t_ms > rest_end
        return onset.t_ms, from_rest
