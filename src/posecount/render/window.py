"""The live window (OpenCV HighGUI): the newest frame with the overlay, at the camera's
rate, whatever the pose stage is doing. Keys: space pauses, n starts the next set, q (or
closing the window) quits, 0-9 answer the pain check between sets."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import cv2
import numpy as np

from posecount.errors import PosecountError
from posecount.render.overlay import draw_overlay

if TYPE_CHECKING:
    from posecount.session.live import LiveSession

TITLE = "posecount"
_FRAME_MS = 15  # ~60 Hz redraw; the camera's own rate decides what is new
# Drawn at least this wide: the patient reads the count from the floor 2-3 m away.
_MIN_DISPLAY_WIDTH_PX = 1280


def _qt_fonts() -> None:
    """OpenCV's Qt window looks for fonts in its own (empty) folder and warns about it on
    every draw; point it at the system's fonts instead."""
    if "QT_QPA_FONTDIR" in os.environ:
        return
    for folder in (
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/truetype",
        "/usr/share/fonts",
    ):
        if Path(folder).is_dir():
            os.environ["QT_QPA_FONTDIR"] = folder
            return


def _display_size(image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    if w >= _MIN_DISPLAY_WIDTH_PX:
        return image
    scale = _MIN_DISPLAY_WIDTH_PX / w
    return cv2.resize(
        image, (_MIN_DISPLAY_WIDTH_PX, round(h * scale)), interpolation=cv2.INTER_LINEAR
    )


_NO_WINDOW = (
    "cannot open a window here ({why}); run with --no-window "
    "(and --pain-before/--pain-after), or start it from a desktop session"
)


def check_display() -> None:
    """Fail early, with one line, where no window can open (no screen, headless OpenCV).

    OpenCV's Qt backend does not raise when it cannot reach a display: it aborts the whole
    process. So on Linux the display is tried first in a throwaway child process."""
    _qt_fonts()
    if sys.platform.startswith("linux"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            raise PosecountError(_NO_WINDOW.format(why="no display: DISPLAY is not set"))
        probe = "import cv2; cv2.namedWindow('probe'); cv2.waitKey(1); cv2.destroyAllWindows()"
        try:
            done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=20)
        except subprocess.TimeoutExpired:
            raise PosecountError(_NO_WINDOW.format(why="the display did not answer")) from None
        if done.returncode != 0:
            why = f"the display {os.environ.get('DISPLAY', '')} refused it"
            raise PosecountError(_NO_WINDOW.format(why=why))
    try:
        cv2.namedWindow(TITLE, cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL)
    except cv2.error:
        raise PosecountError(_NO_WINDOW.format(why="OpenCV has no GUI support")) from None


def show(session: LiveSession) -> None:
    mirror = session.options.source is None  # a webcam preview is shown as a mirror
    blank = None
    sized = False
    while not (session.stop.is_set() or session.finished.is_set()):
        image = session.shared.image
        if image is None:
            w, h = session.header.frame_size_px
            if blank is None:
                blank = np.zeros((max(h, 360), max(w, 640), 3), np.uint8)
            image = blank
        image = _display_size(image)
        state = session.shared.overlay
        if state is not None:
            image = draw_overlay(image, session.shared.pose, state, mirror=mirror)
        if not sized:
            cv2.resizeWindow(TITLE, image.shape[1], image.shape[0])
            sized = True
        cv2.imshow(TITLE, image)
        key = cv2.waitKey(_FRAME_MS) & 0xFF
        if key == ord("q") or cv2.getWindowProperty(TITLE, cv2.WND_PROP_VISIBLE) < 1:
            break
        if key == ord(" "):
            if session.paused.is_set():
                session.paused.clear()
            else:
                session.paused.set()
        elif key == ord("n"):
            for phrase in session.coach.next_set():
                session.speaker.say(phrase)
        elif ord("0") <= key <= ord("9") and session.coach.set_done:
            session.recorder.pain(f"after set {session.coach.set_index}", key - ord("0"))
        time.sleep(0)
    cv2.destroyWindow(TITLE)
