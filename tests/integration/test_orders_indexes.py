"""Migration 0006 (the order tables' indexes) and the pages that use them.

The indexes exist after migrate (SQLite and PostgreSQL) and match the models; sorted,
filtered and searched pages hold the right rows in the right order, whether a page is
reached by OFFSET or by seeking after the previous page's last row (keyset paging), with
NULLs, ties and every sort direction. No timings here: bench/ui_bench.py measures those.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from app.services.orders import SORTABLE, OrderRow, ViewQuery, count_view, list_view
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, OrderItem, Parcel, ParcelOrder, Recipient, Shop
from tests.integration import pg_fixture

pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url  # the fixtures, for this module

NEW_ORDER_INDEXES = {
    "ix_orders_platform_order_id_id": ["platform_order_id", "id"],
    "ix_orders_payable_fen_id": ["payable_fen", "id"],
    "ix_orders_status_paid_at_id": ["status", "paid_at", "id"],
    "ix_orders_status_ship_by_id": ["status", "ship_by", "id"],
    "ix_orders_recipient_id": ["recipient_id"],
    "ix_orders_flagged_paid_at_id": ["paid_at", "id"],
}
DROPPED = {"order_items": "ix_order_items_order_id", "parcels": "ix_parcels_order_id"}
STATUSES = ("to_ship", "to_ship", "done", "done", "done", "cancelled", "unpaid", "shipped")
N = 437  # seven full pages and a part
PAGE = 60  # small pages: boundaries fall inside NULLs and ties too
KNOWN_PHONE = "13912345678"


def _fill(ws: Workspace, n: int = N) -> None:
    """Orders with NULL paid_at/ship_by, ties on every sort column but the id, flagged
    ones, numbered and printed parcels, items with SKUs and one known buyer phone."""
    now = ws.clock()
    with transaction(ws.write) as s:
        shop = Shop(platform="douyin", name="索引店", created_at=now)
        s.add(shop)
        s.flush()
        known = Recipient(phone_hash=ws.cipher.blind_index(KNOWN_PHONE), phone_masked="139****",
                          name_masked="张*")
        s.add(known)
        s.flush()
        for i in range(1, n + 1):
            paid = None if i % 7 == 0 else now - timedelta(minutes=(i * 37) % 211)
            o = Order(
                shop_id=shop.id, platform_order_id=f"69{(i * 7919) % 100003:017d}",
                status=STATUSES[i % len(STATUSES)], paid_at=paid,
                ship_by=None if i % 11 == 0 else now + timedelta(hours=i % 5),
                payable_fen=(i % 4) * 100, seller_remark="送小样" if i % 9 == 0 else "",
                flagged_reason="cancelled_after_print" if i % 13 == 0 else "",
                recipient_id=known.id if i % 50 == 0 else None,
                sku_summary=f"SKU-{i % 6:04d}", imported_at=now, updated_at=now,
                items=[OrderItem(sub_order_id=f"{i}-1", sku=f"SKU-{i % 6:04d}")])
            s.add(o)
            s.flush()
            if i % 3:
                p = Parcel(shop_id=shop.id, order_id=o.id, carrier_code="ZTO",
                           waybill_no=f"78{i:012d}", state="allocated" if i % 3 == 1
                           else "printed", printed_at=now if i % 3 == 2 else None,
                           created_at=now)
                s.add(p)
                s.flush()
                s.add(ParcelOrder(parcel_id=p.id, order_id=o.id))


def _walk(ws: Workspace, q: ViewQuery, *, seek: bool) -> list[int]:
    """Every row of a query, page by page, as the order table fetches them."""
    out: list[int] = []
    last: OrderRow | None = None
    while True:
        rows = list_view(ws, q, len(out), PAGE, after=last if seek else None)
        out += [r.id for r in rows]
        if len(rows) < PAGE:
            return out
        last = rows[-1]


def _expected(ws: Workspace, q: ViewQuery) -> list[int]:
    """The same rows filtered and sorted in Python, NULLs where this database puts them
    (SQLite: smallest; PostgreSQL: largest)."""
    nulls_low = ws.engine.dialect.name == "sqlite"
    with ws.read() as s:
        orders = s.scalars(select(Order)).all()
        parcels = {p.order_id: p for p in s.scalars(select(Parcel).where(Parcel.pack_no == 1))}
    rows = []
    for o in orders:
        p = parcels.get(o.id)
        if q.status and o.status != q.status:
            continue
        if q.view == "to_print" and not (p and p.state == "allocated" and p.waybill_no
                                         and p.printed_at is None
                                         and o.status not in ("cancelled", "refunded")):
            continue
        if q.view == "shipped" and not ((p and p.printed_at is not None)
                                        or o.status in ("shipped", "done")):
            continue
        if q.view == "alerts" and not o.flagged_reason:
            continue
        rows.append(o)
    col = q.sort if q.sort in SORTABLE else "paid_at"

    def key(o: Order) -> tuple:
        v = getattr(o, col)
        return ((0 if nulls_low else 1, 0) if v is None else (1 if nulls_low else 0, v), o.id)

    return [o.id for o in sorted(rows, key=key, reverse=q.descending)]


SORTS = ("platform_order_id", "status", "paid_at", "ship_by", "payable_fen", "id")


def _check_pages(ws: Workspace) -> None:
    for view in ("all", "to_print", "shipped", "alerts"):
        for status in ("", "to_ship", "done", "unpaid"):
            for sort in SORTS:
                for desc in (False, True):
                    q = ViewQuery(view=view, status=status, sort=sort, descending=desc)
                    want = _expected(ws, q)
                    assert _walk(ws, q, seek=True) == want, q
                    assert _walk(ws, q, seek=False) == want, q
                    assert count_view(ws, q) == len(want), q


def _indexes(ws: Workspace, table: str) -> dict[str, list[str]]:
    with ws.engine.connect() as conn:
        return {ix["name"]: ix["column_names"] for ix in inspect(conn).get_indexes(table)}


def _check_indexes(ws: Workspace) -> None:
    orders = _indexes(ws, "orders")
    for name, columns in NEW_ORDER_INDEXES.items():
        assert orders.get(name) == columns, (name, orders)
    for table, name in DROPPED.items():
        assert name not in _indexes(ws, table)
    # what the dropped indexes served is still served: a unique index led by order_id
    with ws.engine.connect() as conn:
        for table in DROPPED:
            uniques = inspect(conn).get_unique_constraints(table)
            assert any(u["column_names"][0] == "order_id" for u in uniques), table


def test_migration_makes_the_order_indexes_sqlite(ws):
    _check_indexes(ws)
    with ws.engine.connect() as conn:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_orders_flagged_paid_at_id'").scalar()
    assert "WHERE flagged_reason != ''" in sql  # the literal _no_flag() repeats


def test_models_and_migration_agree_on_order_indexes(ws):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.store.models import Base

    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diff if any(t in repr(d) for t in ("'orders'", "order_items", "'parcels'"))
            and "ix_" in repr(d)]
    assert mine == []


def _plan(ws: Workspace, sql: str) -> str:
    with ws.engine.connect() as conn:
        return " | ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def test_sqlite_pages_walk_an_index_instead_of_sorting(ws):
    """The shapes list_view sends: no sort of the whole table (no TEMP B-TREE)."""
    _fill(ws, 30)
    for sql, index in [
        ("SELECT id FROM orders ORDER BY platform_order_id DESC, id DESC LIMIT 200",
         "ix_orders_platform_order_id_id"),
        ("SELECT id FROM orders ORDER BY payable_fen, id LIMIT 200", "ix_orders_payable_fen_id"),
        ("SELECT id FROM orders WHERE status = 'to_ship' ORDER BY paid_at DESC, id DESC "
         "LIMIT 200", "ix_orders_status_paid_at_id"),
        ("SELECT id FROM orders WHERE status = 'to_ship' ORDER BY ship_by, id LIMIT 200",
         "ix_orders_status_ship_by_id"),
        ("SELECT id FROM orders WHERE flagged_reason != '' ORDER BY paid_at DESC, id DESC "
         "LIMIT 200", "ix_orders_flagged_paid_at_id"),
        ("SELECT id FROM orders WHERE status = 'done' AND (paid_at, id) < ('2026-01-01', 5) "
         "ORDER BY paid_at DESC, id DESC LIMIT 200", "ix_orders_status_paid_at_id"),
        ("SELECT id FROM orders WHERE recipient_id IN (1, 2)", "ix_orders_recipient_id"),
    ]:
        plan = _plan(ws, sql)
        assert index in plan and "TEMP B-TREE" not in plan, (sql, plan)


def test_sorted_filtered_pages_hold_the_right_rows_sqlite(ws):
    _fill(ws)
    _check_pages(ws)


def test_searches_find_the_same_rows_through_the_indexes(ws):
    _fill(ws)
    with ws.read() as s:
        one = s.scalar(select(Order).where(Order.id == 10))
        waybill = s.scalar(select(Parcel.waybill_no).where(Parcel.order_id == 10))
        remarks = set(s.scalars(select(Order.id).where(Order.seller_remark == "送小样")))
        skus = set(s.scalars(select(OrderItem.order_id).where(OrderItem.sku == "SKU-0002")))
        buyer = set(s.scalars(select(Order.id).where(Order.recipient_id.is_not(None))))
        prefix = one.platform_order_id[:15]
        by_prefix = set(s.scalars(select(Order.id).where(
            Order.platform_order_id.startswith(prefix))))
    for text, want in [(one.platform_order_id, {10}), (waybill, {10}), ("送小样", remarks),
                       ("SKU-0002", skus), (KNOWN_PHONE, buyer), (prefix, by_prefix),
                       ("78999999999999", set())]:
        for sort in ("paid_at", "payable_fen"):
            q = ViewQuery(text=text, sort=sort)
            got = _walk(ws, q, seek=True)
            assert set(got) == want and len(got) == len(want), text
            assert count_view(ws, q) == len(want)


def _check_counts(ws: Workspace, texts: list[str]) -> None:
    """count_view (the shipped page as two disjoint parts, a prefix as its index range)
    agrees with the rows the pages hold, and a capped count stops at the cap."""
    for view in ("all", "to_print", "shipped", "alerts"):
        for status in ("", "to_ship", "done", "shipped", "refunded", "partly_shipped"):
            for text in texts:
                q = ViewQuery(view=view, status=status, text=text)
                want = len(_walk(ws, q, seek=True))
                if not text:
                    assert want == len(_expected(ws, q)), q
                assert count_view(ws, q) == want, q
                for cap in (1, 7, want, want + 1):
                    assert count_view(ws, q, cap=cap) == min(want, cap), (q, cap)


def _more_statuses(ws: Workspace) -> None:
    """Statuses between 'done' and 'shipped' (the middle range of the shipped page's
    second part), some with a printed parcel, one printed order still to ship."""
    with transaction(ws.write) as s:
        orders = s.scalars(select(Order).order_by(Order.id)).all()
        for o in orders[::17]:
            o.status = "refunded"
        for o in orders[5::19]:
            o.status = "partly_shipped"


def test_counts_match_the_pages_sqlite(ws):
    _fill(ws)
    _more_statuses(ws)
    with ws.read() as s:
        prefix = s.scalar(select(Order.platform_order_id).where(Order.id == 10))[:15]
    # free text in few orders (their ids), in all (walked for), in none
    _check_counts(ws, ["", "送小样", "SKU-000", "加急", "SKU-0002", KNOWN_PHONE, prefix,
                       "78999999999999"])


def test_free_text_reads_the_search_indexes_sqlite(ws):
    """Migration 0008: the notes are read from the partial ix_orders_notes (its WHERE
    repeated literally), the SKU summaries by seeks in ix_orders_sku_summary."""
    with ws.engine.connect() as conn:
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_orders_notes'").scalar()
        names = {ix["name"] for ix in inspect(conn).get_indexes("orders")}
    assert "WHERE seller_remark != '' OR buyer_message != ''" in sql  # what _has_notes says
    assert "ix_orders_text" not in names and "ix_orders_sku_summary" in names
    notes = ("SELECT orders.id FROM orders WHERE (orders.seller_remark != '' OR "
             "orders.buyer_message != '') AND (orders.seller_remark LIKE '%送小样%' OR "
             "orders.buyer_message LIKE '%送小样%') LIMIT 1001")
    assert "COVERING INDEX ix_orders_notes" in _plan(ws, notes)
    seek = "SELECT min(sku_summary) FROM orders WHERE sku_summary > 'SKU-0001'"
    assert "COVERING INDEX ix_orders_sku_summary (sku_summary>?)" in _plan(ws, seek)
    by_value = "SELECT id FROM orders WHERE sku_summary IN ('SKU-0001', 'SKU-0002')"
    assert "INDEX ix_orders_sku_summary (sku_summary=?)" in _plan(ws, by_value)


@pytest.fixture
def pws(pg_url, tmp_path):
    w = Workspace.open(pg_url, key_dir=tmp_path / "keys")  # a fresh database per test
    yield w
    w.close()


def test_migration_and_pages_on_postgres(pws):
    _check_indexes(pws)
    with pws.engine.connect() as conn:
        pred = conn.exec_driver_sql(
            "SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i JOIN pg_class c "
            "ON c.oid = i.indexrelid WHERE c.relname = 'ix_orders_flagged_paid_at_id'").scalar()
    assert pred and "flagged_reason" in pred and "<>" in pred
    with pws.engine.connect() as conn:  # SQLite only (btree entries are limited here)
        names = {ix["name"] for ix in inspect(conn).get_indexes("orders")}
    assert not names & {"ix_orders_text", "ix_orders_notes", "ix_orders_sku_summary"}
    _fill(pws)
    _check_pages(pws)  # NULLs sort last here: the keyset walks them in the other order
    _more_statuses(pws)
    _check_counts(pws, ["", "送小样", KNOWN_PHONE, "6900"])


def test_order_table_model_pages_by_seeking(qtbot, ws):
    """The table fetches page after page by seeking; every sort and filter ends with the
    rows of the service's order, each once, and counts that follow the data."""
    from PySide6.QtCore import Qt

    from app.ui.orders_model import COLUMNS, OrdersModel

    _fill(ws)
    m = OrdersModel(ws, page_size=PAGE, count_cap=100)
    for n, col in enumerate(COLUMNS):
        if not col.sort:
            continue
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            m.sort(n, order)
            while m.canFetchMore():
                m.fetchMore()
            assert [m.row_at(r).id for r in range(m.rowCount())] == _expected(ws, m.query)
            assert m.total == m.rowCount() == N
    m.set_filter("", "to_ship")  # more than count_cap: the exact count comes from a worker
    to_ship = count_view(ws, ViewQuery(status="to_ship"))
    assert to_ship > 100
    qtbot.waitUntil(lambda: m.total_exact, timeout=10000)
    assert m.total == to_ship
    m.set_filter("", "")
    m.set_filter("", "to_ship")  # counted before: known at once
    assert m.total_exact and m.total == to_ship
    with transaction(ws.write) as s:  # another station cancels a to-ship order
        s.scalar(select(Order).where(Order.status == "to_ship").limit(1)).status = "cancelled"
    m.refresh()  # the data changed: counts are made again
    qtbot.waitUntil(lambda: m.total_exact, timeout=10000)
    assert m.total == to_ship - 1
    m.set_filter("", "")
    m.set_filter("", "to_ship")
    qtbot.waitUntil(lambda: m.total_exact, timeout=10000)
    assert m.total == to_ship - 1
    # free text (a scan): the first page at once, "at least" that many, the exact count later
    m.set_filter("SKU-000", "")
    assert not m.total_exact and m.total == m.rowCount() == PAGE
    qtbot.waitUntil(lambda: m.total_exact, timeout=10000)
    assert m.total == N
    m.wait_for_count()


def test_exact_counts_run_at_a_low_priority_off_the_gui_thread(qtbot, ws, monkeypatch):
    """The exact count (a scan of a million orders at worst) runs on the counts' own pool,
    niced on Linux, so it does not take the processor from the GUI thread; a count that a
    newer filter overtook before it started is skipped."""
    import os
    import sys
    import threading

    from app.ui import orders_model
    from app.ui.orders_model import OrdersModel

    _fill(ws)
    seen: list[tuple[int, int | None]] = []
    real = orders_model.count_view

    def spy(ws_, q, cap=None):  # noqa: ANN001, ANN202
        if cap is None:  # the background count
            tid = threading.get_native_id()
            nice = os.getpriority(os.PRIO_PROCESS, tid) if sys.platform.startswith(
                "linux") else None
            seen.append((tid, nice))
        return real(ws_, q, cap)

    monkeypatch.setattr(orders_model, "count_view", spy)
    gui_nice = os.getpriority(os.PRIO_PROCESS, 0) if sys.platform.startswith("linux") else None
    m = OrdersModel(ws, page_size=PAGE, count_cap=100)
    qtbot.waitUntil(lambda: m.total_exact, timeout=10000)
    assert m.total == N and seen
    tid, nice = seen[-1]
    assert tid != threading.get_native_id()
    if nice is not None:
        assert nice >= gui_nice + 1 and os.getpriority(os.PRIO_PROCESS, 0) == gui_nice
    # a count overtaken before it ran does not run: only the newest filter is counted
    seen.clear()
    pool = orders_model._count_pool()
    pool.setMaxThreadCount(1)
    try:
        blocker = threading.Event()
        from app.ui.workers import Worker

        hold = Worker(lambda _p, _c: blocker.wait(10)).start(pool)
        m.set_filter("", "to_ship")
        m.set_filter("", "done")
        blocker.set()
        hold.wait(10)
        m.wait_for_count()
        qtbot.waitUntil(lambda: m.total_exact, timeout=10000)
    finally:
        pool.setMaxThreadCount(orders_model.COUNT_THREADS)
    assert m.total == count_view(ws, ViewQuery(status="done"))
    assert len(seen) <= 1


def test_migration_goes_down_and_up_again(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from app.store.db import MIGRATIONS, make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'updown.sqlite'}")
    migrate(engine)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    search = {"ix_orders_notes", "ix_orders_sku_summary"}
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008_order_search_indexes@-1")
    with engine.connect() as conn:
        names = {ix["name"] for ix in inspect(conn).get_indexes("orders")}
    assert "ix_orders_text" in names and not names & search
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007_order_text_index@-1")
    with engine.connect() as conn:
        assert "ix_orders_text" not in {ix["name"] for ix in inspect(conn).get_indexes("orders")}
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006_order_indexes@-1")
    with engine.connect() as conn:
        assert "0006_order_indexes" not in set(
            conn.scalars(text("SELECT version_num FROM alembic_version")))
        names = {ix["name"] for ix in inspect(conn).get_indexes("orders")}
        assert not names & set(NEW_ORDER_INDEXES)
        for table, name in DROPPED.items():
            assert name in {ix["name"] for ix in inspect(conn).get_indexes(table)}
    migrate(engine)
    with engine.connect() as conn:
        names = {ix["name"] for ix in inspect(conn).get_indexes("orders")}
    assert set(NEW_ORDER_INDEXES) | search <= names and "ix_orders_text" not in names
    engine.dispose()
