"""Frame sources: the only modules that read pixels with cv2."""

import os

# OpenCV and its FFmpeg backend print their own diagnostics (a missing camera, a broken
# H.264 packet in a truncated file) straight to stderr. posecount reports each of those
# as one line of its own, so theirs are silenced unless asked for.
if not os.environ.get("POSECOUNT_DEBUG"):
    os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")  # AV_LOG_QUIET
    os.environ.setdefault("OPENCV_VIDEOIO_DEBUG", "0")
