"""Operators, login, reveal and backup dialogs on a demo workspace."""

from datetime import timedelta

from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.services import backup, operators
from app.services.orders import select_order_ids
from app.store.models import AuditLog
from app.ui.backup_dialog import BackupDialog, start_of_day
from app.ui.operators_dialog import LoginDialog, OperatorsDialog, first_owner_needed
from app.ui.reveal_dialog import RevealDialog


def test_operators_dialog_first_owner_then_packers(qtbot, demo_ws, monkeypatch):
    ws = demo_ws
    monkeypatch.setattr("app.ui.operators_dialog.QMessageBox.warning", lambda *a: None)
    assert first_owner_needed(ws)
    d = OperatorsDialog(ws)
    qtbot.addWidget(d)
    assert d.add_button.isEnabled() and not d.role_button.isEnabled()
    assert d.add("老板", "owner", "8888")
    assert d.table.rowCount() == 1 and ws.operator == "老板"
    assert d.add("小张", "packer", "1234")
    assert not d.add("小张", "packer")  # refused: the name is taken
    assert d.table.rowCount() == 2
    row = next(r for r in range(2) if d.table.item(r, 0).text() == "小张")
    d.table.selectRow(row)
    assert d.selected_name() == "小张"
    operators.login(ws, "小张", "1234")
    d.refresh()
    assert not d.add_button.isEnabled() and not d.remove_button.isEnabled()
    assert "店主" in d.notice.text()


def test_login_dialog(qtbot, demo_ws):
    ws = demo_ws
    operators.add_operator(ws, "老板", "owner", pin="8888")
    operators.add_operator(ws, "小张", "packer", pin="1234")
    operators.logout(ws)
    d = LoginDialog(ws)
    qtbot.addWidget(d)
    d.operator_box.setCurrentIndex(d.operator_box.findData("小张"))
    d.pin.setText("1111")
    assert not d.try_login() and d.error.text()
    d.pin.setText("1234")
    assert d.try_login() and d.result() == QDialog.DialogCode.Accepted
    assert ws.operator == "小张"


def test_reveal_dialog_hides_after_its_time(qtbot, demo_ws):
    ws = demo_ws
    oid = select_order_ids(ws, status="to_ship", limit=1)[0]
    t = [ws.clock()]
    ws.clock = lambda: t[0]
    d = RevealDialog(ws, oid, tick_ms=20)
    qtbot.addWidget(d)
    assert d.revealed and d.phone.text() and "*" not in d.phone.text()
    assert d.timer.isActive()
    t[0] += timedelta(seconds=61)
    qtbot.waitUntil(lambda: not d.isVisible() and d.phone.text() == "", timeout=2000)
    with ws.read() as s:
        assert s.scalar(select(AuditLog).where(AuditLog.action == "reveal")) is not None


def test_reveal_dialog_refuses_a_packer(qtbot, demo_ws):
    ws = demo_ws
    operators.add_operator(ws, "老板", "owner")
    operators.add_operator(ws, "小张", "packer")
    operators.login(ws, "小张")
    oid = select_order_ids(ws, limit=1)[0]
    d = RevealDialog(ws, oid)
    qtbot.addWidget(d)
    assert not d.revealed and d.phone.text() == "" and "店主" in d.message.text()


def test_backup_dialog(qtbot, demo_ws, tmp_path):
    ws = demo_ws
    d = BackupDialog(ws)
    qtbot.addWidget(d)
    assert d.list.count() == 0
    assert d.backup_now()
    qtbot.waitUntil(lambda: d.list.count() == 1, timeout=10000)
    d.list.setCurrentRow(0)
    assert d.verify_selected()
    qtbot.waitUntil(lambda: "校验通过" in d.status.text(), timeout=10000)
    with qtbot.waitSignal(d.restore_requested) as got:
        d.restore_requested.emit(d.selected())
    assert got.args[0].endswith(".sqlite")
    assert not d.export_key(str(tmp_path / "k.key"), "longpassword", "different")
    assert d.export_key(str(tmp_path / "k.key"), "longpassword", "longpassword")
    assert (tmp_path / "k.key").exists()


def test_start_of_day(demo_ws):
    text = start_of_day(demo_ws)
    assert "自动备份" in text
    assert start_of_day(demo_ws) == ""  # once a day
    assert backup.list_backups(backup.backup_dir(demo_ws), demo_ws.db_id)


def test_the_idle_lock_minutes_are_set_in_the_operators_dialog(qtbot, demo_ws, monkeypatch):
    ws = demo_ws
    warned = []
    monkeypatch.setattr("app.ui.operators_dialog.QMessageBox.warning",
                        lambda _parent, _title, text: warned.append(text))
    d = OperatorsDialog(ws)
    qtbot.addWidget(d)
    assert not d.idle_spin.isEnabled()  # no operators: nobody could unlock
    assert d.add("老板", "owner", "8888")
    assert d.idle_spin.isEnabled() and d.idle_spin.value() == operators.DEFAULT_IDLE_MINUTES
    d.idle_spin.setValue(15)
    assert operators.idle_minutes(ws) == 15
    assert operators.IdleLock(ws).minutes == 15  # what the window re-reads on close
    d.idle_spin.setValue(0)
    assert operators.idle_minutes(ws) == 0 and d.idle_spin.text() == "不锁定"
    assert d.add("小张", "packer", "1234")
    operators.login(ws, "小张", "1234")
    d.refresh()
    assert not d.idle_spin.isEnabled()  # a packer cannot change it
    assert not d.set_idle_minutes(30)
    assert operators.idle_minutes(ws) == 0 and d.idle_spin.value() == 0
    assert warned and "店主" in warned[-1]


def test_backup_retention_is_set_in_the_backup_dialog(qtbot, demo_ws):
    ws = demo_ws
    d = BackupDialog(ws)
    qtbot.addWidget(d)
    assert d.keep_spin.value() == backup.DEFAULT_KEEP_DAYS and d.keep_spin.isEnabled()
    d.keep_spin.setValue(30)
    assert backup.keep_days(ws) == 30 and "30 天" in d.status.text()
    operators.add_operator(ws, "老板", "owner", pin="8888")
    operators.add_operator(ws, "小张", "packer", pin="1234")
    operators.login(ws, "小张", "1234")
    packer = BackupDialog(ws)
    qtbot.addWidget(packer)
    assert not packer.keep_spin.isEnabled()
    assert not packer.set_keep_days(7)
    assert backup.keep_days(ws) == 30 and packer.keep_spin.value() == 30
    assert packer.status.text() and "Error" not in packer.status.text()
