"""The project's own data types. MediaPipe results are converted to these at one boundary
(`posecount.pose.mediapipe_backend`); everything downstream sees only these."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

import numpy as np

from posecount.pose.landmarks import LANDMARK_COUNT, LandmarkId

# Columns of PoseFrame.landmarks
X, Y, Z, VISIBILITY, PRESENCE = range(5)

# Landmarks are rounded once, where they enter the project, to the precision the pose-track
# file keeps: 1e-5 of the frame is 0.01 px at 1080p and 1e-4 m is 0.1 mm, both far below
# MediaPipe's own jitter, so a session analysed live and replayed from its track gives
# identical numbers and identical events.
IMAGE_DECIMALS = 5
WORLD_DECIMALS = 4


def quantize(
    landmarks: np.ndarray | None, world_m: np.ndarray | None
) -> tuple[np.ndarray | None, np.ndarray | None]:
    lm = None if landmarks is None else np.round(landmarks.astype(np.float64), IMAGE_DECIMALS)
    w = None if world_m is None else np.round(world_m.astype(np.float64), WORLD_DECIMALS)
    return lm, w


@dataclass(frozen=True, slots=True, eq=False)
class Frame:
    """A decoded video or camera frame: BGR pixels as OpenCV gives them (for display), and
    the same pixels in RGB for the pose model when the source converted them already."""

    index: int
    t_ms: int
    image_bgr: np.ndarray
    image_rgb: np.ndarray | None = None


@dataclass(frozen=True, slots=True, eq=False)
class PoseFrame:
    """One analysed frame.

    landmarks: (33, 5) float array of normalised image x, y (0..1 of the frame width and
        height), z (MediaPipe's relative depth), visibility and presence; None when no
        person was found.
    world_m: (33, 3) float array of world coordinates in metres, hip-centred; None with
        landmarks.
    frame_size_px: (width, height) of the analysed image, to turn normalised x and y into
        the same unit (they are not: x is a share of the width, y of the height).
    """

    t_ms: int
    landmarks: np.ndarray | None
    world_m: np.ndarray | None = None
    frame_size_px: tuple[int, int] = (0, 0)

    def __post_init__(self) -> None:
        if self.landmarks is not None and self.landmarks.shape != (LANDMARK_COUNT, 5):
            raise ValueError(
                f"landmarks must have shape ({LANDMARK_COUNT}, 5), got {self.landmarks.shape}"
            )
        if self.world_m is not None and self.world_m.shape != (LANDMARK_COUNT, 3):
            raise ValueError(
                f"world_m must have shape ({LANDMARK_COUNT}, 3), got {self.world_m.shape}"
            )

    @property
    def has_person(self) -> bool:
        return self.landmarks is not None

    def visibility(self, lid: LandmarkId) -> float:
        return 0.0 if self.landmarks is None else float(self.landmarks[lid, VISIBILITY])

    def xy_px(self, lid: LandmarkId) -> np.ndarray | None:
        """Image position in pixels (x right, y down), or None without a person."""
        if self.landmarks is None:
            return None
        w, h = self.frame_size_px
        return self.landmarks[lid, :2] * np.array([w or 1, h or 1], dtype=float)


# ---------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at t_ms. Events are the single source of truth: counts,
    reports, overlays and scores are folds over the event stream."""

    type: ClassVar[str] = "event"
    t_ms: int

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        return {"type": self.type, **d}


@dataclass(frozen=True, slots=True)
class RepCompleted(Event):
    """A deliberate movement away from rest and back. range_achieved is in the exercise's
    own unit (degrees or a share of the body), short_by is how far below the prescribed
    target it stayed (0.0 when the target was reached)."""

    type: ClassVar[str] = "rep_completed"
    side: str | None = None
    range_achieved: float = 0.0
    range_target: float | None = None
    range_unit: str = "deg"
    short_by: float = 0.0
    start_ms: int = 0

    @property
    def short(self) -> bool:
        return self.short_by > 0.0


@dataclass(frozen=True, slots=True)
class HoldStarted(Event):
    type: ClassVar[str] = "hold_started"
    side: str | None = None


@dataclass(frozen=True, slots=True)
class HoldEnded(Event):
    """A hold closed. closed_by_edge is True when the input started or ended mid-hold."""

    type: ClassVar[str] = "hold_ended"
    side: str | None = None
    hold_s: float = 0.0
    closed_by_edge: bool = False


@dataclass(frozen=True, slots=True)
class TrackingLost(Event):
    type: ClassVar[str] = "tracking_lost"
    reason: str = "no person in view"


@dataclass(frozen=True, slots=True)
class TrackingRegained(Event):
    type: ClassVar[str] = "tracking_regained"


@dataclass(frozen=True, slots=True)
class PostureMismatch(Event):
    """The body is not in the exercise's position (e.g. face down for a bridge)."""

    type: ClassVar[str] = "posture_mismatch"
    expected: str = ""
    seen: str = ""


@dataclass(frozen=True, slots=True)
class PostureOk(Event):
    type: ClassVar[str] = "posture_ok"
    seen: str = ""


@dataclass(frozen=True, slots=True)
class ViewDecided(Event):
    """The camera's view of the patient, measured from the pose once early and then held;
    ``supported`` says whether the exercise can be judged from it, ``hint`` what to change
    when it cannot."""

    type: ClassVar[str] = "view_decided"
    view: str = ""
    supported: bool = True
    hint: str = ""


@dataclass(frozen=True, slots=True)
class OrientationDecided(Event):
    """The picture was turned by ``rotate_deg`` (clockwise) to stand the patient upright:
    a camera on its side or upside down with no rotation tag, decided from the pose."""

    type: ClassVar[str] = "orientation_decided"
    rotate_deg: int = 0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PartsUnseen(Event):
    """A stretch from t_ms to end_ms in which a person was in view but the exercise's
    measure could not be taken: `parts` names the body parts not seen (e.g. "knees,
    ankles"), empty when they were seen but gave no usable angle."""

    type: ClassVar[str] = "parts_unseen"
    end_ms: int = 0
    parts: str = ""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        RepCompleted,
        HoldStarted,
        HoldEnded,
        TrackingLost,
        TrackingRegained,
        PostureMismatch,
        PostureOk,
        ViewDecided,
        OrientationDecided,
        PartsUnseen,
    )
}


def event_from_dict(d: dict[str, Any]) -> Event:
    d = dict(d)
    cls = EVENT_TYPES[d.pop("type")]
    return cls(**d)


__all__ = [
    "X",
    "Y",
    "Z",
    "VISIBILITY",
    "PRESENCE",
    "PoseFrame",
    "Event",
    "RepCompleted",
    "HoldStarted",
    "HoldEnded",
    "TrackingLost",
    "TrackingRegained",
    "PostureMismatch",
    "PostureOk",
    "ViewDecided",
    "OrientationDecided",
    "PartsUnseen",
    "EVENT_TYPES",
    "event_from_dict",
]
