"""Progression by the programme file's rule, and the day's schedule."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import TRACKS_DIR
from posecount.prescription.catalogue import CATALOGUE
from posecount.prescription.model import Prescription
from posecount.programme.loader import load_programme
from posecount.programme.model import Progression, Step
from posecount.programme.progression import Outcome, next_dose, schedule
from posecount.programme.runner import ProgrammeOptions, ProgrammeRun

DATA = Path(__file__).parent / "data"
BRIDGE = TRACKS_DIR / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"
RULE = Progression(after_sessions=3, add_sets=1, hold_step_s=5)
OK = Outcome(sets=1, hold_s=3, complete=True, green=True)


@pytest.mark.parametrize(
    ("prescription", "past", "sets", "hold_s", "changed"),
    [
        # the leaflet's bridge: 1 x 15 building to 3 x 15
        (CATALOGUE["bridge"], [OK] * 3, 2, 3, True),
        (CATALOGUE["bridge"], [OK] * 2, 1, 3, False),  # not yet
        # a red run (or one with a rep missed) breaks the streak
        (CATALOGUE["bridge"], [OK, OK, Outcome(1, 3, True, False), OK], 1, 3, False),
        (CATALOGUE["bridge"], [OK, Outcome(1, 3, False, True), OK, OK], 1, 3, False),
        # carries on from an earlier step up, and stops at the target
        (CATALOGUE["bridge"], [Outcome(2, 3, True, True)] * 3, 3, 3, True),
        (CATALOGUE["bridge"], [Outcome(3, 3, True, True)] * 5, 3, 3, False),
        # single-leg stance: 5 s building towards 60 s
        (CATALOGUE["single-leg-stance"], [Outcome(1, 5, True, True)] * 3, 1, 10, True),
        (CATALOGUE["single-leg-stance"], [Outcome(1, 60, True, True)] * 3, 1, 60, False),
        # a physiotherapist's dose without a target never grows
        (
            Prescription("bridge", sets=2, reps=10, hold_s=5),
            [Outcome(2, 5, True, True)] * 9,
            2,
            5,
            False,
        ),
    ],
)
def test_next_dose(
    prescription: Prescription, past: list[Outcome], sets: int, hold_s: float, changed: bool
) -> None:
    dose, why = next_dose(Step(prescription.exercise, prescription), past, RULE)
    assert (dose.sets, dose.hold_s) == (sets, hold_s)
    assert (why is not None) == changed
    if why:
        assert "in a row with every rep done and pain green (rule: after 3)" in why


def _run(tmp: Path, pain_after: int) -> dict[str, Any]:
    run = ProgrammeRun(
        ProgrammeOptions(
            load_programme(DATA / "progressing.toml"),
            sources={"bridge": BRIDGE},
            window=False,
            mute=True,
            fast=True,
            pain_before=1,
            pain_after=pain_after,
            sessions_root=tmp / "sessions",
            db_path=tmp / "h.sqlite3",
        )
    )
    return run.run()


def test_two_good_runs_add_a_set_and_today_says_so(tmp_path: Path) -> None:
    first, second = _run(tmp_path, 2), _run(tmp_path, 1)
    assert [r["sets"] for r in (first["exercises"][0], second["exercises"][0])] == [1, 1]
    third = _run(tmp_path, 2)
    bridge = third["exercises"][0]
    assert bridge["sets"] == 2
    assert bridge["progression"].startswith("1 to 2 sets: 2 sessions in a row")
    assert any(p.startswith("Up a step today: 2 x 2") for p in third["spoken"])
    # the clip has only 2 bridges: the second set is not done, so no further step
    assert bridge["programme_status"] == "source ended" and bridge["sets_done"] == 1

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "posecount",
            "today",
            str(DATA / "progressing.toml"),
            "--json",
            "--data-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    assert plan["per_day"] == 2 and plan["runs_today"] == 3
    assert plan["complete_today"] == 2  # the third run did not finish its sets
    assert plan["due_today"] == 0
    assert plan["exercises"][0]["done_today"] == 2
    assert plan["exercises"][0]["dose"].startswith("2 x 2")


def test_a_red_run_does_not_progress(tmp_path: Path) -> None:
    _run(tmp_path, 2)
    _run(tmp_path, 8)  # red after
    assert _run(tmp_path, 1)["exercises"][0]["sets"] == 1


def test_schedule_counts_only_todays_finished_runs() -> None:
    prog = load_programme(DATA / "progressing.toml")
    today = date(2026, 3, 4)
    records = [
        {
            "programme": "progressing",
            "started": "2026-03-04T08:00:00+00:00",
            "status": "complete",
            "sessions": [{"exercise": "bridge", "programme_status": "complete"}],
        },
        {
            "programme": "progressing",
            "started": "2026-03-03T08:00:00+00:00",
            "status": "complete",
            "sessions": [{"exercise": "bridge", "programme_status": "complete"}],
        },
        {
            "programme": "progressing",
            "started": "2026-03-04T09:00:00+00:00",
            "status": "running",
            "sessions": [{"exercise": "bridge"}],
        },
    ]
    plan = schedule(prog, records, today)
    assert (plan["runs_today"], plan["complete_today"], plan["due_today"]) == (1, 1, 1)


def test_today_without_any_run_says_what_to_do(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "posecount", "today", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "no programme has been run yet" in done.stderr


def test_notify_without_notify_send_is_a_clear_note(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "posecount",
            "today",
            "leaflet-004",
            "--notify",
            "--data-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": str(Path(sys.executable).parent)},
    )
    assert done.returncode == 0, done.stderr
    assert "leaflet-004" in done.stdout and "1 still due" in done.stdout
    assert "notify-send not found" in done.stderr
