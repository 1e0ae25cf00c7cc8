"""The pause gesture: one hand held above the head while upright."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import TRACKS_DIR
from posecount.pose.landmarks import LANDMARK_COUNT
from posecount.pose.landmarks import LandmarkId as L
from posecount.prescription.model import Prescription
from posecount.programme.gesture import GESTURE_HOLD_S, hand_up
from posecount.programme.instructions import INSTRUCTIONS, Place
from posecount.programme.model import Step
from posecount.programme.sequencer import ExerciseSequencer, Phase, Tick
from posecount.session.pipeline import replay_track
from posecount.types import PoseFrame

UPRIGHT = {
    L.NOSE: (0.50, 0.20),
    L.LEFT_SHOULDER: (0.55, 0.30),
    L.RIGHT_SHOULDER: (0.45, 0.30),
    L.LEFT_HIP: (0.53, 0.55),
    L.RIGHT_HIP: (0.47, 0.55),
    L.LEFT_WRIST: (0.58, 0.55),
    L.RIGHT_WRIST: (0.42, 0.55),
}
LYING = {k: (0.2 + y, 0.5 + (x - 0.5) * 0.2) for k, (x, y) in UPRIGHT.items()}
ABOVE = (0.6, 0.08)  # a wrist well above the nose


def frame(points: dict[L, tuple[float, float]], **moved: tuple[float, float]) -> PoseFrame:
    lm = np.zeros((LANDMARK_COUNT, 5))
    for lid, (x, y) in {**points, **{L[k]: v for k, v in moved.items()}}.items():
        lm[lid] = (x, y, 0.0, 0.99, 0.99)
    return PoseFrame(0, lm, frame_size_px=(640, 480))


@pytest.mark.parametrize(
    ("pose", "up"),
    [
        (frame(UPRIGHT), False),
        (frame(UPRIGHT, LEFT_WRIST=ABOVE), True),
        (frame(UPRIGHT, RIGHT_WRIST=(0.4, 0.08)), True),
        (frame(UPRIGHT, LEFT_WRIST=ABOVE, RIGHT_WRIST=(0.4, 0.08)), False),  # both: a stretch
        (frame(UPRIGHT, LEFT_WRIST=(0.6, 0.18)), False),  # only level with the face
        (frame(LYING, LEFT_WRIST=(0.05, 0.5)), False),  # lying: arms past the head
        (PoseFrame(0, None), False),
    ],
)
def test_hand_up(pose: PoseFrame, up: bool) -> None:
    assert hand_up(pose) == up


@pytest.mark.parametrize("track", sorted(p.name for p in TRACKS_DIR.glob("*.posetrack.jsonl")))
def test_no_shared_clip_makes_the_gesture_for_even_a_second(track: str) -> None:
    _, frames, _ = replay_track(TRACKS_DIR / track, 0)
    longest = run = 0
    last_t = None
    for f in frames:
        if hand_up(f):
            run += (f.t_ms - last_t) if last_t is not None and run else 1
        else:
            run = 0
        longest = max(longest, run)
        last_t = f.t_ms
    assert longest < 1000


def test_holding_a_hand_up_pauses_and_again_carries_on() -> None:
    step = Step("squat", Prescription("squat", sets=2, reps=5), rest_s=30)
    s = ExerciseSequencer(
        step,
        "Squat",
        INSTRUCTIONS["squat"],
        index=1,
        total=1,
        previous=Place.STANDING,
        place=Place.STANDING,
        camera="side-on",
    )
    s.update(Tick(0, 1, 1, False, True, None))  # a rep: the set is under way
    hold_ms = int(GESTURE_HOLD_S * 1000)
    said: list[str] = []
    for t in range(100, 100 + hold_ms + 100, 100):
        said += s.update(Tick(t, 1, 1, False, True, None, hand_up=True)).say
    assert s.phase == Phase.PAUSED and said[-1].startswith("Paused")
    t += 100
    s.update(Tick(t, 1, 1, False, True, None, hand_up=True))  # still up: not again
    assert s.phase == Phase.PAUSED
    s.update(Tick(t + 100, 1, 1, False, True, None))  # down
    said = []
    for t2 in range(t + 200, t + 300 + hold_ms, 100):
        said += s.update(Tick(t2, 1, 1, False, True, None, hand_up=True)).say
    assert s.phase == Phase.SET and said == ["Carrying on."]
