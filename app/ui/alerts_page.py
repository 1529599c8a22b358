"""包裹中心 — the package-centre alerts: a list to act on, and a tracking refresh.

A standalone page: ``AlertsPage(ws, parent=None)``; the main window embeds it. It lists
alerts from ``app.services.alerts`` (most urgent first), shows why each one fired and
what to do, and lets the packer acknowledge (我来处理) or resolve (已处理) the selected
ones. 刷新物流 runs the tracking refresh and the alert rules in a worker (progress,
cancel); new urgent alerts go to the optional ``TrayNotifier`` and ``urgentAlerts``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services import alerts as alerts_service
from app.services.alerts import RULES, AlertView
from app.services.tracking import RefreshSummary, auto_refresh_minutes, refresh_task
from app.services.workspace import Workspace
from app.ui.tray import TrayNotifier
from app.ui.workers import TaskRunner

SEVERITY_NAMES = {"urgent": "紧急", "warning": "注意", "info": "提示"}
STATE_NAMES = {"open": "待处理", "acknowledged": "处理中", "resolved": "已解决"}
#: the state filter: (service value, label)
STATE_FILTERS = (("active", "待处理和处理中"), ("open", "待处理"), ("acknowledged", "处理中"),
                 ("resolved", "已解决"), ("all", "全部"))
_SEVERITY_COLORS = {"urgent": "#fdecea", "warning": "#fff8e1"}
LIST_LIMIT = 1000


def _when(dt) -> str:  # noqa: ANN001
    return dt.strftime("%m-%d %H:%M") if dt else ""


class AlertsModel(QAbstractTableModel):
    """The alerts of one filter (at most ``LIST_LIMIT``; alerts are few by nature)."""

    COLUMNS = ("级别", "提醒", "订单号", "运单号", "原因", "期限", "触发时间", "状态")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AlertView] = []

    def set_rows(self, rows: Sequence[AlertView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        a = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.tr(SEVERITY_NAMES.get(a.severity, a.severity)), self.tr(a.title),
                    a.platform_order_id, a.waybill_no, a.reason, _when(a.due_at),
                    _when(a.fired_at), self.tr(STATE_NAMES.get(a.state, a.state)))[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{a.reason}\n→ {a.action}"
        if role == Qt.ItemDataRole.BackgroundRole and a.state != "resolved":
            color = _SEVERITY_COLORS.get(a.severity)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.ForegroundRole and col == 0 and a.severity == "urgent":
            return QBrush(QColor("#b3261e"))
        if role == Qt.ItemDataRole.UserRole:
            return a.id
        return None

    def alert_at(self, row: int) -> AlertView:
        return self.rows[row]


class AlertsPage(QWidget):
    """The package-centre alert list with acknowledge / resolve and a tracking refresh."""

    #: active alerts, of which urgent (for a badge on the main window's navigation)
    alertsChanged = Signal(int, int)
    #: new urgent alerts found by the last refresh (list of AlertView)
    urgentAlerts = Signal(list)
    #: a tracking refresh ended (RefreshSummary), failed (message) or was cancelled
    trackingRefreshed = Signal(object)
    trackingFailed = Signal(str)

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *,
                 notifier: TrayNotifier | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.notifier = notifier
        self.runner = TaskRunner(self)
        self.model = AlertsModel(self)
        self.last_summary: RefreshSummary | None = None
        self._auto_timer: QTimer | None = None

        self.state_box = QComboBox(self)
        self.state_box.setObjectName("stateFilter")
        for value, label in STATE_FILTERS:
            self.state_box.addItem(self.tr(label), value)
        self.rule_box = QComboBox(self)
        self.rule_box.setObjectName("ruleFilter")
        self.rule_box.addItem(self.tr("全部类型"), "")
        for rule in RULES.values():
            self.rule_box.addItem(self.tr(rule.title), rule.key)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("alertCount")
        self.ack_button = QPushButton(self.tr("我来处理"), self)
        self.ack_button.setObjectName("ackButton")
        self.ack_button.setToolTip(self.tr("确认提醒：条件解除前仍会显示在列表里"))
        self.resolve_button = QPushButton(self.tr("已处理"), self)
        self.resolve_button.setObjectName("resolveButton")
        self.resolve_button.setToolTip(self.tr("手动解决：除非出现新情况，不会再提醒"))
        self.journey_button = QPushButton(self.tr("查看物流"), self)
        self.journey_button.setObjectName("journeyButton")
        self.journey_button.setToolTip(self.tr("这条提醒的包裹：物流状态和每一条物流记录（双击也可）"))
        self.journey_button.setEnabled(False)
        self.refresh_button = QPushButton(self.tr("刷新物流"), self)
        self.refresh_button.setObjectName("refreshTrackingButton")
        self.cancel_button = QPushButton(self.tr("停止"), self)
        self.cancel_button.setObjectName("cancelRefreshButton")
        self.cancel_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("refreshProgress")
        self.progress.setMaximumWidth(180)
        self.progress.hide()

        self.table = QTableView(self)
        self.table.setObjectName("alertsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("alertDetail")
        self.detail.setOpenExternalLinks(False)

        bar = QHBoxLayout()
        bar.addWidget(self.state_box)
        bar.addWidget(self.rule_box)
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.journey_button)
        bar.addWidget(self.ack_button)
        bar.addWidget(self.resolve_button)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self.state_box.currentIndexChanged.connect(self.refresh)
        self.rule_box.currentIndexChanged.connect(self.refresh)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.journey_button.clicked.connect(self.show_journey)
        self.table.doubleClicked.connect(lambda *_: self.show_journey())
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.refresh_button.clicked.connect(self.refresh_tracking)
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.runner.busyChanged.connect(self._busy)
        self.runner.progress.connect(self._progress)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.refresh()

    # -- the list -------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Reload the list for the current filters (keeps the selection by id)."""
        keep = set(self.selected_ids())
        try:
            rows = alerts_service.list_alerts(self.ws, self.state_box.currentData() or "active",
                                              rule=self.rule_box.currentData() or "",
                                              limit=LIST_LIMIT)
            counts = alerts_service.alert_counts(self.ws)
        except Exception as exc:  # the page must stay usable when the database hiccups
            self.count_label.setText(self.tr("读取提醒失败：{0}").format(exc))
            return
        self.model.set_rows(rows)
        active = counts["open"] + counts["acknowledged"]
        self.count_label.setText(self.tr("{0} 条待处理（紧急 {1}），列表 {2} 条").format(
            active, counts["urgent"], len(rows)))
        if keep:
            sel = self.table.selectionModel()
            for r, a in enumerate(rows):
                if a.id in keep:
                    sel.select(self.model.index(r, 0),
                               sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
        self._selection_changed()
        self.alertsChanged.emit(active, counts["urgent"])

    def selected_ids(self) -> list[int]:
        return [a.id for a in self._chosen()]

    def _chosen(self) -> list[AlertView]:
        """The selected alerts, in list order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.alert_at(r) for r in rows if r < len(self.model.rows)]

    def select_rows(self, rows: Sequence[int]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        for r in rows:
            sel.select(self.model.index(r, 0), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)

    @Slot()
    def acknowledge_selected(self) -> int:
        ids = self.selected_ids()
        n = alerts_service.acknowledge(self.ws, ids) if ids else 0
        self.refresh()
        return n

    @Slot()
    def resolve_selected(self) -> int:
        ids = self.selected_ids()
        n = alerts_service.resolve(self.ws, ids) if ids else 0
        self.refresh()
        return n

    def _selection_changed(self, *_: object) -> None:
        chosen = self._chosen()
        self.ack_button.setEnabled(any(a.state == "open" for a in chosen))
        self.resolve_button.setEnabled(any(a.state != "resolved" for a in chosen))
        self.journey_button.setEnabled(len(chosen) == 1 and chosen[0].order_id is not None)
        if len(chosen) != 1:
            self.detail.setPlainText(self.tr("选择一条提醒查看原因和处理办法。") if not chosen
                                     else self.tr("已选 {0} 条提醒").format(len(chosen)))
            return
        a = chosen[0]
        parts = [f"<h3>{self.tr(a.title)} <small>({a.title_en})</small></h3>",
                 f"<p><b>{self.tr('原因')}：</b>{_html(a.reason)}</p>",
                 f"<p><b>{self.tr('怎么做')}：</b>{_html(a.action)}</p>",
                 f"<p><small>{self.tr('首次触发')} {_when(a.first_fired_at)}"
                 f"{' · ' + self.tr('第 {0} 次').format(a.fire_count) if a.fire_count > 1 else ''}"
                 f" · {self.tr(STATE_NAMES.get(a.state, a.state))}"
                 f"{' · ' + _when(a.resolved_at) if a.resolved_at else ''}</small></p>"]
        self.detail.setHtml("".join(parts))

    def show_journey(self):  # noqa: ANN201 - the dialog, or None
        """The tracking of the selected alert's order."""
        from app.ui.tracking_dialog import open_tracking

        chosen = self._chosen()
        if len(chosen) != 1 or chosen[0].order_id is None:
            return None
        return open_tracking(self.ws, chosen[0].order_id, chosen[0].platform_order_id, self)

    # -- tracking refresh in a worker -----------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.runner.busy

    @Slot()
    def refresh_tracking(self, *, resume: bool = True) -> bool:
        """Refresh tracking and the alert rules off the GUI thread; False if one runs."""
        return self.runner.start(self.tr("刷新物流"), refresh_task(self.ws, resume=resume),
                                 self._refreshed, on_failed=self._failed,
                                 on_cancelled=self._cancelled)

    def check_alerts(self) -> bool:
        """Re-check the rules only (deadlines move with the clock), in the worker."""
        def task(_progress, _cancelled):  # noqa: ANN001, ANN202
            return alerts_service.evaluate_alerts(self.ws)

        return self.runner.start(self.tr("检查提醒"), task, self._checked, on_failed=self._failed)

    def start_auto_refresh(self, minutes: int | None = None) -> None:
        """Refresh tracking every ``minutes`` (default: setting ``tracking.auto_refresh_min``,
        15); 0 stops it. An automatic refresh leaves a provider-wide pause in place."""
        if minutes is None:
            minutes = auto_refresh_minutes(self.ws)
        if self._auto_timer is None:
            self._auto_timer = QTimer(self)
            self._auto_timer.timeout.connect(self._auto)
        self._auto_timer.stop()
        if minutes > 0:
            self._auto_timer.start(minutes * 60_000)

    def _auto(self) -> None:
        if not self.runner.busy:
            self.refresh_tracking(resume=False)

    def shutdown(self, timeout_ms: int = 30000) -> None:
        if self._auto_timer is not None:
            self._auto_timer.stop()
        if self.runner.busy:
            self.runner.cancel()
            self.runner.wait(timeout_ms)

    def _busy(self, busy: bool) -> None:
        self.refresh_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _refreshed(self, result: object) -> None:
        summary = result if isinstance(result, RefreshSummary) else None
        self.last_summary = summary
        self.refresh()
        ids = list((summary.alerts or {}).get("new_urgent_ids", [])) if summary else []
        self._announce(ids)
        self.trackingRefreshed.emit(result)

    def _checked(self, result: object) -> None:
        self.refresh()
        self._announce(list(getattr(result, "new_urgent_ids", [])))

    def _announce(self, ids: list[int]) -> None:
        if not ids:
            return
        urgent = [a for a in alerts_service.get_alerts(self.ws, ids) if a.state != "resolved"]
        if urgent:
            if self.notifier is not None:
                self.notifier.notify(urgent)
            self.urgentAlerts.emit(urgent)

    def _failed(self, message: str) -> None:
        self.count_label.setText(self.tr("刷新物流失败：{0}").format(message))
        self.trackingFailed.emit(message)

    def _cancelled(self) -> None:
        self.refresh()
        self.trackingRefreshed.emit(None)


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
