"""labels.csv: every broken file is one PosecountError line that says what to do; a file
that lacks a column posecount would check says so instead of skipping the check."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import LABELS_CSV
from posecount.errors import PosecountError
from posecount.scoring.labels import read_label_table, read_labels

HEADER = "file,exercise,reps,reps_max,rom_short,holds_s,hold_tol_s,view,certainty,notes\n"
ROW = "a.mp4,bridge,5,,0,2.0;3.5,1.0,side,sure,\n"


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not UTF-8 text"),
        (("file,exercise,reps\na.mp4," + "x" * 200_000 + ",5\n").encode(), "not readable CSV"),
        (HEADER.encode(), "has a header but no clips"),
        (b"name,exercise\na.mp4,bridge\n", "lacks columns file, reps"),
        ((HEADER + "a.mp4,bridge,five,,,,,,,\n").encode(), "line 2: bad value"),
        ((HEADER + "a.mp4,bridge,5,,,2;x,,,,\n").encode(), "line 2: bad value"),
        ((HEADER + ",bridge,5,,,,,,,\n").encode(), "line 2: empty file name"),
        ((HEADER + ROW + "\n" + ROW).encode(), r"line 4: a.mp4 \(bridge\) is labelled twice"),
    ],
    ids=[
        "empty",
        "binary",
        "huge cell",
        "header only",
        "missing required",
        "bad reps",
        "bad hold",
        "no file name",
        "twice",
    ],
)
def test_a_broken_labels_file_is_one_clear_error(
    tmp_path: Path, content: bytes, match: str
) -> None:
    path = tmp_path / "labels.csv"
    path.write_bytes(content)
    with pytest.raises(PosecountError, match=match) as caught:
        read_labels(path)
    assert "\n" not in str(caught.value)


def test_a_missing_file_says_which() -> None:
    with pytest.raises(PosecountError, match="labels file not found"):
        read_labels(Path("/nonexistent/labels.csv"))


def test_the_shared_labels_have_every_column() -> None:
    table = read_label_table(LABELS_CSV)
    assert len(table.labels) == 16
    assert table.missing == () and table.unknown == ()
    assert table.warnings(LABELS_CSV) == []


@pytest.mark.parametrize(
    ("header", "missing", "unknown", "says"),
    [
        ("file,exercise,reps", ("reps_max", "rom_short", "holds_s", "hold_tol_s"), (), "hold"),
        ("file,exercise,reps,reps_max,rom_short,hold_tol_s", ("holds_s",), (), "hold times"),
        (
            "file,exercise,reps,reps_max,rom_short,hold_s,hold_tol_s",
            ("holds_s",),
            ("hold_s",),
            "did you mean holds_s?",
        ),
    ],
)
def test_missing_and_unknown_columns_are_reported(
    tmp_path: Path, header: str, missing: tuple, unknown: tuple, says: str
) -> None:
    path = tmp_path / "labels.csv"
    n = header.count(",") + 1
    path.write_text(header + "\n" + ",".join(["a.mp4", "bridge", "5"] + [""] * (n - 3)) + "\n")
    table = read_label_table(path)
    assert table.missing == missing and table.unknown == unknown
    assert says in " ".join(table.warnings(path))


def test_a_byte_order_mark_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + ROW).encode())
    [label] = read_labels(path)
    assert (label.file, label.reps, label.holds_s, label.hold_tol_s) == (
        "a.mp4",
        5,
        (2.0, 3.5),
        1.0,
    )


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(lambda t: (HEADER + t).encode("utf-8", "surrogatepass")),
    )
)
def test_any_bytes_parse_or_give_one_posecount_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "labels.csv"
    path.write_bytes(data)
    try:
        read_labels(path)
    except PosecountError as e:
        assert "\n" not in str(e)
