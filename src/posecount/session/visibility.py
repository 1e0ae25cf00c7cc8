"""Why nothing could be measured: a person in view whose needed body parts were not.

A squat filmed with the legs out of frame used to give "reps: 0" and nothing else. This
watches the stretches where a person is found but the exercise's features are all
missing, and names the body parts that were hidden (both sides below MediaPipe's
visibility threshold) for most of the stretch. Pure: frames and t_ms in, events out.
"""

from __future__ import annotations

from posecount.exercises.base import Features
from posecount.features.geometry import DEFAULT_MIN_VISIBILITY
from posecount.pose.landmarks import LandmarkId as L
from posecount.types import Event, PartsUnseen, PoseFrame

# The parts the exercises measure with, head to feet (the order they are named in).
PARTS: dict[str, tuple[L, L]] = {
    "shoulders": (L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
    "hips": (L.LEFT_HIP, L.RIGHT_HIP),
    "knees": (L.LEFT_KNEE, L.RIGHT_KNEE),
    "ankles": (L.LEFT_ANKLE, L.RIGHT_ANKLE),
}
# A second without a measure is worth saying: shorter gaps are the frame-to-frame
# flicker the machines already bridge (as for TrackingLost).
UNSEEN_MIN_MS = 1000
# A part is named when hidden in at least half the frames of the stretch.
_NAMED_SHARE = 0.5


def hidden_parts(frame: PoseFrame) -> list[str]:
    """Parts with neither side visible (a side view sees one side: that is enough)."""
    if frame.landmarks is None:
        return list(PARTS)
    return [
        name
        for name, pair in PARTS.items()
        if all(frame.visibility(lid) < DEFAULT_MIN_VISIBILITY for lid in pair)
    ]


class UnseenWatch:
    def __init__(self) -> None:
        self._start_ms: int | None = None
        self._last_ms = 0
        self._frames = 0
        self._hidden: dict[str, int] = dict.fromkeys(PARTS, 0)

    def update(self, frame: PoseFrame, features: Features) -> list[Event]:
        """`features`: the exercise's own, before any posture gating."""
        missing = frame.has_person and all(v is None for v in features.values())
        if not missing:
            return self._close()
        if self._start_ms is None:
            self._start_ms = frame.t_ms
        self._last_ms = frame.t_ms
        self._frames += 1
        for name in hidden_parts(frame):
            self._hidden[name] += 1
        return []

    def finish(self) -> list[Event]:
        return self._close()

    def _close(self) -> list[Event]:
        start, n = self._start_ms, self._frames
        events: list[Event] = []
        if start is not None and self._last_ms - start >= UNSEEN_MIN_MS:
            parts = [p for p, k in self._hidden.items() if k >= _NAMED_SHARE * n]
            events.append(PartsUnseen(t_ms=start, end_ms=self._last_ms, parts=", ".join(parts)))
        self._start_ms, self._frames = None, 0
        self._hidden = dict.fromkeys(PARTS, 0)
        return events
