"""Where the real data lives. The pose tracks of the shared clips are committed
(sample_videos/tracks) and always available; the videos themselves are not part of the
repository: tests that need them look in $POSECOUNT_SAMPLE_VIDEOS or ../shared/sample_videos
and skip, saying so, when they are absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TRACKS_DIR = REPO / "sample_videos" / "tracks"
LABELS_CSV = REPO / "sample_videos" / "labels.csv"


def sample_videos_dir() -> Path | None:
    env = os.environ.get("POSECOUNT_SAMPLE_VIDEOS")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared" / "sample_videos")
    return next((c for c in candidates if (c / "labels.csv").is_file()), None)


@pytest.fixture(scope="session")
def videos_dir() -> Path:
    found = sample_videos_dir()
    if found is None:
        pytest.skip(
            "shared sample videos not found (set POSECOUNT_SAMPLE_VIDEOS or put them in "
            "../shared/sample_videos)"
        )
    return found


def track_for(clip: str) -> Path:
    return TRACKS_DIR / (Path(clip).stem + ".posetrack.jsonl")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--slow", action="store_true", help="also run the long soak (benchmarks/soak.py)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="long soak: run with --slow, or benchmarks/soak.py")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
