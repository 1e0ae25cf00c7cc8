"""Guided holds, for what the camera cannot see (a gentle abdominal contraction, a slow
breath, a pelvic tilt of a few degrees): an honest timer that checks the position, paces
the holds and times them, and never claims to have seen the movement itself.

The machine paces hold and relax phases from `t_ms` (no clock): once the patient is in
position it starts a hold and counts its seconds (Status.extra["count"], which the live
coach speaks), ends it after the prescribed hold, lets them relax for RELAX_S, then starts
the next. Leaving the position (or going out of view for longer than a tracking gap) ends
a hold early, and it is reported with the time actually held, so the summary flags it as
shorter than prescribed. Holds are the only events: no RepCompleted is ever emitted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from posecount.exercises.base import ExerciseSpec, Features, Status
from posecount.prescription.model import Prescription
from posecount.types import Event, HoldEnded, HoldStarted, PoseFrame

Phase = Literal["waiting", "hold", "relax"]

# Between holds the leaflets say "relax" and repeat: two slow breaths, about 5 s.
RELAX_S = 5.0
# Being in position for this long starts a hold: settling onto the mat or a passing
# mis-detection is shorter.
SETTLE_MS = 1000
# Out of position (or out of view) for up to a second is a tracking flicker, not leaving.
MAX_GAP_MS = 1000
# When the prescription gives no hold, a slow breath cycle (about 5 s) is one hold.
DEFAULT_HOLD_S = 5.0


class GuidedHoldMachine:
    """update(features, t_ms): features[signal] is 1.0 in position, 0.0 out of it, None
    when not seen."""

    def __init__(self, signal: str, prescription: Prescription) -> None:
        self.signal = signal
        self.hold_ms = round(1000 * (prescription.hold_s or DEFAULT_HOLD_S))
        self.relax_ms = round(1000 * RELAX_S)
        self.phase: Phase = "waiting"
        self._since: int | None = None  # in position since (waiting), or phase start
        self._last_ok: int | None = None  # last frame seen in position
        self._hold_start = 0
        self._t: int | None = None

    def update(self, features: Features | None, t_ms: int) -> list[Event]:
        if self._t is not None and t_ms <= self._t:
            raise ValueError(
                f"t_ms must increase from call to call: got {t_ms} after {self._t}; "
                "feed one stream per machine, in time order"
            )
        self._t = t_ms
        raw = None if features is None else features.get(self.signal)
        ok = None if raw is None else raw >= 0.5
        if ok:
            self._last_ok = t_ms
        events: list[Event] = []
        if self.phase == "hold":
            lost = self._last_ok is None or t_ms - self._last_ok > MAX_GAP_MS
            if lost or t_ms - self._hold_start >= self.hold_ms:
                end = t_ms if not lost else (self._last_ok or t_ms)
                events += self._end(end, edge=False)
        elif self.phase == "relax":
            if t_ms - self._since_or(t_ms) >= self.relax_ms:
                self.phase, self._since = "waiting", None
        if self.phase == "waiting":
            if ok:
                if self._since is None:
                    self._since = t_ms
                if t_ms - self._since >= SETTLE_MS:
                    self.phase, self._hold_start = "hold", self._since
                    events.append(HoldStarted(t_ms=self._since))
            elif ok is False or (self._last_ok is not None and t_ms - self._last_ok > MAX_GAP_MS):
                self._since = None
        return events

    def _since_or(self, t_ms: int) -> int:
        return t_ms if self._since is None else self._since

    def _end(self, end_ms: int, edge: bool) -> list[Event]:
        held_s = max(0.0, (end_ms - self._hold_start) / 1000)
        self.phase, self._since = "relax", end_ms
        return [HoldEnded(t_ms=end_ms, hold_s=held_s, closed_by_edge=edge)]

    def finish(self, t_ms: int) -> list[Event]:
        events = self._end(t_ms, edge=True) if self.phase == "hold" else []
        self.phase, self._since, self._last_ok, self._t = "waiting", None, None, None
        return events

    def status(self) -> Status:
        if self.phase != "hold" or self._t is None:
            return Status(phase="rest" if self.phase == "waiting" else "relax")
        held_s = (self._t - self._hold_start) / 1000
        return Status(phase="holding", hold_s=held_s, extra={"count": float(int(held_s))})


__all__ = ["GuidedHoldMachine", "RELAX_S"]


class GuidedExercise:
    """A guided exercise: all it sees is whether the patient is in position (1.0, 0.0, or
    None when not seen), and a GuidedHoldMachine paces and times the holds from that. The
    exercise modules differ only in their spec and their position check."""

    def __init__(self, spec: ExerciseSpec, in_position: Callable[[PoseFrame], float | None]):
        self.spec = spec
        self.in_position = in_position

    def extract(self, frame: PoseFrame) -> Features:
        return {"in_position": self.in_position(frame)}

    def machine(self, prescription: Prescription) -> GuidedHoldMachine:
        return GuidedHoldMachine("in_position", prescription)
