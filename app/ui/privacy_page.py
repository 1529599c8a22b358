"""设置 → 「隐私与安全」: the audit log, retention, erasing a buyer, and the database key.

`PrivacyPage(ws, key_place=None, parent=None)`:

- **操作日志**: the audit log (time, operator, action, object, detail) between two dates,
  newest first, and 「导出审计日志…」 to CSV or XLSX (`privacy.export_audit`).
- **保留期限**: days the plain receiver data of delivered orders is kept (default 90,
  0 = keep), 「保存」 and 「立即清理」 (`privacy.purge_expired`).
- **删除买家数据**: by phone and/or name: find the orders, confirm the count, erase.
- **数据库密钥**: where the key is kept and whether a rotation is under way,
  「导出密钥备份…」 (the backup passphrase asked twice) and 「轮换密钥」 in a worker.

Each group needs a permission (`operators.can`): without it the group is disabled and
the page says who may. `refresh_permissions()` re-checks after the operator changed.
Exports, purges and the rotation run off the GUI thread (one at a time).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import keys, operators, privacy
from app.services.workspace import Workspace
from app.ui.texts import user_message
from app.ui.workers import TaskRunner

AUDIT_LIMIT = 500
#: audit action codes → what the owner reads
ACTION_NAMES: dict[str, str] = {
    "login": "登录", "login_failed": "登录失败（PIN 错误）", "logout": "退出登录",
    "lock": "工作台锁定", "reveal": "查看收件人明文", "decrypt": "解密个人信息",
    "export": "导出订单", "audit_export": "导出审计日志", "key_export": "导出密钥备份",
    "key_rotate_start": "开始轮换密钥", "key_rotate_done": "密钥轮换完成",
    "key_rotate_discard": "放弃未完成的轮换", "key_forget": "删除旧密钥",
    "restore": "恢复备份", "backup": "备份", "purge": "按保留期限清理",
    "erase_buyer": "删除买家数据", "settings_change": "修改设置",
    "operator_add": "添加操作员", "operator_change": "修改操作员",
    "waybill_void": "作废面单", "cancel": "作废面单", "reprint": "重打面单",
    "print_requeue": "重新排队打印", "print_resume": "继续打印",
    "reveal_receiver": "查看收件人明文", "pii_reveal": "查看收件人明文",
    "import": "导入订单", "pull_orders": "拉取平台订单", "waybill_allocate": "取号",
    "merge": "合并包裹", "unmerge": "拆开合并", "split": "拆分订单",
    "print_enqueue": "加入打印队列", "print_claim": "打印", "print_interrupted": "打印中断",
    "print_picking_list": "打印拣货单", "parcel_weight": "称重",
    "tracking_refresh": "刷新物流", "tracking_enrol": "订阅物流",
    "alerts_evaluate": "检查异常", "db_migrate": "升级数据库",
    "account_save": "保存面单账号", "account_enable": "启用面单账号",
    "account_disable": "停用面单账号", "account_delete": "删除面单账号",
    "accounts_sandbox": "启用测试面单账号", "rule_save": "保存规则", "rule_delete": "删除规则",
    "rule_move": "调整规则顺序", "rate_card_save": "保存价目表", "rate_card_delete": "删除价目表",
    "sku_weights_save": "保存商品重量", "preset_save": "保存包装", "preset_delete": "删除包装",
    "sender_update": "修改寄件人", "platform_app_set": "设置平台应用",
    "mapping_profile_save": "保存导入模板", "mapping_profile_delete": "删除导入模板",
}
ENTITY_NAMES: dict[str, str] = {
    "order": "订单", "orders": "订单", "operator": "操作员", "station": "工作台",
    "database": "数据库", "setting": "设置", "audit_log": "审计日志", "parcel": "包裹",
    "waybill": "面单", "waybill_account": "面单账号", "file": "文件", "api": "平台接口",
    "recipient": "收件人", "shop": "店铺", "print_job": "打印任务", "print_queue": "打印队列",
    "provider": "物流接口", "alerts": "异常", "shipping_rule": "规则", "rate_card": "价目表",
    "sku_weight": "商品重量", "package_preset": "包装", "mapping_profile": "导入模板",
}
COLUMNS = ("时间", "操作员", "操作", "对象", "详情")


def _value(v: object, yes: str = "是", no: str = "否") -> str:
    if isinstance(v, bool):
        return yes if v else no
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


class PrivacyPage(QWidget):
    """The owner's privacy and security settings (see the module docstring)."""

    #: a short result for the main window's status bar
    message = Signal(str)

    def __init__(self, ws: Workspace, key_place: keys.KeyPlace | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.key_place = key_place or keys.KeyPlace()
        self.runner = TaskRunner(self)
        self.runner.busyChanged.connect(self._busy)
        self.runner.progress.connect(self._progress)
        #: asked before erasing (tests replace it): (order count) → go ahead?
        self.confirm_erase: Callable[[int], bool] = self._ask_erase
        self.confirm_rotate: Callable[[], bool] = self._ask_rotate

        self.notice = QLabel(self)
        self.notice.setObjectName("privacyNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.notice.hide()

        # --- the audit log ------------------------------------------------------------------
        self.audit_box = QGroupBox(self.tr("操作日志（审计）"), self)
        day = ws.clock().date()  # the shop's day (Asia/Shanghai), not this computer's
        today = QDate(day.year, day.month, day.day)
        self.since = QDateEdit(today.addDays(-30), self.audit_box)
        self.until = QDateEdit(today, self.audit_box)
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        self.load_button = QPushButton(self.tr("查询"), self.audit_box)
        self.export_button = QPushButton(self.tr("导出审计日志…"), self.audit_box)
        filt = QHBoxLayout()
        filt.addWidget(QLabel(self.tr("从"), self.audit_box))
        filt.addWidget(self.since)
        filt.addWidget(QLabel(self.tr("到"), self.audit_box))
        filt.addWidget(self.until)
        filt.addWidget(self.load_button)
        filt.addStretch(1)
        filt.addWidget(self.export_button)
        self.table = QTableWidget(0, len(COLUMNS), self.audit_box)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        head = self.table.horizontalHeader()
        for c in range(3):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(3, 150)
        head.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.audit_note = QLabel(self.audit_box)
        self.audit_note.setObjectName("hint")
        self.audit_note.setWordWrap(True)
        lay = QVBoxLayout(self.audit_box)
        lay.addLayout(filt)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.audit_note)

        # --- retention ----------------------------------------------------------------------
        self.retention_box = QGroupBox(self.tr("个人信息保留期限"), self)
        self.retention = QSpinBox(self.retention_box)
        self.retention.setRange(0, 3650)
        self.retention.setSuffix(self.tr(" 天"))
        self.retention.setSpecialValueText(self.tr("一直保留"))
        self.retention.setValue(privacy.retention_days(ws))
        self.retention_save = QPushButton(self.tr("保存"), self.retention_box)
        self.purge_button = QPushButton(self.tr("立即清理"), self.retention_box)
        row = QHBoxLayout()
        row.addWidget(self.retention)
        row.addWidget(self.retention_save)
        row.addWidget(self.purge_button)
        row.addStretch(1)
        lay = QVBoxLayout(self.retention_box)
        lay.addWidget(self._hint(self.tr(
            "已签收或已完成超过这些天的订单，收件人姓名、电话和详细地址的明文会被删除，"
            "只留脱敏信息（列表、面单和对账不受影响）。每天开机时自动清理。")))
        lay.addLayout(row)

        # --- erase one buyer ----------------------------------------------------------------
        self.erase_box = QGroupBox(self.tr("删除买家数据"), self)
        self.erase_phone = QLineEdit(self.erase_box)
        self.erase_phone.setPlaceholderText(self.tr("买家手机号"))
        self.erase_name = QLineEdit(self.erase_box)
        self.erase_name.setPlaceholderText(self.tr("买家姓名"))
        self.erase_button = QPushButton(self.tr("查找并删除…"), self.erase_box)
        form = QFormLayout(self.erase_box)
        form.addRow(self._hint(self.tr(
            "买家要求删除个人信息时：按手机号和/或姓名（完全一致）找到他的全部订单，"
            "确认数量后删除明文。不能撤销。")))
        form.addRow(self.tr("手机号"), self.erase_phone)
        form.addRow(self.tr("姓名"), self.erase_name)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.erase_button)
        form.addRow(button_row)

        # --- the key ------------------------------------------------------------------------
        self.key_box = QGroupBox(self.tr("数据库密钥"), self)
        self.key_label = QLabel(self.key_box)
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_export_button = QPushButton(self.tr("导出密钥备份…"), self.key_box)
        self.rotate_button = QPushButton(self.tr("轮换密钥"), self.key_box)
        row = QHBoxLayout()
        row.addWidget(self.key_export_button)
        row.addWidget(self.rotate_button)
        row.addStretch(1)
        lay = QVBoxLayout(self.key_box)
        lay.addWidget(self.key_label)
        lay.addWidget(self._hint(self.tr(
            "密钥备份用单独的密码保护，请存放在电脑以外（U 盘）。丢失密钥就无法打开订单数据。")))
        lay.addLayout(row)

        # --- status -------------------------------------------------------------------------
        self.progress = QProgressBar(self)
        self.progress.setMaximumHeight(16)
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("privacyStatus")
        self.status.setWordWrap(True)

        right = QVBoxLayout()
        right.addWidget(self.retention_box)
        right.addWidget(self.erase_box)
        right.addWidget(self.key_box)
        right.addStretch(1)
        right_box = QWidget(self)
        right_box.setLayout(right)
        right_box.setMaximumWidth(460)
        right.setContentsMargins(0, 0, 0, 0)
        columns = QHBoxLayout()
        columns.addWidget(self.audit_box, 3)
        columns.addWidget(right_box, 2)
        outer = QVBoxLayout(self)
        outer.addWidget(self.notice)
        outer.addLayout(columns, 1)
        outer.addWidget(self.progress)
        outer.addWidget(self.status)

        self.load_button.clicked.connect(self.load_audit)
        self.since.dateChanged.connect(lambda *_: self.load_audit())
        self.until.dateChanged.connect(lambda *_: self.load_audit())
        self.export_button.clicked.connect(self._export_audit_clicked)
        self.retention_save.clicked.connect(self.save_retention)
        self.purge_button.clicked.connect(self.purge_now)
        self.erase_button.clicked.connect(self.erase_buyer)
        self.key_export_button.clicked.connect(self._export_key_clicked)
        self.rotate_button.clicked.connect(self.rotate_key)
        self.refresh_permissions()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if operators.can(self.ws, "audit"):  # what happened since it was last shown
            self.load_audit()

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("hint")
        label.setWordWrap(True)
        return label

    # ------------------------------------------------------------------ permissions
    def allowed(self) -> dict[str, bool]:
        can = operators.can
        return {"audit": can(self.ws, "audit"),
                "retention": can(self.ws, "settings") and can(self.ws, "erase"),
                "erase": can(self.ws, "erase"), "keys": can(self.ws, "keys")}

    def refresh_permissions(self) -> None:
        """Enable what the operator at the desk may do; say why for the rest."""
        ok = self.allowed()
        self.audit_box.setEnabled(ok["audit"])
        self.retention_box.setEnabled(ok["retention"])
        self.erase_box.setEnabled(ok["erase"])
        self.key_box.setEnabled(ok["keys"])
        if all(ok.values()):
            self.notice.hide()
        else:
            who = self.ws.operator
            if who:
                text = self.tr("当前操作员「{0}」不是店主：不能查看操作日志、清理或删除个人信息、"
                               "管理密钥。请店主登录后再操作（菜单「操作员」→「切换操作员」）。"
                               ).format(who)
            else:
                text = self.tr("还没有人登录：请店主登录后再操作（菜单「操作员」→「切换操作员」）。")
            self.notice.setText(text)
            self.notice.show()
        if ok["audit"]:
            self.load_audit()
        else:
            self.table.setRowCount(0)
            self.audit_note.setText(self.tr("只有店主可以查看操作日志。"))
        self.retention.setValue(privacy.retention_days(self.ws))
        self.refresh_key_status()
        self._busy(self.runner.busy)

    # ------------------------------------------------------------------ audit log
    def _range(self) -> tuple[datetime, datetime]:
        tz = self.ws.clock().tzinfo
        since = datetime.combine(self.since.date().toPython(), time(0), tz)
        until = datetime.combine(self.until.date().toPython(), time(0), tz) + timedelta(days=1)
        return since, until

    def load_audit(self) -> int:
        """Show the log between the two dates (newest first); the number of rows shown."""
        if not operators.can(self.ws, "audit"):
            return 0
        since, until = self._range()
        rows = privacy.list_audit(self.ws, since=since, until=until, limit=AUDIT_LIMIT)
        yes, no, sep = self.tr("是"), self.tr("否"), self.tr("，")
        self.table.setRowCount(len(rows))
        for r, a in enumerate(rows):
            detail = sep.join(f"{k}={_value(v, yes, no)}" for k, v in sorted(a.detail.items()))
            entity = self.tr(ENTITY_NAMES.get(a.entity, a.entity)) if a.entity else ""
            entity_full = f"{entity} {a.entity_id}".strip()
            if len(a.entity_id) > 16:  # database ids, file names: the start is enough
                entity = f"{entity} {a.entity_id[:12]}…".strip()
            else:
                entity = entity_full
            cells = (a.at.strftime("%Y-%m-%d %H:%M:%S"), a.operator or self.tr("（单人模式）"),
                     self.tr(ACTION_NAMES.get(a.action, a.action)), entity, detail)
            tips = (cells[0], cells[1], a.action, entity_full, detail)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tips[c])
                self.table.setItem(r, c, item)
        if len(rows) >= AUDIT_LIMIT:
            self.audit_note.setText(self.tr("只显示最近 {0} 条；导出包含所选日期内的全部记录。")
                                    .format(AUDIT_LIMIT))
        else:
            self.audit_note.setText(self.tr("所选日期内共 {0} 条记录。").format(len(rows)))
        return len(rows)

    def _export_audit_clicked(self) -> None:
        name = f"操作日志_{datetime.now():%Y%m%d}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出审计日志"), str(Path.home() / name),
            self.tr("CSV 文件 (*.csv);;Excel 文件 (*.xlsx)"))
        if path:
            self.export_audit(path)

    def export_audit(self, path: str | Path) -> bool:
        """Write the log of the chosen dates to CSV/XLSX in a worker."""
        out = Path(path)
        if out.suffix.lower() not in (".csv", ".xlsx"):
            out = out.with_name(out.name + ".csv")
        ws = self.ws
        since, until = self._range()

        def task(progress, cancelled):  # noqa: ANN001, ANN202, ARG001 - pool thread
            return privacy.export_audit(ws, out, since=since, until=until)

        return self.runner.start(self.tr("导出审计日志"), task, self._audit_exported,
                                 on_failed=self._failed, cancellable=False)

    def _audit_exported(self, summary: object) -> None:
        self._say(self.tr("已导出 {0} 条操作日志 → {1}").format(
            summary.rows, summary.path))  # type: ignore[attr-defined]
        self.load_audit()

    # ------------------------------------------------------------------ retention
    def save_retention(self) -> bool:
        try:
            privacy.set_retention_days(self.ws, self.retention.value())
        except (privacy.PrivacyError, operators.OperatorError) as exc:
            self._say(user_message(str(exc)))
            return False
        days = self.retention.value()
        self._say(self.tr("保留期限已设为 {0} 天").format(days) if days
                  else self.tr("保留期限已设为一直保留"))
        self.load_audit()
        return True

    def purge_now(self) -> bool:
        """Erase the plain data of orders older than the days shown, in a worker."""
        ws, days = self.ws, self.retention.value()
        if days <= 0:
            self._say(self.tr("保留期限是「一直保留」：没有需要清理的订单"))
            return False

        def task(progress, cancelled):  # noqa: ANN001, ANN202, ARG001
            return privacy.purge_expired(ws, days=days)

        return self.runner.start(self.tr("清理过期个人信息"), task, self._purged,
                                 on_failed=self._failed, cancellable=False)

    def _purged(self, summary: object) -> None:
        n = summary.orders  # type: ignore[attr-defined]
        self._say(self.tr("已删除 {0} 个订单的收件人明文").format(n) if n
                  else self.tr("没有超过保留期限的订单"))
        self.load_audit()

    # ------------------------------------------------------------------ erase a buyer
    def _ask_erase(self, count: int) -> bool:
        answer = QMessageBox.warning(
            self, self.tr("删除买家数据"),
            self.tr("找到这位买家的 {0} 个订单。\n删除后这些订单只留脱敏信息，"
                    "姓名、电话和详细地址的明文无法恢复。确定删除？").format(count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def erase_buyer(self) -> int:
        """Find the buyer's orders, confirm the count, erase; the number erased."""
        phone, name = self.erase_phone.text().strip(), self.erase_name.text().strip()
        try:
            ids = privacy.find_buyer(self.ws, phone=phone, name=name)
        except (privacy.PrivacyError, operators.OperatorError) as exc:
            self._say(user_message(str(exc)))
            return 0
        if not ids:
            self._say(self.tr("没有找到这位买家的订单（手机号、姓名需完全一致）"))
            return 0
        if not self.confirm_erase(len(ids)):
            self._say(self.tr("没有删除"))
            return 0
        try:
            summary = privacy.erase_buyer(self.ws, phone=phone, name=name, expect=len(ids))
        except (privacy.PrivacyError, operators.OperatorError) as exc:
            self._say(user_message(str(exc)))
            return 0
        self.erase_phone.clear()
        self.erase_name.clear()
        self._say(self.tr("已删除这位买家 {0} 个订单的个人信息明文").format(summary.orders))
        self.load_audit()
        return summary.orders

    # ------------------------------------------------------------------ the key
    def refresh_key_status(self) -> None:
        if not operators.can(self.ws, "keys"):
            self.key_label.setText(self.tr("只有店主可以查看和管理密钥。"))
            return
        try:
            st = keys.key_status(self.ws, self.key_place)
        except Exception as exc:  # noqa: BLE001 - a status line must not break the page
            self.key_label.setText(self.tr("读取密钥状态失败：{0}").format(exc))
            return
        where = {"keyring": self.tr("系统钥匙串"), "unknown": self.tr("未知")}.get(
            st.stored_in, st.stored_in)
        lines = [self.tr("当前密钥：第 {0} 号（共 {1} 个）").format(st.primary, len(st.key_ids)),
                 self.tr("保存在：{0}").format(where)]
        if st.rotating:
            lines.append(self.tr("轮换进行中：还有 {0} 项待重新加密").format(st.remaining))
        self.key_label.setText("\n".join(lines))

    def _export_key_clicked(self) -> None:
        out, _ = QFileDialog.getSaveFileName(self, self.tr("导出密钥备份"),
                                             str(Path.home() / "shipdesk-key.key"),
                                             self.tr("密钥备份 (*.key)"))
        if not out:
            return
        first, ok = QInputDialog.getText(self, self.tr("密钥备份密码"),
                                         self.tr("为这份备份设一个密码（至少 8 位）："),
                                         QLineEdit.EchoMode.Password)
        if not ok:
            return
        again, ok = QInputDialog.getText(self, self.tr("密钥备份密码"), self.tr("再输入一次："),
                                         QLineEdit.EchoMode.Password)
        if ok:
            self.export_key(out, first, again)

    def export_key(self, out: str | Path, passphrase: str, again: str) -> bool:
        if passphrase != again:
            self._say(self.tr("两次输入的密码不一致，没有导出"))
            return False
        try:
            keys.export_key_backup(self.ws, out, passphrase)
        except (keys.KeysError, operators.OperatorError) as exc:
            self._say(user_message(str(exc)))
            return False
        self._say(self.tr("密钥备份已写入 {0}：请存放在电脑以外，密码另行保管。").format(out))
        self.load_audit()
        return True

    def _ask_rotate(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("轮换密钥"),
            self.tr("生成新密钥并用它重新加密全部个人信息？\n可以继续工作；"
                    "多台电脑共用数据库时请先关闭其他电脑。完成后请重新导出密钥备份。"))
        return answer == QMessageBox.StandardButton.Yes

    def rotate_key(self) -> bool:
        """Start a key rotation and re-encrypt every row, in a worker."""
        if not operators.can(self.ws, "keys") or not self.confirm_rotate():
            return False
        ws, place = self.ws, self.key_place

        def task(progress, cancelled):  # noqa: ANN001, ANN202
            keys.start_rotation(ws, place)
            return keys.rotate(ws, place, progress=progress, cancelled=cancelled)

        return self.runner.start(self.tr("轮换密钥"), task, self._rotated,
                                 on_failed=self._failed, cancellable=True)

    def _rotated(self, status: object) -> None:
        st: keys.KeyStatus = status  # type: ignore[assignment]
        if st.rotating:
            self._say(self.tr("密钥轮换暂停：还有 {0} 项，下次开机会继续").format(st.remaining))
        else:
            self._say(self.tr("密钥轮换完成，现在使用第 {0} 号密钥。请重新导出密钥备份。")
                      .format(st.primary))
        self.refresh_key_status()
        self.load_audit()

    # ------------------------------------------------------------------ plumbing
    @property
    def busy(self) -> bool:
        return self.runner.busy

    def _busy(self, busy: bool) -> None:
        ok = self.allowed()
        self.export_button.setEnabled(not busy and ok["audit"])
        self.purge_button.setEnabled(not busy and ok["retention"])
        self.rotate_button.setEnabled(not busy and ok["keys"])
        self.key_export_button.setEnabled(not busy and ok["keys"])
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
            self.status.setText(self.tr("{0}……").format(self.runner.title))

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _failed(self, message: str) -> None:
        self._say(self.tr("操作失败：{0}").format(message))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.message.emit(text)

    def shutdown(self, timeout_ms: int = 30000) -> None:
        if self.runner.busy:
            self.runner.cancel()
            self.runner.wait(timeout_ms)
