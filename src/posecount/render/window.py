"""The live window (OpenCV HighGUI): the newest frame with the overlay, at the camera's
rate, whatever the pose stage is doing. Keys: space pauses, n starts the next set, q (or
closing the window) quits, 0-9 answer the pain check between sets."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import cv2
import numpy as np

from posecount.errors import PosecountError
from posecount.render.overlay import draw_overlay

if TYPE_CHECKING:
    from posecount.session.live import LiveSession

TITLE = "posecount"
_FRAME_MS = 15  # ~60 Hz redraw; the camera's own rate decides what is new


def check_display() -> None:
    """Fail early, with one line, where no window can open (no screen, headless OpenCV)."""
    try:
        cv2.namedWindow(TITLE, cv2.WINDOW_NORMAL)
    except cv2.error:
        raise PosecountError(
            "cannot open a window here (no display, or OpenCV without GUI support); "
            "run with --no-window"
        ) from None


def show(session: LiveSession) -> None:
    mirror = session.options.source is None  # a webcam preview is shown as a mirror
    blank = None
    while not session.stop.is_set():
        image = session.shared.image
        if image is None:
            w, h = session.header.frame_size_px
            if blank is None:
                blank = np.zeros((max(h, 360), max(w, 640), 3), np.uint8)
            image = blank
        state = session.shared.overlay
        if state is not None:
            image = draw_overlay(image, session.shared.pose, state, mirror=mirror)
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
