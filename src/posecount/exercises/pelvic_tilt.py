"""Pelvic tilt (leaflet 000 "pelvic tilts", 001 "pelvic rocking", 002 "pelvic tilts"): lying
on the back with the knees bent, flatten the low back into the floor by tilting the pelvis,
hold, and let it arch gently back. A guided exercise: the position is checked and the holds
are paced and timed, but the tilt itself is not measured.

Why not measured: the tilt is 5-15 degrees of pelvic rotation with the hips on the floor
(the thighs hardly move), which moves MediaPipe's hip landmarks by 1-2 cm. Those landmarks
are estimated from the body's outline, not from the pelvis's bones, and in the real
supine tracks of the shared clips the hip angle of a body lying still wanders by 2-5
degrees from frame to frame: the same size as the movement, so any count from it would be
made up (see the README, "Guided exercises")."""

from __future__ import annotations

from posecount.exercises.base import ExerciseSpec, Features, nearer_side_first
from posecount.exercises.guided import GuidedHoldMachine
from posecount.features.geometry import joint_angle_deg
from posecount.features.posture import Posture, chain
from posecount.prescription.model import Prescription
from posecount.types import PoseFrame

SPEC = ExerciseSpec(
    id="pelvic-tilt",
    title="Pelvic tilt (guided)",
    how="Lie on your back, knees bent and feet flat; as you breathe out, flatten your low back "
    "into the floor by tilting your pelvis, hold, then let it arch gently back.",
    camera="side-on at floor level, 2-3 m away, from your head to your feet in view",
    postures=frozenset({Posture.LYING_FACE_UP}),
    range_label="not measured (guided: position checked, holds timed)",
    range_unit="",
    holds=True,
    rep_min_hold_s=1.0,
)

# Hook lying puts the knees at 60-100 degrees; past 140 (the posture check's straight-leg
# limit) the legs are down, and the tilt cannot be done as the leaflets describe it.
KNEES_BENT_MAX_DEG = 140.0


def knees_bent(frame: PoseFrame) -> float | None:
    """1.0 when the nearer knee is bent (hook lying), 0.0 when straight, None unseen."""
    knee = nearer_side_first(frame, lambda f, side: joint_angle_deg(f, *chain(side)[1:]))
    return None if knee is None else float(knee < KNEES_BENT_MAX_DEG)


class PelvicTilt:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        return {"in_position": knees_bent(frame)}

    def machine(self, prescription: Prescription) -> GuidedHoldMachine:
        return GuidedHoldMachine("in_position", prescription)


EXERCISE = PelvicTilt()
