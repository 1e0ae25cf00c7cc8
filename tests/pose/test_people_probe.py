"""PeopleProbe: one person followed from the first frame; a second landmarker looking for
two glances at the first seconds and takes over only when somebody else is there. The
landmarkers are stand-ins that replay how many people they 'see' (the MediaPipe run is
in tests/integration/test_video_pipeline.py)."""

from __future__ import annotations

import numpy as np
import pytest

from posecount.pose import patient
from posecount.pose.patient import PeopleProbe
from posecount.types import Frame, PoseFrame


class Landmarker:
    def __init__(self, num_poses: int, crowd_from_ms: int | None, log: list[str]) -> None:
        self.model_name = "stand-in"
        self.num_poses = num_poses
        self.crowd_from_ms = crowd_from_ms
        self.people_seen = 0
        self.closed = False
        self.log = log

    def estimate(self, frame: Frame) -> PoseFrame:
        self.log.append(f"{self.num_poses}@{frame.t_ms}")
        crowded = self.crowd_from_ms is not None and frame.t_ms >= self.crowd_from_ms
        self.people_seen = min(self.num_poses, 2 if crowded else 1)
        marker = np.full((33, 5), float(self.num_poses))
        return PoseFrame(frame.t_ms, marker, np.zeros((33, 3)), (64, 48))

    def close(self) -> None:
        self.closed = True


def run(crowd_from_ms: int | None, seconds: float = 4.0) -> tuple[PeopleProbe, list, list[str]]:
    log: list[str] = []
    made: dict[int, Landmarker] = {}

    def make(n: int) -> Landmarker:
        made[n] = Landmarker(n, crowd_from_ms, log)
        return made[n]

    probe = PeopleProbe(make)
    image = np.zeros((48, 64, 3), np.uint8)
    times = range(0, int(seconds * 1000), 100)
    out = [probe.estimate(Frame(i, t, image)) for i, t in enumerate(times)]
    probe.close()
    assert all(m.closed for m in made.values())
    return probe, out, log


@pytest.mark.parametrize(
    ("crowd_from_ms", "people", "switch_ms"),
    [
        (None, 1, None),  # alone: the one-person landmarker all through
        (0, 2, patient.PROBE_MS),  # somebody else from the start: two from the probe's end
        (3000, 1, None),  # somebody walks in later: one-person tracking keeps the patient
    ],
)
def test_the_probe_settles_on_the_people_in_the_picture(
    crowd_from_ms: int | None, people: int, switch_ms: int | None
) -> None:
    probe, out, log = run(crowd_from_ms)
    assert probe.people == people
    # every frame answered by exactly one landmarker, the one in charge at the time
    by = [int(f.landmarks[0, 0]) for f in out]
    want = [1 if switch_ms is None or f.t_ms <= switch_ms else 2 for f in out]
    assert by == want
    # the two-person landmarker glanced at a few probe frames only, when alone
    looks = [e for e in log if e.startswith("2@") and int(e[2:]) <= patient.PROBE_MS]
    assert 0 < len(looks) <= patient.PROBE_MS // 100 // patient.PROBE_EVERY + 1
    if people == 1:
        assert not [e for e in log if e.startswith("2@") and int(e[2:]) > patient.PROBE_MS]


def test_a_two_person_landmarker_that_cannot_be_built_fails_at_its_first_look() -> None:
    # It is built on a thread; its error must reach the caller, not vanish with the thread.
    def make(n: int) -> Landmarker:
        if n == patient.LOOK_FOR:
            raise RuntimeError("no second landmarker")
        return Landmarker(n, None, [])

    probe = PeopleProbe(make)
    image = np.zeros((48, 64, 3), np.uint8)
    with pytest.raises(RuntimeError, match="no second landmarker"):
        for i in range(patient.PROBE_EVERY):
            probe.estimate(Frame(i, i * 100, image))
    probe.close()
