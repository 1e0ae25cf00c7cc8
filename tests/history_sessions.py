"""Sessions for the history and report tests, made from the committed real pose tracks:
each is analysed for real and recorded as `live` records it (folder and database), on a
chosen day, so the data is the same on every run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from conftest import TRACKS_DIR
from posecount.session.analyze import analyze
from posecount.store.recording import SessionRecorder
from posecount.tracks.format import TrackReader
from posecount.types import event_from_dict

BRIDGE = TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"
SQUAT = TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl"
KNEE_ROLLS = TRACKS_DIR / "knee_rolls_bentleg_oblique_3reps.posetrack.jsonl"
STANCE = TRACKS_DIR / "single_leg_stance_treepose_front_12s.posetrack.jsonl"


def record(
    track: Path,
    exercise: str,
    started: datetime,
    root: Path,
    db: Path,
    *,
    patient: str = "P001",
    pain: tuple[int | None, int | None] = (None, None),
    status: str = "complete",
) -> SessionRecorder:
    summary = analyze(track, exercise)
    reader = TrackReader(track)
    meta = {
        "exercise": summary["exercise"],
        "source": summary["source"],
        "prescription": summary["prescription"]["text"],
        "prescription_values": {
            k: v for k, v in summary["prescription"].items() if k not in ("text", "source")
        }
        | {"range_target": summary["range"]["target"]},
        "model": reader.header.model,
    }
    rec = SessionRecorder(reader.header, meta, root, patient=patient, db_path=db, started=started)
    if pain[0] is not None:
        rec.pain("before", pain[0])
    for frame in reader:
        rec.frame(frame)
    rec.events([event_from_dict(e) for e in summary["events"]])
    rec.close(status, summary, started + timedelta(seconds=summary["duration_s"]))
    if pain[1] is not None:
        rec.pain("after", pain[1])
    return rec


def day(n: int, hour: int = 9) -> datetime:
    """Day n of the simulated fortnight (day 0 is Monday 2026-03-02)."""
    return datetime(2026, 3, 2, hour, 0, tzinfo=UTC) + timedelta(days=n)
