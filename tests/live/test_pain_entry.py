"""Pain 0-10 at the terminal and at the window: 10 is accepted, 11 and "x" are asked
again, nothing invalid is ever returned (so never stored)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from posecount.session.pain import KEYPAD_WAIT_MS, PainKeypad, ask_score


def _answers(*lines: str):  # type: ignore[no-untyped-def]
    it = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(it)
        except StopIteration:
            raise EOFError from None

    return read


@pytest.mark.parametrize(
    ("typed", "score", "complaints"),
    [
        (["10"], 10, 0),
        (["0"], 0, 0),
        (["11", "x", "7"], 7, 2),
        (["-1", "3.5", " 4 "], 4, 2),
        ([""], None, 0),  # Enter skips
        ([], None, 0),  # end of input skips
        (["x"] * 5, None, 5),  # gives up politely instead of trapping the patient
    ],
)
def test_terminal_reprompts_until_a_valid_score(
    typed: list[str], score: int | None, complaints: int
) -> None:
    told: list[str] = []
    assert ask_score("Pain now", _answers(*typed), told.append) == score
    bad = [t for t in told if "0 (none) to 10 (worst)" in t]
    assert len(bad) == complaints


@given(st.lists(st.text(max_size=4), max_size=8))
def test_terminal_never_returns_an_invalid_score(typed: list[str]) -> None:
    got = ask_score("Pain now", _answers(*typed), lambda _: None)
    assert got is None or (isinstance(got, int) and 0 <= got <= 10)


@pytest.mark.parametrize(
    ("keys", "result"),
    [
        ([("7", 0)], 7),  # any digit but 1 is taken at once
        ([("0", 0)], 0),
        ([("1", 0), ("0", 400)], 10),  # two presses make 10
        ([("1", 0), ("\r", 300)], 1),  # Enter takes the 1
        ([("1", 0), ("1", 300)], "11 is not a pain score: press 0 to 10"),
    ],
)
def test_window_keypad(keys: list[tuple[str, int]], result: int | str) -> None:
    pad = PainKeypad()
    got = None
    for key, t in keys:
        got = pad.press(key, t)
    assert got == result
    assert pad.typed == ""


def test_a_lone_1_is_taken_after_the_wait() -> None:
    pad = PainKeypad()
    assert pad.press("1", 1000) is None
    assert pad.poll(1000 + KEYPAD_WAIT_MS - 1) is None
    assert pad.poll(1000 + KEYPAD_WAIT_MS) == 1


@given(st.lists(st.tuples(st.sampled_from(list("0123456789\rxq ")), st.integers(0, 3000))))
def test_keypad_never_gives_an_invalid_score(keys: list[tuple[str, int]]) -> None:
    pad = PainKeypad()
    t = 0
    for key, dt in keys:
        t += dt
        for got in (pad.poll(t), pad.press(key, t)):
            assert got is None or isinstance(got, str) or 0 <= got <= 10
