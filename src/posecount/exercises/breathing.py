"""Breathing warm-up (leaflet 004 "get your breath going"): lying on the back, breathe in
slowly through the nose letting the stomach rise, and out through the lips, for at least
10 deep breaths, gently moving each part of the body in turn. A guided exercise: breathing
is not measured (the chest's rise is millimetres); the position (lying face up, body in
view) is checked and the time is paced, spoken and recorded."""

from __future__ import annotations

from posecount.exercises.base import ExerciseSpec
from posecount.exercises.guided import GuidedExercise
from posecount.features.posture import Posture
from posecount.types import PoseFrame

SPEC = ExerciseSpec(
    id="breathing",
    title="Breathing warm-up (guided)",
    how="Lie on your back; breathe in slowly through your nose, letting your tummy rise, and "
    "out slowly through your lips, for at least 10 deep breaths.",
    camera="side-on at floor level, 2-3 m away, your whole body in view",
    postures=frozenset({Posture.LYING_FACE_UP}),
    range_label="not measured (position checked, time recorded)",
    range_unit="",
    holds=True,
    rep_min_hold_s=1.0,
)


def lying_in_view(frame: PoseFrame) -> float | None:
    # The posture gate already withholds features unless lying face up.
    return None if frame.landmarks is None else 1.0


EXERCISE = GuidedExercise(SPEC, in_position=lying_in_view)
