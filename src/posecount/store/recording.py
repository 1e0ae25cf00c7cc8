"""A live session written as it happens, so Ctrl-C, a crash or an unplugged camera loses
nothing already recorded:

    <data dir>/sessions/<started>-<exercise>/
        session.json          metadata; "status" is "recording" until the session ends
                              ("complete", "interrupted", "camera lost", "crashed");
                              a power cut leaves "recording", read as partial
        pose.posetrack.jsonl  the pose track (landmarks only), flushed every frame
        events.jsonl          the events, one JSON object a line, flushed as they happen
        video.mp4             only with --save-video

`posecount analyze <folder>/pose.posetrack.jsonl --exercise ID` re-counts a session.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from posecount.tracks.format import TrackHeader, TrackWriter
from posecount.types import Event, PoseFrame


def sessions_dir() -> Path:
    """The user data directory (honours XDG_DATA_HOME on Linux)."""
    return Path(platformdirs.user_data_dir("posecount", appauthor=False)) / "sessions"


class SessionRecorder:
    def __init__(
        self,
        header: TrackHeader,
        meta: dict[str, Any],
        root: Path | None = None,
    ) -> None:
        started = datetime.now(UTC)
        root = root or sessions_dir()
        name = f"{started.strftime('%Y%m%dT%H%M%SZ')}-{meta.get('exercise', 'session')}"
        self.dir = root / name
        n = 1
        while self.dir.exists():
            n += 1
            self.dir = root / f"{name}-{n}"
        self.dir.mkdir(parents=True)
        self.meta: dict[str, Any] = {
            **meta,
            "started": started.isoformat(timespec="seconds"),
            "status": "recording",
            "pain": {},
        }
        self._write_meta()
        self.track = TrackWriter(self.dir / "pose.posetrack.jsonl", header)
        self._events = open(self.dir / "events.jsonl", "a", encoding="utf-8")  # noqa: SIM115

    def _write_meta(self) -> None:
        tmp = self.dir / "session.json.tmp"
        tmp.write_text(json.dumps(self.meta, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.dir / "session.json")  # never a half-written file

    def frame(self, pose: PoseFrame) -> None:
        self.track.write(pose)

    def events(self, events: list[Event]) -> None:
        for e in events:
            self._events.write(json.dumps(e.to_dict()) + "\n")
        if events:
            self._events.flush()

    def pain(self, when: str, score: int) -> None:
        self.meta["pain"][when] = score
        self._write_meta()

    def close(self, status: str, summary: dict[str, Any] | None = None) -> None:
        self.track.close()
        if not self._events.closed:
            self._events.close()
        self.meta["status"] = status
        self.meta["ended"] = datetime.now(UTC).isoformat(timespec="seconds")
        if summary is not None:
            self.meta["summary"] = {k: v for k, v in summary.items() if k != "events"}
        self._write_meta()
