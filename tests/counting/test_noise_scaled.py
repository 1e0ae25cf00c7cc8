"""Noise-scaled thresholds and the start condition: a small deliberate rep on a steady track
counts, the same rep on a jittery one does not, and nothing starts from a rest that is not
the exercise's start position."""

from __future__ import annotations

import math

import pytest

from posecount.counting import RepCounter, RepCounterSpec
from posecount.types import RepCompleted

SPEC = RepCounterSpec(direction=+1, enter_delta=15.0, exit_delta=8.0, min_enter_delta=6.0)


def run(counter: RepCounter, amplitude: float, sigma: float | None, reps: int = 3) -> int:
    """Rest 2 s, then `reps` raised-cosine reps of 2 s with 2 s rests, at 10 fps; the
    caller's jitter estimate is reported every frame, as RepMachine does."""
    values = [0.0] * 20
    for _ in range(reps):
        values += [amplitude * (1 - math.cos(2 * math.pi * i / 20)) / 2 for i in range(20)]
        values += [0.0] * 20
    count = 0
    for i, v in enumerate(values):
        counter.observe_noise(sigma)
        count += sum(isinstance(e, RepCompleted) for e in counter.update(v, i * 100))
    return count


@pytest.mark.parametrize(
    "amplitude, sigma, counted",
    [
        (20.0, None, 3),  # above the full band: counted whatever the jitter
        (10.0, None, 0),  # jitter unknown: the full band holds
        (10.0, 0.5, 3),  # a steady track: 4 x 0.5 = 2, floored at 6; a 10 degree rep counts
        (10.0, 2.0, 3),  # 8 < 10: still counted
        (10.0, 3.0, 0),  # 12 > 10: on a jittery track the same rep is not told from noise
        (5.0, 0.1, 0),  # below the floor: never
    ],
)
def test_the_band_follows_the_jitter(amplitude: float, sigma: float | None, counted: int) -> None:
    assert run(RepCounter(SPEC), amplitude, sigma) == counted


def test_fixed_thresholds_ignore_the_jitter() -> None:
    fixed = RepCounterSpec(direction=+1, enter_delta=15.0, exit_delta=8.0)
    assert run(RepCounter(fixed), 10.0, 0.1) == 0


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"min_enter_delta": 0.0}, "min_enter_delta"),
        ({"min_enter_delta": 20.0}, "min_enter_delta"),
        ({"min_enter_delta": 6.0, "noise_factor": 0.5}, "noise_factor"),
    ],
)
def test_bad_noise_parameters_name_the_allowed_range(kw: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=message):
        RepCounterSpec(direction=+1, enter_delta=15.0, exit_delta=8.0, **kw)


@pytest.mark.parametrize("allowed, counted", [(True, 3), (False, 0)])
def test_a_rep_starts_only_from_an_allowed_rest(allowed: bool, counted: int) -> None:
    counter = RepCounter(RepCounterSpec(direction=+1, enter_delta=15.0, exit_delta=8.0))
    counter.allow_start(allowed)
    assert run(counter, 20.0, None) == counted
