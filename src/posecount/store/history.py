"""The session history: filing sessions (as they are recorded, or from folders recorded
before), and the queries the `history` and `report` commands make.

Rows are derived from events (`posecount.store.rows`); a session's events are kept whole
in the `events` table, so any figure can be re-made from them.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from posecount.errors import ExerciseError, StoreError
from posecount.exercises.base import ExerciseSpec
from posecount.exercises.registry import get_exercise
from posecount.store.db import STATUSES, connect, default_db_path, describe_error, write
from posecount.store.rows import rep_rows

DEFAULT_PATIENT_ENV = "POSECOUNT_PATIENT"
# A patient's own laptop has one patient; a clinic gives --patient every time.
DEFAULT_PATIENT = "me"

# What a session still marked `recording` is shown as once nothing is writing it any more:
# the program was killed or the machine lost power before it could close the session.
UNCLOSED = "interrupted"
UNCLOSED_NOTE = "no end recorded: the program was killed or lost power; reps up to then are kept"
# Statuses a filter can only tell apart once it knows whether the writer is alive.
_BY_WRITER = (UNCLOSED, "recording")


def default_patient() -> str:
    return os.environ.get(DEFAULT_PATIENT_ENV) or DEFAULT_PATIENT


def check_patient(patient: str) -> str:
    p = patient.strip()
    if not p or len(p) > 64 or any(c in p for c in "\n\r\t"):
        raise StoreError(
            f"patient id must be 1-64 characters on one line, got {patient!r}; e.g. --patient P001"
        )
    return p


def _spec(exercise: str) -> ExerciseSpec | None:
    try:
        return get_exercise(exercise).spec
    except ExerciseError:
        return None


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="seconds")


def _writer_alive(pid: int | None, host: str | None) -> bool:
    if pid is None or host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True, slots=True)
class Filter:
    patient: str | None = None
    exercise: str | None = None
    since: date | None = None  # first day included
    until: date | None = None  # last day included
    status: str | None = None
    limit: int | None = None  # newest first when limited

    def where(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        args: list[Any] = []
        if self.patient is not None:
            parts.append("s.patient_id = ?")
            args.append(self.patient)
        if self.exercise is not None:
            parts.append("s.exercise = ?")
            args.append(self.exercise)
        if self.since is not None:
            parts.append("s.started >= ?")
            args.append(self.since.isoformat())
        if self.until is not None:
            parts.append("s.started < ?")
            args.append((self.until + timedelta(days=1)).isoformat())
        if self.status is not None and self.status not in _BY_WRITER:
            parts.append("s.status = ?")
            args.append(self.status)
        elif self.status is not None:
            # Filed as `recording` is either still recording or interrupted, which only
            # the writer's process can tell (History.sessions sorts them out).
            parts.append("s.status IN ('interrupted', 'recording')")
        return (" WHERE " + " AND ".join(parts)) if parts else "", args


class History:
    """One open history database. Safe to share with the analysis thread of `live`."""

    def __init__(self, path: Path | None = None, *, create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.conn = connect(self.path, create=create)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _q(self, sql: str, args: Sequence[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as e:
            raise describe_error(self.path, e) from e

    # ------------------------------------------------------------ filing

    def _ensure_patient(self, patient: str, now: datetime) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO patients (id, created) VALUES (?, ?)",
            (check_patient(patient), _iso(now)),
        )

    def start_session(
        self,
        *,
        patient: str,
        exercise: str,
        started: datetime,
        meta: dict[str, Any],
        session_dir: Path | None,
        track_path: Path | None,
        writer_pid: int | None = None,
    ) -> int:
        """Files a session as `recording`: it is visible (and readable) from now on."""
        with write(self.conn, self.path) as c:
            self._ensure_patient(patient, started)
            cur = c.execute(
                "INSERT INTO sessions (patient_id, exercise, started, status, source, model,"
                " view, prescription_json, session_dir, track_path, writer_pid, writer_host,"
                " reps, reps_short) VALUES (?, ?, ?, 'recording', ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
                (
                    check_patient(patient),
                    exercise,
                    _iso(started),
                    meta.get("source"),
                    meta.get("model"),
                    meta.get("view"),
                    json.dumps(_prescription(meta)),
                    None if session_dir is None else str(session_dir),
                    None if track_path is None else str(track_path),
                    writer_pid,
                    socket.gethostname() if writer_pid is not None else None,
                ),
            )
            assert cur.lastrowid is not None
            return cur.lastrowid

    def add_events(self, session_id: int, events: Iterable[dict[str, Any]]) -> None:
        """Appends events and re-derives the session's reps from all its events."""
        new = list(events)
        if not new:
            return
        with write(self.conn, self.path) as c:
            self._append_events(c, session_id, new)

    def _append_events(
        self, c: sqlite3.Connection, session_id: int, new: list[dict[str, Any]]
    ) -> None:
        row = c.execute(
            "SELECT exercise, (SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?)"
            " AS last FROM sessions WHERE id = ?",
            (session_id, session_id),
        ).fetchone()
        if row is None:
            raise StoreError(f"no session {session_id} in the history (deleted meanwhile?)")
        c.executemany(
            "INSERT INTO events (session_id, seq, t_ms, type, json) VALUES (?, ?, ?, ?, ?)",
            [
                (session_id, row["last"] + i, int(e["t_ms"]), e["type"], json.dumps(e))
                for i, e in enumerate(new, start=1)
            ],
        )
        every = [
            json.loads(r[0])
            for r in c.execute(
                "SELECT json FROM events WHERE session_id = ? ORDER BY seq", (session_id,)
            )
        ]
        rows = rep_rows(every, _spec(row["exercise"]))
        c.execute("DELETE FROM reps WHERE session_id = ?", (session_id,))
        c.executemany(
            "INSERT INTO reps (session_id, n, t_ms, start_ms, side, range_achieved,"
            " range_target, short_by, hold_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    session_id,
                    r["n"],
                    r["t_ms"],
                    r["start_ms"],
                    r["side"],
                    r["range_achieved"],
                    r["range_target"],
                    r["short_by"],
                    r["hold_s"],
                )
                for r in rows
            ],
        )
        view = next((e.get("view") for e in every if e["type"] == "view_decided"), None)
        spec = _spec(row["exercise"])
        values = [r["range_achieved"] for r in rows if r["range_achieved"] is not None]
        # Until the summary at the end says otherwise (a kill leaves none), the range
        # figures are the reps' own: "best" is the furthest along the movement.
        best = None
        if values:
            best = min(values) if spec is not None and spec.lower_is_further else max(values)
        c.execute(
            "UPDATE sessions SET reps = ?, reps_short = ?, tracking_lost = ?,"
            " view = COALESCE(?, view), range_best = ?, range_mean = ? WHERE id = ?",
            (
                len(rows),
                sum((r["short_by"] or 0) > 0 for r in rows),
                sum(e["type"] == "tracking_lost" for e in every),
                view,
                None if best is None else round(best, 1),
                round(sum(values) / len(values), 1) if values else None,
                session_id,
            ),
        )

    def set_pain(self, session_id: int, when: str, score: int) -> None:
        column = {"before": "pain_before", "after": "pain_after", "30min": "pain_30min"}.get(when)
        if column is None:
            raise StoreError(f"pain is recorded before, after or 30min; got {when!r}")
        if not 0 <= score <= 10:
            raise StoreError(f"pain score must be 0 to 10, got {score}")
        with write(self.conn, self.path) as c:
            c.execute(f"UPDATE sessions SET {column} = ? WHERE id = ?", (score, session_id))

    def finish_session(
        self,
        session_id: int,
        *,
        status: str,
        ended: datetime,
        summary: dict[str, Any] | None,
    ) -> None:
        with write(self.conn, self.path) as c:
            self._finish(c, session_id, status, ended, summary)

    def _finish(
        self,
        c: sqlite3.Connection,
        session_id: int,
        status: str,
        ended: datetime | None,
        summary: dict[str, Any] | None,
    ) -> None:
        if status not in STATUSES:
            raise StoreError(f"unknown session status {status!r}; one of {', '.join(STATUSES)}")
        s = {k: v for k, v in (summary or {}).items() if k != "events"}
        rng = s.get("range") or {}
        frames = s.get("frames") or {}
        if isinstance(s.get("prescription"), dict):
            (before,) = c.execute(
                "SELECT prescription_json FROM sessions WHERE id = ?", (session_id,)
            ).fetchone()
            merged = {**json.loads(before or "{}"), **_prescription(s)}
            if merged.get("range_target") is None:
                merged["range_target"] = rng.get("target")
            c.execute(
                "UPDATE sessions SET prescription_json = ? WHERE id = ?",
                (json.dumps(merged), session_id),
            )
        c.execute(
            "UPDATE sessions SET status = ?, ended = ?, duration_s = COALESCE(?, duration_s),"
            " reps = COALESCE(?, reps), reps_short = COALESCE(?, reps_short),"
            " range_unit = COALESCE(?, range_unit), range_target = COALESCE(?, range_target),"
            " range_best = COALESCE(?, range_best), range_mean = COALESCE(?, range_mean),"
            " frames_analysed = ?, frames_with_person = ?, view = COALESCE(?, view),"
            " summary_json = ?, writer_pid = NULL WHERE id = ?",
            (
                status,
                None if ended is None else _iso(ended),
                s.get("duration_s"),
                s.get("reps"),
                s.get("reps_short_of_target"),
                rng.get("unit"),
                rng.get("target"),
                rng.get("best"),
                rng.get("mean"),
                frames.get("analysed"),
                frames.get("with_person"),
                s.get("view") if isinstance(s.get("view"), str) else None,
                json.dumps(s) if s else None,
                session_id,
            ),
        )

    def import_folder(self, folder: Path, patient: str) -> int | None:
        """Files one session folder (as `live` writes them). None when it is already in
        the history (the folder is the key), so importing twice adds nothing."""
        folder = Path(folder).resolve()
        meta, events = read_session_folder(folder)
        if self._q("SELECT 1 FROM sessions WHERE session_dir = ?", (str(folder),)):
            return None
        started = _parse_time(meta.get("started"), folder)
        ended = _parse_time(meta["ended"], folder) if meta.get("ended") else None
        status = meta.get("status", "recording")
        if status not in STATUSES:
            status = "recording"
        track = folder / "pose.posetrack.jsonl"
        with write(self.conn, self.path) as c:
            self._ensure_patient(patient, started)
            cur = c.execute(
                "INSERT INTO sessions (patient_id, exercise, started, status, source, model,"
                " prescription_json, session_dir, track_path, reps, reps_short,"
                " pain_before, pain_after) VALUES (?, ?, ?, 'recording', ?, ?, ?, ?, ?, 0, 0,"
                " ?, ?)",
                (
                    check_patient(patient),
                    str(meta.get("exercise", "")),
                    _iso(started),
                    meta.get("source"),
                    meta.get("model"),
                    json.dumps(_prescription(meta)),
                    str(folder),
                    str(track) if track.is_file() else None,
                    (meta.get("pain") or {}).get("before"),
                    (meta.get("pain") or {}).get("after"),
                ),
            )
            sid = cur.lastrowid
            assert sid is not None
            if events:
                self._append_events(c, sid, events)
            if status != "recording":
                self._finish(c, sid, status, ended, meta.get("summary"))
            return sid

    # ------------------------------------------------------------ queries

    def sessions(self, flt: Filter = Filter()) -> list[dict[str, Any]]:
        where, args = flt.where()
        by_writer = flt.status in _BY_WRITER
        # A status told by the writer is known only per row: limit after sorting them out.
        sql_limit = None if by_writer else flt.limit
        order = " ORDER BY s.started DESC, s.id DESC" if sql_limit else " ORDER BY s.started, s.id"
        limit = f" LIMIT {int(sql_limit)}" if sql_limit else ""
        rows = self._q(
            "SELECT s.id, s.patient_id, s.exercise, s.started, s.ended, s.status, s.source,"
            " s.model, s.view, s.prescription_json, s.pain_before, s.pain_after, s.pain_30min,"
            " s.duration_s, s.reps, s.reps_short, s.range_unit, s.range_target, s.range_best,"
            " s.range_mean, s.frames_analysed, s.frames_with_person, s.tracking_lost,"
            " s.session_dir, s.track_path, s.writer_pid, s.writer_host"
            f" FROM sessions s{where}{order}{limit}",
            args,
        )
        out = [_session_dict(r) for r in rows]
        if by_writer:
            out = [s for s in out if s["status"] == flt.status]
            return out[-flt.limit :] if flt.limit else out
        if sql_limit:
            out.reverse()
        return out

    def session(self, session_id: int) -> dict[str, Any]:
        rows = self._q("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if not rows:
            raise StoreError(
                f"no session {session_id} in {self.path}; 'posecount history' lists the ids"
            )
        d = _session_dict(rows[0])
        d["summary"] = json.loads(rows[0]["summary_json"]) if rows[0]["summary_json"] else None
        d["events"] = self.events([session_id])[session_id]
        d["reps_detail"] = self.reps([session_id])[session_id]
        return d

    def events(self, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        """Every event of these sessions, in one query per 500 ids (never one per session)."""
        out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self._q(
                f"SELECT session_id, json FROM events WHERE session_id IN ({marks})"
                " ORDER BY session_id, seq",
                chunk,
            ):
                out[r[0]].append(json.loads(r[1]))
        return out

    def reps(self, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self._q(
                "SELECT session_id, n, t_ms, start_ms, side, range_achieved, range_target,"
                f" short_by, hold_s FROM reps WHERE session_id IN ({marks})"
                " ORDER BY session_id, n",
                chunk,
            ):
                d = dict(r)
                out[d.pop("session_id")].append(d)
        return out

    def summaries(self, ids: Sequence[int]) -> dict[int, dict[str, Any] | None]:
        out: dict[int, dict[str, Any] | None] = dict.fromkeys(ids)
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            for r in self._q(f"SELECT id, summary_json FROM sessions WHERE id IN ({marks})", chunk):
                out[r[0]] = json.loads(r[1]) if r[1] else None
        return out

    def patients(self) -> list[str]:
        return [r[0] for r in self._q("SELECT id FROM patients ORDER BY id")]

    def delete(self, *, patient: str | None = None, session_id: int | None = None) -> int:
        """Deletes a patient (every session, rep and event of theirs) or one session.
        Returns how many sessions went. The session folders are the caller's to remove."""
        with write(self.conn, self.path) as c:
            if patient is not None:
                n = c.execute(
                    "SELECT COUNT(*) FROM sessions WHERE patient_id = ?", (patient,)
                ).fetchone()[0]
                c.execute("DELETE FROM patients WHERE id = ?", (patient,))
                return int(n)
            cur = c.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            return cur.rowcount


def _chunks(items: list[int], n: int) -> Iterator[list[int]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _prescription(meta: dict[str, Any]) -> dict[str, Any]:
    values = dict(meta.get("prescription_values") or {})
    text = meta.get("prescription")
    if isinstance(text, dict):  # a summary's prescription
        values = {**{k: v for k, v in text.items() if k != "text"}, **values}
        text = text.get("text")
    values["text"] = text
    return values


def _session_dict(r: sqlite3.Row) -> dict[str, Any]:
    d = {k: r[k] for k in r.keys() if k != "summary_json"}
    d["patient"] = d.pop("patient_id")
    d["prescription"] = json.loads(d.pop("prescription_json") or "{}")
    pid, host = d.pop("writer_pid"), d.pop("writer_host")
    d["note"] = None
    if d["status"] == "recording" and not _writer_alive(pid, host):
        d["status"] = UNCLOSED
        d["note"] = UNCLOSED_NOTE
    return d


def _parse_time(text: Any, folder: Path) -> datetime:
    try:
        t = datetime.fromisoformat(str(text))
    except ValueError:
        raise StoreError(
            f"session folder {folder}: session.json has no valid 'started' time "
            f"(got {text!r}); it cannot be placed in the history"
        ) from None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def read_session_folder(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """session.json and events.jsonl of a session folder; a last event line cut short by a
    kill is dropped, as the track reader does."""
    meta_path = folder / "session.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(
            f"{folder} is not a session folder (no session.json); give the folder that "
            "holds the session folders, or one of them"
        ) from None
    except (OSError, json.JSONDecodeError) as e:
        raise StoreError(f"cannot read {meta_path}: {e}; the session cannot be imported") from e
    if not isinstance(meta, dict) or "exercise" not in meta:
        raise StoreError(f"{meta_path} does not describe a session (no 'exercise')")
    events: list[dict[str, Any]] = []
    ev_path = folder / "events.jsonl"
    if ev_path.is_file():
        lines = ev_path.read_text(encoding="utf-8", errors="replace").split("\n")
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                ev = json.loads(line)
            except json.JSONDecodeError:
                if i == len(lines) - 1:  # cut short by a kill: every whole line is kept
                    break
                raise StoreError(f"{ev_path} line {i + 1} is not JSON; fix or remove it") from None
            if isinstance(ev, dict) and "type" in ev and "t_ms" in ev:
                events.append(ev)
    return meta, events


def session_folders(root: Path) -> list[Path]:
    """`root` itself when it is a session folder, else the session folders inside it."""
    root = Path(root)
    if not root.is_dir():
        raise StoreError(f"{root} is not a folder; give a folder of session folders")
    if (root / "session.json").is_file():
        return [root]
    return sorted(p for p in root.iterdir() if (p / "session.json").is_file())
