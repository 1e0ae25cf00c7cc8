"""The camera view, measured from the pose through the synthetic camera."""

from __future__ import annotations

import pytest

from posecount.features.view import DECIDE_AFTER_MS, View, ViewDecider, classify_view
from posecount.synthetic import generate_static


@pytest.mark.parametrize(
    "posture, camera, view",
    [
        ("standing", "front", View.FRONT),
        ("sitting", "front", View.FRONT),
        ("standing", "side-left", View.SIDE),
        ("sitting", "side-right", View.SIDE),
        ("supine", "side-left", View.SIDE),
        ("prone", "side-right", View.SIDE),
        # "front" of a lying body is the synthetic camera at the feet, looking along it.
        ("supine", "front", View.ALONG),
    ],
)
def test_the_view_is_read_from_the_pose(posture: str, camera: str, view: View) -> None:
    frames = generate_static(posture, 0.5, view=camera, noise_px=1.0, seed=3)
    assert {classify_view(f) for f in frames} == {view}


def test_the_view_is_decided_once_and_held() -> None:
    side = generate_static("standing", 3.0, view="side-left")
    front = generate_static("standing", 3.0, view="front")
    decider = ViewDecider()
    decided = [decider.observe(f) for f in side]
    first = next(i for i, v in enumerate(decided) if v is not None)
    assert side[first].t_ms - side[0].t_ms >= DECIDE_AFTER_MS
    assert decided[-1] == View.SIDE
    assert {decider.observe(f) for f in front} == {View.SIDE}  # held, not re-decided


def test_no_person_decides_nothing() -> None:
    decider = ViewDecider()
    assert decider.decide_now() is None and not decider.started
