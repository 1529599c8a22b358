"""The orders page: search box, status filter and the lazy order table.

A page owns its widgets and its model; the main window owns the actions that act on the
page's selection, the status bar and the background tasks. Later pages (tracking, alerts)
sit next to this one in the window's stack.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.workspace import Workspace
from app.ui.orders_model import COLUMN_INDEX, COLUMNS, PAGE_SIZE, OrdersModel
from app.ui.texts import STATUS_FILTER, status_name

SEARCH_DELAY_MS = 250


class OrdersPage(QWidget):
    """Orders filtered and sorted in SQL; emits selectionCountChanged for the status bar."""

    selectionCountChanged = Signal(int)

    def __init__(self, ws: Workspace, page_size: int = PAGE_SIZE,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = OrdersModel(ws, page_size, self)

        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("searchBox")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(
            self.tr("搜索：订单号 / 运单号 / 收件人完整姓名或手机号 / 商品 / 留言"))
        self.search_box.setMinimumWidth(420)
        self.status_box = QComboBox(self)
        for status in STATUS_FILTER:
            self.status_box.addItem(status_name(status) if status else self.tr("全部状态"),
                                    status)
        self.selection_label = QLabel(self)
        self.selection_label.setObjectName("selectionLabel")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel(self.tr("搜索"), self))
        bar.addWidget(self.search_box, 1)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("状态"), self))
        bar.addWidget(self.status_box)
        bar.addStretch(0)
        bar.addWidget(self.selection_label)

        self.table = QTableView(self)
        self.table.setObjectName("ordersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for n, col in enumerate(COLUMNS):
            header.resizeSection(n, col.width)
        # the model starts sorted by paid time, newest first; show that before enabling
        header.setSortIndicator(COLUMN_INDEX["paid_at"], Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_indicator_honest)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self.apply_filter)
        self.status_box.currentIndexChanged.connect(self.apply_filter)
        self._selection_changed()

    # --- filtering ----------------------------------------------------------------------
    def apply_filter(self) -> None:
        """Re-query with the search text and status now in the boxes."""
        self._search_timer.stop()
        self.model.set_filter(self.search_box.text(), self.status_box.currentData() or "")

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def set_status_filter(self, status: str) -> None:
        i = self.status_box.findData(status)
        if i >= 0:
            self.status_box.setCurrentIndex(i)

    # --- selection ----------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.table.selectionModel().selectedRows())

    def selected_order_ids(self) -> list[int]:
        return self.model.order_ids(self.selected_rows())

    def select_order_ids(self, ids: list[int]) -> None:
        """Select the loaded rows of these orders (after a reset lost the selection)."""
        sel = QItemSelection()
        for oid in ids:
            row = self.model.row_of(oid)
            if row is not None:
                sel.select(self.model.index(row, 0),
                           self.model.index(row, self.model.columnCount() - 1))
        self.table.selectionModel().select(
            sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def copy_selected_order_numbers(self) -> None:
        rows = self.selected_rows()
        text = "\n".join(self.model.row_at(r).platform_order_id for r in rows)
        if text:
            QGuiApplication.clipboard().setText(text)

    def refresh(self) -> None:
        """Re-read the loaded rows; keeps the selection when the same orders come back."""
        ids = self.selected_order_ids()
        self.model.refresh()
        if ids and self.selected_order_ids() != ids:
            self.select_order_ids(ids)

    def _selection_changed(self, *_: object) -> None:
        n = len(self.table.selectionModel().selectedRows())
        self.selection_label.setText(self.tr("已选 %n 单", "", n) if n else "")
        self.selectionCountChanged.emit(n)

    def _keep_indicator_honest(self, section: int, order: Qt.SortOrder) -> None:
        """The view sets the arrow on any clicked column; put it back where SQL sorts."""
        if self.model.is_sortable(section):
            return
        q = self.model.query
        current = next((n for n, c in enumerate(COLUMNS) if c.sort == q.sort),
                       COLUMN_INDEX["paid_at"])
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(current, Qt.SortOrder.DescendingOrder if q.descending
                                else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)
