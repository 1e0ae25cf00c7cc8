"""Corrupted and hostile videos: each is analysed, or refused in one line, in bounded time
and memory; never a traceback, never "a bug in posecount"."""

from __future__ import annotations

import resource
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

SIZE = (320, 180)
# A ceiling on the analysing process's address space: a file declaring a 60000 x 60000
# picture must fail to open, not take the machine's memory.
_MEMORY_LIMIT_BYTES = 4 * 1024**3


def _frames(n: int = 48) -> list[np.ndarray]:
    out = []
    for i in range(n):
        image = np.full((SIZE[1], SIZE[0], 3), 40, np.uint8)
        cv2.circle(image, (40 + 5 * i, 90), 20, (200, 200, 200), -1)
        out.append(image)
    return out


def _write(path: Path, fourcc: str, fps: float, frames: list[np.ndarray]) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, SIZE)
    for f in frames:
        writer.write(f)
    writer.release()
    return path


def _six_hours_declared(path: Path) -> Path:
    """An AVI of 2 s whose headers declare 6 hours of frames."""
    _write(path, "MJPG", 24, _frames())
    data = bytearray(path.read_bytes())
    total = 6 * 3600 * 24
    struct.pack_into("<I", data, data.find(b"avih") + 8 + 16, total)  # dwTotalFrames
    struct.pack_into("<I", data, data.find(b"strh") + 8 + 32, total)  # dwLength
    path.write_bytes(bytes(data))
    return path


def make(kind: str, tmp: Path) -> Path:
    rng = np.random.default_rng(7)
    if kind == "zero-byte":
        (tmp / "z.mp4").write_bytes(b"")
        return tmp / "z.mp4"
    if kind == "header only":
        whole = _write(tmp / "whole.mp4", "mp4v", 24, _frames()).read_bytes()
        (tmp / "h.mp4").write_bytes(whole[:1024])
        return tmp / "h.mp4"
    if kind == "random bytes .mp4":
        (tmp / "r.mp4").write_bytes(rng.bytes(50_000))
        return tmp / "r.mp4"
    if kind == "random bytes .avi":
        (tmp / "r.avi").write_bytes(b"RIFF" + rng.bytes(50_000))
        return tmp / "r.avi"
    if kind == "huge declared size":
        (tmp / "huge.y4m").write_bytes(
            b"YUV4MPEG2 W60000 H60000 F30:1 C420jpeg\nFRAME\n" + bytes(4096)
        )
        return tmp / "huge.y4m"
    if kind == "1000 fps header":
        return _write(tmp / "fast.mp4", "mp4v", 1000, _frames())
    if kind == "6 h declared, 2 s of frames":
        return _six_hours_declared(tmp / "long.avi")
    if kind == "cut in the middle":
        whole = _write(tmp / "whole.avi", "MJPG", 24, _frames()).read_bytes()
        (tmp / "cut.avi").write_bytes(whole[: len(whole) // 2])
        return tmp / "cut.avi"
    raise AssertionError(kind)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_LIMIT_BYTES, _MEMORY_LIMIT_BYTES))


KINDS = [
    # (kind, exit code, words that must be said: on stderr for 1, in the summary for 0)
    ("zero-byte", 1, "empty (0 bytes)"),
    ("header only", 1, "cannot read"),
    ("random bytes .mp4", 1, "cannot read"),
    ("random bytes .avi", 1, "cannot read"),
    ("huge declared size", 1, "cannot read"),
    ("1000 fps header", 0, "reps: 0"),
    ("6 h declared, 2 s of frames", 0, "ends early"),
    ("cut in the middle", 0, "reps: 0"),
]


@pytest.mark.parametrize(("kind", "code", "words"), KINDS, ids=[k[0] for k in KINDS])
def test_a_hostile_video_is_analysed_or_refused_in_one_line(
    tmp_path: Path, kind: str, code: int, words: str
) -> None:
    video = make(kind, tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "posecount", "analyze", str(video), "-e", "squat"],
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == code, result.stderr
    said = result.stderr if code else result.stdout
    assert words in said, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "bug in posecount" not in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith(("error: ", "warning: ")), result.stderr
    if code:
        assert len(result.stderr.splitlines()) == 1
    else:
        # Whatever was counted, a zero says why.
        assert any(line.startswith("! ") for line in result.stdout.splitlines())
