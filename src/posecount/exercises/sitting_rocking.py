"""Sitting rocking (leaflet 001): sitting tall on a chair, breathe in; breathe out and
slump back against the chair (the pelvis rolls back, the back rounds), then grow tall
again. Measured in 3D (world landmarks): the trunk's lean from upright, which falls as
the patient slumps back (0 sitting tall, -10 to -20 slumped against the backrest)."""

from __future__ import annotations

from posecount.counting import RepCounterSpec
from posecount.exercises.base import ExerciseSpec, Features, RepMachine
from posecount.exercises.seated_forward_bend import SEATED_LEAN_VIEWS, seated_trunk_lean_deg
from posecount.features.posture import Posture
from posecount.prescription.model import Prescription
from posecount.types import PoseFrame

SPEC = ExerciseSpec(
    id="sitting-rocking",
    title="Sitting rocking",
    how="Sit tall on a chair, feet flat, and breathe in; as you breathe out, slump gently back "
    "against the chair, then grow tall again.",
    camera="side-on at seat height, 2-3 m away, from your head to your feet in view",
    signal="trunk_lean_deg",
    views=SEATED_LEAN_VIEWS,
    postures=frozenset({Posture.SITTING}),
    range_label="trunk slumped back from sitting tall",
    target_kind="excursion",
)


class SittingRocking:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        return {"trunk_lean_deg": seated_trunk_lean_deg(frame)}

    def machine(self, prescription: Prescription) -> RepMachine:
        counter = RepCounterSpec(
            direction=-1,
            # A slump back against the chair tilts the trunk line 10-20 degrees; 10 is past
            # the 3-6 degree wobble of someone sitting and breathing.
            enter_delta=10.0,
            exit_delta=5.0,
            target=prescription.range_target,
            target_kind="excursion",
        )
        return RepMachine("trunk_lean_deg", counter)


EXERCISE = SittingRocking()
