"""`posecount score` end to end, as a CI job runs it: JUnit and Markdown files, the
per-clip gate, and the ways a run can go wrong before, during and after scoring (each a
single line on stderr and exit 1, never "a bug in posecount")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from junitparser import Failure, JUnitXml

from conftest import LABELS_CSV, TRACKS_DIR

BASELINE = LABELS_CSV.parent / "baseline.json"
HEADER = LABELS_CSV.read_text().splitlines()[0]


def score(
    directory: Path, labels: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "posecount",
            "score",
            str(directory),
            "--labels",
            str(labels),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def one_error_line(result: subprocess.CompletedProcess[str], match: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: ") and match in lines[0], lines
    assert "a bug in posecount" not in result.stderr


def with_label(tmp_path: Path, old: str, new: str) -> Path:
    path = tmp_path / "labels.csv"
    text = LABELS_CSV.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


def test_changing_one_label_fails_exactly_that_clip_in_junit_and_markdown(tmp_path: Path) -> None:
    labels = with_label(
        tmp_path, "squat_darebee_side_8reps.mp4,squat,8,", "squat_darebee_side_8reps.mp4,squat,7,"
    )
    xml, md = tmp_path / "r.xml", tmp_path / "r.md"
    result = score(
        TRACKS_DIR, labels, "--baseline", str(BASELINE), "--junit", str(xml), "--markdown", str(md)
    )
    assert result.returncode == 1
    assert "1 clip worse than the baseline: squat_darebee_side_8reps.mp4 (squat)" in result.stderr
    [suite] = list(JUnitXml.fromfile(str(xml)))
    cases = list(suite)
    assert len(cases) == 16
    failed = [c.name for c in cases if any(isinstance(r, Failure) for r in c.result)]
    assert failed == ["squat_darebee_side_8reps.mp4 (squat)"]
    [failure] = [r for c in cases for r in c.result if isinstance(r, Failure)]
    assert failure.message == "reps: got 8, want 7"
    rows = [line for line in md.read_text().splitlines() if line.startswith("| `")]
    assert len(rows) == 1 and rows[0].startswith(
        "| `squat_darebee_side_8reps.mp4` | squat | ok → wrong"
    )


def test_the_committed_baseline_passes_on_the_committed_tracks(tmp_path: Path) -> None:
    # Passing, not equal: a counting change that makes clips better passes the gate (the
    # baseline is then re-written on purpose); one that makes any clip worse does not.
    xml = tmp_path / "r.xml"
    result = score(
        TRACKS_DIR, LABELS_CSV, "--baseline", str(BASELINE), "--junit", str(xml), "--markdown", "-"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!-- posecount score -->")  # the table gives way
    assert "Nothing got worse than the baseline." in result.stdout
    [suite] = list(JUnitXml.fromfile(str(xml)))
    assert suite.failures == 0 and suite.errors == 0


def test_a_summary_only_baseline_still_gates_and_says_how_to_upgrade(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"summary": json.loads(BASELINE.read_text())["summary"]}))
    result = score(TRACKS_DIR, LABELS_CSV, "--baseline", str(old))
    assert result.returncode == 0, result.stderr
    assert "keeps no per-clip results" in result.stderr


def test_json_names_the_changes(tmp_path: Path) -> None:
    labels = with_label(
        tmp_path,
        "bridge_darebee_side_5reps.mp4,bridge,5,",
        "bridge_darebee_side_5reps.mp4,bridge,4,",
    )
    result = score(TRACKS_DIR, labels, "--baseline", str(BASELINE), "--json")
    changes = json.loads(result.stdout)["changes"]
    assert [(c["file"], c["direction"]) for c in changes] == [
        ("bridge_darebee_side_5reps.mp4", "worse")
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--json", "--markdown", "-"), "both want stdout"),
        (("--junit", "-"), "give a file name"),
        (("--junit", "r.out", "--markdown", "r.out"), "given twice"),
    ],
)
def test_usage_errors_exit_2_before_the_run(args: tuple[str, ...], says: str) -> None:
    result = score(TRACKS_DIR, LABELS_CSV, *args)
    assert result.returncode == 2 and says in result.stderr and result.stdout == ""


def test_a_fresh_baseline_then_the_same_run_shows_no_change(tmp_path: Path) -> None:
    new = tmp_path / "b.json"
    assert score(TRACKS_DIR, LABELS_CSV, "--write-baseline", str(new)).returncode == 0
    again = score(TRACKS_DIR, LABELS_CSV, "--baseline", str(new), "--markdown", "-")
    assert again.returncode == 0, again.stderr
    assert "0 worse and 0 better" in again.stdout
    assert "No clip changed its verdict or figures." in again.stdout
    # Re-writing it gives the same bytes: a baseline changes only when results do.
    first = new.read_text()
    assert score(TRACKS_DIR, LABELS_CSV, "--write-baseline", str(new)).returncode == 0
    assert new.read_text() == first


# Issue 9, defects 4 and 5: each of these used to exit 0 with "exact 0%", skip a check
# without a word, or end in "unexpected ... (a bug in posecount)".


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    one_error_line(score(tmp_path, LABELS_CSV), "is empty")


def test_a_folder_without_any_labelled_clip_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "other.mp4").write_bytes(b"x")
    one_error_line(score(tmp_path, LABELS_CSV), "none of the clips named in")


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "is empty"),
        (HEADER.encode() + b"\n", "has a header but no clips"),
        (b"\xff\xfe\x00\x00PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U", "not UTF-8 text"),
    ],
    ids=["empty", "header only", "binary"],
)
def test_a_labels_file_with_nothing_usable_is_one_line(
    tmp_path: Path, content: bytes, match: str
) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_bytes(content)
    one_error_line(score(TRACKS_DIR, labels), match)


def test_nothing_scored_is_an_error_and_writes_no_baseline(tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    # Every shared exercise is analysed (issue 11): a clip labelled with an exercise
    # posecount does not know stands for one it cannot score.
    rows = [
        r.replace(",wall-press-up,", ",plank,")
        for r in LABELS_CSV.read_text().splitlines()
        if ",wall-press-up," in r
    ]
    labels.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    xml, new = tmp_path / "r.xml", tmp_path / "b.json"
    result = score(TRACKS_DIR, labels, "--junit", str(xml), "--write-baseline", str(new))
    assert result.returncode == 1
    assert "error: nothing was scored: none of the 1 labelled clips" in result.stderr
    assert not new.exists()
    [suite] = list(JUnitXml.fromfile(str(xml)))  # the report still says why
    assert suite.skipped == 1


def test_a_labels_file_without_holds_s_says_hold_times_are_not_checked(tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    lines = LABELS_CSV.read_text().splitlines()
    column = lines[0].split(",").index("holds_s")
    # Cut the column out of the CSV the simple way: the shared file has no comma inside
    # the first six fields.
    labels.write_text(
        "\n".join(
            ",".join(p for i, p in enumerate(line.split(",")) if i != column) for line in lines
        )
        + "\n"
    )
    result = score(TRACKS_DIR, labels)
    assert result.returncode == 0, result.stderr
    [warning] = [w for w in result.stderr.splitlines() if w.startswith("warning:")]
    assert "no holds_s column" in warning and "hold times" in warning


def test_write_baseline_into_a_missing_folder_fails_before_the_run(tmp_path: Path) -> None:
    result = score(TRACKS_DIR, LABELS_CSV, "--write-baseline", str(tmp_path / "nodir" / "b.json"))
    one_error_line(result, "nodir/b.json: folder")
    assert result.stdout == ""  # no clip was scored


def test_a_junit_path_over_a_foreign_file_fails_before_the_run(tmp_path: Path) -> None:
    mine = tmp_path / "notes.xml"
    mine.write_text("<notes>keep me</notes>")
    result = score(TRACKS_DIR, LABELS_CSV, "--junit", str(mine))
    one_error_line(result, "refusing to overwrite it")
    assert mine.read_text() == "<notes>keep me</notes>" and result.stdout == ""


def _cache_run(tmp_path: Path, cache_home: Path) -> subprocess.CompletedProcess[str]:
    """One track (scored) and one unreadable video (which needs the pose cache)."""
    folder = tmp_path / "clips"
    folder.mkdir()
    shutil.copy(TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl", folder)
    (folder / "broken.mp4").write_bytes(b"\x00" * 64)
    labels = tmp_path / "labels.csv"
    labels.write_text(
        HEADER + "\nsquat_darebee_side_8reps.mp4,squat,8,,0,,,side,sure,\n"
        "broken.mp4,squat,3,,0,,,side,sure,\n"
    )
    return score(folder, labels, "--jobs", "2", env={"XDG_CACHE_HOME": str(cache_home)})


def _says_once_and_carries_on(result: subprocess.CompletedProcess[str]) -> None:
    assert "a bug in posecount" not in result.stderr, result.stderr
    assert result.stderr.count("pose cache not usable") == 1, result.stderr
    assert "squat_darebee_side_8reps.mp4" in result.stdout and "FAILED" in result.stdout
    assert result.returncode == 0


def test_a_cache_that_cannot_be_made_is_said_once_and_the_run_goes_on(tmp_path: Path) -> None:
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("")
    _says_once_and_carries_on(_cache_run(tmp_path, blocker))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_cache_is_said_once_and_the_run_goes_on(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (cache / "posecount" / "tracks").mkdir(parents=True)
    (cache / "posecount" / "tracks").chmod(0o500)
    try:
        result = _cache_run(tmp_path, cache)
    finally:
        (cache / "posecount" / "tracks").chmod(0o700)
    _says_once_and_carries_on(result)
    assert "Permission denied" in result.stderr
