"""The clinical tests on real pose tracks of the shared clips, recorded at every frame
(tests/clinical/tracks, made with `posecount track --fps 240`, i.e. every frame, lite
model, 640 px), against times measured by hand from the video frames.

Hand times (README "Clinical tests"): each clip's frames around the rise and the sit were
laid out as contact sheets with their presentation timestamps (benchmarks/contact_sheet.py)
and read by eye. The start is the first frame where the trunk has visibly moved forward
from the seated rest; the end is the first frame where the hips are down on the seat.

- tug_single_stand_side_clean: still up to 0.467 s, lean visible at 0.500 s; hips on the
  seat at 5.933 s (hovering at 5.900): 5.43 s.
- tug_two_people_vfr_oblique (variable frame rate, header claims 1000 fps): head first
  lowers between 4.960 and 5.009 s (4.98); the shorts meet the seat cushion at 5.136 s and
  the visible seat stops shrinking: 15.14 - 4.98 = 10.16 s.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from posecount.cli.app import app
from posecount.clinical.run import run_clinical_test
from posecount.session.pipeline import PoseSettings

TRACKS = Path(__file__).parent / "tracks"
HAND_TUG_S = {
    "tug_single_stand_side_clean": (0.50, 5.93),
    "tug_two_people_vfr_oblique": (4.98, 15.14),
}


def track(stem: str) -> Path:
    return TRACKS / f"{stem}.posetrack.jsonl"


@pytest.mark.parametrize("stem", sorted(HAND_TUG_S))
def test_tug_is_within_0_3_s_of_the_hand_time(stem: str) -> None:
    start_s, end_s = HAND_TUG_S[stem]
    r = run_clinical_test("timed-up-and-go", track(stem), age=72, sex="female")
    assert r.valid, r.reason
    assert r.value == pytest.approx(end_s - start_s, abs=0.3)
    # and each end point on its own within a quarter of a second
    assert r.start_ms / 1000 == pytest.approx(start_s, abs=0.25)  # type: ignore[operator]
    assert r.end_ms / 1000 == pytest.approx(end_s, abs=0.25)  # type: ignore[operator]
    # every frame analysed: about 30 a second, so the time is good to a frame
    assert r.timed_fps == pytest.approx(30, abs=1.0)
    assert r.uncertainty_s is not None and r.uncertainty_s <= 0.07
    assert [c.concern for c in r.comparisons] == [
        False,
        stem.endswith("oblique") and r.value > 10.2,
    ]


def test_a_tug_that_walks_off_and_never_sits_is_not_valid() -> None:
    r = run_clinical_test("timed-up-and-go", track("sit_to_stand_single_then_walk_side"), age=70)
    assert not r.valid and r.value is None
    assert r.reason == "the patient did not sit back down before the recording ended"
    assert r.comparisons == []


def test_a_single_stand_is_not_a_five_times_sit_to_stand() -> None:
    r = run_clinical_test("five-times-sit-to-stand", track("sit_to_stand_front_seniorfit_1rep"))
    assert not r.valid and r.value is None
    assert r.reason == "only 1 full stand seen; the test needs 5"


def test_a_short_clip_is_not_a_30_second_chair_stand() -> None:
    r = run_clinical_test("chair-stand-30s", track("sit_to_stand_front_seniorfit_1rep"), age=70)
    assert not r.valid and r.value is None and "s into the 30 s" in (r.reason or "")


def test_single_leg_hold_for_the_whole_clip_is_a_lower_bound() -> None:
    r = run_clinical_test(
        "single-leg-stance", track("single_leg_stance_treepose_front_12s"), age=45, sex="female"
    )
    assert r.valid and r.at_least
    assert r.value == pytest.approx(12.0, abs=0.5)
    # a lower bound under the age mean gives no verdict against it
    assert not any(c.concern for c in r.comparisons)


def test_both_feet_down_is_no_single_leg_trial() -> None:
    r = run_clinical_test("single-leg-stance", track("standing_two_feet_negative_front_7s"))
    assert not r.valid and r.value is None


def test_committed_10_fps_track_times_the_tug_at_10_fps_and_says_so() -> None:
    repo_tracks = Path(__file__).resolve().parents[2] / "sample_videos" / "tracks"
    r = run_clinical_test(
        "timed-up-and-go", repo_tracks / "tug_single_stand_side_clean.posetrack.jsonl"
    )
    assert r.valid
    assert r.timed_fps == pytest.approx(10, abs=0.5)
    assert r.uncertainty_s == pytest.approx(0.1, abs=0.01)
    assert r.value == pytest.approx(5.43, abs=0.3)
    assert r.comparisons == [] and any("no age" in n for n in r.notes)


# ---------------------------------------------------------------- the command line

runner = CliRunner()


def test_cli_prints_time_norm_and_verdict() -> None:
    res = runner.invoke(
        app,
        [
            "test",
            "timed-up-and-go",
            str(track("tug_single_stand_side_clean")),
            "--age",
            "72",
            "--sex",
            "female",
        ],
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0] == "Timed up and go - tug_single_stand_side_clean.mp4 (filmed side-on)"
    assert lines[1].startswith("result: 5.") and "timed at 30 frames/s, +- 0.03 s" in lines[1]
    assert any("fall risk: 12 s or more" in line and "CDC STEADI" in line for line in lines)
    assert any("mean for ages 70-79: 9.2 s" in line and "Bohannon" in line for line in lines)


def test_cli_not_valid_is_exit_0_with_the_reason_and_no_time() -> None:
    res = runner.invoke(
        app,
        [
            "test",
            "five-times-sit-to-stand",
            str(track("sit_to_stand_front_seniorfit_1rep")),
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["valid"] is False and d["value"] is None and d["comparisons"] == []
    assert "only 1 full stand" in d["reason"]
    assert [e["type"] for e in d["events"]][:2] == ["rise_started", "stand_reached"]


@pytest.mark.parametrize(
    ("args", "words", "code"),
    [
        (["test", "hop-test", "{t}"], "hop-test", 2),
        (["test", "timed-up-and-go", "{t}", "--age", "7"], "age must be 18-110", 1),
        (["test", "timed-up-and-go", "{t}", "--sex", "other"], "other", 2),
        (["test", "timed-up-and-go"], "SOURCE / --camera", 2),
        (["test", "timed-up-and-go", "missing.posetrack.jsonl"], "not found", 1),
    ],
)
def test_cli_errors_are_one_line(args: list[str], words: str, code: int) -> None:
    import subprocess
    import sys

    t = str(track("tug_single_stand_side_clean"))
    res = subprocess.run(
        [sys.executable, "-m", "posecount", *[a.replace("{t}", t) for a in args]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == code
    assert words in res.stderr
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize(
    ("stem", "crossed"),
    [
        # hands clasped at the chest (clip notes), filmed from the front
        ("sit_to_stand_front_seniorfit_1rep", True),
        # arms by the sides and swinging into the first step, side-on
        ("sit_to_stand_single_then_walk_side", False),
    ],
)
def test_arms_during_a_real_rise(stem: str, crossed: bool) -> None:
    from posecount.clinical.arms import AWAY_FROM_CHEST_TORSOS, ArmsCheck
    from posecount.clinical.chair import ChairTracker
    from posecount.clinical.features import chair_features
    from posecount.tracks.format import TrackReader

    arms, tracker, events = ArmsCheck(), ChairTracker(), []
    for f in TrackReader(track(stem)):
        arms.update(f)
        events += tracker.update(chair_features(f), f.t_ms)
    rise = next(e for e in events if e.type == "rise_started")
    stand = next(e for e in events if e.type == "stand_reached")
    reach = arms.reach_during(rise.t_ms, stand.t_ms)
    assert reach is not None
    assert (reach <= AWAY_FROM_CHEST_TORSOS) is crossed


@pytest.mark.parametrize(
    ("source", "short"),
    [
        ("STEADI_TUG", "CDC STEADI"),
        ("RIKLI_JONES_1999", "Rikli 1999"),
        ("BOHANNON_2006_FTSST", "Bohannon 2006"),
        ("KLUKOWSKA_2020", "Klukowska 2020"),
        ("VELLAS_1997", "Vellas 1997"),
    ],
)
def test_text_output_names_each_source_by_author_and_year(source: str, short: str) -> None:
    from posecount.cli.test_cmd import short_source
    from posecount.clinical import norms

    assert short_source(getattr(norms, source)) == short


def test_ctrl_c_scores_everything_up_to_then() -> None:
    def stop_at_7_s(frame) -> None:  # type: ignore[no-untyped-def]
        if frame.t_ms >= 7000:
            raise KeyboardInterrupt

    r = run_clinical_test(
        "timed-up-and-go", track("tug_single_stand_side_clean"), on_frame=stop_at_7_s
    )
    assert r.details["interrupted"] is True
    assert r.valid and r.value == pytest.approx(5.53, abs=0.05)
    assert any("Ctrl-C" in n for n in r.notes)


def test_the_clinical_package_and_a_track_replay_load_neither_opencv_nor_mediapipe() -> None:
    import subprocess
    import sys

    path = str(track("tug_single_stand_side_clean"))
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from posecount.clinical.run import run_clinical_test\n"
        f"run_clinical_test('timed-up-and-go', Path({path!r}))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('cv2', 'mediapipe')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("turn_deg", "found"),
    [
        (90, True),
        (180, True),
        # Turned this way the seated start reads as sitting as filmed too often in the
        # seconds watched (bent hips and knees look seated sideways too), which is too much to
        # call the picture turned: it is left as filmed, the test finds no rise and says
        # so, and --rotate 90 gives the time.
        (270, False),
    ],
)
def test_a_camera_on_its_side(turn_deg: int, found: bool, tmp_path: Path) -> None:
    from dataclasses import replace

    from posecount.pose.rotation import rotate_pose
    from posecount.tracks.format import TrackReader, TrackWriter

    src = track("tug_single_stand_side_clean")
    reader = TrackReader(src)
    w, h = reader.header.frame_size_px
    size = (h, w) if turn_deg in (90, 270) else (w, h)
    turned = tmp_path / "turned.posetrack.jsonl"
    with TrackWriter(turned, replace(reader.header, frame_size_px=size)) as out:
        for f in reader:
            out.write(rotate_pose(f, turn_deg))
    upright = run_clinical_test("timed-up-and-go", src)
    back = (360 - turn_deg) % 360
    auto = run_clinical_test("timed-up-and-go", turned)
    if found:
        assert auto.details.get("rotated_deg") == back
        assert auto.valid and auto.value == pytest.approx(upright.value, abs=0.07)
        assert any("turned" in n for n in auto.notes)
    else:
        assert "rotated_deg" not in auto.details
        assert not auto.valid and auto.value is None
    told_turn = PoseSettings(fps=None, rotate_deg=back)
    told = run_clinical_test("timed-up-and-go", turned, pose=told_turn)
    assert told.valid and told.value == pytest.approx(upright.value, abs=0.07)


def test_upright_clips_are_never_turned() -> None:
    for stem in (
        "tug_single_stand_side_clean",
        "tug_two_people_vfr_oblique",
        "sit_to_stand_front_seniorfit_1rep",
        "single_leg_stance_treepose_front_12s",
        "standing_two_feet_negative_front_7s",
        "sit_to_stand_single_then_walk_side",
    ):
        r = run_clinical_test("timed-up-and-go", track(stem))
        assert "rotated_deg" not in r.details, stem
