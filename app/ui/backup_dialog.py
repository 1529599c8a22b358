"""Backups and the key backup, from the GUI.

`BackupDialog(ws, parent=None)` lists the backups in the backup folder and offers:
back up now, verify the selected backup, restore it, and export the key backup (owner).

Restoring replaces the open database, so the dialog does not do it itself: it emits
`restore_requested(path)` after the user confirms. The main window then closes its
workspace, calls `run_restore(db, path)` (below; or `backup.restore_backup`), and opens
the database again.

Start of day (main window, in a worker, after the window shows): `start_of_day(ws)`
runs `backup.daily_maintenance` (daily backup, retention purge, an unfinished key
rotation resumed) and returns a short text for the status bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services import backup, keys, operators
from app.services.workspace import Workspace
from app.ui.texts import tr, user_message
from app.ui.workers import TaskRunner, describe_error


def start_of_day(ws: Workspace, place: keys.KeyPlace | None = None) -> str:
    """Run the station's daily maintenance (call it off the GUI thread); a status text."""
    rep = backup.daily_maintenance(ws, key_place=place)
    done = []
    if rep.backup is not None:
        done.append(tr("已自动备份"))
    if rep.purged_orders:
        done.append(tr("已按保留期限删除 {0} 个订单的明文").format(rep.purged_orders))
    if rep.key_rotation_resumed:
        done.append(tr("密钥轮换已完成"))
    done += rep.problems
    return "；".join(done)


def run_restore(db: str | None, path: str | Path, *, operator: str = "",
                **key_place: object) -> backup.RestoreInfo:
    """The restore itself, for the main window once its workspace is closed."""
    return backup.restore_backup(db, path, operator=operator, **key_place)  # type: ignore[arg-type]


class BackupDialog(QDialog):
    restore_requested = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(tr("备份与恢复"))
        self.resize(620, 400)
        self.runner = TaskRunner(self)
        self.folder = QLabel()
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.backup_button = QPushButton(tr("立即备份"))
        self.verify_button = QPushButton(tr("校验"))
        self.restore_button = QPushButton(tr("恢复…"))
        self.key_button = QPushButton(tr("导出密钥备份…"))
        self.backup_button.clicked.connect(self.backup_now)
        self.verify_button.clicked.connect(self.verify_selected)
        self.restore_button.clicked.connect(self._restore)
        self.key_button.clicked.connect(self._export_key)
        row = QHBoxLayout()
        for b in (self.backup_button, self.verify_button, self.restore_button, self.key_button):
            row.addWidget(b)
        row.addStretch(1)
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(1, 3650)
        self.keep_spin.setSuffix(tr(" 天"))
        self.keep_spin.setKeyboardTracking(False)
        self.keep_spin.setValue(backup.keep_days(ws))
        self.keep_spin.setEnabled(operators.can(ws, "settings"))
        self.keep_spin.valueChanged.connect(self.set_keep_days)
        keep_row = QHBoxLayout()
        keep_row.addWidget(QLabel(tr("每日自动备份保留")))
        keep_row.addWidget(self.keep_spin)
        keep_row.addWidget(QLabel(tr("（手动备份不会自动删除）")))
        keep_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.folder)
        lay.addWidget(self.list)
        lay.addLayout(row)
        lay.addLayout(keep_row)
        lay.addWidget(self.status)
        lay.addWidget(close)
        self.key_button.setEnabled(operators.can(ws, "keys"))
        self.restore_button.setEnabled(operators.can(ws, "restore"))
        self.refresh()

    def refresh(self) -> None:
        folder = backup.backup_dir(self.ws)
        self.folder.setText(tr("备份文件夹：{0}").format(folder))
        self.list.clear()
        for path, when, kind in backup.list_backups(folder, self.ws.db_id):
            label = tr("自动") if kind == "auto" else tr("手动")
            item = QListWidgetItem(f"{when:%Y-%m-%d %H:%M:%S}  {label}  {path.name}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(item)

    def selected(self) -> str:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    # ------------------------------------------------------------------ actions
    def set_keep_days(self, days: int) -> bool:
        try:
            backup.set_keep_days(self.ws, days)
        except Exception as exc:  # noqa: BLE001 - a refusal or a database hiccup: say it
            self.status.setText(describe_error(exc))
            self.keep_spin.blockSignals(True)
            self.keep_spin.setValue(backup.keep_days(self.ws))
            self.keep_spin.blockSignals(False)
            return False
        self.status.setText(tr("自动备份保留 {0} 天").format(days))
        return True

    def backup_now(self) -> bool:
        def task(progress, cancelled):  # noqa: ANN001, ANN202, ARG001
            return backup.backup_now(self.ws, progress=progress)

        return self.runner.start(tr("备份"), task, self._backed_up, on_failed=self._failed,
                                 cancellable=False)

    def _backed_up(self, info: object) -> None:
        self.status.setText(tr("备份完成：{0}").format(Path(info.path).name))  # type: ignore[attr-defined]
        self.refresh()

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    def verify_selected(self) -> bool:
        path = self.selected()
        if not path:
            return False

        def task(progress, cancelled):  # noqa: ANN001, ANN202, ARG001
            return backup.verify_backup(path, cipher=self.ws.cipher)

        return self.runner.start(tr("校验"), task, self._verified, on_failed=self._failed,
                                 cancellable=False)

    def _verified(self, rep: object) -> None:
        r: backup.VerifyReport = rep  # type: ignore[assignment]
        if r.ok:
            self.status.setText(tr("校验通过：文件完整，结构版本 {0}，密钥可以打开（抽查 {1} 项）")
                                .format(r.revision, r.fields_checked))
        else:
            self.status.setText(tr("校验失败：") + "；".join(user_message(p) for p in r.problems))

    def _restore(self) -> None:
        path = self.selected()
        if not path:
            return
        answer = QMessageBox.question(
            self, self.windowTitle(),
            tr("用这个备份替换当前数据库？当前数据库会另存一份，不会丢失。"))
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_requested.emit(path)

    def _export_key(self) -> None:
        out, _ = QFileDialog.getSaveFileName(self, tr("导出密钥备份"), "shipdesk-key.key",
                                             tr("密钥备份 (*.key)"))
        if not out:
            return
        first, ok = QInputDialog.getText(self, tr("密钥备份密码"), tr("密码（至少 8 位）"),
                                         QLineEdit.EchoMode.Password)
        if not ok:
            return
        again, ok = QInputDialog.getText(self, tr("密钥备份密码"), tr("再输入一次"),
                                         QLineEdit.EchoMode.Password)
        if not ok:
            return
        self.export_key(out, first, again)

    def export_key(self, out: str, passphrase: str, again: str) -> bool:
        if passphrase != again:
            self.status.setText(tr("两次输入的密码不一致"))
            return False
        try:
            keys.export_key_backup(self.ws, out, passphrase)
        except (keys.KeysError, operators.PermissionDenied) as exc:
            self.status.setText(user_message(str(exc)))
            return False
        self.status.setText(tr("密钥备份已写入 {0}：请存放在电脑以外（U 盘），密码另行保管。")
                            .format(out))
        return True
