"""`analyze <session folder>` re-counts a recorded session with its own exercise and
prescription; a track saved under any name is read as a track."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TRACKS_DIR
from headless_live import headless_session
from posecount.errors import SourceError
from posecount.store.folder import read_session

BRIDGE = TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"


def _posecount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posecount", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def session(tmp_path: Path) -> Path:
    rx = tmp_path / "rx.toml"
    rx.write_text("[bridge]\nreps = 4\nhold_s = 2\n")
    session = headless_session("bridge", BRIDGE, tmp_path / "sessions", prescription_file=rx)
    return Path(session.run()["session_dir"])


def test_analyze_a_session_folder_uses_its_exercise_and_prescription(session: Path) -> None:
    result = _posecount("analyze", str(session), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["exercise"] == "bridge" and summary["reps"] == 2
    assert summary["prescription"]["reps"] == 4 and summary["prescription"]["hold_s"] == 2


def test_a_prescription_file_overrides_the_recorded_one(session: Path, tmp_path: Path) -> None:
    rx = tmp_path / "other.toml"
    rx.write_text("[bridge]\nreps = 9\n")
    result = _posecount("analyze", str(session), "-p", str(rx), "--json")
    assert json.loads(result.stdout)["prescription"]["reps"] == 9


@pytest.mark.parametrize(
    ("broken", "words"),
    [("no-track", "no pose track"), ("bad-meta", "cannot read session.json")],
)
def test_a_broken_session_folder_is_one_clear_error(session: Path, broken: str, words: str) -> None:
    if broken == "no-track":
        (session / "pose.posetrack.jsonl").unlink()
    else:
        (session / "session.json").write_bytes(b"\xff\xfe{")
    with pytest.raises(SourceError, match=words):
        read_session(session)


@pytest.mark.parametrize("name", ["session.txt", "track", "out.posetrack.jsonl.x1y2.part"])
def test_a_track_under_any_name_is_read_by_content(tmp_path: Path, name: str) -> None:
    copy = tmp_path / name
    shutil.copy(BRIDGE, copy)
    result = _posecount("analyze", str(copy), "-e", "bridge")
    assert result.returncode == 0, result.stderr
    assert "reps: 2" in result.stdout
