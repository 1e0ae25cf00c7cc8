"""The accuracy / speed trade-off behind the pipeline's defaults (model, analysis rate,
downscaling), measured on every labelled shared clip posecount can analyse.

For each setting (model x fps [x max side]) every clip goes once through the whole
pipeline (`analyze`: decode, sample, downscale, MediaPipe, counting) and is scored
against labels.csv (DESIGN.md, "Measuring"). Wall seconds are comparable only within one
run: the last column is relative to the slowest setting.

Takes minutes (progress goes to stderr). A quicker look:

    python benchmarks/defaults.py --models lite --fps 10 15
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import _common

from posecount.errors import PosecountError
from posecount.scoring.metrics import ClipScore, score_clip, summarize_scores
from posecount.session.analyze import analyze


def parse_side(text: str) -> int | None:
    """A longest side in pixels, or 'none' to keep the video's size."""
    if text.strip().lower() in ("none", "full", "0"):
        return None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected pixels or 'none', got {text!r}") from None


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Accuracy and wall time of every (model, fps[, max side]) setting on the "
        "labelled shared clips, to choose the pipeline's defaults.",
    )
    _common.add_videos_arg(p)
    p.add_argument("--models", nargs="+", default=["lite", "full"], help="(lite full)")
    p.add_argument(
        "--fps",
        nargs="+",
        type=_common.parse_fps,
        default=[10.0, 15.0, None],
        help="analysis rates; 'all' = every frame (10 15 all)",
    )
    p.add_argument(
        "--max-side",
        nargs="+",
        type=parse_side,
        default=[640],
        help="longest side in px before pose estimation; 'none' = as decoded (640; try: 640 none)",
    )
    p.add_argument(
        "--clips",
        nargs="+",
        default=None,
        metavar="TEXT",
        help="only clips whose name contains one of these",
    )
    return p.parse_args()


def fps_text(fps: float | None) -> str:
    return "all" if fps is None else f"{fps:g}"


def side_text(side: int | None) -> str:
    return "none" if side is None else str(side)


def main() -> None:
    args = parse_args()
    videos = _common.videos_dir_or_exit(args.videos)
    labels = _common.load_labels(videos / "labels.csv")
    skipped = sorted({lb.exercise for lb in labels if not _common.is_analysable(lb.exercise)})
    labels = [lb for lb in labels if _common.is_analysable(lb.exercise)]
    if args.clips:
        labels = [lb for lb in labels if any(t in lb.file for t in args.clips)]
    missing = [lb.file for lb in labels if not (videos / lb.file).is_file()]
    if missing:
        sys.exit(f"clips listed in labels.csv are missing from {videos}: {', '.join(missing)}")
    if not labels:
        sys.exit("no labelled clip to analyse (check --clips)")

    settings = [(m, f, s) for m in args.models for f in args.fps for s in args.max_side]
    scores: dict[tuple, list[ClipScore]] = {k: [] for k in settings}  # type: ignore[type-arg]
    wall: dict[tuple, float] = dict.fromkeys(settings, 0.0)  # type: ignore[type-arg]
    n_runs, done = len(settings) * len(labels), 0
    t_start = time.perf_counter()
    # Clip by clip, every setting in turn: the machine's load drifts during a long run,
    # and this way every setting sees each stretch of it for about the same time.
    for label in labels:
        path = videos / label.file
        for setting in settings:
            model, fps, side = setting
            done += 1
            t0 = time.perf_counter()
            try:
                summary = analyze(path, label.exercise, model=model, fps=fps, max_side_px=side)
                score = score_clip(label, summary)
            except PosecountError as e:
                score = score_clip(label, None, error=str(e))
            dt = time.perf_counter() - t0
            wall[setting] += dt
            scores[setting].append(score)
            lo, hi = score.want
            want = f"{lo}" if lo == hi else f"{lo}-{hi}"
            _common.progress(
                f"[{done}/{n_runs}] {model} fps={fps_text(fps)} side={side_text(side)} "
                f"{label.file}: {score.got} reps (want {want}) in {dt:.1f} s"
                + (f" FAILED: {score.error}" if score.error else "")
            )

    slowest = max(wall.values())
    print(f"\n{len(labels)} clips, {len(settings)} settings, {len(settings) * len(labels)} runs")
    if skipped:
        print(f"skipped (not analysed by posecount yet): {', '.join(skipped)}")
    print(f"total {time.perf_counter() - t_start:.0f} s\n")
    rows = []
    for setting in settings:
        model, fps, side = setting
        s = summarize_scores(scores[setting])
        hold = "-" if s["hold_mae_s"] is None else f"{s['hold_mae_s']:.2f}"
        rows.append(
            [
                model,
                fps_text(fps),
                side_text(side),
                f"{s['exact']:.2f}",
                f"{s['off_by_one']:.2f}",
                f"{s['mae']:.3f}",
                hold,
                f"{s['short_correct']}/{s['short_judged']}",
                s["failed"],
                f"{wall[setting]:.1f}",
                f"{wall[setting] / slowest:.2f}",
            ]
        )
    print(
        _common.fmt_table(
            [
                "model",
                "fps",
                "max side",
                "exact",
                "OBO",
                "MAE",
                "hold MAE s",
                "short ok",
                "failed",
                "wall s",
                "wall/slowest",
            ],
            rows,
        )
    )

    # Per-clip counts, to see which clip a setting gains or loses.
    print("\nreps per clip (expected, then each setting model/fps/side):")
    heads = ["clip", "exercise", "want"] + [
        f"{m}/{fps_text(f)}/{side_text(s)}" for m, f, s in settings
    ]
    body = []
    for i, label in enumerate(labels):
        lo, hi = label.reps_range
        want = lo if lo == hi else f"{lo}-{hi}"
        row: list[object] = [Path(label.file).stem, label.exercise, want]
        for setting in settings:
            sc = scores[setting][i]
            row.append("fail" if sc.failed else f"{sc.got}{'' if sc.exact else '*'}")
        body.append(row)
    print(_common.fmt_table(heads, body, left=2))
    print("(* = outside the labelled range)")

    # Per-clip holds, to see where the hold error of a setting comes from.
    timed = [i for i, label in enumerate(labels) if label.holds_s is not None]
    if timed:
        print("\nholds per clip in s (labelled, then each setting):")
        body = []
        for i in timed:
            label = labels[i]
            row = [Path(label.file).stem, _holds(label.holds_s)]
            row += [_holds(scores[setting][i].holds_got) for setting in settings]
            body.append(row)
        print(_common.fmt_table(["clip", "want", *heads[3:]], body))


def _holds(holds: tuple[float, ...] | None) -> str:
    return "-" if holds is None else ";".join(f"{h:.1f}" for h in holds) or "none"


if __name__ == "__main__":
    main()
