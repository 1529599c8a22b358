"""Stations see each other's changes within seconds (LISTEN/NOTIFY, or polling)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from app.services.import_orders import import_files
from app.services.stations import Changes, ChangeWatcher, watch_changes
from app.services.workspace import Workspace
from app.store.db import make_engine
from tests.integration import pg_fixture

ROOT = Path(__file__).resolve().parents[2]
pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_db(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "shared.sqlite")
    return request.getfixturevalue("pg_url")


def _wait_for(watcher: ChangeWatcher, within: float, want=lambda c: True) -> Changes | None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        got = watcher.wait(0.5)
        if got is not None and want(got):
            return got
    return None


def test_nothing_changed_means_none(shared_db, tmp_path):
    ws = Workspace.open(shared_db, key_dir=tmp_path / "keys")
    with watch_changes(ws) as w:
        assert w.poll() is None
        t0 = time.monotonic()
        assert w.wait(0.3) is None
        assert time.monotonic() - t0 < 2
    ws.close()


def test_another_process_writing_is_seen_within_seconds(shared_db, tmp_path, douyin_csv):
    """A second station (its own process) imports; this one hears about it."""
    ws = Workspace.open(shared_db, key_dir=tmp_path / "keys", passphrase="p")
    with watch_changes(ws) as w:
        env = dict(os.environ, SHIPDESK_HOME=str(tmp_path), SHIPDESK_KEY_PASSPHRASE="p",
                   PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        # the other station finds the key where this one keeps it (key_dir = HOME/keys)
        t0 = time.monotonic()
        p = subprocess.run([sys.executable, "-m", "app", "import", str(douyin_csv),
                            "--db", shared_db], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        got = _wait_for(w, 5, lambda c: c.touches("orders"))
        assert got is not None, "the import was not noticed"
        assert time.monotonic() - t0 < 60
        if ws.engine.dialect.name == "postgresql":
            assert {"orders", "order_items", "recipients"} <= got.tables | _drain(w)
        else:
            assert got.everything
        assert _wait_for(w, 0.6) is None  # and then quiet again
    ws.close()


def _drain(w: ChangeWatcher) -> set[str]:
    seen: set[str] = set()
    while (c := w.poll()) is not None:
        seen |= c.tables
    return seen


def test_listen_names_tables_and_own_writes_count(pg_url, tmp_path, douyin_csv):
    ws = Workspace.open(pg_url, key_dir=tmp_path / "keys")
    with watch_changes(ws) as w:
        assert w.mode == "listen"
        ws.set_setting("default_carrier", "SF")
        got = _wait_for(w, 3)
        assert got is not None and "meta" in got.tables and not got.everything
        import_files(ws, [douyin_csv])
        time.sleep(0.2)
        seen = _drain(w)
        assert {"orders", "order_items", "recipients"} <= seen
        # one transaction, one notice per table: the queue does not fill with duplicates
        assert w.poll() is None
    ws.close()


def test_counter_polling_where_listen_is_unavailable(pg_url, tmp_path):
    ws = Workspace.open(pg_url, key_dir=tmp_path / "keys")
    with ChangeWatcher(ws.engine, mode="poll") as w:
        assert w.poll() is None
        ws.set_setting("x", "1")
        got = _wait_for(w, 3)
        assert got is not None and got.everything
        assert w.poll() is None
    ws.close()


def test_watcher_survives_a_dropped_connection(pg_url, tmp_path):
    ws = Workspace.open(pg_url, key_dir=tmp_path / "keys")
    w = ChangeWatcher(ws.engine, reconnect_every=0.2)
    pid = w._conn.info.backend_pid
    admin = make_engine(pg_url)
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        conn.commit()
    admin.dispose()
    ws.set_setting("x", "2")
    # the next looks notice the loss, reconnect, and report "everything" (notices were lost)
    got = _wait_for(w, 5)
    assert got is not None and got.everything
    ws.set_setting("x", "3")
    got = _wait_for(w, 5)
    assert got is not None and "meta" in got.tables
    w.close()
    ws.close()
