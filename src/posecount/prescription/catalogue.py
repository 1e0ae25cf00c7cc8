"""The leaflets' prescriptions as data (../shared/seeds/). Where leaflets disagree the
first listed is the default and the others are noted; a physiotherapist's own file
(`--prescription FILE`) overrides any key."""

from __future__ import annotations

from pathlib import Path

from posecount.errors import ExerciseError
from posecount.prescription.loader import load_prescription_overrides
from posecount.prescription.model import Prescription

# Leaflet ids: 001 MSK patient portal (NHS), 002 NHS "lower back pain exercises"
# (N. Sinfield), 003 Guy's and St Thomas' leaflet 4876, 004 "Low Back Pain - Exercise 101".
CATALOGUE: dict[str, Prescription] = {
    "knee-rolls": Prescription(
        # 002: 8-10 alternating; 001: 60 s, 4 times a day; 004: 10 to each side.
        exercise="knee-rolls",
        sets=1,
        reps=10,
        duration_s=60,
        per_day=4,
        # Comfort decides the range (002: "only move as far as feels comfortable"); 45 deg
        # from upright is a moderate lumbar rotation most people reach without strain.
        range_target=45.0,
        source="leaflets 002 (8-10 alternating), 001 (60 s, 4 a day), 004 (10 each side)",
    ),
    "bridge": Prescription(
        # 001: 1 x 15 building to 3 x 15, a few seconds' hold; 004: hold 15 s, 3-5 times.
        exercise="bridge",
        sets=1,
        reps=15,
        hold_s=3,
        target_sets=3,
        # 004: shoulders, hips and knees in a straight line (180 deg at the hip); 160 deg
        # allows for the landmark noise of a body lying on the floor.
        range_target=160.0,
        source="leaflets 001 (1x15 to 3x15, short hold), 004 (hold 15 s, 3-5 times)",
    ),
    "sit-to-stand": Prescription(
        exercise="sit-to-stand",
        sets=1,
        reps=15,
        target_sets=3,
        # Full standing: hips and knees nearly straight (see exercises.sit_to_stand).
        range_target=160.0,
        source="leaflet 001 (1x15 building to 3x15)",
    ),
    "single-leg-stance": Prescription(
        exercise="single-leg-stance",
        sets=1,
        hold_s=5,
        target_hold_s=60,
        source="leaflet 001 (hold 5 s each leg, building to 60 s)",
    ),
    "squat": Prescription(
        # 003 gives no count or depth: a moderate depth as a default target.
        exercise="squat",
        sets=1,
        reps=10,
        range_target=110.0,
        source="leaflet 003 (no count given; 10 as a starting dose)",
    ),
    "wall-press-up": Prescription(
        # 001: 1 x 15 building to 3 x 15; 004 gives no count.
        exercise="wall-press-up",
        sets=1,
        reps=15,
        target_sets=3,
        # Neither leaflet gives a depth; an elbow bent to 90 degrees at the bottom is the
        # usual depth of a full press-up (upper arm level with the back) and brings the
        # chest close to the wall.
        range_target=90.0,
        source="leaflets 001 (1x15 building to 3x15), 004 (mini push up, no count)",
    ),
    "knee-to-chest": Prescription(
        # 003 gives no count; 004 holds for 10 deep breaths (about 4 s each). 5 hugs as a
        # starting dose, whichever knee.
        exercise="knee-to-chest",
        sets=1,
        reps=5,
        hold_s=40,
        # Normal hip flexion with the knee bent is about 120 degrees (AAOS; Roaas and
        # Andersson 1982); a shoulder-hip-knee angle of 75 degrees (hip flexed about 105,
        # the knee past the vertical towards the chest) is a hug most people reach.
        range_target=75.0,
        source="leaflets 003 (knee hugs, no count; 5 as a starting dose), 004 (low back "
        "stretch, hold 10 deep breaths)",
    ),
    "back-extension": Prescription(
        # 002: hold 5-10 s, 8-10 times; 004: hold 30 s, at least 3 times; 003 no count.
        exercise="back-extension",
        sets=1,
        reps=8,
        hold_s=5,
        target_hold_s=30,
        # 002 and 003 start propped on the forearms: the trunk then rises about 20-30
        # degrees from the floor; 20 is the forearm prop of a small adult.
        range_target=20.0,
        source="leaflets 002 (hold 5-10 s, 8-10 times), 004 (hold 30 s, 3 times), 003",
    ),
    "bottom-to-heels": Prescription(
        # 002: one deep breath, 8-10 times; 001 (child's pose): hold 10 s, 5 times, 3-4 a day.
        exercise="bottom-to-heels",
        sets=1,
        reps=5,
        hold_s=10,
        per_day=3,
        # 003: the bottom rests on the feet. Sat on the heels, the hip angle is 20-40
        # degrees; 60 (the hips flexed 30 more than on all fours) is well on the way,
        # and 002 warns against sitting fully back with a knee problem.
        range_target=60.0,
        source="leaflets 001 (child's pose: hold 10 s, 5 times, 3-4 a day), 002 (8-10 times), 003",
    ),
    "seated-forward-bend": Prescription(
        exercise="seated-forward-bend",
        sets=1,
        reps=10,
        hold_s=5,
        per_day=3,
        # 001: "as far as you feel able". 45 degrees from upright (the shoulders over the
        # knees) is a moderate lumbar and hip flexion; comfort decides.
        range_target=45.0,
        source="leaflet 001 (hold 5 s, 10 times, 3-4 times a day)",
    ),
    "sitting-rocking": Prescription(
        exercise="sitting-rocking",
        sets=1,
        reps=10,
        per_day=3,
        # A slump back against the chair tilts the trunk line by 10-20 degrees; 15 is the
        # middle of that (the counter needs 10 to see a slump at all).
        range_target=15.0,
        source="leaflet 001 (5-10 times, 3 times a day)",
    ),
    "sciatic-nerve-glide": Prescription(
        # 001: for 30 s, several times a day; 004: 10 each leg, a short hold.
        exercise="sciatic-nerve-glide",
        sets=1,
        reps=10,
        duration_s=30,
        # 001 and 004 straighten "until tension", never beyond: no range target.
        source="leaflets 001 (seated, 30 s, several times a day), 004 (lying floss, 10 each leg)",
    ),
    "pelvic-tilt": Prescription(
        # 001: hold a few seconds, 5-10 times, 3 a day; 000: hold 10 s; 002: 10-15 rocks.
        exercise="pelvic-tilt",
        sets=1,
        reps=10,
        hold_s=5,
        per_day=3,
        source="leaflets 001 (pelvic rocking: a few seconds, 5-10 times, 3 a day), "
        "000 (hold 10 s), 002 (10-15 times)",
    ),
    "deep-abdominal": Prescription(
        # 002: hold for 5-10 breaths, 5 times; at about 4 s a breath, 5 breaths is 20 s.
        exercise="deep-abdominal",
        sets=1,
        reps=5,
        hold_s=20,
        target_hold_s=40,
        source="leaflet 002 (hold 5-10 breaths, 5 times)",
    ),
    "breathing": Prescription(
        # 004: at least 10 deep breaths, about 5 s each, once a day before the others.
        exercise="breathing",
        sets=1,
        reps=1,
        hold_s=50,
        per_day=1,
        source="leaflet 004 (at least 10 deep breaths, daily, first)",
    ),
}


def resolve_prescription(exercise: str, file: Path | None = None) -> Prescription:
    if exercise not in CATALOGUE:
        raise ExerciseError(
            f"no prescription for exercise '{exercise}'; known: {', '.join(sorted(CATALOGUE))}"
        )
    base = CATALOGUE[exercise]
    if file is None:
        return base
    # Tables may be named by an exercise id or by a leaflet name ("knee-hugs").
    from posecount.exercises.registry import ALIASES, canonical_id

    overrides = load_prescription_overrides(file, set(CATALOGUE) | set(ALIASES))
    merged: dict[str, object] = {}
    for table, values in overrides.items():
        if canonical_id(table) == exercise:
            merged.update(values)
    return base.with_overrides(**merged)
