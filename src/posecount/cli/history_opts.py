"""The options every command that files or reads the session history shares."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

PatientOpt = Annotated[
    str | None,
    typer.Option(
        "--patient",
        help="Patient id the session is filed under (default: $POSECOUNT_PATIENT, else 'me').",
    ),
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="History database (default: $POSECOUNT_DB, else history.sqlite3 in the user "
        "data directory).",
        dir_okay=False,
    ),
]


def saving(
    source: Path | int,
    exercise: str,
    save: bool,
    patient: str | None,
    db: Path | None,
    model: str,
    fps: float,
    max_side: int,
    rotate: int | None,
) -> Any:
    """`analyze --save`: the filer to pass frames to, or None without --save."""
    if not save:
        if patient is not None or db is not None:
            raise typer.BadParameter("--patient and --db file a session: add --save")
        return None
    if not isinstance(source, Path):
        raise typer.BadParameter(
            "--save files a recording; a camera session is filed by 'posecount live'",
            param_hint="--save",
        )
    from posecount.exercises.registry import get_exercise
    from posecount.store.filing import AnalysisFiler

    return AnalysisFiler(
        source,
        get_exercise(exercise).spec.id,
        patient=patient,
        db_path=db,
        model=model,
        fps=fps,
        max_side_px=max_side,
        rotate_deg=rotate,
    )


def saved(filer: Any, summary: dict[str, Any]) -> int | None:
    """Files the analysed session; says where on stderr (stdout may be --json)."""
    rec = filer.close(summary)
    if rec is None:
        return None
    if rec.session_id is not None:
        typer.echo(f"saved as session {rec.session_id} in the history ({rec.dir})", err=True)
    return rec.session_id
