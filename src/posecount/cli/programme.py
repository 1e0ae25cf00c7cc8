from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from posecount.cli.common import CameraOpt, FpsOpt, MaxSideOpt, ModelOpt, RotateOpt
from posecount.cli.history_opts import DbOpt, PatientOpt
from posecount.session.pipeline import (
    DEFAULT_FPS,
    DEFAULT_MAX_SIDE_PX,
    DEFAULT_MODEL,
    PoseSettings,
)

PainOpt = Annotated[int | None, typer.Option(min=0, max=10, show_default=False)]


def programme(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A built-in programme (see --list) or a programme file (.toml).",
            show_default=False,
        ),
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the built-in programmes.")] = False,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            help="EXERCISE=VIDEO_OR_TRACK: play this file as the camera for that exercise "
            "(repeatable; exercises without one are skipped).",
            show_default=False,
        ),
    ] = None,
    prescription: Annotated[
        Path | None,
        typer.Option(
            "--prescription",
            "-p",
            help="A physiotherapist's prescription file (TOML, as for live) over the doses.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    camera: CameraOpt = None,
    fast: Annotated[
        bool, typer.Option("--fast", help="Play --source files as fast as they analyse.")
    ] = False,
    no_window: Annotated[bool, typer.Option("--no-window", help="No window.")] = False,
    windowed: Annotated[
        bool, typer.Option("--windowed", help="A window instead of the full screen.")
    ] = False,
    high_contrast: Annotated[
        bool, typer.Option("--high-contrast", help="Black and white panels, larger text.")
    ] = False,
    mute: Annotated[bool, typer.Option("--mute", help="No speech.")] = False,
    voice: Annotated[
        str | None,
        typer.Option(
            help="espeak-ng voice (en-gb, en-us, ...) or a piper voice file (.onnx).",
            show_default=False,
        ),
    ] = None,
    rate: Annotated[int, typer.Option(min=80, max=400, help="Speech rate, words a minute.")] = 160,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    pain_before: Annotated[
        int | None, typer.Option(min=0, max=10, help="Pain 0-10 before (skips the question).")
    ] = None,
    pain_after: Annotated[
        int | None, typer.Option(min=0, max=10, help="Pain 0-10 after (skips the question).")
    ] = None,
    pain_between: Annotated[
        int | None,
        typer.Option(min=0, max=10, help="Headless: the pain 0-10 given at every set check."),
    ] = None,
    if_red: Annotated[
        str | None,
        typer.Option(
            help="Headless: what to do when pain is in the red zone: fewer-reps, less-range, "
            "longer-rests or stop.",
            show_default=False,
        ),
    ] = None,
    pain_bands: Annotated[
        str, typer.Option(help="Traffic-light bands GREEN_MAX,AMBER_MAX (0-10 scale).")
    ] = "3,5",
    model: ModelOpt = DEFAULT_MODEL,
    fps: FpsOpt = DEFAULT_FPS,
    max_side: MaxSideOpt = DEFAULT_MAX_SIDE_PX,
    rotate: RotateOpt = None,
    patient: PatientOpt = None,
    db: DbOpt = None,
) -> None:
    """Run a programme: several exercises in order, talked through, with sets and rests
    that move on by themselves. Each exercise is recorded like 'posecount live'.

    A programme file (TOML) lists the exercises in order:

    \b
      name = "my-programme"
      per_day = 2
      [[exercise]]
      id = "bridge"
      sets = 2
      reps = 10
      hold_s = 5
      rest_s = 45
      [progression]
      after_sessions = 3

    Keys in the window: space pause, n next set, s skip exercise, q stop, 0-10 pain.
    """
    from posecount.programme.builtin import BUILTIN
    from posecount.programme.loader import resolve_programme
    from posecount.programme.sequencer import Choice
    from posecount.session.pain import PainBands, advice, ask_score

    if list_:
        for p in BUILTIN.values():
            typer.echo("\n".join(p.describe()))
        return
    if name is None:
        raise typer.BadParameter("give a programme name or file, or --list", param_hint="NAME")
    prog = resolve_programme(name)
    if prescription is not None:
        from posecount.programme.loader import apply_prescription

        prog = apply_prescription(prog, prescription)
    sources = _sources(source or [], prog)
    if camera is not None and sources:
        raise typer.BadParameter("use --camera or --source, not both", param_hint="--source")
    choice = None
    if if_red is not None:
        try:
            choice = Choice(if_red)
        except ValueError:
            raise typer.BadParameter(
                f"got {if_red!r}; choose one of {', '.join(c.value for c in Choice)}",
                param_hint="--if-red",
            ) from None
    bands = PainBands.parse(pain_bands)
    window = not no_window
    if window:
        from posecount.render.window import check_display

        check_display()
    from posecount.programme.runner import ProgrammeOptions, ProgrammeRun
    from posecount.speech import Speaker, choose_engine

    engine = choose_engine(voice, rate)
    speaker = Speaker(
        engine=engine,
        enabled=not mute,
        fallback="cues are shown on screen only"
        if window
        else "there is no window either (--no-window): the summary comes at the end",
    )
    run = ProgrammeRun(
        ProgrammeOptions(
            prog,
            sources=sources,
            camera=camera,
            window=window,
            mute=mute,
            fast=fast,
            pain_before=pain_before,
            pain_after=pain_after,
            pain_between=pain_between,
            if_red=choice,
            bands=bands,
            pose=PoseSettings(model, fps, max_side, rotate),
            patient=patient,
            db_path=db,
            speaker=speaker,
            fullscreen=not windowed,
            high_contrast=high_contrast,
        )
    )
    interactive = sys.stdin.isatty()

    def ask(when: str) -> int | None:
        if not interactive:
            return None
        score = ask_score(
            f"Pain now, 0 (none) to 10 (worst), {when} the programme",
            read=input,
            tell=lambda m: typer.echo(m, err=True),
        )
        if score is not None:
            typer.echo(f"pain {when}: {score} - {advice(score, bands)}", err=True)
        return score

    display = None
    if window:
        from posecount.render.window import show

        display = show
    try:
        summary = run.run(display, ask)
    finally:
        speaker.close()
    summary["speech"] = {"engine": engine.name, "note": speaker.note or engine.note}
    if json_out:
        typer.echo(json.dumps(summary, indent=2))
    else:
        typer.echo(format_programme(summary))
    if summary["status"] == "stopped" and any(
        r.get("status") == "interrupted" for r in summary["exercises"]
    ):
        raise typer.Exit(130)


def _sources(given: list[str], prog: Any) -> dict[str, Path]:
    from posecount.exercises.registry import canonical_id

    out: dict[str, Path] = {}
    for item in given:
        exercise, sep, path = item.partition("=")
        ex = canonical_id(exercise.strip()) if sep else None
        if not sep or not path:
            raise typer.BadParameter(
                f"got {item!r}; write EXERCISE=FILE, e.g. bridge=bridge.posetrack.jsonl",
                param_hint="--source",
            )
        if ex is None or prog.step_for(ex) is None:
            raise typer.BadParameter(
                f"{exercise!r} is not in programme {prog.name} "
                f"({', '.join(s.exercise for s in prog.steps)})",
                param_hint="--source",
            )
        if ex in out:
            raise typer.BadParameter(f"{ex} is given twice", param_hint="--source")
        file = Path(path)
        if not file.exists():
            raise typer.BadParameter(f"{path} does not exist", param_hint="--source")
        out[ex] = file
    return out


def format_programme(s: dict[str, Any]) -> str:
    lines = [f"{s['programme']}: {s['title']} - {s['status']}"]
    for i, r in enumerate(s["exercises"], 1):
        if "session_dir" not in r:
            lines.append(f"  {i}. {r['exercise']}: {r['status']}")
            continue
        holds = ", ".join(f"{h:g} s" for h in r.get("holds_s", []))
        lines.append(
            f"  {i}. {r['exercise']}: {r['programme_status']}, sets {r['sets_done']} of "
            f"{r['sets']}, reps {r['reps']}" + (f", holds {holds}" if holds else "")
        )
        for c in r.get("choices", []):
            lines.append(f"     changed after red pain: {c}")
        lines.append(f"     recorded in {r['session_dir']}")
    t = s["totals"]
    lines.append(
        f"total: {t['exercises_complete']} of {t['exercises']} exercises complete, "
        f"{t['sets_done']} sets, {t['reps']} reps, {t['holds']} holds, {t['duration_s']:g} s"
    )
    pain = s["pain"]
    if pain["before"] is not None or pain["after"] is not None:
        lines.append(f"pain before/after: {pain['before']}/{pain['after']}")
    lines.append(
        "in 30 minutes, record whether the pain has settled: posecount pain --after-30-min N"
    )
    return "\n".join(lines)


def pain_later(
    after_30_min: Annotated[
        int,
        typer.Option(
            "--after-30-min", min=0, max=10, help="Pain 0-10 half an hour after the session."
        ),
    ],
    session: Annotated[
        int | None,
        typer.Option(
            "--session",
            help="One session id (see 'posecount history'); default: every exercise of the "
            "latest programme run, or the latest session.",
            show_default=False,
        ),
    ] = None,
    patient: PatientOpt = None,
    db: DbOpt = None,
) -> None:
    """Has the pain settled? Record the pain 30 minutes after exercising (leaflet 001: it
    should be back to how it was before within 30 minutes)."""
    from posecount.programme.followup import record_30_min

    for line in record_30_min(after_30_min, session_id=session, patient=patient, db_path=db):
        typer.echo(line, err=True)
