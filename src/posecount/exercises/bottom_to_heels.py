"""Bottom to heels (leaflets 002, 003; 001 "child's pose"): from all fours (hands under the
shoulders, knees under the hips), sit back so the bottom goes towards the heels, arms
stretched in front and head down; hold, then come back onto all fours. Watched side-on:
the hip angle (shoulder-hip-knee) closes from about 90 degrees on all fours to 20-40 with
the bottom on the heels (the knee angle follows, from about 90 to 30).

All fours has no posture of its own in the posture check: a trunk level with the floor
and the chest facing it reads as lying face down, which is what is required here."""

from __future__ import annotations

from posecount.counting import RepCounterSpec
from posecount.exercises.base import ExerciseSpec, Features, nearer_side_first
from posecount.exercises.hold_machine import STRETCH_HOLD, StretchHoldMachine
from posecount.features.geometry import joint_angle_deg
from posecount.features.posture import Posture, chain
from posecount.features.view import View
from posecount.prescription.model import Prescription
from posecount.types import PoseFrame

SPEC = ExerciseSpec(
    id="bottom-to-heels",
    title="Bottom to heels",
    how="Start on your hands and knees; slowly sit back so your bottom moves towards your "
    "heels, arms stretched out in front and head down; hold, then come back to all fours.",
    camera="side-on at floor level, 2-3 m away, your whole body (hands to feet) in view",
    postures=frozenset({Posture.LYING_FACE_DOWN}),
    range_label="hip angle sat back (shoulder-hip-knee; lower is further back)",
    lower_is_further=True,
    # The picture's hip angle, exact side-on only (from the head or feet the hips move
    # along the camera's axis): other views are not judged.
    signal="hip_angle_deg",
    views={View.SIDE: "hip_angle_deg"},
)


class BottomToHeels:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        hip = nearer_side_first(frame, lambda f, side: joint_angle_deg(f, *chain(side)[:3]))
        return {"hip_angle_deg": hip}

    def machine(self, prescription: Prescription) -> StretchHoldMachine:
        counter = RepCounterSpec(
            direction=-1,
            # Sitting back 20 degrees at the hip moves the bottom about 15 cm towards the
            # heels (thigh ~45 cm): a deliberate move. Rocking on all fours while settling
            # moves the hip angle by under 10 degrees.
            enter_delta=20.0,
            # Back within 10 degrees of the all-fours angle is back on all fours.
            exit_delta=10.0,
            # 001 holds for 10 s, 002 one deep breath; patients (and the shared clip, 30 s)
            # often stay longer in this resting stretch: up to two minutes is one rep.
            max_rep_ms=120_000,
            target=prescription.range_target,
            target_kind="level",
        )
        return StretchHoldMachine("hip_angle_deg", counter, STRETCH_HOLD)


EXERCISE = BottomToHeels()
