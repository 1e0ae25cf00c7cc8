"""Bridge: lying on the back, knees bent, feet flat; push through the heels to lift the
hips, hold, lower. Watched side-on: the hip angle (shoulder-hip-knee) opens from about
125-135 degrees on the floor towards 180 when shoulders, hips and knees line up."""

from __future__ import annotations

from posecount.counting import HoldTimerSpec, RepCounterSpec
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
    id="bridge",
    title="Bridge",
    how="Lie on your back, knees bent and feet flat; press through your heels to lift your "
    "hips until shoulders, hips and knees line up, hold, then lower slowly.",
    camera="side-on at hip height, 2-3 m away, whole body from head to feet in view",
    postures=frozenset({Posture.LYING_FACE_UP}),
    range_label="hip extension at the top (shoulder-hip-knee angle)",
    signal="hip_angle_deg",
    # From the feet or obliquely the hips rise towards or along the camera's axis; the world
    # angle sees that. Filmed from straight above (a "front" view of someone lying) nobody
    # films a bridge, and the hip's rise would be depth alone: not judged.
    views={
        View.SIDE: "hip_angle_deg",
        View.OBLIQUE: "hip_angle_world_deg",
        View.ALONG: "hip_angle_world_deg",
    },
    # A bridge starts from hook lying, feet flat on the floor: the hip angle (shoulder, hip,
    # knee) is then 115-150 degrees (117-133 at rest on the shared clips and every
    # re-encoded variant of them that tracks the body). Flexed past a right angle the
    # thighs are beyond vertical and the feet off the floor: no bridge starts there. Such
    # rests are skeletons fitted wrongly (the handheld bridge's first seconds read 49-62,
    # its dark re-encode 34, and counted a "bridge" rising to 44 degrees).
    rest_min=90.0,
    rest_min_means="the hips read bent past a right angle (thighs beyond vertical), where "
    "no bridge starts",
)


class Bridge:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        hip = nearer_side_first(frame, lambda f, side: joint_angle_deg(f, *chain(side)[:3]))
        return {
            "hip_angle_deg": hip,
            "hip_angle_world_deg": world_angle_both_sides(frame, lambda side: chain(side)[:3]),
        }

    def machine(self, prescription: Prescription) -> RepMachine:
        counter = RepCounterSpec(
            direction=+1,
            # A lift of 15 degrees at the hip raises the pelvis clear of the floor (about
            # 6-8 cm for an adult thigh); jitter lying still is 2-4 degrees.
            enter_delta=15.0,
            # Back within 8 degrees of the resting angle is back on the floor.
            exit_delta=8.0,
            # A patient who lifts only as far as is comfortable may lift less: down to 8
            # degrees (twice the 2-4 degree jitter of someone lying still, about 3 cm of
            # pelvis) when the track is steady enough to tell (see RepCounterSpec).
            min_enter_delta=8.0,
            target=prescription.range_target,
            target_kind="level",
        )
        # The top of a bridge counts as held once steady for a third of a second; a
        # wobble of half a second does not end it (see HoldTimerSpec for the reasons).
        top_hold = HoldTimerSpec(min_start_ms=300, min_end_ms=500, min_hold_ms=1000)
        return RepMachine("hip_angle_deg", counter, top_hold=top_hold, rest_min=SPEC.rest_min)


EXERCISE = Bridge()
