"""设置 → 「打印机」: the printers this workspace knows, their defaults, and a test page.

`PrintersSettingsWidget(ws, parent=None)`:

- a table of the configured printers (`app.services.printers`): name, kind (PDF 文件夹,
  网络打印机 RAW 9100, CUPS 队列, 系统打印队列, Windows RAW, 平台打印组件, 写入文件),
  where it is, language (ZPL / TSPL / PDF), dpi, x/y offset, darkness, and which role
  (面单 / 打包台) it is the default for;
- 「添加…」 / 「编辑…」 (`PrinterDialog`) / 「删除」 / 「设为面单默认」 / 「设为打包台默认」;
- 「打印测试页」: one sample label through the printer's real path
  (`print_labels.print_test_page`) in a worker, so the window never freezes; a printer
  that is off answers within a few seconds with its host:port and what to check.

Kinds, languages and roles the printer service does not know yet (it decides with
`printers.KINDS` / `LANGUAGES` / `ROLES`) are shown but disabled, so the page follows
the service without changes here. `install(window)` adds the tab to 设置 and a
「打印机设置…」 action to the 打印 menu.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import printers
from app.services.print_labels import SIZES, SamplePrintResult, print_test_page, warm_up
from app.services.workspace import Workspace
from app.ui.texts import tr, user_message
from app.ui.workers import TaskRunner, Worker

CTX = "Printers"


def _t(text: str) -> str:
    return tr(text, CTX)


#: every kind the page can describe, in the order offered; enabled when the service knows it
KIND_NAMES: dict[str, str] = {
    "pdf": "PDF 文件夹",
    "tcp": "网络打印机（RAW 9100）",
    "cups": "CUPS 队列",
    "system": "系统打印队列",
    "windows": "Windows RAW",
    "component": "平台打印组件",
    "file": "打印指令写入文件",
}
LANGUAGE_NAMES: dict[str, str] = {"zpl": "ZPL（斑马）", "tspl": "TSPL（TSC/芯烨/佳博）",
                                  "pdf": "PDF"}
#: the label caches warm up this long after the window is built (start-up first)
WARM_UP_DELAY_MS = 1500
ROLE_NAMES: dict[str, str] = {"labels": "面单", "packing": "打包台", "slips": "发货单"}
COLUMNS = ("名称", "类型", "地址 / 队列", "语言", "DPI", "偏移 X/Y (mm)", "浓度", "默认用于")


def queue_names() -> list[str]:
    """The print queues of this computer (CUPS on macOS/Linux, the spooler on Windows)."""
    try:
        from PySide6.QtPrintSupport import QPrinterInfo
    except ImportError:  # pragma: no cover - a build without QtPrintSupport
        return []
    return sorted(QPrinterInfo.availablePrinterNames())


def _fields() -> set[str]:
    return {f.name for f in dataclasses.fields(printers.PrinterConfig)}


def where(cfg: printers.PrinterConfig) -> str:
    if cfg.kind == "tcp":
        return f"{cfg.host}:{cfg.port}"
    if cfg.kind in ("cups", "windows", "system", "component"):
        return cfg.queue or _t("默认")
    return cfg.folder


def language(cfg: printers.PrinterConfig) -> str:
    return "PDF" if cfg.fmt == "pdf" else cfg.language.upper()


def friendly_error(message: str) -> str:
    """The service's English error in the packer's words, the original kept below it."""
    low = message.lower()
    if "refused" in low:
        head = _t("打印机拒绝连接：端口不对，或打印机未开机/未联网。")
    elif "did not answer" in low or "cannot be reached" in low:
        head = _t("连接不上打印机：请检查打印机电源、网线/无线和 IP 地址。")
    elif "stopped" in low or "dropped" in low:
        head = _t("打印机中途断开：请检查纸张、碳带和打印机状态。")
    elif "may not" in low or "log in as the shop owner" in low:
        head = _t("当前操作员没有修改设置的权限。")
    else:
        return user_message(message)
    return f"{head}\n{user_message(message)}"


class PrinterDialog(QDialog):
    """Add or edit one printer setting; `config()` is the validated result."""

    def __init__(self, cfg: printers.PrinterConfig | None = None,
                 parent: QWidget | None = None, queues: Sequence[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_t("编辑打印机") if cfg else _t("添加打印机"))
        self.setMinimumWidth(460)
        cfg = cfg or printers.PrinterConfig(name="", kind="tcp")
        self._original = cfg
        known = set(printers.KINDS)
        form = QFormLayout()
        self.name = QLineEdit(cfg.name)
        self.name.setPlaceholderText(_t("例如：打包台 1 号"))
        form.addRow(_t("名称"), self.name)
        self.kind = QComboBox()
        for code, text in KIND_NAMES.items():
            self.kind.addItem(_t(text), code)
            if code not in known:
                item = self.kind.model().item(self.kind.count() - 1)
                item.setEnabled(False)
                item.setToolTip(_t("这一版还不能保存这种打印机"))
        self.kind.setCurrentIndex(max(0, self.kind.findData(cfg.kind)))
        form.addRow(_t("类型"), self.kind)
        self.host = QLineEdit(cfg.host)
        self.host.setPlaceholderText("192.168.1.50")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(int(cfg.port or 9100))
        hp = QHBoxLayout()
        hp.addWidget(self.host, 1)
        hp.addWidget(QLabel(_t("端口")))
        hp.addWidget(self.port)
        self.host_row = QWidget()
        self.host_row.setLayout(hp)
        hp.setContentsMargins(0, 0, 0, 0)
        form.addRow(_t("地址"), self.host_row)
        self.queue = QComboBox()
        self.queue.setEditable(True)
        self.queue.addItems(list(queues if queues is not None else queue_names()))
        self.queue.setCurrentText(cfg.queue)
        self.queue.lineEdit().setPlaceholderText(_t("打印队列名称"))
        form.addRow(_t("打印队列"), self.queue)
        self.server = QLineEdit(cfg.server)
        self.server.setPlaceholderText(_t("留空：本机 CUPS"))
        form.addRow(_t("CUPS 服务器"), self.server)
        self.folder = QLineEdit(cfg.folder)
        browse = QPushButton(_t("浏览…"))
        browse.clicked.connect(self._browse)
        fr = QHBoxLayout()
        fr.setContentsMargins(0, 0, 0, 0)
        fr.addWidget(self.folder, 1)
        fr.addWidget(browse)
        self.folder_row = QWidget()
        self.folder_row.setLayout(fr)
        form.addRow(_t("保存位置"), self.folder_row)
        self.language = QComboBox()
        langs = set(printers.LANGUAGES)
        for code, text in LANGUAGE_NAMES.items():
            if code == "pdf":
                continue  # a PDF folder prints PDF; thermal printers take ZPL or TSPL
            self.language.addItem(_t(text), code)
            if code not in langs:
                self.language.model().item(self.language.count() - 1).setEnabled(False)
        self.language.setCurrentIndex(max(0, self.language.findData(cfg.language)))
        form.addRow(_t("打印机语言"), self.language)
        self.dpi = QComboBox()
        for d in printers.DPIS:
            self.dpi.addItem(_t("{0} dpi（{1} 点/毫米）").format(d, 8 if d == 203 else 12), d)
        self.dpi.setCurrentIndex(max(0, self.dpi.findData(cfg.dpi)))
        form.addRow(_t("分辨率"), self.dpi)
        self.offset_x = self._offset(cfg.offset_x_mm)
        self.offset_y = self._offset(cfg.offset_y_mm)
        off = QHBoxLayout()
        off.setContentsMargins(0, 0, 0, 0)
        off.addWidget(QLabel("X"))
        off.addWidget(self.offset_x)
        off.addWidget(QLabel("Y"))
        off.addWidget(self.offset_y)
        off.addStretch(1)
        offset_row = QWidget()
        offset_row.setLayout(off)
        form.addRow(_t("偏移 (mm)"), offset_row)
        self.darkness = QSpinBox()
        self.darkness.setRange(-1, 30)
        self.darkness.setSpecialValueText(_t("不改变（用打印机的设置）"))
        self.darkness.setValue(-1 if cfg.darkness is None else int(cfg.darkness))
        form.addRow(_t("浓度"), self.darkness)
        self.size = QComboBox()
        for s in SIZES:
            self.size.addItem(s.replace("x", "×") + " mm", s)
        size_field = next((f for f in ("label_size", "size") if f in _fields()), "")
        self._size_field = size_field
        if size_field:
            self.size.setCurrentIndex(max(0, self.size.findData(getattr(cfg, size_field))))
            form.addRow(_t("面单尺寸"), self.size)
        else:
            self.size.hide()
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.5, 60)
        self.timeout.setDecimals(1)
        self.timeout.setSuffix(" s")
        self.timeout.setValue(float(cfg.timeout))
        form.addRow(_t("连接超时"), self.timeout)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self._form = form
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.language.currentIndexChanged.connect(self._language_changed)
        self._kind_changed()

    @staticmethod
    def _offset(value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-20.0, 20.0)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setValue(float(value))
        return spin

    def _browse(self) -> None:
        if self.kind.currentData() == "file":
            path, _ = QFileDialog.getSaveFileName(self, _t("写入文件"), self.folder.text())
        else:
            path = QFileDialog.getExistingDirectory(self, _t("PDF 保存到"), self.folder.text())
        if path:
            self.folder.setText(path)

    def _show(self, widget: QWidget, shown: bool) -> None:
        self._form.setRowVisible(widget, shown)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self._show(self.host_row, kind == "tcp")
        self._show(self.queue, kind in ("cups", "windows", "system", "component"))
        self._show(self.server, kind == "cups")
        self._show(self.folder_row, kind in ("pdf", "file"))
        self._show(self.language, kind != "pdf")
        self._show(self.timeout, kind == "tcp")
        self._language_changed()

    def _language_changed(self) -> None:
        top = 30 if self.language.currentData() == "zpl" else 15
        self.darkness.setMaximum(top)
        self.darkness.setToolTip(_t("ZPL 为 0-30，TSPL 为 0-15"))

    def config(self) -> printers.PrinterConfig:
        kind = str(self.kind.currentData())
        values: dict[str, object] = dict(
            name=self.name.text().strip(), kind=kind, host=self.host.text().strip(),
            port=self.port.value(), queue=self.queue.currentText().strip(),
            server=self.server.text().strip(), folder=self.folder.text().strip(),
            dpi=int(self.dpi.currentData()),
            darkness=None if self.darkness.value() < 0 else self.darkness.value(),
            offset_x_mm=round(self.offset_x.value(), 1),
            offset_y_mm=round(self.offset_y.value(), 1),
            language=str(self.language.currentData()), timeout=self.timeout.value())
        if self._size_field:
            values[self._size_field] = self.size.currentData()
        return dataclasses.replace(self._original, **values).validate()

    def accept(self) -> None:
        try:
            self.config()
        except Exception as exc:  # the service says what is missing
            self.error.setText(friendly_error(str(exc)))
            return
        super().accept()


class PrintersSettingsWidget(QWidget):
    """The 「打印机」 settings tab."""

    changed = Signal()  # a printer was added, edited, deleted or made default
    testFinished = Signal(bool, str)  # ok, the message shown

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = TaskRunner(self)
        self.runner.busyChanged.connect(self._busy)
        self._configs: list[printers.PrinterConfig] = []
        self._warm: Worker | None = None
        intro = QLabel(_t("面单打印机：热敏打印机用网络（RAW 9100）、CUPS 队列或 Windows 打印机，"
                          "语言选 ZPL 或 TSPL；没有热敏打印机时用 PDF 文件夹。"
                          "新打印机请先打印测试页，检查位置、浓度和条码能否扫出。"))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_t(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.add_button = QPushButton(_t("添加…"))
        self.edit_button = QPushButton(_t("编辑…"))
        self.delete_button = QPushButton(_t("删除"))
        self.add_button.clicked.connect(self.add_printer)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.default_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(b)
        row.addSpacing(12)
        for role in printers.ROLES:
            b = QPushButton(_t("设为{0}默认").format(_t(ROLE_NAMES.get(role, role))))
            b.clicked.connect(lambda _c=False, r=role: self.set_default(r))
            self.default_buttons[role] = b
            row.addWidget(b)
        row.addStretch(1)
        self.test_size = QComboBox()
        for s in SIZES:
            self.test_size.addItem(s.replace("x", "×"), s)
        self.test_button = QPushButton(_t("打印测试页"))
        self.test_button.setToolTip(_t("用这台打印机真实的打印方式打一张样张（不会记为已打印）"))
        self.test_button.clicked.connect(self.print_test)
        test_row = QHBoxLayout()
        test_row.addWidget(QLabel(_t("测试页尺寸")))
        test_row.addWidget(self.test_size)
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        self.result = QLabel()
        self.result.setObjectName("printerTestResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setMinimumHeight(48)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addLayout(test_row)
        lay.addWidget(self.result)
        self.reload()

    # ------------------------------------------------------------------ list
    def reload(self) -> None:
        keep = self.selected_name()
        self._configs = printers.list_printers(self.ws)
        defaults = {role: getattr(printers.default_printer(self.ws, role), "name", None)
                    for role in printers.ROLES}
        self.table.setRowCount(len(self._configs))
        for r, cfg in enumerate(self._configs):
            roles = [_t(ROLE_NAMES.get(role, role)) for role, name in defaults.items()
                     if name == cfg.name]
            cells = (
                cfg.name, _t(KIND_NAMES.get(cfg.kind, cfg.kind)), where(cfg), language(cfg),
                str(cfg.dpi), f"{cfg.offset_x_mm:g} / {cfg.offset_y_mm:g}",
                "—" if cfg.darkness is None else str(cfg.darkness), "、".join(roles),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, cfg.name)
                self.table.setItem(r, c, item)
        names = [c.name for c in self._configs]
        if keep in names:
            self.table.selectRow(names.index(keep))
        elif names:
            self.table.selectRow(0)
        self._selection()

    def selected_name(self) -> str:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return ""
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def selected(self) -> printers.PrinterConfig | None:
        name = self.selected_name()
        return next((c for c in self._configs if c.name == name), None)

    def select(self, name: str) -> None:
        for r, cfg in enumerate(self._configs):
            if cfg.name == name:
                self.table.selectRow(r)

    def _selection(self) -> None:
        has = self.selected() is not None
        for b in (self.edit_button, self.delete_button, *self.default_buttons.values()):
            b.setEnabled(has)
        self.test_button.setEnabled(has and not self.runner.busy)

    def _busy(self, busy: bool) -> None:
        self.test_button.setEnabled(not busy and self.selected() is not None)
        self.test_button.setText(_t("正在打印测试页…") if busy else _t("打印测试页"))

    def _say(self, text: str, ok: bool | None = None) -> None:
        colour = {True: "#1b6e20", False: "#b3261e", None: ""}[ok]
        self.result.setStyleSheet(f"color: {colour}" if colour else "")
        self.result.setText(text)

    # ------------------------------------------------------------------ editing
    def save(self, cfg: printers.PrinterConfig, replaces: str = "") -> bool:
        """Store a printer (renaming `replaces`); False with the reason shown on failure."""
        try:
            printers.save_printer(self.ws, cfg)
            if replaces and replaces != cfg.name:
                roles = [r for r in printers.ROLES
                         if getattr(printers.default_printer(self.ws, r), "name", "") == replaces]
                printers.delete_printer(self.ws, replaces)
                for role in roles:
                    printers.set_default_printer(self.ws, cfg.name, role)
        except Exception as exc:  # validation or permission: the user must read why
            self._say(friendly_error(str(exc)), False)
            return False
        self.reload()
        self.select(cfg.name)
        self._say(_t("已保存打印机 {0}").format(cfg.describe()), True)
        self.changed.emit()
        return True

    def add_printer(self) -> None:
        dlg = PrinterDialog(None, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.save(dlg.config())

    def edit_selected(self) -> None:
        cfg = self.selected()
        if cfg is None:
            return
        dlg = PrinterDialog(cfg, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.save(dlg.config(), replaces=cfg.name)

    def delete_selected(self, confirm: bool = True) -> None:
        cfg = self.selected()
        if cfg is None:
            return
        if confirm and QMessageBox.question(
                self, _t("删除打印机"), _t("删除打印机「{0}」？").format(cfg.name)
        ) != QMessageBox.StandardButton.Yes:
            return
        try:
            for role in printers.ROLES:
                if getattr(printers.default_printer(self.ws, role), "name", "") == cfg.name:
                    printers.set_default_printer(self.ws, "", role)
            printers.delete_printer(self.ws, cfg.name)
        except Exception as exc:
            self._say(friendly_error(str(exc)), False)
            return
        self.reload()
        self._say(_t("已删除打印机 {0}").format(cfg.name), True)
        self.changed.emit()

    def set_default(self, role: str) -> None:
        cfg = self.selected()
        if cfg is None:
            return
        try:
            printers.set_default_printer(self.ws, cfg.name, role)
        except Exception as exc:
            self._say(friendly_error(str(exc)), False)
            return
        self.reload()
        self._say(_t("「{0}」现在是{1}的默认打印机").format(
            cfg.name, _t(ROLE_NAMES.get(role, role))), True)
        self.changed.emit()

    # ------------------------------------------------------------------ start-up
    def warm_up(self) -> Worker | None:
        """Load the label font and the common glyphs for the default label printer in the
        background, so the day's first print reaches the printer without that wait."""
        if self._warm is not None:
            return self._warm
        cfg = printers.default_printer(self.ws, "labels")
        dpi = cfg.dpi if cfg is not None else 203
        fmt = cfg.fmt if cfg is not None else "zpl"
        ws = self.ws

        def task(_progress, _cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            return warm_up(ws, dpi=dpi, fmt=fmt)

        self._warm = Worker(task).start()
        return self._warm

    # ------------------------------------------------------------------ test page
    def print_test(self) -> bool:
        """Print the test page on the selected printer in a worker; False if busy."""
        cfg = self.selected()
        if cfg is None or self.runner.busy:
            return False
        size = str(self.test_size.currentData())

        def task(_progress, _cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            return print_test_page(cfg, size)

        self._say(_t("正在向 {0} 发送测试页…").format(cfg.describe()))
        return self.runner.start(_t("打印测试页"), task, self._test_done,
                                 on_failed=self._test_failed, cancellable=False)

    def _test_done(self, result: object) -> None:
        res: SamplePrintResult = result  # type: ignore[assignment]
        if res.out:
            text = _t("测试页已保存：{0}").format(res.out)
        else:
            text = _t("测试页已发送到 {0}（{1} 字节，{2:.1f} 秒）。请检查位置、浓度，"
                      "并用扫码枪扫一下条码。").format(res.target, res.bytes_sent, res.seconds)
        self._say(text, True)
        self.testFinished.emit(True, text)

    def _test_failed(self, message: str) -> None:
        text = _t("测试页没有打印：") + friendly_error(message)
        self._say(text, False)
        self.testFinished.emit(False, text)


# ---------------------------------------------------------------------- window hook
def print_menu(window: QWidget) -> QMenu:
    """The window's 「打印(&P)」 menu, made on first use."""
    bar: QMenuBar = window.menuBar()  # type: ignore[attr-defined]
    for act in bar.actions():
        menu = act.menu()
        if menu is not None and menu.objectName() == "printMenu":
            return menu
    menu = QMenu(_t("打印(&P)"), bar)
    menu.setObjectName("printMenu")
    acts = bar.actions()
    # right after 订单(&O), where a packer looks for it
    after = next((n for n, a in enumerate(acts) if a.menu() is not None and
                  a.menu().objectName() == "ordersMenu"), 1)
    if after + 1 < len(acts):
        bar.insertMenu(acts[after + 1], menu)
    else:
        bar.addMenu(menu)
    return menu


def show_tab(window: QWidget, page: QWidget) -> None:
    """Open 设置 on the window and bring `page` (one of its tabs) to the front."""
    act = getattr(window, "act_settings", None)
    if act is not None:
        act.trigger()
    tabs = page.parentWidget()
    while tabs is not None and not isinstance(tabs, QTabWidget):
        tabs = tabs.parentWidget()
    if tabs is not None:
        tabs.setCurrentWidget(page)


def install(window: QWidget) -> PrintersSettingsWidget:
    """Add the 「打印机」 tab to 设置 and 打印 → 「打印机设置…」 through the window's hooks."""
    page = PrintersSettingsWidget(window.ws, window)  # type: ignore[attr-defined]
    window.add_settings_page(_t("打印机"), page)  # type: ignore[attr-defined]
    act = QAction(_t("打印机设置…"), window)
    act.setObjectName("actPrinterSettings")
    act.setStatusTip(_t("添加打印机、设默认打印机、打印测试页"))

    def show() -> None:
        show_tab(window, page)

    act.triggered.connect(show)
    print_menu(window).addAction(act)
    window.printers_page = page  # type: ignore[attr-defined]
    QTimer.singleShot(WARM_UP_DELAY_MS, page, page.warm_up)
    return page
