"""查看物流: one order's parcels, their status and every event, from the menu or a table."""

from datetime import timedelta

import pytest
from PySide6.QtGui import QGuiApplication
from sqlalchemy import select

from app.services import tracking
from app.store.db import transaction
from app.store.models import ParcelOrder
from app.ui import alert_watch
from tests.integration.test_tracking_service_fixtures import T0, Clock, Shipments, open_ws


@pytest.fixture
def tracked(tmp_path):
    """Parcels printed at T0, tracked (sandbox) at T0 + 60 h; one order without a number,
    one printed after the refresh, one riding in another's parcel."""
    ws = open_ws(tmp_path, Clock(T0 + timedelta(hours=60)))
    b = Shipments(ws)
    ids = {}
    for i in range(1, 6):
        ids[i], _ = b.shipment(poid=f"700000000000000000{i}", printed_at=T0,
                               waybill=f"YT700000000000{i}")
    tracking.refresh_tracking(ws)
    ids["bare"] = b.order(poid="7000000000000000010")
    ids["late"], _ = b.shipment(poid="7000000000000000011", waybill="YT7000000000011")
    ids["rider"] = b.order(poid="7000000000000000012")
    with transaction(ws.write) as s:
        host = s.scalar(select(ParcelOrder.parcel_id).where(ParcelOrder.order_id == ids[3]))
        s.add(ParcelOrder(parcel_id=host, order_id=ids["rider"]))
    yield ws, ids
    ws.close()


def test_order_journeys_follow_merges_and_say_what_is_not_tracked_yet(tracked):
    ws, ids = tracked
    (j,) = tracking.order_journeys(ws, ids[3])
    assert j.waybill_no == "YT7000000000003" and j.shipment is not None and j.events
    times = [e["at"] for e in j.events]
    assert times == sorted(times, reverse=True)  # newest first
    assert j.shipment.status == j.events[0]["status"]
    assert tracking.order_journeys(ws, ids["rider"]) == [j]  # the parcel it rides in
    assert tracking.order_journeys(ws, ids["bare"]) == []
    (late,) = tracking.order_journeys(ws, ids["late"])
    assert late.shipment is None and late.events == [] and late.printed_at is not None


def _open_for(window, watch, order_id):
    page = window.orders_page
    page.model.ensure_loaded()
    page.table.clearSelection()
    page.select_order_ids([order_id])
    return watch.show_tracking()


def test_the_dialog_shows_status_and_events_of_the_selected_order(qtbot, make_window, tracked):
    ws, ids = tracked
    window = make_window(ws)
    watch = alert_watch.install(window, first_check=False)
    act = watch.act_tracking
    assert act in window.orders_menu.actions() and act.shortcut().toString() == "Ctrl+T"
    assert act in window.orders_page.table.actions()

    window.orders_page.table.clearSelection()
    assert watch.show_tracking() is None
    assert window.statusBar().currentMessage() == "请只选一个订单，再查看物流"

    dialog = _open_for(window, watch, ids[3])
    (j,) = tracking.order_journeys(ws, ids[3])
    head = dialog.headlines[0].text()
    assert "YT7000000000003" in head and "圆通" in head
    from app.ui.tracking_dialog import status_name
    assert status_name(j.shipment.status) in head
    (table,) = dialog.tables
    assert table.rowCount() == len(j.events)
    assert table.item(0, 3).text() == j.events[0]["text"]
    assert table.item(0, 1).text() == status_name(str(j.events[0]["status"]))
    assert dialog.copy_numbers() == "YT7000000000003"
    assert QGuiApplication.clipboard().text() == "YT7000000000003"
    dialog.close()

    bare = _open_for(window, watch, ids["bare"])
    assert "还没有运单号" in bare.headlines[0].text() and not bare.copy_button.isEnabled()
    bare.close()
    late = _open_for(window, watch, ids["late"])
    assert "还没有查询过物流" in late.headlines[0].text() and not late.tables
    late.close()
