"""The pages next to the order lists: 异常 Alerts, 统计 Dashboard, 设置 Settings.

Alerts: the intercept list (orders cancelled or refunded after their label was printed,
`Order.flagged_reason`, SQL-backed like the other lists) and, in a second tab, the
tracking module's package-centre page (`app.ui.alerts_page.AlertsPage`). Dashboard: the
order counts by state, and the tracking module's dashboard (`app.ui.dashboard_page`)
in a second tab. Both embedded pages are optional: without them the tab says so.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import setup
from app.services.orders import dashboard_counts
from app.services.workspace import Workspace
from app.ui.i18n import LANGUAGES, SETTINGS_KEY, current_locale
from app.ui.orders_model import PAGE_SIZE
from app.ui.orders_page import OrdersPage
from app.ui.texts import CARRIERS, LABEL_SIZES, STATUS_NAMES, tr
from app.ui.theme import THEMES
from app.ui.workers import TaskRunner

log = logging.getLogger(__name__)


def default_print_folder() -> str:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(docs or Path.home()) / "ShipDesk 面单")


def print_folder(settings: QSettings) -> Path:
    return Path(str(settings.value("printer/folder", "") or default_print_folder()))


def _title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("pageTitle")
    return label


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def _embedded(module: str, name: str, ws: Workspace, parent: QWidget) -> QWidget | None:
    """A page another module built (tracking: package centre, tracking dashboard); None
    when that module is not installed or fails to start, so the workstation still opens."""
    try:
        cls = getattr(importlib.import_module(module), name)
        return cls(ws, parent)
    except Exception:  # noqa: BLE001 - another module's failure must not stop the window
        log.exception("cannot embed %s.%s", module, name)
        return None


class AlertsPage(QWidget):
    """Intercepts first (a parcel that must not leave), then the package-centre alerts of
    the tracking module (app/ui/alerts_page.py) in the second tab."""

    def __init__(self, ws: Workspace, page_size: int = PAGE_SIZE,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("alertTabs")
        intercepts = QWidget(self.tabs)
        box = QVBoxLayout(intercepts)
        box.setContentsMargins(0, 6, 0, 0)
        box.addWidget(_hint(self.tr(
            "面单打印后买家取消或退款的订单：找到包裹，撕下面单，不要交给快递员。"), intercepts))
        self.flagged = OrdersPage(ws, page_size, intercepts, view="alerts", key="alerts",
                                  autoload=False)
        box.addWidget(self.flagged, 1)
        self.tabs.addTab(intercepts, self.tr("需要拦截的包裹"))
        self.tracking_page = _embedded("app.ui.alerts_page", "AlertsPage", ws, self.tabs)
        if self.tracking_page is not None:
            self.tabs.addTab(self.tracking_page, self.tr("包裹中心提醒"))
        else:
            note = _hint(self.tr(
                "物流跟踪模块还没有安装：未揽收、揽收后未发出、即将超时等提醒会显示在这里。"),
                self.tabs)
            note.setAlignment(Qt.AlignmentFlag.AlignTop)
            self.tabs.addTab(note, self.tr("包裹中心提醒"))
        self._tracking_loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(_title(self.tr("异常"), self))
        layout.addWidget(self.tabs, 1)

    def activate(self) -> None:
        self.flagged.model.ensure_loaded()
        if self.flagged.model.total == 0 and self.tracking_page is not None:
            self.tabs.setCurrentWidget(self.tracking_page)
        self.reload_tracking()

    def refresh(self) -> None:
        if self.flagged.model.loaded:
            self.flagged.refresh()
        self.reload_tracking()

    def reload_tracking(self) -> None:
        page = self.tracking_page
        if page is not None and hasattr(page, "refresh"):
            try:
                page.refresh()
            except Exception:  # noqa: BLE001
                log.exception("tracking alerts refresh failed")

    def shutdown(self, timeout_ms: int = 30000) -> None:
        if self.tracking_page is not None and hasattr(self.tracking_page, "shutdown"):
            self.tracking_page.shutdown(timeout_ms)


class Tile(QFrame):
    """One number on the dashboard; a click goes to the page that lists it."""

    clicked = Signal(str)

    def __init__(self, key: str, title: str, target: str, parent: QWidget | None = None,
                 tone: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.key, self.target = key, target
        self.value = QLabel("…", self)
        self.value.setObjectName("tileValue")
        if tone:
            self.value.setProperty("tone", tone)
        self.title = QLabel(title, self)
        self.title.setObjectName("tileTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.value)
        layout.addWidget(self.title)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(180, 96)

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001
        self.clicked.emit(self.target)
        super().mouseReleaseEvent(event)


class DashboardPage(QWidget):
    """Counts by state, computed in a worker (a GROUP BY over a million orders)."""

    navigate = Signal(str)  # page key

    TILES = (
        ("status.to_ship", QT_TRANSLATE_NOOP("DashboardPage", "待发货"), "orders", ""),
        ("unnumbered", QT_TRANSLATE_NOOP("DashboardPage", "待发货且未取号"), "orders", ""),
        ("to_print", QT_TRANSLATE_NOOP("DashboardPage", "已取号待打印"), "to_print", ""),
        ("printed_today", QT_TRANSLATE_NOOP("DashboardPage", "今天已打印"), "shipped", "ok"),
        ("flagged", QT_TRANSLATE_NOOP("DashboardPage", "需要拦截"), "alerts", "bad"),
        ("status.shipped", QT_TRANSLATE_NOOP("DashboardPage", "已发货（运输中）"), "shipped", ""),
        ("status.done", QT_TRANSLATE_NOOP("DashboardPage", "已完成"), "shipped", ""),
        ("stopped", QT_TRANSLATE_NOOP("DashboardPage", "已取消 / 已退款"), "orders", ""),
        ("total", QT_TRANSLATE_NOOP("DashboardPage", "全部订单"), "orders", ""),
    )

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = TaskRunner(self)
        self.counts: dict[str, int] = {}
        self.tiles: dict[str, Tile] = {}
        grid = QGridLayout()
        grid.setSpacing(12)
        for n, (key, title, target, tone) in enumerate(self.TILES):
            tile = Tile(key, self.tr(title), target, self, tone)
            tile.clicked.connect(self.navigate)
            self.tiles[key] = tile
            grid.addWidget(tile, n // 3, n % 3)
        self.refresh_button = QPushButton(self.tr("刷新统计"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.note = _hint("", self)
        self.by_status = QLabel(self)
        self.by_status.setObjectName("hint")
        self.by_status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(_title(self.tr("统计"), self))
        top.addStretch(1)
        top.addWidget(self.note)
        top.addWidget(self.refresh_button)
        self.tabs = QTabWidget(self)
        orders = QWidget(self.tabs)
        box = QVBoxLayout(orders)
        box.addLayout(grid)
        box.addWidget(self.by_status)
        box.addStretch(1)
        self.tabs.addTab(orders, self.tr("订单"))
        # the tracking dashboard (pyqtgraph, a scan of the shipments) is built the first time
        # its tab is shown: the window must open fast on a million orders
        self.tracking_page: QWidget | None = None
        self._tracking_box = QWidget(self.tabs)
        QVBoxLayout(self._tracking_box).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._tracking_box, self.tr("物流"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def activate(self) -> None:
        self.refresh()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self._tracking_box:
            self.show_tracking()

    def show_tracking(self) -> QWidget | None:
        """Build the tracking dashboard (once) and show its tab."""
        if self.tracking_page is None:
            self.tracking_page = _embedded("app.ui.dashboard_page", "DashboardPage", self.ws,
                                           self._tracking_box)
            if self.tracking_page is not None:
                self._tracking_box.layout().addWidget(self.tracking_page)
        self.tabs.setCurrentWidget(self._tracking_box)
        return self.tracking_page

    def refresh(self) -> None:
        ws = self.ws
        if self.tracking_page is not None and hasattr(self.tracking_page, "refresh"):
            try:
                self.tracking_page.refresh()
            except Exception:  # noqa: BLE001
                log.exception("tracking dashboard refresh failed")
        if self.runner.start(self.tr("统计"), lambda _p, _c: dashboard_counts(ws), self._done,
                             on_failed=self._failed, cancellable=False):
            self.note.setText(self.tr("正在统计…"))

    def _done(self, result: object) -> None:
        counts: dict[str, int] = dict(result)  # type: ignore[call-overload]
        counts["stopped"] = counts.get("status.cancelled", 0) + counts.get("status.refunded", 0)
        self.counts = counts
        for key, tile in self.tiles.items():
            tile.value.setText(f"{counts.get(key, 0):,}")
        parts = [f"{_status(st)} {counts.get('status.' + st, 0):,}"
                 for st in STATUS_NAMES if counts.get("status." + st)]
        self.by_status.setText(self.tr("按状态：") + "  ·  ".join(parts))
        self.note.setText("")

    def _failed(self, message: str) -> None:
        self.note.setText(self.tr("统计失败：{0}").format(message))

    def value(self, key: str) -> str:
        return self.tiles[key].value.text()


def _status(status: str) -> str:
    from app.ui.texts import status_name

    return status_name(status)


class SettingsPage(QWidget):
    """Station and shop settings; other modules add their own tabs with `add_page`."""

    languageChanged = Signal(str)
    themeChanged = Signal(str)
    labelSizeChanged = Signal(str)
    carrierChanged = Signal(str)
    wizardRequested = Signal()

    def __init__(self, ws: Workspace, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        general = QWidget(self.tabs)
        outer = QHBoxLayout(general)
        column = QWidget(general)
        column.setMaximumWidth(880)
        outer.addWidget(column, 1)
        outer.addStretch(0)
        form_box = QVBoxLayout(column)
        form_box.setContentsMargins(0, 0, 0, 0)

        look = QGroupBox(self.tr("界面"), column)
        f = QFormLayout(look)
        self.language_box = QComboBox(look)
        for code, name in LANGUAGES:
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(self.language_box.findData(current_locale()), 0))
        f.addRow(self.tr("语言 Language"), self.language_box)
        f.addRow("", _hint(self.tr("切换后立即生效：窗口会重新打开，正在进行的任务会先完成。"),
                           look))
        self.theme_box = QComboBox(look)
        for code, name in zip(THEMES, (self.tr("跟随系统"), self.tr("浅色"), self.tr("深色")),
                              strict=True):
            self.theme_box.addItem(name, code)
        self.theme_box.setCurrentIndex(max(self.theme_box.findData(
            str(settings.value("ui/theme", "system"))), 0))
        f.addRow(self.tr("外观"), self.theme_box)
        form_box.addWidget(look)

        ship = QGroupBox(self.tr("快递与面单"), column)
        f = QFormLayout(ship)
        self.carrier_box = QComboBox(ship)
        for code, name, _short in CARRIERS:
            self.carrier_box.addItem(f"{tr(name)}  {code}", code)
        self.carrier_box.setCurrentIndex(max(self.carrier_box.findData(
            setup.default_carrier(ws)), 0))
        f.addRow(self.tr("默认快递"), self.carrier_box)
        self.size_box = QComboBox(ship)
        for value, text in LABEL_SIZES:
            self.size_box.addItem(tr(text), value)
        self.size_box.setCurrentIndex(max(self.size_box.findData(
            str(settings.value("main/labelSize", "76x130"))), 0))
        f.addRow(self.tr("面单尺寸"), self.size_box)
        form_box.addWidget(ship)

        printer = QGroupBox(self.tr("打印机"), column)
        f = QFormLayout(printer)
        self.printers_hint = _hint(self.tr(
            "热敏打印机（网络 9100、CUPS、Windows、系统打印队列）在「打印机」标签页里添加，"
            "设为默认后打印面单和扫码打包都用它；没有默认打印机时，面单存为下面文件夹里的 PDF。"),
            printer)
        f.addRow(self.printers_hint)
        folder_row = QHBoxLayout()
        self.folder_edit = QLineEdit(str(print_folder(settings)), printer)
        browse = QPushButton(self.tr("选择…"), printer)
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        f.addRow(self.tr("PDF 文件夹"), folder_row)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("打印测试页"), printer)
        self.test_button.clicked.connect(self.print_test_page)
        self.test_result = _hint("", printer)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        f.addRow("", test_row)
        form_box.addWidget(printer)

        pack = QGroupBox(self.tr("扫码打包"), column)
        f = QFormLayout(pack)
        self.verify_check = QCheckBox(self.tr("默认逐件扫描商品核对（扫完才打印面单）"), pack)
        self.verify_check.setChecked(str(settings.value("packing/verify", "0")) == "1")
        f.addRow(self.verify_check)
        self.allocate_check = QCheckBox(self.tr("没有运单号的订单先用默认快递自动取号再打印"), pack)
        self.allocate_check.setChecked(str(settings.value("packing/autoAllocate", "1")) == "1")
        f.addRow(self.allocate_check)
        form_box.addWidget(pack)

        shop = QGroupBox(self.tr("店铺与寄件人"), column)
        row = QHBoxLayout(shop)
        sender = setup.get_sender(ws)
        self.sender_label = _hint(
            f"{sender.name}  {sender.province}{sender.city}{sender.district}"
            if sender.name else self.tr("还没有设置寄件人"), shop)
        self.wizard_button = wizard = QPushButton(self.tr("设置向导…"), shop)
        wizard.clicked.connect(self.wizardRequested)
        row.addWidget(self.sender_label, 1)
        row.addWidget(wizard)
        form_box.addWidget(shop)
        form_box.addStretch(1)
        self.tabs.addTab(general, self.tr("常规"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(_title(self.tr("设置"), self))
        self.restriction = QLabel(self)
        self.restriction.setObjectName("settingsRestriction")
        self.restriction.setWordWrap(True)
        self.restriction.setStyleSheet("color: #b71c1c; font-weight: bold; padding: 4px 0;")
        self.restriction.hide()
        layout.addWidget(self.restriction)
        layout.addWidget(self.tabs, 1)

        self.language_box.activated.connect(self._language)
        self.theme_box.activated.connect(self._theme)
        self.carrier_box.activated.connect(self._carrier)
        self.size_box.activated.connect(self._size)
        self.folder_edit.editingFinished.connect(self._save_printer)
        self.verify_check.toggled.connect(
            lambda on: self.settings.setValue("packing/verify", "1" if on else "0"))
        self.allocate_check.toggled.connect(
            lambda on: self.settings.setValue("packing/autoAllocate", "1" if on else "0"))

    # --- the hook for other modules ------------------------------------------------------
    def add_page(self, title: str, widget: QWidget) -> int:
        """Add a settings tab (carrier accounts, tracking providers, …); its index."""
        widget.setParent(self.tabs)
        # a tab's "&" marks its mnemonic: "Carriers & rules" must show its ampersand
        index = self.tabs.addTab(widget, title.replace("&", "&&"))
        if self.restriction.text():  # added while the shop's settings are read-only
            widget.setEnabled(False)
            self.tabs.setTabToolTip(index, self.restriction.text())
        return index

    def page_titles(self) -> list[str]:
        return [self.tabs.tabText(i).replace("&&", "&") for i in range(self.tabs.count())]

    def set_restriction(self, reason: str) -> None:
        """Make the shop's settings read-only and say why above the tabs ("" lifts it).

        Read-only: the default carrier, the wizard, and every tab other modules added.
        This station's own preferences (language, theme, label size, printer, packing)
        stay editable for whoever is at the desk."""
        self.restriction.setText(reason)
        self.restriction.setVisible(bool(reason))
        editable = not reason
        self.carrier_box.setEnabled(editable)
        self.wizard_button.setEnabled(editable)
        for i in range(1, self.tabs.count()):
            self.tabs.widget(i).setEnabled(editable)
            self.tabs.setTabToolTip(i, reason)

    @property
    def restricted(self) -> bool:
        return bool(self.restriction.text())

    # --- reactions -----------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        i = self.language_box.findData(code)
        if i >= 0:
            self.language_box.setCurrentIndex(i)
            self._language(i)

    def _language(self, index: int) -> None:
        code = self.language_box.itemData(index)
        self.settings.setValue(SETTINGS_KEY, code)
        self.settings.sync()
        if code != current_locale():
            self.languageChanged.emit(code)

    def _theme(self, index: int) -> None:
        mode = self.theme_box.itemData(index)
        self.settings.setValue("ui/theme", mode)
        self.themeChanged.emit(mode)

    def _carrier(self, index: int) -> None:
        code = setup.set_default_carrier(self.ws, self.carrier_box.itemData(index))
        self.carrierChanged.emit(code)

    def _size(self, index: int) -> None:
        value = self.size_box.itemData(index)
        self.settings.setValue("main/labelSize", value)
        self.labelSizeChanged.emit(value)

    def set_label_size(self, value: str) -> None:
        i = self.size_box.findData(value)
        if i >= 0 and i != self.size_box.currentIndex():
            self.size_box.setCurrentIndex(i)

    def _save_printer(self, *_: object) -> None:
        s = self.settings
        s.setValue("printer/folder", self.folder_edit.text().strip())

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("面单 PDF 保存到"),
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)
            self._save_printer()

    def print_test_page(self) -> Path | None:
        self._save_printer()
        try:
            out = setup.print_sample_label(self.ws, print_folder(self.settings),
                                           str(self.settings.value("main/labelSize", "76x130")))
        except (OSError, ValueError) as exc:
            self.test_result.setText(self.tr("测试页打印失败：{0}").format(exc))
            return None
        self.test_result.setText(self.tr("已输出测试页：{0}").format(out))
        return out
