"""One Euro filter: smoothing at rest, little lag in motion, time-aware, None-transparent."""

from __future__ import annotations

import math
import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posecount.features import OneEuroFilter


def times(fps: float, seconds: float) -> list[int]:
    return [round(i * 1000 / fps) for i in range(round(seconds * fps))]


def test_first_value_passes_through_and_constant_stays_constant() -> None:
    f = OneEuroFilter(min_cutoff_hz=1.0, beta=0.1)
    assert f.value is None
    assert [f.update(12.5, t) for t in times(30, 1)] == pytest.approx([12.5] * 30)


def test_jitter_at_rest_is_reduced() -> None:
    rng = random.Random(0)
    f = OneEuroFilter(min_cutoff_hz=1.0, beta=0.0)
    raw = [100 + rng.gauss(0, 2) for _ in range(300)]
    out = [f.update(v, t) for v, t in zip(raw, times(30, 10), strict=True)]
    assert statistics.pstdev(out[30:]) < statistics.pstdev(raw[30:]) / 3


def test_beta_reduces_lag_in_motion() -> None:
    # a 60 deg/s ramp: with beta the cutoff rises with speed and the output lags less
    def lag(beta: float) -> float:
        f = OneEuroFilter(min_cutoff_hz=0.5, beta=beta)
        out = 0.0
        for t in times(30, 2):
            out = f.update(60 * t / 1000, t) or 0.0
        return 60 * t / 1000 - out

    assert lag(1.0) < lag(0.0) / 5


@pytest.mark.parametrize("fps", [10, 15, 24, 30, 60])
def test_same_output_at_any_frame_rate(fps: float) -> None:
    # the same 0.5 Hz movement filtered at different rates agrees at the common instants
    def run(rate: float) -> dict[int, float]:
        f = OneEuroFilter(min_cutoff_hz=1.0, beta=0.05)
        return {t: f.update(30 * math.sin(math.pi * t / 1000), t) for t in times(rate, 4)}

    reference, other = run(120), run(fps)
    common = [t for t in other if t in reference and t >= 1000]
    assert common
    for t in common:
        assert other[t] == pytest.approx(reference[t], abs=1.0)  # of an amplitude of 30


def test_none_passes_through_without_disturbing_state() -> None:
    a, b = OneEuroFilter(beta=0.1), OneEuroFilter(beta=0.1)
    seq = [(0, 1.0), (33, 2.0), (66, None), (100, 3.0), (133, None), (166, 2.5)]
    out_a = [a.update(v, t) for t, v in seq]
    assert out_a[2] is None and out_a[4] is None
    # b sees the same values without the None calls: after a None the state is the same
    out_b = {t: b.update(v, t) for t, v in seq if v is not None}
    assert [o for o in out_a if o is not None] == pytest.approx(list(out_b.values()))


def test_restarts_after_a_long_gap() -> None:
    f = OneEuroFilter(min_cutoff_hz=0.5, reset_after_ms=500)
    for t in range(0, 1000, 33):
        f.update(0.0, t)
    assert f.update(None, 1100) is None
    assert f.update(50.0, 1600) == 50.0  # 601 ms since the last value: fresh start
    g = OneEuroFilter(min_cutoff_hz=0.5, reset_after_ms=500)
    for t in range(0, 1000, 33):
        g.update(0.0, t)
    assert 0.0 < (g.update(50.0, 1400) or 0.0) < 50.0  # 410 ms: smoothed across


def test_reset() -> None:
    f = OneEuroFilter()
    f.update(1.0, 0)
    f.reset()
    assert f.value is None
    assert f.update(9.0, 0) == 9.0


@pytest.mark.parametrize("t_next", [100, 99])
def test_time_must_increase(t_next: int) -> None:
    f = OneEuroFilter()
    f.update(1.0, 100)
    with pytest.raises(ValueError, match="t_ms must increase"):
        f.update(None, t_next)


def test_non_finite_value_rejected() -> None:
    with pytest.raises(ValueError, match="finite number or None"):
        OneEuroFilter().update(float("inf"), 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_cutoff_hz": 0}, "min_cutoff_hz must be a finite number > 0"),
        ({"min_cutoff_hz": float("nan")}, "min_cutoff_hz must be"),
        ({"beta": -0.1}, "beta must be a finite number >= 0"),
        ({"d_cutoff_hz": -1}, "d_cutoff_hz must be a finite number > 0"),
        ({"reset_after_ms": 0}, "reset_after_ms must be a number of ms > 0"),
    ],
)
def test_parameters_validated(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        OneEuroFilter(**kwargs)


@settings(max_examples=80, deadline=None)
@given(
    frames=st.lists(
        st.tuples(st.integers(1, 300), st.one_of(st.none(), st.floats(-1e4, 1e4))),
        min_size=1,
        max_size=200,
    ),
    min_cutoff_hz=st.floats(0.01, 30),
    beta=st.floats(0, 10),
    d_cutoff_hz=st.floats(0.01, 30),
)
def test_output_stays_within_input_range(frames, min_cutoff_hz, beta, d_cutoff_hz) -> None:
    f = OneEuroFilter(min_cutoff_hz, beta, d_cutoff_hz)
    t = 0
    seen: list[float] = []
    for dt, v in frames:
        t += dt
        out = f.update(v, t)
        if v is None:
            assert out is None
            continue
        seen.append(v)
        assert out is not None
        eps = 1e-9 * max(1.0, max(abs(x) for x in seen))
        assert min(seen) - eps <= out <= max(seen) + eps
