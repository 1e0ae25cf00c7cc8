"""A whole programme run from committed real pose tracks (one per exercise), played as the
camera, headless: what is said, in order, through the Speaker interface; sets and
exercises changing with no key pressed; the rest timer; and the sessions recorded as
`live` records them (folder, history database, pain)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import TRACKS_DIR
from posecount.programme.loader import load_programme
from posecount.programme.runner import ProgrammeOptions, ProgrammeRun
from posecount.programme.sequencer import Choice
from posecount.session.analyze import analyze
from posecount.speech import Speaker

DATA = Path(__file__).parent / "data"
SOURCES = {
    "bridge": TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl",
    "squat": TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl",
    "wall-press-up": TRACKS_DIR / "wall_pushup_leapfit_side_2reps.posetrack.jsonl",
}


def run_three_tracks(
    tmp_path: Path, display: Callable[[Any], None] | None = None, **kw: Any
) -> tuple[dict[str, Any], Speaker]:
    """three_tracks.toml on the committed tracks, headless; `display` stands in for the
    window (test_keys presses keys through it). Also used by test_keys."""
    # `true` accepts the text and says nothing: the engine really runs, off the loop,
    # and every phrase it is handed lands in `spoken`; nothing is dropped as stale.
    speaker = Speaker(["true"], max_queued=None)
    run = ProgrammeRun(
        ProgrammeOptions(
            load_programme(DATA / "three_tracks.toml"),
            sources=SOURCES,
            window=False,
            fast=True,
            sessions_root=tmp_path / "sessions",
            db_path=tmp_path / "history.sqlite3",
            speaker=speaker,
            **kw,
        )
    )
    summary = run.run(display)
    speaker.close()
    return summary, speaker


def _in_order(said: list[str], expected: list[str]) -> None:
    """Each expected phrase is said, in this order (other phrases may come between)."""
    at = 0
    for phrase in expected:
        try:
            at = said.index(phrase, at) + 1
        except ValueError:
            raise AssertionError(f"{phrase!r} not said after position {at}: {said[at:]}") from None


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Speaker, Path]:
    tmp = tmp_path_factory.mktemp("programme")
    summary, speaker = run_three_tracks(tmp, pain_before=2, pain_after=3)
    return summary, speaker, tmp


def test_the_whole_programme_is_spoken_in_order(plain: Any) -> None:
    summary, speaker, _ = plain
    assert speaker.spoken == speaker.said == summary["spoken"]
    said = speaker.spoken
    _in_order(
        said,
        [
            "Exercise 1 of 3: Bridge.",
            # bridge is on the floor and comes first: how to get down there
            next(p for p in said if p.startswith("To get down to the floor")),
            "hold",
            "1",  # the 1.5 s hold's countdown
            "and relax",
            "1",  # the rep
            "Set 1 done. Rest for 1.5 seconds.",
            "Set 2 of 2: 1 rep.",
            "hold",
            "and relax",
            "1",
            "Bridge done. Well done.",
            "Exercise 2 of 3: Squat.",
            next(p for p in said if p.startswith("To get up from the floor")),
            "1",
            "2",
            "3",
            "4",
            "Set 1 done. Rest for 0.5 seconds.",
            "Set 2 of 2: 4 reps.",
            "1",
            "2",
            "3",
            "4",
            "Squat done. Well done.",
            "Exercise 3 of 3: Wall press-up.",
            "1",
            "Set 1 done. Rest for 3 seconds.",
            "Set 2 of 2: 1 rep.",
            "1",
            "Wall press-up done. Well done.",
        ],
    )
    assert said[-1].startswith("That is the programme done. Well done. In half an hour")
    # Standing to standing: no floor instructions a second time.
    assert sum(p.startswith("To get up") for p in said) == 1
    assert sum(p.startswith("To get down") for p in said) == 1


def test_sets_and_exercises_change_by_themselves(plain: Any) -> None:
    summary, _, _ = plain
    assert summary["status"] == "complete"
    assert [
        (r["exercise"], r["programme_status"], r["sets_done"], r["reps"])
        for r in summary["exercises"]
    ] == [
        ("bridge", "complete", 2, 2),
        ("squat", "complete", 2, 8),
        ("wall-press-up", "complete", 2, 2),
    ]
    assert summary["totals"]["exercises_complete"] == 3
    assert summary["totals"]["sets_done"] == 6


def test_the_rest_timer_waits_its_time_then_starts_the_next_set(plain: Any) -> None:
    summary, _, _ = plain
    wall = summary["exercises"][2]
    phases = [(p["phase"], p["t_ms"]) for p in wall["phases"]]
    rest_at = next(t for ph, t in phases if ph == "rest")
    set2_at = [t for ph, t in phases if ph == "set"][-1]
    # The first press-up ends at 6.2 s in this recording; the rest is 3 s; frames come
    # every 100 ms, so set 2 begins on the first frame at or after 9.2 s.
    assert rest_at == 6200
    assert 9200 <= set2_at < 9300
    assert phases[-1][0] == "done"


def test_each_exercise_is_recorded_like_live(plain: Any) -> None:
    summary, _, tmp = plain
    for result in summary["exercises"]:
        alone = analyze(SOURCES[result["exercise"]], result["exercise"])
        meta = json.loads((Path(result["session_dir"]) / "session.json").read_text())
        assert meta["status"] == "complete"
        assert meta["summary"]["reps"] == alone["reps"] == result["reps"]
        assert meta["summary"]["holds_s"] == alone["holds_s"]
        assert meta["programme"]["name"] == "three-tracks"
        assert [p["phase"] for p in meta["programme"]["phases"]][-1] == "done"
    with sqlite3.connect(tmp / "history.sqlite3") as db:
        rows = db.execute(
            "SELECT exercise, status, reps, pain_before, pain_after FROM sessions ORDER BY id"
        ).fetchall()
    assert rows == [
        ("bridge", "complete", 2, 2, None),
        ("squat", "complete", 8, None, None),
        ("wall-press-up", "complete", 2, None, 3),
    ]
    record = json.loads(Path(summary["record"]).read_text())
    assert record["status"] == "complete"
    assert [s["exercise"] for s in record["sessions"]] == ["bridge", "squat", "wall-press-up"]


@pytest.mark.parametrize(
    ("choice", "want_status", "want_reps"),
    [
        # red after bridge set 1, stop: nothing more is run
        (Choice.STOP, ["stopped for pain", "not reached: stopped", "not reached: stopped"], 1),
        # longer rests: the rest doubles (1.5 s -> 3 s) and the programme goes on
        (Choice.LONGER_RESTS, ["complete", "complete", "complete"], 12),
    ],
)
def test_red_pain_between_sets_adapts_on_the_patients_choice(
    tmp_path: Path, choice: Choice, want_status: list[str], want_reps: int
) -> None:
    summary, speaker = run_three_tracks(tmp_path, pain_between=7, if_red=choice)
    assert [r.get("programme_status", r["status"]) for r in summary["exercises"]] == want_status
    assert summary["totals"]["reps"] == want_reps
    assert "That is in the red zone" in " ".join(speaker.spoken)
    checks = summary["pain"]["checks"]
    assert checks[0] == {
        "exercise": "bridge",
        "after_set": 1,
        "score": 7,
        "zone": "red",
        "t_ms": 4280,
    }
    if choice == Choice.LONGER_RESTS:
        assert "Set 1 done. Rest for 1.5 seconds." in speaker.spoken
        # the squat's 0.5 s doubled by the bridge's choice; the press-up's 3 s doubled
        # twice (the squat's red check chose longer rests again), the most it may be
        assert "Set 1 done. Rest for 1 second." in speaker.spoken
        assert "Set 1 done. Rest for 12 seconds." in speaker.spoken
        meta = json.loads(
            (Path(summary["exercises"][0]["session_dir"]) / "session.json").read_text()
        )
        assert meta["pain_checks"][0]["score"] == 7
        assert meta["choices"] == [{"exercise": "bridge", "choice": "longer-rests"}]


def test_headless_cli_prints_one_summary_per_exercise_and_totals(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "posecount", "programme", str(DATA / "three_tracks.toml")]
    for ex, path in SOURCES.items():
        args += ["--source", f"{ex}={path}"]
    args += [
        "--fast",
        "--no-window",
        "--mute",
        "--pain-before",
        "1",
        "--pain-after",
        "10",
        "--json",
        "--db",
        str(tmp_path / "h.sqlite3"),
    ]
    env = {"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "POSECOUNT_DB": ""}
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert [r["reps"] for r in out["exercises"]] == [2, 8, 2]
    assert out["totals"]["reps"] == 12
    assert out["pain"]["before"] == 1 and out["pain"]["after"] == 10
    assert "Squat done. Well done." in out["spoken"]  # the transcript, even muted
    follow = subprocess.run(
        [
            sys.executable,
            "-m",
            "posecount",
            "pain",
            "--after-30-min",
            "4",
            "--db",
            str(tmp_path / "h.sqlite3"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert follow.returncode == 0, follow.stderr
    assert "not settled yet (it was 1 before)" in follow.stderr
    with sqlite3.connect(tmp_path / "h.sqlite3") as db:
        assert db.execute("SELECT pain_30min FROM sessions").fetchall() == [(4,), (4,), (4,)]
    meta = json.loads((Path(out["exercises"][1]["session_dir"]) / "session.json").read_text())
    assert meta["pain"]["30min"] == 4


def test_fewer_reps_after_red_pain_is_what_is_said_and_counted(tmp_path: Path) -> None:
    summary, speaker = run_three_tracks(tmp_path, pain_between=6, if_red=Choice.FEWER_REPS)
    said = speaker.spoken
    # squat 2 x 4: a third fewer after the bridge's red check (2), again after its own (1)
    squat = said[said.index("Exercise 2 of 3: Squat.") :]
    _in_order(
        squat,
        [
            "1",
            "2",
            "Set 1 done. Rest for 0.5 seconds.",
            "Set 2 of 2: 1 rep.",
            "1",
            "Squat done. Well done.",
        ],
    )
    result = summary["exercises"][1]
    assert (result["programme_status"], result["sets_done"], result["reps"]) == ("complete", 2, 3)
    assert [c["choice"] for c in summary["choices"]] == ["fewer-reps"] * 3


def test_a_programme_ending_on_the_floor_ends_with_getting_up(tmp_path: Path) -> None:
    speaker = Speaker(["true"], max_queued=None)
    ProgrammeRun(
        ProgrammeOptions(
            load_programme(DATA / "progressing.toml"),
            sources={"bridge": SOURCES["bridge"]},
            window=False,
            fast=True,
            sessions_root=tmp_path / "sessions",
            db_path=tmp_path / "h.sqlite3",
            speaker=speaker,
        )
    ).run()
    speaker.close()
    assert speaker.spoken[-2].startswith("To get up from the floor: roll onto your side")
    assert speaker.spoken[-1].startswith("That is the programme done.")
