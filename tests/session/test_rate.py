"""Below the analysis rate an exercise needs, posecount refuses (or, for a track already
recorded that slowly, says so) instead of counting wrong."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import TRACKS_DIR
from posecount.errors import ExerciseError, SourceError
from posecount.session.analyze import analyze
from posecount.tracks.format import TrackReader, TrackWriter


@pytest.mark.parametrize(
    ("exercise", "fps", "refused"),
    [
        ("bridge", 1.0, True),
        ("squat", 2.0, True),
        ("squat", 4.9, True),
        ("squat", 5.0, False),
        ("knee-rolls", 10.0, False),
    ],
)
def test_too_low_a_rate_is_refused_before_any_work(
    tmp_path: Path, exercise: str, fps: float, refused: bool
) -> None:
    missing = tmp_path / "not-there.mp4"  # refused before the file is even opened
    expected = ExerciseError if refused else SourceError
    with pytest.raises(expected) as info:
        analyze(missing, exercise, fps=fps)
    if refused:
        assert f"--fps {fps:g} is below the 5 frames a second" in str(info.value)


def test_a_track_recorded_too_slowly_is_flagged(tmp_path: Path) -> None:
    reader = TrackReader(TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl")
    slow = tmp_path / "slow.posetrack.jsonl"
    with TrackWriter(slow, replace(reader.header, analysis_fps=2.0)) as w:
        for i, f in enumerate(reader):
            if i % 5 == 0:
                w.write(f)
    summary = analyze(slow, "squat")
    assert any("recorded at 2 frames a second, below the 5" in f for f in summary["flags"])


@pytest.mark.parametrize(
    "clip",
    [
        "bridge_darebee_side_5reps",
        "bridge_leapfit_side_segB_2reps",
        "squat_darebee_side_8reps",
        "single_leg_stance_treepose_front_12s",
    ],
)
def test_at_the_minimum_rate_counts_and_flags_match_10_fps(clip: str, tmp_path: Path) -> None:
    # The measurement behind min_analysis_fps (benchmarks/analysis_rate.py), kept true.
    track = TRACKS_DIR / f"{clip}.posetrack.jsonl"
    reader = TrackReader(track)
    half = tmp_path / "half.posetrack.jsonl"
    with TrackWriter(half, replace(reader.header, analysis_fps=5.0)) as w:
        for i, f in enumerate(reader):
            if i % 2 == 0:
                w.write(f)
    exercise = "single-leg-stance" if "stance" in clip else clip.split("_")[0]
    full, thin = analyze(track, exercise), analyze(half, exercise)
    assert (thin["reps"], thin["reps_short_of_target"]) == (
        full["reps"],
        full["reps_short_of_target"],
    )
    assert len(thin["holds_s"]) == len(full["holds_s"])
    assert all(abs(a - b) <= 0.5 for a, b in zip(thin["holds_s"], full["holds_s"], strict=True))
