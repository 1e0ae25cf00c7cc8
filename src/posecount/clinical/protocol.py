"""What every clinical test machine offers: feed it frames, then ask for the result."""

from __future__ import annotations

from typing import Protocol

from posecount.clinical.result import TestResult
from posecount.types import PoseFrame


class ClinicalTest(Protocol):
    name: str
    title: str

    def update(self, frame: PoseFrame) -> None: ...

    def complete(self) -> bool:
        """The protocol has seen everything it scores: more frames change nothing (a
        live run stops here instead of waiting for Ctrl-C)."""
        ...

    def finish(self) -> TestResult: ...
