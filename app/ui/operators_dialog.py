"""Operators: log in at the desk, and (for the owner) add, change and remove operators.

Constructors for the main window:

- `LoginDialog(ws, parent=None)`: pick an operator, enter the PIN; `exec()` returns
  Accepted once `ws.operator` is that operator. Use it at start (when the shop has
  operators) and for "switch operator".
- `OperatorsDialog(ws, parent=None)`: the owner's list of operators with add, role,
  PIN and remove. Opening it without the owner's role shows why and disables editing.
- `first_owner_needed(ws)`: True when the shop has no operator yet (offer to make the
  owner, or keep working as a single-user shop).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import operators
from app.services.workspace import Workspace
from app.ui.texts import service_message, tr

ROLE_NAMES = {operators.OWNER: "店主", operators.PACKER: "打包员"}


def first_owner_needed(ws: Workspace) -> bool:
    return not operators.has_operators(ws)


def _pin_field() -> QLineEdit:
    pin = QLineEdit()
    pin.setEchoMode(QLineEdit.EchoMode.Password)
    pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
    pin.setMaxLength(12)
    pin.setPlaceholderText(tr("PIN（没有设置就留空）"))
    return pin


class LoginDialog(QDialog):
    """Who is at the desk: operator and PIN."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(tr("登录"))
        self.operator_box = QComboBox()
        for op in operators.list_operators(ws):
            if op.active:
                self.operator_box.addItem(f"{op.name}（{tr(ROLE_NAMES[op.role])}）", op.name)
        if ws.operator:
            i = self.operator_box.findData(ws.operator)
            if i >= 0:
                self.operator_box.setCurrentIndex(i)
        self.pin = _pin_field()
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color: #c0392b")
        form = QFormLayout()
        form.addRow(tr("操作员"), self.operator_box)
        form.addRow(tr("PIN"), self.pin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.pin.setFocus()

    def try_login(self) -> bool:
        name = self.operator_box.currentData()
        if not name:
            self.error.setText(tr("还没有操作员"))
            return False
        try:
            operators.login(self.ws, name, self.pin.text())
        except operators.OperatorError as exc:
            self.error.setText(service_message(str(exc)))
            self.pin.clear()
            return False
        self.accept()
        return True


class OperatorsDialog(QDialog):
    """The owner's list of operators."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(tr("操作员与权限"))
        self.resize(560, 360)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("姓名"), tr("角色"), tr("PIN"), tr("状态")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.add_button = QPushButton(tr("添加…"))
        self.role_button = QPushButton(tr("切换角色"))
        self.pin_button = QPushButton(tr("设置 PIN…"))
        self.remove_button = QPushButton(tr("停用"))
        self.add_button.clicked.connect(self._add)
        self.role_button.clicked.connect(self._toggle_role)
        self.pin_button.clicked.connect(self._set_pin)
        self.remove_button.clicked.connect(self._remove)
        row = QHBoxLayout()
        for b in (self.add_button, self.role_button, self.pin_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        # the idle lock: applies when the dialog closes (Extensions re-reads it)
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, 24 * 60)
        self.idle_spin.setSuffix(tr(" 分钟"))
        self.idle_spin.setSpecialValueText(tr("不锁定"))
        self.idle_spin.setKeyboardTracking(False)
        self.idle_spin.setValue(operators.idle_minutes(ws))
        self.idle_spin.valueChanged.connect(self.set_idle_minutes)
        idle_row = QHBoxLayout()
        idle_row.addWidget(QLabel(tr("无人操作多久后锁定工作台")))
        idle_row.addWidget(self.idle_spin)
        idle_row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.notice)
        lay.addWidget(self.table)
        lay.addLayout(row)
        lay.addLayout(idle_row)
        lay.addWidget(close)
        self.refresh()

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        ops = operators.list_operators(self.ws)
        self.table.setRowCount(len(ops))
        for r, op in enumerate(ops):
            cells = (op.name, tr(ROLE_NAMES[op.role]), tr("已设置") if op.has_pin else tr("无"),
                     tr("在用") if op.active else tr("已停用"))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, op.name)
                self.table.setItem(r, c, item)
        editable = operators.can(self.ws, "operators")
        first = not ops
        self.add_button.setEnabled(editable or first)
        for b in (self.role_button, self.pin_button, self.remove_button):
            b.setEnabled(editable and bool(ops))
        self.idle_spin.setEnabled(operators.can(self.ws, "settings") and bool(ops))
        if first:
            self.notice.setText(tr("还没有操作员：第一个添加的人是店主，拥有全部权限。"))
        elif not editable:
            self.notice.setText(tr("只有店主可以管理操作员。"))
        else:
            self.notice.setText(tr("店主：全部权限。打包员：扫描、打印、取号、查物流；"
                                   "不能查看明文、导出个人信息或改设置。"))

    def selected_name(self) -> str:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else ""

    def _fail(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.windowTitle(), service_message(str(exc)))

    # ------------------------------------------------------------------ actions
    def set_idle_minutes(self, minutes: int) -> bool:
        try:
            operators.set_idle_minutes(self.ws, minutes)
        except operators.OperatorError as exc:
            self._fail(exc)
            self.idle_spin.blockSignals(True)
            self.idle_spin.setValue(operators.idle_minutes(self.ws))
            self.idle_spin.blockSignals(False)
            return False
        return True

    def add(self, name: str, role: str, pin: str = "") -> bool:
        """Add an operator (what the Add button asks for); False with a message if refused."""
        try:
            operators.add_operator(self.ws, name, role, pin)
        except operators.OperatorError as exc:
            self._fail(exc)
            return False
        self.refresh()
        return True

    def _add(self) -> None:
        name, ok = QInputDialog.getText(self, tr("添加操作员"), tr("姓名"))
        if not ok or not name.strip():
            return
        first = not operators.has_operators(self.ws)
        role = operators.OWNER
        if not first:
            choice, ok = QInputDialog.getItem(self, tr("添加操作员"), tr("角色"),
                                              [tr("打包员"), tr("店主")], 0, False)
            if not ok:
                return
            role = operators.OWNER if choice == tr("店主") else operators.PACKER
        pin, ok = QInputDialog.getText(self, tr("添加操作员"), tr("PIN（4–12 位数字，可留空）"),
                                       QLineEdit.EchoMode.Password)
        if ok:
            self.add(name, role, pin)

    def _toggle_role(self) -> None:
        name = self.selected_name()
        if not name:
            return
        op = next(o for o in operators.list_operators(self.ws) if o.name == name)
        new = operators.PACKER if op.role == operators.OWNER else operators.OWNER
        try:
            operators.update_operator(self.ws, name, role=new)
        except operators.OperatorError as exc:
            self._fail(exc)
        self.refresh()

    def _set_pin(self) -> None:
        name = self.selected_name()
        if not name:
            return
        pin, ok = QInputDialog.getText(self, tr("设置 PIN"), tr("新 PIN（留空则取消 PIN）"),
                                       QLineEdit.EchoMode.Password)
        if not ok:
            return
        try:
            operators.update_operator(self.ws, name, pin=pin)
        except operators.OperatorError as exc:
            self._fail(exc)
        self.refresh()

    def _remove(self) -> None:
        name = self.selected_name()
        if not name:
            return
        try:
            operators.remove_operator(self.ws, name)
        except operators.OperatorError as exc:
            self._fail(exc)
        self.refresh()
