"""Pelvic tilt (leaflet 000 "pelvic tilts", 001 "pelvic rocking", 002 "pelvic tilts"): lying
on the back with the knees bent, flatten the low back into the floor by tilting the pelvis,
hold, and let it arch gently back. A guided exercise: the position is checked and the holds
are paced and timed, but the tilt itself is not measured.

Why not measured: the tilt is a few degrees of pelvic rotation with the hips on the floor
(the thighs hardly move), so the shoulder-hip-knee angle changes by a few degrees at most.
MediaPipe's hip landmarks are estimated from the body's outline, not the pelvis's bones: in
the real supine tracks of the shared clips, a body lying still shows a hip angle spread of
0.2-1.3 degrees (standard deviation) and a range of 0.8-5.9 degrees over 1-60 s
(`benchmarks/supine_noise.py`), the same size as the movement, and no shared clip shows a
pelvic tilt to measure the signal on. A count from it would be made up."""

from __future__ import annotations

from posecount.exercises.base import ExerciseSpec, world_angle_both_sides
from posecount.exercises.guided import GuidedExercise
from posecount.features.posture import Posture, chain
from posecount.types import PoseFrame

SPEC = ExerciseSpec(
    id="pelvic-tilt",
    title="Pelvic tilt (guided)",
    how="Lie on your back, knees bent and feet flat; as you breathe out, flatten your low back "
    "into the floor by tilting your pelvis, hold, then let it arch gently back.",
    camera="side-on at floor level, 2-3 m away, from your head to your feet in view",
    postures=frozenset({Posture.LYING_FACE_UP}),
    range_label="not measured (position checked, holds timed)",
    range_unit="",
    holds=True,
    rep_min_hold_s=1.0,
)

# Hook lying puts the knees at 60-100 degrees; past 140 (the posture check's straight-leg
# limit) the legs are down, and the tilt cannot be done as the leaflets describe it.
KNEES_BENT_MAX_DEG = 140.0


def knees_bent(frame: PoseFrame) -> float | None:
    """1.0 when the knees are bent (hook lying), 0.0 when straight, None unseen. From world
    landmarks, so any view will do: the position check needs no exact angle."""
    knee = world_angle_both_sides(frame, lambda side: chain(side)[1:])
    return None if knee is None else float(knee < KNEES_BENT_MAX_DEG)


EXERCISE = GuidedExercise(SPEC, in_position=knees_bent)
