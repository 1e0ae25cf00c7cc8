"""Seated forward bend (leaflet 001 "forward bend in sitting"): sitting on a chair, feet on
the floor, bend forwards towards the floor as far as is comfortable, hold, and sit up
again. Measured in 3D (world landmarks): the trunk's lean from upright towards the knees,
0 sitting tall, 30-50 degrees halfway down, 60-80 with the chest near the thighs.

A deep bend folds the trunk level with the floor, which the posture check reads as lying
face down; the position is therefore also checked here: the knees must be bent (a seated
leg), or the lean is not taken."""

from __future__ import annotations

from collections.abc import Mapping

from posecount.counting import HoldTimerSpec, RepCounterSpec
from posecount.exercises.base import ExerciseSpec, Features, RepMachine, nearer_side_first
from posecount.features.geometry import joint_angle_deg
from posecount.features.posture import Posture, chain
from posecount.features.trunk import trunk_lean_forward_deg
from posecount.features.view import View
from posecount.prescription.model import Prescription
from posecount.types import PoseFrame

# The seated trunk lean (also sitting rocking's) is a world-landmark lean: judged side-on,
# from the front (a laptop on a table) or obliquely.
SEATED_LEAN_VIEWS: Mapping[View, str] = {
    View.SIDE: "trunk_lean_deg",
    View.FRONT: "trunk_lean_deg",
    View.OBLIQUE: "trunk_lean_deg",
}

SPEC = ExerciseSpec(
    id="seated-forward-bend",
    title="Seated forward bend",
    how="Sit on a steady chair, feet flat on the floor; slowly bend forwards towards the floor "
    "as far as feels comfortable, hold, then slowly sit up tall again.",
    camera="side-on at seat height, 2-3 m away, from your head to your feet in view",
    signal="trunk_lean_deg",
    views=SEATED_LEAN_VIEWS,
    postures=frozenset({Posture.SITTING, Posture.LYING_FACE_DOWN}),
    range_label="trunk lean forwards from upright (hips to shoulders)",
)

# Seated, the knees are bent near 90 degrees; a straight leg (over 140, the posture
# check's own limit) is standing or lying, not sitting.
SEATED_KNEE_MAX_DEG = 140.0


def seated(frame: PoseFrame) -> bool | None:
    knee = nearer_side_first(frame, lambda f, side: joint_angle_deg(f, *chain(side)[1:]))
    return None if knee is None else knee < SEATED_KNEE_MAX_DEG


def seated_trunk_lean_deg(frame: PoseFrame) -> float | None:
    """The trunk's lean forwards from upright, taken only when seated."""
    return trunk_lean_forward_deg(frame) if seated(frame) else None


class SeatedForwardBend:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        return {"trunk_lean_deg": seated_trunk_lean_deg(frame)}

    def machine(self, prescription: Prescription) -> RepMachine:
        counter = RepCounterSpec(
            direction=+1,
            # 20 degrees of forward lean moves the shoulders about 17 cm forwards (trunk
            # ~50 cm): a deliberate bend. Sitting still, breathing and shifting, the 3D trunk
            # line wobbles by 3-6 degrees.
            enter_delta=20.0,
            exit_delta=10.0,
            target=prescription.range_target,
            target_kind="level",
        )
        # 001 holds for 5 s; a second still at the bottom is the start of a hold.
        top_hold = HoldTimerSpec(min_start_ms=300, min_end_ms=500, min_hold_ms=1000)
        return RepMachine("trunk_lean_deg", counter, top_hold=top_hold)


EXERCISE = SeatedForwardBend()
