"""The pose-track file: landmarks and timestamps only, no pixels (private, small, replayable).

JSON Lines. Line 1 is a header object; every further line is one analysed frame:
    {"t_ms": int, "landmarks": [[x, y, z, visibility, presence] x 33] | null,
     "world": [[x, y, z] x 33] | null}
The writer flushes every line as it goes, so Ctrl-C, a crash or a power cut keeps every
finished frame; the reader accepts a last line cut short by such a stop.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import numpy as np

from posecount.errors import OutputError, TrackFormatError
from posecount.pose.landmarks import LANDMARK_COUNT
from posecount.types import IMAGE_DECIMALS, WORLD_DECIMALS, PoseFrame

FORMAT_NAME = "posecount.posetrack"
FORMAT_VERSION = 1
SUFFIX = ".posetrack.jsonl"
# A header is about 250 bytes; the format name is always in the first line.
_SNIFF_BYTES = 4096
# About 31 years in milliseconds: far beyond any session, well inside a float's exact range.
_MAX_T_MS = 10**12

# fsync at most this often: every line is flushed to the OS at once (survives a crash of
# the program); a power cut may cost at most this much of the newest frames.
_FSYNC_EVERY_S = 1.0


@dataclass(frozen=True, slots=True)
class TrackHeader:
    source: str
    fps: float
    frame_size_px: tuple[int, int]
    model: str
    # Local time with its UTC offset (the moment is exact, and reads as the user lived it).
    created: str = field(
        default_factory=lambda: datetime.now().astimezone().isoformat(timespec="seconds")
    )
    analysis_fps: float | None = None
    max_side_px: int | None = None
    rotate_deg: int = 0
    format: str = FORMAT_NAME
    version: int = FORMAT_VERSION

    def to_json(self) -> str:
        d = asdict(self)
        d["frame_size_px"] = list(self.frame_size_px)
        return json.dumps(d, separators=(",", ":"))


def is_track_path(path: Path) -> bool:
    """A pose track by its name, or by its content: a track saved under another name
    (`-o session.txt`, a `.part` left by a killed run) is still read as a track, not
    handed to the video decoder."""
    if path.name.endswith(SUFFIX) or path.suffix == ".jsonl":
        return True
    try:
        with open(path, "rb") as fh:
            start = fh.read(_SNIFF_BYTES)
    except OSError:
        return False
    marker = f'"format":"{FORMAT_NAME}"'.encode()
    return start.lstrip().startswith(b"{") and marker in start.replace(b" ", b"")


def _round_rows(a: np.ndarray, decimals: int) -> list[list[float]]:
    return [[round(float(v), decimals) for v in row] for row in a]


def frame_to_json(frame: PoseFrame) -> str:
    lm = None if frame.landmarks is None else _round_rows(frame.landmarks, IMAGE_DECIMALS)
    world = None if frame.world_m is None else _round_rows(frame.world_m, WORLD_DECIMALS)
    return json.dumps({"t_ms": frame.t_ms, "landmarks": lm, "world": world}, separators=(",", ":"))


class TrackWriter:
    """Streams PoseFrames to a track file, one flushed line each."""

    def __init__(self, path: Path, header: TrackHeader) -> None:
        self.path = Path(path)
        self.header = header
        try:
            self._fh: IO[str] = open(self.path, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as e:
            raise TrackFormatError(
                f"cannot write pose track {self.path}: {e.strerror}; choose a writable path with -o"
            ) from e
        self._last_sync = time.monotonic()
        self._failed = False
        self.frames_written = 0
        self._write_line(header.to_json())

    def _write_line(self, line: str) -> None:
        try:
            self._fh.write(line + "\n")
            self._fh.flush()
            now = time.monotonic()
            if now - self._last_sync >= _FSYNC_EVERY_S:
                os.fsync(self._fh.fileno())
                self._last_sync = now
        except OSError as e:
            self._failed = True
            raise OutputError(
                f"cannot write pose track {self.path}: {e.strerror or e} (a full disk?); the "
                f"{self.frames_written} frames written before are kept; free some space"
            ) from e

    def write(self, frame: PoseFrame) -> None:
        self._write_line(frame_to_json(frame))
        self.frames_written += 1

    def close(self) -> None:
        if self._fh.closed:
            return
        error: OSError | None = None
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as e:
            error = e
        try:
            self._fh.close()  # closes the file even when its last buffer cannot be written
        except OSError:
            pass
        if error is not None and not self._failed:  # after a first failure, it is known
            raise OutputError(
                f"cannot finish pose track {self.path}: {error.strerror or error} (a full "
                f"disk?); the {self.frames_written} frames written before are kept"
            ) from error

    def __enter__(self) -> TrackWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bad(path: Path, line_no: int, what: str) -> TrackFormatError:
    return TrackFormatError(
        f"pose track {path} line {line_no}: {what}; "
        "re-create it with 'posecount track VIDEO -o FILE.posetrack.jsonl'"
    )


def _matrix(value: Any, cols: int, path: Path, line_no: int, key: str) -> np.ndarray | None:
    if value is None:
        return None
    try:
        a = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise _bad(path, line_no, f"'{key}' must be a list of numbers") from None
    if a.shape != (LANDMARK_COUNT, cols):
        raise _bad(
            path, line_no, f"'{key}' must be {LANDMARK_COUNT} rows of {cols}, got shape {a.shape}"
        )
    if not np.all(np.isfinite(a)):
        raise _bad(path, line_no, f"'{key}' holds a non-finite number")
    return a


def _parse_header(path: Path, line: str) -> TrackHeader:
    try:
        d = json.loads(line)
    except json.JSONDecodeError:
        raise _bad(path, 1, "the header is not JSON (is this a pose track?)") from None
    if not isinstance(d, dict) or d.get("format") != FORMAT_NAME:
        raise _bad(path, 1, f"the header does not say format '{FORMAT_NAME}'")
    if d.get("version") != FORMAT_VERSION:
        raise _bad(
            path, 1, f"format version {d.get('version')!r} is not supported (want {FORMAT_VERSION})"
        )
    try:
        size = d["frame_size_px"]
        if not isinstance(size, list) or len(size) != 2:
            raise ValueError("frame_size_px")
        header = TrackHeader(
            source=str(d["source"]),
            fps=_number(d["fps"], "fps", 0.0, 10_000.0),
            frame_size_px=(
                int(_number(size[0], "frame_size_px", 1, 100_000)),
                int(_number(size[1], "frame_size_px", 1, 100_000)),
            ),
            model=str(d["model"]),
            created=str(d.get("created", "")),
            analysis_fps=_optional(d.get("analysis_fps"), "analysis_fps", 0.0, 10_000.0),
            max_side_px=_optional_int(d.get("max_side_px"), "max_side_px"),
            rotate_deg=int(_number(d.get("rotate_deg", 0), "rotate_deg", 0, 270)),
        )
    except KeyError as e:
        raise _bad(path, 1, f"the header lacks {e}") from None
    except (TypeError, ValueError, IndexError, OverflowError) as e:
        raise _bad(path, 1, f"the header has a bad value for {e}") from None
    if header.rotate_deg not in (0, 90, 180, 270):
        raise _bad(path, 1, f"the header has a bad value for rotate_deg ({header.rotate_deg})")
    return header


def _number(value: Any, key: str, low: float, high: float) -> float:
    """A finite number in [low, high] (not a bool, not a string); ValueError(key) if not."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(key)
    x = float(value)
    if not (math.isfinite(x) and low <= x <= high):
        raise ValueError(key)
    return x


def _optional(value: Any, key: str, low: float, high: float) -> float | None:
    return None if value is None else _number(value, key, low, high)


def _optional_int(value: Any, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(key)
    return int(_number(value, key, 1, 100_000))


class TrackReader:
    """Reads and validates a track file: `header`, then iterate for PoseFrames.

    `truncated` is True after iteration when the last line was cut short (the writer was
    stopped mid-line); every complete frame before it is still returned.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise TrackFormatError(
                f"pose track not found: {self.path}; check the path "
                "(tracks are made with 'posecount track VIDEO -o FILE.posetrack.jsonl')"
            )
        self.truncated = False
        with open(self.path, encoding="utf-8", errors="replace") as fh:
            first = fh.readline()
        if not first.strip():
            raise _bad(self.path, 1, "the file is empty")
        self.header = _parse_header(self.path, first)

    def __iter__(self) -> Iterator[PoseFrame]:
        size = self.header.frame_size_px
        last_t: int | None = None
        with open(self.path, encoding="utf-8", errors="replace") as fh:
            fh.readline()
            for line_no, line in enumerate(fh, start=2):
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                except json.JSONDecodeError:
                    if not line.endswith("\n"):  # only the last line can lack one
                        self.truncated = True
                        return
                    raise _bad(self.path, line_no, "not valid JSON") from None
                if not isinstance(d, dict) or "t_ms" not in d:
                    raise _bad(self.path, line_no, "expected an object with 't_ms'")
                t = d["t_ms"]
                if not isinstance(t, int) or isinstance(t, bool):
                    raise _bad(self.path, line_no, f"'t_ms' must be an integer, got {t!r}")
                if abs(t) > _MAX_T_MS:  # beyond this, durations stop being exact floats
                    raise _bad(self.path, line_no, "'t_ms' is not a plausible time (over 10^12 ms)")
                if last_t is not None and t <= last_t:
                    raise _bad(
                        self.path, line_no, f"'t_ms' {t} does not increase (previous {last_t})"
                    )
                last_t = t
                lm = _matrix(d.get("landmarks"), 5, self.path, line_no, "landmarks")
                world = _matrix(d.get("world"), 3, self.path, line_no, "world")
                yield PoseFrame(t_ms=t, landmarks=lm, world_m=world, frame_size_px=size)
