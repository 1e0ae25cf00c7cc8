"""How many people to look for, found from the first seconds.

MediaPipe looking for one person follows whoever it detects first from frame to frame, and
a passer-by does not steal that track; but when someone else is in the picture from the
start (an observer seated in the foreground of a timed up and go, a partner on the sofa)
that first detection is often them, and the patient is never measured. Looking for two
runs the detector on every frame (about 1.4x the time) and keeps the patient by place and
size (mediapipe_backend._choose).

So a landmarker looking for one person does the work from the first frame, while a second
one, looking for two, glances at a few frames of the first seconds. Alone, the second is
dropped and the result is exactly a one-person run; with somebody else there, it takes
over from then on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from posecount.pose.estimator import PoseEstimator
from posecount.types import Frame, PoseFrame

# Long enough for a second person in the room to be seen on several frames (MediaPipe
# finds a seated, half-turned observer on most frames), short enough to cost little.
PROBE_MS = 2000
# Every this many frames of the probe is looked at for a second person: 5-6 looks at 10
# analysed frames a second, about 5% more inference on a 15 s clip. The first look is the
# last of the first PROBE_EVERY frames with a person, so that the second landmarker, built
# on a thread meanwhile (0.16 s, in C with the GIL released), is ready by then.
PROBE_EVERY = 4
LOOK_FOR = 2
# A second person on at least this share of the looks is really there; one look is a
# detector ghost (a coat on a chair).
_CROWDED_SHARE = 0.4


class CountingEstimator(PoseEstimator, Protocol):
    """An estimator that also says how many people it saw on its last frame."""

    people_seen: int


class PeopleProbe:
    """A PoseEstimator that decides how many people to follow: ``people`` is None while
    probing, then the number it settled on."""

    def __init__(self, make: Callable[[int], CountingEstimator]) -> None:
        self._alone = make(1)
        self._built: list[CountingEstimator | BaseException] = []
        self._builder: threading.Thread | None = threading.Thread(
            target=self._build, args=(make,), name="people-probe", daemon=True
        )
        self._builder.start()
        self._crowd: CountingEstimator | None = None
        self._current = self._alone
        self.model_name = self._alone.model_name
        self.people: int | None = None
        self._first_ms: int | None = None
        self._frame_i = 0
        self._looks = 0
        self._crowded = 0

    def _build(self, make: Callable[[int], CountingEstimator]) -> None:
        try:
            self._built.append(make(LOOK_FOR))
        except BaseException as exc:  # handed to the main thread by _join
            self._built.append(exc)

    def _join(self) -> CountingEstimator | None:
        """The two-person landmarker, once built (None once the probe has settled)."""
        if self._builder is not None:
            self._builder.join()
            self._builder = None
            built = self._built.pop()
            if isinstance(built, BaseException):
                raise built
            self._crowd = built
        return self._crowd

    def estimate(self, frame: Frame) -> PoseFrame:
        pose = self._current.estimate(frame)
        if self.people is not None:
            return pose
        if self._first_ms is None and pose.landmarks is not None:
            self._first_ms = frame.t_ms
        if self._first_ms is None:
            return pose
        if self._frame_i % PROBE_EVERY == PROBE_EVERY - 1:
            crowd = self._join()
            assert crowd is not None
            crowd.estimate(frame)
            self._looks += 1
            self._crowded += crowd.people_seen >= 2
        self._frame_i += 1
        if frame.t_ms - self._first_ms >= PROBE_MS:
            self._settle()
        return pose

    def _settle(self) -> None:
        crowd = self._join()
        assert crowd is not None
        crowded = self._crowded >= max(1, _CROWDED_SHARE * self._looks)
        self.people = LOOK_FOR if crowded else 1
        keep, drop = (crowd, self._alone) if crowded else (self._alone, crowd)
        drop.close()
        self._current, self._crowd = keep, None

    def close(self) -> None:
        self._current.close()
        try:
            self._join()
        except Exception:  # noqa: S110 - never used, so its failure to build is moot
            pass
        if self._crowd is not None:
            self._crowd.close()
            self._crowd = None
