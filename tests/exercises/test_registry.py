"""The exercise registry: lookup, id normalisation, errors for unknown and planned ids, and
what every registered exercise must provide."""

from __future__ import annotations

import pytest

from posecount.errors import ExerciseError, PosecountError
from posecount.exercises.registry import (
    ALIASES,
    EXERCISES,
    GUIDED,
    PLANNED,
    REAL_CLIPS,
    aliases_of,
    canonical_id,
    evidence,
    get_exercise,
)
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


# ---------------------------------------------------------------- leaflet names (aliases)

ALIAS_CASES = [
    # as a leaflet or a patient writes it, the exercise it is
    ("knee hugs", "knee-to-chest"),  # 003
    ("Low back stretch", "knee-to-chest"),  # 004
    ("child's pose", "bottom-to-heels"),  # 001
    ("Childs Pose", "bottom-to-heels"),
    ("child\u2019s pose", "bottom-to-heels"),  # a typographic apostrophe, as pasted
    ("bottom to heels stretch", "bottom-to-heels"),  # 002
    ("mini push up", "wall-press-up"),  # 004
    ("Wall press-ups", "wall-press-up"),  # 001
    ("pelvic rocking", "pelvic-tilt"),  # 001
    ("pelvic tilts", "pelvic-tilt"),  # 000, 002
    ("low back roll", "knee-rolls"),  # 004
    ("lumbar knee rolling", "knee-rolls"),  # 001
    ("glute bridge", "bridge"),
    ("bridging", "bridge"),  # 001
    ("back extensions", "back-extension"),  # 002, 003
    ("forward bend in sitting", "seated-forward-bend"),  # 001
    ("sciatic nerve floss", "sciatic-nerve-glide"),  # 004
    ("sciatic_nerve_gliding", "sciatic-nerve-glide"),  # 001
    ("deep abdominal strengthening", "deep-abdominal"),  # 002
    ("get your breath going", "breathing"),  # 004
]


@pytest.mark.parametrize("name, exercise_id", ALIAS_CASES)
def test_a_leaflet_name_is_accepted_as_its_exercise(name: str, exercise_id: str) -> None:
    assert get_exercise(name) is EXERCISES[exercise_id]
    assert canonical_id(name) == exercise_id


def test_every_alias_points_at_a_registered_exercise_and_is_no_id() -> None:
    assert set(ALIASES.values()) <= set(EXERCISES)
    assert set(ALIASES).isdisjoint(EXERCISES)


def test_aliases_are_listed_per_exercise() -> None:
    assert set(aliases_of("knee-to-chest")) >= {"knee-hugs", "low-back-stretch"}
    assert aliases_of("squat") == []


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_each_exercise_says_whether_it_is_measured_or_guided(exercise_id: str) -> None:
    text = evidence(exercise_id)
    assert text.startswith("guided" if exercise_id in GUIDED else "measured")
    if exercise_id in REAL_CLIPS:
        assert "real-clip evidence" in text and "no real-clip" not in text


def test_every_labelled_exercise_is_analysed_and_its_clips_are_evidence() -> None:
    from conftest import LABELS_CSV
    from posecount.scoring.labels import read_labels

    labels = read_labels(LABELS_CSV)
    assert {lab.exercise for lab in labels} <= set(EXERCISES)
    clips = {c for cs in REAL_CLIPS.values() for c in cs}
    assert clips == {lab.file for lab in labels}


def test_every_leaflet_exercise_is_in_the_catalogue() -> None:
    # Leaflets 000-004 (../shared/seeds): every exercise they prescribe for the low back.
    leaflets = {
        "knee-rolls", "bridge", "sit-to-stand", "single-leg-stance", "squat",
        "wall-press-up", "knee-to-chest", "back-extension", "bottom-to-heels",
        "seated-forward-bend", "sitting-rocking", "sciatic-nerve-glide", "pelvic-tilt",
        "deep-abdominal", "breathing",
    }  # fmt: skip
    assert leaflets == set(EXERCISES) == set(CATALOGUE)
