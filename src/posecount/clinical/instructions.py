"""What a patient is told, aloud, before each clinical test, and the start signal. Our own
words, short sentences a patient can follow from across the room; the set-up follows each
test's published protocol (chair against a wall, arms crossed for the chair-stand tests,
eyes open and a support within reach for the single-leg stance)."""

from __future__ import annotations

from posecount.clinical.chair_stand import NAME as CHAIR_STAND
from posecount.clinical.chair_stand import WINDOW_MS
from posecount.clinical.five_times import NAME as FIVE_TIMES
from posecount.clinical.single_leg import NAME as SINGLE_LEG
from posecount.clinical.tug import NAME as TUG

# Said before every test: what the camera must see, and when to stop.
CAMERA = "Put the camera where it sees all of you, from head to feet{chair}."
SAFETY = "Stop at once if you feel pain, dizziness or unsteady."

SCRIPTS: dict[str, tuple[str, ...]] = {
    TUG: (
        "Timed up and go.",
        "Sit well back in a chair with arms, the chair against a wall, feet flat on the "
        "floor. Your hands can rest on your thighs.",
        "A mark on the floor three metres in front of you shows where to turn.",
        "On go, stand up, walk at your usual pace to the mark, turn, walk back, and sit "
        "down again. Use your walking aid if you have one.",
    ),
    FIVE_TIMES: (
        "Five times sit to stand.",
        "Sit in the middle of a firm chair with no arms, its back against a wall, feet "
        "flat and a little apart.",
        "Cross your arms over your chest and keep them there the whole time.",
        "On go, stand up straight and sit down again, five times, as fast as you safely can.",
    ),
    CHAIR_STAND: (
        "Thirty second chair stand.",
        "Sit in the middle of a firm chair with no arms, its back against a wall, feet "
        "flat on the floor.",
        "Cross your arms over your chest and keep them there the whole time.",
        "On go, stand up straight and sit down again, as many times as you can, until I say stop.",
    ),
    SINGLE_LEG: (
        "Single leg stance, eyes open.",
        "Stand facing the camera with your whole body in view, beside a counter or a "
        "chair you can hold if you wobble.",
        "Arms across your chest or at your sides, eyes on a spot in front of you.",
        "On go, lift one foot off the floor and stand on the other leg as long as you "
        "can. Put the foot down when you need to. Up to three tries on each leg.",
    ),
}

COUNTDOWN = ("3", "2", "1", "go")
COUNT_INTERVAL_S = 1.0
# The 30-second chair stand ends on the examiner's "stop" (Jones, Rikli & Beam 1999).
STOP = "Stop."
STOP_AFTER_MS = {CHAIR_STAND: WINDOW_MS}
# Speech runs at 160 words a minute (posecount.speech); a short pause after each phrase.
_WORDS_PER_S = 160 / 60
_PAUSE_S = 0.6


def script(test: str) -> tuple[str, ...]:
    """Everything said before the countdown, in order."""
    chair = "" if test == SINGLE_LEG else ", and the chair"
    return (*SCRIPTS[test], CAMERA.format(chair=chair), SAFETY, "Get ready.")


def speaking_time_s(text: str) -> float:
    """About how long a phrase takes to say, to pace the next one after it."""
    return len(text.split()) / _WORDS_PER_S + _PAUSE_S


def result_phrase(d: dict[str, object]) -> str:
    """The result said aloud at the end (the details are on the screen)."""
    if not d["valid"]:
        return f"That try did not count: {d['reason']}."
    value = d["value"]
    if d["unit"] == "stands":
        return f"Done. {value} stands."
    bound = "At least " if d["at_least"] else ""
    return f"Done. {bound}{float(value):.1f} seconds."  # type: ignore[arg-type]
