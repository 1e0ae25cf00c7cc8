"""Stop signals arriving during a native call are delivered when it is done."""

from __future__ import annotations

import os
import signal
from types import FrameType

import pytest

from posecount.interrupts import held_stop_signals


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=str)
def test_a_stop_signal_inside_waits_for_the_block_to_finish(sig: signal.Signals) -> None:
    previous = signal.signal(sig, _stop)
    finished = False
    try:
        with pytest.raises(KeyboardInterrupt):
            with held_stop_signals():
                os.kill(os.getpid(), sig)
                finished = True  # still running: the signal was held
        assert finished
        assert signal.getsignal(sig) is _stop  # the caller's handler is back
    finally:
        signal.signal(sig, previous)


def test_without_a_signal_nothing_is_raised_and_handlers_are_restored() -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    with held_stop_signals():
        pass
    assert {s: signal.getsignal(s) for s in before} == before


def test_two_signals_stop_once() -> None:
    calls: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda s, f: calls.append(s))
    try:
        with held_stop_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGTERM)
        assert calls == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)
