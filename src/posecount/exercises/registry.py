"""All exercises by id, and the leaflets' own names for them (aliases)."""

from __future__ import annotations

from posecount.errors import ExerciseError
from posecount.exercises import (
    back_extension,
    bottom_to_heels,
    breathing,
    bridge,
    deep_abdominal,
    knee_rolls,
    knee_to_chest,
    pelvic_tilt,
    sciatic_nerve_glide,
    seated_forward_bend,
    single_leg_stance,
    sit_to_stand,
    sitting_rocking,
    squat,
    wall_press_up,
)
from posecount.exercises.base import Exercise

EXERCISES: dict[str, Exercise] = {
    m.EXERCISE.spec.id: m.EXERCISE
    for m in (
        knee_rolls,
        bridge,
        sit_to_stand,
        single_leg_stance,
        squat,
        wall_press_up,
        knee_to_chest,
        back_extension,
        bottom_to_heels,
        seated_forward_bend,
        sitting_rocking,
        sciatic_nerve_glide,
        pelvic_tilt,
        deep_abdominal,
        breathing,
    )
}

# Guided exercises: the position is checked and the holds are timed; the movement itself
# (a contraction, a breath, a tilt of a few degrees) is below what the camera resolves.
GUIDED = frozenset({"pelvic-tilt", "deep-abdominal", "breathing"})

# Measured exercises with real-clip evidence: the shared clips (../shared/sample_videos,
# labels.csv) they are scored right on, through their committed pose tracks. The measured
# exercises not listed here are tested on synthetic data only.
REAL_CLIPS: dict[str, tuple[str, ...]] = {
    "knee-rolls": (
        "supine_twist_static_hold_oneside_negative.mp4",
        "knee_rolls_bentleg_oblique_3reps.mp4",
    ),
    "bridge": (
        "bridge_darebee_side_5reps.mp4",
        "bridge_leapfit_side_segB_2reps.mp4",
        "bridge_singleleg_side_handheld.mp4",
    ),
    "sit-to-stand": (
        "sit_to_stand_single_then_walk_side.mp4",
        "tug_single_stand_side_clean.mp4",
        "tug_two_people_vfr_oblique.mp4",
        "sit_to_stand_front_seniorfit_1rep.mp4",
    ),
    "single-leg-stance": (
        "single_leg_stance_treepose_front_12s.mp4",
        "standing_two_feet_negative_front_7s.mp4",
    ),
    "squat": ("squat_darebee_side_8reps.mp4",),
    "wall-press-up": ("wall_pushup_leapfit_side_2reps.mp4",),
    "knee-to-chest": ("knee_to_chest_physio_side_holds.mp4",),
    "back-extension": ("cobra_fitnessblender_side_1hold.mp4",),
    "bottom-to-heels": ("bottom_to_heels_side_hold30s.mp4",),
}


def evidence(exercise_id: str) -> str:
    """How far posecount's output for this exercise can be trusted, in one line."""
    if exercise_id in GUIDED:
        return "guided: position checked and holds timed; the movement itself is not measured"
    clips = REAL_CLIPS.get(exercise_id, ())
    if clips:
        n = len(clips)
        return f"measured; real-clip evidence: {n} shared clip{'s' if n > 1 else ''}"
    return "measured; no real-clip evidence yet (synthetic tests only)"


# The names the leaflets (../shared/seeds) use, to the exercise id. Keys are normalised
# like ids (lower case, spaces, underscores and apostrophes as hyphens).
ALIASES: dict[str, str] = {
    "knee-hugs": "knee-to-chest",  # 003
    "low-back-stretch": "knee-to-chest",  # 004
    "childs-pose": "bottom-to-heels",  # 001
    "child-pose": "bottom-to-heels",
    "bottom-to-heels-stretch": "bottom-to-heels",  # 002
    "mini-push-up": "wall-press-up",  # 004
    "wall-press-ups": "wall-press-up",  # 001
    "wall-push-up": "wall-press-up",
    "lumbar-knee-rolling": "knee-rolls",  # 001
    "low-back-roll": "knee-rolls",  # 004
    "bridging": "bridge",  # 001
    "glute-bridge": "bridge",
    "back-extensions": "back-extension",  # 002, 003
    "cobra": "back-extension",
    "forward-bend-in-sitting": "seated-forward-bend",  # 001
    "forward-bend": "seated-forward-bend",
    "sciatic-nerve-gliding": "sciatic-nerve-glide",  # 001
    "sciatic-nerve-floss": "sciatic-nerve-glide",  # 004
    "pelvic-rocking": "pelvic-tilt",  # 001
    "pelvic-tilts": "pelvic-tilt",  # 000, 002
    "deep-abdominal-strengthening": "deep-abdominal",  # 002
    "get-your-breath-going": "breathing",  # 004
    "breathing-warm-up": "breathing",
}

# In the leaflets, not analysed yet.
PLANNED: tuple[str, ...] = ()


def normalise_id(name: str) -> str:
    """'Child's pose', 'child_s pose' and 'childs-pose' all become 'childs-pose'."""
    key = name.strip().lower().replace("'", "").replace("\u2019", "")
    for ch in "_ ":
        key = key.replace(ch, "-")
    while "--" in key:
        key = key.replace("--", "-")
    return key


def canonical_id(name: str) -> str | None:
    """The exercise id for an id or a leaflet name, or None when neither is known."""
    key = normalise_id(name)
    if key in EXERCISES:
        return key
    return ALIASES.get(key)


def aliases_of(exercise_id: str) -> list[str]:
    return [a for a, target in ALIASES.items() if target == exercise_id]


def get_exercise(exercise_id: str) -> Exercise:
    key = canonical_id(exercise_id)
    if key is not None:
        return EXERCISES[key]
    known = ", ".join(EXERCISES)
    if normalise_id(exercise_id) in PLANNED:
        raise ExerciseError(
            f"exercise '{exercise_id}' is not analysed yet (it is planned); known: {known}"
        )
    raise ExerciseError(
        f"unknown exercise '{exercise_id}'; choose one of: {known} "
        "(or a leaflet name: see 'posecount exercises')"
    )
