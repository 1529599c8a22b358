"""The package-centre alert list: read, acknowledge, resolve, refresh tracking, notify."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from app.services import alerts
from app.services.alerts import evaluate_alerts
from app.ui.alerts_page import AlertsPage
from app.ui.tray import TrayNotifier
from tests.integration.test_tracking_service_fixtures import T0, Clock, Shipments, open_ws


@pytest.fixture
def clock():
    return Clock(T0 + timedelta(hours=30))


def add_late(b: Shipments) -> None:
    """At the clock (T0 + 30 h): an order past its ship-by time and a parcel printed at T0
    that is not picked up."""
    b.order(poid="7000000000000000001", ship_by=T0 + timedelta(hours=20),
            paid_at=T0 - timedelta(hours=10))
    b.shipment(poid="7000000000000000002", printed_at=T0, ship_by=T0 + timedelta(days=5),
               waybill="YT7000000000002")


@pytest.fixture
def alert_ws(tmp_path, clock):
    """Three alerts at the clock: a breached ship-by (urgent), an intercept (urgent), a
    parcel not picked up (warning)."""
    ws = open_ws(tmp_path, clock)
    b = Shipments(ws)
    add_late(b)
    b.shipment(poid="7000000000000000003", printed_at=T0 + timedelta(hours=25),
               status="refunded", flagged_reason="refunded_after_print",
               waybill="YT7000000000003")
    evaluate_alerts(ws)
    yield ws
    ws.close()


@pytest.fixture
def page(qtbot, alert_ws):
    p = AlertsPage(alert_ws)
    qtbot.addWidget(p)
    p.resize(1100, 600)
    p.show()
    yield p
    p.shutdown()


def cell(page, row, col):
    return page.model.data(page.model.index(row, col), Qt.ItemDataRole.DisplayRole)


def test_lists_alerts_most_urgent_first_with_reason_and_action(page):
    rows = page.model.rows
    assert [a.rule for a in rows] == ["intercept", "ship_by_breached", "not_picked_up"] or \
        [a.rule for a in rows] == ["ship_by_breached", "intercept", "not_picked_up"]
    assert [cell(page, r, 0) for r in range(3)] == ["紧急", "紧急", "注意"]
    assert "3 条待处理（紧急 2）" in page.count_label.text()
    r = [a.rule for a in rows].index("not_picked_up")
    assert cell(page, r, 3) == "YT7000000000002" and cell(page, r, 7) == "待处理"
    page.select_rows([r])
    html = page.detail.toPlainText()
    assert "打单后未揽收" in html and "超过 24 小时" in html and "怎么做" in html
    assert "Not picked up after printing" in html
    assert page.ack_button.isEnabled() and page.resolve_button.isEnabled()


def test_acknowledge_and_resolve_the_selection(page, alert_ws, qtbot):
    changed = []
    page.alertsChanged.connect(lambda n, u: changed.append((n, u)))
    r = [a.rule for a in page.model.rows].index("not_picked_up")
    page.select_rows([r])
    qtbot.mouseClick(page.ack_button, Qt.MouseButton.LeftButton)
    a = next(a for a in page.model.rows if a.rule == "not_picked_up")
    assert a.state == "acknowledged"
    assert page.selected_ids() == [a.id]  # the selection survives the reload
    assert not page.ack_button.isEnabled() and page.resolve_button.isEnabled()
    assert cell(page, page.model.rows.index(a), 7) == "处理中"
    qtbot.mouseClick(page.resolve_button, Qt.MouseButton.LeftButton)
    assert "not_picked_up" not in [x.rule for x in page.model.rows]
    assert changed[-1] == (2, 2)
    # the resolved filter shows it, resolved by the user
    page.state_box.setCurrentIndex(page.state_box.findData("resolved"))
    assert [(x.rule, x.resolved_by) for x in page.model.rows] == [("not_picked_up", "user")]
    # and re-checking the rules does not bring it back
    evaluate_alerts(alert_ws)
    page.refresh()
    assert len(page.model.rows) == 1


def test_several_rows_at_once_and_the_rule_filter(page, alert_ws):
    page.select_rows([0, 1])
    assert page.acknowledge_selected() == 2
    assert alerts.alert_counts(alert_ws)["acknowledged"] == 2
    page.rule_box.setCurrentIndex(page.rule_box.findData("intercept"))
    assert [a.rule for a in page.model.rows] == ["intercept"]
    page.select_rows([0])
    assert page.resolve_selected() == 1
    assert page.model.rows == []


def test_refresh_tracking_runs_in_the_worker_and_announces_urgent_alerts(qtbot, tmp_path,
                                                                         clock):
    ws = open_ws(tmp_path, clock)
    b = Shipments(ws)
    for i in range(12):
        b.shipment(carrier="ZTO", waybill=f"7843{i:09d}", printed_at=T0 - timedelta(days=2),
                   ship_by=T0 + timedelta(days=3))
    b.order(ship_by=T0 + timedelta(hours=2), paid_at=T0 - timedelta(hours=20))
    notifier = TrayNotifier()
    shown = []
    notifier.shown.connect(lambda title, body: shown.append((title, body)))
    page = AlertsPage(ws, notifier=notifier)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rows == []  # nothing evaluated yet
    urgent = []
    page.urgentAlerts.connect(urgent.append)
    with qtbot.waitSignal(page.trackingRefreshed, timeout=60000) as sig:
        qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
        assert page.busy and not page.refresh_button.isEnabled()
    summary = sig.args[0]
    assert summary.provider == "sandbox" and summary.polled == 12
    assert not page.busy and page.refresh_button.isEnabled()
    assert page.model.rows and "ship_by_breached" in {a.rule for a in page.model.rows}
    assert urgent and all(a.severity == "urgent" for a in urgent[0])
    assert shown and "紧急提醒" in shown[0][0]
    # a second refresh right away: nothing new to announce
    with qtbot.waitSignal(page.trackingRefreshed, timeout=60000):
        page.refresh_tracking()
    assert len(shown) == 1
    page.shutdown()
    ws.close()


def test_the_tray_notifier_is_safe_without_a_tray_and_announces_once(qtbot, alert_ws):
    notifier = TrayNotifier()
    assert not notifier.has_tray or TrayNotifier.available()
    views = alerts.list_alerts(alert_ws)
    shown = []
    notifier.shown.connect(lambda t, b: shown.append((t, b)))
    assert notifier.notify(views) == 2  # the warning is not announced
    assert shown[0][0] == "2 条紧急提醒"
    assert notifier.notify(views) == 0
    one = [v for v in views if v.rule == "intercept"]
    assert notifier.notify(one) == 0
    notifier.hide()


def test_auto_refresh_timer_follows_the_setting(page, alert_ws):
    alert_ws.set_setting("tracking.auto_refresh_min", "5")
    page.start_auto_refresh()
    assert page._auto_timer.isActive() and page._auto_timer.interval() == 5 * 60_000
    page.start_auto_refresh(0)
    assert not page._auto_timer.isActive()


def test_an_alert_opens_its_parcel_tracking(page, alert_ws):
    assert not page.journey_button.isEnabled() and page.show_journey() is None
    r = [a.rule for a in page.model.rows].index("not_picked_up")
    page.select_rows([r])
    assert page.journey_button.isEnabled()
    dialog = page.show_journey()
    assert "YT7000000000002" in dialog.headlines[0].text()
    assert dialog.windowTitle().endswith("7000000000000000002")
    dialog.close()
    page.select_rows([0, 1])
    assert not page.journey_button.isEnabled()
