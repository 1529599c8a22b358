"""Bulk assignment with a preview, voiding waybills, and the hook into the main window.

``BulkAssignDialog(ws, order_ids)``: rules and the strategy choose carrier, tier and
package for every selected order off the GUI thread; the table shows each choice with its
cost, promised date and the reason (which rule or strategy, why), plus what would be
skipped and why. 「检查地址」 asks the providers whether the addresses are served, before
any number is taken. 「应用」 applies exactly what is shown (re-checked) in one
transaction and emits ``applied(ApplySummary)``.

``VoidWaybillDialog(ws, order_ids)``: void (作废) the numbers with a reason.

``install(window)`` wires both, the per-order picker and the settings pages into a
MainWindow through its hooks (set_assign_handler, add_settings_page); the lead calls it
where the window is built, nothing else is needed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.money import format_fen
from app.services import assign_shipping as assign
from app.services import shipping_settings as ss
from app.services import waybills as wb
from app.services.workspace import Workspace
from app.ui.texts import catalogue_word
from app.ui.workers import TaskRunner

COLUMNS = ("订单号", "快递", "服务", "包装", "预估运费", "预计送达", "依据", "说明")
#: the rules engine explains its choice in English (app/core/rules.py); the Chinese UI
#: shows the common phrases in Chinese (the tooltip keeps the full original)
_EXPLAIN_ZH: tuple[tuple[str, str], ...] = (
    (r"no rule chose; cheapest eligible of (\d+) → ", r"没有规则匹配，\1 个可选中最便宜 → "),
    (r"no rule chose; fastest eligible of (\d+) → ", r"没有规则匹配，\1 个可选中最快 → "),
    (r"no rule chose; no eligible carrier and tier: ", "没有规则匹配，也没有可用的快递和服务："),
    (r"no rule chose", "没有规则匹配"),
    (r", cheapest of (\d+) eligible", r"，\1 个可选中最便宜"),
    (r", fastest of (\d+) eligible", r"，\1 个可选中最快"),
    (r", by (\d\d-\d\d)", r"，\1 前送达"),
    (r" \(next: ([^)]*)\)", r"（其次：\1）"),
    (r"\brule (\S+) 「", r"规则 \1「"),
    (r" matched but had no eligible option: ", " 匹配但没有可用选项："),
    (r"nothing it names is offered", "它指定的快递或服务都不可用"),
    (r"; buyer asked for ", "；买家要求"),
    (r" but no carrier offers it here", "，但这里没有快递提供"),
    (r"\bbuyer asked for ", "买家要求"),
    (r"package 「([^」]*)」 from ", r"包装「\1」来自"),
    (r"; package 「", "；包装「"),
    (r"set by hand", "手动指定"),
    (r", ¥", "，¥"),
    (r"; ", "；"),
)


def explain(text: str) -> str:
    """The rules engine's reason, in Chinese phrases when the UI is Chinese."""
    from app.ui.i18n import current_locale

    if not text or not current_locale().startswith("zh"):
        return text
    for pattern, repl in _EXPLAIN_ZH:
        text = re.sub(pattern, repl, text)
    return text
VOID_REASONS = ("买家改地址", "买家要求换快递", "打错面单", "重复取号", "订单取消")


class AssignmentModel(QAbstractTableModel):
    """Rows of a preview (assign_shipping.Assignment); skipped rows are greyed with why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[assign.Assignment] = []
        self.carriers = {c.code: catalogue_word(c.short) for c in ss.catalogue_view().carriers}
        self.tiers = {t.code: catalogue_word(t.name) for t in ss.catalogue_view().tiers}
        self.range_notes: dict[int, str] = {}

    def set_rows(self, rows: Sequence[assign.Assignment]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.range_notes = {}
        self.endResetModel()

    def mark_ranges(self, issues: Sequence[wb.RangeIssue]) -> None:
        self.range_notes = {i.order_id: i.reason for i in issues}
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def text(self, r: assign.Assignment, col: int) -> str:
        if col == 0:
            return r.platform_order_id
        if col == 1:
            return self.carriers.get(r.carrier, r.carrier)
        if col == 2:
            return self.tiers.get(r.tier, r.tier)
        if col == 3:
            return r.preset
        if col == 4:
            return format_fen(r.cost_fen) if r.cost_fen is not None else "—"
        if col == 5:
            return r.promise_date.strftime("%m-%d") if r.promise_date else "—"
        if col == 6:
            if r.rule_name:
                return self.tr("规则「{0}」").format(r.rule_name)
            return {"cheapest": self.tr("最便宜"), "fastest": self.tr("最快"),
                    "manual": self.tr("手动")}.get(r.strategy, r.strategy)
        note = self.range_notes.get(r.order_id)
        if note:
            return self.tr("地址不可达：") + note
        return explain(r.problem or r.explanation)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(x for x in (r.explanation, r.cost_detail, r.promise_detail,
                                         r.weight_note, r.problem,
                                         self.range_notes.get(r.order_id, "")) if x)
        if role == Qt.ItemDataRole.ForegroundRole and (
                not r.applicable or r.order_id in self.range_notes):
            return QBrush(QColor("#c62828") if r.order_id in self.range_notes
                          else QColor("#9e9e9e"))
        return None


class BulkAssignDialog(QDialog):
    """Preview rules and strategy for the selection, then apply in one go."""

    applied = Signal(object)  # assign_shipping.ApplySummary

    def __init__(self, ws: Workspace, order_ids: Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.order_ids = list(order_ids)
        self.setWindowTitle(self.tr("批量指定快递（{0} 单）").format(len(self.order_ids)))
        self.runner = TaskRunner(self)
        self.model = AssignmentModel(self)
        self.strategy = QComboBox(self)
        self.strategy.addItem(self.tr("按设置（规则之后）"), "")
        self.strategy.addItem(self.tr("最便宜"), "cheapest")
        self.strategy.addItem(self.tr("最快"), "fastest")
        self.preview_button = QPushButton(self.tr("重新预览"), self)
        self.check_button = QPushButton(self.tr("检查地址是否可达"), self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("没有规则匹配时："), self))
        top.addWidget(self.strategy)
        top.addWidget(self.preview_button)
        top.addStretch(1)
        top.addWidget(self.check_button)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply
                                        | QDialogButtonBox.StandardButton.Close, self)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText(self.tr("应用"))
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        self.preview_button.clicked.connect(self.preview)
        self.strategy.currentIndexChanged.connect(self.preview)
        self.check_button.clicked.connect(self.check_addresses)
        self.runner.busyChanged.connect(self._busy)
        self.result: assign.ApplySummary | None = None
        self.resize(1100, 640)
        self.preview()

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def _busy(self, busy: bool) -> None:
        for b in (self.preview_button, self.check_button, self.apply_button, self.strategy):
            b.setEnabled(not busy)
        if busy:
            self.status.setText(self.tr("{0}……").format(self.runner.title))
        elif self.model.rows:
            self._update_status()

    def preview(self) -> bool:
        ws, ids, strategy = self.ws, self.order_ids, self.strategy.currentData() or None

        def task(progress, cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            return assign.preview(ws, ids, strategy=strategy)

        return self.runner.start(self.tr("正在预览"), task, self._previewed,
                                 on_failed=self._failed, cancellable=False)

    def _previewed(self, rows: object) -> None:
        self.model.set_rows(rows)  # type: ignore[arg-type]
        self._update_status()

    def _update_status(self) -> None:
        rows = self.model.rows
        ok = [r for r in rows if r.applicable]
        cost = sum(r.cost_fen or 0 for r in ok)
        text = self.tr("将指定 {0} 单，预估运费合计 {1}；{2} 单跳过（灰色行，悬停看原因）").format(
            len(ok), format_fen(cost), len(rows) - len(ok))
        if self.model.range_notes:
            text += self.tr("；{0} 单地址不可达（红色行）").format(len(self.model.range_notes))
        self.status.setText(text)
        self.apply_button.setEnabled(bool(ok))

    def check_addresses(self) -> bool:
        ws, ids = self.ws, self.order_ids
        planned = {r.order_id: r.carrier for r in self.model.rows if r.carrier}

        def task(progress, cancelled):  # noqa: ANN001, ANN202
            return wb.check_deliverable(ws, ids, carriers=planned)

        return self.runner.start(self.tr("正在检查地址"), task, self._checked,
                                 on_failed=self._failed, cancellable=False)

    def _checked(self, issues: object) -> None:
        self.model.mark_ranges(issues)  # type: ignore[arg-type]
        self._update_status()

    def apply(self) -> bool:
        ws, rows = self.ws, list(self.model.rows)

        def task(progress, cancelled):  # noqa: ANN001, ANN202
            return assign.apply(ws, assignments=rows)

        return self.runner.start(self.tr("正在应用"), task, self._applied,
                                 on_failed=self._failed, cancellable=False)

    def _applied(self, summary: object) -> None:
        self.result = summary  # type: ignore[assignment]
        s = self.result
        self.status.setText(self.tr("已指定 {0} 单，未变 {1} 单，跳过 {2} 单").format(
            s.applied, s.unchanged, len(s.skipped)))
        self.applied.emit(summary)
        self.preview()

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        self.runner.wait()
        super().done(result)


class VoidWaybillDialog(QDialog):
    """Void (作废) the numbers of the selected orders, with a reason."""

    voided = Signal(object)  # waybills.CancelSummary

    def __init__(self, ws: Workspace, order_ids: Sequence[int],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.order_ids = list(order_ids)
        self.setWindowTitle(self.tr("作废面单（{0} 单）").format(len(self.order_ids)))
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems([self.tr(r) for r in VOID_REASONS])
        self.reason.setCurrentText("")
        self.note = QLabel(self.tr("作废后运单号不能再用；重新取号会得到新单号。已揽收的包裹不能作废。"),
                           self)
        self.note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("作废"))
        self.buttons.accepted.connect(self.void)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("作废原因"), self))
        lay.addWidget(self.reason)
        lay.addWidget(self.note)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        self.result: wb.CancelSummary | None = None

    def void(self) -> bool:
        try:
            self.result = wb.cancel_waybills(self.ws, self.order_ids,
                                             self.reason.currentText())
        except ValueError:
            self.status.setText(self.tr("请填写作废原因"))
            return False
        s = self.result
        self.voided.emit(s)
        if s.failed:
            self.status.setText(self.tr("已作废 {0} 单；{1} 单未作废：").format(
                s.cancelled, len(s.failed)) + "\n" + "\n".join(
                f"{f['order']}  {f['message']}" for f in s.failed[:20]))
            return False
        self.accept()
        return True


def open_assign(window: object, order_ids: list[int]) -> QDialog:
    """What 指定快递 opens: the picker for one order, the bulk preview for several."""
    from app.ui.shipping_picker import ShippingPickerDialog

    ws = window.ws  # type: ignore[attr-defined]
    if len(order_ids) == 1:
        dlg: QDialog = ShippingPickerDialog(ws, order_ids[0], window)  # type: ignore[arg-type]
        dlg.assigned.connect(lambda *_: window.refresh())  # type: ignore[attr-defined]
    else:
        dlg = BulkAssignDialog(ws, order_ids, window)  # type: ignore[arg-type]
        dlg.applied.connect(lambda *_: window.refresh())  # type: ignore[attr-defined]
    dlg.open()
    return dlg


def install(window: object) -> QWidget:
    """Wire shipping into a MainWindow: 指定快递 (Ctrl+D) opens the picker or the bulk
    preview, and 设置 gets a 「快递与规则」 tab. Returns the settings widget."""
    from app.ui.shipping_settings import ShippingSettingsWidget

    window.set_assign_handler(open_assign)  # type: ignore[attr-defined]
    widget = ShippingSettingsWidget(window.ws, None)  # type: ignore[attr-defined]
    window.add_settings_page(widget.tr("快递与规则"), widget)  # type: ignore[attr-defined]
    return widget
