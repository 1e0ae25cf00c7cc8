"""Which way the camera looks at the patient: side-on, front (or back), obliquely, or along
the body (from the feet or the head), measured from the pose like posture.

MediaPipe's world landmarks keep the camera's axes (x across the picture, y down it, z away
from the camera), so the body's left-right axis (shoulders and hips) tells the view of an
upright or a lying person alike: pointing at the camera is side-on, lying in the picture's
plane is a front or back view. The body's long axis pointing at the camera is a view along
it (a phone on the floor at the feet of someone lying down).

Per-frame readings wobble (a turning pelvis, a mis-tracked frame), so the view is decided
once, from the majority of the first second and a half with a person in it, then held. The
caller may say which frames show the exercise's position: then only those count, since a
patient who stands facing the camera before lying down side-on for a bridge shows the
view of the bridge only once lying (with every frame counted, that bridge was "filmed
from the front" and not judged). Frames out of position decide only when no frame was in
it (decide_now).

After the decision the caller may watch for views it would measure differently (watch):
the first seconds of a recording are often the skeleton still being fitted (the shared
handheld bridge, re-encoded at low resolution, read front then oblique), a patient may
turn their chair to the camera, an edited video may cut to another camera. A view read on
most frames in position for REVISE_WINDOW_MS replaces the one decided.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Mapping
from enum import StrEnum

import numpy as np

from posecount.pose.landmarks import LandmarkId as L
from posecount.types import PoseFrame


class View(StrEnum):
    SIDE = "side-on"
    FRONT = "front"
    OBLIQUE = "oblique"
    ALONG = "along the body"


# Yaw of the left-right axis out of the picture's plane. Measured on the shared clips:
# side-on tutorials read 60-90 degrees (a "slightly oblique" one 60), front views 1-7, the
# oblique knee-roll and corner-camera clips 28-57. 25 and 60 split them with room either way.
_FRONT_MAX_DEG = 25.0
_SIDE_MIN_DEG = 60.0
# The long axis within 40 degrees of the camera's axis is a view along the body; a camera
# high in a corner looking down at someone standing reads about 33 (shared clip).
_ALONG_MAX_DEG = 40.0
DECIDE_AFTER_MS = 1500
# Overturning a decision takes twice its evidence: two thirds of the readings in position
# over 3 s, on a view the exercise can be judged from.
REVISE_WINDOW_MS = 2 * DECIDE_AFTER_MS
_REVISE_SHARE = 2 / 3


def _unit(v: np.ndarray) -> np.ndarray | None:
    n = float(np.linalg.norm(v))
    return None if n < 1e-9 else v / n


def _yaw_deg(across: np.ndarray) -> float:
    """How far a left-right axis points out of the picture's plane: 0 facing the camera
    (or with the back to it), 90 side-on."""
    return math.degrees(math.asin(min(1.0, abs(float(across[2])))))


def girdle_yaws_deg(frame: PoseFrame) -> tuple[float | None, float | None]:
    """The shoulders' and the hips' yaw (see _yaw_deg), each on its own."""
    w = frame.world_m
    if w is None:
        return None, None
    shoulders = _unit(w[L.RIGHT_SHOULDER] - w[L.LEFT_SHOULDER])
    hips = _unit(w[L.RIGHT_HIP] - w[L.LEFT_HIP])
    return (
        None if shoulders is None else _yaw_deg(shoulders),
        None if hips is None else _yaw_deg(hips),
    )


def classify_view(frame: PoseFrame) -> View | None:
    w = frame.world_m
    if w is None or frame.landmarks is None:
        return None
    across = _unit((w[L.RIGHT_SHOULDER] - w[L.LEFT_SHOULDER]) + (w[L.RIGHT_HIP] - w[L.LEFT_HIP]))
    along = _unit((w[L.LEFT_SHOULDER] + w[L.RIGHT_SHOULDER] - w[L.LEFT_HIP] - w[L.RIGHT_HIP]) / 2)
    if across is None or along is None:
        return None
    if math.degrees(math.acos(min(1.0, abs(float(along[2]))))) <= _ALONG_MAX_DEG:
        return View.ALONG
    yaw = _yaw_deg(across)
    if yaw >= _SIDE_MIN_DEG:
        return View.SIDE
    if yaw <= _FRONT_MAX_DEG:
        return View.FRONT
    return View.OBLIQUE


# Readings of one camera wobble between neighbouring views (a "slightly oblique" side-on
# squat reads oblique on half its frames); a change past a neighbour is a real one.
_NEIGHBOURS = (frozenset({View.SIDE, View.OBLIQUE}), frozenset({View.FRONT, View.OBLIQUE}))


def neighbours(a: View, b: View) -> bool:
    return frozenset({a, b}) in _NEIGHBOURS


class ViewDecider:
    """``observe(frame) -> View | None``: None until decided, then that view; ``watch``
    revises it on a clear change."""

    def __init__(self, decide_after_ms: int = DECIDE_AFTER_MS) -> None:
        self.decide_after_ms = decide_after_ms
        self.view: View | None = None
        self._seen: Counter[View] = Counter()  # in position
        self._elsewhere: Counter[View] = Counter()  # out of position
        self._first_ms: int | None = None  # the first reading in position
        self._recent: deque[tuple[int, View]] = deque()  # in position, while watched
        self._watched_since: int | None = None
        # A revision's evidence: the readings since the view decided before was last read.
        self.revised_since_ms: int | None = None

    @property
    def started(self) -> bool:
        """A person has been seen: the view is being decided."""
        return self._first_ms is not None or bool(self._elsewhere)

    def observe(self, frame: PoseFrame, in_position: bool = True) -> View | None:
        if self.view is not None:
            return self.view
        v = classify_view(frame)
        if v is not None and not in_position:
            self._elsewhere[v] += 1
        elif v is not None:
            self._seen[v] += 1
            if self._first_ms is None:
                self._first_ms = frame.t_ms
        if self._first_ms is not None and frame.t_ms - self._first_ms >= self.decide_after_ms:
            self.view = self._seen.most_common(1)[0][0]
        return self.view

    def watch(
        self, frame: PoseFrame, in_position: bool, signals: Mapping[View, str]
    ) -> View | None:
        """After the decision: the view that most readings in position of the last
        REVISE_WINDOW_MS showed, once watched that long, if it is measured with another
        of `signals` (the signal each view is measured with) than the decided one, and is
        no neighbour of it unless the decided one is measured with none (the decision is
        then revised to it); None while the decided view holds."""
        t = frame.t_ms
        if self._watched_since is None:
            self._watched_since = t
        v = classify_view(frame) if in_position else None
        recent = self._recent
        if v is not None:
            recent.append((t, v))
        while recent and recent[0][0] < t - REVISE_WINDOW_MS:
            recent.popleft()
        if t - self._watched_since < REVISE_WINDOW_MS or not recent:
            return None
        best, n = Counter(view for _, view in recent).most_common(1)[0]
        if n < _REVISE_SHARE * len(recent) or not self._measured_otherwise(best, signals):
            return None
        old = [t_ms for t_ms, view in recent if view == self.view]
        last_old = old[-1] if old else -1
        self.revised_since_ms = next((t_ms for t_ms, _ in recent if t_ms > last_old), t)
        self.view = best
        self._recent.clear()
        self._watched_since = None
        return best

    def _measured_otherwise(self, view: View, signals: Mapping[View, str]) -> bool:
        assert self.view is not None
        now = signals.get(self.view)
        return (
            view in signals and signals[view] != now and not (now and neighbours(self.view, view))
        )

    def decide_now(self) -> View | None:
        """At the end of a short input: the majority of what was seen in position, if
        anything, else of what was seen at all."""
        seen = self._seen or self._elsewhere
        if self.view is None and seen:
            self.view = seen.most_common(1)[0][0]
        return self.view
