"""The synthetic landmark generator: layout, timing, rigid geometry, exercise ranges, views,
postures, faults and determinism. Fast, table-driven."""

from __future__ import annotations

import numpy as np
import pytest

from posecount.pose.landmarks import LandmarkId as L
from posecount.synthetic import (
    EXERCISES,
    generate,
    generate_static,
    generate_with_truth,
)
from posecount.synthetic.body import Skeleton
from posecount.types import VISIBILITY, PoseFrame

# Short sequences keep the suite fast.
FAST = {"reps": 2, "tempo_s": 2.0, "rest_s": 0.5, "lead_in_s": 0.5, "lead_out_s": 0.5}
VIEWS = ("side-left", "side-right", "front")

SEGMENTS = [
    (L.LEFT_HIP, L.LEFT_KNEE),
    (L.RIGHT_KNEE, L.RIGHT_ANKLE),
    (L.LEFT_SHOULDER, L.LEFT_ELBOW),
    (L.RIGHT_ELBOW, L.RIGHT_WRIST),
    (L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
    (L.LEFT_HIP, L.RIGHT_HIP),
    (L.LEFT_ANKLE, L.LEFT_HEEL),
    (L.RIGHT_HEEL, L.RIGHT_FOOT_INDEX),
    (L.NOSE, L.LEFT_EAR),
    (L.LEFT_EYE, L.RIGHT_EYE),
]


def _angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Angle at b (degrees), vectorised over leading axes."""
    u, v = a - b, c - b
    cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def _world(frames: list[PoseFrame]) -> np.ndarray:
    return np.stack([f.world_m for f in frames if f.world_m is not None])


def _image_px(frames: list[PoseFrame]) -> np.ndarray:
    w, h = frames[0].frame_size_px
    return np.stack([f.landmarks[:, :2] * [w, h] for f in frames if f.landmarks is not None])


# ---------------------------------------------------------------- layout and timing


@pytest.mark.parametrize("exercise", EXERCISES)
def test_frames_have_the_backend_layout(exercise: str) -> None:
    frames = generate(exercise, **FAST)
    assert frames and all(isinstance(f, PoseFrame) for f in frames)
    for f in frames:
        assert f.landmarks is not None and f.world_m is not None
        assert f.landmarks.shape == (33, 5) and f.landmarks.dtype == np.float64
        assert f.world_m.shape == (33, 3) and f.world_m.dtype == np.float64
        assert f.frame_size_px == (1280, 720)
        assert np.all((f.landmarks[:, 3:] >= 0.0) & (f.landmarks[:, 3:] <= 1.0))
        assert np.all(f.landmarks[:, 4] > 0.98)  # presence, person fully in frame
        assert np.all((f.landmarks[:, :2] > 0.0) & (f.landmarks[:, :2] < 1.0))
        # World coordinates are hip-centred.
        hip_mid = 0.5 * (f.world_m[L.LEFT_HIP] + f.world_m[L.RIGHT_HIP])
        assert np.allclose(hip_mid, 0.0, atol=2e-4)


@pytest.mark.parametrize("fps", [29.97, 30.0, 25.0, 59.94])
def test_t_ms_follows_the_float_frame_rate(fps: float) -> None:
    frames = generate(
        "squat", reps=1, tempo_s=2.0, rest_s=0.0, lead_in_s=0.0, lead_out_s=0.0, fps=fps
    )
    t = np.array([f.t_ms for f in frames])
    assert np.all(np.diff(t) > 0)
    assert list(t) == [round(i * 1000 / fps) for i in range(len(frames))]
    # 2 s of movement: the last frame is at (not past) the end, whatever the rate.
    assert len(frames) == int(2.0 * fps + 1e-9) + 1


def test_t_ms_at_29_97_does_not_drift() -> None:
    frames = generate_static("standing", 41.0, fps=29.97)
    # Frame 1199 of NTSC video is at 40.0 s, not 1199 / 29 or 1199 / 30.
    assert frames[1199].t_ms == 40007 == round(1199 * 1000 / 29.97)


# ---------------------------------------------------------------- rigid body


@pytest.mark.parametrize("exercise", EXERCISES)
@pytest.mark.parametrize("view", VIEWS)
def test_segment_lengths_are_constant(exercise: str, view: str) -> None:
    w = _world(generate(exercise, view=view, **FAST))
    for a, b in SEGMENTS:
        length = np.linalg.norm(w[:, a] - w[:, b], axis=-1)
        # World landmarks are rounded to 0.1 mm, as the backend rounds them.
        assert length.max() - length.min() < 1e-3, (a.name, b.name)


def test_segment_lengths_follow_height() -> None:
    for height in (1.55, 1.70, 1.90):
        w = _world(generate("squat", height_m=height, **FAST))
        thigh = np.linalg.norm(w[:, L.LEFT_HIP] - w[:, L.LEFT_KNEE], axis=-1)
        shank = np.linalg.norm(w[:, L.LEFT_KNEE] - w[:, L.LEFT_ANKLE], axis=-1)
        assert thigh == pytest.approx(0.245 * height, abs=1e-3)
        assert shank == pytest.approx(0.246 * height, abs=1e-3)


# ---------------------------------------------------------------- exercise geometry


def _hip_height_m(frames: list[PoseFrame]) -> np.ndarray:
    """Hip midpoint above the heels (on the floor), along world -y; for a level camera."""
    w = _world(frames)
    heels = 0.5 * (w[:, L.LEFT_HEEL] + w[:, L.RIGHT_HEEL])
    return heels[:, 1] - 0.5 * (w[:, L.LEFT_HIP, 1] + w[:, L.RIGHT_HIP, 1])


def test_bridge_hip_lift_grows_with_range() -> None:
    lifts = []
    for r in (0.3, 0.6, 1.0):
        h = _hip_height_m(generate("bridge", range_frac=r, elevation_deg=0.0, **FAST))
        lifts.append(h.max() - h[0])
    assert lifts[0] < lifts[1] < lifts[2]
    assert 0.17 <= lifts[2] <= 0.25  # ~0.2 m at 1.70 m


def test_bridge_top_puts_shoulders_hips_knees_in_line() -> None:
    frames, truth = generate_with_truth("bridge", reps=1, hold_s=1.0, elevation_deg=0.0)
    top = next(f for f in frames if f.t_ms >= truth.reps[0].peak_ms)
    w = top.world_m
    # Side view, level camera: the sagittal plane is world x-y.
    mid = {
        name: 0.5 * (w[getattr(L, f"LEFT_{name}"), :2] + w[getattr(L, f"RIGHT_{name}"), :2])
        for name in ("SHOULDER", "HIP", "KNEE")
    }
    assert _angle(mid["SHOULDER"], mid["HIP"], mid["KNEE"]) > 177.0
    rest = frames[0].world_m
    rest_mid = [
        0.5 * (rest[getattr(L, f"LEFT_{n}"), :2] + rest[getattr(L, f"RIGHT_{n}"), :2])
        for n in ("SHOULDER", "HIP", "KNEE")
    ]
    assert 120.0 < _angle(*rest_mid) < 150.0  # hook lying: hips flexed


@pytest.mark.parametrize(("range_frac", "lo", "hi"), [(1.0, 175.0, 180.0), (0.6, 130.0, 150.0)])
def test_sit_to_stand_knee_angle_at_the_top(range_frac: float, lo: float, hi: float) -> None:
    w = _world(generate("sit-to-stand", range_frac=range_frac, **FAST))
    knee = _angle(w[:, L.LEFT_HIP], w[:, L.LEFT_KNEE], w[:, L.LEFT_ANKLE])
    assert knee[0] == pytest.approx(90.0, abs=1.0)  # seated
    assert lo <= knee.max() <= hi


def test_squat_reaches_a_right_angle_at_the_knee() -> None:
    for r, expected in ((1.0, 90.0), (0.5, 135.0)):
        w = _world(generate("squat", range_frac=r, **FAST))
        knee = _angle(w[:, L.RIGHT_HIP], w[:, L.RIGHT_KNEE], w[:, L.RIGHT_ANKLE])
        assert knee.min() == pytest.approx(expected, abs=2.0)
        assert knee[0] > 178.0


@pytest.mark.parametrize("side", ["left", "right"])
def test_single_leg_stance_lifts_the_other_foot(side: str) -> None:
    frames, truth = generate_with_truth(
        "single-leg-stance", reps=1, hold_s=3.0, side=side, elevation_deg=0.0
    )
    w = _world(frames)
    lifted, stance = (
        (L.RIGHT_ANKLE, L.LEFT_ANKLE) if side == "left" else (L.LEFT_ANKLE, L.RIGHT_ANKLE)
    )
    clearance = w[:, stance, 1] - w[:, lifted, 1]  # world y is down
    assert 0.10 <= clearance.max() <= 0.30
    assert truth.reps[0].side == side
    assert truth.holds[0].duration_s == pytest.approx(3.0)


@pytest.mark.parametrize("range_frac", [0.5, 1.0])
def test_knee_rolls_drop_to_alternating_sides(range_frac: float) -> None:
    frames, truth = generate_with_truth("knee-rolls", reps=4, range_frac=range_frac)
    assert [r.side for r in truth.reps] == ["left", "right", "left", "right"]
    t = np.array([f.t_ms for f in frames])
    for rep in truth.reps:
        w = frames[int(np.argmin(np.abs(t - rep.peak_ms)))].world_m
        knees = 0.5 * (w[L.LEFT_KNEE] + w[L.RIGHT_KNEE])
        ankles = 0.5 * (w[L.LEFT_ANKLE] + w[L.RIGHT_ANKLE])
        shoulders = w[L.LEFT_SHOULDER] - w[L.RIGHT_SHOULDER]
        left = shoulders / np.linalg.norm(shoulders)  # shoulders stay flat on the floor
        long = 0.5 * (w[L.LEFT_SHOULDER] + w[L.RIGHT_SHOULDER]) - 0.5 * (
            w[L.LEFT_HIP] + w[L.RIGHT_HIP]
        )
        long = long - (long @ left) * left
        long /= np.linalg.norm(long)
        # The bent legs' angle from vertical, seen along the body's long axis.
        d = knees - ankles
        d = d - (d @ long) * long
        lateral = float(d @ left)
        drop = np.degrees(np.arctan2(abs(lateral), np.linalg.norm(d - lateral * left)))
        assert drop == pytest.approx(65.0 * range_frac, abs=5.0)
        assert (lateral > 0) == (rep.side == "left")


def test_knee_rolls_side_order_option() -> None:
    _, truth = generate_with_truth("knee-rolls", reps=3, sides=("right",))
    assert [r.side for r in truth.reps] == ["right"] * 3
    _, truth = generate_with_truth("single-leg-stance", reps=3, hold_s=1.0, alternate=True)
    assert [r.side for r in truth.reps] == ["left", "right", "left"]


# ---------------------------------------------------------------- truth and timing


def test_truth_intervals_match_the_requested_timing() -> None:
    frames, truth = generate_with_truth(
        "bridge", reps=3, tempo_s=3.0, hold_s=2.0, rest_s=1.5, lead_in_s=1.0, lead_out_s=2.0
    )
    assert truth.count == 3
    for i, rep in enumerate(truth.reps):
        start = 1000 + i * (3000 + 2000 + 1500)
        assert (rep.start_ms, rep.peak_ms, rep.end_ms) == (start, start + 2500, start + 5000)
    assert [h.duration_s for h in truth.holds] == pytest.approx([2.0] * 3)
    assert truth.duration_s == pytest.approx(1.0 + 3 * 5.0 + 2 * 1.5 + 2.0)
    assert frames[-1].t_ms == round(truth.duration_s * 1000)
    # Hips are still before a rep starts and highest during the hold.
    h = _hip_height_m(frames)
    t = np.array([f.t_ms for f in frames])
    assert np.ptp(h[t < truth.reps[0].start_ms]) < 1e-3
    hold = (t >= truth.holds[0].start_s * 1000) & (t <= truth.holds[0].end_s * 1000)
    assert h[hold].min() > h.max() - 2e-3


def test_zero_reps_is_rest_only() -> None:
    frames, truth = generate_with_truth("squat", reps=0, lead_in_s=1.0, lead_out_s=1.0)
    assert truth.reps == () and truth.holds == ()
    w = _world(frames)
    assert np.ptp(w, axis=0).max() < 1e-6


# ---------------------------------------------------------------- views and postures


def _shoulder_gap_ratio(frames: list[PoseFrame]) -> float:
    """Image x distance between the shoulders over the image length of the trunk."""
    px = _image_px(frames)[0]
    gap = abs(px[L.LEFT_SHOULDER, 0] - px[L.RIGHT_SHOULDER, 0])
    shoulders = 0.5 * (px[L.LEFT_SHOULDER] + px[L.RIGHT_SHOULDER])
    trunk = np.linalg.norm(shoulders - 0.5 * (px[L.LEFT_HIP] + px[L.RIGHT_HIP]))
    return float(gap / trunk)


@pytest.mark.parametrize("posture", ["standing", "sitting"])
def test_side_view_overlaps_left_and_right_front_view_separates(posture: str) -> None:
    for view in ("side-left", "side-right"):
        frames = generate_static(posture, 0.1, view=view)
        assert _shoulder_gap_ratio(frames) < 0.12
        px = _image_px(frames)[0]
        assert abs(px[L.LEFT_HIP, 0] - px[L.RIGHT_HIP, 0]) < 0.05 * frames[0].frame_size_px[0]
    assert _shoulder_gap_ratio(generate_static(posture, 0.1, view="front")) > 0.5


@pytest.mark.parametrize(
    ("view", "near", "far"),
    [("side-left", L.LEFT_KNEE, L.RIGHT_KNEE), ("side-right", L.RIGHT_SHOULDER, L.LEFT_SHOULDER)],
)
def test_far_side_is_less_visible(view: str, near: L, far: L) -> None:
    lm = generate_static("standing", 0.5, view=view)[0].landmarks
    assert lm[near, VISIBILITY] > 0.9
    assert 0.3 <= lm[far, VISIBILITY] <= 0.6
    front = generate_static("standing", 0.5, view="front")[0].landmarks
    assert front[[near, far], VISIBILITY].min() > 0.9


def test_side_left_faces_image_left_and_lying_heads_are_opposite() -> None:
    px = _image_px(generate_static("standing", 0.1, view="side-left"))[0]
    assert px[L.NOSE, 0] < px[L.LEFT_EAR, 0]  # facing the image's left
    assert px[L.NOSE, 1] < px[L.LEFT_HIP, 1] < px[L.LEFT_ANKLE, 1]  # head up (image y down)
    px = _image_px(generate_static("standing", 0.1, view="side-right"))[0]
    assert px[L.NOSE, 0] > px[L.RIGHT_EAR, 0]
    supine = _image_px(generate_static("supine", 0.1, view="side-left"))[0]
    prone = _image_px(generate_static("prone", 0.1, view="side-left"))[0]
    assert supine[L.NOSE, 0] > supine[L.LEFT_HIP, 0]  # head to the right
    assert prone[L.NOSE, 0] < prone[L.LEFT_HIP, 0]  # head to the left


@pytest.mark.parametrize("view", VIEWS)
def test_prone_and_supine_are_distinguishable(view: str) -> None:
    """Face direction in world y (down): supine nose above the ears, prone below them; in a
    side view also above / below the shoulder line."""

    def nose_minus(frames: list[PoseFrame], a: L, b: L) -> float:
        w = frames[0].world_m
        return float(w[L.NOSE, 1] - 0.5 * (w[a, 1] + w[b, 1]))

    supine = generate_static("supine", 0.1, view=view)
    prone = generate_static("prone", 0.1, view=view)
    assert nose_minus(supine, L.LEFT_EAR, L.RIGHT_EAR) < -0.05
    assert nose_minus(prone, L.LEFT_EAR, L.RIGHT_EAR) > 0.05
    if view != "front":
        assert nose_minus(supine, L.LEFT_SHOULDER, L.RIGHT_SHOULDER) < -0.05
        assert nose_minus(prone, L.LEFT_SHOULDER, L.RIGHT_SHOULDER) > 0.03
    # The bridge's prone negative control keeps the face down throughout.
    frames = generate("bridge", posture="prone", view=view, **FAST)
    w = _world(frames)
    ears = 0.5 * (w[:, L.LEFT_EAR, 1] + w[:, L.RIGHT_EAR, 1])
    assert np.all(w[:, L.NOSE, 1] - ears > 0.05)


def test_rolled_camera_turns_the_person_sideways() -> None:
    for roll, head_left in ((90.0, True), (-90.0, False)):
        px = _image_px(generate_static("standing", 0.1, view="front", roll_deg=roll))[0]
        span = np.ptp(px, axis=0)
        assert span[0] > 2 * span[1]  # lying across the frame
        assert (px[L.NOSE, 0] < px[L.LEFT_ANKLE, 0]) == head_left


def test_out_of_frame_landmarks_get_low_visibility() -> None:
    frames = generate_static("standing", 0.1, view="front", camera_distance_m=1.0)
    lm = frames[0].landmarks
    outside = (lm[:, 0] < 0) | (lm[:, 0] > 1) | (lm[:, 1] < 0) | (lm[:, 1] > 1)
    assert outside[L.LEFT_ANKLE] and outside[L.NOSE]
    assert np.all(lm[outside, VISIBILITY] < 0.2)
    assert np.all(lm[~outside, VISIBILITY] > 0.85)


# ---------------------------------------------------------------- faults and determinism


def test_same_seed_same_frames_other_seed_other_noise() -> None:
    kw = dict(FAST, noise_px=2.0, dropout=0.1, low_visibility_prob=0.05)
    a, b = generate("squat", seed=7, **kw), generate("squat", seed=7, **kw)
    c = generate("squat", seed=8, **kw)
    assert [f.t_ms for f in a] == [f.t_ms for f in b]
    for fa, fb in zip(a, b, strict=True):
        assert (fa.landmarks is None) == (fb.landmarks is None)
        if fa.landmarks is not None:
            assert np.array_equal(fa.landmarks, fb.landmarks)
            assert np.array_equal(fa.world_m, fb.world_m)
    assert any(
        (fa.landmarks is None) != (fc.landmarks is None)
        or (fa.landmarks is not None and not np.array_equal(fa.landmarks, fc.landmarks))
        for fa, fc in zip(a, c, strict=True)
    )


def test_noise_has_the_requested_pixel_size() -> None:
    clean = _image_px(generate_static("standing", 20.0))
    noisy = _image_px(generate_static("standing", 20.0, noise_px=3.0, seed=1))
    assert np.std(noisy - clean) == pytest.approx(3.0, rel=0.05)
    w_clean, w_noisy = (
        _world(generate_static("standing", 20.0, noise_px=n, seed=1)) for n in (0.0, 3.0)
    )
    # About 3 px worth of metres at the body's distance: millimetres, not centimetres.
    assert 0.001 < np.std(w_noisy[..., :2] - w_clean[..., :2]) < 0.02


@pytest.mark.parametrize("dropout", [0.05, 0.2, 0.5])
def test_dropout_rate_and_bursts(dropout: float) -> None:
    frames = generate_static("standing", 600.0, dropout=dropout, seed=3)
    lost = np.array([f.landmarks is None for f in frames])
    assert all(f.world_m is None for f, gone in zip(frames, lost, strict=True) if gone)
    assert lost.mean() == pytest.approx(dropout, abs=0.3 * dropout + 0.01)
    # Losses come in runs (mean 0.25 s by default), not as isolated frames.
    starts = np.flatnonzero(np.diff(lost.astype(int)) == 1)
    assert lost.sum() / max(len(starts), 1) > 3.0


def test_dropout_extremes() -> None:
    assert all(f.has_person for f in generate_static("sitting", 2.0, dropout=0.0))
    assert not any(f.has_person for f in generate_static("sitting", 2.0, dropout=1.0))


def test_occluded_landmarks_have_low_visibility() -> None:
    frames = generate("squat", occlude=[L.LEFT_WRIST, L.RIGHT_ANKLE], view="front", **FAST)
    vis = np.stack([f.landmarks[:, VISIBILITY] for f in frames])
    assert vis[:, [L.LEFT_WRIST, L.RIGHT_ANKLE]].max() < 0.3
    assert vis[:, L.LEFT_KNEE].min() > 0.9


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"exercise": "pushup"}, "exercise must be one of"),
        ({"reps": -1}, r"reps must be an int in \[0, 500\]"),
        ({"tempo_s": 0.1}, r"tempo_s must be in \[0.5, 60.0\]"),
        ({"range_frac": 1.5}, r"range_frac must be in \[0.0, 1.0\]"),
        ({"fps": 0}, r"fps must be in \[1.0, 240.0\]"),
        ({"view": "top"}, "view must be one of side-left, side-right, front"),
        ({"dropout": -0.1}, r"dropout must be in \[0.0, 1.0\]"),
        ({"noise_px": float("nan")}, "noise_px must be a number"),
        ({"frame_size_px": (0, 720)}, "frame_size_px must be"),
        ({"height_m": 3.0}, r"height_m must be in \[1.0, 2.3\]"),
        ({"wobble": 1}, "unknown option"),
        ({"exercise": "squat", "sides": "left"}, "unknown option"),
        ({"exercise": "knee-rolls", "sides": ("up",)}, "sides must be"),
        ({"exercise": "single-leg-stance", "side": "both"}, "side must be"),
        ({"exercise": "bridge", "posture": "sitting"}, "posture must be"),
        ({"occlude": [40]}, "occlude must hold LandmarkId"),
        ({"roll_deg": 270}, r"roll_deg must be in \[-180.0, 180.0\]"),
    ],
)
def test_invalid_arguments_name_the_allowed_range(kwargs: dict, message: str) -> None:
    kwargs = {"exercise": "bridge", **kwargs}
    exercise = kwargs.pop("exercise")
    with pytest.raises(ValueError, match=message):
        generate(exercise, **kwargs)


def test_invalid_static_posture() -> None:
    with pytest.raises(ValueError, match="posture must be one of supine, prone, standing, sitting"):
        generate_static("kneeling", 1.0)


def test_skeleton_rejects_implausible_height() -> None:
    with pytest.raises(ValueError, match=r"height_m must be in \[1.0, 2.3\]"):
        Skeleton.from_height(0.5)
