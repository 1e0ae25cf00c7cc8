"""--rotate on pose tracks turns the recorded landmarks, so a session filmed with the camera
on its side can be recovered from its track alone."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import TRACKS_DIR
from posecount.errors import SourceError
from posecount.pose.landmarks import LandmarkId as L
from posecount.pose.rotation import mirror_pose, roll_pose, rotate_pose
from posecount.session.analyze import analyze
from posecount.session.pipeline import replay_track
from posecount.synthetic import generate_static
from posecount.tracks.format import TrackWriter
from posecount.types import PoseFrame, quantize

BRIDGE = TRACKS_DIR / "bridge_darebee_side_5reps.posetrack.jsonl"


def _frame(seed: int) -> PoseFrame:
    rng = np.random.default_rng(seed)
    lm, world = quantize(rng.random((33, 5)), rng.normal(size=(33, 3)))
    return PoseFrame(t_ms=0, landmarks=lm, world_m=world, frame_size_px=(640, 360))


@pytest.mark.parametrize(
    ("deg", "corner"),
    # Where the top-left corner of the picture ends up when the picture turns clockwise.
    [(0, (0.0, 0.0)), (90, (1.0, 0.0)), (180, (1.0, 1.0)), (270, (0.0, 1.0))],
)
def test_the_top_left_corner_moves_like_a_turned_picture(deg: int, corner: tuple) -> None:  # type: ignore[type-arg]
    f = _frame(1)
    lm = f.landmarks.copy()  # type: ignore[union-attr]
    lm[0, :2] = 0.0
    turned = rotate_pose(PoseFrame(0, lm, f.world_m, (640, 360)), deg)
    assert tuple(turned.landmarks[0, :2]) == corner  # type: ignore[index]
    assert turned.frame_size_px == ((360, 640) if deg in (90, 270) else (640, 360))


@given(st.integers(0, 2**31), st.sampled_from([90, 180, 270]))
def test_four_quarter_turns_or_a_turn_and_its_inverse_give_the_frame_back(
    seed: int, deg: int
) -> None:
    f = _frame(seed)
    back = rotate_pose(rotate_pose(f, deg), (360 - deg) % 360)
    assert np.allclose(back.landmarks, f.landmarks, atol=1e-9)  # type: ignore[arg-type]
    assert np.allclose(back.world_m, f.world_m, atol=1e-9)  # type: ignore[arg-type]
    assert back.frame_size_px == f.frame_size_px


@pytest.mark.parametrize("deg", [90, 180, 270])
def test_a_roll_by_quarter_turns_is_a_quarter_turn_on_a_square_picture(deg: int) -> None:
    f = _frame(3)
    square = PoseFrame(0, f.landmarks, f.world_m, (480, 480))
    rolled, turned = roll_pose(square, deg), rotate_pose(square, deg)
    assert np.allclose(rolled.landmarks[:, :2], turned.landmarks[:, :2], atol=1e-9)  # type: ignore[index]
    assert np.allclose(rolled.world_m, turned.world_m, atol=1e-9)  # type: ignore[arg-type]


@given(st.integers(0, 2**31), st.floats(-180, 180))
def test_a_roll_and_its_inverse_give_the_frame_back(seed: int, deg: float) -> None:
    f = _frame(seed)
    back = roll_pose(roll_pose(f, deg), -deg)
    assert np.allclose(back.landmarks, f.landmarks, atol=1e-9)  # type: ignore[arg-type]
    assert np.allclose(back.world_m, f.world_m, atol=1e-9)  # type: ignore[arg-type]
    assert back.frame_size_px == f.frame_size_px


def test_a_bad_rotation_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="0, 90, 180 or 270"):
        replay_track(BRIDGE, 45)


def test_a_track_of_a_camera_on_its_side_is_recovered_with_rotate(tmp_path: Path) -> None:
    header, frames, _ = replay_track(BRIDGE, 270)  # what a camera turned a quarter records
    sideways = tmp_path / "sideways.posetrack.jsonl"
    with TrackWriter(sideways, header) as w:
        for f in frames:
            w.write(f)
    upright = analyze(BRIDGE, "bridge")
    # As filmed (--rotate 0) it is taken for sitting and nothing is counted.
    assert analyze(sideways, "bridge", rotate_deg=0)["reps"] == 0
    fixed = analyze(sideways, "bridge", rotate_deg=90)
    assert fixed["reps"] == upright["reps"] == 5
    assert fixed["events"] == upright["events"]


def test_the_header_records_the_rotation_applied() -> None:
    header, _, _ = replay_track(BRIDGE, 90)
    w, h = json.loads(BRIDGE.read_text().splitlines()[0])["frame_size_px"]
    assert header.rotate_deg == 90 and header.frame_size_px == (h, w)


def test_mirroring_swaps_the_sides_and_twice_is_the_identity() -> None:
    (f,) = generate_static("standing", 0.04, view="side-left", fps=25)[:1]
    m = mirror_pose(f)
    assert f.landmarks is not None and m.landmarks is not None
    assert m.landmarks[L.RIGHT_KNEE, 0] == pytest.approx(1.0 - f.landmarks[L.LEFT_KNEE, 0])
    back = mirror_pose(m)
    assert back.landmarks is not None and back.world_m is not None and f.world_m is not None
    assert abs(back.landmarks - f.landmarks).max() < 1e-12
    assert abs(back.world_m - f.world_m).max() < 1e-12
