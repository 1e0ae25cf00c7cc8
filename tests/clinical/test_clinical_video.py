"""Each clinical test end to end from the real videos, through real MediaPipe at every
frame (never mocked), giving the same result as from the video's committed full-rate
track. Skipped when the shared clips are absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from posecount.clinical.run import run_clinical_test

pytestmark = pytest.mark.video
TRACKS = Path(__file__).parent / "tracks"

CASES = [
    ("timed-up-and-go", "tug_single_stand_side_clean"),
    ("timed-up-and-go", "tug_two_people_vfr_oblique"),
    ("five-times-sit-to-stand", "sit_to_stand_front_seniorfit_1rep"),
    ("chair-stand-30s", "sit_to_stand_front_seniorfit_1rep"),
    ("single-leg-stance", "single_leg_stance_treepose_front_12s"),
]


@pytest.mark.parametrize(("name", "clip"), CASES)
def test_video_and_its_track_give_the_same_result(name: str, clip: str, videos_dir: Path) -> None:
    from_video = run_clinical_test(name, videos_dir / f"{clip}.mp4", age=72, sex="female")
    from_track = run_clinical_test(name, TRACKS / f"{clip}.posetrack.jsonl", age=72, sex="female")
    a, b = from_video.to_dict(), from_track.to_dict()
    assert a == b


@pytest.mark.parametrize(("name", "clip"), CASES)
def test_the_video_played_live_gives_the_offline_result(
    name: str, clip: str, videos_dir: Path
) -> None:
    """`posecount test NAME VIDEO --live` (the video as the camera, after the spoken
    instructions and the countdown): the result of the recording, through real MediaPipe."""
    from test_clinical_live import scored

    from posecount.clinical.live import LiveTest, LiveTestOptions

    video = videos_dir / f"{clip}.mp4"
    live = LiveTest(
        LiveTestOptions(name, video, age=72, sex="female", mute=True, realtime=False)
    ).run()
    offline = run_clinical_test(name, TRACKS / f"{clip}.posetrack.jsonl", age=72, sex="female")
    assert scored(live.to_dict()) == scored(offline.to_dict())
