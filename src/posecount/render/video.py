"""Writing frames to a video file (only with --save-video: by default no pixels are kept).

The frames reach the writer at their own times (a camera's clock, or a file played as
one), while a video container plays at one fixed rate. Writing each frame once played a
13.1 s session back in 5.3 s. So every frame carries its t_ms, and the writer places it
on the container's timeline: a frame that arrives late is held (repeated) until its
time, one that arrives early for its slot replaces nothing already written. The saved
video then lasts as long as the session did, and analysing it gives the session's counts.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


class VideoSink:
    def __init__(self, path: Path, fps: float, size_px: tuple[int, int]) -> None:
        if not 1.0 <= fps <= 240.0:
            raise ValueError(f"video rate must be 1-240 frames a second, got {fps}")
        self.path = path
        self.fps = fps
        fourcc = cv2.VideoWriter_fourcc(*"mp4v")  # type: ignore[attr-defined]
        self._writer = cv2.VideoWriter(str(path), fourcc, fps, size_px)
        self._size = size_px
        self._first_ms: int | None = None
        self._last: np.ndarray | None = None
        self.frames_written = 0

    def write(self, image_bgr: np.ndarray, t_ms: int | None = None) -> None:
        """`t_ms`: when the frame was captured (None: the next slot, as a plain writer)."""
        h, w = image_bgr.shape[:2]
        if (w, h) != self._size:
            image_bgr = cv2.resize(image_bgr, self._size)
        if t_ms is None:
            self._put(image_bgr)
            return
        if self._first_ms is None:
            self._first_ms = t_ms
        slot = round((t_ms - self._first_ms) * self.fps / 1000)
        while self._last is not None and self.frames_written < slot:
            self._put(self._last)  # hold the previous picture until this one's time
        if self.frames_written <= slot:
            self._put(image_bgr)
        self._last = image_bgr

    def _put(self, image_bgr: np.ndarray) -> None:
        self._writer.write(image_bgr)
        self.frames_written += 1
        self._last = image_bgr

    def close(self) -> None:
        self._writer.release()
