"""The reference a user's `posecount analyze` is compared with: the simplest script anyone
would write to get MediaPipe poses out of a video. Decode every frame with OpenCV, convert
it to RGB and run PoseLandmarker (VIDEO mode, one pose) on it; nothing else.

It imports neither posecount nor anything beyond cv2 and mediapipe, so when it is started
as its own process (as `speed_memory.py` does) its start-up is what such a script's is.

    python benchmarks/bare_loop.py VIDEO MODEL.task
"""

from __future__ import annotations

import os
import sys
import time

# Set before the import: MediaPipe's native logging otherwise floods stderr.
os.environ.setdefault("GLOG_minloglevel", "2")

import cv2  # noqa: E402
import mediapipe as mp  # noqa: E402
from mediapipe.tasks.python import BaseOptions, vision  # noqa: E402


def main(video: str, model: str) -> None:
    t0 = time.perf_counter()
    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=model),
        running_mode=vision.RunningMode.VIDEO,
        num_poses=1,
    )
    landmarker = vision.PoseLandmarker.create_from_options(options)
    cap = cv2.VideoCapture(video)
    fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0) or 30.0
    frames = found = 0
    while True:
        ok, bgr = cap.read()
        if not ok:
            break
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
        # VIDEO mode needs strictly increasing timestamps: frame index / float fps.
        result = landmarker.detect_for_video(image, round(frames * 1000 / fps))
        found += bool(result.pose_landmarks)
        frames += 1
    cap.release()
    landmarker.close()
    print(f"frames {frames} with_pose {found} loop_s {time.perf_counter() - t0:.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/bare_loop.py VIDEO MODEL.task")
    main(sys.argv[1], sys.argv[2])
