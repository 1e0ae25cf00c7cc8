"""score --markdown: the headline against the baseline, then only the clips that changed."""

from __future__ import annotations

import pytest
from clip_scores import clip_score

from posecount.scoring.baseline import compare_clips
from posecount.scoring.markdown import markdown_text
from posecount.scoring.metrics import ClipScore, summarize_scores
from posecount.scoring.outputs import MARKDOWN_MARK


def _clip(file: str, got: int | None, **kw: object) -> ClipScore:
    # These cases are squats labelled 8 reps, with no short-rep label.
    squat: dict = dict(exercise="squat", want=(8, 8), short_want=None)
    return clip_score(file, got, **{**squat, **kw})


BEFORE = [_clip("a.mp4", 8), _clip("b.mp4", 7), _clip("c|d.mp4", 8), _clip("e.mp4", 8)]
AFTER = [_clip("a.mp4", 9), _clip("b.mp4", 8), _clip("c|d.mp4", 8), _clip("e.mp4", 8)]


def _md(before: list[ClipScore], after: list[ClipScore]) -> str:
    return markdown_text(
        after,
        summarize_scores(after),
        baseline_summary=summarize_scores(before),
        changes=compare_clips(after, before),
    )


def _rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("| `")]


def test_only_the_changed_clips_are_listed_with_their_direction() -> None:
    md = _md(BEFORE, AFTER)
    assert md.startswith(MARKDOWN_MARK + "\n### posecount score: 4 clips, 1 worse and 1 better")
    rows = _rows(md)
    assert len(rows) == 2
    assert rows[0].startswith("| `a.mp4` | squat | ok → wrong | 8 → 9 (8) |") and "worse" in rows[0]
    assert (
        rows[1].startswith("| `b.mp4` | squat | wrong → ok | 7 → 8 (8) |") and "better" in rows[1]
    )


@pytest.mark.parametrize(
    ("after", "line"),
    [
        (BEFORE, "| exact count | 75% | 75% | = |"),
        ([_clip(f.file, 8) for f in BEFORE], "| exact count | 100% | 75% | ↑ better |"),
        ([_clip(f.file, 7) for f in BEFORE], "| exact count | 0% | 75% | ↓ worse |"),
        (
            [_clip(f.file, 7) for f in BEFORE],
            "| MAE (count error / true count) | 0.125 | 0.031 | ↑ worse |",
        ),
        ([_clip(f.file, None) for f in BEFORE], "| clips not analysed | 4 | 0 | ↑ worse |"),
    ],
)
def test_headline_arrows_point_the_way_the_figure_moved_and_say_if_that_is_good(
    after: list[ClipScore], line: str
) -> None:
    assert line in _md(BEFORE, after).splitlines()


def test_no_change_says_so() -> None:
    md = _md(BEFORE, BEFORE)
    assert _rows(md) == [] and "No clip changed its verdict or figures." in md


def test_a_pipe_in_a_name_does_not_break_the_table() -> None:
    after = [*BEFORE[:2], _clip("c|d.mp4", 3), BEFORE[3]]
    [row] = _rows(_md(BEFORE, after))
    assert row.startswith("| `c\\|d.mp4` |") and row.count(" | ") == 7


def test_without_a_baseline_the_clips_not_right_are_listed() -> None:
    md = markdown_text(AFTER, summarize_scores(AFTER))
    assert "| | this run |" in md and "baseline" not in md.split("####")[0]
    assert [r.split(" | ")[0] for r in _rows(md)] == ["| `a.mp4`"]


def test_a_summary_only_baseline_says_why_no_clips_are_compared() -> None:
    md = markdown_text(AFTER, summarize_scores(AFTER), baseline_summary=summarize_scores(BEFORE))
    assert "keeps no per-clip results" in md and "#### Clips not right" in md


def test_a_backtick_in_a_name_stays_inside_its_code_span() -> None:
    after = [*BEFORE[:3], _clip("e`.mp4", 3)]
    rows = _rows(markdown_text(after, summarize_scores(after)))
    assert "| `` e`.mp4 `` |" in "\n".join(rows)
