"""Writing frames to a video file (only with --save-video: by default no pixels are kept)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


class VideoSink:
    def __init__(self, path: Path, fps: float, size_px: tuple[int, int]) -> None:
        self.path = path
        fourcc = cv2.VideoWriter_fourcc(*"mp4v")  # type: ignore[attr-defined]
        self._writer = cv2.VideoWriter(str(path), fourcc, fps, size_px)
        self._size = size_px

    def write(self, image_bgr: np.ndarray) -> None:
        h, w = image_bgr.shape[:2]
        if (w, h) != self._size:
            image_bgr = cv2.resize(image_bgr, self._size)
        self._writer.write(image_bgr)

    def close(self) -> None:
        self._writer.release()
