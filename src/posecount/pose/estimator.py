"""The pose stage as a protocol, so tests and replays can stand in for MediaPipe."""

from __future__ import annotations

from typing import Protocol

from posecount.types import Frame, PoseFrame


class PoseEstimator(Protocol):
    model_name: str

    def estimate(self, frame: Frame) -> PoseFrame: ...

    def close(self) -> None: ...
