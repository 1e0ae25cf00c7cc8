"""`posecount test NAME SOURCE`: a timed clinical test, scored against published norms."""

from __future__ import annotations

import json
import re
from enum import StrEnum
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
from posecount.session.pipeline import DEFAULT_MAX_SIDE_PX, DEFAULT_MODEL


class TestName(StrEnum):
    timed_up_and_go = "timed-up-and-go"
    five_times_sit_to_stand = "five-times-sit-to-stand"
    chair_stand_30s = "chair-stand-30s"
    single_leg_stance = "single-leg-stance"

    __test__ = False


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
) -> None:
    """Run a timed clinical test (timed up and go, five-times sit-to-stand, 30-second
    chair stand, single-leg stance) on a recording and compare it with published norms."""
    from posecount.clinical.run import run_clinical_test

    src = pick_source(source, camera)
    result = run_clinical_test(
        name.value,
        src,
        age=age,
        sex=None if sex is None else sex.value,  # type: ignore[arg-type]
        model=model,
        fps=fps,
        max_side_px=max_side,
        rotate_deg=rotate,
    )
    d = result.to_dict()
    if json_out:
        typer.echo(json.dumps(d, indent=2))
    else:
        typer.echo(format_result(d))
    # Ctrl-C is how a camera test ends; on a file it cut the input short.
    if d["details"].get("interrupted") and not isinstance(src, int):
        raise typer.Exit(130)


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
    for c in d["comparisons"]:
        mark = "!" if c["concern"] else "-"
        lines.append(f"{mark} {c['verdict']} (norm: {c['norm']}; {short_source(c['source'])})")
    lines += [f"  note: {n}" for n in d["notes"]]
    return "\n".join(lines)
