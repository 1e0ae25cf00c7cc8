"""Where a recording goes (never onto an earlier one started within the same second), and
what is said when it cannot go there."""

from __future__ import annotations

from pathlib import Path

import pytest

from posecount.errors import TrackFormatError
from posecount.store.recording import cannot_record, unused_path


# (already there, stem, suffix, the path given); stems are "<started>-<exercise>" in use.
@pytest.mark.parametrize(
    ("there", "stem", "suffix", "expected"),
    [
        ([], "t-bridge", "", "t-bridge"),
        (["t-bridge"], "t-bridge", "", "t-bridge-2"),
        (["t-bridge", "t-bridge-2"], "t-bridge", "", "t-bridge-3"),
        (["t-bridge", "t-bridge-3"], "t-bridge", "", "t-bridge-2"),
        (["t-squat"], "t-bridge", "", "t-bridge"),
        (["t-daily.json"], "t-daily", ".json", "t-daily-2.json"),
        (["t-daily"], "t-daily", ".json", "t-daily.json"),
    ],
)
def test_a_name_already_taken_gets_the_next_number(
    tmp_path: Path, there: list[str], stem: str, suffix: str, expected: str
) -> None:
    for name in there:
        (tmp_path / name).mkdir()
    assert unused_path(tmp_path, stem, suffix) == tmp_path / expected
    assert not (tmp_path / expected).exists()  # it only names the place: nothing is made


@pytest.mark.parametrize(
    ("what", "error", "why"),
    [
        ("the session", PermissionError(13, "Permission denied"), "Permission denied"),
        ("the test", FileExistsError(17, "File exists"), "File exists"),
        ("the test", OSError("no errno"), "no errno"),  # no strerror: the message itself
        ("the session", TrackFormatError("header: fps must be > 0"), "header: fps must be > 0"),
    ],
)
def test_a_recording_that_cannot_start_is_one_line_saying_what_to_do(
    tmp_path: Path, what: str, error: Exception, why: str
) -> None:
    message = str(cannot_record(what, tmp_path, error))  # type: ignore[arg-type]
    assert message == (
        f"cannot record {what} in {tmp_path}: {why}; make that folder writable, or set "
        "XDG_DATA_HOME to a writable folder"
    )
