"""The MediaPipe backend imports MediaPipe without its plotting helpers (matplotlib, ~0.4 s
of start-up) or its audio tasks (sounddevice, ~0.1 s), yet leaves MediaPipe whole: anyone
who asks for them gets them, and the Tasks API is the same one a plain `import mediapipe`
gives."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CASES = [
    # (code run after importing the backend, expected output)
    ("print([m for m in ('matplotlib', 'sounddevice') if m in sys.modules])", "[]"),
    (
        "import mediapipe as mp; from mediapipe.tasks.python import vision; "
        "print(mp.Image is b.mp.Image and vision.PoseLandmarker is b.vision.PoseLandmarker)",
        "True",
    ),
    (
        "from mediapipe.tasks.python.vision import drawing_utils, drawing_styles; "
        "print(callable(drawing_utils.draw_landmarks) and 'matplotlib' in sys.modules)",
        "True",
    ),
    (
        "from mediapipe.tasks.python import vision; "
        "print(callable(vision.drawing_styles.get_default_pose_landmarks_style))",
        "True",
    ),
    (
        "from mediapipe.tasks.python import audio; import mediapipe as mp; "
        "print(audio.AudioClassifier is mp.tasks.audio.AudioClassifier)",
        "True",
    ),
    ("print(any(type(f).__name__ == '_LazyFinder' for f in sys.meta_path))", "False"),
]


@pytest.mark.parametrize(("code", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_backend_import_is_lazy_and_mediapipe_stays_whole(code: str, expected: str) -> None:
    prog = f"import sys; import posecount.pose.mediapipe_backend as b; {code}"
    out = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == expected, json.dumps(out.stderr[-500:])
