"""What the zoom (src/posecount/pose/zoom.py) costs: pose inference per analysed frame,
MediaPipe's whole picture alone against the zooming estimator, side by side on the same
frames, in one run (this machine's speed drifts from run to run; the ratios hold):

  patient in view   a shared clip as filmed (the patient always found: no extra work)
  far away          the same clip shrunk to a third (found in a window, followed in a crop)
  empty room        the clip's first frame with the person painted out (searched twice a
                    second, never found)

    python benchmarks/zoom_cost.py [--videos DIR] [--clip NAME] [--seconds S]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import cv2
import numpy as np
from _common import add_videos_arg, videos_dir_or_exit

from posecount.capture.video import VideoFileSource
from posecount.pose.estimator import PoseEstimator
from posecount.pose.mediapipe_backend import MediaPipePoseEstimator
from posecount.pose.models import resolve_model
from posecount.pose.zoom import ZoomingEstimator
from posecount.session.pipeline import DEFAULT_MAX_SIDE_PX, DEFAULT_MODEL
from posecount.types import Frame

ROUNDS = 3


def landmarker(video: bool = True) -> MediaPipePoseEstimator:
    return MediaPipePoseEstimator(resolve_model(DEFAULT_MODEL), video=video)


def zooming() -> ZoomingEstimator:
    return ZoomingEstimator(landmarker(), landmarker, lambda: landmarker(video=False))


def shrunk(image: np.ndarray, share: float) -> np.ndarray:
    h, w = image.shape[:2]
    sw, sh = round(w * share), round(h * share)
    small = cv2.resize(image, (sw, sh), interpolation=cv2.INTER_AREA)
    left = (w - sw) // 2
    return cv2.copyMakeBorder(small, h - sh, 0, left, w - sw - left, cv2.BORDER_REPLICATE)


def empty(image: np.ndarray) -> np.ndarray:
    """The picture with its middle blurred away to the room's colours: nobody in it."""
    return cv2.GaussianBlur(image, (0, 0), 40)


def ms_per_frame(make: Callable[[], PoseEstimator], images: list[np.ndarray]) -> tuple[float, int]:
    """Milliseconds a frame, and frames with a person."""
    estimator = make()
    try:
        start, found = time.perf_counter(), 0
        for i, image in enumerate(images):
            rgb = np.ascontiguousarray(image[:, :, ::-1])
            found += estimator.estimate(Frame(i, i * 100, image, rgb)).landmarks is not None
        return (time.perf_counter() - start) * 1000 / len(images), found
    finally:
        estimator.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_videos_arg(parser)
    parser.add_argument("--clip", default="squat_darebee_side_8reps.mp4")
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    path = videos_dir_or_exit(args.videos) / args.clip
    src = VideoFileSource(path, target_fps=10, max_side_px=DEFAULT_MAX_SIDE_PX)
    images = []
    for frame in src:
        if frame.t_ms > args.seconds * 1000:
            break
        images.append(frame.image_bgr)
    src.close()
    cases = {
        "patient in view": images,
        "far away": [shrunk(im, 1 / 3) for im in images],
        "empty room": [empty(images[0])] * len(images),
    }
    print(f"{args.clip}: {len(images)} frames at 10 a second, lite model, best of {ROUNDS}")
    print(
        f"{'case':16} {'whole ms':>9} {'zoom ms':>8} {'ratio':>6} {'found whole':>12} {'zoom':>5}"
    )
    for name, frames in cases.items():
        runs = [
            (ms_per_frame(landmarker, frames), ms_per_frame(zooming, frames)) for _ in range(ROUNDS)
        ]
        (whole, found_w), _ = min(runs, key=lambda r: r[0][0])
        _, (zoom, found_z) = min(runs, key=lambda r: r[1][0])
        print(
            f"{name:16} {whole:>9.1f} {zoom:>8.1f} {zoom / whole:>6.2f} {found_w:>12} {found_z:>5}"
        )


if __name__ == "__main__":
    main()
