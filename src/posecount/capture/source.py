"""What every frame source gives: frames with timestamps, sampled to an analysis rate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from posecount.types import Frame


class FrameSource(Protocol):
    name: str
    fps: float
    frame_size_px: tuple[int, int]

    def __iter__(self) -> Iterator[Frame]: ...

    def close(self) -> None: ...


class RateSampler:
    """Keeps frames at about `target_fps` from a faster source, by timestamp (so a variable
    frame rate source is sampled evenly in time, not every n-th frame)."""

    def __init__(self, target_fps: float | None) -> None:
        if target_fps is not None and not 1.0 <= target_fps <= 240.0:
            raise ValueError(f"target fps must be between 1 and 240, got {target_fps}")
        self.period_ms = None if target_fps is None else 1000.0 / target_fps
        self._next_due_ms: float | None = None

    def keep(self, t_ms: float) -> bool:
        if self.period_ms is None:
            return True
        if self._next_due_ms is None:
            self._next_due_ms = t_ms
        # A quarter-period tolerance: a 29.97 fps source sampled at 15 fps keeps every other
        # frame instead of drifting into an occasional skipped pair.
        if t_ms + self.period_ms / 4 < self._next_due_ms:
            return False
        while self._next_due_ms <= t_ms + self.period_ms / 4:
            self._next_due_ms += self.period_ms
        return True
