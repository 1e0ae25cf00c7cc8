"""The chair tracker on feature sequences: thresholds validated, missing data never
changes a state, jitter inside the bands adds no stand, end points placed at the frame
that shows them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posecount.clinical.chair import DEFAULT_SPEC, ChairSpec, ChairTracker
from posecount.clinical.features import ChairFeatures, chair_features
from posecount.clinical.result import FrameClock
from posecount.synthetic import generate_static, generate_with_truth
from posecount.types import Event

SHIN_PX = 50.0


def feat(height: float | None, lean_px: float = 0.0) -> ChairFeatures:
    """A side view: the shoulders 60 px above the hips, leaning forward by lean_px."""
    if height is None:
        return ChairFeatures(None, None, None, None)
    hip_y = 400.0 - height * SHIN_PX
    return ChairFeatures(height, SHIN_PX, (300.0 + lean_px, hip_y - 60.0), (300.0, hip_y))


def drive(
    samples: list[tuple[int, ChairFeatures | None]], spec: ChairSpec = DEFAULT_SPEC
) -> list[Event]:
    tr = ChairTracker(spec)
    events: list[Event] = []
    for t, f in samples:
        events += tr.update(f, t)
    events += tr.finish(samples[-1][0])
    return events


def kinds(events: list[Event]) -> list[str]:
    return [e.type for e in events]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"seated_shins": 1.8, "stand_shins": 1.7}, "seated_shins < stand_shins"),
        ({"stand_shins": 2.5}, "seated_shins < stand_shins"),
        ({"lean_shins": 0.0}, "lean_shins"),
        ({"seat_tolerance_shins": 0.5}, "seat_tolerance_shins"),
        ({"min_sit_ms": 10}, "min_sit_ms"),
        ({"rest_window_ms": 3000, "lookback_ms": 4000}, "lookback_ms"),
    ],
)
def test_spec_rejects_out_of_range_thresholds(kwargs: dict, words: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=words.replace("<", ".")):
        ChairSpec(**kwargs)


def test_time_must_increase() -> None:
    tr = ChairTracker()
    tr.update(feat(1.0), 100)
    with pytest.raises(ValueError, match="increase"):
        tr.update(feat(1.0), 100)


def one_rise(step_ms: int = 33) -> list[tuple[int, ChairFeatures | None]]:
    """Seated 1 s, lean 0.3 s, rise 0.5 s, stand 2 s, sit 0.5 s, seated 1.5 s."""
    out: list[tuple[int, ChairFeatures | None]] = []
    for t in range(0, 5800, step_ms):
        if t < 1000:
            f = feat(1.1)
        elif t < 1300:
            f = feat(1.1, lean_px=(t - 1000) / 300 * 25)
        elif t < 1800:
            f = feat(1.1 + 0.9 * (t - 1300) / 500, lean_px=25 * (1 - (t - 1300) / 500))
        elif t < 3800:
            f = feat(2.0)
        elif t < 4300:
            f = feat(2.0 - 0.9 * (t - 3800) / 500)
        else:
            f = feat(1.1)
        out.append((t, f))
    return out


def test_one_rise_and_sit() -> None:
    events = drive(one_rise())
    assert kinds(events) == ["rise_started", "stand_reached", "seat_reached"]
    rise, stand, seat = events
    # the shoulders pass 0.12 shin (6 px) 72 ms into the lean: the next frame shows it
    assert 1072 <= rise.t_ms <= 1072 + 33
    assert 1300 + 0.6 / 0.9 * 500 <= stand.t_ms <= 1300 + 0.6 / 0.9 * 500 + 33
    # the hips within 0.1 shin of the seat (1.2) 444 ms into the sit
    assert 3800 + 444 <= seat.t_ms <= 3800 + 444 + 33
    assert rise.from_rest  # type: ignore[attr-defined]


def test_missing_features_change_nothing_and_long_gaps_are_reported() -> None:
    samples = one_rise()
    # 1.2 s without a pose while standing
    holed = [(t, None if 2200 <= t < 3400 else f) for t, f in samples]
    events = drive(holed)
    assert kinds(events) == ["rise_started", "stand_reached", "tracking_gap", "seat_reached"]


def test_a_short_dip_below_seated_height_is_not_a_sit() -> None:
    samples = one_rise()
    # 120 ms at seated height in the middle of standing: a tracking flicker
    flick = [(t, feat(1.2) if 2500 <= t < 2620 else f) for t, f in samples]
    assert kinds(drive(flick)) == ["rise_started", "stand_reached", "seat_reached"]


def test_a_short_flicker_to_standing_height_is_not_a_stand() -> None:
    """A deep lean filmed from a high corner can read as standing for a few frames."""
    samples = one_rise()
    flick = [(t, feat(1.8) if 500 <= t < 650 else f) for t, f in samples]
    events = drive(flick)
    assert kinds(events) == ["rise_started", "stand_reached", "seat_reached"]
    assert events[1].t_ms > 1300  # the real stand, not the flicker at 0.5 s


def test_the_input_ending_just_after_a_stand_still_counts_it() -> None:
    samples = [(t, f) for t, f in one_rise() if t <= 1800]
    assert kinds(drive(samples)) == ["rise_started", "stand_reached"]


@settings(max_examples=60, deadline=None)
@given(
    jitter=st.lists(st.floats(min_value=-0.25, max_value=0.25), min_size=120, max_size=120),
    lean=st.lists(st.floats(min_value=-3.0, max_value=3.0), min_size=120, max_size=120),
)
def test_jitter_inside_the_bands_adds_no_stand(jitter: list[float], lean: list[float]) -> None:
    """Seated with the hip height wobbling up to 0.25 shin (below the 1.7 stand line)
    then standing with the same wobble (above the 1.4 sit line): exactly one stand."""
    samples = [
        (i * 33, feat(1.15 + j, lean_px=w))
        for i, (j, w) in enumerate(zip(jitter[:60], lean[:60], strict=True))
    ]
    samples += [(2000 + i * 33, feat(2.0 + j)) for i, j in enumerate(jitter[60:])]
    events = drive(samples)
    assert kinds(events).count("stand_reached") == 1
    assert "seat_reached" not in kinds(events)


@pytest.mark.parametrize("view", ["side-left", "side-right", "front"])
@pytest.mark.parametrize(("posture", "lo", "hi"), [("sitting", 0.9, 1.3), ("standing", 1.85, 2.15)])
def test_hip_height_in_shins_seated_about_one_standing_about_two(view, posture, lo, hi) -> None:  # type: ignore[no-untyped-def]
    frames = generate_static(posture, duration_s=0.2, view=view)
    for f in frames:
        h = chair_features(f).hip_height_shins
        assert h is not None and lo <= h <= hi


def test_walking_reads_as_standing() -> None:
    """The stance leg is the taller one: a lifted foot does not lower the hip height."""
    frames, _ = generate_with_truth("single-leg-stance", reps=2, hold_s=1.0, view="side-left")
    assert all((chair_features(f).hip_height_shins or 0) > 1.7 for f in frames)


def test_frame_clock_rate_and_uncertainty() -> None:
    clock = FrameClock()
    for t in [0, 33, 67, 100, 133, 200, 233]:  # one dropped frame at 167
        clock.tick(t)
    assert clock.fps() == pytest.approx(6 / 0.233, abs=0.1)
    assert clock.interval_before_ms(200) == 67
    assert clock.uncertainty_s(67, 200) == 0.067
    assert clock.median_interval_ms() == 33
