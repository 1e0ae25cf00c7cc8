"""Decoding on a worker thread (VideoFileSource(read_ahead=N)): the same frames in the same
order as decoding in the caller's thread, errors raised to the caller, and a worker that
never outlives the iteration (stopping early, closing, a crash in the consumer)."""

from __future__ import annotations

import threading
from collections.abc import Generator
from pathlib import Path

import numpy as np
import pytest
from test_video_source import make_video

from posecount.capture.video import VideoFileSource, _read_ahead
from posecount.types import Frame


def decode_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "posecount-decode"]


@pytest.mark.parametrize("read_ahead", [1, 2, 4, 64])
@pytest.mark.parametrize("target_fps", [None, 10.0])
def test_same_frames_as_decoding_inline(
    tmp_path: Path, read_ahead: int, target_fps: float | None
) -> None:
    video = make_video(tmp_path / "a.mp4", frames=40, size=(96, 48))
    inline = list(VideoFileSource(video, target_fps=target_fps, read_ahead=0))
    src = VideoFileSource(video, target_fps=target_fps, read_ahead=read_ahead)
    ahead = list(src)
    assert [(f.index, f.t_ms) for f in ahead] == [(f.index, f.t_ms) for f in inline]
    for a, b in zip(ahead, inline, strict=True):
        assert np.array_equal(a.image_bgr, b.image_bgr)
        assert np.array_equal(a.image_rgb, b.image_rgb)
    assert src.frames_decoded == 40 and not src.truncated
    assert decode_threads() == []


@pytest.mark.parametrize("stop_after", [0, 1, 5])
def test_stopping_early_stops_the_worker(tmp_path: Path, stop_after: int) -> None:
    src = VideoFileSource(make_video(tmp_path / "a.mp4", frames=40), read_ahead=2)
    frames = iter(src)
    for _ in range(stop_after):
        next(frames)
    frames.close()  # what a `break` or an exception in the caller's loop does
    src.close()
    assert decode_threads() == []


def test_a_crash_in_the_consumer_stops_the_worker(tmp_path: Path) -> None:
    src = VideoFileSource(make_video(tmp_path / "a.mp4", frames=40), read_ahead=2)
    with pytest.raises(KeyboardInterrupt):
        for frame in src:
            if frame.index == 3:
                raise KeyboardInterrupt
    assert decode_threads() == []


def _frames_then(error: BaseException, n: int) -> Generator[Frame, None, None]:
    image = np.zeros((4, 4, 3), np.uint8)
    for i in range(n):
        yield Frame(i, i * 100, image, image)
    raise error


@pytest.mark.parametrize("error", [RuntimeError("decoder broke"), MemoryError()])
def test_an_error_on_the_worker_is_raised_to_the_caller_after_the_frames_before_it(
    error: BaseException,
) -> None:
    got: list[int] = []
    with pytest.raises(type(error)):
        for frame in _read_ahead(_frames_then(error, 3), depth=2):
            got.append(frame.index)
    assert got == [0, 1, 2]
    assert decode_threads() == []


def test_read_ahead_must_not_be_negative(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=">= 0"):
        VideoFileSource(make_video(tmp_path / "a.mp4", frames=2), read_ahead=-1)


def test_closing_the_source_mid_iteration_stops_the_worker_first(tmp_path: Path) -> None:
    # What `with open_pose_stream(...)` does when the loop over it ends by an exception:
    # the source is closed while its iterator is still suspended, the worker still running.
    src = VideoFileSource(make_video(tmp_path / "a.mp4", frames=60), read_ahead=2)
    frames = iter(src)
    next(frames)
    assert decode_threads() != []
    src.close()
    assert decode_threads() == []
