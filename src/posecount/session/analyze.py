"""Analyse one source for one exercise: the whole pipeline, returning the summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from posecount.errors import ExerciseError
from posecount.exercises.registry import get_exercise
from posecount.prescription.catalogue import resolve_prescription
from posecount.prescription.model import Prescription
from posecount.session.analysis import Analyzer
from posecount.session.pipeline import (
    DEFAULT_FPS,
    DEFAULT_MAX_SIDE_PX,
    DEFAULT_MODEL,
    open_pose_stream,
)
from posecount.session.rate import check_analysis_rate, rate_flag
from posecount.store.folder import is_session_folder, read_session
from posecount.tracks.format import is_track_path
from posecount.types import PoseFrame


def analyze(
    source: Path | int,
    exercise_id: str | None,
    *,
    prescription_file: Path | None = None,
    prescription: Prescription | None = None,
    model: str = DEFAULT_MODEL,
    fps: float | None = DEFAULT_FPS,
    max_side_px: int | None = DEFAULT_MAX_SIDE_PX,
    rotate_deg: int | None = None,
    people: int | None = None,
    on_frame: Callable[[PoseFrame], None] | None = None,
) -> dict[str, Any]:
    """Runs to the end of the source. Ctrl-C stops early and still returns everything
    counted up to then (the summary says `"interrupted": true`). `rotate_deg` None: the
    picture's orientation is found from the pose; a number turns it so and no further.

    `people`: how many people to look for (None: two over the first seconds, then one
    unless someone else is in the picture; see pose/patient.py).

    `source` may be a recorded session folder: its pose track is analysed, for its own
    exercise (unless `exercise_id` names another) and its own prescription (unless a
    prescription is given)."""
    if isinstance(source, Path) and is_session_folder(source):
        recorded = read_session(source)
        source = recorded.track
        exercise_id = exercise_id or recorded.exercise
        if prescription is None and exercise_id == recorded.exercise:
            prescription = recorded.prescription()
    if exercise_id is None:
        raise ExerciseError("name the exercise to analyse (see 'posecount exercises')")
    exercise = get_exercise(exercise_id)
    replay = isinstance(source, Path) and is_track_path(source)
    if not replay:
        check_analysis_rate(exercise.spec, fps)
    if prescription is None or prescription_file is not None:
        prescription = resolve_prescription(exercise.spec.id, prescription_file)
    analyzer = Analyzer(exercise, prescription, auto_rotate=rotate_deg is None)
    interrupted = False
    with open_pose_stream(
        source,
        model=model,
        fps=fps,
        max_side_px=max_side_px,
        rotate_deg=rotate_deg or 0,
        people=people,
        in_position=exercise.spec.in_start_position,
    ) as stream:
        try:
            for frame in stream:
                analyzer.update(frame)
                if on_frame is not None:
                    on_frame(frame)
        except KeyboardInterrupt:
            interrupted = True
        analyzer.finish()
        stats = stream.stats
        header = stream.header
    summary = analyzer.summary(header.source)
    summary["frames"] = {
        "analysed": stats.frames_analysed,
        "with_person": stats.frames_with_person,
        "model": header.model,
        "analysis_fps": header.analysis_fps,
    }
    summary["interrupted"] = interrupted
    summary["truncated"] = stats.truncated
    low_rate = rate_flag(exercise.spec, header.analysis_fps) if replay else None
    if low_rate:
        summary["flags"].append(low_rate)
    if stats.truncated:
        summary["flags"].append("the input ends early (truncated or corrupt); analysed up to there")
    return summary
