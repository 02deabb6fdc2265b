"""SQLite persistence: state machines, definition versions, executions and their events.

Each event is committed as it happens (WAL mode, ``synchronous=NORMAL``), so a process killed
mid-execution leaves a readable execution; on open, RUNNING executions whose owning process
(pid + process start time) is gone are marked ABORTED. The file is created 0600 in a 0700 folder;
``busy_timeout`` lets two processes share one store.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from asl_lsp.engine.events import Event

ORPHAN_CAUSE = "the process running this execution ended"
_BASE_KEYS = ("timestamp", "type", "id", "previousEventId")

SCHEMA = """
CREATE TABLE IF NOT EXISTS state_machines (
    arn TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    role_arn TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '{}',
    created REAL NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS definition_versions (
    state_machine_arn TEXT NOT NULL,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    role_arn TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (state_machine_arn, version)
);
CREATE TABLE IF NOT EXISTS executions (
    arn TEXT PRIMARY KEY,
    state_machine_arn TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    start REAL NOT NULL,
    stop REAL,
    input TEXT NOT NULL,
    output TEXT,
    error TEXT,
    cause TEXT,
    pid INTEGER,
    pid_start TEXT
);
CREATE INDEX IF NOT EXISTS executions_by_machine ON executions (state_machine_arn, start);
CREATE TABLE IF NOT EXISTS events (
    execution_arn TEXT NOT NULL,
    id INTEGER NOT NULL,
    previous_id INTEGER NOT NULL,
    type TEXT NOT NULL,
    timestamp REAL NOT NULL,
    details TEXT NOT NULL,
    PRIMARY KEY (execution_arn, id)
);
"""


# The schema as a list of steps: step i brings a store from version i to version i + 1, and
# ``PRAGMA user_version`` records how many have run. A schema change appends a step (an ALTER
# TABLE, a new table); shipped steps are never edited, so every older store can be brought up.
MIGRATIONS: tuple[str, ...] = (SCHEMA,)
SCHEMA_VERSION = len(MIGRATIONS)


class StoreVersionError(Exception):
    """The store was written by a newer asl-lsp, whose schema this one does not know."""


def migrate(cur: sqlite3.Cursor, migrations: tuple[str, ...] = MIGRATIONS) -> int:
    """Run the steps a store has not seen yet (inside the caller's transaction); its new version.

    Stores from before versioning read as version 0: the first step only creates what is
    missing, so running it on them is safe.
    """
    version = int(cur.execute("PRAGMA user_version").fetchone()[0])
    if version > len(migrations):
        raise StoreVersionError(
            f"the store has schema version {version}, newer than this asl-lsp knows "
            f"({len(migrations)}); upgrade asl-lsp or use another store (ASL_LSP_HOME)"
        )
    for step in migrations[version:]:
        for statement in step.split(";"):
            if statement.strip():
                cur.execute(statement)
    cur.execute(f"PRAGMA user_version = {len(migrations)}")
    return len(migrations)


def default_store_path() -> Path:
    home = os.environ.get("ASL_LSP_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".asl-lsp"
    return base / "store.db"


def process_start(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (so a reused pid is not mistaken for the owner)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            stat = fh.read()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def process_alive(pid: int, start: str | None) -> bool:
    if pid <= 0:
        return False
    if os.path.isdir("/proc"):
        now = process_start(pid)
        return now is not None and (start is None or now == start)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def to_epoch(moment: datetime) -> float:
    return moment.timestamp()


def from_epoch(value: float) -> datetime:
    return datetime.fromtimestamp(value, timezone.utc)


class Store:
    # The schema steps this store applies on open (a subclass may append one to test a change).
    migrations: tuple[str, ...] = MIGRATIONS

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path).expanduser() if path is not None else default_store_path()
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.path.exists():
            fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
            os.close(fd)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            str(self.path), check_same_thread=False, isolation_level=None, timeout=30.0
        )
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        try:
            with self._tx() as cur:
                self.schema_version = migrate(cur, self.migrations)
        except StoreVersionError:
            self._conn.close()
            raise
        self.pid = os.getpid()
        self.pid_start = process_start(self.pid)
        self.recover_orphans()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cur = self._conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._conn.execute(sql, args).fetchall())

    # ------------------------------------------------------------------ state machines

    def add_state_machine(
        self,
        arn: str,
        name: str,
        definition: str,
        role_arn: str,
        type_: str,
        tags: dict[str, str],
        created: datetime,
    ) -> None:
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO state_machines (arn, name, type, role_arn, tags, created, version) "
                "VALUES (?, ?, ?, ?, ?, ?, 1)",
                (arn, name, type_, role_arn, json.dumps(tags), to_epoch(created)),
            )
            cur.execute(
                "INSERT OR REPLACE INTO definition_versions VALUES (?, 1, ?, ?, ?)",
                (arn, definition, role_arn, to_epoch(created)),
            )

    def update_state_machine(
        self, arn: str, definition: str | None, role_arn: str | None, when: datetime
    ) -> None:
        with self._tx() as cur:
            row = cur.execute(
                "SELECT version, role_arn FROM state_machines WHERE arn = ?", (arn,)
            ).fetchone()
            if row is None:
                return
            version, old_role = row
            old_def = cur.execute(
                "SELECT definition FROM definition_versions WHERE state_machine_arn = ? "
                "AND version = ?",
                (arn, version),
            ).fetchone()[0]
            new_version = version + 1
            role = role_arn or old_role
            cur.execute(
                "INSERT OR REPLACE INTO definition_versions VALUES (?, ?, ?, ?, ?)",
                (arn, new_version, definition or old_def, role, to_epoch(when)),
            )
            cur.execute(
                "UPDATE state_machines SET version = ?, role_arn = ? WHERE arn = ?",
                (new_version, role, arn),
            )

    def delete_state_machine(self, arn: str) -> None:
        with self._tx() as cur:
            cur.execute("DELETE FROM state_machines WHERE arn = ?", (arn,))

    def state_machine(self, arn: str) -> dict[str, Any] | None:
        rows = self._query(
            "SELECT s.arn, s.name, s.type, s.role_arn, s.tags, s.created, s.version, d.definition "
            "FROM state_machines s JOIN definition_versions d ON d.state_machine_arn = s.arn "
            "AND d.version = s.version WHERE s.arn = ?",
            (arn,),
        )
        if not rows:
            return None
        arn_, name, type_, role, tags, created, version, definition = rows[0]
        return {
            "arn": arn_,
            "name": name,
            "type": type_,
            "role_arn": role,
            "tags": json.loads(tags),
            "created": from_epoch(created),
            "version": version,
            "definition": definition,
        }

    def definition(self, arn: str, version: int) -> str | None:
        rows = self._query(
            "SELECT definition FROM definition_versions "
            "WHERE state_machine_arn = ? AND version = ?",
            (arn, version),
        )
        return rows[0][0] if rows else None

    def versions(self, arn: str) -> list[int]:
        rows = self._query(
            "SELECT version FROM definition_versions WHERE state_machine_arn = ? ORDER BY version",
            (arn,),
        )
        return [r[0] for r in rows]

    def state_machines(self, limit: int) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT arn, name, type, created FROM state_machines ORDER BY created LIMIT ?", (limit,)
        )
        return [
            {"stateMachineArn": a, "name": n, "type": t, "creationDate": from_epoch(c)}
            for a, n, t, c in rows
        ]

    # ------------------------------------------------------------------ executions

    def add_execution(
        self, arn: str, machine_arn: str, name: str, version: int, start: datetime, input_: str
    ) -> None:
        with self._tx() as cur:
            cur.execute(
                "INSERT INTO executions (arn, state_machine_arn, name, version, status, start, "
                "input, pid, pid_start) VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?)",
                (
                    arn,
                    machine_arn,
                    name,
                    version,
                    to_epoch(start),
                    input_,
                    self.pid,
                    self.pid_start,
                ),
            )

    def finish_execution(
        self,
        arn: str,
        status: str,
        stop: datetime,
        output: str | None,
        error: str | None,
        cause: str | None,
    ) -> None:
        with self._tx() as cur:
            cur.execute(
                "UPDATE executions SET status = ?, stop = ?, output = ?, error = ?, cause = ? "
                "WHERE arn = ? AND status = 'RUNNING'",
                (status, to_epoch(stop), output, error, cause, arn),
            )

    def execution(self, arn: str) -> dict[str, Any] | None:
        rows = self._query(
            "SELECT arn, state_machine_arn, name, status, start, stop, input, output, error, "
            "cause, version, pid, pid_start FROM executions WHERE arn = ?",
            (arn,),
        )
        return _execution_row(rows[0]) if rows else None

    def executions(self, machine_arn: str, status: str | None, limit: int) -> list[dict[str, Any]]:
        sql = (
            "SELECT arn, state_machine_arn, name, status, start, stop, input, output, error, "
            "cause, version, pid, pid_start FROM executions WHERE state_machine_arn = ?"
        )
        args: tuple[Any, ...] = (machine_arn,)
        if status:
            sql += " AND status = ?"
            args += (status,)
        sql += " ORDER BY start DESC LIMIT ?"
        return [_execution_row(r) for r in self._query(sql, (*args, limit))]

    # ------------------------------------------------------------------ events

    def add_event(self, execution_arn: str, event: Event) -> None:
        details = {k: v for k, v in event.items() if k not in _BASE_KEYS}
        with self._lock:
            self._conn.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)",
                (
                    execution_arn,
                    event["id"],
                    event["previousEventId"],
                    event["type"],
                    to_epoch(event["timestamp"]),
                    json.dumps(details, ensure_ascii=False),
                ),
            )

    def events(self, execution_arn: str) -> list[Event]:
        rows = self._query(
            "SELECT id, previous_id, type, timestamp, details FROM events "
            "WHERE execution_arn = ? ORDER BY id",
            (execution_arn,),
        )
        out: list[Event] = []
        for id_, prev, type_, ts, details in rows:
            event: Event = {
                "timestamp": from_epoch(ts),
                "type": type_,
                "id": id_,
                "previousEventId": prev,
            }
            event.update(json.loads(details))
            out.append(event)
        return out

    def last_event_id(self, execution_arn: str) -> int:
        rows = self._query("SELECT MAX(id) FROM events WHERE execution_arn = ?", (execution_arn,))
        return int(rows[0][0] or 0)

    # ------------------------------------------------------------------ recovery

    def recover_orphans(self) -> int:
        """Mark RUNNING executions whose process is gone as ABORTED; return how many."""
        rows = self._query("SELECT arn, pid, pid_start FROM executions WHERE status = 'RUNNING'")
        count = 0
        for arn, pid, pid_start in rows:
            if pid == self.pid and pid_start == self.pid_start:
                continue
            if process_alive(int(pid or 0), pid_start):
                continue
            self.abort(arn, None, ORPHAN_CAUSE)
            count += 1
        return count

    def abort(self, arn: str, error: str | None, cause: str | None) -> None:
        """End a RUNNING execution as ABORTED with an ExecutionAborted event."""
        now = datetime.now(timezone.utc)
        details: dict[str, Any] = {}
        if error is not None:
            details["error"] = error
        if cause is not None:
            details["cause"] = cause
        with self._tx() as cur:
            row = cur.execute("SELECT status FROM executions WHERE arn = ?", (arn,)).fetchone()
            if row is None or row[0] != "RUNNING":
                return
            last = (
                cur.execute(
                    "SELECT MAX(id) FROM events WHERE execution_arn = ?", (arn,)
                ).fetchone()[0]
                or 0
            )
            cur.execute(
                "INSERT INTO events VALUES (?, ?, ?, 'ExecutionAborted', ?, ?)",
                (
                    arn,
                    last + 1,
                    last,
                    to_epoch(now),
                    json.dumps({"executionAbortedEventDetails": details}),
                ),
            )
            cur.execute(
                "UPDATE executions SET status = 'ABORTED', stop = ?, error = ?, cause = ? "
                "WHERE arn = ?",
                (to_epoch(now), error, cause, arn),
            )


def _execution_row(row: tuple[Any, ...]) -> dict[str, Any]:
    arn, machine, name, status, start, stop, input_, output, error, cause, version, pid, ps = row
    return {
        "arn": arn,
        "state_machine_arn": machine,
        "name": name,
        "status": status,
        "start": from_epoch(start),
        "stop": from_epoch(stop) if stop is not None else None,
        "input": input_,
        "output": output,
        "error": error,
        "cause": cause,
        "version": version,
        "pid": pid,
        "pid_start": ps,
    }
