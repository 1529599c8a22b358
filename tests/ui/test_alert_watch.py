"""Alerts reach the packer without opening 异常: checked on a timer and at start, counted
on the navigation, announced in the tray (or the status bar), a click away."""


import pytest

from app.services import alerts
from app.ui import alert_watch
from app.ui.extensions import install_extensions
from tests.integration.test_tracking_service_fixtures import Shipments, open_ws
from tests.ui.test_alerts_page import add_late, clock  # noqa: F401 - clock is a fixture


@pytest.fixture
def late_ws(tmp_path, clock):  # noqa: F811
    """An order past its ship-by time and a parcel not picked up, no alert evaluated yet."""
    ws = open_ws(tmp_path, clock)
    add_late(Shipments(ws))
    yield ws
    ws.close()


def _nav_text(window) -> str:
    return alert_watch._nav_item(window, "alerts").text()


def test_alerts_are_found_at_start_counted_and_announced(qtbot, make_window, late_ws):
    window = make_window(late_ws)
    assert alerts.alert_counts(late_ws)["open"] == 0
    assert _nav_text(window) == "异常"
    watch = alert_watch.install(window)
    announced = []
    watch.tray.shown.connect(lambda title, body: announced.append((title, body)))

    qtbot.waitUntil(lambda: _nav_text(window) == "异常 (2)", timeout=10_000)
    counts = alerts.alert_counts(late_ws)
    assert counts["open"] == 2 and counts["urgent"] == 1
    item = alert_watch._nav_item(window, "alerts")
    assert item.font().bold() and item.foreground().color() == alert_watch.URGENT_COLOR
    assert "紧急 1 条" in item.toolTip()
    # the breached ship-by time is urgent: announced once, in the status bar too
    qtbot.waitUntil(lambda: bool(announced), timeout=5_000)
    title, body = announced[0]
    assert title.startswith("紧急提醒") and "7000000000000000001" not in title
    assert window.statusBar().currentMessage() == title

    # the timers run: rules every few minutes, tracking at its own setting
    assert watch.timer.isActive() and watch.timer.interval() == alert_watch.RULES_EVERY_MS
    assert watch.page._auto_timer is not None and watch.page._auto_timer.isActive()

    # a click on the tray message opens the alert list
    window.show_page("orders")
    watch.tray.activated.emit()
    assert window.current_key() == "alerts"
    assert window.alerts_page.tabs.currentWidget() is watch.page

    # the urgent one handled: the badge counts the other, no longer in red
    urgent = [a.id for a in alerts.list_alerts(late_ws, "active") if a.severity == "urgent"]
    alerts.resolve(late_ws, urgent)
    watch.page.refresh()
    assert _nav_text(window) == "异常 (1)" and not item.font().bold()
    assert "紧急 0 条" in item.toolTip()
    # a later check finds nothing new to announce (resolved by hand stays resolved)
    assert watch.check()
    qtbot.waitUntil(lambda: not watch.page.busy, timeout=10_000)
    assert len(announced) == 1


def test_a_busy_page_is_not_checked_twice_and_shutdown_stops_the_watch(qtbot, make_window,
                                                                       late_ws):
    window = make_window(late_ws)
    watch = alert_watch.install(window, first_check=False)
    assert watch.check()
    assert watch.page.busy and not watch.check()
    qtbot.waitUntil(lambda: not watch.page.busy, timeout=10_000)
    assert _nav_text(window) == "异常 (2)"
    window.shutdown()
    assert not watch.timer.isActive()


def test_the_workstation_installs_the_watch(make_window, late_ws):
    window = make_window(late_ws)
    install_extensions(window, start_of_day=False)
    assert isinstance(window.alert_watch, alert_watch.AlertWatch)
    assert window.alert_watch.timer.isActive()
