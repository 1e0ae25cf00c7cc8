"""Knee rolls (leaflets 001-004): lying on the back, knees bent and together, feet flat;
roll both knees to one side as far as is comfortable, back to the middle, then to the
other side. Reps are counted per side; range per side and the left/right asymmetry are
reported.

The knee-roll angle comes from world landmarks (3D): the direction from the mid-hip to the
mid-knee, seen along the body's long axis, against the chest's "up". 0 = knees pointing
at the ceiling; positive = rolled to the person's right. In 3D it does not matter whether
the camera is at the feet or side-on, though from the feet the knees are seen best."""

from __future__ import annotations

import math

import numpy as np

from posecount.counting import PerSide, RepCounterSpec
from posecount.exercises.base import ExerciseSpec, Features, RepMachine, Status
from posecount.features.posture import Posture
from posecount.pose.landmarks import LandmarkId as L
from posecount.prescription.model import Prescription
from posecount.types import Event, PoseFrame

SPEC = ExerciseSpec(
    id="knee-rolls",
    title="Knee rolls",
    how="Lie on your back, knees bent and together, feet flat; let both knees roll to one "
    "side as far as is comfortable, back to the middle, then to the other side.",
    camera="at your feet looking along your body (or side-on), about 2 m away, low down",
    postures=frozenset({Posture.LYING_FACE_UP, Posture.LYING_ON_SIDE}),
    range_label="knee roll from upright",
    sides=("left", "right"),
    target_kind="excursion",
)


def knee_roll_deg(frame: PoseFrame) -> float | None:
    w = frame.world_m
    if w is None or frame.landmarks is None:
        return None
    hips = (w[L.LEFT_HIP] + w[L.RIGHT_HIP]) / 2
    along = (w[L.LEFT_SHOULDER] + w[L.RIGHT_SHOULDER]) / 2 - hips
    n_along = float(np.linalg.norm(along))
    if n_along < 1e-6:
        return None
    along /= n_along
    across = w[L.RIGHT_SHOULDER] - w[L.LEFT_SHOULDER]
    across = across - (across @ along) * along
    n_across = float(np.linalg.norm(across))
    if n_across < 1e-6:
        return None
    across /= n_across
    # The shoulders stay on the floor (leaflet 002), so they give the lying body's "up":
    # cross(across, along) points into the floor for someone face up (world y is down).
    up = -np.cross(across, along)
    knees = (w[L.LEFT_KNEE] + w[L.RIGHT_KNEE]) / 2 - hips
    return math.degrees(math.atan2(float(knees @ across), float(knees @ up)))


class _BothSides:
    """One counter per side on the same signed angle, both with the rest level fixed at
    upright: with alternating rolls there is no pause in the middle to learn it from."""

    def __init__(self, prescription: Prescription) -> None:
        def spec(direction: int) -> RepCounterSpec:
            return RepCounterSpec(
                direction=direction,
                # 20 degrees is a deliberate roll; lying still, the 3D knee direction
                # wobbles by 5-10 degrees.
                enter_delta=20.0,
                exit_delta=10.0,
                rest_level=0.0,
                target=prescription.range_target,
                target_kind="excursion",
            )

        self.machines = {
            "left": RepMachine("knee_roll_deg", spec(-1), side="left"),
            "right": RepMachine("knee_roll_deg", spec(+1), side="right"),
        }
        self._sides: PerSide[Features] = PerSide(self.machines)

    def update(self, features: Features, t_ms: int) -> list[Event]:
        return self._sides.update(dict.fromkeys(self.machines, features), t_ms)

    def finish(self, t_ms: int) -> list[Event]:
        return self._sides.finish(t_ms)

    def status(self) -> Status:
        right = self.machines["right"].status()
        moving = next((s for s, m in self.machines.items() if m.counter.phase == "moving"), None)
        roll = right.signal
        return Status(
            phase="moving" if moving else "rest",
            signal=roll,
            excursion=None if roll is None else abs(roll),
            side=moving,
        )


class KneeRolls:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        return {"knee_roll_deg": knee_roll_deg(frame)}

    def machine(self, prescription: Prescription) -> _BothSides:
        return _BothSides(prescription)


EXERCISE = KneeRolls()
