"""The dashboard: today's parcels by state, the four rates, parcels per day with late ones."""

from datetime import datetime

import pytest

from app.services.dashboard import BUCKETS, load_dashboard
from app.tracking.model import SHANGHAI
from app.ui.dashboard_page import DashboardPage
from tests.integration.test_tracking_service_fixtures import Clock, Shipments, open_ws

NOW = datetime(2026, 11, 20, 18, 0, tzinfo=SHANGHAI)


def at(day, hour):
    return datetime(2026, 11, day, hour, 0, tzinfo=SHANGHAI)


@pytest.fixture
def dash_ws(tmp_path):
    """A known week: see each line for what it counts as."""
    ws = open_ws(tmp_path, Clock(NOW))
    b = Shipments(ws)
    # P1: on time, delivered
    _, p1 = b.shipment(ship_by=at(20, 8), paid_at=at(18, 8), printed_at=at(19, 10))
    b.track(p1, status="delivered", picked_up_at=at(19, 14), last_event_at=at(20, 12),
            final=True)
    # P2: printed today, picked up after its ship-by: late
    _, p2 = b.shipment(ship_by=at(20, 6), paid_at=at(18, 6), printed_at=at(20, 7))
    b.track(p2, status="in_transit", picked_up_at=at(20, 8), last_event_at=at(20, 9))
    # P3: printed today, not picked up, ship-by past: late
    b.shipment(ship_by=at(20, 12), paid_at=at(18, 12), printed_at=at(20, 10))
    # P4: printed today, ship-by tomorrow: not late yet, awaiting pickup
    b.shipment(ship_by=at(21, 12), paid_at=at(19, 12), printed_at=at(20, 15))
    # P5: an order to ship without a parcel, ship-by past: late (no chart bar)
    b.order(ship_by=at(20, 10), paid_at=at(18, 10))
    # P6: on time, returning
    _, p6 = b.shipment(ship_by=at(19, 9), paid_at=at(17, 9), printed_at=at(18, 9))
    b.track(p6, status="returning", picked_up_at=at(18, 12), last_event_at=at(19, 12))
    # a cancelled order past its ship-by, never shipped: left out
    b.order(ship_by=at(20, 9), paid_at=at(18, 9), status="cancelled")
    # P7: numbered, not printed
    b.parcel(b.order(ship_by=at(22, 9), paid_at=at(20, 9)), printed=False)
    yield ws
    ws.close()


def test_the_numbers(dash_ws):
    d = load_dashboard(dash_ws, days=7)
    assert d.on_time.as_dict() == {"numerator": 2, "denominator": 5, "rate": 0.4}
    assert (d.pickup.numerator, d.pickup.denominator) == (2, 2)
    assert (d.delivery.numerator, d.delivery.denominator) == (1, 3)
    assert (d.returns.numerator, d.returns.denominator) == (1, 3)
    assert d.today_by_state == {**dict.fromkeys(BUCKETS, 0), "to_print": 1,
                                "awaiting_pickup": 2, "in_transit": 1}
    per_day = {x.day.isoformat(): (x.parcels, x.late) for x in d.per_day}
    assert len(per_day) == 14 and max(per_day) == "2026-11-20"
    assert per_day["2026-11-18"] == (1, 0) and per_day["2026-11-19"] == (1, 0)
    assert per_day["2026-11-20"] == (3, 2)
    assert d.as_dict()["on_time_shipping_rate"]["rate"] == 0.4


def test_the_page_shows_them_and_the_chart_marks_late_parcels(qtbot, dash_ws):
    page = DashboardPage(dash_ws)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    assert page.value("on_time") == "40.0%"
    assert page.value("pickup") == "100.0%"
    assert page.value("delivery") == "33.3%" and page.value("returns") == "33.3%"
    assert page.cards["on_time"].detail.text() == "2 / 5"
    header = [page.today_table.horizontalHeaderItem(c).text()
              for c in range(page.today_table.columnCount())]
    assert header[:3] == ["待打印", "待揽收", "运输中"]
    assert [page.today_table.item(0, c).text() for c in range(3)] == ["1", "2", "1"]
    on_time, late = page.chart_series()
    assert len(on_time) == 14 and on_time[-3:] == [1.0, 1.0, 1.0] and late[-3:] == [0, 0, 2]
    assert page.plot is not None and page.plot.objectName() == "parcelsChart"
    ticks = page.plot.getAxis("bottom")._tickLevels[0]
    assert ticks[-1] == (13, "11-20")
    assert "共 5 个包裹，其中超时 2 个" in page.late_label.text()


def test_changing_the_window_reloads(qtbot, dash_ws):
    page = DashboardPage(dash_ws)
    qtbot.addWidget(page)
    seen = []
    page.refreshed.connect(seen.append)
    page.days_box.setCurrentIndex(page.days_box.findData(30))
    assert seen and seen[-1].days == 30


def test_an_empty_database_shows_dashes(qtbot, tmp_path):
    ws = open_ws(tmp_path, Clock(NOW))
    page = DashboardPage(ws)
    qtbot.addWidget(page)
    assert page.value("on_time") == "—" and page.chart_series()[0] == [0.0] * 14
    ws.close()
