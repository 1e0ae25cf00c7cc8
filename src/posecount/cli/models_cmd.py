"""``posecount models``: show which pose model bundles are installed, fetch missing ones."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from posecount.errors import PosecountError

# rich (tables, the progress bar) and the model registry (urllib, http.client, ssl) are
# imported by the commands that use them: every `posecount` start-up imports this module.

models_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="List the MediaPipe pose model bundles and download missing ones.",
)


class Variant(enum.StrEnum):
    lite = "lite"
    full = "full"
    heavy = "heavy"


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _megabytes(size_bytes: int) -> str:
    return f"{size_bytes / 1_000_000:.1f} MB"


@models_app.command("list")
def list_cmd() -> None:
    """Show each model variant, its size, whether its checksum matches, and where it is."""
    from rich.console import Console
    from rich.table import Table

    from posecount.pose import models

    try:
        infos = models.list_models()
    except PosecountError as exc:
        raise _fail(str(exc)) from None
    table = Table("name", "size", "verified", "location")
    verified_text = {True: "yes", False: "[red]NO (corrupt)[/red]", None: "-"}
    for info in infos:
        location = str(info.location) if info.location else "[dim]not installed[/dim]"
        table.add_row(
            info.name, _megabytes(info.size_bytes), verified_text[info.verified], location
        )
    # Long cache paths must stay whole so they can be copied; fold instead of truncating.
    table.columns[3].overflow = "fold"
    Console().print(table)


@models_app.command("download")
def download_cmd(
    variant: Annotated[Variant, typer.Argument(help="Which model to fetch.")],
    dest: Annotated[
        Path | None,
        typer.Option(
            "--dest",
            file_okay=False,
            help="Folder to save into (default: the user cache, where posecount looks).",
        ),
    ] = None,
    url: Annotated[str | None, typer.Option("--url", hidden=True)] = None,
) -> None:
    """Download a model bundle, check it against its pinned sha256, and print its path."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from posecount.pose import models

    err_console = Console(stderr=True)
    name = variant.value
    if dest is None and url is None:
        # lite and full ship inside the package: fetching them again would need the
        # network for nothing (and fail offline).
        try:
            have = next((i for i in models.list_models() if i.name == name and i.location), None)
        except PosecountError:
            have = None
        if have is not None and have.verified:
            typer.echo(f"'{name}' is already installed and verified; nothing to download", err=True)
            typer.echo(str(have.location))
            return
    try:
        if err_console.is_terminal:
            with Progress(
                TextColumn(f"pose_landmarker_{name}.task"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=err_console,
            ) as bar:
                task = bar.add_task("download", total=models.VARIANTS[name].size_bytes)

                def on_progress(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                path = models.download_model(name, url=url, dest_dir=dest, progress=on_progress)
        else:
            path = models.download_model(name, url=url, dest_dir=dest)
    except PosecountError as exc:
        raise _fail(str(exc)) from None
    except KeyboardInterrupt:
        raise _fail(f"download of '{name}' interrupted; no partial file was kept", 130) from None
    typer.echo(str(path))
