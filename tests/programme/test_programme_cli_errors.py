"""`posecount programme` mistakes: one line, what was received, what to do; exit 2 for a
mistyped command line, 1 for a bad file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TRACKS_DIR

BRIDGE = TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        ([], 2, "give a programme name or file, or --list"),
        (["leaflet-9"], 1, "no programme called 'leaflet-9'"),
        (["leaflet-004", "--source", "bridge"], 2, "write EXERCISE=FILE"),
        (["leaflet-004", "--source", "squat=x.mp4"], 2, "'squat' is not in programme leaflet-004"),
        (["leaflet-004", "--source", "bridge=/nope.mp4"], 2, "/nope.mp4 does not exist"),
        (
            ["leaflet-004", "--source", f"bridge={BRIDGE}", "--if-red", "panic"],
            2,
            "choose one of fewer-reps, less-range, longer-rests, stop",
        ),
        (["leaflet-004", "--pain-before", "11"], 2, "--pain-before"),
        (["leaflet-004", "--rate", "9"], 2, "--rate"),
    ],
)
def test_one_line_errors(tmp_path: Path, args: list[str], code: int, words: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "posecount", "programme", *args, "--no-window", "--mute"]
        if args
        else [sys.executable, "-m", "posecount", "programme"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"XDG_DATA_HOME": str(tmp_path)},
    )
    assert done.returncode == code, done.stderr
    assert words in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
