"""The coach's words: the hold countdown, range feedback at most once per rep, the set
change in a programme, and the camera advice (feet only when really out of view)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import TRACKS_DIR
from posecount.exercises.base import Status
from posecount.exercises.registry import get_exercise
from posecount.pose.landmarks import LandmarkId as L
from posecount.prescription.model import Prescription
from posecount.session.coach import Coach, setup_advice
from posecount.session.pipeline import replay_track
from posecount.types import HoldEnded, HoldStarted, PoseFrame, RepCompleted

NOBODY = PoseFrame(0, None)


def _holds(target_s: float, steps_s: list[float]) -> list[str]:
    spec = get_exercise("bridge").spec
    coach = Coach(spec, Prescription("bridge", reps=5, hold_s=target_s))
    said = coach.update([HoldStarted(0)], Status("hold", hold_s=0.0), NOBODY)
    for h in steps_s:
        said += coach.update([], Status("hold", hold_s=h), NOBODY)
    return said


@pytest.mark.parametrize(
    ("target_s", "steps_s", "expected"),
    [
        (5, [0.5, 1.0, 1.9, 2.0, 2.5, 3.0, 4.0, 5.0], ["hold", "3", "2", "1", "and relax"]),
        (3, [1.0, 2.0, 3.0], ["hold", "3", "2", "1", "and relax"]),
        (1.5, [0.5, 1.5], ["hold", "1", "and relax"]),
        # a frame late: the newest number only, never a burst of three
        (10, [6.0, 8.5, 10.0], ["hold", "2", "1", "and relax"]),
    ],
)
def test_hold_countdown(target_s: float, steps_s: list[float], expected: list[str]) -> None:
    assert _holds(target_s, steps_s) == expected


def test_no_countdown_before_a_hold_has_started() -> None:
    spec = get_exercise("bridge").spec
    coach = Coach(spec, Prescription("bridge", reps=5, hold_s=3))
    assert coach.update([], Status("moving", hold_s=1.0), NOBODY) == []


@pytest.mark.parametrize(
    ("exercise", "short_by", "word"),
    [
        ("bridge", 12.0, "a little higher next time"),
        ("squat", 15.0, "a little lower next time"),
        ("bridge", 0.0, None),
    ],
)
def test_range_feedback_once_per_rep(exercise: str, short_by: float, word: str | None) -> None:
    spec = get_exercise(exercise).spec
    coach = Coach(spec, Prescription(exercise, reps=10, range_target=100.0))
    rep = RepCompleted(1000, range_target=100.0, short_by=short_by)
    said = coach.update([rep], Status("rest"), NOBODY)
    said += coach.update([], Status("moving"), NOBODY)  # nothing more until the next rep
    assert said == (["1"] if word is None else ["1", word])


def test_no_range_feedback_when_the_patient_chose_to_move_less() -> None:
    spec = get_exercise("bridge").spec
    coach = Coach(spec, Prescription("bridge", reps=10, range_target=160.0))
    coach.range_feedback = False
    rep = RepCompleted(1000, range_target=160.0, short_by=30.0)
    assert coach.update([rep], Status("rest"), NOBODY) == ["1"]


@pytest.mark.parametrize(
    ("programme", "said_after_set", "set_after_early_rep"), [(False, True, 1), (True, False, 2)]
)
def test_in_a_programme_the_coach_leaves_sets_to_it(
    programme: bool, said_after_set: bool, set_after_early_rep: int
) -> None:
    spec = get_exercise("squat").spec
    coach = Coach(spec, Prescription("squat", sets=2, reps=2), programme=programme)
    said = coach.update([RepCompleted(1000), RepCompleted(2000)], Status("rest"), NOBODY)
    assert ("set done, rest now" in said) == said_after_set
    assert coach.set_done
    said = coach.update([RepCompleted(3000)], Status("rest"), NOBODY)
    assert coach.set_index == set_after_early_rep
    if programme:
        assert said == ["1"] and not coach.set_done


def test_guided_holds_count_aloud_without_a_countdown() -> None:
    spec = get_exercise("deep-abdominal").spec
    coach = Coach(spec, Prescription("deep-abdominal", reps=5, hold_s=4))
    said = coach.update([HoldStarted(0)], Status("hold", hold_s=0.0, extra={"count": 0}), NOBODY)
    for h in (1.0, 2.0, 3.0):
        said += coach.update([], Status("hold", hold_s=h, extra={"count": h}), NOBODY)
    assert said == ["hold", "1", "2", "3"]
    said = coach.update([HoldEnded(4000, hold_s=4.0)], Status("rest"), NOBODY)
    assert "3" not in said[1:]


@pytest.fixture(scope="module")
def side_on_bridge() -> PoseFrame:
    """A real frame of a side-on bridge whose far knee and ankle are faint (hidden behind
    the near leg), as MediaPipe sees it."""
    _, frames, _ = replay_track(TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl", 0)
    for f in frames:
        if f.landmarks is not None and f.landmarks[L.LEFT_KNEE, 3] < 0.5:
            return f
    raise AssertionError("no frame with a hidden far knee")


def _with(frame: PoseFrame, changes: dict[tuple[L, int], float]) -> PoseFrame:
    assert frame.landmarks is not None
    lm = np.array(frame.landmarks, copy=True)
    for (lid, col), v in changes.items():
        lm[lid, col] = v
    return PoseFrame(frame.t_ms, lm, frame.world_m, frame.frame_size_px)


@pytest.mark.parametrize(
    ("changes", "advice"),
    [
        ({}, None),  # the far leg hidden behind the near one: nothing to change
        ({(L.LEFT_ANKLE, 3): 0.1, (L.RIGHT_ANKLE, 3): 0.1}, "move back so your feet are in view"),
        ({(L.RIGHT_ANKLE, 1): 1.08}, "move back so your feet are in view"),  # below the edge
        ({(L.LEFT_KNEE, 0): -0.05}, "move back so your feet are in view"),  # off the side
        ({(L.NOSE, 3): 0.1}, "move so your head is in view"),
    ],
)
def test_feet_cue_only_when_the_feet_really_are_out_of_view(
    side_on_bridge: PoseFrame, changes: dict[tuple[L, int], float], advice: str | None
) -> None:
    spec = get_exercise("bridge").spec
    assert setup_advice(_with(side_on_bridge, changes), spec) == advice


@pytest.mark.parametrize(
    ("track", "exercise"),
    [
        ("bridge_leapfit_side_segB_2reps", "bridge"),
        ("bridge_darebee_side_5reps", "bridge"),
        ("wall_pushup_leapfit_side_2reps", "wall-press-up"),
        ("knee_to_chest_physio_side_holds", "knee-to-chest"),
        ("bottom_to_heels_side_hold30s", "bottom-to-heels"),
        ("cobra_fitnessblender_side_1hold", "back-extension"),
    ],
)
def test_real_side_on_clips_are_never_told_to_move_back(track: str, exercise: str) -> None:
    """Every frame of these clips has the whole body in the picture (checked by eye); the
    old rule asked 'move back so your feet are in view' on 45-100% of their frames."""
    spec = get_exercise(exercise).spec
    _, frames, _ = replay_track(Path(TRACKS_DIR / f"{track}.posetrack.jsonl"), 0)
    told = [f.t_ms for f in frames if setup_advice(f, spec) == "move back so your feet are in view"]
    assert told == []
