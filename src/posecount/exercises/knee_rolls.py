"""Knee rolls (leaflets 001-004): lying on the back, knees bent and together, feet flat (or
lifted, hips and knees at about 90 degrees); roll both knees to one side as far as is
comfortable, back to the middle, then to the other side. Reps are counted per side; range
per side and the left/right asymmetry are reported.

How far the knees rolled comes from how high they are: rolling the thighs about the body's
long axis by an angle r lowers the knees' height above the hips from its upright value H to
H cos r, whatever the hip flexion. Height is the world landmarks' vertical, which MediaPipe
takes from the image and gets right from the side, from the feet and obliquely alike; the
upright height is learned from the session (the highest the knees were recently). The floor
stops a roll at 90 degrees, so knees at or below hip height read 90.

Which side the knees went is a separate, weaker question: the 3D sideways direction is
depth, which MediaPipe often gets backwards when the pelvis turns (it then mirrors the
whole body). The image does not mirror: two rolls whose knees moved opposite ways in the
picture went to opposite sides. So each rep's side is decided at its end from its frames:
opposite to the first rep when its knees moved the other way across the picture (the
part of the shift across the upright knees' line: both sides lower the knees), otherwise by
the 3D sideways direction (the only cue in a pure side view, where both sides look alike
in the picture). Knees never seen upright give no reading at all (a held twist is not a
series of rolls)."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import replace

import numpy as np

from posecount.counting import RepCounterSpec
from posecount.exercises.base import ExerciseSpec, Features, RepMachine, SmoothingSpec, Status
from posecount.features.posture import Posture
from posecount.features.smoothing import OneEuroFilter
from posecount.pose.landmarks import LandmarkId as L
from posecount.prescription.model import Prescription
from posecount.types import Event, PoseFrame, RepCompleted

SPEC = ExerciseSpec(
    id="knee-rolls",
    title="Knee rolls",
    how="Lie on your back, knees bent and together, feet flat; let both knees roll to one "
    "side as far as is comfortable, back to the middle, then to the other side.",
    camera="at your feet looking along your body (or side-on), about 2 m away, low down",
    postures=frozenset({Posture.LYING_FACE_UP, Posture.LYING_ON_SIDE}),
    range_label="knee roll from upright",
    sides=("left", "right"),
    target_kind="excursion",
)

# The upright knee height is the highest the (smoothed) knees were over this long: longer
# than a slow roll and its return (leaflet tempo: 2-5 s a side), short enough to follow a
# patient who shifts on the mat.
_UPRIGHT_WINDOW_MS = 20_000
# The upright height is a maximum, so one frame read too high would make every rest
# after it look rolled: the shared knee-roll clip re-encoded dark opens on such a frame,
# and the knees then rest at 20-23 degrees instead of 0-8, above the counter's exit band,
# and no roll ends. The heights enter the maximum as the median of this long (3-6 frames
# at 5-10 fps; a rest between rolls lasts a second or more).
_SPIKE_SPAN_MS = 600
# Bent knees pointing up sit at least half a thigh above the hips (hip flexion 30 degrees or
# more; the leaflets' position has 45-90). Lower than that, the knees were never upright in
# view (a twist held on one side, or legs out straight): no roll can be read.
_MIN_UPRIGHT_SHARE_OF_THIGH = 0.5
# Image displacements whose directions differ by more than this are opposite rolls; 110
# degrees leaves room for the knees' path curving in an oblique view.
_OPPOSITE_COS = math.cos(math.radians(110))
# Knees within this of upright are at rest (the counter's exit band).
_REST_ROLL_DEG = 10.0
# The image direction is trusted once the knees moved at least this share of the torso's
# length in the picture (less is the jitter of a body lying still, 1-3%).
_MIN_IMAGE_SHIFT = 0.08


def knee_roll_deg(frame: PoseFrame) -> float | None:
    """Signed roll from the chest's 3D "up" (positive = to the person's right): the naive
    world-landmark estimate, kept as the plain baseline counter's signal
    (benchmarks/compare_baseline.py). It flips sign when MediaPipe mirrors the body."""
    w = frame.world_m
    if w is None or frame.landmarks is None:
        return None
    hips = (w[L.LEFT_HIP] + w[L.RIGHT_HIP]) / 2
    along = (w[L.LEFT_SHOULDER] + w[L.RIGHT_SHOULDER]) / 2 - hips
    n_along = float(np.linalg.norm(along))
    if n_along < 1e-6:
        return None
    along /= n_along
    across = w[L.RIGHT_SHOULDER] - w[L.LEFT_SHOULDER]
    across = across - (across @ along) * along
    n_across = float(np.linalg.norm(across))
    if n_across < 1e-6:
        return None
    across /= n_across
    up = -np.cross(across, along)
    knees = (w[L.LEFT_KNEE] + w[L.RIGHT_KNEE]) / 2 - hips
    return math.degrees(math.atan2(float(knees @ across), float(knees @ up)))


_VECTORS = ("knee", "along", "chest_up")
_KEYS = tuple(f"{v}_{c}_m" for v in _VECTORS for c in "xyz") + ("knee_dx", "knee_dy")


def _features(frame: PoseFrame) -> dict[str, float | None]:
    """World vectors from the mid-hip (knees, shoulders) and the chest's normal turned to
    point up the picture (a mirrored body gives the same axis), plus the knees' image
    position from the hips in torso lengths."""
    none: dict[str, float | None] = dict.fromkeys(_KEYS)
    w, lm = frame.world_m, frame.landmarks
    if w is None or lm is None:
        return none
    hips = (w[L.LEFT_HIP] + w[L.RIGHT_HIP]) / 2
    knees = (w[L.LEFT_KNEE] + w[L.RIGHT_KNEE]) / 2 - hips
    along = (w[L.LEFT_SHOULDER] + w[L.RIGHT_SHOULDER]) / 2 - hips
    normal = np.cross(w[L.RIGHT_SHOULDER] - w[L.LEFT_SHOULDER], along)
    px = lm[:, :2] * np.asarray(frame.frame_size_px if frame.frame_size_px[0] else (1, 1))
    hip_px = (px[L.LEFT_HIP] + px[L.RIGHT_HIP]) / 2
    torso_px = float(np.linalg.norm((px[L.LEFT_SHOULDER] + px[L.RIGHT_SHOULDER]) / 2 - hip_px))
    n_normal = float(np.linalg.norm(normal))
    if n_normal < 1e-9 or torso_px < 1e-6 or float(np.linalg.norm(knees)) < 1e-6:
        return none
    normal = normal / n_normal
    if normal[1] > 0:  # world y points down: turn the axis up
        normal = -normal
    knee_px = ((px[L.LEFT_KNEE] + px[L.RIGHT_KNEE]) / 2 - hip_px) / torso_px
    values = [*knees, *along, *normal, *knee_px]
    return {k: float(v) for k, v in zip(_KEYS, values, strict=True)}


def _vector(f: Features, name: str) -> np.ndarray | None:
    comps = [f.get(f"{name}_{c}_m") for c in "xyz"]
    if any(c is None for c in comps):
        return None
    return np.array(comps, dtype=float)


class KneeRollMachine:
    """One rep counter on the unsigned roll (rest fixed at upright: alternating rolls have
    no pause in the middle to learn it from), each rep then given its side."""

    def __init__(self, prescription: Prescription) -> None:
        spec = RepCounterSpec(
            direction=+1,
            # 20 degrees is a deliberate roll; lying still, the knees' height wobbles by
            # 1-2 cm, 5-10 degrees of roll.
            enter_delta=20.0,
            exit_delta=10.0,
            rest_level=0.0,
            target=prescription.range_target,
            target_kind="excursion",
        )
        self.reps = RepMachine("knee_roll_deg", spec, smoothing=SmoothingSpec())
        self._height = OneEuroFilter(1.5, 0.02, 1.0)
        self._heights: deque[tuple[int, float]] = deque()
        self._recent_heights: deque[tuple[int, float]] = deque()
        self._provisional = True
        self._rest_px: np.ndarray | None = None
        self._votes: list[tuple[float, np.ndarray, float]] = []  # roll, image shift, 3D
        self._first: tuple[str, np.ndarray] | None = None  # the first rep's side and shift
        self._roll: float | None = None
        self._lateral: float | None = None
        self._up: np.ndarray | None = None  # the floor's normal, learned at rest

    def _learn_up(self, chest_up: np.ndarray, roll: float | None) -> None:
        """The lying body's "up" is the chest's normal while the knees are near upright (the
        shoulders and pelvis lie flat then), averaged over a few seconds: it carries the
        camera's pitch, which the picture's own vertical does not (a camera looking down
        at the mat by 15 degrees would read upright knees as 15 degrees rolled)."""
        if self._up is None:
            self._up = chest_up
        elif roll is not None and roll < _REST_ROLL_DEG:
            self._up = 0.95 * self._up + 0.05 * chest_up
            self._up /= float(np.linalg.norm(self._up))

    def _roll_deg(self, f: Features, t_ms: int) -> float | None:
        knees, along, chest_up = (_vector(f, v) for v in _VECTORS)
        if knees is None or along is None or chest_up is None:
            self._height.update(None, t_ms)
            return None
        if self._up is None:
            self._learn_up(chest_up, None)
        assert self._up is not None
        thigh = float(np.linalg.norm(knees))
        h_raw = float(knees @ self._up)
        h = self._height.update(h_raw, t_ms)
        if h is None:
            return None
        recent = self._recent_heights  # raw: smoothing would spread a spike over frames
        recent.append((t_ms, h_raw))
        while recent[0][0] < t_ms - _SPIKE_SPAN_MS:
            recent.popleft()
        q = self._heights
        # The median of the last few, so one high frame is no upright; until there are a
        # few, the heights themselves stand in (a roll may start on the first frame), and
        # they give way to the first median.
        if len(recent) >= 3 and self._provisional:
            q.clear()
            self._provisional = False
        steady = float(np.median([v for _, v in recent])) if not self._provisional else h_raw
        while q and q[-1][1] <= steady:  # a running max: older, lower values never win
            q.pop()
        q.append((t_ms, steady))
        while q[0][0] < t_ms - _UPRIGHT_WINDOW_MS:
            q.popleft()
        upright = q[0][1]
        if upright < _MIN_UPRIGHT_SHARE_OF_THIGH * thigh:
            return None
        roll = math.degrees(math.acos(max(0.0, min(1.0, h / upright))))
        self._learn_up(chest_up, roll)
        # The sideways direction, for the side of the rep: the person's right when face up.
        right = np.cross(self._up, along)
        n = float(np.linalg.norm(right))
        self._lateral = None if n < 1e-9 else float(knees @ right) / (n * thigh)
        return roll

    def update(self, features: Features, t_ms: int) -> list[Event]:
        roll = self._roll_deg(features, t_ms)
        self._roll = roll
        dx, dy, lat = features.get("knee_dx"), features.get("knee_dy"), self._lateral
        shift = None if dx is None or dy is None else np.array([dx, dy])
        if roll is not None and shift is not None:
            if roll < _REST_ROLL_DEG:  # at rest: where the knees sit in the picture when upright
                self._rest_px = (
                    shift if self._rest_px is None else 0.8 * self._rest_px + 0.2 * shift
                )
            elif self._rest_px is not None and lat is not None:
                self._votes.append((roll, shift - self._rest_px, lat))
        out = self._sided(self.reps.update({"knee_roll_deg": roll}, t_ms))
        if self.reps.counter.phase == "rest" and not any(isinstance(e, RepCompleted) for e in out):
            if roll is not None and roll < _REST_ROLL_DEG:
                self._votes = []
        return out

    def _side(self) -> str:
        votes, self._votes = self._votes, []
        if not votes:
            return self._first[0] if self._first else "right"
        weights = np.array([r for r, _, _ in votes])
        shift = np.average(np.array([s for _, s, _ in votes]), axis=0, weights=weights)
        # Both rolls bring the knees down towards the hips in the picture; only the part of
        # the shift across that line says which way they went.
        rest = self._rest_px
        if rest is not None and float(np.linalg.norm(rest)) > 1e-6:
            u = rest / float(np.linalg.norm(rest))
            shift = shift - float(shift @ u) * u
        lateral = float(np.average([lat for _, _, lat in votes], weights=weights))
        by_3d = "right" if lateral >= 0 else "left"
        if self._first is None:
            self._first = (by_3d, shift)
            return by_3d
        first_side, first_shift = self._first
        norms = float(np.linalg.norm(shift) * np.linalg.norm(first_shift))
        if (
            min(float(np.linalg.norm(shift)), float(np.linalg.norm(first_shift)))
            >= _MIN_IMAGE_SHIFT
            and norms > 0
            and float(shift @ first_shift) / norms < _OPPOSITE_COS
        ):
            return "left" if first_side == "right" else "right"
        return by_3d

    def _sided(self, events: list[Event]) -> list[Event]:
        return [replace(e, side=self._side()) if isinstance(e, RepCompleted) else e for e in events]

    def finish(self, t_ms: int) -> list[Event]:
        return self._sided(self.reps.finish(t_ms))

    def status(self) -> Status:
        s = self.reps.status()
        return Status(phase=s.phase, signal=self._roll, excursion=s.excursion)


class KneeRolls:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        return _features(frame)

    def machine(self, prescription: Prescription) -> KneeRollMachine:
        return KneeRollMachine(prescription)


EXERCISE = KneeRolls()
