"""Exports: the CSV a spreadsheet opens, and a FHIR Bundle a maintained FHIR library
accepts (fhir.resources; its R4B models are FHIR 4.3, of the R4 line)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from history_sessions import BRIDGE, SQUAT, STANCE, day, record
from posecount.store.export import CSV_COLUMNS, PAIN_LOINC, to_fhir
from posecount.store.history import History


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "posecount", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("export")
    path = tmp / "h.sqlite3"
    record(BRIDGE, "bridge", day(0), tmp / "s", path, pain=(2, 4))
    record(SQUAT, "squat", day(1), tmp / "s", path, pain=(3, 7))
    record(STANCE, "single-leg-stance", day(2), tmp / "s", path, status="interrupted")
    return path


def test_csv_has_a_row_per_session_and_per_rep(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "history.csv"
    done = _cli("history", "export", "--format", "csv", "-o", str(out), "--db", str(db))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    kinds = [(r["record"], r["exercise"]) for r in rows]
    assert kinds == [
        ("session", "bridge"),
        ("rep", "bridge"),
        ("rep", "bridge"),
        ("session", "squat"),
        *[("rep", "squat")] * 8,
        ("session", "single-leg-stance"),
        ("rep", "single-leg-stance"),
    ]
    bridge, rep1 = rows[0], rows[1]
    assert (bridge["reps"], bridge["reps_prescribed"], bridge["pain_before"]) == ("2", "15", "2")
    assert (rep1["rep"], rep1["range"], rep1["hold_s"], rep1["range_target"]) == (
        "1",
        "178.5",
        "1.8",
        "160.0",
    )
    assert rows[3]["reps_prescribed"] == "10"
    assert rows[12]["status"] == "interrupted"
    assert all(len(r) == len(CSV_COLUMNS) for r in rows)


def test_export_never_overwrites_without_force(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine.csv"
    out.write_text("a physiotherapist's own notes\n")
    refused = _cli("history", "export", "-o", str(out), "--db", str(db))
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert out.read_text() == "a physiotherapist's own notes\n"
    forced = _cli("history", "export", "-o", str(out), "--force", "--db", str(db))
    assert forced.returncode == 0 and out.read_text().startswith("record,")


def test_fhir_bundle_validates_with_a_fhir_library(db: Path) -> None:
    bundle_cls = pytest.importorskip("fhir.resources.R4B.bundle").Bundle
    done = _cli("history", "export", "--format", "fhir", "--db", str(db))
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    bundle = bundle_cls.model_validate(data)
    resources = [e.resource for e in bundle.entry]
    assert [r.__resource_type__ for r in resources].count("Patient") == 1
    obs = [r for r in resources if r.__resource_type__ == "Observation"]
    pain = [o for o in obs if o.code.coding[0].code == PAIN_LOINC]
    assert sorted(int(o.valueQuantity.value) for o in pain) == [2, 3, 4, 7]
    assert {o.code.coding[0].system for o in pain} == {"http://loinc.org"}
    units = {(o.valueQuantity.system, o.valueQuantity.code) for o in obs}
    assert units == {
        ("http://unitsofmeasure.org", c) for c in ("{score}", "{repetitions}", "deg", "s")
    }
    ranges = [o for o in obs if o.valueQuantity.code == "deg"]
    assert len(ranges) == 2 + 8  # every rep of the bridge and the squats
    statuses = {o.status for o in obs}
    assert statuses == {"final", "preliminary"}  # the interrupted session is not final


def test_fhir_ids_are_stable_and_unique(db: Path) -> None:
    with History(db, create=False) as h:
        sessions = h.sessions()
        reps = h.reps([s["id"] for s in sessions])
    a = to_fhir(sessions, reps, "2026-03-20T00:00:00+00:00")
    b = to_fhir(sessions, reps, "2026-03-20T00:00:00+00:00")
    urls = [e["fullUrl"] for e in a["entry"]]
    assert a == b and len(urls) == len(set(urls))
