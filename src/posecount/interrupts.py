"""Stop signals held back while native code runs.

Ctrl-C, SIGTERM and SIGHUP stop a run by raising KeyboardInterrupt in the main thread
(cli/app.py). Raised in the middle of MediaPipe's Python wrapper, between its native call
and the unpacking of the result, that left the landmarker half way through a frame, and
closing it then crashed the process (SIGSEGV, seen in 1 CI run in 3 after SIGTERM). Inside
`held_stop_signals()` a stop signal is noted instead and delivered, to the handler it was
meant for, as soon as the block ends: a frame is finished (a few tens of ms) before the
stop, and the stop then lands on a frame boundary."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_STOP_SIGNALS = tuple(
    s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s is not None
)


@contextmanager
def held_stop_signals() -> Iterator[None]:
    # Handlers can only be changed from the main thread; other threads never receive
    # Python signal handlers' exceptions anyway.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        pending.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in _STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(pending):
            signal.raise_signal(sig)
