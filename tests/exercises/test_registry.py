"""The exercise registry: lookup, id normalisation, errors for unknown and planned ids, and
what every registered exercise must provide."""

from __future__ import annotations

import pytest

from posecount.errors import ExerciseError, PosecountError
from posecount.exercises.registry import EXERCISES, PLANNED, get_exercise
from posecount.features.posture import Posture
from posecount.prescription import CATALOGUE, resolve_prescription
from posecount.synthetic import EXERCISES as SYNTHETIC_EXERCISES
from posecount.synthetic import generate

KNOWN = (
    "knee-rolls",
    "bridge",
    "sit-to-stand",
    "single-leg-stance",
    "squat",
    "wall-press-up",
    "knee-to-chest",
    "back-extension",
    "bottom-to-heels",
)
# The exercises the synthetic body can perform (the others are tested on real tracks and
# hand-built frames, see test_catalogue_*.py).
SYNTHETIC = ("knee-rolls", "bridge", "sit-to-stand", "single-leg-stance", "squat")


def test_the_registry_holds_every_analysed_exercise() -> None:
    assert set(KNOWN) <= set(EXERCISES)


@pytest.mark.parametrize("exercise_id", KNOWN)
def test_lookup_by_id_gives_the_exercise_with_that_id(exercise_id: str) -> None:
    ex = get_exercise(exercise_id)
    assert ex is EXERCISES[exercise_id]
    assert ex.spec.id == exercise_id


@pytest.mark.parametrize(
    "typed, exercise_id",
    [
        ("Sit_To_Stand", "sit-to-stand"),
        ("SIT-TO-STAND", "sit-to-stand"),
        ("  bridge\n", "bridge"),
        ("single_leg_stance", "single-leg-stance"),
        ("Knee_Rolls", "knee-rolls"),
        ("Squat", "squat"),
    ],
)
def test_ids_are_normalised(typed: str, exercise_id: str) -> None:
    # As typed on a command line or copied from a label file: case, stray spaces and
    # underscores for hyphens do not matter.
    assert get_exercise(typed) is EXERCISES[exercise_id]


@pytest.mark.parametrize("typed", ["plank", "bridges", "", "sit to stand?", "knee-roll"])
def test_an_unknown_id_is_an_error_listing_the_known_ones(typed: str) -> None:
    with pytest.raises(ExerciseError) as info:
        get_exercise(typed)
    msg = str(info.value)
    assert f"unknown exercise '{typed}'" in msg
    for known in KNOWN:
        assert known in msg
    assert isinstance(info.value, PosecountError)  # the CLI prints it, no traceback


@pytest.mark.parametrize(
    "typed, exercise_id",
    [
        ("Wall_Press_Up", "wall-press-up"),
        (" KNEE_TO_CHEST ", "knee-to-chest"),
        ("back-extension", "back-extension"),
    ],
)
def test_the_ids_once_planned_are_analysed_now(typed: str, exercise_id: str) -> None:
    assert get_exercise(typed) is EXERCISES[exercise_id]


def test_nothing_is_left_planned() -> None:
    # Every exercise id in the shared labels is analysed (issue 11).
    assert set(PLANNED).isdisjoint(EXERCISES)
    assert PLANNED == ()


# ---------------------------------------------------------------- what each exercise provides


@pytest.mark.parametrize("exercise_id", KNOWN)
def test_each_exercise_has_a_prescription(exercise_id: str) -> None:
    assert exercise_id in CATALOGUE
    assert CATALOGUE[exercise_id].source


@pytest.mark.parametrize("exercise_id", SYNTHETIC)
def test_the_first_five_have_a_synthetic_motion(exercise_id: str) -> None:
    assert exercise_id in SYNTHETIC_EXERCISES


@pytest.mark.parametrize("exercise_id", KNOWN)
def test_each_spec_is_complete(exercise_id: str) -> None:
    spec = get_exercise(exercise_id).spec
    assert spec.title and spec.how and spec.camera and spec.range_label and spec.range_unit
    assert spec.postures and all(isinstance(p, Posture) for p in spec.postures)
    assert spec.sides in ((), ("left", "right"))
    # Hold exercises are counted per leg/side; the only one is single-leg stance.
    assert spec.holds == (exercise_id == "single-leg-stance")


@pytest.mark.parametrize(
    "exercise_id, postures",
    [
        ("bridge", {Posture.LYING_FACE_UP}),
        ("knee-rolls", {Posture.LYING_FACE_UP, Posture.LYING_ON_SIDE}),
        ("single-leg-stance", {Posture.STANDING}),
        # The bottom of a squat and the start of a stand look like sitting.
        ("squat", {Posture.STANDING, Posture.SITTING}),
        ("sit-to-stand", {Posture.STANDING, Posture.SITTING}),
        ("wall-press-up", {Posture.STANDING}),
        ("knee-to-chest", {Posture.LYING_FACE_UP}),
        ("back-extension", {Posture.LYING_FACE_DOWN}),
        # All fours has no posture of its own: a level trunk facing the floor.
        ("bottom-to-heels", {Posture.LYING_FACE_DOWN}),
    ],
)
def test_each_exercise_is_done_in_its_positions(exercise_id: str, postures: set[Posture]) -> None:
    assert get_exercise(exercise_id).spec.postures == postures


@pytest.mark.parametrize("exercise_id", SYNTHETIC)
def test_extract_and_machine_follow_the_protocol(exercise_id: str) -> None:
    ex = get_exercise(exercise_id)
    frame = generate(exercise_id, reps=1, tempo_s=1.0, lead_in_s=0.0, lead_out_s=0.0)[0]
    features = ex.extract(frame)
    assert features and all(v is None or isinstance(v, float) for v in features.values())
    machine = ex.machine(resolve_prescription(exercise_id))
    # Missing features never produce events; a fresh machine finishes quietly.
    assert machine.update(dict.fromkeys(features), 0) == []
    assert machine.finish(0) == []
    assert machine.status().phase == "rest"
