"""A page of orders: search box, status filter, saved filters and the lazy order table.

The same page serves 订单 (all orders), 待打印 (numbered, not printed), 已发货 (printed or
shipped) and the intercept list of 异常: only the model's `view` differs. A page owns its
widgets and its model; the main window owns the actions that act on the page's selection,
the status bar and the background tasks.

What a packer arranges stays: column order, widths and hidden columns per page, and named
filters (search text + status + sort), all in the station's QSettings.
"""

from __future__ import annotations

import json

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.workspace import Workspace
from app.ui.orders_model import COLUMN_INDEX, COLUMNS, PAGE_SIZE, OrdersModel
from app.ui.texts import STATUS_FILTER, status_name, tr

SEARCH_DELAY_MS = 250
#: columns a page hides until the packer shows them
DEFAULT_HIDDEN: dict[str, tuple[str, ...]] = {
    "all": (),
    "to_print": ("payable_fen", "ship_by"),
    "shipped": ("ship_by", "item_count"),
    "alerts": ("item_count", "payable_fen"),
}


class OrdersPage(QWidget):
    """Orders filtered and sorted in SQL; emits selectionCountChanged for the status bar."""

    selectionCountChanged = Signal(int)

    def __init__(self, ws: Workspace, page_size: int = PAGE_SIZE,
                 parent: QWidget | None = None, *, view: str = "all",
                 key: str = "orders", autoload: bool = True) -> None:
        super().__init__(parent)
        self.view = view
        self.key = key
        self.model = OrdersModel(ws, page_size, self, view=view, autoload=autoload)

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
        self.filters_box = QComboBox(self)
        self.filters_box.setObjectName("savedFilters")
        self.filters_box.setToolTip(self.tr("保存的筛选：搜索词、状态和排序"))
        self.filters_box.setMinimumWidth(130)
        self.columns_button = QToolButton(self)
        self.columns_button.setText(self.tr("列"))
        self.columns_button.setToolTip(self.tr("选择显示哪些列（也可以右键点表头）"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self)
        self.columns_button.setMenu(self.columns_menu)
        self.columns_menu.aboutToShow.connect(self._fill_columns_menu)
        self._settings: QSettings | None = None
        self._filters: list[dict] = []

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel(self.tr("搜索"), self))
        bar.addWidget(self.search_box, 1)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("状态"), self))
        bar.addWidget(self.status_box)
        bar.addSpacing(12)
        bar.addWidget(self.filters_box)
        bar.addWidget(self.columns_button)
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
        # every row the same height: Qt never measures rows, however many are loaded
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
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
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        for name in DEFAULT_HIDDEN.get(view, ()):
            header.hideSection(COLUMN_INDEX[name])
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        # lay the rows out at once: left to the view's delayed layout, a reset or a fetched
        # page that changes the row count paints the table twice (the header finds the new
        # rows after the first paint and asks for another): 15-20 ms on every search,
        # filter, sort and scrolled page
        self.model.modelReset.connect(self._lay_out_rows)
        self.model.rowsInserted.connect(self._lay_out_rows)

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
        self.filters_box.activated.connect(self._filter_chosen)
        self._fill_filters_box()
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
        self.selection_label.setText(self.tr("已选 {0} 单").format(n) if n else "")
        self.selectionCountChanged.emit(n)

    def _lay_out_rows(self, *_: object) -> None:
        self.table.doItemsLayout()

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

    # --- columns ------------------------------------------------------------------------
    def column_visible(self, key: str) -> bool:
        return not self.table.horizontalHeader().isSectionHidden(COLUMN_INDEX[key])

    def set_column_visible(self, key: str, visible: bool) -> None:
        header = self.table.horizontalHeader()
        section = COLUMN_INDEX[key]
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return  # the last visible column stays
        header.setSectionHidden(section, not visible)
        if visible and header.sectionSize(section) < 20:
            header.resizeSection(section, COLUMNS[section].width)

    def reset_columns(self) -> None:
        header = self.table.horizontalHeader()
        for n, col in enumerate(COLUMNS):
            header.moveSection(header.visualIndex(n), n)
            header.setSectionHidden(n, col.key in DEFAULT_HIDDEN.get(self.view, ()))
            header.resizeSection(n, col.width)

    def _fill_columns_menu(self, menu: QMenu | None = None) -> QMenu:
        menu = menu or self.columns_menu
        menu.clear()
        for col in COLUMNS:
            act = QAction(tr(col.title), menu)
            act.setCheckable(True)
            act.setChecked(self.column_visible(col.key))
            act.toggled.connect(lambda on, k=col.key: self.set_column_visible(k, on))
            menu.addAction(act)
        menu.addSeparator()
        menu.addAction(self.tr("恢复默认列"), self.reset_columns)
        return menu

    def _header_menu(self, pos: QPoint) -> None:
        menu = self._fill_columns_menu(QMenu(self))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    # --- saved state (QSettings) -----------------------------------------------------------
    def _header_key(self) -> str:
        # the orders page keeps the key it had before pages existed
        return "main/ordersHeader" if self.key == "orders" else f"pages/{self.key}/header"

    def restore_state(self, settings: QSettings) -> None:
        self._settings = settings
        header = settings.value(self._header_key())
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        raw = settings.value(f"pages/{self.key}/filters", "")
        try:
            self._filters = [f for f in json.loads(str(raw or "[]")) if isinstance(f, dict)]
        except ValueError:
            self._filters = []
        self._fill_filters_box()

    def save_state(self, settings: QSettings) -> None:
        settings.setValue(self._header_key(), self.table.horizontalHeader().saveState())
        settings.setValue(f"pages/{self.key}/filters",
                          json.dumps(self._filters, ensure_ascii=False))

    # --- saved filters -------------------------------------------------------------------
    def saved_filters(self) -> list[str]:
        return [f["name"] for f in self._filters]

    def save_filter(self, name: str) -> None:
        """Remember the search text, status and sort now in use under a name."""
        name = name.strip()
        if not name:
            return
        q = self.model.query
        entry = {"name": name, "text": self.search_box.text().strip(),
                 "status": self.status_box.currentData() or "", "sort": q.sort,
                 "descending": q.descending}
        self._filters = [f for f in self._filters if f["name"] != name] + [entry]
        self._fill_filters_box(name)
        if self._settings is not None:
            self.save_state(self._settings)

    def delete_filter(self, name: str) -> None:
        self._filters = [f for f in self._filters if f["name"] != name]
        self._fill_filters_box()
        if self._settings is not None:
            self.save_state(self._settings)

    def apply_saved_filter(self, name: str) -> bool:
        entry = next((f for f in self._filters if f["name"] == name), None)
        if entry is None:
            return False
        self.search_box.blockSignals(True)
        self.search_box.setText(entry.get("text", ""))
        self.search_box.blockSignals(False)
        self.status_box.blockSignals(True)
        i = self.status_box.findData(entry.get("status", ""))
        self.status_box.setCurrentIndex(max(i, 0))
        self.status_box.blockSignals(False)
        sort = entry.get("sort", "paid_at")
        col = next((n for n, c in enumerate(COLUMNS) if c.sort == sort), None)
        if col is not None:
            self.table.sortByColumn(col, Qt.SortOrder.DescendingOrder if entry.get(
                "descending", True) else Qt.SortOrder.AscendingOrder)
        self.apply_filter()
        return True

    def _fill_filters_box(self, current: str = "") -> None:
        box = self.filters_box
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("保存的筛选…"), "")
        for f in self._filters:
            box.addItem(f["name"], f["name"])
        i = box.findData(current) if current else 0
        box.setCurrentIndex(max(i, 0))
        box.blockSignals(False)

    def _filter_chosen(self, index: int) -> None:
        name = self.filters_box.itemData(index)
        if name:
            self.apply_saved_filter(name)
