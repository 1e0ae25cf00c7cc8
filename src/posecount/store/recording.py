"""A session written as it happens, so Ctrl-C, a crash or an unplugged camera loses
nothing already recorded:

    <data dir>/sessions/<started>-<exercise>/
        session.json          metadata; "status" is "recording" until the session ends
                              ("complete", "ended early", "interrupted", "stopped",
                              "camera lost", "source corrupt", "write failed", "crashed");
                              a power cut leaves "recording", read as partial
        pose.posetrack.jsonl  the pose track (landmarks only), flushed every frame
        events.jsonl          the events, one JSON object a line, flushed as they happen
        video.mp4             only with --save-video

and filed in the history database (`posecount.store.history`) as it goes: `recording`
at the start, every event as it happens, the status and summary at the end. The folder
is the record; the database is an index over it. A database that cannot be written is
a one-line warning, not a lost session: `posecount history import` files it later.

`posecount analyze <folder>/pose.posetrack.jsonl --exercise ID` re-counts a session.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

from posecount.errors import OutputError, StoreError, TrackFormatError
from posecount.store.db import default_db_path
from posecount.tracks.format import TrackHeader, TrackWriter
from posecount.types import Event, PoseFrame

log = logging.getLogger(__name__)


def sessions_dir() -> Path:
    """The user data directory (honours XDG_DATA_HOME on Linux)."""
    return Path(platformdirs.user_data_dir("posecount", appauthor=False)) / "sessions"


def cannot_record(what: str, folder: Path, error: OSError | TrackFormatError) -> OutputError:
    """The one-line error for a recording that cannot be started in `folder`."""
    why = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return OutputError(
        f"cannot record {what} in {folder}: {why}; make that folder writable, or set "
        "XDG_DATA_HOME to a writable folder"
    )


def unused_path(folder: Path, stem: str, suffix: str = "") -> Path:
    """folder/stem+suffix, or the first of stem-2, stem-3, ... not there yet: a recording
    started within the same second as an earlier one never lands on it."""
    path = folder / f"{stem}{suffix}"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{suffix}"
    return path


class SessionRecorder:
    """`patient`/`db_path`: where the session is filed (`history=False` files nothing);
    the database defaults to $POSECOUNT_DB, else beside the sessions folder."""

    def __init__(
        self,
        header: TrackHeader,
        meta: dict[str, Any],
        root: Path | None = None,
        *,
        patient: str | None = None,
        db_path: Path | None = None,
        history: bool = True,
        started: datetime | None = None,
    ) -> None:
        # Local time, as the patient and the physiotherapist read it, with its UTC offset
        # stored so sessions from different time zones (or either side of a clock change)
        # still sort and compare.
        started = started or datetime.now().astimezone()
        root = root or sessions_dir()
        name = f"{started.strftime('%Y%m%dT%H%M%S')}-{meta.get('exercise', 'session')}"
        self.dir = unused_path(root, name)
        try:
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
        except (OSError, TrackFormatError) as e:
            raise cannot_record("the session", root, e) from e
        self.frames_recorded = 0
        self.frames_with_person = 0  # tracking quality, for the report
        self.history_note: str | None = None
        self.session_id: int | None = None
        self._history: Any = None
        if history:
            self._open_history(patient, db_path or default_db_path(root), started)

    def _open_history(self, patient: str | None, db_path: Path, started: datetime) -> None:
        from posecount.store.history import History, default_patient

        self.meta["patient"] = patient or default_patient()
        self._write_meta()
        try:
            self._history = History(db_path)
            self.session_id = self._history.start_session(
                patient=self.meta["patient"],
                exercise=str(self.meta.get("exercise", "")),
                started=started,
                meta=self.meta,
                session_dir=self.dir.resolve(),
                track_path=self.track.path.resolve(),
                writer_pid=os.getpid(),
            )
            self.meta["history_id"] = self.session_id
            self._write_meta()
        except StoreError as e:
            self._history_failed(e)

    def _history_failed(self, e: StoreError) -> None:
        self.history_note = (
            f"not filed in the history ({e}); the session folder {self.dir} is complete: "
            "file it later with 'posecount history import'"
        )
        log.warning(self.history_note)
        if self._history is not None:
            self._history.close()
        self._history = None

    def _file(self, method: str, *args: Any, **kw: Any) -> None:
        if self._history is None or self.session_id is None:
            return
        try:
            getattr(self._history, method)(self.session_id, *args, **kw)
        except StoreError as e:
            self._history_failed(e)

    def _write_meta(self) -> None:
        tmp = self.dir / "session.json.tmp"
        tmp.write_text(json.dumps(self.meta, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.dir / "session.json")  # never a half-written file

    def frame(self, pose: PoseFrame) -> None:
        self.track.write(pose)
        self.frames_recorded += 1
        self.frames_with_person += pose.has_person

    def events(self, events: list[Event]) -> None:
        dicts = [e.to_dict() for e in events]
        try:
            for d in dicts:
                self._events.write(json.dumps(d) + "\n")
            if events:
                self._events.flush()
        except OSError as e:
            raise OutputError(
                f"cannot write the session's events in {self.dir}: {e.strerror or e} (a full "
                "disk?); everything written before is kept; free some space"
            ) from e
        if events:
            self._file("add_events", dicts)

    def pain(self, when: str, score: int) -> None:
        self.meta["pain"][when] = score
        self._write_meta()
        self._file("set_pain", when, score)

    def close(
        self, status: str, summary: dict[str, Any] | None = None, ended: datetime | None = None
    ) -> None:
        """Always writes session.json with the status and summary, even when the track or
        the events can no longer be written (a full disk): the small file that says what
        happened is the one most worth saving."""
        for finish in (self.track.close, self._events.close):
            try:
                finish()
            except (OSError, OutputError) as e:
                self.meta.setdefault("error", str(e))
        self.meta["status"] = status
        ended = ended or datetime.now().astimezone()
        self.meta["ended"] = ended.isoformat(timespec="seconds")
        if summary is not None:
            self.meta["summary"] = {k: v for k, v in summary.items() if k != "events"}
            self.meta["summary"].setdefault(
                "frames",
                {"analysed": self.frames_recorded, "with_person": self.frames_with_person},
            )
        self._write_meta()
        # The connection stays open: the pain check after the session is filed too.
        self._file(
            "finish_session",
            status=status,  # the same words as session.json (store.db.STATUSES)
            ended=ended,
            summary=self.meta.get("summary"),
        )
