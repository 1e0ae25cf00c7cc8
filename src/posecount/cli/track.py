from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from posecount.cli.common import (
    CameraOpt,
    ForceOpt,
    FpsOpt,
    MaxSideOpt,
    ModelOpt,
    PeopleOpt,
    RotateOpt,
    SourceArg,
    pick_source,
    progress_enabled,
)
from posecount.session.pipeline import DEFAULT_FPS, DEFAULT_MAX_SIDE_PX, DEFAULT_MODEL


def track(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the .posetrack.jsonl file.")
    ],
    source: SourceArg = None,
    camera: CameraOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    fps: FpsOpt = DEFAULT_FPS,
    max_side: MaxSideOpt = DEFAULT_MAX_SIDE_PX,
    rotate: RotateOpt = None,
    people: PeopleOpt = None,
    force: ForceOpt = False,
) -> None:
    """Record pose landmarks (no pixels) from a video or camera to a pose-track file."""
    from posecount.outputs import atomic_output, check_output
    from posecount.session.pipeline import open_pose_stream
    from posecount.tracks.format import TrackWriter

    src = pick_source(source, camera)
    _warn_low_rate(fps)
    check_output(output, inputs=[src] if isinstance(src, Path) else [], force=force)
    with open_pose_stream(
        src, model=model, fps=fps, max_side_px=max_side, rotate_deg=rotate or 0, people=people
    ) as stream:
        interrupted = False
        # Written beside the output and renamed at the end: a file replaced with --force is
        # replaced whole, and a failed run leaves it as it was.
        # A failure (a full disk) keeps what was recorded: a camera's frames cannot be had again.
        keep = not isinstance(src, Path)
        with (
            atomic_output(output, keep_partial=keep) as part,
            TrackWriter(part, stream.header) as writer,
        ):
            try:
                for frame in _with_progress(stream, stream.header.source):
                    writer.write(frame)
            except KeyboardInterrupt:
                interrupted = True
        s = stream.stats
        share = s.frames_with_person / s.frames_analysed if s.frames_analysed else 0.0
        end = " (interrupted: everything up to now is kept)" if interrupted else ""
        end += " (the video ends early: kept what could be read)" if s.truncated else ""
        typer.echo(
            f"{output}: {s.frames_analysed} frames, a person in {share:.0%} of them{end}", err=True
        )
        if interrupted:
            raise typer.Exit(130)


def _warn_low_rate(fps: float) -> None:
    from posecount.exercises.registry import EXERCISES

    need = min(e.spec.min_analysis_fps for e in EXERCISES.values())
    if fps < need:
        typer.echo(
            f"warning: --fps {fps:g} is below the {need:g} frames a second every exercise "
            "needs; this track will not count right (use --fps 10)",
            err=True,
        )


def _with_progress(stream, name: str):  # type: ignore[no-untyped-def]
    if not progress_enabled():
        yield from stream
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
    ) as p:
        task = p.add_task(f"tracking {name}")
        for i, frame in enumerate(stream, start=1):
            p.update(task, description=f"tracking {name}: {i} frames")
            yield frame
