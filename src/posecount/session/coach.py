"""The live coach: turns events and the machine's status into what the patient sees and
hears (count, set, hold countdown, one cue at a time, spoken words). Pure: no clock, no
I/O; the live loop feeds it and draws or speaks what it says."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from posecount.exercises.base import ExerciseSpec, Status
from posecount.pose.landmarks import LandmarkId as L
from posecount.prescription.model import Prescription
from posecount.types import (
    Event,
    HoldEnded,
    HoldStarted,
    PoseFrame,
    PostureMismatch,
    PostureOk,
    RepCompleted,
    TrackingLost,
    TrackingRegained,
)

_WHOLE_BODY = (
    L.NOSE,
    L.LEFT_SHOULDER,
    L.RIGHT_SHOULDER,
    L.LEFT_HIP,
    L.RIGHT_HIP,
    L.LEFT_KNEE,
    L.RIGHT_KNEE,
    L.LEFT_ANKLE,
    L.RIGHT_ANKLE,
)
# Side-on: the two shoulders nearly overlap in the image (less than 40% of the torso's
# length apart); facing the camera they are about as far apart as the torso is long.
_SIDE_ON_MAX_SHOULDER_SHARE = 0.4


def setup_advice(frame: PoseFrame, spec: ExerciseSpec) -> str | None:
    """What to change before starting, or None when the view suits the exercise."""
    if frame.landmarks is None:
        return "step into view so the camera sees your whole body"
    lm = frame.landmarks
    hidden = [lid for lid in _WHOLE_BODY if lm[lid, 3] < 0.5 or not 0 <= lm[lid, 1] <= 1]
    if any(lid in hidden for lid in (L.LEFT_ANKLE, L.RIGHT_ANKLE, L.LEFT_KNEE, L.RIGHT_KNEE)):
        return "move back so your feet are in view"
    if L.NOSE in hidden:
        return "move so your head is in view"
    w, h = frame.frame_size_px
    shoulders = abs(lm[L.LEFT_SHOULDER, 0] - lm[L.RIGHT_SHOULDER, 0]) * (w or 1)
    mid_s = (lm[L.LEFT_SHOULDER, :2] + lm[L.RIGHT_SHOULDER, :2]) / 2
    mid_h = (lm[L.LEFT_HIP, :2] + lm[L.RIGHT_HIP, :2]) / 2
    torso = math.hypot((mid_s[0] - mid_h[0]) * (w or 1), (mid_s[1] - mid_h[1]) * (h or 1))
    side_on = torso > 0 and shoulders < _SIDE_ON_MAX_SHOULDER_SHARE * torso
    if spec.camera.startswith("side-on") and not side_on:
        return "turn the camera to see you from the side"
    if spec.camera.startswith("facing") and side_on:
        return "face the camera"
    return None


@dataclass
class Coach:
    spec: ExerciseSpec
    prescription: Prescription
    reps_total: int = 0
    set_index: int = 1
    in_set: int = 0
    side_counts: dict[str, int] = field(default_factory=dict)
    hold_s: float | None = None
    cue: str | None = None
    set_done: bool = False
    _lost: bool = False
    _mismatch: str | None = None
    _hold_reached: bool = False
    _spoken_count: int = 0

    def __post_init__(self) -> None:
        self.side_counts = dict.fromkeys(self.spec.sides, 0)

    @property
    def per_set(self) -> int | None:
        p = self.prescription
        return None if not p.reps else p.reps * (len(self.spec.sides) or 1)

    @property
    def hold_target_s(self) -> float | None:
        return self.prescription.hold_s

    def next_set(self) -> list[str]:
        self.set_index += 1
        self.in_set = 0
        self.set_done = False
        return [f"set {self.set_index}"]

    def update(
        self, events: list[Event], status: Status, frame: PoseFrame, counting: bool = True
    ) -> list[str]:
        """Takes one analysed frame's events; returns the phrases to speak."""
        say: list[str] = []
        counting_aloud = self._spoken_count > 0
        for e in events:
            words = self._on_event(e)
            if counting_aloud and isinstance(e, HoldEnded) and words and words[0].isdigit():
                # After counting seconds aloud, a bare number would sound like one more.
                words[0] = f"and relax - that was hold {words[0]}"
            say += words
        self.hold_s = status.hold_s
        # A guided hold (exercises.guided) counts its seconds aloud: the patient is talked
        # through a hold the camera cannot see.
        count = status.extra.get("count")
        if count is None or count < self._spoken_count:
            self._spoken_count = 0
        elif count >= 1 and int(count) != self._spoken_count:
            self._spoken_count = int(count)
            say.append(str(self._spoken_count))
        target = self.hold_target_s
        if self.hold_s is not None and target and self.hold_s >= target and not self._hold_reached:
            self._hold_reached = True
            say.append("and relax" if not self.spec.holds else "well done, and down")
        self.cue = self._cue(status, frame)
        return say

    def _counted(self, side: str | None) -> list[str]:
        self.reps_total += 1
        self.in_set += 1
        if side in self.side_counts:
            self.side_counts[side] += 1
        say = [str(self.in_set)]
        if self.per_set and self.in_set >= self.per_set and not self.set_done:
            self.set_done = True
            last = self.set_index >= self.prescription.sets
            say.append("that is the last set, well done" if last else "set done, rest now")
        return say

    def _on_event(self, e: Event) -> list[str]:
        if isinstance(e, RepCompleted) and not self.spec.holds:
            return self._counted(e.side)
        if isinstance(e, HoldEnded):
            self._hold_reached = False
            if self.spec.holds and e.hold_s >= self.spec.rep_min_hold_s:
                return self._counted(e.side)
        if isinstance(e, HoldStarted):
            self._hold_reached = False
            return ["hold"]
        if isinstance(e, TrackingLost):
            self._lost = True
        if isinstance(e, TrackingRegained):
            self._lost = False
        if isinstance(e, PostureMismatch):
            self._mismatch = e.expected
            return [f"this one is done {e.expected}"]
        if isinstance(e, PostureOk):
            self._mismatch = None
        return []

    def _cue(self, status: Status, frame: PoseFrame) -> str | None:
        if self._lost or frame.landmarks is None:
            return "move back so your whole body is in view"
        if self._mismatch:
            return f"this one is done {self._mismatch}"
        if self.set_done:
            return "set done - rest, then press n for the next set"
        target = self.hold_target_s
        if self.hold_s is not None:
            if target and self.hold_s >= target:
                return "relax" if not self.spec.holds else "well done - put it down"
            return "hold"
        if status.phase == "relax":  # between guided holds (exercises.guided)
            return "relax - the next hold starts in a moment"
        if self.reps_total == 0:
            return setup_advice(frame, self.spec) or "ready - start when you like"
        if status.phase == "moving" and self.prescription.range_target is not None:
            excursion = self.spec.target_kind == "excursion"
            value = status.excursion if excursion else status.signal
            if value is not None:
                goal = self.prescription.range_target
                short = value > goal if self.spec.lower_is_further else value < goal
                if short:
                    return "a little lower" if self.spec.lower_is_further else "a little higher"
        return None

    def set_text(self) -> str | None:
        if not self.per_set:
            return None
        return f"Set {self.set_index} of {self.prescription.sets} - {self.in_set}/{self.per_set}"

    def hold_remaining_s(self) -> float | None:
        if self.hold_s is None or not self.hold_target_s:
            return None
        return max(0.0, self.hold_target_s - self.hold_s)
