"""Sciatic nerve glide (leaflet 001 seated "sciatic nerve gliding"; 004 lying "sciatic
nerve floss"): with the hip bent (sitting slumped, or lying with the thigh held up),
straighten the knee to the point of tension and bend it back, one leg at a time, smoothly.
Each leg's knee angle (hip-knee-ankle) opens from about 90 degrees towards straight; reps
are counted per leg.

The glide only tensions the nerve with the hip flexed: a leg's knee is taken only while
its hip angle (shoulder-hip-knee) is under HIP_FLEXED_MAX_DEG, so straightening a leg to
stand up, or lying with the legs down, counts nothing."""

from __future__ import annotations

from posecount.counting import PerSide, RepCounterSpec
from posecount.exercises.base import ExerciseSpec, Features, RepMachine, Status
from posecount.features.geometry import joint_angle_deg
from posecount.features.posture import Posture, chain
from posecount.features.view import View
from posecount.prescription.model import Prescription
from posecount.types import Event, PoseFrame

SPEC = ExerciseSpec(
    id="sciatic-nerve-glide",
    title="Sciatic nerve glide",
    how="Sit slumped on a chair (or lie on your back holding one thigh up); slowly straighten "
    "the knee until you feel tension, no further, then bend it back; then the other leg.",
    camera="side-on at seat height, 2-3 m away, from your head to your feet in view",
    # Straightening the near leg while seated opens its knee past the posture check's
    # sitting limit, so that frame reads as standing, or (the leg near level, the trunk
    # slumped forwards) as lying face down; the hip check below keeps it honest: lying or
    # standing, the hip is open.
    postures=frozenset(
        {Posture.SITTING, Posture.STANDING, Posture.LYING_FACE_UP, Posture.LYING_FACE_DOWN}
    ),
    range_label="knee straightened (hip-knee-ankle angle)",
    sides=("left", "right"),
    # Each leg's picture knee angle: side-on only (from the front the shank swings
    # towards the camera).
    signal="left_knee_angle_deg",
    views={View.SIDE: "left_knee_angle_deg"},
)

# Sitting the hip angle is about 90-110 degrees, lying with the thigh held up about 90;
# standing it opens past 160. Under 130 (the posture check's sitting limit) is flexed.
HIP_FLEXED_MAX_DEG = 130.0
LEGS = ("left", "right")


def knee_angle_deg(frame: PoseFrame, leg: str) -> float | None:
    s, h, k, a = chain(leg)
    hip = joint_angle_deg(frame, s, h, k)
    if hip is None or hip >= HIP_FLEXED_MAX_DEG:
        return None
    return joint_angle_deg(frame, h, k, a)


class _Legs:
    def __init__(self, prescription: Prescription) -> None:
        spec = RepCounterSpec(
            direction=+1,
            # Straightening by 25 degrees is a deliberate glide (the foot travels about
            # 18 cm for a 40 cm shank); a seated leg at rest shifts by under 10.
            enter_delta=25.0,
            exit_delta=12.0,
            target=prescription.range_target,
            target_kind="level",
        )
        self.machines = {leg: RepMachine(f"{leg}_knee_angle_deg", spec, side=leg) for leg in LEGS}
        self._legs: PerSide[Features] = PerSide(self.machines)

    def update(self, features: Features, t_ms: int) -> list[Event]:
        return self._legs.update(dict.fromkeys(LEGS, features), t_ms)

    def finish(self, t_ms: int) -> list[Event]:
        return self._legs.finish(t_ms)

    def status(self) -> Status:
        moving = next((s for s, m in self.machines.items() if m.counter.phase == "moving"), None)
        shown = self.machines[moving or "left"].status()
        shown.side = moving
        return shown


class SciaticNerveGlide:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        return {f"{leg}_knee_angle_deg": knee_angle_deg(frame, leg) for leg in LEGS}

    def machine(self, prescription: Prescription) -> _Legs:
        return _Legs(prescription)


EXERCISE = SciaticNerveGlide()
