"""统计 — the package centre's dashboard: today's parcels, the rates, parcels per day.

A standalone page: ``DashboardPage(ws, parent=None)`` with a ``refresh()`` slot. The
numbers come from ``app.services.dashboard`` (see its definitions); the chart is a
pyqtgraph bar chart: parcels printed per day, the late ones stacked in red on top.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.dashboard import BUCKETS, Dashboard, Rate, load_dashboard
from app.services.workspace import Workspace

try:  # the chart library; the page still shows the numbers without it
    import pyqtgraph as pg
except ImportError:  # pragma: no cover - pyqtgraph is a dependency
    pg = None

ON_TIME_COLOR = "#1f6fd1"
LATE_COLOR = "#d93025"
DAY_CHOICES = (7, 14, 30)

KPIS = (  # (key, Chinese title, explanation)
    ("on_time", "准时发货率", "承诺发货时间前有揽收记录的订单占比"),
    ("pickup", "揽收率", "打单后规定时间内被快递揽收的包裹占比"),
    ("delivery", "签收率", "已揽收包裹中已签收的占比"),
    ("returns", "退回率", "已揽收包裹中退回或正在退回的占比"),
)


class KpiCard(QFrame):
    def __init__(self, key: str, title: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"kpi_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(hint)
        self.title = QLabel(title, self)
        self.value = QLabel("—", self)
        self.value.setObjectName("kpiValue")
        font = self.value.font()
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        self.value.setFont(font)
        self.detail = QLabel("", self)
        self.detail.setObjectName("kpiDetail")
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.value)
        lay.addWidget(self.detail)

    def set_rate(self, rate: Rate) -> None:
        self.value.setText(rate.text)
        self.detail.setText(f"{rate.numerator} / {rate.denominator}")


class DashboardPage(QWidget):
    """Today's parcels by state, four rates and a chart of parcels per day."""

    refreshed = Signal(object)  # the Dashboard shown

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *,
                 chart_days: int = 14) -> None:
        super().__init__(parent)
        self.ws = ws
        self.chart_days = chart_days
        self.data: Dashboard | None = None

        self.days_box = QComboBox(self)
        self.days_box.setObjectName("daysFilter")
        for d in DAY_CHOICES:
            self.days_box.addItem(self.tr("近 {0} 天").format(d), d)
        self.updated_label = QLabel(self)
        self.updated_label.setObjectName("updatedLabel")
        self.cards = {key: KpiCard(key, self.tr(title), self.tr(hint), self)
                      for key, title, hint in KPIS}

        self.today_table = QTableWidget(2, len(BUCKETS), self)
        self.today_table.setObjectName("todayTable")
        self.today_table.setHorizontalHeaderLabels([self.tr(n) for n in BUCKETS.values()])
        self.today_table.setVerticalHeaderLabels([self.tr("今天打单"), self.tr("全部在途")])
        self.today_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.today_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.today_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.today_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.today_table.setFixedHeight(self.today_table.horizontalHeader().sizeHint().height()
                                        + 2 * self.today_table.verticalHeader()
                                        .defaultSectionSize()
                                        + 2 * self.today_table.frameWidth() + 2)

        self.late_label = QLabel(self)
        self.late_label.setObjectName("lateLabel")
        self.plot = None
        self.bars_on_time = self.bars_late = None
        if pg is not None:
            self.plot = pg.PlotWidget(self, background="w")
            self.plot.setObjectName("parcelsChart")
            self.plot.setMouseEnabled(x=False, y=False)
            self.plot.setMenuEnabled(False)
            self.plot.hideButtons()
            self.plot.showGrid(y=True, alpha=0.2)
            self.plot.setLabel("left", self.tr("包裹数"))
            self.plot.addLegend(offset=(10, 10))
            self.bars_on_time = pg.BarGraphItem(x=[], height=[], width=0.6,
                                                brush=ON_TIME_COLOR, pen=None,
                                                name=self.tr("按时"))
            self.bars_late = pg.BarGraphItem(x=[], y0=[], height=[], width=0.6,
                                             brush=LATE_COLOR, pen=None, name=self.tr("超时"))
            self.plot.addItem(self.bars_on_time)
            self.plot.addItem(self.bars_late)
            chart: QWidget = self.plot
        else:  # pragma: no cover
            chart = QLabel(self.tr("图表需要 pyqtgraph"), self)

        top = QHBoxLayout()
        title = QLabel(self.tr("包裹中心统计"), self)
        title.setObjectName("pageTitle")
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.updated_label)
        top.addWidget(self.days_box)
        grid = QGridLayout()
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.today_table)
        layout.addLayout(grid)
        chart_title = QLabel(self.tr("每日打单包裹（红色为超时发货）"), self)
        layout.addWidget(chart_title)
        layout.addWidget(self.late_label)
        layout.addWidget(chart, 1)

        self.days_box.currentIndexChanged.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Reload every number (a few bounded queries) and redraw the chart."""
        days = int(self.days_box.currentData() or DAY_CHOICES[0])
        try:
            data = load_dashboard(self.ws, days=days, chart_days=self.chart_days)
        except Exception as exc:  # the page must stay usable when the database hiccups
            self.updated_label.setText(self.tr("读取统计失败：{0}").format(exc))
            return
        self.show_data(data)

    def show_data(self, data: Dashboard) -> None:
        self.data = data
        self.updated_label.setText(self.tr("更新于 {0}").format(
            data.generated_at.strftime("%m-%d %H:%M")))
        for r, counts in enumerate((data.today_by_state, data.active_by_state)):
            for c, key in enumerate(BUCKETS):
                item = QTableWidgetItem(str(counts.get(key, 0)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.today_table.setItem(r, c, item)
        for key, rate in (("on_time", data.on_time), ("pickup", data.pickup),
                          ("delivery", data.delivery), ("returns", data.returns)):
            self.cards[key].set_rate(rate)
        total = sum(d.parcels for d in data.per_day)
        late = sum(d.late for d in data.per_day)
        self.late_label.setText(self.tr("近 {0} 天共 {1} 个包裹，其中超时 {2} 个").format(
            len(data.per_day), total, late))
        if self.plot is not None:
            xs = list(range(len(data.per_day)))
            on_time = [d.parcels - d.late for d in data.per_day]
            self.bars_on_time.setOpts(x=xs, height=on_time, width=0.6)
            self.bars_late.setOpts(x=xs, y0=on_time, height=[d.late for d in data.per_day],
                                   width=0.6)
            self.plot.getAxis("bottom").setTicks(
                [[(i, d.day.strftime("%m-%d")) for i, d in enumerate(data.per_day)]])
            self.plot.setXRange(-0.6, max(len(xs) - 0.4, 0.6), padding=0)
            self.plot.setYRange(0, max([d.parcels for d in data.per_day] + [1]) * 1.15,
                                padding=0)
        self.refreshed.emit(data)

    def value(self, key: str) -> str:
        """A KPI's text as shown (tests, screenshots)."""
        return self.cards[key].value.text()

    def chart_series(self) -> tuple[list[float], list[float]]:
        """(on-time heights, late heights) as drawn."""
        if self.bars_on_time is None:
            return [], []
        return ([float(v) for v in self.bars_on_time.opts["height"]],
                [float(v) for v in self.bars_late.opts["height"]])
