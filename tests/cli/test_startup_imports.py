"""What a command imports at start-up, so laziness cannot regress: `posecount --help`
and the analysis of a pose track (no pixels) must not pay for OpenCV, MediaPipe, plotting,
the model downloader or anything else they do not use (README "Speed and memory").

Each case runs the real command in a fresh interpreter and reads `sys.modules` after it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import TRACKS_DIR

TRACK = str(TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl")

# Heavy or unrelated to the command: pixels (cv2, mediapipe), plots and reports
# (matplotlib, jinja2), the cluster scorer (distributed), the terminal tables and progress
# bars (rich), the model downloader and its network stack (posecount.pose.models,
# http.client, ssl), the history database (sqlite3), and pydantic, which typer 0.29 began
# importing to coerce options (0.2 s of a 0.45 s track analysis; pyproject pins typer below it).
PIXELS = ["cv2", "mediapipe", "posecount.capture.video", "posecount.pose.mediapipe_backend"]
ELSEWHERE = [
    "matplotlib",
    "jinja2",
    "distributed",
    "rich",
    "http.client",
    "ssl",
    "sqlite3",
    "pydantic",
]
DOWNLOADER = ["posecount.pose.models", "platformdirs"]

CASES = [
    # (argv, must not be imported, must be imported: proof the command did its work)
    (["--help"], [*PIXELS, *ELSEWHERE, *DOWNLOADER, "numpy"], ["posecount.cli.analyze"]),
    (["analyze", "--help"], [*PIXELS, *ELSEWHERE, *DOWNLOADER, "numpy"], []),
    (
        ["analyze", TRACK, "--exercise", "squat"],
        [*PIXELS, *ELSEWHERE, *DOWNLOADER],
        ["numpy", "posecount.session.analysis", "posecount.tracks.format"],
    ),
    (
        ["analyze", TRACK, "--exercise", "squat", "--json"],
        [*PIXELS, *ELSEWHERE, *DOWNLOADER],
        ["posecount.session.analysis"],
    ),
]

_PROBE = """
import json, sys
sys.argv = ["posecount", *json.loads(sys.argv[1])]
from posecount.cli.app import main
try:
    main()
except SystemExit as e:
    code = e.code
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def imported_by(argv: list[str]) -> tuple[int, set[str]]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(argv)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


@pytest.mark.parametrize(
    ("argv", "absent", "present"), CASES, ids=[" ".join(c[0][:1] + c[0][3:]) for c in CASES]
)
def test_start_up_imports_only_what_the_command_uses(
    argv: list[str], absent: list[str], present: list[str]
) -> None:
    code, modules = imported_by(argv)
    assert code in (0, None)
    assert sorted(m for m in absent if m in modules) == []
    assert sorted(m for m in present if m not in modules) == []


def test_the_probe_sees_a_heavy_import_when_there_is_one() -> None:
    # `models list` needs the registry and rich's table: the probe must report them, or
    # the absences above prove nothing.
    code, modules = imported_by(["models", "list"])
    assert code in (0, None)
    assert {"posecount.pose.models", "rich"} <= modules
    assert "mediapipe" not in modules
