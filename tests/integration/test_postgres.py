"""The same schema, migrations and use cases on a real PostgreSQL server.

The server is a throwaway cluster (tests/integration/pg_fixture.py). In CI these tests
must run: a missing PostgreSQL fails them instead of skipping.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import StatementError

from app.carriers.sandbox import ensure_sandbox_account
from app.services.import_orders import import_files
from app.services.orders import OrderQuery, list_orders, select_order_ids
from app.services.print_labels import print_labels
from app.services.waybills import allocate_waybills
from app.services.workspace import Workspace
from app.store.db import (
    make_engine,
    migrate,
    normalise_url,
    resolve_url,
    script_heads,
    station_from_application_name,
    transaction,
)
from app.store.models import (
    SHANGHAI,
    AuditLog,
    Meta,
    Order,
    Parcel,
    PrintJobItem,
    Recipient,
    SandboxIssued,
    WaybillAccount,
)
from tests.integration import pg_fixture

ROOT = Path(__file__).resolve().parents[2]
pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url  # the fixtures, for this module


@pytest.fixture
def pws(pg_url, tmp_path):
    w = Workspace.open(pg_url, key_dir=tmp_path / "keys")
    yield w
    w.close()


def test_urls_mean_psycopg3():
    assert normalise_url("postgresql://u:p@h:5433/db").startswith("postgresql+psycopg://u:p@h:5433")
    assert normalise_url("postgres://h/db").startswith("postgresql+psycopg://")
    assert resolve_url("postgresql+psycopg://h/db") == "postgresql+psycopg://h/db"
    assert resolve_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_schema_and_types_round_trip(pws):
    """Aware datetimes, bytea, JSON and booleans come back as they went in."""
    insp = inspect(pws.engine)
    assert {"orders", "parcels", "print_jobs", "meta", "alembic_version"} <= set(
        insp.get_table_names())
    kinds = {c["name"]: type(c["type"]).__name__ for c in insp.get_columns("recipients")}
    assert kinds["name_enc"] == "BYTEA"
    at = datetime(2026, 11, 20, 23, 59, 58, 123456, tzinfo=SHANGHAI)
    blob = bytes(range(256)) + b"\x00\xff"
    with transaction(pws.write) as s:
        r = Recipient(name_enc=blob, name_masked="郭*艳")
        s.add(r)
        s.add(AuditLog(at=at, action="t", detail={"中文": [1, 2.5, None, True], "n": {"x": "y"}}))
        acc = WaybillAccount(platform="douyin", carrier_code="ZTO", settings={"a": 1},
                             created_at=at)
        s.add(acc)
        s.flush()
        s.add(SandboxIssued(account_id=acc.id, order_key="o1", pack_no=1, waybill_no="W1",
                            cancelled=True, created_at=at))
    with pws.read() as s:
        assert s.scalar(select(Recipient.name_enc)) == blob
        row = s.scalar(select(AuditLog).where(AuditLog.action == "t"))
        assert row.at == at and row.at.utcoffset() == timedelta(hours=8)
        assert row.detail == {"中文": [1, 2.5, None, True], "n": {"x": "y"}}
        assert s.scalar(select(SandboxIssued.cancelled)) is True
        assert s.scalar(select(SandboxIssued).where(SandboxIssued.cancelled.is_(False))) is None
        # stored as naive UTC, like SQLite: the two backends hold the same values
        raw = s.execute(text("SELECT at FROM audit_log WHERE action = 't'")).scalar()
        assert raw == at.astimezone(UTC).replace(tzinfo=None)
    with pytest.raises(StatementError, match="naive"), transaction(pws.write) as s:
        s.add(AuditLog(at=datetime(2026, 1, 1), action="naive"))
        s.flush()


def test_import_allocate_print_search_on_postgres(pws, douyin_csv, tmp_path):
    summary = import_files(pws, [douyin_csv])
    assert summary.imported == 160 and not summary.errors
    again = import_files(pws, [douyin_csv])
    assert again.imported == 0 and again.unchanged + again.updated == 160
    ids = select_order_ids(pws, status="to_ship")
    a = allocate_waybills(pws, ids)
    assert a.allocated == len(ids) and not a.failed
    assert allocate_waybills(pws, ids).already == len(ids)
    p = print_labels(pws, ids[:7], out=tmp_path / "pg.pdf")
    assert p.printed == 7 and len(pdfium.PdfDocument(str(tmp_path / "pg.pdf"))) == 7
    with pws.read() as s:
        numbers = list(s.scalars(select(Parcel.waybill_no)))
        assert len(numbers) == len(set(numbers)) == len(ids)
    # exact search by the buyer's phone and name goes through the blind index on PG too
    for needle in ("13970669074", "郭桂艳"):
        rows = list_orders(pws, OrderQuery(text=needle), 0, 10)
        assert rows and all(needle not in f"{r.name} {r.phone}" for r in rows), needle


def test_workspace_reopens_with_its_key_and_refuses_another(pg_url, tmp_path):
    w = Workspace.open(pg_url, key_dir=tmp_path / "keys")
    db_id = w.db_id
    w.close()
    w = Workspace.open(pg_url, key_dir=tmp_path / "keys")
    assert w.db_id == db_id
    w.close()
    from app.services.workspace import WorkspaceError

    with pytest.raises(WorkspaceError, match="no key"):
        Workspace.open(pg_url, key_dir=tmp_path / "other-keys")


def test_stations_starting_at_once_migrate_once(pg_url):
    """Several stations upgrading a fresh database at the same moment: one does the work."""
    errors: list[BaseException] = []

    def start() -> None:
        engine = make_engine(pg_url)
        try:
            migrate(engine)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        heads = set(conn.scalars(text("SELECT version_num FROM alembic_version")))
        assert heads == script_heads()  # each head once: nobody upgraded twice
        triggers = conn.scalar(text(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'shipdesk_changes_trg'"))
        assert triggers == len([t for t in inspect(conn).get_table_names()
                                if t not in ("audit_log", "alembic_version")])
    engine.dispose()


def test_pool_settings_and_station_name(pg_url, monkeypatch):
    monkeypatch.setenv("SHIPDESK_STATION", "打包台2")
    engine = make_engine(pg_url)
    assert engine.pool.size() == 4
    with engine.connect() as conn:
        name = conn.scalar(text("SHOW application_name"))
        assert name.isascii() and station_from_application_name(name) == "打包台2"
    engine.dispose()


def test_meta_holds_db_id_and_key_check(pws):
    with pws.read() as s:
        assert s.get(Meta, "db_id").value == pws.db_id
        assert s.get(Meta, "key_check").value == pws.cipher.check_value


def _run_cli(*args: str, home: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, SHIPDESK_HOME=str(home), SHIPDESK_KEY_PASSPHRASE="station-pass",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", **(extra_env or {}))
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=180)


def test_cli_against_postgres(pg_url, tmp_path, douyin_csv):
    home = tmp_path / "home"
    p = _run_cli("import", str(douyin_csv), "--db", pg_url, "--json", home=home)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["imported"] == 160
    p = _run_cli("waybills", "allocate", "--db", pg_url, "--json", "--limit", "3", home=home)
    assert json.loads(p.stdout)["allocated"] == 3, p.stderr
    p = _run_cli("db", "stations", "--db", pg_url, "--json", home=home)
    assert p.returncode == 0, p.stderr
    assert any(r["station"] for r in json.loads(p.stdout)["stations"])
    # a plain postgresql:// URL is enough
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    p = _run_cli("orders", "--db", plain, "--json", "--limit", "1", home=home)
    assert p.returncode == 0 and json.loads(p.stdout)["total"] == 160, p.stderr


def test_unreachable_server_is_a_clear_error(tmp_path):
    p = _run_cli("orders", "--db", "postgresql://nobody@127.0.0.1:1/none", home=tmp_path)
    assert p.returncode == 2
    assert "cannot open" in p.stderr and "Traceback" not in p.stderr


def test_counts_match_after_many_writers(pws, douyin_csv):
    """Orders imported once; two threads allocate disjoint halves on one counter row."""
    import_files(pws, [douyin_csv])
    ids = select_order_ids(pws, status="to_ship")
    halves = [ids[0::2], ids[1::2]]
    # the account (and its range) exists before the stations start: two stations creating
    # the same sandbox account at once get two ranges with the same numbers (see report)
    with transaction(pws.write) as s:
        ensure_sandbox_account(s, "douyin", "ZTO", pws.clock())
    errors = []

    def run(part):
        try:
            allocate_waybills(pws, part)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(h,)) for h in halves]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    with pws.read() as s:
        n = s.scalar(select(func.count(func.distinct(Parcel.waybill_no))))
        assert n == len(ids) == s.scalar(select(func.count()).select_from(SandboxIssued))
        assert s.scalar(select(func.count()).select_from(PrintJobItem)) == 0
        assert s.scalar(select(func.count()).select_from(Order)) == 160


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_current_schema_is_recognised_without_alembic(backend, request, tmp_path):
    from app.store import db

    url = f"sqlite:///{tmp_path / 'c.sqlite'}" if backend == "sqlite" else \
        request.getfixturevalue("pg_url")
    engine = make_engine(url)
    assert not db._is_current(engine)
    migrate(engine)
    assert db._is_current(engine)
    if backend == "postgresql":
        # a table without its change trigger (e.g. made by hand) sends migrate the long way
        with engine.begin() as conn:
            conn.execute(text('DROP TRIGGER shipdesk_changes_trg ON "orders"'))
        assert not db._is_current(engine)
        migrate(engine)
        assert db._is_current(engine)
    engine.dispose()
