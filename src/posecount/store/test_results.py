"""Clinical test results in the history (table `test_results`, schema version 3): filed by
`posecount test ... --save` and by every live test run, listed by `posecount history
tests`, charted against their norms by the report.

A result is filed whole (its JSON, events included), valid or not: a test that was not
valid is part of the record too, with its reason and no time."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from posecount.errors import StoreError
from posecount.store.db import SEXES, write
from posecount.store.history import History, _iso, check_patient

__test__ = False  # not a pytest module, whatever its name


@dataclass(frozen=True, slots=True)
class TestFilter:
    patient: str | None = None
    test: str | None = None
    since: date | None = None  # first day included
    until: date | None = None  # last day included
    limit: int | None = None  # the newest N, still listed oldest first

    __test__ = False

    def where(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        args: list[Any] = []
        if self.patient is not None:
            parts.append("patient_id = ?")
            args.append(self.patient)
        if self.test is not None:
            parts.append("test = ?")
            args.append(self.test)
        if self.since is not None:
            parts.append("started >= ?")
            args.append(self.since.isoformat())
        if self.until is not None:
            parts.append("started < ?")
            args.append((self.until + timedelta(days=1)).isoformat())
        return (" WHERE " + " AND ".join(parts)) if parts else "", args


def file_result(
    history: History,
    result: dict[str, Any],
    *,
    patient: str,
    started: datetime,
    age: int | None,
    sex: str | None,
    live: bool,
) -> int:
    """Files one result (`TestResult.to_dict()`); returns its id."""
    if sex is not None and sex not in SEXES:
        raise StoreError(f"sex must be one of {', '.join(SEXES)}, got {sex!r}")
    norms = result.get("comparisons") or []
    verdict = "\n".join(str(c["verdict"]) for c in norms) or None
    with write(history.conn, history.path) as c:
        history._ensure_patient(patient, started)
        cur = c.execute(
            "INSERT INTO test_results (patient_id, test, started, source, live, valid, reason,"
            " value, unit, at_least, timed_fps, uncertainty_s, age, sex, norms_json, verdict,"
            " concern, track_path, result_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                check_patient(patient),
                result["test"],
                _iso(started),
                (result.get("details") or {}).get("source"),
                int(live),
                int(bool(result["valid"])),
                result.get("reason"),
                result.get("value"),
                result["unit"],
                int(bool(result.get("at_least"))),
                result.get("timed_fps"),
                result.get("uncertainty_s"),
                age,
                sex,
                json.dumps(norms),
                verdict,
                int(any(c.get("concern") for c in norms)),
                (result.get("details") or {}).get("track_path"),
                json.dumps(result),
            ),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid


_COLUMNS = (
    "id, patient_id, test, started, source, live, valid, reason, value, unit, at_least,"
    " timed_fps, uncertainty_s, age, sex, norms_json, verdict, concern, track_path"
)


def _row(r: sqlite3.Row) -> dict[str, Any]:
    d = {k: r[k] for k in r.keys()}
    d["patient"] = d.pop("patient_id")
    d["norms"] = json.loads(d.pop("norms_json"))
    for k in ("live", "valid", "at_least", "concern"):
        d[k] = bool(d[k])
    if "result_json" in d:
        d["result"] = json.loads(d.pop("result_json"))
    return d


def results(history: History, flt: TestFilter = TestFilter()) -> list[dict[str, Any]]:
    """Oldest first (the newest `limit` when limited)."""
    where, args = flt.where()
    order = " ORDER BY started DESC, id DESC" if flt.limit else " ORDER BY started, id"
    limit = f" LIMIT {int(flt.limit)}" if flt.limit else ""
    rows = history._q(f"SELECT {_COLUMNS} FROM test_results{where}{order}{limit}", args)
    out = [_row(r) for r in rows]
    if flt.limit:
        out.reverse()
    return out


def result(history: History, result_id: int) -> dict[str, Any]:
    rows = history._q("SELECT * FROM test_results WHERE id = ?", (result_id,))
    if not rows:
        raise StoreError(
            f"no test result {result_id} in {history.path}; 'posecount history tests' lists them"
        )
    return _row(rows[0])
