"""Report data: everything the HTML shows, as plain JSON-able values, built from the
history's session rows, their reps and events, and (for the drill-down) their pose
tracks. Pure: no clock (the caller passes the dates), no files.

Golden tests check this data, not the HTML bytes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from posecount.errors import ExerciseError
from posecount.exercises.base import ExerciseSpec
from posecount.exercises.registry import get_exercise
from posecount.pose.landmarks import SKELETON
from posecount.session.pain import PainBands
from posecount.types import PoseFrame

# A change of 2 points (or 30%) on the 0-10 pain rating is the minimal important change
# in low back pain (Ostelo RW et al., Spine 2008;33(1):90-94).
PAIN_MIC_POINTS = 2
# The leaflet asks that pain after exercise settles back within 30 minutes.
PAIN_SETTLE_MIN = 30
# Replays and signals are kept for the newest sessions only: each adds about 100 kB a
# minute to the file, and a tablet must open a month of them quickly.
DRILLDOWN_MAX_SESSIONS = 12
REPLAY_FPS = 10.0
REPLAY_MAX_FRAMES = 3000  # 5 minutes at 10 fps; longer tracks are sampled more thinly
DEFAULT_BANDS = PainBands()  # leaflet 001's traffic light: green 0-3, amber 4-5, red 6-10
PRIVACY = (
    "This report holds no picture or video of the patient: the replays are drawn from "
    "pose landmarks (33 body points a frame) recorded during the sessions."
)


@dataclass(frozen=True, slots=True)
class Period:
    since: date
    until: date  # included

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    def previous(self) -> Period:
        return Period(self.since - timedelta(days=self.days), self.since - timedelta(days=1))

    def contains(self, started: str) -> bool:
        return self.since <= _day(started) <= self.until


def _day(started: str) -> date:
    return datetime.fromisoformat(started).date()


def _epoch_ms(started: str, t_ms: int = 0) -> int:
    return int(datetime.fromisoformat(started).timestamp() * 1000) + int(t_ms)


def _spec(exercise: str) -> ExerciseSpec | None:
    try:
        return get_exercise(exercise).spec
    except ExerciseError:
        return None


def _r(x: float | None, nd: int = 1) -> float | None:
    return None if x is None else round(float(x), nd)


def _mean(xs: Iterable[float | None]) -> float | None:
    vals = [float(x) for x in xs if x is not None]
    return sum(vals) / len(vals) if vals else None


def reps_prescribed(p: Mapping[str, Any], spec: ExerciseSpec | None) -> int | None:
    if not p.get("reps"):
        return None
    sides = len(spec.sides) if spec is not None and spec.sides else 1
    return int(p["reps"]) * int(p.get("sets") or 1) * sides


# ------------------------------------------------------------------ adherence


def adherence(sessions: Sequence[Mapping[str, Any]], period: Period) -> dict[str, Any]:
    """Sessions per day against the prescribed times a day, streaks and missed days."""
    by_day: dict[date, Counter[str]] = defaultdict(Counter)
    per_day: dict[str, int | None] = {}
    for s in sessions:
        by_day[_day(s["started"])][s["exercise"]] += 1
        per_day.setdefault(s["exercise"], (s.get("prescription") or {}).get("per_day"))
    days: list[dict[str, Any]] = []
    streak = longest = 0
    for i in range(period.days):
        d = period.since + timedelta(days=i)
        counts = by_day.get(d, Counter())
        n = sum(counts.values())
        # A day is done when every exercise prescribed so many times a day reached it and
        # there was at least one session.
        met = n > 0 and all(counts[ex] >= (k or 1) for ex, k in per_day.items() if k)
        streak = streak + 1 if n else 0
        longest = max(longest, streak)
        days.append({"date": d.isoformat(), "sessions": n, "by_exercise": dict(counts), "met": met})
    return {
        "days": days,
        "per_day_prescribed": per_day,
        "days_with_sessions": sum(d["sessions"] > 0 for d in days),
        "days_meeting_prescription": sum(d["met"] for d in days),
        "missed_days": [d["date"] for d in days if d["sessions"] == 0],
        "longest_streak_days": longest,
        "current_streak_days": streak,
        "sessions": len(sessions),
    }


# ------------------------------------------------------------------ per exercise


def _exercise_block(
    exercise: str,
    sessions: Sequence[Mapping[str, Any]],
    reps: Mapping[int, Sequence[Mapping[str, Any]]],
    summaries: Mapping[int, Mapping[str, Any] | None],
) -> dict[str, Any]:
    spec = _spec(exercise)
    last_p = dict(sessions[-1].get("prescription") or {})
    rows = []
    points = []
    holds = []
    asym = []
    views: Counter[str] = Counter()
    tracked = []
    lost = 0
    for s in sessions:
        sr = reps.get(s["id"], ())
        p = s.get("prescription") or {}
        rows.append(
            {
                "session": s["id"],
                "t": _epoch_ms(s["started"]),
                "started": s["started"],
                "status": s["status"],
                "reps": s.get("reps"),
                "reps_short": s.get("reps_short"),
                "reps_prescribed": reps_prescribed(p, spec),
                "duration_s": s.get("duration_s"),
            }
        )
        for r in sr:
            t = _epoch_ms(s["started"], r["t_ms"])
            if r.get("range_achieved") is not None:
                points.append(
                    {
                        "session": s["id"],
                        "rep": r["n"],
                        "t": t,
                        "side": r.get("side"),
                        "value": _r(r["range_achieved"]),
                        "short": bool((r.get("short_by") or 0) > 0),
                        "short_by": _r(r.get("short_by")),
                    }
                )
            if r.get("hold_s") is not None:
                holds.append(
                    {
                        "session": s["id"],
                        "rep": r["n"],
                        "t": t,
                        "side": r.get("side"),
                        "hold_s": _r(r["hold_s"], 2),
                    }
                )
        if spec is not None and len(spec.sides) == 2 and not spec.holds:
            a, b = (
                _mean(r.get("range_achieved") for r in sr if r.get("side") == side)
                for side in spec.sides
            )
            if a is not None and b is not None:
                asym.append(
                    {
                        "session": s["id"],
                        "t": _epoch_ms(s["started"]),
                        spec.sides[0]: _r(a),
                        spec.sides[1]: _r(b),
                        "difference": _r(abs(a - b)),
                    }
                )
        views[s.get("view") or "not measured"] += 1
        if s.get("frames_analysed"):
            tracked.append((s.get("frames_with_person") or 0) / s["frames_analysed"])
        lost += s.get("tracking_lost") or 0
    values = [p["value"] for p in points]
    return {
        "id": exercise,
        "title": spec.title if spec is not None else exercise,
        "range_label": spec.range_label if spec is not None else "",
        "unit": (spec.range_unit if spec is not None else "") or "",
        "lower_is_further": bool(spec is not None and spec.lower_is_further),
        "sides": list(spec.sides) if spec is not None else [],
        "target": last_p.get("range_target"),
        "prescription_text": last_p.get("text"),
        "reps_prescribed": reps_prescribed(last_p, spec),
        "hold_prescribed_s": last_p.get("hold_s"),
        "sessions": rows,
        "range_points": points,
        "holds": holds,
        "asymmetry": asym,
        "views": dict(views),
        "tracking_share_with_person": _r(_mean(tracked), 3),
        "tracking_lost_events": lost,
        "range_mean": _r(_mean(values)),
        "hold_mean_s": _r(_mean(h["hold_s"] for h in holds), 2),
        "reps_total": sum(r["reps"] or 0 for r in rows),
    }


# ------------------------------------------------------------------ pain


def pain(sessions: Sequence[Mapping[str, Any]], bands: PainBands) -> dict[str, Any]:
    rows = []
    for s in sessions:
        b, a, later = s.get("pain_before"), s.get("pain_after"), s.get("pain_30min")
        if b is None and a is None and later is None:
            continue
        settled = None if later is None or b is None else later <= b
        rows.append(
            {
                "session": s["id"],
                "t": _epoch_ms(s["started"]),
                "exercise": s["exercise"],
                "before": b,
                "after": a,
                "after_30min": later,
                "band_before": None if b is None else bands.colour(b),
                "band_after": None if a is None else bands.colour(a),
                "settled_within_30min": settled,
            }
        )
    return {
        "bands": {"green_max": bands.green_max, "amber_max": bands.amber_max},
        "sessions": rows,
        "red_after": sum(r["band_after"] == "red" for r in rows),
        "settle_minutes": PAIN_SETTLE_MIN,
    }


# ------------------------------------------------------------------ changes


def changes(current: Mapping[str, Any], previous: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """What changed since the previous period of the same length."""
    if previous is None:
        return []
    out: list[dict[str, Any]] = []
    prev_ex = {e["id"]: e for e in previous["exercises"]}
    for e in current["exercises"]:
        p = prev_ex.get(e["id"])
        if p is None:
            continue
        if e["range_mean"] is not None and p["range_mean"] is not None:
            delta = e["range_mean"] - p["range_mean"]
            further = -delta if e["lower_is_further"] else delta
            unit = "°" if e["unit"] == "deg" else f" {e['unit']}"
            word = "further" if further > 0 else "less far"
            out.append(
                {
                    "exercise": e["id"],
                    "measure": "range",
                    "delta": _r(delta),
                    "text": f"{e['title']}: range {abs(delta):.1f}{unit} {word} on average "
                    f"({p['range_mean']:g} to {e['range_mean']:g}{unit})"
                    if abs(delta) >= 0.05
                    else f"{e['title']}: range unchanged ({e['range_mean']:g}{unit})",
                    "better": None if abs(delta) < 0.05 else further > 0,
                }
            )
        if e["hold_mean_s"] is not None and p["hold_mean_s"] is not None:
            delta = e["hold_mean_s"] - p["hold_mean_s"]
            out.append(
                {
                    "exercise": e["id"],
                    "measure": "hold",
                    "delta": _r(delta, 2),
                    "text": f"{e['title']}: holds {abs(delta):.1f} s "
                    f"{'longer' if delta >= 0 else 'shorter'} on average "
                    f"({p['hold_mean_s']:g} to {e['hold_mean_s']:g} s)"
                    if abs(delta) >= 0.05
                    else f"{e['title']}: holds unchanged ({e['hold_mean_s']:g} s on average)",
                    "better": None if abs(delta) < 0.05 else delta > 0,
                }
            )
    for key, label in (("before", "before"), ("after", "after")):
        now = _mean(r[key] for r in current["pain"]["sessions"])
        then = _mean(r[key] for r in previous["pain"]["sessions"])
        if now is None or then is None:
            continue
        delta = now - then
        important = abs(delta) >= PAIN_MIC_POINTS
        out.append(
            {
                "exercise": None,
                "measure": f"pain_{key}",
                "delta": _r(delta),
                "important": important,
                "text": f"pain {label} sessions {'down' if delta < 0 else 'up'} "
                f"{abs(delta):.1f} points on average ({then:.1f} to {now:.1f})"
                + (
                    f": a change of {PAIN_MIC_POINTS} points or more is the minimal "
                    "important change in low back pain (Ostelo et al. 2008)"
                    if important
                    else ""
                ),
                "better": delta < 0,
            }
        )
    return out


# ------------------------------------------------------------------ drill-down


def measured_feature(spec: ExerciseSpec, view: str | None) -> str:
    """The feature that measures the exercise in this camera view ("" for all of them)."""
    by_view = {str(k): v for k, v in spec.views.items()}
    return by_view.get(view or "", spec.signal)


def signal_series(
    exercise: str, frames: Sequence[PoseFrame], view: str | None = None
) -> dict[str, Any]:
    """The movement the counter watched, before its smoothing (None where not visible):
    the feature measuring this view, or every feature when the exercise has no one."""
    ex = get_exercise(exercise)
    keep = measured_feature(ex.spec, view)
    t: list[int] = []
    series: dict[str, list[float | None]] = defaultdict(list)
    for f in frames:
        feats = ex.extract(f)
        t.append(f.t_ms)
        for k, v in feats.items():
            if not keep or k == keep:
                series[k].append(_r(v))
    return {"t_ms": t, "series": dict(series)}


def replay(frames: Sequence[PoseFrame], frame_size_px: tuple[int, int]) -> dict[str, Any]:
    """Image landmarks (x, y as shares of the frame, 3 decimals: a third of a pixel at
    320 px) at most REPLAY_FPS a second; null where no person was found."""
    kept: list[PoseFrame] = []
    # Tracks sampled by time from a 24 or 30 fps video come 67-125 ms apart: a frame 70%
    # of a step after the last kept one is kept, so 10 fps tracks are kept whole.
    min_gap_ms = 0.7 * 1000.0 / REPLAY_FPS
    for f in frames:
        if not kept or f.t_ms - kept[-1].t_ms >= min_gap_ms:
            kept.append(f)
    if len(kept) > REPLAY_MAX_FRAMES:
        stride = -(-len(kept) // REPLAY_MAX_FRAMES)
        kept = kept[::stride]
    out: list[list[Any]] = []
    for f in kept:
        if f.landmarks is None:
            out.append([f.t_ms, None])
            continue
        xy: list[float | None] = []
        for row in f.landmarks:
            # Points MediaPipe itself thinks it cannot see are not drawn.
            if row[3] >= 0.3:
                xy += [round(float(row[0]), 3), round(float(row[1]), 3)]
            else:
                xy += [None, None]
        out.append([f.t_ms, xy])
    return {
        "frame_size_px": list(frame_size_px),
        "edges": [[int(a), int(b)] for a, b in SKELETON],
        "frames": out,
    }


_MARKS = {
    "rep_completed": "rep",
    "hold_started": "hold start",
    "hold_ended": "hold end",
    "tracking_lost": "tracking lost",
    "tracking_regained": "tracking back",
    "posture_mismatch": "posture",
    "posture_ok": "posture ok",
}


def marks(events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    n = 0
    for e in sorted(events, key=lambda e: e["t_ms"]):
        kind = _MARKS.get(e["type"])
        if kind is None:
            continue
        m: dict[str, Any] = {"t_ms": e["t_ms"], "type": e["type"], "label": kind}
        if e["type"] == "rep_completed":
            n += 1
            m["rep"] = n
            m["start_ms"] = e.get("start_ms")
            m["short"] = bool((e.get("short_by") or 0) > 0)
            m["label"] = f"rep {n}" + (" (short)" if m["short"] else "")
        elif e["type"] == "hold_ended":
            m["label"] = f"hold {e.get('hold_s', 0):.1f} s"
            m["start_ms"] = e["t_ms"] - round(1000 * e.get("hold_s", 0.0))
        elif e["type"] == "posture_mismatch":
            m["label"] = f"seen {e.get('seen')}, expected {e.get('expected')}"
        out.append(m)
    return out


def drilldown(
    s: Mapping[str, Any],
    events: Sequence[Mapping[str, Any]],
    track: tuple[tuple[int, int], Sequence[PoseFrame]] | None,
    flags: Sequence[str],
) -> dict[str, Any]:
    d: dict[str, Any] = {
        "session": s["id"],
        "exercise": s["exercise"],
        "started": s["started"],
        "status": s["status"],
        "note": s.get("note"),
        "duration_s": s.get("duration_s"),
        "reps": s.get("reps"),
        "view": s.get("view"),
        "marks": marks(events),
        "flags": list(flags),
        "signal": None,
        "replay": None,
    }
    if track is not None and _spec(s["exercise"]) is not None:
        size, frames = track
        d["signal"] = signal_series(s["exercise"], frames, s.get("view"))
        d["replay"] = replay(frames, size)
        if d["duration_s"] is None and frames:
            d["duration_s"] = _r((frames[-1].t_ms - frames[0].t_ms) / 1000, 2)
    return d


# ------------------------------------------------------------------ clinical tests


def _test_titles() -> dict[str, tuple[str, str]]:
    """name -> (title, which way is better)."""
    from posecount.clinical import chair_stand, five_times, single_leg, tug

    return {
        tug.NAME: (tug.TITLE, "lower"),
        five_times.NAME: (five_times.TITLE, "lower"),
        chair_stand.NAME: (chair_stand.TITLE, "higher"),
        single_leg.NAME: (single_leg.TITLE, "higher"),
    }


def clinical_tests(results: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each test's results over time (rows of store.test_results, oldest first) with the
    norms for the patient's latest age and sex as bands and lines, so progress can be seen
    against the norm. A result that was not valid is kept, with its reason and no value."""
    from posecount.clinical.norms import chart_norms

    titles = _test_titles()
    by_test: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in results:
        by_test[r["test"]].append(r)
    out = []
    for test, rows in by_test.items():
        title, better = titles.get(test, (test, "lower"))
        latest = next((r for r in reversed(rows) if r["age"] is not None), rows[-1])
        points = [
            {
                "id": r["id"],
                "t": _epoch_ms(r["started"]),
                "started": r["started"],
                "valid": r["valid"],
                "reason": r["reason"],
                "value": r["value"],
                "at_least": r["at_least"],
                "uncertainty_s": r["uncertainty_s"],
                "timed_fps": r["timed_fps"],
                "live": r["live"],
                "age": r["age"],
                "sex": r["sex"],
                "concern": r["concern"],
                "verdicts": [f"{n['verdict']} ({n['norm']})" for n in r["norms"]],
            }
            for r in rows
        ]
        valid = [p for p in points if p["valid"] and p["value"] is not None]
        change = None
        if len(valid) >= 2:
            d = valid[-1]["value"] - valid[0]["value"]
            unit = "stands" if rows[0]["unit"] == "stands" else "s"
            improved = (d < 0) if better == "lower" else (d > 0)
            change = {
                "first": valid[0]["value"],
                "latest": valid[-1]["value"],
                "delta": round(d, 2),
                "better": None if d == 0 else improved,
                "text": f"first {valid[0]['value']:g} {unit}, latest {valid[-1]['value']:g} "
                f"{unit}" + ("" if d == 0 else f" ({'better' if improved else 'worse'})"),
            }
        out.append(
            {
                "test": test,
                "title": title,
                "unit": rows[0]["unit"],
                "better": better,
                "age": latest["age"],
                "sex": latest["sex"],
                "norms": [m.to_dict() for m in chart_norms(test, latest["age"], latest["sex"])],
                "points": points,
                "change": change,
            }
        )
    return out


# ------------------------------------------------------------------ the report


def build(
    *,
    patient: str,
    period: Period,
    generated: str,
    sessions: Sequence[Mapping[str, Any]],
    reps: Mapping[int, Sequence[Mapping[str, Any]]],
    events: Mapping[int, Sequence[Mapping[str, Any]]] | None = None,
    summaries: Mapping[int, Mapping[str, Any] | None] | None = None,
    tracks: Mapping[int, tuple[tuple[int, int], Sequence[PoseFrame]]] | None = None,
    previous_sessions: Sequence[Mapping[str, Any]] | None = None,
    previous_reps: Mapping[int, Sequence[Mapping[str, Any]]] | None = None,
    bands: PainBands = DEFAULT_BANDS,
    tests: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """`sessions` in time order, within `period`; `tests` the clinical test results of
    the period (store.test_results rows, oldest first); `tracks` only for the sessions to drill
    into (see `drilldown_ids`); `previous_*` the period before, for what changed."""
    events = events or {}
    summaries = summaries or {}
    tracks = tracks or {}
    by_ex: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for s in sessions:
        by_ex[s["exercise"]].append(s)
    statuses = Counter(s["status"] for s in sessions)
    report: dict[str, Any] = {
        "patient": patient,
        "period": {"from": period.since.isoformat(), "to": period.until.isoformat()},
        "generated": generated,
        "privacy": PRIVACY,
        "statuses": dict(statuses),
        "adherence": adherence(sessions, period),
        "exercises": [_exercise_block(ex, ss, reps, summaries) for ex, ss in by_ex.items()],
        "pain": pain(sessions, bands),
        "clinical_tests": clinical_tests(tests),
        "drilldown": [
            drilldown(
                s,
                events.get(s["id"], ()),
                tracks.get(s["id"]),
                (summaries.get(s["id"]) or {}).get("flags", []),
            )
            for s in reversed(sessions)  # newest first
            if s["id"] in set(drilldown_ids(sessions))
        ],
        "drilldown_max": DRILLDOWN_MAX_SESSIONS,
    }
    previous = None
    if previous_sessions:
        previous = build(
            patient=patient,
            period=period.previous(),
            generated=generated,
            sessions=previous_sessions,
            reps=previous_reps or {},
            bands=bands,
        )
    report["changes"] = changes(report, previous)
    report["previous_period"] = {
        "from": period.previous().since.isoformat(),
        "to": period.previous().until.isoformat(),
        "sessions": len(previous_sessions or ()),
    }
    return report


def drilldown_ids(sessions: Sequence[Mapping[str, Any]]) -> list[int]:
    """The newest sessions, and every session that did not end normally (those are the
    ones a physiotherapist asks about), at most DRILLDOWN_MAX_SESSIONS."""
    odd = [s["id"] for s in sessions if s["status"] not in ("complete", "stopped", "ended early")]
    newest = [s["id"] for s in reversed(sessions)]
    picked: list[int] = []
    for i in odd[-DRILLDOWN_MAX_SESSIONS // 2 :] + newest:
        if i not in picked:
            picked.append(i)
        if len(picked) == DRILLDOWN_MAX_SESSIONS:
            break
    return picked
