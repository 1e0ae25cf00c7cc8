"""The live path, headless: files played as if they were the camera, no window, no sound
device. Real pose tracks (always) and real videos through MediaPipe (when present)."""

from __future__ import annotations

import json
import shutil
import signal
import time
from pathlib import Path

import pytest

from conftest import LABELS_CSV, TRACKS_DIR, track_for
from headless_live import (
    headless_session,
    only_session,
    run_live_cli,
    start_live_cli,
    writing_speech_engine,
)
from posecount.errors import SourceError
from posecount.exercises.registry import EXERCISES
from posecount.scoring.labels import read_labels
from posecount.session.analyze import analyze
from posecount.speech import Speaker

ANALYSED = [lab for lab in read_labels(LABELS_CSV) if lab.exercise in EXERCISES]
BRIDGE = TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"
SQUAT = TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl"


@pytest.mark.parametrize("label", ANALYSED, ids=[lab.file for lab in ANALYSED])
def test_live_on_a_track_counts_what_analyze_counts(label, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    track = track_for(label.file)
    live = headless_session(label.exercise, track, tmp_path).run()
    offline = analyze(track, label.exercise)
    assert live["reps"] == offline["reps"]
    assert live["events"] == offline["events"]
    # A recording that ends before the prescription is done is said to have ended early.
    done = offline["reps"] >= offline["achieved"].get("reps_prescribed", 0)
    assert live["status"] == ("complete" if done else "ended early")


@pytest.mark.video
@pytest.mark.parametrize("label", ANALYSED[:4], ids=[lab.file for lab in ANALYSED[:4]])
def test_live_on_a_video_counts_what_analyze_counts(
    label, videos_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    live = headless_session(label.exercise, videos_dir / label.file, tmp_path).run()
    assert live["reps"] == analyze(track_for(label.file), label.exercise)["reps"]


def test_the_recording_is_a_replayable_session(tmp_path: Path) -> None:
    summary = headless_session("bridge", BRIDGE, tmp_path).run()
    folder = Path(summary["session_dir"])
    meta = json.loads((folder / "session.json").read_text())
    assert meta["status"] == "ended early" and meta["exercise"] == "bridge"
    assert summary["done"] == "2 of 15"
    assert meta["prescription_values"]["reps"] == 15
    events = [json.loads(line) for line in (folder / "events.jsonl").read_text().splitlines()]
    assert sum(e["type"] == "rep_completed" for e in events) == 2
    assert analyze(folder / "pose.posetrack.jsonl", "bridge")["reps"] == 2
    assert not (folder / "video.mp4").exists()  # no pixels unless asked


def test_a_camera_failing_mid_session_leaves_a_readable_partial_record(tmp_path: Path) -> None:
    session = headless_session("squat", SQUAT, tmp_path)
    frames = session._frames

    def unplugged():  # type: ignore[no-untyped-def]
        for i, item in enumerate(frames):
            if i == 120:  # about 8 s in: four squats done
                raise SourceError("camera 0 stopped delivering frames")
            yield item

    session._frames = unplugged()
    with pytest.raises(SourceError):
        session.run()
    folder = session.recorder.dir
    meta = json.loads((folder / "session.json").read_text())
    assert meta["status"] == "camera lost"
    replay = analyze(folder / "pose.posetrack.jsonl", "squat")
    assert replay["reps"] == meta["summary"]["reps"] >= 3


def test_ctrl_c_keeps_every_rep_so_far(tmp_path: Path) -> None:
    proc = start_live_cli("squat", SQUAT, tmp_path, "--json")
    time.sleep(9)  # real time: about five squats in
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    summary = json.loads(out)
    assert summary["status"] == "interrupted" and 2 <= summary["reps"] < 8
    folder = only_session(tmp_path)
    meta = json.loads((folder / "session.json").read_text())
    assert meta["status"] == "interrupted"
    assert analyze(folder / "pose.posetrack.jsonl", "squat")["reps"] == summary["reps"]


def test_cli_live_json_matches_analyze_and_records_pain(tmp_path: Path) -> None:
    track = TRACKS_DIR / "sit_to_stand_single_then_walk_side.posetrack.jsonl"
    pain = ("--pain-before", "2", "--pain-after", "7")
    done = run_live_cli("sit-to-stand", track, tmp_path, "--json", *pain)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["reps"] == analyze(track, "sit-to-stand")["reps"] == 1
    assert summary["pain"] == {"before": 2, "after": 7}
    assert "red zone" in done.stderr and "30 minutes" in done.stderr


def test_speech_runs_off_the_loop_and_says_the_words(tmp_path: Path) -> None:
    speaker = Speaker(writing_speech_engine(tmp_path / "said.txt"))
    started = time.perf_counter()
    for word in ("1", "2", "hold"):
        speaker.say(word)
    assert time.perf_counter() - started < 0.05  # never blocks the caller
    speaker.close()
    assert (tmp_path / "said.txt").read_text().split() == ["1", "2", "hold"]


def test_no_speech_engine_is_a_one_line_note_not_an_error() -> None:
    speaker = Speaker(["no-such-tts-engine"])
    speaker.say("1")
    speaker.close()
    assert not speaker.enabled and "not found" in (speaker.note or "")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_espeak_ng_really_speaks_to_a_file(tmp_path: Path) -> None:
    wav = tmp_path / "seven.wav"
    speaker = Speaker(["espeak-ng", "-w", str(wav)])
    speaker.say("seven")
    speaker.close()
    assert wav.stat().st_size > 1000 and wav.read_bytes()[:4] == b"RIFF"


def test_the_live_overlay_renders_the_sessions_state(tmp_path: Path) -> None:
    import numpy as np

    from posecount.render.overlay import draw_overlay, save_png

    session = headless_session("bridge", BRIDGE, tmp_path)
    session.run()
    state = session.overlay_state()
    assert state.count_text == "2" and state.set_text == "Set 1 of 1 - 2/15"
    assert state.gauge_target == 160.0
    blank = np.zeros((360, 640, 3), np.uint8)
    image = draw_overlay(blank, session.shared.pose, state)
    save_png(image, tmp_path / "overlay.png")
    assert image[:150, :150].any()  # the count panel is drawn
    assert (tmp_path / "overlay.png").stat().st_size > 1000
