"""Bad input meets one clear line on stderr and exit code 1 (2 for command-line usage),
never a traceback. Run as a real subprocess, the way a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TRACK_HEADER = (
    '{"source":"x.mp4","fps":30,"frame_size_px":[640,360],"model":"lite",'
    '"format":"posecount.posetrack","version":1}\n'
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posecount", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def make_inputs(tmp: Path) -> dict[str, Path]:
    files = {
        "text.mp4": "this is not a video\n",
        "empty.mp4": "",
        "bad.posetrack.jsonl": TRACK_HEADER + '{"t_ms": 0, "landmarks": [[1, 2]]}\n',
        "notjson.posetrack.jsonl": "hello\n",
        "rx.toml": "[bridge]\nsets = 3\nreps = 'ten'\n",
        "good.posetrack.jsonl": TRACK_HEADER + '{"t_ms": 0, "landmarks": null, "world": null}\n',
    }
    for name, text in files.items():
        (tmp / name).write_text(text)
    return {name: tmp / name for name in files}


CASES = [
    # (args with {placeholders}, expected words in the one error line, exit code)
    (["analyze", "{tmp}/missing.mp4", "-e", "bridge"], "not found", 1),
    (["analyze", "{text.mp4}", "-e", "bridge"], "cannot read", 1),
    (["analyze", "{empty.mp4}", "-e", "bridge"], "empty", 1),
    (["analyze", "{bad.posetrack.jsonl}", "-e", "bridge"], "line 2", 1),
    (["analyze", "{notjson.posetrack.jsonl}", "-e", "bridge"], "line 1", 1),
    (["analyze", "{good.posetrack.jsonl}", "-e", "press-ups"], "unknown exercise", 1),
    (["analyze", "{good.posetrack.jsonl}", "-e", "plank"], "or a leaflet name", 1),
    (["analyze", "{good.posetrack.jsonl}", "-e", "bridge", "-p", "{rx.toml}"], "line 3", 1),
    (["analyze", "{good.posetrack.jsonl}", "-e", "bridge", "-p", "{tmp}/no.toml"], "not found", 1),
    (
        ["track", "{text.mp4}", "-o", "{tmp}/o.posetrack.jsonl", "--model", "{tmp}/no.task"],
        "model",
        1,
    ),
    (["track", "--camera", "99", "-o", "{tmp}/o.posetrack.jsonl"], "no camera", 1),
    (["analyze", "-e", "bridge"], "--camera INDEX", 2),
    (["analyze", "{good.posetrack.jsonl}"], "Missing option", 2),
    (["analyze", "{good.posetrack.jsonl}", "-e", "bridge", "--fps", "0"], "Invalid value", 2),
    (["analyze", "{good.posetrack.jsonl}", "-e", "bridge", "--bogus"], "No such option", 2),
    (["bogus"], "No such command", 2),
]


@pytest.mark.parametrize("args", [["analyze", "--help"], ["live", "--help"], ["score", "--help"]])
def test_help_shows_flags_as_flags(args: list[str]) -> None:
    out = run(*args).stdout
    assert "--json" in out and "<bool>" not in out and "╭" not in out


def test_downloading_a_bundled_model_needs_no_network() -> None:
    # An unroutable proxy: any attempt to fetch would fail.
    result = subprocess.run(
        [sys.executable, "-m", "posecount", "models", "download", "lite"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"},
    )
    assert result.returncode == 0, result.stderr
    assert "already installed" in result.stderr
    assert result.stdout.strip().endswith("pose_landmarker_lite.task")


@pytest.mark.parametrize(
    ("args", "words", "code"), CASES, ids=[" ".join(c[0][:2]) + f" {c[1]}" for c in CASES]
)
def test_bad_input_gets_one_line_and_exit_code(
    tmp_path: Path, args: list[str], words: str, code: int
) -> None:
    inputs = make_inputs(tmp_path)
    fill = {"tmp": str(tmp_path), **{k: str(v) for k, v in inputs.items()}}

    def filled(arg: str) -> str:
        for key, value in fill.items():
            arg = arg.replace("{" + key + "}", value)
        return arg

    result = run(*(filled(a) for a in args))
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert words in result.stderr
    # Usage mistakes too: one line, not typer's five-line boxed panel.
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr


def test_exercises_lists_the_catalogue() -> None:
    result = run("exercises")
    assert result.returncode == 0
    for exercise in ("knee-rolls", "bridge", "sit-to-stand", "single-leg-stance", "squat"):
        assert exercise in result.stdout
    assert "camera:" in result.stdout


def test_live_without_a_display_is_one_line_not_an_abort(tmp_path: Path) -> None:
    # OpenCV's Qt window aborts the process when it cannot reach a display; posecount
    # must notice first and say what to do.
    track = Path(__file__).resolve().parents[2] / "sample_videos" / "tracks"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["XDG_DATA_HOME"] = str(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "posecount",
            "live",
            "-e",
            "bridge",
            "--mute",
            "--source",
            str(track / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: cannot open a window here (no display: DISPLAY is not set); run with "
        "--no-window (and --pain-before/--pain-after), or start it from a desktop session"
    ]
