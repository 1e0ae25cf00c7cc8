"""`posecount history`: list, show, export, delete and import sessions of the history."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from posecount.cli.history_opts import DbOpt, PatientOpt
from posecount.errors import PosecountError

history_app = typer.Typer(
    no_args_is_help=False,
    help="The session history: list, show, export (CSV, FHIR), delete, import.",
)

PatientFilter = Annotated[str | None, typer.Option("--patient", help="Only this patient.")]
ExerciseFilter = Annotated[str | None, typer.Option("--exercise", "-e", help="Only this exercise.")]
FromOpt = Annotated[
    str | None, typer.Option("--from", help="First day included (YYYY-MM-DD, UTC).")
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last day included (YYYY-MM-DD, UTC).")]
StatusFilter = Annotated[
    str | None,
    typer.Option(
        help="Only this status: complete, ended early, stopped, interrupted, recording, "
        "camera lost, source corrupt, write failed, crashed."
    ),
]
OutOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]


def parse_day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"wants a date like 2026-03-31, got {text!r}", param_hint=option
        ) from None


def _filter(
    patient: str | None,
    exercise: str | None,
    since: str | None,
    until: str | None,
    status: str | None,
    limit: int | None = None,
) -> Any:
    from posecount.store.db import STATUSES
    from posecount.store.history import Filter

    if status is not None and status not in STATUSES:
        raise typer.BadParameter(
            f"unknown status {status!r}; one of {', '.join(STATUSES)}", param_hint="--status"
        )
    ex = None
    if exercise is not None:
        from posecount.exercises.registry import get_exercise

        ex = get_exercise(exercise).spec.id
    return Filter(
        patient=patient,
        exercise=ex,
        since=parse_day(since, "--from"),
        until=parse_day(until, "--to"),
        status=status,
        limit=limit or None,
    )


def _open(db: Path | None, *, create: bool = False) -> Any:
    from posecount.store.history import History

    return History(db, create=create)


def _pain(s: dict[str, Any]) -> str:
    b, a = s.get("pain_before"), s.get("pain_after")
    if b is None and a is None:
        return "-"
    return f"{'-' if b is None else b}>{'-' if a is None else a}"


def format_table(sessions: list[dict[str, Any]]) -> str:
    head = ("id", "patient", "exercise", "started (UTC)", "status", "reps", "range", "pain")
    rows = [
        (
            str(s["id"]),
            s["patient"],
            s["exercise"],
            s["started"][:16].replace("T", " "),
            s["status"] + ("*" if s.get("note") else ""),
            "-" if s["reps"] is None else str(s["reps"]),
            "-" if s["range_mean"] is None else f"{s['range_mean']:g}",
            _pain(s),
        )
        for s in sessions
    ]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    note = next((s["note"] for s in sessions if s.get("note")), None)
    if note:
        lines.append(f"* {note}")
    return "\n".join(lines)


LimitOpt = Annotated[int, typer.Option(min=0, help="Newest N sessions (0: all).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="JSON instead of a table.")]


@history_app.command("list")
def list_sessions(
    ctx: typer.Context,
    patient: PatientFilter = None,
    exercise: ExerciseFilter = None,
    since: FromOpt = None,
    until: ToOpt = None,
    status: StatusFilter = None,
    limit: LimitOpt = 50,
    json_out: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List sessions, oldest first (the newest --limit of them)."""
    if ctx.invoked_subcommand is not None:  # the group's own options, before a subcommand
        return
    flt = _filter(patient, exercise, since, until, status, limit)
    with _open(db) as h:
        sessions = h.sessions(flt)
    if json_out:  # one session a line: readable, and quick for 10,000 of them
        lines = ",\n".join(json.dumps(s) for s in sessions)
        typer.echo(f"[\n{lines}\n]" if sessions else "[]")
    elif not sessions:
        typer.echo("no sessions match", err=True)
    else:
        typer.echo(format_table(sessions))


# `posecount history [filters]` is `posecount history list [filters]`: one function, so
# the two cannot drift apart. (The group's help is history_app's own, not this docstring.)
history_app.callback(invoke_without_command=True)(list_sessions)


def _test_value(t: dict[str, Any]) -> str:
    if not t["valid"]:
        return "not valid"
    if t["unit"] == "stands":
        return f"{t['value']:g} stands"
    return f"{'>=' if t['at_least'] else ''}{t['value']:.2f} s"


def format_tests_table(tests: list[dict[str, Any]]) -> str:
    """One line a result; the verdict is the first norm's (all of them in --json)."""
    head = ("id", "patient", "test", "started (UTC)", "result", "+-", "age/sex", "verdict")
    rows = []
    for t in tests:
        norms = t["norms"]
        if not t["valid"]:
            verdict = t["reason"] or ""
        elif not norms:
            verdict = "no verdict (no age given)" if t["age"] is None else "no norm for this age"
        else:
            verdict = ("! " if t["concern"] else "") + norms[0]["verdict"]
            if len(norms) > 1:
                verdict += f" (+{len(norms) - 1} more)"
        rows.append(
            (
                str(t["id"]),
                t["patient"],
                t["test"] + (" (live)" if t["live"] else ""),
                t["started"][:16].replace("T", " "),
                _test_value(t),
                "-" if t["uncertainty_s"] is None else f"{t['uncertainty_s']:.2f}",
                f"{t['age'] if t['age'] is not None else '-'}/{t['sex'] or '-'}",
                verdict,
            )
        )
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


@history_app.command("tests")
def list_tests(
    patient: PatientFilter = None,
    test: Annotated[
        str | None, typer.Option("--test", help="Only this clinical test (e.g. timed-up-and-go).")
    ] = None,
    since: FromOpt = None,
    until: ToOpt = None,
    limit: LimitOpt = 50,
    json_out: JsonOpt = False,
    db: DbOpt = None,
) -> None:
    """List clinical test results (posecount test), oldest first: the time or count, its
    uncertainty, and the verdict against the norm."""
    from posecount.cli.test_cmd import TEST_NAMES
    from posecount.store.test_results import TestFilter, results

    if test is not None and test not in TEST_NAMES:
        raise typer.BadParameter(
            f"unknown test {test!r}; one of {', '.join(sorted(TEST_NAMES))}", param_hint="--test"
        )
    flt = TestFilter(
        patient=patient,
        test=test,
        since=parse_day(since, "--from"),
        until=parse_day(until, "--to"),
        limit=limit or None,
    )
    with _open(db) as h:
        tests = results(h, flt)
    if json_out:
        typer.echo(json.dumps(tests, indent=1))
    elif not tests:
        typer.echo("no test results match", err=True)
    else:
        typer.echo(format_tests_table(tests))


@history_app.command("show")
def show(
    session_id: Annotated[int, typer.Argument(help="Session id (see 'posecount history').")],
    json_out: Annotated[bool, typer.Option("--json", help="JSON instead of text.")] = False,
    db: DbOpt = None,
) -> None:
    """One session: what was prescribed and done, every rep, pain, where it is kept."""
    with _open(db) as h:
        s = h.session(session_id)
    if json_out:
        typer.echo(json.dumps(s, indent=1))
        return
    p = s["prescription"] or {}
    lines = [
        f"session {s['id']}: {s['exercise']} for patient {s['patient']}",
        f"started {s['started']}, ended {s['ended'] or '-'}; status {s['status']}",
    ]
    if s.get("note"):
        lines.append(f"  ({s['note']})")
    lines.append(f"source {s['source'] or '-'}, model {s['model'] or '-'}")
    lines.append(f"prescribed: {p.get('text') or '-'}")
    lines.append(f"reps: {s['reps']} ({s['reps_short'] or 0} short of the range target)")
    lines.append(f"pain before/after: {_pain(s)}")
    unit = s.get("range_unit") or ""
    for r in s["reps_detail"]:
        part = f"  rep {r['n']} at {r['t_ms'] / 1000:.1f} s"
        if r["side"]:
            part += f" ({r['side']})"
        if r["range_achieved"] is not None:
            part += f": range {r['range_achieved']:.1f} {unit}".rstrip()
            if r["short_by"]:
                part += f", {r['short_by']:.1f} short of {r['range_target']:g}"
        if r["hold_s"] is not None:
            part += f", hold {r['hold_s']:.1f} s"
        lines.append(part)
    for flag in (s.get("summary") or {}).get("flags", []):
        lines.append(f"! {flag}")
    lines.append(f"{len(s['events'])} events; folder {s['session_dir'] or '-'}")
    typer.echo("\n".join(lines))


class ExportFormat(StrEnum):
    csv = "csv"
    fhir = "fhir"


def write_output(text: str, output: Path | None, force: bool) -> None:
    """Never replaces a user's file unless asked; written whole or not at all."""
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    if output.exists() and not force:
        raise PosecountError(f"{output} already exists; choose another -o or add --force")
    tmp = output.with_name(output.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        tmp.replace(output)
    except OSError as e:
        raise PosecountError(f"cannot write {output}: {e.strerror}; choose another -o") from e
    typer.echo(f"wrote {output}", err=True)


@history_app.command("export")
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="csv or fhir.")] = ExportFormat.csv,
    patient: PatientFilter = None,
    exercise: ExerciseFilter = None,
    since: FromOpt = None,
    until: ToOpt = None,
    status: StatusFilter = None,
    output: OutOpt = None,
    force: ForceOpt = False,
    db: DbOpt = None,
) -> None:
    """Export sessions and reps: CSV (a row per session and per rep) or a FHIR R4 Bundle."""
    from posecount.exercises.registry import EXERCISES
    from posecount.store.export import to_csv, to_fhir

    flt = _filter(patient, exercise, since, until, status)
    with _open(db) as h:
        sessions = h.sessions(flt)
        reps = h.reps([s["id"] for s in sessions])
    if fmt is ExportFormat.csv:
        sides = {k: len(e.spec.sides) or 1 for k, e in EXERCISES.items()}
        text = to_csv(sessions, reps, sides)
    else:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        text = json.dumps(to_fhir(sessions, reps, now), indent=1) + "\n"
    write_output(text, output, force)


@history_app.command("delete")
def delete(
    patient: Annotated[
        str | None, typer.Option("--patient", help="Delete this patient and all their sessions.")
    ] = None,
    session_id: Annotated[int | None, typer.Option("--session", help="Delete one session.")] = None,
    keep_folders: Annotated[
        bool, typer.Option("--keep-folders", help="Keep the session folders (pose tracks).")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    db: DbOpt = None,
) -> None:
    """Delete a patient who withdraws consent (or one session): rows and session folders."""
    if (patient is None) == (session_id is None):
        raise typer.BadParameter("give --patient ID or --session ID (one of the two)")
    with _open(db) as h:
        if patient is not None:
            from posecount.store.history import Filter

            doomed = h.sessions(Filter(patient=patient))
            if not doomed and patient not in h.patients():
                raise PosecountError(
                    f"no patient {patient!r} in {h.path}; 'posecount history' lists them"
                )
        else:
            doomed = [h.session(session_id)]  # raises for an unknown id
        tests: list[dict[str, Any]] = []
        if patient is not None:
            from posecount.store.test_results import TestFilter, results

            tests = results(h, TestFilter(patient=patient))
        what = f"patient {patient}" if patient is not None else f"session {session_id}"
        if not yes:
            typer.confirm(
                f"delete {what}: {len(doomed)} session(s)"
                + (f" and {len(tests)} clinical test result(s)" if tests else "")
                + ("" if keep_folders else " and their recorded pose tracks")
                + "?",
                abort=True,
            )
        n = h.delete(patient=patient, session_id=session_id)
    removed = removed_tests = 0
    if not keep_folders:
        for s in doomed:
            folder = s.get("session_dir")
            if folder and (Path(folder) / "session.json").is_file():
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        for t in tests:  # a live test's folder: its pose track and result.json
            track = t.get("track_path")
            if track and (Path(track).parent / "result.json").is_file():
                shutil.rmtree(Path(track).parent, ignore_errors=True)
                removed_tests += 1
    extra = f", {len(tests)} test result(s) and {removed_tests} test folder(s)" if tests else ""
    typer.echo(f"deleted {what}: {n} session(s), {removed} session folder(s){extra}", err=True)


@history_app.command("pain")
def pain_later(
    session_id: Annotated[int, typer.Argument(help="Session id (see 'posecount history').")],
    after_30_min: Annotated[
        int,
        typer.Option("--after-30-min", min=0, max=10, help="Pain 0-10 half an hour after."),
    ],
    db: DbOpt = None,
) -> None:
    """Record the pain half an hour after a session (the leaflet: it should have settled)."""
    with _open(db) as h:
        s = h.session(session_id)
        h.set_pain(session_id, "30min", after_30_min)
    before = s.get("pain_before")
    settled = (
        ""
        if before is None
        else (
            "; settled to where it was before"
            if after_30_min <= before
            else "; not settled yet: if it keeps on, talk to the physiotherapist or GP"
        )
    )
    typer.echo(f"session {session_id}: pain {after_30_min} after 30 minutes{settled}", err=True)


@history_app.command("import")
def import_(
    folder: Annotated[
        Path, typer.Argument(help="A session folder, or a folder of them.", file_okay=False)
    ],
    patient: PatientOpt = None,
    db: DbOpt = None,
) -> None:
    """File session folders recorded before the history existed (again: nothing doubles)."""
    from posecount.store.history import default_patient, session_folders

    folders = session_folders(folder)
    if not folders:
        raise PosecountError(
            f"no session folders (with a session.json) in {folder}; give the sessions folder "
            "of the user data directory, or one session folder"
        )
    added = skipped = 0
    with _open(db, create=True) as h:
        for f in folders:
            if h.import_folder(f, patient or default_patient()) is None:
                skipped += 1
            else:
                added += 1
    typer.echo(f"imported {added} session(s); {skipped} already in the history", err=True)
