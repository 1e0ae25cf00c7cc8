"""Batch scoring: the same per-clip results in-process, in a process pool and on a real
Dask cluster (on 127.0.0.1); the baseline gate; the pose cache."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import LABELS_CSV, TRACKS_DIR
from posecount.scoring.baseline import regressions
from posecount.scoring.batch import Settings, run_batch
from posecount.scoring.labels import read_labels

LABELS = read_labels(LABELS_CSV)
SETTINGS = Settings(use_cache=False)


def _outcome(results) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(r.label.file, r.error, r.summary and r.summary["events"]) for r in results]


def test_two_jobs_give_the_same_results_as_one() -> None:
    one = run_batch(TRACKS_DIR, LABELS, SETTINGS, jobs=1)
    two = run_batch(TRACKS_DIR, LABELS, SETTINGS, jobs=2)
    assert [r.label.file for r in two] == [lab.file for lab in LABELS]
    assert _outcome(one) == _outcome(two)


def test_a_dask_cluster_gives_the_same_results_as_a_local_run() -> None:
    distributed = pytest.importorskip("distributed")
    local = run_batch(TRACKS_DIR, LABELS[:4], SETTINGS)
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp://",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        remote = run_batch(TRACKS_DIR, LABELS[:4], SETTINGS, scheduler=cluster.scheduler_address)
    assert _outcome(local) == _outcome(remote)


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    pytest.importorskip("distributed")
    from posecount.errors import PosecountError

    with pytest.raises(PosecountError, match="cannot reach the Dask scheduler"):
        run_batch(TRACKS_DIR, LABELS[:1], SETTINGS, scheduler="tcp://127.0.0.1:9")


def test_a_missing_clip_is_reported_failed_and_the_run_goes_on(tmp_path: Path) -> None:
    shutil.copy(TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl", tmp_path)
    results = run_batch(tmp_path, LABELS, SETTINGS)
    by_file = {r.label.file: r for r in results}
    assert by_file["squat_darebee_side_8reps.mp4"].summary["reps"] == 8
    assert "not found" in (by_file["bridge_darebee_side_5reps.mp4"].error or "")


@pytest.mark.parametrize(
    ("current", "worse"),
    [
        ({"exact": 1.0, "mae": 0.0, "failed": 0, "hold_mae_s": 0.2}, []),
        ({"exact": 0.9, "mae": 0.0, "failed": 0, "hold_mae_s": 0.2}, ["exact"]),
        ({"exact": 1.0, "mae": 0.1, "failed": 0, "hold_mae_s": 0.2}, ["mae"]),
        ({"exact": 1.0, "mae": 0.0, "failed": 1, "hold_mae_s": 0.2}, ["failed"]),
        ({"exact": 1.0, "mae": 0.0, "failed": 0, "hold_mae_s": 0.25}, []),  # within slack
        ({"exact": 1.0, "mae": 0.0, "failed": 0, "hold_mae_s": 0.5}, ["hold_mae_s"]),
    ],
)
def test_regressions_against_a_baseline(current: dict, worse: list[str]) -> None:
    base = {"exact": 1.0, "mae": 0.0, "failed": 0, "hold_mae_s": 0.2}
    assert [w.split()[0] for w in regressions(current, base)] == worse


def _score(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "posecount",
            "score",
            str(TRACKS_DIR),
            "--labels",
            str(LABELS_CSV),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_json_and_the_gate(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    result = _score("--json", "--write-baseline", str(baseline))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["clips"]) == len(LABELS)
    for clip in data["clips"]:
        assert {"file", "exercise", "reps", "reps_short_of_target", "holds_s", "verdict"} <= set(
            clip
        )
    assert _score("--baseline", str(baseline)).returncode == 0
    stricter = json.loads(baseline.read_text())
    # Every shared clip is analysed now (issue 11): pretend holds used to be timed better.
    stricter["summary"]["hold_mae_s"] = data["summary"]["hold_mae_s"] - 0.2
    baseline.write_text(json.dumps(stricter))
    gated = _score("--baseline", str(baseline))
    assert gated.returncode == 1 and "worse than required: hold_mae_s" in gated.stderr
    exact = data["summary"]["exact"]
    assert _score("--min-exact", str(exact)).returncode == 0
    if exact < 1.0:
        assert _score("--min-exact", "1.0").returncode == 1


@pytest.mark.video
def test_the_pose_cache_makes_a_second_run_replay(videos_dir: Path, tmp_path: Path) -> None:
    from posecount.scoring.cache import cached_track

    clip = videos_dir / "sit_to_stand_single_then_walk_side.mp4"
    first, was_cached = cached_track(
        clip, model="lite", fps=10.0, max_side_px=640, directory=tmp_path
    )
    assert not was_cached and first.is_file()
    again, was_cached = cached_track(
        clip, model="lite", fps=10.0, max_side_px=640, directory=tmp_path
    )
    assert was_cached and again == first
    other, was_cached = cached_track(
        clip, model="lite", fps=15.0, max_side_px=640, directory=tmp_path
    )
    assert not was_cached and other != first
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.video
def test_workers_filling_the_cache_at_once_leave_one_whole_track(
    videos_dir: Path, tmp_path: Path
) -> None:
    labels = [lab for lab in LABELS if lab.file == "sit_to_stand_single_then_walk_side.mp4"] * 2
    settings = Settings(use_cache=True, cache_dir=str(tmp_path))
    results = run_batch(videos_dir, labels, settings, jobs=2)
    assert [r.summary["reps"] for r in results] == [1, 1]
    assert len(list(tmp_path.glob("*.posetrack.jsonl"))) == 1
    assert not list(tmp_path.glob("*.part"))
