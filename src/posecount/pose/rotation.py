"""Turning a pose the way the picture would be turned: clockwise by 90, 180 or 270 degrees.

BlazePose aligns its crop with the body before finding landmarks, so the landmarks of a
turned picture are the turned landmarks of the original (to MediaPipe's precision): a pose
track, or an analysis that finds the camera was on its side, can be turned afterwards
without the pixels. World landmarks keep the picture's axes, so they turn with it.
"""

from __future__ import annotations

import math

import numpy as np

from posecount.errors import SourceError
from posecount.pose.landmarks import LandmarkId
from posecount.types import PoseFrame

ROTATIONS_DEG = (0, 90, 180, 270)


def _turn_xy(
    x: np.ndarray, y: np.ndarray, rotate_deg: int, span: float
) -> tuple[np.ndarray, np.ndarray]:
    """Clockwise in a frame with y down; `span` is 1 for normalised image coordinates (the
    picture is [0, 1] on both axes) and 0 for directions about the origin."""
    if rotate_deg == 90:
        return span - y, x
    if rotate_deg == 180:
        return span - x, span - y
    if rotate_deg == 270:
        return y, span - x
    return x, y


def rotate_pose(frame: PoseFrame, rotate_deg: int) -> PoseFrame:
    """The frame as a camera turned `rotate_deg` clockwise would have seen it."""
    if rotate_deg not in ROTATIONS_DEG:
        raise ValueError(f"rotate_deg must be one of {ROTATIONS_DEG}, got {rotate_deg!r}")
    if rotate_deg == 0:
        return frame
    w, h = frame.frame_size_px
    size = (h, w) if rotate_deg in (90, 270) else (w, h)
    lm = world = None
    if frame.landmarks is not None:
        lm = frame.landmarks.copy()
        lm[:, 0], lm[:, 1] = _turn_xy(frame.landmarks[:, 0], frame.landmarks[:, 1], rotate_deg, 1.0)
    if frame.world_m is not None:
        world = frame.world_m.copy()
        world[:, 0], world[:, 1] = _turn_xy(
            frame.world_m[:, 0], frame.world_m[:, 1], rotate_deg, 0.0
        )
    return PoseFrame(frame.t_ms, lm, world, size)


def roll_pose(frame: PoseFrame, roll_deg: float) -> PoseFrame:
    """The frame with the picture turned `roll_deg` clockwise about its centre, as
    rotate_pose but by any angle (a phone propped crooked) and keeping the picture's size,
    so a landmark near a corner may leave it, as it would leave the camera's view."""
    if frame.landmarks is None:
        return frame
    w, h = frame.frame_size_px
    if w <= 0 or h <= 0:
        w = h = 1
    c, s = math.cos(math.radians(roll_deg)), math.sin(math.radians(roll_deg))
    lm = frame.landmarks.copy()
    x, y = (lm[:, 0] - 0.5) * w, (lm[:, 1] - 0.5) * h
    lm[:, 0], lm[:, 1] = (c * x - s * y) / w + 0.5, (s * x + c * y) / h + 0.5
    world = None
    if frame.world_m is not None:
        world = frame.world_m.copy()
        wx, wy = frame.world_m[:, 0], frame.world_m[:, 1]
        world[:, 0], world[:, 1] = c * wx - s * wy, s * wx + c * wy
    return PoseFrame(frame.t_ms, lm, world, frame.frame_size_px)


def check_rotation(rotate_deg: int) -> int:
    """A user's --rotate, checked where it is given (a SourceError: one line for the CLI)."""
    if rotate_deg not in ROTATIONS_DEG:
        raise SourceError(
            f"rotation must be 0, 90, 180 or 270 degrees, got {rotate_deg}; "
            "pass --rotate 90 (clockwise), 180 or 270"
        )
    return rotate_deg


def _sides_swapped() -> list[int]:
    order = list(range(len(LandmarkId)))
    for lid in LandmarkId:
        if lid.name.startswith("LEFT_"):
            right = LandmarkId[lid.name.replace("LEFT_", "RIGHT_")]
            order[lid], order[right] = order[right], order[lid]
    return order


_SIDES_SWAPPED = _sides_swapped()


def mirror_pose(frame: PoseFrame) -> PoseFrame:
    """The frame as the picture flipped left to right would have given it: MediaPipe names
    sides as the person's own, so a mirrored person's left landmarks are the right ones."""
    if frame.landmarks is None or frame.world_m is None:
        return frame
    lm = frame.landmarks[_SIDES_SWAPPED].copy()
    lm[:, 0] = 1.0 - lm[:, 0]
    world = frame.world_m[_SIDES_SWAPPED].copy()
    world[:, 0] = -world[:, 0]
    return PoseFrame(frame.t_ms, lm, world, frame.frame_size_px)
