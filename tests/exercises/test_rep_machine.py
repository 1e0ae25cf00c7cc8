"""RepMachine's flags: a rep starts only from `start_from` and counts only when
`must_reach` was true on some frame of it (a stand starts seated and ends standing)."""

from __future__ import annotations

import math

import pytest

from posecount.counting import RepCounterSpec
from posecount.exercises.base import RepMachine
from posecount.types import RepCompleted

SPEC = RepCounterSpec(direction=1, enter_delta=30.0, exit_delta=15.0, complete_at_target=True)


def _rise(peak_deg: float, standing_from_deg: float | None) -> list[tuple[int, dict]]:
    """Seated at 100 for 2 s, up to `peak_deg` and back over 3 s, seated 2 s; `standing`
    is 1 while the angle is past `standing_from_deg` (None: never)."""
    out = []
    for i in range(70):  # 10 frames a second
        t = i * 100
        u = min(max((t - 2000) / 3000, 0.0), 1.0)
        y = 100 + (peak_deg - 100) * (1 - math.cos(2 * math.pi * u)) / 2
        standing = standing_from_deg is not None and y >= standing_from_deg
        out.append((t, {"s": y, "seated": float(y < 130), "standing": float(standing)}))
    return out


@pytest.mark.parametrize(
    ("peak_deg", "standing_from_deg", "must_reach", "reps"),
    [
        (170, 140, "standing", 1),  # stood up
        (145, None, "standing", 0),  # a seated sway as large as a stand, never standing
        (145, None, None, 1),  # without the check the sway would count
        (150, 140, "standing", 1),  # a short stand still counts (flagged short elsewhere)
    ],
)
def test_a_rep_counts_only_when_it_reached_the_flag(
    peak_deg: float, standing_from_deg: float | None, must_reach: str | None, reps: int
) -> None:
    machine = RepMachine("s", SPEC, start_from="seated", must_reach=must_reach)
    events = [e for t, f in _rise(peak_deg, standing_from_deg) for e in machine.update(f, t)]
    assert sum(isinstance(e, RepCompleted) for e in events) == reps


@pytest.mark.parametrize(
    ("rest_deg", "rest_min", "reps"),
    [
        (120, 90.0, 1),  # a rest the exercise starts from
        (60, 90.0, 0),  # below rest_min: no rep is measured from it
        (60, None, 1),  # without the floor the same movement counts
    ],
)
def test_a_rep_starts_only_from_a_rest_at_or_above_rest_min(
    rest_deg: float, rest_min: float | None, reps: int
) -> None:
    spec = RepCounterSpec(direction=1, enter_delta=15.0, exit_delta=8.0)
    machine = RepMachine("s", spec, rest_min=rest_min)
    events = []
    for i in range(60):  # 2 s rest, a 2 s rise of 30 and back, 2 s rest, at 10 fps
        u = min(max((i - 20) / 20, 0.0), 1.0)
        y = rest_deg + 30 * (1 - math.cos(2 * math.pi * u)) / 2
        events += machine.update({"s": y}, i * 100)
    assert sum(isinstance(e, RepCompleted) for e in events) == reps
