"""The speech engine: which one is chosen, that instructions are never dropped while
stale counts are, and that speaking never blocks the caller."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from posecount.speech import Speaker, choose_engine


@pytest.mark.parametrize(
    ("voice", "rate", "command"),
    [
        (None, 160, ("espeak-ng", "-s", "160")),
        ("en-gb", 140, ("espeak-ng", "-s", "140", "-v", "en-gb")),
    ],
)
def test_espeak_ng_with_voice_and_rate(voice: str | None, rate: int, command: tuple) -> None:
    engine = choose_engine(voice, rate)
    assert engine.name == "espeak-ng" and engine.command == command and engine.note is None


def test_a_piper_voice_without_piper_falls_back_to_espeak_saying_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    voice = tmp_path / "en_GB-test-medium.onnx"
    voice.write_bytes(b"not a real model")
    monkeypatch.setenv("PATH", str(tmp_path))  # no piper here
    engine = choose_engine(str(voice))
    assert engine.name == "espeak-ng"
    assert engine.note and "piper is not installed (pip install piper-tts)" in engine.note


def test_piper_is_used_when_it_and_its_voice_are_present(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for tool in ("piper", "aplay"):
        exe = tmp_path / tool
        exe.write_text("#!/bin/sh\ncat > /dev/null\n")
        exe.chmod(0o755)
    voice = tmp_path / "v.onnx"
    voice.write_bytes(b"x")
    (tmp_path / "v.onnx.json").write_text('{"audio": {"sample_rate": 16000}}')
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    engine = choose_engine(str(voice), 170)
    assert engine.name == "piper" and engine.stdin_text
    assert "--length_scale 1.00" in engine.command[2] and "-r 16000" in engine.command[2]
    speaker = Speaker(engine=engine, max_queued=None)
    speaker.say("hello", droppable=False)
    speaker.close()
    assert speaker.spoken == ["hello"] and speaker.note is None


def test_rate_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="80 to 400"):
        choose_engine(None, 1000)


def test_stale_counts_are_dropped_but_instructions_never(tmp_path: Path) -> None:
    slow = tmp_path / "slow.py"
    slow.write_text("import time; time.sleep(0.3)\n")
    speaker = Speaker([sys.executable, str(slow)])
    started = time.perf_counter()
    speaker.say("Exercise 1 of 2: Bridge.", droppable=False)
    for n in range(1, 9):
        speaker.say(str(n))
    speaker.say("Set 1 done. Rest for 30 seconds.", droppable=False)
    assert time.perf_counter() - started < 0.1  # never blocks the loop
    speaker.close(wait_s=10)
    assert speaker.said[0] == "Exercise 1 of 2: Bridge." and len(speaker.said) == 10
    assert "Exercise 1 of 2: Bridge." in speaker.spoken
    assert speaker.spoken[-1] == "Set 1 done. Rest for 30 seconds."
    assert len(speaker.spoken) < len(speaker.said)  # some stale counts dropped
    assert "8" in speaker.spoken  # the newest count is kept


def test_muted_speech_still_keeps_the_transcript() -> None:
    speaker = Speaker(enabled=False)
    speaker.say("hold")
    assert speaker.said == ["hold"] and speaker.spoken == []
