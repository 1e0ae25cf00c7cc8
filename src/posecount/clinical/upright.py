"""A camera on its side or upside down, found from the pose (features.orientation) and
undone before a clinical test sees the frames: the tests are done sitting and standing,
so a picture in which the patient reads as lying across the frame, and one quarter turn
of it as sitting or standing, was filmed turned. Decided once, as early as the decider
can (its first seconds with a person in view), then held; the frames seen until then are
kept and released turned, so nothing is lost and the times do not move."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from posecount.features.orientation import OrientationDecider
from posecount.features.posture import Posture
from posecount.pose.rotation import rotate_pose
from posecount.types import PoseFrame

UPRIGHT_POSTURES = frozenset({Posture.SITTING, Posture.STANDING})


class Upright:
    """Iterate ``frames`` turned upright. ``rotate_deg`` and ``reason`` say what was done
    (0 and "" when the picture was upright, or could not be told)."""

    def __init__(self) -> None:
        self.decider = OrientationDecider(UPRIGHT_POSTURES)

    @property
    def rotate_deg(self) -> int:
        return self.decider.rotate_deg

    @property
    def reason(self) -> str:
        return self.decider.reason

    def frames(self, frames: Iterable[PoseFrame]) -> Iterator[PoseFrame]:
        held: list[PoseFrame] = []
        for frame in frames:
            if self.decider.decided:
                yield rotate_pose(frame, self.rotate_deg)
                continue
            held.append(frame)
            if self.decider.observe(frame):
                yield from (rotate_pose(f, self.rotate_deg) for f in held)
                held = []
        # The input ended before the decision: decide on what was seen, and let the
        # frames kept so far through.
        self.decider.decide()
        yield from (rotate_pose(f, self.rotate_deg) for f in held)
