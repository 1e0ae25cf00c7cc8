"""Video files, read with OpenCV (one of the two places cv2 is used)."""

from __future__ import annotations

import logging
import math
import queue
import threading
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import cast

import cv2
import numpy as np

from posecount.capture.source import RateSampler
from posecount.errors import SourceError
from posecount.types import Frame

log = logging.getLogger(__name__)

# Container headers are not always honest: phone clips are variable frame rate and some
# files claim 1000 fps. Rates outside this range are not believed.
_SANE_FPS = (1.0, 240.0)
_FALLBACK_FPS = 30.0
# A presentation time that jumps more than this past the previous one is a broken
# timestamp, not a real pause in a recording.
_MAX_PTS_STEP_MS = 1000.0


def downscale(image_bgr: np.ndarray, max_side_px: int | None) -> np.ndarray:
    """Shrink so the longer side is at most max_side_px: the pose networks see 224-256 px
    inputs, so a 1080p frame costs conversion time and gains nothing."""
    if max_side_px is None:
        return image_bgr
    h, w = image_bgr.shape[:2]
    scale = max_side_px / max(h, w)
    if scale >= 1.0:
        return image_bgr
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(image_bgr, size, interpolation=cv2.INTER_AREA)


ROTATIONS_DEG = (0, 90, 180, 270)
_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def check_rotation(rotate_deg: int) -> int:
    if rotate_deg not in ROTATIONS_DEG:
        raise SourceError(f"rotation must be 0, 90, 180 or 270 degrees, got {rotate_deg}")
    return rotate_deg


def rotated_size(size: tuple[int, int], rotate_deg: int) -> tuple[int, int]:
    return (size[1], size[0]) if rotate_deg in (90, 270) else size


def analysis_frame(
    index: int, t_ms: int, image_bgr: np.ndarray, max_side_px: int | None, rotate_deg: int = 0
) -> Frame:
    """A sampled frame, turned upright (a camera mounted on its side), downscaled, with
    the RGB copy the pose model wants (cvtColor is ~30x faster than flipping channels in
    numpy)."""
    if rotate_deg:
        image_bgr = cv2.rotate(image_bgr, _ROTATE[rotate_deg])
    small = downscale(image_bgr, max_side_px)
    return Frame(index, t_ms, small, cv2.cvtColor(small, cv2.COLOR_BGR2RGB))


# OpenCV opens a still picture as a one-frame "video", which then counts nothing: say what
# it is instead. Magic numbers from each format's specification.
_IMAGE_MAGIC = {
    b"\xff\xd8\xff": "JPEG",
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"BM": "BMP",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}


def image_kind(path: Path) -> str | None:
    """The still-image format of a file, by its first bytes; None for anything else."""
    try:
        with open(path, "rb") as fh:
            start = fh.read(16)
    except OSError:
        return None
    if start[:4] == b"RIFF" and start[8:12] == b"WEBP":
        return "WebP"
    return next((kind for magic, kind in _IMAGE_MAGIC.items() if start.startswith(magic)), None)


def _open_error(path: Path) -> SourceError | None:
    if not path.exists():
        return SourceError(f"video not found: {path}; check the path and try again")
    if path.is_dir():
        return SourceError(
            f"expected a video file, got a folder: {path}; pass a video, a pose track or a "
            "recorded session folder (one with session.json)"
        )
    if path.stat().st_size == 0:
        return SourceError(f"video file is empty (0 bytes): {path}; record or copy it again")
    kind = image_kind(path)
    if kind is not None:
        return SourceError(
            f"{path} is a {kind} image, not a video: a single picture shows no movement to "
            "count; record the exercise as a video"
        )
    return None


# Decoding (every frame, sampled or not) and pose inference each keep one core busy, and
# OpenCV and MediaPipe both release the GIL while they work: a decoder thread a few frames
# ahead overlaps them (benchmarks/speed_memory.py, "decode on a thread", measured side by
# side). A few frames of look-ahead absorb the decoder's uneven pace (a key frame costs
# more) while holding at most that many downscaled pictures, so memory does not grow.
DEFAULT_READ_AHEAD = 4
_END = object()


class _ReadAhead:
    """`frames`, produced on a worker thread up to `depth` ahead of the consumer, in the
    same order. An error on the worker is raised to the consumer. `stop()` (called when the
    iteration ends early: close, break, Ctrl-C in the consumer; and by the source's close)
    returns only once the worker has let go of the capture, so it is never released while
    the worker still reads it."""

    def __init__(self, frames: Generator[Frame, None, None], depth: int) -> None:
        self._frames = frames
        self._box: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._worker = threading.Thread(target=self._work, name="posecount-decode", daemon=True)
        self._worker.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._box.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _work(self) -> None:
        try:
            for frame in self._frames:
                if not self._put(frame):
                    return
            self._put(_END)
        except BaseException as exc:  # handed to the consumer, raised there
            self._put(exc)
        finally:
            self._frames.close()

    def __iter__(self) -> Iterator[Frame]:
        try:
            while True:
                item = self._box.get()
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield cast(Frame, item)
        finally:
            self.stop()

    def stop(self) -> None:
        self._stop.set()
        interrupted: KeyboardInterrupt | None = None
        # A second Ctrl-C while waiting must not leave the worker reading a capture that is
        # about to be released (a crash in native code); the wait is one frame's decode.
        while self._worker.is_alive():
            try:
                self._worker.join()
            except KeyboardInterrupt as exc:
                interrupted = exc
        if interrupted is not None:
            raise interrupted


def _read_ahead(frames: Generator[Frame, None, None], depth: int) -> Iterator[Frame]:
    return iter(_ReadAhead(frames, depth))


class VideoFileSource:
    """Frames of a video file, timestamped from the container's presentation times when
    they are sane, else from the frame index and the float frame rate.

    `read_ahead`: frames decoded ahead on a worker thread (0: decode in the caller's
    thread, between pose calls; None: DEFAULT_READ_AHEAD)."""

    def __init__(
        self,
        path: Path,
        *,
        target_fps: float | None = None,
        max_side_px: int | None = None,
        rotate_deg: int = 0,
        read_ahead: int | None = None,
    ) -> None:
        self.rotate_deg = check_rotation(rotate_deg)
        self.path = Path(path)
        self.name = self.path.name
        err = _open_error(self.path)
        if err:
            raise err
        self._cap = cv2.VideoCapture(str(self.path))
        ok = self._cap.isOpened()
        read_ok, image = self._cap.read() if ok else (False, None)
        if not read_ok or image is None:
            self._cap.release()
            raise SourceError(
                f"cannot read {self.path} as a video (not a video, or corrupt); "
                "pass an .mp4/.mov/.avi video or a .posetrack.jsonl pose track"
            )
        self._first: np.ndarray | None = image
        header_fps = float(self._cap.get(cv2.CAP_PROP_FPS) or 0.0)
        self.header_fps = header_fps
        self.fps = header_fps if _SANE_FPS[0] <= header_fps <= _SANE_FPS[1] else _FALLBACK_FPS
        self.frame_count = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
        h, w = image.shape[:2]
        self.source_size_px = (w, h)
        self.max_side_px = max_side_px
        self.frame_size_px = _scaled_size(rotated_size((w, h), rotate_deg), max_side_px)
        self._sampler = RateSampler(target_fps)
        self.truncated = False
        self.frames_decoded = 0
        if read_ahead is None:
            read_ahead = DEFAULT_READ_AHEAD  # looked up here so a benchmark can switch it
        if read_ahead < 0:
            raise ValueError(f"read_ahead must be >= 0 frames, got {read_ahead}")
        self.read_ahead = read_ahead
        self._reader: _ReadAhead | None = None

    def _pts_ms(self) -> float:
        return float(self._cap.get(cv2.CAP_PROP_POS_MSEC))

    def __iter__(self) -> Iterator[Frame]:
        if self.read_ahead == 0:
            yield from self._decoded()
            return
        self._reader = _ReadAhead(self._decoded(), self.read_ahead)
        yield from self._reader

    def _decoded(self) -> Generator[Frame, None, None]:
        """Grab every frame (the decoder cannot skip one: later frames are predicted
        from it) but turn only the sampled ones into pictures: retrieve() is the YUV to
        BGR conversion, at full size, which the frames left out never need."""
        index = 0
        last_t: float | None = None
        step_ms = 1000.0 / self.fps
        first_pts = self._pts_ms()
        pending: np.ndarray | None = self._first
        self._first = None
        while True:
            if pending is None:
                if not self._cap.grab():
                    break
                pts = self._pts_ms()
            else:
                pts = first_pts
            t = pts
            if not math.isfinite(t) or (
                last_t is not None and not 0 < t - last_t <= _MAX_PTS_STEP_MS
            ):
                t = (last_t + step_ms) if last_t is not None else 0.0
            last_t = t
            self.frames_decoded += 1
            if self._sampler.keep(t):
                image = pending
                if image is None:
                    ok, image = self._cap.retrieve()
                    if not ok:
                        break
                yield analysis_frame(index, round(t), image, self.max_side_px, self.rotate_deg)
            pending = None
            index += 1
        if self.frame_count and self.frames_decoded < self.frame_count - 1:
            self.truncated = True
            log.warning(
                "%s ends early: read %d of %d frames (truncated or corrupt); analysed up to there",
                self.name,
                self.frames_decoded,
                self.frame_count,
            )

    def close(self) -> None:
        if self._reader is not None:
            self._reader.stop()
        self._cap.release()


def _scaled_size(size: tuple[int, int], max_side_px: int | None) -> tuple[int, int]:
    w, h = size
    if max_side_px is None or max(w, h) <= max_side_px:
        return (w, h)
    scale = max_side_px / max(w, h)
    return (max(1, round(w * scale)), max(1, round(h * scale)))
