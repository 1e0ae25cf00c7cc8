"""Shared helpers for the benchmark scripts: where the clips are, labels, tables.

The scripts are run as ``python benchmarks/NAME.py``, so this folder is on ``sys.path``
and they import this module as ``_common``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# MediaPipe's C++ core logs through glog/absl to stderr; quiet it before anything imports
# mediapipe (the bare loop in speed_memory.py imports it directly).
os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from posecount.errors import ExerciseError  # noqa: E402
from posecount.exercises.registry import get_exercise  # noqa: E402
from posecount.scoring.labels import Label, read_labels  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
ENV_VIDEOS = "POSECOUNT_SAMPLE_VIDEOS"
DEFAULT_VIDEOS = REPO_ROOT.parent / "shared" / "sample_videos"
REPO_LABELS = REPO_ROOT / "sample_videos" / "labels.csv"
REPO_TRACKS = REPO_ROOT / "sample_videos" / "tracks"


def add_videos_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--videos",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"folder of the shared sample clips with labels.csv (default: ${ENV_VIDEOS}, "
        f"else {DEFAULT_VIDEOS})",
    )


def default_videos_dir(arg: Path | None) -> Path:
    """--videos, else $POSECOUNT_SAMPLE_VIDEOS, else ../shared/sample_videos."""
    if arg is not None:
        return arg
    env = os.environ.get(ENV_VIDEOS)
    return Path(env) if env else DEFAULT_VIDEOS


def videos_dir_or_exit(arg: Path | None) -> Path:
    """The clips folder; exits with a one-line message when it is not there."""
    folder = default_videos_dir(arg)
    if not (folder / "labels.csv").is_file():
        sys.exit(
            f"sample videos not found: {folder} has no labels.csv; "
            f"pass --videos DIR or set {ENV_VIDEOS}"
        )
    return folder


def load_labels(path: Path) -> list[Label]:
    try:
        return read_labels(path)
    except Exception as e:  # PosecountError: bad or missing file; say it in one line
        sys.exit(str(e))


def is_analysable(exercise_id: str) -> bool:
    """False for exercises in the labels that posecount does not analyse yet."""
    try:
        get_exercise(exercise_id)
    except ExerciseError:
        return False
    return True


def fmt_table(headers: Sequence[str], rows: Sequence[Sequence[object]], left: int = 1) -> str:
    """A plain-text table: the first `left` columns left-aligned (names), the rest
    right-aligned (figures)."""
    cells = [[str(h) for h in headers]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(r: list[str]) -> str:
        parts = [
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells[1:]]
    return "\n".join(out)


def _cell(v: object) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1000 else f"{v:.0f}"
    return str(v)


def progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def parse_fps(text: str) -> float | None:
    """A frame rate, or 'all' for every frame."""
    if text.strip().lower() in ("all", "none", "0"):
        return None
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number or 'all', got {text!r}") from None
