"""The report in a real browser: Debian's Chromium, headless, driven by playwright (which
uses the system's browser and downloads none). Sessions come from `live --source` runs
of the shared clips' pose tracks for one patient, moved onto simulated days, and one
`live` killed with SIGKILL part-way."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import TRACKS_DIR
from headless_live import headless_session, live_argv
from history_sessions import BRIDGE, SQUAT, STANCE, day

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)"
)
SIT = TRACKS_DIR / "sit_to_stand_single_then_walk_side.posetrack.jsonl"
PATIENT = "P009"
SCREENSHOT_DIR = os.environ.get("POSECOUNT_SCREENSHOT_DIR")


def _report_week(db: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """`posecount report` of the simulated week, 2-8 March 2026."""
    return subprocess.run(
        [sys.executable, "-m", "posecount", "report", "--patient", PATIENT]
        + ["--from", "2026-03-02", "--to", "2026-03-08", "-o", str(out), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _live(db: Path, root: Path, track: Path, exercise: str, pain: tuple[int, int]) -> int:
    session = headless_session(exercise, track, root, patient=PATIENT, db_path=db)
    session.recorder.pain("before", pain[0])
    session.run()
    session.recorder.pain("after", pain[1])
    assert session.recorder.session_id is not None
    return session.recorder.session_id


def _move_to(db: Path, session_id: int, n: int, hour: int) -> None:
    """The simulated day: the session keeps its length, on day n of the fortnight."""
    conn = sqlite3.connect(db)
    started = day(n, hour)
    (duration,) = conn.execute(
        "SELECT duration_s FROM sessions WHERE id = ?", (session_id,)
    ).fetchone()
    ended = None if duration is None else (started + timedelta(seconds=duration)).isoformat()
    conn.execute(
        "UPDATE sessions SET started = ?, ended = COALESCE(?, ended) WHERE id = ?",
        (started.isoformat(), ended, session_id),
    )
    conn.commit()
    conn.close()


# Clinical test results on the committed full-rate tracks of the shared clips, filed as
# `posecount test ... --save` files them: (day, test, track, age).
TESTS = [
    (0, "timed-up-and-go", "tug_two_people_vfr_oblique", 72),
    (3, "timed-up-and-go", "tug_single_stand_side_clean", 72),
    (3, "five-times-sit-to-stand", "sit_to_stand_front_seniorfit_1rep", 72),  # not valid
    (4, "single-leg-stance", "single_leg_stance_treepose_front_12s", 72),  # a lower bound
]


def _file_tests(db: Path) -> None:
    from posecount.clinical.run import run_clinical_test
    from posecount.store.history import History
    from posecount.store.test_results import file_result

    clinical = Path(__file__).parents[1] / "clinical" / "tracks"
    with History(db) as h:
        for n, name, stem, age in TESTS:
            r = run_clinical_test(name, clinical / f"{stem}.posetrack.jsonl", age=age, sex="female")
            file_result(
                h, r.to_dict(), patient=PATIENT, started=day(n, 11), age=age, sex="female",
                live=False,
            )  # fmt: skip


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("browser")
    db, root = tmp / "h.sqlite3", tmp / "sessions"
    plan = [
        (0, 9, BRIDGE, "bridge", (4, 5)),
        (1, 9, SQUAT, "squat", (4, 4)),
        (1, 17, BRIDGE, "bridge", (3, 4)),
        (2, 9, STANCE, "single-leg-stance", (3, 3)),
        (4, 9, SIT, "sit-to-stand", (2, 3)),
        (5, 9, BRIDGE, "bridge", (2, 7)),
    ]
    for n, hour, track, ex, pain in plan:
        _move_to(db, _live(db, root, track, ex, pain), n, hour)
    # A session killed part-way: SIGKILL gives the program no chance to close anything.
    env = {**os.environ, "POSECOUNT_DB": str(db), "XDG_DATA_HOME": str(tmp)}
    proc = subprocess.Popen(
        live_argv("squat", SQUAT, "--patient", PATIENT, "--pain-before", "5"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    time.sleep(7)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    (killed,) = sqlite3.connect(db).execute("SELECT MAX(id) FROM sessions").fetchone()
    _move_to(db, killed, 6, 9)
    _file_tests(db)
    out = tmp / "report.html"
    done = _report_week(db, out)
    assert done.returncode == 0, done.stderr
    assert "7 session(s) and 4 clinical test result(s) of P009" in done.stderr
    return out


@pytest.fixture(scope="module")
def page(report_file: Path):  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1024, "height": 1366})  # a tablet, upright
        errors: list[str] = []
        requests: list[str] = []
        pg.on(
            "console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None
        )
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("request", lambda r: requests.append(r.url))
        pg.goto(report_file.as_uri())
        pg.wait_for_selector("body[data-ready='1']", timeout=15000)
        pg.errors = errors  # type: ignore[attr-defined]
        pg.requests = requests  # type: ignore[attr-defined]
        yield pg
        browser.close()


def test_no_console_error_and_nothing_fetched(page, report_file: Path) -> None:  # type: ignore[no-untyped-def]
    assert page.errors == []
    assert page.requests == [report_file.as_uri()]  # self-contained: works offline
    html = report_file.read_text(encoding="utf-8")
    assert "http://" not in html.split('id="report-data"')[0] and "<img" not in html
    assert "no picture or video" in page.inner_text(".privacy")


def test_adherence_reps_range_holds_and_pain_are_drawn(page) -> None:  # type: ignore[no-untyped-def]
    assert (
        page.locator(".calendar .day.met").count() + page.locator(".calendar .day.some").count()
        == 6
    )
    assert page.locator(".calendar .day.none").count() == 1  # day 3 was missed
    assert page.locator("#adherence rect.bar").count() == 7
    assert page.locator("section.exercise").count() == 4
    bridge = page.locator("section.exercise[data-exercise='bridge']")
    assert bridge.locator("circle.rep-point").count() == 6  # 3 sessions x 2 reps
    assert bridge.locator("line.target").count() >= 2  # reps prescribed, range target
    assert bridge.locator("circle.hold-point").count() == 6
    assert (
        page.locator(
            "section.exercise[data-exercise='single-leg-stance'] circle.hold-point"
        ).count()
        == 1
    )
    assert (
        page.locator("#pain circle.pain-point").count() == 6 * 2 + 1
    )  # the killed one: before only
    assert page.locator("#pain rect.band").count() == 3
    assert "minimal important" not in page.inner_text("#changes")  # no previous week


def test_clinical_tests_are_drawn_against_their_norms(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator("section.clinical-test").count() == 3
    tug = page.locator("section.clinical-test[data-test='timed-up-and-go']")
    # Bohannon's 95% CI for ages 70-79 as a band, STEADI's 12 s as a line
    assert tug.locator("rect.norm-band").count() == 1
    assert tug.locator("line.norm-line").count() == 1
    assert tug.locator("circle.test-point").count() == 2
    assert tug.locator("line.uncertainty").count() == 2
    assert "first 10 s, latest 5.53 s (better)" in tug.inner_text()
    five = page.locator("section.clinical-test[data-test='five-times-sit-to-stand']")
    assert five.locator("circle.test-point.invalid").count() == 1
    assert five.locator("rect.norm-band").count() == 3  # Klukowska's severity bands
    assert "only 1 full stand seen" in (five.locator("table").first.text_content() or "")
    stance = page.locator("section.clinical-test[data-test='single-leg-stance']")
    assert stance.locator("path.test-point.at-least").count() == 1
    assert stance.locator("line.norm-line").count() == 2  # Springer's mean, Vellas's 5 s
    # at least 12.0 s: drawn between the 5 s line and Springer's 16.7 s mean (SVG y grows
    # downwards)
    tip = (stance.locator("path.test-point").get_attribute("d") or "").split("L")[2]
    y = float(tip.rstrip(" Z").split(",")[1]) + 6
    lines = sorted(float(v or 0) for v in stance.locator("line.norm-line").evaluate_all(
        "ls => ls.map(l => l.getAttribute('y1'))"
    ))  # fmt: skip
    assert lines[0] < y < lines[1]


def test_the_killed_session_is_shown_interrupted_with_its_reps(page) -> None:  # type: ignore[no-untyped-def]
    last = page.locator("#drilldown section.session").first
    assert "interrupted" in last.inner_text() and "killed" in last.inner_text()
    reps = last.locator("button.jump").count()
    assert 2 <= reps < 8


def test_the_replay_plays_and_jumps_to_a_rep(page) -> None:  # type: ignore[no-untyped-def]
    box = page.locator("#drilldown section.session[data-session='1']")
    sk = box.locator("svg.skeleton")
    assert sk.get_attribute("data-frame") == "0"
    assert box.locator("svg.skeleton line[visibility='visible']").count() >= 8
    box.locator("button.play").click()
    page.wait_for_timeout(700)
    box.locator("button.play").click()  # pause
    played = int(sk.get_attribute("data-frame") or 0)
    assert played >= 3
    page.wait_for_timeout(300)
    assert int(sk.get_attribute("data-frame") or 0) == played  # paused means paused
    box.locator("button.jump[data-rep='2']").click()
    jumped = int(sk.get_attribute("data-frame") or 0)
    assert jumped > played
    x = float(box.locator("line.cursor").get_attribute("x1") or 0)
    assert x > 100  # the cursor on the signal follows the replay
    assert box.locator("path.signal").count() == 1 and box.locator("rect.rep-span").count() == 2


def test_screenshot(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shot = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path
    path = shot / "report.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 20_000
    if SCREENSHOT_DIR:  # the one in docs/: the top of the report, as a tablet shows it
        page.screenshot(
            path=str(shot / "report-top.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": 1024, "height": 2300},
        )
        page.locator("#tests").screenshot(path=str(shot / "report-tests.png"))


def test_report_never_overwrites_without_force(report_file: Path) -> None:
    before = report_file.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "posecount", "report", "--patient", PATIENT, "-o", str(report_file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "already exists" in done.stderr
    assert report_file.read_bytes() == before


def test_a_patient_with_test_results_only_renders_with_no_console_error(  # type: ignore[no-untyped-def]
    page, tmp_path: Path
) -> None:
    """No sessions at all (a clinic that only runs the tests): the empty adherence chart
    once drew a target line at -Infinity. (A new tab of the same browser.)"""
    db = tmp_path / "h.sqlite3"
    _file_tests(db)
    out = tmp_path / "report.html"
    done = _report_week(db, out)
    assert done.returncode == 0, done.stderr
    assert "0 session(s) and 4 clinical test result(s) of P009" in done.stderr
    pg = page.context.browser.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(out.as_uri())
    pg.wait_for_selector("body[data-ready='1']", timeout=15000)
    sections = pg.locator("section.clinical-test").count()
    pg.close()
    assert errors == [] and sections == 3
