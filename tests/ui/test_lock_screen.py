"""The idle lock: input keeps it open, idleness locks it, an operator's PIN opens it."""

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.services import operators
from app.ui.lock_screen import IdleWatcher, LockScreen


@pytest.fixture
def staffed(demo_ws):
    operators.add_operator(demo_ws, "老板", "owner", pin="8888")
    operators.add_operator(demo_ws, "小张", "packer", pin="1234")
    operators.login(demo_ws, "小张", "1234")
    return demo_ws


def test_idle_locks_and_a_pin_unlocks(qtbot, staffed):
    ws = staffed
    t = [ws.clock()]
    lock = operators.IdleLock(ws, minutes=5, clock=lambda: t[0])
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    watcher = IdleWatcher(lock, parent=window, interval_ms=50)
    screen = LockScreen(ws, lock, parent=window)
    watcher.locked.connect(screen.show_over_parent)
    assert watcher.timer.isActive() and not screen.isVisible()
    # typing keeps it open
    t[0] += timedelta(minutes=4)
    QApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                             Qt.KeyboardModifier.NoModifier, "a"))
    t[0] += timedelta(minutes=4)
    assert not watcher.check()
    # five idle minutes lock it
    t[0] += timedelta(minutes=1, seconds=1)
    with qtbot.waitSignal(watcher.locked, timeout=2000):
        pass
    assert screen.isVisible() and lock.locked
    assert screen.geometry() == window.rect()
    assert screen.operator_box.currentData() == "小张"
    # a wrong PIN keeps it locked; the right one opens it for that operator
    qtbot.keyClicks(screen.pin, "0000")
    assert not screen.try_unlock()
    assert screen.isVisible() and screen.error.text()
    screen.operator_box.setCurrentIndex(screen.operator_box.findData("老板"))
    screen.pin.setText("8888")
    with qtbot.waitSignal(screen.unlocked) as got:
        assert screen.try_unlock()
    assert got.args == ["老板"] and ws.operator == "老板"
    assert not screen.isVisible() and not lock.locked
    watcher.stop()


def test_lock_now_and_no_lock_without_operators(qtbot, demo_ws):
    lock = operators.IdleLock(demo_ws)
    assert lock.minutes == 0  # a shop without operators never locks
    w = IdleWatcher(lock, interval_ms=50)
    assert not w.timer.isActive()
    w.stop()
    operators.add_operator(demo_ws, "老板", "owner")
    lock = operators.IdleLock(demo_ws)
    assert lock.minutes == operators.DEFAULT_IDLE_MINUTES
    w = IdleWatcher(lock)
    with qtbot.waitSignal(w.locked, timeout=1000):
        w.lock_now()
    assert lock.locked
    w.stop()
