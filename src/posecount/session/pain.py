"""The pain check (leaflet 001's traffic light): 0-10 before, between sets and after.

Green and amber are fine to carry on; red means ease off. Bands are configurable: a
physiotherapist may set them differently for a patient.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from posecount.errors import PosecountError


@dataclass(frozen=True, slots=True)
class PainBands:
    green_max: int = 3  # 0-3
    amber_max: int = 5  # 4-5; 6-10 is red

    def __post_init__(self) -> None:
        if not 0 <= self.green_max < self.amber_max < 10:
            raise PosecountError(
                f"pain bands must satisfy 0 <= green < amber < 10, got green {self.green_max}, "
                f"amber {self.amber_max}; e.g. --pain-bands 3,5"
            )

    @classmethod
    def parse(cls, text: str) -> PainBands:
        try:
            green, amber = (int(x) for x in text.split(","))
        except ValueError:
            raise PosecountError(
                "--pain-bands wants two whole numbers 'GREEN_MAX,AMBER_MAX' such as 3,5; "
                f"got {text!r}"
            ) from None
        return cls(green, amber)

    def colour(self, score: int) -> str:
        check_score(score)
        if score <= self.green_max:
            return "green"
        return "amber" if score <= self.amber_max else "red"


def check_score(score: int) -> int:
    if not 0 <= score <= 10:
        raise PosecountError(f"pain score must be 0 to 10, got {score}")
    return score


# Our wording of the leaflet's advice for the red zone.
RED_ADVICE = (
    "Pain is in the red zone: make it easier - move less far, do fewer reps, go slower or "
    "rest longer between sets, or stop for today. Pain should settle back to how it was "
    "before within 30 minutes; if it does not, or keeps getting worse, talk to your "
    "physiotherapist or GP."
)
AMBER_ADVICE = "Pain is in the amber zone: that is acceptable; keep the movements comfortable."
GREEN_ADVICE = "Pain is in the green zone: carry on."


def advice(score: int, bands: PainBands) -> str:
    return {"green": GREEN_ADVICE, "amber": AMBER_ADVICE, "red": RED_ADVICE}[bands.colour(score)]


# ---------------------------------------------------------------- entering a score

_PAIN_HELP = "pain is a whole number from 0 (none) to 10 (worst)"


def parse_score(text: str) -> int:
    """A typed score, or PosecountError saying what was received and what to type."""
    t = text.strip()
    # ASCII digits only: str.isdigit() also accepts '¹' or '٣', which int() refuses.
    if not (t.isascii() and t.isdigit()) or not 0 <= int(t) <= 10:
        raise PosecountError(f"{_PAIN_HELP}, got {text.strip()!r}; type it again")
    return int(t)


def ask_score(
    question: str, read: Callable[[str], str], tell: Callable[[str], None], tries: int = 5
) -> int | None:
    """Asks at the terminal until a valid score comes: 11 or "x" is asked again, never
    stored. An empty answer or the end of input skips the question (None); after
    `tries` bad answers it is skipped too, rather than trapping the patient."""
    for _ in range(tries):
        try:
            text = read(f"{question} (0-10, Enter to skip): ")
        except EOFError:
            return None
        if not text.strip():
            return None
        try:
            return parse_score(text)
        except PosecountError as e:
            tell(str(e))
    tell("pain not recorded this time")
    return None


# At the window: a single digit is taken once this long passes with no second digit
# (or at once with Enter), so 1 then 0 gives 10. 1.5 s is long enough for a second
# key press from the floor, short enough not to feel ignored.
KEYPAD_WAIT_MS = 1500


@dataclass
class PainKeypad:
    """Digits pressed at the window, fed with the time of the press (no clock)."""

    typed: str = ""
    since_ms: int = 0

    def press(self, key: str, t_ms: int) -> int | str | None:
        """A score (int), a complaint to show (str: the entry was refused and cleared),
        or None (still typing)."""
        if key in ("\r", "\n"):
            return self._take()
        if not (key.isascii() and key.isdigit()):
            return None
        self.typed += key
        self.since_ms = t_ms
        if self.typed == "1":  # could be the start of 10: wait for a second digit
            return None
        return self._take()

    def poll(self, t_ms: int) -> int | str | None:
        if self.typed and t_ms - self.since_ms >= KEYPAD_WAIT_MS:
            return self._take()
        return None

    def _take(self) -> int | str | None:
        typed, self.typed = self.typed, ""
        if not typed:
            return None
        try:
            return parse_score(typed)
        except PosecountError:
            return f"{typed} is not a pain score: press 0 to 10"
