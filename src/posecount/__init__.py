"""posecount: a webcam pose-tracking rep counter for low back pain rehabilitation."""

__version__ = "0.1.0"
