"""The programme screen, rendered: every large element at least its stated share of the
screen height, at three screen sizes, measured in pixels; the hold ring only during a
hold; the rest timer distinct from the count; high contrast."""

from __future__ import annotations

import numpy as np
import pytest

from posecount.render.overlay import (
    COUNT_MIN_SHARE,
    CUE_MIN_SHARE,
    HOLD_MIN_SHARE,
    REST_MIN_SHARE,
    SET_MIN_SHARE,
    OverlayState,
    draw_overlay,
)
from screen_measure import blue, measure, white, yellow

SIZES = [(1280, 720), (1920, 1080), (2560, 1600)]
HOLDING = OverlayState(
    exercise_title="Bridge - 15 reps",
    headline="Exercise 2 of 4",
    count_text="7",
    set_text="Set 2 of 3",
    hold_remaining_s=2.4,
    hold_elapsed_s=0.6,
    gauge_value=150.0,
    gauge_rest=120.0,
    gauge_target=160.0,
    cue="hold",
    status_line="space pause   n next set   s skip   q stop",
)
RESTING = OverlayState(
    exercise_title="Bridge",
    headline="Exercise 2 of 4",
    count_text="15",
    set_text="Set 1 of 3",
    rest_remaining_s=21.3,
    rest_total_s=30.0,
    cue="rest - pain now? press 0 to 10",
)


def _scene(w: int, h: int) -> np.ndarray:
    rng = np.random.default_rng(1)
    return rng.integers(20, 120, (h, w, 3), dtype=np.uint8)


@pytest.mark.parametrize(("w", "h"), SIZES)
@pytest.mark.parametrize("high_contrast", [False, True])
def test_large_elements_meet_their_minimum_sizes(w: int, h: int, high_contrast: bool) -> None:
    state = HOLDING.__class__(**{**_fields(HOLDING), "high_contrast": high_contrast})
    got = measure(draw_overlay(_scene(w, h), None, state))
    assert got["count"] >= COUNT_MIN_SHARE * h, got
    assert got["set"] >= SET_MIN_SHARE * h, got
    assert got["hold"] >= HOLD_MIN_SHARE * h, got
    if not high_contrast:  # (in high contrast the cue is yellow on black, measured below)
        assert got["cue"] >= CUE_MIN_SHARE * h, got


@pytest.mark.parametrize(("w", "h"), SIZES)
def test_the_rest_timer_is_large_and_blue_not_a_count(w: int, h: int) -> None:
    img = draw_overlay(_scene(w, h), None, RESTING)
    got = measure(img)
    assert got["rest"] >= REST_MIN_SHARE * h and got["hold"] == 0, got
    assert got["count"] >= COUNT_MIN_SHARE * h


def test_the_hold_ring_only_during_a_hold() -> None:
    idle = OverlayState(
        **{
            **_fields(HOLDING),
            "hold_remaining_s": None,
            "hold_elapsed_s": None,
            "gauge_value": None,
            "gauge_rest": None,
            "gauge_target": None,
        }
    )
    img = draw_overlay(np.zeros((720, 1280, 3), np.uint8), None, idle)
    assert measure(img)["hold"] == 0 and measure(img)["rest"] == 0
    assert not blue(img).any()


def test_high_contrast_is_black_panels_and_yellow_text() -> None:
    state = OverlayState(**{**_fields(HOLDING), "high_contrast": True})
    img = draw_overlay(_scene(1280, 720), None, state)
    panel = img[5:440, 5:600]
    # A solid black panel (the noisy picture does not show through) with yellow text.
    assert (panel == 0).all(axis=2).mean() > 0.6
    count = img[150:330, 20:300]
    assert yellow(count).sum() > 1000 and not white(count).any()


def _fields(state: OverlayState) -> dict:  # type: ignore[type-arg]
    return {f: getattr(state, f) for f in state.__slots__}  # type: ignore[attr-defined]
