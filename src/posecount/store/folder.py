"""Reading back a recorded session folder (see `posecount.store.recording`): its pose
track, its exercise and the prescription it was done to, so `analyze <folder>` re-counts
the session as it was prescribed without the user restating either."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posecount.errors import SourceError
from posecount.prescription.catalogue import resolve_prescription
from posecount.prescription.model import Prescription

META = "session.json"
TRACK = "pose.posetrack.jsonl"


def is_session_folder(path: Path) -> bool:
    return path.is_dir() and (path / META).is_file()


@dataclass(frozen=True, slots=True)
class RecordedSession:
    folder: Path
    track: Path
    exercise: str
    meta: dict[str, Any]

    def prescription(self) -> Prescription:
        """The catalogue's prescription with the values the session recorded laid over it
        (a physiotherapist's file used live is not needed again)."""
        base = resolve_prescription(self.exercise)
        values = self.meta.get("prescription_values") or {}
        if not isinstance(values, dict):
            return base
        known = {k: v for k, v in values.items() if k in Prescription.__slots__}
        try:
            return base.with_overrides(**known)
        except (TypeError, ValueError) as e:
            raise SourceError(
                f"session {self.folder}: the recorded prescription is not valid ({e}); "
                "pass --prescription FILE to choose one"
            ) from None


def read_session(folder: Path) -> RecordedSession:
    meta_path, track = folder / META, folder / TRACK
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SourceError(
            f"session {folder}: cannot read {META} ({e}); analyse its track instead: "
            f"posecount analyze {track} -e EXERCISE"
        ) from None
    if not isinstance(meta, dict) or not isinstance(meta.get("exercise"), str):
        raise SourceError(f"session {folder}: {META} names no exercise; pass --exercise ID")
    if not track.is_file():
        raise SourceError(
            f"session {folder} has no pose track ({TRACK} is missing); nothing to analyse"
        )
    return RecordedSession(folder, track, meta["exercise"], meta)
