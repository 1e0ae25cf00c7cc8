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
}


def resolve_prescription(exercise: str, file: Path | None = None) -> Prescription:
    if exercise not in CATALOGUE:
        raise ExerciseError(
            f"no prescription for exercise '{exercise}'; known: {', '.join(sorted(CATALOGUE))}"
        )
    base = CATALOGUE[exercise]
    if file is None:
        return base
    overrides = load_prescription_overrides(file, set(CATALOGUE))
    return base.with_overrides(**overrides.get(exercise, {}))
