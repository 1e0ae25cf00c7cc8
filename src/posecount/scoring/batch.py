"""Scoring a folder of labelled clips: one worker call per clip, run in-process, in a
local process pool, or on a Dask cluster, with identical results."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from posecount.errors import ExerciseError, PosecountError
from posecount.exercises.registry import get_exercise
from posecount.scoring.labels import Label
from posecount.scoring.metrics import ClipScore, score_clip
from posecount.session.pipeline import DEFAULT_FPS, DEFAULT_MAX_SIDE_PX, DEFAULT_MODEL
from posecount.tracks.format import SUFFIX


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = DEFAULT_MODEL
    fps: float | None = DEFAULT_FPS
    max_side_px: int | None = DEFAULT_MAX_SIDE_PX
    rotate_deg: int | None = None  # None: found from the pose
    people: int | None = None  # None: found from the first seconds
    use_cache: bool = True
    cache_dir: str | None = None  # str, not Path: crosses process and machine boundaries


@dataclass(frozen=True, slots=True)
class ClipResult:
    label: Label
    summary: dict[str, Any] | None
    error: str | None
    cached: bool
    unsupported: bool = False  # the exercise cannot be analysed (see ClipScore.unsupported)
    wall_s: float | None = None

    @property
    def score(self) -> ClipScore:
        return score_clip(self.label, self.summary, self.error, unsupported=self.unsupported)


def find_input(directory: Path, label: Label) -> Path | None:
    """The clip itself, or its pose track (`<stem>.posetrack.jsonl`), in `directory`."""
    for candidate in (directory / label.file, directory / (Path(label.file).stem + SUFFIX)):
        if candidate.is_file():
            return candidate
    return None


def score_one(path: str | None, label: Label, settings: Settings) -> ClipResult:
    """The worker: never raises for a bad clip (the batch goes on), only reports it."""
    from posecount.session.analyze import analyze

    if path is None:
        return ClipResult(label, None, f"{label.file}: not found (nor its pose track)", False)
    started = time.perf_counter()
    source = Path(path)
    cached = False
    temporary: Path | None = None
    try:
        get_exercise(label.exercise)  # an exercise we cannot analyse is not worth a pose run
        if not source.name.endswith(SUFFIX) and settings.use_cache:
            from posecount.scoring.cache import cached_track

            directory = Path(settings.cache_dir) if settings.cache_dir else None
            try:
                source, cached = cached_track(
                    source,
                    model=settings.model,
                    fps=settings.fps,
                    max_side_px=settings.max_side_px,
                    rotate_deg=settings.rotate_deg or 0,
                    people=settings.people,
                    exercise=label.exercise,
                    directory=directory,
                )
            except OSError:
                # The cache could not be written (read-only, full, gone): a cache only saves
                # time, so the clip is analysed from the video. The run says so once, up
                # front (cache.unusable_reason); a cache that fails mid-run costs speed only.
                source = Path(path)
            temporary = source if source.suffix == ".part" else None
        # A track from the cache was made of frames already turned by --rotate: turning
        # its landmarks again would put the picture on its side a second time.
        rotate_deg = settings.rotate_deg
        if rotate_deg and source != Path(path):
            rotate_deg = 0
        summary = analyze(
            source,
            label.exercise,
            model=settings.model,
            fps=settings.fps,
            max_side_px=settings.max_side_px,
            rotate_deg=rotate_deg,
            people=settings.people,
        )
        return ClipResult(label, summary, None, cached, wall_s=time.perf_counter() - started)
    except ExerciseError as e:
        return ClipResult(label, None, str(e), cached, unsupported=True, wall_s=0.0)
    except PosecountError as e:
        return ClipResult(label, None, str(e), cached, wall_s=time.perf_counter() - started)
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _spawn_pool(jobs: int) -> ProcessPoolExecutor:
    # spawn, not fork: MediaPipe's native threads do not survive a fork.
    return ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"))


def run_batch(
    directory: Path,
    labels: Sequence[Label],
    settings: Settings,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    on_result: Callable[[ClipResult], None] | None = None,
) -> list[ClipResult]:
    """Results in the order of `labels`, however the work was spread."""
    found = [(find_input(directory, lab), lab) for lab in labels]
    items = [(None if p is None else str(p), lab) for p, lab in found]
    results: dict[int, ClipResult] = {}
    for index, result in _execute(items, settings, jobs, scheduler):
        results[index] = result
        if on_result is not None:
            on_result(result)
    return [results[i] for i in range(len(items))]


def _execute(
    items: list[tuple[str | None, Label]], settings: Settings, jobs: int, scheduler: str | None
) -> Iterator[tuple[int, ClipResult]]:
    """(index into items, result), in the order they finish."""
    if scheduler:
        yield from _on_dask(items, settings, scheduler)
    elif jobs <= 1 or len(items) <= 1:
        for index, (path, label) in enumerate(items):
            yield index, score_one(path, label, settings)
    else:
        from concurrent.futures import as_completed

        with _spawn_pool(min(jobs, len(items))) as pool:
            futures = {
                pool.submit(score_one, path, label, settings): index
                for index, (path, label) in enumerate(items)
            }
            for future in as_completed(futures):
                yield futures[future], future.result()


def _on_dask(
    items: list[tuple[str | None, Label]], settings: Settings, scheduler: str
) -> Iterator[tuple[int, ClipResult]]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise PosecountError(
            "--scheduler needs Dask distributed; install it with: pip install 'posecount[cluster]'"
        ) from None
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as e:
        raise PosecountError(
            f"cannot reach the Dask scheduler at {scheduler} ({e}); check the address "
            "(tcp://HOST:PORT) and that the scheduler is running"
        ) from None
    try:
        futures = {
            client.submit(score_one, path, label, settings, pure=False): index
            for index, (path, label) in enumerate(items)
        }
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        client.close()


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))
