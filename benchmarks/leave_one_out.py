"""Would each shared clip still be right if it had not been looked at?

posecount's counting bands (enter_delta, exit_delta and the noise floor of each exercise)
were chosen with the shared clips in view. This re-chooses them without each clip in turn:
every band is scaled by one factor from a grid, the factor that gets the most of the *other*
clips right is kept (ties go to the factor nearest the shipped 1.0), and the held-out clip
is scored with it. A clip right only at the shipped bands and wrong at the factor the
others pick was fitted to, not predicted. Replays the committed pose tracks: no MediaPipe.

    python benchmarks/leave_one_out.py [--tracks DIR] [--labels FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import _common

from posecount.counting import rep_counter
from posecount.exercises.registry import get_exercise
from posecount.prescription.catalogue import resolve_prescription
from posecount.scoring.labels import Label
from posecount.scoring.metrics import score_clip
from posecount.session.analysis import Analyzer
from posecount.tracks import SUFFIX, TrackReader
from posecount.types import PoseFrame

FACTORS = (0.6, 0.8, 1.0, 1.25, 1.5)


def scaled_bands(factor: float) -> None:
    """Every RepCounter made from now on scales its bands by `factor` (benchmark only)."""
    original = rep_counter.RepCounter.__init__

    def init(self, spec, side=None):  # type: ignore[no-untyped-def]
        spec = dataclasses.replace(
            spec,
            enter_delta=spec.enter_delta * factor,
            exit_delta=spec.exit_delta * factor,
            min_enter_delta=None if spec.min_enter_delta is None else spec.min_enter_delta * factor,
        )
        original(self, spec, side)

    init.__wrapped__ = original  # type: ignore[attr-defined]
    rep_counter.RepCounter.__init__ = init  # type: ignore[method-assign]


def restore() -> None:
    init = rep_counter.RepCounter.__init__
    rep_counter.RepCounter.__init__ = getattr(init, "__wrapped__", init)  # type: ignore[method-assign]


def right(label: Label, frames: list[PoseFrame]) -> bool:
    a = Analyzer(get_exercise(label.exercise), resolve_prescription(label.exercise))
    a.run(frames)
    s = score_clip(label, a.summary())
    return bool(s.exact and s.correct)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tracks", type=Path, default=_common.REPO_TRACKS, metavar="DIR")
    p.add_argument("--labels", type=Path, default=_common.REPO_LABELS, metavar="FILE")
    args = p.parse_args()
    clips = []
    for lb in _common.load_labels(args.labels):
        track = args.tracks / (Path(lb.file).stem + SUFFIX)
        if _common.is_analysable(lb.exercise) and track.is_file():
            clips.append((lb, list(TrackReader(track))))
    table: dict[float, list[bool]] = {}
    for factor in FACTORS:
        scaled_bands(factor)
        try:
            table[factor] = [right(lb, frames) for lb, frames in clips]
        finally:
            restore()
    rows, held_right = [], 0
    for i, (lb, _) in enumerate(clips):
        others = {f: sum(ok for j, ok in enumerate(table[f]) if j != i) for f in FACTORS}
        best = max(others.values())
        chosen = min((f for f in FACTORS if others[f] == best), key=lambda f: abs(f - 1.0))
        ok = table[chosen][i]
        held_right += ok
        rows.append(
            [
                Path(lb.file).stem,
                lb.exercise,
                "".join("o" if table[f][i] else "." for f in FACTORS),
                f"{chosen:g}",
                "right" if ok else "WRONG",
            ]
        )
    print(f"bands scaled by {', '.join(f'{f:g}' for f in FACTORS)} (o = clip right, . = wrong)")
    print(
        _common.fmt_table(
            ["clip", "exercise", "per factor", "others pick", "held out"], rows, left=2
        )
    )
    n = len(clips)
    print(f"\nleave-one-clip-out: {held_right}/{n} clips right ({held_right / n:.0%})")
    for f in FACTORS:
        print(f"  all clips at x{f:g}: {sum(table[f])}/{n} right")


if __name__ == "__main__":
    main()
