"""Runs a programme: one live session per exercise (recorded exactly as `posecount live`
records: a session folder and the history database), conducted by the pure sequencer.
This is the edge where the sequencer meets the camera, the speaker, the keys and the
files; the decisions are all in `programme.sequencer`.

Besides each exercise's own session, a small programme record is written as it goes
(`<data dir>/programmes/<started>-<name>.json`, replaced whole on every change): which
sessions belong to this run, the pain checks between sets and any changes the patient
chose, so `posecount pain` and `posecount today` can find them again.
"""

from __future__ import annotations

import json
import math
import os
import queue
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from posecount.exercises.registry import get_exercise
from posecount.programme.gesture import hand_up
from posecount.programme.instructions import (
    GET_UP,
    INSTRUCTIONS,
    Instructions,
    Place,
    place_of,
)
from posecount.programme.model import Programme
from posecount.programme.sequencer import (
    CHOICE_KEYS,
    MAX_REST_FACTOR,
    Choice,
    Ending,
    ExerciseSequencer,
    Key,
    Output,
    Phase,
    Tick,
)
from posecount.session.coach import setup_advice
from posecount.session.pain import PainBands, PainKeypad
from posecount.session.pipeline import PoseSettings
from posecount.speech import Speaker
from posecount.types import Event, PoseFrame, PostureMismatch, PostureOk, ViewDecided

# "Fewer reps" cuts each set by a third (at least one rep): a clear easing the patient
# notices, not so much that the session loses its point. Leaflet 001 names the option
# without a figure.
FEWER_REPS_SHARE = 2 / 3
_KEYS = {" ": Key.PAUSE, "n": Key.NEXT, "s": Key.SKIP, "q": Key.STOP}


def programmes_dir(sessions_root: Path | None) -> Path:
    from posecount.store.recording import sessions_dir

    return (sessions_root or sessions_dir()).parent / "programmes"


@dataclass
class ProgrammeOptions:
    programme: Programme
    sources: dict[str, Path] = field(default_factory=dict)  # exercise id -> file
    camera: int | None = None
    window: bool = True
    mute: bool = False
    fast: bool = False  # play files as fast as they analyse, not in real time
    pain_before: int | None = None
    pain_after: int | None = None
    pain_between: int | None = None  # headless: the score given at every set check
    if_red: Choice | None = None  # headless: the choice made when pain is red
    bands: PainBands = field(default_factory=PainBands)
    pose: PoseSettings = PoseSettings()
    patient: str | None = None
    db_path: Path | None = None
    sessions_root: Path | None = None
    speaker: Speaker | None = None  # a ready speaker (tests); else one is made
    fullscreen: bool = True
    high_contrast: bool = False


@dataclass
class _Adapt:
    """The patient's red-zone choices, kept for the rest of the programme."""

    reps_share: float = 1.0
    less_range: bool = False
    rest_factor: float = 1.0
    chosen: list[str] = field(default_factory=list)


class ProgrammeRun:
    def __init__(self, options: ProgrammeOptions) -> None:
        self.options = options
        self.programme = options.programme
        self.speaker = options.speaker or Speaker(
            enabled=not options.mute,
            fallback="cues are shown on screen only"
            if options.window
            else "there is no window either (--no-window): the summary comes at the end",
        )
        self._own_speaker = options.speaker is None
        self.adapt = _Adapt()
        self.results: list[dict[str, Any]] = []
        self.started = datetime.now().astimezone()
        folder = programmes_dir(options.sessions_root)
        folder.mkdir(parents=True, exist_ok=True)
        from posecount.store.recording import unused_path

        stamp = self.started.strftime("%Y%m%dT%H%M%S")
        # never overwrite an earlier run's record
        self.record_path = unused_path(folder, f"{stamp}-{self.programme.name}", ".json")
        self.record: dict[str, Any] = {
            "programme": self.programme.name,
            "title": self.programme.title,
            "source": self.programme.source,
            "per_day": self.programme.per_day,
            # to the microsecond: runs are ordered by it (progression), even a second apart
            "started": self.started.isoformat(timespec="microseconds"),
            "status": "running",
            "sessions": [],
            "pain_checks": [],
            "choices": [],
        }
        self._write_record()
        self.stopped: Ending | None = None
        # Keys come from the window's thread; they are handled on the analysis thread,
        # at the next frame, so the sequencer is only ever touched by one thread.
        self.keys: queue.Queue[str] = queue.Queue()
        self.current: _Conductor | None = None
        self.after: int | None = None
        self.progress: dict[str, str] = {}  # exercise -> why its dose went up today

    def _write_record(self) -> None:
        tmp = self.record_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.record, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.record_path)  # never a half-written record

    # ------------------------------------------------------------ the run

    def run(
        self,
        display: Callable[[Any], None] | None = None,
        ask_pain: Callable[[str], int | None] | None = None,
    ) -> dict[str, Any]:
        """Every exercise in order, until the end or a stop. `ask_pain(when)` asks the
        patient (terminal) when no score was given on the command line."""
        o = self.options
        before = o.pain_before
        if before is None and ask_pain is not None:
            before = ask_pain("before")
        previous: Place | None = None
        steps = self._progressed()
        last_session: Any = None
        try:
            for i, step in enumerate(steps, 1):
                spec = get_exercise(step.exercise).spec
                if self.stopped is not None:
                    self.results.append(self._not_run(step.exercise, "not reached: stopped"))
                    continue
                if o.sources and step.exercise not in o.sources:
                    self.results.append(
                        self._not_run(step.exercise, "skipped: no --source given for it")
                    )
                    continue
                session = self._session(step, i, len(steps), previous, spec)
                if before is not None and last_session is None:
                    session.recorder.pain("before", before)
                summary = session.run(display)
                last_session = session
                previous = place_of(spec.postures)
                self.results.append(self._result(session, summary))
                if summary["status"] == "interrupted":
                    self.stopped = Ending.STOPPED
            if last_session is not None and self.stopped is None:
                self._closing_words(previous)
            after = self.after = o.pain_after
            if after is None and ask_pain is not None and last_session is not None:
                after = self.after = ask_pain("after")
            if after is not None and last_session is not None:
                last_session.recorder.pain("after", after)
                for r in self.results:
                    if r.get("session_dir") == str(last_session.recorder.dir):
                        r["pain"] = dict(last_session.recorder.meta["pain"])
        finally:
            if self._own_speaker:
                self.speaker.close()
            every = all(r.get("programme_status") == "complete" for r in self.results)
            # "partial": it ran to the end, but not every exercise's sets were done (a
            # recording ended, an exercise skipped); only "complete" counts for today.
            status = "complete" if every else "partial"
            self.record["status"] = self.stopped.value if self.stopped else status
            self.record["ended"] = datetime.now().astimezone().isoformat(timespec="seconds")
            self.record["pain"] = {"before": before, "after": self.after}
            self._write_record()
        return self.summary(before)

    def _progressed(self) -> tuple[Any, ...]:
        """Today's doses: the progression rule applied to this programme's past runs."""
        from posecount.programme.progression import load_records, next_dose, outcomes

        # Finished runs only: this run's own record (and one killed mid-run) says
        # "running".
        records = [
            r
            for r in load_records(self.record_path.parent, self.programme.name)
            if r.get("status") != "running"
        ]
        steps = []
        for step in self.programme.steps:
            past = outcomes(records, step.exercise, self.options.bands.green_max)
            dose, why = next_dose(step, past, self.programme.progression)
            if why:
                self.progress[step.exercise] = why
            steps.append(replace(step, prescription=dose))
        return tuple(steps)

    def _closing_words(self, place: Place | None) -> None:
        # Leaflet 002's readers asked how to get back up at the end, too.
        if place == Place.FLOOR:
            self.speaker.say(GET_UP, droppable=False)
        self.speaker.say(
            "That is the programme done. Well done. In half an hour, check whether the pain "
            "has settled, and note it.",
            droppable=False,
        )

    def _not_run(self, exercise: str, why: str) -> dict[str, Any]:
        return {"exercise": exercise, "status": why, "reps": 0, "holds_s": []}

    def _session(self, step: Any, index: int, total: int, previous: Place | None, spec: Any) -> Any:
        from posecount.session.live import LiveOptions, LiveSession

        o = self.options
        prescription = step.prescription
        if self.adapt.reps_share < 1 and prescription.reps:
            prescription = replace(
                prescription, reps=max(1, math.floor(prescription.reps * self.adapt.reps_share))
            )
        source = o.sources.get(step.exercise)
        session = LiveSession(
            LiveOptions(
                exercise=step.exercise,
                camera=o.camera if source is None else None,
                source=source,
                window=o.window,
                mute=o.mute,
                pose=o.pose,
                sessions_root=o.sessions_root,
                realtime=not o.fast,
                patient=o.patient,
                db_path=o.db_path,
                speaker=self.speaker,
                prescription=prescription,
                programme=True,
                fullscreen=o.fullscreen,
                high_contrast=o.high_contrast,
            )
        )
        session.coach.range_feedback = not self.adapt.less_range
        instructions = INSTRUCTIONS.get(
            spec.id, Instructions(spec.how, spec.how, "", "Stop if it hurts more.")
        )
        sequencer = ExerciseSequencer(
            replace(step, prescription=prescription),
            spec.title,
            instructions,
            index=index,
            total=total,
            previous=previous,
            place=place_of(spec.postures),
            camera=spec.camera,
            rest_factor=self.adapt.rest_factor,
            news=f"Up a step today: {prescription.describe()}."
            if step.exercise in self.progress
            else None,
        )
        conductor = _Conductor(self, session, sequencer, spec)
        self.current = conductor
        session.hook = conductor.frame
        session.overlay_hook = conductor.overlay
        session.on_key = conductor.key
        session.recorder.meta["programme"] = {
            "name": self.programme.name,
            "record": str(self.record_path),
            "step": index,
            "of": total,
            "rest_s": step.rest_s,
            "phases": conductor.phases,  # the same list, filled as the session runs
        }
        self.record["sessions"].append(
            {
                "exercise": step.exercise,
                "session_dir": str(session.recorder.dir),
                "history_id": session.recorder.session_id,
            }
        )
        self._write_record()
        return session

    def _result(self, session: Any, summary: dict[str, Any]) -> dict[str, Any]:
        c = self.current
        assert c is not None
        out = {k: v for k, v in summary.items() if k != "events"}
        ending = c.sequencer.ending
        if ending is None and c.sequencer.phase == Phase.DONE:
            ending = Ending.COMPLETE  # the recording ended within the last rep's grace
        out["programme_status"] = (ending or Ending.STOPPED).value
        if ending is None and summary["status"] in ("complete", "ended early"):
            out["programme_status"] = "source ended"
        out["sets_done"] = c.sets_done()
        out["sets"] = c.sequencer.sets
        out["pain_checks"] = c.pain_checks
        out["choices"] = c.choices
        out["phases"] = c.phases
        out["progression"] = self.progress.get(c.spec.id)
        p = session.coach.prescription
        sides = len(c.spec.sides) or 1
        expected = p.sets * (p.reps or 1) * sides if (p.reps or p.hold_s) else 0
        entry = self.record["sessions"][-1]
        entry.update(
            {
                "dose": {"sets": p.sets, "reps": p.reps, "hold_s": p.hold_s},
                "programme_status": out["programme_status"],
                "reps": summary.get("reps", 0),
                "reps_expected": expected,
                "progression": out["progression"],
            }
        )
        self._write_record()
        if c.sequencer.ending in (Ending.STOPPED, Ending.PAIN, Ending.AWAY):
            self.stopped = c.sequencer.ending
        return out

    def summary(self, before: int | None) -> dict[str, Any]:
        done = [r for r in self.results if "session_dir" in r]
        return {
            "programme": self.programme.name,
            "title": self.programme.title,
            "status": self.record["status"],
            "exercises": self.results,
            "totals": {
                "exercises": len(self.programme.steps),
                "exercises_run": len(done),
                "exercises_complete": sum(
                    1 for r in done if r.get("programme_status") == Ending.COMPLETE.value
                ),
                "reps": sum(int(r.get("reps", 0)) for r in done),
                "holds": sum(len(r.get("holds_s", [])) for r in done),
                "duration_s": round(sum(float(r.get("duration_s") or 0) for r in done), 2),
                "sets_done": sum(int(r.get("sets_done", 0)) for r in done),
            },
            "pain": {
                "before": before,
                "after": self.after,
                "checks": list(self.record["pain_checks"]),
            },
            "choices": list(self.record["choices"]),
            "spoken": list(self.speaker.said),
            "record": str(self.record_path),
        }


class _Conductor:
    """One exercise's glue between its live session and its sequencer."""

    def __init__(
        self, run: ProgrammeRun, session: Any, sequencer: ExerciseSequencer, spec: Any
    ) -> None:
        self.run = run
        self.session = session
        self.sequencer = sequencer
        self.spec = spec
        self.keys: queue.Queue[str] = queue.Queue()
        self.keypad = PainKeypad()
        self.pain_checks: list[dict[str, Any]] = []
        self.choices: list[str] = []
        self.notice: str | None = None  # a refused pain entry, shown on screen
        self._last_tick: Tick | None = None
        self._phase = sequencer.phase
        self._rest_set = 0
        self.view_supported: bool | None = None
        self.view_hint: str | None = None
        self.posture_advice: str | None = None
        self.phases: list[dict[str, Any]] = [{"t_ms": 0, "phase": sequencer.phase.value, "set": 1}]

    def sets_done(self) -> int:
        c = self.session.coach
        return c.set_index if c.set_done else c.set_index - 1

    # called from the window's thread
    def key(self, ch: str) -> None:
        if ch == " ":  # pause at once: frames stop being analysed and recorded
            if self.session.paused.is_set():
                self.session.paused.clear()
            else:
                self.session.paused.set()
        self.keys.put(ch)

    # called on the analysis thread, every analysed frame
    def frame(
        self, session: Any, events: list[Event], pose: PoseFrame, phrases: list[str]
    ) -> list[str]:
        c = session.coach
        for e in events:
            if isinstance(e, ViewDecided):
                self.view_supported = e.supported
                self.view_hint = e.hint or None if not e.supported else None
            elif isinstance(e, PostureMismatch):
                self.posture_advice = f"this one is done {e.expected}"
            elif isinstance(e, PostureOk):
                self.posture_advice = None
        # The position is confirmed from the analysis's own decisions (posture and view
        # events) as well as from this frame: the body in view, the camera placed right.
        advice = (
            setup_advice(pose, self.spec, self.view_supported)
            if pose.landmarks is not None
            else "step into view so the camera sees your whole body"
        )
        advice = advice or self.posture_advice or self.view_hint
        tick = Tick(
            t_ms=pose.t_ms,
            set_index=c.set_index,
            reps_in_set=c.in_set,
            set_done=c.set_done,
            person=pose.landmarks is not None,
            setup_advice=advice,
            holding=c.in_hold,
            hand_up=hand_up(pose),
        )
        self._last_tick = tick
        for p in phrases:  # the coach's counts and hold words: stale ones may be dropped
            self.run.speaker.say(p)
        while not self.keys.empty():
            self._apply(self._on_key(self.keys.get_nowait(), tick))
        entry = self.keypad.poll(tick.t_ms)
        if entry is not None:
            self._apply(self._pain_entry(entry))
        self._apply(self.sequencer.update(tick))
        if self.sequencer.phase != self._phase:
            # The programme's own decisions, timed like events, so a report can show
            # when each set and rest began and why the exercise ended.
            self.phases.append(
                {"t_ms": tick.t_ms, "phase": self.sequencer.phase.value, "set": c.set_index}
            )
            if self.sequencer.phase == Phase.REST:
                self._rest_started(c.set_index)
        self._phase = self.sequencer.phase
        return []

    def _rest_started(self, set_index: int) -> None:
        self._rest_set = set_index
        o = self.run.options
        if o.pain_between is not None:
            self._apply(self._pain_entry(o.pain_between))
        elif o.window:
            self.run.speaker.say("Pain check: press a number from 0 to 10.", droppable=False)

    def _on_key(self, ch: str, tick: Tick) -> Output:
        if self.sequencer.awaiting_choice and ch in CHOICE_KEYS:
            return self._choose(CHOICE_KEYS[ch])
        if ch.isdigit() or ch in ("\r", "\n"):
            entry = self.keypad.press(ch, tick.t_ms)
            return self._pain_entry(entry) if entry is not None else Output()
        key = _KEYS.get(ch)
        if key is None:
            return Output()
        if key == Key.PAUSE and not self.session.paused.is_set():
            # Resumed by the key in the window thread already; tell the sequencer.
            if self.sequencer.phase != Phase.PAUSED:
                return Output()
        return self.sequencer.key(key, tick)

    def _pain_entry(self, entry: int | str) -> Output:
        if isinstance(entry, str):
            self.notice = entry
            return Output(say=["That is not a pain score. Press 0 to 10."])
        self.notice = None
        colour = self.run.options.bands.colour(entry)
        check = {
            "exercise": self.spec.id,
            "after_set": self._rest_set or self.session.coach.set_index,
            "score": entry,
            "zone": colour,
            "t_ms": self._last_tick.t_ms if self._last_tick else 0,
        }
        self.pain_checks.append(check)
        self.session.recorder.meta.setdefault("pain_checks", []).append(check)
        self.run.record["pain_checks"].append(check)
        self.run._write_record()
        out = self.sequencer.pain(colour)
        if colour == "red" and self.run.options.if_red is not None:
            chosen = self._choose(self.run.options.if_red)
            out.say += chosen.say
            out.end = chosen.end
        return out

    def _choose(self, choice: Choice) -> Output:
        out = self.sequencer.choose(choice)
        a = self.run.adapt
        c = self.session.coach
        if choice == Choice.FEWER_REPS:
            a.reps_share *= FEWER_REPS_SHARE
            if c.prescription.reps:
                fewer = max(1, math.floor(c.prescription.reps * FEWER_REPS_SHARE))
                c.prescription = replace(c.prescription, reps=fewer)
                self.sequencer.step = replace(self.sequencer.step, prescription=c.prescription)
        elif choice == Choice.LESS_RANGE:
            a.less_range = True
            c.range_feedback = False
        elif choice == Choice.LONGER_RESTS:
            a.rest_factor = min(MAX_REST_FACTOR, a.rest_factor * 2)
        a.chosen.append(choice.value)
        self.choices.append(choice.value)
        entry = {"exercise": self.spec.id, "choice": choice.value}
        self.session.recorder.meta.setdefault("choices", []).append(entry)
        self.run.record["choices"].append(entry)
        self.run._write_record()
        return out

    def _apply(self, out: Output) -> None:
        for p in out.say:
            self.run.speaker.say(p, droppable=False)
        if out.start_set:
            self.session.coach.next_set()
        if out.end is not None:
            self.session.status = "complete" if out.end == Ending.COMPLETE else "stopped"
            self.session.end_now.set()

    # called for the window: the programme's view of the overlay
    def overlay(self, state: Any) -> Any:
        seq = self.sequencer
        c = self.session.coach
        phase = seq.phase
        cue = state.cue
        if phase == Phase.POSITION and self._last_tick is not None:
            cue = self._last_tick.setup_advice or "good - hold still a moment"
        elif phase == Phase.TALK:
            cue = seq.instructions.action
        elif phase == Phase.REST:
            cue = "rest - pain now? press 0 to 10"
        elif phase == Phase.DONE:
            cue = "well done"
        if seq.awaiting_choice:
            cue = "1 fewer reps   2 move less   3 longer rests   4 stop"
        if self.notice:
            cue = self.notice
        if self.keypad.typed:
            cue = f"pain: {self.keypad.typed}_"
        holding = phase == Phase.SET and state.hold_elapsed_s is not None
        per_set = c.per_set
        title = state.exercise_title
        if per_set:
            title += f" - {per_set} reps" if per_set > 1 else " - 1 rep"
        elif c.hold_target_s:
            title += f" - hold {c.hold_target_s:g} s"
        return replace(
            state,
            headline=f"Exercise {seq.index} of {seq.total}",
            count_text=str(c.in_set),
            exercise_title=title,
            set_text=f"Set {c.set_index} of {seq.sets}",
            hold_remaining_s=state.hold_remaining_s if holding else None,
            hold_elapsed_s=state.hold_elapsed_s if holding else None,
            rest_remaining_s=seq.rest_remaining_s(),
            rest_total_s=seq.rest_s(),
            cue=cue,
            paused=state.paused or phase == Phase.PAUSED,
            status_line="space pause   n next set   s skip   q stop",
        )
