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
  person_standing  a second real person (cut from another shared clip, with the
                 background around them) standing beside the patient   same truth
  person_seated  a real seated person, larger, in the lower corner  same truth
  passer_by      a real person sliding in from the edge and out again, twice a clip
                                                                  same truth
  distant_50     the camera twice as far away (the picture at half size)  same truth
  distant_33     three times as far (a third of the size)                 same truth
  tilted_15      the camera rolled 15 degrees (a phone propped crooked)   same truth
  handheld_shake the picture wandering as in a hand (4%, 3 degrees)       same truth
  crossing       a real person walked across the whole picture in front of the patient
                 in a second, in the clip's longest rest (of 1.5 s or more)  same truth
  vfr_remux      re-muxed by ffmpeg as a streamed WebM: about one frame in four
                 dropped, the rest jittered by up to 8 ms, the header's frame rate
                 and frame count wrong and no duration (what a browser or phone
                 recorder writes)                                  same truth

The second person is pasted on the side of the frame the patient leaves free (from the
clip's committed pose track); a clip with no free side wide enough is left out of that
family, so a person never covers the patient (that would hide the rep from anyone).
vfr_remux needs an ffmpeg binary: `pip install -e ".[bench]"` (imageio-ffmpeg), or ffmpeg on PATH.

Each family also runs the plain two-threshold counter (compare_baseline.py) on the pose
tracks MediaPipe made of the same variant, for the exercises it has thresholds for.

Holds are judged only where the timeline is unchanged. Run:
    python benchmarks/robustness.py [--videos DIR] [--jobs 2] [--keep DIR] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
from _common import REPO_TRACKS, add_videos_arg, is_analysable, load_labels, videos_dir_or_exit
from compare_baseline import PLAIN, plain_count_frames

from posecount.scoring.batch import Settings, run_batch
from posecount.scoring.cache import cache_key
from posecount.scoring.labels import Label
from posecount.scoring.metrics import ClipScore, score_clip, summarize_scores
from posecount.session.analyze import analyze
from posecount.tracks import SUFFIX, TrackReader
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


def distant(share: float):  # type: ignore[no-untyped-def]
    """The camera further away: the picture at `share` of its size, standing on the floor
    line of a frame as large as before, the rest filled by its own edges (a plain room, no
    second person)."""

    def make(frames, fps, label):  # type: ignore[no-untyped-def]
        h, w = frames[0].shape[:2]
        sw, sh = round(w * share), round(h * share)
        left = (w - sw) // 2
        out = []
        for f in frames:
            small = cv2.resize(f, (sw, sh), interpolation=cv2.INTER_AREA)
            border = (h - sh, 0, left, w - sw - left)
            out.append(cv2.copyMakeBorder(small, *border, cv2.BORDER_REPLICATE))
        return out, fps, label

    return make


def tilted_15(frames, fps, label):  # type: ignore[no-untyped-def]
    """A phone propped up a little crooked: the picture rolled 15 degrees (not zoomed, so
    nobody leaves it; the corners filled by its own edges)."""
    h, w = frames[0].shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 15, 1.0)
    out = [cv2.warpAffine(f, m, (w, h), borderMode=cv2.BORDER_REPLICATE) for f in frames]
    return out, fps, label


def handheld_shake(frames, fps, label):  # type: ignore[no-untyped-def]
    """A phone held in the hand: the picture wanders (a smooth random walk of up to 4% of
    the frame and 3 degrees; the edges it uncovers filled by their neighbours)."""
    rng = np.random.default_rng(1)
    h, w = frames[0].shape[:2]
    n = len(frames)
    # noise smoothed over about a third of a second: a hand drifts, it does not jitter
    k = max(1, round(fps / 3))

    def wander(limit: float) -> np.ndarray:
        walk = np.convolve(rng.normal(0, 1, n + k), np.ones(k) / k, mode="same")[:n]
        return limit * walk / max(1e-9, float(np.abs(walk).max()))

    dx, dy, roll = wander(0.04 * w), wander(0.04 * h), wander(3.0)
    out = []
    for i, f in enumerate(frames):
        m = cv2.getRotationMatrix2D((w / 2, h / 2), float(roll[i]), 1.0)
        m[:, 2] += (dx[i], dy[i])
        out.append(cv2.warpAffine(f, m, (w, h), borderMode=cv2.BORDER_REPLICATE))
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


# ---------------------------------------------------------------- a second person

# Where the second people come from: shared clips of one person each, with the frames
# they are cut from (a standing person, front on; a person seated facing the camera).
STANDING_FROM = ("standing_two_feet_negative_front_7s.mp4", 0.0, 7.0)
STANDING_ALT = ("single_leg_stance_treepose_front_12s.mp4", 0.0, 7.0)
SEATED_FROM = ("sit_to_stand_front_seniorfit_1rep.mp4", 0.0, 0.6)
# The narrowest free side a person is pasted into, as a share of the frame's width.
MIN_FREE_SHARE = 0.15


def _track_frames(clip: str) -> list:  # type: ignore[type-arg]
    return list(TrackReader(REPO_TRACKS / (Path(clip).stem + SUFFIX)))


def _body_box(clip: str, t0_s: float = 0.0, t1_s: float = 1e9) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1), normalised: where the clip's person is, over a stretch of time
    (the 2nd-98th percentile of their visible landmarks, so one stray point does not
    widen it)."""
    xs, ys = [], []
    for f in _track_frames(clip):
        if f.landmarks is None or not t0_s * 1000 <= f.t_ms <= t1_s * 1000:
            continue
        seen = f.landmarks[f.landmarks[:, 3] >= 0.5]
        xs.extend(seen[:, 0])
        ys.extend(seen[:, 1])
    x0, x1 = np.percentile(xs, [2, 98])
    y0, y1 = np.percentile(ys, [2, 98])
    return float(x0), float(y0), float(x1), float(y1)


def person_patches(clip: str, t0_s: float, t1_s: float) -> list[np.ndarray]:
    """The frames of `clip` between t0 and t1, cut to the person with a margin of a
    fifth of their size (real pixels around a real person, not a silhouette)."""
    x0, y0, x1, y1 = _body_box(clip, t0_s, t1_s)
    mx, my = 0.2 * (x1 - x0), 0.1 * (y1 - y0)
    frames, fps = read_frames(VIDEOS / clip)
    a, b = round(t0_s * fps), min(len(frames), round(t1_s * fps))
    h, w = frames[0].shape[:2]
    ya, yb = max(0, round((y0 - my) * h)), min(h, round((y1 + my) * h))
    xa, xb = max(0, round((x0 - mx) * w)), min(w, round((x1 + mx) * w))
    return [f[ya:yb, xa:xb] for f in frames[a:b]]


def free_side(label: Label) -> tuple[float, float] | None:
    """The widest stretch of the frame's width (normalised) the patient never uses."""
    x0, _, x1, _ = _body_box(label.file)
    left, right = (0.0, max(0.0, x0 - 0.03)), (min(1.0, x1 + 0.03), 1.0)
    side = max(left, right, key=lambda r: r[1] - r[0])
    return side if side[1] - side[0] >= MIN_FREE_SHARE else None


def _paste(frame: np.ndarray, patch: np.ndarray, x_px: int, height_px: int, bottom_px: int) -> None:
    scale = height_px / patch.shape[0]
    small = cv2.resize(patch, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = frame.shape[:2]
    ph, pw = small.shape[:2]
    top = max(0, bottom_px - ph)
    xa, xb = max(0, x_px), min(w, x_px + pw)
    if xb <= xa:
        return
    frame[top : top + ph, xa:xb] = small[: h - top, xa - x_px : xb - x_px]


def with_person(source: tuple[str, float, float], height_share: float, moving: bool = False):  # type: ignore[no-untyped-def]
    """A variant that pastes the person of `source` into the patient's free side, standing
    on the floor line (or, `moving`, sliding in from the frame's edge and out again)."""

    def make(frames, fps, label):  # type: ignore[no-untyped-def]
        side = free_side(label)
        if side is None:
            return None
        src = source if source[0] != label.file else STANDING_ALT
        patches = person_patches(*src)
        patches = patches + patches[::-1]  # played forward and back: no jump at the loop
        h, w = frames[0].shape[:2]
        lo_px, hi_px = round(side[0] * w), round(side[1] * w)
        aspect = patches[0].shape[1] / patches[0].shape[0]
        # as tall as asked, or smaller (further back) when the free side is narrow
        height_px = min(round(height_share * h), round((hi_px - lo_px) / aspect))
        width_px = round(aspect * height_px)
        fits = max(0, hi_px - lo_px - width_px)
        on_left = side[0] == 0.0
        out = []
        for i, f in enumerate(frames):
            if moving:  # from just outside the edge to the middle of the free side, and back
                phase = 0.5 - 0.5 * np.cos(2 * np.pi * 2 * i / len(frames))
                hidden = -width_px if on_left else w
                shown = lo_px + fits // 2
                x_px = round(hidden + (shown - hidden) * phase)
            else:
                x_px = lo_px + fits // 2
            g = f.copy()
            _paste(g, patches[i % len(patches)], x_px, height_px, h)
            out.append(g)
        return out, fps, label

    return make


HOLD_RISE_MS = 2000


def busy_ms(label: Label) -> list[tuple[int, int]]:
    """(start, end) of every rep and hold as counted on the clip's committed pose track,
    merged where they overlap."""
    track = REPO_TRACKS / (Path(label.file).stem + ".posetrack.jsonl")
    events = analyze(track, label.exercise)["events"]
    busy = [(e["start_ms"], e["t_ms"]) for e in events if e["type"] == RepCompleted.type]
    started: int | None = None
    for e in events:
        if e["type"] == "hold_started":
            # found once the body is still at the top: the rise before it is busy too
            started = max(0, e["t_ms"] - HOLD_RISE_MS)
        elif e["type"] == "hold_ended" and started is not None:
            busy.append((started, e["t_ms"]))
            started = None
    merged: list[tuple[int, int]] = []
    for a, b in sorted(busy):  # a hold lies inside its rep: one stretch
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


# The shortest rest a person is walked through, and how long they take to cross: someone
# walking at 1.2 m/s crosses a 2-3 m wide view in about 2 s; a second is a brisk pass.
CROSS_MIN_REST_MS = 1500
CROSS_MS = 1000


def crossing(frames, fps, label):  # type: ignore[no-untyped-def]
    """A real person walked across the whole picture, in front of the patient and taller
    than them (nearer the camera), once, in the middle of the clip's longest rest: someone
    in the family passing the camera. The clip is left out when no rest is long enough."""
    busy = busy_ms(label)
    end_ms = round(len(frames) * 1000 / fps)
    edges = [0] + [t for pair in busy for t in pair] + [end_ms]
    rests = [
        (a, b) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= CROSS_MIN_REST_MS
    ]
    if not rests:
        return None
    a, b = max(rests, key=lambda r: r[1] - r[0])
    src = STANDING_FROM if STANDING_FROM[0] != label.file else STANDING_ALT
    patches = person_patches(*src)
    h, w = frames[0].shape[:2]
    height_px = round(0.95 * h)
    width_px = round(patches[0].shape[1] * height_px / patches[0].shape[0])
    first = round(((a + b) / 2 - CROSS_MS / 2) * fps / 1000)
    n = max(2, round(CROSS_MS * fps / 1000))
    out = list(frames)
    for k in range(n):
        i = first + k
        if not 0 <= i < len(out):
            continue
        x_px = round(-width_px + (w + width_px) * k / (n - 1))
        g = out[i].copy()
        _paste(g, patches[k % len(patches)], x_px, height_px, h)
        out[i] = g
    return out, fps, label


# ---------------------------------------------------------------- variable frame rate


def ffmpeg_exe() -> str | None:
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        return shutil.which("ffmpeg")


def vfr_remux(src: Path, out: Path, label: Label) -> Label | None:
    """Frame times stay the real ones (the truth is unchanged, holds included); only
    their spacing and the header change."""
    exe = ffmpeg_exe()
    if exe is None:
        sys.exit("vfr_remux needs ffmpeg: pip install -e '.[bench]' (or put ffmpeg on PATH)")
    keep = "select='not(eq(mod(n\\,4)\\,1))+eq(mod(n\\,13)\\,0)'"
    jitter = "setpts='PTS+0.004*mod(N\\,3)/TB'"
    cmd = [exe, "-v", "error", "-y", "-i", str(src), "-vf", f"{keep},{jitter}"]
    cmd += ["-fps_mode", "passthrough", "-an", "-c:v", "libvpx-vp9", "-deadline", "realtime"]
    cmd += ["-cpu-used", "8", "-b:v", "2M", "-f", "webm", "pipe:1"]
    with out.open("wb") as fh:  # streamed: no duration, no frame count, rate guessed
        subprocess.run(cmd, stdout=fh, check=True)
    return label


vfr_remux.from_file = True  # type: ignore[attr-defined]


VARIANTS: dict[str, Callable] = {
    "dark_noisy": dark_noisy,
    "rotated_90": rotated_90,
    "rotated_90+fix": rotated_90,  # the same clips scored with --rotate 270
    "mirrored": mirrored,
    "lowres_10fps": lowres_10fps,
    "covered_0.5s": covered_half_second,
    "double_tempo": double_tempo,
    "repeated_rep": repeated_rep,
    "person_standing": with_person(STANDING_FROM, 0.6),
    "person_seated": with_person(SEATED_FROM, 0.8),
    "passer_by": with_person(STANDING_FROM, 0.6, moving=True),
    "crossing": crossing,
    "vfr_remux": vfr_remux,
    "distant_50": distant(0.5),
    "distant_33": distant(1 / 3),
    "tilted_15": tilted_15,
    "handheld_shake": handheld_shake,
}
VIDEOS = Path()  # set in main()


def plain_score(label: Label, track: Path) -> ClipScore | None:
    """The plain counter on the variant's own pose track (None: no thresholds for it)."""
    if label.exercise not in PLAIN or not track.is_file():
        return None
    p = plain_count_frames(TrackReader(track), label.exercise)
    return dataclasses.replace(
        score_clip(label, {**p, "reps_short_of_target": 0, "holds_s": p["holds_s"] or []}),
        short_want=None,
        short_got=None,
        holds_got=None,
    )


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

    global VIDEOS
    VIDEOS = videos
    with tempfile.TemporaryDirectory(prefix="posecount-robustness-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        cache = root / "tracks"
        rows = []
        for name in names:
            folder = root / name
            folder.mkdir(exist_ok=True)
            variant_labels = []
            for label in labels:
                variant = VARIANTS[name]
                if getattr(variant, "from_file", False):
                    truth = variant(videos / label.file, folder / label.file, label)
                else:
                    frames, fps = read_frames(videos / label.file)
                    made = variant(frames, fps, label)
                    if made is None or not made[0]:
                        continue
                    out_frames, out_fps, truth = made
                    write_frames(folder / label.file, out_frames, out_fps)
                if truth is not None:
                    variant_labels.append(truth)
            print(f"{name}: {len(variant_labels)} clips written, scoring...", file=sys.stderr)
            # +fix: turned by hand; otherwise the orientation is found from the pose.
            rotate = 270 if name.endswith("+fix") else None
            settings = Settings(rotate_deg=rotate, cache_dir=str(cache))
            results = run_batch(folder, variant_labels, settings, jobs=args.jobs)
            scores = [r.score for r in results]
            made_as = (settings.model, settings.fps, settings.max_side_px, rotate or 0)
            plain = [
                plain_score(
                    lab,
                    cache / (cache_key(folder / lab.file, *made_as, None, lab.exercise) + SUFFIX),
                )
                for lab in variant_labels
            ]
            rows.append((name, scores, summarize_scores(scores), plain))

    print(f"{'variant':16} {'clip':46} {'want':>5} {'got':>4} {'plain':>5}  verdict")
    for name, scores, _, plain in rows:
        for s, p in zip(scores, plain, strict=True):
            lo, hi = s.want
            want = str(lo) if lo == hi else f"{lo}-{hi}"
            verdict = "failed" if s.failed else ("ok" if s.correct else "WRONG")
            got = "-" if s.got is None else str(s.got)
            theirs = "-" if p is None or p.got is None else str(p.got)
            print(f"{name:16} {s.file:46} {want:>5} {got:>4} {theirs:>5}  {verdict}")
    print()
    print(
        f"{'variant':16} {'clips':>5} {'exact':>6} {'OBO':>5} {'MAE':>6} {'holds MAE s':>11}"
        f" {'plain clips':>11} {'posecount':>9} {'plain':>6}"
    )
    for name, scores, summary, plain in rows:
        hold = "-" if summary["hold_mae_s"] is None else f"{summary['hold_mae_s']:.2f}"
        # posecount and the plain counter on the clips both can count
        both = [(s, p) for s, p in zip(scores, plain, strict=True) if p is not None]
        ours = sum(s.got is not None and s.want[0] <= s.got <= s.want[1] for s, _ in both)
        theirs = sum(p.got is not None and p.want[0] <= p.got <= p.want[1] for _, p in both)
        ours_s = f"{ours / len(both):.0%}" if both else "-"
        theirs_s = f"{theirs / len(both):.0%}" if both else "-"
        print(
            f"{name:16} {summary['clips']:>5} {summary['exact']:>6.0%} "
            f"{summary['off_by_one']:>5.0%} {summary['mae']:>6.3f} {hold:>11}"
            f" {len(both):>11} {ours_s:>9} {theirs_s:>6}"
        )


if __name__ == "__main__":
    main()
