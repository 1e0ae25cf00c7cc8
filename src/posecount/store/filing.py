"""`analyze --save`: a recording a patient made on their own (a phone video, a pose track)
kept as a session folder, like a live session, and filed in the history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from posecount.store.recording import SessionRecorder
from posecount.tracks.format import TrackHeader, TrackReader, is_track_path
from posecount.types import PoseFrame, event_from_dict


class AnalysisFiler:
    """Pass `frame` as analyze's `on_frame`, then `close(summary)`. The session is dated
    by the recording's file time (when the patient exercised), not by when it was
    analysed."""

    def __init__(
        self,
        source: Path,
        exercise: str,
        *,
        patient: str | None,
        db_path: Path | None,
        model: str,
        fps: float | None,
        max_side_px: int | None,
        rotate_deg: int | None,
        sessions_root: Path | None = None,
    ) -> None:
        self.source = Path(source)
        self.exercise = exercise
        self.patient = patient
        self.db_path = db_path
        self.sessions_root = sessions_root
        self._settings = (model, fps, max_side_px, rotate_deg)
        self.started = datetime.fromtimestamp(self.source.stat().st_mtime, UTC)
        self.recorder: SessionRecorder | None = None

    def _header(self, first: PoseFrame) -> TrackHeader:
        if is_track_path(self.source):
            return TrackReader(self.source).header
        model, fps, max_side_px, rotate_deg = self._settings
        return TrackHeader(
            source=self.source.name,
            fps=float(fps or 0.0),
            frame_size_px=first.frame_size_px,
            model=model,
            analysis_fps=fps,
            max_side_px=max_side_px,
            rotate_deg=rotate_deg or 0,  # None: turned from the pose, the track as filmed
        )

    def frame(self, pose: PoseFrame) -> None:
        if self.recorder is None:
            self.recorder = SessionRecorder(
                self._header(pose),
                {"exercise": self.exercise, "source": self.source.name, "analysed": True},
                self.sessions_root,
                patient=self.patient,
                db_path=self.db_path,
                started=self.started,
            )
        self.recorder.frame(pose)

    def close(self, summary: dict[str, Any]) -> SessionRecorder | None:
        """Files the events and the summary. None when the source gave no frame at all."""
        rec = self.recorder
        if rec is None:
            return None
        p = summary["prescription"]
        rec.meta["prescription"] = p["text"]
        rec.meta["prescription_values"] = {k: v for k, v in p.items() if k != "text"}
        rec.meta["model"] = (summary.get("frames") or {}).get("model")
        rec.events([event_from_dict(e) for e in summary["events"]])
        status = "interrupted" if summary.get("interrupted") else "complete"
        ended = self.started + timedelta(seconds=summary.get("duration_s") or 0.0)
        rec.close(status, summary, ended)
        return rec
