"""Outputs never destroy inputs or a user's files, and are replaced whole or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TRACKS_DIR
from posecount.errors import OutputError
from posecount.outputs import atomic_output, check_output

TRACK = TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"


def _layout(tmp: Path) -> dict[str, Path]:
    (tmp / "in.mp4").write_bytes(b"video bytes")
    (tmp / "old.txt").write_text("keep me")
    (tmp / "sub").mkdir()
    (tmp / "link.mp4").symlink_to(tmp / "in.mp4")
    os.link(tmp / "in.mp4", tmp / "hard.mp4")
    return {p.name: p for p in tmp.iterdir()}


CASES = [
    # (output, force, words in the error or None when allowed)
    ("in.mp4", False, "is the input"),
    ("in.mp4", True, "is the input"),  # --force never destroys the input
    ("link.mp4", True, "is the input"),  # through a symbolic link
    ("hard.mp4", True, "is the input"),  # through a hard link
    ("old.txt", False, "already exists"),
    ("old.txt", True, None),
    ("sub", True, "is a folder"),
    ("nodir/x.json", False, "does not exist"),
    ("new.posetrack.jsonl", False, None),
]


@pytest.mark.parametrize(("output", "force", "words"), CASES)
def test_check_output(tmp_path: Path, output: str, force: bool, words: str | None) -> None:
    files = _layout(tmp_path)
    target = tmp_path / output
    if words is None:
        assert check_output(target, inputs=[files["in.mp4"]], force=force) == target
    else:
        with pytest.raises(OutputError, match=words):
            check_output(target, inputs=[files["in.mp4"]], force=force)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="no permission"):
            check_output(ro / "x.jsonl")
    finally:
        ro.chmod(0o700)


def test_atomic_output_replaces_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_output(target) as part:
        part.write_text("half")
        raise RuntimeError("crash mid-write")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left behind
    with atomic_output(target) as part:
        part.write_text("new")
    assert target.read_text() == "new"
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask  # a new file's mode, not mkstemp's


def test_ctrl_c_keeps_what_was_written(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(KeyboardInterrupt), atomic_output(target) as part:
        part.write_text("frames so far")
        raise KeyboardInterrupt
    assert target.read_text() == "frames so far"


def _posecount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "posecount", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("name", ["copy.mp4", "t.posetrack.jsonl"])
def test_track_refuses_to_write_over_its_input(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_bytes(TRACK.read_bytes() if name.endswith(".jsonl") else b"\x00" * 2048)
    before = source.read_bytes()
    result = _posecount("track", str(source), "-o", str(source), "--force")
    assert result.returncode == 1
    assert "is the input" in result.stderr and len(result.stderr.splitlines()) == 1
    assert source.read_bytes() == before


def test_track_replaces_an_existing_file_only_with_force(tmp_path: Path) -> None:
    out = tmp_path / "out.posetrack.jsonl"
    out.write_text("a user's file")
    refused = _posecount("track", str(TRACK), "-o", str(out))
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert out.read_text() == "a user's file"
    done = _posecount("track", str(TRACK), "-o", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert out.read_text().splitlines()[1:] == TRACK.read_text().splitlines()[1:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.posetrack.jsonl"]
