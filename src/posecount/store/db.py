"""The history database: where it is, how it is opened, and its schema versions.

SQLite in WAL mode, so a `live` session writing and a report reading at the same moment
both work (readers see the last committed state, a writer never waits for them). Every
write is a short `BEGIN IMMEDIATE` transaction and waits up to `BUSY_TIMEOUT_S` for
another writer, so two processes filing sessions at once lose nothing.

The schema is versioned with `PRAGMA user_version`: `MIGRATIONS[i]` takes a database from
version i to i + 1, and a database made by a newer posecount is refused, not altered.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

from posecount.errors import StoreError

DB_ENV = "POSECOUNT_DB"
DB_NAME = "history.sqlite3"
# Long enough for another process's transaction (a whole session import is one), short
# enough that a database held by a stuck program is reported rather than waited on.
BUSY_TIMEOUT_S = 10.0

# Version 1's statuses; version 2 adds the endings live sessions tell apart since (issue
# 9): fewer reps than prescribed, a pose-track source that is corrupt, a disk that filled.
STATUSES_V1 = ("recording", "complete", "interrupted", "stopped", "crashed", "camera lost")
STATUSES = (*STATUSES_V1, "ended early", "source corrupt", "write failed")
# A test result's sex, as the norms are given (clinical.norms.Sex).
SEXES = ("female", "male")


def _status_check(statuses: tuple[str, ...]) -> str:
    return f"CHECK (status IN ({', '.join(repr(s) for s in statuses)}))"


_SESSIONS_COLUMNS = """
    id INTEGER PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    exercise TEXT NOT NULL,
    started TEXT NOT NULL,              -- ISO 8601, UTC
    ended TEXT,                         -- NULL while recording (or after a power cut)
    status TEXT NOT NULL {check},
    source TEXT,
    model TEXT,
    view TEXT,
    prescription_json TEXT,
    pain_before INTEGER CHECK (pain_before BETWEEN 0 AND 10),
    pain_after INTEGER CHECK (pain_after BETWEEN 0 AND 10),
    pain_30min INTEGER CHECK (pain_30min BETWEEN 0 AND 10),
    duration_s REAL,
    reps INTEGER,
    reps_short INTEGER,
    range_unit TEXT,
    range_target REAL,
    range_best REAL,
    range_mean REAL,
    frames_analysed INTEGER,
    frames_with_person INTEGER,
    tracking_lost INTEGER,
    session_dir TEXT UNIQUE,
    track_path TEXT,
    writer_pid INTEGER,
    writer_host TEXT,
    summary_json TEXT
"""
_SESSIONS_INDEXES = """
CREATE INDEX sessions_by_patient ON sessions (patient_id, started);
CREATE INDEX sessions_by_started ON sessions (started);
CREATE INDEX sessions_by_exercise ON sessions (exercise, started);
"""

_V1 = (
    """
CREATE TABLE patients (
    id TEXT PRIMARY KEY,
    created TEXT NOT NULL
);
CREATE TABLE sessions ("""
    + _SESSIONS_COLUMNS.format(check=_status_check(STATUSES_V1))
    + """);"""
    + _SESSIONS_INDEXES
    + """CREATE TABLE events (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    t_ms INTEGER NOT NULL,
    type TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE reps (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,                 -- 1, 2, ... in time order
    t_ms INTEGER NOT NULL,              -- when the rep (or hold) ended, from the start
    start_ms INTEGER,
    side TEXT,
    range_achieved REAL,
    range_target REAL,
    short_by REAL,
    hold_s REAL,
    PRIMARY KEY (session_id, n)
) WITHOUT ROWID;
"""
)

# SQLite cannot change a CHECK constraint in place: the table is rebuilt (the procedure
# of https://www.sqlite.org/lang_altertable.html#otheralter, foreign keys off meanwhile so
# events and reps keep pointing at their sessions).
_V2_STATUSES = (
    "CREATE TABLE sessions_v2 ("
    + _SESSIONS_COLUMNS.format(check=_status_check(STATUSES))
    + """);
INSERT INTO sessions_v2 SELECT * FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_v2 RENAME TO sessions;"""
    + _SESSIONS_INDEXES
)

# Timed clinical tests (posecount.clinical): one row a result, valid or not. The whole
# result is kept as JSON (events included: any figure can be re-made); the columns are
# what the history and the report list and chart.
_V3_TESTS = f"""
CREATE TABLE test_results (
    id INTEGER PRIMARY KEY,
    patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    test TEXT NOT NULL,
    started TEXT NOT NULL,              -- ISO 8601, UTC: when the test was done
    source TEXT,
    live INTEGER NOT NULL CHECK (live IN (0, 1)),
    valid INTEGER NOT NULL CHECK (valid IN (0, 1)),
    reason TEXT,                        -- why not valid
    value REAL,                         -- NULL when not valid: never a made-up time
    unit TEXT NOT NULL,                 -- s or stands
    at_least INTEGER NOT NULL CHECK (at_least IN (0, 1)),
    timed_fps REAL,
    uncertainty_s REAL,
    age INTEGER CHECK (age BETWEEN 0 AND 130),
    sex TEXT CHECK (sex IN ({", ".join(repr(s) for s in SEXES)})),
    norms_json TEXT NOT NULL,           -- every norm compared: norm, source, verdict, concern
    verdict TEXT,                       -- the verdicts, one a line
    concern INTEGER NOT NULL CHECK (concern IN (0, 1)),
    track_path TEXT,                    -- a live test's recorded pose track
    result_json TEXT NOT NULL
);
CREATE INDEX test_results_by_patient ON test_results (patient_id, test, started);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2_STATUSES, _V3_TESTS)
SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path(sessions_root: Path | None = None) -> Path:
    """$POSECOUNT_DB, else beside the sessions folder (the user data directory)."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env)
    if sessions_root is not None:
        return Path(sessions_root).parent / DB_NAME
    return Path(platformdirs.user_data_dir("posecount", appauthor=False)) / DB_NAME


def describe_error(path: Path, e: sqlite3.Error) -> StoreError:
    """One line for the user: what is wrong with which file, and what to do."""
    text = str(e)
    low = text.lower()
    if "locked" in low or "busy" in low:
        what = (
            f"is locked by another program (waited {BUSY_TIMEOUT_S:g} s); "
            "close it or try again in a moment"
        )
    elif "readonly" in low or "read-only" in low:
        what = "is read-only; make the file and its folder writable, or give another --db"
    elif "not a database" in low or "malformed" in low or "corrupt" in low:
        what = (
            "is not a readable SQLite database (corrupt?); move it aside and run "
            "'posecount history import' on the sessions folder to rebuild it"
        )
    elif "unable to open" in low:
        what = "cannot be opened; check the path and that its folder exists and is writable"
    else:
        what = f"failed ({text}); check the file, or give another --db"
    return StoreError(f"history database {path} {what} (sqlite: {text})")


def connect(path: Path, *, create: bool = True) -> sqlite3.Connection:
    """Opens (and, with `create`, makes or migrates) the database. A reader passes
    `create=False`: a missing file is then an error, not a new empty history."""
    path = Path(path)
    if not create and not path.is_file():
        raise StoreError(
            f"no history database at {path}; record a session first (posecount live, or "
            f"posecount analyze VIDEO --save), import folders with 'posecount history "
            f"import DIR', or point --db / ${DB_ENV} at the right file"
        )
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(
                f"cannot create the folder for the history database {path}: {e.strerror}; "
                "give a writable --db"
            ) from e
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable across a crash of the program in WAL mode; only a power cut
        # can lose the last commits, and the session folder keeps those.
        conn.execute("PRAGMA synchronous = NORMAL")
        _migrate(conn, path)
    except sqlite3.Error as e:
        raise describe_error(path, e) from e
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"history database {path} has schema version {version}, newer than this "
            f"posecount understands ({SCHEMA_VERSION}); upgrade posecount"
        )
    if version == SCHEMA_VERSION:
        return
    # Off outside the transaction (inside one the pragma does nothing): a table rebuilt
    # by a migration is dropped and renamed, which with foreign keys on would delete the
    # rows that point at it. Checked before the commit instead.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the write lock.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for step in MIGRATIONS[version:]:
            for statement in step.split(";\n"):
                if statement.strip():
                    conn.execute(statement)
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(
                f"history database {path}: the upgrade to schema version {SCHEMA_VERSION} "
                f"left {len(broken)} rows pointing at nothing; it was not changed"
            )
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


@contextmanager
def write(conn: sqlite3.Connection, path: Path | str = "") -> Iterator[sqlite3.Connection]:
    """One write transaction: all of it is committed, or none."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as e:
        raise describe_error(Path(path), e) from e
    try:
        yield conn
    except sqlite3.Error as e:
        conn.execute("ROLLBACK")
        raise describe_error(Path(path), e) from e
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as e:
        raise describe_error(Path(path), e) from e
