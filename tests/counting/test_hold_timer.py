"""HoldTimer on frame patterns: 'T' criterion true, 'F' false, '.' not visible (None).
One character per frame, 100 ms apart (10 fps) unless stated; the input is finished at
the end of the last frame (len(pattern) * 100 ms)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posecount.counting import HoldTimer, HoldTimerSpec
from posecount.types import Event, HoldEnded, HoldStarted

VALUE = {"T": True, "F": False, ".": None}
SPEC = HoldTimerSpec(min_start_ms=300, min_end_ms=500, max_gap_ms=1000, min_hold_ms=1000)


def run(pattern: str, spec: HoldTimerSpec = SPEC, dt: int = 100, side=None) -> list[Event]:
    timer = HoldTimer(spec, side=side)
    events: list[Event] = []
    for i, ch in enumerate(pattern):
        events += timer.update(VALUE[ch], i * dt)
    events += timer.finish(len(pattern) * dt)
    return events


def S(t: int) -> HoldStarted:
    return HoldStarted(t_ms=t)


def E(t: int, hold_s: float, edge: bool = False) -> HoldEnded:
    return HoldEnded(t_ms=t, hold_s=hold_s, closed_by_edge=edge)


CASES = [
    pytest.param("F" * 5 + "T" * 30 + "F" * 10, [S(500), E(3500, 3.0)], id="one-hold"),
    pytest.param("FFTTFFTFTTFTTFFF" * 3, [], id="flicker-never-debounced"),
    pytest.param(
        "FFF" + "TT" + "F" + "T" * 15 + "F" * 10,
        # the two-frame flicker is cancelled; the hold starts at its own first true frame
        [S(600), E(2100, 1.5)],
        id="start-back-dated-to-first-true",
    ),
    pytest.param(
        "F" + "T" * 20 + "FFF" + "T" * 20 + "F" * 10,
        # a 300 ms wobble (< min_end_ms) is part of the hold
        [S(100), E(4400, 4.3)],
        id="wobble-inside-hold",
    ),
    pytest.param(
        "F" + "T" * 20 + "F" * 6 + "T" * 20 + "F" * 10,
        [S(100), E(2100, 2.0), S(2700), E(4700, 2.0)],
        id="release-splits-holds",
    ),
    pytest.param("F" + "T" * 9 + "F" * 10, [], id="shorter-than-min-hold-dropped"),
    pytest.param("F" + "T" * 10 + "F" * 10, [S(100), E(1100, 1.0)], id="exactly-min-hold"),
    pytest.param(
        "F" + "T" * 10 + "." * 5 + "T" * 10 + "F" * 10,
        # 500 ms unseen: paused, not reset, and not counted
        [S(100), E(2600, 2.0)],
        id="short-gap-pauses",
    ),
    pytest.param(
        "F" + "T" * 5 + "." * 8 + "T" * 5 + "F" * 10,
        # 0.5 s + 0.5 s either side of a pause reach min_hold together
        [S(100), E(1900, 1.0)],
        id="short-gap-pauses-before-min-hold",
    ),
    pytest.param(
        "F" + "T" * 15 + "." * 15 + "F" * 10,
        # a gap longer than max_gap_ms ends the hold where tracking was lost
        [S(100), E(1600, 1.5, edge=True)],
        id="long-gap-ends-hold",
    ),
    pytest.param(
        "F" + "T" * 15 + "." * 15 + "T" * 15 + "F" * 10,
        # the hold seen after the long gap may have begun during it: edge on both
        [S(100), E(1600, 1.5, edge=True), S(3100), E(4600, 1.5, edge=True)],
        id="long-gap-then-hold-again",
    ),
    pytest.param(
        "F" + "T" * 15 + "FF" + "." * 15 + "F" * 5,
        # the release was seen before the gap: the hold ended at its first false frame
        [S(100), E(1600, 1.5)],
        id="long-gap-after-release",
    ),
    pytest.param(
        "F" + "TT" + "." * 20 + "T" * 8 + "F" * 10,
        # a start still debouncing is forgotten in a long gap
        [],
        id="long-gap-cancels-debounce",
    ),
    pytest.param("T" * 20 + "F" * 10, [S(0), E(2000, 2.0, edge=True)], id="hold-at-first-frame"),
    pytest.param(
        "..." + "T" * 20 + "F" * 10,
        [S(300), E(2300, 2.0, edge=True)],
        id="hold-at-first-observation",
    ),
    pytest.param("F" * 5 + "T" * 20, [S(500), E(2500, 2.0, edge=True)], id="hold-at-the-end"),
    pytest.param("T" * 30, [S(0), E(3000, 3.0, edge=True)], id="hold-at-both-edges"),
    pytest.param(
        "F" + "T" * 20 + "FF",
        # released 200 ms before the end: not confirmed, so ended at the first false frame
        [S(100), E(2100, 2.0, edge=True)],
        id="release-unconfirmed-at-end",
    ),
    pytest.param(
        "F" + "T" * 20 + "...",
        [S(100), E(2100, 2.0, edge=True)],
        id="gap-at-the-end",
    ),
    pytest.param(
        "F" * 5 + "T" * 8,
        # cut off by the end of the input, not over: reported whatever its length so far
        [S(500), E(1300, 0.8, edge=True)],
        id="short-hold-cut-off-by-the-end-is-reported",
    ),
    pytest.param("F" * 5 + "TT", [], id="start-still-debouncing-at-the-end-dropped"),
    pytest.param("." * 30, [], id="never-seen"),
]


@pytest.mark.parametrize(("pattern", "expected"), CASES)
def test_hold_table(pattern: str, expected: list[Event]) -> None:
    got = run(pattern)
    assert [type(e) for e in got] == [type(e) for e in expected]
    for g, x in zip(got, expected, strict=True):
        assert g.t_ms == x.t_ms
        if isinstance(x, HoldEnded):
            assert isinstance(g, HoldEnded)
            assert g.hold_s == pytest.approx(x.hold_s)
            assert g.closed_by_edge == x.closed_by_edge


def test_hold_started_is_emitted_once_min_hold_reached() -> None:
    timer = HoldTimer(SPEC)
    timer.update(False, 0)
    out = []
    for i in range(1, 20):
        out.append(timer.update(True, i * 100))
    first = next(i for i, o in enumerate(out, start=1) if o)
    assert first == 11  # 1000 ms after the first true frame at 100 ms
    assert out[first - 1] == [HoldStarted(t_ms=100)]


def test_overlay_state() -> None:
    timer = HoldTimer(SPEC)
    assert timer.state == "idle" and not timer.holding and timer.current_hold_s is None
    timer.update(True, 0)
    assert timer.state == "pending"
    timer.update(True, 300)
    assert timer.state == "holding" and timer.current_hold_s == pytest.approx(0.3)
    timer.update(False, 400)
    assert timer.state == "ending" and timer.holding
    timer.update(None, 500)
    timer.update(True, 800)  # 300 ms gap excluded
    assert timer.state == "holding" and timer.current_hold_s == pytest.approx(0.5)


def test_side_label() -> None:
    events = run("F" + "T" * 20 + "F" * 10, side="right")
    assert [e.side for e in events] == ["right", "right"]  # type: ignore[attr-defined]


def test_unobserved_jump_is_a_gap() -> None:
    # no call at all for 3 s (frames dropped upstream) while holding: ended at the last frame
    timer = HoldTimer(SPEC)
    events: list[Event] = []
    for t in range(0, 2001, 100):
        events += timer.update(t > 0, t)
    events += timer.update(True, 5000)
    assert events == [HoldStarted(t_ms=100), HoldEnded(t_ms=2000, hold_s=1.9, closed_by_edge=True)]


def test_zero_thresholds() -> None:
    spec = HoldTimerSpec(min_start_ms=0, min_end_ms=0, max_gap_ms=100, min_hold_ms=0)
    assert run("FTTF", spec) == [HoldStarted(t_ms=100), HoldEnded(t_ms=300, hold_s=0.2)]


@pytest.mark.parametrize("fps", [10, 15, 24, 29.97, 30, 60])
def test_hold_time_at_any_frame_rate(fps: float) -> None:
    # 1 s false, 5 s true, 1 s false: 5 s within one frame interval
    n = round(7 * fps)
    timer = HoldTimer(SPEC)
    events: list[Event] = []
    for i in range(n):
        t = round(i * 1000 / fps)
        events += timer.update(1000 <= t < 6000, t)
    events += timer.finish(round(n * 1000 / fps))
    ended = [e for e in events if isinstance(e, HoldEnded)]
    assert len(ended) == 1
    assert ended[0].hold_s == pytest.approx(5.0, abs=1 / fps)
    assert not ended[0].closed_by_edge


def test_time_must_increase() -> None:
    timer = HoldTimer(SPEC)
    timer.update(True, 100)
    with pytest.raises(ValueError, match="t_ms must increase"):
        timer.update(True, 100)
    with pytest.raises(ValueError, match="before the last update"):
        timer.finish(50)


@pytest.mark.parametrize(
    ("name", "low"),
    [("min_start_ms", 0), ("min_end_ms", 0), ("min_hold_ms", 0), ("max_gap_ms", 100)],
)
@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "1"])
def test_spec_validation(name: str, low: int, bad: float) -> None:
    with pytest.raises(ValueError, match=f"{name} must be a number of ms >= {low}, got"):
        HoldTimerSpec(**{name: bad})


def test_max_gap_below_a_frame_interval_rejected() -> None:
    with pytest.raises(ValueError, match="max_gap_ms must be a number of ms >= 100"):
        HoldTimerSpec(max_gap_ms=50)


@settings(max_examples=100, deadline=None)
@given(
    pattern=st.text(alphabet="TF.", max_size=120),
    spec=st.builds(
        HoldTimerSpec,
        min_start_ms=st.integers(0, 600),
        min_end_ms=st.integers(0, 800),
        max_gap_ms=st.integers(100, 1500),
        min_hold_ms=st.integers(0, 2000),
    ),
)
def test_events_pair_up_and_durations_are_sane(pattern: str, spec: HoldTimerSpec) -> None:
    events = run(pattern, spec)
    assert len(events) % 2 == 0
    observed_s = sum(ch != "." for ch in pattern) * 0.1
    total = 0.0
    for started, ended in zip(events[::2], events[1::2], strict=True):
        assert isinstance(started, HoldStarted) and isinstance(ended, HoldEnded)
        assert started.t_ms <= ended.t_ms
        assert ended.hold_s <= (ended.t_ms - started.t_ms) / 1000 + 1e-9
        if not (ended.closed_by_edge and ended is events[-1]):  # a hold cut off at the end
            assert ended.hold_s >= spec.min_hold_ms / 1000 - 1e-9
        total += ended.hold_s
    assert total <= observed_s + 1e-9
