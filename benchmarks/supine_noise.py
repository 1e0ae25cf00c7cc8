"""How still a still body looks lying face up: the tracking noise that decides whether a
pelvic tilt (a few degrees at the hip) can be measured, or must be a guided exercise.

For stretches of the committed real pose tracks where the patient lies face up without
moving, prints the spread of the near-side hip angle (shoulder-hip-knee, image) and of the
hip's image height (as a share of the thigh's image length).

    python benchmarks/supine_noise.py [--tracks DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from posecount.features.geometry import joint_angle_deg, point_px
from posecount.features.posture import chain, near_side
from posecount.tracks import TrackReader

# (track stem, from s, to s): lying face up and still, by the notes in labels.csv.
STILL = [
    ("knee_to_chest_physio_side_holds", 8.3, 9.3),  # both feet down between the hugs
    ("knee_to_chest_physio_side_holds", 12.0, 17.0),  # both knees held hugged
    ("supine_twist_static_hold_oneside_negative", 0.0, 60.0),  # a twist held throughout
]


def measure(path: Path, t0_s: float, t1_s: float) -> tuple[int, float, float, float, float]:
    angles: list[float] = []
    heights: list[float] = []
    thighs: list[float] = []
    for frame in TrackReader(path):
        if not t0_s <= frame.t_ms / 1000 <= t1_s or frame.landmarks is None:
            continue
        side = near_side(frame)
        if side is None:
            continue
        s, h, k, _ = chain(side)
        angle = joint_angle_deg(frame, s, h, k)
        if angle is not None:
            angles.append(angle)
        hip, knee = point_px(frame, h), point_px(frame, k)
        if hip is not None and knee is not None:
            heights.append(float(hip[1]))
            thighs.append(float(np.hypot(*(knee - hip))))
    a, y, thigh = np.array(angles), np.array(heights), float(np.mean(thighs))
    return (
        len(a),
        float(a.std()),
        float(np.ptp(a)),
        100 * float(y.std()) / thigh,
        100 * float(np.ptp(y)) / thigh,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--tracks", type=Path, default=here / "sample_videos" / "tracks")
    args = parser.parse_args()
    print(
        f"{'track':44s} {'span s':>9s} {'frames':>6s} {'hip sd':>7s} {'hip range':>9s}"
        f" {'height sd':>9s} {'height range':>12s}"
    )
    print(f"{'':44s} {'':>9s} {'':>6s} {'deg':>7s} {'deg':>9s} {'% thigh':>9s} {'% thigh':>12s}")
    for stem, t0, t1 in STILL:
        n, sd, rng, hsd, hrng = measure(args.tracks / f"{stem}.posetrack.jsonl", t0, t1)
        span = f"{t0:g}-{t1:g}"
        print(f"{stem:44s} {span:>9s} {n:6d} {sd:7.1f} {rng:9.1f} {hsd:9.1f} {hrng:12.1f}")


if __name__ == "__main__":
    main()
