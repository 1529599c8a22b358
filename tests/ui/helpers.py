"""Shared steps of the UI tests."""

import csv
import io
from pathlib import Path

from app.resources import resource

WAIT_MS = 30000


def wait_idle(qtbot, window):
    qtbot.waitUntil(lambda: not window.busy, timeout=WAIT_MS)


def select(window, rows, page=None):
    page = page or window.orders_page
    page.select_order_ids(page.model.order_ids(rows))


def unnumbered_to_ship(window, n):
    window.orders_page.set_status_filter("to_ship")
    m = window.model
    rows = [r for r in range(m.rowCount())
            if not m.row_at(r).waybill_no and m.row_at(r).item_count][:n]
    assert len(rows) == n
    return rows


def allocate(qtbot, window, n):
    """Number n to-ship orders through the window; their order ids."""
    rows = unnumbered_to_ship(window, n)
    ids = window.model.order_ids(rows)
    select(window, rows)
    window.allocate_selected()
    wait_idle(qtbot, window)
    window.orders_page.set_status_filter("")
    return ids


def export_with(tmp_path, changes, name="changed.csv"):
    """The demo's Douyin export with some cells changed: {order id: {column: value}}."""
    src = resource("samples", "douyin_orders.csv")
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    for row in rows[1:]:
        for column, value in changes.get(row[head.index("主订单编号")], {}).items():
            row[head.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path = tmp_path / name
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return path


def shot_dir() -> Path:
    """Where a test's screenshot goes: SHIPDESK_SCREENS=docs/screens refreshes the docs'
    copy; by default a temp folder, so a test run never changes the checkout."""
    import os
    import tempfile

    d = Path(os.environ.get("SHIPDESK_SCREENS") or tempfile.mkdtemp(prefix="shipdesk-shots-"))
    d.mkdir(parents=True, exist_ok=True)
    return d
