"""RepCounter on synthetic scalar signals: tables of movements with the expected reps, and
properties (count never decreases, jitter inside the band adds nothing, frame rate does not
change the count)."""

from __future__ import annotations

import dataclasses
import math
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posecount.counting import RepCounter, RepCounterSpec
from posecount.exercises.registry import get_exercise
from posecount.prescription.catalogue import resolve_prescription
from posecount.session.analysis import Analyzer
from posecount.tracks import TrackReader
from posecount.types import Event, RepCompleted

# ------------------------------------------------------------------ synthetic movements
#
# A movement is a list of segments, each lasting ms:
#   ("rest", ms)        stay at the current offset
#   ("rep", ms, amp)    out by amp (raised cosine) and back
#   ("ease", ms, to)    move smoothly (half a cosine) to offset `to`
#   ("ramp", ms, to)    move linearly to offset `to`
#   ("gap", ms)         tracking lost: None
# The offset starts at `start`; direction +1 adds, -1 subtracts it from `base`.


@dataclass
class Motion:
    segments: list[tuple]
    base: float = 0.0
    direction: int = 1
    noise: float = 0.0  # uniform jitter in [-noise, +noise]
    drift_per_s: float = 0.0  # slow drift of the whole signal, in units/s
    seed: int = 0
    start: float = 0.0
    _starts: list[int] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        t = 0
        for seg in self.segments:
            self._starts.append(t)
            t += seg[1]
        self.duration_ms = t

    def clean(self, t_ms: float) -> float | None:
        offset = self.start
        y = offset
        for start, seg in zip(self._starts, self.segments, strict=True):
            kind, length = seg[0], seg[1]
            if t_ms >= start + length:
                if kind in ("ramp", "ease"):
                    offset = seg[2]
                y = offset
                continue
            u = (t_ms - start) / length
            if kind == "gap":
                return None
            if kind == "rep":
                y = offset + seg[2] * (1 - math.cos(2 * math.pi * u)) / 2
            elif kind == "ease":
                y = offset + (seg[2] - offset) * (1 - math.cos(math.pi * u)) / 2
            elif kind == "ramp":
                y = offset + (seg[2] - offset) * u
            else:
                y = offset
            break
        return self.base + self.direction * y + self.drift_per_s * t_ms / 1000

    def samples(self, fps: float) -> list[tuple[int, float | None]]:
        rng = random.Random(self.seed)
        n = math.ceil(self.duration_ms * fps / 1000)
        out: list[tuple[int, float | None]] = []
        for i in range(n):
            t = round(i * 1000 / fps)  # from the frame index and the float fps
            v = self.clean(t)
            if v is not None and self.noise:
                v += rng.uniform(-self.noise, self.noise)
            out.append((t, v))
        return out


def run(
    spec: RepCounterSpec, samples: list[tuple[int, float | None]], finish: bool = True
) -> list[Event]:
    counter = RepCounter(spec)
    events: list[Event] = []
    for t, v in samples:
        events += counter.update(v, t)
    if finish:
        events += counter.finish(samples[-1][0] + 1)
    return events


def reps_of(events: list[Event]) -> list[RepCompleted]:
    return [e for e in events if isinstance(e, RepCompleted)]


SPEC = RepCounterSpec(direction=1, enter_delta=10.0, exit_delta=4.0)
R = [("rest", 1000)]  # a second at rest


# ------------------------------------------------------------------ table

CASES = [
    # id, motion, spec, expected count, expected range_achieved (approx, per rep) or None
    pytest.param(Motion(R + [("rep", 2000, 40)] * 5 + R), SPEC, 5, [40] * 5, id="five-full-reps"),
    pytest.param(
        Motion(R + [("rep", 2000, 40)] * 5 + R, noise=1.5, seed=3),
        SPEC,
        5,
        [40] * 5,
        id="five-reps-noisy",
    ),
    pytest.param(
        Motion(R + [("rep", 2500, 70), ("rest", 500)] * 4, base=170, direction=-1),
        RepCounterSpec(direction=-1, enter_delta=15, exit_delta=6),
        4,
        [70] * 4,
        id="knee-angle-decreasing",
    ),
    pytest.param(
        Motion(
            R
            + [("ease", 700, 12), ("rest", 500), ("ease", 700, 5), ("rest", 2500)]
            + [("ease", 700, 17), ("rest", 500), ("ease", 700, 0), ("rest", 2500)] * 2
        ),
        SPEC,
        3,
        [12, 12, 17],
        id="settling-higher-after-a-rep",  # back half way and still: a new rest level
    ),
    pytest.param(
        Motion(
            R
            + [("ease", 1000, 40), ("rest", 1000), ("ease", 700, 16), ("rest", 600)]
            + [("ease", 700, 0)]
            + R
        ),
        SPEC,
        1,
        [40],
        id="pausing-on-the-way-down",
    ),
    pytest.param(
        Motion(R + [("ease", 1000, 40), ("ease", 500, 25), ("rest", 3000), ("ease", 800, 0)] + R),
        SPEC,
        1,
        [40],
        id="sagging-top-is-no-return",
    ),
    pytest.param(Motion([("rest", 10_000)], noise=2.5, seed=1), SPEC, 0, [], id="jitter-at-rest"),
    pytest.param(
        Motion(R + [("ramp", 300, 7), ("rest", 1500), ("ramp", 300, 0), ("rest", 1500)] * 3),
        SPEC,
        0,
        [],
        id="small-shifts-below-enter",
    ),
    pytest.param(
        Motion(R + [("ramp", 34, 50), ("rest", 34), ("ramp", 34, 0), ("rest", 900)] * 5),
        SPEC,
        0,
        [],
        id="spikes-shorter-than-min-phase",
    ),
    pytest.param(
        Motion(R + [("rep", 250, 40), ("rest", 700)] * 4),
        RepCounterSpec(direction=1, enter_delta=10, exit_delta=4, min_phase_ms=0),
        0,
        [],
        id="faster-than-min-rep",
    ),
    pytest.param(
        Motion(R + [("ease", 1000, 40), ("rest", 250), ("gap", 600), ("ease", 1000, 0)] + R),
        SPEC,
        # up, 250 ms at the top, 600 ms unseen, then the way down: one rep
        1,
        [40],
        id="short-gap-mid-rep-counted",
    ),
    pytest.param(
        Motion(
            R
            + [("ease", 1000, 40), ("rest", 250), ("gap", 1500), ("ease", 1000, 0)]
            + R
            + [("rep", 2000, 30)]
            + R
        ),
        SPEC,
        # the rep with 1.5 s unseen at its top is abandoned, the next one counts
        1,
        [30],
        id="long-gap-mid-rep-abandoned",
    ),
    pytest.param(
        Motion(R + [("rep", 2000, 30), ("gap", 3000)] + R + [("rep", 2000, 30)] + R),
        SPEC,
        2,
        [30, 30],
        id="long-gap-at-rest-harmless",
    ),
    pytest.param(
        Motion(R + [("ease", 1500, 35), ("rest", 10_000), ("ease", 1500, 0)] + R),
        SPEC,
        1,
        [35],
        id="ten-second-hold-at-the-top",
    ),
    pytest.param(
        Motion(R + [("ramp", 1500, 40), ("rest", 35_000)] + [("rep", 2000, 30)] * 2 + R),
        SPEC,
        # moved to a new position for longer than max_rep_ms: not a rep; reps from there count
        2,
        [30, 30],
        id="new-position-learned-as-rest",
    ),
    pytest.param(
        # after a first rep the patient settles 30 lower; reps from there are measured
        # from the new rest level (a fall before any rep would be a rep opening the input)
        Motion(
            R
            + [("rep", 2000, 20), ("ramp", 1500, -30), ("rest", 1000)]
            + [("rep", 2000, 20)] * 2
            + R
        ),
        SPEC,
        3,
        [20] * 3,
        id="rest-level-drops",
    ),
    pytest.param(
        Motion(([("rest", 1500), ("rep", 2000, 25)] * 6), drift_per_s=0.6, noise=1, seed=5),
        SPEC,
        6,
        None,
        id="slow-drift-at-rest",
    ),
    pytest.param(
        Motion([("rest", 1000), ("ease", 1000, 0)] + R + [("rep", 2000, 40)] * 3 + R, start=40),
        SPEC,
        # the input opens at the top: its return makes it a rep, closed by the edge
        4,
        [40] * 4,
        id="starts-mid-rep",
    ),
    pytest.param(
        # opens at a top held 1 s, back down for only 0.15 s (too short to settle), then
        # the next rep: the brief low was the rest between the two (a brisk patient's bridge;
        # the next rep's range is measured from a rest level learned in 0.15 s: not asserted)
        Motion([("rest", 1000), ("ramp", 400, 0), ("rest", 150), ("rep", 1600, 40)] + R, start=40),
        SPEC,
        2,
        None,
        id="starts-at-a-held-top-and-goes-straight-on",
    ),
    pytest.param(
        # held at the start, a dip of 22 for 0.3 s (someone walking in front of the patient
        # bent the skeleton), then the set's real rep of 70: the dip was no rest between
        # two reps, so the held start was no rep's top (see _EDGE_ALIKE_SHARE)
        Motion(
            [("rest", 1500), ("ramp", 100, -22), ("rest", 100), ("ramp", 100, 0), ("rest", 1700)]
            + [("rep", 3000, 70)]
            + R * 2
        ),
        SPEC,
        1,
        [70],
        id="a-brief-dip-after-a-held-start-unlike-the-next-rep-is-no-rest",
    ),
    pytest.param(
        # opens on the way down (nothing held at the top) and rises straight on: a movement
        # passing by as the input opened, no rep's top, so only the rise counts
        Motion([("ramp", 400, 0), ("rest", 150), ("rep", 1600, 40)] + R, start=40),
        SPEC,
        1,
        [40],
        id="opens-falling-and-rises-straight-on",
    ),
    pytest.param(
        # a seated patient leans forward (the signal falls 40) and stands straight from
        # the lean (+100): the fall was a wind-up, not the return of a rep under way
        # (counted when standing, as sit-to-stand does: complete_at_target)
        Motion([("rest", 300), ("ease", 600, -40), ("rest", 100), ("ease", 1500, 60)] + R * 2),
        dataclasses.replace(SPEC, complete_at_target=True),
        1,
        None,
        id="wind-up-fall-then-rise-is-not-an-opening-rep",
    ),
    pytest.param(
        Motion([("rest", 2000)] + [("rep", 8000, 15), ("rest", 500)] * 3),
        SPEC,
        3,
        [15] * 3,
        id="slow-patient-small-range",
    ),
    pytest.param(
        Motion(R + [("rep", 2000, 40)] * 2 + [("ease", 1000, 40), ("rest", 2000)]),
        SPEC,
        # the input ends at the top of the third rep: not counted
        2,
        [40, 40],
        id="ends-mid-rep-not-counted",
    ),
]


@pytest.mark.parametrize(("motion", "spec", "count", "ranges"), CASES)
def test_rep_table(motion: Motion, spec: RepCounterSpec, count: int, ranges) -> None:
    reps = reps_of(run(spec, motion.samples(30)))
    assert len(reps) == count
    if ranges is not None:
        tolerance = max(3, motion.noise * 2)
        assert [r.range_achieved for r in reps] == pytest.approx(ranges, abs=tolerance)
    for r in reps:
        assert r.start_ms < r.t_ms
        assert r.side is None
        assert r.range_unit == "deg"


@pytest.mark.parametrize(
    ("rep_ms", "count"),
    [
        (450, 4),  # a small brisk rep, out and back in under half a second: counted
        (500, 4),
        (250, 0),  # a quarter of a second: a tracking flip, not a rep
    ],
)
@pytest.mark.parametrize("phase_ms", [0, 33, 67])
def test_brisk_reps_at_10_fps(rep_ms: int, count: int, phase_ms: int) -> None:
    # Whatever the sampling phase of the 10 fps analysis.
    motion = Motion(R + [("rep", rep_ms, 20), ("rest", 1500)] * 4)
    samples = [(t + phase_ms, v) for t, v in motion.samples(10)]
    assert len(reps_of(run(SPEC, samples))) == count


@pytest.mark.parametrize("offset_ms", [0, 40, 80, 120])
def test_brisk_reps_sampled_unevenly(offset_ms: int) -> None:
    # About 10 frames a second picked from a variable-rate source: 105-166 ms apart (the
    # shared squat clip's analysed frames). A half-second rep is 3 frames out, whatever
    # the spacing; a flip of one or two frames out is still no rep.
    steps = [146, 105, 146, 166, 125, 209, 166, 126, 145]
    times, t = [], offset_ms
    while t < 12_000:
        times.append(t)
        t += steps[len(times) % len(steps)]
    for rep_ms, count in ((500, 4), (200, 0)):
        motion = Motion(R + [("rep", rep_ms, 20), ("rest", 1500)] * 4)
        samples = [(t, motion.clean(t)) for t in times if t < motion.duration_ms]
        assert len(reps_of(run(SPEC, samples))) == count, rep_ms


def test_rep_times_and_event_fields() -> None:
    # One raised-cosine rep from 1000 to 3000 ms at 30 fps: it leaves the rest band
    # (> 4) about 1.3 s and is back inside it about 2.7 s.
    events = run(SPEC, Motion(R + [("rep", 2000, 40)] + R).samples(30))
    (rep,) = events
    assert isinstance(rep, RepCompleted)
    assert 1000 <= rep.start_ms <= 1350
    assert 2650 <= rep.t_ms <= 3000
    assert rep.range_achieved == pytest.approx(40, abs=0.5)
    assert rep.range_target is None
    assert rep.short_by == 0.0
    assert not rep.short


@pytest.mark.parametrize(
    ("amps", "target", "short_by"),
    [
        pytest.param([45, 40], 40, [0, 0], id="reached"),
        pytest.param([30, 20, 12], 40, [10, 20, 28], id="partial-range-flagged-short"),
        pytest.param([15], 15.5, [0.5], id="barely-short"),
    ],
)
def test_partial_range_counted_but_short(amps, target, short_by) -> None:
    spec = RepCounterSpec(direction=1, enter_delta=8, exit_delta=3, target=target)
    motion = Motion(R + [seg for a in amps for seg in (("rep", 2000, a), ("rest", 500))])
    reps = reps_of(run(spec, motion.samples(30)))
    assert len(reps) == len(amps)
    assert [r.short_by for r in reps] == pytest.approx(short_by, abs=0.05)
    assert all(r.range_target == target for r in reps)
    assert [r.short for r in reps] == [s > 0 for s in short_by]


def test_level_target_reports_peak_level() -> None:
    # Knee angle from 170 down to 90 (reached) and to 110 (20 short of 90).
    spec = RepCounterSpec(
        direction=-1, enter_delta=15, exit_delta=6, target=90, target_kind="level"
    )
    motion = Motion(
        R + [("rep", 2500, 80), ("rest", 500), ("rep", 2500, 60)] + R, base=170, direction=-1
    )
    reps = reps_of(run(spec, motion.samples(30)))
    assert [r.range_achieved for r in reps] == pytest.approx([90, 110], abs=0.2)
    assert [r.short_by for r in reps] == pytest.approx([0, 20], abs=0.2)


def test_side_label_and_unit() -> None:
    spec = RepCounterSpec(direction=1, enter_delta=0.05, exit_delta=0.02, unit="body")
    counter = RepCounter(spec, side="left")
    events: list[Event] = []
    for t, v in Motion(R + [("rep", 2000, 0.2)] + R).samples(30):
        events += counter.update(v, t)
    (rep,) = events
    assert isinstance(rep, RepCompleted)
    assert rep.side == "left" and rep.range_unit == "body"


def test_overlay_state() -> None:
    counter = RepCounter(SPEC)
    assert counter.phase == "rest" and counter.excursion is None and counter.baseline is None
    counter.update(100.0, 0)
    assert counter.baseline == 100.0 and counter.excursion == 0.0
    counter.update(120.0, 33)
    assert counter.phase == "moving" and counter.excursion == pytest.approx(20)
    counter.update(None, 66)
    assert counter.phase == "moving" and counter.excursion is None
    counter.update(125.0, 100)
    assert counter.excursion == pytest.approx(25) and counter.baseline == 100.0


def test_none_never_changes_state() -> None:
    counter = RepCounter(SPEC)
    counter.update(0.0, 0)
    counter.update(30.0, 100)
    for t in range(133, 1000, 33):  # under max_gap_ms
        assert counter.update(None, t) == []
        assert counter.phase == "moving"


def test_finish_drops_rep_in_progress_and_resets() -> None:
    counter = RepCounter(SPEC)
    counter.update(0.0, 0)
    counter.update(30.0, 500)
    assert counter.finish(600) == []
    assert counter.phase == "rest" and counter.baseline is None


@pytest.mark.parametrize(
    "last_values, counted",
    [
        # The input ends on the return, 100 ms apart (SPEC: rest 0, exit 4).
        ((40, 24, 12), True),  # falling fast: one more step is back at rest
        ((40, 30, 20), False),  # still half way out
        ((40, 16, 14), False),  # back near rest but slowly: no return under way
        ((40, 40, 40), False),  # held at the top
        ((40, 20), False),  # out for 0.1 s: too brief to be a rep (min_phase_ms)
    ],
)
def test_finish_counts_a_rep_cut_short_on_its_brisk_return(
    last_values: tuple[float, ...], counted: bool
) -> None:
    counter = RepCounter(SPEC)
    for i in range(10):
        counter.update(0.0, 100 * i)
    t = 1000
    for v in last_values:
        t += 100
        counter.update(float(v), t)
    events = counter.finish(t)
    assert [e.t_ms for e in events if isinstance(e, RepCompleted)] == ([t] if counted else [])


@pytest.mark.parametrize("t_next", [100, 50])
def test_time_must_increase(t_next: int) -> None:
    counter = RepCounter(SPEC)
    counter.update(0.0, 100)
    with pytest.raises(ValueError, match="t_ms must increase"):
        counter.update(1.0, t_next)


def test_non_finite_value_rejected() -> None:
    with pytest.raises(ValueError, match="finite number or None"):
        RepCounter(SPEC).update(float("nan"), 0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"direction": 0}, "direction must be"),
        ({"direction": 2}, "direction must be"),
        ({"enter_delta": 0}, r"enter_delta must be a finite number > 0"),
        ({"enter_delta": float("inf")}, "enter_delta must be"),
        ({"exit_delta": -1}, r"exit_delta must be in \[0, enter_delta=10"),
        ({"exit_delta": 10}, r"exit_delta must be in \[0, enter_delta=10"),
        ({"min_phase_ms": -1}, "min_phase_ms must be a number of ms >= 0"),
        ({"min_rep_ms": -5}, "min_rep_ms must be"),
        ({"max_gap_ms": 50}, r"max_gap_ms must be a number of ms >= 100"),
        ({"max_rep_ms": 300}, "max_rep_ms must be a number of ms > min_rep_ms=350"),
        ({"baseline_window_ms": 0}, "baseline_window_ms must be a number of ms > 0"),
        ({"target": 0}, "target must be None or a finite excursion > 0"),
        ({"target": float("nan"), "target_kind": "level"}, "target must be None or a finite"),
        ({"target_kind": "peak"}, "target_kind must be 'excursion' or 'level'"),
        ({"unit": ""}, "unit must be a non-empty string"),
        ({"enter_delta": "10"}, "enter_delta must be a finite number > 0"),
        ({"rest_level": float("inf")}, "rest_level must be None or a finite level"),
    ],
)
def test_spec_validation(kwargs: dict, message: str) -> None:
    base = {"direction": 1, "enter_delta": 10.0, "exit_delta": 4.0}
    with pytest.raises(ValueError, match=message):
        RepCounterSpec(**{**base, **kwargs})


def test_level_target_may_be_any_number() -> None:
    RepCounterSpec(direction=-1, enter_delta=10, exit_delta=4, target=-5, target_kind="level")


# ------------------------------------------------------------------ properties

values = st.one_of(st.none(), st.floats(-60, 60, allow_nan=False))
steps = st.integers(1, 400)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(steps, values), min_size=1, max_size=300))
def test_count_never_decreases_and_past_is_never_rewritten(frames) -> None:
    t = 0
    samples = []
    for dt, v in frames:
        t += dt
        samples.append((t, v))
    counter = RepCounter(SPEC)
    emitted: list[list[Event]] = []
    count = 0
    for t, v in samples:
        out = counter.update(v, t)
        emitted.append(out)
        new_count = count + len(reps_of(out))
        assert new_count >= count
        count = new_count
    # causality: a fresh counter fed only a prefix emits exactly what the full run had
    # emitted by then
    k = len(samples) // 2
    prefix = RepCounter(SPEC)
    assert [e for t, v in samples[:k] for e in prefix.update(v, t)] == [
        e for out in emitted[:k] for e in out
    ]


rep_plans = st.lists(
    st.tuples(st.integers(1500, 4000), st.floats(25, 60), st.integers(0, 1500)),
    min_size=0,
    max_size=6,
)


def plan_motion(plan, **kwargs) -> Motion:
    segments: list[tuple] = [("rest", 1000)]
    for period, amp, rest in plan:
        segments.append(("rep", period, amp))
        if rest:
            segments.append(("rest", rest))
    segments.append(("rest", 1000))
    return Motion(segments, **kwargs)


@settings(max_examples=40, deadline=None)
@given(
    plan=rep_plans,
    jitter_share=st.floats(0.0, 0.95),
    seed=st.integers(0, 2**16),
    fps=st.sampled_from([10, 15, 24, 30, 60]),
)
def test_jitter_inside_band_adds_no_reps(plan, jitter_share, seed, fps) -> None:
    # jitter of peak-to-peak amplitude below the band (enter - exit) can neither start a rep
    # at rest nor split one in two
    band = SPEC.enter_delta - SPEC.exit_delta
    noise = jitter_share * band / 2
    reps = reps_of(run(SPEC, plan_motion(plan, noise=noise, seed=seed).samples(fps)))
    assert len(reps) == len(plan)


@settings(max_examples=40, deadline=None)
@given(
    duration_ms=st.integers(1000, 20_000),
    jitter_share=st.floats(0.0, 0.99),
    level=st.floats(-200, 200),
    seed=st.integers(0, 2**16),
)
def test_jitter_at_rest_adds_no_reps(duration_ms, jitter_share, level, seed) -> None:
    noise = jitter_share * SPEC.enter_delta / 2
    motion = Motion([("rest", duration_ms)], base=level, noise=noise, seed=seed)
    assert reps_of(run(SPEC, motion.samples(30))) == []


@settings(max_examples=30, deadline=None)
@given(plan=rep_plans)
def test_same_count_at_any_frame_rate(plan) -> None:
    motion = plan_motion(plan)
    counts = {fps: len(reps_of(run(SPEC, motion.samples(fps)))) for fps in (10, 15, 24, 30, 60)}
    assert set(counts.values()) == {len(plan)}, counts


def test_ntsc_frame_rate() -> None:
    # 29.97 fps is not 30: times come from the float fps
    motion = plan_motion([(2000, 40, 500)] * 4)
    assert len(reps_of(run(SPEC, motion.samples(29.97)))) == 4


def test_core_imports_neither_cv2_nor_mediapipe() -> None:
    # the pure core must run where OpenCV and MediaPipe are not installed (CI, reports)
    code = (
        "import sys, posecount.counting, posecount.features; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('cv2', 'mediapipe')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------ opt-in variants


def test_fixed_rest_level_for_alternating_movement() -> None:
    # knee rolls from side to side with no pause in the middle: right = +, left = -
    swing = [("ease", 800, 35), ("ease", 1600, -35), ("ease", 800, 0)]
    motion = Motion(R + swing * 3 + R)
    right = RepCounterSpec(direction=1, enter_delta=20, exit_delta=10, rest_level=0.0)
    left = RepCounterSpec(direction=-1, enter_delta=20, exit_delta=10, rest_level=0.0)
    for spec in (right, left):
        reps = reps_of(run(spec, motion.samples(30)))
        assert len(reps) == 3
        assert [r.range_achieved for r in reps] == pytest.approx([35] * 3, abs=0.5)
    counter = RepCounter(right)
    assert counter.baseline == 0.0
    counter.update(3.0, 0)
    assert counter.baseline == 0.0 and counter.excursion == 3.0


def test_a_rep_under_way_at_the_start_counts_from_the_edge_once_back_at_rest() -> None:
    spec = RepCounterSpec(direction=1, enter_delta=20, exit_delta=10, rest_level=0.0)
    motion = Motion([("rest", 1000), ("ease", 1000, 0)] + R + [("rep", 2000, 40)] + R, start=40)
    reps = reps_of(run(spec, motion.samples(30)))
    assert len(reps) == 2
    assert reps[0].start_ms == 0 and reps[0].range_achieved == pytest.approx(40, abs=0.5)


@pytest.mark.parametrize(("start_allowed", "reps"), [(True, 2), (False, 1)])
def test_a_rep_under_way_at_the_start_counts_only_if_it_returns_to_a_start(
    start_allowed: bool, reps: int
) -> None:
    # A wall press-up opening with the elbows bent falls to a rest: counted if that rest
    # is one a rep may start from (palms on the wall), not if it is the arms hanging.
    spec = RepCounterSpec(direction=1, enter_delta=20, exit_delta=10, rest_level=0.0)
    motion = Motion([("rest", 1000), ("ease", 1000, 0)] + R + [("rep", 2000, 40)] + R, start=40)
    counter = RepCounter(spec)
    events: list[Event] = []
    for t, v in motion.samples(30):
        counter.allow_start(start_allowed or t > 2500)
        events += counter.update(v, t)
    assert len(reps_of(events)) == reps


def test_held_away_from_rest_the_whole_time_is_no_rep() -> None:
    # knees left on one side for the whole input (a static twist stretch): never back
    spec = RepCounterSpec(direction=1, enter_delta=20, exit_delta=10, rest_level=0.0)
    assert reps_of(run(spec, Motion([("rest", 10_000)], start=50).samples(30))) == []


@pytest.mark.parametrize(
    ("target_kind", "target", "count_times_s", "short_by"),
    [
        # sit-to-stand: seated at 90, one stand to 175 then walks off (never sits again);
        # counted once, as soon as upright (170 = 80 above seated is reached at 3.19 s)
        pytest.param("level", 170, [3.19], [0.0], id="level-reached-then-walks-off"),
        pytest.param("excursion", 80, [3.19], [0.0], id="excursion-reached"),
    ],
)
def test_complete_at_target(target_kind, target, count_times_s, short_by) -> None:
    spec = RepCounterSpec(
        direction=1,
        enter_delta=30,
        exit_delta=15,
        target=target,
        target_kind=target_kind,
        complete_at_target=True,
        max_rep_ms=600_000,
    )
    motion = Motion([("rest", 1500), ("ease", 2000, 85), ("rest", 8000)], base=90)
    reps = reps_of(run(spec, motion.samples(30)))
    assert [r.t_ms / 1000 for r in reps] == pytest.approx(count_times_s, abs=0.05)
    assert [r.short_by for r in reps] == pytest.approx(short_by)


def test_complete_at_target_counts_once_and_short_rises_on_return() -> None:
    spec = RepCounterSpec(
        direction=1, enter_delta=30, exit_delta=15, target=80, complete_at_target=True
    )
    # a full stand and sit, then a rise that turns back at 50
    motion = Motion(R + [("rep", 4000, 85), ("rest", 1000), ("rep", 3000, 50)] + R, base=90)
    reps = reps_of(run(spec, motion.samples(30)))
    assert len(reps) == 2
    first, second = reps
    assert first.t_ms < 1000 + 2000  # before the top of the first stand
    assert first.short_by == 0.0
    assert second.short_by == pytest.approx(30, abs=0.5)
    assert second.t_ms > 6000 + 1500  # on the way back down


def test_complete_at_target_without_target_counts_once_confirmed() -> None:
    spec = RepCounterSpec(direction=1, enter_delta=30, exit_delta=15, complete_at_target=True)
    # out past 30 at 1.81 s; confirmed 200 ms (min_phase_ms) later
    motion = Motion(R + [("ease", 2000, 85), ("rest", 5000)], base=90)
    (rep,) = reps_of(run(spec, motion.samples(30)))
    assert rep.t_ms / 1000 == pytest.approx(1.81 + 0.2, abs=0.04)
    assert rep.short_by == 0.0 and rep.range_target is None


@pytest.mark.parametrize(("second_seat_deg", "count"), [(90, 3), (110, 3), (125, 3)])
def test_stands_from_a_seat_taken_further_forward_each_time(
    second_seat_deg: float, count: int
) -> None:
    # A stand counts when upright; sitting down again perched further forward reads 20-35
    # degrees straighter than the first seat, more than exit_delta from it: that seat,
    # once still, is where the next stand starts from.
    spec = RepCounterSpec(
        direction=1,
        enter_delta=30,
        exit_delta=15,
        target=160,
        target_kind="level",
        complete_at_target=True,
    )
    stand = [("ease", 1000, 80), ("rest", 1500)]
    motion = Motion(
        [("rest", 1500)]
        + stand
        + [("ease", 1000, second_seat_deg - 90), ("rest", 1500)]
        + stand
        + [("ease", 1000, second_seat_deg - 90), ("rest", 1500)]
        + stand,
        base=90,
    )
    counter = RepCounter(spec)
    events: list[Event] = []
    for t, v in motion.samples(10):
        assert v is not None
        counter.allow_start(v < 130)  # seated
        events += counter.update(v, t)
    assert len(reps_of(events)) == count


def test_input_that_opens_standing_had_its_stand_before_it() -> None:
    # Counted at its far end, a stand whose rise was not seen is not counted when the
    # patient sits down (nor after tracking is regained mid-walk and the counters restart).
    spec = RepCounterSpec(
        direction=1,
        enter_delta=30,
        exit_delta=15,
        target=160,
        target_kind="level",
        complete_at_target=True,
    )
    motion = Motion(
        [("rest", 2000), ("ease", 1000, -80), ("rest", 2000), ("ease", 1000, 0), ("rest", 2000)],
        base=170,
    )
    stands = reps_of(run(spec, motion.samples(10)))
    assert [round(r.t_ms / 1000) for r in stands] == [6]  # only the stand after the seat


def test_a_person_crossing_a_held_child_pose_adds_no_rep() -> None:
    # The real track (MediaPipe lite) of the shared child's pose with a real person walked
    # across in front of it at 1.5-2.2 s (benchmarks/robustness.py, crossing), cut at 12 s:
    # the hip angle opens 22 degrees for 0.3 s, then the sit back closes it about 70.
    track = Path(__file__).parent / "data" / "crossing_child_pose_12s_lite.posetrack.jsonl"
    analyzer = Analyzer(get_exercise("bottom-to-heels"), resolve_prescription("bottom-to-heels"))
    events = analyzer.run(list(TrackReader(track)))
    assert not [e for e in events if isinstance(e, RepCompleted)]
