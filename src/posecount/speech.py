"""Spoken cues through espeak-ng (offline text-to-speech), on a thread of their own so
speaking never holds up counting. A machine without espeak-ng or without audio output
runs on, with a one-line note, showing the cues on screen only."""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
from collections.abc import Sequence

log = logging.getLogger(__name__)

# 160 words a minute: a little slower than espeak's default, easier to follow while
# exercising.
_DEFAULT_COMMAND = ("espeak-ng", "-s", "160")
# Words waiting beyond this are stale (a count that has moved on); drop them.
_MAX_QUEUED = 3


class Speaker:
    def __init__(
        self,
        command: Sequence[str] | None = None,
        *,
        enabled: bool = True,
        fallback: str = "cues are shown on screen only",
    ) -> None:
        """`fallback`: what the user still gets without speech (there is no screen to
        show cues on with --no-window, so the note must not promise one)."""
        self.command = list(command or _DEFAULT_COMMAND)
        self.fallback = fallback
        self.enabled = enabled
        self.note: str | None = None
        self.spoken: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        if enabled and shutil.which(self.command[0]) is None:
            self._disable(
                f"speech off: {self.command[0]} not found (on Debian/Ubuntu: "
                f"apt-get install espeak-ng); {self.fallback}"
            )
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
            self._thread.start()

    def _disable(self, note: str) -> None:
        self.enabled = False
        if self.note is None:
            self.note = note
            log.warning(note)

    def say(self, text: str) -> None:
        """Queue a phrase; returns at once."""
        if not self.enabled:
            return
        while self._queue.qsize() >= _MAX_QUEUED:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._queue.put(text)

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            if text is None:
                return
            try:
                done = subprocess.run(
                    [*self.command, text], capture_output=True, text=True, timeout=15
                )
            except (OSError, subprocess.SubprocessError) as e:
                self._disable(f"speech off: {self.command[0]} failed ({e}); {self.fallback}")
                return
            # espeak-ng exits 0 even when it cannot open a sound device; ALSA says so.
            if (
                done.returncode != 0
                or "cannot find card" in done.stderr
                or "Unknown PCM" in done.stderr
            ):
                self._disable(f"speech off: no audio output on this machine; {self.fallback}")
                return
            self.spoken.append(text)

    def close(self, wait_s: float = 5.0) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(wait_s)
