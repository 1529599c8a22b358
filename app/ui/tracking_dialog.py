"""查看物流: where an order's parcels are, and every tracking event, newest first.

Opened from 订单 → 查看物流… (Ctrl+T) or a table's context menu on one order. Each parcel
the order ships in (its own, the merged parcel it rides in, the parcels of a split) gets
a line — carrier, number, status, last event — and its events below. The numbers can be
copied for a buyer asking where the parcel is.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import tracking
from app.services.workspace import Workspace
from app.ui.texts import carrier_name, tr

CTX = "TrackingDialog"
#: normalised tracking status → what the seller reads
STATUS_NAMES: dict[str, str] = {
    "label_created": QT_TRANSLATE_NOOP("TrackingDialog", "已打单，待揽收"),
    "picked_up": QT_TRANSLATE_NOOP("TrackingDialog", "已揽收"),
    "in_transit": QT_TRANSLATE_NOOP("TrackingDialog", "运输中"),
    "out_for_delivery": QT_TRANSLATE_NOOP("TrackingDialog", "派送中"),
    "available_for_pickup": QT_TRANSLATE_NOOP("TrackingDialog", "待取件（驿站或快递柜）"),
    "delivery_failed": QT_TRANSLATE_NOOP("TrackingDialog", "投递失败"),
    "exception": QT_TRANSLATE_NOOP("TrackingDialog", "异常"),
    "returning": QT_TRANSLATE_NOOP("TrackingDialog", "退回中"),
    "returned": QT_TRANSLATE_NOOP("TrackingDialog", "已退回"),
    "delivered": QT_TRANSLATE_NOOP("TrackingDialog", "已签收"),
    "cancelled": QT_TRANSLATE_NOOP("TrackingDialog", "已取消"),
    "unknown": QT_TRANSLATE_NOOP("TrackingDialog", "状态未知"),
}


def _t(text: str) -> str:
    return tr(text, CTX)


def status_name(status: str) -> str:
    return _t(STATUS_NAMES.get(status, STATUS_NAMES["unknown"]))


def _when(value: object) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if value else None
    return value.strftime("%m-%d %H:%M") if isinstance(value, datetime) else ""


class TrackingDialog(QDialog):
    def __init__(self, ws: Workspace, order_id: int, platform_order_id: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("物流 · 订单 {0}").format(platform_order_id) if platform_order_id
                            else _t("物流"))
        self.resize(760, 520)
        self.journeys = tracking.order_journeys(ws, order_id)
        lay = QVBoxLayout(self)
        self.headlines: list[QLabel] = []
        self.tables: list[QTableWidget] = []
        if not self.journeys:
            note = QLabel(_t("这个订单还没有运单号：取号并打印面单后才能跟踪物流。"), self)
            note.setWordWrap(True)
            lay.addWidget(note)
            self.headlines.append(note)
        for j in self.journeys:
            head = QLabel(self._headline(j), self)
            head.setWordWrap(True)
            head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lay.addWidget(head)
            self.headlines.append(head)
            if j.events:
                table = self._events(j)
                lay.addWidget(table, 1)
                self.tables.append(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(_t("复制运单号"), self)
        self.copy_button.setEnabled(bool(self.journeys))
        self.copy_button.clicked.connect(self.copy_numbers)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        lay.addWidget(buttons)

    def _headline(self, j: tracking.Journey) -> str:
        parts = [carrier_name(j.carrier) if j.carrier else "", j.waybill_no]
        if j.pack_total > 1:
            parts.insert(0, _t("包裹 {0}/{1}").format(j.pack_no, j.pack_total))
        head = "  ".join(p for p in parts if p)
        sh = j.shipment
        if sh is None:
            state = _t("还没有查询过物流（打印后的下一次刷新物流会开始跟踪）") if j.printed_at \
                else _t("面单还没有打印")
            return f"<b>{head}</b>　{state}"
        state = f"<b>{status_name(sh.status)}</b>"
        if sh.last_event:
            state += f"　{_when(sh.last_event_at)} {sh.location} {sh.last_event}".rstrip()
        elif not j.events:
            state += "　" + _t("还没有物流记录")
        if sh.last_error and sh.polling:
            state += "<br>" + _t("上次查询失败：{0}").format(sh.last_error)
        return f"<b>{head}</b>　{state}"

    def _events(self, j: tracking.Journey) -> QTableWidget:
        table = QTableWidget(len(j.events), 4, self)
        table.setHorizontalHeaderLabels([_t("时间"), _t("状态"), _t("地点"), _t("物流信息")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for r, e in enumerate(j.events):
            cells = (_when(e["at"]), status_name(str(e["status"])), str(e["location"] or ""),
                     str(e["text"] or ""))
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        return table

    def copy_numbers(self) -> str:
        text = "\n".join(j.waybill_no for j in self.journeys)
        QGuiApplication.clipboard().setText(text)
        return text


def open_tracking(ws: Workspace, order_id: int, platform_order_id: str,
                  parent: QWidget) -> TrackingDialog:
    """Show one order's tracking, window-modal, gone once closed."""
    dialog = TrackingDialog(ws, order_id, platform_order_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
