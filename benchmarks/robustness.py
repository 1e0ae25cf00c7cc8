"""Robustness suite: harder variants of the shared clips with known ground truth, scored
one row per variant and clip.

Variants (written to a temporary folder, never into the repository):
  dark_noisy     a third of the light and sensor noise            same truth
  rotated_90     camera turned a quarter (a phone on its side)    same truth
  rotated_90+fix the same, scored with --rotate 270 (rotated_90: found from the pose)
  mirrored       left-right flip                                  same truth
  lowres_10fps   a third of the resolution at 10 fps              same count
  covered_0.5s   the camera covered for half a second in rests between reps  same truth
  double_tempo   every other frame dropped (twice the speed)      same count
  repeated_rep   one real rep cut out and played 4 times           4 reps

Holds are judged only where the timeline is unchanged. Run:
    python benchmarks/robustness.py [--videos DIR] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
from _common import REPO_TRACKS, add_videos_arg, is_analysable, load_labels, videos_dir_or_exit

from posecount.scoring.batch import Settings, run_batch
from posecount.scoring.labels import Label
from posecount.scoring.metrics import summarize_scores
from posecount.session.analyze import analyze
from posecount.types import RepCompleted

Frames = Iterator[np.ndarray]
REPEATS = 4


def read_frames(path: Path) -> tuple[list[np.ndarray], float]:
    """Frames and their true mean rate: from the presentation times, since a header can lie
    (the shared two-person clip claims 1000 fps; written back at that rate it would last a
    sixth of a second)."""
    cap = cv2.VideoCapture(str(path))
    header_fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    frames, last_ms = [], 0.0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        frames.append(frame)
        last_ms = cap.get(cv2.CAP_PROP_POS_MSEC)
    cap.release()
    if len(frames) > 1 and last_ms > 0:
        true_fps = (len(frames) - 1) * 1000.0 / last_ms
        if abs(true_fps - header_fps) > 0.05 * true_fps:
            return frames, true_fps
    return frames, header_fps


def write_frames(path: Path, frames: list[np.ndarray], fps: float) -> None:
    h, w = frames[0].shape[:2]
    out = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    for f in frames:
        out.write(f)
    out.release()


def rep_times_ms(label: Label) -> list[tuple[int, int]]:
    """(start, end) of each rep as counted on the clip's committed pose track."""
    track = REPO_TRACKS / (Path(label.file).stem + ".posetrack.jsonl")
    events = analyze(track, label.exercise)["events"]
    return [(e["start_ms"], e["t_ms"]) for e in events if e["type"] == RepCompleted.type]


def dark_noisy(frames, fps, label):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(0)
    out = []
    for f in frames:
        noisy = f.astype(np.float32) * 0.35 + rng.normal(0, 8, f.shape)
        out.append(np.clip(noisy, 0, 255).astype(np.uint8))
    return out, fps, label


def rotated_90(frames, fps, label):  # type: ignore[no-untyped-def]
    return [cv2.rotate(f, cv2.ROTATE_90_CLOCKWISE) for f in frames], fps, label


def mirrored(frames, fps, label):  # type: ignore[no-untyped-def]
    return [cv2.flip(f, 1) for f in frames], fps, label


def lowres_10fps(frames, fps, label):  # type: ignore[no-untyped-def]
    step = max(1, round(fps / 10))
    small = [cv2.resize(f, None, fx=1 / 3, fy=1 / 3, interpolation=cv2.INTER_AREA) for f in frames]
    return small[::step], fps / step, replace(label, holds_s=None)


def covered_half_second(frames, fps, label):  # type: ignore[no-untyped-def]
    """Black frames for half a second in the middle of each rest of at least a second
    between two reps. Back-to-back reps (no rest) are left uncovered: covering their
    turnaround would hide where one rep ends and the next begins, which no counter (nor a
    person) can see through."""
    reps = rep_times_ms(label)
    out = list(frames)
    for (_, end), (start, _) in zip(reps, reps[1:], strict=False):
        if start - end < 1000:
            continue
        mid_ms = (end + start) / 2
        first = round((mid_ms - 250) * fps / 1000)
        for i in range(max(0, first), min(len(out), first + round(fps / 2))):
            out[i] = np.zeros_like(out[i])
    return out, fps, label


def double_tempo(frames, fps, label):  # type: ignore[no-untyped-def]
    return frames[::2], fps, replace(label, holds_s=None)


def repeated_rep(frames, fps, label):  # type: ignore[no-untyped-def]
    reps = rep_times_ms(label)
    if not reps:
        return None
    start_ms, end_ms = reps[len(reps) // 2]
    # Half a second of the rest position either side, so each copy starts and ends at rest.
    a = max(0, round((start_ms - 500) * fps / 1000))
    b = min(len(frames), round((end_ms + 500) * fps / 1000))
    clip = frames[a:b]
    return (
        clip * REPEATS,
        fps,
        replace(label, reps=REPEATS, reps_max=None, rom_short=None, holds_s=None),
    )


VARIANTS: dict[str, Callable] = {
    "dark_noisy": dark_noisy,
    "rotated_90": rotated_90,
    "rotated_90+fix": rotated_90,  # the same clips scored with --rotate 270
    "mirrored": mirrored,
    "lowres_10fps": lowres_10fps,
    "covered_0.5s": covered_half_second,
    "double_tempo": double_tempo,
    "repeated_rep": repeated_rep,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_videos_arg(parser)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="write the variants here instead of a temp dir")
    parser.add_argument("--only", nargs="*", help="variant names to run")
    args = parser.parse_args()
    videos = videos_dir_or_exit(args.videos)
    labels = [lab for lab in load_labels(videos / "labels.csv") if is_analysable(lab.exercise)]
    names = args.only or list(VARIANTS)

    with tempfile.TemporaryDirectory(prefix="posecount-robustness-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        rows = []
        for name in names:
            folder = root / name
            folder.mkdir(exist_ok=True)
            variant_labels = []
            for label in labels:
                frames, fps = read_frames(videos / label.file)
                made = VARIANTS[name](frames, fps, label)
                if made is None:
                    continue
                out_frames, out_fps, truth = made
                if not out_frames:
                    continue
                write_frames(folder / label.file, out_frames, out_fps)
                variant_labels.append(truth)
            print(f"{name}: {len(variant_labels)} clips written, scoring...", file=sys.stderr)
            # +fix: turned by hand; otherwise the orientation is found from the pose.
            rotate = 270 if name.endswith("+fix") else None
            settings = Settings(use_cache=False, rotate_deg=rotate)
            results = run_batch(folder, variant_labels, settings, jobs=args.jobs)
            scores = [r.score for r in results]
            rows.append((name, scores, summarize_scores(scores)))

    print(f"{'variant':14} {'clip':46} {'want':>5} {'got':>4}  verdict")
    for name, scores, _ in rows:
        for s in scores:
            lo, hi = s.want
            want = str(lo) if lo == hi else f"{lo}-{hi}"
            verdict = "failed" if s.failed else ("ok" if s.correct else "WRONG")
            got = "-" if s.got is None else str(s.got)
            print(f"{name:14} {s.file:46} {want:>5} {got:>4}  {verdict}")
    print()
    print(f"{'variant':14} {'clips':>5} {'exact':>6} {'OBO':>5} {'MAE':>6} {'holds MAE s':>11}")
    for name, _, summary in rows:
        hold = "-" if summary["hold_mae_s"] is None else f"{summary['hold_mae_s']:.2f}"
        print(
            f"{name:14} {summary['clips']:>5} {summary['exact']:>6.0%} "
            f"{summary['off_by_one']:>5.0%} {summary['mae']:>6.3f} {hold:>11}"
        )


if __name__ == "__main__":
    main()
