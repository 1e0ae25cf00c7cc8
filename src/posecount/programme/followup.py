"""The 30-minute follow-up (leaflet 001: pain should be back to its pre-exercise level
within 30 minutes): one score, filed on every exercise session of the latest programme
run (or on one session), in the history and in each session's own session.json."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from posecount.errors import PosecountError
from posecount.session.pain import check_score


def _programme_ids(latest: dict[str, Any]) -> list[int]:
    """The history ids of the programme run the latest session belongs to."""
    folder = latest.get("session_dir")
    if not folder:
        return [latest["id"]]
    try:
        meta = json.loads((Path(folder) / "session.json").read_text(encoding="utf-8"))
        record = json.loads(Path(meta["programme"]["record"]).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return [latest["id"]]  # a single live session, or its programme record is gone
    ids = [s.get("history_id") for s in record.get("sessions", [])]
    return [i for i in ids if isinstance(i, int)] or [latest["id"]]


def _mark_folder(folder: str | None, score: int) -> None:
    if not folder:
        return
    path = Path(folder) / "session.json"
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # the history has it; a missing or damaged folder is not made worse
    meta.setdefault("pain", {})["30min"] = score
    tmp = path.with_name("session.json.tmp")
    tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def record_30_min(
    score: int,
    *,
    session_id: int | None = None,
    patient: str | None = None,
    db_path: Path | None = None,
) -> list[str]:
    """Files the score; returns what to tell the patient."""
    from posecount.store.db import default_db_path
    from posecount.store.history import Filter, History, default_patient

    check_score(score)
    with History(db_path or default_db_path(), create=False) as h:
        if session_id is not None:
            ids = [session_id]
        else:
            latest = h.sessions(Filter(patient=patient or default_patient(), limit=1))
            if not latest:
                raise PosecountError(
                    "no sessions recorded yet to follow up; run 'posecount programme' or "
                    "'posecount live' first"
                )
            ids = _programme_ids(latest[0])
        sessions = [h.session(i) for i in ids]
        for s in sessions:
            h.set_pain(s["id"], "30min", score)
            _mark_folder(s.get("session_dir"), score)
    before = next(
        (s.get("pain_before") for s in sessions if s.get("pain_before") is not None), None
    )
    which = ", ".join(str(s["id"]) for s in sessions)
    line = f"pain {score} after 30 minutes, filed on session(s) {which}"
    if before is None:
        return [line]
    if score <= before:
        return [line, f"settled to where it was before ({before}): well done"]
    return [
        line,
        f"not settled yet (it was {before} before): if it keeps on, or keeps getting worse, "
        "talk to your physiotherapist or GP, and make the exercises easier next time",
    ]
