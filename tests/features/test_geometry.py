"""Geometry helpers: angles in pixels, visibility gating, world coordinates, inclines."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posecount.features import (
    angle_deg,
    joint_angle_deg,
    joint_angle_world_deg,
    midpoint,
    point_px,
    segment_incline_deg,
    world_point_m,
)
from posecount.pose.landmarks import LANDMARK_COUNT, LandmarkId
from posecount.types import VISIBILITY, PoseFrame

HIP, KNEE, ANKLE = LandmarkId.LEFT_HIP, LandmarkId.LEFT_KNEE, LandmarkId.LEFT_ANKLE


def frame(
    points_norm: dict[LandmarkId, tuple[float, float]],
    size: tuple[int, int] = (1280, 720),
    visibility: dict[LandmarkId, float] | None = None,
    world: dict[LandmarkId, tuple[float, float, float]] | None = None,
) -> PoseFrame:
    lm = np.zeros((LANDMARK_COUNT, 5))
    lm[:, VISIBILITY] = 1.0
    for lid, (x, y) in points_norm.items():
        lm[lid, :2] = (x, y)
    for lid, v in (visibility or {}).items():
        lm[lid, VISIBILITY] = v
    w = None
    if world is not None:
        w = np.zeros((LANDMARK_COUNT, 3))
        for lid, xyz in world.items():
            w[lid] = xyz
    return PoseFrame(t_ms=0, landmarks=lm, world_m=w, frame_size_px=size)


@pytest.mark.parametrize(
    ("a", "b", "c", "expected"),
    [
        pytest.param((1, 0), (0, 0), (0, 1), 90.0, id="right-angle"),
        pytest.param((1, 0), (0, 0), (-1, 0), 180.0, id="straight"),
        pytest.param((1, 0), (0, 0), (2, 0), 0.0, id="folded"),
        pytest.param((1, 0), (0, 0), (1, 1), 45.0, id="45"),
        pytest.param((3, 3), (2, 2), (2, 5), 45.0, id="offset-vertex"),
        pytest.param((1, 0, 0), (0, 0, 0), (0, 0, 1), 90.0, id="3d-right-angle"),
        pytest.param((1, 1, 0), (0, 0, 0), (0, 0, 2), 90.0, id="3d-out-of-plane"),
        pytest.param(
            (1, 0, 0), (0, 0, 0), (1, 1, 1), math.degrees(math.acos(1 / 3**0.5)), id="3d-diagonal"
        ),
    ],
)
def test_angle_deg(a, b, c, expected) -> None:
    assert angle_deg(a, b, c) == pytest.approx(expected, abs=1e-9)
    assert angle_deg(c, b, a) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("a", "b", "c"),
    [
        pytest.param(None, (0, 0), (1, 1), id="missing-point"),
        pytest.param((0, 0), (0, 0), (1, 1), id="zero-length-segment"),
        pytest.param((1, 1), (0, 0), (0, 0), id="zero-length-other-segment"),
    ],
)
def test_angle_undefined_is_none(a, b, c) -> None:
    assert angle_deg(a, b, c) is None


def test_angle_mixed_dimensions_rejected() -> None:
    with pytest.raises(ValueError, match="must all be 2D or all 3D"):
        angle_deg((1, 0), (0, 0), (0, 0, 1))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=6, max_size=6))
def test_angle_in_range(coords) -> None:
    a, b, c = coords[0:2], coords[2:4], coords[4:6]
    angle = angle_deg(a, b, c)
    assert angle is None or 0.0 <= angle <= 180.0


def test_point_px_scales_by_frame_size() -> None:
    f = frame({KNEE: (0.5, 0.25)}, size=(1280, 720))
    assert point_px(f, KNEE) == pytest.approx([640, 180])


def test_joint_angle_is_computed_in_pixels() -> None:
    # On a 1280x720 frame: knee at (640, 360) px, hip straight above it, ankle 360 px to
    # the right and 360 px up: 45 degrees. The same points in normalised units give ~29.
    knee = (0.5, 0.5)
    hip = (0.5, 0.0)
    ankle = (0.5 + 360 / 1280, 0.0)
    f = frame({HIP: hip, KNEE: knee, ANKLE: ankle}, size=(1280, 720))
    assert joint_angle_deg(f, HIP, KNEE, ANKLE) == pytest.approx(45.0)
    normalised = angle_deg(hip, knee, ankle)
    assert normalised is not None and abs(normalised - 45.0) > 10


@pytest.mark.parametrize(
    ("visibility", "threshold", "visible"),
    [(0.9, 0.5, True), (0.5, 0.5, True), (0.49, 0.5, False), (0.0, 0.0, True), (0.2, 1.0, False)],
)
def test_visibility_gate(visibility: float, threshold: float, visible: bool) -> None:
    f = frame(
        {HIP: (0.5, 0.2), KNEE: (0.5, 0.5), ANKLE: (0.7, 0.8)},
        visibility={KNEE: visibility},
        world={HIP: (0, -0.4, 0), KNEE: (0, 0, 0), ANKLE: (0.1, 0.4, 0)},
    )
    assert (point_px(f, KNEE, threshold) is not None) is visible
    assert (world_point_m(f, KNEE, threshold) is not None) is visible
    assert (joint_angle_deg(f, HIP, KNEE, ANKLE, threshold) is not None) is visible
    assert (joint_angle_world_deg(f, HIP, KNEE, ANKLE, threshold) is not None) is visible


def test_no_person_is_none() -> None:
    f = PoseFrame(t_ms=0, landmarks=None)
    assert point_px(f, KNEE) is None
    assert world_point_m(f, KNEE) is None
    assert joint_angle_deg(f, HIP, KNEE, ANKLE) is None
    assert joint_angle_world_deg(f, HIP, KNEE, ANKLE) is None


def test_world_points_and_angle() -> None:
    f = frame(
        {HIP: (0.5, 0.2), KNEE: (0.5, 0.5), ANKLE: (0.7, 0.8)},
        world={HIP: (0.0, -0.45, 0.0), KNEE: (0.0, 0.0, 0.0), ANKLE: (0.0, 0.0, 0.4)},
    )
    assert world_point_m(f, HIP) == pytest.approx([0.0, -0.45, 0.0])
    assert joint_angle_world_deg(f, HIP, KNEE, ANKLE) == pytest.approx(90.0)


def test_world_missing_is_none() -> None:
    f = frame({KNEE: (0.5, 0.5)})  # landmarks but no world coordinates
    assert world_point_m(f, KNEE) is None
    assert joint_angle_world_deg(f, HIP, KNEE, ANKLE) is None


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan")])
def test_min_visibility_validated(bad: float) -> None:
    f = frame({KNEE: (0.5, 0.5)})
    for call in (
        lambda: point_px(f, KNEE, bad),
        lambda: world_point_m(f, KNEE, bad),
        lambda: joint_angle_deg(f, HIP, KNEE, ANKLE, bad),
        lambda: joint_angle_world_deg(f, HIP, KNEE, ANKLE, bad),
    ):
        with pytest.raises(ValueError, match=r"min_visibility must be in \[0, 1\]"):
            call()


def test_midpoint() -> None:
    assert midpoint((0, 0), (2, 4)) == pytest.approx([1, 2])
    assert midpoint((0, 0, 0), (2, 4, 6)) == pytest.approx([1, 2, 3])
    assert midpoint(None, (1, 1)) is None
    assert midpoint((1, 1), None) is None
    with pytest.raises(ValueError, match="same dimension"):
        midpoint((0, 0), (1, 1, 1))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param((0, 100), (100, 100), 0.0, id="level"),
        pytest.param((0, 100), (100, 0), 45.0, id="b-higher-to-the-right"),
        pytest.param((100, 100), (0, 0), 45.0, id="b-higher-to-the-left"),
        pytest.param((0, 0), (100, 100), -45.0, id="b-lower"),
        pytest.param((50, 100), (50, 0), 90.0, id="b-straight-above"),
        pytest.param((50, 0), (50, 100), -90.0, id="b-straight-below"),
    ],
)
def test_segment_incline(a, b, expected) -> None:
    assert segment_incline_deg(a, b) == pytest.approx(expected)


def test_segment_incline_undefined() -> None:
    assert segment_incline_deg(None, (1, 1)) is None
    assert segment_incline_deg((1, 1), (1, 1)) is None


def test_chaining_with_none() -> None:
    ls, rs, rh = LandmarkId.LEFT_SHOULDER, LandmarkId.RIGHT_SHOULDER, LandmarkId.RIGHT_HIP
    f = frame(
        {ls: (0.2, 0.5), rs: (0.2, 0.5), HIP: (0.5, 0.5), rh: (0.5, 0.5)},
        visibility={rh: 0.1},
    )
    shoulders = midpoint(point_px(f, ls), point_px(f, rs))
    hips = midpoint(point_px(f, HIP), point_px(f, rh))
    assert shoulders is not None and hips is None
    assert segment_incline_deg(shoulders, hips) is None
