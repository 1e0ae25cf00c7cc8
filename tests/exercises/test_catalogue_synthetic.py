"""The leaflet catalogue's measured exercises (issue 11) end to end on synthetic sequences:
counts, range flags, holds, holds across tracking gaps, left/right, and the wrong posture
counting nothing while saying what was seen.

Every case drives the full Analyzer (posture gate included) and folds the events with
`summarize`, as a session does. Synthetic bodies test the machines' logic; whether the
thresholds suit real people is shown on the real clips (tests/scoring/test_real_tracks.py),
not here.
"""

from __future__ import annotations

from typing import Any

import pytest

from posecount.exercises.registry import get_exercise
from posecount.prescription import resolve_prescription
from posecount.session.analysis import Analyzer
from posecount.session.summary import summarize
from posecount.synthetic import Truth, generate_with_truth
from posecount.types import (
    Event,
    HoldEnded,
    PoseFrame,
    PostureMismatch,
    RepCompleted,
    ViewDecided,
)


def synth(exercise: str, **kw: Any) -> tuple[list[PoseFrame], Truth]:
    return generate_with_truth(exercise, **{"view": "side-left", **kw})


def analyse(exercise: str, frames: list[PoseFrame]) -> tuple[list[Event], dict[str, Any]]:
    ex = get_exercise(exercise)
    prescription = resolve_prescription(ex.spec.id)
    events = Analyzer(ex, prescription).run(frames)
    duration_s = (frames[-1].t_ms - frames[0].t_ms) / 1000
    return events, summarize(events, ex.spec, prescription, duration_s=duration_s)


def reps_of(events: list[Event]) -> list[RepCompleted]:
    return [e for e in events if isinstance(e, RepCompleted)]


def holds_of(events: list[Event]) -> list[HoldEnded]:
    return [e for e in events if isinstance(e, HoldEnded)]


def without_person(frames: list[PoseFrame], t0_ms: int, t1_ms: int) -> list[PoseFrame]:
    """The same frames with no person found from t0_ms to t1_ms (a tracking gap)."""
    return [
        PoseFrame(f.t_ms, None, None, f.frame_size_px) if t0_ms <= f.t_ms < t1_ms else f
        for f in frames
    ]


# ---------------------------------------------------------------- full range

FULL_RANGE = [
    # exercise, view, options, reps
    ("wall-press-up", "side-left", {}, 3),
    ("wall-press-up", "side-right", {}, 3),
    ("knee-to-chest", "side-left", {"sides": "left"}, 3),
    ("knee-to-chest", "side-right", {"sides": "right"}, 2),
    ("back-extension", "side-left", {}, 3),
    ("back-extension", "side-right", {}, 2),
    ("bottom-to-heels", "side-left", {}, 3),
    ("bottom-to-heels", "side-right", {}, 2),
    ("seated-forward-bend", "side-left", {}, 3),
    ("seated-forward-bend", "side-right", {}, 2),
    ("sitting-rocking", "side-left", {}, 3),
    ("sitting-rocking", "side-right", {}, 2),
    ("sciatic-nerve-glide", "side-left", {"sides": "left"}, 3),
    ("sciatic-nerve-glide", "side-right", {"sides": "right"}, 2),
]


@pytest.mark.parametrize("exercise, view, options, reps", FULL_RANGE)
def test_full_range_reps_are_counted_and_reach_the_target(
    exercise: str, view: str, options: dict[str, Any], reps: int
) -> None:
    frames, truth = synth(exercise, reps=reps, view=view, **options)
    events, summary = analyse(exercise, frames)
    assert summary["reps"] == truth.count == reps
    assert summary["reps_short_of_target"] == 0
    got = reps_of(events)
    for rep, true in zip(got, truth.reps, strict=True):
        # Reported within its own movement, and labelled with the leg that moved.
        assert true.start_ms <= rep.t_ms <= true.end_ms + 500
        assert rep.side == true.side


# ---------------------------------------------------------------- partial range

PARTIAL_RANGE = [
    # A patient who stops where it is comfortable: counted, and flagged short of the
    # leaflet's target (the fractions put each one between the counter's threshold and
    # the target, see catalogue.py for the targets).
    ("wall-press-up", 0.5, {}),
    ("knee-to-chest", 0.5, {"sides": "left"}),
    ("back-extension", 0.4, {}),
    ("bottom-to-heels", 0.35, {}),
    ("seated-forward-bend", 0.4, {}),
    ("sitting-rocking", 0.75, {}),
]


@pytest.mark.parametrize("exercise, range_frac, options", PARTIAL_RANGE)
def test_partial_range_reps_count_but_are_flagged_short(
    exercise: str, range_frac: float, options: dict[str, Any]
) -> None:
    frames, truth = synth(exercise, reps=3, range_frac=range_frac, **options)
    events, summary = analyse(exercise, frames)
    assert summary["reps"] == truth.count == 3
    assert summary["reps_short_of_target"] == 3
    assert all(r.short_by > 0 and r.range_target is not None for r in reps_of(events))


ALL_MEASURED = sorted({row[0] for row in FULL_RANGE})


@pytest.mark.parametrize("exercise", ALL_MEASURED)
def test_a_tenth_of_the_movement_is_not_a_rep(exercise: str) -> None:
    options = {"sides": "left"} if exercise in ("knee-to-chest", "sciatic-nerve-glide") else {}
    frames, _ = synth(exercise, reps=3, range_frac=0.1, **options)
    events, summary = analyse(exercise, frames)
    assert summary["reps"] == 0
    assert reps_of(events) == [] and holds_of(events) == []


# ---------------------------------------------------------------- holds

HOLDS = [
    # exercise, options, hold_s: the held far end of each rep is timed
    ("knee-to-chest", {"sides": "left"}, 5.0),
    ("back-extension", {}, 5.0),
    ("back-extension", {}, 30.0),  # leaflet 004's 30 s
    ("bottom-to-heels", {}, 10.0),
    ("bottom-to-heels", {}, 30.0),
    ("seated-forward-bend", {}, 5.0),
]


@pytest.mark.parametrize("exercise, options, hold_s", HOLDS)
def test_holds_at_the_far_end_are_timed(
    exercise: str, options: dict[str, Any], hold_s: float
) -> None:
    frames, truth = synth(exercise, reps=2, hold_s=hold_s, **options)
    events, summary = analyse(exercise, frames)
    assert summary["reps"] == 2
    assert len(summary["holds_s"]) == 2
    for got, true in zip(summary["holds_s"], truth.holds, strict=True):
        # The held stretch plus the slow last part of the approach and the first of the
        # return, which a patient easing in and out of a stretch also holds.
        assert abs(got - true.duration_s) <= 1.0, (got, true.duration_s)


@pytest.mark.parametrize(
    "exercise, options",
    [
        ("knee-to-chest", {"sides": "left"}),
        ("back-extension", {}),
        ("bottom-to-heels", {}),
    ],
)
def test_a_short_tracking_gap_in_a_hold_pauses_it(exercise: str, options: dict[str, Any]) -> None:
    frames, truth = synth(exercise, reps=1, hold_s=8.0, **options)
    hold = truth.holds[0]
    mid = round((hold.start_s + hold.end_s) * 500)
    gapped = without_person(frames, mid, mid + 600)  # 0.6 s: a few missed detections
    _, summary = analyse(exercise, gapped)
    _, clean = analyse(exercise, frames)
    assert summary["reps"] == 1
    assert len(summary["holds_s"]) == 1
    # The gap is neither held nor released: the hold is the clean one less the gap.
    assert summary["holds_s"][0] == pytest.approx(clean["holds_s"][0] - 0.6, abs=0.15)


@pytest.mark.parametrize("exercise", ["knee-to-chest", "back-extension", "bottom-to-heels"])
def test_a_long_tracking_gap_ends_the_hold_and_abandons_the_rep(exercise: str) -> None:
    options = {"sides": "left"} if exercise == "knee-to-chest" else {}
    frames, truth = synth(exercise, reps=1, hold_s=8.0, **options)
    hold = truth.holds[0]
    mid = round((hold.start_s + hold.end_s) * 500)
    gapped = without_person(frames, mid, mid + 2500)  # the person left the picture
    events, summary = analyse(exercise, gapped)
    # The top was not seen to be held through, so the rep cannot be vouched for, and
    # the hold ends where tracking was lost, marked as cut by that edge.
    assert summary["reps"] == 0
    assert [h.closed_by_edge for h in holds_of(events)][:1] == [True]
    assert holds_of(events)[0].t_ms <= mid + 34


# ---------------------------------------------------------------- which knee

KNEES = [
    # sides of three hugs, view, labels expected on the reps
    ("left", "side-left", ["left"] * 3),
    ("right", "side-right", ["right"] * 3),
    # Side-on, the far leg is hidden behind the near one: a double hug reads as the near
    # leg. Every hug is still counted.
    ("both", "side-left", ["left"] * 3),
]


@pytest.mark.parametrize("sides, view, expected", KNEES)
def test_each_hug_says_which_knee(sides: str, view: str, expected: list[str]) -> None:
    frames, _ = synth("knee-to-chest", reps=3, sides=sides, view=view)
    events, summary = analyse("knee-to-chest", frames)
    assert summary["reps"] == 3
    assert [r.side for r in reps_of(events)] == expected


def test_a_far_knee_hidden_side_on_is_not_guessed() -> None:
    # The synthetic camera gives the far side the low visibility MediaPipe gives it; a
    # hidden joint is missing, so a hug of the far knee is not counted from this view.
    frames, _ = synth("knee-to-chest", reps=2, sides="right", view="side-left")
    events, summary = analyse("knee-to-chest", frames)
    assert summary["reps"] == 0


# ---------------------------------------------------------------- wrong posture

WRONG_POSTURE = [
    # movement done, analysed as, what the patient was seen doing
    ("bottom-to-heels", "knee-to-chest", "lying face down"),
    ("knee-to-chest", "bottom-to-heels", "lying face up"),
    ("knee-to-chest", "back-extension", "lying face up"),
    ("seated-forward-bend", "back-extension", "sitting"),
    ("sitting-rocking", "wall-press-up", "sitting"),
    ("wall-press-up", "bottom-to-heels", "standing"),
]


@pytest.mark.parametrize("done, analysed_as, seen", WRONG_POSTURE)
def test_the_wrong_posture_counts_nothing_and_says_what_was_seen(
    done: str, analysed_as: str, seen: str
) -> None:
    options = {"sides": "left"} if done == "knee-to-chest" else {}
    frames, _ = synth(done, reps=3, **options)
    events, summary = analyse(analysed_as, frames)
    assert summary["reps"] == 0 and summary["holds_s"] == []
    mismatches = [e for e in events if isinstance(e, PostureMismatch)]
    assert mismatches and mismatches[0].seen == seen


def test_a_forward_bend_lying_face_down_with_straight_legs_counts_nothing() -> None:
    # A deep seated bend reads as lying face down to the posture check, so the forward
    # bend accepts that posture; its own check (knees bent, as seated) keeps a back
    # extension from counting.
    frames, _ = synth("back-extension", reps=3)
    events, summary = analyse("seated-forward-bend", frames)
    assert summary["reps"] == 0 and reps_of(events) == []


def test_the_bottom_to_heels_hip_angle_alone_would_have_counted_a_hug() -> None:
    # The wrong-posture table is not vacuous: without the posture gate, the hip angle of
    # sitting back from all fours would count as knee hugs.
    frames, _ = synth("bottom-to-heels", reps=3)
    ex = get_exercise("knee-to-chest")
    machine = ex.machine(resolve_prescription("knee-to-chest"))
    events = [e for f in frames for e in machine.update(ex.extract(f), f.t_ms)]
    assert len(reps_of(events)) == 3


# ---------------------------------------------------------------- frame rate


@pytest.mark.parametrize("exercise", ALL_MEASURED)
@pytest.mark.parametrize("fps", [10.0, 15.0, 60.0])
def test_the_count_does_not_depend_on_the_frame_rate(exercise: str, fps: float) -> None:
    options = {"sides": "left"} if exercise in ("knee-to-chest", "sciatic-nerve-glide") else {}
    frames, truth = synth(exercise, reps=2, fps=fps, **options)
    _, summary = analyse(exercise, frames)
    assert summary["reps"] == truth.count == 2


# ---------------------------------------------------------------- camera views

VIEWS = [
    # exercise, synthetic view, options, reps counted (0: the view is not judged)
    ("wall-press-up", "front", {}, 3),
    ("seated-forward-bend", "front", {}, 3),
    ("sitting-rocking", "front", {}, 3),
    ("knee-to-chest", "front", {"sides": "left"}, 0),
    ("bottom-to-heels", "front", {}, 0),
    ("sciatic-nerve-glide", "front", {"sides": "left"}, 0),
]


@pytest.mark.parametrize("exercise, view, options, reps", VIEWS)
def test_each_view_is_measured_with_its_declared_feature_or_not_judged(
    exercise: str, view: str, options: dict[str, Any], reps: int
) -> None:
    frames, _ = synth(exercise, reps=3, view=view, **options)
    events, summary = analyse(exercise, frames)
    assert summary["reps"] == reps
    decided = [e for e in events if isinstance(e, ViewDecided)]
    assert len(decided) == 1
    assert decided[0].supported == (reps > 0)
    if not decided[0].supported:
        assert get_exercise(exercise).spec.camera in decided[0].hint
