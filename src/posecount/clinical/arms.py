"""Were the arms crossed over the chest during each rise? The chair-stand tests are done
with the arms crossed: pushing on the thighs, the seat or the armrests makes a rise
easier, and a time done that way is not comparable with the norms.

Measured as the distance of each visible wrist from the middle of the shoulders, in
torso lengths (shoulders to hips, in the image). Hands on the chest stay within about
0.65 of it, even foreshortened in a front view during the forward lean (a real
front-view clip with the hands clasped at the chest peaks at 0.64); hands on the thighs
or hanging by the sides are 0.8-1.3 away (real side-view clips)."""

from __future__ import annotations

import statistics
from collections import deque

import numpy as np

from posecount.clinical.features import pair_midpoint_px
from posecount.features.geometry import point_px
from posecount.pose.landmarks import LandmarkId as L
from posecount.types import PoseFrame

AWAY_FROM_CHEST_TORSOS = 0.75
_KEEP_MS = 10_000
# The push-off, where hands on the thighs or the seat help, is the half second or so
# before standing: the window looked at always covers it, however late the rise's start
# was placed.
PUSH_OFF_MS = 600


def wrist_reach_torsos(frame: PoseFrame) -> float | None:
    """The farther visible wrist's distance from the shoulders' middle, in torso lengths;
    None when no wrist or no torso is visible."""
    shoulders = pair_midpoint_px(frame, L.LEFT_SHOULDER, L.RIGHT_SHOULDER)
    hips = pair_midpoint_px(frame, L.LEFT_HIP, L.RIGHT_HIP)
    if shoulders is None or hips is None:
        return None
    torso = float(np.linalg.norm(shoulders - hips))
    if torso < 1e-6:
        return None
    reach = [
        float(np.linalg.norm(w - shoulders)) / torso
        for w in (point_px(frame, L.LEFT_WRIST), point_px(frame, L.RIGHT_WRIST))
        if w is not None
    ]
    return max(reach) if reach else None


class ArmsCheck:
    """Keeps the recent wrist reach; asked about a rise, says how far the hands were."""

    def __init__(self) -> None:
        self._recent: deque[tuple[int, float | None]] = deque()

    def update(self, frame: PoseFrame) -> None:
        self._recent.append((frame.t_ms, wrist_reach_torsos(frame)))
        while self._recent[0][0] < frame.t_ms - _KEEP_MS:
            self._recent.popleft()

    def reach_during(self, start_ms: int, end_ms: int) -> float | None:
        """Median reach from the start of a rise (or the push-off, if that is earlier) to
        its stand; None when not seen."""
        start_ms = min(start_ms, end_ms - PUSH_OFF_MS)
        values = [v for t, v in self._recent if start_ms <= t <= end_ms and v is not None]
        return statistics.median(values) if values else None


def hands_away_reason(away: list[tuple[int, float]]) -> str:
    """Why a test with these (stand index, reach) rises is not valid."""
    which = ", ".join(str(i) for i, _ in away)
    worst = max(r for _, r in away)
    return (
        f"the hands were away from the chest during stand {which} (wrist up to {worst:.2f} "
        f"torso lengths from the shoulders, over {AWAY_FROM_CHEST_TORSOS}); the test is done "
        "with the arms crossed over the chest, without pushing on the thighs or the chair"
    )
