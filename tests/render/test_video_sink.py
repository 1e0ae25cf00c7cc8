"""--save-video keeps the session's real timing: frames are placed by their t_ms."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from posecount.render.video import VideoSink


def _frames_in(path: Path) -> list[int]:
    """The grey level of each frame, in order."""
    cap = cv2.VideoCapture(str(path))
    levels = []
    while True:
        ok, image = cap.read()
        if not ok:
            break
        levels.append(round(float(image.mean()) / 10) * 10)
    cap.release()
    return levels


@pytest.mark.parametrize(
    ("times_ms", "expected"),
    [
        # (capture times of frames with grey levels 0, 50, 100, ...; the frames written)
        ([0, 100, 200, 300], [0, 50, 100, 150]),  # on time: one each
        ([0, 100, 400, 500], [0, 50, 50, 50, 100, 150]),  # a late frame: the last one held
        ([0, 40, 100, 200], [0, 100, 150]),  # two in one slot: the first kept
        ([1000, 1100, 1300], [0, 50, 50, 100]),  # times need not start at 0
    ],
)
def test_frames_are_placed_on_the_timeline(
    tmp_path: Path, times_ms: list[int], expected: list[int]
) -> None:
    path = tmp_path / "v.mp4"
    sink = VideoSink(path, 10.0, (64, 48))
    for i, t in enumerate(times_ms):
        sink.write(np.full((48, 64, 3), 50 * i, np.uint8), t)
    sink.close()
    assert sink.frames_written == len(expected)
    assert _frames_in(path) == expected


def test_a_video_lasts_as_long_as_its_frames_span(tmp_path: Path) -> None:
    path = tmp_path / "v.mp4"
    sink = VideoSink(path, 10.0, (64, 48))
    for t in range(0, 13_100, 250):  # frames arriving at 4 a second for 13 s
        sink.write(np.zeros((48, 64, 3), np.uint8), t)
    sink.close()
    cap = cv2.VideoCapture(str(path))
    seconds = cap.get(cv2.CAP_PROP_FRAME_COUNT) / cap.get(cv2.CAP_PROP_FPS)
    cap.release()
    assert 12.9 <= seconds <= 13.2
