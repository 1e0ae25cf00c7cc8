"""Is the picture upright? A phone propped on its side, or a camera hung upside down, with
no rotation tag in the file, shows a person lying across the frame when they stand, and
standing when they lie.

The evidence is the exercise's own position: a bridge is done lying face up, a squat on
the feet. When the picture as filmed is clearly not in that position, and exactly one
quarter turn of it clearly is (face up, not face down: the chest's normal tells a quarter
turn from three quarters), the camera was turned that way. Decided once, from the first
second and a half with a person in view, then held: a patient does not turn the camera
mid-set. A picture that is in position as filmed is never turned.

Turned a quarter, an upright person looks like someone lying and the reverse, so the
position needs a second witness that no turn can fake: hook lying (knees bent, heels on the
floor in line with the back; see posture.hook_lying). A lying exercise is turned only when
hook lying is seen at times (its start position), so a standing or seated person is never
turned into a bridge. The reverse has a weaker witness (a hook lying body turned upright
looks seated): hook lying most of the time keeps the picture as filmed; a patient lying
down who chose an upright exercise and moves a lot can still be taken for a sideways
camera, and the summary then says the picture was turned, and why.

A half turn swaps face up and face down for someone lying, which is also what a patient
lying face down looks like, and that patient must be told so rather than counted: it is
believed of an upright exercise when the person is seen head down, and of a lying one when
the knees of a hook lying body point down the picture (they point away from the floor).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from posecount.features.posture import Posture, classify_posture, hook_lying
from posecount.pose.landmarks import LandmarkId as L
from posecount.pose.rotation import rotate_pose
from posecount.types import PoseFrame

DECIDE_AFTER_MS = 1500
# As filmed, at most this share in position is "clearly not": an odd frame or a mirrored
# stretch does not turn a picture that is mostly right.
_UPRIGHT_MAX_SHARE = 0.3
# Turned, at least this share in position is "clearly is".
_TURNED_MIN_SHARE = 0.8
# Hook lying "at times": the bridge clips show it in 29-40% of frames (it is the rest
# position between reps), people sitting or standing in 0-7% (shared clips).
_HOOK_MIN_SHARE = 0.2
# Hook lying most of the time is someone lying on the mat, whatever the exercise chosen (a
# tree pose tucking a heel in reads up to a third of the time).
_HOOK_MOSTLY_SHARE = 0.5
_LYING = frozenset({Posture.LYING_FACE_UP, Posture.LYING_FACE_DOWN, Posture.LYING_ON_SIDE})


class OrientationDecider:
    """``observe(frame)`` until ``decided``; then ``rotate_deg`` (0 when upright) holds."""

    def __init__(
        self,
        allowed: frozenset[Posture],
        classify: Callable[[PoseFrame], Posture | None] = classify_posture,
        decide_after_ms: int = DECIDE_AFTER_MS,
    ) -> None:
        self.allowed = allowed
        self.classify = classify
        self.decide_after_ms = decide_after_ms
        self.decided = False
        self.rotate_deg = 0
        self.reason = ""
        self._in_position = {r: 0 for r in (0, 90, 180, 270)}
        self._seen = 0
        self._as_filmed: dict[Posture, int] = {}
        self._head_down = 0
        self._hook = 0
        self._knees_down = 0
        self._first_ms: int | None = None

    def observe(self, frame: PoseFrame) -> bool:
        """True once decided."""
        if self.decided:
            return True
        if frame.has_person:
            if self._first_ms is None:
                self._first_ms = frame.t_ms
            self._seen += 1
            self._head_down += _head_below_hips(frame)
            if hook_lying(frame):
                self._hook += 1
                self._knees_down += _knees_below_back(frame)
            for r in self._in_position:
                p = self.classify(rotate_pose(frame, r))
                if r == 0 and p is not None:
                    self._as_filmed[p] = self._as_filmed.get(p, 0) + 1
                self._in_position[r] += p in self.allowed
        if self._first_ms is not None and frame.t_ms - self._first_ms >= self.decide_after_ms:
            self.decide()
        return self.decided

    def decide(self) -> None:
        """Decide from what was seen so far (the end of a short input)."""
        if self.decided:
            return
        self.decided = True
        if not self._seen:
            return
        share = {r: n / self._seen for r, n in self._in_position.items()}
        if share[0] > _UPRIGHT_MAX_SHARE:
            return
        turned = [r for r in (90, 180, 270) if share[r] >= _TURNED_MIN_SHARE]
        lying_exercise = bool(self.allowed & _LYING)
        if lying_exercise:
            # Turned to lying, the body must show hook lying at times, and turned upside
            # down its knees must point down the picture.
            if self._hook < _HOOK_MIN_SHARE * self._seen:
                return
            upside_down = self._knees_down >= _TURNED_MIN_SHARE * self._hook
        else:
            if self._hook >= _HOOK_MOSTLY_SHARE * self._seen:
                return  # lying on the floor, knees bent, most of the time: not a turned camera
            upside_down = self._head_down >= _TURNED_MIN_SHARE * self._seen
        if not upside_down:
            turned = [r for r in turned if r != 180]
        if len(turned) != 1:
            return
        self.rotate_deg = turned[0]
        seen = max(self._as_filmed, key=self._as_filmed.__getitem__) if self._as_filmed else None
        expected = " or ".join(sorted(str(p) for p in self.allowed))
        self.reason = (
            f"as filmed the person read as {seen}, turned {self.rotate_deg} degrees as "
            f"{expected} (the exercise's position); give --rotate 0 if the camera was upright"
        )


def _head_below_hips(frame: PoseFrame) -> bool:
    """The torso points down the picture, more than 30 degrees below its horizontal (a
    body lying on the floor reads within a few degrees of it either way)."""
    pts = [frame.xy_px(lid) for lid in (L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.LEFT_HIP, L.RIGHT_HIP)]
    if any(p is None for p in pts):
        return False
    down = (pts[0] + pts[1] - pts[2] - pts[3]) / 2  # type: ignore[operator]
    length = float(np.hypot(*down))
    return length > 0 and float(down[1]) / length > 0.5  # image y grows downwards


def _knees_below_back(frame: PoseFrame) -> bool:
    """The knees sit below the line of the back in the picture (image y grows downwards)."""
    pts = [frame.xy_px(lid) for lid in (L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE)]
    pts_r = [frame.xy_px(lid) for lid in (L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_KNEE)]
    if any(p is None for p in pts + pts_r):
        return False
    sh, hp, kn = ((p + q) / 2 for p, q in zip(pts, pts_r, strict=True))  # type: ignore[operator]
    if abs(float(hp[0] - sh[0])) < 1e-6:
        return False
    line_y = sh[1] + (kn[0] - sh[0]) * (hp[1] - sh[1]) / (hp[0] - sh[0])
    return bool(kn[1] > line_y)
