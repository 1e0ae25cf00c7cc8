"""Which of several detected people is the patient: a table of pose sets (no MediaPipe:
the choice is plain arithmetic on landmark arrays)."""

from __future__ import annotations

import numpy as np
import pytest

mb = pytest.importorskip("posecount.pose.mediapipe_backend")


def person(cx: float, cy: float, height: float, visible: float = 1.0) -> np.ndarray:
    """33 landmarks spread over a box of the given height (width half of it)."""
    rng = np.random.default_rng(int(cx * 100 + cy * 10))
    lm = np.zeros((33, 5))
    lm[:, 0] = cx + (rng.random(33) - 0.5) * height / 2
    lm[:, 1] = cy + (rng.random(33) - 0.5) * height
    lm[:, 3] = visible
    return lm


def chooser() -> object:
    est = object.__new__(mb.MediaPipePoseEstimator)
    est._last_centre = None  # type: ignore[attr-defined]
    est._last_size = None  # type: ignore[attr-defined]
    return est


@pytest.mark.parametrize(
    "poses, first",
    [
        # The patient in full view beats a bigger bystander cut off at the frame's edge.
        ([person(0.5, 1.05, 0.8, 0.3), person(0.4, 0.5, 0.6)], 1),
        # Two people in full view: the nearer (bigger) one set the camera up.
        ([person(0.3, 0.5, 0.3), person(0.7, 0.5, 0.6)], 1),
    ],
)
def test_the_patient_is_chosen_at_the_start(poses: list[np.ndarray], first: int) -> None:
    assert chooser()._choose(poses) == first  # type: ignore[attr-defined]


def test_then_the_one_continuing_their_place_and_size_is_kept() -> None:
    est = chooser()
    patient = person(0.3, 0.5, 0.5)
    est._last_centre = patient[mb._TORSO, :2].mean(axis=0)  # type: ignore[attr-defined]
    est._last_size = float(np.sqrt(mb._bbox_area(patient)))  # type: ignore[attr-defined]
    walker = person(0.7, 0.5, 0.9)  # bigger, listed first, elsewhere
    moved = person(0.33, 0.52, 0.5)
    assert est._choose([walker, moved]) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "poses, people",
    [
        ([person(0.3, 0.5, 0.5), person(0.75, 0.5, 0.5)], 2),  # two people side by side
        ([person(0.5, 0.5, 0.5), person(0.51, 0.5, 0.5)], 1),  # one person read twice
        ([person(0.3, 0.5, 0.5), person(0.75, 0.5, 0.5, visible=0.2)], 1),  # a ghost
        ([person(0.3, 0.5, 0.5)], 1),
        ([], 0),
    ],
)
def test_people_are_counted_once_each_and_ghosts_not_at_all(
    poses: list[np.ndarray], people: int
) -> None:
    assert mb._distinct_people(poses) == people


@pytest.mark.parametrize(
    "fits, first",
    [
        # A larger person seated in the foreground of a bridge: the one lying is the patient.
        ([False, True], 1),
        ([True, False], 0),
        # Nobody (or everybody) in position yet: the one most fully in view and largest.
        ([False, False], 0),
        ([True, True], 0),
        (None, 0),
    ],
)
def test_at_the_start_the_person_in_the_exercises_position_is_the_patient(
    fits: list[bool] | None, first: int
) -> None:
    bystander, patient = person(0.3, 0.5, 0.8), person(0.75, 0.6, 0.4)
    assert chooser()._choose([bystander, patient], fits) == first  # type: ignore[attr-defined]
