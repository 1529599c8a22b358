"""The order table: pages through SQL as the view scrolls; filter and sort are SQL too.

A shop may hold a hundred thousand orders, so the model never loads them all: it keeps
the rows fetched so far and asks the service for the next page when the view reaches the
end. Everything it shows comes from `list_orders`, which gives masked buyer data only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.core.money import format_fen
from app.services.orders import SORTABLE, OrderQuery, OrderRow, count_orders, list_orders
from app.services.workspace import Workspace
from app.ui.texts import carrier_name, flag_reason, parcel_state_name, status_name, tr

PAGE_SIZE = 200
ORDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # OrderRow field
    title: str  # source text, translated for the header
    sort: str | None = None  # key of services.orders.SORTABLE, None: not sortable
    width: int = 100  # default width in pixels at 96 dpi
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("platform_order_id", "订单号", "platform_order_id", 168),
    Column("status", "状态", "status", 62),
    Column("name", "收件人", None, 62),
    Column("phone", "电话", None, 112),
    Column("address", "地址", None, 250),
    Column("items", "商品", None, 190),
    Column("item_count", "件数", None, 44, numeric=True),
    Column("payable_fen", "金额", "payable_fen", 78, numeric=True),
    Column("carrier", "快递", "carrier", 50),
    Column("waybill_no", "运单号", "waybill_no", 128),
    Column("parcel_state", "面单状态", None, 70),
    Column("paid_at", "付款时间", "paid_at", 98),
    Column("ship_by", "承诺发货", "ship_by", 98),
)
COLUMN_INDEX: dict[str, int] = {c.key: i for i, c in enumerate(COLUMNS)}

FLAGGED_FG = QColor("#c62828")
FLAGGED_BG = QColor("#fdecea")
STOPPED_FG = QColor("#8a8a8a")
_STOPPED = {"cancelled", "refunded"}


_NUMBER_RUN = re.compile(r"\d[\d \-]{5,}\d")


def hide_numbers(text: str) -> str:
    """Buyer messages are free text and may hold a phone number ("到了打 138…"); the
    service returns them as typed, so keep only the first 3 and last 2 digits of long runs."""
    def mask(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group())
        if len(digits) < 7:
            return m.group()
        return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]
    return _NUMBER_RUN.sub(mask, text)


def _when(value: datetime | None) -> str:
    """Month-day and time: orders on a packing desk are days old, the year is noise
    (the tooltip has the full date)."""
    return value.strftime("%m-%d %H:%M") if value else ""


def _full_when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


def display_text(row: OrderRow, key: str) -> str:
    """The text a cell shows; shared with tests so they read what the user reads."""
    match key:
        case "status":
            return status_name(row.status)
        case "parcel_state":
            return parcel_state_name(row.parcel_state)
        case "carrier":
            return carrier_name(row.carrier) if row.carrier else ""
        case "payable_fen":
            return format_fen(row.payable_fen)
        case "item_count":
            return str(row.item_count)
        case "paid_at" | "ship_by":
            return _when(getattr(row, key))
        case _:
            value = getattr(row, key)
            return "" if value is None else str(value)


class OrdersModel(QAbstractTableModel):
    """Lazy, SQL-backed order rows for a QTableView (one query per page of PAGE_SIZE)."""

    #: the number of orders matching the filter (not only the loaded ones)
    totalChanged = Signal(int)

    def __init__(self, ws: Workspace, page_size: int = PAGE_SIZE, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._ws = ws
        self._page = max(1, page_size)
        self._query = OrderQuery()
        self._rows: list[OrderRow] = []
        self._ids: set[int] = set()
        self._offset = 0  # rows the database has handed out for this query
        self._total = 0
        self._headers = [tr(c.title) for c in COLUMNS]
        self.reload()

    # --- what the window asks ---------------------------------------------------------
    @property
    def query(self) -> OrderQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def page_size(self) -> int:
        return self._page

    def row_at(self, row: int) -> OrderRow:
        return self._rows[row]

    def order_ids(self, rows: Iterable[int]) -> list[int]:
        """Order ids of view rows, in view order; rows out of range are ignored."""
        return [self._rows[r].id for r in sorted(set(rows)) if 0 <= r < len(self._rows)]

    def row_of(self, order_id: int) -> int | None:
        for n, r in enumerate(self._rows):
            if r.id == order_id:
                return n
        return None

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(COLUMNS) and COLUMNS[column].sort in SORTABLE

    def set_filter(self, text: str = "", status: str = "") -> None:
        """A new search or status filter: start again from the first page."""
        q = replace(self._query, text=text.strip(), status=status)
        if q != self._query:
            self._query = q
            self.reload()

    def reload(self) -> None:
        """Drop the loaded rows and fetch the first page (selection is lost)."""
        self.beginResetModel()
        self._total = count_orders(self._ws, self._query)
        self._rows, self._ids, self._offset = [], set(), 0
        self._append(list_orders(self._ws, self._query, 0, self._page))
        self.endResetModel()
        self.totalChanged.emit(self._total)

    def refresh(self) -> None:
        """Re-read as many rows as are loaded; when the same orders come back in the same
        order (the usual case after allocating or printing) the view keeps its selection
        and scroll position."""
        want = max(self._offset, self._page)
        rows = list_orders(self._ws, self._query, 0, want)
        total = count_orders(self._ws, self._query)
        if [r.id for r in rows] == [r.id for r in self._rows] and total >= len(rows):
            self._rows = rows
            self._offset = len(rows)
            self._total = total
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._total = total
            self._rows, self._ids, self._offset = [], set(), 0
            self._append(rows)
            self.endResetModel()
        self.totalChanged.emit(self._total)

    # --- QAbstractTableModel --------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._offset < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._offset >= self._total:
            return
        rows = list_orders(self._ws, self._query, self._offset, self._page)
        if not rows:
            # fewer orders than counted (some deleted meanwhile): stop asking
            self._total = self._offset
            self.totalChanged.emit(self._total)
            return
        fresh = [r for r in rows if r.id not in self._ids]
        self._offset += len(rows)
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._append(fresh, count_offset=False)
            self.endInsertRows()

    def _append(self, rows: list[OrderRow], count_offset: bool = True) -> None:
        for r in rows:
            if r.id not in self._ids:  # offset paging can repeat a row that moved
                self._ids.add(r.id)
                self._rows.append(r)
        if count_offset:
            self._offset += len(rows)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section].numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and not self.is_sortable(section):
            return tr("此列不能排序")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(row, col.key)
        if role == ORDER_ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.flagged:
                return QBrush(FLAGGED_FG)
            if row.status in _STOPPED:
                return QBrush(STOPPED_FG)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(FLAGGED_BG) if row.flagged else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        return None

    def _tooltip(self, row: OrderRow, col: Column) -> str | None:
        parts = []
        if row.flagged:
            parts.append("⚠ " + flag_reason(row.flagged))
        if col.key in ("address", "items") and display_text(row, col.key):
            parts.append(display_text(row, col.key))
        if col.key in ("paid_at", "ship_by") and getattr(row, col.key):
            parts.append(_full_when(getattr(row, col.key)))
        if col.key == "status" and row.platform_status:
            parts.append(tr("平台状态：") + row.platform_status)
        if col.key == "platform_order_id":
            parts.append(f"{row.shop}（{row.platform}）")
            if row.remark:
                parts.append(tr("买家留言：") + hide_numbers(row.remark))
        return "\n".join(parts) or None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is an ORDER BY in SQL; columns the service cannot sort are ignored."""
        if not self.is_sortable(column):
            return
        q = replace(self._query, sort=COLUMNS[column].sort,
                    descending=order == Qt.SortOrder.DescendingOrder)
        if q != self._query:
            self._query = q
            self.reload()
