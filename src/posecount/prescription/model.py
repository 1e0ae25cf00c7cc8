"""A prescription: what the leaflet (or the physiotherapist) asks of the patient."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Prescription:
    """One exercise's dose. `reps` is per set (per side for exercises done to each side);
    None where the source gives no number. `range_target` is in the exercise's own unit
    (see the exercise spec), None for no range check."""

    exercise: str
    sets: int = 1
    reps: int | None = None
    hold_s: float | None = None
    duration_s: float | None = None
    per_day: int | None = None
    target_sets: int | None = None
    target_hold_s: float | None = None
    range_target: float | None = None
    source: str = ""

    def __post_init__(self) -> None:
        _check_range("sets", self.sets, 1, 20)
        _check_range("reps", self.reps, 1, 200)
        _check_range("hold_s", self.hold_s, 0.5, 600)
        _check_range("duration_s", self.duration_s, 1, 3600)
        _check_range("per_day", self.per_day, 1, 24)
        _check_range("target_sets", self.target_sets, 1, 20)
        _check_range("target_hold_s", self.target_hold_s, 0.5, 600)
        # In the exercise's own unit: degrees (0-360) or a share of the body (0-1).
        _check_range("range_target", self.range_target, 0, 360)

    def with_overrides(self, **changes: object) -> Prescription:
        return replace(self, **changes)  # type: ignore[arg-type]

    def describe(self) -> str:
        parts: list[str] = []
        if self.reps:
            parts.append(f"{self.sets} x {self.reps}")
        elif self.sets > 1:
            parts.append(f"{self.sets} sets")
        if self.hold_s:
            parts.append(f"hold {self.hold_s:g} s")
        if self.duration_s:
            parts.append(f"{self.duration_s:g} s")
        if self.per_day:
            parts.append("once a day" if self.per_day == 1 else f"{self.per_day} times a day")
        if self.target_sets and self.reps:
            parts.append(f"building to {self.target_sets} x {self.reps}")
        if self.target_hold_s:
            parts.append(f"building to {self.target_hold_s:g} s")
        return ", ".join(parts) or "as your physiotherapist advises"


def _check_range(name: str, value: float | None, low: float, high: float) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low:g} to {high:g}, got {value!r}")
