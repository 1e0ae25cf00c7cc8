from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from posecount.cli.analyze import ExerciseArg, PrescriptionOpt, format_summary
from posecount.cli.common import (
    CameraOpt,
    FpsOpt,
    MaxSideOpt,
    ModelOpt,
    PeopleOpt,
    RotateOpt,
)
from posecount.cli.history_opts import DbOpt, PatientOpt
from posecount.session.pipeline import (
    DEFAULT_FPS,
    DEFAULT_MAX_SIDE_PX,
    DEFAULT_MODEL,
    PoseSettings,
)


def live(
    exercise: ExerciseArg,
    camera: CameraOpt = None,
    source: Annotated[
        Path | None,
        typer.Option(help="Play a video or pose track as if it were the camera (real time)."),
    ] = None,
    prescription: PrescriptionOpt = None,
    no_window: Annotated[bool, typer.Option("--no-window", help="No preview window.")] = False,
    windowed: Annotated[
        bool, typer.Option("--windowed", help="A window instead of the full screen.")
    ] = False,
    high_contrast: Annotated[
        bool, typer.Option("--high-contrast", help="Black panels and yellow text.")
    ] = False,
    mute: Annotated[bool, typer.Option("--mute", help="No spoken cues.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    pain_before: Annotated[
        int | None, typer.Option(min=0, max=10, help="Pain 0-10 before (skips the prompt).")
    ] = None,
    pain_after: Annotated[
        int | None, typer.Option(min=0, max=10, help="Pain 0-10 after (skips the prompt).")
    ] = None,
    pain_bands: Annotated[
        str, typer.Option(help="Traffic-light bands GREEN_MAX,AMBER_MAX (0-10 scale).")
    ] = "3,5",
    save_video: Annotated[
        bool, typer.Option("--save-video", help="Also keep the video (not kept by default).")
    ] = False,
    model: ModelOpt = DEFAULT_MODEL,
    fps: FpsOpt = DEFAULT_FPS,
    max_side: MaxSideOpt = DEFAULT_MAX_SIDE_PX,
    rotate: RotateOpt = None,
    people: PeopleOpt = None,
    patient: PatientOpt = None,
    db: DbOpt = None,
) -> None:
    """Coach a session live from the camera: count aloud, time holds, record everything."""
    from posecount.cli.test_cmd import TEST_NAMES

    if exercise in TEST_NAMES:  # a clinical test, live (posecount test NAME --live)
        from posecount.cli.test_cmd import run_live_from_live_command

        return run_live_from_live_command(
            exercise, source, camera, json_out, mute, model, max_side, rotate, patient, db
        )
    from posecount.session.live import LiveOptions, LiveSession
    from posecount.session.pain import PainBands, advice, ask_score

    bands = PainBands.parse(pain_bands)
    if camera is not None and source is not None:
        raise typer.BadParameter("use --camera or --source, not both", param_hint="--source")
    interactive = sys.stdin.isatty() and not no_window
    window = not no_window
    if window:
        from posecount.render.window import check_display

        check_display()
    session = LiveSession(
        LiveOptions(
            exercise=exercise,
            camera=camera if source is None else None,
            source=source,
            prescription_file=prescription,
            window=window,
            mute=mute,
            pose=PoseSettings(model, fps, max_side, rotate),
            people=people,
            save_video=save_video,
            patient=patient,
            db_path=db,
            fullscreen=not windowed,
            high_contrast=high_contrast,
        )
    )

    def ask(when: str, given: int | None) -> None:
        score = given
        if score is None and interactive:  # 11 or "x" is asked again, never stored
            score = ask_score(
                f"Pain now, 0 (none) to 10 (worst), {when}",
                read=input,
                tell=lambda m: typer.echo(m, err=True),
            )
        if score is None:
            return
        session.recorder.pain(when, score)
        typer.echo(f"pain {when}: {score} - {advice(score, bands)}", err=True)

    ask("before", pain_before)
    display = None
    if window:
        from posecount.render.window import show

        display = show
    summary = session.run(display)
    ask("after", pain_after)
    summary["pain"] = dict(session.recorder.meta["pain"])
    if json_out:
        typer.echo(json.dumps(summary, indent=2))
    else:
        typer.echo(format_summary(summary))
        status = summary["status"]
        if summary.get("done") and status != "complete":
            status += f", {summary['done']}"
        typer.echo(f"recorded in {summary['session_dir']} ({status})")
    if summary["status"] == "interrupted":
        raise typer.Exit(130)
