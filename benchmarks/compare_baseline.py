"""posecount against a plain two-threshold angle counter, on the same pose tracks.

The plain counter is what a rep counter usually starts as: the raw joint angle the
exercise watches, two fixed textbook thresholds, nothing else (no smoothing, no learned
resting level, no posture check, no minimum durations). Both read the same recorded pose
tracks (sample_videos/tracks), so the difference is the counting alone, not MediaPipe.

    python benchmarks/compare_baseline.py [--tracks DIR] [--labels FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _common

from posecount.exercises.knee_rolls import knee_roll_deg
from posecount.features.geometry import joint_angle_deg, point_px
from posecount.pose.landmarks import LandmarkId as L
from posecount.scoring.labels import Label
from posecount.scoring.metrics import ClipScore, score_clip, summarize_scores
from posecount.session.analyze import analyze
from posecount.tracks import SUFFIX, TrackReader
from posecount.types import PoseFrame

SIDES = {
    "left": (L.LEFT_SHOULDER, L.LEFT_HIP, L.LEFT_KNEE, L.LEFT_ANKLE),
    "right": (L.RIGHT_SHOULDER, L.RIGHT_HIP, L.RIGHT_KNEE, L.RIGHT_ANKLE),
}


# ---------------------------------------------------------------------------- raw signals


def more_visible(frame: PoseFrame, ids: Iterable[int]) -> str:
    """The side whose landmarks `ids` (indexes into shoulder, hip, knee, ankle) MediaPipe
    sees better: in a side view, the one nearer the camera."""
    ids = list(ids)
    return max(SIDES, key=lambda s: sum(frame.visibility(SIDES[s][i]) for i in ids))


def hip_angle(frame: PoseFrame) -> float | None:
    """Bridge: shoulder-hip-knee."""
    if frame.landmarks is None:
        return None
    s, h, k, _ = SIDES[more_visible(frame, (0, 1, 2))]
    return joint_angle_deg(frame, s, h, k)


def knee_angle(frame: PoseFrame) -> float | None:
    """Squat: hip-knee-ankle."""
    if frame.landmarks is None:
        return None
    _, h, k, a = SIDES[more_visible(frame, (1, 2, 3))]
    return joint_angle_deg(frame, h, k, a)


def straightness(frame: PoseFrame) -> float | None:
    """Sit-to-stand: mean of the hip and knee angles (about 90 seated, 170-180 standing)."""
    if frame.landmarks is None:
        return None
    s, h, k, a = SIDES[more_visible(frame, (0, 1, 2, 3))]
    hip, knee = joint_angle_deg(frame, s, h, k), joint_angle_deg(frame, h, k, a)
    return None if hip is None or knee is None else (hip + knee) / 2


def knee_roll(frame: PoseFrame) -> float | None:
    """Knee rolls: posecount's own 3D roll angle (the brief's choice of raw signal); only
    its magnitude matters to the plain counter."""
    angle = knee_roll_deg(frame)
    return None if angle is None else abs(angle)


def foot_lift(frame: PoseFrame) -> float | None:
    """Single-leg stance: height of one ankle above the other, as a share of the longer
    hip-to-ankle distance (so it does not depend on the distance to the camera). The hips
    only set that scale, so their visibility is not required (as in posecount)."""
    la, ra = point_px(frame, L.LEFT_ANKLE), point_px(frame, L.RIGHT_ANKLE)
    lh, rh = point_px(frame, L.LEFT_HIP, 0.0), point_px(frame, L.RIGHT_HIP, 0.0)
    if la is None or ra is None or lh is None or rh is None:
        return None
    leg = max(float(((la - lh) ** 2).sum() ** 0.5), float(((ra - rh) ** 2).sum() ** 0.5))
    return None if leg < 1e-6 else abs(float(ra[1] - la[1])) / leg


# ---------------------------------------------------------------------------- plain counters


@dataclass
class TwoThresholdCounter:
    """rest -> active when the signal passes `active_at`, active -> rest when it passes
    `rest_at` back. A rep counts on the return to rest, or on reaching the active zone when
    `count_on_reach` (a sit-to-stand counts when standing, as the labels define it).

    It assumes the clip starts at rest (no learning of a resting level), and a frame
    without a value changes nothing."""

    direction: int  # +1: the movement raises the signal (bridge), -1: lowers it (squat)
    active_at: float
    rest_at: float
    count_on_reach: bool = False
    active: bool = False
    reps: int = 0

    def update(self, value: float | None, t_ms: int) -> None:
        if value is None:
            return
        if not self.active and self.direction * (value - self.active_at) >= 0:
            self.active = True
            self.reps += self.count_on_reach
        elif self.active and self.direction * (value - self.rest_at) <= 0:
            self.active = False
            self.reps += not self.count_on_reach

    def finish(self, t_ms: int) -> None:
        pass

    def result(self) -> dict[str, Any]:
        return {"reps": self.reps, "holds_s": None}


@dataclass
class ThresholdHold:
    """A hold runs while the signal is above `threshold`; holds shorter than `min_hold_s`
    are dropped, because the labels only count holds of at least that long (it is the
    definition of a rep here, not a filter). A hold still running at the end is closed
    there. A frame without a value changes nothing."""

    threshold: float
    min_hold_s: float = 1.0
    start_ms: int | None = None
    last_ms: int = 0
    holds_s: list[float] = field(default_factory=list)

    def update(self, value: float | None, t_ms: int) -> None:
        self.last_ms = t_ms
        if value is None:
            return
        if value > self.threshold and self.start_ms is None:
            self.start_ms = t_ms
        elif value <= self.threshold and self.start_ms is not None:
            self._close(t_ms)

    def _close(self, t_ms: int) -> None:
        assert self.start_ms is not None
        hold_s = (t_ms - self.start_ms) / 1000
        if hold_s >= self.min_hold_s:
            self.holds_s.append(round(hold_s, 2))
        self.start_ms = None

    def finish(self, t_ms: int) -> None:
        if self.start_ms is not None:
            self._close(t_ms)

    def result(self) -> dict[str, Any]:
        return {"reps": len(self.holds_s), "holds_s": list(self.holds_s)}


# Fixed textbook thresholds, the same for everybody and every camera.
PLAIN: dict[str, tuple[Callable[[PoseFrame], float | None], Callable[[], Any]]] = {
    # Bridge: hips up when shoulder-hip-knee is nearly straight, down when bent again.
    "bridge": (hip_angle, lambda: TwoThresholdCounter(+1, active_at=160.0, rest_at=140.0)),
    # Squat: knee at or below 100 degrees is the bottom, 160 is standing again.
    "squat": (knee_angle, lambda: TwoThresholdCounter(-1, active_at=100.0, rest_at=160.0)),
    # Sit-to-stand: 160 is standing (counted then), 110 is seated again.
    "sit-to-stand": (
        straightness,
        lambda: TwoThresholdCounter(+1, active_at=160.0, rest_at=110.0, count_on_reach=True),
    ),
    # Knee rolls: 45 degrees to either side is a roll, back within 15 is the middle.
    "knee-rolls": (knee_roll, lambda: TwoThresholdCounter(+1, active_at=45.0, rest_at=15.0)),
    # Single-leg stance: one foot a tenth of a leg above the other is lifted.
    "single-leg-stance": (foot_lift, lambda: ThresholdHold(0.10)),
}


def plain_count(track: Path, exercise: str) -> dict[str, Any]:
    return plain_count_frames(TrackReader(track), exercise)


def plain_count_frames(frames: Iterable[PoseFrame], exercise: str) -> dict[str, Any]:
    signal, make = PLAIN[exercise]
    counter = make()
    last_ms = 0
    for frame in frames:
        counter.update(signal(frame), frame.t_ms)
        last_ms = frame.t_ms
    counter.finish(last_ms)
    return counter.result()


# ---------------------------------------------------------------------------- report


def want_text(label: Label) -> str:
    lo, hi = label.reps_range
    return str(lo) if lo == hi else f"{lo}-{hi}"


def holds_text(holds: Iterable[float] | None) -> str:
    return "-" if holds is None else ";".join(f"{h:.1f}" for h in holds) or "none"


def summary_row(name: str, scores: list[ClipScore], hold_subset: list[ClipScore]) -> list[Any]:
    s = summarize_scores(scores)
    h = summarize_scores(hold_subset)["hold_mae_s"]
    return [
        name,
        len(scores),
        f"{s['exact']:.2f}",
        f"{s['off_by_one']:.2f}",
        f"{s['mae']:.3f}",
        "-" if h is None else f"{h:.2f}",
    ]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Count accuracy of posecount vs a plain two-threshold angle counter on "
        "the recorded pose tracks of the shared clips (no MediaPipe needed).",
    )
    _common.add_videos_arg(p)
    p.add_argument(
        "--tracks",
        type=Path,
        default=_common.REPO_TRACKS,
        metavar="DIR",
        help=f"folder of <clip stem>{SUFFIX} files (default: {_common.REPO_TRACKS})",
    )
    p.add_argument(
        "--labels",
        type=Path,
        default=None,
        metavar="FILE",
        help="labels.csv (default: the one in --videos, else the repository's copy "
        f"{_common.REPO_LABELS})",
    )
    return p.parse_args()


def labels_path(args: argparse.Namespace) -> Path:
    """Only labels and tracks are needed, so the videos folder is optional here: its
    labels.csv is preferred, the repository's copy (committed with the tracks) is used
    when the videos are not on this machine."""
    if args.labels is not None:
        return args.labels
    shared = _common.default_videos_dir(args.videos) / "labels.csv"
    if shared.is_file():
        return shared
    if _common.REPO_LABELS.is_file():
        return _common.REPO_LABELS
    sys.exit(
        f"labels not found: neither {shared} nor {_common.REPO_LABELS} exists; "
        f"pass --labels FILE, --videos DIR or set {_common.ENV_VIDEOS}"
    )


def main() -> None:
    args = parse_args()
    if not args.tracks.is_dir():
        sys.exit(f"pose tracks not found: {args.tracks} is not a folder; pass --tracks DIR")
    labels = _common.load_labels(labels_path(args))
    not_analysed = sorted({lb.exercise for lb in labels if not _common.is_analysable(lb.exercise)})
    labels = [lb for lb in labels if _common.is_analysable(lb.exercise)]
    # The plain counter has textbook thresholds only for the first five exercises.
    no_plain = sorted({lb.exercise for lb in labels if lb.exercise not in PLAIN})
    labels = [lb for lb in labels if lb.exercise in PLAIN]
    no_track = [
        lb.file for lb in labels if not (args.tracks / (Path(lb.file).stem + SUFFIX)).is_file()
    ]
    labels = [lb for lb in labels if lb.file not in no_track]
    if not labels:
        sys.exit(f"no pose track for any analysable labelled clip in {args.tracks}")

    rows, ours, plain = [], [], []
    for label in labels:
        track = args.tracks / (Path(label.file).stem + SUFFIX)
        _common.progress(f"{label.file} ...")
        mine = score_clip(label, analyze(track, label.exercise))
        p = plain_count(track, label.exercise)
        # The plain counter judges no range of motion and times no bridge tops: leave
        # those out of its score instead of scoring them as wrong.
        theirs = dataclasses.replace(
            score_clip(label, {**p, "reps_short_of_target": 0, "holds_s": p["holds_s"] or []}),
            short_want=None,
            short_got=None,
            holds_got=None if p["holds_s"] is None else tuple(p["holds_s"]),
        )
        ours.append(mine)
        plain.append(theirs)
        rows.append(
            [
                Path(label.file).stem,
                label.exercise,
                want_text(label),
                f"{mine.got}{'' if mine.exact else '*'}",
                f"{theirs.got}{'' if theirs.exact else '*'}",
                holds_text(label.holds_s),
                holds_text(mine.holds_got) if label.holds_s is not None else "",
                holds_text(theirs.holds_got) if label.holds_s is not None else "",
            ]
        )

    print(f"\npose tracks: {args.tracks}")
    if not_analysed:
        print(f"skipped (not analysed by posecount yet): {', '.join(not_analysed)}")
    if no_track:
        print(f"skipped (no pose track): {', '.join(no_track)}")
    if no_plain:
        print(f"skipped (no plain-counter thresholds): {', '.join(no_plain)}")
    print()
    print(
        _common.fmt_table(
            [
                "clip",
                "exercise",
                "want",
                "posecount",
                "plain",
                "holds want s",
                "posecount s",
                "plain s",
            ],
            rows,
            left=2,
        )
    )
    print("(* = count outside the labelled range)\n")

    # Hold error on the same holds for both: those the plain counter times
    # (single-leg stance); posecount's error over every labelled hold comes after.
    timed = [i for i, s in enumerate(plain) if s.holds_got is not None]
    print(
        _common.fmt_table(
            ["counter", "clips", "exact", "OBO", "MAE", "hold MAE s (single-leg)"],
            [
                summary_row("posecount", ours, [ours[i] for i in timed]),
                summary_row("plain two-threshold", plain, [plain[i] for i in timed]),
            ],
        )
    )
    all_holds = summarize_scores(ours)["hold_mae_s"]
    if all_holds is not None:
        print(f"posecount hold MAE over every labelled hold (bridge tops too): {all_holds:.2f} s")


if __name__ == "__main__":
    main()
