"""A patient too small in the picture for the pose detector: found in a closer look and
followed there.

MediaPipe's detector sees the whole picture shrunk to 224 px. A person a third of the
picture's height (a chair at the far end of a corridor, a laptop across the room) is found
on no frame: the shared clips shrunk to a third of their size, on a frame as large as
before, gave 0 of 145 frames with a person for the squat, and no person at all in 5 of the
16 clips; at half their size every clip is found. So when nobody is found, the picture is
searched in windows half its size; a person found in one is followed in a crop around them,
as if the camera had zoomed in, until they fill enough of the picture on their own or are
lost, and then the whole picture is used again.

The geometry (windows, crops, mapping a crop's landmarks back to the picture) is pure; the
estimator that drives it takes MediaPipe landmarkers from the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from posecount.pose.estimator import PoseEstimator
from posecount.types import Frame, PoseFrame, quantize

# Where to look: windows half the picture's width and height on a 3 x 3 grid a quarter
# apart, so a person up to a quarter of the picture across lies wholly inside one, at
# twice the size the detector saw them.
SEARCH_WINDOWS: tuple[tuple[float, float, float, float], ...] = tuple(
    (x, y, x + 0.5, y + 0.5) for y in (0.0, 0.25, 0.5) for x in (0.0, 0.25, 0.5)
)
# A search costs nine inferences. It runs once nobody has been found for SEARCH_AFTER_MS
# (a patient far away is missed on every frame), then every SEARCH_EVERY_MS while nobody
# is: an empty room costs 2.6-2.9 times the inference at 10 analysed frames a second
# (benchmarks/zoom_cost.py).
# Not sooner: MediaPipe misses a large patient too while it fits them, and a window then
# finds a part of them as a small person (following that lost the shared handheld
# bridge's one bridge). Its gaps there last up to 0.4 s (lite and full, 10 and 15 fps and
# every frame); a far patient is measured from half a second in.
SEARCH_AFTER_MS = 500
SEARCH_EVERY_MS = 500
# While following a crop, the whole picture is looked at this often, and on every frame
# of the zoom's first CONFIRM_MS: a person it shows large enough for it (walked nearer, or
# the crop followed the wrong thing, as a part of a large patient found small) ends it.
CHECK_EVERY_MS = 1000
CONFIRM_MS = 1000
# A person found in a window is believed when at least this share of their landmarks lie
# inside it and are visible (a leg or an arm cut by the window's edge is not a person).
MIN_IN_VIEW = 0.5
# The crop is this many times the body's extent, so the person can move within it for a
# while before it has to follow (a squat's depth, a step).
CROP_SCALE = 2.0
# Nor smaller than the search windows: zoomed further, a body of a few dozen pixels is
# blown up past what the landmarker can fit (a small seated patient standing up in such a
# crop was fitted as a body half their size, then lost).
MIN_CROP_SHARE = 0.5
# No zoom once the crop would be this share of the picture's height: at half the height a
# person is found in the whole picture (the shared clips at half size: all found).
MAX_CROP_SHARE = 0.75
# The crop is moved only when the body's centre leaves the crop's middle half, and made
# anew only when the body fills more than FILL_MAX of it (a patient walking towards the
# camera) or less than FILL_MIN (walking away). MediaPipe follows a person from frame to
# frame within its input, and its world landmarks change scale with the person's size in
# that input: a crop made anew at the bottom of a squat (the body a little over half as
# tall as standing) changed the picture's measured scale at the body by 27% for three
# frames, which the cut detector took for a cut.
FILL_MAX = 0.8
FILL_MIN = 0.2
# Frames without a person in the crop before the whole picture is searched again.
LOST_FRAMES = 5


@dataclass(frozen=True, slots=True)
class Box:
    """A region of the picture in pixels: left, top, width, height."""

    x: float
    y: float
    w: float
    h: float

    def cut(self, image: np.ndarray) -> np.ndarray:
        x0, y0 = round(self.x), round(self.y)
        return np.ascontiguousarray(image[y0 : y0 + round(self.h), x0 : x0 + round(self.w)])


def window_box(window: tuple[float, float, float, float], size_px: tuple[int, int]) -> Box:
    w, h = size_px
    x0, y0, x1, y1 = window
    return Box(x0 * w, y0 * h, (x1 - x0) * w, (y1 - y0) * h)


def to_picture(landmarks: np.ndarray, box: Box, size_px: tuple[int, int]) -> np.ndarray:
    """Landmarks found in `box` (normalised to it) as normalised to the whole picture.
    MediaPipe's z is on the scale of x, so it shrinks with it."""
    w, h = size_px
    out = landmarks.astype(np.float64).copy()
    out[:, 0] = (box.x + landmarks[:, 0] * box.w) / w
    out[:, 1] = (box.y + landmarks[:, 1] * box.h) / h
    out[:, 2] = landmarks[:, 2] * box.w / w
    return out


def body_extent_px(
    landmarks: np.ndarray, size_px: tuple[int, int]
) -> tuple[float, float, float, float]:
    """Centre x, centre y, width and height of the body in pixels (all 33 landmarks:
    MediaPipe places the hidden ones too, where the body would be)."""
    w, h = size_px
    xs, ys = landmarks[:, 0] * w, landmarks[:, 1] * h
    return (
        float(xs.min() + xs.max()) / 2,
        float(ys.min() + ys.max()) / 2,
        float(xs.max() - xs.min()),
        float(ys.max() - ys.min()),
    )


def crop_around(landmarks: np.ndarray, size_px: tuple[int, int]) -> Box | None:
    """A crop with the picture's shape, CROP_SCALE times the body (at least MIN_CROP_SHARE
    of the picture) and centred on it (moved inside the picture where it would leave it);
    None when the body is large enough for the whole picture."""
    w, h = size_px
    cx, cy, bw, bh = body_extent_px(landmarks, size_px)
    crop_h = CROP_SCALE * max(bh, bw * h / w)
    if crop_h >= MAX_CROP_SHARE * h:
        return None
    crop_h = max(crop_h, MIN_CROP_SHARE * h)
    crop_w = crop_h * w / h
    x = min(max(cx - crop_w / 2, 0.0), w - crop_w)
    y = min(max(cy - crop_h / 2, 0.0), h - crop_h)
    return Box(x, y, crop_w, crop_h)


def still_fits(box: Box, landmarks: np.ndarray, size_px: tuple[int, int]) -> bool:
    """Whether the body is still in the crop's middle half, filling between FILL_MIN and
    FILL_MAX of it (any share up to FILL_MAX of a crop as small as crops go)."""
    cx, cy, bw, bh = body_extent_px(landmarks, size_px)
    centred = abs(cx - (box.x + box.w / 2)) <= box.w / 4
    centred = centred and abs(cy - (box.y + box.h / 2)) <= box.h / 4
    fill = max(bh / box.h, bw / box.w)
    smallest = box.h <= MIN_CROP_SHARE * size_px[1] + 1e-6
    return centred and (smallest or FILL_MIN <= fill) and fill <= FILL_MAX


def in_view_share(landmarks: np.ndarray) -> float:
    """Share of the landmarks inside their picture and visible (MediaPipe's 0.5): how
    fully a person is in view, for a window's find here and for the patient's choice in
    mediapipe_backend."""
    x, y = landmarks[:, 0], landmarks[:, 1]
    inside = (x >= 0) & (x <= 1) & (y >= 0) & (y <= 1)
    return float(np.mean(inside & (landmarks[:, 3] >= 0.5)))


def _subframe(frame: Frame, box: Box) -> Frame:
    rgb = None if frame.image_rgb is None else box.cut(frame.image_rgb)
    return Frame(frame.index, frame.t_ms, box.cut(frame.image_bgr), rgb)


class ZoomingEstimator:
    """A PoseEstimator that looks closer when nobody is found (see the module's text).

    `whole` estimates on the whole picture (the landmarker, or the people probe); `follow`
    makes a landmarker for the crop (MediaPipe's VIDEO mode, one person) and `search` one
    for the windows (IMAGE mode: the windows are unrelated pictures), both made when
    first needed, so a clip whose patient is always found costs nothing more."""

    def __init__(
        self,
        whole: PoseEstimator,
        follow: Callable[[], PoseEstimator],
        search: Callable[[], PoseEstimator],
    ) -> None:
        self.model_name = whole.model_name
        self._whole = whole
        self._make_follow, self._make_search = follow, search
        self._follow: PoseEstimator | None = None
        self._search: PoseEstimator | None = None
        self.box: Box | None = None
        self._next_search_ms: int | None = None  # None: the last frame had a person
        self._next_check_ms = 0
        self._zoomed_ms = 0  # when the crop was first made
        self._lost = 0

    def estimate(self, frame: Frame) -> PoseFrame:
        t = frame.t_ms
        if self.box is not None:
            if t >= self._next_check_ms or t < self._zoomed_ms + CONFIRM_MS:
                self._next_check_ms = t + CHECK_EVERY_MS
                whole = self._whole.estimate(frame)
                if (
                    whole.landmarks is not None
                    and crop_around(whole.landmarks, _size(frame)) is None
                ):
                    self.box = None
                    return whole
            pose = self._in_crop(frame, self.box)
            if pose is not None:
                return pose
        pose = self._whole.estimate(frame)
        if pose.landmarks is not None:
            self._next_search_ms = None
            return pose
        if self._next_search_ms is None:
            self._next_search_ms = t + SEARCH_AFTER_MS
        if t < self._next_search_ms:
            return pose
        self._next_search_ms = t + SEARCH_EVERY_MS
        if self._searched(frame):
            self._next_search_ms, self._zoomed_ms = None, t
            self._next_check_ms = t + CHECK_EVERY_MS
        return pose

    def _in_crop(self, frame: Frame, box: Box) -> PoseFrame | None:
        """The pose followed in the crop, mapped to the picture, the crop moved or made
        anew (or dropped, for the whole picture from the next frame) when the body no
        longer fits it; None once the body is lost for LOST_FRAMES frames."""
        if self._follow is None:
            self._follow = self._make_follow()
        size = _size(frame)
        pose = self._follow.estimate(_subframe(frame, box))
        if pose.landmarks is None:
            self._lost += 1
            if self._lost < LOST_FRAMES:
                return PoseFrame(frame.t_ms, None, None, size)
            self.box = None
            return None
        self._lost = 0
        landmarks = to_picture(pose.landmarks, box, size)
        if not still_fits(box, landmarks, size):
            self.box = crop_around(landmarks, size)
        return _framed(frame.t_ms, landmarks, pose.world_m, size)

    def _searched(self, frame: Frame) -> bool:
        """Whether one of the windows shows a person too small for the whole picture: the
        one most fully inside its window is then followed, from the next frame, in a crop
        around them (this frame stays as the whole picture saw it: a window's single
        look, unconfirmed, is no measurement). A person of a size the detector finds in
        the whole picture was missed for another reason (hidden for a moment, a blurred
        frame), which a closer look does not cure."""
        if self._search is None:
            self._search = self._make_search()
        size = _size(frame)
        best: tuple[float, Box] | None = None
        for window in SEARCH_WINDOWS:
            box = window_box(window, size)
            pose = self._search.estimate(_subframe(frame, box))
            in_view = 0.0 if pose.landmarks is None else in_view_share(pose.landmarks)
            if pose.landmarks is None or in_view < MIN_IN_VIEW:
                continue
            landmarks = to_picture(pose.landmarks, box, size)
            crop = crop_around(landmarks, size)
            if crop is None:
                continue
            _, _, bw, bh = body_extent_px(landmarks, size)
            score = in_view * float(np.sqrt(bw * bh))
            if best is None or score > best[0]:
                best = (score, crop)
        if best is None:
            return False
        self.box, self._lost = best[1], 0
        return True

    def close(self) -> None:
        for estimator in (self._whole, self._follow, self._search):
            if estimator is not None:
                estimator.close()


def _size(frame: Frame) -> tuple[int, int]:
    h, w = frame.image_bgr.shape[:2]
    return w, h


def _framed(
    t_ms: int, landmarks: np.ndarray, world: np.ndarray | None, size: tuple[int, int]
) -> PoseFrame:
    lm, w = quantize(landmarks, world)
    return PoseFrame(t_ms=t_ms, landmarks=lm, world_m=w, frame_size_px=size)
