"""The four tests run live (clinical.live): spoken instructions and "3, 2, 1, go", then the
same scoring as a recording. A file played as the camera must give the result
`posecount test NAME FILE` gives: on the real pose tracks of the shared clips and on
synthetic sequences (which drive the machines here; they make no accuracy claim)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_protocols import run, sts

from headless_live import writing_speech_engine
from posecount.clinical import instructions
from posecount.clinical.chair_stand import ChairStand30s
from posecount.clinical.five_times import FiveTimesSitToStand
from posecount.clinical.live import LiveTest, LiveTestOptions
from posecount.clinical.run import run_clinical_test
from posecount.clinical.single_leg import SingleLegStanceTest
from posecount.clinical.tug import TimedUpAndGo
from posecount.speech import Speaker
from posecount.synthetic import generate_with_truth
from posecount.tracks.format import TrackHeader, TrackWriter
from posecount.types import PoseFrame

TRACKS = Path(__file__).parent / "tracks"
REPO = Path(__file__).resolve().parents[2]


def write_track(path: Path, frames: list[PoseFrame], fps: float = 30.0) -> Path:
    header = TrackHeader(
        source=path.name.replace(".posetrack.jsonl", ".mp4"),
        fps=fps,
        frame_size_px=frames[0].frame_size_px,
        model="synthetic",
    )
    with TrackWriter(path, header) as w:
        for f in frames:
            w.write(f)
    return path


def synthetic(name: str, tmp: Path) -> Path:
    if name == "five-times-sit-to-stand":
        frames, _ = sts(5, tempo_s=2.0, rest_s=0.5, lead_out_s=3.0)
    elif name == "chair-stand-30s":
        frames, _ = sts(16, view="front", tempo_s=1.6, rest_s=0.3, lead_out_s=3.0)
    elif name == "timed-up-and-go":
        frames, _ = sts(1, tempo_s=2.0, hold_s=8.0, lead_out_s=3.0, arms_crossed=False)
    else:  # three trials on each leg, then standing on both feet
        frames, _ = generate_with_truth(
            "single-leg-stance", view="front", reps=6, tempo_s=1.0, hold_s=3.0, rest_s=2.0,
            alternate=True, lead_out_s=4.0, fps=30.0,
        )  # fmt: skip
    return write_track(tmp / f"{name}.posetrack.jsonl", frames)


def scored(d: dict[str, Any]) -> dict[str, Any]:
    """What a result says about the patient: the figures, the verdicts and every event up
    to the end point (a live run stops once the protocol is complete, so events after
    that, and how long the last sit lasted, are not seen)."""
    end = d["end_s"]
    events = [
        {k: v for k, v in e.items() if k != "until_ms"}
        for e in d["events"]
        if end is None or e["t_ms"] <= end * 1000
    ]
    keep = ("valid", "reason", "value", "unit", "at_least", "start_s", "end_s")
    details = {k: v for k, v in d["details"].items() if k in ("legs", "first_stand_s", "view")}
    return {
        **{k: d[k] for k in keep},
        "uncertainty_s": d["uncertainty_s"],
        "comparisons": d["comparisons"],
        "details": details,
        "events": events,
    }


def live(source: Path, name: str, **kw: Any) -> tuple[dict[str, Any], LiveTest]:
    runner = LiveTest(
        LiveTestOptions(name, source, age=72, sex="female", mute=True, realtime=False, **kw)
    )
    return runner.run().to_dict(), runner


REAL = [
    ("timed-up-and-go", "tug_single_stand_side_clean"),
    ("timed-up-and-go", "tug_two_people_vfr_oblique"),
    ("single-leg-stance", "single_leg_stance_treepose_front_12s"),
    ("five-times-sit-to-stand", "sit_to_stand_front_seniorfit_1rep"),
    ("chair-stand-30s", "sit_to_stand_front_seniorfit_1rep"),
    ("timed-up-and-go", "sit_to_stand_single_then_walk_side"),
]


@pytest.mark.parametrize(("name", "stem"), REAL, ids=[f"{n}-{s}" for n, s in REAL])
def test_a_real_track_live_gives_the_offline_result(name: str, stem: str) -> None:
    track = TRACKS / f"{stem}.posetrack.jsonl"
    offline = run_clinical_test(name, track, age=72, sex="female").to_dict()
    online, runner = live(track, name)
    assert scored(online) == scored(offline)
    assert online["details"]["live"] is True
    # the script, then the countdown, then the result
    n = len(instructions.script(name))
    assert runner.said[:n] == list(instructions.script(name))
    assert runner.said[n : n + 4] == ["3", "2", "1", "go"]
    assert runner.said[-1] == instructions.result_phrase(online)


@pytest.mark.parametrize(
    "name", ["five-times-sit-to-stand", "chair-stand-30s", "timed-up-and-go", "single-leg-stance"]
)
def test_a_synthetic_test_done_to_protocol_live_gives_the_offline_result(
    name: str, tmp_path: Path
) -> None:
    track = synthetic(name, tmp_path)
    offline = run_clinical_test(name, track, age=72, sex="female").to_dict()
    assert offline["valid"], offline["reason"]
    online, runner = live(track, name)
    assert scored(online) == scored(offline)
    # every one stops by itself once the protocol is complete, before the file ends
    assert online["details"].get("stopped_complete") is True
    if name == "chair-stand-30s":
        assert instructions.STOP in runner.said
    if name != "single-leg-stance":
        assert online["details"]["go_to_first_movement_s"] == offline["start_s"]


class FakeClock:
    """A wall clock that moves only when slept on."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.slept.append(s)
        self.now += s


def test_a_file_starts_playing_at_go_and_in_real_time(tmp_path: Path) -> None:
    """The countdown a beat a second, the file's first frame at "go", each frame at its
    own time after it."""
    track = TRACKS / "tug_single_stand_side_clean.posetrack.jsonl"
    clock = FakeClock()
    played: list[tuple[float, int]] = []
    runner = LiveTest(
        LiveTestOptions("timed-up-and-go", track, mute=True, realtime=True),
        sleep=clock.sleep,
        clock=clock,
    )
    said_at: dict[str, float] = {}
    runner.on_cue = lambda text: said_at.setdefault(text, clock.now)
    original = runner._pace

    def pace(frames):  # type: ignore[no-untyped-def]
        for frame in original(frames):
            played.append((clock.now, frame.t_ms))
            yield frame

    runner._pace = pace  # type: ignore[method-assign]
    runner.run()
    beats = [said_at[w] for w in instructions.COUNTDOWN]
    assert [round(b - a, 3) for a, b in zip(beats, beats[1:], strict=False)] == [1.0] * 3
    go = said_at["go"]
    assert played[0] == (go, 0)
    # with nothing else taking time, each frame is played exactly at go + its time
    assert all(abs(at - (go + t / 1000)) < 1e-6 for at, t in played[1:])
    # muted, each instruction is left on the screen for as long as it takes to say
    first = instructions.script("timed-up-and-go")[0]
    assert clock.slept[0] == pytest.approx(instructions.speaking_time_s(first))


def _camera_frames(frames: list[PoseFrame], lead_s: float, t0_ms: int) -> list[PoseFrame]:
    """A camera's view: `lead_s` of the first frame's pose before the test frames, all on
    the camera's own clock (milliseconds since it opened, starting at t0_ms)."""
    dt = frames[1].t_ms - frames[0].t_ms
    lead = [
        PoseFrame(t0_ms + i * dt, frames[0].landmarks, frames[0].world_m, frames[0].frame_size_px)
        for i in range(int(lead_s * 1000 / dt))
    ]
    start = lead[-1].t_ms + dt - frames[0].t_ms
    return lead + [
        PoseFrame(f.t_ms + start, f.landmarks, f.world_m, f.frame_size_px) for f in frames
    ]


def test_a_camera_run_times_from_go_and_drops_what_came_before() -> None:
    frames, _ = sts(5, tempo_s=2.0, rest_s=0.5, lead_out_s=3.0)
    runner = LiveTest(LiveTestOptions("five-times-sit-to-stand", 0, mute=True))
    schedule = runner._schedule()
    go_s = schedule[-1][0]
    camera = _camera_frames(frames, lead_s=go_s + 2.0, t0_ms=52_345)
    out = list(runner._camera(camera))
    assert runner.said == [p for _, p in schedule]  # everything said, "go" last
    assert out[0].t_ms == 0 and all(b.t_ms > a.t_ms for a, b in zip(out, out[1:], strict=False))
    # the frames after go, each at its time since go
    go_ms = camera[len(camera) - len(out)].t_ms
    assert go_ms - camera[0].t_ms == pytest.approx(go_s * 1000, abs=40)
    offline = run(FiveTimesSitToStand(), frames)
    r = run(FiveTimesSitToStand(), out)
    assert r.valid and r.value == offline.value


def test_standing_up_before_go_is_not_valid() -> None:
    frames, truth = sts(5, tempo_s=2.0, rest_s=0.5, lead_out_s=3.0)
    runner = LiveTest(LiveTestOptions("five-times-sit-to-stand", 0, mute=True))
    go_s = runner._schedule()[-1][0]
    # the first rise starts 1 s before "go": at "go" the patient is already on the way up
    early = truth.reps[0].start_ms + 1000
    lead = go_s * 1000 - early
    camera = _camera_frames(frames, lead_s=max(lead, 0) / 1000, t0_ms=0)
    r = run(FiveTimesSitToStand(), runner._camera(camera))
    assert not r.valid and r.value is None and "not seated" in (r.reason or "")


@pytest.mark.parametrize(
    ("test", "complete_after"),
    [(TimedUpAndGo, True), (FiveTimesSitToStand, True), (ChairStand30s, True)],
)
def test_a_protocol_is_complete_only_once_its_end_is_seen(test: type, complete_after: bool) -> None:
    frames, _ = sts(16, tempo_s=1.6, rest_s=0.3, lead_out_s=3.0)
    machine = test()
    flags = []
    for f in frames:
        machine.update(f)
        flags.append(machine.complete())
    assert flags[0] is False and flags[-1] is complete_after
    assert flags == sorted(flags)  # never complete, then not complete again


def test_single_leg_is_complete_after_three_trials_a_leg() -> None:
    frames, _ = generate_with_truth(
        "single-leg-stance", view="front", reps=5, tempo_s=1.0, hold_s=3.0, rest_s=2.0,
        alternate=True, lead_out_s=4.0,
    )  # fmt: skip
    machine = SingleLegStanceTest()
    for f in frames:
        machine.update(f)
    assert not machine.complete()  # three on one leg, two on the other


def test_every_phrase_is_spoken_in_order_through_the_speaker(tmp_path: Path) -> None:
    speaker = Speaker(writing_speech_engine(tmp_path / "said.txt"))
    track = TRACKS / "tug_single_stand_side_clean.posetrack.jsonl"
    runner = LiveTest(LiveTestOptions("timed-up-and-go", track, realtime=False), speaker=speaker)
    result = runner.run()
    assert result.valid
    # none dropped: each phrase waits for the one before to be said
    assert speaker.spoken == runner.said
    lines = (tmp_path / "said.txt").read_text().splitlines()
    assert lines[-5:] == ["3", "2", "1", "go", "Done. 5.5 seconds."]


def test_muted_nothing_is_spoken_but_everything_is_shown() -> None:
    track = TRACKS / "tug_single_stand_side_clean.posetrack.jsonl"
    shown: list[str] = []
    runner = LiveTest(
        LiveTestOptions("timed-up-and-go", track, mute=True, realtime=False),
        on_cue=shown.append,
    )
    runner.run()
    assert runner.speaker.spoken == [] and shown == runner.said and "go" in shown


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posecount", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_cli_live_and_offline_agree_and_the_live_run_is_filed(tmp_path: Path) -> None:
    import os

    env = {
        **os.environ,
        "POSECOUNT_DB": str(tmp_path / "h.sqlite3"),
        "XDG_DATA_HOME": str(tmp_path),
    }
    track = str(TRACKS / "tug_single_stand_side_clean.posetrack.jsonl")
    common = ["timed-up-and-go", track, "--age", "72", "--sex", "female", "--json"]
    offline = _cli("test", *common, env=env)
    online = _cli("test", *common, "--live", "--mute", "--fast", "--patient", "P9", env=env)
    saved = _cli("test", *common, "--save", "--patient", "P9", env=env)
    for done in (offline, online, saved):
        assert done.returncode == 0, done.stderr
    a, b, c = (json.loads(d.stdout) for d in (offline, online, saved))
    assert scored(a) == scored(b) == scored(c)
    assert "> 3\n> 2\n> 1\n> go\n" in online.stderr
    assert "saved as test result 1 of P9" in online.stderr
    assert "saved as test result 2 of P9" in saved.stderr
    assert "saved" not in offline.stderr  # a recording is filed only with --save
    (folder,) = (tmp_path / "posecount" / "tests").iterdir()
    assert f"recorded in {folder}" in online.stderr
    assert json.loads((folder / "result.json").read_text())["value"] == b["value"]
    listed = _cli("history", "tests", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    # oldest first: the recording is dated by its file, the live run by when it ran
    assert [(r["patient"], r["test"], r["value"], r["live"]) for r in rows] == [
        ("P9", "timed-up-and-go", a["value"], False),
        ("P9", "timed-up-and-go", a["value"], True),
    ]


def test_live_with_a_test_name_runs_the_test_live(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`posecount live -e timed-up-and-go --source FILE`: the live test, in real time (on
    a clock that moves only when slept on, so the test does not wait)."""
    from types import SimpleNamespace

    from typer.testing import CliRunner

    from posecount.cli.app import app

    clock = FakeClock()
    monkeypatch.setattr(
        "posecount.clinical.live.time", SimpleNamespace(sleep=clock.sleep, monotonic=clock)
    )
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    track = TRACKS / "tug_single_stand_side_clean.posetrack.jsonl"
    db = tmp_path / "h.sqlite3"
    done = CliRunner().invoke(
        app,
        ["live", "-e", "timed-up-and-go", "--source", str(track), "--no-window", "--mute",
         "--json", "--patient", "P9", "--db", str(db)],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    out = json.loads(done.stdout)
    assert scored(out) == scored(run_clinical_test("timed-up-and-go", track).to_dict())
    assert sum(clock.slept) > 8.0  # the instructions, the countdown and the clip's own time


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("timed-up-and-go", "tug_two_people_vfr_oblique"),
        ("single-leg-stance", "single_leg_stance_treepose_front_12s"),
    ],
)
def test_a_live_test_keeps_its_pose_track_and_scoring_it_again_gives_its_result(
    name: str, stem: str, tmp_path: Path
) -> None:
    track = TRACKS / f"{stem}.posetrack.jsonl"
    online, runner = live(track, name, record=True, tests_root=tmp_path)
    (folder,) = tmp_path.iterdir()
    kept = folder / "pose.posetrack.jsonl"
    assert online["details"]["track_path"] == str(kept.resolve())
    again = run_clinical_test(name, kept, age=72, sex="female").to_dict()
    assert scored(again) == scored(online)
    assert json.loads((folder / "result.json").read_text())["value"] == online["value"]


def test_a_live_test_killed_part_way_keeps_every_frame_seen(tmp_path: Path) -> None:
    """A crash mid-test (here: the speaker failing after 100 frames) leaves the track of
    every frame up to then, flushed as it came."""
    track = TRACKS / "tug_single_stand_side_clean.posetrack.jsonl"
    runner = LiveTest(
        LiveTestOptions(
            "timed-up-and-go", track, mute=True, realtime=False, record=True, tests_root=tmp_path
        )
    )
    seen = 0
    original = runner._on_frame

    def on_frame(frame: PoseFrame) -> None:
        nonlocal seen
        original(frame)
        seen += 1
        if seen == 100:
            raise RuntimeError("the machine fell over")

    runner._on_frame = on_frame  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        runner.run()
    (folder,) = tmp_path.iterdir()
    from posecount.tracks.format import TrackReader

    assert len(list(TrackReader(folder / "pose.posetrack.jsonl"))) == 100
    assert not (folder / "result.json").exists()  # no result: the test never ended


def test_deleting_a_patient_deletes_their_test_results_and_folders(tmp_path: Path) -> None:
    import os

    env = {
        **os.environ,
        "POSECOUNT_DB": str(tmp_path / "h.sqlite3"),
        "XDG_DATA_HOME": str(tmp_path),
    }
    track = str(TRACKS / "tug_single_stand_side_clean.posetrack.jsonl")
    for who in ("P1", "P2"):
        done = _cli("test", "timed-up-and-go", track, "--live", "--mute", "--fast",
                    "--patient", who, env=env)  # fmt: skip
        assert done.returncode == 0, done.stderr
    gone = _cli("history", "delete", "--patient", "P1", "--yes", env=env)
    assert gone.returncode == 0, gone.stderr
    assert "1 test result(s) and 1 test folder(s)" in gone.stderr
    rows = json.loads(_cli("history", "tests", "--json", env=env).stdout)
    assert [r["patient"] for r in rows] == ["P2"]
    (left,) = (tmp_path / "posecount" / "tests").iterdir()
    assert str(left) in rows[0]["track_path"]
