"""The database file: schema versions, WAL, and every way the file can be wrong."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from posecount.errors import StoreError
from posecount.store import db
from posecount.store.history import History


def test_a_new_database_is_migrated_to_the_current_version_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    conn = db.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"patients", "sessions", "reps", "events"} <= tables
    conn.close()
    db.connect(path).close()  # opening again migrates nothing and keeps the data


def test_migrations_run_in_order_from_any_older_version(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.sqlite3"
    db.connect(path).close()
    nxt = "ALTER TABLE sessions ADD COLUMN note TEXT;\nCREATE INDEX reps_by_side ON reps (side)"
    monkeypatch.setattr(db, "MIGRATIONS", (*db.MIGRATIONS, nxt))
    monkeypatch.setattr(db, "SCHEMA_VERSION", len(db.MIGRATIONS))
    conn = db.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(db.MIGRATIONS) == 4
    cols = {r[1] for r in conn.execute("PRAGMA table_info(sessions)")}
    assert "note" in cols


def _version_1(path: Path) -> None:
    """A history as posecount wrote it before schema version 2: a session with an event
    and a rep."""
    conn = sqlite3.connect(path)
    conn.executescript(db.MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO patients VALUES ('P1', '2026-11-01T09:00:00+00:00')")
    conn.execute(
        "INSERT INTO sessions (patient_id, exercise, started, status, reps) VALUES"
        " ('P1', 'bridge', '2026-11-01T09:00:00+00:00', 'complete', 1)"
    )
    conn.execute("INSERT INTO events VALUES (1, 1, 4000, 'rep_completed', '{}')")
    conn.execute("INSERT INTO reps (session_id, n, t_ms) VALUES (1, 1, 4000)")
    conn.commit()
    conn.close()


def test_version_1_is_upgraded_keeping_every_session_event_and_rep(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    _version_1(path)
    conn = db.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION == 3
    counts = [
        conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("sessions", "events", "reps", "test_results")
    ]
    assert counts == [1, 1, 1, 0]
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"sessions_by_patient", "sessions_by_started", "sessions_by_exercise"} <= indexes
    # the events still belong to their session: deleting it deletes them
    conn.execute("DELETE FROM sessions WHERE id = 1")
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0


@pytest.mark.parametrize("status", ["ended early", "source corrupt", "write failed"])
def test_the_precise_endings_are_statuses_from_version_2(tmp_path: Path, status: str) -> None:
    path = tmp_path / "h.sqlite3"
    _version_1(path)
    old = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError):  # version 1 could not hold them
        old.execute("UPDATE sessions SET status = ?", (status,))
    old.close()
    conn = db.connect(path)
    conn.execute("UPDATE sessions SET status = ?", (status,))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE sessions SET status = 'fine, probably'")


def test_a_database_from_a_newer_posecount_is_refused_not_altered(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this posecount"):
        db.connect(path)
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == db.SCHEMA_VERSION + 1


@pytest.mark.parametrize(
    ("content", "create", "message"),
    [
        (None, False, "no history database at"),
        (b"this is not a database at all, it is a shopping list\n" * 50, True, "corrupt"),
        (b"SQLite format 3\x00" + b"\xff" * 4080, True, "corrupt"),
    ],
    ids=["missing", "text file", "damaged header"],
)
def test_a_missing_or_corrupt_file_is_one_clear_error(
    tmp_path: Path, content: bytes | None, create: bool, message: str
) -> None:
    path = tmp_path / "h.sqlite3"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StoreError, match=message) as err:
        History(path, create=create)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_a_locked_database_is_reported_after_the_busy_timeout(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "h.sqlite3"
    db.connect(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.2)
    h = History(path)
    with pytest.raises(StoreError, match="locked by another program"):
        h.add_events(1, [{"type": "posture_ok", "t_ms": 0, "seen": "x"}])
    holder.execute("ROLLBACK")


def test_a_read_only_database_names_the_fix() -> None:
    conn = sqlite3.connect("file::memory:?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as raised:
        conn.execute("CREATE TABLE t (x)")
    err = db.describe_error(Path("/clinic/history.sqlite3"), raised.value)
    assert "is read-only" in str(err) and "/clinic/history.sqlite3" in str(err)


@pytest.mark.parametrize(
    ("env", "root", "expected"),
    [
        ("/data/h.db", None, "/data/h.db"),
        ("/data/h.db", "/tmp/s/sessions", "/data/h.db"),
        (None, "/tmp/s/sessions", "/tmp/s/" + db.DB_NAME),
    ],
)
def test_where_the_database_is(monkeypatch, env, root, expected) -> None:  # type: ignore[no-untyped-def]
    if env is None:
        monkeypatch.delenv(db.DB_ENV, raising=False)
    else:
        monkeypatch.setenv(db.DB_ENV, env)
    assert db.default_db_path(None if root is None else Path(root)) == Path(expected)


def test_a_reader_reads_while_a_writer_is_mid_transaction(tmp_path: Path) -> None:
    """WAL: a report reading while `live` writes sees the last committed state, at once."""
    path = tmp_path / "h.sqlite3"
    with History(path) as h:
        from history_sessions import day

        sid = h.start_session(
            patient="P1",
            exercise="bridge",
            started=day(0),
            meta={},
            session_dir=None,
            track_path=None,
        )
    writer = db.connect(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE sessions SET reps = 99 WHERE id = ?", (sid,))
    reader = History(path, create=False)
    assert [s["reps"] for s in reader.sessions()] == [0]  # not the uncommitted 99
    writer.execute("COMMIT")
    assert [s["reps"] for s in reader.sessions()] == [99]
