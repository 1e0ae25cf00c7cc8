"""A kinematic human body: segment lengths from height, joint angles -> 33 BlazePose points.

Frames used here (all right-handed, metres):

* body frame of a segment: x anterior (forward), y the person's LEFT, z superior (up), as in
  the anatomical standing position; a segment at zero angles is aligned with its parent.
* scene frame: X, Y horizontal, Z up, floor at Z = 0. The synthetic motions put the person's
  sagittal plane in the X-Z plane with the left side towards +Y, so every posture's pitch is
  a rotation about Y and sagittal geometry can be solved in 2-D (X, Z).

Joint angle conventions (degrees; pairs are (left, right)):

* trunk_flex: trunk leans forward relative to the pelvis; trunk_lateral: bends to the left;
  trunk_twist: shoulders turn to the left.
* neck_flex: chin towards the chest.
* hip_flex: thigh forward (in the leg's plane); hip_abd: tilts the leg's plane away from the
  midline (applied before flexion, about the pelvis's anterior axis); hip_yaw: the whole leg
  rotated about the pelvis's long (superior) axis, positive towards the person's left, which
  for a bent hip swings the knee sideways as in knee rolls.
* knee_flex: shank backwards relative to the thigh (0 = straight).
* ankle_dorsi: toes up relative to the neutral 90 degree foot (negative = pointed).
* shoulder_flex: arm forwards/up; shoulder_abd: arm out to the side; elbow_flex: forearm
  forwards from a hanging arm.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from posecount.pose.landmarks import LANDMARK_COUNT, LandmarkId

L = LandmarkId

# Body-frame unit vectors.
_DOWN = np.array([0.0, 0.0, -1.0])
_UP = np.array([0.0, 0.0, 1.0])


def rot_x(deg: float) -> np.ndarray:
    """Rotation about the anterior axis: +deg swings a hanging segment's lower end to the left."""
    c, s = np.cos(np.radians(deg)), np.sin(np.radians(deg))
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


def rot_y(deg: float) -> np.ndarray:
    """Rotation about the left axis: +deg tips a segment's upper end forwards ("pitch")."""
    c, s = np.cos(np.radians(deg)), np.sin(np.radians(deg))
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


def rot_z(deg: float) -> np.ndarray:
    """Rotation about the superior axis: +deg turns the front towards the left."""
    c, s = np.cos(np.radians(deg)), np.sin(np.radians(deg))
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


@dataclass(frozen=True, slots=True)
class Skeleton:
    """Segment lengths in metres.

    Proportions of standing height H from Winter, D. A., Biomechanics and Motor Control of
    Human Movement (4th ed., Wiley 2009), Fig. 4.1 (after Drillis & Contini): upper arm
    0.186 H, forearm 0.146 H, hand 0.108 H, thigh 0.245 H, leg (shank) 0.246 H, foot length
    0.152 H, ankle height 0.039 H, shoulder width 0.259 H, hip width 0.191 H; landmark heights
    shoulder 0.818 H, hip (greater trochanter) 0.530 H, chin 0.870 H, eye 0.936 H. The trunk
    (hip joint to shoulder joint) is their difference, 0.288 H.

    MediaPipe's shoulder and hip landmarks sit near the joint centres, which are narrower than
    Winter's outer widths, so those two widths are scaled down (about 0.8 and 0.58).
    """

    height_m: float
    upper_arm_m: float
    forearm_m: float
    hand_m: float
    thigh_m: float
    shank_m: float
    foot_m: float
    ankle_height_m: float
    trunk_m: float
    shoulder_half_width_m: float
    hip_half_width_m: float
    # Face points relative to the neck base (shoulder midpoint) in the head frame.
    face_offsets_m: dict[int, np.ndarray] = field(default_factory=dict)

    @classmethod
    def from_height(cls, height_m: float) -> Skeleton:
        h = float(height_m)
        if not 1.0 <= h <= 2.3:
            raise ValueError(f"height_m must be in [1.0, 2.3] metres, got {height_m!r}")
        # Face geometry as fractions of H: ear and eye heights above the shoulder line from
        # Winter's eye (0.936) and chin (0.870) levels; forward and lateral offsets chosen so
        # the head is ~0.15 m wide and the nose ~0.11 m ahead of the ears at 1.70 m.
        up_eye, up_ear, up_nose, up_mouth = 0.936 - 0.818, 0.925 - 0.818, 0.087, 0.067
        fwd_eye, fwd_nose, fwd_mouth, fwd_ear = 0.055, 0.068, 0.058, 0.0
        face = {
            L.NOSE: (fwd_nose, 0.0, up_nose),
            L.LEFT_EYE_INNER: (fwd_eye + 0.004, 0.011, up_eye),
            L.LEFT_EYE: (fwd_eye, 0.0185, up_eye),
            L.LEFT_EYE_OUTER: (fwd_eye - 0.005, 0.026, up_eye),
            L.RIGHT_EYE_INNER: (fwd_eye + 0.004, -0.011, up_eye),
            L.RIGHT_EYE: (fwd_eye, -0.0185, up_eye),
            L.RIGHT_EYE_OUTER: (fwd_eye - 0.005, -0.026, up_eye),
            L.LEFT_EAR: (fwd_ear, 0.044, up_ear),
            L.RIGHT_EAR: (fwd_ear, -0.044, up_ear),
            L.MOUTH_LEFT: (fwd_mouth, 0.014, up_mouth),
            L.MOUTH_RIGHT: (fwd_mouth, -0.014, up_mouth),
        }
        return cls(
            height_m=h,
            upper_arm_m=0.186 * h,
            forearm_m=0.146 * h,
            hand_m=0.108 * h,
            thigh_m=0.245 * h,
            shank_m=0.246 * h,
            foot_m=0.152 * h,
            ankle_height_m=0.039 * h,
            trunk_m=(0.818 - 0.530) * h,
            shoulder_half_width_m=0.5 * 0.80 * 0.259 * h,
            hip_half_width_m=0.5 * 0.58 * 0.191 * h,
            face_offsets_m={int(k): np.array(v) * h for k, v in face.items()},
        )

    @property
    def hip_height_m(self) -> float:
        """Hip joint height when standing on flat feet with straight legs (Winter: 0.530 H)."""
        return self.ankle_height_m + self.shank_m + self.thigh_m


Pair = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Pose:
    """A whole-body pose: the pelvis placed in the scene plus joint angles in degrees.

    pelvis_rot maps pelvis-frame vectors to the scene (columns: the pelvis's anterior, left and
    superior axes); hip_mid_m is the midpoint of the hip joints in the scene.
    """

    hip_mid_m: np.ndarray
    pelvis_rot: np.ndarray
    trunk_flex: float = 0.0
    trunk_lateral: float = 0.0
    trunk_twist: float = 0.0
    neck_flex: float = 0.0
    shoulder_flex: Pair = (0.0, 0.0)
    shoulder_abd: Pair = (8.0, 8.0)
    elbow_flex: Pair = (10.0, 10.0)
    hip_flex: Pair = (0.0, 0.0)
    hip_abd: Pair = (0.0, 0.0)
    hip_yaw: Pair = (0.0, 0.0)
    knee_flex: Pair = (0.0, 0.0)
    ankle_dorsi: Pair = (0.0, 0.0)


# Foot and hand points in their segment frames, as fractions of foot / hand length. The heel
# landmark is the back of the heel just above the sole, the foot index near the toe tips;
# the ankle (the frame origin) is a quarter of the foot length ahead of the heel.
_HEEL = np.array([-0.25, 0.0, -0.85])  # x in foot lengths, z in ankle heights
_TOE = np.array([0.72, 0.0, -0.90])
# Hand points for a palm facing the thigh (thumb forwards), in hand lengths.
_INDEX = np.array([0.18, 0.0, -0.70])
_PINKY = np.array([-0.16, 0.0, -0.60])
_THUMB = np.array([0.30, 0.0, -0.35])


def forward_kinematics(skel: Skeleton, pose: Pose) -> np.ndarray:
    """Scene positions (33, 3) of all BlazePose landmarks for a pose."""
    out = np.zeros((LANDMARK_COUNT, 3))
    rp = np.asarray(pose.pelvis_rot, dtype=float)
    hip_mid = np.asarray(pose.hip_mid_m, dtype=float)

    # Trunk and head. The lumbar pivot is put at the hip midpoint: a simplification that keeps
    # the shoulder-to-hip distance rigid, which is what pose-based features rely on.
    rt = rp @ rot_z(pose.trunk_twist) @ rot_y(pose.trunk_flex) @ rot_x(-pose.trunk_lateral)
    sh_mid = hip_mid + rt @ (_UP * skel.trunk_m)
    rh = rt @ rot_y(pose.neck_flex)
    for lid, off in skel.face_offsets_m.items():
        out[lid] = sh_mid + rh @ off

    for side, sign in ((0, 1.0), (1, -1.0)):
        left = side == 0
        # Arm: shoulder -> elbow -> wrist -> hand points.
        shoulder = sh_mid + rt @ np.array([0.0, sign * skel.shoulder_half_width_m, 0.0])
        ru = rt @ rot_y(-pose.shoulder_flex[side]) @ rot_x(sign * pose.shoulder_abd[side])
        elbow = shoulder + ru @ (_DOWN * skel.upper_arm_m)
        rf = ru @ rot_y(-pose.elbow_flex[side])
        wrist = elbow + rf @ (_DOWN * skel.forearm_m)
        out[L.LEFT_SHOULDER if left else L.RIGHT_SHOULDER] = shoulder
        out[L.LEFT_ELBOW if left else L.RIGHT_ELBOW] = elbow
        out[L.LEFT_WRIST if left else L.RIGHT_WRIST] = wrist
        # A slight inward offset so the two hands' points are not collinear with the forearm.
        inward = np.array([0.0, -sign * 0.01, 0.0])
        out[L.LEFT_INDEX if left else L.RIGHT_INDEX] = wrist + rf @ (_INDEX * skel.hand_m + inward)
        out[L.LEFT_PINKY if left else L.RIGHT_PINKY] = wrist + rf @ (_PINKY * skel.hand_m + inward)
        out[L.LEFT_THUMB if left else L.RIGHT_THUMB] = wrist + rf @ (_THUMB * skel.hand_m)

        # Leg: hip -> knee -> ankle -> heel / foot index.
        hip = hip_mid + rp @ np.array([0.0, sign * skel.hip_half_width_m, 0.0])
        # Abduction before flexion: it tilts the plane the leg folds in, so a planted foot
        # set wider than the hip stays put as the knee bends (see motions.planted_leg).
        rth = (
            rp
            @ rot_z(pose.hip_yaw[side])
            @ rot_x(sign * pose.hip_abd[side])
            @ rot_y(-pose.hip_flex[side])
        )
        knee = hip + rth @ (_DOWN * skel.thigh_m)
        rs = rth @ rot_y(pose.knee_flex[side])
        ankle = knee + rs @ (_DOWN * skel.shank_m)
        rfo = rs @ rot_y(-pose.ankle_dorsi[side])
        foot_scale = np.array([skel.foot_m, 1.0, skel.ankle_height_m])
        out[L.LEFT_HIP if left else L.RIGHT_HIP] = hip
        out[L.LEFT_KNEE if left else L.RIGHT_KNEE] = knee
        out[L.LEFT_ANKLE if left else L.RIGHT_ANKLE] = ankle
        out[L.LEFT_HEEL if left else L.RIGHT_HEEL] = ankle + rfo @ (_HEEL * foot_scale)
        out[L.LEFT_FOOT_INDEX if left else L.RIGHT_FOOT_INDEX] = ankle + rfo @ (_TOE * foot_scale)
    return out


# ------------------------------------------------------------------ sagittal-plane helpers
# Every posture here is the standing body pitched about the scene Y axis (the person's left),
# so a segment's absolute orientation in the sagittal plane is one "scene pitch" angle and
# relative joint angles are differences of pitches.


def pitch_of_down_segment(d_xz: np.ndarray) -> float:
    """Scene pitch (deg) of a segment whose local axis points down (thigh, shank, arm) from
    its direction (dX, dZ) in the scene."""
    return float(np.degrees(np.arctan2(-d_xz[0], -d_xz[1])))


def pitch_of_up_segment(d_xz: np.ndarray) -> float:
    """Scene pitch (deg) of a segment whose local axis points up (trunk)."""
    return float(np.degrees(np.arctan2(d_xz[0], d_xz[1])))


def pitch_of_foot(d_xz: np.ndarray) -> float:
    """Scene pitch (deg) of the foot from its heel-to-toe direction (dX, dZ)."""
    return float(np.degrees(np.arctan2(-d_xz[1], d_xz[0])))


def unit_from_down_pitch(pitch_deg: float) -> np.ndarray:
    """(dX, dZ) direction of a down-pointing segment with the given scene pitch."""
    r = np.radians(pitch_deg)
    return np.array([-np.sin(r), -np.cos(r)])


def unit_from_up_pitch(pitch_deg: float) -> np.ndarray:
    r = np.radians(pitch_deg)
    return np.array([np.sin(r), np.cos(r)])


def two_link_ik(
    root: np.ndarray, end: np.ndarray, l1: float, l2: float, bend_towards: np.ndarray
) -> np.ndarray:
    """Middle joint (knee) position in 2-D for a two-link chain root -> mid -> end.

    Of the two solutions, the one on the side of `bend_towards` (a direction) is returned. When
    the end is out of reach the chain is straightened towards it (no exception: callers keep
    their targets within reach, and a straight leg is the physically sensible limit)."""
    v = end - root
    d = float(np.hypot(*v))
    d = min(max(d, abs(l1 - l2) + 1e-9), l1 + l2 - 1e-9)
    u = v / max(float(np.hypot(*v)), 1e-12)
    a = (l1 * l1 - l2 * l2 + d * d) / (2 * d)
    h = float(np.sqrt(max(l1 * l1 - a * a, 0.0)))
    perp = np.array([-u[1], u[0]])
    if float(perp @ bend_towards) < 0:
        perp = -perp
    return root + a * u + h * perp


def to_scene(xz: np.ndarray, y: float = 0.0) -> np.ndarray:
    """A sagittal-plane point (X, Z) to a scene point."""
    return np.array([xz[0], y, xz[1]])


__all__ = [
    "Skeleton",
    "Pose",
    "forward_kinematics",
    "rot_x",
    "rot_y",
    "rot_z",
    "two_link_ik",
]
