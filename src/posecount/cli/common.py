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


def parse_source(source: str) -> Path | int:
    """A camera is named by its index ("0"); anything else is a file path."""
    return int(source) if source.isdigit() else Path(source)


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


def progress_enabled() -> bool:
    return sys.stderr.isatty()
