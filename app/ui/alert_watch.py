"""Package-centre alerts while the packer works on other pages.

Deadlines move with the clock and tracking changes in the background, so nobody should
have to open 异常 and press 刷新物流 to learn that a parcel is about to breach its ship-by
time. Once installed on the window (`install_extensions`), the watch:

- re-checks the alert rules every few minutes (local, no network), and once soon after
  the window opens;
- starts the tracking page's automatic refresh (setting ``tracking.auto_refresh_min``);
- shows the active alerts on the 异常 navigation item, in red when some are urgent;
- announces new urgent alerts in the system tray (and the status bar, where there is no
  tray); a click on the message brings the window up on the alert list;
- adds 设置 → 「跟踪与提醒」 (`tracking_settings`): saving it restarts the refresh timer
  and re-checks the rules at once;
- adds 「查看物流…」 (Ctrl+T) to the 订单 menu and the tables' context menus: one order's
  parcels and their tracking events (`tracking_dialog`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import QListWidgetItem

from app.ui.texts import tr
from app.ui.tray import TrayNotifier

CTX = "AlertWatch"
RULES_EVERY_MS = 5 * 60_000
FIRST_CHECK_MS = 1_500
URGENT_COLOR = QColor("#c62828")


class AlertWatch(QObject):
    """The alert badge, tray messages and timed checks of one window."""

    def __init__(self, window, *, first_check: bool = True,  # noqa: ANN001
                 rules_every_ms: int = RULES_EVERY_MS) -> None:
        super().__init__(window)
        self.window = window
        self.page = window.alerts_page.tracking_page
        self.item = _nav_item(window, "alerts")
        self.base_text = self.item.text() if self.item is not None else ""
        self.tray = TrayNotifier(self)
        self.tray.activated.connect(self.show_alerts)
        self.tray.shown.connect(lambda title, _body: window.say(title))
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        if self.page is None:  # the tracking module failed to start: nothing to watch
            return
        self.page.notifier = self.tray
        self.page.alertsChanged.connect(self.show_counts)
        self.page.refresh()  # the counts as the database has them now
        self.page.start_auto_refresh()
        self.timer.start(rules_every_ms)
        if first_check:
            QTimer.singleShot(FIRST_CHECK_MS, self.check)

    def check(self) -> bool:
        """Re-check the rules in the page's worker; False while it is busy (a tracking
        refresh re-checks them when it ends)."""
        if self.page is None or self.page.busy:
            return False
        return self.page.check_alerts()

    def show_counts(self, active: int, urgent: int) -> None:
        item = self.item
        if item is None:
            return
        item.setText(f"{self.base_text} ({active})" if active else self.base_text)
        font = item.font()
        font.setBold(urgent > 0)
        item.setFont(font)
        item.setForeground(QBrush(URGENT_COLOR) if urgent else QBrush())
        tip = tr("{0} 条提醒待处理，其中紧急 {1} 条", CTX).format(active, urgent) if active \
            else tr("没有待处理的提醒", CTX)
        item.setToolTip(tip)

    def show_alerts(self) -> None:
        """Bring the window up on the package-centre alert list."""
        w = self.window
        if w.isMinimized():
            w.showNormal()
        w.show()
        w.raise_()
        w.activateWindow()
        w.show_page("alerts")
        if self.page is not None:
            w.alerts_page.tabs.setCurrentWidget(self.page)

    def show_tracking(self):  # noqa: ANN201 - the dialog, or None
        """The tracking of the one order selected on the page shown."""
        from app.ui.tracking_dialog import open_tracking

        w = self.window
        page = w.list_page()
        rows = page.selected_rows()
        if len(rows) != 1:
            w.say(tr("请只选一个订单，再查看物流", CTX))
            return None
        row = page.model.row_at(rows[0])
        return open_tracking(w.ws, row.id, row.platform_order_id, w)

    def settings_saved(self) -> None:
        if self.page is not None:
            self.page.start_auto_refresh()
        self.check()

    def stop(self) -> None:
        self.timer.stop()
        self.tray.hide()


def _nav_item(window, key: str) -> QListWidgetItem | None:  # noqa: ANN001
    nav = window.nav
    for row in range(nav.count()):
        item = nav.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == key:
            return item
    return None


def install(window, *, first_check: bool = True) -> AlertWatch:  # noqa: ANN001
    from app.ui.tracking_settings import TrackingSettingsPage

    watch = AlertWatch(window, first_check=first_check)
    window.add_shutdown_hook(watch.stop)
    watch.settings = TrackingSettingsPage(window.ws)
    watch.settings.saved.connect(watch.settings_saved)
    window.add_settings_page(tr("跟踪与提醒", CTX), watch.settings)
    act = watch.act_tracking = QAction(tr("查看物流…", CTX), window)
    act.setShortcut("Ctrl+T")
    act.setToolTip(tr("所选订单的包裹在哪里：物流状态和每一条物流记录", CTX))
    act.triggered.connect(watch.show_tracking)
    window.orders_menu.insertAction(window.act_copy, act)
    for page in window.list_pages():
        page.table.addAction(act)
    return watch
