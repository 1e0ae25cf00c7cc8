"""Video files: timestamps, sampling, rotation and bad files, on small videos made here."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from posecount.capture.source import RateSampler
from posecount.capture.video import VideoFileSource
from posecount.errors import SourceError


def make_video(path: Path, frames: int = 30, fps: float = 29.97, size=(64, 32)) -> Path:  # type: ignore[no-untyped-def]
    w, h = size
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    for i in range(frames):
        image = np.zeros((h, w, 3), np.uint8)
        image[:, : 1 + i % w] = 255  # something changes every frame
        out.write(image)
    out.release()
    return path


def test_every_frame_with_increasing_times_at_the_float_rate(tmp_path: Path) -> None:
    src = VideoFileSource(make_video(tmp_path / "a.mp4"))
    frames = list(src)
    assert len(frames) == 30
    times = [f.t_ms for f in frames]
    assert all(b > a for a, b in zip(times, times[1:], strict=False))
    assert times[-1] == pytest.approx(29 * 1000 / 29.97, abs=2)  # not 29 * 1000 / 29


@pytest.mark.parametrize(("target_fps", "expected"), [(None, 30), (15.0, 15), (10.0, 10)])
def test_sampling_by_time(tmp_path: Path, target_fps: float | None, expected: int) -> None:
    src = VideoFileSource(make_video(tmp_path / "a.mp4"), target_fps=target_fps)
    assert abs(len(list(src)) - expected) <= 1


@pytest.mark.parametrize(
    ("rotate_deg", "size"), [(0, (64, 32)), (90, (32, 64)), (180, (64, 32)), (270, (32, 64))]
)
def test_rotation_turns_frames_and_their_size(tmp_path: Path, rotate_deg: int, size) -> None:  # type: ignore[no-untyped-def]
    src = VideoFileSource(make_video(tmp_path / "a.mp4", frames=3), rotate_deg=rotate_deg)
    frame = next(iter(src))
    assert src.frame_size_px == size
    assert frame.image_bgr.shape[1::-1] == size
    assert frame.image_rgb is not None and frame.image_rgb.shape == frame.image_bgr.shape


def test_a_rotation_that_is_not_a_quarter_turn_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="0, 90, 180 or 270"):
        VideoFileSource(make_video(tmp_path / "a.mp4", frames=2), rotate_deg=45)


def test_downscaling_keeps_the_aspect(tmp_path: Path) -> None:
    src = VideoFileSource(make_video(tmp_path / "a.mp4", frames=2, size=(128, 64)), max_side_px=64)
    assert src.frame_size_px == (64, 32)
    assert next(iter(src)).image_bgr.shape[:2] == (32, 64)


@pytest.mark.parametrize("target_fps", [0.5, 500.0])
def test_sampler_rates_are_validated(target_fps: float) -> None:
    with pytest.raises(ValueError, match="between 1 and 240"):
        RateSampler(target_fps)
