"""The report's data (golden: the figures, not the HTML bytes), built from real pose
tracks filed on simulated days."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import TRACKS_DIR
from history_sessions import BRIDGE, KNEE_ROLLS, SQUAT, STANCE, day, record
from posecount.report import data
from posecount.report.build import default_period, gather
from posecount.session.pain import PainBands
from posecount.store.history import History

GOLDEN = Path(__file__).parent / "golden" / "report_data.json"
SIT = TRACKS_DIR / "sit_to_stand_single_then_walk_side.posetrack.jsonl"
GENERATED = "2026-03-16T12:00:00+00:00"
# Two weeks: days 7-13 are reported, days 0-6 are the previous period.
PLAN: list[tuple[int, int, Path, str, tuple[int | None, int | None], str]] = [
    (0, 9, BRIDGE, "bridge", (5, 6), "complete"),
    (2, 9, BRIDGE, "bridge", (5, 5), "complete"),
    (7, 9, BRIDGE, "bridge", (3, 4), "complete"),
    (7, 18, SQUAT, "squat", (3, 3), "complete"),
    (8, 9, STANCE, "single-leg-stance", (2, None), "complete"),
    (10, 9, SIT, "sit-to-stand", (None, None), "interrupted"),
    (12, 9, BRIDGE, "bridge", (2, 3), "complete"),
]


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("report")
    db = tmp / "h.sqlite3"
    for n, hour, track, ex, pain, status in PLAN:
        record(track, ex, day(n, hour), tmp / "s", db, pain=pain, status=status)
    file_tests(db, TEST_PLAN)
    return db


CLINICAL_TRACKS = Path(__file__).parents[1] / "clinical" / "tracks"
# (day, test, track of tests/clinical/tracks, age, sex, live)
TEST_PLAN = [
    (1, "timed-up-and-go", "tug_two_people_vfr_oblique", 72, "female", False),  # before
    (7, "timed-up-and-go", "tug_two_people_vfr_oblique", 72, "female", False),
    (9, "five-times-sit-to-stand", "sit_to_stand_front_seniorfit_1rep", 72, "female", True),
    (12, "timed-up-and-go", "tug_single_stand_side_clean", 72, "female", True),
]


def file_tests(db: Path, plan: list[tuple[int, str, str, int, str, bool]]) -> None:
    from posecount.clinical.run import run_clinical_test
    from posecount.store.test_results import file_result

    with History(db) as h:
        for n, name, stem, age, sex, live in plan:
            track = CLINICAL_TRACKS / f"{stem}.posetrack.jsonl"
            r = run_clinical_test(name, track, age=age, sex=sex)  # type: ignore[arg-type]
            file_result(
                h, r.to_dict(), patient="P001", started=day(n, 11), age=age, sex=sex, live=live
            )


def _report(db: Path) -> dict[str, Any]:
    period = data.Period(day(7).date(), day(13).date())
    with History(db, create=False) as h:
        return gather(h, "P001", period, GENERATED)


def _golden_view(report: dict[str, Any]) -> dict[str, Any]:
    """The report with the long per-frame arrays cut to their length and ends."""
    out = json.loads(json.dumps(report))
    for d in out["drilldown"]:
        if d["replay"] is not None:
            frames = d["replay"]["frames"]
            d["replay"]["frames"] = {
                "n": len(frames),
                "first_t_ms": frames[0][0],
                "last_t_ms": frames[-1][0],
            }
        if d["signal"] is not None:
            sig = d["signal"]
            d["signal"] = {
                "n": len(sig["t_ms"]),
                "series": {
                    k: [v for v in vs if v is not None][:3] for k, vs in sig["series"].items()
                },
            }
    return out


def test_report_data_matches_the_golden_file(history: Path) -> None:
    got = _golden_view(_report(history))
    if os.environ.get("POSECOUNT_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n")
    assert got == json.loads(GOLDEN.read_text()), "set POSECOUNT_UPDATE_GOLDEN=1 to re-make"


def test_the_figures_a_physiotherapist_reads(history: Path) -> None:
    r = _report(history)
    a = r["adherence"]
    assert [d["sessions"] for d in a["days"]] == [2, 1, 0, 1, 0, 1, 0]
    assert a["missed_days"] == ["2026-03-11", "2026-03-13", "2026-03-15"]
    assert (a["longest_streak_days"], a["current_streak_days"]) == (2, 0)
    bridge = next(e for e in r["exercises"] if e["id"] == "bridge")
    assert [s["reps"] for s in bridge["sessions"]] == [2, 2]
    assert bridge["reps_prescribed"] == 15 and bridge["target"] == 160
    assert [h["hold_s"] for h in bridge["holds"]] == [1.8, 5.2, 1.8, 5.2]
    stance = next(e for e in r["exercises"] if e["id"] == "single-leg-stance")
    assert [h["hold_s"] for h in stance["holds"]] == [12.01] and not stance["range_points"]
    pain = {p["session"]: (p["before"], p["after"], p["band_after"]) for p in r["pain"]["sessions"]}
    assert list(pain.values()) == [
        (3, 4, "amber"),
        (3, 3, "green"),
        (2, None, None),
        (2, 3, "green"),
    ]
    # previous week: pain after 6 and 5 (mean 5.5); this week 4, 3, 3 (mean 3.3)
    change = next(c for c in r["changes"] if c["measure"] == "pain_after")
    assert change["delta"] == -2.2 and change["important"] and "Ostelo" in change["text"]
    assert r["statuses"] == {"complete": 4, "interrupted": 1}
    sit = next(d for d in r["drilldown"] if d["exercise"] == "sit-to-stand")
    assert sit["status"] == "interrupted" and sit["replay"]["frames"]
    assert "no picture or video" in r["privacy"]


def test_clinical_tests_over_time_against_their_norms(history: Path) -> None:
    tests = {t["test"]: t for t in _report(history)["clinical_tests"]}
    assert list(tests) == ["timed-up-and-go", "five-times-sit-to-stand"]
    tug = tests["timed-up-and-go"]
    # the period's two (day 1 is the week before), oldest first
    assert [p["value"] for p in tug["points"]] == [10.0, 5.53]
    assert [p["live"] for p in tug["points"]] == [False, True]
    assert tug["change"]["better"] is True and tug["change"]["delta"] == -4.47
    # ages 70-79: Bohannon's 95% CI as a band, STEADI's cut-off as a line
    assert [(n["kind"], n["lo"], n["hi"]) for n in tug["norms"]] == [
        ("band", 8.2, 10.2),
        ("line", 12.0, 12.0),
    ]
    five = tests["five-times-sit-to-stand"]
    (p,) = five["points"]
    assert not p["valid"] and p["value"] is None and "only 1 full stand" in p["reason"]
    assert five["change"] is None


@pytest.mark.parametrize(
    ("test", "age", "sex", "marks"),
    [
        ("timed-up-and-go", None, None, []),  # no age: no norm
        ("timed-up-and-go", 62, None, [("band", 7.1, 9.0)]),  # STEADI is for 65+
        ("timed-up-and-go", 85, "male", [("band", 10.0, 12.7), ("line", 12.0, 12.0)]),
        ("five-times-sit-to-stand", 50, None, [
            ("band", 0.0, 10.4), ("band", 10.4, 15.2), ("band", 15.2, 22.0)]),
        ("five-times-sit-to-stand", 65, None, [
            ("band", 0.0, 10.4), ("band", 10.4, 15.2), ("band", 15.2, 22.0),
            ("line", 11.4, 11.4), ("line", 12.0, 12.0)]),
        ("chair-stand-30s", 72, None, []),  # the chair-stand norms are by sex
        ("chair-stand-30s", 91, "female", [("band", 4, 11), ("line", 4, 4)]),
        ("chair-stand-30s", 61, "male", [("band", 14, 19), ("line", 14, 14)]),
        ("single-leg-stance", 45, None, [("line", 41.9, 41.9)]),
        ("single-leg-stance", 75, "male", [("line", 25.9, 25.9), ("line", 5.0, 5.0)]),
    ],
)  # fmt: skip
def test_the_norms_drawn_are_the_tables_compared_with(
    test: str, age: int | None, sex: str | None, marks: list[tuple[str, float, float]]
) -> None:
    from posecount.clinical.norms import chart_norms

    got = [(m.kind, m.lo, m.hi) for m in chart_norms(test, age, sex)]  # type: ignore[arg-type]
    assert got == marks


def test_knee_rolls_give_left_and_right(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    rec = record(KNEE_ROLLS, "knee-rolls", day(0), tmp_path / "s", db)
    with History(db, create=False) as h:
        reps = h.reps([rec.session_id or 0])[rec.session_id or 0]
        r = gather(h, "P001", data.Period(day(0).date(), day(0).date()), GENERATED)
    (e,) = r["exercises"]
    sides = {s: [x["range_achieved"] for x in reps if x["side"] == s] for s in ("left", "right")}
    (a,) = e["asymmetry"]
    for side, values in sides.items():
        assert a[side] == round(sum(values) / len(values), 1)
    assert a["difference"] == round(abs(a["left"] - a["right"]), 1)
    assert e["reps_prescribed"] == 20  # 1 x 10 each side


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (None, None, ("2026-02-17", "2026-03-16")),
        ("2026-03-01", None, ("2026-03-01", "2026-03-16")),
        (None, "2026-03-05", ("2026-02-06", "2026-03-05")),
    ],
)
def test_default_period_is_four_weeks_to_today(since, until, expected) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    p = default_period(
        since and date.fromisoformat(since), until and date.fromisoformat(until), date(2026, 3, 16)
    )
    assert (p.since.isoformat(), p.until.isoformat()) == expected


def test_pain_bands_follow_the_prescription() -> None:
    s = [
        {
            "id": 1,
            "started": "2026-03-02T09:00:00+00:00",
            "exercise": "bridge",
            "pain_before": 4,
            "pain_after": 5,
        }
    ]
    assert data.pain(s, PainBands(3, 5))["sessions"][0]["band_after"] == "amber"
    assert data.pain(s, PainBands(2, 4))["sessions"][0]["band_after"] == "red"


def test_replay_is_thinned_to_ten_frames_a_second_and_keeps_gaps() -> None:
    from posecount.tracks.format import TrackReader

    reader = TrackReader(SQUAT)
    frames = list(reader)
    rep = data.replay(frames, reader.header.frame_size_px)
    ts = [f[0] for f in rep["frames"]]
    assert all(b - a >= 70 for a, b in zip(ts, ts[1:], strict=False))
    assert len(rep["frames"]) >= (frames[-1].t_ms - frames[0].t_ms) / 1000 * 9
    assert all(f[1] is None or len(f[1]) == 66 for f in rep["frames"])


@pytest.mark.parametrize(
    ("before", "after", "later", "settled"),
    [(3, 6, 3, True), (3, 6, 2, True), (3, 6, 5, False), (3, 6, None, None), (None, 6, 2, None)],
)
def test_pain_settled_within_30_minutes(before, after, later, settled) -> None:  # type: ignore[no-untyped-def]
    s = [
        {
            "id": 1,
            "started": "2026-03-02T09:00:00+00:00",
            "exercise": "bridge",
            "pain_before": before,
            "pain_after": after,
            "pain_30min": later,
        }
    ]
    assert data.pain(s, PainBands())["sessions"][0]["settled_within_30min"] is settled


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=20), max_size=40),
    st.integers(min_value=1, max_value=21),
)
def test_adherence_invariants(offsets: list[int], days: int) -> None:
    period = data.Period(day(0).date(), day(days - 1).date())
    sessions = [
        {"id": i, "started": day(n).isoformat(), "exercise": "bridge", "prescription": {}}
        for i, n in enumerate(sorted(offsets))
        if n < days
    ]
    a = data.adherence(sessions, period)
    assert a["days_with_sessions"] + len(a["missed_days"]) == days == len(a["days"])
    assert sum(d["sessions"] for d in a["days"]) == len(sessions)
    assert a["current_streak_days"] <= a["longest_streak_days"] <= a["days_with_sessions"]


def test_report_cli_problems_are_one_line(history: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "posecount", "report", *args, "--db", str(history)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    out = str(tmp_path / "r.html")
    unknown = run("--patient", "P404", "-o", out)
    assert unknown.returncode == 1 and "no patient 'P404'" in unknown.stderr
    backwards = run("--patient", "P001", "--from", "2026-03-10", "--to", "2026-03-01", "-o", out)
    assert backwards.returncode == 1 and "is after --to" in backwards.stderr
    for done in (unknown, backwards):
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not Path(out).exists()
