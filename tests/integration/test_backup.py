"""Online backups, the daily backup with retention, verification, restore, and the CLI."""

import json
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.cli import main as cli
from app.services import backup
from app.services.import_orders import import_files
from app.services.workspace import Workspace
from app.store.models import AuditLog, Order, Shop


@pytest.fixture
def loaded(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    return ws


def _orders(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("select count(*) from orders").fetchone()[0]
    finally:
        con.close()


def test_online_backup_is_a_consistent_standalone_file(loaded, tmp_path):
    ws = loaded
    n = _orders(ws.engine.url.database)
    # another connection is in the middle of a write: the backup neither waits for it
    # nor includes it
    other = sqlite3.connect(ws.engine.url.database, timeout=1, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM order_items")
    copied = []
    real = backup._copy_sqlite

    def copy_then_let_the_writer_finish(*a, **k):
        real(*a, **k)  # copied while the other connection holds the write lock
        copied.append(True)
        threading.Timer(0.3, lambda: (other.rollback(), other.close())).start()

    backup._copy_sqlite = copy_then_let_the_writer_finish
    try:
        info = backup.backup_now(ws, tmp_path / "out" / "b.sqlite")
    finally:
        backup._copy_sqlite = real
    assert copied
    p = tmp_path / "out" / "b.sqlite"
    assert info.path == str(p) and info.size == p.stat().st_size and info.kind == "manual"
    assert not (tmp_path / "out" / "b.sqlite-wal").exists()
    assert not (tmp_path / "out" / "b.sqlite.part").exists()
    con = sqlite3.connect(p)
    assert con.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert con.execute("select count(*) from order_items").fetchone()[0] > 0
    con.close()
    assert _orders(p) == n
    rep = backup.verify_backup(p, key_dir=tmp_path / "keys")
    assert rep.ok, rep.problems
    assert rep.integrity == "ok" and rep.revision_ok and rep.key_ok and rep.fields_checked > 0
    with ws.read() as s:
        assert s.scalar(select(AuditLog).where(AuditLog.action == "backup")) is not None
    with pytest.raises(backup.BackupError, match="itself"):
        backup.backup_now(ws, ws.engine.url.database)


def test_daily_backup_once_a_day_with_retention(loaded):
    ws = loaded
    start = ws.clock()
    t = [start]
    ws.clock = lambda: t[0]
    ws.set_setting("backup_keep_days", "5")
    manual = backup.backup_now(ws)
    made = []
    for day in range(12):
        t[0] = start + timedelta(days=day)
        first = backup.auto_backup(ws)
        assert first is not None and first.kind == "auto"
        made.append(first)
        t[0] = start + timedelta(days=day, hours=3)
        assert backup.auto_backup(ws) is None  # once a day
    folder = backup.backup_dir(ws)
    autos = [p for p, _, k in backup.list_backups(folder, ws.db_id) if k == "auto"]
    assert len(autos) == 5
    assert {p.name for p in autos} == {m.path.rsplit("/", 1)[-1] for m in made[-5:]}
    assert Path(manual.path).exists()  # manual backups are never pruned
    # today's automatic backup deleted by hand: the next start makes it again
    Path(made[-1].path).unlink()
    assert backup.auto_backup(ws) is not None


def test_verify_finds_what_is_wrong(loaded, tmp_path):
    ws = loaded
    good = tmp_path / "good.sqlite"
    backup.backup_now(ws, good)
    kd = tmp_path / "keys"
    assert backup.verify_backup(good, key_dir=kd).ok
    # not a database
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"hello")
    assert "not a SQLite" in backup.verify_backup(junk, key_dir=kd).problems[0]
    assert "cannot read" in backup.verify_backup(tmp_path / "none", key_dir=kd).problems[0]
    # damaged pages
    bad = tmp_path / "bad.sqlite"
    data = bytearray(good.read_bytes())
    page = 4096
    for i in range(page * 3, min(len(data), page * 30), 97):
        data[i] ^= 0x5A
    bad.write_bytes(bytes(data))
    rep = backup.verify_backup(bad, key_dir=kd)
    assert not rep.ok and rep.integrity != "ok"
    # a schema from a newer ShipDesk
    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(good.read_bytes())
    con = sqlite3.connect(newer)
    con.execute("insert into alembic_version values ('9999_future')")
    con.commit()
    con.close()
    assert "newer ShipDesk" in " ".join(backup.verify_backup(newer, key_dir=kd).problems)
    # no key on this station for it
    rep = backup.verify_backup(good, key_dir=tmp_path / "elsewhere")
    assert not rep.ok and "no key" in rep.problems[0]
    # another database's key
    other = Workspace.open(str(tmp_path / "o.sqlite"), key_dir=kd)
    try:
        rep = backup.verify_backup(good, cipher=other.cipher)
    finally:
        other.close()
    assert not rep.ok and "not this backup's key" in rep.problems[0]


def test_restore_swaps_and_keeps_the_old_database(loaded, tmp_path):
    ws = loaded
    db = ws.engine.url.database
    snap = tmp_path / "snap.sqlite"
    backup.backup_now(ws, snap)
    n = _orders(db)
    with ws.write() as s, s.begin():
        s.execute(text("DELETE FROM order_items"))
        s.execute(text("DELETE FROM parcel_orders"))
        s.execute(text("DELETE FROM orders"))
    assert _orders(db) == 0
    with pytest.raises(backup.BackupError, match="still open"):
        backup.restore_backup(db, snap, key_dir=tmp_path / "keys")
    ws.close()
    info = backup.restore_backup(db, snap, key_dir=tmp_path / "keys", operator="老板")
    assert _orders(db) == n
    assert info.kept and _orders(info.kept) == 0  # the database as it was
    w = Workspace.open(db, key_dir=tmp_path / "keys")
    try:
        with w.read() as s:
            assert s.scalar(select(func.count()).select_from(Order)) == n
            audit = s.scalar(select(AuditLog).where(AuditLog.action == "restore"))
        assert audit is not None and audit.operator == "老板"
    finally:
        w.close()


def test_restore_refuses_a_bad_backup_and_leaves_the_database(loaded, tmp_path):
    ws = loaded
    db = ws.engine.url.database
    ws.close()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    before = Path(db).read_bytes()
    with pytest.raises(backup.BackupError, match="cannot be restored"):
        backup.restore_backup(db, bad, key_dir=tmp_path / "keys")
    assert Path(db).read_bytes() == before
    assert not list(tmp_path.glob("*.restoring*"))


def test_restore_an_older_schema_and_onto_a_lost_file(loaded, tmp_path):
    ws = loaded
    db = ws.engine.url.database
    snap = tmp_path / "snap.sqlite"
    backup.backup_now(ws, snap)
    ws.close()
    con = sqlite3.connect(snap)  # as if made before the privacy tables existed
    con.execute("drop table operators")
    con.execute("drop table privacy_purges")
    con.execute("delete from alembic_version where version_num = '0005_privacy'")
    con.commit()
    con.close()
    rep = backup.verify_backup(snap, key_dir=tmp_path / "keys")
    assert rep.ok and "older schema" in rep.notes[0]

    Path(db).unlink()
    info = backup.restore_backup(db, snap, key_dir=tmp_path / "keys")
    assert info.kept == ""
    w = Workspace.open(db, key_dir=tmp_path / "keys")
    try:
        with w.read() as s:
            assert s.scalar(select(func.count()).select_from(Shop)) >= 1
            assert s.execute(text("select count(*) from operators")).scalar() == 0
    finally:
        w.close()


def test_postgres_is_pointed_to_pg_dump():
    with pytest.raises(backup.BackupError, match="pg_dump"):
        backup._sqlite_path("postgresql+psycopg://u@h/db")


def test_cli_backup_verify_restore(tmp_path, capsys, douyin_csv):
    db = str(tmp_path / "cli-db.sqlite")
    ws = Workspace.open(db)  # the key where the CLI looks for it (the data directory)
    import_files(ws, [douyin_csv])
    ws.close()
    out = tmp_path / "cli.sqlite"
    assert cli(["backup", "--db", db, "--out", str(out), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["path"] == str(out)
    assert cli(["backup", "--verify", str(out), "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["ok"] and rep["key_ok"]
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"nope")
    assert cli(["backup", "--verify", str(junk)]) == 1
    assert "NOT OK" in capsys.readouterr().out
    assert cli(["restore", str(out), "--db", db]) == 0
    assert "kept in" in capsys.readouterr().out
    assert cli(["restore", str(junk), "--db", db]) == 2
    assert "cannot be restored" in capsys.readouterr().err
