"""Every parser of user files, fed garbage: it parses, or it raises one PosecountError
(one line for the CLI to print); never another exception, never a hang."""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TRACKS_DIR
from posecount.errors import PosecountError
from posecount.prescription.catalogue import CATALOGUE
from posecount.prescription.loader import load_prescription_overrides
from posecount.scoring.labels import read_label_table
from posecount.session.analyze import analyze
from posecount.tracks.format import TrackReader

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
REAL = (TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl").read_bytes()
HEADER, *FRAMES = REAL.splitlines(keepends=True)
SMALL = HEADER + b"".join(FRAMES[:3])  # a header and three frames: every cut is quick


def _read_track(path: Path) -> None:
    try:
        reader = TrackReader(path)
        for frame in reader:
            assert frame.t_ms >= 0 or frame.t_ms < 0  # any int: the frame is built
    except PosecountError as e:
        assert "\n" not in str(e)


def _analyze(path: Path) -> None:
    try:
        summary = analyze(path, "bridge")
    except PosecountError as e:
        assert "\n" not in str(e)
        return
    assert summary["reps"] >= 0 and all(isinstance(f, str) for f in summary["flags"])


def test_a_track_cut_at_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "t.posetrack.jsonl"
    ends = [len(HEADER) + sum(len(f) for f in FRAMES[:k]) for k in range(1, 4)]
    for cut in range(len(SMALL) + 1):
        path.write_bytes(SMALL[:cut])
        _read_track(path)
        if cut >= len(HEADER) and SMALL[:cut].count(b"\n") >= 1:
            # A cut inside a frame line keeps every whole frame before it (a line that
            # lacks only its newline is whole).
            whole = sum(cut >= e - 1 for e in ends)
            assert len(list(TrackReader(path))) == whole, cut


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes_as_a_track(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "r.posetrack.jsonl"
    path.write_bytes(data)
    _read_track(path)


@FUZZ
@given(st.binary(min_size=1, max_size=200), st.integers(0, len(SMALL)))
def test_random_bytes_spliced_into_a_real_track(tmp_path: Path, junk: bytes, at: int) -> None:
    path = tmp_path / "s.posetrack.jsonl"
    path.write_bytes(SMALL[:at] + junk + SMALL[at:])
    _analyze(path)


NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
)


def _shape(rows: int, cols: int, cell: st.SearchStrategy) -> st.SearchStrategy:  # type: ignore[type-arg]
    return st.lists(st.lists(cell, min_size=cols, max_size=cols), min_size=rows, max_size=rows)


FRAME_VALUES = st.fixed_dictionaries(
    {
        "t_ms": st.one_of(st.integers(-(10**20), 10**20), NUMBERS),
        "landmarks": st.one_of(
            st.none(),
            _shape(33, 5, st.floats(-2, 2)),
            _shape(33, 5, NUMBERS),
            _shape(32, 5, st.floats(0, 1)),
            _shape(33, 4, st.floats(0, 1)),
            st.lists(NUMBERS, max_size=5),
            NUMBERS,
        ),
        "world": st.one_of(st.none(), _shape(33, 3, st.floats(-1e308, 1e308)), NUMBERS),
    }
)


@FUZZ
@given(st.lists(FRAME_VALUES, max_size=6))
def test_frames_of_wrong_shapes_types_and_values(tmp_path: Path, frames: list) -> None:  # type: ignore[type-arg]
    path = tmp_path / "w.posetrack.jsonl"
    body = "".join(json.dumps(f) + "\n" for f in frames)
    path.write_bytes(HEADER + body.encode())
    _analyze(path)


HEADER_VALUES = st.fixed_dictionaries(
    {
        "format": st.sampled_from(["posecount.posetrack", "other"]),
        "version": st.one_of(st.just(1), NUMBERS),
        "source": st.one_of(st.text(max_size=10), NUMBERS),
        "fps": NUMBERS,
        "frame_size_px": st.one_of(st.lists(NUMBERS, max_size=3), NUMBERS),
        "model": st.one_of(st.text(max_size=5), NUMBERS),
        "analysis_fps": NUMBERS,
        "max_side_px": NUMBERS,
        "rotate_deg": NUMBERS,
    }
)


@FUZZ
@given(HEADER_VALUES)
def test_headers_with_any_values(tmp_path: Path, header: dict) -> None:  # type: ignore[type-arg]
    path = tmp_path / "h.posetrack.jsonl"
    path.write_bytes(json.dumps(header).encode() + b"\n" + b"".join(FRAMES[:20]))
    _analyze(path)


@FUZZ
@given(st.lists(st.integers(-(10**6), 10**6), min_size=2, max_size=8))
def test_time_that_does_not_increase_is_named(tmp_path: Path, times: list[int]) -> None:
    lines = [json.loads(f) for f in FRAMES[: len(times)]]
    for line, t in zip(lines, times, strict=True):
        line["t_ms"] = t
    path = tmp_path / "m.posetrack.jsonl"
    path.write_bytes(HEADER + "".join(json.dumps(x) + "\n" for x in lines).encode())
    increasing = all(b > a for a, b in zip(times, times[1:], strict=False))
    try:
        list(TrackReader(path))
        assert increasing
    except PosecountError as e:
        assert not increasing and "does not increase" in str(e)


# ------------------------------------------------------------------ prescriptions

TOML_VALUES = st.one_of(
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
KEYS = [
    "sets",
    "reps",
    "hold_s",
    "duration_s",
    "per_day",
    "target_sets",
    "target_hold_s",
    "range_target",
    "source",
    "exercise",
    "bogus",
]


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return (
            "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
        )
    if isinstance(v, int):
        return str(v)
    return json.dumps(v) if isinstance(v, str | list) else "{ }"


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from([*CATALOGUE, "press-ups", "bridge.x"]),
        st.dictionaries(st.sampled_from(KEYS), TOML_VALUES, max_size=4),
        max_size=3,
    )
)
def test_prescriptions_with_any_tables_keys_and_values(tmp_path: Path, tables: dict) -> None:  # type: ignore[type-arg]
    text = "".join(
        f"[{name}]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in values.items())
        for name, values in tables.items()
    )
    path = tmp_path / "rx.toml"
    path.write_text(text)
    try:
        overrides = load_prescription_overrides(path, set(CATALOGUE))
    except PosecountError as e:
        assert "\n" not in str(e)
        return
    for exercise, values in overrides.items():
        CATALOGUE[exercise].with_overrides(**values)  # what was accepted really builds


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_as_a_prescription(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "rx.toml"
    path.write_bytes(data)
    try:
        load_prescription_overrides(path, set(CATALOGUE))
    except PosecountError as e:
        assert "\n" not in str(e)


# ------------------------------------------------------------------ labels

LABEL_HEADER = "file,exercise,reps,reps_max,rom_short,holds_s,hold_tol_s,view,certainty,notes\n"
CELLS = st.one_of(
    st.text(max_size=6),
    st.integers(-5, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.just("1.5;nan;2"),
    st.just(""),
)


@FUZZ
@given(st.lists(st.lists(CELLS, min_size=0, max_size=12), max_size=5))
def test_labels_with_any_cells(tmp_path: Path, rows: list) -> None:  # type: ignore[type-arg]
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    path = tmp_path / "labels.csv"
    path.write_text(LABEL_HEADER + out.getvalue())
    try:
        labels = read_label_table(path).labels
    except PosecountError as e:
        assert "\n" not in str(e)
        return
    for label in labels:
        lo, hi = label.reps_range
        assert 0 <= lo <= hi
        assert all(math.isfinite(h) and h >= 0 for h in label.holds_s or ())


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_as_labels(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "labels.csv"
    path.write_bytes(data)
    try:
        read_label_table(path)
    except PosecountError as e:
        assert "\n" not in str(e)
