"""One pose function per exercise: activation (0 = rest, 1 = the far point) -> Pose.

Scene layout (see body.py): floor Z = 0, the person's left towards +Y, sagittal plane X-Z.
Standing and sitting people face +X with the ankles' midpoint above the origin. Lying people
have their shoulders' midpoint above the origin; supine lies head towards -X, face up;
prone lies head towards +X, face down. Contacts are solved first (the trunk in the sagittal
plane, each planted leg in its own plane through hip and ankle) so feet, shoulders and seats
stay where they touch the floor; the result is expressed as joint angles, so forward
kinematics keeps every segment's length.

The activation's smooth timing lives in sequence.py; here only geometry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypedDict

import numpy as np

from posecount.synthetic.body import (
    Pose,
    Skeleton,
    pitch_of_down_segment,
    pitch_of_foot,
    pitch_of_up_segment,
    rot_x,
    rot_y,
    rot_z,
    to_scene,
    two_link_ik,
)

SIDES = ("left", "right")
POSTURES = ("supine", "prone", "standing", "sitting")

# Height of joint centres above the floor when lying, as fractions of H: the body's
# thickness puts the shoulder joints ~7-8 cm and the hip joints ~9-10 cm up at 1.70 m.
_SHOULDER_LYING_H = 0.045
_HIP_LYING_H = 0.055
_KNEE_PRONE_H = 0.035


_FORWARD = np.array([1.0, 0.0, 0.0])
_UPWARD = np.array([0.0, 0.0, 1.0])


def _smooth(u: float) -> float:
    """Cosine ease 0 -> 1 on u in [0, 1] (zero velocity at both ends)."""
    u = min(max(u, 0.0), 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * u)


def planted_leg(
    skel: Skeleton,
    pelvis_rot: np.ndarray,
    hip: np.ndarray,
    ankle: np.ndarray,
    bend_dir: np.ndarray,
    foot_dir: np.ndarray,
) -> tuple[float, float, float, float]:
    """Joint angles (plane tilt, hip flexion, knee flexion, ankle dorsiflexion; degrees) that
    put a leg from the hip joint to a planted ankle, knee bending towards `bend_dir`, sole
    level with the toes towards `foot_dir` (scene vectors).

    The leg folds in one plane through hip and ankle; the plane is tilted about the pelvis's
    anterior axis (body.py applies abduction before flexion), which is how a foot set wider
    than the hip stays planted while the knee bends. The first value is that tilt as a
    rotation about the pelvis's anterior axis (positive swings the foot to the left); the
    caller turns it into hip_abd for the side."""
    v = pelvis_rot.T @ (ankle - hip)
    tilt = float(np.degrees(np.arctan2(v[1], -v[2])))
    frame = pelvis_rot @ rot_x(tilt)
    w = frame.T @ (ankle - hip)
    bend = frame.T @ bend_dir
    end = np.array([w[0], w[2]])
    knee = two_link_ik(np.zeros(2), end, skel.thigh_m, skel.shank_m, np.array([bend[0], bend[2]]))
    thigh = pitch_of_down_segment(knee)
    shank = pitch_of_down_segment(end - knee)
    # Foot pitch phi in this frame with the foot's long axis horizontal in the scene.
    phi = float(np.degrees(np.arctan2(frame[2, 0], frame[2, 2])))
    r = np.radians(phi)
    if float((frame @ np.array([np.cos(r), 0.0, -np.sin(r)])) @ foot_dir) < 0:
        phi += 180.0
    dorsi = (shank - phi + 180.0) % 360.0 - 180.0
    return tilt, -thigh, shank - thigh, dorsi


class _LegFields(TypedDict):
    """Pose's leg fields, (left, right) each, so they can be passed on as keywords."""

    hip_flex: tuple[float, float]
    hip_abd: tuple[float, float]
    knee_flex: tuple[float, float]
    ankle_dorsi: tuple[float, float]


def _legs(
    skel: Skeleton,
    hip_mid: np.ndarray,
    pelvis_rot: np.ndarray,
    *,
    planted: dict[int, np.ndarray],
    bend_dir: np.ndarray,
    foot_dir: np.ndarray = _FORWARD,
    free: dict[int, tuple[float, float, float, float]] | None = None,
) -> _LegFields:
    """Pose leg fields: planted legs (side index 0 = left -> ankle position) solved by
    planted_leg, free legs given as (hip_flex, hip_abd, knee_flex, ankle_dorsi)."""
    fields = {k: [0.0, 0.0] for k in ("hip_flex", "hip_abd", "knee_flex", "ankle_dorsi")}
    for side, ankle in planted.items():
        sign = 1.0 if side == 0 else -1.0
        hip = hip_mid + pelvis_rot @ np.array([0.0, sign * skel.hip_half_width_m, 0.0])
        tilt, flex, knee, dorsi = planted_leg(skel, pelvis_rot, hip, ankle, bend_dir, foot_dir)
        fields["hip_abd"][side] = sign * tilt
        fields["hip_flex"][side], fields["knee_flex"][side] = flex, knee
        fields["ankle_dorsi"][side] = dorsi
    for side, (flex, abd, knee, dorsi) in (free or {}).items():
        fields["hip_flex"][side], fields["hip_abd"][side] = flex, abd
        fields["knee_flex"][side], fields["ankle_dorsi"][side] = knee, dorsi
    return _LegFields(
        hip_flex=(fields["hip_flex"][0], fields["hip_flex"][1]),
        hip_abd=(fields["hip_abd"][0], fields["hip_abd"][1]),
        knee_flex=(fields["knee_flex"][0], fields["knee_flex"][1]),
        ankle_dorsi=(fields["ankle_dorsi"][0], fields["ankle_dorsi"][1]),
    )


def _hip_over_feet(
    skel: Skeleton, shank_tilt: float, knee_flex: float, lateral_m: float
) -> np.ndarray:
    """Hip-joint offset (X, Z) from its ankle for a leg with the shank tilted forwards by
    shank_tilt and the knee flexed by knee_flex (degrees), the hip lateral_m to the side of
    the ankle. The sagittal chain sets the forward offset; the height is then lowered so the
    hip-ankle distance, and hence the knee angle, is what was asked despite the sideways
    offset of a wide stance."""
    a, k = np.radians(shank_tilt), np.radians(knee_flex)
    b = k - a  # thigh's backward tilt from vertical
    dx = skel.shank_m * np.sin(a) - skel.thigh_m * np.sin(b)
    dz = skel.shank_m * np.cos(a) + skel.thigh_m * np.cos(b)
    # Keep a hair inside full reach so the solver's straight-leg clamp never moves the foot.
    reach2 = min(dx * dx + dz * dz, (0.99999 * (skel.thigh_m + skel.shank_m)) ** 2)
    return np.array([dx, np.sqrt(max(reach2 - dx * dx - lateral_m**2, 0.0))])


def _standing(
    skel: Skeleton,
    *,
    feet_half_width_m: float,
    shank_tilt: float,
    knee_flex: float,
    trunk_lean: float,
    pelvis_share: float = 0.6,
    **extra: Any,
) -> Pose:
    """Both feet flat and planted either side of the origin; shank tilt forwards from vertical,
    knee flexion and trunk lean forwards from vertical in degrees. The pelvis takes
    `pelvis_share` of the trunk lean (the rest is lumbar flexion): people hinge mostly at
    the hips."""
    lateral = skel.hip_half_width_m - feet_half_width_m
    off = _hip_over_feet(skel, shank_tilt, knee_flex, lateral)
    hip_mid = np.array([off[0], 0.0, skel.ankle_height_m + off[1]])
    pitch = pelvis_share * trunk_lean
    rp = rot_y(pitch)
    ankles = {
        0: np.array([0.0, feet_half_width_m, skel.ankle_height_m]),
        1: np.array([0.0, -feet_half_width_m, skel.ankle_height_m]),
    }
    legs = _legs(skel, hip_mid, rp, planted=ankles, bend_dir=_FORWARD)
    return Pose(hip_mid_m=hip_mid, pelvis_rot=rp, trunk_flex=trunk_lean - pitch, **legs, **extra)


# ---------------------------------------------------------------- standing exercises


def squat(a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict) -> Pose:
    """Feet shoulder-width, arms held forwards. range_frac 1 = thighs about parallel with the
    knee at 90 degrees (knee flexion 90); the shins tilt 20 degrees and the trunk leans 40 so
    the body's mass stays over the feet."""
    d = range_frac * a
    lean = 40.0 * d
    # Arms stay horizontal: the shoulder flexes 90 degrees plus the trunk's lean.
    return _standing(
        skel,
        feet_half_width_m=skel.shoulder_half_width_m,
        shank_tilt=20.0 * d,
        knee_flex=90.0 * d,
        trunk_lean=lean,
        shoulder_flex=(90.0 + lean, 90.0 + lean),
        shoulder_abd=(4.0, 4.0),
        elbow_flex=(0.0, 0.0),
    )


def sit_to_stand(a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict) -> Pose:
    """Seated (hips at knee height, knees 90, shins vertical, trunk upright) -> lean forwards ->
    rise. The lean happens over the first 40 % of the movement and seat-off from 30 %, as in
    the usual momentum-transfer strategy; range_frac scales the knee extension reached
    (1 -> knee ~177 degrees, 0.7 -> 70 % of the way)."""
    lean_in = _smooth(a / 0.4)
    e = range_frac * _smooth((a - 0.3) / 0.7)
    # The shins tilt forwards while the hips leave the seat and come back vertical at standing.
    return _standing(
        skel,
        feet_half_width_m=skel.hip_half_width_m,
        shank_tilt=15.0 * np.sin(np.pi * e),
        knee_flex=90.0 - 87.0 * e,
        trunk_lean=2.0 + 38.0 * lean_in * (1.0 - e) ** 1.2,
        # Hands forwards over the thighs, where they would be without pushing off.
        shoulder_flex=(20.0, 20.0),
        shoulder_abd=(5.0, 5.0),
        elbow_flex=(70.0, 70.0),
    )


def single_leg_stance(
    a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict
) -> Pose:
    """Standing on the `side` leg (as "a hold on the left leg" is labelled); the other foot is
    lifted with the hip at 45 and the knee at 80 degrees (foot ~0.20 m off the floor at
    1.70 m and range_frac 1). The weight shifts over the stance foot early in the lift, as it
    must before a foot can leave the floor."""
    d = range_frac * a
    shift = _smooth(a / 0.3) if range_frac > 0 else 0.0
    stance = 0 if side == "left" else 1
    lift = 1 - stance
    toward_stance = 1.0 if stance == 0 else -1.0
    # The pelvis moves ~6 cm (at 1.70 m) sideways over the stance foot; the stance knee
    # softens slightly.
    shift_y = toward_stance * 0.035 * skel.height_m * shift
    off = _hip_over_feet(skel, 0.0, 2.0 * shift, shift_y)
    hip_mid = np.array([0.0, shift_y, skel.ankle_height_m + off[1]])
    ankle = np.array([0.0, toward_stance * skel.hip_half_width_m, skel.ankle_height_m])
    hip_flex, knee_flex = 45.0 * d, 80.0 * d
    # The lifted foot dorsiflexes part way to level, so its toes clear the floor.
    dorsi = 0.6 * (knee_flex - hip_flex)
    legs = _legs(
        skel,
        hip_mid,
        np.eye(3),
        planted={stance: ankle},
        bend_dir=_FORWARD,
        free={lift: (hip_flex, 0.0, knee_flex, dorsi)},
    )
    return Pose(
        hip_mid_m=hip_mid,
        pelvis_rot=np.eye(3),
        trunk_lateral=2.0 * shift * toward_stance,
        shoulder_abd=(8.0 + 10.0 * shift, 8.0 + 10.0 * shift),  # arms out a little for balance
        **legs,
    )


# ---------------------------------------------------------------- lying exercises


@dataclass(frozen=True, slots=True)
class _HookLying:
    """Supine with knees bent and feet flat: the sagittal points of the rest position."""

    shoulder: np.ndarray  # (X, Z) shoulder midpoint
    hip: np.ndarray
    ankle: np.ndarray


def _hook_lying(skel: Skeleton, knee_deg: float = 80.0) -> _HookLying:
    """Rest position for bridge and knee rolls. knee_deg is the knee's interior angle: with the
    hip and ankle at about the same height it sets how far the feet are from the hips."""
    sh = np.array([0.0, _SHOULDER_LYING_H * skel.height_m])
    dz = (_HIP_LYING_H - _SHOULDER_LYING_H) * skel.height_m
    hip = sh + np.array([np.sqrt(skel.trunk_m**2 - dz**2), dz])
    l1, l2 = skel.thigh_m, skel.shank_m
    reach = np.sqrt(l1 * l1 + l2 * l2 - 2 * l1 * l2 * np.cos(np.radians(knee_deg)))
    dz_a = skel.ankle_height_m - hip[1]
    ankle = hip + np.array([np.sqrt(reach**2 - dz_a**2), dz_a])
    return _HookLying(sh, hip, ankle)


def _supine(
    skel: Skeleton, shoulder: np.ndarray, hip: np.ndarray, ankle: np.ndarray
) -> tuple[float, _LegFields]:
    """Trunk pitch and leg fields for a supine body from the sagittal (X, Z) shoulder and hip
    midpoints and the planted ankles (hip-width apart, feet flat with the toes towards +X,
    knees bending towards the ceiling)."""
    trunk = pitch_of_up_segment(shoulder - hip)
    hip_mid = to_scene(hip)
    hw = skel.hip_half_width_m
    ankles = {0: to_scene(ankle, hw), 1: to_scene(ankle, -hw)}
    legs = _legs(skel, hip_mid, rot_y(trunk), planted=ankles, bend_dir=_UPWARD)
    return trunk, legs


def _trunk_elevation(rest: _HookLying) -> float:
    """Rest elevation (deg) of the shoulder-to-hip line above the floor."""
    d = rest.hip - rest.shoulder
    return float(np.degrees(np.arctan2(d[1], d[0])))


def _bridge_shoulder(rest: _HookLying, theta: float, rise_m: float) -> np.ndarray:
    """Shoulder midpoint for a trunk elevation theta: it rises by rise_m over the first 25
    degrees of elevation as the contact rolls from the shoulders onto the shoulder blades."""
    frac = min(max((theta - _trunk_elevation(rest)) / 25.0, 0.0), 1.0)
    return rest.shoulder + np.array([0.0, rise_m * frac])


def _bridge_top_angle(skel: Skeleton, rest: _HookLying, rise_m: float) -> float:
    """Trunk elevation (deg) at which shoulders, hips and knees are in one line with the feet
    still planted: the full bridge. Solved by bisection on the shank-length residual."""

    def residual(theta: float) -> float:
        sh = _bridge_shoulder(rest, theta, rise_m)
        r = np.radians(theta)
        knee = sh + (skel.trunk_m + skel.thigh_m) * np.array([np.cos(r), np.sin(r)])
        return float(np.hypot(*(knee - rest.ankle)) - skel.shank_m)

    lo, hi = 0.0, 80.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if residual(mid) < 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def bridge(a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict) -> Pose:
    """Supine hook-lying -> hips raised until shoulders, hips and knees are in line (hip
    extended to ~180 degrees) at range_frac 1; range_frac scales the trunk's elevation. The
    feet stay planted and the trunk pivots about the upper back, whose contact rolls onto the
    shoulder blades, so the shoulder joints rise ~4 cm (at 1.70 m) by the top. Hook lying
    starts with the knees at 80 degrees; the hips then lift ~0.19 m at 1.70 m, the most a
    straight shoulder-hip-knee line allows with the feet where they were."""
    if opts.get("posture", "supine") == "prone":
        return _prone_hip_lift(a, range_frac, skel)
    rest = _hook_lying(skel)
    rise = 0.024 * skel.height_m
    theta0 = _trunk_elevation(rest)
    top = _bridge_top_angle(skel, rest, rise)
    theta = theta0 + range_frac * a * (top - theta0)
    sh = _bridge_shoulder(rest, theta, rise)
    r = np.radians(theta)
    hip = sh + skel.trunk_m * np.array([np.cos(r), np.sin(r)])
    trunk, legs = _supine(skel, sh, hip, rest.ankle)
    rest_trunk = pitch_of_up_segment(rest.shoulder - rest.hip)
    return Pose(
        hip_mid_m=np.array([hip[0], 0.0, hip[1]]),
        pelvis_rot=rot_y(trunk),
        # The head stays resting (on a small cushion, chin tucked) while the trunk tilts.
        neck_flex=10.0 + rest_trunk - trunk,
        # Arms stay along the floor: the shoulder angle follows the trunk's tilt.
        shoulder_flex=(trunk + 90.0, trunk + 90.0),
        shoulder_abd=(12.0, 12.0),
        elbow_flex=(0.0, 0.0),
        **legs,
    )


def _prone_hip_lift(a: float, range_frac: float, skel: Skeleton) -> Pose:
    """Negative control for bridge: lying face down, the hips rise (about 0.2 m at 1.70 m)
    with the chest and knees staying on the floor, i.e. a hip lift done prone."""
    sh = np.array([0.0, _SHOULDER_LYING_H * skel.height_m])
    dz = (_HIP_LYING_H - _SHOULDER_LYING_H) * skel.height_m
    theta0 = np.degrees(np.arcsin(dz / skel.trunk_m))
    theta = theta0 + range_frac * a * (24.0 - theta0)
    r = np.radians(theta)
    # Head towards +X, so the hips are towards -X.
    hip = sh + skel.trunk_m * np.array([-np.cos(r), np.sin(r)])
    knee_z = _KNEE_PRONE_H * skel.height_m
    knee = hip + np.array([-np.sqrt(max(skel.thigh_m**2 - (hip[1] - knee_z) ** 2, 0.0)), 0.0])
    knee[1] = knee_z
    ankle = knee + np.array([-skel.shank_m, 0.0])
    trunk = pitch_of_up_segment(sh - hip)
    r0 = np.radians(theta0)
    rest_trunk = pitch_of_up_segment(np.array([np.cos(r0), -np.sin(r0)]))
    # The neck extends a little so the face clears the floor, and keeps the head's
    # attitude while the trunk tilts.
    neck_flex = -20.0 + rest_trunk - trunk
    return _prone_from_points(skel, sh, hip, knee, ankle, trunk - 90.0, neck_flex=neck_flex)


# Knee-drop angle from vertical at range_frac 1: about as far as a healthy person goes.
KNEE_ROLL_FULL_DEG = 65.0


def knee_rolls(a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict) -> Pose:
    """Supine hook-lying, knees and feet hip-width apart; the bent legs roll as a unit about
    the long axis to `side` (knees drop KNEE_ROLL_FULL_DEG * range_frac from vertical). The pelvis
    follows by 30 % of that and the lumbar spine twists back so the shoulders stay flat."""
    rest = _hook_lying(skel)
    trunk, legs = _supine(skel, rest.shoulder, rest.hip, rest.ankle)
    drop = KNEE_ROLL_FULL_DEG * range_frac * a * (1.0 if side == "left" else -1.0)
    pelvis_roll = 0.3 * drop
    return Pose(
        hip_mid_m=np.array([rest.hip[0], 0.0, rest.hip[1]]),
        # rot_z about the pelvis's long axis turns its front (the ceiling) towards the left.
        pelvis_rot=rot_y(trunk) @ rot_z(pelvis_roll),
        trunk_twist=-pelvis_roll,
        neck_flex=10.0,
        shoulder_flex=(trunk + 90.0, trunk + 90.0),
        shoulder_abd=(15.0, 15.0),
        elbow_flex=(0.0, 0.0),
        hip_yaw=(drop - pelvis_roll, drop - pelvis_roll),
        **legs,
    )


# ---------------------------------------------------------------- leaflet catalogue (issue 11)


def wall_press_up(
    a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict
) -> Pose:
    """Standing facing a wall (towards +X), hands on it at shoulder height: the arms are
    level (shoulder flexion 90) and the elbows bend from 20 degrees (arms nearly straight,
    elbow angle 160) to 100 at range_frac 1 (elbow angle 80) as the body leans in, the
    shins tilting up to 12 degrees towards the wall."""
    d = range_frac * a
    elbow = 20.0 + 80.0 * d
    return _standing(
        skel,
        feet_half_width_m=skel.hip_half_width_m,
        shank_tilt=12.0 * d,
        knee_flex=0.0,
        trunk_lean=0.0,
        shoulder_flex=(90.0, 90.0),
        shoulder_abd=(10.0, 10.0),
        elbow_flex=(elbow, elbow),
    )


# Hugged knee: hip flexed 120 and knee flexed 130 from the pelvis at range_frac 1, the
# normal range of hip flexion with the knee bent (AAOS).
_HUG_HIP_FLEX = 120.0
_HUG_KNEE_FLEX = 130.0


def knee_to_chest(
    a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict
) -> Pose:
    """Supine hook-lying; the `side` knee ("left", "right" or "both") is drawn from its planted
    position to the chest (hip flexion 120, knee flexion 130 at range_frac 1)."""
    rest = _hook_lying(skel)
    trunk, legs = _supine(skel, rest.shoulder, rest.hip, rest.ankle)
    d = range_frac * a
    keys = ("hip_flex", "hip_abd", "knee_flex", "ankle_dorsi")
    fields: dict[str, list[float]] = {k: list(legs[k]) for k in keys}  # type: ignore[literal-required]
    moving = (0, 1) if side == "both" else ((0,) if side == "left" else (1,))
    for i in moving if d > 0 else ():
        fields["hip_flex"][i] += d * (_HUG_HIP_FLEX - fields["hip_flex"][i])
        fields["knee_flex"][i] += d * (_HUG_KNEE_FLEX - fields["knee_flex"][i])
        fields["hip_abd"][i] *= 1.0 - d
    return Pose(
        hip_mid_m=np.array([rest.hip[0], 0.0, rest.hip[1]]),
        pelvis_rot=rot_y(trunk),
        neck_flex=10.0,
        shoulder_flex=(trunk + 90.0 + 60.0 * d, trunk + 90.0 + 60.0 * d),
        shoulder_abd=(15.0, 15.0),
        elbow_flex=(60.0 * d, 60.0 * d),
        **{k: (v[0], v[1]) for k, v in fields.items()},  # type: ignore[arg-type]
    )


def _prone_from_points(
    skel: Skeleton,
    shoulder: np.ndarray,
    hip: np.ndarray,
    knee: np.ndarray,
    ankle: np.ndarray,
    shoulder_flex: float,
    *,
    neck_flex: float = -20.0,
) -> Pose:
    """A face-down (or all-fours) body, head towards +X, from its sagittal (X, Z) points, as
    joint angles."""
    trunk = pitch_of_up_segment(shoulder - hip)
    thigh = pitch_of_down_segment(knee - hip)
    shank = pitch_of_down_segment(ankle - knee)
    # Toes pointed back along the floor, as when lying face down.
    foot = pitch_of_foot(np.array([-0.9, -0.4]))
    return Pose(
        hip_mid_m=np.array([hip[0], 0.0, hip[1]]),
        pelvis_rot=rot_y(trunk),
        neck_flex=neck_flex,
        shoulder_flex=(shoulder_flex, shoulder_flex),
        shoulder_abd=(12.0, 12.0),
        elbow_flex=(0.0, 0.0),
        hip_flex=(trunk - thigh, trunk - thigh),
        knee_flex=(shank - thigh, shank - thigh),
        ankle_dorsi=(shank - foot, shank - foot),
    )


# Trunk elevation from the floor at range_frac 1: straight arms (a press-up on the hands).
BACK_EXTENSION_FULL_DEG = 45.0


def back_extension(
    a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict
) -> Pose:
    """Lying face down, legs straight along the floor, hips grounded; the trunk pivots up
    about the hips to BACK_EXTENSION_FULL_DEG * range_frac above the floor."""
    hip = np.array([0.0, _HIP_LYING_H * skel.height_m])
    dz = (_HIP_LYING_H - _SHOULDER_LYING_H) * skel.height_m
    theta0 = -float(np.degrees(np.arcsin(dz / skel.trunk_m)))
    theta = np.radians(theta0 + range_frac * a * (BACK_EXTENSION_FULL_DEG - theta0))
    shoulder = hip + skel.trunk_m * np.array([np.cos(theta), np.sin(theta)])
    knee = np.array([-skel.thigh_m, _KNEE_PRONE_H * skel.height_m])
    knee[0] = hip[0] - np.sqrt(skel.thigh_m**2 - (hip[1] - knee[1]) ** 2)
    ankle = knee + np.array([-skel.shank_m, 0.0])
    trunk = pitch_of_up_segment(shoulder - hip)
    # The upper arms go from along the floor to propping the chest (pointing at the floor).
    return _prone_from_points(skel, shoulder, hip, knee, ankle, trunk - 90.0 + 60.0 * a)


def bottom_to_heels(
    a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict
) -> Pose:
    """All fours (knees on the floor under the hips, shins along the floor, trunk level) ->
    the bottom sits back towards the heels: the thighs swing back about the knees by 55
    degrees at range_frac 1 (hip angle from about 85 to about 25), the trunk tips 5 degrees
    head-down and the arms reach forwards."""
    d = range_frac * a
    knee = np.array([0.0, _KNEE_PRONE_H * skel.height_m])
    ankle = knee + np.array([-skel.shank_m, 0.0])
    back = np.radians(55.0 * d)
    hip = knee + skel.thigh_m * np.array([-np.sin(back), np.cos(back)])
    tip = np.radians(-5.0 * d)
    shoulder = hip + skel.trunk_m * np.array([np.cos(tip), np.sin(tip)])
    trunk = pitch_of_up_segment(shoulder - hip)
    return _prone_from_points(skel, shoulder, hip, knee, ankle, trunk + 180.0 - 90.0 * (1 - d))


def _seated(skel: Skeleton, trunk_lean: float, **extra: Any) -> Pose:
    """Sitting on a chair (hips at knee height, knees 90, shins vertical), the trunk leaning
    trunk_lean degrees forwards from upright (negative: back)."""
    return _standing(
        skel,
        feet_half_width_m=skel.hip_half_width_m,
        shank_tilt=0.0,
        knee_flex=90.0,
        trunk_lean=trunk_lean,
        **{"shoulder_flex": (20.0, 20.0), "elbow_flex": (70.0, 70.0), **extra},
    )


def seated_forward_bend(
    a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict
) -> Pose:
    """Seated, bending forwards from upright to 70 degrees at range_frac 1 (chest towards
    the thighs), the arms hanging towards the floor."""
    lean = 2.0 + 68.0 * range_frac * a
    return _seated(skel, lean, shoulder_flex=(lean, lean), elbow_flex=(10.0, 10.0))


def sitting_rocking(
    a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict
) -> Pose:
    """Seated tall, then slumped back: the trunk line leans back by 18 degrees at
    range_frac 1, mostly by the pelvis rolling back."""
    return _seated(skel, 2.0 - 18.0 * range_frac * a, pelvis_share=0.7)


def sciatic_nerve_glide(
    a: float, side: str | None, range_frac: float, skel: Skeleton, opts: dict
) -> Pose:
    """Seated slumped (trunk 20 degrees forwards); the `side` knee straightens from 90
    degrees of flexion to 20 at range_frac 1 (knee angle 90 -> 160), the thigh staying on
    the seat."""
    pose = _seated(skel, 20.0)
    i = 0 if side == "left" else 1
    knee = list(pose.knee_flex)
    knee[i] -= 70.0 * range_frac * a
    return replace(pose, knee_flex=(knee[0], knee[1]))


# ---------------------------------------------------------------- registry


PoseFn = Callable[[float, "str | None", float, Skeleton, dict], Pose]


@dataclass(frozen=True, slots=True)
class MotionSpec:
    """An exercise's geometry: its pose function, the posture it starts in (frames the camera
    and sets the lying defaults) and the exercise-specific options it accepts."""

    pose: PoseFn
    posture: str
    options: tuple[str, ...] = ()


MOTIONS: dict[str, MotionSpec] = {
    "knee-rolls": MotionSpec(knee_rolls, "supine", ("sides",)),
    "bridge": MotionSpec(bridge, "supine", ("posture",)),
    "sit-to-stand": MotionSpec(sit_to_stand, "sitting"),
    "single-leg-stance": MotionSpec(single_leg_stance, "standing", ("side", "alternate")),
    "squat": MotionSpec(squat, "standing"),
    "wall-press-up": MotionSpec(wall_press_up, "standing"),
    "knee-to-chest": MotionSpec(knee_to_chest, "supine", ("sides",)),
    "back-extension": MotionSpec(back_extension, "prone"),
    "bottom-to-heels": MotionSpec(bottom_to_heels, "prone"),
    "seated-forward-bend": MotionSpec(seated_forward_bend, "sitting"),
    "sitting-rocking": MotionSpec(sitting_rocking, "sitting"),
    "sciatic-nerve-glide": MotionSpec(sciatic_nerve_glide, "sitting", ("sides",)),
}


def static_pose(posture: str, skel: Skeleton) -> Pose:
    """A resting pose for generate_static: supine = hook-lying (the rest of bridge and knee
    rolls), prone = lying face down with straight legs, standing, sitting on a chair."""
    if posture == "supine":
        return knee_rolls(0.0, None, 0.0, skel, {})
    if posture == "prone":
        return _prone_hip_lift(0.0, 0.0, skel)
    if posture == "standing":
        return _standing(
            skel,
            feet_half_width_m=skel.hip_half_width_m,
            shank_tilt=0.0,
            knee_flex=0.0,
            trunk_lean=0.0,
        )
    if posture == "sitting":
        return sit_to_stand(0.0, None, 0.0, skel, {})
    raise ValueError(f"posture must be one of {', '.join(POSTURES)}; got {posture!r}")


def posture_axes(posture: str) -> tuple[np.ndarray, np.ndarray]:
    """(facing, left) horizontal scene directions for framing the camera: the way an upright
    person faces, or a lying person's head-to-feet direction, and the person's left."""
    facing = {"supine": (1.0, 0.0, 0.0), "prone": (-1.0, 0.0, 0.0)}.get(posture, (1.0, 0.0, 0.0))
    return np.array(facing), np.array([0.0, 1.0, 0.0])


__all__ = [
    "MOTIONS",
    "MotionSpec",
    "POSTURES",
    "SIDES",
    "KNEE_ROLL_FULL_DEG",
    "static_pose",
    "posture_axes",
]
