"""The pose cache when it cannot be written: said once, up front, and never a failed clip.
(Root ignores folder permissions, so the permission case is raised on purpose here; the
CLI tests cover a cache folder that cannot be made at all, and a real read-only one when
not run as root.)"""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

import pytest

from conftest import LABELS_CSV
from posecount.scoring import cache
from posecount.scoring.batch import Settings, score_one
from posecount.scoring.labels import read_labels

SQUAT = next(lab for lab in read_labels(LABELS_CSV) if lab.exercise == "squat")


def test_a_writable_cache_is_usable(tmp_path: Path) -> None:
    assert cache.unusable_reason(tmp_path / "tracks") is None
    assert list((tmp_path / "tracks").iterdir()) == []  # the probe leaves nothing


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "Permission denied"),
        (errno.EROFS, "Read-only file system"),
        (errno.ENOSPC, "No space left on device"),
    ],
)
def test_an_unwritable_cache_gives_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(code, words)

    monkeypatch.setattr(cache.tempfile, "mkstemp", refuse)
    assert cache.unusable_reason(tmp_path) == f"{tmp_path}: {words}"


def test_a_cache_failing_mid_run_costs_the_cache_not_the_clip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clip whose track cannot be cached is analysed from its video instead."""
    seen: list[Path] = []

    def refuse(video: Path, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    def analyze(source: Path, exercise: str, **kwargs: object) -> dict:
        seen.append(source)
        return {"reps": 8, "reps_short_of_target": 0, "holds_s": []}

    monkeypatch.setattr(cache, "cached_track", refuse)
    monkeypatch.setattr("posecount.session.analyze.analyze", analyze)
    video = tmp_path / "squat.mp4"
    video.write_bytes(b"not looked at")
    result = score_one(str(video), SQUAT, Settings(use_cache=True, cache_dir=str(tmp_path)))
    assert result.error is None and result.summary is not None and not result.cached
    assert seen == [video]


@pytest.mark.parametrize(
    ("people", "same_as_before"),
    [
        (1, True),  # one person: tracks cached before --people existed are still found
        (None, False),  # found from the first seconds
        (2, False),
        (3, False),
    ],
)
def test_the_number_of_people_looked_for_is_part_of_the_cache_key(
    tmp_path: Path, people: int | None, same_as_before: bool
) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"not really a video, only hashed")
    # the key as it was made before --people existed, by hand
    parts = [cache.file_sha256(video), "lite", "fps=10.0", "side=640", "rotate=0"]
    parts += [f"fmt={cache.FORMAT_VERSION}", f"pose={cache.POSE_STAGE_VERSION}"]
    before = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    assert (cache.cache_key(video, "lite", 10.0, 640, 0, people) == before) is same_as_before


@pytest.mark.video
def test_rotate_with_the_cache_turns_the_picture_once(videos_dir: Path, tmp_path: Path) -> None:
    """The cached track is made of turned frames; its landmarks are not turned again."""
    import cv2

    clip = "sit_to_stand_front_seniorfit_1rep.mp4"
    cap = cv2.VideoCapture(str(videos_dir / clip))
    fps = cap.get(cv2.CAP_PROP_FPS)
    side_on = tmp_path / clip  # a camera on its side, no rotation tag
    writer = None
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frame = cv2.rotate(frame, cv2.ROTATE_90_CLOCKWISE)
        if writer is None:
            size = (frame.shape[1], frame.shape[0])
            writer = cv2.VideoWriter(str(side_on), cv2.VideoWriter_fourcc(*"mp4v"), fps, size)
        writer.write(frame)
    cap.release()
    assert writer is not None
    writer.release()
    label = next(lab for lab in read_labels(LABELS_CSV) if lab.file == clip)
    settings = Settings(rotate_deg=270, cache_dir=str(tmp_path / "cache"))
    for cached in (False, True):
        result = score_one(str(side_on), label, settings)
        assert result.cached is cached
        assert result.summary is not None and result.summary["reps"] == 1, result.error
        assert result.summary["rotated_deg"] in (None, 0)  # turned by hand, not found
