"""The exercises end to end on synthetic sequences: counts, range flags, holds, sides,
frame-rate independence and input that opens or ends mid-rep.

Every case drives the full Analyzer (posture gate included) and folds the events with
`summarize`, as a session does; expectations come from the generator's ground truth and
from what the exercise means clinically.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posecount.exercises.registry import get_exercise
from posecount.prescription import resolve_prescription
from posecount.session.analysis import Analyzer
from posecount.session.summary import summarize
from posecount.synthetic import Truth, generate_with_truth
from posecount.types import Event, HoldEnded, HoldStarted, PoseFrame, RepCompleted

# Where each exercise's leaflet puts the camera: side-on, except single-leg stance (facing
# the person, both feet in view). Knee rolls are also filmed from the feet (see below).
VIEW = {
    "bridge": "side-left",
    "squat": "side-left",
    "sit-to-stand": "side-left",
    "knee-rolls": "side-left",
    "single-leg-stance": "front",
}
# Single-leg stance is a hold exercise (a rep is a timed balance on one leg): its sequences
# hold the leaflet's 5 s at the top.
EXTRA: dict[str, dict[str, Any]] = {"single-leg-stance": {"hold_s": 5.0}}
REP_EXERCISES = ("bridge", "squat", "sit-to-stand", "knee-rolls")

KNEE_ROLLS_FRONT_BUG = (
    "posture check reads a hook-lying body filmed from the feet as 'sitting' (torso incline "
    "is taken in the image, where the body's long axis points at the camera), so knee "
    "rolls filmed from the recommended position are never counted"
)


def synth(exercise: str, **kw: Any) -> tuple[list[PoseFrame], Truth]:
    args: dict[str, Any] = {"view": VIEW[exercise], **EXTRA.get(exercise, {}), **kw}
    return generate_with_truth(exercise, **args)


def analyse(exercise: str, frames: list[PoseFrame]) -> tuple[list[Event], dict[str, Any]]:
    ex = get_exercise(exercise)
    prescription = resolve_prescription(exercise)
    events = Analyzer(ex, prescription).run(frames)
    duration_s = (frames[-1].t_ms - frames[0].t_ms) / 1000 if frames else 0.0
    return events, summarize(events, ex.spec, prescription, duration_s=duration_s)


def reps_of(events: list[Event]) -> list[RepCompleted]:
    return [e for e in events if isinstance(e, RepCompleted)]


def holds_of(events: list[Event]) -> list[HoldEnded]:
    return [e for e in events if isinstance(e, HoldEnded)]


def rebase(frames: list[PoseFrame], t0_ms: int) -> list[PoseFrame]:
    """Frames from t0_ms on, with time re-based so the first one is at 0."""
    return [
        PoseFrame(f.t_ms - t0_ms, f.landmarks, f.world_m, f.frame_size_px)
        for f in frames
        if f.t_ms >= t0_ms
    ]


def concat(*parts: list[PoseFrame], fps: float = 30.0) -> list[PoseFrame]:
    """Sequences one after another, each shifted to start a frame after the previous ends."""
    out: list[PoseFrame] = []
    for part in parts:
        shift = 0 if not out else out[-1].t_ms + round(1000 / fps) - part[0].t_ms
        out += [PoseFrame(f.t_ms + shift, f.landmarks, f.world_m, f.frame_size_px) for f in part]
    return out


# ---------------------------------------------------------------- full range


FULL_RANGE = [
    ("bridge", "side-left", 3),
    ("bridge", "side-right", 3),
    ("squat", "side-left", 4),
    ("squat", "side-right", 3),
    ("sit-to-stand", "side-left", 3),
    ("sit-to-stand", "side-right", 3),
    # A laptop on a table facing the chair: the picture's angles barely change, the world
    # angles measure the stand (the view is decided from the pose, see features/view.py).
    ("sit-to-stand", "front", 3),
    ("squat", "front", 3),
    ("knee-rolls", "side-left", 4),
    ("knee-rolls", "side-right", 4),
    # From the feet is where the spec asks for the camera ("at your feet looking along
    # your body"): the knees are seen best there.
    pytest.param(
        "knee-rolls",
        "front",
        4,
        id="knee-rolls-front",
    ),
    ("single-leg-stance", "front", 3),
]


@pytest.mark.parametrize("exercise, view, reps", FULL_RANGE)
def test_full_range_reps_are_counted_and_reach_the_target(
    exercise: str, view: str, reps: int
) -> None:
    frames, truth = synth(exercise, reps=reps, view=view)
    events, summary = analyse(exercise, frames)
    assert summary["reps"] == truth.count == reps
    assert summary["reps_short_of_target"] == 0
    assert not any("short of the range target" in f for f in summary["flags"])
    # A rep is reported within the movement it belongs to: not before it starts, and
    # by the time the body is back at rest.
    if exercise in REP_EXERCISES:
        got = reps_of(events)
        assert len(got) == reps
        for rep, true in zip(got, truth.reps, strict=True):
            assert true.start_ms <= rep.t_ms <= true.end_ms
            assert rep.side == true.side


# ---------------------------------------------------------------- partial and tiny range


PARTIAL_RANGE = [
    # The bridge target (160 deg at the hip) sits about half-way between the floor angle
    # (~141 deg) and the straight line (~179 deg), so a half bridge reaches it; 0.45 is a
    # bridge that stops a little short of it and still lifts the hips well clear (17 deg).
    ("bridge", 0.45),
    ("squat", 0.5),
    ("squat", 0.6),
    ("sit-to-stand", 0.6),
    ("knee-rolls", 0.5),
    ("knee-rolls", 0.6),
]


@pytest.mark.parametrize("exercise, range_frac", PARTIAL_RANGE)
def test_partial_range_reps_count_but_are_flagged_short(exercise: str, range_frac: float) -> None:
    # A patient who stops where it is comfortable still does deliberate reps: they count,
    # and each is reported short of the prescribed range.
    frames, truth = synth(exercise, reps=3, range_frac=range_frac)
    events, summary = analyse(exercise, frames)
    assert summary["reps"] == truth.count == 3
    assert summary["reps_short_of_target"] == 3
    assert all(r.short_by > 0 and r.range_target is not None for r in reps_of(events))
    assert any(f.startswith("3 of 3 reps short of the range target") for f in summary["flags"])
    for side, counts in summary["sides"].items():
        assert counts["reps_short_of_target"] == counts["reps"], side


@pytest.mark.parametrize("exercise", sorted(VIEW))
def test_a_tiny_shift_at_rest_is_not_a_rep(exercise: str) -> None:
    # A tenth of the movement is a shift while resting (settling on the mat, weight
    # moving between the feet), not a rep and not a hold.
    frames, _ = synth(exercise, reps=3, range_frac=0.1)
    events, summary = analyse(exercise, frames)
    assert summary["reps"] == 0
    assert reps_of(events) == [] and holds_of(events) == []


# ---------------------------------------------------------------- noise and dropout


NOISY = [
    (exercise, noise_px, dropout, seed)
    for exercise in sorted(VIEW)
    for noise_px, dropout, seed in [(2.0, 0.0, 0), (3.0, 0.0, 1), (0.0, 0.05, 2), (2.0, 0.05, 3)]
]


@pytest.mark.parametrize("exercise, noise_px, dropout, seed", NOISY)
def test_jitter_and_dropouts_do_not_change_the_count(
    exercise: str, noise_px: float, dropout: float, seed: int
) -> None:
    frames, truth = synth(exercise, reps=2, noise_px=noise_px, dropout=dropout, seed=seed)
    _, summary = analyse(exercise, frames)
    assert summary["reps"] == truth.count == 2
    assert summary["reps_short_of_target"] == 0


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    exercise=st.sampled_from(sorted(VIEW)),
    noise_px=st.floats(0.0, 3.0),
    seed=st.integers(0, 2**20),
)
def test_property_jitter_and_brief_dropouts_never_change_the_count(
    exercise: str, noise_px: float, seed: int
) -> None:
    # Jitter of up to 3 px and 5% of frames lost in short bursts (mean 0.1 s, far below
    # the 1 s a rep may go unseen) leave the count as generated.
    frames, truth = synth(
        exercise, reps=2, noise_px=noise_px, dropout=0.05, dropout_burst_s=0.1, seed=seed
    )
    _, summary = analyse(exercise, frames)
    assert summary["reps"] == truth.count


# ---------------------------------------------------------------- bridge holds


SLOW_LOWERING_BUG = (
    "known limitation: a hold is timed from where the rise becomes still to where the "
    "lowering leaves a 6 deg band, so a very slow, eased rise and lowering (3 s each way) "
    "add ~0.6 s at each end: a 5 s hold at tempo 6 is reported as ~6.2 s"
)


@pytest.mark.parametrize(
    "hold_s, tempo_s, noise_px, seed",
    [
        (5.0, 4.0, 0.0, 0),
        (5.0, 4.0, 2.0, 4),
        (3.0, 4.0, 0.0, 0),  # the catalogue's prescribed hold
        (5.0, 3.0, 3.0, 5),
        # The leaflet asks to lower slowly: 3 s down is a slow but ordinary lowering.
        pytest.param(
            5.0,
            6.0,
            0.0,
            0,
            marks=pytest.mark.xfail(strict=True, reason=SLOW_LOWERING_BUG),
            id="slow-lowering",
        ),
    ],
)
def test_bridge_holds_at_the_top_are_timed(
    hold_s: float, tempo_s: float, noise_px: float, seed: int
) -> None:
    frames, truth = synth(
        "bridge", reps=3, hold_s=hold_s, tempo_s=tempo_s, noise_px=noise_px, seed=seed
    )
    events, summary = analyse("bridge", frames)
    assert summary["reps"] == 3
    # The hold is "near the top and held still": it may take in the slow ends of the lift
    # and the lowering, but not more than a second of them.
    assert len(summary["holds_s"]) == 3
    assert all(abs(h - hold_s) <= 1.0 for h in summary["holds_s"]), summary["holds_s"]
    ended = holds_of(events)
    started = [e for e in events if isinstance(e, HoldStarted)]
    assert not any(h.closed_by_edge for h in ended)
    # Each hold lies inside its own rep.
    for start, end, true in zip(started, ended, truth.reps, strict=True):
        assert true.start_ms <= start.t_ms < end.t_ms <= true.end_ms
    prescribed = resolve_prescription("bridge").hold_s
    if prescribed is not None and hold_s >= prescribed:
        assert summary["achieved"]["holds_reaching_prescribed"] == 3


# ---------------------------------------------------------------- single-leg stance


@pytest.mark.parametrize(
    "hold_s, tempo_s, reps, alternate, expected",
    [
        (5.0, 1.0, 4, True, 4),  # the leaflet: 5 s on one leg, then the other
        (5.0, 1.0, 3, False, 3),
        (1.5, 0.6, 2, True, 2),  # short but real balances
        (10.0, 1.0, 2, True, 2),
        # Foot off the floor for under 0.9 s: a stumble, not a balance hold.
        (0.3, 0.6, 2, True, 0),
    ],
)
def test_single_leg_stance_reps_are_holds_of_a_second_or_more(
    hold_s: float, tempo_s: float, reps: int, alternate: bool, expected: int
) -> None:
    frames, _ = synth(
        "single-leg-stance", reps=reps, hold_s=hold_s, tempo_s=tempo_s, alternate=alternate
    )
    events, summary = analyse("single-leg-stance", frames)
    assert summary["reps"] == expected == len(summary["holds_s"])
    # Timed from lift-off to touchdown: at least the time at the top, at most that plus
    # the lift and the lowering.
    for h in summary["holds_s"]:
        assert h >= 1.0
        assert hold_s <= h <= hold_s + tempo_s
    per_side = [summary["sides"][s]["reps"] for s in ("left", "right")]
    assert sum(per_side) == expected
    if alternate and reps % 2 == 0:
        assert per_side == [expected // 2, expected // 2]
    else:
        assert expected == 0 or 0 in per_side  # all on one leg
    assert not reps_of(events)


def test_single_leg_stance_a_stumble_among_holds_is_not_a_rep() -> None:
    stumble, _ = synth("single-leg-stance", reps=1, hold_s=0.3, tempo_s=0.6)
    hold, _ = synth("single-leg-stance", reps=2, hold_s=5.0, tempo_s=1.0, alternate=True)
    frames = concat(hold, stumble)
    _, summary = analyse("single-leg-stance", frames)
    assert summary["reps"] == 2
    assert all(h >= 5.0 for h in summary["holds_s"])


STANCE_LEG_BUG = (
    "single-leg-stance labels each hold by the LIFTED foot (timers keyed on "
    "'<side>_foot_lift'), while the generator, labels.csv ('a hold on the left leg (right "
    "foot never touches the floor)') and the leaflet's 'each leg' mean the STANCE leg: "
    "sides['left'] counts holds standing on the right leg"
)


@pytest.mark.parametrize(
    "side, alternate, reps",
    [("left", False, 3), ("right", False, 2), ("left", True, 3)],
)
def test_single_leg_stance_holds_are_labelled_by_the_stance_leg(
    side: str, alternate: bool, reps: int
) -> None:
    frames, truth = synth(
        "single-leg-stance", reps=reps, hold_s=5.0, tempo_s=1.0, side=side, alternate=alternate
    )
    events, summary = analyse("single-leg-stance", frames)
    expected = Counter(r.side for r in truth.reps)
    assert {s: summary["sides"][s]["reps"] for s in ("left", "right")} == {
        "left": expected["left"],
        "right": expected["right"],
    }
    assert [h.side for h in holds_of(events)] == [r.side for r in truth.reps]


# ---------------------------------------------------------------- knee rolls: sides


@pytest.mark.parametrize(
    "view, sides, reps",
    [
        ("side-left", "alternate", 4),
        ("side-left", "alternate", 5),
        ("side-right", "alternate", 4),
        ("side-left", "right", 3),
        ("side-left", "left", 2),
        ("side-left", ("left", "left", "right"), 6),
        pytest.param(
            "front",
            "alternate",
            4,
            id="front-alternate",
        ),
    ],
)
def test_knee_rolls_are_counted_per_side(view: str, sides: Any, reps: int) -> None:
    frames, truth = synth("knee-rolls", reps=reps, view=view, sides=sides)
    events, summary = analyse("knee-rolls", frames)
    expected = Counter(r.side for r in truth.reps)
    assert summary["reps"] == reps
    assert summary["sides"]["left"]["reps"] == expected["left"]
    assert summary["sides"]["right"]["reps"] == expected["right"]
    assert [r.side for r in reps_of(events)] == [r.side for r in truth.reps]
    assert "asymmetry" in summary
    if expected["left"] and expected["right"]:
        # The generated roll goes equally far to both sides.
        assert summary["asymmetry"] is not None and summary["asymmetry"] <= 2.0
    else:
        assert summary["asymmetry"] is None


# ---------------------------------------------------------------- sit-to-stand timing


@pytest.mark.parametrize(
    "view, noise_px, seed",
    [("side-left", 0.0, 0), ("side-right", 0.0, 0), ("side-left", 2.0, 7)],
)
def test_sit_to_stand_counts_at_full_standing(view: str, noise_px: float, seed: int) -> None:
    # The stand counts the moment the person is upright: late in the rise (full standing
    # comes at the end of it), never after sitting back down has begun.
    frames, truth = synth("sit-to-stand", reps=3, view=view, noise_px=noise_px, seed=seed)
    events, _ = analyse("sit-to-stand", frames)
    got = reps_of(events)
    assert len(got) == 3
    for rep, true in zip(got, truth.reps, strict=True):
        assert true.start_ms + (true.peak_ms - true.start_ms) / 2 <= rep.t_ms <= true.peak_ms
        assert not rep.short


def test_sit_to_stand_a_stand_then_walk_off_counts() -> None:
    # The clip ends with the person still standing (they walked off): the stand is a rep.
    frames, truth = synth("sit-to-stand", reps=1, hold_s=4.0)
    cut = truth.holds[0].start_s * 1000 + 1500
    _, summary = analyse("sit-to-stand", [f for f in frames if f.t_ms <= cut])
    assert summary["reps"] == 1 and summary["reps_short_of_target"] == 0


def test_sit_to_stand_a_rise_that_turns_back_counts_short_on_its_return() -> None:
    frames, truth = synth("sit-to-stand", reps=2, range_frac=0.6)
    events, summary = analyse("sit-to-stand", frames)
    assert summary["reps"] == 2 and summary["reps_short_of_target"] == 2
    for rep, true in zip(reps_of(events), truth.reps, strict=True):
        assert true.peak_ms < rep.t_ms <= true.end_ms  # counted once back down


# ---------------------------------------------------------------- frame rate


FPS = (10.0, 15.0, 24.0, 30.0, 60.0)


@pytest.mark.parametrize("fps", FPS)
@pytest.mark.parametrize("exercise", ["bridge", "sit-to-stand", "single-leg-stance"])
def test_the_count_does_not_depend_on_the_frame_rate(exercise: str, fps: float) -> None:
    # Webcams run at 10-60 fps; thresholds are in ms and degrees, never in frames.
    frames, truth = synth(exercise, reps=2, fps=fps)
    _, summary = analyse(exercise, frames)
    assert summary["reps"] == truth.count == 2
    assert summary["reps_short_of_target"] == 0


@settings(max_examples=8, deadline=None, derandomize=True)
@given(
    exercise=st.sampled_from(["bridge", "squat", "knee-rolls"]),
    fps=st.floats(10.0, 60.0),
)
def test_property_count_and_hold_do_not_depend_on_the_frame_rate(exercise: str, fps: float) -> None:
    hold_s = 3.0 if exercise == "bridge" else 0.0
    frames, truth = synth(exercise, reps=2, fps=fps, hold_s=hold_s)
    _, summary = analyse(exercise, frames)
    assert summary["reps"] == truth.count
    if hold_s:
        assert len(summary["holds_s"]) == 2
        assert all(abs(h - hold_s) <= 1.0 for h in summary["holds_s"])


# ---------------------------------------------------------------- input edges


def _open_mid_hold(tempo_s: float = 4.0) -> tuple[list[PoseFrame], Truth, int]:
    """A bridge recording that starts one second into the first rep's 4 s hold."""
    frames, truth = synth("bridge", reps=2, hold_s=4.0, tempo_s=tempo_s)
    cut = round(truth.holds[0].start_s * 1000) + 1000
    return rebase(frames, cut), truth, cut


@pytest.mark.parametrize("tempo_s", [2.0, 4.0])
def test_bridge_opening_at_the_top_counts_that_rep_and_its_hold(tempo_s: float) -> None:
    frames, truth, cut = _open_mid_hold(tempo_s)
    events, summary = analyse("bridge", frames)
    assert summary["reps"] == 2
    first = reps_of(events)[0]
    assert first.start_ms == 0 and not first.short
    # Reported once the return is seen, not before.
    assert first.t_ms >= truth.holds[0].end_s * 1000 - cut
    ended = holds_of(events)
    assert len(ended) == 2
    assert [h.closed_by_edge for h in ended] == [True, False]
    assert next(e for e in events if isinstance(e, HoldStarted)).t_ms == 0
    # It was held for at least the rest of the generated hold, and ended before the
    # hips were back down.
    remaining_s = truth.holds[0].end_s - cut / 1000
    assert remaining_s <= ended[0].hold_s <= remaining_s + tempo_s / 2
    assert summary["holds_s"][0] == pytest.approx(ended[0].hold_s, abs=0.01)


def test_bridge_opening_hold_ends_where_a_complete_hold_would() -> None:
    frames, truth, cut = _open_mid_hold()
    events, _ = analyse("bridge", frames)
    edge, whole = holds_of(events)
    # Same motion, same criterion: both end the same time after the generated hold ends.
    edge_lag = edge.t_ms - (truth.holds[0].end_s * 1000 - cut)
    whole_lag = whole.t_ms - (truth.holds[1].end_s * 1000 - cut)
    assert abs(edge_lag - whole_lag) <= 100


def test_bridge_cut_in_the_middle_of_a_hold_reports_it_closed_by_the_edge() -> None:
    frames, truth = synth("bridge", reps=2, hold_s=4.0)
    cut = round(truth.holds[1].start_s * 1000) + 3000
    frames = [f for f in frames if f.t_ms <= cut]
    events, summary = analyse("bridge", frames)
    # The second rep's return is never seen: it is not a rep, but its hold was real.
    assert summary["reps"] == 1
    ended = holds_of(events)
    assert [h.closed_by_edge for h in ended] == [False, True]
    assert ended[-1].t_ms == frames[-1].t_ms
    assert abs(ended[-1].hold_s - 3.0) <= 1.0


def test_single_leg_stance_one_hold_filling_the_clip() -> None:
    # As in the tree-pose sample: on one leg from the first frame to the last.
    frames, truth = synth("single-leg-stance", reps=1, hold_s=14.0, tempo_s=1.0)
    start = round(truth.holds[0].start_s * 1000) + 1000
    clip = [f for f in rebase(frames, start) if f.t_ms <= 12_000]
    events, summary = analyse("single-leg-stance", clip)
    assert summary["reps"] == 1
    (hold,) = holds_of(events)
    assert hold.closed_by_edge
    assert hold.hold_s == pytest.approx(12.0, abs=0.1)
