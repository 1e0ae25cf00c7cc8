"""Public API: synthetic PoseFrame sequences of the rehab exercises, with ground truth.

Frames look like the MediaPipe backend's output: landmarks (33, 5) of normalised image x
(right), y (DOWN), z (depth relative to the hips, in units of the image width, smaller =
nearer the camera), visibility and presence; world_m (33, 3) in metres in the camera's axes
(x right, y DOWN, z away from the camera) with the origin at the hip midpoint; both rounded
as the backend rounds them. These sequences drive state-machine tests; they make no claim
about MediaPipe's accuracy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from posecount.pose.landmarks import LANDMARK_COUNT, LandmarkId
from posecount.synthetic.body import Pose, Skeleton, forward_kinematics
from posecount.synthetic.camera import VIEWS, Camera, view_camera
from posecount.synthetic.motions import MOTIONS, POSTURES, SIDES, posture_axes, static_pose
from posecount.types import PoseFrame, quantize

EXERCISES = tuple(MOTIONS)
L = LandmarkId

# Options every exercise accepts (camera and tracking faults); exercise-specific ones are
# listed in motions.MOTIONS.
COMMON_OPTIONS = (
    "fov_deg",
    "elevation_deg",
    "roll_deg",
    "camera_distance_m",
    "occlude",
    "low_visibility_prob",
    "dropout_burst_s",
)

# Lying people are filmed by a laptop on the floor or a low table looking slightly down;
# standing and sitting people by a camera at about body height.
_DEFAULT_ELEVATION_DEG = {"supine": 15.0, "prone": 15.0, "standing": 0.0, "sitting": 0.0}

# Visibility that MediaPipe typically reports: ~0.95+ for points facing the camera, 0.3-0.6
# for the far side of a side-on body, near zero outside the image.
_VIS_NEAR = 0.97
_VIS_FAR = 0.45


@dataclass(frozen=True, slots=True)
class RepTruth:
    """One rep as generated: movement starts at start_ms, the far point is reached (middle of
    any hold) at peak_ms, back at rest at end_ms. side is "left"/"right" for sided exercises
    (knee rolls: the side the knees drop to; single-leg stance: the stance leg), else None."""

    start_ms: int
    peak_ms: int
    end_ms: int
    side: str | None = None
    range_frac: float = 1.0


@dataclass(frozen=True, slots=True)
class HoldTruth:
    """The time spent at the far point, in seconds from the start of the sequence."""

    start_s: float
    end_s: float
    side: str | None = None

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class Truth:
    """Ground truth of a generated sequence: the reps and holds as generated, the camera used
    and the indices of frames dropped as tracking losses."""

    exercise: str
    reps: tuple[RepTruth, ...]
    holds: tuple[HoldTruth, ...]
    fps: float
    duration_s: float
    view: str
    camera: Camera = field(compare=False)
    dropped_frames: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        return len(self.reps)


# ---------------------------------------------------------------- validation


def _check_range(name: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number in [{lo}, {hi}], got {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be in [{lo}, {hi}], got {value!r}")
    return float(value)


@dataclass(frozen=True, slots=True)
class _Scene:
    """The person and how they are filmed, as `generate_with_truth` and `generate_static`
    both take them: checked when made, then handed to `_render` whole."""

    fps: float
    view: str
    noise_px: float
    dropout: float
    seed: int
    height_m: float
    frame_size_px: tuple[int, int]

    def __post_init__(self) -> None:
        _check_range("fps", self.fps, 1.0, 240.0)
        if self.view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(VIEWS)}; got {self.view!r}")
        _check_range("noise_px", self.noise_px, 0.0, 50.0)
        _check_range("dropout", self.dropout, 0.0, 1.0)
        seed = self.seed
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed must be a non-negative int, got {seed!r}")
        _check_range("height_m", self.height_m, 1.0, 2.3)
        size = self.frame_size_px
        if (
            not isinstance(size, tuple | list)
            or len(size) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in size)
            or not all(16 <= v <= 8192 for v in size)
        ):
            raise ValueError(
                f"frame_size_px must be (width, height) ints in [16, 8192], got {size!r}"
            )


def _check_options(options: dict[str, Any], allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        raise ValueError(
            f"unknown option(s) {', '.join(unknown)} for {what}; allowed: {', '.join(allowed)}"
        )
    if "fov_deg" in options:
        _check_range("fov_deg", options["fov_deg"], 10.0, 150.0)
    if "elevation_deg" in options:
        _check_range("elevation_deg", options["elevation_deg"], -10.0, 80.0)
    if "roll_deg" in options:
        _check_range("roll_deg", options["roll_deg"], -180.0, 180.0)
    if "camera_distance_m" in options:
        _check_range("camera_distance_m", options["camera_distance_m"], 0.3, 20.0)
    if "low_visibility_prob" in options:
        _check_range("low_visibility_prob", options["low_visibility_prob"], 0.0, 1.0)
    if "dropout_burst_s" in options:
        _check_range("dropout_burst_s", options["dropout_burst_s"], 0.01, 10.0)
    if "occlude" in options:
        occ = options["occlude"]
        if not isinstance(occ, Iterable) or isinstance(occ, str):
            raise ValueError(f"occlude must be a list of LandmarkId (0-32), got {occ!r}")
        for lid in occ:
            if isinstance(lid, bool) or not isinstance(lid, int) or not 0 <= lid < LANDMARK_COUNT:
                raise ValueError(f"occlude must hold LandmarkId values 0-32, got {lid!r}")


def _rep_sides(exercise: str, reps: int, options: dict[str, Any]) -> list[str | None]:
    if exercise in ("knee-rolls", "knee-to-chest", "sciatic-nerve-glide"):
        # Both knees hugged together is a knee-to-chest rep of its own.
        allowed = SIDES + ("both",) if exercise == "knee-to-chest" else SIDES
        sides = options.get("sides", "alternate")
        if sides == "alternate":
            order: tuple[str, ...] = SIDES
        elif isinstance(sides, str):
            order = (sides,)
        else:
            order = tuple(sides)
        if not order or any(s not in allowed for s in order):
            raise ValueError(
                f'sides must be "alternate", {", ".join(repr(a) for a in allowed)} or a '
                f"sequence of them; got {sides!r}"
            )
        return [order[i % len(order)] for i in range(reps)]
    if exercise == "single-leg-stance":
        side = options.get("side", "left")
        if side not in SIDES:
            raise ValueError(f'side must be "left" or "right" (the stance leg); got {side!r}')
        alternate = options.get("alternate", False)
        if not isinstance(alternate, bool):
            raise ValueError(f"alternate must be True or False, got {alternate!r}")
        other = SIDES[1 - SIDES.index(side)]
        return [other if alternate and i % 2 else side for i in range(reps)]
    if exercise == "bridge" and options.get("posture", "supine") not in ("supine", "prone"):
        raise ValueError(f'posture must be "supine" or "prone"; got {options["posture"]!r}')
    return [None] * reps


# ---------------------------------------------------------------- rendering


def _smooth(u: np.ndarray) -> np.ndarray:
    """Cosine velocity profile: starts and stops gently, as voluntary movements do."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0))


def _frame_times_ms(n: int, fps: float) -> list[int]:
    # From the index and the float rate (29.97 fps is not 29 or 30).
    return [round(i * 1000 / fps) for i in range(n)]


def _dropout_mask(
    n: int, dropout: float, burst_frames: float, rng: np.random.Generator
) -> np.ndarray:
    """True where the person is lost. A two-state Markov chain: lost runs are geometric with
    mean `burst_frames` (tracking drops out in bursts, not single frames), and the stationary
    share of lost frames equals `dropout`."""
    if dropout <= 0.0:
        return np.zeros(n, dtype=bool)
    if dropout >= 1.0:
        return np.ones(n, dtype=bool)
    # Leave-lost probability; shortened bursts would need p_lose > 1 at high dropout rates.
    q = min(1.0 / max(burst_frames, 1.0), (1.0 - dropout) / dropout)
    p = dropout * q / (1.0 - dropout)
    u = rng.random(n)
    lost = np.empty(n, dtype=bool)
    state = bool(u[0] < dropout)
    lost[0] = state
    for i in range(1, n):
        state = (u[i] >= q) if state else (u[i] < p)
        lost[i] = state
    return lost


_SIDE_SIGN = np.zeros(LANDMARK_COUNT)
for _lid in LandmarkId:
    _SIDE_SIGN[_lid] = (
        1.0
        if _lid.name.startswith("LEFT") or _lid.name == "MOUTH_LEFT"
        else (-1.0 if _lid.name.startswith("RIGHT") or _lid.name == "MOUTH_RIGHT" else 0.0)
    )
_FACE = np.arange(0, 11)
_ARMS = np.arange(11, 23)
_LEGS = np.arange(23, 33)


def _visibility(
    pts: np.ndarray, cam: Camera, xy: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """(n, 33) visibility: far-side points of a side-on body are partly hidden by the body."""

    def axis(a: int, b: int) -> np.ndarray:
        v = pts[:, a] - pts[:, b]
        return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)

    left = np.empty_like(pts)
    left[:, _FACE] = axis(L.LEFT_EAR, L.RIGHT_EAR)[:, None]
    left[:, _ARMS] = axis(L.LEFT_SHOULDER, L.RIGHT_SHOULDER)[:, None]
    left[:, _LEGS] = axis(L.LEFT_HIP, L.RIGHT_HIP)[:, None]
    to_cam = cam.position_m - pts
    to_cam /= np.maximum(np.linalg.norm(to_cam, axis=-1, keepdims=True), 1e-9)
    facing = _SIDE_SIGN * np.einsum("nkj,nkj->nk", left, to_cam)
    hidden = np.clip((-0.15 - facing) / 0.85, 0.0, 1.0)
    vis = _VIS_NEAR - (_VIS_NEAR - _VIS_FAR) * hidden + rng.uniform(-0.02, 0.02, facing.shape)
    outside = ~np.all((xy >= 0.0) & (xy <= 1.0), axis=-1)
    vis[outside] = rng.uniform(0.02, 0.15, int(outside.sum()))
    return np.clip(vis, 0.0, 1.0)


def _render(
    pts: np.ndarray, posture: str, scene: _Scene, options: dict[str, Any]
) -> tuple[list[PoseFrame], Camera, tuple[int, ...]]:
    """Scene points (n, 33, 3) -> PoseFrames through a camera framing the whole motion."""
    n = pts.shape[0]
    w, h = (int(v) for v in scene.frame_size_px)
    fps, view, noise_px, dropout = scene.fps, scene.view, scene.noise_px, scene.dropout
    facing, left = posture_axes(posture)
    cam = view_camera(
        view,
        pts.reshape(-1, 3),
        facing=facing,
        left=left,
        image_size_px=(w, h),
        elevation_deg=float(options.get("elevation_deg", _DEFAULT_ELEVATION_DEG[posture])),
        roll_deg=float(options.get("roll_deg", 0.0)),
        fov_deg=float(options.get("fov_deg", 65.0)),
        distance_m=options.get("camera_distance_m"),
    )
    # Independent streams, so e.g. adding noise does not move the dropouts.
    r_noise, r_drop, r_vis, r_low, r_pres = (
        np.random.default_rng(s) for s in np.random.SeedSequence(scene.seed).spawn(5)
    )

    xy, depth = cam.project(pts.reshape(-1, 3))
    xy = xy.reshape(n, LANDMARK_COUNT, 2)
    depth = depth.reshape(n, LANDMARK_COUNT)
    pc = cam.to_camera(pts)  # (n, 33, 3)
    hip_c = 0.5 * (pc[:, L.LEFT_HIP] + pc[:, L.RIGHT_HIP])  # (n, 3)
    hip_depth = hip_c[:, 2:3]
    # MediaPipe's z: depth relative to the hips, on roughly the same scale as x.
    z_norm = (depth - hip_depth) * cam.focal_px / (hip_depth * w)
    world = pc - hip_c[:, None, :]

    vis = _visibility(pts, cam, xy, r_vis)
    for lid in options.get("occlude", ()):
        vis[:, int(lid)] = r_vis.uniform(0.05, 0.25, n)
    low_p = float(options.get("low_visibility_prob", 0.0))
    if low_p > 0.0:
        low = r_low.random(vis.shape) < low_p
        vis[low] = r_low.uniform(0.05, 0.35, int(low.sum()))
    inside = np.all((xy >= 0.0) & (xy <= 1.0), axis=-1)
    presence = np.where(inside, 0.99 + r_pres.uniform(-0.005, 0.005, inside.shape), 0.2)

    if noise_px > 0.0:
        xy = xy + r_noise.normal(0.0, noise_px, xy.shape) / np.array([w, h])
        z_norm = z_norm + r_noise.normal(0.0, noise_px / w, z_norm.shape)
        # The same jitter in metres at the body's distance; depth is noisier, as in MediaPipe.
        sigma_m = (noise_px * hip_depth / cam.focal_px)[:, :, None]  # (n, 1, 1)
        world = world + r_noise.normal(0.0, 1.0, world.shape) * sigma_m * np.array([1.0, 1.0, 2.0])

    burst_frames = float(options.get("dropout_burst_s", 0.25)) * fps
    lost = _dropout_mask(n, dropout, burst_frames, r_drop)

    lm_all = np.concatenate([xy, z_norm[..., None], vis[..., None], presence[..., None]], axis=-1)
    frames: list[PoseFrame] = []
    for i, t_ms in enumerate(_frame_times_ms(n, fps)):
        if lost[i]:
            frames.append(PoseFrame(t_ms=t_ms, landmarks=None, world_m=None, frame_size_px=(w, h)))
            continue
        lm, wm = quantize(lm_all[i], world[i])
        frames.append(PoseFrame(t_ms=t_ms, landmarks=lm, world_m=wm, frame_size_px=(w, h)))
    return frames, cam, tuple(int(i) for i in np.flatnonzero(lost))


# ---------------------------------------------------------------- public API


def generate_with_truth(
    exercise: str,
    *,
    reps: int = 5,
    tempo_s: float = 4.0,
    range_frac: float = 1.0,
    hold_s: float = 0.0,
    rest_s: float = 1.0,
    fps: float = 30.0,
    view: str = "side-left",
    noise_px: float = 0.0,
    dropout: float = 0.0,
    seed: int = 0,
    lead_in_s: float = 1.0,
    lead_out_s: float = 1.0,
    height_m: float = 1.70,
    frame_size_px: tuple[int, int] = (1280, 720),
    **options: Any,
) -> tuple[list[PoseFrame], Truth]:
    """Frames and ground truth for `reps` repetitions of an exercise. See `generate`."""
    if exercise not in MOTIONS:
        raise ValueError(f"exercise must be one of {', '.join(EXERCISES)}; got {exercise!r}")
    spec = MOTIONS[exercise]
    if isinstance(reps, bool) or not isinstance(reps, int) or not 0 <= reps <= 500:
        raise ValueError(f"reps must be an int in [0, 500], got {reps!r}")
    tempo_s = _check_range("tempo_s", tempo_s, 0.5, 60.0)
    range_frac = _check_range("range_frac", range_frac, 0.0, 1.0)
    hold_s = _check_range("hold_s", hold_s, 0.0, 600.0)
    rest_s = _check_range("rest_s", rest_s, 0.0, 600.0)
    lead_in_s = _check_range("lead_in_s", lead_in_s, 0.0, 600.0)
    lead_out_s = _check_range("lead_out_s", lead_out_s, 0.0, 600.0)
    scene = _Scene(fps, view, noise_px, dropout, seed, height_m, frame_size_px)
    _check_options(options, COMMON_OPTIONS + spec.options, f"exercise {exercise!r}")
    sides = _rep_sides(exercise, reps, options)
    posture = options.get("posture", spec.posture)

    # Timeline: lead-in, then per rep: move out (tempo/2), hold, move back (tempo/2), with
    # rest_s between reps, then lead-out.
    plan = []
    t = lead_in_s
    for i in range(reps):
        start, arrive = t, t + tempo_s / 2.0
        leave = arrive + hold_s
        end = leave + tempo_s / 2.0
        plan.append((start, arrive, leave, end, sides[i]))
        t = end + (rest_s if i < reps - 1 else 0.0)
    duration_s = t + lead_out_s
    n = int(math.floor(duration_s * fps + 1e-9)) + 1
    times = np.arange(n) / fps

    act = np.zeros(n)
    side_of: list[str | None] = [None] * n
    for start, arrive, leave, end, side in plan:
        out = (times >= start) & (times < arrive)
        act[out] = _smooth((times[out] - start) / (arrive - start))
        at_top = (times >= arrive) & (times < leave)
        act[at_top] = 1.0
        back = (times >= leave) & (times < end)
        act[back] = _smooth((end - times[back]) / (end - leave))
        for k in np.flatnonzero(out | at_top | back):
            side_of[int(k)] = side

    skel = Skeleton.from_height(height_m)
    cache: dict[tuple[float, str | None], np.ndarray] = {}
    pts = np.empty((n, LANDMARK_COUNT, 3))
    for i in range(n):
        key = (round(float(act[i]), 12), side_of[i] if act[i] > 0 else None)
        if key not in cache:
            pose: Pose = spec.pose(key[0], key[1], range_frac, skel, options)
            cache[key] = forward_kinematics(skel, pose)
        pts[i] = cache[key]

    frames, cam, dropped = _render(pts, posture, scene, options)
    truth = Truth(
        exercise=exercise,
        reps=tuple(
            RepTruth(
                start_ms=round(s * 1000),
                peak_ms=round((a + lv) * 500),
                end_ms=round(e * 1000),
                side=sd,
                range_frac=range_frac,
            )
            for s, a, lv, e, sd in plan
        ),
        holds=tuple(HoldTruth(a, lv, sd) for _, a, lv, _, sd in plan if hold_s > 0.0),
        fps=float(fps),
        duration_s=duration_s,
        view=view,
        camera=cam,
        dropped_frames=dropped,
    )
    return frames, truth


def generate(exercise: str, **keywords: Any) -> list[PoseFrame]:
    """Synthetic PoseFrames of `reps` repetitions of `exercise`: the frames of
    `generate_with_truth`, which takes the same keywords (its signature has their types
    and defaults).

    exercise: knee-rolls, bridge, sit-to-stand, single-leg-stance or squat.
    Timing: lead_in_s at rest; each rep moves out over tempo_s / 2, stays at the far point for
    hold_s, moves back over tempo_s / 2 (cosine profiles); rest_s at rest between reps;
    lead_out_s at rest at the end. Frame i is at t_ms = round(i * 1000 / fps).
    range_frac: share of the full movement (1.0 = a healthy full range, see motions.py).
    view: side-left (camera at the person's left), side-right or front.
    noise_px: Gaussian jitter (pixels) on image x, y, and the same size in metres on world.
    dropout: share of frames with no person, in bursts (mean dropout_burst_s, default 0.25 s).

    Options: fov_deg (65), elevation_deg (15 lying, 0 otherwise), roll_deg (0; 90 = phone
    on its side), camera_distance_m (auto-framed), occlude (LandmarkIds with low visibility),
    low_visibility_prob, dropout_burst_s; knee-rolls: sides ("alternate" = left, right, ...;
    or "left", "right" or a sequence cycled); bridge: posture ("supine" or "prone" face-down
    hip lifts as a negative control); single-leg-stance: side (the stance leg, "left"),
    alternate (False).
    """
    frames, _ = generate_with_truth(exercise, **keywords)
    return frames


def generate_static(
    posture: str,
    duration_s: float = 5.0,
    *,
    fps: float = 30.0,
    view: str = "side-left",
    noise_px: float = 0.0,
    dropout: float = 0.0,
    seed: int = 0,
    height_m: float = 1.70,
    frame_size_px: tuple[int, int] = (1280, 720),
    **options: Any,
) -> list[PoseFrame]:
    """A person holding still: "supine" (on the back, knees bent, feet flat), "prone" (face
    down, legs straight), "standing" or "sitting" (on a chair). Same options as generate's
    camera and fault options."""
    if posture not in POSTURES:
        raise ValueError(f"posture must be one of {', '.join(POSTURES)}; got {posture!r}")
    duration_s = _check_range("duration_s", duration_s, 0.0, 3600.0)
    scene = _Scene(fps, view, noise_px, dropout, seed, height_m, frame_size_px)
    _check_options(options, COMMON_OPTIONS, f"generate_static({posture!r})")
    skel = Skeleton.from_height(height_m)
    n = int(math.floor(duration_s * fps + 1e-9)) + 1
    still = forward_kinematics(skel, static_pose(posture, skel))
    pts = np.broadcast_to(still, (n, LANDMARK_COUNT, 3)).copy()
    frames, _, _ = _render(pts, posture, scene, options)
    return frames


__all__ = [
    "EXERCISES",
    "HoldTruth",
    "RepTruth",
    "Truth",
    "generate",
    "generate_static",
    "generate_with_truth",
]
