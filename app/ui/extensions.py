"""What the workstation window gets beyond its own pages: shipping, privacy, operators.

`install_extensions(window)` (app.run calls it; tests that build a bare `MainWindow`
simply do not) adds, through the window's hooks:

- 指定快递 → the per-order picker / bulk preview, and the 「快递与规则」 settings tab
  (`shipping_bulk.install`);
- the 「隐私与安全」 settings tab (`privacy_page.PrivacyPage`);
- 订单 menu and the tables' context menu: 「作废面单…」 (VoidWaybillDialog),
  「查看收件人…」 (RevealDialog, owner only, Ctrl+Shift+R), 「导出订单…」 (Ctrl+E);
- 文件 menu: 「备份与恢复…」 (BackupDialog; a restore closes the window, app.run restores
  and opens the workspace again);
- 「操作员(&U)」 menu: switch operator, manage operators, lock now (Ctrl+L); the idle
  lock; the operator at the desk in the status bar; settings read-only for packers;
- start of day (daily backup, retention purge, an unfinished key rotation) in a worker
  once the window shows, its result in the status bar;
- the package-centre alert watch (`alert_watch`): timed rule checks and tracking
  refreshes, the count on 异常, tray messages for new urgent alerts.

The window keeps the installer (`add_installer`), so a language switch re-runs it on
the new window; the start of day runs only for the first window.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services import exports, keys, operators
from app.services.orders import ViewQuery
from app.services.workspace import Workspace
from app.ui import backup_dialog, merge_ui, shipping_bulk
from app.ui.lock_screen import IdleWatcher, LockScreen
from app.ui.operators_dialog import ROLE_NAMES, LoginDialog, OperatorsDialog
from app.ui.privacy_page import PrivacyPage
from app.ui.reveal_dialog import RevealDialog
from app.ui.texts import tr
from app.ui.workers import TaskRunner

CTX = "Extensions"


def _t(text: str) -> str:
    return tr(text, CTX)


def default_key_place() -> keys.KeyPlace:
    """The key where `Workspace.open` looks by default (passphrase from the environment)."""
    return keys.KeyPlace(passphrase=os.environ.get("SHIPDESK_KEY_PASSPHRASE"))


class ExportOrdersDialog(QDialog):
    """Export the page shown (its search, filter and sort) or the selection to CSV/XLSX;
    masked unless the owner ticks 「包含明文个人信息」."""

    exported = Signal(object)  # exports.ExportSummary

    def __init__(self, ws: Workspace, query: ViewQuery, total: int,
                 selected: Sequence[int] = (), parent: QWidget | None = None,
                 folder: str = "") -> None:
        super().__init__(parent)
        self.ws = ws
        self.query = query
        self.selected = list(selected)
        self.summary: exports.ExportSummary | None = None
        self.setWindowTitle(_t("导出订单"))
        self.runner = TaskRunner(self)
        self.page_radio = QRadioButton(_t("当前页面的订单（按当前搜索、筛选和排序，共 {0} 单）")
                                       .format(total), self)
        self.selection_radio = QRadioButton(_t("所选的 {0} 单").format(len(self.selected)),
                                            self)
        self.page_radio.setChecked(True)
        self.selection_radio.setEnabled(bool(self.selected))
        docs = folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        self.path_edit = QLineEdit(str(Path(docs) / f"订单_{datetime.now():%Y%m%d_%H%M}.xlsx"),
                                   self)
        browse = QPushButton(_t("选择…"), self)
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.plain_check = QCheckBox(_t("包含明文个人信息（仅店主）"), self)
        self.plain_check.setChecked(False)
        allowed = operators.can(ws, "export_pii")
        self.plain_check.setEnabled(allowed)
        self.plain_note = QLabel(self)
        self.plain_note.setObjectName("hint")
        self.plain_note.setWordWrap(True)
        self.plain_note.setText(
            _t("默认导出脱敏信息（姓名、电话、详细地址与面单上一致）。明文导出会记入操作日志，"
               "文件请妥善保管、用完删除。") if allowed else
            _t("只有店主可以导出明文个人信息；现在导出的是脱敏信息。"))
        self.progress = QProgressBar(self)
        self.progress.setMaximumHeight(16)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(_t("导出"))
        self.export_button.clicked.connect(lambda: self.start_export())
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_t("范围"), self.page_radio)
        form.addRow("", self.selection_radio)
        form.addRow(_t("保存到"), path_row)
        form.addRow("", self.plain_check)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.plain_note)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        self.runner.busyChanged.connect(self._busy)
        self.runner.progress.connect(self._progress)
        self.resize(620, 0)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, _t("导出订单"), self.path_edit.text(),
            _t("Excel 文件 (*.xlsx);;CSV 文件 (*.csv)"))
        if path:
            self.path_edit.setText(path)

    def start_export(self, path: str | Path | None = None) -> bool:
        """Run the export in a worker; False when nothing started."""
        out = Path(path or self.path_edit.text().strip())
        if not out.name:
            self.status.setText(_t("请选择保存位置"))
            return False
        if out.suffix.lower() not in (".csv", ".xlsx"):
            out = out.with_name(out.name + ".xlsx")
        ws, query = self.ws, self.query
        ids = self.selected if self.selection_radio.isChecked() else None
        masked = not (self.plain_check.isChecked() and self.plain_check.isEnabled())

        def task(progress, cancelled):  # noqa: ANN001, ANN202 - pool thread
            if ids is not None:
                return exports.export_orders(ws, out, order_ids=ids, masked=masked,
                                             progress=progress, cancelled=cancelled)
            return exports.export_orders(ws, out, query=query, masked=masked,
                                         progress=progress, cancelled=cancelled)

        return self.runner.start(_t("导出订单"), task, self._done, on_failed=self._failed,
                                 on_cancelled=self._cancelled)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.status.setText(_t("正在导出…"))

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _done(self, summary: object) -> None:
        self.summary = summary  # type: ignore[assignment]
        s = self.summary
        kind = _t("脱敏") if s.masked else _t("明文")
        self.status.setText(_t("已导出 {0} 单（{1}）→ {2}").format(s.rows, kind, s.path))
        self.exported.emit(s)

    def _failed(self, message: str) -> None:
        self.status.setText(_t("导出失败：{0}").format(message))

    def _cancelled(self) -> None:
        self.status.setText(_t("已取消导出，没有留下文件"))

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        if self.runner.busy:
            self.runner.cancel()
            self.runner.wait()
        super().done(result)


class Extensions(QObject):
    """Everything `install_extensions` adds to one window; `window.extensions`."""

    def __init__(self, window, *, start_of_day: bool = True) -> None:  # noqa: ANN001
        super().__init__(window)
        self.window = w = window
        self.ws: Workspace = window.ws
        self.key_place: keys.KeyPlace = window.key_place or default_key_place()
        self.dialogs: list[QDialog] = []
        self.reveals: list[RevealDialog] = []
        self.start_text = ""
        self.runner = TaskRunner(self)

        # shipping: picker / bulk assign, and the settings tab
        self.shipping_settings = shipping_bulk.install(w)
        # privacy and security
        self.privacy_page = PrivacyPage(self.ws, self.key_place)
        self.privacy_index = w.add_settings_page(_t("隐私与安全"), self.privacy_page)
        self.privacy_page.message.connect(w.say)

        self._make_actions()
        self._make_menus()
        self.operator_label = QLabel(w.statusBar())
        self.operator_label.setObjectName("operatorLabel")
        w.statusBar().addPermanentWidget(self.operator_label)

        # the idle lock
        self.idle = IdleWatcher(operators.IdleLock(self.ws), parent=self)
        self.lock_screen = LockScreen(self.ws, self.idle.lock, parent=w)
        self.idle.locked.connect(self._locked)
        self.lock_screen.unlocked.connect(self._unlocked)

        w.actionsUpdated.connect(self.update_actions)
        w.add_shutdown_hook(self.shutdown)
        self.operator_changed()
        if start_of_day and w.rebuilt_from is None:
            QTimer.singleShot(0, self.run_start_of_day)

    # ------------------------------------------------------------------ building
    def _action(self, text: str, shortcut: str | None, tip: str, slot) -> QAction:  # noqa: ANN001
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            tip = f"{tip}（{act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）"
        act.setToolTip(tip)
        act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False, call=slot: call())
        self.window.addAction(act)
        return act

    def _make_actions(self) -> None:
        self.act_void = self._action(_t("作废面单…"), None,
                                     _t("作废所选订单的运单号（需填写原因）"), self.void_selected)
        self.act_reveal = self._action(_t("查看收件人…"), "Ctrl+Shift+R",
                                       _t("店主查看一个订单的收件人明文（限时显示，记入日志）"),
                                       self.reveal_selected)
        self.act_export = self._action(_t("导出订单…"), "Ctrl+E",
                                       _t("把当前页面或所选订单导出为 Excel / CSV（默认脱敏）"),
                                       self.export_orders)
        self.act_backup = self._action(_t("备份与恢复…"), None,
                                       _t("备份数据库、校验备份、从备份恢复"), self.open_backup)
        self.act_switch = self._action(_t("切换操作员…"), "Ctrl+Shift+L",
                                       _t("换一个操作员登录"), self.switch_operator)
        self.act_operators = self._action(_t("管理操作员…"), None,
                                          _t("添加操作员、设置角色和 PIN（店主）"),
                                          self.manage_operators)
        self.act_lock = self._action(_t("立即锁定"), "Ctrl+L",
                                     _t("锁定工作台，登录后继续"), self.lock_now)
        # 合并 / 拆分
        self.merging = merge_ui.MergeActions(self.window, self._keep)
        self.act_merge_suggest = self._action(
            _t("合并订单…"), "Ctrl+M", _t("同一收件人和地址、还没取号的订单合成一个包裹"),
            self.merging.open_suggestions)
        self.act_merge = self._action(_t("合并所选订单"), "Ctrl+Shift+M",
                                      _t("把所选订单合成一个包裹，只打一张面单"),
                                      self.merging.merge_selected)
        self.act_unmerge = self._action(_t("撤销合并"), None,
                                        _t("打印面单前，把合并的订单恢复为各自的包裹"),
                                        self.merging.unmerge_selected)
        self.act_split = self._action(_t("拆分包裹…"), None,
                                      _t("一个订单分成几个包裹发出（每包一张面单）"),
                                      self.merging.split_selected)

    def _make_menus(self) -> None:
        w = self.window
        # 文件: 备份与恢复 before 设置
        settings_act = w.act_settings
        w.file_menu.insertAction(settings_act, self.act_backup)
        w.file_menu.insertSeparator(settings_act)
        # 订单: export after 复制订单号, void and reveal after the label actions
        w.orders_menu.insertAction(w.act_copy, self.act_void)
        w.orders_menu.insertAction(w.act_copy, self.act_reveal)
        w.orders_menu.insertSeparator(w.act_copy)
        w.orders_menu.insertAction(w.act_pack, self.act_export)
        w.orders_menu.insertSeparator(w.act_pack)
        # 合并 / 拆分 before 作废面单
        for act in (self.act_merge_suggest, self.act_merge, self.act_unmerge, self.act_split):
            w.orders_menu.insertAction(self.act_void, act)
        w.orders_menu.insertSeparator(self.act_void)
        # 操作员
        self.operators_menu = QMenu(_t("操作员(&U)"), w)
        self.operators_menu.addAction(self.act_switch)
        self.operators_menu.addAction(self.act_operators)
        self.operators_menu.addSeparator()
        self.operators_menu.addAction(self.act_lock)
        w.menuBar().insertMenu(w.view_menu.menuAction(), self.operators_menu)
        # the tables' context menus
        for page in w.list_pages():
            sep = QAction(page.table)
            sep.setSeparator(True)
            page.table.addActions([sep, self.act_merge, self.act_unmerge, self.act_split,
                                   self.act_void, self.act_reveal, self.act_export])

    # ------------------------------------------------------------------ state
    def operator_changed(self, *_: object) -> None:
        """Who is at the desk changed (log-in, unlock, operators edited)."""
        w = self.window
        op = operators.current(self.ws)
        if op is not None:
            text = _t("操作员：{0}（{1}）").format(op.name, tr(ROLE_NAMES[op.role]))
        elif operators.has_operators(self.ws):
            text = _t("操作员：未登录")
        else:
            text = _t("单人模式（未设置操作员）")
        self.operator_label.setText(text)
        if operators.can(self.ws, "settings"):
            w.settings_page.set_restriction("")
        else:
            who = _t("打包员「{0}」").format(op.name) if op is not None else _t("未登录的操作员")
            w.settings_page.set_restriction(
                _t("{0}不能修改店铺设置（快递账号、规则、隐私与密钥等）：请店主登录"
                   "（菜单「操作员」→「切换操作员」）。本机的语言、外观和打印机仍可调整。")
                .format(who))
        self.privacy_page.refresh_permissions()
        self._reset_idle()
        self.update_actions()

    def _reset_idle(self) -> None:
        """The lock's minutes follow the shop: never without operators."""
        if self.idle.lock.locked:
            return
        lock = operators.IdleLock(self.ws)
        self.idle.lock = lock
        self.lock_screen.lock = lock
        if lock.minutes > 0:
            self.idle.timer.start()
        else:
            self.idle.timer.stop()

    def update_actions(self) -> None:
        w = self.window
        if w.locked:
            return
        ids = w.selected_order_ids() if w.current_key() in ("orders", "to_print", "shipped",
                                                             "alerts") else []
        # two queries per selection change: who is in, and whether the shop has operators
        staffed = operators.has_operators(self.ws)
        op = operators.current(self.ws) if staffed else None
        role = (op.role if op is not None else None) if staffed else operators.OWNER
        allowed = operators.PERMISSIONS.get(role, frozenset()) if role else frozenset()
        self.act_void.setEnabled(bool(ids) and "cancel" in allowed)
        self.act_merge.setEnabled(len(ids) >= 2)
        self.act_unmerge.setEnabled(len(ids) == 1)
        self.act_split.setEnabled(len(ids) == 1)
        self.act_reveal.setEnabled(len(ids) == 1 and "reveal" in allowed)
        self.act_reveal.setToolTip(
            _t("店主查看一个订单的收件人明文（限时显示，记入日志）")
            if "reveal" in allowed else _t("只有店主可以查看收件人明文"))
        self.act_export.setEnabled("export_masked" in allowed)
        self.act_switch.setEnabled(staffed)
        self.act_lock.setEnabled(staffed)
        self.act_lock.setToolTip(_t("锁定工作台，登录后继续") if staffed
                                 else _t("还没有操作员：先在「管理操作员」里添加店主"))

    # ------------------------------------------------------------------ order actions
    def _keep(self, dlg: QDialog) -> QDialog:
        self.dialogs = [d for d in self.dialogs if d.isVisible()]
        self.dialogs.append(dlg)
        return dlg

    def void_selected(self) -> QDialog | None:
        ids = self.window.selected_order_ids()
        if not ids:
            self.window.say(_t("请先在表格中选择要作废面单的订单"))
            return None
        if not operators.can(self.ws, "cancel"):
            self.window.say(_t("只有店主可以作废面单"))
            return None
        dlg = shipping_bulk.VoidWaybillDialog(self.ws, ids, self.window)
        dlg.voided.connect(self._voided)
        dlg.open()
        return self._keep(dlg)

    def _voided(self, summary: object) -> None:
        self.window.refresh()
        self.window.say(_t("已作废 {0} 张面单").format(summary.cancelled))  # type: ignore[attr-defined]

    def reveal_selected(self) -> RevealDialog | None:
        ids = self.window.selected_order_ids()
        if len(ids) != 1:
            self.window.say(_t("查看收件人：请只选择一个订单"))
            return None
        if not operators.can(self.ws, "reveal"):
            self.window.say(_t("只有店主可以查看收件人明文"))
            return None
        dlg = RevealDialog(self.ws, ids[0], self.window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.reveals = [d for d in self.reveals if d.isVisible()] + [dlg]
        return dlg

    def export_orders(self) -> ExportOrdersDialog:
        w = self.window
        page = w.list_page()
        dlg = ExportOrdersDialog(self.ws, page.model.query, page.model.total,
                                 w.selected_order_ids(), w,
                                 folder=str(w.settings.value("export/dir", "") or ""))
        dlg.exported.connect(self._exported)
        dlg.open()
        return self._keep(dlg)  # type: ignore[return-value]

    def _exported(self, summary: object) -> None:
        s: exports.ExportSummary = summary  # type: ignore[assignment]
        self.window.settings.setValue("export/dir", str(Path(s.path).parent))
        kind = _t("脱敏") if s.masked else _t("明文")
        self.window.say(_t("已导出 {0} 单（{1}）→ {2}").format(s.rows, kind, s.path))

    # ------------------------------------------------------------------ backup
    def open_backup(self) -> backup_dialog.BackupDialog:
        dlg = backup_dialog.BackupDialog(self.ws, self.window)
        dlg.restore_requested.connect(self.request_restore)
        dlg.open()
        return self._keep(dlg)  # type: ignore[return-value]

    def request_restore(self, path: str) -> bool:
        """Close the window so app.run can restore `path` and open the workspace again."""
        w = self.window
        if w.busy:
            w.say(_t("正在处理「{0}」，完成后再恢复").format(w.runner.title))
            return False
        w.restore_request = str(path)
        for d in self.dialogs:
            d.close()
        w.say(_t("正在关闭数据库以恢复备份…"))
        w.close()
        return True

    # ------------------------------------------------------------------ operators
    def switch_operator(self) -> bool:
        dlg = LoginDialog(self.ws, self.window)
        ok = dlg.exec() == QDialog.DialogCode.Accepted
        if ok:
            self._close_reveals()
            self.operator_changed()
            self.window.say(_t("已切换为 {0}").format(self.ws.operator))
        return ok

    def manage_operators(self) -> OperatorsDialog:
        dlg = OperatorsDialog(self.ws, self.window)
        dlg.finished.connect(self.operator_changed)
        dlg.open()
        return self._keep(dlg)  # type: ignore[return-value]

    def lock_now(self) -> bool:
        if not operators.has_operators(self.ws):
            self.window.say(_t("还没有操作员，无法锁定：先在「操作员」→「管理操作员」里添加店主"))
            return False
        self.idle.lock_now()
        return True

    def _close_reveals(self) -> None:
        for d in self.reveals:
            d.wipe()
            d.close()
        self.reveals = []

    def _locked(self) -> None:
        self._close_reveals()
        for d in self.dialogs:
            d.close()
        self.window.set_locked(True)
        self.lock_screen.show_over_parent()

    def _unlocked(self, name: str) -> None:
        self.window.set_locked(False)
        self.operator_changed()
        self.window.say(_t("已解锁：{0}").format(name))

    # ------------------------------------------------------------------ start of day
    def run_start_of_day(self) -> bool:
        ws, place = self.ws, self.key_place

        def task(progress, cancelled):  # noqa: ANN001, ANN202, ARG001 - pool thread
            return backup_dialog.start_of_day(ws, place)

        return self.runner.start(_t("每日维护"), task, self._start_of_day_done,
                                 on_failed=self._start_of_day_failed, cancellable=False)

    def _start_of_day_done(self, text: object) -> None:
        self.start_text = str(text or "")
        if self.start_text:
            self.window.say(_t("开机维护：{0}").format(self.start_text))
        self.privacy_page.refresh_key_status()

    def _start_of_day_failed(self, message: str) -> None:
        self.start_text = message
        self.window.say(_t("开机维护没有完成：{0}").format(message))

    def shutdown(self) -> None:
        self.idle.stop()
        self.runner.wait()
        self.privacy_page.shutdown()
        for d in list(self.dialogs):
            runner = getattr(d, "runner", None)
            if runner is not None and runner.busy:
                runner.wait()


def install_extensions(window, *, start_of_day: bool = True) -> Extensions:  # noqa: ANN001
    """Add shipping, privacy, operators and the shared-station features to `window` (kept
    for a language switch)."""

    def installer(w) -> Extensions:  # noqa: ANN001
        from app.ui import alert_watch, print_log, printers_page, stations_ui

        w.extensions = Extensions(w, start_of_day=start_of_day)
        w.alert_watch = alert_watch.install(w, first_check=start_of_day)
        printers_page.install(w)  # 设置 → 打印机, and 打印(&P) → 打印机设置…
        print_log.install(w)  # 打印(&P) → 打印记录… (resume, reprint, picking lists)
        w.add_shutdown_hook(stations_ui.install(w).stop)  # other desks' changes, the queue
        return w.extensions

    return window.add_installer(installer)  # type: ignore[no-any-return]
