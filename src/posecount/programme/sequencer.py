"""The programme's conductor for one exercise: position and camera check, talk-through,
sets, rests, and the end. Pure and clock-free: it is fed one `Tick` per analysed frame
(the frame's own t_ms, the coach's counts, whether the person is in position) and keys,
and answers with what to say and what to do. Counting stays with the coach and the
exercise machine; this decides only when things happen, so a rep the patient does early
(during the talk or the rest) is never lost: it starts the set."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from posecount.programme.gesture import GESTURE_HOLD_S
from posecount.programme.instructions import Instructions, Place, transition, words
from posecount.programme.model import Step

# The view must be right for this long without a break before the talk starts: one
# second at 10 analysed frames a second is ten frames in a row, enough to rule out a
# single lucky frame while the patient is still settling.
SETUP_CONFIRM_S = 1.0
# Camera advice is repeated at most this often while the view is still wrong: often
# enough to be a reminder, not a nag, while the patient moves the laptop.
SETUP_REPEAT_S = 10.0
# Out of view this long during a set or rest pauses the programme (a long pause: the
# patient went to answer the door); this long again stops it.
AWAY_PAUSE_S = 10.0
AWAY_STOP_S = 120.0
# After the last rep, the recording runs on this long so the lowering of the last rep
# (and its range) is in the session.
DONE_GRACE_S = 1.5
# Rests this long or longer get a "10 seconds left" warning; shorter ones only the end.
_WARN_REST_S = 15.0
_WARN_AT_S = 10.0
# Rests double at each "longer rests" choice, up to four times the prescribed rest:
# beyond that a session becomes mostly waiting, and stopping is the better choice.
MAX_REST_FACTOR = 4.0
# Spoken pace used to time the talk-through: the speaker's words a minute (espeak-ng at
# -s 160, see speech.py). The talk's end is estimated, not heard: a rep ends it sooner.
DEFAULT_WPM = 160.0


class Phase(StrEnum):
    POSITION = "position"  # getting into position; camera check
    TALK = "talk"  # what to do, feel, avoid
    SET = "set"
    REST = "rest"
    PAUSED = "paused"
    DONE = "done"


class Key(StrEnum):
    NEXT = "next"  # skip the rest (or the talk): next set now
    SKIP = "skip"  # skip this exercise
    STOP = "stop"  # stop the programme
    PAUSE = "pause"  # pause / carry on


class Ending(StrEnum):
    COMPLETE = "complete"
    SKIPPED = "skipped"
    STOPPED = "stopped"
    AWAY = "away"  # out of view for AWAY_STOP_S
    PAIN = "stopped for pain"


class Choice(StrEnum):
    """What the patient may choose when pain is in the red zone (leaflet 001: move less,
    do fewer repetitions, rest longer between sets, or stop)."""

    FEWER_REPS = "fewer-reps"
    LESS_RANGE = "less-range"
    LONGER_RESTS = "longer-rests"
    STOP = "stop"


CHOICE_KEYS = {
    "1": Choice.FEWER_REPS,
    "2": Choice.LESS_RANGE,
    "3": Choice.LONGER_RESTS,
    "4": Choice.STOP,
}
CHOICES_SPOKEN = (
    "Press 1 for fewer reps, 2 to move less far, 3 for longer rests, or 4 to stop for today."
)
# Spoken red-zone advice (our words for leaflet 001's pain chart; the full text is
# session.pain.RED_ADVICE).
RED_SPOKEN = (
    "That is in the red zone. Let's make it easier: fewer reps, a smaller movement, or "
    "longer rests. Or stop for today."
)


@dataclass(frozen=True, slots=True)
class Tick:
    t_ms: int
    set_index: int  # the coach's set, 1-based
    reps_in_set: int
    set_done: bool
    person: bool  # someone is tracked in this frame
    setup_advice: str | None  # what to change for the camera view; None = good
    holding: bool = False  # a hold is under way (it is the set begun, as a rep is)
    hand_up: bool = False  # the pause gesture (programme.gesture) in this frame


@dataclass
class Output:
    say: list[str] = field(default_factory=list)
    start_set: bool = False  # the runner tells the coach to begin the next set
    end: Ending | None = None
    choice: Choice | None = None  # a red-zone choice to apply


def _seconds(s: float) -> str:
    n = f"{s:.0f}" if s >= 10 else f"{s:.2g}"
    return "1 second" if n == "1" else f"{n} seconds"


def duration_ms(phrases: list[str], wpm: float) -> int:
    return round(sum(words(p) for p in phrases) / wpm * 60_000)


class ExerciseSequencer:
    def __init__(
        self,
        step: Step,
        title: str,
        instructions: Instructions,
        *,
        index: int,
        total: int,
        previous: Place | None,
        place: Place,
        camera: str,
        rest_factor: float = 1.0,
        wpm: float = DEFAULT_WPM,
        news: str | None = None,
    ) -> None:
        self.step = step
        self.title = title
        self.instructions = instructions
        self.index = index
        self.total = total
        self.previous = previous
        self.place = place
        self.camera = camera
        self.rest_factor = rest_factor
        self.wpm = wpm
        self.news = news  # e.g. the dose went up today
        self.phase = Phase.POSITION
        self.ending: Ending | None = None
        self.t_ms = 0
        self._started = False
        self._speech_until = 0  # estimated end of what was last said at length
        self._ok_since: int | None = None
        self._advice_said: tuple[str, int] | None = None
        self._rest_until = 0
        self._rest_set = 0
        self._warned = False
        self._rest_over_said = False
        self._end_at: int | None = None
        self._before_pause = Phase.POSITION
        self._paused_at = 0
        self._paused_by_key = False
        self._away_since: int | None = None
        self._hand_since: int | None = None
        self.awaiting_choice = False
        self.set_index = 1

    @property
    def sets(self) -> int:
        return self.step.prescription.sets

    def rest_s(self) -> float:
        return self.step.rest_s * self.rest_factor

    def rest_remaining_s(self) -> float | None:
        if self.phase != Phase.REST:
            return None
        return max(0.0, (self._rest_until - self.t_ms) / 1000)

    # ------------------------------------------------------------ phases

    def _intro(self) -> list[str]:
        say = [f"Exercise {self.index} of {self.total}: {self.title}."]
        if self.news:
            say.append(self.news)
        move = transition(self.previous, self.place)
        if move:
            say.append(move)
        say.append(self.instructions.position)
        say.append(f"Put the camera {self.camera}.")
        return say

    def _go(self, t: int) -> list[str]:
        self.phase = Phase.SET
        p = self.step.prescription
        what = (
            (f"{p.reps} reps" if p.reps > 1 else "1 rep")
            if p.reps
            else (f"hold for {p.hold_s:g} seconds" if p.hold_s else "at your own pace")
        )
        lead = f"Set {self.set_index} of {self.sets}: {what}." if self.sets > 1 else f"{what}."
        return [lead[0].upper() + lead[1:], "Start when you are ready."]

    def _timed(self, t: int, phrases: list[str]) -> list[str]:
        self._speech_until = t + duration_ms(phrases, self.wpm)
        return phrases

    def update(self, tick: Tick) -> Output:
        t = tick.t_ms
        self.t_ms = t
        out = Output()
        if self.ending is not None:
            return out
        if not self._started:
            self._started = True
            out.say += self._timed(t, self._intro())
        moved = tick.set_index > 1 or tick.reps_in_set > 0 or tick.holding
        self._track_away(tick, out)
        self._track_gesture(tick, out)
        if self.phase == Phase.PAUSED:
            return out
        if self.phase in (Phase.POSITION, Phase.TALK) and moved:
            # Started before the talk was over: that is the set.
            self.phase = Phase.SET
        if self.phase == Phase.POSITION:
            out.say += self._position(tick)
        elif self.phase == Phase.TALK and t >= self._speech_until:
            out.say += self._go(t)
        if self.phase == Phase.SET and tick.set_done:
            self._set_done(tick, out)
        elif self.phase == Phase.REST:
            self._rest(tick, out)
        if self.phase == Phase.DONE and self._end_at is not None and t >= self._end_at:
            self.ending = Ending.COMPLETE
            out.end = Ending.COMPLETE
        return out

    def _position(self, tick: Tick) -> list[str]:
        t = tick.t_ms
        if t < self._speech_until:
            return []
        if tick.setup_advice is None and tick.person:
            if self._ok_since is None:
                self._ok_since = t
            if t - self._ok_since >= SETUP_CONFIRM_S * 1000:
                self.phase = Phase.TALK
                return self._timed(t, ["Good, I can see you.", *self.instructions.talk()])
            return []
        self._ok_since = None
        advice = tick.setup_advice or "step into view so the camera sees your whole body"
        last = self._advice_said
        if last is None or last[0] != advice or t - last[1] >= SETUP_REPEAT_S * 1000:
            self._advice_said = (advice, t)
            return [advice[0].upper() + advice[1:] + "."]
        return []

    def _set_done(self, tick: Tick, out: Output) -> None:
        t = tick.t_ms
        if tick.set_index >= self.sets:
            self.phase = Phase.DONE
            self._end_at = t + round(DONE_GRACE_S * 1000)
            out.say.append(f"{self.title} done. Well done.")
            return
        rest = self.rest_s()
        self.phase = Phase.REST
        self._rest_set = tick.set_index
        self._rest_until = t + round(rest * 1000)
        self._warned = rest < _WARN_REST_S
        self._rest_over_said = False
        out.say.append(f"Set {tick.set_index} done. Rest for {_seconds(rest)}.")

    def _rest(self, tick: Tick, out: Output) -> None:
        t = tick.t_ms
        if tick.set_index > self._rest_set:  # a rep during the rest began the next set
            self.set_index = tick.set_index
            self.phase = Phase.SET
            return
        left_ms = self._rest_until - t
        if not self._warned and left_ms <= _WARN_AT_S * 1000:
            self._warned = True
            out.say.append("10 seconds left.")
        if left_ms > 0:
            return
        if tick.person and tick.setup_advice is None:
            self.set_index = self._rest_set + 1
            out.start_set = True
            out.say += self._go(t)
        elif not self._rest_over_said:
            self._rest_over_said = True
            out.say.append("Rest is over. Get back into position when you are ready.")

    def _track_away(self, tick: Tick, out: Output) -> None:
        t = tick.t_ms
        if tick.person:
            self._away_since = None
            if self.phase == Phase.PAUSED and not self._paused_by_key:
                out.say += self._resume(t)
            return
        if self.phase not in (Phase.SET, Phase.REST, Phase.PAUSED):
            return
        if self._away_since is None:
            self._away_since = t
        away_ms = t - self._away_since
        if self.phase != Phase.PAUSED and away_ms >= AWAY_PAUSE_S * 1000:
            self._pause(t)
            out.say.append("Paused. Come back into view when you are ready to carry on.")
        elif self.phase == Phase.PAUSED and away_ms >= AWAY_STOP_S * 1000:
            self.ending = Ending.AWAY
            out.end = Ending.AWAY
            out.say.append("Stopping here: I have not seen you for two minutes.")

    def _track_gesture(self, tick: Tick, out: Output) -> None:
        """A hand held up pauses, or carries on after any pause; it must come down
        before it counts again."""
        if not tick.hand_up:
            self._hand_since = None
            return
        if self._hand_since is None:
            self._hand_since = tick.t_ms
        if self._hand_since < 0 or tick.t_ms - self._hand_since < GESTURE_HOLD_S * 1000:
            return
        self._hand_since = -1  # used: wait for the hand to come down
        if self.phase == Phase.PAUSED:
            out.say += self._resume(tick.t_ms)
        elif self.phase in (Phase.SET, Phase.REST, Phase.TALK):
            self._pause(tick.t_ms)
            self._paused_by_key = True  # stays paused in view, until the hand or a key
            out.say.append("Paused. Raise your hand again, or press space, to carry on.")

    def _pause(self, t: int) -> None:
        self._before_pause = self.phase
        self._paused_at = t
        self.phase = Phase.PAUSED

    def _resume(self, t: int) -> list[str]:
        self.phase = self._before_pause
        self._paused_by_key = False
        if self.phase == Phase.REST:
            self._rest_until += t - self._paused_at
        return ["Carrying on."]

    # ------------------------------------------------------------ keys and pain

    def key(self, key: Key, tick: Tick) -> Output:
        out = Output()
        t = tick.t_ms
        if self.ending is not None:
            return out
        if key == Key.PAUSE:
            if self.phase == Phase.PAUSED:
                out.say += self._resume(t)
            else:
                self._pause(t)
                self._paused_by_key = True
                out.say.append("Paused. Press space to carry on.")
        elif key == Key.SKIP:
            self.ending = out.end = Ending.SKIPPED
            out.say.append(f"Skipping {self.title}.")
        elif key == Key.STOP:
            self.ending = out.end = Ending.STOPPED
            out.say.append("Stopping the programme.")
        elif key == Key.NEXT:
            if self.phase in (Phase.POSITION, Phase.TALK):
                out.say += self._go(t)
            elif self.phase == Phase.REST:
                self.set_index = self._rest_set + 1
                out.start_set = True
                out.say += self._go(t)
            elif self.phase == Phase.SET and tick.set_index < self.sets:
                self.set_index = tick.set_index + 1
                out.start_set = True
                out.say += self._go(t)
        return out

    def pain(self, colour: str) -> Output:
        out = Output()
        if colour == "red":
            self.awaiting_choice = True
            out.say += [RED_SPOKEN, CHOICES_SPOKEN]
        elif colour == "amber":
            out.say.append("Amber: that is all right. Keep it comfortable.")
        else:
            out.say.append("Green: carry on.")
        return out

    def choose(self, choice: Choice) -> Output:
        out = Output(choice=choice)
        self.awaiting_choice = False
        if choice == Choice.STOP:
            self.ending = out.end = Ending.PAIN
            out.say.append("Stopping for today. Well done for listening to your body.")
        elif choice == Choice.FEWER_REPS:
            out.say.append("Fewer reps from the next set.")
        elif choice == Choice.LESS_RANGE:
            out.say.append("Move only as far as is comfortable. I will not ask for more.")
        else:
            longer = min(MAX_REST_FACTOR, self.rest_factor * 2)
            if self.phase == Phase.REST:
                self._rest_until += round(self.step.rest_s * (longer - self.rest_factor) * 1000)
            self.rest_factor = longer
            out.say.append("Longer rests from now on.")
        return out
