from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer

from posecount.cli.common import FpsOpt, MaxSideOpt, ModelOpt, RotateOpt, progress_enabled
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
        Path | None, typer.Option(dir_okay=False, help="Fail when worse than this baseline.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option(dir_okay=False, help="Save this run's summary as a baseline.")
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
) -> None:
    """Score a folder of labelled clips against ground truth."""
    from posecount.scoring.baseline import read_baseline, regressions
    from posecount.scoring.baseline import write_baseline as save
    from posecount.scoring.batch import Settings, run_batch
    from posecount.scoring.labels import read_labels
    from posecount.scoring.metrics import summarize_scores

    label_rows = read_labels(labels)
    base = read_baseline(baseline) if baseline else None  # fail fast on a bad file
    settings = Settings(
        model=model, fps=fps, max_side_px=max_side, rotate_deg=rotate, use_cache=not no_cache
    )
    started = time.perf_counter()
    with _progress(len(label_rows)) as advance:
        results = run_batch(
            directory, label_rows, settings, jobs=jobs, scheduler=scheduler, on_result=advance
        )
    wall_s = time.perf_counter() - started
    scores = [r.score for r in results]
    summary = summarize_scores(scores)
    summary["wall_s"] = round(wall_s, 1)
    summary["cached"] = sum(r.cached for r in results)
    if json_out:
        clips = [s.to_dict() for s in scores]
        typer.echo(json.dumps({"clips": clips, "summary": summary}, indent=2))
    else:
        typer.echo(format_table(scores, summary))
    if write_baseline:
        keep = {k: v for k, v in summary.items() if k not in ("wall_s", "cached")}
        save(write_baseline, keep, {"model": model, "fps": fps, "max_side_px": max_side})
    problems = []
    if base is not None:
        problems += regressions(summary, base)
    if min_exact is not None and summary["exact"] < min_exact:
        problems.append(f"exact {summary['exact']} < --min-exact {min_exact}")
    if problems:
        typer.echo("error: worse than required: " + "; ".join(problems), err=True)
        raise typer.Exit(1)


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
