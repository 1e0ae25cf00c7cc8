"""A clinical test run live: spoken instructions, a spoken "3, 2, 1, go", then the same
protocol machine and the same scoring loop as a recording (clinical.run), so a patient
can do the test at home in front of a laptop.

Where the clock starts. The test's time 0 is "go". With a camera, the frames before "go"
are read (to keep the camera's picture fresh) and dropped, and every frame after it is
placed at its time since "go". With a file played as if it were the camera, the
instructions and the countdown come first and the file starts playing at "go": its own
first frame is time 0, exactly as `posecount test NAME FILE` reads it. Either way the
protocol times what a recording is timed by (the first movement of the rise, the foot
leaving the floor), so a file gives the same result live as offline; "go" to the first
movement is said as the reaction time. A patient already up at "go" is not seated when
the test starts, which the protocol reports as not valid (stood up before the start).

A live run stops by itself once the protocol has seen everything it scores (the patient
seated again after the walk, the fifth stand and the sit after it, a second past the 30 s,
three trials on each leg), on Ctrl-C, or at the end of the file.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from posecount.clinical import instructions, norms
from posecount.clinical.chair_stand import ChairStand30s
from posecount.clinical.protocol import ClinicalTest
from posecount.clinical.result import TestResult
from posecount.clinical.run import EVERY_FRAME, check_age, make_test, run_clinical_test
from posecount.session.pipeline import PoseSettings
from posecount.speech import Speaker
from posecount.store.clinical_recording import TestRecorder
from posecount.types import PoseFrame

# How long to wait for the speech engine to say a phrase before moving on regardless
# (a stuck engine must not hold the test up), beyond the phrase's own length.
_SPEECH_GRACE_S = 5.0


@dataclass
class LiveTestOptions:
    test: str
    source: Path | int  # a file played as the camera, or a camera index
    age: int | None = None
    sex: norms.Sex | None = None
    mute: bool = False
    speech_command: list[str] | None = None
    pose: PoseSettings = EVERY_FRAME
    realtime: bool = True  # pace a file like a camera and the countdown like a clock
    record: bool = False  # keep the pose track as it comes (store.clinical_recording)
    tests_root: Path | None = None  # where (None: the user data directory)


class LiveTest:
    """`on_cue` sees every phrase as it is said (the CLI shows them, for a patient with
    no sound). `sleep` and `clock` are the wall clock's, passed in so tests run without
    waiting."""

    def __init__(
        self,
        options: LiveTestOptions,
        *,
        speaker: Speaker | None = None,
        on_cue: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        check_age(options.age)
        self.options = options
        self.test: ClinicalTest = make_test(options.test)
        self.speaker = speaker or Speaker(
            options.speech_command,
            enabled=not options.mute,
            fallback="the instructions are shown in the terminal only",
        )
        self.on_cue = on_cue
        self.said: list[str] = []
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        self._stop_said = False
        self._is_camera = isinstance(options.source, int)
        self.recorder: TestRecorder | None = None
        if options.record:
            self.recorder = TestRecorder(
                options.test, options.source, options.pose.model, options.tests_root
            )

    # ------------------------------------------------------------ speech

    def _say(self, text: str, *, at_least_s: float | None = None) -> None:
        """Say a phrase and wait until it has been said (a file-as-camera run), or at
        least `at_least_s` (the countdown's beat) in real time."""
        self.said.append(text)
        if self.on_cue is not None:
            self.on_cue(text)
        started = self._clock()
        before = len(self.speaker.spoken)
        self.speaker.say(text)
        length_s = instructions.speaking_time_s(text)
        if self.speaker.enabled:
            deadline = started + length_s + _SPEECH_GRACE_S
            while (
                self.speaker.enabled
                and len(self.speaker.spoken) <= before
                and self._clock() < deadline
            ):
                self._sleep(0.02)
        elif self.options.realtime:
            self._sleep(length_s if at_least_s is None else 0.0)  # time to read it
        if self.options.realtime and at_least_s is not None:
            left = at_least_s - (self._clock() - started)
            if left > 0:
                self._sleep(left)

    def _schedule(self) -> list[tuple[float, str]]:
        """(seconds from the first camera frame, phrase): the script, then the countdown
        a beat apart; "go" is the last."""
        out: list[tuple[float, str]] = []
        t = 0.0
        for phrase in instructions.script(self.options.test):
            out.append((t, phrase))
            t += instructions.speaking_time_s(phrase)
        for word in instructions.COUNTDOWN:
            out.append((t, word))
            t += instructions.COUNT_INTERVAL_S
        return out

    # ------------------------------------------------------------ frames

    def _pace(self, frames: Iterable[PoseFrame]) -> Iterator[PoseFrame]:
        return self._camera(frames) if self._is_camera else self._file(frames)

    def _file(self, frames: Iterable[PoseFrame]) -> Iterator[PoseFrame]:
        for phrase in instructions.script(self.options.test):
            self._say(phrase)
        for word in instructions.COUNTDOWN:
            # the file starts at once on "go": its first frame is the test's time 0
            self._say(word, at_least_s=instructions.COUNT_INTERVAL_S if word != "go" else 0.0)
        go = self._clock()
        for frame in frames:
            if self.options.realtime:
                delay = go + frame.t_ms / 1000 - self._clock()
                if delay > 0:
                    self._sleep(delay)
            yield frame

    def _camera(self, frames: Iterable[PoseFrame]) -> Iterator[PoseFrame]:
        schedule = self._schedule()
        first_ms: int | None = None
        go_ms: int | None = None
        for frame in frames:
            if go_ms is None:
                first_ms = frame.t_ms if first_ms is None else first_ms
                elapsed_s = (frame.t_ms - first_ms) / 1000
                while schedule and schedule[0][0] <= elapsed_s:
                    _, phrase = schedule.pop(0)
                    self.said.append(phrase)
                    if self.on_cue is not None:
                        self.on_cue(phrase)
                    self.speaker.say(phrase)
                    if not schedule:  # that was "go"
                        go_ms = frame.t_ms
                if go_ms is None:
                    continue
            yield dataclasses.replace(frame, t_ms=frame.t_ms - go_ms)

    def _on_frame(self, frame: PoseFrame) -> None:
        if self.recorder is not None:
            self.recorder.frame(frame)
        end = self.test.window_end_ms if isinstance(self.test, ChairStand30s) else None
        if end is not None and not self._stop_said and frame.t_ms >= end:
            self._stop_said = True
            self.said.append(instructions.STOP)
            if self.on_cue is not None:
                self.on_cue(instructions.STOP)
            self.speaker.say(instructions.STOP)

    # ------------------------------------------------------------ run

    def run(self) -> TestResult:
        o = self.options
        try:
            result = run_clinical_test(
                o.test,
                o.source,
                age=o.age,
                sex=o.sex,
                pose=o.pose,
                on_frame=self._on_frame,
                pace=self._pace,
                stop_when_complete=True,
                test=self.test,
            )
            said = instructions.result_phrase(result.to_dict())
            self.said.append(said)
            if self.on_cue is not None:
                self.on_cue(said)
            self.speaker.say(said)
        except BaseException:
            if self.recorder is not None:
                self.recorder.abort()
            raise
        finally:
            self.speaker.close()
        result.details["live"] = True
        if self.recorder is not None and self.recorder.track_path.is_file():
            result.details["track_path"] = str(self.recorder.track_path.resolve())
        result.details["start_signal"] = "go"
        if result.start_ms is not None and result.test != "single-leg-stance":
            # Time 0 is "go": the first movement's time is the patient's reaction time.
            result.details["go_to_first_movement_s"] = round(result.start_ms / 1000, 3)
        if self.speaker.note:
            result.notes.append(self.speaker.note)
        if self.recorder is not None:
            self.recorder.close(result.to_dict())
        return result
