"""`live` for the tests, headless: a committed pose track (or a video) played as if it were
the camera, no window and no sound. In process it runs as fast as it analyses; through the
CLI it runs in real time, as a patient's session would, so a signal lands part-way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from posecount.session.live import LiveOptions, LiveSession


def headless_session(exercise: str, source: Path, root: Path, **options: Any) -> LiveSession:
    """`options` override the headless defaults (mute, not real time) or add to them."""
    given = {"mute": True, "realtime": False, **options}
    return LiveSession(
        LiveOptions(exercise=exercise, source=source, window=False, sessions_root=root, **given)
    )


def live_argv(exercise: str, source: Path, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "posecount", "live", "-e", exercise, "--source", str(source)]
    return [*command, "--no-window", "--mute", *extra]


def data_env(data: Path, **more: str) -> dict[str, str]:
    """The environment with the user data folder (sessions, history) moved to `data`."""
    return {**os.environ, "XDG_DATA_HOME": str(data), **more}


def start_live_cli(
    exercise: str, source: Path, data: Path, *extra: str, **env: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        live_argv(exercise, source, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=data_env(data, **env),
        stdin=subprocess.DEVNULL,
    )


def run_live_cli(
    exercise: str, source: Path, data: Path, *extra: str, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        live_argv(exercise, source, *extra),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env=data_env(data, **env),
    )


def only_session(data: Path) -> Path:
    """The one session folder `live` recorded with its data folder at `data`."""
    (folder,) = (data / "posecount" / "sessions").iterdir()
    return folder


def corrupt_copy(track: Path, folder: Path, bad_line: int) -> Path:
    """The track with a line that is not JSON inserted as line `bad_line`."""
    lines = track.read_text().splitlines(keepends=True)
    broken = folder / "broken.posetrack.jsonl"
    keep = bad_line - 1
    broken.write_text("".join(lines[:keep]) + "{not json}\n" + "".join(lines[keep:]))
    return broken


def writing_speech_engine(said: Path) -> list[str]:
    """A speech engine command that appends each phrase it is given (its last argument)
    to `said`, one a line: a real process, and no sound."""
    script = said.with_name(said.stem + "_engine.py")
    script.write_text(f"import sys\nopen({str(said)!r}, 'a').write(sys.argv[-1] + '\\n')\n")
    return [sys.executable, str(script)]
