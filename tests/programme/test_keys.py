"""Keys at the window, through the session's key hook (the window calls it; here a stand-in
display does, with no OpenCV): pain 10 in two presses, 11 refused and never stored, skip
and stop."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from test_run_tracks import run_three_tracks

from posecount.speech import Speaker


def _run(tmp_path: Path, keys: dict[str, list[str]]) -> tuple[dict[str, Any], Speaker]:
    def display(session: Any) -> None:
        for k in keys.get(session.exercise.spec.id, []):
            session.on_key(k)
        while not (session.finished.is_set() or session.stop.is_set()):
            time.sleep(0.01)

    return run_three_tracks(tmp_path, display)


@pytest.mark.parametrize(
    ("keys", "scores", "refused"),
    [
        (["1", "0"], [10], False),  # 10 is two presses
        (["7"], [7], False),
        (["1", "1"], [], True),  # 11: refused on screen, never stored
        (["1", "1", "4"], [4], True),  # refused, then a good one
    ],
)
def test_pain_at_the_window(
    tmp_path: Path, keys: list[str], scores: list[int], refused: bool
) -> None:
    summary, speaker = _run(tmp_path, {"bridge": keys})
    assert [c["score"] for c in summary["pain"]["checks"]] == scores
    assert ("That is not a pain score. Press 0 to 10." in speaker.spoken) == refused
    assert all(0 <= c["score"] <= 10 for c in summary["pain"]["checks"])


def test_skip_moves_on_and_stop_ends_the_programme(tmp_path: Path) -> None:
    summary, speaker = _run(tmp_path, {"bridge": ["s"], "squat": ["q"]})
    got = [(r["exercise"], r.get("programme_status", r["status"])) for r in summary["exercises"]]
    assert got == [
        ("bridge", "skipped"),
        ("squat", "stopped"),
        ("wall-press-up", "not reached: stopped"),
    ]
    assert "Skipping Bridge." in speaker.spoken and "Stopping the programme." in speaker.spoken
    assert summary["status"] == "stopped"
