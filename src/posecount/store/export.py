"""History exports: CSV (one row per session and one per rep, for a spreadsheet) and a
FHIR R4 Bundle of Observations (for a clinical record system). Pure: rows in, text out."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

CSV_COLUMNS = (
    "record",
    "session_id",
    "patient",
    "exercise",
    "started",
    "ended",
    "status",
    "rep",
    "rep_time_s",
    "side",
    "range",
    "range_unit",
    "range_target",
    "short_by",
    "hold_s",
    "reps",
    "reps_short",
    "reps_prescribed",
    "hold_prescribed_s",
    "pain_before",
    "pain_after",
    "duration_s",
)


def reps_prescribed(session: Mapping[str, Any], sides: int = 1) -> int | None:
    p = session.get("prescription") or {}
    if not p.get("reps"):
        return None
    return int(p["reps"]) * int(p.get("sets") or 1) * max(sides, 1)


def to_csv(
    sessions: Sequence[Mapping[str, Any]],
    reps: Mapping[int, Sequence[Mapping[str, Any]]],
    sides: Mapping[str, int] | None = None,
) -> str:
    """A session row, then a row per rep under it. Missing values are empty cells."""
    sides = sides or {}
    out = io.StringIO()
    w = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for s in sessions:
        base = {
            "session_id": s["id"],
            "patient": s["patient"],
            "exercise": s["exercise"],
            "started": s["started"],
            "ended": s["ended"],
            "status": s["status"],
            "range_unit": s.get("range_unit"),
        }
        w.writerow(
            {
                **base,
                "record": "session",
                "range": s.get("range_mean"),
                "range_target": s.get("range_target"),
                "reps": s.get("reps"),
                "reps_short": s.get("reps_short"),
                "reps_prescribed": reps_prescribed(s, sides.get(s["exercise"], 1)),
                "hold_prescribed_s": (s.get("prescription") or {}).get("hold_s"),
                "pain_before": s.get("pain_before"),
                "pain_after": s.get("pain_after"),
                "duration_s": s.get("duration_s"),
            }
        )
        for r in reps.get(s["id"], ()):
            w.writerow(
                {
                    **base,
                    "record": "rep",
                    "rep": r["n"],
                    "rep_time_s": round(r["t_ms"] / 1000, 2),
                    "side": r.get("side"),
                    "range": _round(r.get("range_achieved")),
                    "range_target": r.get("range_target"),
                    "short_by": _round(r.get("short_by")),
                    "hold_s": r.get("hold_s"),
                }
            )
    return out.getvalue()


def _round(x: float | None, nd: int = 1) -> float | None:
    return None if x is None else round(float(x), nd)


# ------------------------------------------------------------------ FHIR R4

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
# Sessions that ended as the patient meant them to (fewer reps than prescribed is still a
# finished session); the others were cut short and their figures are preliminary.
FINAL_STATUSES = ("complete", "stopped", "ended early")
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# posecount's own codes for what LOINC has no code for (reps of a home exercise, the hold
# and range of one rep). A receiving system maps them, or keeps them as text.
POSECOUNT_CODES = "https://posecount.invalid/fhir/CodeSystem/observation"
# LOINC 72514-3: pain severity, 0-10 verbal numeric rating, reported.
PAIN_LOINC = "72514-3"
_NS = uuid.UUID("6d1f6f5e-3c53-4f7a-9f57-2b8f3a1d0c11")  # stable ids for the same data


def _uid(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NS, '/'.join(str(p) for p in parts))}"


def _at(started: str, t_ms: int) -> str:
    t = datetime.fromisoformat(started) + timedelta(milliseconds=t_ms)
    return t.isoformat(timespec="seconds")


def _quantity(value: float, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def _observation(
    key: str,
    s: Mapping[str, Any],
    patient_ref: str,
    code: dict[str, Any],
    when: str,
    value: dict[str, Any],
    note: str | None = None,
    category: str = "activity",
) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        # A session still being recorded (or cut by a kill) is not final.
        "status": "final" if s["status"] in FINAL_STATUSES else "preliminary",
        "category": [{"coding": [{"system": CATEGORY, "code": category}]}],
        "code": code,
        "subject": {"reference": patient_ref},
        "effectiveDateTime": when,
        "valueQuantity": value,
    }
    if note:
        obs["note"] = [{"text": note}]
    return {"fullUrl": _uid("observation", s["id"], key), "resource": obs}


def _own_code(code: str, text: str) -> dict[str, Any]:
    return {"coding": [{"system": POSECOUNT_CODES, "code": code, "display": text}], "text": text}


def to_fhir(
    sessions: Sequence[Mapping[str, Any]],
    reps: Mapping[int, Sequence[Mapping[str, Any]]],
    generated: str,
) -> dict[str, Any]:
    """A `collection` Bundle: one Patient per patient id, and per session the reps done,
    pain before and after (LOINC 72514-3), and each rep's range (degrees) and hold
    (seconds) as valueQuantity with UCUM units."""
    entries: list[dict[str, Any]] = []
    patients: dict[str, str] = {}
    for s in sessions:
        if s["patient"] not in patients:
            ref = _uid("patient", s["patient"])
            patients[s["patient"]] = ref
            entries.append(
                {
                    "fullUrl": ref,
                    "resource": {
                        "resourceType": "Patient",
                        "identifier": [
                            {"system": POSECOUNT_CODES + "/patient", "value": s["patient"]}
                        ],
                    },
                }
            )
        ref = patients[s["patient"]]
        what = f"{s['exercise']}, session {s['id']} ({s['status']})"
        if s.get("reps") is not None:
            entries.append(
                _observation(
                    "reps",
                    s,
                    ref,
                    _own_code("exercise-repetitions", f"{s['exercise']} repetitions"),
                    s["started"],
                    _quantity(int(s["reps"]), "repetitions", "{repetitions}"),
                    what,
                )
            )
        pain_code = {
            "coding": [
                {
                    "system": LOINC,
                    "code": PAIN_LOINC,
                    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
                }
            ],
            "text": "pain 0-10",
        }
        for when, key, at in (
            ("before", "pain_before", s["started"]),
            ("after", "pain_after", s.get("ended") or s["started"]),
        ):
            if s.get(key) is not None:
                entries.append(
                    _observation(
                        key,
                        s,
                        ref,
                        pain_code,
                        at,
                        _quantity(int(s[key]), "score", "{score}"),
                        f"{when} {what}",
                        category="survey",
                    )
                )
        for r in reps.get(s["id"], ()):
            at = _at(s["started"], int(r["t_ms"]))
            rep_what = f"rep {r['n']}" + (f" ({r['side']})" if r.get("side") else "")
            if r.get("range_achieved") is not None and (s.get("range_unit") or "deg") == "deg":
                entries.append(
                    _observation(
                        f"range/{r['n']}",
                        s,
                        ref,
                        _own_code("exercise-range-of-motion", f"{s['exercise']} range of motion"),
                        at,
                        _quantity(round(float(r["range_achieved"]), 1), "degrees", "deg"),
                        f"{rep_what} of {what}",
                    )
                )
            if r.get("hold_s") is not None:
                entries.append(
                    _observation(
                        f"hold/{r['n']}",
                        s,
                        ref,
                        _own_code("exercise-hold-duration", f"{s['exercise']} hold"),
                        at,
                        _quantity(round(float(r["hold_s"]), 2), "seconds", "s"),
                        f"{rep_what} of {what}",
                    )
                )
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": generated,
        "entry": entries,
    }
