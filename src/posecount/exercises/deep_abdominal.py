"""Deep abdominal strengthening (leaflet 002): lying on the back, knees bent, feet
hip-width apart; breathing out, gently draw in the lower abdominal and pelvic floor
muscles and hold the contraction for 5-10 breaths, then relax; five times. A guided
exercise: a contraction of at most a quarter of maximum strength does not move any
landmark the camera sees, so only the position is checked and the holds are paced,
spoken and timed."""

from __future__ import annotations

from posecount.exercises.base import ExerciseSpec
from posecount.exercises.guided import GuidedExercise
from posecount.exercises.pelvic_tilt import knees_bent
from posecount.features.posture import Posture

SPEC = ExerciseSpec(
    id="deep-abdominal",
    title="Deep abdominal hold (guided)",
    how="Lie on your back, knees bent, feet hip-width apart; as you breathe out, gently draw "
    "in your lower tummy as if doing up a zip, hold it while breathing normally, then relax.",
    camera="side-on at floor level, 2-3 m away, from your head to your feet in view",
    postures=frozenset({Posture.LYING_FACE_UP}),
    range_label="not measured (position checked, holds timed)",
    range_unit="",
    holds=True,
    rep_min_hold_s=1.0,
)


EXERCISE = GuidedExercise(SPEC, in_position=knees_bent)
