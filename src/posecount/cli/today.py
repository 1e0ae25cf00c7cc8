from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer


def today(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A built-in programme or a programme file (default: the last one run).",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    notify: Annotated[
        bool,
        typer.Option("--notify", help="Also show a desktop reminder (notify-send) if any is due."),
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="The posecount data folder (default: the user data directory).",
            file_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """What is due and done today: the programme's per-day target against the runs
    recorded today, and today's dose after the progression rule."""
    from posecount.programme.loader import resolve_programme
    from posecount.programme.model import ProgrammeError
    from posecount.programme.progression import load_records, next_dose, outcomes, schedule
    from posecount.programme.runner import programmes_dir
    from posecount.session.pain import PainBands

    folder = data_dir / "programmes" if data_dir is not None else programmes_dir(None)
    if name is None:
        name = _last_run(folder)
        if name is None:
            raise ProgrammeError(
                f"no programme has been run yet (none recorded in {folder}); give one, e.g. "
                "'posecount today leaflet-001-mobility' (see 'posecount programme --list')"
            )
    prog = resolve_programme(name)
    records = load_records(folder, prog.name)
    plan = schedule(prog, records, date.today())
    finished = [r for r in records if r.get("status") != "running"]
    green = PainBands().green_max
    for row, step in zip(plan["exercises"], prog.steps, strict=True):
        dose, why = next_dose(step, outcomes(finished, step.exercise, green), prog.progression)
        row["dose"] = dose.describe()
        row["progression"] = why
    plan["reminder"] = _remind(plan) if notify else None
    if json_out:
        typer.echo(json.dumps(plan, indent=2))
        return
    typer.echo(_format(plan))
    if plan["reminder"]:
        typer.echo(plan["reminder"], err=True)


def _last_run(folder: Path) -> str | None:
    best: tuple[str, str] | None = None
    for path in folder.glob("*.json") if folder.is_dir() else []:
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(rec, dict):
            continue
        source = rec.get("source") or ""
        ref = rec.get("programme") if not str(source).endswith(".toml") else source
        key = str(rec.get("started", ""))
        if ref and (best is None or key > best[0]):
            best = (key, str(ref))
    return None if best is None else best[1]


def _remind(plan: dict[str, Any]) -> str:
    due = plan["due_today"]
    if due is None:
        return "no reminder: this programme sets no daily target (per_day)"
    if not due:
        return "no reminder: nothing more is due today"
    text = f"{due} more session(s) of {plan['programme']} due today"
    if shutil.which("notify-send") is None:
        return (
            f"no desktop reminder: notify-send not found (on Debian/Ubuntu: apt-get install "
            f"libnotify-bin); {text}"
        )
    try:
        done = subprocess.run(
            ["notify-send", "posecount", text], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError) as e:
        return f"no desktop reminder: notify-send failed ({e}); {text}"
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no desktop"
        return f"no desktop reminder: notify-send failed ({why}); {text}"
    return f"reminder shown: {text}"


def _format(plan: dict[str, Any]) -> str:
    per_day = plan["per_day"]
    head = f"{plan['programme']} on {plan['date']}: "
    if per_day is None:
        head += f"no daily target set; done {plan['complete_today']} time(s) today"
    else:
        head += (
            f"{per_day} time(s) a day; done {plan['complete_today']}, {plan['due_today']} still due"
        )
    lines = [head]
    for e in plan["exercises"]:
        target = "" if e["per_day"] is None else f" of {e['per_day']}"
        line = f"  {e['exercise']}: {e['dose']}; done {e['done_today']}{target} today"
        if e["progression"]:
            line += f"; up a step: {e['progression']}"
        lines.append(line)
    return "\n".join(lines)
