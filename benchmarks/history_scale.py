"""The history at a clinic's scale: 10,000 synthetic sessions (50 patients; one of them
exercising four times a day for a year), then the wall time of

- `posecount history` (the newest 50, as a table) and `posecount history --limit 0 --json`
  (all 10,000), each a fresh process, as a user runs them;
- `posecount report --patient P000 --from ... --to ...` over that year (1,460 sessions,
  the newest 12 drilled into with a real pose track each);
- the same queries in-process, without Python's start-up and imports.

Targets: history lists in under 1 s, the year's report builds in under 5 s.

    python benchmarks/history_scale.py [--sessions 10000] [--keep DIR]

The sessions are synthetic (made-up counts, ranges, holds and pain, fixed seed): they
measure speed only, never accuracy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from posecount.report.build import gather
from posecount.report.data import Period
from posecount.report.html import render
from posecount.store.db import write
from posecount.store.history import Filter, History

REPO = Path(__file__).resolve().parents[1]
TRACK = REPO / "sample_videos" / "tracks" / "bridge_leapfit_side_segB_2reps.posetrack.jsonl"
YEAR_START = datetime(2025, 1, 1, tzinfo=UTC)
PER_DAY = 4  # the leaflets' four times a day


def _events(rng: random.Random, reps: int) -> list[dict]:
    out: list[dict] = [{"type": "posture_ok", "t_ms": 200, "seen": "lying face up"}]
    t = 1000
    for _ in range(reps):
        hold_s = round(rng.uniform(1.0, 6.0), 2)
        out.append({"type": "hold_started", "t_ms": t + 800, "side": None})
        out.append(
            {
                "type": "hold_ended",
                "t_ms": t + 800 + int(hold_s * 1000),
                "side": None,
                "hold_s": hold_s,
                "closed_by_edge": False,
            }
        )
        value = rng.gauss(165, 8)
        t_end = t + 1600 + int(hold_s * 1000)
        out.append(
            {
                "type": "rep_completed",
                "t_ms": t_end,
                "side": None,
                "range_achieved": value,
                "range_target": 160.0,
                "range_unit": "deg",
                "short_by": max(0.0, 160 - value),
                "start_ms": t,
            }
        )
        t = t_end + 1000
    return out


def populate(db: Path, total: int) -> None:
    rng = random.Random(7)
    year_sessions = 365 * PER_DAY
    with History(db) as h, write(h.conn, db) as c:
        meta = {
            "source": "synthetic",
            "model": "lite",
            "prescription_values": {
                "sets": 1,
                "reps": 15,
                "hold_s": 3,
                "per_day": PER_DAY,
                "range_target": 160.0,
            },
            "prescription": "1 x 15, hold 3 s, 4 times a day",
        }
        for i in range(total):
            if i < year_sessions:
                patient = "P000"
                started = YEAR_START + timedelta(days=i // PER_DAY, hours=8 + 3 * (i % PER_DAY))
            else:
                patient = f"P{1 + i % 49:03d}"
                started = YEAR_START + timedelta(minutes=rng.randrange(365 * 24 * 60))
            h._ensure_patient(patient, started)
            cur = c.execute(
                "INSERT INTO sessions (patient_id, exercise, started, status, source, model,"
                " prescription_json, track_path, reps, reps_short, pain_before, pain_after)"
                " VALUES (?, 'bridge', ?, 'recording', 'synthetic', 'lite', ?, ?, 0, 0, ?, ?)",
                (
                    patient,
                    started.isoformat(timespec="seconds"),
                    json.dumps({**meta["prescription_values"], "text": meta["prescription"]}),
                    str(TRACK) if i >= year_sessions - 12 and i < year_sessions else None,
                    rng.randint(0, 6),
                    rng.randint(0, 7),
                ),
            )
            sid = cur.lastrowid
            reps = rng.randint(5, 15)
            h._append_events(c, sid, _events(rng, reps))
            status = "complete" if rng.random() > 0.05 else "interrupted"
            h._finish(c, sid, status, started + timedelta(minutes=10), None)


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0


def best(f, n: int = 3) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        runs.append(time.perf_counter() - t0)
    return min(runs), runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sessions", type=int, default=10_000)
    ap.add_argument("--keep", type=Path, default=None, help="build the database in DIR and keep it")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="posecount-history-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "history.sqlite3"
    if db.exists():
        db.unlink()
    t0 = time.perf_counter()
    populate(db, args.sessions)
    setup_s = time.perf_counter() - t0
    with History(db, create=False) as h:
        n_sessions = h.conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        n_reps = h.conn.execute("SELECT COUNT(*) FROM reps").fetchone()[0]
        n_events = h.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    print(
        f"database: {n_sessions} sessions, {n_reps} reps, {n_events} events, "
        f"{db.stat().st_size / 1e6:.1f} MB (built in {setup_s:.1f} s) at {db}"
    )

    env = {**os.environ, "POSECOUNT_DB": str(db)}
    cli = [sys.executable, "-m", "posecount"]
    out = work / "report.html"
    rows = []

    def run(label: str, cmd: list[str], target: float) -> None:
        runs = []
        for _ in range(3):
            if out.exists():
                out.unlink()
            runs.append(timed(cmd, env))
        rows.append((label, min(runs), runs, target))

    run("history (newest 50, table)", cli + ["history"], 1.0)
    run("history --limit 0 --json (all)", cli + ["history", "--limit", "0", "--json"], 1.0)
    run(
        "history --patient P000 --limit 0",
        cli + ["history", "--patient", "P000", "--limit", "0"],
        1.0,
    )
    run(
        "report P000, one year",
        cli
        + [
            "report",
            "--patient",
            "P000",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "-o",
            str(out),
        ],
        5.0,
    )
    size_mb = out.stat().st_size / 1e6

    with History(db, create=False) as h:
        t_list, runs_list = best(lambda: h.sessions(Filter(limit=0)))
        period = Period(YEAR_START.date(), datetime(2025, 12, 31).date())

        def report() -> None:
            render(gather(h, "P000", period, "2026-01-01T00:00:00+00:00"))

        t_rep, runs_rep = best(report)
    rows.append(("in-process: list all sessions", t_list, runs_list, 1.0))
    rows.append(("in-process: gather + render year", t_rep, runs_rep, 5.0))

    print(f"\n{'what':36}  {'best s':>7}  {'all runs s':>18}  {'target s':>8}  ok")
    print(f"{'-' * 36}  {'-' * 7}  {'-' * 18}  {'-' * 8}  --")
    for label, b, runs, target in rows:
        all_runs = " ".join(f"{r:.2f}" for r in runs)
        print(
            f"{label:36}  {b:7.2f}  {all_runs:>18}  {target:8.1f}  {'yes' if b < target else 'NO'}"
        )
    print(f"\nreport file: {size_mb:.2f} MB")


if __name__ == "__main__":
    main()
