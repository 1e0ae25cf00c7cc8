"""Synthetic pose sequences for unit tests of the exercise state machines.

A kinematic body with anthropometric segment lengths does each exercise at a chosen tempo,
range, view, noise and dropout rate, and a pinhole camera turns it into PoseFrames laid out
exactly as the MediaPipe backend's. They are for driving tests, not for claiming accuracy.
"""

from posecount.synthetic.sequence import (
    EXERCISES,
    HoldTruth,
    RepTruth,
    Truth,
    generate,
    generate_static,
    generate_with_truth,
)

__all__ = [
    "EXERCISES",
    "HoldTruth",
    "RepTruth",
    "Truth",
    "generate",
    "generate_static",
    "generate_with_truth",
]
