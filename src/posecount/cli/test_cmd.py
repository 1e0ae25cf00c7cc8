"""`posecount test NAME SOURCE`: a timed clinical test, scored against published norms."""

from __future__ import annotations

import json
import re
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from posecount.cli.common import (
    CameraOpt,
    MaxSideOpt,
    ModelOpt,
    RotateOpt,
    SourceArg,
    pick_source,
)
from posecount.cli.history_opts import DbOpt, PatientOpt
from posecount.session.pipeline import DEFAULT_MAX_SIDE_PX, DEFAULT_MODEL, PoseSettings


class TestName(StrEnum):
    timed_up_and_go = "timed-up-and-go"
    five_times_sit_to_stand = "five-times-sit-to-stand"
    chair_stand_30s = "chair-stand-30s"
    single_leg_stance = "single-leg-stance"

    __test__ = False


TEST_NAMES = frozenset(t.value for t in TestName)


class Sex(StrEnum):
    female = "female"
    male = "male"


def clinical_test(
    name: Annotated[TestName, typer.Argument(help="Which test.", show_default=False)],
    source: SourceArg = None,
    age: Annotated[
        int | None, typer.Option("--age", help="Age in years, to compare with the norms.")
    ] = None,
    sex: Annotated[Sex | None, typer.Option("--sex", help="Sex, for norms given by sex.")] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of text.")
    ] = False,
    camera: CameraOpt = None,
    model: ModelOpt = DEFAULT_MODEL,
    fps: Annotated[
        float | None,
        typer.Option(
            "--fps",
            min=1.0,
            max=240.0,
            help="Analyse at most this many frames a second (default: every frame; the "
            "tests are timed to the frame).",
        ),
    ] = None,
    max_side: MaxSideOpt = DEFAULT_MAX_SIDE_PX,
    rotate: RotateOpt = None,
    live: Annotated[
        bool,
        typer.Option(
            "--live",
            help="Play the file as if it were the camera: spoken instructions, '3, 2, 1, "
            "go', then the test in real time (a camera test always runs this way).",
        ),
    ] = False,
    mute: Annotated[bool, typer.Option("--mute", help="No spoken instructions.")] = False,
    fast: Annotated[
        bool, typer.Option("--fast", hidden=True, help="Live without waiting (for tests).")
    ] = False,
    save: Annotated[
        bool,
        typer.Option("--save", help="File the result in the history (a live run is always filed)."),
    ] = False,
    patient: PatientOpt = None,
    db: DbOpt = None,
) -> None:
    """Run a timed clinical test (timed up and go, five-times sit-to-stand, 30-second
    chair stand, single-leg stance) on a recording or live, and compare it with published
    norms."""
    src = pick_source(source, camera)
    run_test(
        name.value,
        src,
        age=age,
        sex=None if sex is None else sex.value,
        json_out=json_out,
        pose=PoseSettings(model, fps, max_side, rotate),
        live=live or isinstance(src, int),
        mute=mute,
        realtime=not fast,
        save=save,
        patient=patient,
        db=db,
    )


def run_test(
    name: str,
    src: Path | int,
    *,
    age: int | None,
    sex: str | None,
    json_out: bool,
    pose: PoseSettings,
    live: bool,
    mute: bool,
    realtime: bool,
    save: bool,
    patient: str | None,
    db: Path | None,
) -> None:
    """`posecount test`, and `posecount live -e TEST` (the same run, from cli.live)."""
    if not live and not save and (patient is not None or db is not None):
        raise typer.BadParameter("--patient and --db file the result: add --save")
    if not live and (mute or not realtime):
        raise typer.BadParameter("--mute is for a live run: add --live", param_hint="--mute")
    from posecount.clinical.run import check_age

    check_age(age)
    started = datetime.now().astimezone()
    if live:
        from posecount.clinical.live import LiveTest, LiveTestOptions

        runner = LiveTest(
            LiveTestOptions(
                name,
                src,
                age=age,
                sex=sex,  # type: ignore[arg-type]
                pose=pose,
                mute=mute,
                realtime=realtime,
                record=True,
            ),
            on_cue=lambda text: typer.echo(f"> {text}", err=True),
        )
        started = datetime.now().astimezone()
        result = runner.run()
    else:
        from posecount.clinical.run import run_clinical_test

        if isinstance(src, Path) and src.exists():
            # A recording is dated by its file (when the patient did the test).
            started = datetime.fromtimestamp(src.stat().st_mtime).astimezone()
        result = run_clinical_test(
            name,
            src,
            age=age,
            sex=sex,  # type: ignore[arg-type]
            pose=pose,
        )
    d = result.to_dict()
    if json_out:
        typer.echo(json.dumps(d, indent=2))
    else:
        typer.echo(format_result(d))
    if d["details"].get("track_path"):
        typer.echo(f"recorded in {Path(d['details']['track_path']).parent}", err=True)
    if live or save:
        _file(d, patient, db, started, age, sex, live)
    # Ctrl-C is how a camera test ends; on a file it cut the input short.
    if d["details"].get("interrupted") and not isinstance(src, int):
        raise typer.Exit(130)


def run_live_from_live_command(
    name: str,
    source: Path | None,
    camera: int | None,
    json_out: bool,
    mute: bool,
    model: str,
    max_side: int,
    rotate: int | None,
    patient: str | None,
    db: Path | None,
) -> None:
    """`posecount live -e TEST`: the test run live, as `posecount test TEST --live`. The
    live command's --fps (an exercise's analysis rate) does not apply: a test is timed at
    every frame. No age or sex there, so the raw result only."""
    if camera is not None and source is not None:
        raise typer.BadParameter("use --camera or --source, not both", param_hint="--source")
    run_test(
        name,
        source if source is not None else (camera or 0),
        age=None,
        sex=None,
        json_out=json_out,
        pose=PoseSettings(model, None, max_side, rotate),
        live=True,
        mute=mute,
        realtime=True,
        save=False,
        patient=patient,
        db=db,
    )


def _file(
    d: dict[str, Any],
    patient: str | None,
    db: Path | None,
    started: datetime,
    age: int | None,
    sex: str | None,
    live: bool,
) -> None:
    """Files the result; a history that cannot be written is one line on stderr, the
    result above stays on the screen."""
    from posecount.errors import StoreError
    from posecount.store.history import History, default_patient
    from posecount.store.test_results import file_result

    who = patient or default_patient()
    try:
        with History(db) as h:
            rid = file_result(h, d, patient=who, started=started, age=age, sex=sex, live=live)
    except StoreError as e:
        if not live:
            raise
        typer.echo(f"warning: the result was not filed in the history: {e}", err=True)
        return
    typer.echo(f"saved as test result {rid} of {who} in the history ({h.path})", err=True)


def short_source(source: str) -> str:
    """'Bohannon RW. Reference values ... 2006;29(2):64-68' -> 'Bohannon 2006'."""
    if source.startswith("CDC STEADI"):
        return "CDC STEADI"
    year = re.search(r"\b(19|20)\d\d\b", source)
    return source.split(" ")[0].rstrip(",") + (f" {year.group(0)}" if year else "")


def _value(d: dict[str, Any]) -> str:
    v = d["value"]
    if d["unit"] == "stands":
        return f"{v} stands"
    return f"{'at least ' if d['at_least'] else ''}{v:.2f} s"


def format_result(d: dict[str, Any]) -> str:
    src = d["details"].get("source", "")
    view = d["details"].get("view")
    lines = [f"{d['title']} - {src}" + (f" (filmed {view})" if view else "")]
    if not d["valid"]:
        lines.append(f"not valid: {d['reason']}")
        return "\n".join(lines + [f"  note: {n}" for n in d["notes"]])
    timing = ""
    if d["timed_fps"]:
        timing = f" (timed at {d['timed_fps']:g} frames/s"
        if d["uncertainty_s"] is not None:
            timing += f", +- {d['uncertainty_s']:.2f} s"
        timing += ")"
    lines.append(f"result: {_value(d)}{timing}")
    lines.append(f"timed: {d['end_points']}, {d['start_s']:.2f}-{d['end_s']:.2f} s")
    for side, leg in d["details"].get("legs", {}).items():
        trials = ", ".join(f"{t:.2f}" for t in leg["trials_s"])
        lines.append(f"  {side} leg: trials {trials} s; best {leg['best_s']:.2f} s")
    if "to_seated_after_fifth_s" in d["details"]:
        lines.append(
            f"  to seated after the fifth stand: {d['details']['to_seated_after_fifth_s']:.2f} s"
        )
    det = d["details"]
    if det.get("live"):
        live = "  live: the clock started at 'go'"
        if det.get("go_to_first_movement_s") is not None:
            live += f"; first movement {det['go_to_first_movement_s']:.2f} s after it"
        if det.get("stopped_complete"):
            live += "; stopped by itself once the protocol was complete"
        lines.append(live)
    for c in d["comparisons"]:
        mark = "!" if c["concern"] else "-"
        lines.append(f"{mark} {c['verdict']} (norm: {c['norm']}; {short_source(c['source'])})")
    lines += [f"  note: {n}" for n in d["notes"]]
    return "\n".join(lines)
