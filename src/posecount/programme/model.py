"""A programme: the exercises of one session, in order, each with its dose and the rest
between sets, a per-day target and the rule that progresses it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from posecount.errors import PosecountError
from posecount.prescription.model import Prescription


class ProgrammeError(PosecountError):
    """A programme name or file that cannot be used."""


# Rest between sets. Leaflet 001 names "increasing rest time between sets" as a way to
# ease off without giving a figure; 30 s lets breathing settle after a set of 10-15
# slow reps, and is the common starting rest for low-load endurance work (ACSM
# progression models, 2009: 30-90 s for light loads and many repetitions).
DEFAULT_REST_S = 30.0
MIN_REST_S = 0.0
MAX_REST_S = 600.0


@dataclass(frozen=True, slots=True)
class Progression:
    """How a dose grows, readable and changeable in the programme file.

    After `after_sessions` sessions in a row of this exercise in which every prescribed
    rep was done and pain stayed green: one more set (up to the target sets), and holds
    `hold_step_s` longer (up to the target hold). Without a target nothing is invented:
    the dose stays as prescribed.
    """

    after_sessions: int = 3
    add_sets: int = 1
    hold_step_s: float = 5.0

    def __post_init__(self) -> None:
        # One session is too few to judge tolerance (pain can flare the next day, leaflet
        # 001); more than 20 would mean never progressing in a 12-week programme.
        if not 1 <= self.after_sessions <= 20:
            raise ValueError(f"after_sessions must be 1 to 20, got {self.after_sessions!r}")
        if not 0 <= self.add_sets <= 5:
            raise ValueError(f"add_sets must be 0 to 5, got {self.add_sets!r}")
        if not 0 <= self.hold_step_s <= 60:
            raise ValueError(f"hold_step_s must be 0 to 60, got {self.hold_step_s!r}")


@dataclass(frozen=True, slots=True)
class Step:
    """One exercise of a programme."""

    exercise: str
    prescription: Prescription
    rest_s: float = DEFAULT_REST_S

    def __post_init__(self) -> None:
        if not MIN_REST_S <= self.rest_s <= MAX_REST_S:
            raise ValueError(
                f"rest_s must be from {MIN_REST_S:g} to {MAX_REST_S:g} s, got {self.rest_s!r}"
            )


@dataclass(frozen=True, slots=True)
class Programme:
    name: str
    title: str
    steps: tuple[Step, ...]
    per_day: int | None = None
    progression: Progression = field(default_factory=Progression)
    source: str = ""  # where it comes from: a leaflet, or the file's path
    builtin: bool = False

    def step_for(self, exercise: str) -> Step | None:
        return next((s for s in self.steps if s.exercise == exercise), None)

    def with_steps(self, steps: tuple[Step, ...]) -> Programme:
        return replace(self, steps=steps)

    def describe(self) -> list[str]:
        lines = [f"{self.name}: {self.title}"]
        if self.per_day:
            lines.append("  once a day" if self.per_day == 1 else f"  {self.per_day} times a day")
        for i, s in enumerate(self.steps, 1):
            rest = f", rest {s.rest_s:g} s between sets" if s.prescription.sets > 1 else ""
            lines.append(f"  {i}. {s.exercise}: {s.prescription.describe()}{rest}")
        if self.source:
            lines.append(f"  from {self.source}")
        return lines
