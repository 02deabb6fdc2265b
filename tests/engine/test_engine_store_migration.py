"""The local store records its schema version and brings older stores up to date on open."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from asl_lsp.engine.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreVersionError
from asl_lsp.sdk.backends.base import BackendError
from asl_lsp.sdk.backends.local import LocalBackend

ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:Hello"
DEFINITION = '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'
NOW = datetime(2024, 1, 31, 12, 0, tzinfo=timezone.utc)


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def test_a_new_store_has_the_current_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.db")
    store.close()
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    assert _user_version(tmp_path / "store.db") == SCHEMA_VERSION


class _NextStore(Store):
    """The store as a later release with one more schema step would open it."""

    migrations = (*MIGRATIONS, "ALTER TABLE executions ADD COLUMN label TEXT")


def test_a_store_of_this_version_is_migrated_by_the_next(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    old = Store(path)
    old.add_state_machine(ARN, "Hello", DEFINITION, "arn:aws:iam::1:role/r", "STANDARD", {}, NOW)
    old.close()
    assert "label" not in _columns(path, "executions")

    new = _NextStore(path)
    try:
        assert new.schema_version == SCHEMA_VERSION + 1
        assert "label" in _columns(path, "executions")
        assert [row[0] for row in new._query("SELECT name FROM state_machines")] == ["Hello"]
    finally:
        new.close()
    assert _user_version(path) == SCHEMA_VERSION + 1

    again = _NextStore(path)  # opening a migrated store runs nothing twice
    again.close()
    assert _user_version(path) == SCHEMA_VERSION + 1


def test_a_store_from_before_versioning_is_adopted(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.close()
    assert _user_version(path) == 0
    Store(path).close()
    assert _user_version(path) == SCHEMA_VERSION


def test_a_newer_store_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    _NextStore(path).close()
    with pytest.raises(StoreVersionError, match="newer than this asl-lsp knows"):
        Store(path)
    with pytest.raises(BackendError, match="cannot open the local store: the store has schema"):
        LocalBackend(store=path)
