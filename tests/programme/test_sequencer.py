"""The sequencer as a table of ticks: pure, clock-free, the time is the tick's t_ms."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posecount.prescription.model import Prescription
from posecount.programme.instructions import INSTRUCTIONS, Place
from posecount.programme.model import Step
from posecount.programme.sequencer import (
    AWAY_PAUSE_S,
    AWAY_STOP_S,
    SETUP_CONFIRM_S,
    SETUP_REPEAT_S,
    Choice,
    Ending,
    ExerciseSequencer,
    Key,
    Phase,
    Tick,
    duration_ms,
)

STEP = Step("bridge", Prescription("bridge", sets=3, reps=5, hold_s=3), rest_s=30)


def seq(step: Step = STEP, previous: Place | None = Place.FLOOR) -> ExerciseSequencer:
    return ExerciseSequencer(
        step,
        "Bridge",
        INSTRUCTIONS["bridge"],
        index=1,
        total=2,
        previous=previous,
        place=Place.FLOOR,
        camera="side-on",
    )


def tick(
    t_ms: int,
    set_index: int = 1,
    reps: int = 0,
    done: bool = False,
    person: bool = True,
    advice: str | None = None,
) -> Tick:
    return Tick(t_ms, set_index, reps, done, person, advice)


def run_to_set(s: ExerciseSequencer) -> int:
    """Drives a sequencer through position and talk with a good view; returns the time."""
    t = 0
    while s.phase != Phase.SET:
        s.update(tick(t))
        t += 100
        assert t < 600_000
    return t


def test_position_waits_for_the_view_then_talks_then_starts() -> None:
    s = seq()
    intro = s.update(tick(0, advice="turn the camera to see you from the side")).say
    assert intro[0] == "Exercise 1 of 2: Bridge."
    assert not any("floor" in p and "get" in p.lower() for p in intro)  # already on the floor
    wait = duration_ms(intro, s.wpm)
    # While the intro is being spoken nothing else is said.
    assert s.update(tick(wait - 100, advice="turn the camera to see you from the side")).say == []
    said = s.update(tick(wait, advice="turn the camera to see you from the side")).say
    assert said == ["Turn the camera to see you from the side."]
    # The same advice is not repeated before SETUP_REPEAT_S, then is.
    t = wait + 100
    assert s.update(tick(t, advice="turn the camera to see you from the side")).say == []
    t = wait + int(SETUP_REPEAT_S * 1000)
    assert s.update(tick(t, advice="turn the camera to see you from the side")).say == said
    # A good view must last SETUP_CONFIRM_S without a break.
    t += 100
    s.update(tick(t))
    s.update(tick(t + 500, advice="move back so your feet are in view"))
    s.update(tick(t + 600))
    assert s.phase == Phase.POSITION
    talk = s.update(tick(t + 600 + int(SETUP_CONFIRM_S * 1000))).say
    assert s.phase == Phase.TALK
    assert talk[0] == "Good, I can see you." and INSTRUCTIONS["bridge"].action in talk
    end = t + 600 + int(SETUP_CONFIRM_S * 1000) + duration_ms(talk, s.wpm)
    assert s.update(tick(end - 100)).say == []
    assert s.update(tick(end)).say == ["Set 1 of 3: 5 reps.", "Start when you are ready."]
    assert s.phase == Phase.SET


@pytest.mark.parametrize(
    ("previous", "says"),
    [
        (None, "To get down to the floor"),
        (Place.STANDING, "To get down to the floor"),
        (Place.CHAIR, "To get down to the floor"),
        (Place.FLOOR, None),
    ],
)
def test_getting_down_is_said_only_when_coming_from_elsewhere(
    previous: Place | None, says: str | None
) -> None:
    intro = seq(previous=previous).update(tick(0)).say
    found = [p for p in intro if p.startswith("To get")]
    assert found == ([] if says is None else [found[0]]) and (
        says is None or found[0].startswith(says)
    )


def test_a_rep_during_the_talk_is_the_set() -> None:
    s = seq()
    s.update(tick(0))
    s.update(tick(100, reps=1))
    assert s.phase == Phase.SET


@pytest.mark.parametrize(
    ("rest_s", "in_position_at_ms", "set2_at_ms"),
    [
        (30, 0, 30_000),  # back in position before the rest is over: starts on time
        (30, 41_000, 41_000),  # not yet in position: waits for it
        (0, 0, 0),  # no rest
    ],
)
def test_rest_then_the_next_set_when_back_in_position(
    rest_s: float, in_position_at_ms: int, set2_at_ms: int
) -> None:
    s = seq(replace(STEP, rest_s=rest_s))
    t0 = run_to_set(s)
    out = s.update(tick(t0, reps=5, done=True))
    assert s.phase == Phase.REST
    assert out.say == [f"Set 1 done. Rest for {rest_s:g} seconds."]
    started_at = None
    said: list[str] = []
    for dt in range(0, 60_000, 100):
        t = t0 + dt
        ok = dt >= in_position_at_ms
        o = s.update(tick(t, reps=5, done=True, advice=None if ok else "step into view"))
        said += o.say
        if o.start_set:
            started_at = dt
            break
    assert started_at == set2_at_ms
    assert said[-2:] == ["Set 2 of 3: 5 reps.", "Start when you are ready."]
    if rest_s >= 15:
        assert "10 seconds left." in said
    if in_position_at_ms > rest_s * 1000:
        assert "Rest is over. Get back into position when you are ready." in said


def test_the_rest_timer_counts_down_in_tick_time() -> None:
    s = seq()
    t0 = run_to_set(s)
    s.update(tick(t0, reps=5, done=True))
    s.update(tick(t0 + 12_500, reps=5, done=True))
    assert s.rest_remaining_s() == pytest.approx(17.5)


def test_a_rep_during_the_rest_starts_the_next_set_early() -> None:
    s = seq()
    t0 = run_to_set(s)
    s.update(tick(t0, reps=5, done=True))
    out = s.update(tick(t0 + 5000, set_index=2, reps=1))  # the coach moved on by itself
    assert s.phase == Phase.SET and not out.start_set and s.set_index == 2


def test_the_last_set_ends_the_exercise_after_the_grace() -> None:
    s = seq(replace(STEP, prescription=Prescription("bridge", sets=1, reps=5)))
    t0 = run_to_set(s)
    out = s.update(tick(t0, reps=5, done=True))
    assert out.say == ["Bridge done. Well done."] and out.end is None
    assert s.update(tick(t0 + 1400, reps=5, done=True)).end is None
    assert s.update(tick(t0 + 1500, reps=5, done=True)).end == Ending.COMPLETE


@pytest.mark.parametrize(
    ("key", "phase", "ending", "start_set"),
    [
        (Key.SKIP, Phase.SET, Ending.SKIPPED, False),
        (Key.STOP, Phase.SET, Ending.STOPPED, False),
        (Key.NEXT, Phase.SET, None, True),
        (Key.PAUSE, Phase.PAUSED, None, False),
    ],
)
def test_keys(key: Key, phase: Phase, ending: Ending | None, start_set: bool) -> None:
    s = seq()
    t = run_to_set(s)
    out = s.key(key, tick(t, reps=2))
    assert s.phase == phase and out.end == ending and out.start_set == start_set


def test_next_skips_the_rest() -> None:
    s = seq()
    t = run_to_set(s)
    s.update(tick(t, reps=5, done=True))
    out = s.key(Key.NEXT, tick(t + 1000, reps=5, done=True))
    assert out.start_set and s.phase == Phase.SET and s.set_index == 2


def test_a_key_pause_waits_for_the_key_and_keeps_the_rest_owed() -> None:
    s = seq()
    t = run_to_set(s)
    s.update(tick(t, reps=5, done=True))
    s.key(Key.PAUSE, tick(t + 5000, reps=5, done=True))
    s.update(tick(t + 65_000, reps=5, done=True))  # a minute later, still paused
    assert s.phase == Phase.PAUSED
    s.key(Key.PAUSE, tick(t + 65_000, reps=5, done=True))
    assert s.phase == Phase.REST
    assert s.rest_remaining_s() == pytest.approx(25.0)


def test_a_long_time_out_of_view_pauses_then_stops() -> None:
    s = seq()
    t = run_to_set(s)
    s.update(tick(t, person=False))
    out = s.update(tick(t + int(AWAY_PAUSE_S * 1000), person=False))
    assert s.phase == Phase.PAUSED and out.say[0].startswith("Paused")
    back = s.update(tick(t + int(AWAY_PAUSE_S * 1000) + 100))
    assert s.phase == Phase.SET and back.say == ["Carrying on."]
    s.update(tick(t + 20_000, person=False))
    s.update(tick(t + 20_000 + int(AWAY_PAUSE_S * 1000), person=False))
    out = s.update(tick(t + 20_000 + int(AWAY_STOP_S * 1000), person=False))
    assert out.end == Ending.AWAY and s.ending == Ending.AWAY


@pytest.mark.parametrize(
    ("colour", "awaiting", "first_word"),
    [
        ("green", False, "Green"),
        ("amber", False, "Amber"),
        ("red", True, "That is in the red zone"),
    ],
)
def test_pain_between_sets(colour: str, awaiting: bool, first_word: str) -> None:
    s = seq()
    out = s.pain(colour)
    assert s.awaiting_choice == awaiting and out.say[0].startswith(first_word)


@pytest.mark.parametrize(
    ("choice", "ending", "rest_factor"),
    [
        (Choice.STOP, Ending.PAIN, 1.0),
        (Choice.LONGER_RESTS, None, 2.0),
        (Choice.FEWER_REPS, None, 1.0),
        (Choice.LESS_RANGE, None, 1.0),
    ],
)
def test_red_zone_choices(choice: Choice, ending: Ending | None, rest_factor: float) -> None:
    s = seq()
    s.pain("red")
    out = s.choose(choice)
    assert out.choice == choice and out.end == ending and s.rest_factor == rest_factor
    assert not s.awaiting_choice


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 400),  # time step, ms
            st.booleans(),  # person
            st.sampled_from([None, "move back so your feet are in view"]),
            st.integers(0, 2),  # reps added this tick
        ),
        max_size=300,
    )
)
def test_invariants_whatever_happens(steps: list[tuple[int, bool, str | None, int]]) -> None:
    """The set never goes backwards or past the prescription; once ended, nothing more is
    said; nothing raises."""
    s = seq()
    t, set_index, reps = 0, 1, 0
    last_set = 1
    for dt, person, advice, add in steps:
        t += dt
        reps += add
        done = reps >= 5
        out = s.update(Tick(t, set_index, min(reps, 5), done, person, advice))
        if out.start_set:
            set_index, reps = set_index + 1, 0
        assert 1 <= s.set_index <= STEP.prescription.sets
        assert s.set_index >= last_set
        last_set = s.set_index
        if s.ending is not None:
            assert s.update(Tick(t + 1, set_index, reps, done, person, advice)).say == []
            break
