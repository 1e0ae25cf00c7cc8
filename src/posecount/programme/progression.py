"""Progression and the day's schedule, as pure functions of past programme runs.

A run's record (written by the runner, `<data dir>/programmes/*.json`) says, for each
exercise, the dose used, whether every prescribed rep was done, and the pain of the run
(before, between sets, after). The rule (`Progression`, readable and changeable in the
programme file): after `after_sessions` runs in a row at the same dose with every rep
done and the pain green throughout, one more set (up to the target sets) and holds
longer by `hold_step_s` (up to the target hold). Without a target nothing changes: a
physiotherapist's own prescription is never given a "building to" it does not have.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from posecount.prescription.model import Prescription
from posecount.programme.model import Programme, Progression, Step


@dataclass(frozen=True, slots=True)
class Outcome:
    """One exercise in one past run."""

    sets: int
    hold_s: float | None
    complete: bool  # every prescribed rep (and hold) done
    green: bool  # every pain score of the run in the green zone (and at least one given)


def outcomes(records: list[dict[str, Any]], exercise: str, green_max: int) -> list[Outcome]:
    """Newest first."""
    out: list[Outcome] = []
    for rec in sorted(records, key=lambda r: str(r.get("started", "")), reverse=True):
        pain = rec.get("pain") or {}
        scores = [pain.get("before"), pain.get("after")] + [
            c.get("score") for c in rec.get("pain_checks", [])
        ]
        known = [s for s in scores if isinstance(s, int)]
        green = bool(known) and max(known) <= green_max
        for s in rec.get("sessions", []):
            if s.get("exercise") != exercise or "dose" not in s:
                continue
            dose = s["dose"]
            out.append(
                Outcome(
                    sets=int(dose.get("sets") or 1),
                    hold_s=dose.get("hold_s"),
                    complete=s.get("programme_status") == "complete"
                    and int(s.get("reps") or 0) >= int(s.get("reps_expected") or 0),
                    green=green,
                )
            )
    return out


def next_dose(
    step: Step, past: list[Outcome], rule: Progression
) -> tuple[Prescription, str | None]:
    """Today's dose for this step, and why it changed (None: as prescribed or as last
    time)."""
    p = step.prescription
    # Carry on from an earlier progression, within the prescription's own bounds.
    if past:
        last = past[0]
        sets = min(max(last.sets, p.sets), p.target_sets or p.sets)
        hold = p.hold_s
        if p.hold_s is not None and last.hold_s is not None:
            hold = min(max(last.hold_s, p.hold_s), p.target_hold_s or p.hold_s)
        p = replace(p, sets=sets, hold_s=hold)
    if not p.target_sets and not p.target_hold_s:
        return p, None
    streak = 0
    for o in past:
        if o.sets != p.sets or o.hold_s != p.hold_s or not (o.complete and o.green):
            break
        streak += 1
    if streak < rule.after_sessions:
        return p, None
    changes: list[str] = []
    new = p
    if p.target_sets and p.sets < p.target_sets and rule.add_sets:
        new = replace(new, sets=min(p.target_sets, p.sets + rule.add_sets))
        changes.append(f"{p.sets} to {new.sets} sets")
    if p.target_hold_s and p.hold_s is not None and p.hold_s < p.target_hold_s:
        new = replace(new, hold_s=min(p.target_hold_s, p.hold_s + rule.hold_step_s))
        changes.append(f"hold {p.hold_s:g} to {new.hold_s:g} s")
    if not changes:
        return p, None
    why = (
        f"{', '.join(changes)}: {streak} sessions in a row with every rep done and pain "
        f"green (rule: after {rule.after_sessions})"
    )
    return new, why


def load_records(folder: Path, name: str) -> list[dict[str, Any]]:
    """The finished runs of programme `name` (unreadable records are skipped: they are
    the runner's own files, and a half-written one cannot exist, see runner)."""
    out: list[dict[str, Any]] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.json")):
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(rec, dict) and rec.get("programme") == name:
            out.append(rec)
    return out


def schedule(programme: Programme, records: list[dict[str, Any]], today: date) -> dict[str, Any]:
    """What is due and done today."""
    runs_today = [
        r for r in records if _day(r.get("started")) == today and r.get("status") != "running"
    ]
    complete = [r for r in runs_today if r.get("status") == "complete"]
    per_day = programme.per_day
    exercises = []
    for step in programme.steps:
        done = sum(
            1
            for r in runs_today
            for s in r.get("sessions", [])
            if s.get("exercise") == step.exercise and s.get("programme_status") == "complete"
        )
        target = step.prescription.per_day or per_day
        exercises.append(
            {
                "exercise": step.exercise,
                "per_day": target,
                "done_today": done,
                "due_today": None if target is None else max(0, target - done),
            }
        )
    return {
        "programme": programme.name,
        "date": today.isoformat(),
        "per_day": per_day,
        "runs_today": len(runs_today),
        "complete_today": len(complete),
        "due_today": None if per_day is None else max(0, per_day - len(complete)),
        "exercises": exercises,
    }


def _day(text: Any) -> date | None:
    try:
        return datetime.fromisoformat(str(text)).date()
    except ValueError:
        return None
