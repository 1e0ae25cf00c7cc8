"""The gate: summary regressions, clips worse than the baseline, --min-exact."""

from __future__ import annotations

import pytest

from posecount.scoring.baseline import Baseline
from posecount.scoring.gate import judge
from posecount.scoring.metrics import ClipScore, summarize_scores


def _clip(file: str, got: int | None) -> ClipScore:
    return ClipScore(file, "squat", (8, 8), got, None, None, None, None, None)


BASE = [_clip("a.mp4", 8), _clip("b.mp4", 7), _clip("c.mp4", 8)]


def _base(clips: list[ClipScore] | None) -> Baseline:
    return Baseline(summarize_scores(BASE), {}, clips, 1 if clips is None else 2)


@pytest.mark.parametrize(
    ("now", "base", "min_exact", "problems"),
    [
        (BASE, None, None, []),
        (BASE, _base(BASE), None, []),
        (BASE, _base(BASE), 0.9, ["exact 0.667 < --min-exact 0.9"]),
        # b gets right, a gets wrong: the summary is the same, the clip is not.
        (
            [_clip("a.mp4", 9), _clip("b.mp4", 8), _clip("c.mp4", 8)],
            _base(BASE),
            None,
            [
                "1 clip worse than the baseline: a.mp4 (squat): ok -> wrong, reps 8 -> 9 "
                "(want 8) (better: b.mp4 (squat))"
            ],
        ),
        # ...which a summary-only baseline cannot see.
        ([_clip("a.mp4", 9), _clip("b.mp4", 8), _clip("c.mp4", 8)], _base(None), None, []),
        (
            [_clip("a.mp4", 8), _clip("b.mp4", 8), _clip("c.mp4", None)],
            _base(BASE),
            None,
            [
                "failed 1 > baseline 0",
                "1 clip worse than the baseline: c.mp4 (squat): ok -> failed, reps 8 -> - (want 8) "
                "(better: b.mp4 (squat))",
            ],
        ),
    ],
)
def test_judge(
    now: list[ClipScore], base: Baseline | None, min_exact: float | None, problems: list[str]
) -> None:
    assert judge(now, summarize_scores(now), base, min_exact=min_exact).problems == problems


def test_a_summary_only_baseline_gets_a_note_and_no_clip_diff() -> None:
    verdict = judge(BASE, summarize_scores(BASE), _base(None), baseline_name="old.json")
    assert verdict.changes is None and "old.json keeps no per-clip results" in verdict.notes[0]


def test_a_wrong_clip_no_worse_than_the_baseline_is_known() -> None:
    verdict = judge(BASE, summarize_scores(BASE), _base(BASE))
    assert verdict.known_wrong == {("b.mp4", "squat")} and verdict.changes == []
