"""The idle lock: after N minutes without input the station hides everything until an
operator logs in again.

For the main window:

    self.idle = IdleWatcher(operators.IdleLock(ws), parent=self)
    self.lock_screen = LockScreen(ws, self.idle.lock, parent=self)  # covers the window
    self.idle.locked.connect(self.lock_screen.show_over_parent)
    self.lock_screen.unlocked.connect(self._operator_changed)        # name of who is in

`IdleWatcher` watches every key press, click and wheel of the application (an event
filter on QApplication) and checks every few seconds; `lock_now()` locks at once (a
"lock" button, Win+L habits). When the shop has no operators the lock never fires.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import operators
from app.services.workspace import Workspace
from app.ui.texts import service_message, tr

_INPUT_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                           QEvent.Type.MouseMove, QEvent.Type.Wheel,
                           QEvent.Type.TouchBegin})


class IdleWatcher(QObject):
    """Touches the IdleLock on input; emits `locked` when it is due."""

    locked = Signal()

    def __init__(self, lock: operators.IdleLock, parent: QObject | None = None, *,
                 interval_ms: int = 5000) -> None:
        super().__init__(parent)
        self.lock = lock
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if lock.minutes > 0:
            self.timer.start()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS:
            self.lock.touch()
        return False

    def check(self) -> bool:
        if self.lock.due():
            self.lock_now()
            return True
        return False

    def lock_now(self) -> None:
        if not self.lock.locked:
            self.lock.lock()
            self.locked.emit()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QFrame):
    """A panel over the whole parent window; nothing behind it shows or takes input."""

    unlocked = Signal(str)  # the operator now at the desk

    def __init__(self, ws: Workspace, lock: operators.IdleLock,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.lock = lock
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lockScreen { background: #1f2933; } QLabel { color: white; }")
        title = QLabel(tr("工作台已锁定"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 22px; font-weight: bold")
        hint = QLabel(tr("为保护买家信息，长时间无操作后自动锁定。请登录继续。"))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)  # the box is 320 px wide: the sentence needs two lines
        self.operator_box = QComboBox()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setPlaceholderText(tr("PIN"))
        self.pin.returnPressed.connect(self.try_unlock)
        self.button = QPushButton(tr("解锁"))
        self.button.clicked.connect(self.try_unlock)
        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QWidget()
        box.setFixedWidth(340)  # wide enough for the hint on two lines, never squeezed
        inner = QVBoxLayout(box)
        for w in (title, hint, self.operator_box, self.pin, self.button, self.error):
            inner.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(2)
        self.hide()

    def _fill(self) -> None:
        self.operator_box.clear()
        for op in operators.list_operators(self.ws):
            if op.active:
                self.operator_box.addItem(op.name, op.name)
        i = self.operator_box.findData(self.ws.operator)
        if i >= 0:
            self.operator_box.setCurrentIndex(i)

    def show_over_parent(self) -> None:
        """Cover the parent window and take the focus."""
        self._fill()
        self.pin.clear()
        self.error.clear()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.pin.setFocus()

    def try_unlock(self) -> bool:
        name = self.operator_box.currentData()
        if not name:
            return False
        try:
            self.lock.unlock(name, self.pin.text())
        except operators.OperatorError as exc:
            self.error.setText(service_message(str(exc)))
            self.pin.clear()
            return False
        self.hide()
        self.unlocked.emit(name)
        return True

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        parent = self.parentWidget()
        if parent is not None and self.isVisible() and self.geometry() != parent.rect():
            self.setGeometry(parent.rect())
