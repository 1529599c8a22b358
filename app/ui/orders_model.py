"""The order table: pages through SQL as the view scrolls; filter and sort are SQL too.

A shop may hold a hundred thousand orders, so the model never loads them all: it keeps
the rows fetched so far and asks the service for the next page when the view reaches the
end. Everything it shows comes from `list_view`, which gives masked buyer data only.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from app.core.money import format_fen
from app.services.orders import (
    SORTABLE,
    OrderRow,
    ViewQuery,
    count_view,
    is_free_text,
    list_view,
)
from app.services.workspace import Workspace
from app.ui.texts import carrier_name, flag_reason, parcel_state_name, status_name, tr
from app.ui.workers import Worker

PAGE_SIZE = 200
#: counting stops here on every filter change; the exact number follows from a worker
COUNT_CAP = 10000
#: a free-text search (a scan) is counted exactly once its text stood this long
FREE_TEXT_COUNT_DELAY_MS = 400
ORDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex

#: exact counts run on a pool of their own, at a lower priority than the GUI thread: a count
#: of a million orders (60-600 ms of CPU, it cannot be stopped once it runs) must not take
#: the processor from the page being painted or the next search on a busy desk PC
COUNT_THREADS = 2
_COUNT_NICE = 10
_count_pool_instance: QThreadPool | None = None


def _count_pool() -> QThreadPool:
    global _count_pool_instance
    if _count_pool_instance is None:
        _count_pool_instance = QThreadPool()
        _count_pool_instance.setMaxThreadCount(COUNT_THREADS)
    return _count_pool_instance


def _lower_thread_priority() -> None:
    """Called in a count thread: Linux nices that thread alone (its id is a task id); other
    systems take Qt's low priority (Qt ignores it for Linux's default scheduler)."""
    if sys.platform.startswith("linux"):
        try:
            tid = threading.get_native_id()
            if os.getpriority(os.PRIO_PROCESS, tid) < _COUNT_NICE:
                os.setpriority(os.PRIO_PROCESS, tid, _COUNT_NICE)
        except OSError:
            pass
    else:
        QThread.currentThread().setPriority(QThread.Priority.LowPriority)


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # OrderRow field
    title: str  # source text, translated for the header
    sort: str | None = None  # key of services.orders.SORTABLE, None: not sortable
    width: int = 100  # default width in pixels at 96 dpi
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("platform_order_id", QT_TRANSLATE_NOOP("ShipDesk", "订单号"), "platform_order_id", 168),
    Column("status", QT_TRANSLATE_NOOP("ShipDesk", "状态"), "status", 62),
    Column("name", QT_TRANSLATE_NOOP("ShipDesk", "收件人"), None, 62),
    Column("phone", QT_TRANSLATE_NOOP("ShipDesk", "电话"), None, 112),
    Column("address", QT_TRANSLATE_NOOP("ShipDesk", "地址"), None, 250),
    Column("items", QT_TRANSLATE_NOOP("ShipDesk", "商品"), None, 190),
    Column("item_count", QT_TRANSLATE_NOOP("ShipDesk", "件数"), None, 44, numeric=True),
    Column("payable_fen", QT_TRANSLATE_NOOP("ShipDesk", "金额"), "payable_fen", 78, numeric=True),
    # carrier and waybill are columns of the joined parcel: no index can order orders by
    # them (1.5-3 s on a million orders), so the table does not offer those sorts
    Column("carrier", QT_TRANSLATE_NOOP("ShipDesk", "快递"), None, 50),
    Column("waybill_no", QT_TRANSLATE_NOOP("ShipDesk", "运单号"), None, 128),
    Column("parcel_state", QT_TRANSLATE_NOOP("ShipDesk", "面单状态"), None, 70),
    Column("paid_at", QT_TRANSLATE_NOOP("ShipDesk", "付款时间"), "paid_at", 98),
    Column("ship_by", QT_TRANSLATE_NOOP("ShipDesk", "承诺发货"), "ship_by", 98),
)
COLUMN_INDEX: dict[str, int] = {c.key: i for i, c in enumerate(COLUMNS)}
_ALIGNMENTS = tuple(
    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) if c.numeric
    else int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) for c in COLUMNS)

FLAGGED_FG = QColor("#c62828")
FLAGGED_BG = QColor("#fdecea")
STOPPED_FG = QColor("#8a8a8a")
_STOPPED = {"cancelled", "refunded"}
_FLAGGED_FG_BRUSH = QBrush(FLAGGED_FG)
_FLAGGED_BG_BRUSH = QBrush(FLAGGED_BG)
_STOPPED_BRUSH = QBrush(STOPPED_FG)
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


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
    """Lazy, SQL-backed order rows for a QTableView (one query per page of PAGE_SIZE).

    A million orders: a filter change counts at most COUNT_CAP matches (a few ms) and shows
    the first page at once; when there are more, the exact count runs in a pool thread and
    `totalChanged` fires again when it lands. Until then `total_exact` is False and paging
    goes on while pages come back full."""

    #: the number of orders matching the filter (not only the loaded ones)
    totalChanged = Signal(int)

    def __init__(self, ws: Workspace, page_size: int = PAGE_SIZE, parent=None,  # noqa: ANN001
                 *, view: str = "all", autoload: bool = True,
                 count_cap: int = COUNT_CAP) -> None:
        super().__init__(parent)
        self._ws = ws
        self._page = max(1, page_size)
        self._query = ViewQuery(view=view)
        self._rows: list[OrderRow] = []
        self._texts: dict[int, tuple[str, ...]] = {}  # row → display texts, filled on paint
        self._ids: set[int] = set()
        self._offset = 0  # rows the database has handed out for this query
        self._total = 0
        self._exact = True
        self._more = False  # while the count is a lower bound: did the last page come full?
        self._cap = max(1, count_cap)
        self._generation = 0  # drops exact counts of an older query
        self._counters: list[Worker] = []
        self._loaded = False
        self._last: OrderRow | None = None  # the last row fetched: the next page seeks after it
        #: exact counts per filter (view, status, text) since the last refresh
        self._known: dict[tuple[str, str, str], int] = {}
        self._headers = [tr(c.title) for c in COLUMNS]
        if autoload:
            self.reload()

    # --- what the window asks ---------------------------------------------------------
    @property
    def query(self) -> ViewQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def total_exact(self) -> bool:
        """False while `total` is only "at least" (the exact count is on its way)."""
        return self._exact

    @property
    def loaded(self) -> bool:
        return self._loaded

    def ensure_loaded(self) -> None:
        """Pages built with autoload=False query the first time they are shown."""
        if not self._loaded:
            self.reload()

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
            self.reload(known_counts=True)

    def _count(self, first: list[OrderRow] | None = None, asked: int = 0) -> None:
        """Bounded count now; the exact one in the background when the bound is hit.

        With the first rows at hand (`asked` of them wanted): fewer is the whole count, and a
        free-text search (a scan of remarks, not an index) counts only in the background,
        the rows loaded so far standing for "at least" meanwhile."""
        self._generation += 1
        known = self._known.get(self._filter_key())
        if first is not None and len(first) < asked:
            self._exact, self._total = True, len(first)
            self._known[self._filter_key()] = self._total
            return
        if known is not None and first is not None and len(first) <= known:
            # back to a filter counted a moment ago (status "all" after a search): a million
            # orders are not counted again
            self._exact, self._total = True, known
            return
        if first is not None and is_free_text(self._query.text):
            self._exact, self._total = False, len(first)
        else:
            n = count_view(self._ws, self._query, cap=self._cap + 1)
            self._exact = n <= self._cap
            self._total = n if self._exact else self._cap
            if self._exact:
                self._known[self._filter_key()] = n
        if not self._exact:
            if is_free_text(self._query.text):
                # a scan of a million remarks cannot be stopped once it runs: it starts when
                # the search text has stood a moment (not for each search typed and left)
                gen = self._generation
                QTimer.singleShot(FREE_TEXT_COUNT_DELAY_MS, self,
                                  lambda: self._start_exact_count(gen))
            else:
                self._start_exact_count(self._generation)

    def _start_exact_count(self, gen: int) -> None:
        if gen != self._generation:
            return
        ws, q = self._ws, self._query

        def task(_p, _c):  # noqa: ANN001, ANN202
            if gen != self._generation:  # queued behind another count and overtaken
                return gen, q, None
            _lower_thread_priority()
            return gen, q, count_view(ws, q)

        worker = Worker(task)
        worker.signals.finished.connect(self._exact_count)
        self._counters = [w for w in self._counters if not w.is_done()] + [worker]
        worker.start(_count_pool())

    def _exact_count(self, result: object) -> None:
        gen, q, n = result  # type: ignore[misc]
        if gen != self._generation or n is None:
            return
        self._exact = True
        self._total = max(int(n), len(self._rows))
        self._known[self._filter_key(q)] = self._total
        self.totalChanged.emit(self._total)

    def _filter_key(self, q: ViewQuery | None = None) -> tuple[str, str, str]:
        q = q or self._query
        return (q.view, q.status, q.text)

    def wait_for_count(self, timeout_s: float = 30.0) -> None:
        """Block until background counts are done (tests, shutdown); a delayed count that
        has not started yet is not waited for."""
        for w in self._counters:
            w.wait(timeout_s)

    def reload(self, *, keep_count: bool = False, known_counts: bool = False) -> None:
        """Drop the loaded rows and fetch the first page (selection is lost).

        `keep_count`: only the order changed, so the count stands (an exact count still on
        its way lands as well). `known_counts`: a filter counted exactly before (since the
        last refresh) is not counted again; otherwise every count is forgotten."""
        if not known_counts:
            self._known.clear()
        self.beginResetModel()
        self._loaded = True
        self._rows, self._ids, self._offset = [], set(), 0
        self._texts = {}
        first = list_view(self._ws, self._query, 0, self._page)
        if not keep_count:
            self._count(first, self._page)
        self._more = len(first) >= self._page
        self._last = first[-1] if first else None
        self._append(first)
        self.endResetModel()
        self.totalChanged.emit(self._total)

    def refresh(self) -> None:
        """Re-read as many rows as are loaded; when the same orders come back in the same
        order (the usual case after allocating or printing) the view keeps its selection
        and scroll position."""
        if not self._loaded:
            return
        self._known.clear()  # the data changed: every count is to be made again
        want = max(self._offset, self._page)
        rows = list_view(self._ws, self._query, 0, want)
        self._count(rows, want)
        self._last = rows[-1] if rows else None
        total = self._total
        if [r.id for r in rows] == [r.id for r in self._rows] and (
                total >= len(rows) or not self._exact):
            self._rows = rows
            self._texts = {}
            self._offset = len(rows)
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._rows, self._ids, self._offset = [], set(), 0
            self._texts = {}
            self._append(rows)
            self.endResetModel()
        self._more = len(rows) >= want
        self.totalChanged.emit(self._total)

    # --- QAbstractTableModel --------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._offset < self._total if self._exact else self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        # the next page seeks after the last row handed out: no OFFSET, however deep
        rows = list_view(self._ws, self._query, self._offset, self._page, after=self._last)
        self._more = len(rows) >= self._page
        if rows:
            self._last = rows[-1]
        if not rows:
            # fewer orders than counted (some deleted meanwhile): stop asking
            self._total = self._offset
            self._exact = True
            self._generation += 1
            self.totalChanged.emit(self._total)
            return
        if not self._exact and not self._more:  # the end is reached: now it is exact
            self._generation += 1
            self._exact = True
            self._total = self._offset + len(rows)
            self.totalChanged.emit(self._total)
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
            return tr(QT_TRANSLATE_NOOP("ShipDesk", "此列不能排序"))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # called for every role of every visible cell on each paint: the common roles are
        # answered from per-row caches and constants
        r = index.row()
        if not 0 <= r < len(self._rows) or not index.isValid():
            return None
        if role == _DISPLAY:
            texts = self._texts.get(r)
            if texts is None:
                row = self._rows[r]
                texts = self._texts[r] = tuple(display_text(row, c.key) for c in COLUMNS)
            return texts[index.column()]
        if role == _ALIGN:
            return _ALIGNMENTS[index.column()]
        if role == _FOREGROUND:
            row = self._rows[r]
            if row.flagged:
                return _FLAGGED_FG_BRUSH
            return _STOPPED_BRUSH if row.status in _STOPPED else None
        if role == _BACKGROUND:
            return _FLAGGED_BG_BRUSH if self._rows[r].flagged else None
        if role == ORDER_ID_ROLE:
            return self._rows[r].id
        if role == _TOOLTIP:
            return self._tooltip(self._rows[r], COLUMNS[index.column()])
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
            parts.append(tr(QT_TRANSLATE_NOOP("ShipDesk", "平台状态：")) + row.platform_status)
        if col.key == "platform_order_id":
            parts.append(f"{row.shop}（{row.platform}）")
            if row.remark:
                parts.append(tr(QT_TRANSLATE_NOOP("ShipDesk", "买家留言：")) + hide_numbers(row.remark))
        return "\n".join(parts) or None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is an ORDER BY in SQL; columns the service cannot sort are ignored."""
        if not self.is_sortable(column):
            return
        q = replace(self._query, sort=COLUMNS[column].sort,
                    descending=order == Qt.SortOrder.DescendingOrder)
        if q != self._query:
            self._query = q
            # the same orders in another order: no new count (a million orders would be
            # counted again in the background on every header click)
            self.reload(keep_count=self._loaded, known_counts=True)
