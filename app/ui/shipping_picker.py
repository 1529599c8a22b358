"""The per-order picker of carrier and service tier: every option with its estimated cost
and promised delivery date, or why it is not offered; a package preset and a typed-in
weight re-price the list. Choosing calls assign_shipping.set_shipping.

    dlg = ShippingPickerDialog(ws, order_id, parent)
    dlg.assigned.connect(lambda summary: window.refresh())
    dlg.open()
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.money import format_fen
from app.services import assign_shipping as assign
from app.services import shipping_settings as ss
from app.services.workspace import Workspace
from app.ui.texts import catalogue_word

ZONE_NAMES = {"same_city": "同城", "same_province": "省内", "nearby": "邻省",
              "regional": "同区域", "national": "全国", "remote": "偏远"}
COLUMNS = ("快递", "服务", "预估运费", "预计送达", "说明")


class ShippingPickerDialog(QDialog):
    assigned = Signal(object)  # assign_shipping.ApplySummary

    def __init__(self, ws: Workspace, order_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.order_id = order_id
        self.setWindowTitle(self.tr("选择快递和服务"))
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.preset = QComboBox(self)
        self.preset.addItem(self.tr("不指定包装"), "")
        for p in ss.list_presets(ws):
            self.preset.addItem(f"{p.name}（{p.tare_g} g）", p.name)
        self.weight = QSpinBox(self)
        self.weight.setRange(0, 1_000_000)
        self.weight.setSuffix(" g")
        self.weight.setSpecialValueText(self.tr("按商品重量"))
        self.weigh_button = QPushButton(self.tr("用这个重量"), self)
        form = QFormLayout()
        form.addRow(self.tr("包装"), self.preset)
        wl = QHBoxLayout()
        wl.addWidget(self.weight)
        wl.addWidget(self.weigh_button)
        form.addRow(self.tr("称重"), wl)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("使用所选"))
        self.buttons.accepted.connect(self.choose)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary_label)
        lay.addLayout(form)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self.preset.currentIndexChanged.connect(self.reload)
        self.weigh_button.clicked.connect(self.set_weight)
        self.table.itemSelectionChanged.connect(self._selection)
        self.table.doubleClicked.connect(lambda *_: self.choose())
        self.resize(880, 560)
        self.options: assign.OrderOptions | None = None
        self.reload(first=True)

    def reload(self, *_: object, first: bool = False) -> None:
        preset = None if first else self.preset.currentData()
        self.options = o = assign.shipping_options(self.ws, self.order_id, preset=preset)
        if first and o.preset:
            self.preset.blockSignals(True)
            self.preset.setCurrentIndex(max(0, self.preset.findData(o.preset)))
            self.preset.blockSignals(False)
        weight = f"{o.weight_g / 1000:g} kg" if o.weight_g is not None else self.tr("未知")
        current = f"{o.carrier} {o.tier}" if o.carrier else self.tr("未指定")
        self.summary_label.setText(self.tr("订单 {0} · 目的地 {1} · 重量 {2}（{3}） · 当前 {4}")
                                   .format(o.platform_order_id,
                                           self.tr(ZONE_NAMES.get(o.zone, o.zone)), weight,
                                           o.weight_note, current))
        self.table.setRowCount(0)
        grey = QBrush(QColor("#9e9e9e"))
        for opt in o.options:
            r = self.table.rowCount()
            self.table.insertRow(r)
            cells = (catalogue_word(opt.carrier_name), catalogue_word(opt.tier_name),
                     format_fen(opt.cost_fen) if opt.cost_fen is not None else "—",
                     opt.deliver_by.strftime("%m-%d") if opt.deliver_by else "—",
                     opt.promise_detail + ("；" + opt.cost_detail if opt.cost_detail else "")
                     if opt.eligible else opt.reason)
            for col, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setData(Qt.ItemDataRole.UserRole, (opt.carrier, opt.tier, opt.eligible))
                if not opt.eligible:
                    it.setForeground(grey)
                    it.setToolTip(opt.reason)
                self.table.setItem(r, col, it)
            if opt.eligible and (opt.carrier, opt.tier) == (o.carrier, o.tier):
                self.table.selectRow(r)
        if o.waybill_no:
            self.message.setText(self.tr("已有运单号 {0}：要改快递请先作废面单").format(o.waybill_no))
        self._selection()

    def selected(self) -> tuple[str, str, bool] | None:
        r = self.table.currentRow()
        if r < 0:
            return None
        return self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)

    def _selection(self) -> None:
        sel = self.selected()
        ok = bool(sel and sel[2]) and not (self.options and self.options.waybill_no)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def set_weight(self) -> None:
        grams = self.weight.value() or None
        assign.set_weight(self.ws, self.order_id, grams)
        self.reload()

    def choose(self) -> bool:
        sel = self.selected()
        if not sel or not sel[2]:
            return False
        carrier, tier, _ = sel
        summary = assign.set_shipping(self.ws, [self.order_id], carrier=carrier, tier=tier,
                                      preset=self.preset.currentData())
        if summary.skipped:
            self.message.setText(summary.skipped[0]["message"])
            return False
        self.assigned.emit(summary)
        self.accept()
        return True
