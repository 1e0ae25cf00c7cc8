"""Hard cuts: an edited video that cuts to another shot of the set, or a camera moved and
set down again. The patient's placement in the picture (where the torso is, how long it
looks, which way it points) jumps between two frames further than a body moves in that
time, and stays where it jumped to. What was learned before (a rest level, where upright
knees sit in the picture, which way the first knee roll went) belongs to the old shot.

A single frame fitted wrongly jumps too, and comes back: a jump is a cut only once the
frames after it agree with each other and not with the frames before (CONFIRM_MS).
Measured on 30,773 consecutive frame pairs of real MediaPipe tracks (the 16 shared clips
at lite/10 fps and full/30 fps, and their re-encoded robustness variants): a body moving
changes its torso's length by at most 14% and turns it by at most 10 degrees between two
analysed frames (99th centile), and moves its centre by at most 0.35 torso lengths; the
larger jumps are fitting glitches of one or two frames, and the cuts the variants make.
A cut from a view facing the patient to a side view (or back) may keep the torso's place
and size; its shoulders and hips then turn a quarter about the vertical in one frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from posecount.features.trunk import trunk_elevation_deg
from posecount.features.view import girdle_yaws_deg
from posecount.pose.landmarks import LandmarkId as L
from posecount.types import PoseFrame

# A jump: the picture's scale at the body a quarter larger or smaller (a zoom, or the camera
# moved nearer or further), the torso turned by more than a right angle (head and hips
# swapping sides: a lying body filmed from its other side), or moved by more than 0.8 m
# (a brisk walk covers 0.15 m in a tenth of a second), between frames at most MAX_GAP_MS
# apart.
_JUMP_SCALE = 1.25
_JUMP_TURN_DEG = 90.0
_JUMP_SHIFT_M = 0.8
# Or shoulders and hips alike turned about the vertical by more than this (a cut from a
# front view to a side view turns both by 60-90 degrees in a frame). Between analysed
# frames of the 16 shared clips a body turns them by at most 37 degrees at lite/10 fps (the
# oblique knee rolls; a timed up and go turning at the cone 31; 99.9th centile 28) and 23
# at full/30 fps, mostly by a few.
_JUMP_YAW_DEG = 50.0
# The turn is read only for a body upright (the trunk within 45 degrees of vertical) in
# both frames: lying, the body's depth is the least certain, and the readings of a knee
# roll or a bridge re-encoded tilted or shaken swing from side-on to facing and stay there
# for several frames (4 -> 82 degrees and back within 0.3 s).
_UPRIGHT_MIN_DEG = 45.0
# Frames agree with a placement within these (real movement from frame to frame, with a
# margin for the frames after a cut settling).
_NEAR_SCALE = 1.15
_NEAR_TURN_DEG = 30.0
_NEAR_SHIFT_M = 0.3
# Only between frames this close (a 4 fps floor; the analysis runs at 5 or more): after a
# longer gap in the detections the skeleton is fitted afresh anyway, often elsewhere (the
# shared handheld bridge, seen again after 0.4 s unseen, is no new shot).
MAX_GAP_MS = 250
# A jump that holds this long over at least three frames is a cut; back near where it was
# before, it was a glitch. Longer than the one or two frames a wrong fit lasts.
CONFIRM_MS = 300
_CONFIRM_FRAMES = 3


@dataclass(frozen=True, slots=True)
class Placement:
    t_ms: int
    centre_px: np.ndarray  # the torso's centre
    px_per_m: float  # the picture's scale at the body
    axis_deg: float  # the hips-to-shoulders direction in the picture
    yaws_deg: tuple[float | None, float | None]  # shoulders, hips: see view.girdle_yaws_deg
    upright: bool  # the trunk nearer vertical than level (see _UPRIGHT_MIN_DEG)


# The segments the picture's scale is measured on: the torso's sides, the shoulders and
# the hips, and the thighs. Their length in pixels over their length in the picture's
# plane in metres (world landmarks keep the camera's axes) is the camera's scale at the
# body, whatever the pose: a trunk leaning towards a high camera shortens both alike (seen
# torso length alone changed by 30% within a frame as a patient stood up).
_SEGMENTS = (
    (L.LEFT_SHOULDER, L.LEFT_HIP),
    (L.RIGHT_SHOULDER, L.RIGHT_HIP),
    (L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
    (L.LEFT_HIP, L.RIGHT_HIP),
    (L.LEFT_HIP, L.LEFT_KNEE),
    (L.RIGHT_HIP, L.RIGHT_KNEE),
)


_ENDS_A = [int(a) for a, _ in _SEGMENTS]
_ENDS_B = [int(b) for _, b in _SEGMENTS]


def placement(frame: PoseFrame) -> Placement | None:
    if frame.landmarks is None or frame.world_m is None:
        return None
    size = np.asarray(frame.frame_size_px if frame.frame_size_px[0] else (1, 1), dtype=float)
    px = frame.landmarks[:, :2] * size
    w = frame.world_m[:, :2]
    seen_px = float(np.linalg.norm(px[_ENDS_A] - px[_ENDS_B], axis=1).sum())
    seen_m = float(np.linalg.norm(w[_ENDS_A] - w[_ENDS_B], axis=1).sum())
    shoulders = (px[L.LEFT_SHOULDER] + px[L.RIGHT_SHOULDER]) / 2
    hips = (px[L.LEFT_HIP] + px[L.RIGHT_HIP]) / 2
    axis = shoulders - hips
    if seen_m < 0.1 or seen_px < 1e-6 or float(np.linalg.norm(axis)) < 1e-6:
        return None
    angle = math.degrees(math.atan2(float(axis[1]), float(axis[0])))
    elevation = trunk_elevation_deg(frame)
    upright = elevation is not None and elevation >= _UPRIGHT_MIN_DEG
    return Placement(
        frame.t_ms, (shoulders + hips) / 2, seen_px / seen_m, angle, girdle_yaws_deg(frame), upright
    )


def _turn_deg(a: Placement, b: Placement) -> float:
    return abs((b.axis_deg - a.axis_deg + 180.0) % 360.0 - 180.0)


def _scale(a: Placement, b: Placement) -> float:
    return max(a.px_per_m, b.px_per_m) / min(a.px_per_m, b.px_per_m)


def _shift_m(a: Placement, b: Placement) -> float:
    return float(np.linalg.norm(b.centre_px - a.centre_px)) / min(a.px_per_m, b.px_per_m)


def _yaw_change_deg(a: Placement, b: Placement) -> float:
    """How far shoulders and hips alike turned about the vertical (the lesser of the two):
    the hips alone turn fast in a knee roll."""
    changes = [
        abs(yb - ya)
        for ya, yb in zip(a.yaws_deg, b.yaws_deg, strict=True)
        if ya is not None and yb is not None
    ]
    return min(changes) if len(changes) == 2 else 0.0


def _moved(a: Placement, b: Placement) -> bool:
    """Jumped in the picture (see _JUMP_SCALE)."""
    return (
        _scale(a, b) >= _JUMP_SCALE
        or _turn_deg(a, b) >= _JUMP_TURN_DEG
        or _shift_m(a, b) >= _JUMP_SHIFT_M
    )


def _turned(a: Placement, b: Placement) -> bool:
    """Turned about the vertical (see _JUMP_YAW_DEG), upright before and after."""
    return a.upright and b.upright and _yaw_change_deg(a, b) >= _JUMP_YAW_DEG


def jumped(a: Placement, b: Placement) -> bool:
    return _moved(a, b) or _turned(a, b)


def near(a: Placement, b: Placement) -> bool:
    return (
        _scale(a, b) <= _NEAR_SCALE
        and _turn_deg(a, b) <= _NEAR_TURN_DEG
        and (_shift_m(a, b) <= _NEAR_SHIFT_M)
        and not _turned(a, b)
    )


class CutDetector:
    """``observe(frame) -> cut_ms | None`` once a cut is confirmed (the time of the first
    frame after it); ``suspect`` is True while a jump waits for confirmation, so that the
    caller can hold the frames since it."""

    def __init__(self) -> None:
        self._last: Placement | None = None
        self._before: Placement | None = None  # the last placement before a pending jump
        self._after: Placement | None = None  # the latest placement since it
        self._jump_ms = 0
        self._frames_after = 0
        self._jump_moved = False  # the pending jump moved in the picture, not only turned

    @property
    def suspect(self) -> bool:
        return self._before is not None

    def observe(self, frame: PoseFrame) -> int | None:
        p = placement(frame)
        t = frame.t_ms
        if self._before is not None:
            return self._confirm(p, t)
        if p is None:
            return None
        last, self._last = self._last, p
        if last is not None and t - last.t_ms <= MAX_GAP_MS and jumped(last, p):
            self._before, self._after, self._jump_ms, self._frames_after = last, p, t, 1
            self._jump_moved = _moved(last, p)
        return None

    def _confirm(self, p: Placement | None, t: int) -> int | None:
        assert self._before is not None and self._after is not None
        if p is None:
            if t - self._after.t_ms > MAX_GAP_MS:
                self._drop()  # lost in the middle: nothing to confirm it with
            return None
        # Turn readings swing from frame to frame, so a turn alone is a cut only while
        # every frame after it stays turned from the frame before.
        if near(self._after, p) and (self._jump_moved or _turned(self._before, p)):
            self._after = p
            self._frames_after += 1
            if self._frames_after >= _CONFIRM_FRAMES and t - self._jump_ms >= CONFIRM_MS:
                cut_ms = self._jump_ms
                self._last = p
                self._before = self._after = None
                return cut_ms
            return None
        self._drop()
        self._last = p
        return None

    def _drop(self) -> None:
        self._before = self._after = None
        self._last = None
