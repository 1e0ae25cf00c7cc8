"""The session summary: a pure fold over the event stream (events are the only truth)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from posecount.counting.sides import count_reps
from posecount.exercises.base import ExerciseSpec
from posecount.prescription.model import Prescription
from posecount.types import (
    Event,
    HoldEnded,
    OrientationDecided,
    PartsUnseen,
    PostureMismatch,
    PostureOk,
    RepCompleted,
    TrackingLost,
    ViewDecided,
)


def _r(x: float | None, nd: int = 1) -> float | None:
    return None if x is None else round(float(x), nd)


def _range_stats(reps: Sequence[RepCompleted], spec: ExerciseSpec) -> dict[str, Any]:
    if not reps:
        return {"best": None, "mean": None}
    values = [r.range_achieved for r in reps]
    # "best" is the furthest along the movement (the deepest squat: the smallest angle).
    best = min(values) if spec.lower_is_further else max(values)
    return {"best": _r(best), "mean": _r(sum(values) / len(values))}


def summarize(
    events: Sequence[Event],
    spec: ExerciseSpec,
    prescription: Prescription,
    *,
    duration_s: float,
    source: str = "",
    end_ms: int | None = None,
) -> dict[str, Any]:
    """`end_ms`: the time of the last frame (closes a posture mismatch still open)."""
    events = sorted(events, key=lambda e: e.t_ms)
    reps = [e for e in events if isinstance(e, RepCompleted)]
    holds = [e for e in events if isinstance(e, HoldEnded)]
    rep_holds = [h for h in holds if h.hold_s >= spec.rep_min_hold_s]

    rep_counts = count_reps(reps)
    total = len(rep_holds) if spec.holds else rep_counts["total"]
    no_reps = {"total": 0, "short": 0}
    sides: dict[str, Any] = {}
    for side in spec.sides:
        side_reps = [r for r in reps if r.side == side]
        side_holds = [h for h in holds if h.side == side]
        sides[side] = {
            "reps": (
                sum(h.hold_s >= spec.rep_min_hold_s for h in side_holds)
                if spec.holds
                else rep_counts["by_side"].get(side, no_reps)["total"]
            ),
            "reps_short_of_target": rep_counts["by_side"].get(side, no_reps)["short"],
            "holds_s": [_r(h.hold_s, 2) for h in side_holds],
            "range": _range_stats(side_reps, spec),
        }

    target = prescription.range_target
    view = _last(events, ViewDecided)
    turned = _last(events, OrientationDecided)  # a revised turn is decided later
    summary: dict[str, Any] = {
        "exercise": spec.id,
        "source": source,
        "duration_s": _r(duration_s, 2),
        "reps": total,
        "reps_short_of_target": rep_counts["short"],
        "holds_s": [_r(h.hold_s, 2) for h in holds],
        "sides": sides,
        "view": None if view is None else view.view,
        "rotated_deg": None if turned is None else turned.rotate_deg,
        "range": {
            "label": spec.range_label,
            "unit": reps[0].range_unit if reps else spec.range_unit,
            "target": target,
            **_range_stats(reps, spec),
        },
        "prescription": {
            "sets": prescription.sets,
            "reps": prescription.reps,
            "hold_s": prescription.hold_s,
            "per_day": prescription.per_day,
            "text": prescription.describe(),
            "source": prescription.source,
        },
        "achieved": _achieved(total, holds, spec, prescription),
        "flags": _flags(events, reps, holds, spec, prescription, end_ms),
        "events": [e.to_dict() for e in events],
    }
    if len(spec.sides) == 2 and not spec.holds:
        a, b = (sides[s]["range"]["mean"] for s in spec.sides)
        summary["asymmetry"] = None if a is None or b is None else _r(abs(a - b))
    return summary


def _achieved(
    count: int, holds: Sequence[HoldEnded], spec: ExerciseSpec, p: Prescription
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if p.reps:
        per_set = p.reps * (len(spec.sides) or 1)  # reps are per side
        out["sets_completed"] = count // per_set
        out["reps_in_current_set"] = count % per_set
        out["reps_prescribed"] = per_set * p.sets
    if p.hold_s and holds:
        out["holds_reaching_prescribed"] = sum(h.hold_s >= p.hold_s for h in holds)
        out["longest_hold_s"] = _r(max(h.hold_s for h in holds), 2)
    return out


E = TypeVar("E", bound=Event)


def _last(events: Sequence[Event], kind: type[E]) -> E | None:
    """The last event of this kind: a revised turn of the picture is decided again, and
    so is the view in it."""
    return next((e for e in reversed(events) if isinstance(e, kind)), None)


def _flags(
    events: Sequence[Event],
    reps: Sequence[RepCompleted],
    holds: Sequence[HoldEnded],
    spec: ExerciseSpec,
    p: Prescription,
    end_ms: int | None,
) -> list[str]:
    flags: list[str] = []
    view = _last(events, ViewDecided)
    if view is not None and not view.supported:
        flags.append(
            f"filmed {view.view}: {spec.title.lower()} cannot be judged from this view, so "
            f"nothing was counted; {view.hint}"
        )
    first_view = next((e for e in events if isinstance(e, ViewDecided)), None)
    if view is not None and first_view is not None and view.view != first_view.view:
        judged = "" if first_view.supported else " (not judged from that view)"
        flags.append(
            f"read as filmed {first_view.view} at first{judged}, {view.view} from "
            f"{view.t_ms / 1000:.1f} s"
        )
    for i, turned in enumerate(e for e in events if isinstance(e, OrientationDecided)):
        # A turn decided later than the start (a revision, or a first turn after the
        # picture was kept as filmed) says from when.
        since = f" from {turned.t_ms / 1000:.1f} s" if i or turned.t_ms > 0 else ""
        if turned.rotate_deg:
            flags.append(
                f"picture turned {turned.rotate_deg} degrees{since} to stand it upright: "
                f"{turned.reason}"
            )
        else:
            flags.append(f"picture kept as filmed{since}: {turned.reason}")
    short = [r for r in reps if r.short]
    if short:
        gaps = sorted(r.short_by for r in short)
        unit = short[0].range_unit
        flags.append(
            f"{len(short)} of {len(reps)} reps short of the range target "
            f"(by {gaps[0]:.0f}-{gaps[-1]:.0f} {unit})"
        )
    if p.hold_s and holds:
        brief = sum(h.hold_s < p.hold_s for h in holds)
        if brief:
            flags.append(
                f"{brief} of {len(holds)} holds shorter than the prescribed {p.hold_s:g} s"
            )
    mismatch_s = 0.0
    start: PostureMismatch | None = None
    for e in events:
        if isinstance(e, PostureMismatch):
            start = e
        elif isinstance(e, PostureOk) and start is not None:
            mismatch_s += (e.t_ms - start.t_ms) / 1000
            start = None
    if start is not None:
        last = max(end_ms or 0, events[-1].t_ms)
        mismatch_s += (last - start.t_ms) / 1000
    first = next((e for e in events if isinstance(e, PostureMismatch)), None)
    if first is not None:
        flag = (
            f"seen {first.seen} from {first.t_ms / 1000:.1f} s (for {mismatch_s:.1f} s): "
            f"{spec.title.lower()} is done {first.expected}; nothing was counted meanwhile"
        )
        was_turned = any(isinstance(e, OrientationDecided) and e.rotate_deg for e in events)
        if first.seen.startswith("lying") != first.expected.startswith("lying") and not was_turned:
            # Upright taken for lying (or the reverse) is also what a camera on its side
            # shows; in a picture already turned it is the patient getting into position.
            flag += "; if the camera was on its side, analyse again with --rotate 90 or 270"
        flags.append(flag)
    lost = sum(isinstance(e, TrackingLost) for e in events)
    if lost:
        flags.append(
            f"lost sight of the person {lost} time(s); check the camera shows the whole body"
        )
    flags += _unseen_flags(events, spec)
    flags += _dose_flags(reps, holds, spec, p)
    return flags


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _unseen_flags(events: Sequence[Event], spec: ExerciseSpec) -> list[str]:
    """Names what was not seen while a person was in view (a zero must say why)."""
    unseen = [e for e in events if isinstance(e, PartsUnseen)]
    if not unseen:
        return []
    total_s = sum(e.end_ms - e.t_ms for e in unseen) / 1000
    parts: list[str] = []
    for e in unseen:
        parts += [p.strip() for p in e.parts.split(",") if p.strip() and p.strip() not in parts]
    when = f"for {total_s:.1f} s from {unseen[0].t_ms / 1000:.1f} s"
    if parts:
        return [
            f"the {_and(parts)} were not in view {when}, so the {spec.range_label} could not "
            f"be measured; place the camera so the whole body shows ({spec.camera})"
        ]
    return [
        f"the {spec.range_label} could not be measured {when} although a person was in view; "
        f"check the camera position ({spec.camera})"
    ]


def _dose_flags(
    reps: Sequence[RepCompleted], holds: Sequence[HoldEnded], spec: ExerciseSpec, p: Prescription
) -> list[str]:
    """What the prescription asks for that was not done at all: a hold never held, a side
    never exercised."""
    flags: list[str] = []
    if p.hold_s and not holds and (reps or spec.holds):
        where = (
            ""
            if spec.holds
            else (
                " at the top of the rep"
                if len(reps) == 1
                else f" at the top of any of the {len(reps)} reps"
            )
        )
        flags.append(f"no hold was seen{where}; the prescription asks for {p.hold_s:g} s holds")
    if len(spec.sides) == 2:
        done = {r.side for r in reps} | {h.side for h in holds}
        if done & set(spec.sides):
            for side in spec.sides:
                if side not in done:
                    flags.append(
                        f"nothing done on the {side} side; the exercise is done on both sides"
                    )
    return flags
