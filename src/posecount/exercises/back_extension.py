"""Back extension (leaflets 002, 003, 004; "cobra" or "press-up" when on the hands): lying
face down, prop up on the forearms or push up on the hands so the chest lifts while the
hips stay on the floor; hold, then lower. Watched side-on, but measured in 3D (world
landmarks): the trunk's elevation above the floor (the hips-to-shoulders line), from
about 0-5 degrees lying flat to 20-30 on the forearms and 40-60 on straight arms.

004 also allows it standing (hands on the hips, lean back): that is a different
measurement (trunk lean from upright) and is not analysed; lying face down is required."""

from __future__ import annotations

from posecount.counting import RepCounterSpec
from posecount.exercises.base import ExerciseSpec, Features
from posecount.exercises.hold_machine import STRETCH_HOLD, StretchHoldMachine
from posecount.features.posture import Posture
from posecount.features.trunk import trunk_elevation_deg
from posecount.features.view import View
from posecount.prescription.model import Prescription
from posecount.types import PoseFrame

SPEC = ExerciseSpec(
    id="back-extension",
    title="Back extension",
    how="Lie on your front, prop yourself up on your forearms (or push up on your hands) so "
    "your chest lifts while your hips stay on the floor; hold, breathing, then lower.",
    camera="side-on at floor level, 2-3 m away, from your head to your feet in view",
    postures=frozenset({Posture.LYING_FACE_DOWN}),
    range_label="trunk lifted from the floor (hips-to-shoulders elevation)",
    # A world-landmark elevation: the same side-on, obliquely or from the head. From
    # straight above (a "front" view of someone lying) the rise is depth alone: not judged.
    signal="trunk_elevation_deg",
    views={
        View.SIDE: "trunk_elevation_deg",
        View.OBLIQUE: "trunk_elevation_deg",
        View.ALONG: "trunk_elevation_deg",
    },
)


class BackExtension:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        return {"trunk_elevation_deg": trunk_elevation_deg(frame)}

    def machine(self, prescription: Prescription) -> StretchHoldMachine:
        counter = RepCounterSpec(
            direction=+1,
            # 12 degrees of trunk elevation lifts the shoulders about 10 cm (trunk ~50 cm)
            # off the floor: less than a forearm prop (20-30 degrees), well above the
            # 2-4 degree wobble of a body lying still.
            enter_delta=12.0,
            # Within 6 degrees of the floor level is lying down again.
            exit_delta=6.0,
            # Leaflet 004 holds for 30 s, with the rise and the lowering on either side.
            max_rep_ms=60_000,
            target=prescription.range_target,
            target_kind="level",
        )
        return StretchHoldMachine("trunk_elevation_deg", counter, STRETCH_HOLD)


EXERCISE = BackExtension()
