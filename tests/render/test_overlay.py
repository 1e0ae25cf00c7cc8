"""The live-coaching overlay: drawn where it should be, from the state it is given, on a
copy of the frame."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pytest

from posecount.pose.landmarks import LANDMARK_COUNT, LandmarkId
from posecount.render import OverlayState, draw_overlay, gauge_rect, gauge_y, save_png
from posecount.render.overlay import TARGET_LINE_COLOR
from posecount.types import PoseFrame

L = LandmarkId
SIZES = [(640, 360), (1280, 720), (480, 848)]  # (width, height): landscape and portrait
EXAMPLE_PNG = Path("/tmp/posecount_overlay_example.png")

FULL_STATE = OverlayState(
    exercise_title="Bridge",
    count_text="7",
    set_text="Set 2 of 3 - 7/15",
    side_counts={"left": 3, "right": 2},
    hold_remaining_s=2.4,
    hold_elapsed_s=2.6,
    gauge_value=150.0,
    gauge_rest=120.0,
    gauge_target=170.0,
    cue="a little higher",
    status_line="space pause  n next set  q quit",
)


def black(width: int = 1280, height: int = 720) -> np.ndarray:
    return np.zeros((height, width, 3), np.uint8)


def scene(width: int = 1280, height: int = 720) -> np.ndarray:
    """A busy background (gradient and noise), so 'unchanged' means something."""
    rng = np.random.default_rng(0)
    ramp = np.linspace(40, 220, width, dtype=np.float32)[None, :, None]
    img = np.broadcast_to(ramp, (height, width, 3)) + rng.normal(0, 10, (height, width, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def pose_with(
    points: dict[LandmarkId, tuple[float, float]],
    visibility: float = 1.0,
    frame_size_px: tuple[int, int] = (1280, 720),
) -> PoseFrame:
    """Only the given landmarks are placed (at normalised x, y); all others are invisible."""
    lm = np.zeros((LANDMARK_COUNT, 5))
    for lid, (x, y) in points.items():
        lm[lid] = (x, y, 0.0, visibility, visibility)
    return PoseFrame(t_ms=0, landmarks=lm, frame_size_px=frame_size_px)


BRIDGE_POINTS: dict[LandmarkId, tuple[float, float]] = {}
for side, dx in (("LEFT", 0.0), ("RIGHT", 0.015)):
    for name, (x, y) in {
        "SHOULDER": (0.72, 0.78),
        "ELBOW": (0.66, 0.84),
        "WRIST": (0.58, 0.85),
        "HIP": (0.52, 0.62),
        "KNEE": (0.38, 0.50),
        "ANKLE": (0.33, 0.80),
        "HEEL": (0.31, 0.82),
        "FOOT_INDEX": (0.27, 0.83),
    }.items():
        BRIDGE_POINTS[L[f"{side}_{name}"]] = (x + dx, y)


def changed(a: np.ndarray, b: np.ndarray) -> int:
    """How many pixels differ between two images."""
    return int(np.count_nonzero(np.any(a != b, axis=2)))


def lit(img: np.ndarray) -> int:
    """How many pixels are not black."""
    return int(np.count_nonzero(img.max(axis=2) > 0))


def green_dominant(region: np.ndarray) -> int:
    b, g, r = (region[..., i].astype(int) for i in range(3))
    return int(np.count_nonzero((g > 150) & (g > r + 60) & (g > b + 60)))


def gauge_region(img: np.ndarray) -> np.ndarray:
    h, w = img.shape[:2]
    x0, y0, x1, y1 = gauge_rect(w, h)
    return img[y0:y1, x0:x1]


# ---------------------------------------------------------------- the frame itself


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("with_pose", [True, False])
@pytest.mark.parametrize("mirror", [False, True])
def test_returns_a_new_image_of_the_same_size(
    width: int, height: int, with_pose: bool, mirror: bool
) -> None:
    img = scene(width, height)
    before = img.copy()
    pose = pose_with(BRIDGE_POINTS, frame_size_px=(width // 4, height // 4)) if with_pose else None
    out = draw_overlay(img, pose, FULL_STATE, mirror=mirror)
    assert np.array_equal(img, before), "the input frame was modified"
    assert out is not img
    assert out.shape == img.shape
    assert out.dtype == np.uint8
    assert changed(out, cv2.flip(img, 1) if mirror else img) > 0


def test_a_pose_without_a_person_draws_no_skeleton() -> None:
    state = OverlayState("Bridge", "")
    nobody = PoseFrame(t_ms=0, landmarks=None)
    assert np.array_equal(draw_overlay(black(), nobody, state), draw_overlay(black(), None, state))


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((72, 128), np.uint8),  # grey
        np.zeros((72, 128, 4), np.uint8),  # BGRA
        np.zeros((72, 128, 3), np.float32),
    ],
)
def test_rejects_what_is_not_a_bgr_frame(bad: np.ndarray) -> None:
    with pytest.raises(ValueError, match="HxWx3 uint8"):
        draw_overlay(bad, None, OverlayState("Bridge", "1"))


# ---------------------------------------------------------------- the count panel


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_count_is_drawn_top_left_and_depends_on_the_number(width: int, height: int) -> None:
    def count_region(count: str) -> np.ndarray:
        out = draw_overlay(black(width, height), None, OverlayState("Bridge", count))
        return out[: int(0.35 * height), : int(0.4 * width)]

    seven, eight, empty = count_region("7"), count_region("8"), count_region("")
    assert changed(seven, empty) > 0.002 * seven.size / 3
    assert changed(seven, eight) > 0


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_count_stays_big_relative_to_the_frame(width: int, height: int) -> None:
    out = draw_overlay(black(width, height), None, OverlayState("", "8"))
    rows = np.flatnonzero((out.max(axis=2) == 255).any(axis=1))
    # The white glyph is at least a seventh of the shorter side tall.
    assert rows.max() - rows.min() >= min(width, height) / 7


@pytest.mark.parametrize(
    "extra",
    [
        {"set_text": "Set 2 of 3 - 7/15"},
        {"side_counts": {"left": 3, "right": 2}},
        {"exercise_title": "Single-leg bridge"},
    ],
    ids=["set", "sides", "title"],
)
def test_set_sides_and_title_are_drawn(extra: dict) -> None:
    base = OverlayState("", "7")
    fields = {"exercise_title": "", "count_text": "7"} | extra
    with_extra = OverlayState(**fields)
    assert changed(draw_overlay(black(), None, with_extra), draw_overlay(black(), None, base)) > 0


# ---------------------------------------------------------------- the gauge


@pytest.mark.parametrize(
    ("rest", "target", "value", "reached"),
    [
        (120.0, 170.0, 175.0, True),  # bridge hip angle: past the target
        (120.0, 170.0, 170.0, True),  # exactly at the target
        (120.0, 170.0, 150.0, False),  # on the way
        (120.0, 170.0, 100.0, False),  # below rest
        (170.0, 90.0, 80.0, True),  # squat knee angle: target below rest, gone past it
        (170.0, 90.0, 120.0, False),  # squat not deep enough
        (0.0, 0.3, 0.35, True),  # a share of the body, not degrees
    ],
)
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_gauge_fill_turns_green_at_the_target(
    rest: float, target: float, value: float, reached: bool, width: int, height: int
) -> None:
    state = OverlayState(
        "Bridge", "3", gauge_value=value, gauge_rest=rest, gauge_target=target, gauge_unit=""
    )
    gauge = gauge_region(draw_overlay(black(width, height), None, state))
    assert lit(gauge) > 0.5 * gauge.size / 3
    if reached:
        assert green_dominant(gauge) > 0.05 * gauge.size / 3
    else:
        assert green_dominant(gauge) == 0


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize(("rest", "target"), [(120.0, 170.0), (170.0, 90.0), (None, 90.0)])
def test_the_target_line_is_where_the_target_is(
    width: int, height: int, rest: float | None, target: float
) -> None:
    state = OverlayState("Bridge", "3", gauge_value=None, gauge_rest=rest, gauge_target=target)
    out = draw_overlay(black(width, height), None, state)
    x0, y0, x1, y1 = rect = gauge_rect(width, height)
    yt = gauge_y(target, rest, target, rect)
    # The target sits 80 % of the way up from rest, whichever direction it lies in.
    assert abs(yt - (y1 - 0.8 * (y1 - y0))) <= 1
    row = out[yt, x0:x1]
    assert np.all(row == TARGET_LINE_COLOR), "no full row of target colour at the target"
    # ... and nowhere well away from it
    for y in (y0 + 2, (y0 + y1) // 2 + 20, y1 - 3):
        assert not np.all(out[y, x0:x1] == TARGET_LINE_COLOR)


def test_the_fill_reaches_the_value() -> None:
    rest, target = 120.0, 170.0
    rect = gauge_rect(1280, 720)
    x0, _, x1, y1 = rect
    for value in (130.0, 150.0, 165.0):
        state = OverlayState("", "", gauge_value=value, gauge_rest=rest, gauge_target=target)
        out = draw_overlay(black(), None, state)
        yv = gauge_y(value, rest, target, rect)
        xc = (x0 + x1) // 2
        assert out[yv + 3, xc].max() > 100, "no fill just below the value"
        assert out[yv - 3, xc].max() < 100, "fill above the value"


def test_no_value_shows_an_empty_gauge() -> None:
    state = OverlayState("Bridge", "3", gauge_rest=120.0, gauge_target=170.0)
    gauge = gauge_region(draw_overlay(black(), None, state))
    assert lit(gauge) > 0.5 * gauge.size / 3  # the empty bar is there
    b, g, r = (gauge[..., i].astype(int) for i in range(3))
    coloured = (np.abs(g - r) > 40) | (np.abs(g - b) > 40)
    assert not coloured.any(), "a fill was drawn without a value"
    state_low = OverlayState("Bridge", "3", gauge_value=125.0, gauge_rest=120.0, gauge_target=170.0)
    assert changed(draw_overlay(black(), None, state_low), draw_overlay(black(), None, state)) > 0


def test_no_gauge_without_any_range() -> None:
    out = draw_overlay(black(), None, OverlayState("Single-leg stance", "1"))
    assert lit(gauge_region(out)) == 0
    assert green_dominant(gauge_region(draw_overlay(black(), None, FULL_STATE))) == 0


# ---------------------------------------------------------------- the skeleton


SEGMENT = {L.LEFT_SHOULDER: (0.45, 0.40), L.LEFT_HIP: (0.55, 0.70)}


def around(img: np.ndarray, x_norm: float, y_norm: float, r: int = 4) -> np.ndarray:
    h, w = img.shape[:2]
    x, y = round(x_norm * w), round(y_norm * h)
    return img[y - r : y + r + 1, x - r : x + r + 1]


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("analysed_px", [(1280, 720), (256, 144)])
@pytest.mark.parametrize(
    ("visibility", "drawn"), [(1.0, True), (0.5, True), (0.0, False), (0.4, False)]
)
def test_the_skeleton_is_drawn_where_the_landmarks_are(
    width: int,
    height: int,
    analysed_px: tuple[int, int],
    visibility: float,
    drawn: bool,
) -> None:
    pose = pose_with(SEGMENT, visibility, frame_size_px=analysed_px)
    out = draw_overlay(black(width, height), pose, OverlayState("", ""))
    mid = around(out, 0.50, 0.55)
    shoulder = around(out, *SEGMENT[L.LEFT_SHOULDER])
    if drawn:
        assert lit(mid) > 0 and lit(shoulder) > 0
    else:
        assert lit(out) == 0


def test_a_segment_needs_both_ends_visible() -> None:
    lm = pose_with(SEGMENT).landmarks
    assert lm is not None
    lm[L.LEFT_HIP, 3] = 0.1
    out = draw_overlay(black(), PoseFrame(0, lm), OverlayState("", ""))
    assert lit(around(out, 0.50, 0.55)) == 0  # no line
    assert lit(around(out, *SEGMENT[L.LEFT_SHOULDER])) > 0  # the visible joint still shows


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_mirror_flips_the_skeleton_with_the_image(width: int, height: int) -> None:
    pose = pose_with({L.LEFT_SHOULDER: (0.2, 0.5)})
    plain = draw_overlay(black(width, height), pose, OverlayState("", ""))
    mirrored = draw_overlay(black(width, height), pose, OverlayState("", ""), mirror=True)
    assert lit(around(plain, 0.2, 0.5)) > 0 and lit(around(plain, 0.8, 0.5)) == 0
    assert lit(around(mirrored, 0.8, 0.5)) > 0 and lit(around(mirrored, 0.2, 0.5)) == 0


def test_mirror_flips_the_picture_but_not_the_text() -> None:
    img = black()
    img[:, :100] = 255  # a white stripe on the left of the camera image
    state = OverlayState("Bridge", "7")
    mirrored = draw_overlay(img, None, state, mirror=True)
    assert mirrored[400, -50].min() == 255 and mirrored[400, 50].max() == 0
    # The text is drawn after the flip: the count panel is the same as unmirrored.
    plain = draw_overlay(black(), None, state)
    flipped_black = draw_overlay(black(), None, state, mirror=True)
    assert np.array_equal(plain, flipped_black)


@pytest.mark.parametrize("mirror", [False, True])
def test_paused_dims_the_picture(mirror: bool) -> None:
    img = scene()
    out = draw_overlay(img, None, OverlayState("", "", paused=True), mirror=mirror)
    picture = cv2.flip(img, 1) if mirror else img
    bottom = slice(500, 720)  # below the banner, nothing else drawn there
    expected = np.round(picture[bottom].astype(np.float32) * 0.45)
    assert np.abs(out[bottom].astype(np.float32) - expected).max() <= 1


def test_landmarks_far_outside_the_frame_do_not_break_drawing() -> None:
    pose = pose_with({L.LEFT_SHOULDER: (-3e9, 0.5), L.LEFT_HIP: (0.5, float("nan"))})
    out = draw_overlay(black(), pose, OverlayState("", ""))
    assert out.shape == (720, 1280, 3)


# ---------------------------------------------------------------- hold, cue, pause


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_hold_countdown_shows_whole_seconds_then_done(width: int, height: int) -> None:
    def render(remaining: float | None, elapsed: float | None = 1.0) -> np.ndarray:
        state = OverlayState("", "", hold_remaining_s=remaining, hold_elapsed_s=elapsed)
        return draw_overlay(black(width, height), None, state)

    nothing = render(None, None)
    assert changed(render(2.4), nothing) > 0
    # Without the elapsed time the ring is full, so only the number can differ.
    assert np.array_equal(render(2.4, None), render(2.1, None)), "2.4 s and 2.1 s both show 3"
    assert changed(render(2.4, None), render(1.9, None)) > 0, "3 and 2 look the same"
    assert changed(render(2.0, 1.0), render(2.0, 3.0)) > 0, "the ring shows no progress"
    done = render(0.0, 5.0)
    assert green_dominant(done) > green_dominant(render(2.4)) + 50
    assert changed(render(None, 3.2), nothing) > 0  # an open-ended hold shows time held


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize(
    ("field", "value", "region"),
    [
        ("cue", "a little higher", (0.75, 1.0, 0.3, 0.7)),
        ("cue", "move back so your feet are in view", (0.7, 1.0, 0.05, 0.95)),
        ("paused", True, (0.4, 0.6, 0.3, 0.7)),
        ("status_line", "space pause  n next set  q quit", (0.9, 1.0, 0.0, 0.5)),
    ],
)
def test_cue_pause_and_status_are_drawn(
    width: int, height: int, field: str, value: object, region: tuple[float, ...]
) -> None:
    base = OverlayState("Bridge", "7")
    with_it = OverlayState("Bridge", "7", **{field: value})
    top, bottom, left, right = region
    rows = slice(int(top * height), int(bottom * height))
    cols = slice(int(left * width), int(right * width))
    a = draw_overlay(scene(width, height), None, with_it)[rows, cols]
    b = draw_overlay(scene(width, height), None, base)[rows, cols]
    assert changed(a, b) > 0.02 * a.size / 3


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_a_long_cue_stays_inside_the_frame_and_off_the_gauge(width: int, height: int) -> None:
    state = OverlayState(
        "Bridge",
        "7",
        cue="move back so your feet are in view and keep your arms by your sides",
        gauge_rest=0.0,
        gauge_target=90.0,
    )
    out = draw_overlay(black(width, height), None, state)
    x0, _, _, y1 = gauge_rect(width, height)
    below_gauge = out[y1 + 2 :, x0:]
    assert green_dominant(below_gauge) == 0
    yellow = (out[..., 2] > 200) & (out[..., 1] > 180) & (out[..., 0] < 60)
    cols = np.flatnonzero(yellow.any(axis=0))
    assert cols.size and cols.min() > 0 and cols.max() < x0


# ---------------------------------------------------------------- saving


def test_png_round_trip(tmp_path: Path) -> None:
    pose = pose_with(BRIDGE_POINTS, frame_size_px=(320, 180))
    out = draw_overlay(scene(), pose, FULL_STATE)
    path = tmp_path / "overlay.png"
    save_png(out, path)
    back = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert back is not None and np.array_equal(back, out)
    try:  # for a person to look at; outside the repository
        save_png(out, EXAMPLE_PNG)
    except OSError:
        pass


def test_gauge_y_is_monotonic_and_clipped() -> None:
    rect = gauge_rect(1280, 720)
    _, y0, _, y1 = rect
    ys = [gauge_y(v, 120.0, 170.0, rect) for v in np.linspace(60, 260, 41)]
    assert all(a >= b for a, b in zip(ys, ys[1:], strict=False))
    assert ys[0] == y1 and ys[-1] == y0
    down = [gauge_y(v, 170.0, 90.0, rect) for v in (170.0, 130.0, 90.0, 10.0)]
    assert down[0] == y1 and down[0] > down[1] > down[2] > down[3] == y0
    assert not math.isnan(gauge_y(5.0, None, None, rect))
