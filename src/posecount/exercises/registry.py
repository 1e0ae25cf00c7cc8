"""All exercises by id."""

from __future__ import annotations

from posecount.errors import ExerciseError
from posecount.exercises import bridge, knee_rolls, single_leg_stance, sit_to_stand, squat
from posecount.exercises.base import Exercise

EXERCISES: dict[str, Exercise] = {
    m.EXERCISE.spec.id: m.EXERCISE
    for m in (knee_rolls, bridge, sit_to_stand, single_leg_stance, squat)
}

# In the leaflets and the sample labels, not analysed yet.
PLANNED = ("wall-press-up", "knee-to-chest", "back-extension")


def get_exercise(exercise_id: str) -> Exercise:
    key = exercise_id.strip().lower().replace("_", "-")
    if key in EXERCISES:
        return EXERCISES[key]
    known = ", ".join(EXERCISES)
    if key in PLANNED:
        raise ExerciseError(
            f"exercise '{exercise_id}' is not analysed yet (it is planned); known: {known}"
        )
    raise ExerciseError(f"unknown exercise '{exercise_id}'; choose one of: {known}")
