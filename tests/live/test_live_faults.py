"""The live session under faults: every way it can end is recorded as what it was, with
everything up to that moment kept and readable."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest

from conftest import TRACKS_DIR
from headless_live import (
    corrupt_copy,
    headless_session,
    only_session,
    run_live_cli,
    start_live_cli,
)
from posecount.errors import PosecountError, TrackFormatError
from posecount.session.analyze import analyze

SQUAT = TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl"
BRIDGE = TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_end_a_session_like_ctrl_c(tmp_path: Path, sig: int) -> None:
    proc = start_live_cli("squat", SQUAT, tmp_path, "--json")
    time.sleep(6)  # real time: a few squats in
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    summary = json.loads(out)
    assert summary["status"] == "interrupted" and 1 <= summary["reps"] < 8
    meta = json.loads((only_session(tmp_path) / "session.json").read_text())
    assert meta["status"] == "interrupted" and meta["summary"]["reps"] == summary["reps"]
    replay = analyze(only_session(tmp_path) / "pose.posetrack.jsonl", "squat")
    assert replay["reps"] == summary["reps"]


def test_sigkill_leaves_every_frame_so_far_readable(tmp_path: Path) -> None:
    proc = start_live_cli("squat", SQUAT, tmp_path, "--json")
    time.sleep(5)
    proc.kill()
    proc.communicate(timeout=30)
    folder = only_session(tmp_path)
    meta = json.loads((folder / "session.json").read_text())
    assert meta["status"] == "recording"  # a power cut's mark: read as partial
    replay = analyze(folder / "pose.posetrack.jsonl", "squat")
    assert 30 <= replay["frames"]["analysed"] <= 60  # about 5 s at 10 fps
    events = [json.loads(line) for line in (folder / "events.jsonl").read_text().splitlines()]
    assert sum(e["type"] == "rep_completed" for e in events) <= replay["reps"]


def test_a_corrupt_track_source_is_recorded_as_corrupt_not_as_a_lost_camera(
    tmp_path: Path,
) -> None:
    session = headless_session("squat", corrupt_copy(SQUAT, tmp_path, 82), tmp_path / "s")
    with pytest.raises(TrackFormatError, match="line 82"):
        session.run()
    meta = json.loads((session.recorder.dir / "session.json").read_text())
    assert meta["status"] == "source corrupt" and "line 82" in meta["error"]
    kept = analyze(session.recorder.dir / "pose.posetrack.jsonl", "squat")
    assert kept["frames"]["analysed"] == 80  # every frame before the bad line


def test_save_video_from_a_pose_track_is_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(PosecountError, match="--save-video needs pixels"):
        headless_session("bridge", BRIDGE, tmp_path, save_video=True)
    assert not list(tmp_path.iterdir())  # nothing half-made


def test_a_data_folder_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    proc = start_live_cli("bridge", BRIDGE, tmp_path / "data", "--json")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert err.strip().startswith("error: cannot record the session in")
    assert len(err.strip().splitlines()) == 1 and "bug" not in err


def test_an_unfinished_prescription_ends_early_not_complete(tmp_path: Path) -> None:
    done = run_live_cli("bridge", BRIDGE, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("(ended early, 2 of 15)")


def test_without_a_window_no_cue_is_promised_on_screen(tmp_path: Path) -> None:
    session = headless_session(
        "bridge", BRIDGE, tmp_path, mute=False, speech_command=["no-such-tts-engine"]
    )
    summary = session.run()
    (note,) = [f for f in summary["flags"] if f.startswith("speech off")]
    assert "on screen" not in note and "--no-window" in note


def test_session_times_are_local_with_their_offset(tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    # A POSIX zone string (needs no tz database): 5 h 30 min east of UTC.
    done = run_live_cli("bridge", BRIDGE, tmp_path, TZ="IST-5:30")
    assert done.returncode == 0, done.stderr
    folder = only_session(tmp_path)
    meta = json.loads((folder / "session.json").read_text())
    started = datetime.fromisoformat(meta["started"])
    assert started.utcoffset() == timedelta(hours=5, minutes=30)
    assert folder.name.startswith(started.strftime("%Y%m%dT%H%M%S-"))  # local, no "Z"


@pytest.mark.video
def test_a_saved_video_has_the_sessions_timing_and_counts(videos_dir: Path, tmp_path: Path) -> None:
    import cv2

    video_in = videos_dir / "bridge_leapfit_side_segB_2reps.mp4"
    session = headless_session("bridge", video_in, tmp_path, save_video=True)
    summary = session.run()
    video = session.recorder.dir / "video.mp4"
    cap = cv2.VideoCapture(str(video))
    seconds = cap.get(cv2.CAP_PROP_FRAME_COUNT) / cap.get(cv2.CAP_PROP_FPS)
    cap.release()
    assert abs(seconds - summary["duration_s"]) <= 0.3  # was 5.3 s for a 13.1 s session
    again = analyze(video, "bridge")
    assert again["reps"] == summary["reps"] == 2
    assert again["holds_s"] == pytest.approx(summary["holds_s"], abs=0.3)
