"""Keys at the window, through the session's key hook (the window calls it; here a stand-in
display does, with no OpenCV): pain 10 in two presses, 11 refused and never stored, skip
and stop."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from conftest import TRACKS_DIR
from posecount.programme.loader import load_programme
from posecount.programme.runner import ProgrammeOptions, ProgrammeRun
from posecount.speech import Speaker

DATA = Path(__file__).parent / "data"
SOURCES = {
    "bridge": TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl",
    "squat": TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl",
    "wall-press-up": TRACKS_DIR / "wall_pushup_leapfit_side_2reps.posetrack.jsonl",
}


def _run(tmp_path: Path, keys: dict[str, list[str]]) -> tuple[dict[str, Any], Speaker]:
    speaker = Speaker(["true"], max_queued=None)

    def display(session: Any) -> None:
        for k in keys.get(session.exercise.spec.id, []):
            session.on_key(k)
        while not (session.finished.is_set() or session.stop.is_set()):
            time.sleep(0.01)

    run = ProgrammeRun(
        ProgrammeOptions(
            load_programme(DATA / "three_tracks.toml"),
            sources=SOURCES,
            window=False,
            fast=True,
            sessions_root=tmp_path / "sessions",
            db_path=tmp_path / "h.sqlite3",
            speaker=speaker,
        )
    )
    summary = run.run(display)
    speaker.close()
    return summary, speaker


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
