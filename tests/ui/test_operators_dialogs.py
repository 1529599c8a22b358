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
