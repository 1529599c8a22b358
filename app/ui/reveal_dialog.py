"""Show one order's plain receiver for a short time (the owner's audited action).

`RevealDialog(ws, order_id, parent=None, reason="")`: asks the service for the plain
data (which checks the owner's role and writes the audit line), shows it with a
countdown, and wipes the fields and closes when the time is up. Without the owner's
role it shows why and reveals nothing. `revealed` is False then.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services import operators, privacy
from app.services.workspace import Workspace
from app.ui.texts import service_message, tr


class RevealDialog(QDialog):
    def __init__(self, ws: Workspace, order_id: int, parent: QWidget | None = None, *,
                 reason: str = "", tick_ms: int = 1000) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(tr("查看收件人明文"))
        self.revealed = False
        self._data: privacy.Revealed | None = None
        self.name = QLabel()
        self.phone = QLabel()
        self.address = QLabel()
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(80)
        self.countdown = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("收件人"), self.name)
        form.addRow(tr("电话"), self.phone)
        form.addRow(tr("详细地址"), self.address)
        form.addRow(tr("留言/备注"), self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.message)
        lay.addLayout(form)
        lay.addWidget(self.countdown)
        lay.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        try:
            self._data = privacy.reveal_order(ws, order_id, reason=reason)
        except (operators.PermissionDenied, privacy.PrivacyError) as exc:
            self.message.setText(service_message(str(exc)))
            return
        self.revealed = True
        self.message.setText(tr("此次查看已记入操作日志（{0}）。到时自动隐藏。")
                             .format(self._data.platform_order_id))
        if self._data.purged:
            self.message.setText(tr("该订单的明文已按保留期限或买家要求删除，只剩脱敏信息。"))
        self._show()
        self.timer.start()

    def _show(self) -> None:
        d = self._data
        if d is None:
            return
        now = self.ws.clock()
        self.name.setText(d.get("name", now))
        self.phone.setText(d.get("phone", now))
        self.address.setText(d.get("detail", now))
        self.notes.setPlainText(d.get("notes", now))
        left = max(0, int((d.expires_at - now).total_seconds()))
        self.countdown.setText(tr("{0} 秒后隐藏").format(left))

    def tick(self) -> None:
        if self._data is None or self._data.expired(self.ws.clock()):
            self.wipe()
            self.accept()
            return
        self._show()

    def wipe(self) -> None:
        """Forget the plain data now (on expiry, close, or the idle lock)."""
        self.timer.stop()
        self._data = None
        for w in (self.name, self.phone, self.address):
            w.clear()
        self.notes.clear()
        self.countdown.clear()

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        self.wipe()
        super().done(result)
