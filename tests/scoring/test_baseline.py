"""The per-clip baseline: a stable, sorted file; old summary-only files still read; a diff
that names each clip that got worse or better, and why."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from clip_scores import clip_score
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO
from posecount.errors import PosecountError
from posecount.scoring.baseline import (
    VERSION,
    baseline_text,
    compare_clip,
    compare_clips,
    known_wrong,
    read_baseline,
    write_baseline,
)
from posecount.scoring.metrics import ClipScore

SETTINGS = {"model": "lite", "fps": 10.0, "max_side_px": 640, "rotate_deg": 0}
SUMMARY = {"clips": 2, "exact": 0.5, "failed": 0}


def clip(file: str = "a.mp4", got: int | None = 5, **kw: object) -> ClipScore:
    error = None if got is not None else "a.mp4: not found (nor its pose track)"
    return clip_score(file, got, **{"error": error, **kw})


def test_write_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    scores = [clip("b.mp4", 4), clip("a.mp4", holds_want=(3.0,), holds_got=(2.5,), hold_tol_s=1.0)]
    write_baseline(path, SUMMARY, scores, SETTINGS)
    base = read_baseline(path)
    assert base.version == VERSION and base.summary == SUMMARY and base.settings == SETTINGS
    assert base.clips == sorted(scores, key=lambda s: s.file)


def test_the_text_is_stable_and_sorted_whatever_the_order_of_the_run() -> None:
    scores = [clip("c.mp4"), clip("a.mp4", 4), clip("b.mp4", None)]
    text = baseline_text(SUMMARY, scores, SETTINGS)
    assert text == baseline_text(dict(reversed(SUMMARY.items())), scores[::-1], SETTINGS)
    data = json.loads(text)
    assert [c["file"] for c in data["clips"]] == ["a.mp4", "b.mp4", "c.mp4"]
    assert all(list(c) == sorted(c) for c in data["clips"])
    # A changed count is a one-line change in a review, not a reshuffle.
    assert '"reps_expected": [5, 5],' in text and text.endswith("}\n")


def test_the_committed_baseline_is_in_the_current_format() -> None:
    path = REPO / "sample_videos" / "baseline.json"
    base = read_baseline(path)
    assert base.version == VERSION and base.clips is not None
    assert len(base.clips) == base.summary["clips"]
    assert path.read_text() == baseline_text(base.summary, base.clips, base.settings)


def test_an_old_summary_only_baseline_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"summary": SUMMARY, "settings": {"model": "lite"}}))
    base = read_baseline(path)
    assert base.version == 1 and base.clips is None and base.summary == SUMMARY


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ("", "not JSON"),
        ("[1, 2]", "not a posecount baseline"),
        ('{"summary": {}, "format": "posecount-baseline", "version": 9, "clips": []}', "version 9"),
        (
            '{"summary": {}, "format": "posecount-baseline", "version": 2, "clips": [{"file": 1}]}',
            "a clip entry is malformed",
        ),
    ],
)
def test_a_broken_baseline_is_one_clear_error(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content)
    with pytest.raises(PosecountError, match=match):
        read_baseline(path)


HOLDS = dict(holds_want=(3.0, 3.0), hold_tol_s=1.0)


@pytest.mark.parametrize(
    ("before", "after", "direction", "reason"),
    [
        (clip(), clip(), None, None),
        (clip(), clip(got=6), "worse", "ok -> wrong"),
        (clip(got=6), clip(), "better", "wrong -> ok"),
        (clip(got=7), clip(got=6), "better", "reps 7 -> 6 (want 5)"),
        (clip(got=6), clip(got=7), "worse", "reps 6 -> 7 (want 5)"),
        (clip(got=6), clip(got=4), "changed", "reps 6 -> 4 (want 5)"),
        (clip(), clip(got=None), "worse", "ok -> failed"),
        (clip(got=None), clip(got=9), "better", "failed -> wrong"),
        (clip(), clip(want=(4, 4)), "worse", "label 5 -> 4"),
        (clip(got=6, short_got=1), clip(got=6, short_got=0), "better", "short 1 -> 0"),
        # A count that gets better does not hide a short-of-target that gets worse.
        (clip(got=7, short_got=0), clip(got=6, short_got=2), "worse", "short 0 -> 2"),
        # Holds: within 0.1 s is noise in the direction, but still a change of figures.
        (
            clip(**HOLDS, holds_got=(3.0, 3.0)),
            clip(**HOLDS, holds_got=(3.05, 3.0)),
            "changed",
            "holds 3;3 -> 3.05;3 s",
        ),
        # Still within the label's tolerance, but 0.5 s further off: worse.
        (
            clip(**HOLDS, holds_got=(3.0, 3.0)),
            clip(**HOLDS, holds_got=(3.5, 3.5)),
            "worse",
            "holds",
        ),
        (
            clip(got=6, **HOLDS, holds_got=(3.0, 3.0)),
            clip(got=6, **HOLDS, holds_got=(3.5, 3.5)),
            "worse",
            "holds 3;3 -> 3.5;3.5 s",
        ),
        (
            clip(**HOLDS, holds_got=(3.0, 3.0)),
            clip(**HOLDS, holds_got=(3.0,)),
            "worse",
            "ok -> wrong",
        ),
        # Figures no label judges are not changes.
        (clip(holds_got=()), clip(holds_got=(2.0,)), None, None),
        (clip(short_want=None, short_got=0), clip(short_want=None, short_got=3), None, None),
        # The reason of a failure is not a figure (it names the catalogue, which grows).
        (clip(got=None), clip(got=None, error="other words"), None, None),
    ],
)
def test_compare_clip(
    before: ClipScore, after: ClipScore, direction: str | None, reason: str | None
) -> None:
    change = compare_clip(before, after)
    if direction is None:
        assert change is None
    else:
        assert change is not None and change.direction == direction
        assert reason in ", ".join(change.reasons)


def test_compare_clips_names_added_removed_and_changed_clips_in_order() -> None:
    before = [clip("a.mp4"), clip("b.mp4"), clip("c.mp4", 6)]
    after = [clip("d.mp4"), clip("c.mp4"), clip("b.mp4", 7)]
    changes = compare_clips(after, before)
    assert [(c.file, c.direction) for c in changes] == [
        ("a.mp4", "removed"),
        ("b.mp4", "worse"),
        ("c.mp4", "better"),
        ("d.mp4", "added"),
    ]


def test_known_wrong_is_a_clip_wrong_in_the_baseline_too_and_no_worse() -> None:
    before = [clip("a.mp4", 6), clip("b.mp4", 6), clip("c.mp4"), clip("d.mp4", 6)]
    after = [clip("a.mp4", 6), clip("b.mp4", 7), clip("c.mp4", 6), clip("d.mp4", 4)]
    assert known_wrong(after, before) == {("a.mp4", "bridge"), ("d.mp4", "bridge")}


scores_strategy = st.lists(
    st.builds(
        clip,
        file=st.sampled_from(["a.mp4", "b.mp4", "c.mp4", "d.mp4"]),
        got=st.one_of(st.none(), st.integers(0, 9)),
    ),
    max_size=4,
    unique_by=lambda s: s.file,
)


@given(before=scores_strategy, after=scores_strategy)
def test_a_run_compared_with_itself_has_no_changes_and_directions_are_antisymmetric(
    before: list[ClipScore], after: list[ClipScore]
) -> None:
    assert compare_clips(after, after) == []
    forward = {c.file: c.direction for c in compare_clips(after, before)}
    backward = {c.file: c.direction for c in compare_clips(before, after)}
    flip = {"worse": "better", "better": "worse", "added": "removed", "removed": "added"}
    for file, direction in forward.items():
        assert backward[file] == flip.get(direction, direction)


def test_a_record_round_trips() -> None:
    s = clip(holds_want=(1.5,), holds_got=(1.25,), hold_tol_s=0.5, want=(1, 2), got=2)
    assert ClipScore.from_record(s.to_record()) == s
    assert ClipScore.from_record(replace(s, got=None, error="x").to_record()).error == "x"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
record_keys = st.sampled_from(
    [
        "file",
        "exercise",
        "reps",
        "reps_expected",
        "holds_s",
        "holds_expected_s",
        "hold_tol_s",
        "reps_short_of_target",
        "reps_short_expected",
        "error",
        "verdict",
    ]
)


@given(
    summary=st.dictionaries(st.sampled_from(["exact", "mae", "failed", "hold_mae_s"]), json_values),
    clips=st.lists(st.dictionaries(record_keys, json_values), max_size=3) | json_values,
)
def test_any_json_reads_as_a_baseline_or_gives_one_posecount_error(
    tmp_path_factory: pytest.TempPathFactory, summary: dict, clips: object
) -> None:
    path = tmp_path_factory.mktemp("b") / "b.json"
    doc = {"format": "posecount-baseline", "version": 2, "summary": summary, "clips": clips}
    path.write_text(json.dumps(doc))
    try:
        base = read_baseline(path)
    except PosecountError as e:
        assert "\n" not in str(e)
        return
    # What reads must also compare without surprises.
    from posecount.scoring.baseline import regressions

    regressions({"exact": 1.0, "mae": 0.0, "failed": 0, "hold_mae_s": 0.1}, base.summary)
    compare_clips(base.clips or [], base.clips or [])
