"""The knees' upright height is a maximum; one frame read too high must not make every
rest after it look rolled (the real knee-roll track, with its knees lifted on one frame)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from conftest import track_for
from posecount.pose.landmarks import LandmarkId as L
from posecount.session.analyze import analyze
from posecount.tracks import TrackReader, TrackWriter

CLIP = "knee_rolls_bentleg_oblique_3reps.mp4"


def _lift_knees(frame, by_m: float):  # type: ignore[no-untyped-def]
    world = frame.world_m.copy()
    for knee in (L.LEFT_KNEE, L.RIGHT_KNEE):
        world[knee, 1] -= by_m  # world y points down
    return dataclasses.replace(frame, world_m=world)


@pytest.mark.parametrize("spike_at", [0, 1, 40])  # the first frames, and a rest mid-clip
def test_one_frame_with_the_knees_read_too_high_changes_no_roll(tmp_path, spike_at: int) -> None:
    reader = TrackReader(track_for(CLIP))
    frames = list(reader)
    frames[spike_at] = _lift_knees(frames[spike_at], 0.08)
    path = tmp_path / "spiked.posetrack.jsonl"
    with TrackWriter(path, reader.header) as writer:
        for f in frames:
            writer.write(f)
    got = analyze(path, "knee-rolls")
    want = analyze(track_for(CLIP), "knee-rolls")
    assert got["reps"] == want["reps"] == 3
    assert np.isclose(got["range"]["best"] or 0, want["range"]["best"] or 0, atol=3)
