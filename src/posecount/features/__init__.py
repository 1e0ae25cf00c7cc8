"""Features from pose frames: geometry (pixel and world angles, inclines) and time-aware
smoothing. Pure: no cv2, no mediapipe, no clock."""

from posecount.features.geometry import (
    DEFAULT_MIN_VISIBILITY,
    angle_deg,
    joint_angle_deg,
    joint_angle_world_deg,
    midpoint,
    point_px,
    segment_incline_deg,
    world_point_m,
)
from posecount.features.smoothing import OneEuroFilter

__all__ = [
    "DEFAULT_MIN_VISIBILITY",
    "OneEuroFilter",
    "angle_deg",
    "joint_angle_deg",
    "joint_angle_world_deg",
    "midpoint",
    "point_px",
    "segment_incline_deg",
    "world_point_m",
]
