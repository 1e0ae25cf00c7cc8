"""Single-leg stance (leaflet 001): stand tall, lift one foot and balance; hold, then put
it down; the other leg next. Each hold is timed from lift-off to touchdown, per leg, and
named by the leg stood on ("a hold on the left leg" lifts the right foot).

The lift is the height of one ankle above the other, as a share of the standing leg's
length (hip to ankle) so it does not depend on the distance to the camera."""

from __future__ import annotations

import numpy as np

from posecount.counting import HoldTimer, HoldTimerSpec, PerSide
from posecount.exercises.base import ExerciseSpec, Features, Status
from posecount.features.geometry import point_px
from posecount.features.posture import Posture
from posecount.pose.landmarks import LandmarkId as L
from posecount.prescription.model import Prescription
from posecount.types import Event, PoseFrame

SPEC = ExerciseSpec(
    id="single-leg-stance",
    title="Single-leg stance",
    how="Stand tall (near a chair for support if you need it), lift one foot off the floor "
    "and balance; put it down, then do the other leg.",
    camera="facing you, 2-3 m away, whole body with both feet in view",
    postures=frozenset({Posture.STANDING}),
    range_label="foot lift (share of leg length)",
    range_unit="leg",
    sides=("left", "right"),
    holds=True,
)

# A foot counts as lifted 12% of leg length (about 10 cm) above the other: weight shifts
# and ankle rolls with both feet down move an ankle by under 8%. Once lifted it stays
# lifted until it comes back within 6% (a toe touch or a full touchdown), so a lifted foot
# that dips while balancing does not split one hold into two.
_OTHER = {"left": "right", "right": "left"}
_LIFT_ON = 0.12
_LIFT_OFF = 0.06


def _lift(frame: PoseFrame) -> tuple[float | None, float | None]:
    la, ra = point_px(frame, L.LEFT_ANKLE), point_px(frame, L.RIGHT_ANKLE)
    lh, rh = point_px(frame, L.LEFT_HIP, 0.0), point_px(frame, L.RIGHT_HIP, 0.0)
    if la is None or ra is None or lh is None or rh is None:
        return None, None
    leg = max(float(np.linalg.norm(la - lh)), float(np.linalg.norm(ra - rh)))
    if leg < 1e-6:
        return None, None
    d = float(np.dot(la - ra, _up(frame, lh, rh))) / leg  # > 0 when the left foot is higher
    return d, -d


def _up(frame: PoseFrame, lh: np.ndarray, rh: np.ndarray) -> np.ndarray:
    """Up along the trunk (hips to shoulders) in the picture, or the picture's up without
    the shoulders. A camera propped 15 degrees crooked tips the picture's up by as much:
    feet a stride apart then read one a tenth of a leg above the other, and the shared
    front-view clip of a person standing on both feet counted a 1.2 s hold. Along the
    trunk it reads as upright (median 0.03 of a leg, as filmed level)."""
    ls, rs = point_px(frame, L.LEFT_SHOULDER, 0.0), point_px(frame, L.RIGHT_SHOULDER, 0.0)
    if ls is not None and rs is not None:
        up = (ls + rs - lh - rh) / 2
        norm = float(np.linalg.norm(up))
        if norm > 1e-6:
            return up / norm
    return np.array([0.0, -1.0])  # image y grows downwards


class _LiftHolds:
    def __init__(self, spec: HoldTimerSpec) -> None:
        self.timers = {s: HoldTimer(spec, side=s) for s in SPEC.sides}
        self._sides: PerSide[bool] = PerSide(self.timers)
        self.lifted = dict.fromkeys(SPEC.sides, False)
        self._lift: dict[str, float | None] = dict.fromkeys(SPEC.sides)

    def update(self, features: Features, t_ms: int) -> list[Event]:
        holding: dict[str, bool | None] = {}
        for side in SPEC.sides:
            lift = features.get(f"{_OTHER[side]}_foot_lift")
            self._lift[side] = lift
            if lift is not None:
                threshold = _LIFT_OFF if self.lifted[side] else _LIFT_ON
                self.lifted[side] = lift >= threshold
            holding[side] = None if lift is None else self.lifted[side]
        return self._sides.update(holding, t_ms)

    def finish(self, t_ms: int) -> list[Event]:
        return self._sides.finish(t_ms)

    def status(self) -> Status:
        side = next((s for s in SPEC.sides if self.timers[s].holding), None)
        return Status(
            phase="holding" if side else "rest",
            hold_s=self.timers[side].current_hold_s if side else None,
            side=side,
            extra={f"{_OTHER[s]}_foot_lift": self._lift[s] for s in SPEC.sides},
        )


class SingleLegStance:
    spec = SPEC

    def extract(self, frame: PoseFrame) -> Features:
        left, right = _lift(frame)
        return {"left_foot_lift": left, "right_foot_lift": right}

    def machine(self, prescription: Prescription) -> _LiftHolds:
        # Holds under a second are a stumble, not a balance hold (and not a rep).
        return _LiftHolds(HoldTimerSpec(min_start_ms=300, min_end_ms=300, min_hold_ms=1000))


EXERCISE = SingleLegStance()
