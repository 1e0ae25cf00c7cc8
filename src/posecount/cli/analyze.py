from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from posecount.cli.common import (
    CameraOpt,
    FpsOpt,
    MaxSideOpt,
    ModelOpt,
    PeopleOpt,
    RotateOpt,
    pick_source,
    usage_error,
)
from posecount.cli.history_opts import DbOpt, PatientOpt, saved, saving
from posecount.session.pipeline import DEFAULT_FPS, DEFAULT_MAX_SIDE_PX, DEFAULT_MODEL

ExerciseArg = Annotated[
    str, typer.Option("--exercise", "-e", help="Exercise id (see 'posecount exercises').")
]
PrescriptionOpt = Annotated[
    Path | None,
    typer.Option(
        "--prescription", "-p", help="A physiotherapist's prescription file (TOML).", dir_okay=False
    ),
]


OptionalExerciseArg = Annotated[
    str | None,
    typer.Option(
        "--exercise",
        "-e",
        help="Exercise id (see 'posecount exercises'); a session folder knows its own.",
        show_default=False,
    ),
]


def analyze(
    exercise: OptionalExerciseArg = None,
    source: Annotated[
        str | None,
        typer.Argument(
            help="Video, pose track or recorded session folder (or use --camera).",
            show_default=False,
        ),
    ] = None,
    prescription: PrescriptionOpt = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of text.")
    ] = False,
    camera: CameraOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    fps: FpsOpt = DEFAULT_FPS,
    max_side: MaxSideOpt = DEFAULT_MAX_SIDE_PX,
    rotate: RotateOpt = None,
    people: PeopleOpt = None,
    save: Annotated[
        bool, typer.Option("--save", help="Keep the session and file it in the history.")
    ] = False,
    patient: PatientOpt = None,
    db: DbOpt = None,
) -> None:
    """Count reps, time holds and check range of motion in a recording."""
    from posecount.session.analyze import analyze as run
    from posecount.store.folder import is_session_folder, read_session

    picked = pick_source(source, camera)
    own = None
    if isinstance(picked, Path) and is_session_folder(picked):
        recorded = read_session(picked)
        picked = recorded.track
        exercise = exercise or recorded.exercise
        own = recorded.prescription() if exercise == recorded.exercise else None
    if exercise is None:
        raise usage_error(
            "Missing option '--exercise' / '-e': name the exercise (see 'posecount "
            "exercises'), or pass a recorded session folder"
        )
    filer = saving(picked, exercise, save, patient, db, model, fps, max_side, rotate)
    summary = run(
        picked,
        exercise,
        prescription_file=prescription,
        prescription=own,
        model=model,
        fps=fps,
        max_side_px=max_side,
        rotate_deg=rotate,
        people=people,
        on_frame=None if filer is None else filer.frame,
    )
    if filer is not None:
        summary["history_id"] = saved(filer, summary)
    if json_out:
        typer.echo(json.dumps(summary, indent=2))
    else:
        typer.echo(format_summary(summary))
    if summary["interrupted"]:
        raise typer.Exit(130)


def format_summary(s: dict[str, Any]) -> str:
    lines = [f"{s['exercise']} - {s['source']} ({s['duration_s']:.1f} s)"]
    if s.get("view"):
        lines.append(f"view: {s['view']}")
    rng = s["range"]
    suffix = "°" if rng["unit"] == "deg" else f" {rng['unit']}"

    def v(x: float) -> str:
        return f"{x:g}{suffix}"

    reps = f"reps: {s['reps']}"
    if s["reps_short_of_target"]:
        reps += f" ({s['reps_short_of_target']} short of the range target)"
    lines.append(reps)
    for side, d in s["sides"].items():
        part = f"  {side}: {d['reps']} reps"
        if d["range"]["mean"] is not None:
            part += f", range mean {v(d['range']['mean'])}, best {v(d['range']['best'])}"
        if d["holds_s"]:
            part += ", holds " + ", ".join(f"{h:.1f} s" for h in d["holds_s"])
        lines.append(part)
    if s.get("asymmetry") is not None:
        lines.append(f"  left/right difference in range: {v(s['asymmetry'])}")
    if s["holds_s"] and not s["sides"]:
        lines.append("holds: " + ", ".join(f"{h:.1f} s" for h in s["holds_s"]))
    if rng["label"].startswith("not measured"):
        # A guided exercise (exercises.guided): say so, so its holds are not read as a
        # measurement of the movement.
        lines.append(f"guided: the movement itself is {rng['label']}")
    if rng["best"] is not None:
        target = "" if rng["target"] is None else f" (target {v(rng['target'])})"
        lines.append(f"range: {rng['label']}: best {v(rng['best'])}, mean {v(rng['mean'])}{target}")
    p, a = s["prescription"], s["achieved"]
    done = ""
    if "reps_prescribed" in a:
        done = f"; done {s['reps']} of {a['reps_prescribed']}"
    lines.append(f"prescribed: {p['text']}{done}")
    for flag in s["flags"]:
        lines.append(f"! {flag}")
    if s.get("interrupted"):
        lines.append("(interrupted: the summary covers everything up to the stop)")
    return "\n".join(lines)
