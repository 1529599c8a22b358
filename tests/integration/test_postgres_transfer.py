"""A desk's SQLite database moved into PostgreSQL, its key along with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.services import stations
from app.services.import_orders import import_files
from app.services.orders import OrderQuery, list_orders, select_order_ids
from app.services.print_labels import print_labels
from app.services.waybills import allocate_waybills
from app.services.workspace import Workspace, WorkspaceError
from app.store.db import make_engine, migrate, transaction
from app.store.models import AuditLog, Meta, Order, Parcel, PrintJobItem, Recipient, Shop
from app.store.recipients import open_field
from app.store.transfer import TransferError, copy_database, tables
from tests.integration import pg_fixture

ROOT = Path(__file__).resolve().parents[2]
pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url


@pytest.fixture
def desk(tmp_path, douyin_csv):
    """A single-desk SQLite database with orders, waybills and a print log."""
    db = tmp_path / "desk.sqlite"
    ws = Workspace.open(str(db), key_dir=tmp_path / "keys")
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=12)
    allocate_waybills(ws, ids)
    print_labels(ws, ids[:5], out=tmp_path / "desk.pdf")
    ws.set_setting("default_carrier", "YTO")
    ws.close()
    return db


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t)) for t in tables()}


def test_migrate_sqlite_to_postgres_keeps_everything_and_the_key(desk, pg_url, tmp_path):
    src_engine = make_engine(f"sqlite:///{desk}")
    before = _counts(src_engine)
    src_engine.dispose()
    s = stations.migrate_database(str(desk), pg_url, key_dir=tmp_path / "keys")
    assert s.copied.tables == before and s.copied.rows > 500
    dst = make_engine(pg_url)
    assert _counts(dst) == before
    dst.dispose()

    ws = Workspace.open(pg_url, key_dir=tmp_path / "keys")  # the same key opens it
    src = Workspace.open(str(desk), key_dir=tmp_path / "keys")
    try:
        assert ws.db_id == src.db_id == s.db_id
        assert ws.setting("default_carrier") == "YTO"
        with ws.read() as a, src.read() as b:
            # ciphertext came across byte for byte and still decrypts
            ra = a.scalar(select(Recipient).where(Recipient.name_enc.is_not(None))
                          .order_by(Recipient.id))
            rb = b.get(Recipient, ra.id)
            assert ra.name_enc == rb.name_enc
            assert open_field(ws.cipher, "name", ra.name_enc) == \
                open_field(src.cipher, "name", rb.name_enc) != ""
            assert a.scalar(select(Order.extra).where(Order.id == 1)) == \
                b.scalar(select(Order.extra).where(Order.id == 1))
            assert a.get(Order, 1).paid_at == b.get(Order, 1).paid_at
            assert sorted(a.scalars(select(Parcel.waybill_no))) == \
                sorted(b.scalars(select(Parcel.waybill_no)))
            assert a.scalar(select(func.count()).select_from(PrintJobItem)) == 5
        # blind-index search works on the target: same key, same index
        assert list_orders(ws, OrderQuery(text="郭桂艳"), 0, 5)
        # new rows get fresh ids after the copied ones (sequences moved on)
        with transaction(ws.write) as t:
            shop = Shop(platform="kuaishou", name="新店", created_at=ws.clock())
            t.add(shop)
            t.flush()
            assert shop.id > 1
        more = select_order_ids(ws, status="to_ship", has_waybill=False, limit=3)
        assert allocate_waybills(ws, more).allocated == 3
        with ws.read() as a:
            numbers = list(a.scalars(select(Parcel.waybill_no)))
            assert len(numbers) == len(set(numbers)) == 15
            assert a.scalar(select(func.count()).select_from(AuditLog).where(
                AuditLog.action == "db_migrate")) == 0  # logged in the source, not copied
    finally:
        ws.close()
        src.close()


def test_migrate_refuses_a_nonempty_target_and_a_missing_source(desk, pg_url, tmp_path):
    stations.migrate_database(str(desk), pg_url, key_dir=tmp_path / "keys")
    with pytest.raises(stations.StationsError, match="not empty"):
        stations.migrate_database(str(desk), pg_url, key_dir=tmp_path / "keys")
    with pytest.raises(stations.StationsError, match="no database"):
        stations.migrate_database(str(tmp_path / "nope.sqlite"), pg_url,
                                  key_dir=tmp_path / "keys")


def test_migrate_without_the_key_moves_nothing(desk, pg_url, tmp_path):
    with pytest.raises(stations.StationsError, match="cannot open the source"):
        stations.migrate_database(str(desk), pg_url, key_dir=tmp_path / "elsewhere")
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        assert not conn.execute(text(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'orders'")).first()
    engine.dispose()


def test_values_postgres_would_refuse_are_named_first(desk, pg_url, tmp_path):
    eng = make_engine(f"sqlite:///{desk}")
    with eng.begin() as conn:  # SQLite does not enforce VARCHAR lengths; PostgreSQL does
        conn.execute(text("UPDATE orders SET sku_summary = :v WHERE id = 2"), {"v": "货" * 300})
        conn.execute(text("UPDATE orders SET seller_remark = :v WHERE id = 3"), {"v": "a\x00b"})
    eng.dispose()
    with pytest.raises(stations.StationsError) as err:
        stations.migrate_database(str(desk), pg_url, key_dir=tmp_path / "keys")
    msg = str(err.value)
    assert "orders.sku_summary (row 2) is longer than 256" in msg
    assert "orders.seller_remark (row 3) contains a NUL" in msg
    dst = make_engine(pg_url)
    assert sum(_counts(dst).values()) == 0  # nothing written
    dst.dispose()


def test_copy_back_from_postgres_to_sqlite(desk, pg_url, tmp_path):
    stations.migrate_database(str(desk), pg_url, key_dir=tmp_path / "keys")
    back = tmp_path / "back.sqlite"
    s = stations.migrate_database(pg_url, str(back), key_dir=tmp_path / "keys")
    src = make_engine(f"sqlite:///{desk}")
    dst = make_engine(f"sqlite:///{back}")
    got, had = _counts(dst), _counts(src)
    # the source logged the first move (db_migrate) after its rows were copied
    assert got.pop("audit_log") == had.pop("audit_log") - 1
    assert got == had and s.copied.rows == sum(_counts(dst).values())
    with src.connect() as a, dst.connect() as b:
        assert a.execute(select(Meta.key, Meta.value).order_by(Meta.key)).all() == \
            b.execute(select(Meta.key, Meta.value).order_by(Meta.key)).all()
    src.dispose()
    dst.dispose()
    ws = Workspace.open(str(back), key_dir=tmp_path / "keys")
    assert list_orders(ws, OrderQuery(text="13970669074"), 0, 5)
    ws.close()


def test_copy_needs_the_same_schema_revision(desk, pg_url):
    src, dst = make_engine(f"sqlite:///{desk}"), make_engine(pg_url)
    migrate(dst)
    with dst.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('older')"))
    with pytest.raises(TransferError, match="revisions differ"):
        copy_database(src, dst)
    src.dispose()
    dst.dispose()


def test_key_file_carries_the_key_to_another_station(desk, pg_url, tmp_path):
    key_file = tmp_path / "shop.key"
    stations.migrate_database(str(desk), pg_url, key_dir=tmp_path / "keys",
                              export_to=key_file, export_passphrase="给其他工位")
    other = tmp_path / "station2-keys"
    with pytest.raises(WorkspaceError, match="no key"):
        Workspace.open(pg_url, key_dir=other)
    with pytest.raises(stations.StationsError, match="wrong passphrase"):
        stations.import_key(pg_url, key_file, "wrong", key_dir=other, passphrase="s2")
    got = stations.import_key(pg_url, key_file, "给其他工位", key_dir=other, passphrase="s2")
    assert got["stored_in"].endswith(".key")
    ws = Workspace.open(pg_url, key_dir=other, passphrase="s2")
    assert list_orders(ws, OrderQuery(text="郭桂艳"), 0, 5)
    ws.close()
    # a key file of another database is refused
    alien = tmp_path / "alien.sqlite"
    Workspace.open(str(alien), key_dir=tmp_path / "alien-keys").close()
    stations.export_key(str(alien), tmp_path / "alien.key", "x", key_dir=tmp_path / "alien-keys")
    with pytest.raises(stations.StationsError, match="not this database's key"):
        stations.import_key(pg_url, tmp_path / "alien.key", "x", key_dir=other, passphrase="s2")


def _cli(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess:
    full = dict(os.environ, SHIPDESK_HOME=str(home),
                PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", **env)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          cwd=ROOT, env=full, timeout=180, stdin=subprocess.DEVNULL)


def test_cli_db_copy_then_a_second_station_joins(pg_url, tmp_path, douyin_csv):
    desk_home, station2 = tmp_path / "desk-home", tmp_path / "station2-home"
    db = str(tmp_path / "desk.sqlite")
    p = _cli("import", str(douyin_csv), "--db", db, home=desk_home,
             SHIPDESK_KEY_PASSPHRASE="desk-pass")
    assert p.returncode == 0, p.stderr
    key_file = tmp_path / "shop.key"
    plain_url = pg_url.replace("postgresql+psycopg://", "postgresql://")
    p = _cli("db", "copy", "--db", db, "--to", plain_url, "--export-key", str(key_file),
             "--json", home=desk_home, SHIPDESK_KEY_PASSPHRASE="desk-pass",
             SHIPDESK_KEY_EXPORT_PASSPHRASE="hand-over")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["same_key"] and out["rows"] > 160 and key_file.exists()

    # the second station has no key yet: a clear message, no traceback
    p = _cli("orders", "--db", plain_url, home=station2, SHIPDESK_KEY_PASSPHRASE="s2-pass")
    assert p.returncode == 2 and "no key" in p.stderr and "Traceback" not in p.stderr
    p = _cli("db", "import-key", str(key_file), "--db", plain_url, "--json", home=station2,
             SHIPDESK_KEY_PASSPHRASE="s2-pass", SHIPDESK_KEY_EXPORT_PASSPHRASE="hand-over")
    assert p.returncode == 0, p.stderr
    p = _cli("orders", "--db", plain_url, "--search", "13970669074", "--json",
             home=station2, SHIPDESK_KEY_PASSPHRASE="s2-pass")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["total"] >= 1
    # no passphrase and no terminal: told what to set
    p = _cli("db", "export-key", "--db", plain_url, "--out", str(tmp_path / "k2"),
             home=station2, SHIPDESK_KEY_PASSPHRASE="s2-pass")
    assert p.returncode == 2 and "SHIPDESK_KEY_EXPORT_PASSPHRASE" in p.stderr
