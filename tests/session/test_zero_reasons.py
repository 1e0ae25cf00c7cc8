"""Every zero says why, and a prescription not followed at all is flagged. Real pose
tracks, cut or edited the way real inputs go wrong."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from conftest import TRACKS_DIR
from posecount.errors import SourceError
from posecount.pose.landmarks import LandmarkId as L
from posecount.session.analyze import analyze
from posecount.tracks.format import TrackReader, TrackWriter
from posecount.types import VISIBILITY, PoseFrame

SQUAT = TRACKS_DIR / "squat_darebee_side_8reps.posetrack.jsonl"
HIDDEN_LEGS = (L.LEFT_KNEE, L.RIGHT_KNEE, L.LEFT_ANKLE, L.RIGHT_ANKLE)
HIDDEN_FEET = (L.LEFT_ANKLE, L.RIGHT_ANKLE)


def _rewrite(src: Path, dst: Path, keep: int | None = None, edit=None) -> Path:  # type: ignore[no-untyped-def]
    reader = TrackReader(src)
    with TrackWriter(dst, reader.header) as w:
        for i, f in enumerate(reader):
            if keep is not None and i >= keep:
                break
            w.write(edit(f) if edit else f)
    return dst


def _hidden(parts: tuple[L, ...]):  # type: ignore[no-untyped-def]
    """An edit that puts these landmarks out of the picture (below MediaPipe's visibility
    threshold) in every frame."""

    def edit(f: PoseFrame) -> PoseFrame:
        if f.landmarks is None:
            return f
        lm = f.landmarks.copy()
        lm[[int(lid) for lid in parts], VISIBILITY] = 0.05
        return PoseFrame(f.t_ms, lm, f.world_m, f.frame_size_px)

    return edit


_legs_out_of_frame = _hidden(HIDDEN_LEGS)
_feet_out_of_frame = _hidden(HIDDEN_FEET)


def _nobody(f: PoseFrame) -> PoseFrame:
    return PoseFrame(f.t_ms, None, None, f.frame_size_px)


CASES = [
    # (track, how it is cut or edited, exercise, words of the flag that says why)
    (SQUAT, {"keep": 0}, "squat", "the input holds no frames"),
    (SQUAT, {"keep": 1}, "squat", "only 1 frame was analysed"),
    (SQUAT, {"edit": _nobody}, "squat", "no person was found in any of the"),
    (SQUAT, {"edit": _legs_out_of_frame}, "squat", "the knees and ankles were not in view"),
    (SQUAT, {}, "bridge", "seen standing"),
    # Seated and standing are still read with the feet out of the picture (a laptop on a
    # table framing the shins), but no stand can be measured: that is the reason given.
    (
        TRACKS_DIR / "sit_to_stand_front_seniorfit_1rep.posetrack.jsonl",
        {"edit": _feet_out_of_frame},
        "sit-to-stand",
        "the ankles were not in view",
    ),
    (
        TRACKS_DIR / "supine_twist_static_hold_oneside_negative.posetrack.jsonl",
        {},
        "knee-rolls",
        "no rep was counted",
    ),
    (
        TRACKS_DIR / "standing_two_feet_negative_front_7s.posetrack.jsonl",
        {},
        "single-leg-stance",
        "no hold was seen; the prescription asks for 5 s holds",
    ),
]


@pytest.mark.parametrize(("track", "how", "exercise", "words"), CASES)
def test_a_zero_count_says_why(
    tmp_path: Path,
    track: Path,
    how: dict,  # type: ignore[type-arg]
    exercise: str,
    words: str,
) -> None:
    src = _rewrite(track, tmp_path / "t.posetrack.jsonl", **how) if how else track
    summary = analyze(src, exercise)
    assert summary["reps"] == 0
    assert any(words in f for f in summary["flags"]), summary["flags"]


def test_nobody_in_any_frame_is_said_once_not_as_a_person_lost_too(tmp_path: Path) -> None:
    src = _rewrite(SQUAT, tmp_path / "t.posetrack.jsonl", edit=_nobody)
    summary = analyze(src, "squat")
    assert len(summary["flags"]) == 1 and "no person was found" in summary["flags"][0]
    assert not any(e["type"] == "tracking_lost" for e in summary["events"])


def test_legs_out_of_frame_say_for_how_long(tmp_path: Path) -> None:
    src = _rewrite(SQUAT, tmp_path / "t.posetrack.jsonl", edit=_legs_out_of_frame)
    summary = analyze(src, "squat")
    (flag,) = [f for f in summary["flags"] if "not in view" in f]
    seconds = float(re.search(r"for (\d+\.\d) s from", flag).group(1))  # type: ignore[union-attr]
    # The whole clip but the last frame interval (the stretch runs first to last frame).
    assert summary["duration_s"] - 0.2 <= seconds <= summary["duration_s"] + 0.05  # 0.1 s shown
    assert "place the camera so the whole body shows" in flag


@pytest.mark.parametrize(
    ("track", "exercise", "words"),
    [
        # A bridge with reps and no hold at the top, where 3 s are prescribed.
        ("bridge_darebee_side_5reps", "bridge", "no hold was seen at the top of any of the 5"),
        # One leg held, the other never.
        ("single_leg_stance_treepose_front_12s", "single-leg-stance", "nothing done on the left"),
    ],
)
def test_a_prescription_not_followed_is_flagged(track: str, exercise: str, words: str) -> None:
    summary = analyze(TRACKS_DIR / f"{track}.posetrack.jsonl", exercise)
    assert summary["reps"] > 0
    assert any(words in f for f in summary["flags"]), summary["flags"]


def test_a_still_picture_is_said_to_be_one(tmp_path: Path) -> None:
    cv2 = pytest.importorskip("cv2")
    picture = tmp_path / "photo.mp4"  # a misnamed photo: caught by its content
    ok, data = cv2.imencode(".jpg", np.zeros((48, 64, 3), np.uint8))
    assert ok
    picture.write_bytes(data.tobytes())
    with pytest.raises(SourceError, match="is a JPEG image, not a video"):
        analyze(picture, "squat")
