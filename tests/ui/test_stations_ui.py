"""A station sees the other stations' work by itself, and prints the shared queue."""

from __future__ import annotations

import os

from sqlalchemy import select

from app.services import print_queue, printers
from app.services.demo import DEMO_PASSPHRASE
from app.services.orders import select_order_ids
from app.services.waybills import allocate_waybills
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Parcel
from app.ui import stations_ui
from app.ui.orders_model import COLUMN_INDEX
from tests.integration.test_printing_tcp import FakePrinter, waybills


def _second_station(demo_ws, tmp_path) -> Workspace:
    """Another desk on the same database file (as a second process would be)."""
    folder = tmp_path / "demo"
    return Workspace.open(str(folder / "demo.sqlite"),
                          passphrase=os.environ.get("SHIPDESK_DEMO_PASSPHRASE", DEMO_PASSPHRASE),
                          key_dir=folder / "keys", use_keyring=False)


def test_another_stations_change_shows_up_by_itself(qtbot, window, demo_ws, tmp_path):
    link = stations_ui.install(window)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=10000)
    other = _second_station(demo_ws, tmp_path)
    try:
        ids = select_order_ids(other, status="to_ship", limit=3)
        allocate_waybills(other, ids)  # the other desk takes numbers
        with other.read() as s:
            numbers = set(s.scalars(select(Parcel.waybill_no).where(Parcel.order_id.in_(ids))))
        before = link.refreshes

        def shown() -> set[str]:
            m, col = window.model, COLUMN_INDEX["waybill_no"]
            return {m.index(r, col).data() for r in range(m.rowCount())}

        qtbot.waitUntil(lambda: link.refreshes > before and numbers <= shown(), timeout=15000)
    finally:
        other.close()
        link.stop()


def test_queue_from_the_window_and_print_as_the_printing_station(qtbot, window, demo_ws):
    link = stations_ui.install(window, listen=False)
    ids = select_order_ids(demo_ws, status="to_ship", limit=4)
    allocate_waybills(demo_ws, ids)
    window.refresh()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=10000)
    window.list_page().select_order_ids(ids)
    qtbot.waitUntil(lambda: sorted(window.selected_order_ids()) == sorted(ids), timeout=5000)

    # no printer yet: the station refuses and says where to set one
    link.act_station.setChecked(True)
    assert not link.act_station.isChecked()
    assert any("设置 → 打印机" in line for line in window.messages.lines())

    worker = link.enqueue_selected()
    assert worker is not None and worker.wait(30)
    qtbot.waitUntil(lambda: "待打印 4 张" in link.queue_label.text(), timeout=5000)
    assert print_queue.queue_counts(demo_ws) == {"queued": 4}

    fake = FakePrinter()
    printers.save_printer(demo_ws, printers.PrinterConfig(
        name="热敏1", kind="tcp", host="127.0.0.1", port=fake.port, language="zpl", timeout=5))
    printers.set_default_printer(demo_ws, "热敏1")
    link.act_station.setChecked(True)
    qtbot.waitUntil(lambda: link.printed == 4, timeout=30000)
    fake.wait()
    with demo_ws.read() as s:
        numbers = sorted(s.scalars(select(Parcel.waybill_no).where(Parcel.order_id.in_(ids))))
        assert all(p.printed_at for p in s.scalars(select(Parcel).where(
            Parcel.order_id.in_(ids))))
    assert sorted(waybills(fake.labels)) == numbers
    assert print_queue.queue_counts(demo_ws) == {}
    assert "本机是打印站" in link.queue_label.text()
    link.act_station.setChecked(False)
    link.stop()


def test_an_order_cancelled_elsewhere_is_not_printed_by_the_station(qtbot, window, demo_ws):
    """Queued, then cancelled on the platform (re-import at another desk): the printing
    station skips it instead of printing a parcel nobody should ship."""
    link = stations_ui.install(window, listen=False)
    ids = select_order_ids(demo_ws, status="to_ship", limit=2)
    allocate_waybills(demo_ws, ids)
    assert print_queue.enqueue(demo_ws, ids).queued == 2
    with transaction(demo_ws.write) as s:
        s.get(Order, ids[0]).status = "cancelled"
    fake = FakePrinter()
    printers.save_printer(demo_ws, printers.PrinterConfig(
        name="热敏2", kind="tcp", host="127.0.0.1", port=fake.port, language="zpl", timeout=5))
    printers.set_default_printer(demo_ws, "热敏2")
    link.act_station.setChecked(True)
    qtbot.waitUntil(lambda: print_queue.queue_counts(demo_ws) == {}, timeout=30000)
    qtbot.waitUntil(lambda: link._worker is not None and link._worker.is_done(), timeout=30000)
    fake.wait()
    with demo_ws.read() as s:
        cancelled = s.scalar(select(Parcel).where(Parcel.order_id == ids[0]))
        assert cancelled.printed_at is None
    assert len(fake.labels) == 1
    link.stop()


def test_refresh_waits_while_another_window_is_in_front(qtbot, window, monkeypatch):
    """Scan-and-pack in front: the orders list is not re-read behind it, but is when the
    window comes back."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication, QWidget

    link = stations_ui.install(window, listen=False)
    other = QWidget()
    qtbot.addWidget(other)
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: other))
    link._refresh()
    assert link.refreshes == 0 and link._deferred
    monkeypatch.setattr(QApplication, "activeWindow", staticmethod(lambda: window))
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
    qtbot.waitUntil(lambda: link.refreshes == 1, timeout=3000)
    assert not link._deferred
    link.stop()
