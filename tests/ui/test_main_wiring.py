"""The workstation window with its extensions: shipping, privacy, operators, backup.

Every new action opens its dialog on a real demo database; permissions follow the
operator at the desk; exports are masked; the idle lock locks and a PIN unlocks; a
language switch keeps everything."""

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QDialog

from app.services import backup, keys, operators, privacy
from app.services.orders import select_order_ids
from app.store.models import AuditLog, Recipient
from app.store.recipients import open_field
from app.ui import app as app_module
from app.ui import extensions as ext_module
from app.ui.backup_dialog import BackupDialog
from app.ui.extensions import ExportOrdersDialog, install_extensions
from app.ui.operators_dialog import OperatorsDialog
from app.ui.reveal_dialog import RevealDialog
from app.ui.shipping_bulk import BulkAssignDialog, VoidWaybillDialog
from app.ui.shipping_picker import ShippingPickerDialog

from .helpers import WAIT_MS, allocate, select

DEMO_PASS = "shipdesk-demo"


def _place(ws):
    folder = Path(ws.url.removeprefix("sqlite:///")).parent
    return keys.KeyPlace(key_dir=folder / "keys", passphrase=DEMO_PASS, use_keyring=False)


@pytest.fixture
def extended(window, demo_ws):
    window.key_place = _place(demo_ws)
    ext = install_extensions(window, start_of_day=False)
    return window, ext


@pytest.fixture
def staffed(demo_ws):
    operators.add_operator(demo_ws, "老板", "owner", pin="8888")
    operators.add_operator(demo_ws, "小张", "packer", pin="1234")
    return demo_ws


def _texts(menu):
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def _plain_phones(ws):
    with ws.read() as s:
        blobs = list(s.scalars(sa.select(Recipient.phone_enc).where(Recipient.phone_enc.is_not(None))))
    phones = [open_field(ws.cipher, "phone", b) for b in blobs]
    return [p for p in phones if p and "*" not in p]  # some exports carry masked ones


def _select_plain(window):
    """Select one to-ship order whose receiver the database holds in plain."""
    oid = select_order_ids(window.ws, status="to_ship", limit=1)[0]
    window.orders_page.select_order_ids([oid])
    assert window.selected_order_ids() == [oid]
    return oid


def _audits(ws, action):
    with ws.read() as s:
        return list(s.scalars(sa.select(AuditLog).where(AuditLog.action == action)))


class _AutoLogin:
    """LoginDialog stand-in: logs `name` in with `pin` instead of waiting for a click."""

    name, pin = "老板", "8888"

    def __init__(self, ws, parent=None):
        self.ws = ws

    def exec(self):
        operators.login(self.ws, self.name, self.pin)
        return QDialog.DialogCode.Accepted


def test_installs_tabs_menus_and_context_menu(extended):
    window, ext = extended
    assert window.extensions is ext
    assert window.settings_page.page_titles() == ["常规", "快递与规则", "隐私与安全", "跟踪与提醒",
                                                  "打印机"]
    assert "备份与恢复…" in _texts(window.file_menu)
    orders = _texts(window.orders_menu)
    for text in ("作废面单…", "查看收件人…", "导出订单…", "查看物流…"):
        assert text in orders
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "订单(&O)", "打印(&P)", "操作员(&U)", "页面(&V)"]
    assert _texts(ext.operators_menu) == ["切换操作员…", "管理操作员…", "立即锁定"]
    context = [a.text() for a in window.table.actions() if not a.isSeparator()]
    assert "作废面单…" in context and "查看收件人…" in context and "查看物流…" in context
    assert ext.act_reveal.shortcut().toString() == "Ctrl+Shift+R"
    assert "单人模式" in ext.operator_label.text()
    # the assign hook is the shipping module's
    assert window._assign_handler is not None


def test_every_action_opens_its_dialog(qtbot, extended, monkeypatch):
    window, ext = extended
    # one order: picker; several: bulk preview
    select(window, [0])
    assert ext.act_reveal.isEnabled() and ext.act_void.isEnabled()
    window.act_assign.trigger()
    assert any(d.isVisible() for d in window.findChildren(ShippingPickerDialog))
    select(window, [0, 1, 2])
    assert not ext.act_reveal.isEnabled()  # one order at a time
    window.act_assign.trigger()
    bulk = [d for d in window.findChildren(BulkAssignDialog) if d.isVisible()]
    assert bulk and bulk[0].order_ids == window.selected_order_ids()
    qtbot.waitUntil(lambda: not bulk[0].busy, timeout=WAIT_MS)
    bulk[0].close()
    ext.act_void.trigger()
    voids = [d for d in window.findChildren(VoidWaybillDialog) if d.isVisible()]
    assert voids and len(voids[0].order_ids) == 3
    _select_plain(window)
    ext.act_reveal.trigger()
    reveal = [d for d in window.findChildren(RevealDialog) if d.isVisible()][0]
    assert reveal.revealed and reveal.phone.text() and "*" not in reveal.phone.text()
    assert _audits(window.ws, "reveal")
    ext.act_export.trigger()
    assert any(d.isVisible() for d in window.findChildren(ExportOrdersDialog))
    ext.act_backup.trigger()
    assert any(d.isVisible() for d in window.findChildren(BackupDialog))
    ext.act_operators.trigger()
    ops = [d for d in window.findChildren(OperatorsDialog) if d.isVisible()]
    assert ops and ops[0].add_button.isEnabled()  # no operator yet: the first is the owner
    for d in window.findChildren(QDialog):
        d.close()


def test_void_dialog_voids_the_selected_waybill(qtbot, extended):
    window, ext = extended
    ids = allocate(qtbot, window, 1)
    window.orders_page.select_order_ids(ids)
    dlg = ext.void_selected()
    assert isinstance(dlg, VoidWaybillDialog) and dlg.order_ids == ids
    assert not dlg.void()  # a reason is required
    dlg.reason.setCurrentText("打错面单")
    with qtbot.waitSignal(dlg.voided):
        assert dlg.void()
    assert dlg.result.cancelled == 1
    assert "已作废 1 张面单" in window.statusBar().currentMessage()


def test_packer_sees_why_and_owner_may(qtbot, window, staffed, monkeypatch):
    ws = staffed
    operators.login(ws, "小张", "1234")
    window.key_place = _place(ws)
    ext = install_extensions(window, start_of_day=False)
    sp = window.settings_page
    assert sp.restricted and "打包员「小张」" in sp.restriction.text()
    assert not sp.carrier_box.isEnabled() and sp.language_box.isEnabled()
    assert not ext.shipping_settings.isEnabled()
    page = ext.privacy_page
    assert not page.isEnabled() or not page.audit_box.isEnabled()
    assert page.notice.isVisibleTo(page) and "小张" in page.notice.text()
    assert not page.key_box.isEnabled() and not page.erase_box.isEnabled()
    assert "打包员" in ext.operator_label.text()
    select(window, [0])
    assert not ext.act_reveal.isEnabled() and not ext.act_void.isEnabled()
    assert ext.act_export.isEnabled() and ext.act_lock.isEnabled()
    # the reveal is refused even when called directly (a shortcut, a stale menu)
    assert ext.reveal_selected() is None
    assert "只有店主" in window.statusBar().currentMessage()
    assert not _audits(ws, "reveal")
    # the export dialog offers masked only
    dlg = ext.export_orders()
    assert not dlg.plain_check.isEnabled() and not dlg.plain_check.isChecked()
    dlg.close()
    # the owner takes the desk
    monkeypatch.setattr(ext_module, "LoginDialog", _AutoLogin)
    assert ext.switch_operator()
    assert ws.operator == "老板" and "店主" in ext.operator_label.text()
    assert not sp.restricted and sp.carrier_box.isEnabled()
    assert ext.shipping_settings.isEnabled()
    assert page.audit_box.isEnabled() and page.key_box.isEnabled()
    assert not page.notice.isVisibleTo(page)
    _select_plain(window)
    assert ext.act_reveal.isEnabled() and ext.act_void.isEnabled()
    dlg = ext.reveal_selected()
    assert isinstance(dlg, RevealDialog) and dlg.revealed
    dlg.close()


def test_export_writes_a_masked_file(qtbot, extended, demo_ws, tmp_path):
    window, ext = extended
    window.orders_page.set_status_filter("to_ship")
    dlg = ext.export_orders()
    assert not dlg.plain_check.isChecked() and dlg.plain_check.isEnabled()
    out = tmp_path / "orders.csv"
    assert dlg.start_export(out)
    qtbot.waitUntil(lambda: dlg.summary is not None, timeout=WAIT_MS)
    assert dlg.summary.masked and dlg.summary.rows == window.model.total
    assert window.settings.value("export/dir") == str(tmp_path)  # remembered for next time
    assert "脱敏" in window.statusBar().currentMessage()
    text = out.read_text(encoding="utf-8-sig")
    phones = _plain_phones(demo_ws)
    assert phones and not any(p in text for p in phones)
    rows = list(csv.reader(text.splitlines()))
    phone_col = rows[0].index("手机号")
    assert all("*" in r[phone_col] for r in rows[1:] if r[phone_col])
    statuses = {r[rows[0].index("订单状态")] for r in rows[1:]}
    assert statuses == {"待发货"}  # the page's filter, not every order, by its name
    # the owner may tick plain: then the phones are there, and it is audited
    dlg.plain_check.setChecked(True)
    plain = tmp_path / "plain.csv"
    dlg.summary = None
    assert dlg.start_export(plain)
    qtbot.waitUntil(lambda: dlg.summary is not None, timeout=WAIT_MS)
    assert not dlg.summary.masked
    assert any(p in plain.read_text(encoding="utf-8-sig") for p in phones)
    assert _audits(demo_ws, "decrypt")
    dlg.close()


def test_lock_now_and_unlock_with_a_pin(qtbot, window, staffed):
    ws = staffed
    operators.login(ws, "小张", "1234")
    ext = install_extensions(window, start_of_day=False)
    assert ext.idle.timer.isActive()
    select(window, [0])
    assert window.act_print.isEnabled()
    assert ext.lock_now()
    assert ext.lock_screen.isVisible() and window.locked
    assert ext.lock_screen.geometry() == window.rect()
    assert not window.act_print.isEnabled() and not window.menuBar().isEnabled()
    assert not ext.act_export.isEnabled()
    assert _audits(ws, "lock")
    ext.lock_screen.pin.setText("0000")
    assert not ext.lock_screen.try_unlock() and ext.lock_screen.isVisible()
    ext.lock_screen.operator_box.setCurrentIndex(ext.lock_screen.operator_box.findData("老板"))
    ext.lock_screen.pin.setText("8888")
    assert ext.lock_screen.try_unlock()
    assert not ext.lock_screen.isVisible() and not window.locked
    assert window.act_print.isEnabled() and window.menuBar().isEnabled()
    assert ws.operator == "老板" and "老板" in ext.operator_label.text()
    assert "已解锁" in window.statusBar().currentMessage()


def test_no_lock_without_operators(extended):
    window, ext = extended
    assert not ext.act_lock.isEnabled() and not ext.idle.timer.isActive()
    assert not ext.lock_now() and not window.locked
    # making the first operator turns the lock on
    operators.add_operator(window.ws, "老板", "owner", pin="8888")
    ext.operator_changed()
    assert ext.act_lock.isEnabled() and ext.idle.timer.isActive()


def test_switch_language_keeps_the_extensions(qtbot, extended, english):
    window, ext = extended
    window.show_page("settings")
    new = window.switch_language("en")
    qtbot.addWidget(new)
    try:
        assert new.extensions is not ext and new.extensions.window is new
        assert len(new.settings_page.page_titles()) == 5
        assert new.settings_page.page_titles()[3] == "Tracking & alerts"
        assert new.settings_page.page_titles()[2] == "Privacy & security"
        assert new.extensions.act_void in new.orders_menu.actions()
        assert new.extensions.operators_menu.menuAction() in new.menuBar().actions()
        assert new._assign_handler is not None and new.key_place is window.key_place
        assert not ext.idle.timer.isActive()  # the old window's lock stopped
        newer = new.switch_language("zh_CN")
        qtbot.addWidget(newer)
        assert newer.settings_page.page_titles()[2] == "隐私与安全"
        assert "作废面单…" in _texts(newer.orders_menu)
        newer.shutdown()
    finally:
        new.shutdown()


def test_privacy_page_audit_retention_erase_and_keys(qtbot, extended, demo_ws, tmp_path):
    window, ext = extended
    page = ext.privacy_page
    assert page.retention.value() == 90 and not page.notice.isVisibleTo(page)
    assert page.load_audit() >= 1
    actions = {page.table.item(r, 2).toolTip() for r in range(page.table.rowCount())}
    assert "import" in actions
    # retention
    page.retention.setValue(30)
    assert page.save_retention() and privacy.retention_days(demo_ws) == 30
    assert page.purge_now()
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    assert "没有超过保留期限的订单" in page.status.text() or "已删除" in page.status.text()
    # erase one buyer, after confirming the count
    oid = select_order_ids(demo_ws, limit=1)[0]
    phone = privacy.reveal_order(demo_ws, oid).get("phone")
    asked = []
    page.confirm_erase = lambda n: asked.append(n) or True
    page.erase_phone.setText(phone)
    assert page.erase_buyer() == asked[0] >= 1
    assert privacy.find_buyer(demo_ws, phone=phone) == [] or \
        privacy.reveal_order(demo_ws, oid).get("phone") == ""
    assert _audits(demo_ws, "erase_buyer")
    # the audit export
    out = tmp_path / "audit.csv"
    assert page.export_audit(out)
    qtbot.waitUntil(lambda: out.exists() and not page.busy, timeout=WAIT_MS)
    assert "erase_buyer" in out.read_text(encoding="utf-8-sig")
    # key backup: the passphrase twice
    assert not page.export_key(tmp_path / "k.key", "longpassword", "typo-password")
    assert not (tmp_path / "k.key").exists()
    assert page.export_key(tmp_path / "k.key", "longpassword", "longpassword")
    assert (tmp_path / "k.key").exists()
    # rotation in a worker
    page.confirm_rotate = lambda: True
    before = keys.key_status(demo_ws, _place(demo_ws)).primary
    assert page.rotate_key()
    assert page.busy  # the GUI thread is free while it runs
    qtbot.waitUntil(lambda: not page.busy, timeout=WAIT_MS)
    st = keys.key_status(demo_ws, _place(demo_ws))
    assert st.primary == before + 1 and not st.rotating
    assert f"第 {st.primary} 号" in page.key_label.text()


def test_start_of_day_runs_in_a_worker(qtbot, window, demo_ws):
    window.key_place = _place(demo_ws)
    ext = install_extensions(window)
    qtbot.waitUntil(lambda: bool(ext.start_text), timeout=WAIT_MS)
    assert "已自动备份" in window.statusBar().currentMessage()
    assert backup.list_backups(backup.backup_dir(demo_ws), demo_ws.db_id)


def test_restore_closes_the_window_and_reopens_the_workspace(qtbot, window, demo_ws,
                                                             tmp_path):
    place = _place(demo_ws)
    window.key_place = place
    ext = install_extensions(window, start_of_day=False)
    info = backup.backup_now(demo_ws)
    operators.add_operator(demo_ws, "老板", "owner")  # after the backup
    dlg = ext.open_backup()
    assert isinstance(dlg, BackupDialog) and dlg.list.count() == 1
    dlg.list.setCurrentRow(0)
    assert ext.request_restore(dlg.selected())
    assert window.restore_request == str(info.path) and not window.isVisible()
    window.shutdown()
    ws, message, restored = app_module.restore_workspace(demo_ws, window.restore_request,
                                                         place)
    try:
        assert restored and "已从备份恢复" in message
        assert not operators.has_operators(ws)  # the operator made after the backup is gone
    finally:
        ws.close()


def test_login_at_start(demo_ws, staffed, monkeypatch):
    operators.logout(demo_ws)

    class Refuse(_AutoLogin):
        def exec(self):
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr("app.ui.operators_dialog.LoginDialog", Refuse)
    assert not app_module.login_at_start(demo_ws)
    monkeypatch.setattr("app.ui.operators_dialog.LoginDialog", _AutoLogin)
    assert app_module.login_at_start(demo_ws) and demo_ws.operator == "老板"


def test_run_exits_0_when_the_login_is_cancelled(qapp, demo_ws, staffed, monkeypatch):
    operators.logout(demo_ws)
    monkeypatch.setattr(app_module, "open_workspace", lambda db, demo: demo_ws)
    shown = []

    class Refuse(_AutoLogin):
        def exec(self):
            shown.append(True)
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr("app.ui.operators_dialog.LoginDialog", Refuse)
    built = []
    monkeypatch.setattr("app.ui.main_window.MainWindow.show", lambda self: built.append(self))
    assert app_module.run(demo_ws.url) == 0
    assert shown and not built  # asked who is at the desk; no window opened
