"""A live clinical test written as it happens, like a live session, so Ctrl-C, a crash or
a kill loses nothing already seen:

    <data dir>/tests/<started>-<test>/
        pose.posetrack.jsonl  the pose track, flushed every frame, time 0 at "go"
        result.json           the result, written (whole, atomically) when the test ends

The track is the frames as the protocol saw them (already turned upright), on the test's
clock, so `posecount test NAME <folder>/pose.posetrack.jsonl` scores them again and gives
the live result.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from posecount.errors import TrackFormatError
from posecount.store.recording import cannot_record, sessions_dir, unused_path
from posecount.tracks.format import TrackHeader, TrackReader, TrackWriter, is_track_path
from posecount.types import PoseFrame

TRACK = "pose.posetrack.jsonl"
RESULT = "result.json"


def tests_dir() -> Path:
    """Beside the sessions folder in the user data directory."""
    return sessions_dir().parent / "tests"


class TestRecorder:
    """Pass `frame` every frame the protocol sees, then `close(result)`."""

    __test__ = False  # not a pytest test class, whatever its name

    def __init__(
        self,
        test: str,
        source: Path | int,
        model: str,
        root: Path | None = None,
        started: datetime | None = None,
    ) -> None:
        self.test = test
        self.source = source
        self.model = model
        self.started = started or datetime.now().astimezone()
        root = root or tests_dir()
        self.dir = unused_path(root, f"{self.started.strftime('%Y%m%dT%H%M%S')}-{test}")
        self.track_path = self.dir / TRACK
        self._writer: TrackWriter | None = None

    def _header(self, first: PoseFrame) -> TrackHeader:
        if isinstance(self.source, Path) and is_track_path(self.source):
            h = TrackReader(self.source).header
            return TrackHeader(h.source, h.fps, first.frame_size_px, h.model, h.created)
        name = f"camera {self.source}" if isinstance(self.source, int) else self.source.name
        return TrackHeader(name, 0.0, first.frame_size_px, self.model)

    def frame(self, pose: PoseFrame) -> None:
        if self._writer is None:
            try:
                self.dir.mkdir(parents=True)
                self._writer = TrackWriter(self.track_path, self._header(pose))
            except (OSError, TrackFormatError) as e:
                raise cannot_record("the test", self.dir.parent, e) from e
        self._writer.write(pose)

    def abort(self) -> None:
        """The test did not end (a crash): keep the track as far as it got, no result."""
        if self._writer is not None:
            self._writer.close()

    def close(self, result: dict[str, Any]) -> None:
        if self._writer is None:  # no frame seen: nothing to keep
            return
        self._writer.close()
        tmp = self.dir / (RESULT + ".tmp")
        tmp.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, self.dir / RESULT)  # never a half-written file
