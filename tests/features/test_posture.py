"""Posture and the facing guard: a lying body whose depth MediaPipe reads backwards for a
moment (the skeleton mirrors, face up reads face down) is still the same patient lying
the same way; a real turn, or a skeleton swapped end for end in the picture, is not."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import track_for
from posecount.exercises.registry import get_exercise
from posecount.features.posture import (
    FACING_CONFIRM_MS,
    Posture,
    classify_posture,
    on_hands_and_shins,
)
from posecount.pose.rotation import rotate_pose
from posecount.prescription.catalogue import resolve_prescription
from posecount.session.analysis import Analyzer
from posecount.synthetic import generate_static, generate_with_truth
from posecount.tracks import TrackReader
from posecount.types import PoseFrame, PostureMismatch, RepCompleted


def mirrored_in_depth(f: PoseFrame) -> PoseFrame:
    """What MediaPipe's depth flip looks like: the picture unchanged, world z reversed."""
    assert f.world_m is not None
    return PoseFrame(f.t_ms, f.landmarks, f.world_m * np.array([1.0, 1.0, -1.0]), f.frame_size_px)


def reversed_in_image(f: PoseFrame) -> PoseFrame:
    """A skeleton swapped end for end in the picture, reading face down."""
    assert f.landmarks is not None and f.world_m is not None
    lm = f.landmarks.copy()
    lm[:, 0] = 1.0 - lm[:, 0]
    return PoseFrame(f.t_ms, lm, f.world_m * np.array([-1.0, 1.0, 1.0]), f.frame_size_px)


def run(exercise: str, frames: list[PoseFrame]) -> list:  # type: ignore[type-arg]
    return Analyzer(get_exercise(exercise), resolve_prescription(exercise)).run(frames)


def with_stretch(frames: list[PoseFrame], start_ms: int, end_ms: int, change) -> list[PoseFrame]:  # type: ignore[no-untyped-def]
    return [change(f) if start_ms <= f.t_ms < end_ms else f for f in frames]


def test_a_depth_mirror_reads_as_the_other_facing() -> None:
    (f,) = generate_static("supine", 0.1, fps=10)[:1]
    assert classify_posture(f) == Posture.LYING_FACE_UP
    assert classify_posture(mirrored_in_depth(f)) == Posture.LYING_FACE_DOWN


@pytest.mark.parametrize(
    "mirror_from_ms, mirror_ms, counted",
    [
        (0, 0, 3),  # no flip
        (2_000, 1_500, 3),  # a flip over the top of the first bridge
        (6_500, 2_500, 3),  # a long flip, still shorter than a real turn
        (9_000, 2_000, 3),
    ],
)
def test_brief_facing_flips_change_no_count(
    mirror_from_ms: int, mirror_ms: int, counted: int
) -> None:
    frames, truth = generate_with_truth("bridge", reps=3)
    assert mirror_ms < FACING_CONFIRM_MS
    frames = with_stretch(frames, mirror_from_ms, mirror_from_ms + mirror_ms, mirrored_in_depth)
    events = run("bridge", frames)
    assert [e for e in events if isinstance(e, PostureMismatch)] == []
    assert sum(isinstance(e, RepCompleted) for e in events) == truth.count == counted


@pytest.mark.parametrize("turn_at_ms", [0, 2_000])
def test_a_facing_that_lasts_is_a_mismatch(turn_at_ms: int) -> None:
    # From the first frame there is nothing to hold against it; later, it must last.
    frames = with_stretch(
        generate_static("supine", 8.0, fps=10), turn_at_ms, 10**9, mirrored_in_depth
    )
    (mismatch,) = [e for e in run("bridge", frames) if isinstance(e, PostureMismatch)]
    assert mismatch.seen == "lying face down"
    delay_ms = FACING_CONFIRM_MS if turn_at_ms else 0
    assert turn_at_ms + delay_ms <= mismatch.t_ms <= turn_at_ms + delay_ms + 1000


@pytest.mark.parametrize("reversed_ms, mismatch", [(1_500, False), (4_000, True)])
def test_a_skeleton_reversed_in_the_picture_is_read_as_nothing_until_it_lasts(
    reversed_ms: int, mismatch: bool
) -> None:
    frames, truth = generate_with_truth("bridge", reps=3)
    frames = with_stretch(frames, 2_000, 2_000 + reversed_ms, reversed_in_image)
    events = run("bridge", frames)
    mismatches = [e for e in events if isinstance(e, PostureMismatch)]
    assert bool(mismatches) == mismatch
    if mismatch:
        assert mismatches[0].t_ms >= 2_000 + FACING_CONFIRM_MS
    reps = [e for e in events if isinstance(e, RepCompleted)]
    # Nothing is counted from the reversed stretch; the reps outside it still are.
    outside = [r for r in truth.reps if r.end_ms < 2_000 or r.start_ms > 2_000 + reversed_ms]
    assert len(outside) <= len(reps) <= truth.count
    assert not any(2_000 < r.t_ms < 2_000 + reversed_ms for r in reps)


@pytest.mark.parametrize(
    "clip, upright",
    [
        ("single_leg_stance_treepose_front_12s.mp4", {Posture.STANDING}),
        ("standing_two_feet_negative_front_7s.mp4", {Posture.STANDING}),
        # Seated facing a laptop camera, then standing: never read as lying.
        ("sit_to_stand_front_seniorfit_1rep.mp4", {Posture.SITTING, Posture.STANDING}),
    ],
)
def test_real_front_views_read_upright(clip: str, upright: set[Posture]) -> None:
    from conftest import track_for
    from posecount.tracks.format import TrackReader

    seen = {classify_posture(f) for f in TrackReader(track_for(clip)) if f.has_person}
    assert seen <= upright
    assert seen  # something was classified


@pytest.mark.parametrize(
    ("clip", "face_down_when_upright_only"),
    [
        # a stand's forward lean, filmed from a high corner, read face down on 12 frames
        ("tug_two_people_vfr_oblique", 0),
        # really lying prone: the lower legs lie along the floor, so nothing changes
        ("cobra_fitnessblender_side_1hold", None),
        ("bottom_to_heels_side_hold30s", None),
    ],
)
def test_a_face_down_reading_on_steep_lower_legs_is_a_lean_for_an_upright_exercise(
    clip: str, face_down_when_upright_only: int | None
) -> None:
    frames = [f for f in TrackReader(track_for(clip + ".mp4")) if f.world_m is not None]
    as_filmed = sum(classify_posture(f) == Posture.LYING_FACE_DOWN for f in frames)
    upright = sum(classify_posture(f, upright_only=True) == Posture.LYING_FACE_DOWN for f in frames)
    assert as_filmed > 0
    assert upright == (as_filmed if face_down_when_upright_only is None else 0)


@pytest.mark.parametrize(
    "clip, least, most",
    [
        # All fours, then sat back on the heels, arms stretched forward on the floor.
        ("bottom_to_heels_side_hold30s.mp4", 0.95, 1.0),
        # Standing hands hang on the shins' line, but so do the hips; a seated person's
        # hands rest short of the knees; lying bodies have no shins to stand on. A walk
        # lines a swinging hand up with the rear shin now and then.
        ("standing_two_feet_negative_front_7s.mp4", 0.0, 0.0),
        ("sit_to_stand_front_seniorfit_1rep.mp4", 0.0, 0.0),
        ("squat_darebee_side_8reps.mp4", 0.0, 0.05),
        ("tug_single_stand_side_clean.mp4", 0.0, 0.15),
        ("bridge_darebee_side_5reps.mp4", 0.0, 0.0),
        ("cobra_fitnessblender_side_1hold.mp4", 0.0, 0.0),
    ],
)
@pytest.mark.parametrize("camera_turned_deg", [0, 90, 270])
def test_hands_and_shins_on_the_floor_in_real_clips(
    clip: str, least: float, most: float, camera_turned_deg: int
) -> None:
    frames = [f for f in TrackReader(track_for(clip)) if f.has_person]
    share = sum(on_hands_and_shins(rotate_pose(f, camera_turned_deg)) for f in frames) / len(frames)
    assert least <= share <= most
