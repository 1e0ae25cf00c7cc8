"""The analysis rate an exercise needs (`ExerciseSpec.min_analysis_fps`, with the
measurement behind it): asked for less, posecount refuses instead of counting wrong."""

from __future__ import annotations

from posecount.errors import ExerciseError
from posecount.exercises.base import ExerciseSpec


def check_analysis_rate(spec: ExerciseSpec, fps: float | None) -> None:
    """`fps`: the analysis rate asked for (None: every frame of the source)."""
    if fps is None or fps >= spec.min_analysis_fps:
        return
    raise ExerciseError(
        f"--fps {fps:g} is below the {spec.min_analysis_fps:g} frames a second the "
        f"{spec.title.lower()} needs: at fewer, short holds and the turning point of a quick "
        f"rep fall between frames, so reps are missed or wrongly flagged short; use --fps "
        f"{spec.min_analysis_fps:g} or more (the default is 10)"
    )


def rate_flag(spec: ExerciseSpec, recorded_fps: float | None) -> str | None:
    """For a pose track already recorded at a low rate (it cannot be re-sampled)."""
    if recorded_fps is None or recorded_fps >= spec.min_analysis_fps:
        return None
    return (
        f"this pose track was recorded at {recorded_fps:g} frames a second, below the "
        f"{spec.min_analysis_fps:g} the {spec.title.lower()} needs: reps may be missed or "
        "flagged short; record it again with --fps 10"
    )
