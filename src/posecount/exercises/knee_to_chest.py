"""Knee to chest (leaflet 003 "knee hugs", 004 "low back stretch"): lying on the back with
the knees bent, draw one knee (or both) up to the chest, hug it with the arms and hold,
breathing, then lower it. Watched side-on: each leg's hip angle (shoulder-hip-knee)
closes from about 130-145 degrees with the foot on the floor to 40-60 hugged.

A rep is one hug: the more flexed leg is the signal, so one knee or both drawn up
together is one rep, and each rep's event says which knee came up (left, right or both).
The prescription counts hugs whichever knee (003: "one knee followed by the next, or both
at the same time"), so the spec declares no sides to split the count by. Side-on,
the far leg is often hidden behind the near one when both are hugged; a double hug then
reads as the near leg only (MediaPipe gives the hidden leg a low visibility, and a hidden
joint is missing, never guessed)."""

from __future__ import annotations

from dataclasses import replace

from posecount.counting import RepCounterSpec
from posecount.exercises.base import ExerciseSpec, Features, Status
from posecount.exercises.hold_machine import STRETCH_HOLD, StretchHoldMachine
from posecount.features.geometry import joint_angle_deg
from posecount.features.posture import Posture, chain
from posecount.features.view import View
from posecount.prescription.model import Prescription
from posecount.types import Event, HoldEnded, HoldStarted, PoseFrame, RepCompleted

SPEC = ExerciseSpec(
    id="knee-to-chest",
    title="Knee to chest",
    how="Lie on your back, knees bent and feet flat; bring one knee (or both) up towards your "
    "chest, hug it with your arms and hold while breathing slowly, then lower it.",
    camera="side-on at floor level, 2-3 m away, from your head to your feet in view",
    postures=frozenset({Posture.LYING_FACE_UP}),
    range_label="hip angle hugged (shoulder-hip-knee; lower is closer to the chest)",
    lower_is_further=True,
    # Each leg's picture angle is exact only side-on; from the feet a drawn-up knee moves
    # along the camera's axis. Other views are not judged.
    signal="left_hip_angle_deg",
    views={View.SIDE: "left_hip_angle_deg"},
)

LEGS = ("left", "right")
# Two knees hugged together stay within this of each other at the hip (arms around both
# shins hold them side by side); a leg further from the deepest one than this stayed down.
_TOGETHER_DEG = 15.0


def hip_angle_deg(frame: PoseFrame, leg: str) -> float | None:
    return joint_angle_deg(frame, *chain(leg)[:3])


class _Hugs:
    """A StretchHoldMachine on the more flexed leg, with each rep and hold labelled by the
    leg(s) that came up: those within _TOGETHER_DEG of the rep's deepest hip angle."""

    def __init__(self, prescription: Prescription) -> None:
        counter = RepCounterSpec(
            direction=-1,
            # 25 degrees of hip flexion lifts the knee about 20 cm towards the chest (thigh
            # ~45 cm): a deliberate draw. Lying still, feet on the floor, the hip angle
            # wobbles by 3-5 degrees, and shuffling the feet by under 10.
            enter_delta=25.0,
            # Back within 12 degrees of the resting angle is the foot back on the floor.
            exit_delta=12.0,
            # Leaflet 004 holds for 10 deep breaths (40-60 s), with the draw and the
            # lowering either side: up to two minutes is one hug.
            max_rep_ms=120_000,
            target=prescription.range_target,
            target_kind="level",
        )
        self.inner = StretchHoldMachine("hip_angle_deg", counter, STRETCH_HOLD)
        self._leg_min: dict[str, float] = {}

    def _legs_up(self, deepest: float | None) -> str | None:
        if not self._leg_min:
            return None
        if deepest is None:
            deepest = min(self._leg_min.values())
        up = [leg for leg in LEGS if self._leg_min.get(leg, 999.0) <= deepest + _TOGETHER_DEG]
        return "both" if len(up) == 2 else (up[0] if up else None)

    def update(self, features: Features, t_ms: int) -> list[Event]:
        legs = {leg: features.get(f"{leg}_hip_angle_deg") for leg in LEGS}
        seen = [v for v in legs.values() if v is not None]
        for leg, v in legs.items():
            if v is not None:
                self._leg_min[leg] = min(v, self._leg_min.get(leg, v))
        events = self.inner.update({"hip_angle_deg": min(seen) if seen else None}, t_ms)
        return self._label(events)

    def finish(self, t_ms: int) -> list[Event]:
        return self._label(self.inner.finish(t_ms))

    def _label(self, events: list[Event]) -> list[Event]:
        out: list[Event] = []
        for e in events:
            if isinstance(e, RepCompleted):
                out.append(replace(e, side=self._legs_up(e.range_achieved)))
                self._leg_min = {}  # the next hug starts afresh
            elif isinstance(e, HoldStarted | HoldEnded):
                out.append(replace(e, side=self._legs_up(None)))
            else:
                out.append(e)
        return out

    def status(self) -> Status:
        s = self.inner.status()
        s.side = self._legs_up(None) if s.phase == "moving" else None
        return s


class KneeToChest:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        return {f"{leg}_hip_angle_deg": hip_angle_deg(frame, leg) for leg in LEGS}

    def machine(self, prescription: Prescription) -> _Hugs:
        return _Hugs(prescription)


EXERCISE = KneeToChest()
