"""Trunk elevation and lean from world landmarks, on synthetic bodies of known pose."""

from __future__ import annotations

import numpy as np
import pytest

from posecount.features.trunk import trunk_elevation_deg, trunk_lean_forward_deg
from posecount.pose.landmarks import LandmarkId as L
from posecount.synthetic import generate_static
from posecount.types import PoseFrame


def hidden(frame: PoseFrame, *lids: L) -> PoseFrame:
    assert frame.landmarks is not None
    lm = frame.landmarks.copy()
    for lid in lids:
        lm[lid, 3] = 0.1
    return PoseFrame(frame.t_ms, lm, frame.world_m, frame.frame_size_px)


@pytest.mark.parametrize(
    "posture, views, low, high",
    [
        ("standing", ("side-left", "side-right", "front"), 80.0, 90.0),
        ("sitting", ("side-left", "side-right", "front"), 80.0, 90.0),
        # Lying, the shoulders sit a little lower than the hips (body thickness). Filmed
        # from the feet by a camera looking 15 degrees down, world "down" is the camera's,
        # so the reading shifts by that tilt (see features.trunk): side views only here.
        ("supine", ("side-left", "side-right"), -10.0, 5.0),
        ("prone", ("side-left", "side-right"), -10.0, 5.0),
    ],
)
def test_elevation_by_posture(
    posture: str, views: tuple[str, ...], low: float, high: float
) -> None:
    for view in views:
        value = trunk_elevation_deg(generate_static(posture, 0.1, view=view)[0])
        assert value is not None and low <= value <= high, (view, value)


def test_sitting_tall_leans_near_zero_from_any_view() -> None:
    for view in ("side-left", "side-right", "front"):
        lean = trunk_lean_forward_deg(generate_static("sitting", 0.1, view=view)[0])
        assert lean is not None and abs(lean) < 10.0, (view, lean)


def test_a_lying_camera_tilt_shifts_the_elevation_by_the_tilt() -> None:
    # The documented caveat, measured: a camera at the feet looking 15 degrees down.
    frame = generate_static("supine", 0.1, view="front")[0]
    side = generate_static("supine", 0.1, view="side-left")[0]
    a, b = trunk_elevation_deg(frame), trunk_elevation_deg(side)
    assert a is not None and b is not None
    assert a - b == pytest.approx(15.0, abs=3.0)


def test_missing_is_none() -> None:
    frame = generate_static("sitting", 0.1)[0]
    assert trunk_elevation_deg(PoseFrame(0, None)) is None
    assert trunk_lean_forward_deg(PoseFrame(0, None)) is None
    # One shoulder and one hip seen is enough (side-on, the far ones are hidden) ...
    assert trunk_elevation_deg(hidden(frame, L.RIGHT_SHOULDER, L.RIGHT_HIP)) is not None
    # ... but not with both shoulders hidden, nor without a knee for the lean.
    assert trunk_elevation_deg(hidden(frame, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)) is None
    assert trunk_lean_forward_deg(hidden(frame, L.LEFT_KNEE, L.RIGHT_KNEE)) is None


def test_lean_sign_follows_the_knees() -> None:
    # Mirror the whole body front to back: the lean keeps its sign, since "forwards" is
    # wherever the knees are.
    frame = generate_static("sitting", 0.1)[0]
    assert frame.world_m is not None
    w = frame.world_m.copy()
    w[:, 2] *= -1
    mirrored = PoseFrame(0, frame.landmarks, w, frame.frame_size_px)
    a, b = trunk_lean_forward_deg(frame), trunk_lean_forward_deg(mirrored)
    assert a is not None and b is not None
    assert a == pytest.approx(b, abs=1e-6)
    assert np.isfinite(a)
