import json
from pathlib import Path

import numpy as np
import pytest

from posecount.errors import TrackFormatError
from posecount.tracks.format import TrackHeader, TrackReader, TrackWriter
from posecount.types import PoseFrame, quantize


def _frame(t_ms: int, seed: int, person: bool = True) -> PoseFrame:
    if not person:
        return PoseFrame(t_ms=t_ms, landmarks=None, world_m=None, frame_size_px=(640, 360))
    rng = np.random.default_rng(seed)
    lm, world = quantize(rng.random((33, 5)), rng.normal(size=(33, 3)))
    return PoseFrame(t_ms=t_ms, landmarks=lm, world_m=world, frame_size_px=(640, 360))


HEADER = TrackHeader(source="clip.mp4", fps=29.97, frame_size_px=(640, 360), model="full")


def _write(path: Path, frames: list[PoseFrame]) -> None:
    with TrackWriter(path, HEADER) as w:
        for f in frames:
            w.write(f)


def test_round_trip_is_exact(tmp_path: Path) -> None:
    frames = [_frame(0, 1), _frame(33, 2, person=False), _frame(67, 3)]
    path = tmp_path / "a.posetrack.jsonl"
    _write(path, frames)
    reader = TrackReader(path)
    back = list(reader)
    assert reader.header.source == "clip.mp4" and reader.header.frame_size_px == (640, 360)
    assert [f.t_ms for f in back] == [0, 33, 67]
    assert back[1].landmarks is None and back[1].world_m is None
    for a, b in zip(frames, back, strict=True):
        if a.landmarks is not None:
            assert np.array_equal(a.landmarks, b.landmarks)
            assert np.array_equal(a.world_m, b.world_m)
    assert not reader.truncated


def test_every_line_is_on_disk_before_close(tmp_path: Path) -> None:
    path = tmp_path / "live.posetrack.jsonl"
    w = TrackWriter(path, HEADER)
    w.write(_frame(0, 1))
    w.write(_frame(40, 2))
    # not closed: a crash here must still leave both frames readable
    assert len(list(TrackReader(path))) == 2
    w.close()


def test_a_line_cut_short_by_a_crash_keeps_the_frames_before_it(tmp_path: Path) -> None:
    path = tmp_path / "cut.posetrack.jsonl"
    _write(path, [_frame(0, 1), _frame(40, 2)])
    text = path.read_text()
    path.write_text(text + text.splitlines()[-1][:50])  # a half-written third line
    reader = TrackReader(path)
    assert [f.t_ms for f in reader] == [0, 40]
    assert reader.truncated


def _good_line(t_ms: int) -> str:
    return json.dumps({"t_ms": t_ms, "landmarks": None, "world": None})


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "line 1: the file is empty"),
        (["not json"], "line 1: the header is not JSON"),
        (['{"format": "other"}'], "line 1: the header does not say format"),
        ([HEADER.to_json(), _good_line(0), "{oops", _good_line(80)], "line 3: not valid JSON"),
        ([HEADER.to_json(), _good_line(0), _good_line(0)], "line 3: 't_ms' 0 does not increase"),
        ([HEADER.to_json(), '{"t_ms": 1.5}'], "line 2: 't_ms' must be an integer"),
        ([HEADER.to_json(), '{"landmarks": null}'], "line 2: expected an object with 't_ms'"),
        (
            [HEADER.to_json(), '{"t_ms": 0, "landmarks": [[1, 2, 3]]}'],
            "line 2: 'landmarks' must be 33 rows of 5",
        ),
        (
            [HEADER.to_json(), json.dumps({"t_ms": 0, "world": [["a"] * 3] * 33})],
            "line 2: 'world' must be a list of numbers",
        ),
    ],
)
def test_malformed_tracks_name_the_line(tmp_path: Path, lines: list[str], message: str) -> None:
    path = tmp_path / "bad.posetrack.jsonl"
    path.write_text("".join(line + "\n" for line in lines))
    with pytest.raises(TrackFormatError, match=message):
        list(TrackReader(path))


def test_missing_track_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(TrackFormatError, match="pose track not found.*posecount track"):
        TrackReader(tmp_path / "nope.posetrack.jsonl")
