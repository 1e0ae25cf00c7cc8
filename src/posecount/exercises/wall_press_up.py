"""Wall press-up (leaflet 001 "wall press-ups", 004 "mini push up"): standing facing a wall
with the palms on it at shoulder height, bend the elbows to lower the chest towards the
wall, then push back until the arms are straight. Watched side-on: the elbow angle
(shoulder-elbow-wrist) closes from about 150-160 degrees with the arms out to 60-90 at
the bottom."""

from __future__ import annotations

import numpy as np

from posecount.counting import RepCounterSpec
from posecount.exercises.base import (
    ExerciseSpec,
    Features,
    RepMachine,
    nearer_side_first,
    world_angle_both_sides,
)
from posecount.features.geometry import joint_angle_deg, point_px
from posecount.features.posture import Posture, chain
from posecount.features.view import View
from posecount.pose.landmarks import LandmarkId as L
from posecount.prescription.model import Prescription
from posecount.types import PoseFrame

SPEC = ExerciseSpec(
    id="wall-press-up",
    title="Wall press-up",
    how="Stand facing a wall, palms flat on it at shoulder height; bend your elbows to bring "
    "your chest towards the wall, keeping your body straight, then push back.",
    camera="side-on at chest height, 2-3 m away, from your head to your feet and the wall in view",
    postures=frozenset({Posture.STANDING}),
    range_label="elbow angle at the bottom (shoulder-elbow-wrist; lower is deeper)",
    lower_is_further=True,
    signal="elbow_angle_deg",
    start_from="hands_up",
    start_from_means="the hands were not up at shoulder height (a wall press-up starts with "
    "both palms on the wall, arms straight)",
    # From the front (or behind) the elbows bend towards the camera, which the picture
    # foreshortens; the world angle of both arms measures them there. No shared clip is
    # filmed from the front: only the side-on view has real-clip evidence.
    views={
        View.SIDE: "elbow_angle_deg",
        View.FRONT: "elbow_angle_world_deg",
        View.OBLIQUE: "elbow_angle_world_deg",
    },
)

_ARM = {
    "left": (L.LEFT_SHOULDER, L.LEFT_ELBOW, L.LEFT_WRIST),
    "right": (L.RIGHT_SHOULDER, L.RIGHT_ELBOW, L.RIGHT_WRIST),
}


# How far below the shoulders a wrist may be, in trunk lengths (shoulders to hips), for the
# hands to be up at a wall. Palms at shoulder height read 0.2 on the shared side-on press-up
# (at rest and at the bottom alike); arms hanging read 0.7-1.0 on the shared front-view
# standing clips, and 0.5 is an arm (about 1.1 trunk lengths) raised ~60 degrees forward,
# lower than anyone leans on a wall. Bending the elbows with the arms by the sides (talking,
# adjusting clothes, walking up to the wall) starts no press-up.
HANDS_UP_MAX_DROP_TRUNKS = 0.5


def elbow_angle_deg(frame: PoseFrame, side: str) -> float | None:
    return joint_angle_deg(frame, *_ARM[side])


def hands_up(frame: PoseFrame) -> float | None:
    """1.0 when every arm in view has its wrist near shoulder height (see
    HANDS_UP_MAX_DROP_TRUNKS), 0.0 when one hangs lower, None when no arm is in view with
    its side's hip. Both palms are on the wall: one hand raised (a wave, a hand to the
    face) is not the start position."""
    drops = []
    for side, (shoulder, _, wrist) in _ARM.items():
        s, w = point_px(frame, shoulder), point_px(frame, wrist)
        h = point_px(frame, chain(side)[1])
        if s is None or w is None or h is None:
            continue
        trunk = float(np.linalg.norm(s - h))
        if trunk > 0:
            drops.append((w[1] - s[1]) / trunk)
    if not drops:
        return None
    return float(max(drops) <= HANDS_UP_MAX_DROP_TRUNKS)


class WallPressUp:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        return {
            "elbow_angle_deg": nearer_side_first(frame, elbow_angle_deg),
            "elbow_angle_world_deg": world_angle_both_sides(frame, _ARM.__getitem__),
            "hands_up": hands_up(frame),
        }

    def machine(self, prescription: Prescription) -> RepMachine:
        counter = RepCounterSpec(
            direction=-1,
            # 25 degrees of elbow bend moves the chest about 10 cm towards the wall (forearm
            # ~26 cm): a deliberate lowering. Hands resting on the wall while the person
            # shifts or talks move the elbow by under 10 degrees.
            enter_delta=25.0,
            # Back within 12 degrees of straight arms is pushed back out.
            exit_delta=12.0,
            target=prescription.range_target,
            target_kind="level",
        )
        return RepMachine("elbow_angle_deg", counter, start_from=SPEC.start_from)


EXERCISE = WallPressUp()
