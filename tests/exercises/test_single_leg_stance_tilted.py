"""Single-leg stance with the camera propped crooked: the real front-view tracks (both feet
down; a 12 s tree pose) turned 15 degrees about the picture's centre, as a phone leant
against something films them (MediaPipe's own track of such a re-encode reads the same)."""

from __future__ import annotations

import pytest

from conftest import track_for
from posecount.exercises.registry import get_exercise
from posecount.pose.rotation import roll_pose
from posecount.prescription.catalogue import resolve_prescription
from posecount.session.analysis import Analyzer
from posecount.tracks import TrackReader


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
    analyzer.run(roll_pose(f, deg) for f in TrackReader(track_for(clip)))
    assert analyzer.summary()["holds_s"] == pytest.approx(holds_s, abs=0.5)
