"""MediaPipe Tasks PoseLandmarker in VIDEO mode: the only module that imports mediapipe.

Results are converted here, once, into the project's own PoseFrame.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from posecount.errors import ModelError
from posecount.interrupts import held_stop_signals
from posecount.pose.landmarks import LANDMARK_COUNT, LandmarkId
from posecount.pose.zoom import in_view_share
from posecount.types import Frame, PoseFrame, quantize

log = logging.getLogger(__name__)

# MediaPipe's C++ side logs to stderr through glog/absl; quiet it before the import.
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# `import mediapipe` loads every task it has. Two cost a run's start-up for nothing
# posecount uses (measured with -X importtime, README "Speed and memory"): the vision
# landmark-drawing helpers import matplotlib.pyplot (~0.4 s), and the audio tasks import
# sounddevice, which loads PortAudio (~0.1 s). Those modules are loaded lazily instead
# (importlib's LazyLoader): they still exist, and run in full the first time anyone
# touches them.
_LAZY_MODULES = frozenset(
    {
        "mediapipe.tasks.python.vision.drawing_utils",
        "mediapipe.tasks.python.vision.drawing_styles",
        "mediapipe.tasks.python.audio",
    }
)


class _LazyFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):  # type: ignore[no-untyped-def]
        if name not in _LAZY_MODULES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


_finder = _LazyFinder()
sys.meta_path.insert(0, _finder)
try:
    import mediapipe as mp  # noqa: E402
    from mediapipe.tasks.python import BaseOptions, vision  # noqa: E402
finally:
    sys.meta_path.remove(_finder)


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """MediaPipe's C++ core prints start-up chatter (delegates, feedback tensors) straight to
    file descriptor 2, past Python's logging. Silence it around the calls that emit it, so a
    user sees only our own lines; POSECOUNT_DEBUG=1 keeps it. Re-entrant across threads (a
    landmarker may be built on one while another runs): the first in redirects, the last
    out restores, so overlapping blocks cannot leave fd 2 pointing at /dev/null."""
    global _quiet_depth, _quiet_saved_fd
    if os.environ.get("POSECOUNT_DEBUG"):
        yield
        return
    with _quiet_lock:
        if _quiet_depth == 0:
            try:
                _quiet_saved_fd = os.dup(2)
            except OSError:
                _quiet_saved_fd = None
            if _quiet_saved_fd is not None:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 2)
                os.close(devnull)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0 and _quiet_saved_fd is not None:
                os.dup2(_quiet_saved_fd, 2)
                os.close(_quiet_saved_fd)
                _quiet_saved_fd = None


_quiet_lock = threading.Lock()
_quiet_depth = 0
_quiet_saved_fd: int | None = None


_TORSO = [
    LandmarkId.LEFT_SHOULDER,
    LandmarkId.RIGHT_SHOULDER,
    LandmarkId.LEFT_HIP,
    LandmarkId.RIGHT_HIP,
]


def _to_arrays(landmarks, world) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    lm = np.array(
        [[p.x, p.y, p.z, p.visibility or 0.0, p.presence or 0.0] for p in landmarks],
        dtype=np.float64,
    )
    w = np.array([[p.x, p.y, p.z] for p in world], dtype=np.float64)
    return lm, w


def _bbox_area(lm: np.ndarray) -> float:
    xy = lm[:, :2]
    span = xy.max(axis=0) - xy.min(axis=0)
    return float(span[0] * span[1])


def _distinct_people(poses: list[np.ndarray]) -> int:
    """People, not ghosts of the detector: at least half of the body's landmarks inside the
    picture and visible (not a coat on a chair), and not a second reading of someone
    already counted (the shared handheld bridge gives two poses of the one patient on the
    odd frame, their torsos a few pixels apart)."""
    centres: list[tuple[np.ndarray, float]] = []
    for lm in poses:
        if in_view_share(lm) < 0.5:
            continue
        centre = lm[_TORSO, :2].mean(axis=0)
        size = max(float(np.sqrt(_bbox_area(lm))), 1e-6)
        if all(np.linalg.norm(centre - c) > 0.5 * max(size, s) for c, s in centres):
            centres.append((centre, size))
    return len(centres)


class MediaPipePoseEstimator:
    """Follows one patient.

    With num_poses=1 (the default) MediaPipe's VIDEO mode tracks the region of the person it
    locked on to from frame to frame and only re-detects when that person is lost, so a
    passer-by does not steal the track. With num_poses > 1 (about 1.7x slower on 2 cores:
    the detector then runs on every frame looking for more people) we keep the pose nearest
    to the one followed on the previous frame (the largest at the start), not whoever
    MediaPipe lists first."""

    def __init__(
        self,
        model_path: Path,
        *,
        model_name: str | None = None,
        num_poses: int = 1,
        in_position: Callable[[PoseFrame], bool] | None = None,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        video: bool = True,
    ) -> None:
        """`video`: MediaPipe's VIDEO mode, following a person from frame to frame; False,
        IMAGE mode: every picture on its own (the zoom's search windows, pose/zoom.py)."""
        self.model_name = model_name or Path(model_path).stem
        self._video = video
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=vision.RunningMode.VIDEO if video else vision.RunningMode.IMAGE,
            num_poses=num_poses,
            min_pose_detection_confidence=min_detection_confidence,
            min_pose_presence_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        try:
            with quiet_native_stderr():
                self._landmarker = vision.PoseLandmarker.create_from_options(options)
        except (RuntimeError, ValueError) as e:
            raise ModelError(
                f"MediaPipe could not load the pose model {model_path}: {e}; "
                "use --model lite|full or a valid pose_landmarker .task bundle"
            ) from e
        self._last_centre: np.ndarray | None = None
        self._last_size: float | None = None
        self._last_t_ms = -1
        self._frames_seen = 0
        self._in_position = in_position
        self.people_seen = 0  # on the last frame

    def _choose(self, poses: list[np.ndarray], fits: list[bool] | None = None) -> int:
        """The patient among several people: at the start, among those in the exercise's
        position (`fits`, when known: a bridge is done lying, so a larger person seated in
        the foreground is not the patient) the one most fully in view (landmarks inside
        the picture and visible, weighted by the body's size: the patient sets the camera
        up for themselves, a bystander is cut off or far); then whoever continues the
        patient's place and size, not whoever MediaPipe lists first."""
        if len(poses) == 1:
            return 0
        if self._last_centre is None or self._last_size is None:
            score = [in_view_share(p) * np.sqrt(_bbox_area(p)) for p in poses]
            if fits is not None and any(fits):
                score = [s if f else -1.0 for s, f in zip(score, fits, strict=True)]
            return int(np.argmax(score))
        cost = []
        for p in poses:
            size = max(np.sqrt(_bbox_area(p)), 1e-6)
            moved = float(np.linalg.norm(p[_TORSO, :2].mean(axis=0) - self._last_centre))
            cost.append(moved / self._last_size + abs(np.log(size / self._last_size)))
        return int(np.argmin(cost))

    def estimate(self, frame: Frame) -> PoseFrame:
        return self.to_pose_frame(frame, self.detect(frame))

    def detect(self, frame: Frame):  # type: ignore[no-untyped-def]
        """MediaPipe's own result for the frame (the inference, timed on its own by
        benchmarks/speed_memory.py)."""
        rgb = frame.image_rgb
        if rgb is None:
            rgb = np.ascontiguousarray(frame.image_bgr[:, :, ::-1])
        # VIDEO mode demands strictly increasing timestamps.
        t_ms = max(frame.t_ms, self._last_t_ms + 1)
        self._last_t_ms = t_ms
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        with held_stop_signals():
            # The first inferences log their own set-up warnings, and IMAGE mode warns
            # about its region of interest whenever it first finds somebody.
            if self._frames_seen < 2 or not self._video:
                with quiet_native_stderr():
                    result = self._infer(image, t_ms)
            else:
                result = self._infer(image, t_ms)
        self._frames_seen += 1
        return result

    def _infer(self, image: mp.Image, t_ms: int):  # type: ignore[no-untyped-def]
        if self._video:
            return self._landmarker.detect_for_video(image, t_ms)
        return self._landmarker.detect(image)

    def to_pose_frame(self, frame: Frame, result) -> PoseFrame:  # type: ignore[no-untyped-def]
        """The one boundary from MediaPipe's types to ours: the patient's pose, quantised."""
        h, w = frame.image_bgr.shape[:2]
        if not result.pose_landmarks:
            self.people_seen = 0
            return PoseFrame(t_ms=frame.t_ms, landmarks=None, world_m=None, frame_size_px=(w, h))
        poses = [
            _to_arrays(lm, wl)
            for lm, wl in zip(result.pose_landmarks, result.pose_world_landmarks, strict=True)
        ]
        self.people_seen = _distinct_people([p[0] for p in poses])
        fits = None
        if self._in_position is not None and len(poses) > 1 and self._last_centre is None:
            fits = [self._in_position(PoseFrame(frame.t_ms, *quantize(*p), (w, h))) for p in poses]
        k = self._choose([p[0] for p in poses], fits)
        lm, world = quantize(*poses[k])
        assert lm is not None and lm.shape[0] == LANDMARK_COUNT
        self._last_centre = lm[_TORSO, :2].mean(axis=0)
        self._last_size = max(float(np.sqrt(_bbox_area(lm))), 1e-6)
        return PoseFrame(t_ms=frame.t_ms, landmarks=lm, world_m=world, frame_size_px=(w, h))

    def close(self) -> None:
        # Closing logs "DestroyAccelerator" lines at INFO straight to fd 2 (glog's level
        # setting does not reach that logger).
        with held_stop_signals(), quiet_native_stderr():
            self._landmarker.close()

    def __enter__(self) -> MediaPipePoseEstimator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
