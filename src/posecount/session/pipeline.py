"""From a source (video file, camera or pose track) to a stream of PoseFrames.

The same stream feeds `track`, `analyze` and `live`, so a video and its recorded track give
the same landmarks and therefore the same events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

# Every command's options name the defaults below, so `posecount --help` imports this
# module: it loads nothing else at import time (numpy alone is ~70 ms of start-up), and
# each function imports what it uses.
if TYPE_CHECKING:
    from posecount.capture.source import FrameSource
    from posecount.pose.estimator import PoseEstimator
    from posecount.tracks.format import TrackHeader, TrackReader
    from posecount.types import PoseFrame

# Defaults chosen by measurement on the shared clips (benchmarks/defaults.py, README
# "Choosing the defaults"): lite at 10 analysed frames a second counts every clip as
# exactly as full or every frame does, at under half the time of a bare every-frame lite
# loop; 10 Hz still gives a 1-2 s rep (the brisk end of the leaflets' tempo) 10-20
# samples, and times holds to a tenth of a second.
DEFAULT_MODEL = "lite"
DEFAULT_FPS = 10.0
# The pose networks look at 224-256 px crops; 640 px keeps a person who fills a fifth of
# the frame above that size while making decode-side conversion cheap.
DEFAULT_MAX_SIDE_PX = 640


@dataclass(frozen=True, slots=True)
class PoseSettings:
    """How poses are read from the pixels. One value, handed on whole, from the command
    line to a live session, a programme's sessions and a clinical test, so that each stage
    gets exactly what the user chose. A pose track is replayed as it was recorded: of
    these, only `rotate_deg` applies to it."""

    model: str = DEFAULT_MODEL
    fps: float | None = DEFAULT_FPS  # None: every frame of the source
    max_side_px: int | None = DEFAULT_MAX_SIDE_PX
    rotate_deg: int | None = None  # None: found from the pose


@dataclass
class StreamStats:
    frames_analysed: int = 0
    frames_with_person: int = 0
    truncated: bool = False
    camera_lost: bool = False


class PoseStream:
    """Iterate for PoseFrames; always `close()` (or use `with`)."""

    def __init__(self, header: TrackHeader, frames: Iterator[PoseFrame], closers: list) -> None:  # type: ignore[type-arg]
        self.header = header
        self._frames = frames
        self._closers = closers
        self.stats = StreamStats()

    def __iter__(self) -> Iterator[PoseFrame]:
        for frame in self._frames:
            self.stats.frames_analysed += 1
            self.stats.frames_with_person += frame.has_person
            yield frame

    def close(self) -> None:
        for close in self._closers:
            close()
        self._closers = []

    def __enter__(self) -> PoseStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_pose_stream(
    source: Path | int,
    *,
    model: str = DEFAULT_MODEL,
    fps: float | None = DEFAULT_FPS,
    max_side_px: int | None = DEFAULT_MAX_SIDE_PX,
    rotate_deg: int = 0,
    people: int | None = None,
    in_position: Callable[[PoseFrame], bool] | None = None,
) -> PoseStream:
    """`source`: a path to a video or a .posetrack.jsonl file, or a camera index.
    `in_position`: whether a person is in the exercise's position, to tell the patient
    from others at the start (see MediaPipePoseEstimator._choose)."""
    from posecount.tracks.format import is_track_path

    if isinstance(source, Path) and is_track_path(source):
        header, frames, reader = replay_track(source, rotate_deg)
        stream = PoseStream(header, iter(()), [])

        def _replay() -> Iterator[PoseFrame]:
            yield from frames
            stream.stats.truncated = reader.truncated

        stream._frames = _replay()
        return stream

    src, estimator, header = open_pixel_source(
        source,
        model=model,
        fps=fps,
        max_side_px=max_side_px,
        rotate_deg=rotate_deg,
        people=people,
        in_position=in_position,
    )
    stream = PoseStream(header, iter(()), [estimator.close, src.close])

    def _frames() -> Iterator[PoseFrame]:
        for frame in src:
            yield estimator.estimate(frame)
        stream.stats.truncated = getattr(src, "truncated", False)
        stream.stats.camera_lost = getattr(src, "lost", False)

    stream._frames = _frames()
    return stream


def replay_track(
    path: Path, rotate_deg: int = 0
) -> tuple[TrackHeader, Iterator[PoseFrame], TrackReader]:
    """A pose track's header and frames, turned by `rotate_deg` clockwise (a session
    recorded with the camera on its side); the header then says the rotation applied in
    all, from the video to these landmarks."""
    from posecount.pose.rotation import check_rotation, rotate_pose
    from posecount.tracks.format import TrackReader

    check_rotation(rotate_deg)
    reader = TrackReader(path)
    header = reader.header
    if not rotate_deg:
        return header, iter(reader), reader
    w, h = header.frame_size_px
    header = replace(
        header,
        frame_size_px=(h, w) if rotate_deg in (90, 270) else (w, h),
        rotate_deg=(header.rotate_deg + rotate_deg) % 360,
    )
    return header, (_requantized(rotate_pose(f, rotate_deg)) for f in reader), reader


def _requantized(frame: PoseFrame) -> PoseFrame:
    """Back to the track's precision, so a track turned and turned back is the track."""
    from posecount.types import PoseFrame, quantize

    lm, world = quantize(frame.landmarks, frame.world_m)
    return PoseFrame(frame.t_ms, lm, world, frame.frame_size_px)


def open_pixel_source(
    source: Path | int,
    *,
    model: str,
    fps: float | None,
    max_side_px: int | None,
    rotate_deg: int = 0,
    people: int | None = None,
    in_position: Callable[[PoseFrame], bool] | None = None,
) -> tuple[FrameSource, PoseEstimator, TrackHeader]:
    """A video file or camera, the pose estimator for its frames, and the header a track
    of them gets. Shared by `open_pose_stream` and the live session (which also needs the
    pixels for its window)."""
    # Heavy imports only when pixels are involved: `--help` and track replays never load
    # OpenCV or MediaPipe.
    from posecount.pose.models import resolve_model
    from posecount.tracks.format import TrackHeader

    model_path = resolve_model(model)
    if isinstance(source, int):
        from posecount.capture.webcam import WebcamSource

        src: FrameSource = WebcamSource(
            source, target_fps=fps, max_side_px=max_side_px, rotate_deg=rotate_deg
        )
    else:
        from posecount.capture.video import VideoFileSource

        src = VideoFileSource(
            source, target_fps=fps, max_side_px=max_side_px, rotate_deg=rotate_deg
        )
    try:
        from posecount.pose.mediapipe_backend import MediaPipePoseEstimator
        from posecount.pose.zoom import ZoomingEstimator

        def landmarker(num_poses: int, video: bool = True) -> MediaPipePoseEstimator:
            return MediaPipePoseEstimator(
                model_path,
                model_name=model,
                num_poses=num_poses,
                in_position=in_position,
                video=video,
            )

        if people is None:
            from posecount.pose.patient import PeopleProbe

            whole: PoseEstimator = PeopleProbe(landmarker)
        else:
            whole = landmarker(people)
        estimator: PoseEstimator = ZoomingEstimator(
            whole, lambda: landmarker(1), lambda: landmarker(1, video=False)
        )
    except BaseException:
        src.close()
        raise
    header = TrackHeader(
        source=src.name,
        fps=src.fps,
        frame_size_px=src.frame_size_px,
        model=model,
        analysis_fps=fps,
        max_side_px=max_side_px,
        rotate_deg=rotate_deg,
    )
    return src, estimator, header
