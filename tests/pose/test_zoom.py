"""The zoom: a person too small for the detector in the whole picture is found in a closer
look and followed in a crop around them. The geometry is checked on its own; the estimator
with stand-in landmarkers that, like MediaPipe's detector, see a person only when they are
tall enough in the picture they are given (the MediaPipe run on a real clip shrunk to a
third is in tests/integration/test_video_pipeline.py)."""

from __future__ import annotations

import numpy as np
import pytest

from posecount.pose import zoom
from posecount.pose.zoom import Box, ZoomingEstimator, crop_around, still_fits, to_picture
from posecount.types import Frame, PoseFrame

W, H = 640, 360


def body(cx: float, cy: float, bw: float, bh: float) -> np.ndarray:
    """33 landmarks spread over a box (normalised to the picture), all visible."""
    lm = np.zeros((33, 5))
    lm[:, 0] = np.linspace(cx - bw / 2, cx + bw / 2, 33)
    lm[:, 1] = np.linspace(cy - bh / 2, cy + bh / 2, 33)[::-1]
    lm[:, 3:] = 1.0
    return lm


def test_landmarks_found_in_a_crop_are_placed_in_the_picture() -> None:
    box = Box(160.0, 90.0, 320.0, 180.0)  # the middle quarter
    lm = body(0.5, 0.5, 0.5, 0.5)
    lm[:, 2] = 0.2
    out = to_picture(lm, box, (W, H))
    assert out[:, 0].min() == pytest.approx(0.375) and out[:, 0].max() == pytest.approx(0.625)
    assert out[:, 1].min() == pytest.approx(0.375) and out[:, 1].max() == pytest.approx(0.625)
    assert out[:, 2] == pytest.approx(0.1)  # depth on the scale of x: halved with it
    assert (out[:, 3:] == lm[:, 3:]).all()


@pytest.mark.parametrize(
    ("cx", "cy", "bw", "bh", "expected"),
    [
        # a third of the picture's height: a crop twice as tall, centred on the body
        (0.5, 0.6, 0.05, 1 / 3, Box(106.67, 96.0, 426.67, 240.0)),
        # a fifth, near the bottom edge: as small as crops go (half the picture), moved
        # inside it
        (0.5, 0.9, 0.05, 0.2, Box(160.0, 180.0, 320.0, 180.0)),
        # lying along the picture: its width decides the crop's size
        (0.3, 0.8, 0.25, 0.05, Box(32.0, 180.0, 320.0, 180.0)),
        (0.5, 0.5, 0.05, 0.4, None),  # tall enough for the whole picture: no zoom
        (0.5, 0.5, 0.5, 0.1, None),  # as long as half the picture: none either
    ],
)
def test_a_crop_has_the_pictures_shape_and_stays_inside_it(
    cx: float, cy: float, bw: float, bh: float, expected: Box | None
) -> None:
    box = crop_around(body(cx, cy, bw, bh), (W, H))
    if expected is None:
        assert box is None
        return
    assert box is not None
    got = (box.x, box.y, box.w, box.h)
    assert got == pytest.approx((expected.x, expected.y, expected.w, expected.h), abs=0.01)
    assert box.w / box.h == pytest.approx(W / H)
    assert 0 <= box.x and box.x + box.w <= W + 1e-9 and 0 <= box.y and box.y + box.h <= H + 1e-9


@pytest.mark.parametrize(
    ("box", "cx", "cy", "bh", "fits"),
    [
        # a crop two thirds of the picture tall, made for a body of a third
        (Box(106.67, 60.0, 426.67, 240.0), 0.5, 0.5, 1 / 3, True),  # as when made
        (Box(106.67, 60.0, 426.67, 240.0), 0.5, 0.55, 0.19, True),  # a squat's bottom
        (Box(106.67, 60.0, 426.67, 240.0), 0.7, 0.5, 1 / 3, False),  # past its middle half
        (Box(106.67, 60.0, 426.67, 240.0), 0.5, 0.5, 0.55, False),  # nearer: over FILL_MAX
        (Box(106.67, 60.0, 426.67, 240.0), 0.5, 0.5, 0.12, False),  # away: under FILL_MIN
        # the smallest crop (half the picture) keeps however small a body, centred
        (Box(160.0, 90.0, 320.0, 180.0), 0.5, 0.5, 0.05, True),
    ],
)
def test_the_crop_moves_only_when_the_body_leaves_its_middle_or_outgrows_it(
    box: Box, cx: float, cy: float, bh: float, fits: bool
) -> None:
    assert still_fits(box, body(cx, cy, 0.02, bh), (W, H)) is fits


# ------------------------------------------------------------------ the estimator


def coordinates_picture() -> np.ndarray:
    """A picture whose pixels hold their own coordinates: a crop of it tells a stand-in
    landmarker where in the picture it is looking."""
    ys, xs = np.mgrid[0:H, 0:W]
    return np.dstack([xs, ys, np.zeros_like(xs)]).astype(np.int32)


class Detector:
    """Sees the person of `scene(t_ms)` (a body box normalised to the whole picture, or
    None) when they lie wholly inside its input and are at least `min_share` of its
    height, and answers with landmarks normalised to that input."""

    def __init__(self, scene, log: list[str], name: str, min_share: float = 0.4) -> None:  # type: ignore[no-untyped-def]
        self.model_name = "stand-in"
        self.scene, self.log, self.name, self.min_share = scene, log, name, min_share
        self.closed = False

    def estimate(self, frame: Frame) -> PoseFrame:
        self.log.append(f"{self.name}@{frame.t_ms}")
        img = frame.image_bgr
        x0, y0 = float(img[0, 0, 0]), float(img[0, 0, 1])
        h, w = img.shape[:2]
        person = self.scene(frame.t_ms)
        if person is None:
            return PoseFrame(frame.t_ms, None, None, (w, h))
        cx, cy, bw, bh = person[0] * W, person[1] * H, person[2] * W, person[3] * H
        inside = x0 <= cx - bw / 2 and cx + bw / 2 <= x0 + w and y0 <= cy - bh / 2
        inside = inside and cy + bh / 2 <= y0 + h
        if not inside or bh / h < self.min_share:
            return PoseFrame(frame.t_ms, None, None, (w, h))
        lm = body((cx - x0) / w, (cy - y0) / h, bw / w, bh / h)
        return PoseFrame(frame.t_ms, lm, np.zeros((33, 3)), (w, h))

    def close(self) -> None:
        self.closed = True


def run(scene, seconds: float) -> tuple[list[PoseFrame], list[str], ZoomingEstimator]:  # type: ignore[no-untyped-def]
    log: list[str] = []
    made: list[Detector] = []

    def make(name: str) -> Detector:
        made.append(Detector(scene, log, name))
        return made[-1]

    estimator = ZoomingEstimator(make("whole"), lambda: make("follow"), lambda: make("search"))
    image = coordinates_picture()
    out = [estimator.estimate(Frame(i, i * 100, image)) for i in range(round(seconds * 10))]
    estimator.close()
    assert all(d.closed for d in made)
    return out, log, estimator


def test_a_person_too_small_for_the_whole_picture_is_found_and_followed() -> None:
    far = (0.3, 0.7, 0.04, 0.3)  # a third of the picture's height, off centre
    out, log, estimator = run(lambda t: far, 4.0)
    # looked for closer after SEARCH_AFTER_MS unseen; that look only places the crop
    assert all(p.landmarks is None for p in out if p.t_ms <= zoom.SEARCH_AFTER_MS)
    followed = [p for p in out if p.t_ms > zoom.SEARCH_AFTER_MS]
    for p in followed:  # placed in the whole picture
        assert p.landmarks is not None and p.frame_size_px == (W, H)
        assert p.landmarks[:, 0].mean() == pytest.approx(0.3, abs=1e-3)
        assert p.landmarks[:, 1].min() == pytest.approx(0.55, abs=1e-3)
    after = zoom.SEARCH_AFTER_MS
    searches = [e for e in log if e.startswith("search")]
    assert searches == [f"search@{after}"] * len(zoom.SEARCH_WINDOWS)  # one search
    # the whole picture: every frame until the zoom, then every frame of its first
    # second, then once a second
    wholes = [int(e.split("@")[1]) for e in log if e.startswith("whole")]
    assert wholes == list(range(0, after + zoom.CONFIRM_MS, 100)) + [after + 1900, after + 2900]
    assert estimator.box is not None


def test_a_person_the_whole_picture_finds_costs_nothing_more() -> None:
    out, log, _ = run(lambda t: (0.5, 0.5, 0.1, 0.8), 2.0)
    assert all(p.landmarks is not None for p in out)
    assert all(e.startswith("whole") for e in log) and len(log) == 20


def test_a_person_lost_for_a_moment_is_looked_for_closer_only_after_a_while() -> None:
    # seen, then hidden from 0.5 to 2.0 s (walked behind the sofa), then back
    out, log, _ = run(lambda t: None if 500 <= t < 2000 else (0.5, 0.5, 0.1, 0.8), 3.0)
    searches = sorted({int(e.split("@")[1]) for e in log if e.startswith("search")})
    # SEARCH_AFTER_MS after the loss, then every SEARCH_EVERY_MS while nobody is found
    first = 500 + zoom.SEARCH_AFTER_MS
    assert searches == list(range(first, 2000, zoom.SEARCH_EVERY_MS))
    assert all(p.landmarks is not None for p in out if not 500 <= p.t_ms < 2000)


def test_the_zoom_ends_when_the_person_comes_near_enough_for_the_whole_picture() -> None:
    # far away, then (from 3.5 s) walked up to the camera: the whole picture's look once
    # a second finds them and the crop is let go
    def scene(t: int) -> tuple[float, float, float, float]:
        return (0.5, 0.7, 0.04, 0.3) if t < 3500 else (0.5, 0.5, 0.1, 0.8)

    out, log, estimator = run(scene, 5.0)
    assert estimator.box is None
    # followed in the crop while far, then (once the whole picture has looked, at 3.9 s)
    # seen in the whole picture on every frame
    assert all(p.landmarks is not None for p in out if 1000 < p.t_ms < 3500)
    assert all(p.landmarks is not None for p in out if p.t_ms >= 3900)
    wholes = [int(e.split("@")[1]) for e in log if e.startswith("whole")]
    assert wholes[-11:] == list(range(3900, 5000, 100))
