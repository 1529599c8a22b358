"""Desktop notifications for new urgent package-centre alerts (system tray).

``TrayNotifier.notify(alerts)`` announces the urgent alerts it has not announced yet (an
alert that comes back after being resolved counts as new again). Where the desktop has
no system tray (a headless test, some Linux desktops) nothing is shown, but ``shown`` is
still emitted so the window can put the text in its status bar instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from app.services.alerts import AlertView

MESSAGE_MS = 10_000
MAX_LISTED = 3


class TrayNotifier(QObject):
    """One tray icon for the station; safe to create when no tray exists."""

    shown = Signal(str, str)  # title, body (also when no tray is available)
    activated = Signal()  # the packer clicked the message or the icon

    def __init__(self, parent: QObject | None = None, icon: QIcon | None = None,
                 *, tooltip: str = "ShipDesk 面单工作台") -> None:
        super().__init__(parent)
        self._seen: set[tuple[int, int]] = set()  # (alert id, fire count) announced
        self._tray: QSystemTrayIcon | None = None
        self.last: tuple[str, str] | None = None
        if self.available():
            if icon is None or icon.isNull():
                icon = _default_icon()
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip(tooltip)
            self._tray.messageClicked.connect(self.activated)
            self._tray.activated.connect(lambda *_: self.activated.emit())
            self._tray.show()

    @staticmethod
    def available() -> bool:
        return QApplication.instance() is not None and QSystemTrayIcon.isSystemTrayAvailable()

    @property
    def has_tray(self) -> bool:
        return self._tray is not None

    def notify(self, alerts: Sequence[AlertView]) -> int:
        """Announce the urgent, not yet announced alerts in one message; how many."""
        fresh = [a for a in alerts if a.severity == "urgent" and a.state != "resolved"
                 and (a.id, a.fire_count) not in self._seen]
        if not fresh:
            return 0
        self._seen.update((a.id, a.fire_count) for a in fresh)
        if len(fresh) == 1:
            a = fresh[0]
            title = self.tr("紧急提醒：{0}").format(self.tr(a.title))
            body = a.reason
        else:
            title = self.tr("{0} 条紧急提醒").format(len(fresh))
            lines = [f"{self.tr(a.title)}：{a.platform_order_id or a.waybill_no}"
                     for a in fresh[:MAX_LISTED]]
            if len(fresh) > MAX_LISTED:
                lines.append(self.tr("……打开包裹中心查看全部"))
            body = "\n".join(lines)
        self.last = (title, body)
        if self._tray is not None and self._tray.supportsMessages():
            self._tray.showMessage(title, body, QSystemTrayIcon.MessageIcon.Warning, MESSAGE_MS)
        self.shown.emit(title, body)
        return len(fresh)

    def hide(self) -> None:
        if self._tray is not None:
            self._tray.hide()


def _default_icon() -> QIcon:
    app = QApplication.instance()
    icon = app.windowIcon() if isinstance(app, QApplication) else QIcon()
    if icon.isNull() and isinstance(app, QApplication):
        icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    return icon
