"""Spoken cues, offline, on a thread of their own so speaking never holds up counting.

Engines, best first when present:
- piper (`pip install piper-tts`): a neural voice, much more natural than espeak-ng. It
  needs a voice model (an .onnx file with its .onnx.json) that is downloaded separately,
  from the internet; give its path with `--voice PATH.onnx` or $POSECOUNT_PIPER_VOICE.
  Without a voice file piper cannot speak, so espeak-ng is used.
- espeak-ng: always available on Debian/Ubuntu (apt-get install espeak-ng), robotic but
  clear; `--voice` takes its voice names (en-gb, en-us, ...).

A machine without either, or without audio output, runs on, with a one-line note,
showing the cues on screen only.
"""

from __future__ import annotations

import logging
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# 160 words a minute: a little slower than espeak's default (175), easier to follow
# while exercising; the programme times its talk-through with the same figure.
DEFAULT_RATE_WPM = 160
_DEFAULT_COMMAND = ("espeak-ng", "-s", str(DEFAULT_RATE_WPM))
# Counts waiting beyond this are stale (the count has moved on): drop them. Instructions
# are never dropped (say(..., droppable=False)).
_MAX_QUEUED = 3
# Piper speaks at its own pace: its length scale stretches time (1.0 = the voice's own
# rate, which is about 170 words a minute for the common English voices).
_PIPER_WPM = 170.0


@dataclass(frozen=True, slots=True)
class Engine:
    name: str  # "piper" or "espeak-ng"
    command: tuple[str, ...]  # the text is appended as the last argument (espeak-ng)
    stdin_text: bool = False  # piper reads the text on stdin
    note: str | None = None  # why a better engine was not used


def choose_engine(voice: str | None = None, rate_wpm: int = DEFAULT_RATE_WPM) -> Engine:
    """The best engine this machine has for `voice` (a piper .onnx file, or an
    espeak-ng voice name)."""
    if not 80 <= rate_wpm <= 400:
        raise ValueError(f"rate must be 80 to 400 words a minute, got {rate_wpm}")
    piper_voice = (
        voice if voice and voice.endswith(".onnx") else os.environ.get("POSECOUNT_PIPER_VOICE")
    )
    note = None
    if piper_voice:
        if shutil.which("piper") is None:
            note = "piper voice given but piper is not installed (pip install piper-tts)"
        elif not Path(piper_voice).is_file():
            note = f"piper voice {piper_voice} not found"
        else:
            player = _player()
            if player is None:
                note = "piper found but no audio player (aplay or paplay)"
            else:
                scale = f"{_PIPER_WPM / rate_wpm:.2f}"
                rate = _piper_sample_rate(Path(piper_voice))
                # piper writes raw 16-bit mono at the voice's rate to stdout; the player
                # plays it as it comes.
                play = (
                    f"aplay -q -r {rate} -f S16_LE -t raw -"
                    if player == "aplay"
                    else f"paplay --raw --rate={rate} --format=s16le --channels=1"
                )
                cmd = (
                    "sh",
                    "-c",
                    f'piper --model "$0" --length_scale {scale} --output-raw | {play}',
                    piper_voice,
                )
                return Engine("piper", cmd, stdin_text=True)
    espeak = ["espeak-ng", "-s", str(rate_wpm)]
    if voice and not voice.endswith(".onnx"):
        espeak += ["-v", voice]
    return Engine("espeak-ng", tuple(espeak), note=note)


def _piper_sample_rate(voice: Path) -> int:
    """From the voice's own config (VOICE.onnx.json); 22050 Hz, the rate of piper's
    medium-quality voices, when it cannot be read."""
    import json

    try:
        config = json.loads(Path(f"{voice}.json").read_text(encoding="utf-8"))
        return int(config["audio"]["sample_rate"])
    except (OSError, ValueError, KeyError, TypeError):
        return 22050


def _player() -> str | None:
    for p in ("aplay", "paplay"):
        if shutil.which(p):
            return p
    return None


class Speaker:
    def __init__(
        self,
        command: Sequence[str] | None = None,
        *,
        enabled: bool = True,
        fallback: str = "cues are shown on screen only",
        engine: Engine | None = None,
        max_queued: int | None = _MAX_QUEUED,
    ) -> None:
        """`fallback`: what the user still gets without speech (there is no screen to
        show cues on with --no-window, so the note must not promise one).
        `max_queued`: droppable phrases kept waiting at most (None: keep them all)."""
        if engine is None:
            engine = Engine("espeak-ng", tuple(command or _DEFAULT_COMMAND))
        self.engine = engine
        self.command = list(engine.command)
        self.fallback = fallback
        self.enabled = enabled
        self.note: str | None = None
        # Everything asked to be said, in order, spoken or not (muted, no engine, or a
        # stale count dropped): the session's transcript.
        self.said: list[str] = []
        self.spoken: list[str] = []  # what the engine really said
        self.max_queued = max_queued
        self._queue: queue.Queue[tuple[str, bool] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        if engine.note:
            log.warning("speech: %s; using espeak-ng", engine.note)
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

    def say(self, text: str, *, droppable: bool = True) -> None:
        """Queue a phrase; returns at once. A droppable phrase (a count) may be dropped
        when it is stale; an instruction never is."""
        self.said.append(text)
        if not self.enabled:
            return
        with self._lock:
            if droppable and self.max_queued is not None:
                self._drop_stale(self.max_queued)
            self._queue.put((text, droppable))

    def _drop_stale(self, limit: int) -> None:
        with self._queue.mutex:
            items = self._queue.queue
            while sum(1 for i in items if i is not None and i[1]) >= limit:
                oldest = next(i for i in items if i is not None and i[1])
                items.remove(oldest)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            text = item[0]
            try:
                if self.engine.stdin_text:
                    done = subprocess.run(
                        list(self.command),
                        input=text,
                        capture_output=True,
                        text=True,
                        timeout=30,
                    )
                else:
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
