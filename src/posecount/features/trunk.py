"""Trunk measures from world landmarks (metres, y down), so they do not depend on where
the camera stands: the trunk's elevation above the floor and its lean from upright.

The trunk is the line from the mid-hip to the mid-shoulder. MediaPipe's world frame is
aligned with the camera, so "down" is the camera's down: a camera tilted by a few degrees
shifts both measures by as much, which a rep counter learning its rest level absorbs.
"""

from __future__ import annotations

import math

import numpy as np

from posecount.pose.landmarks import LandmarkId as L
from posecount.types import PoseFrame

# A shoulder and a hip must each be as likely seen as not (the threshold of the image
# features, features.geometry.DEFAULT_MIN_VISIBILITY). Side-on the far shoulder and hip are
# hidden, but MediaPipe's world midpoints stay well placed from the near side.
_MIN_VISIBILITY = 0.5


def _torso(frame: PoseFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """(mid-hip, mid-shoulder) world points, or None when the torso is not seen."""
    w = frame.world_m
    if w is None or frame.landmarks is None:
        return None
    shoulder = max(frame.visibility(L.LEFT_SHOULDER), frame.visibility(L.RIGHT_SHOULDER))
    hip = max(frame.visibility(L.LEFT_HIP), frame.visibility(L.RIGHT_HIP))
    if min(shoulder, hip) < _MIN_VISIBILITY:
        return None
    hips = (w[L.LEFT_HIP] + w[L.RIGHT_HIP]) / 2
    shoulders = (w[L.LEFT_SHOULDER] + w[L.RIGHT_SHOULDER]) / 2
    return np.asarray(hips, dtype=float), np.asarray(shoulders, dtype=float)


def trunk_elevation_deg(frame: PoseFrame) -> float | None:
    """Elevation of the hips->shoulders line above the horizontal, in degrees: 0 lying
    flat, 90 upright, negative when the shoulders are below the hips (head down, as in a
    child's pose). None when the torso is not visible."""
    pts = _torso(frame)
    if pts is None:
        return None
    v = pts[1] - pts[0]
    n = float(np.linalg.norm(v))
    if n < 1e-6:
        return None
    return math.degrees(math.asin(max(-1.0, min(1.0, -float(v[1]) / n))))


def trunk_lean_forward_deg(frame: PoseFrame) -> float | None:
    """Lean of the trunk from upright, in degrees, positive forwards (towards the knees)
    and negative backwards: 0 sitting tall, ~40 bent halfway to the thighs, -10 to -20
    slumped back against a chair. "Forwards" is the horizontal direction from the hips to
    the knees, which for a seated person is the way they face. None when the torso or
    both knees are not visible, or the knees are straight below the hips (no forwards)."""
    pts = _torso(frame)
    w = frame.world_m
    if pts is None or w is None:
        return None
    knees = [w[k] for k in (L.LEFT_KNEE, L.RIGHT_KNEE) if frame.visibility(k) >= _MIN_VISIBILITY]
    if not knees:
        return None
    hips, shoulders = pts
    forward = np.mean(knees, axis=0) - hips
    forward[1] = 0.0
    nf = float(np.linalg.norm(forward))
    if nf < 0.05:  # under 5 cm: the thighs point down, no usable forward direction
        return None
    forward /= nf
    trunk = shoulders - hips
    return math.degrees(math.atan2(float(trunk @ forward), -float(trunk[1])))


__all__ = ["trunk_elevation_deg", "trunk_lean_forward_deg"]
