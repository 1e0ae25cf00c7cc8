"""The programme in a real window on a virtual X display (Xvfb), full screen, at three
screen sizes: screenshots taken from the X server during a hold, with the large elements
measured in pixels; and the programme runs to its end with a window and no key pressed.

Set POSECOUNT_SCREENSHOTS=DIR to keep the screenshots (docs/programme.png is one)."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import TRACKS_DIR
from posecount.render.overlay import (
    COUNT_MIN_SHARE,
    CUE_MIN_SHARE,
    HOLD_MIN_SHARE,
    SET_MIN_SHARE,
)
from screen_measure import measure

DATA = Path(__file__).parents[1] / "programme" / "data"

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None,
    reason="Xvfb not installed (apt-get install xvfb; .ci/run installs it)",
)


def _grabber():  # type: ignore[no-untyped-def]
    ImageGrab = pytest.importorskip("PIL.ImageGrab", reason="Pillow is needed for screenshots")
    from PIL import features

    if not features.check("xcb"):
        pytest.skip("this Pillow has no X11 (xcb) support for screenshots")
    return ImageGrab


class _Xvfb:
    def __init__(self, width: int, height: int) -> None:
        # Xvfb picks a free display itself and writes its number and a newline to the pipe
        # once it accepts clients (-displayfd). A fixed number can meet the lock or socket
        # of a server still going away (the previous case's). The pipe is read to the
        # newline and kept open while the server runs: closed after the digits alone, the
        # server's write of the newline fails and it exits ("Cannot write display number"),
        # and the programme then finds no display (1 case in 4 or so).
        self._pipe, write_fd = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24"]
            + ["-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_fd,),
        )
        os.close(write_fd)
        said = b""
        deadline = time.monotonic() + 10
        while not said.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([self._pipe], [], [], 0.5)
            if ready:
                chunk = os.read(self._pipe, 64)
                if not chunk:
                    break
                said += chunk
        number = said.decode().strip()
        if not number.isdigit():
            self.close()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        os.close(self._pipe)


def _programme(
    display: str, tmp: Path, toml: Path, sources: dict[str, Path], *extra: str
) -> subprocess.Popen[str]:
    args = [
        sys.executable,
        "-m",
        "posecount",
        "programme",
        str(toml),
        "--mute",
        "--json",
        "--pain-before",
        "1",
        "--pain-after",
        "2",
        "--db",
        str(tmp / "h.sqlite3"),
        *extra,
    ]
    for ex, path in sources.items():
        args += ["--source", f"{ex}={path}"]
    env = {**os.environ, "DISPLAY": display, "XDG_DATA_HOME": str(tmp)}
    env.pop("WAYLAND_DISPLAY", None)
    return subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _hold_screenshot(grab, tmp: Path, width: int, height: int):  # type: ignore[no-untyped-def]
    """(screenshot during the hold or None, the last measures, the programme's stderr)."""
    x = _Xvfb(width, height)
    try:
        # The track's hold runs from 5.6 s to 36.8 s (played in real time).
        proc = _programme(
            x.display,
            tmp,
            DATA / "long_hold.toml",
            {"bottom-to-heels": TRACKS_DIR / "bottom_to_heels_side_hold30s.posetrack.jsonl"},
        )
        shot = None
        got: dict[str, int] = {}
        deadline = time.monotonic() + 40
        time.sleep(6)
        while time.monotonic() < deadline and proc.poll() is None:
            image = grab.grab(xdisplay=x.display)
            bgr = np.asarray(image.convert("RGB"))[..., ::-1].copy()
            got = measure(bgr)
            if got["hold"] > HOLD_MIN_SHARE * height / 2 and got["count"] > 0:
                shot = bgr
                break
            time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        x.close()
    return shot, got, err


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080), (2560, 1600)])
def test_screenshots_during_a_hold_meet_the_minimum_sizes(
    tmp_path: Path, width: int, height: int
) -> None:
    grab = _grabber()
    # Up to two tries, each on a fresh server: in 1 CI run of several the programme's
    # window never appeared on the 2560x1600 Xvfb (no window manager), the screen black
    # throughout, though it ran; only that blank screen is tried again. A window that
    # appears but draws too small fails the asserts below on the first try.
    for _ in range(2):
        shot, got, err = _hold_screenshot(grab, tmp_path, width, height)
        if shot is not None or any(got.values()):
            break
    assert shot is not None, f"no hold on screen: {got}; {err[-500:]}"
    assert shot.shape[:2] == (height, width)
    keep = os.environ.get("POSECOUNT_SCREENSHOTS")
    if keep:
        import cv2

        cv2.imwrite(str(Path(keep) / f"programme_{width}x{height}.png"), shot)
    assert got["count"] >= COUNT_MIN_SHARE * height, got
    assert got["hold"] >= HOLD_MIN_SHARE * height, got
    assert got["set"] >= SET_MIN_SHARE * height, got
    assert got["cue"] >= CUE_MIN_SHARE * height, got


def test_a_programme_runs_to_its_end_in_a_window_with_no_key(tmp_path: Path) -> None:
    import json

    x = _Xvfb(1280, 720)
    sources = {
        "bridge": TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl",
        "squat": TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl",
        "wall-press-up": TRACKS_DIR / "wall_pushup_leapfit_side_2reps.posetrack.jsonl",
    }
    try:
        proc = _programme(x.display, tmp_path, DATA / "three_tracks.toml", sources, "--fast")
        out, err = proc.communicate(timeout=120)
    finally:
        x.close()
    assert proc.returncode == 0, err
    summary = json.loads(out)
    assert [(r["programme_status"], r["sets_done"], r["reps"]) for r in summary["exercises"]] == [
        ("complete", 2, 2),
        ("complete", 2, 8),
        ("complete", 2, 2),
    ]
    assert summary["status"] == "complete"
