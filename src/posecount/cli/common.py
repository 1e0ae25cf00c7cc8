"""Shared CLI plumbing: option types, the progress display, and how errors reach the user."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

ModelOpt = Annotated[
    str,
    typer.Option(
        "--model",
        "-m",
        help="Pose model: lite, full, heavy or a path to a .task bundle.",
    ),
]
FpsOpt = Annotated[
    float,
    typer.Option("--fps", min=1.0, max=240.0, help="Analyse at most this many frames a second."),
]
MaxSideOpt = Annotated[
    int,
    typer.Option(
        "--max-side",
        min=64,
        max=4096,
        help="Downscale frames so the longer side is at most this (px).",
    ),
]


SourceArg = Annotated[
    str | None,
    typer.Argument(
        help="Video file or .posetrack.jsonl pose track (or use --camera).", show_default=False
    ),
]
CameraOpt = Annotated[
    int | None,
    typer.Option("--camera", "-c", min=0, help="Use the webcam with this index instead of a file."),
]


def pick_source(source: str | None, camera: int | None) -> Path | int:
    """Exactly one of a file and a camera."""
    if (source is None) == (camera is None):
        raise typer.BadParameter(
            "give a video or pose-track file, or --camera INDEX (one of the two)",
            param_hint="SOURCE / --camera",
        )
    if camera is not None:
        return camera
    assert source is not None
    return int(source) if source.isdigit() else Path(source)


def usage_error(message: str) -> Exception:
    """A command-line mistake (exit 2), like typer's own; newer typer versions vendor
    click's UsageError under a private module, so it is found through a public class."""
    cls = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")
    return cls(message)  # type: ignore[no-any-return]


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def progress_enabled() -> bool:
    return sys.stderr.isatty()


RotateOpt = Annotated[
    int | None,
    typer.Option(
        "--rotate",
        help="Turn frames this many degrees clockwise first (0, 90, 180, 270): for a camera "
        "mounted on its side whose video has no rotation tag. Without it, a camera on its "
        "side or upside down is found from the pose and said in the summary; --rotate 0 "
        "keeps the picture as filmed. On a pose track the recorded landmarks are turned.",
        show_default=False,
    ),
]


# Default: two people are looked for over the first seconds, then one unless someone else
# is in the picture (pose/patient.py). Looking for several costs about 1.4x the time
# (squat clip, lite, 10 fps), so a number is for when the default guesses wrong.
PeopleOpt = Annotated[
    int | None,
    typer.Option(
        "--people",
        min=1,
        max=6,
        help="Look for up to this many people and follow the patient among them (the one "
        "most fully in view at the start, then whoever continues their place and size). "
        "Default: two for the first 2 s with a person in view, then one unless somebody "
        "else is in the picture.",
        show_default=False,
    ),
]


ForceOpt = Annotated[
    bool, typer.Option("--force", help="Replace the output file if it already exists.")
]
