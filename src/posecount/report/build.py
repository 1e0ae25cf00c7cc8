"""Gathers one patient's report from the history: the queries (a fixed handful, however
many sessions: no query per session), the pose tracks of the sessions drilled into, and
the previous period for what changed. The edge between the database and the pure
`posecount.report.data`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from posecount.errors import PosecountError, ReportError
from posecount.report import data
from posecount.session.pain import PainBands
from posecount.store.history import Filter, History
from posecount.store.test_results import TestFilter, results
from posecount.tracks.format import TrackReader
from posecount.types import PoseFrame

DEFAULT_DAYS = 28


def default_period(since: date | None, until: date | None, today: date) -> data.Period:
    until = until or today
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise ReportError(
            f"--from {since} is after --to {until}; give the first day, then the last"
        )
    return data.Period(since, until)


def _track(path: str | None) -> tuple[tuple[int, int], list[PoseFrame]] | None:
    if not path or not Path(path).is_file():
        return None
    try:
        reader = TrackReader(Path(path))
        frames = list(reader)
    except PosecountError:
        return None  # a damaged track loses its replay, not the report
    return reader.header.frame_size_px, frames


def gather(
    history: History,
    patient: str,
    period: data.Period,
    generated: str,
    bands: PainBands = data.DEFAULT_BANDS,
) -> dict[str, Any]:
    if patient not in history.patients():  # a patient with test results only is one too
        known = ", ".join(history.patients()[:10]) or "none yet"
        raise ReportError(
            f"no patient {patient!r} in {history.path} (patients: {known}); check --patient"
        )
    sessions = history.sessions(Filter(patient=patient, since=period.since, until=period.until))
    ids = [s["id"] for s in sessions]
    reps = history.reps(ids)
    drill = data.drilldown_ids(sessions)
    events = history.events(drill)
    summaries = history.summaries(drill)
    tracks = {}
    for s in sessions:
        if s["id"] in drill:
            t = _track(s.get("track_path"))
            if t is not None:
                tracks[s["id"]] = t
    prev = period.previous()
    previous = history.sessions(Filter(patient=patient, since=prev.since, until=prev.until))
    previous_reps = history.reps([s["id"] for s in previous])
    tests = results(history, TestFilter(patient=patient, since=period.since, until=period.until))
    return data.build(
        patient=patient,
        period=period,
        generated=generated,
        sessions=sessions,
        reps=reps,
        events=events,
        summaries=summaries,
        tracks=tracks,
        previous_sessions=previous,
        previous_reps=previous_reps,
        bands=bands,
        tests=tests,
    )
