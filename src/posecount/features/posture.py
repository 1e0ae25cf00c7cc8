"""Which way the body is: lying face up or down, sitting or standing.

Analysing a bridge on someone lying face down must not count bridges; the exercise
machines ask this first and say what they saw instead.
"""

from __future__ import annotations

import math
from enum import StrEnum

import numpy as np

from posecount.features.geometry import angle_deg
from posecount.pose.landmarks import LandmarkId as L
from posecount.types import PoseFrame

SIDES = ("left", "right")
_CHAIN = {
    "left": (L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE),
    "right": (L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE),
}

# Torso within this many degrees of the floor is lying. A bridge at its top tilts the
# torso about 25-30 degrees head-down from the hips; sitting reclined rarely goes below 45.
_LYING_TORSO_INCLINE_DEG = 35.0
# Straight legs (knee > 140 deg) along the floor (< 30 deg incline) are lying even when
# the chest is propped up, as in a back extension (cobra) where the torso rises to ~50 deg.
_LYING_LEG_INCLINE_DEG = 30.0
_STRAIGHT_KNEE_DEG = 140.0
# The chest's normal from world landmarks: its vertical component is +-1 lying flat face up
# or down and ~0 on the side; 0.3 (about 17 degrees from on-the-side) separates them.
_FACING_NORMAL_Y = 0.3
# Seated hips and knees sit near 90 deg; standing both open past 160. 130/140 split the
# two with room for a slouch or a perched sit.
_SITTING_HIP_DEG = 130.0
_SITTING_KNEE_DEG = 140.0


class Posture(StrEnum):
    LYING_FACE_UP = "lying face up"
    LYING_FACE_DOWN = "lying face down"
    LYING_ON_SIDE = "lying on the side"
    SITTING = "sitting"
    STANDING = "standing"


def near_side(frame: PoseFrame) -> str | None:
    """The body side nearer the camera in a side view: the one MediaPipe sees better."""
    if frame.landmarks is None:
        return None
    vis = {s: sum(frame.visibility(lid) for lid in _CHAIN[s]) for s in SIDES}
    return max(SIDES, key=lambda s: vis[s])


def chain(side: str) -> tuple[L, L, L, L]:
    """Shoulder, hip, knee and ankle of one side."""
    return _CHAIN[side]


def chest_normal_y(frame: PoseFrame) -> float | None:
    """Vertical component of the chest's unit normal in MediaPipe world coordinates
    (y down): positive when the chest faces the ceiling, negative when it faces the floor."""
    w = frame.world_m
    if w is None:
        return None
    across = w[L.RIGHT_SHOULDER] - w[L.LEFT_SHOULDER]
    along = (w[L.LEFT_SHOULDER] + w[L.RIGHT_SHOULDER] - w[L.LEFT_HIP] - w[L.RIGHT_HIP]) / 2
    n = np.cross(across, along)
    norm = float(np.linalg.norm(n))
    return None if norm < 1e-9 else float(n[1] / norm)


def _incline_world_deg(frame: PoseFrame, lower: np.ndarray, upper: np.ndarray) -> float | None:
    """Elevation of lower->upper above the horizontal, from world landmarks (y down), in
    degrees: +90 straight up. World coordinates do not depend on where the camera is, so
    a body lying along the camera's line of sight (filmed from the feet) still reads as
    lying, where its image would look upright."""
    v = upper - lower
    n = float(np.linalg.norm(v))
    return None if n < 1e-9 else math.degrees(math.asin(max(-1.0, min(1.0, -float(v[1]) / n))))


# Lower legs rising at least this steeply from ankle to knee (both of them) stand on the
# feet. Measured on the shared tracks' face-down readings: lying prone (cobra, child's
# pose, a knee roll's flip) keeps both shanks within -21..10 degrees of the floor, while a
# patient leaning forward to rise from a chair, filmed from a high corner, reads 35-68.
_ON_FEET_SHANK_DEG = 30.0


def _shanks_steep(frame: PoseFrame) -> bool:
    w = frame.world_m
    assert w is not None
    rises = [
        _incline_world_deg(frame, w[a], w[k])
        for k, a in ((L.LEFT_KNEE, L.LEFT_ANKLE), (L.RIGHT_KNEE, L.RIGHT_ANKLE))
    ]
    return all(r is not None and r >= _ON_FEET_SHANK_DEG for r in rises)


def upright_only(postures: frozenset[Posture]) -> bool:
    """The exercise is done sitting or standing, never lying (see classify_posture)."""
    return postures <= {Posture.SITTING, Posture.STANDING}


def classify_posture(
    frame: PoseFrame, min_visibility: float = 0.5, *, upright_only: bool = False
) -> Posture | None:
    """`upright_only`: the exercise is done sitting or standing, so a face-down reading on
    steep lower legs is the trunk leaning forward over the feet (the start of every stand;
    with a camera looking down from a corner the trunk reads flatter still), not lying."""
    side = near_side(frame)
    w = frame.world_m
    if side is None or w is None:
        return None
    torso = _incline_world_deg(
        frame, (w[L.LEFT_HIP] + w[L.RIGHT_HIP]) / 2, (w[L.LEFT_SHOULDER] + w[L.RIGHT_SHOULDER]) / 2
    )
    if torso is None:
        return None
    s, h, k, a = _CHAIN[side]
    knee = angle_deg(w[h], w[k], w[a])
    legs = _incline_world_deg(frame, w[h], w[a])
    legs_along_floor = (
        knee is not None
        and legs is not None
        and knee > _STRAIGHT_KNEE_DEG
        and abs(legs) < _LYING_LEG_INCLINE_DEG
    )
    if torso < _LYING_TORSO_INCLINE_DEG or legs_along_floor:
        ny = chest_normal_y(frame)
        if ny is None or abs(ny) < _FACING_NORMAL_Y:
            return Posture.LYING_ON_SIDE
        if ny > 0:
            return Posture.LYING_FACE_UP
        if not (upright_only and not legs_along_floor and _shanks_steep(frame)):
            return Posture.LYING_FACE_DOWN
    # Sitting is read from world angles: from the front a seated person's thighs point at
    # the camera and the picture shows the hip and knee as straight lines.
    hip_w = angle_deg(w[s], w[h], w[k])
    if hip_w is not None and knee is not None:
        if hip_w < _SITTING_HIP_DEG and knee < _SITTING_KNEE_DEG:
            return Posture.SITTING
    return Posture.STANDING


_MIRRORED = {
    Posture.LYING_FACE_UP: Posture.LYING_FACE_DOWN,
    Posture.LYING_FACE_DOWN: Posture.LYING_FACE_UP,
}
# MediaPipe sometimes reads a lying body's depth backwards for a moment: the whole skeleton
# mirrors and face up reads face down (0.8-1.5 s at a time in the shared handheld bridge and
# knee-roll clips, while the pelvis turns). Nobody turns over and back that fast, and a
# patient who really turns over stays there: the other facing is believed once it has
# lasted this long.
FACING_CONFIRM_MS = 3000


class FacingGuard:
    """Holds a lying person's facing (up or down) against brief mirror flips.

    ``observe(posture, t_ms) -> (posture, pending)``: while a flip to the facing the
    exercise does not allow is younger than FACING_CONFIRM_MS, the allowed facing is
    returned with ``pending=True`` (the caller keeps those frames aside); once the flip
    lasts, it is returned as seen with ``confirmed`` set, and the frames kept aside were
    out of position after all.

    A mirror changes depth only: the picture of the body stays where it was. When the
    body's head-to-hips direction in the image turned round as well, the skeleton was
    lost or swapped end for end: ``unreliable`` is set and no posture is returned, and the
    caller withholds the frame's features, until the flip lasts FACING_CONFIRM_MS."""

    def __init__(self, allowed: frozenset[Posture]) -> None:
        self.allowed = allowed
        self._flip_since: int | None = None
        self._axis: np.ndarray | None = None
        self.confirmed = False
        self.unreliable = False

    def observe(
        self, posture: Posture | None, t_ms: int, frame: PoseFrame
    ) -> tuple[Posture | None, bool]:
        self.unreliable = False
        mirror = _MIRRORED.get(posture) if posture is not None else None
        flipped = posture not in self.allowed and mirror is not None and mirror in self.allowed
        axis = image_body_axis(frame)
        if posture is not None and not flipped and posture != Posture.LYING_ON_SIDE:
            self._flip_since, self.confirmed = None, False
            self._axis = axis
        if flipped and (axis is None or self._axis is None):
            flipped = False  # no picture to vouch for a mirror: believe what is seen
        if not flipped:
            return posture, False
        if self._flip_since is None:
            self._flip_since = t_ms
        if self.confirmed or t_ms - self._flip_since >= FACING_CONFIRM_MS:
            self.confirmed = True
            return posture, False
        assert axis is not None and self._axis is not None
        if float(axis @ self._axis) <= 0:
            # Turned end for end in the picture as well: the skeleton was lost or swapped
            # (the handheld bridge's first seconds), not the patient turned over. Nothing
            # is read from it, neither a posture nor a movement, until it lasts.
            self.unreliable = True
            return None, False
        return mirror, True


def image_body_axis(frame: PoseFrame) -> np.ndarray | None:
    """Unit image direction from the mid-hip to the mid-shoulder, in pixels."""
    pts = [frame.xy_px(lid) for lid in (L.LEFT_HIP, L.RIGHT_HIP, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)]
    if any(p is None for p in pts):
        return None
    v = (pts[2] + pts[3] - pts[0] - pts[1]) / 2  # type: ignore[operator]
    n = float(np.linalg.norm(v))
    return None if n < 1e-9 else v / n


# Hook lying (on the back, knees bent, feet flat: the start of a bridge or knee rolls): the
# heels rest on the floor in line with the shoulders and hips. Within 35% of the torso's
# length of that line allows for the hips lifted in a bridge and for heels drawn in close;
# knees under 140 degrees are bent (a body lying with straight legs is not hook lying).
_HOOK_HEEL_OFF_LINE = 0.35
_HOOK_KNEE_DEG = 140.0
# Hook lying keeps the hips half open (about 130 degrees shoulder-hip-knee at rest, 180 at
# a bridge's top); kneeling on all fours (90) and a child's pose (under 60) fold them, and
# a child's pose also tucks the heels in under the back.
_HOOK_HIP_DEG = 100.0


def hook_lying(frame: PoseFrame) -> bool:
    """Whether the body is in hook lying, whichever way the picture is turned (it is
    measured along the body's own line in world landmarks, not against the picture's
    vertical): the one position a quarter-turned camera cannot fake from an upright person.
    A seated person's heels are a thigh's length in front of that line; a standing one has
    a straight leg (a tree pose tucks the other heel in). The heel is read on the side
    nearer the camera, where MediaPipe sees it; the far side only has to be bent."""
    side = near_side(frame)
    w = frame.world_m
    if side is None or w is None:
        return False
    for leg in SIDES:
        _, h, k, a = _CHAIN[leg]
        knee = angle_deg(w[h], w[k], w[a])
        if knee is None or knee >= _HOOK_KNEE_DEG:
            return False
    s, h, k, _ = _CHAIN[side]
    hip = angle_deg(w[s], w[h], w[k])
    if hip is None or hip <= _HOOK_HIP_DEG:
        return False
    heel = L.LEFT_HEEL if side == "left" else L.RIGHT_HEEL
    torso = float(np.linalg.norm(w[s] - w[h]))
    if torso < 1e-6:
        return False
    along = (w[h] - w[s]) / torso
    off = w[heel] - w[s]
    return float(np.linalg.norm(off - (off @ along) * along)) / torso < _HOOK_HEEL_OFF_LINE


# On all fours the wrists sit on the floor a trunk's length beyond the knees, and in the
# child's pose they reach 1.0-1.2 trunks beyond (shared clip, in the picture along the line
# of the shin: 0.93 at the least, as filmed and turned); a seated person's hands rest on the
# thighs or the knees, and a knee hugged to the chest lying face up holds the hands at most
# 0.69 past it (synthetic knee-to-chest).
_HANDS_PAST_KNEE = 0.8
# The wrist within this of the shin's line (the shared clip: at most 0.18 trunks off it).
_HANDS_OFF_SHIN_LINE = 0.25
# The hips and shoulders held above that floor: on all fours 0.7 and 1.05 trunks off it,
# sat back on the heels 0.37 and 0.24 at the least. A standing person's hips are on the
# shin's line, and so are a prone body's.
_BODY_ABOVE_FLOOR = 0.2


def on_hands_and_shins(frame: PoseFrame) -> bool:
    """Whether the hands and the shins rest on one floor, with the hips and shoulders held
    above it on the same side: on all fours or in a child's pose, whichever way the picture
    is turned. Measured in the picture, where a line stays a line from any side: the wrist
    lies on the line of the shin, well past the knee. Turned a quarter, an all-fours body
    looks seated; a seated person would have to hold the arms straight out, level with the
    knees, to look like this."""
    side = near_side(frame)
    if side is None:
        return False
    s, h, k, a = _CHAIN[side]
    wrist = L.LEFT_WRIST if side == "left" else L.RIGHT_WRIST
    if frame.visibility(wrist) < 0.5:
        return False
    sh, hp, kn, an, wr = (np.asarray(frame.xy_px(lid)) for lid in (s, h, k, a, wrist))
    trunk = float(np.linalg.norm(sh - hp))
    shin = kn - an
    length = float(np.linalg.norm(shin))
    if trunk < 1e-6 or length < 1e-6:
        return False
    u = shin / length

    def off_line(p: np.ndarray) -> float:  # signed distance from the shin's line, in trunks
        d = p - kn
        return float(d[0] * u[1] - d[1] * u[0]) / trunk

    hips, shoulders = off_line(hp), off_line(sh)
    return (
        float((wr - kn) @ u) / trunk >= _HANDS_PAST_KNEE
        and abs(off_line(wr)) <= _HANDS_OFF_SHIN_LINE
        and min(abs(hips), abs(shoulders)) >= _BODY_ABOVE_FLOOR
        and hips * shoulders > 0
    )
