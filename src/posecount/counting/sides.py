"""Per-side tracking (one machine per side label) and a fold of rep events into counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

from posecount.counting.hold_timer import HoldTimer, HoldTimerSpec
from posecount.counting.rep_counter import RepCounter, RepCounterSpec
from posecount.types import Event, RepCompleted

V_contra = TypeVar("V_contra", contravariant=True)


class SignalMachine(Protocol[V_contra]):
    """What PerSide drives: a RepCounter (float signal) or a HoldTimer (bool signal)."""

    def update(self, value: V_contra | None, t_ms: int) -> list[Event]: ...

    def finish(self, t_ms: int) -> list[Event]: ...


V = TypeVar("V")


class PerSide(Generic[V]):
    """One machine per side label, each fed its own signal.

    ``update({"left": 41.0, "right": None}, t_ms)``: a side missing from the mapping gets
    None (not visible this frame). The events of all sides come back in time order
    (ties keep the order of the sides as given). Across calls, a machine may emit an event
    back-dated before an earlier call's (a HoldStarted is dated to when the hold began), so
    a consumer that needs a global order sorts by t_ms; the sort is stable.
    """

    def __init__(self, machines: Mapping[str, SignalMachine[V]]) -> None:
        if not machines:
            raise ValueError("PerSide needs at least one side, e.g. {'left': ..., 'right': ...}")
        self.machines: dict[str, SignalMachine[V]] = dict(machines)

    @classmethod
    def rep_counters(
        cls, spec: RepCounterSpec, sides: Sequence[str] = ("left", "right")
    ) -> PerSide[float]:
        """One RepCounter per side, each labelling its events with its side."""
        return PerSide({s: RepCounter(spec, side=s) for s in sides})

    @classmethod
    def hold_timers(
        cls, spec: HoldTimerSpec | None = None, sides: Sequence[str] = ("left", "right")
    ) -> PerSide[bool]:
        """One HoldTimer per side, each labelling its events with its side."""
        return PerSide({s: HoldTimer(spec, side=s) for s in sides})

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(self.machines)

    def __getitem__(self, side: str) -> SignalMachine[V]:
        return self.machines[side]

    def update(self, values: Mapping[str, V | None], t_ms: int) -> list[Event]:
        unknown = set(values) - set(self.machines)
        if unknown:
            raise ValueError(
                f"unknown side(s) {sorted(unknown)}; this tracker has {list(self.machines)}"
            )
        events: list[Event] = []
        for side, machine in self.machines.items():
            events += machine.update(values.get(side), t_ms)
        return sorted(events, key=lambda e: e.t_ms)

    def finish(self, t_ms: int) -> list[Event]:
        events: list[Event] = []
        for machine in self.machines.values():
            events += machine.finish(t_ms)
        return sorted(events, key=lambda e: e.t_ms)


def count_reps(events: Iterable[Event]) -> dict[str, Any]:
    """Fold rep events into counts: ``{"total": n, "short": n_short, "by_side": {side:
    {"total": n, "short": n_short}}}``. Unsided reps are under the side None. Other event
    types are ignored, so the whole session stream can be passed."""
    total = short = 0
    by_side: dict[str | None, dict[str, int]] = {}
    for ev in events:
        if not isinstance(ev, RepCompleted):
            continue
        side = by_side.setdefault(ev.side, {"total": 0, "short": 0})
        total += 1
        side["total"] += 1
        if ev.short:
            short += 1
            side["short"] += 1
    return {"total": total, "short": short, "by_side": by_side}


__all__ = ["PerSide", "SignalMachine", "count_reps"]
