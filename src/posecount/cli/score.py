from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from posecount.cli.common import (
    FpsOpt,
    MaxSideOpt,
    ModelOpt,
    PeopleOpt,
    RotateOpt,
    progress_enabled,
)
from posecount.errors import PosecountError
from posecount.session.pipeline import DEFAULT_FPS, DEFAULT_MAX_SIDE_PX, DEFAULT_MODEL


def score(
    directory: Annotated[
        Path,
        typer.Argument(
            exists=True, file_okay=False, help="Folder of clips (or their .posetrack.jsonl tracks)."
        ),
    ],
    labels: Annotated[
        Path,
        typer.Option(exists=True, dir_okay=False, help="Ground truth, in the labels.csv format."),
    ],
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, max=64, help="Worker processes.")] = 1,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    baseline: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="Fail when worse than this baseline; name the clips."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="Save this run (summary and every clip) as a baseline."),
    ] = None,
    junit: Annotated[
        Path | None,
        typer.Option(
            "--junit", dir_okay=False, help="Write a JUnit XML report: one test case per clip."
        ),
    ] = None,
    markdown: Annotated[
        str | None,
        typer.Option(
            "--markdown",
            metavar="FILE|-",
            help="Write a Markdown summary (against the baseline) to FILE, or - for stdout.",
        ),
    ] = None,
    min_exact: Annotated[
        float | None, typer.Option(min=0.0, max=1.0, help="Fail below this exact-count share.")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Always re-run pose.")] = False,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://HOST:PORT).")
    ] = None,
    model: ModelOpt = DEFAULT_MODEL,
    fps: FpsOpt = DEFAULT_FPS,
    max_side: MaxSideOpt = DEFAULT_MAX_SIDE_PX,
    rotate: RotateOpt = None,
    people: PeopleOpt = None,
) -> None:
    """Score a folder of labelled clips against ground truth."""
    from posecount.exercises.registry import EXERCISES, get_exercise
    from posecount.scoring.baseline import read_baseline, settings_mismatch
    from posecount.scoring.baseline import write_baseline as save
    from posecount.scoring.batch import Settings, find_input, run_batch
    from posecount.scoring.gate import judge
    from posecount.scoring.labels import read_label_table
    from posecount.scoring.metrics import summarize_scores
    from posecount.scoring.outputs import check_output, write_atomically
    from posecount.session.rate import check_analysis_rate

    markdown_file = None if markdown in (None, "-") else Path(markdown)
    if markdown == "-" and json_out:
        raise typer.BadParameter(
            "both want stdout; write the Markdown to a file instead", param_hint="--markdown -"
        )
    if junit is not None and str(junit) == "-":
        raise typer.BadParameter("JUnit XML goes to a file; give a file name", param_hint="--junit")
    outputs = [p.resolve() for p in (write_baseline, junit, markdown_file) if p is not None]
    if len(set(outputs)) < len(outputs):
        raise typer.BadParameter(
            "the same file is given twice; give each report its own file",
            param_hint="--write-baseline / --junit / --markdown",
        )
    table = read_label_table(labels)
    for line in table.warnings(labels):
        typer.echo(f"warning: {line}", err=True)
    label_rows = table.labels
    for exercise_id in sorted({lab.exercise for lab in label_rows} & set(EXERCISES)):
        check_analysis_rate(get_exercise(exercise_id).spec, fps)  # before any pose run
    base = read_baseline(baseline) if baseline else None  # fail fast on a bad file
    # Every output path is tried now: a typo must not cost the whole run's results.
    if write_baseline:
        check_output(write_baseline, "baseline", "--write-baseline")
    if junit:
        check_output(junit, "junit", "--junit")
    if markdown_file:
        check_output(markdown_file, "markdown", "--markdown")
    inputs = [find_input(directory, lab) for lab in label_rows]
    if not any(inputs):
        raise PosecountError(_nothing_found(directory, labels, label_rows[0].file))
    run_settings = {"model": model, "fps": fps, "max_side_px": max_side, "rotate_deg": rotate}
    run_settings["people"] = "auto" if people is None else people
    if base is not None:
        for line in settings_mismatch(run_settings, base):
            typer.echo(f"warning: this run differs from the baseline in {line}", err=True)
    use_cache = not no_cache
    from posecount.tracks.format import SUFFIX

    if use_cache and any(p is not None and not p.name.endswith(SUFFIX) for p in inputs):
        from posecount.scoring.cache import unusable_reason

        reason = unusable_reason()
        if reason is not None:
            typer.echo(
                f"warning: pose cache not usable ({reason}); scoring without it (every video "
                "goes through pose); set XDG_CACHE_HOME to a writable folder to cache",
                err=True,
            )
            use_cache = False
    settings = Settings(
        model=model,
        fps=fps,
        max_side_px=max_side,
        rotate_deg=rotate,
        people=people,
        use_cache=use_cache,
    )
    started = time.perf_counter()
    with _progress(len(label_rows)) as advance:
        results = run_batch(
            directory, label_rows, settings, jobs=jobs, scheduler=scheduler, on_result=advance
        )
    wall_s = time.perf_counter() - started
    scores = [r.score for r in results]
    summary = summarize_scores(scores)
    scored = summary["clips"] - summary["failed"]
    summary["wall_s"] = round(wall_s, 1)
    summary["cached"] = sum(r.cached for r in results)
    kept = {k: v for k, v in summary.items() if k not in ("wall_s", "cached")}

    verdict = judge(scores, summary, base, min_exact=min_exact, baseline_name=str(baseline))
    changes = verdict.changes

    if json_out:
        out: dict[str, Any] = {"clips": [s.to_dict() for s in scores], "summary": summary}
        if changes is not None:
            out["changes"] = [
                {
                    "file": c.file,
                    "exercise": c.exercise,
                    "direction": c.direction,
                    "reasons": list(c.reasons),
                }
                for c in changes
            ]
        typer.echo(json.dumps(out, indent=2))
    elif markdown != "-":
        typer.echo(format_table(scores, summary))
        if changes is not None:
            typer.echo(format_changes(changes))
    md = None
    if markdown is not None:
        from posecount.scoring.markdown import markdown_text

        md = markdown_text(
            scores,
            summary,
            baseline_summary=None if base is None else base.summary,
            changes=changes,
            problems=verdict.problems,
        )
    if md is not None and markdown_file is None:
        typer.echo(md, nl=False)
    if markdown_file is not None and md is not None:
        write_atomically(markdown_file, md)
    if junit:
        from posecount.scoring.junit import junit_text

        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        times = [r.wall_s for r in results]
        write_atomically(
            junit,
            junit_text(
                scores,
                kept,
                run_settings,
                times_s=times,
                timestamp=stamp,
                known_wrong=verdict.known_wrong,
            ),
        )
    for note in verdict.notes:
        typer.echo(f"note: {note}", err=True)
    if scored == 0:
        # A run that analysed nothing passes every comparison; it must not pass the gate,
        # nor become a baseline that every later run would pass.
        first = next((s.error for s in scores if s.error), "no reason given")
        raise PosecountError(
            f"nothing was scored: none of the {len(scores)} labelled clips could be analysed "
            f"(first: {first}){'; no baseline written' if write_baseline else ''}"
        )
    if write_baseline:
        save(write_baseline, kept, scores, run_settings)
    if verdict.problems:
        typer.echo("error: worse than required: " + "; ".join(verdict.problems), err=True)
        raise typer.Exit(1)


def _nothing_found(directory: Path, labels: Path, example: str) -> str:
    if not any(directory.iterdir()):
        return (
            f"folder {directory} is empty; give the folder that holds the clips named in "
            f"{labels} (or their .posetrack.jsonl tracks)"
        )
    from posecount.tracks.format import SUFFIX

    stem = Path(example).stem
    return (
        f"none of the clips named in {labels} is in {directory} (looked for {example} or "
        f"{stem}{SUFFIX}, and the others); check the folder and the file column"
    )


def format_changes(changes) -> str:  # type: ignore[no-untyped-def]
    if not changes:
        return "against the baseline: no clip changed"
    counts = {d: sum(c.direction == d for c in changes) for d in ("worse", "better")}
    lines = [
        f"against the baseline: {counts['worse']} worse, {counts['better']} better, "
        f"{len(changes) - counts['worse'] - counts['better']} other changes"
    ]
    lines += [f"  {c.direction:<7} {c.describe()}" for c in changes]
    return "\n".join(lines)


class _progress:
    def __init__(self, total: int) -> None:
        self.total = total
        self._p = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if not progress_enabled():
            return lambda result: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._p = Progress(TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), transient=True)
        self._p.start()
        task = self._p.add_task("scoring", total=self.total)
        return lambda result: self._p.advance(task)  # type: ignore[union-attr]

    def __exit__(self, *exc: object) -> None:
        if self._p is not None:
            self._p.stop()


def _holds(h: tuple[float, ...] | None) -> str:
    return "-" if h is None else (";".join(f"{x:.1f}" for x in h) or "none")


def format_table(scores, summary) -> str:  # type: ignore[no-untyped-def]
    rows = [("clip", "exercise", "expected", "got", "error", "short", "holds s (want)", "verdict")]
    for s in scores:
        lo, hi = s.want
        want = str(lo) if lo == hi else f"{lo}-{hi}"
        short = (
            "-"
            if s.short_got is None
            else f"{s.short_got}" + ("" if s.short_want is None else f" ({s.short_want})")
        )
        holds = "-" if s.holds_want is None else f"{_holds(s.holds_got)} ({_holds(s.holds_want)})"
        verdict = "FAILED: " + (s.error or "") if s.failed else ("ok" if s.correct else "WRONG")
        rows.append(
            (
                s.file,
                s.exercise,
                want,
                "-" if s.got is None else str(s.got),
                "-" if s.count_error is None else f"{s.count_error:+d}",
                short,
                holds,
                verdict,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1] for r in rows
    ]
    hold = summary["hold_mae_s"]
    lines.append(
        f"\n{summary['clips']} clips: exact {summary['exact']:.0%}, off-by-one "
        f"{summary['off_by_one']:.0%}, MAE {summary['mae']:.3f}, hold error "
        f"{'-' if hold is None else f'{hold:.2f} s'}, short-of-target right "
        f"{summary['short_correct']}/{summary['short_judged']}, failed {summary['failed']} "
        f"({summary['wall_s']} s, {summary['cached']} from cache)"
    )
    return "\n".join(lines)
