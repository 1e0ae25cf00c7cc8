"""Which person is in the exercise's start position (how the patient is told from others
in the room, pose/mediapipe_backend._choose)."""

from __future__ import annotations

import pytest

from posecount.exercises.registry import get_exercise
from posecount.synthetic import generate_static


@pytest.mark.parametrize(
    ("exercise", "posture", "fits"),
    [
        ("bridge", "supine", True),
        ("bridge", "sitting", False),  # someone on a chair beside the mat
        ("squat", "standing", True),
        ("squat", "sitting", False),  # a squat starts standing, though its bottom reads seated
        ("sit-to-stand", "sitting", True),
        ("sit-to-stand", "standing", True),
        ("sit-to-stand", "supine", False),
        ("back-extension", "prone", True),
        ("back-extension", "standing", False),
    ],
)
def test_in_the_start_position(exercise: str, posture: str, fits: bool) -> None:
    frame = generate_static(posture, 0.1)[0]
    assert get_exercise(exercise).spec.in_start_position(frame) is fits
