"""Label values that cannot be true are refused, naming the row (empty, binary and
header-only files, missing columns and empty runs are in test_labels / test_score_cli)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LABELS_CSV
from posecount.errors import PosecountError
from posecount.scoring.labels import read_label_table

HEADER = LABELS_CSV.read_text().splitlines()[0]

LABEL_FILES = [
    # (content, words in the error)
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not UTF-8 text"),
    ((HEADER + "\nx.mp4,bridge,three,,,,,,,\n").encode(), "line 2"),
    ((HEADER + "\nx.mp4,bridge,-1,,,,,,,\n").encode(), "reps must be 0 or more"),
    ((HEADER + "\nx.mp4,bridge,3,,-2,,,,,\n").encode(), "rom_short must be 0 or more"),
    ((HEADER + "\nx.mp4,bridge,3,,,nan,,,,\n").encode(), "holds_s must be seconds"),
    ((HEADER + "\nx.mp4,bridge,3,,,2;inf,,,,\n").encode(), "holds_s must be seconds"),
    ((HEADER + "\nx.mp4,bridge,3,,,2,-1,,,\n").encode(), "hold_tol_s must be seconds"),
    ((HEADER + "\nx.mp4,bridge,3,2,,,,,,\n").encode(), "reps_max 2 is below reps 3"),
    (b"file,exercise,reps\na.mp4,bridge,1\x00\n", "line 2"),
]


@pytest.mark.parametrize(("content", "words"), LABEL_FILES)
def test_impossible_label_values_are_one_clear_error(
    tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "labels.csv"
    path.write_bytes(content)
    with pytest.raises(PosecountError, match=words) as info:
        read_label_table(path)
    assert "\n" not in str(info.value)
