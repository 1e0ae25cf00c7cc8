"""`posecount report`: one patient's sessions as a self-contained HTML file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from posecount.cli.history import FromOpt, ToOpt, parse_day, write_output
from posecount.cli.history_opts import DbOpt


def tests_count(data: dict[str, Any]) -> int:
    return sum(len(t["points"]) for t in data.get("clinical_tests", []))


def report(
    patient: Annotated[str, typer.Option("--patient", help="Whose sessions.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The HTML file to write.", dir_okay=False)
    ],
    since: FromOpt = None,
    until: ToOpt = None,
    pain_bands: Annotated[
        str, typer.Option(help="Traffic-light bands GREEN_MAX,AMBER_MAX (0-10 scale).")
    ] = "3,5",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    db: DbOpt = None,
) -> None:
    """Write a physiotherapist's report (adherence, reps, range, holds, pain, replays)."""
    from posecount.errors import ReportError
    from posecount.report.build import default_period, gather
    from posecount.report.html import render
    from posecount.session.pain import PainBands
    from posecount.store.history import History

    if output.exists() and not force:
        raise ReportError(f"{output} already exists; choose another -o or add --force")
    now = datetime.now(UTC)
    period = default_period(parse_day(since, "--from"), parse_day(until, "--to"), now.date())
    with History(db, create=False) as h:
        data = gather(
            h, patient, period, now.isoformat(timespec="seconds"), PainBands.parse(pain_bands)
        )
    write_output(render(data), output, force)
    typer.echo(
        f"{data['adherence']['sessions']} session(s)"
        + (f" and {n_tests} clinical test result(s)" if (n_tests := tests_count(data)) else "")
        + f" of {patient} from {period.since} to "
        f"{period.until}; {len(data['drilldown'])} with a replay",
        err=True,
    )
