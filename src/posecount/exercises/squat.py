"""Squat (leaflet 003): standing, feet shoulder-width apart, bend the knees as if to sit,
arms forward for balance, and stand back up. Watched side-on: the knee angle
(hip-knee-ankle) closes from about 175 degrees standing."""

from __future__ import annotations

from posecount.counting import RepCounterSpec
from posecount.exercises.base import (
    ExerciseSpec,
    Features,
    RepMachine,
    nearer_side_first,
    world_angle_both_sides,
)
from posecount.features.geometry import joint_angle_deg
from posecount.features.posture import Posture, chain
from posecount.features.view import View
from posecount.prescription.model import Prescription
from posecount.types import PoseFrame

SPEC = ExerciseSpec(
    id="squat",
    title="Squat",
    how="Stand with feet shoulder-width apart, arms out in front; bend your knees as if "
    "sitting down, then stand tall again.",
    camera="side-on at hip height, 2-3 m away, whole body in view",
    # The bottom of a squat looks like sitting to the posture check.
    postures=frozenset({Posture.STANDING, Posture.SITTING}),
    start_postures=frozenset({Posture.STANDING}),
    range_label="knee angle at the bottom (hip-knee-ankle; lower is deeper)",
    lower_is_further=True,
    signal="knee_angle_deg",
    # From the front the knees bend towards the camera: the picture's angle barely
    # changes, the world angle does.
    views={
        View.SIDE: "knee_angle_deg",
        View.FRONT: "knee_angle_world_deg",
        View.OBLIQUE: "knee_angle_world_deg",
    },
)


class Squat:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        knee = nearer_side_first(frame, lambda f, side: joint_angle_deg(f, *chain(side)[1:]))
        return {
            "knee_angle_deg": knee,
            "knee_angle_world_deg": world_angle_both_sides(frame, lambda side: chain(side)[1:]),
        }

    def machine(self, prescription: Prescription) -> RepMachine:
        counter = RepCounterSpec(
            direction=-1,
            # 20 degrees of knee bend is a deliberate dip, more than the 5-10 degree knee
            # sway of someone standing and shifting weight.
            enter_delta=20.0,
            exit_delta=10.0,
            # A shallow squat counts down to 10 degrees of knee bend when standing still is
            # steady enough to tell it from a weight shift (see RepCounterSpec).
            min_enter_delta=10.0,
            target=prescription.range_target,
            target_kind="level",
            # Input that opens with the knees bent is a patient on a chair (a squat's bottom
            # reads seated), who then stands up to start: not the end of a squat begun
            # before the recording (squat bottoms are not held; the leaflet prescribes no
            # hold). Counted, a set started from a chair had one squat too many.
            start_edge=False,
        )
        return RepMachine("knee_angle_deg", counter)


EXERCISE = Squat()
