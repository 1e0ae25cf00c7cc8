"""How few analysed frames a second still count right: every labelled clip's committed
pose track (made at 10 fps), thinned to 5, 3.3, 2.5, 2 and 1 fps, analysed again.
Prints, per clip and rate, reps / reps flagged short / holds in seconds. The exercises'
`min_analysis_fps` (5) comes from this table.

    .venv/bin/python benchmarks/analysis_rate.py
"""

from __future__ import annotations

from pathlib import Path

from posecount.exercises.registry import EXERCISES, get_exercise
from posecount.prescription.catalogue import resolve_prescription
from posecount.scoring.labels import read_labels
from posecount.session.analysis import Analyzer
from posecount.tracks.format import TrackReader

REPO = Path(__file__).resolve().parents[1]
STEPS = (1, 2, 3, 4, 5, 10)  # keep every n-th frame of a 10 fps track


def main() -> None:
    labels = read_labels(REPO / "sample_videos" / "labels.csv")
    header = ["clip", "want"] + [f"{10 / k:.1f} fps" for k in STEPS]
    rows = [header]
    for lab in labels:
        if lab.exercise not in EXERCISES:
            continue
        track = REPO / "sample_videos" / "tracks" / (Path(lab.file).stem + ".posetrack.jsonl")
        frames = list(TrackReader(track))
        lo, hi = lab.reps_range
        want = f"{lo}" if lo == hi else f"{lo}-{hi}"
        if lab.holds_s:
            want += " h " + ";".join(f"{h:g}" for h in lab.holds_s)
        row = [Path(lab.file).stem[:38], want]
        for k in STEPS:
            analyzer = Analyzer(get_exercise(lab.exercise), resolve_prescription(lab.exercise))
            analyzer.run(frames[::k])
            s = analyzer.summary()
            holds = ";".join(f"{h:.1f}" for h in s["holds_s"])
            counts = f"{s['reps']}/{s['reps_short_of_target']}"
            row.append(counts + (f" h {holds}" if holds else ""))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())


if __name__ == "__main__":
    main()
