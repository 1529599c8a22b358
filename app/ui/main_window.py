"""The workstation window: a side nav over the pages, toolbar actions on the selected
orders, the status bar, messages, and the scan-to-print packing mode.

Pages: 订单 Orders, 待打印 To print, 已发货 Shipped, 异常 Alerts, 统计 Dashboard, 设置 Settings.
The list pages are the same lazy SQL table with another view; pages other than Orders query
the first time they are shown, so opening the window costs one page of one query.

Import, allocate and print run as background tasks (one at a time) so the window keeps
painting and can cancel; their results land in the status bar and, when some orders were
skipped or failed, in a non-modal message area under the table.

Hooks for other modules: `set_import_dialog_factory` (the import dialog),
`set_assign_handler` (the carrier / service assignment widget), `add_settings_page`,
`add_installer` (a function that adds actions, menus and pages to the window; it runs
again on the window a language switch rebuilds) and `add_shutdown_hook`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services import setup
from app.services.import_orders import ImportSummary, import_files
from app.services.print_labels import PrintSummary, print_labels
from app.services.waybills import AllocateSummary, allocate_waybills
from app.services.workspace import Workspace
from app.ui import i18n
from app.ui.orders_model import PAGE_SIZE, OrdersModel
from app.ui.orders_page import OrdersPage
from app.ui.pages import AlertsPage, DashboardPage, SettingsPage
from app.ui.texts import CARRIERS, LABEL_SIZES, import_message, tr, user_message
from app.ui.theme import ensure_theme
from app.ui.workers import TaskRunner

APP_TITLE = QT_TRANSLATE_NOOP("MainWindow", "ShipDesk 面单工作台")
SETTINGS_ORG = SETTINGS_APP = "ShipDesk"
DEFAULT_CARRIER = "ZTO"
#: (key, nav text, shortcut)
PAGES: tuple[tuple[str, str, str], ...] = (
    ("orders", QT_TRANSLATE_NOOP("MainWindow", "订单"), "Ctrl+1"),
    ("to_print", QT_TRANSLATE_NOOP("MainWindow", "待打印"), "Ctrl+2"),
    ("shipped", QT_TRANSLATE_NOOP("MainWindow", "已发货"), "Ctrl+3"),
    ("alerts", QT_TRANSLATE_NOOP("MainWindow", "异常"), "Ctrl+4"),
    ("dashboard", QT_TRANSLATE_NOOP("MainWindow", "统计"), "Ctrl+5"),
    ("settings", QT_TRANSLATE_NOOP("MainWindow", "设置"), "Ctrl+6"),
)
LIST_PAGES = ("orders", "to_print", "shipped")



class MessagePanel(QFrame):
    """A non-modal list of what needs the packer's attention (skipped or failed orders)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messagePanel")
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.list = QListWidget(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip(self.tr("关闭"))
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.hide()

    def show_messages(self, title: str, lines: Sequence[str] = (), kind: str = "warning") -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        icon = {"error": "⛔", "info": "ℹ"}.get(kind, "⚠")
        self.title.setText(f"{icon} {title}")
        self.list.clear()
        self.list.addItems(list(lines))
        self.list.setVisible(bool(lines))
        # as tall as its lines, up to five: the table keeps the room
        row = self.list.sizeHintForRow(0) if lines else 0
        self.list.setFixedHeight(min(len(lines), 5) * row + 2 * self.list.frameWidth() + 2)
        self.show()

    def lines(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]


class ImportResultDialog(QDialog):
    """What an import did, with every rejected row (file, row, column, problem)."""

    validRowsRequested = Signal()

    def __init__(self, summary: ImportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入结果"))
        self.setModal(False)
        self.summary = summary
        lines = [self.tr("新增 {0} 单，更新 {1} 单，未变化 {2} 单").format(
            summary.imported, summary.updated, summary.unchanged)]
        if summary.skipped:
            lines.append(self.tr("未导入 {0} 行").format(summary.skipped))
        lead = (self.tr("导入有 {0} 处错误：").format(len(summary.errors)) if summary.errors
                else self.tr("导入完成："))
        self.headline = QLabel(lead + "；".join(lines), self)
        self.headline.setObjectName("importHeadline")
        self.headline.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.headline.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        if summary.flagged:
            flag = QLabel(self.tr("⚠ {0} 单在导入后已取消或退款，已在表格中标红：已打印的包裹请拦截")
                          .format(summary.flagged), self)
            flag.setStyleSheet("color: #c62828; font-weight: bold;")
            flag.setWordWrap(True)
            layout.addWidget(flag)
        self.errors = QTableWidget(len(summary.errors), 4, self)
        self.errors.setHorizontalHeaderLabels(
            [self.tr("文件"), self.tr("行"), self.tr("列"), self.tr("问题")])
        self.errors.verticalHeader().hide()
        self.errors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for n, e in enumerate(summary.errors):
            for c, value in enumerate((e.file, str(e.row) if e.row else "—", e.column,
                                       import_message(e.message))):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.errors.setItem(n, c, item)
        self.errors.setWordWrap(True)
        self.errors.resizeColumnsToContents()
        for c in range(3):
            self.errors.setColumnWidth(c, min(self.errors.columnWidth(c), 220))
        self.errors.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # messages wrap: re-measure the rows whenever the problem column changes width
        self.errors.horizontalHeader().sectionResized.connect(
            lambda *_: self.errors.resizeRowsToContents())
        if summary.errors:
            note = QLabel(self.tr("有错误的文件整份没有导入（避免只导入一半）。"
                                  "请按下表修正后重新导入，或只导入无误的行。"), self)
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addWidget(self.errors, 1)
        else:
            self.errors.hide()
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        self.errors.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.errors.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons.rejected.connect(self.close)
        self.valid_rows_button = buttons.addButton(
            self.tr("只导入无误的行"), QDialogButtonBox.ButtonRole.ActionRole)
        self.valid_rows_button.setVisible(bool(summary.errors) and summary.skipped > 0)
        self.valid_rows_button.clicked.connect(self._valid_rows)
        layout.addWidget(buttons)
        self.resize(760, 420 if summary.errors else 160)

    def _valid_rows(self) -> None:
        self.validRowsRequested.emit()
        self.close()


class MainWindow(QMainWindow):
    """The orders workstation. Public methods are what the actions call (and tests)."""

    #: emitted with the new window when a language switch rebuilt the window
    replaced = Signal(object)
    #: emitted after the window re-checked which actions apply (selection, busy, page)
    actionsUpdated = Signal()

    def __init__(self, ws: Workspace, settings: QSettings | None = None, *,
                 page_size: int = PAGE_SIZE, demo: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        ensure_theme()
        self.ws = ws
        self.demo = demo
        self.page_size = page_size
        self.settings = settings or QSettings(SETTINGS_ORG, SETTINGS_APP)
        self.runner = TaskRunner(self)
        self.import_dialog: ImportResultDialog | None = None
        self.packing_window = None
        self.replacement: MainWindow | None = None
        self._import_factory: Callable[[MainWindow], object] | None = None
        self._assign_handler: Callable[[MainWindow, list[int]], object] | None = None
        self._installers: list[Callable[[MainWindow], object]] = []
        self._shutdown_hooks: list[Callable[[], object]] = []
        #: the window this one replaced (a language switch), None for the first window
        self.rebuilt_from: MainWindow | None = None
        #: where the database key lives (app.run sets it; None: the defaults)
        self.key_place: object | None = None
        #: a backup the user asked to restore: app.run restores it once the window closed
        self.restore_request: str | None = None
        self._locked = False
        self._lock_states: list[tuple[QAction, bool]] = []
        self._import_paths: list[Path] = []
        self._stale: set[str] = set()
        self.last_print_out: Path | None = None
        self.setWindowTitle(self.tr(APP_TITLE))
        self.setObjectName("mainWindow")

        self.orders_page = OrdersPage(ws, page_size, self, view="all", key="orders")
        self.to_print_page = OrdersPage(ws, page_size, self, view="to_print", key="to_print",
                                        autoload=False)
        self.shipped_page = OrdersPage(ws, page_size, self, view="shipped", key="shipped",
                                       autoload=False)
        self.alerts_page = AlertsPage(ws, page_size, self)
        self.dashboard_page = DashboardPage(ws, self)
        self.settings_page = SettingsPage(ws, self.settings, self)
        self.page_widgets: dict[str, QWidget] = {
            "orders": self.orders_page, "to_print": self.to_print_page,
            "shipped": self.shipped_page, "alerts": self.alerts_page,
            "dashboard": self.dashboard_page, "settings": self.settings_page}
        self.pages = QStackedWidget(self)
        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(132)
        self.nav.setSpacing(1)
        nav_font = self.nav.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.15)
        self.nav.setFont(nav_font)
        for key, text, shortcut in PAGES:
            self.pages.addWidget(self.page_widgets[key])
            item = QListWidgetItem(self.tr(text))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{self.tr(text)}（{shortcut}）")
            item.setSizeHint(QSize(120, self.fontMetrics().height() + 22))
            self.nav.addItem(item)
        self.nav.setCurrentRow(0)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.pack_button = QPushButton(self.tr("扫码打包"), self)
        self.pack_button.setObjectName("packButton")
        self.pack_button.setToolTip(self.tr("全屏扫码打包：扫单号即打印面单（F11）"))
        self.pack_button.clicked.connect(self.open_packing)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        side.addWidget(self.nav, 1)
        side.addWidget(self.pack_button)
        side_box = QWidget(self)
        side_box.setLayout(side)
        side_box.setFixedWidth(132)

        self.messages = MessagePanel(self)
        central = QWidget(self)
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(side_box)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.pages, 1)
        panel_box = QHBoxLayout()
        panel_box.setContentsMargins(8, 0, 8, 6)
        panel_box.addWidget(self.messages)
        right.addLayout(panel_box)
        outer.addLayout(right, 1)
        self.setCentralWidget(central)

        self._make_actions()
        self._make_toolbar()
        self._make_menus()
        self._make_status_bar(demo)
        self.runner.busyChanged.connect(self._busy_changed)
        self.runner.progress.connect(self._progress)
        for page in self.list_pages():
            page.model.totalChanged.connect(self._page_total_changed)
            page.model.rowsInserted.connect(self._page_total_changed)
            page.selectionCountChanged.connect(self._selection_changed)
        self.dashboard_page.navigate.connect(self.show_page)
        sp = self.settings_page
        sp.languageChanged.connect(self.switch_language)
        sp.themeChanged.connect(lambda mode: ensure_theme(mode))
        sp.labelSizeChanged.connect(self._size_from_settings)
        sp.carrierChanged.connect(self._carrier_from_settings)
        sp.wizardRequested.connect(self.open_wizard)
        self._total_changed(self.orders_page.model.total)
        self._selection_changed(0)
        self._restore_settings()

    # --- convenience for callers and tests -----------------------------------------------
    @property
    def table(self) -> QTableView:
        return self.orders_page.table

    @property
    def model(self) -> OrdersModel:
        return self.orders_page.model

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def selected_order_ids(self) -> list[int]:
        return self.list_page().selected_order_ids()

    def list_pages(self) -> list[OrdersPage]:
        return [self.orders_page, self.to_print_page, self.shipped_page, self.alerts_page.flagged]

    def current_key(self) -> str:
        item = self.nav.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "orders"

    def list_page(self) -> OrdersPage:
        """The order list the actions work on: the page shown, or the orders page."""
        key = self.current_key()
        if key == "alerts":
            return self.alerts_page.flagged
        page = self.page_widgets.get(key)
        return page if isinstance(page, OrdersPage) else self.orders_page

    def show_page(self, key: str) -> None:
        for n, (k, _t, _s) in enumerate(PAGES):
            if k == key:
                self.nav.setCurrentRow(n)
                return

    def _nav_changed(self, row: int) -> None:
        key = PAGES[row][0] if 0 <= row < len(PAGES) else "orders"
        widget = self.page_widgets[key]
        self.pages.setCurrentWidget(widget)
        if isinstance(widget, OrdersPage):
            if widget.model.loaded and key in self._stale:
                widget.refresh()
            widget.model.ensure_loaded()
        elif key in ("alerts", "dashboard"):
            widget.activate()  # type: ignore[attr-defined]
        self._stale.discard(key)
        self._total_changed(self.list_page().model.total)
        self._update_actions()

    # --- hooks for other modules ---------------------------------------------------------
    def set_import_dialog_factory(self, factory: Callable[[MainWindow], object] | None) -> None:
        """The import module's dialog: called with this window when the packer imports
        (Ctrl+I) instead of the plain file chooser. The dialog may call `import_paths` or
        run its own worker and then `refresh()`."""
        self._import_factory = factory

    def set_assign_handler(self, handler: Callable[[MainWindow, list[int]], object] | None
                           ) -> None:
        """The carriers module's assignment widget: called with this window and the
        selected order ids when the packer chooses 指定快递 (Ctrl+D)."""
        self._assign_handler = handler

    def add_settings_page(self, title: str, widget: QWidget) -> int:
        """A tab of its own in 设置 (carrier accounts, tracking providers, printers …)."""
        return self.settings_page.add_page(title, widget)

    def add_installer(self, installer: Callable[[MainWindow], object]) -> object:
        """Run `installer(self)` now, and again on the window a language switch builds."""
        self._installers.append(installer)
        return installer(self)

    def add_shutdown_hook(self, hook: Callable[[], object]) -> None:
        """Called by `shutdown()` (it may run more than once) before the workspace closes."""
        self._shutdown_hooks.append(hook)

    @property
    def locked(self) -> bool:
        return self._locked

    def set_locked(self, locked: bool) -> None:
        """While the idle lock covers the window no action or shortcut works."""
        if locked == self._locked:
            return
        self._locked = locked
        if locked:
            self._lock_states = [(a, a.isEnabled()) for a in self.findChildren(QAction)]
            for act, _enabled in self._lock_states:
                act.setEnabled(False)
        else:
            for act, enabled in self._lock_states:
                act.setEnabled(enabled)
            self._lock_states = []
        self.menuBar().setEnabled(not locked)
        self.toolbar.setEnabled(not locked)
        if not locked:
            self._update_actions()

    def carrier(self) -> str:
        return self.carrier_box.currentData()

    def label_size(self) -> str:
        return self.size_box.currentData()

    # --- building -------------------------------------------------------------------------
    def _action(self, text: str, shortcut: QKeySequence | str | None, tip: str,
                slot: Callable[[], object]) -> QAction:
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            tip = f"{tip}（{act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}）"
        act.setToolTip(tip)
        act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False, call=slot: call())  # drop `checked`
        self.addAction(act)  # shortcuts work even when a toolbar hides the button
        return act

    def _make_actions(self) -> None:
        self.page_actions = []
        for n, (key, text, shortcut) in enumerate(PAGES):
            act = self._action(self.tr(text), shortcut, self.tr("转到「{0}」").format(self.tr(text)),
                               lambda k=key: self.show_page(k))
            act.setData(n)
            self.page_actions.append(act)
        self.act_pack = self._action(self.tr("扫码打包"), "F11",
                                     self.tr("全屏扫码打包：扫单号即打印面单"), self.open_packing)
        self.act_pack.setShortcuts([QKeySequence("F11"), QKeySequence("Ctrl+K")])
        self.act_assign = self._action(self.tr("指定快递…"), "Ctrl+D",
                                       self.tr("为所选订单指定快递公司和服务"),
                                       self.assign_selected)
        self.act_save_filter = self._action(self.tr("保存筛选…"), "Ctrl+S",
                                            self.tr("把当前的搜索、状态和排序存为一个筛选"),
                                            self.save_filter_prompt)
        self.act_delete_filter = self._action(self.tr("删除筛选…"), None,
                                              self.tr("删除这一页保存的一个筛选"),
                                              self.delete_filter_prompt)
        self.act_settings = self._action(self.tr("设置"), "Ctrl+,", self.tr("打开设置"),
                                         lambda: self.show_page("settings"))
        self.act_wizard = self._action(self.tr("设置向导…"), None,
                                       self.tr("重新设置寄件人、打印机和快递账号"),
                                       self.open_wizard)
        self.act_import = self._action(self.tr("导入订单"), "Ctrl+I",
                                       self.tr("导入平台导出的订单文件（CSV / Excel）"),
                                       self.import_dialog_open)
        self.act_allocate = self._action(self.tr("取号"), "Ctrl+G",
                                         self.tr("为所选订单获取电子面单号"),
                                         self.allocate_selected)
        self.act_print = self._action(self.tr("打印面单"), "Ctrl+P",
                                      self.tr("把所选订单的面单打印成 PDF"),
                                      self.print_selected)
        self.act_reprint = self._action(self.tr("重打面单…"), "Ctrl+Shift+P",
                                        self.tr("再次打印已打印过的面单（会留下重打记录）"),
                                        self.reprint_selected_confirm)
        self.act_refresh = self._action(self.tr("刷新"), "F5", self.tr("重新读取订单"),
                                        self.refresh)
        self.act_find = self._action(self.tr("查找"), QKeySequence.StandardKey.Find,
                                     self.tr("搜索订单"), lambda: self.list_page().focus_search())
        self.act_copy = self._action(self.tr("复制订单号"), "Ctrl+Shift+C",
                                     self.tr("复制所选订单的订单号"),
                                     lambda: self.list_page().copy_selected_order_numbers())
        self.act_quit = self._action(self.tr("退出"), QKeySequence.StandardKey.Quit,
                                     self.tr("关闭工作台"), self.close)
        sep = QAction(self)
        sep.setSeparator(True)
        for page in self.list_pages():
            page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            page.table.addActions([self.act_assign, self.act_allocate, self.act_print,
                                   self.act_reprint, sep, self.act_copy])

    def _make_toolbar(self) -> None:
        tb = QToolBar(self.tr("主工具栏"), self)
        tb.setObjectName("mainToolBar")
        tb.setMovable(False)
        tb.setIconSize(QSize(16, 16))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        tb.addAction(self.act_import)
        tb.addSeparator()
        tb.addAction(self.act_assign)

        tb.addWidget(QLabel(self.tr(" 快递 "), tb))
        self.carrier_box = QComboBox(tb)
        self.carrier_box.setToolTip(self.tr("没有指定快递的订单用这家取号（已指定的按指定的）"))
        for code, name, _short in CARRIERS:
            self.carrier_box.addItem(f"{tr(name)}  {code}", code)
        tb.addWidget(self.carrier_box)
        tb.addAction(self.act_allocate)
        tb.widgetForAction(self.act_allocate).setObjectName("primary")
        tb.addSeparator()

        tb.addWidget(QLabel(self.tr(" 面单 "), tb))
        self.size_box = QComboBox(tb)
        self.size_box.setToolTip(self.tr("面单纸张尺寸（毫米）"))
        for value, text in LABEL_SIZES:
            self.size_box.addItem(tr(text), value)
        tb.addWidget(self.size_box)
        tb.addAction(self.act_print)
        tb.widgetForAction(self.act_print).setObjectName("primary")
        tb.addSeparator()
        tb.addAction(self.act_refresh)
        tb.addAction(self.act_pack)
        self.toolbar = tb

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu(self.tr("文件(&F)"))
        file_menu.addAction(self.act_import)
        file_menu.addSeparator()
        file_menu.addAction(self.act_settings)
        file_menu.addAction(self.act_wizard)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        self.orders_menu = orders = bar.addMenu(self.tr("订单(&O)"))
        orders.setObjectName("ordersMenu")
        for act in (self.act_find, self.act_save_filter, self.act_delete_filter,
                    self.act_refresh, None,
                    self.act_assign, self.act_allocate, self.act_print, self.act_reprint, None,
                    self.act_copy, None, self.act_pack):
            if act is None:
                orders.addSeparator()
            else:
                orders.addAction(act)
        self.view_menu = view = bar.addMenu(self.tr("页面(&V)"))
        view.addActions(self.page_actions)

    def _make_status_bar(self, demo: bool) -> None:
        sb = self.statusBar()
        if demo:
            badge = QLabel(self.tr("演示数据"), sb)
            badge.setObjectName("demoBadge")
            badge.setToolTip(self.tr("这是演示数据库：订单都是虚构的，每次启动都会重置"))
            sb.addPermanentWidget(badge)
        self.task_label = QLabel(sb)
        self.progress_bar = QProgressBar(sb)
        self.progress_bar.setFixedWidth(180)
        self.progress_bar.setMaximumHeight(16)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("取消"), sb)
        self.cancel_button.setToolTip(self.tr("停止当前任务（已完成的部分会保留）"))
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self.count_label = QLabel(sb)
        self.count_label.setObjectName("countLabel")
        for w in (self.task_label, self.progress_bar, self.cancel_button):
            sb.addPermanentWidget(w)
            w.hide()
        sb.addPermanentWidget(self.count_label)

    # --- settings ---------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1360, 820)
        state = s.value("main/windowState")
        if state is not None:
            self.restoreState(state)
        for page in self.list_pages():
            page.restore_state(s)
        carrier = str(s.value("main/carrier", "") or self.ws.setting("default_carrier",
                                                                   DEFAULT_CARRIER))
        i = self.carrier_box.findData(carrier)
        self.carrier_box.setCurrentIndex(max(i, 0))
        i = self.size_box.findData(str(s.value("main/labelSize", "76x130")))
        self.size_box.setCurrentIndex(max(i, 0))
        self.size_box.currentIndexChanged.connect(
            lambda *_: self.settings_page.set_label_size(self.label_size()))
        page = str(s.value("main/page", "orders"))
        if page in self.page_widgets and page != "settings":
            self.show_page(page)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/windowState", self.saveState())
        s.setValue("main/page", self.current_key())
        for page in self.list_pages():
            page.save_state(s)
        s.setValue("main/carrier", self.carrier())
        s.setValue("main/labelSize", self.label_size())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        self.save_settings()
        if self.packing_window is not None:
            self.packing_window.close()
        super().closeEvent(event)

    def shutdown(self, timeout_ms: int = 30000) -> None:
        """Ask the running task to stop and wait for it, before the workspace closes."""
        if self.runner.busy:
            self.runner.cancel()
            self.runner.wait(timeout_ms)
        if self.dashboard_page.runner.busy:
            self.dashboard_page.runner.wait(timeout_ms)
        self.alerts_page.shutdown(timeout_ms)
        if self.packing_window is not None and self.packing_window.runner.busy:
            self.packing_window.runner.wait(timeout_ms)
        for page in self.list_pages():
            page.model.wait_for_count(timeout_ms / 1000)
        for hook in self._shutdown_hooks:
            hook()

    # --- status bar -------------------------------------------------------------------------
    def say(self, text: str) -> None:
        """A status bar message that stays until the next one (results must not vanish)."""
        self.statusBar().showMessage(text)

    def _page_total_changed(self, *_: object) -> None:
        if self.sender() is self.list_page().model:
            self._total_changed(self.list_page().model.total)

    def _total_changed(self, total: int) -> None:
        model = self.list_page().model
        if not model.loaded:
            self.count_label.setText("")
            return
        if model.total_exact:
            self.count_label.setText(self.tr("共 {0} 单").format(total))
        else:
            self.count_label.setText(self.tr("共 {0}+ 单（正在统计…）").format(total))
        loaded = model.rowCount()
        self.count_label.setToolTip(self.tr("已加载 {0} 单，向下滚动加载更多").format(loaded)
                                    if loaded < total or not model.total_exact else "")

    def _selection_changed(self, n: int) -> None:
        self._update_actions()

    def _busy_changed(self, busy: bool) -> None:
        self.task_label.setText(self.runner.title if busy else "")
        self.progress_bar.setRange(0, 0)  # "working" until the first progress report
        for w in (self.task_label, self.progress_bar):
            w.setVisible(busy)
        self.cancel_button.setVisible(busy and self.runner.cancellable)
        self.cancel_button.setEnabled(True)
        self._update_actions()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
            self.progress_bar.setFormat(f"{done}/{total}")

    def _update_actions(self) -> None:
        if self._locked:
            return
        idle = not self.runner.busy
        has = bool(self.list_page().table.selectionModel().hasSelection()) and (
            self.current_key() in LIST_PAGES or self.current_key() == "alerts")
        self.act_import.setEnabled(idle)
        for act in (self.act_allocate, self.act_print, self.act_reprint):
            act.setEnabled(idle and has)
        self.act_assign.setEnabled(has)
        self.act_copy.setEnabled(has)
        self.actionsUpdated.emit()

    def _cancel_clicked(self) -> None:
        self.runner.cancel()
        self.cancel_button.setEnabled(False)
        self.say(self.tr("正在取消…"))

    def _task_failed(self, message: str) -> None:
        self.say(self.tr("操作失败：{0}").format(message))
        self.messages.show_messages(self.tr("操作失败"), [message], "error")

    def _task_cancelled(self) -> None:
        self.say(self.tr("已取消"))
        self.refresh()

    def _need_selection(self) -> list[int] | None:
        ids = self.selected_order_ids()
        if not ids:
            self.say(self.tr("请先在表格中选择订单"))
            return None
        if self.runner.busy:
            self.say(self.tr("正在处理「{0}」，请稍候").format(self.runner.title))
            return None
        return ids

    # --- refresh ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the page shown; the other pages re-read when next shown."""
        current = self.current_key()
        page = self.list_page()
        page.model.ensure_loaded()
        page.refresh()
        self._stale |= {k for k in ("orders", "to_print", "shipped", "alerts") if k != current}
        if current == "alerts":
            self.alerts_page.reload_tracking()
        elif current == "dashboard":
            self.dashboard_page.refresh()
        self._total_changed(page.model.total)

    # --- import -----------------------------------------------------------------------------
    def import_dialog_open(self) -> None:
        if self._import_factory is not None:
            dialog = self._import_factory(self)
            if dialog is not None and hasattr(dialog, "show"):
                dialog.show()
            return
        folder = str(self.settings.value("import/dir", "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DownloadLocation))
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择平台导出的订单文件"), folder,
            self.tr("订单导出文件 (*.csv *.xlsx *.xls);;所有文件 (*)"))
        if paths:
            self.settings.setValue("import/dir", str(Path(paths[0]).parent))
            self.import_paths([Path(p) for p in paths])

    def import_paths(self, paths: Sequence[str | Path], *, valid_rows_only: bool = False) -> bool:
        """Import files in the background; the result dialog opens when done."""
        if self.runner.busy:
            self.say(self.tr("正在处理「{0}」，请稍候").format(self.runner.title))
            return False
        files = [Path(p) for p in paths]
        self._import_paths = files
        ws = self.ws

        shop = setup.shop_name(ws) or None

        def task(progress, cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            summary = import_files(ws, files, platform="auto", valid_rows_only=valid_rows_only,
                                   progress=progress, cancelled=cancelled, shop_name=shop)
            setup.fill_missing_senders(ws)  # shops the import created get the sender
            return summary

        self.say(self.tr("正在导入 {0} 个文件…").format(len(files)))
        return self.runner.start(self.tr("导入订单"), task, self._import_done,
                                 on_failed=self._task_failed,
                                 on_cancelled=self._import_cancelled)

    def _import_done(self, result: object) -> None:
        summary: ImportSummary = result  # type: ignore[assignment]
        self.refresh()
        self.say(self.tr("导入完成：新增 {0} 单，更新 {1} 单，{2} 个错误").format(
            summary.imported, summary.updated, len(summary.errors)))
        if self.import_dialog is not None:
            self.import_dialog.close()
        self.import_dialog = ImportResultDialog(summary, self)
        self.import_dialog.validRowsRequested.connect(self._import_valid_rows)
        self.import_dialog.show()

    def _import_valid_rows(self) -> None:
        self.import_paths(self._import_paths, valid_rows_only=True)

    def _import_cancelled(self) -> None:
        self.say(self.tr("已取消导入：被取消的文件没有导入任何订单"))
        self.refresh()

    # --- allocate ---------------------------------------------------------------------------
    def allocate_selected(self, carrier: str | None = None) -> bool:
        """Get e-waybill numbers for the selected orders in the background."""
        ids = self._need_selection()
        if ids is None:
            return False
        fallback = self.carrier()  # the toolbar's carrier: for orders nobody assigned one
        ws = self.ws

        def task(progress, cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            return allocate_waybills(ws, ids, carrier=carrier, fallback=fallback,
                                     progress=progress, cancelled=cancelled)

        self.say(self.tr("正在为 {0} 单取号…").format(len(ids)))
        return self.runner.start(self.tr("取号"), task, self._allocate_done,
                                 on_failed=self._task_failed,
                                 on_cancelled=self._task_cancelled)

    def _allocate_done(self, result: object) -> None:
        summary: AllocateSummary = result  # type: ignore[assignment]
        self.refresh()
        parts = [self.tr("已取号 {0} 单").format(summary.allocated)]
        if summary.already:
            parts.append(self.tr("{0} 单原来就有运单号").format(summary.already))
        if summary.failed:
            parts.append(self.tr("{0} 单失败").format(len(summary.failed)))
        if self.runner.cancel_requested:
            parts.append(self.tr("已取消，其余订单没有取号"))
        self.say("，".join(parts))
        if summary.failed:
            self.messages.show_messages(
                self.tr("{0} 单没有取到运单号：").format(len(summary.failed)),
                [f"{f['order']}  {user_message(f['message'])}" for f in summary.failed],
                "error")
        else:
            self.messages.hide()

    # --- print ------------------------------------------------------------------------------
    def _ask_print_path(self) -> Path | None:
        folder = str(self.settings.value("print/dir", "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation))
        name = f"面单_{datetime.now():%Y%m%d_%H%M%S}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存面单 PDF"),
                                              str(Path(folder) / name),
                                              self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return None
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        self.settings.setValue("print/dir", str(out.parent))
        return out

    def print_selected(self, out_path: str | Path | None = None, *,
                       reprint: bool = False) -> bool:
        """Print the selected orders' labels to a PDF; asks for the file unless given one."""
        ids = self._need_selection()
        if ids is None:
            return False
        printer = None if out_path else self.label_printer()
        out = None
        if printer is None:
            out = Path(out_path) if out_path else self._ask_print_path()
            if out is None:
                return False
        ws, size = self.ws, self.label_size()
        pick = str(self.settings.value("print/pickOrder", "import") or "import")

        def task(progress, cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            if printer is not None:  # streams; a partial batch stays resumable
                return print_labels(ws, ids, printer=printer, size=size, fmt=printer.fmt,
                                    reprint=reprint, pick_order=pick, progress=progress,
                                    cancelled=cancelled)
            return print_labels(ws, ids, out=out, size=size, fmt="pdf", reprint=reprint,
                                progress=progress)

        self.say(self.tr("正在打印 {0} 单…").format(len(ids)))
        return self.runner.start(self.tr("打印面单"), task, self._print_done,
                                 on_failed=self._task_failed, on_cancelled=self.refresh,
                                 cancellable=printer is not None)

    def label_printer(self):  # noqa: ANN201
        """The label printer set for this station (`printer/labels`, a saved printer
        name) or the workspace default; None for the PDF file flow."""
        from app.services.printers import default_printer, get_printer

        name = str(self.settings.value("printer/labels", "") or "")
        cfg = (get_printer(self.ws, name) if name else None) or default_printer(self.ws)
        return cfg if cfg is not None and cfg.kind != "pdf" else None

    def reprint_selected_confirm(self) -> None:
        ids = self.selected_order_ids()
        if not ids:
            self.say(self.tr("请先在表格中选择订单"))
            return
        answer = QMessageBox.question(
            self, self.tr("重打面单"),
            self.tr("再次打印所选 {0} 单的面单？\n重打会记录在打印日志里；"
                    "同一包裹贴两张面单会造成错发。").format(len(ids)))
        if answer == QMessageBox.StandardButton.Yes:
            self.print_selected(reprint=True)

    def _print_done(self, result: object) -> None:
        summary: PrintSummary = result  # type: ignore[assignment]
        self.refresh()
        if summary.printed:
            self.last_print_out = Path(summary.out) if summary.out else None
            name = Path(summary.out).name if summary.out else ""
            text = self.tr("已打印 {0} 张面单 → {1}").format(summary.printed, name)
        else:
            text = self.tr("没有打印面单")
        if summary.skipped:
            text += self.tr("，{0} 单跳过").format(len(summary.skipped))
            self.messages.show_messages(
                self.tr("{0} 单没有打印：").format(len(summary.skipped)),
                [f"{s['order']}  {user_message(s['message'])}" for s in summary.skipped])
        else:
            self.messages.hide()
        self.say(text)

    # --- assign, saved filters ------------------------------------------------------------
    def assign_selected(self) -> bool:
        """Hand the selection to the carriers module's widget; without it, say how to do it."""
        ids = self.selected_order_ids()
        if not ids:
            self.say(self.tr("请先在表格中选择订单"))
            return False
        if self._assign_handler is not None:
            self._assign_handler(self, ids)
            return True
        self.messages.show_messages(
            self.tr("指定快递：请在工具栏选择快递公司，再点「取号」（Ctrl+G）"),
            [self.tr("按规则自动分配快递和服务（音需达、次日达等）的窗口由快递模块提供，完成后在这里打开。")],
            "info")
        self.carrier_box.setFocus()
        return False

    def save_filter_prompt(self) -> None:
        page = self.list_page()
        name, ok = QInputDialog.getText(self, self.tr("保存筛选"), self.tr("筛选名称："),
                                        QLineEdit.EchoMode.Normal, page.search_box.text())
        if ok and name.strip():
            page.save_filter(name)
            self.say(self.tr("已保存筛选「{0}」").format(name.strip()))

    def delete_filter_prompt(self) -> None:
        page = self.list_page()
        names = page.saved_filters()
        if not names:
            self.say(self.tr("这一页没有保存的筛选"))
            return
        name, ok = QInputDialog.getItem(self, self.tr("删除筛选"), self.tr("要删除的筛选："),
                                        names, 0, False)
        if ok and name in names:
            page.delete_filter(name)
            self.say(self.tr("已删除筛选「{0}」").format(name))

    # --- settings reactions --------------------------------------------------------------
    def _size_from_settings(self, value: str) -> None:
        i = self.size_box.findData(value)
        if i >= 0:
            self.size_box.setCurrentIndex(i)

    def _carrier_from_settings(self, code: str) -> None:
        i = self.carrier_box.findData(code)
        if i >= 0:
            self.carrier_box.setCurrentIndex(i)
        self.say(self.tr("默认快递已改为 {0}").format(self.carrier_box.currentText().strip()))

    # --- packing mode, wizard, language -----------------------------------------------------
    def open_packing(self, *, fullscreen: bool = True):  # noqa: ANN201
        """The full-screen scan-to-print window (one per main window)."""
        from app.ui.packing import PackingWindow

        if self.packing_window is None:
            w = PackingWindow(self.ws, self.settings, size=self.label_size(),
                              carrier=None, parent=self)
            w.printed.connect(lambda *_: self._stale.update(LIST_PAGES + ("alerts",)))
            w.closed.connect(self._packing_closed)
            self.packing_window = w
        else:
            self.packing_window.size = self.label_size()
        if fullscreen:
            self.packing_window.showFullScreen()
        else:
            self.packing_window.show()
        self.packing_window.raise_()
        self.packing_window.activateWindow()
        return self.packing_window

    def _packing_closed(self) -> None:
        QTimer.singleShot(0, self.refresh)

    def open_wizard(self):  # noqa: ANN201
        from app.ui.wizard import FirstRunWizard

        wizard = FirstRunWizard(self.ws, self.settings, self)
        wizard.finished.connect(lambda result: self._wizard_done(result))
        wizard.open()
        return wizard

    def _wizard_done(self, result: int) -> None:
        if result:
            self._carrier_from_settings(setup.default_carrier(self.ws))
            self._size_from_settings(str(self.settings.value("main/labelSize", "76x130")))

    def switch_language(self, locale: str) -> MainWindow:
        """Install the language and rebuild the window in it (state is kept)."""
        from PySide6.QtWidgets import QApplication

        self.settings.setValue(i18n.SETTINGS_KEY, locale)
        self.shutdown()
        self.save_settings()
        app = QApplication.instance()
        i18n.install(app, locale)
        new = MainWindow(self.ws, self.settings, page_size=self.page_size, demo=self.demo)
        new._import_factory, new._assign_handler = self._import_factory, self._assign_handler
        new.rebuilt_from, new.key_place = self, self.key_place
        for installer in self._installers:
            new.add_installer(installer)
        new.restoreGeometry(self.saveGeometry())
        new.show_page(self.current_key())
        new.show()
        self.replacement = new
        self.replaced.emit(new)
        self.close()
        return new
