"""Soak: a long synthetic squat session through the live path (`LiveSession` playing a
pose track as if it were the camera, unpaced), with resident memory sampled every
session minute. Checks that memory does not grow and that every rep is accounted for:
in the live summary, in the recorded events and in a replay of the recorded track.

    .venv/bin/python benchmarks/soak.py [MINUTES]     (default 30)

The synthetic body is for counting and memory, not accuracy (see posecount.synthetic).
`tests/faults/test_soak.py` runs this for 2 minutes every time, and for 30 with --slow.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from posecount.session.analyze import analyze
from posecount.session.live import LiveOptions, LiveSession
from posecount.synthetic import generate_with_truth
from posecount.tracks.format import TrackHeader, TrackWriter

FPS = 10.0
TEMPO_S, REST_S = 4.0, 1.0  # a 4 s squat and a 1 s pause: 12 a minute


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def make_track(minutes: float, folder: Path) -> tuple[Path, int]:
    reps = max(1, round(minutes * 60 / (TEMPO_S + REST_S)) - 1)
    frames, truth = generate_with_truth(
        "squat", reps=reps, tempo_s=TEMPO_S, rest_s=REST_S, fps=FPS, noise_px=2.0, seed=3
    )
    path = folder / "soak.posetrack.jsonl"
    header = TrackHeader(
        source="synthetic-soak",
        fps=FPS,
        frame_size_px=frames[0].frame_size_px,
        model="synthetic",
        analysis_fps=FPS,
    )
    with TrackWriter(path, header) as w:
        for f in frames:
            w.write(f)
    return path, truth.count


def soak(minutes: float, folder: Path) -> dict[str, Any]:
    track, want = make_track(minutes, folder)
    session = LiveSession(
        LiveOptions(
            exercise="squat",
            source=track,
            window=False,
            mute=True,
            sessions_root=folder / "sessions",
            realtime=False,
        )
    )
    samples: list[tuple[float, float]] = []
    frames = session._frames
    per_minute = int(60 * FPS)

    def sampled():  # type: ignore[no-untyped-def]
        for i, item in enumerate(frames):
            if i % per_minute == 0:
                samples.append((i / FPS / 60, rss_mib()))
            yield item

    session._frames = sampled()
    started = time.perf_counter()
    summary = session.run()
    wall_s = time.perf_counter() - started
    folder_ = Path(summary["session_dir"])
    events = [json.loads(line) for line in (folder_ / "events.jsonl").read_text().splitlines()]
    return {
        "minutes": minutes,
        "reps_true": want,
        "reps_live": summary["reps"],
        "reps_recorded": sum(e["type"] == "rep_completed" for e in events),
        "reps_replayed": analyze(folder_ / "pose.posetrack.jsonl", "squat")["reps"],
        "status": summary["status"],
        "samples": samples,
        "wall_s": wall_s,
    }


def main() -> None:
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    with tempfile.TemporaryDirectory() as tmp:
        r = soak(minutes, Path(tmp))
    print(f"soak: {r['minutes']:g} min synthetic squat session, {r['wall_s']:.0f} s wall")
    print("minute  rss MiB")
    for minute, mib in r["samples"]:
        print(f"{minute:6.0f}  {mib:7.1f}")
    first = r["samples"][min(1, len(r["samples"]) - 1)][1]
    print(f"growth after the first minute: {r['samples'][-1][1] - first:+.1f} MiB")
    print(
        f"reps: true {r['reps_true']}, live {r['reps_live']}, recorded {r['reps_recorded']}, "
        f"replayed {r['reps_replayed']} ({r['status']})"
    )


if __name__ == "__main__":
    main()
