"""The pause gesture: one hand raised above the head, held, while upright (sitting or
standing). Lying on the floor the patient pauses by leaving the view (see sequencer's
long pause) or with the keys: "above the head" has no clear meaning there, and floor
exercises (child's pose) reach the arms past the head.

Both hands up is not it (a stretch, or the tree pose of single-leg stance); one hand
alone, clearly above the head, held for GESTURE_HOLD_S, is not a movement any exercise
of the leaflets makes. On the 16 shared clips' tracks it is never held for even 1 s.
"""

from __future__ import annotations

from posecount.pose.landmarks import LandmarkId as L
from posecount.types import PoseFrame

# Held this long: deliberate, not a hand passing over the head (a stretch, fixing hair).
GESTURE_HOLD_S = 3.0
_VISIBLE = 0.5


def hand_up(frame: PoseFrame) -> bool:
    lm = frame.landmarks
    if lm is None:
        return False
    w, h = frame.frame_size_px
    w, h = (w or 1), (h or 1)
    core = (L.NOSE, L.LEFT_SHOULDER, L.RIGHT_SHOULDER, L.LEFT_HIP, L.RIGHT_HIP)
    if any(lm[i, 3] < _VISIBLE for i in core):
        return False
    sx = (lm[L.LEFT_SHOULDER, 0] + lm[L.RIGHT_SHOULDER, 0]) / 2 * w
    sy = (lm[L.LEFT_SHOULDER, 1] + lm[L.RIGHT_SHOULDER, 1]) / 2 * h
    hx = (lm[L.LEFT_HIP, 0] + lm[L.RIGHT_HIP, 0]) / 2 * w
    hy = (lm[L.LEFT_HIP, 1] + lm[L.RIGHT_HIP, 1]) / 2 * h
    # Upright: the trunk within about 27 degrees of vertical in the picture, head up.
    if not (hy - sy > 2 * abs(hx - sx)):
        return False
    nose_y = lm[L.NOSE, 1] * h
    # Clearly above: higher than the nose by half the nose-to-shoulders height again.
    line = nose_y - 0.5 * (sy - nose_y)
    up = [
        lm[wrist, 3] >= _VISIBLE and lm[wrist, 1] * h < line
        for wrist in (L.LEFT_WRIST, L.RIGHT_WRIST)
    ]
    return up[0] != up[1]
