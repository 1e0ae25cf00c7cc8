"""The live window (OpenCV HighGUI): the newest frame with the overlay, at the camera's
rate, whatever the pose stage is doing. Keys: space pauses, n starts the next set, q (or
closing the window) quits, 0-9 answer the pain check between sets. In a programme the
keys go to the programme (space pause, n next set, s skip, q stop, 0-10 pain).

Full screen (the default for live and programme), the picture is fitted to the screen
and the overlay drawn at the screen's own pixels, so its sizes are shares of the screen
(see render.overlay's programme screen for the minimum sizes)."""

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
from posecount.types import PoseFrame

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


_PROBE_TRIES = 3
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
        # Tried up to three times: an X server that has only just started (a virtual
        # display in a test, a session still logging in) can refuse the first client.
        for attempt in range(_PROBE_TRIES):
            try:
                done = subprocess.run(
                    [sys.executable, "-c", probe], capture_output=True, timeout=20
                )
            except subprocess.TimeoutExpired:
                raise PosecountError(_NO_WINDOW.format(why="the display did not answer")) from None
            if done.returncode == 0:
                break
            if attempt + 1 < _PROBE_TRIES:
                time.sleep(0.5)
        else:
            said = done.stderr.decode(errors="replace").strip().splitlines()
            why = f"the display {os.environ.get('DISPLAY', '')} refused it"
            if said:  # Qt's first line says why ("could not connect to display :1")
                why += f" ({said[0][:160]})"
            raise PosecountError(_NO_WINDOW.format(why=why))
    try:
        cv2.namedWindow(TITLE, cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL)
    except cv2.error:
        raise PosecountError(_NO_WINDOW.format(why="OpenCV has no GUI support")) from None


def _fit_to(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The picture scaled to fill the window (width, height), its shape kept, centred on
    black: the overlay is then drawn at the window's own pixels, so its sizes are shares
    of the real screen, whatever the camera's resolution."""
    w, h = size
    ih, iw = image.shape[:2]
    scale = min(w / iw, h / ih)
    nw, nh = max(1, round(iw * scale)), max(1, round(ih * scale))
    canvas = np.zeros((h, w, 3), np.uint8)
    x0, y0 = (w - nw) // 2, (h - nh) // 2
    canvas[y0 : y0 + nh, x0 : x0 + nw] = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_LINEAR)
    return canvas


def screen_size_px() -> tuple[int, int] | None:
    """The X screen's size in pixels (None off X11, or without libX11). OpenCV cannot
    tell; without a window manager (a bare X server, Xvfb) it does not make a window full
    screen either, so the window is sized to this by hand as well.

    No DPI factor is needed beyond it: every size on the programme screen is a share of
    the screen's height, so its physical size is that share of the physical screen,
    whatever the pixel density."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("X11")
    if not name or not os.environ.get("DISPLAY"):
        return None
    try:
        x11 = ctypes.CDLL(name)
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultScreen.argtypes = [ctypes.c_void_p]
        x11.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
        dpy = x11.XOpenDisplay(None)
        if not dpy:
            return None
        try:
            screen = x11.XDefaultScreen(dpy)
            return int(x11.XDisplayWidth(dpy, screen)), int(x11.XDisplayHeight(dpy, screen))
        finally:
            x11.XCloseDisplay(dpy)
    except (OSError, AttributeError):
        return None


def _window_size() -> tuple[int, int] | None:
    try:
        _, _, w, h = cv2.getWindowImageRect(TITLE)
    except cv2.error:
        return None
    return (w, h) if w >= 320 and h >= 200 else None


def show(session: LiveSession) -> None:
    mirror = session.options.source is None  # a webcam preview is shown as a mirror
    fullscreen = getattr(session.options, "fullscreen", False)
    # Each exercise of a programme shows its own session; the last one closed the window.
    cv2.namedWindow(TITLE, cv2.WINDOW_NORMAL | cv2.WINDOW_KEEPRATIO | cv2.WINDOW_GUI_NORMAL)
    if fullscreen:
        screen = screen_size_px()
        # The picture is letterboxed here, so the window must not keep a ratio of its own.
        cv2.setWindowProperty(TITLE, cv2.WND_PROP_ASPECT_RATIO, cv2.WINDOW_FREERATIO)
        if screen is not None:
            cv2.moveWindow(TITLE, 0, 0)
            cv2.resizeWindow(TITLE, *screen)
        cv2.setWindowProperty(TITLE, cv2.WND_PROP_FULLSCREEN, cv2.WINDOW_FULLSCREEN)
    else:
        screen = None
    blank = None
    sized = False
    while not (session.stop.is_set() or session.finished.is_set()):
        image = session.shared.image
        if image is None:
            w, h = session.header.frame_size_px
            if blank is None:
                blank = np.zeros((max(h, 360), max(w, 640), 3), np.uint8)
            image = blank
        window = (screen or _window_size()) if fullscreen else None
        if window is not None:
            if mirror:
                image = cv2.flip(image, 1)
            image = _fit_to(image, window)
        else:
            image = _display_size(image)
        state = session.shared.overlay
        if state is not None:
            pose = session.shared.pose
            if window is not None and pose is not None and pose.landmarks is not None:
                pose = _placed(pose, session.header.frame_size_px, window, mirror)
            image = draw_overlay(image, pose, state, mirror=mirror and window is None)
        if not sized and not fullscreen:
            cv2.resizeWindow(TITLE, image.shape[1], image.shape[0])
            sized = True
        cv2.imshow(TITLE, image)
        key = cv2.waitKey(_FRAME_MS) & 0xFF
        closed = cv2.getWindowProperty(TITLE, cv2.WND_PROP_VISIBLE) < 1
        if session.on_key is not None:  # a programme: its own keys, q stops it
            if closed:
                session.on_key("q")
                break
            if key != 0xFF:
                session.on_key(chr(key))
            time.sleep(0)
            continue
        if key == ord("q") or closed:
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
            # Kept with the session (session.json); the history's pain columns are before,
            # after and 30 minutes only, and filing "after set 1" there would fail.
            session.recorder.meta.setdefault("pain_checks", []).append(
                {"after_set": session.coach.set_index, "score": key - ord("0")}
            )
        time.sleep(0)
    cv2.destroyWindow(TITLE)


def _placed(
    pose: PoseFrame, frame_px: tuple[int, int], window: tuple[int, int], mirror: bool
) -> PoseFrame:
    """The landmarks moved into the letterboxed picture (they are shares of the frame;
    the overlay places them as shares of the window)."""
    assert pose.landmarks is not None
    fw, fh = frame_px if frame_px[0] and frame_px[1] else window
    w, h = window
    scale = min(w / fw, h / fh)
    nw, nh = fw * scale, fh * scale
    lm = np.array(pose.landmarks, copy=True)
    x = 1.0 - lm[:, 0] if mirror else lm[:, 0]
    lm[:, 0] = ((w - nw) / 2 + x * nw) / w
    lm[:, 1] = ((h - nh) / 2 + lm[:, 1] * nh) / h
    return PoseFrame(pose.t_ms, lm, pose.world_m, window)
