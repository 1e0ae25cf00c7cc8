"""Where a recording goes: never onto an earlier one started within the same second."""

from __future__ import annotations

from pathlib import Path

import pytest

from posecount.store.recording import unused_path


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
