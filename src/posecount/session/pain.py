"""The pain check (leaflet 001's traffic light): 0-10 before, between sets and after.

Green and amber are fine to carry on; red means ease off. Bands are configurable: a
physiotherapist may set them differently for a patient.
"""

from __future__ import annotations

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
