"""Accuracy on the real pose tracks of the shared clips, against the hand-counted labels.
These tracks are MediaPipe's real output on real videos (made with `posecount track` at the
default settings); they need neither OpenCV nor MediaPipe to replay."""

from __future__ import annotations

import pytest

from conftest import LABELS_CSV, track_for
from posecount.exercises.registry import EXERCISES
from posecount.scoring.labels import read_labels
from posecount.scoring.metrics import score_clip, summarize_scores
from posecount.session.analyze import analyze

LABELS = read_labels(LABELS_CSV)
ANALYSED = [lab for lab in LABELS if lab.exercise in EXERCISES]
# Clips posecount still gets wrong, kept wrong in sample_videos/baseline.json too (issue 8).
# A strict xfail: the day one of them comes right, this list has to shrink with it.
KNOWN_WRONG: dict[str, str] = {}


def _case(label):  # type: ignore[no-untyped-def]
    reason = KNOWN_WRONG.get(label.file)
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(label, id=label.file, marks=marks)


def test_every_shared_clip_has_a_committed_track() -> None:
    missing = [lab.file for lab in LABELS if not track_for(lab.file).is_file()]
    assert missing == []


@pytest.mark.parametrize("label", [_case(lab) for lab in ANALYSED])
def test_clip_matches_its_label(label) -> None:  # type: ignore[no-untyped-def]
    summary = analyze(track_for(label.file), label.exercise)
    score = score_clip(label, summary)
    lo, hi = label.reps_range
    assert lo <= summary["reps"] <= hi, summary["events"]
    if label.rom_short is not None:
        assert summary["reps_short_of_target"] == label.rom_short
    if label.holds_s is not None:
        assert score.holds_ok, (summary["holds_s"], label.holds_s)


def test_accuracy_gate() -> None:
    """The regression gate: every analysable shared clip not known to be wrong is right."""
    scores = [
        score_clip(lab, analyze(track_for(lab.file), lab.exercise))
        for lab in ANALYSED
        if lab.file not in KNOWN_WRONG
    ]
    summary = summarize_scores(scores)
    assert summary["exact"] == 1.0 and summary["all_correct"] == 1.0, summary
