"""A clinical test's result, and the clock bookkeeping every test shares: the frame rate
a result was timed at and the uncertainty that gives it."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from posecount.clinical.norms import Comparison
from posecount.errors import PosecountError
from posecount.types import Event


class ClinicalTestError(PosecountError):
    """An unknown clinical test name, or options it cannot take."""


@dataclass
class TestResult:
    """valid False means the protocol was not followed (or not seen): reason says why,
    and value is None (never a made-up time)."""

    test: str
    title: str
    unit: str  # "s" or "stands"
    end_points: str  # what is timed, from which moment to which
    valid: bool = False
    reason: str | None = None
    value: float | None = None
    at_least: bool = False  # value is a lower bound (cut by the start or end of the input)
    start_ms: int | None = None
    end_ms: int | None = None
    timed_fps: float | None = None
    uncertainty_s: float | None = None
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    __test__ = False  # not a pytest test class, whatever its name

    def to_dict(self) -> dict[str, Any]:
        return {
            "test": self.test,
            "title": self.title,
            "valid": self.valid,
            "reason": self.reason,
            "value": self.value,
            "unit": self.unit,
            "at_least": self.at_least,
            "end_points": self.end_points,
            "start_s": None if self.start_ms is None else round(self.start_ms / 1000, 3),
            "end_s": None if self.end_ms is None else round(self.end_ms / 1000, 3),
            "timed_fps": self.timed_fps,
            "uncertainty_s": self.uncertainty_s,
            "details": self.details,
            "notes": self.notes,
            "comparisons": [c.to_dict() for c in self.comparisons],
            "events": [e.to_dict() for e in self.events],
        }


class FrameClock:
    """Remembers the interval before each recent frame (to put an uncertainty on a time
    placed at that frame) and the spread of all intervals (the rate timed at). A time
    placed at the first frame that shows a change is late by less than the interval
    before that frame; a duration between two such times is off by less than the larger
    of the two intervals."""

    def __init__(self, keep_ms: int = 15_000) -> None:
        self.keep_ms = keep_ms
        self._recent: deque[tuple[int, int]] = deque()
        self._counts: Counter[int] = Counter()
        self._last: int | None = None
        self._first: int | None = None
        self._intervals = 0

    def tick(self, t_ms: int) -> None:
        if self._first is None:
            self._first = t_ms
        if self._last is not None:
            self._intervals += 1
            dt = t_ms - self._last
            self._recent.append((t_ms, dt))
            self._counts[dt] += 1
            while self._recent[0][0] < t_ms - self.keep_ms:
                self._recent.popleft()
        self._last = t_ms

    def interval_before_ms(self, t_ms: int) -> int | None:
        for t, dt in reversed(self._recent):
            if t == t_ms:
                return dt
        return self.median_interval_ms()

    def median_interval_ms(self) -> int | None:
        n = sum(self._counts.values())
        if not n:
            return None
        seen = 0
        for dt in sorted(self._counts):
            seen += self._counts[dt]
            if 2 * seen >= n:
                return dt
        return None  # pragma: no cover

    def fps(self) -> float | None:
        """Frames analysed a second, on average over the input."""
        if not self._intervals or self._last is None or self._first is None:
            return None
        span = self._last - self._first
        return None if span <= 0 else round(1000 * self._intervals / span, 1)

    def uncertainty_s(self, *t_ms: int) -> float | None:
        dts = [d for d in (self.interval_before_ms(t) for t in t_ms) if d is not None]
        return round(max(dts) / 1000, 3) if dts else None
