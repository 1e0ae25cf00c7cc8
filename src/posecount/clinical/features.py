"""What the chair-based tests measure in each frame.

The hip's height above the ankle, in lengths of the same leg's shin (knee to ankle), in
the image. Seated on a chair of ordinary height the hip is about one shin length above
the ankle (seat heights of 43-46 cm match a lower leg of 40-45 cm); standing it is thigh
plus shin, about two. The shin is upright both seated and standing, so its image length
shrinks with the camera's tilt just as the hip's height does: the ratio reads the same
side-on, from the front and from a high corner, at any distance. The leg that gives the
larger value is the one standing on the floor (a stepping foot is lifted), so walking
reads as standing.

The shoulders' image position is kept too: the first visible sign of a rise is the
trunk leaning forward, while the hips are still on the seat.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from posecount.features.geometry import DEFAULT_MIN_VISIBILITY, midpoint, point_px
from posecount.pose.landmarks import LandmarkId as L
from posecount.types import PoseFrame

_LEGS = (
    (L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE),
    (L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE),
)
# A shin shorter than this in pixels is a mis-detection or a leg pointing at the camera.
_MIN_SHIN_PX = 4.0


@dataclass(frozen=True, slots=True)
class ChairFeatures:
    """None fields are unknown (not visible), never zero."""

    hip_height_shins: float | None
    shin_px: float | None
    shoulders_px: tuple[float, float] | None
    hips_px: tuple[float, float] | None


def _leg(frame: PoseFrame, hip: L, knee: L, ankle: L) -> tuple[float, float] | None:
    h = point_px(frame, hip, DEFAULT_MIN_VISIBILITY)
    k = point_px(frame, knee, DEFAULT_MIN_VISIBILITY)
    a = point_px(frame, ankle, DEFAULT_MIN_VISIBILITY)
    if h is None or k is None or a is None:
        return None
    shin = float(np.linalg.norm(k - a))
    if shin < _MIN_SHIN_PX:
        return None
    return float(a[1] - h[1]) / shin, shin  # image y grows downwards


def pair_midpoint_px(frame: PoseFrame, left: L, right: L) -> np.ndarray | None:
    """The middle of a left/right pair (shoulders, hips) when at least one of them is
    visible. Side-on, the far one is hidden (visibility 0.4-0.5) but MediaPipe still
    places it from the body model, and the middle of the two is steadier than switching
    to the near one alone, which would jump by the body's width when the near side changes.
    """
    if frame.landmarks is None:
        return None
    if point_px(frame, left) is None and point_px(frame, right) is None:
        return None
    return midpoint(point_px(frame, left, 0.0), point_px(frame, right, 0.0))


def _pair(p: np.ndarray | None) -> tuple[float, float] | None:
    return None if p is None else (float(p[0]), float(p[1]))


def chair_features(frame: PoseFrame) -> ChairFeatures:
    legs = [x for x in (_leg(frame, *ids) for ids in _LEGS) if x is not None]
    height, shin = max(legs) if legs else (None, None)
    shoulders = pair_midpoint_px(frame, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
    hips = pair_midpoint_px(frame, L.LEFT_HIP, L.RIGHT_HIP)
    return ChairFeatures(height, shin, _pair(shoulders), _pair(hips))
