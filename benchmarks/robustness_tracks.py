"""Robustness at the landmark level: variants of the real pose tracks of the shared clips,
each with its ground truth from the construction, one row per family, posecount beside the
plain two-threshold counter (benchmarks/compare_baseline.py). No MediaPipe: seconds to run.

Families (the labels' counts hold for every one; holds are judged where the timeline is
unchanged):
  scaled_30/50/70   every rep moved only 30/50/70% of the way from the rest pose
                    (landmarks interpolated towards the median pose between reps)
  tempo_0.5x/2x     half and twice the speed (timestamps scaled, 10 analysed frames a
                    second kept by dropping or keeping frames as a 10 fps analysis would)
  brisk_0.5s        every rep squeezed into half a second out and back (the rests between
                    keep their length), resampled at 10 frames a second
  small_brisk       both: 45% of the range in half a second (a patient who moves only as
                    far as is comfortable, at their own quick tempo)
  shifted_rest      from the end of the first rep on, the patient rests a fifth of the way up
                    (the pelvis an inch higher on the mat, a shallower seat): every later
                    landmark moved 20% of the first rep's way from rest to top, eased in
                    over 0.3 s; the tops stay where they were (the shift fades as a frame
                    nears the top), so no top is pushed past straight
  rep_at_t0         the lead-in before the first rep cut off: a rep starts in frame one
  rotated_90/180/270  the camera on its side or upside down, no tag (found from the pose)
  rolled_+20/-20    the camera propped crooked: the picture turned 20 degrees clockwise
                    or anticlockwise about its centre, image and world landmarks alike
  mirrored          left-right flip of the picture (landmark sides swap, as MediaPipe's do)
  frozen_0.5s       the picture frozen for half a second at the top of every rep (an edited
                    tutorial's freeze-frame)
  duplicated        every frame twice, 1 ms apart (a re-encoder's duplicated frames)
  fidget            rest between reps with a 2 cm slow sway added to every landmark: no
                    extra reps
  head_unseen       the head out of the picture (face landmarks below MediaPipe's
                    visibility threshold throughout): a camera framing from the neck down
  ready_standing    4 s of a real person standing still facing the camera (the shared
                    two-feet clip, fitted to the picture) before the clip: a patient who
                    starts the recording and gets ready in front of it
  ready_rotated_90  the same with the camera on its side, no tag: the standing person
                    turned looks lying, so the turn shows only once the set begins
  hard_cut          the clip, then a hard cut to the same set filmed again from the other
                    side and closer (mirrored, the picture zoomed 1.3x about the hips): an
                    edited video, or a camera moved mid-session; twice the reps

    python benchmarks/robustness_tracks.py [--tracks DIR] [--labels FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import math
from collections.abc import Callable
from pathlib import Path

import _common
import numpy as np
from compare_baseline import PLAIN, plain_count_frames

from posecount.exercises.registry import get_exercise
from posecount.pose.landmarks import LandmarkId as L
from posecount.pose.rotation import mirror_pose, roll_pose, rotate_pose
from posecount.prescription.catalogue import resolve_prescription
from posecount.scoring.labels import Label
from posecount.scoring.metrics import ClipScore, score_clip, summarize_scores
from posecount.session.analysis import Analyzer
from posecount.tracks import SUFFIX, TrackReader
from posecount.types import PoseFrame, RepCompleted

Frames = list[PoseFrame]
Intervals = list[tuple[int, int]]


def rest_pose(frames: Frames, reps: Intervals) -> tuple[np.ndarray, np.ndarray] | None:
    """Median image and world landmarks of the frames outside every rep."""
    rest = [
        f
        for f in frames
        if f.landmarks is not None
        and f.world_m is not None
        and not any(a <= f.t_ms <= b for a, b in reps)
    ]
    if not rest:
        return None
    return (
        np.median([f.landmarks for f in rest], axis=0),
        np.median([f.world_m for f in rest], axis=0),
    )


def scaled(share: float) -> Callable[[Frames, Intervals], Frames | None]:
    def make(frames: Frames, reps: Intervals) -> Frames | None:
        rest = rest_pose(frames, reps)
        if rest is None or not reps:
            return None
        lm0, w0 = rest
        out = []
        for f in frames:
            inside = any(a <= f.t_ms <= b for a, b in reps)
            if f.landmarks is None or f.world_m is None or not inside:
                out.append(f)
                continue
            lm = f.landmarks.copy()
            lm[:, :3] = lm0[:, :3] + share * (f.landmarks[:, :3] - lm0[:, :3])
            world = w0 + share * (f.world_m - w0)
            out.append(PoseFrame(f.t_ms, lm, world, f.frame_size_px))
        return out

    return make


def tempo(speed: float) -> Callable[[Frames, Intervals], Frames]:
    def make(frames: Frames, reps: Intervals) -> Frames:
        out: Frames = []
        next_ms = 0.0
        for f in frames:
            t = f.t_ms / speed
            if t + 1e-6 >= next_ms:  # what a 10 fps sampler would keep
                out.append(dataclasses.replace(f, t_ms=round(t)))
                next_ms = t + 100.0
        return out

    return make


def brisk(rep_ms: int, share: float = 1.0) -> Callable[[Frames, Intervals], Frames | None]:
    """Each rep (as posecount found it on the real track) lasting `rep_ms`, rests as they
    were, then the frames a 10 fps analysis keeps; `share` < 1 also scales the reps."""

    def squeezed_ms(t: float, reps: Intervals) -> float:
        saved = 0.0  # time taken out of the reps before t
        for a, b in reps:
            if t < a:
                break
            if t <= b:
                return a - saved + (t - a) * rep_ms / max(b - a, 1)
            saved += max(b - a - rep_ms, 0)
        return t - saved

    def make(frames: Frames, reps: Intervals) -> Frames | None:
        if not reps or any(b - a < rep_ms for a, b in reps):
            return None  # already as brisk: nothing to squeeze
        source = scaled(share)(frames, reps) if share < 1 else frames
        if source is None:
            return None
        out: Frames = []
        next_ms = 0.0
        for f in source:
            t = squeezed_ms(f.t_ms, reps)
            if t + 1e-6 >= next_ms:
                out.append(dataclasses.replace(f, t_ms=round(t)))
                next_ms = t + 100.0
        return out

    return make


SHIFT_SHARE = 0.2


def shifted_rest(frames: Frames, reps: Intervals) -> Frames | None:
    rest = rest_pose(frames, reps)
    if rest is None or len(reps) < 2:
        return None
    lm0, w0 = rest
    end = reps[0][1]
    mid = (reps[0][0] + end) / 2
    top = min(
        (f for f in frames if f.landmarks is not None and f.world_m is not None),
        key=lambda f: abs(f.t_ms - mid),
    )
    assert top.landmarks is not None and top.world_m is not None
    way = top.landmarks[:, :3] - lm0[:, :3]  # the first rep's way from rest to top
    way_w = top.world_m - w0
    out = []
    for f in frames:
        share = SHIFT_SHARE * min(1.0, max(0.0, (f.t_ms - end) / 300.0))
        if share <= 0 or f.landmarks is None or f.world_m is None:
            out.append(f)
            continue
        # How far along that way this frame is (0 at rest, 1 at the top): a top stays put.
        along = float(np.sum((f.world_m - w0) * way_w) / max(float(np.sum(way_w**2)), 1e-9))
        share *= 1.0 - min(1.0, max(0.0, along))
        lm = f.landmarks.copy()
        lm[:, :3] += share * way
        world = f.world_m + share * way_w
        out.append(PoseFrame(f.t_ms, lm, world, f.frame_size_px))
    return out


def rep_at_t0(frames: Frames, reps: Intervals) -> Frames | None:
    if not reps:
        return None
    start = reps[0][0]
    return [dataclasses.replace(f, t_ms=f.t_ms - start) for f in frames if f.t_ms >= start]


def rotated(deg: int) -> Callable[[Frames, Intervals], Frames]:
    return lambda frames, reps: [rotate_pose(f, deg) for f in frames]


def rolled(deg: float) -> Callable[[Frames, Intervals], Frames]:
    return lambda frames, reps: [roll_pose(f, deg) for f in frames]


def mirrored(frames: Frames, reps: Intervals) -> Frames:
    return [mirror_pose(f) for f in frames]


def frozen(frames: Frames, reps: Intervals) -> Frames | None:
    if not reps:
        return None
    out: Frames = []
    shift = 0
    tops = [(a + b) // 2 for a, b in reps]
    for f in frames:
        out.append(dataclasses.replace(f, t_ms=f.t_ms + shift))
        if tops and f.t_ms >= tops[0]:
            tops.pop(0)
            for k in range(1, 6):  # half a second of the same picture at 10 fps
                out.append(dataclasses.replace(f, t_ms=f.t_ms + shift + 100 * k))
            shift += 500
    return out


def duplicated(frames: Frames, reps: Intervals) -> Frames:
    out: Frames = []
    for f in frames:
        out += [f, dataclasses.replace(f, t_ms=f.t_ms + 1)]
    return out


def fidget(frames: Frames, reps: Intervals) -> Frames:
    """A slow 2 cm sway (0.4 Hz) of the whole body while at rest: settling on the mat."""
    out = []
    for f in frames:
        inside = any(a - 500 <= f.t_ms <= b + 500 for a, b in reps)
        if f.landmarks is None or f.world_m is None or inside:
            out.append(f)
            continue
        phase = math.sin(2 * math.pi * 0.4 * f.t_ms / 1000)
        w = f.frame_size_px[0] or 1
        lm = f.landmarks.copy()
        lm[:, 1] += phase * 0.02 * 400 / w  # about 2 cm at a person 400 px tall
        world = f.world_m.copy()
        world[:, 1] += phase * 0.02
        out.append(PoseFrame(f.t_ms, lm, world, f.frame_size_px))
    return out


HEAD = [lid for lid in L if lid.name.split("_")[-1] in ("NOSE", "EYE", "INNER", "OUTER", "EAR")]
HEAD += [lid for lid in L if lid.name.startswith("MOUTH")]


def head_unseen(frames: Frames, reps: Intervals) -> Frames:
    out = []
    for f in frames:
        if f.landmarks is None:
            out.append(f)
            continue
        lm = f.landmarks.copy()
        lm[HEAD, 3] = 0.05
        out.append(PoseFrame(f.t_ms, lm, f.world_m, f.frame_size_px))
    return out


READY_CLIP = "standing_two_feet_negative_front_7s"
READY_MS = 4000
_ready: Frames = []  # filled by main(): a real person standing still, facing the camera


def ready_standing(rotate_deg: int = 0) -> Callable[[Frames, Intervals], Frames | None]:
    def make(frames: Frames, reps: Intervals) -> Frames | None:
        people = [f for f in frames if f.landmarks is not None]
        if not _ready or not people:
            return None
        w, h = people[0].frame_size_px
        out: Frames = []
        for f in _ready:
            if f.landmarks is None:
                continue
            sw, sh = f.frame_size_px
            lm = f.landmarks.copy()
            # The same share of the picture's height, centred: px scaled by h / sh.
            x = (lm[:, 0] - 0.5) * sw * h / sh + w / 2
            y = (lm[:, 1] - 0.5) * h + h / 2
            lm[:, 0], lm[:, 1] = x / w, y / h
            out.append(PoseFrame(f.t_ms, lm, f.world_m, (w, h)))
        start = READY_MS + 100
        out += [dataclasses.replace(f, t_ms=f.t_ms + start) for f in frames]
        return [rotate_pose(f, rotate_deg) for f in out] if rotate_deg else out

    return make


CUT_ZOOM = 1.3


def hard_cut(frames: Frames, reps: Intervals) -> Frames | None:
    people = [f for f in frames if f.landmarks is not None]
    if not people:
        return None
    hips = np.median([f.landmarks[[L.LEFT_HIP, L.RIGHT_HIP], :2].mean(axis=0) for f in people], 0)
    gap_ms = frames[-1].t_ms + 100  # the copy starts one frame after the clip ends
    out = list(frames)
    for f in mirrored(frames, reps):
        if f.landmarks is not None:
            lm = f.landmarks.copy()
            centre = np.array([1.0 - hips[0], hips[1]])
            lm[:, :2] = centre + CUT_ZOOM * (lm[:, :2] - centre)
            f = PoseFrame(f.t_ms, lm, f.world_m, f.frame_size_px)
        out.append(dataclasses.replace(f, t_ms=f.t_ms + gap_ms))
    return out


def doubled(label: Label) -> Label:
    """The label of a clip shown twice over."""
    return dataclasses.replace(
        label,
        reps=2 * label.reps,
        reps_max=None if label.reps_max is None else 2 * label.reps_max,
        rom_short=None if label.rom_short is None else 2 * label.rom_short,
    )


FAMILIES: dict[str, tuple[Callable[[Frames, Intervals], Frames | None], bool]] = {
    # name: (make, holds judged)
    "scaled_30": (scaled(0.3), False),
    "scaled_50": (scaled(0.5), False),
    "scaled_70": (scaled(0.7), False),
    "tempo_0.5x": (tempo(0.5), False),
    "tempo_2x": (tempo(2.0), False),
    "brisk_0.5s": (brisk(500), False),
    "small_brisk": (brisk(500, 0.45), False),
    "shifted_rest": (shifted_rest, False),
    "rep_at_t0": (rep_at_t0, False),
    "rotated_90": (rotated(90), True),
    "rotated_180": (rotated(180), True),
    "rotated_270": (rotated(270), True),
    "rolled_+20": (rolled(20), True),
    "rolled_-20": (rolled(-20), True),
    "mirrored": (mirrored, True),
    "frozen_0.5s": (frozen, False),
    "duplicated": (duplicated, True),
    "fidget": (fidget, True),
    "head_unseen": (head_unseen, True),
    "ready_standing": (ready_standing(), True),
    "ready_rotated_90": (ready_standing(90), True),
    "hard_cut": (hard_cut, False),
}


def run_posecount(frames: Frames, exercise: str) -> dict:  # type: ignore[type-arg]
    a = Analyzer(get_exercise(exercise), resolve_prescription(exercise))
    a.run(frames)
    return a.summary()


def rep_intervals(summary: dict) -> Intervals:  # type: ignore[type-arg]
    return [(e["start_ms"], e["t_ms"]) for e in summary["events"] if e["type"] == RepCompleted.type]


def plain_score(label: Label, frames: Frames) -> ClipScore:
    p = plain_count_frames(frames, label.exercise)
    return dataclasses.replace(
        score_clip(label, {**p, "reps_short_of_target": 0, "holds_s": p["holds_s"] or []}),
        short_want=None,
        short_got=None,
        holds_got=None,
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tracks", type=Path, default=_common.REPO_TRACKS, metavar="DIR")
    p.add_argument("--labels", type=Path, default=_common.REPO_LABELS, metavar="FILE")
    p.add_argument("--verbose", action="store_true", help="print every wrong clip")
    args = p.parse_args()
    # The exercises the plain counter has textbook thresholds for, so every row compares.
    labels = [lb for lb in _common.load_labels(args.labels) if lb.exercise in PLAIN]
    ready = args.tracks / (READY_CLIP + SUFFIX)
    ready = ready if ready.is_file() else _common.REPO_TRACKS / (READY_CLIP + SUFFIX)
    _ready[:] = [f for f in TrackReader(ready) if f.t_ms < READY_MS]
    clips = []
    for label in labels:
        track = args.tracks / (Path(label.file).stem + SUFFIX)
        if track.is_file():
            frames = list(TrackReader(track))
            clips.append((label, frames, rep_intervals(run_posecount(frames, label.exercise))))
    rows = []
    for name, (make, holds) in FAMILIES.items():
        ours, theirs = [], []
        for label, frames, reps in clips:
            variant = make(frames, reps)
            if variant is None:
                continue
            want = label if holds else dataclasses.replace(label, holds_s=None)
            if name == "hard_cut":
                want = doubled(want)
            # smaller reps: short of target by construction
            if name.startswith(("scaled", "small")):
                want = dataclasses.replace(want, rom_short=None)
            mine = score_clip(want, run_posecount(variant, label.exercise))
            ours.append(mine)
            theirs.append(plain_score(want, variant))
            if args.verbose and not (mine.exact and mine.correct):
                wrong = f"got {mine.got} want {want_text(want)}{_short_text(mine)}"
                print(f"  {name}: {label.file} {wrong}")
        s, t = summarize_scores(ours), summarize_scores(theirs)
        rows.append(
            [
                name,
                len(ours),
                f"{s['exact']:.0%}",
                f"{s['all_correct']:.0%}",
                f"{t['exact']:.0%}",
                f"{s['mae']:.3f}",
                f"{t['mae']:.3f}",
            ]
        )
    print(
        _common.fmt_table(
            ["family", "clips", "exact", "all right", "plain exact", "MAE", "plain MAE"], rows
        )
    )


def want_text(label: Label) -> str:
    lo, hi = label.reps_range
    return str(lo) if lo == hi else f"{lo}-{hi}"


def _short_text(score: ClipScore) -> str:
    """What else was wrong when the count was right."""
    parts = []
    if score.short_want is not None and score.short_got != score.short_want:
        parts.append(f"short {score.short_got} want {score.short_want}")
    if score.holds_want is not None and score.holds_got != score.holds_want:
        parts.append(f"holds {score.holds_got} want {score.holds_want}")
    return f" ({'; '.join(parts)})" if parts else ""


if __name__ == "__main__":
    main()
