"""SQLite bulk load (app/services/order_sink.py): an import bringing many new orders drops
the secondary indexes of orders, order_items and recipients in its transaction and builds
them again before the commit. The schema, the rows and the guarantees must not show it."""

import csv
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.services import order_sink
from app.services.import_orders import ImportCancelled, import_file, import_files
from app.services.order_sink import BULK_TABLES, OrderSink, classify_text
from app.store.db import transaction
from app.store.models import Order, OrderItem, Recipient

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "douyin_orders.csv"


def _db(ws) -> Path:
    return Path(ws.engine.url.database)


def _indexes(path: Path) -> list[tuple[str, str, str | None]]:
    con = sqlite3.connect(path)
    try:
        marks = ", ".join("?" * len(BULK_TABLES))
        return sorted(con.execute(
            f"SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' "
            f"AND tbl_name IN ({marks})", BULK_TABLES).fetchall())
    finally:
        con.close()


def _integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def _scaled(tmp_path: Path, name: str, copies: int, offset: int = 0,
            bad_last: bool = False) -> tuple[Path, int]:
    """The sample repeated with new order ids; (path, number of orders)."""
    with open(SAMPLE, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    oid, sub = header.index("主订单编号"), header.index("子订单编号")
    out = tmp_path / name
    ids = set()
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for c in range(offset, offset + copies):
            for r in body:
                r2 = list(r)
                r2[oid] = str(int(r[oid]) + c * 10**6)
                r2[sub] = str(int(r[sub]) + c * 10**6)
                ids.add(r2[oid])
                w.writerow(r2)
        if bad_last:
            r2 = list(body[0])
            r2[oid] = "NOT-AN-ID"
            w.writerow(r2)
    return out, len(ids)


@pytest.fixture
def drops(monkeypatch):
    """Counts the bulk loads (index drops) made."""
    seen: list[int] = []
    orig = OrderSink._drop_indexes

    def spy(self):  # noqa: ANN001, ANN202
        seen.append(self.known_orders)
        orig(self)

    monkeypatch.setattr(OrderSink, "_drop_indexes", spy)
    return seen


def test_first_import_bulk_loads_and_keeps_the_schema(ws, tmp_path, drops):
    before = _indexes(_db(ws))
    assert any(sql for _, _, sql in before), "the tables have secondary indexes"
    path, n = _scaled(tmp_path, "a.csv", 5)
    s = import_files(ws, [path])
    assert s.errors == [] and s.imported == n
    assert drops == [0]
    assert _indexes(_db(ws)) == before
    assert _integrity(_db(ws)) == "ok"
    with ws.read() as db:
        assert db.scalar(select(func.count()).select_from(Order)) == n
        # the rebuilt indexes answer queries (the planner uses them)
        plan = db.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM recipients WHERE phone_hash = 'x'").all()
        assert any("ix_recipients_phone_hash" in str(r) for r in plan)
    # a re-import brings nothing new: no bulk load, all unchanged
    again = import_files(ws, [path])
    assert again.unchanged == n and again.imported == 0
    assert drops == [0]


def test_bulk_load_only_when_the_file_brings_many_new_orders(ws, tmp_path, drops):
    big, n_big = _scaled(tmp_path, "big.csv", 8)
    small, n_small = _scaled(tmp_path, "small.csv", 1, offset=50)
    larger, n_larger = _scaled(tmp_path, "larger.csv", 30, offset=100)
    assert import_files(ws, [big]).imported == n_big
    assert drops == [0]
    # few new orders next to many held: indexes kept up to date row by row
    assert import_files(ws, [small]).imported == n_small
    assert drops == [0]
    # many more new orders than held: bulk load into a populated table
    assert import_files(ws, [larger]).imported == n_larger
    assert drops == [0, n_big + n_small]
    assert _integrity(_db(ws)) == "ok"
    with ws.read() as db:
        assert db.scalar(select(func.count()).select_from(Order)) == n_big + n_small + n_larger
        assert db.scalar(select(func.count()).select_from(Recipient)) \
            == n_big + n_small + n_larger


def test_failed_file_rolls_back_and_keeps_the_indexes(ws, tmp_path, drops):
    before = _indexes(_db(ws))
    path, _ = _scaled(tmp_path, "bad.csv", 12, bad_last=True)
    s = import_files(ws, [path])
    assert s.errors and s.imported == 0
    assert drops == [0], "the indexes were dropped before the bad row was met"
    assert _indexes(_db(ws)) == before
    assert _integrity(_db(ws)) == "ok"
    with ws.read() as db:
        assert db.scalar(select(func.count()).select_from(Order)) == 0
        assert db.scalar(select(func.count()).select_from(OrderItem)) == 0
    # the connection's page cache is given back on the failed path too
    with ws.write() as db:
        size = db.connection().exec_driver_sql("PRAGMA cache_size").scalar()
    assert size != -65536


def test_cancel_after_the_drop_keeps_the_indexes(ws, tmp_path, drops):
    before = _indexes(_db(ws))
    path, _ = _scaled(tmp_path, "c.csv", 20)
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 1  # after the first batch went in

    with pytest.raises(ImportCancelled):
        import_file(ws, path, cancelled=cancelled)
    assert drops == [0]
    assert _indexes(_db(ws)) == before
    with ws.read() as db:
        assert db.scalar(select(func.count()).select_from(Order)) == 0


def test_statistics_of_the_indexes_survive(ws, tmp_path, drops):
    with transaction(ws.write) as db:
        db.connection().exec_driver_sql("ANALYZE")
    con = sqlite3.connect(_db(ws))
    stats = sorted(con.execute("SELECT tbl, idx, stat FROM sqlite_stat1").fetchall())
    con.close()
    path, _ = _scaled(tmp_path, "s.csv", 3)
    import_files(ws, [path])
    assert drops == [0]
    con = sqlite3.connect(_db(ws))
    after = sorted(con.execute("SELECT tbl, idx, stat FROM sqlite_stat1").fetchall())
    con.close()
    assert after == stats


def test_a_commit_without_close_still_brings_the_indexes_back(ws, tmp_path):
    """The sink hooks the session's commit: no path commits a table without its indexes."""
    from app.importers.mapping import parse_rows
    from app.importers.reader import open_table
    from app.services.import_orders import _known_headers, _plan, _shop

    before = _indexes(_db(ws))
    path, n = _scaled(tmp_path, "h.csv", 2)
    table = open_table(path, _known_headers(ws), allow_unknown=True)
    plan = _plan(ws, table, "auto", None, None, None)
    with transaction(ws.write) as s:
        shop = _shop(s, ws, plan.layout.platform, None)
        sink = OrderSink(s, ws, shop.id, path.name, 100)
        for rec in parse_rows(plan.layout, table, plan.columns):
            sink.add(rec)
        sink.flush()
        assert sink._dropped, "the bulk load dropped the indexes"
    assert _indexes(_db(ws)) == before
    assert _integrity(_db(ws)) == "ok"
    with ws.read() as db:
        assert db.scalar(select(func.count()).select_from(Order)) == n


def test_unique_indexes_are_never_dropped(ws, tmp_path, drops):
    with transaction(ws.write) as db:
        db.connection().exec_driver_sql(
            "CREATE UNIQUE INDEX ux_test_items ON order_items (order_id, sub_order_id, sku)")
    path, _ = _scaled(tmp_path, "u.csv", 2)
    dropped: list[str] = []
    orig = order_sink.OrderSink.restore_indexes

    def spy(self):  # noqa: ANN001, ANN202
        dropped.extend(name for name, _ in self._dropped)
        orig(self)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(order_sink.OrderSink, "restore_indexes", spy)
        import_files(ws, [path])
    assert dropped and "ux_test_items" not in dropped
    assert not any(name.startswith("sqlite_autoindex") for name in dropped)


@pytest.mark.parametrize("value", [
    "", "  ", "张三", "张*", "张＊三", "138****5678", "$$YWJj*ZGVm$1$$", "##YWJj*ZGVm#1##",
    " $$YWJj*ZGVm$12$$ ", "$$not cipher", "##", "$$abc$1$$", "  李四  ", "13812345678",
])
def test_classify_text_matches_pii_classify(value):
    from app.core.pii import classify

    assert classify_text(value) is classify(value)
