"""A cache of pose tracks, so re-scoring after a change in the counting logic replays
landmarks instead of re-running MediaPipe.

Key: the video's content hash, the model, and the sampling settings (plus a version of the
pose stage, bumped whenever it would give different landmarks for the same inputs).
Entries are written to a temporary file and renamed into place, so several workers (or
machines sharing a cache directory) can fill it at once: a reader sees a whole track or
none, and two writers of the same key write the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import platformdirs

from posecount.tracks.format import FORMAT_VERSION, SUFFIX

# Bump when the pose stage changes what it produces for the same video and settings.
# 2: with someone else in the picture, the patient is the person in the exercise's position.
# 3: ... in its start position (a squat's patient standing, not someone seated).
POSE_STAGE_VERSION = 3
_CHUNK = 1 << 20


def cache_dir() -> Path:
    """The user cache (honours XDG_CACHE_HOME on Linux)."""
    return Path(platformdirs.user_cache_dir("posecount", appauthor=False)) / "tracks"


def unusable_reason(directory: Path | None = None) -> str | None:
    """Why pose tracks cannot be cached in `directory` (None: they can). Tried by making
    the folder and a file in it, the only test that holds for read-only mounts, full disks
    and permissions alike."""
    directory = directory or cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=directory, suffix=".part")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        return f"{directory}: {e.strerror or e}"
    return None


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def cache_key(
    video: Path,
    model: str,
    fps: float | None,
    max_side_px: int | None,
    rotate_deg: int = 0,
    people: int | None = None,
    exercise: str | None = None,
) -> str:
    model_id = model if model in ("lite", "full", "heavy") else file_sha256(Path(model))[:16]
    parts = [
        file_sha256(video),
        model_id,
        f"fps={fps}",
        f"side={max_side_px}",
        f"rotate={rotate_deg}",
        f"fmt={FORMAT_VERSION}",
        f"pose={POSE_STAGE_VERSION}",
    ]
    if people != 1:  # one person keeps the keys of tracks cached before --people existed
        parts.append(f"people={'auto' if people is None else people}")
        # with several people, the patient is told from others by the exercise's position
        parts.append(f"exercise={exercise}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def cached_track(
    video: Path,
    *,
    model: str,
    fps: float | None,
    max_side_px: int | None,
    rotate_deg: int = 0,
    people: int | None = None,
    exercise: str | None = None,
    directory: Path | None = None,
) -> tuple[Path, bool]:
    """The pose track of `video`, made now or found in the cache: (path, was_cached).

    A video that ends early is tracked up to where it breaks but not cached; its track is
    then a `.part` file that the caller deletes when done with it."""
    from posecount.exercises.registry import get_exercise
    from posecount.session.pipeline import open_pose_stream
    from posecount.tracks.format import TrackWriter

    directory = directory or cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / (
        cache_key(video, model, fps, max_side_px, rotate_deg, people, exercise) + SUFFIX
    )
    if path.is_file():
        return path, True
    fd, tmp_name = tempfile.mkstemp(dir=directory, suffix=".part")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with open_pose_stream(
            video,
            model=model,
            fps=fps,
            max_side_px=max_side_px,
            rotate_deg=rotate_deg,
            people=people,
            in_position=None if exercise is None else get_exercise(exercise).spec.in_start_position,
        ) as stream:
            with TrackWriter(tmp, stream.header) as writer:
                for frame in stream:
                    writer.write(frame)
            if stream.stats.truncated:
                # A partly readable video is scored from what could be read, but not
                # cached: a later run on a repaired file must not find this track.
                return tmp, False
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path, False
