"""Output files of a score run: checked before the run, written whole or not at all, and
never written over something that is not posecount's own output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from posecount.errors import PosecountError
from posecount.scoring.outputs import MARKDOWN_MARK, check_output, write_atomically


@pytest.mark.parametrize(
    ("kind", "existing", "match"),
    [
        ("baseline", None, None),
        ("baseline", "", None),
        ("baseline", '{"summary": {"exact": 1.0}}', None),
        ("baseline", '{\n  "format": "posecount-baseline",\n  "version": 2', None),
        ("baseline", "file,exercise,reps\n", "is not a posecount baseline; refusing"),
        ("junit", '<?xml version="1.0"?>\n<testsuites name="posecount score">', None),
        ("junit", '<?xml version="1.0"?>\n<testsuites name="pytest">', "refusing"),
        ("markdown", MARKDOWN_MARK + "\n### posecount score", None),
        ("markdown", "# My notes\n", "is not a posecount Markdown summary"),
    ],
)
def test_an_existing_file_is_replaced_only_when_it_is_ours(
    tmp_path: Path, kind: str, existing: str | None, match: str | None
) -> None:
    path = tmp_path / "out"
    if existing is not None:
        path.write_text(existing)
    if match is None:
        check_output(path, kind, "--opt")
    else:
        with pytest.raises(PosecountError, match=match):
            check_output(path, kind, "--opt")


def test_a_folder_that_does_not_exist_is_refused_before_the_run(tmp_path: Path) -> None:
    with pytest.raises(
        PosecountError, match=r"--write-baseline .*nodir/b.json: folder .* does not"
    ):
        check_output(tmp_path / "nodir" / "b.json", "baseline", "--write-baseline")


def test_a_folder_given_as_the_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PosecountError, match="is a folder"):
        check_output(tmp_path, "junit", "--junit")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in read-only folders")
def test_a_read_only_folder_is_refused_before_the_run(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(PosecountError, match="cannot write in"):
            check_output(tmp_path / "r.xml", "junit", "--junit")
    finally:
        tmp_path.chmod(0o700)


def test_write_atomically_replaces_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("old")
    write_atomically(path, "new\n")
    assert path.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]
    assert path.stat().st_mode & 0o044  # readable by others, like any report


def test_a_write_that_cannot_happen_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "gone" / "r.md"
    with pytest.raises(PosecountError, match="cannot write"):
        write_atomically(path, "x")
