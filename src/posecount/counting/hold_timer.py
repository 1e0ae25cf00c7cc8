"""A hold timer: how long a yes/no criterion ("hips raised", "standing on one leg") held.

``update(holding, t_ms) -> list[Event]`` with holding True, False or None (not visible).

Timing model: each observation stands for the time until the next call. A None starts a
tracking gap; time inside a gap is neither hold time nor debounce time (the hold is
paused, not reset). All durations below are measured on observed time only.

- Start: the criterion must be true for ``min_start_ms`` (debounce); the hold's start is
  back-dated to the first true frame of that run. A false frame before then cancels it.
- End: the criterion must be false for ``min_end_ms``; the end is back-dated to the first
  false frame. A true frame before then resumes the hold (the wobble counts as holding).
- Too short: a hold whose observed length stays below ``min_hold_ms`` is dropped, with no
  event at all. That is why HoldStarted is emitted only once the hold has lasted
  ``max(min_start_ms, min_hold_ms)`` (with its t_ms back-dated to the start), so every
  HoldStarted has a matching HoldEnded.
- Gaps: a gap of up to ``max_gap_ms`` pauses. A longer gap (None values, or no call at
  all for that long) ends a running hold at the gap's start, with closed_by_edge=True
  (its real length is unknown: at least hold_s). It is reported when detected.
- Edges: a hold that was already true at the first observation (no false seen yet), or
  at the first observation after a long gap, began before we could see it: its HoldEnded
  has closed_by_edge=True. ``finish(t_ms)`` closes a running hold at t_ms (or at the
  start of a gap still open) with closed_by_edge=True; a hold whose end was seen but not
  yet confirmed by ``min_end_ms`` ends at its first false frame, also closed_by_edge=True.
- ``t_ms`` must increase strictly from call to call; otherwise ValueError.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from posecount.types import Event, HoldEnded, HoldStarted

HoldState = Literal["idle", "pending", "holding", "ending"]

# The smallest max_gap_ms accepted: one frame interval at 10 fps, the slowest frame rate
# supported; a smaller one would call every ordinary frame interval a tracking gap.
MIN_GAP_MS = 100


@dataclass(frozen=True, slots=True)
class HoldTimerSpec:
    """Debounce and gap thresholds of a hold timer, in ms."""

    # A criterion true for a frame or two is a pose-estimation flicker or passing through
    # the position, not a position the patient took.
    min_start_ms: int = 300
    # A brief wobble in a long hold (a balance correction, one bad frame) must not split
    # it in two; half a second is shorter than any real release and re-entry.
    min_end_ms: int = 500
    # A second of lost tracking is a few dropped detections, not a release; beyond that
    # we cannot say the position was held.
    max_gap_ms: int = 1_000
    # Leaflet holds are several seconds; under one second is not holding the position.
    min_hold_ms: int = 1_000

    def __post_init__(self) -> None:
        for name in ("min_start_ms", "min_end_ms", "min_hold_ms", "max_gap_ms"):
            v = getattr(self, name)
            low = MIN_GAP_MS if name == "max_gap_ms" else 0
            if (
                isinstance(v, bool)
                or not isinstance(v, int | float)
                or not (math.isfinite(v) and v >= low)
            ):
                raise ValueError(f"{name} must be a number of ms >= {low}, got {v!r}")


class HoldTimer:
    def __init__(self, spec: HoldTimerSpec | None = None, side: str | None = None) -> None:
        self.spec = spec if spec is not None else HoldTimerSpec()
        self.side = side
        self.reset()

    def reset(self) -> None:
        self._t_call: int | None = None
        self._prev: bool | None = None  # last call's value; None after a None or at start
        self._tau = 0.0  # observed (non-gap) ms since the start
        self._gap_start: int | None = None
        self._gap_handled = False
        self._edge_open = True  # no False seen yet (since the start or a long gap)
        self._state: HoldState = "idle"
        self._confirmed = False
        self._start_t = 0
        self._start_tau = 0.0
        self._start_edge = False
        self._false_t = 0
        self._false_tau = 0.0

    # ------------------------------------------------------------ for overlays

    @property
    def state(self) -> HoldState:
        """One of idle, pending (debouncing a start), holding, ending (debouncing an end)."""
        return self._state

    @property
    def holding(self) -> bool:
        """True while a (debounced) hold runs, including a wobble not yet confirmed as the end."""
        return self._state in ("holding", "ending")

    @property
    def current_hold_s(self) -> float | None:
        """Observed length of the running hold as of the last call, or None."""
        if not self.holding:
            return None
        return (self._tau - self._start_tau) / 1000.0

    # ------------------------------------------------------------ input

    def update(self, holding: bool | None, t_ms: int) -> list[Event]:
        if self._t_call is not None and t_ms <= self._t_call:
            raise ValueError(
                f"t_ms must increase from call to call: got {t_ms} after {self._t_call}; "
                "feed one stream per timer, in time order"
            )
        events = self._advance_clock(t_ms)
        if holding is None:
            if self._gap_start is None:
                self._gap_start = t_ms
                self._gap_handled = False
            self._prev = None
            return events
        self._gap_start = None
        self._gap_handled = False
        self._prev = bool(holding)
        events += self._observe(bool(holding), t_ms)
        return events

    def finish(self, t_ms: int) -> list[Event]:
        """End of input: close a running hold with closed_by_edge=True, then reset."""
        if self._t_call is not None and t_ms < self._t_call:
            raise ValueError(f"finish t_ms={t_ms} is before the last update at {self._t_call}")
        events = self._advance_clock(t_ms) if t_ms != self._t_call else []
        if self._state == "holding":
            # Still held when the input ends: reported however short so far (it is not
            # over, only cut off), once past the start debounce.
            end_t = self._gap_start if self._gap_start is not None else t_ms
            events += self._close(end_t, self._tau, edge=True, cut_off=True)
        elif self._state == "ending":
            events += self._close(self._false_t, self._false_tau, edge=True)
        self.reset()
        return events

    # ------------------------------------------------------------ internals

    def _advance_clock(self, t: int) -> list[Event]:
        """Credit the time since the last call to the last observation, unless it was a gap;
        then apply the transitions that time alone triggers."""
        events: list[Event] = []
        if self._t_call is not None and self._prev is not None:
            if t - self._t_call > self.spec.max_gap_ms:
                # No call at all for that long: an unobserved gap from the last frame.
                self._gap_start = self._t_call
                self._gap_handled = False
            else:
                self._tau += t - self._t_call
        self._t_call = t
        if (
            self._gap_start is not None
            and not self._gap_handled
            and t - self._gap_start > self.spec.max_gap_ms
        ):
            self._gap_handled = True
            events += self._long_gap()
        events += self._timed()
        return events

    def _long_gap(self) -> list[Event]:
        events: list[Event] = []
        if self._state == "holding":
            assert self._gap_start is not None
            events += self._close(self._gap_start, self._tau, edge=True)
        elif self._state == "ending":
            events += self._close(self._false_t, self._false_tau, edge=self._start_edge)
        self._state = "idle"
        self._edge_open = True
        return events

    def _timed(self) -> list[Event]:
        spec = self.spec
        events: list[Event] = []
        if self._state == "pending" and self._tau - self._start_tau >= spec.min_start_ms:
            self._state = "holding"
        if (
            self._state == "holding"
            and not self._confirmed
            and self._tau - self._start_tau >= spec.min_hold_ms
        ):
            self._confirmed = True
            events.append(HoldStarted(t_ms=self._start_t, side=self.side))
        if self._state == "ending" and self._tau - self._false_tau >= spec.min_end_ms:
            events += self._close(self._false_t, self._false_tau, edge=self._start_edge)
        return events

    def _observe(self, holding: bool, t: int) -> list[Event]:
        if not holding:
            self._edge_open = False
        if self._state == "idle" and holding:
            self._state = "pending"
            self._start_t, self._start_tau = t, self._tau
            self._start_edge = self._edge_open
            self._confirmed = False
        elif self._state == "pending" and not holding:
            self._state = "idle"
        elif self._state == "holding" and not holding:
            self._state = "ending"
            self._false_t, self._false_tau = t, self._tau
        elif self._state == "ending" and holding:
            self._state = "holding"
        return self._timed()

    def _close(self, end_t: int, end_tau: float, edge: bool, cut_off: bool = False) -> list[Event]:
        """End the current hold at end_t; report it unless it stayed under min_hold_ms
        (a hold cut off by the end of the input is reported whatever its length)."""
        events: list[Event] = []
        hold_ms = end_tau - self._start_tau
        if self._confirmed or cut_off or hold_ms >= self.spec.min_hold_ms:
            if not self._confirmed:
                events.append(HoldStarted(t_ms=self._start_t, side=self.side))
            events.append(
                HoldEnded(
                    t_ms=end_t,
                    side=self.side,
                    hold_s=hold_ms / 1000.0,
                    closed_by_edge=edge,
                )
            )
        self._state = "idle"
        self._confirmed = False
        return events


__all__ = ["MIN_GAP_MS", "HoldState", "HoldTimer", "HoldTimerSpec"]
