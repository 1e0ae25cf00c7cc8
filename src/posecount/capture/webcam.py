"""A live camera, timestamped with a monotonic clock (wall clocks jump; this never does)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import cv2

from posecount.capture.source import RateSampler
from posecount.capture.video import _scaled_size, analysis_frame, check_rotation, rotated_size
from posecount.errors import SourceError
from posecount.types import Frame

log = logging.getLogger(__name__)


class WebcamSource:
    def __init__(
        self,
        index: int = 0,
        *,
        target_fps: float | None = None,
        max_side_px: int | None = None,
        rotate_deg: int = 0,
    ) -> None:
        self.rotate_deg = check_rotation(rotate_deg)
        if index < 0:
            raise SourceError(f"camera index must be 0 or more, got {index}")
        self.name = f"camera {index}"
        self._cap = cv2.VideoCapture(index)
        ok, first = self._cap.read() if self._cap.isOpened() else (False, None)
        if not ok or first is None:
            self._cap.release()
            raise SourceError(
                f"no camera found at index {index} (none connected, or in use by another app); "
                "connect a camera or try another index, or analyse a recording instead"
            )
        self._first = first
        fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 0.0)
        self.fps = fps if 1.0 <= fps <= 240.0 else 30.0
        h, w = first.shape[:2]
        self.frame_size_px = _scaled_size(rotated_size((w, h), rotate_deg), max_side_px)
        self.max_side_px = max_side_px
        self._sampler = RateSampler(target_fps)
        self.lost = False

    def __iter__(self) -> Iterator[Frame]:
        t0_ns = time.monotonic_ns()
        index = 0
        image = self._first
        while True:
            t_ms = (time.monotonic_ns() - t0_ns) // 1_000_000
            if self._sampler.keep(t_ms):
                yield analysis_frame(index, t_ms, image, self.max_side_px, self.rotate_deg)
            index += 1
            ok, image = self._cap.read()
            if not ok:
                self.lost = True
                log.warning("camera stopped delivering frames (unplugged?); session ends here")
                return

    def close(self) -> None:
        self._cap.release()
