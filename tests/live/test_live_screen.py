"""`live` full screen uses the screen read from the floor (render.overlay's programme
layout and its minimum sizes); windowed it keeps the compact overlay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import TRACKS_DIR
from headless_live import headless_session
from posecount.render.overlay import COUNT_MIN_SHARE, SET_MIN_SHARE, draw_overlay
from screen_measure import measure


@pytest.mark.parametrize(
    ("fullscreen", "set_text", "headline"),
    [(True, "Set 1 of 1", ""), (False, "Set 1 of 1 - 2/15", None)],
)
def test_live_overlay_full_screen_or_windowed(
    tmp_path: Path, fullscreen: bool, set_text: str, headline: str | None
) -> None:
    track = TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"
    session = headless_session("bridge", track, tmp_path, fullscreen=fullscreen)
    session.run()
    state = session.overlay_state()
    assert (state.set_text, state.headline) == (set_text, headline)
    if fullscreen:
        assert state.exercise_title == "Bridge - 15 reps"
        got = measure(draw_overlay(np.zeros((1080, 1920, 3), np.uint8), None, state))
        assert got["count"] >= COUNT_MIN_SHARE * 1080 and got["set"] >= SET_MIN_SHARE * 1080
