"""Pure geometry on PoseFrame: points, joint angles, midpoints and inclines.

Every helper returns None when its answer is unknown (no person, a landmark below the
visibility threshold, a zero-length segment) and accepts None for any point argument, so
calls chain without checks: ``segment_incline_deg(midpoint(a, b), midpoint(c, d))``.

Image angles are computed in pixels. MediaPipe's normalised x is a share of the frame
width and y a share of the height, so on a 16:9 frame an angle computed on normalised
coordinates is distorted; the pixel position is ``(x * width, y * height)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from posecount.pose.landmarks import LandmarkId
from posecount.types import PoseFrame

Point = np.ndarray | Sequence[float]

# MediaPipe's visibility is a likelihood that the landmark is in view and not occluded;
# at 0.5 it is as likely hidden as shown, and a guessed joint position would make up angles.
DEFAULT_MIN_VISIBILITY = 0.5

# Segments shorter than this (in the points' own unit) have no usable direction: two
# landmarks on top of each other mean the limb points at the camera or was mis-detected.
_MIN_SEGMENT_LENGTH = 1e-9


def _check_min_visibility(min_visibility: float) -> None:
    if not (0.0 <= min_visibility <= 1.0):  # also rejects NaN
        raise ValueError(
            f"min_visibility must be in [0, 1] (a MediaPipe visibility score), "
            f"got {min_visibility!r}; use e.g. {DEFAULT_MIN_VISIBILITY}"
        )


def _as_vector(p: Point) -> np.ndarray:
    v = np.asarray(p, dtype=float)
    if v.ndim != 1 or v.shape[0] not in (2, 3):
        raise ValueError(f"a point must have 2 or 3 coordinates, got shape {v.shape}")
    return v


def angle_deg(a: Point | None, b: Point | None, c: Point | None) -> float | None:
    """The angle at ``b`` between the segments b->a and b->c, in degrees [0, 180].

    Works on 2D or 3D points (all three the same). None when a point is None or a
    segment has zero length (the angle is undefined there, not 0).
    """
    if a is None or b is None or c is None:
        return None
    va, vb, vc = _as_vector(a), _as_vector(b), _as_vector(c)
    if not (va.shape == vb.shape == vc.shape):
        raise ValueError(
            f"points must all be 2D or all 3D, got shapes {va.shape}, {vb.shape}, {vc.shape}"
        )
    u, w = va - vb, vc - vb
    nu, nw = float(np.linalg.norm(u)), float(np.linalg.norm(w))
    if nu < _MIN_SEGMENT_LENGTH or nw < _MIN_SEGMENT_LENGTH:
        return None
    # atan2 of |cross| and dot is accurate near 0 and 180 degrees, where acos of the
    # normalised dot product loses precision.
    if u.shape[0] == 2:
        cross = abs(float(u[0] * w[1] - u[1] * w[0]))
    else:
        cross = float(np.linalg.norm(np.cross(u, w)))
    return math.degrees(math.atan2(cross, float(np.dot(u, w))))


def point_px(
    frame: PoseFrame, lid: LandmarkId, min_visibility: float = DEFAULT_MIN_VISIBILITY
) -> np.ndarray | None:
    """The landmark's image position in pixels (x right, y down), or None when the frame
    has no person or the landmark's visibility is below ``min_visibility``.

    When the frame size is unknown ((0, 0)), positions stay in normalised units, as
    `PoseFrame.xy_px` does; angles are then only right for square frames.
    """
    _check_min_visibility(min_visibility)
    if frame.landmarks is None or frame.visibility(lid) < min_visibility:
        return None
    return frame.xy_px(lid)


def world_point_m(
    frame: PoseFrame, lid: LandmarkId, min_visibility: float = DEFAULT_MIN_VISIBILITY
) -> np.ndarray | None:
    """The landmark's world position in metres (hip-centred), or None when the frame has
    no person or no world coordinates, or the landmark's visibility is below
    ``min_visibility``."""
    _check_min_visibility(min_visibility)
    if frame.landmarks is None or frame.world_m is None:
        return None
    if frame.visibility(lid) < min_visibility:
        return None
    return np.array(frame.world_m[lid], dtype=float)


def joint_angle_deg(
    frame: PoseFrame,
    a: LandmarkId,
    b: LandmarkId,
    c: LandmarkId,
    min_visibility: float = DEFAULT_MIN_VISIBILITY,
) -> float | None:
    """The image angle at landmark ``b`` between a and c, in degrees, on pixel positions.
    None when any of the three is not visible enough."""
    return angle_deg(
        point_px(frame, a, min_visibility),
        point_px(frame, b, min_visibility),
        point_px(frame, c, min_visibility),
    )


def joint_angle_world_deg(
    frame: PoseFrame,
    a: LandmarkId,
    b: LandmarkId,
    c: LandmarkId,
    min_visibility: float = DEFAULT_MIN_VISIBILITY,
) -> float | None:
    """The 3D angle at landmark ``b`` between a and c from world coordinates, in degrees.
    Independent of the camera's viewpoint, but noisier in depth than the image angle."""
    return angle_deg(
        world_point_m(frame, a, min_visibility),
        world_point_m(frame, b, min_visibility),
        world_point_m(frame, c, min_visibility),
    )


def midpoint(p: Point | None, q: Point | None) -> np.ndarray | None:
    """The point halfway between p and q, or None when either is None."""
    if p is None or q is None:
        return None
    vp, vq = _as_vector(p), _as_vector(q)
    if vp.shape != vq.shape:
        raise ValueError(f"points must have the same dimension, got {vp.shape} and {vq.shape}")
    return (vp + vq) / 2.0


def segment_incline_deg(a: Point | None, b: Point | None) -> float | None:
    """The incline of the image segment a->b against the horizontal, in degrees [-90, 90].

    Points are image positions (x right, y down, e.g. from `point_px`). Positive when b is
    higher in the image than a, 0 when level, 90 when b is straight above a. The sign does
    not depend on whether b is left or right of a, so the same value comes out whichever
    way the person faces the camera. None when a point is None or a == b.
    """
    if a is None or b is None:
        return None
    va, vb = _as_vector(a), _as_vector(b)
    dx = abs(float(vb[0] - va[0]))
    rise = float(va[1] - vb[1])  # image y grows downwards
    if math.hypot(dx, rise) < _MIN_SEGMENT_LENGTH:
        return None
    return math.degrees(math.atan2(rise, dx))


__all__ = [
    "DEFAULT_MIN_VISIBILITY",
    "Point",
    "angle_deg",
    "joint_angle_deg",
    "joint_angle_world_deg",
    "midpoint",
    "point_px",
    "segment_incline_deg",
    "world_point_m",
]
