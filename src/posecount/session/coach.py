"""The live coach: turns events and the machine's status into what the patient sees and
hears (count, set, hold countdown, one cue at a time, spoken words). Pure: no clock, no
I/O; the live loop feeds it and draws or speaks what it says."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

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

# Side-on: the two shoulders nearly overlap in the image (less than 40% of the torso's
# length apart); facing the camera they are about as far apart as the torso is long.
_SIDE_ON_MAX_SHOULDER_SHARE = 0.4


def _out_of_frame(lm: np.ndarray, lid: L) -> bool:
    """Placed beyond the picture's edge: MediaPipe extrapolates a body part it cannot
    see in the picture to where it would be, outside 0..1."""
    x, y = float(lm[lid, 0]), float(lm[lid, 1])
    return not (0.0 <= x <= 1.0 and 0.0 <= y <= 1.0)


def _pair_unseen(lm: np.ndarray, a: L, b: L) -> bool:
    """A pair of body parts (the ankles, the knees) is out of view when either is off the
    picture, or both are too faint to trust. One faint one inside the picture is the
    far leg hidden behind the near one, as on any side-on exercise: the camera sees all
    it needs, so it is no reason to ask the patient to move."""
    if _out_of_frame(lm, a) or _out_of_frame(lm, b):
        return True
    return lm[a, 3] < 0.5 and lm[b, 3] < 0.5


def setup_advice(
    frame: PoseFrame, spec: ExerciseSpec, view_supported: bool | None = None
) -> str | None:
    """What to change before starting, or None when the view suits the exercise.
    `view_supported`: the analysis's own decision on the camera view (a ViewDecided
    event), which knows every view the exercise can be measured from; without it, the
    exercise's recommended camera position is checked."""
    if frame.landmarks is None:
        return "step into view so the camera sees your whole body"
    lm = frame.landmarks
    if _pair_unseen(lm, L.LEFT_ANKLE, L.RIGHT_ANKLE) or _pair_unseen(lm, L.LEFT_KNEE, L.RIGHT_KNEE):
        return "move back so your feet are in view"
    if lm[L.NOSE, 3] < 0.5 or _out_of_frame(lm, L.NOSE):
        return "move so your head is in view"
    if view_supported is True:
        return None
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
    # A programme (posecount.programme) announces sets and rests itself, and a rep made
    # after a set is done (the patient started again before the rest was over) begins
    # the next set instead of overrunning the last one.
    programme: bool = False
    # "A little higher next time" after a rep short of the target; off when the patient
    # chose to move less far (a red-zone choice) or no target is set.
    range_feedback: bool = True
    _countdown_said: int = 0  # the lowest of 3, 2, 1 already said in this hold
    _in_hold: bool = False  # between HoldStarted and HoldEnded

    def __post_init__(self) -> None:
        self.side_counts = dict.fromkeys(self.spec.sides, 0)

    @property
    def per_set(self) -> int | None:
        p = self.prescription
        if not p.reps:
            # In a programme a set of holds with no rep count is one hold (each side):
            # the set must end for the programme to move on.
            if self.programme and (self.spec.holds or p.hold_s):
                return len(self.spec.sides) or 1
            return None
        return p.reps * (len(self.spec.sides) or 1)

    @property
    def hold_target_s(self) -> float | None:
        return self.prescription.hold_s

    def next_set(self) -> list[str]:
        self.set_index += 1
        self.in_set = 0
        self.set_done = False
        return [f"set {self.set_index}"]

    def _countdown(self) -> list[str]:
        """ "3, 2, 1" in the last seconds of a timed hold, before "and relax": the patient
        lying on the floor hears how long is left without looking at the screen."""
        target = self.hold_target_s
        if self.hold_s is None or not target or self._hold_reached or not self._in_hold:
            return []
        left = target - self.hold_s
        say: list[str] = []
        for n in (3, 2, 1):
            fresh = self._countdown_said == 0 or n < self._countdown_said
            if n <= target and left <= n and fresh:
                say = [str(n)]  # a late frame says only the newest number, never a burst
                self._countdown_said = n
        return say

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
        if self.hold_s is None:
            self._countdown_said = 0
        elif status.extra.get("count") is None:
            say += self._countdown()
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
            if not self.programme:
                last = self.set_index >= self.prescription.sets
                say.append("that is the last set, well done" if last else "set done, rest now")
        return say

    def _started_early(self) -> None:
        """A rep after a finished set, in a programme: it is the next set's first."""
        if self.programme and self.set_done and self.set_index < self.prescription.sets:
            self.next_set()

    def _range_word(self, e: RepCompleted) -> list[str]:
        """One piece of range feedback per rep, at most: said when the rep is over, so
        it never interrupts a movement on its way to the target."""
        if not self.range_feedback or e.range_target is None or e.short_by <= 0:
            return []
        further = "lower" if self.spec.lower_is_further else "higher"
        if self.spec.target_kind == "excursion":
            further = "further"
        return [f"a little {further} next time"]

    def _on_event(self, e: Event) -> list[str]:
        if isinstance(e, RepCompleted) and not self.spec.holds:
            self._started_early()
            return self._counted(e.side) + self._range_word(e)
        if isinstance(e, HoldEnded):
            self._hold_reached = False
            self._countdown_said = 0
            self._in_hold = False
            if self.spec.holds and e.hold_s >= self.spec.rep_min_hold_s:
                self._started_early()
                return self._counted(e.side)
        if isinstance(e, HoldStarted):
            self._hold_reached = False
            self._countdown_said = 0
            self._in_hold = True
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
            if self.programme:
                return "set done - rest"
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

    @property
    def in_hold(self) -> bool:
        return self._in_hold

    def set_text(self) -> str | None:
        if not self.per_set:
            return None
        return f"Set {self.set_index} of {self.prescription.sets} - {self.in_set}/{self.per_set}"

    def hold_remaining_s(self) -> float | None:
        if self.hold_s is None or not self.hold_target_s:
            return None
        return max(0.0, self.hold_target_s - self.hold_s)
