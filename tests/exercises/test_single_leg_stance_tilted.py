"""Single-leg stance with the camera propped crooked: the real front-view tracks (both feet
down; a 12 s tree pose) turned 15 degrees about the picture's centre, as a phone leant
against something films them (MediaPipe's own track of such a re-encode reads the same)."""

from __future__ import annotations

import math

import pytest

from conftest import track_for
from posecount.exercises.registry import get_exercise
from posecount.prescription.catalogue import resolve_prescription
from posecount.session.analysis import Analyzer
from posecount.tracks import TrackReader
from posecount.types import PoseFrame


def rolled(frame: PoseFrame, deg: float) -> PoseFrame:
    """The frame as a camera rolled `deg` (clockwise) would show it; world landmarks keep
    the picture's axes, so they roll with it."""
    if frame.landmarks is None:
        return frame
    w, h = frame.frame_size_px
    c, s = math.cos(math.radians(-deg)), math.sin(math.radians(-deg))
    lm = frame.landmarks.copy()
    x, y = (lm[:, 0] - 0.5) * w, (lm[:, 1] - 0.5) * h
    lm[:, 0], lm[:, 1] = (c * x - s * y) / w + 0.5, (s * x + c * y) / h + 0.5
    world = None
    if frame.world_m is not None:
        world = frame.world_m.copy()
        wx, wy = world[:, 0].copy(), world[:, 1].copy()
        world[:, 0], world[:, 1] = c * wx - s * wy, s * wx + c * wy
    return PoseFrame(frame.t_ms, lm, world, frame.frame_size_px)


@pytest.mark.parametrize("deg", [0, 15, -15])
@pytest.mark.parametrize(
    ("clip", "holds_s"),
    [
        ("standing_two_feet_negative_front_7s.mp4", []),
        ("single_leg_stance_treepose_front_12s.mp4", [12.0]),
    ],
)
def test_a_crooked_camera_neither_adds_nor_loses_a_hold(
    clip: str, holds_s: list[float], deg: float
) -> None:
    exercise = "single-leg-stance"
    analyzer = Analyzer(get_exercise(exercise), resolve_prescription(exercise))
    analyzer.run(rolled(f, deg) for f in TrackReader(track_for(clip)))
    assert analyzer.summary()["holds_s"] == pytest.approx(holds_s, abs=0.5)
