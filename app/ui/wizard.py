"""First-run wizard: the shop and its sender address, the printer (with a test print), the
carrier accounts (the offline sandbox preset). Runs before the window on a new database,
and again from Settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.services import printers, setup
from app.services.print_labels import PrintError, print_test_page
from app.services.workspace import Workspace
from app.ui.pages import print_folder
from app.ui.texts import CARRIERS, LABEL_SIZES, tr, user_message
from app.ui.workers import Worker


class ShopPage(QWizardPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("店铺与寄件人"))
        self.setSubTitle(self.tr("面单上的寄件人信息。打印时姓名、电话和门牌号会按国家标准打码。"))
        sender = setup.get_sender(ws)
        self.shop = QLineEdit(setup.shop_name(ws), self)
        self.shop.setPlaceholderText(self.tr("例如：小鹿的零食铺"))
        self.name = QLineEdit(sender.name, self)
        self.phone = QLineEdit(sender.phone, self)
        self.phone.setPlaceholderText("13800001234")
        self.province = QLineEdit(sender.province, self)
        self.city = QLineEdit(sender.city, self)
        self.district = QLineEdit(sender.district, self)
        self.detail = QLineEdit(sender.detail, self)
        self.detail.setPlaceholderText(self.tr("街道、门牌号"))
        form = QFormLayout(self)
        form.addRow(self.tr("店铺名称"), self.shop)
        form.addRow(self.tr("寄件人"), self.name)
        form.addRow(self.tr("寄件电话"), self.phone)
        region = QHBoxLayout()
        for w, ph in ((self.province, self.tr("省")), (self.city, self.tr("市")),
                      (self.district, self.tr("区/县"))):
            w.setPlaceholderText(ph)
            region.addWidget(w)
        form.addRow(self.tr("省 / 市 / 区"), region)
        form.addRow(self.tr("详细地址"), self.detail)
        self.registerField("shop*", self.shop)
        self.registerField("senderName*", self.name)
        self.registerField("senderPhone*", self.phone)
        self.registerField("senderDetail*", self.detail)

    def sender(self) -> setup.Sender:
        return setup.Sender(self.name.text().strip(), self.phone.text().strip(),
                            self.province.text().strip(), self.city.text().strip(),
                            self.district.text().strip(), self.detail.text().strip())


class PrinterPage(QWizardPage):
    """Where labels go: a PDF folder, or a networked label printer (raw TCP 9100, ZPL or
    TSPL) that becomes the station's default. The test print runs off the GUI thread: a
    printer that is off answers within a few seconds with what to check."""

    PRINTER_NAME = "面单打印机"

    def __init__(self, ws: Workspace, settings: QSettings, sender_of,  # noqa: ANN001
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self.sender_of = sender_of
        self.last_test: Path | None = None
        self.last_result: str = ""
        self._worker: Worker | None = None
        self.setTitle(self.tr("打印机"))
        self.setSubTitle(self.tr("选择面单打印到哪里，并打印一张测试页检查位置和清晰度。"))
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("PDF 文件夹（默认）"), "pdf")
        self.kind.addItem(self.tr("网络热敏打印机（RAW 9100）"), "tcp")
        self.folder = QLineEdit(str(print_folder(settings)), self)
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("192.168.1.50")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(9100)
        self.language = QComboBox(self)
        self.language.addItem(self.tr("ZPL（斑马等）"), "zpl")
        self.language.addItem(self.tr("TSPL（TSC、佳博、汉印等）"), "tspl")
        self.dpi = QComboBox(self)
        self.dpi.addItem("203 dpi", 203)
        self.dpi.addItem("300 dpi", 300)
        self.size = QComboBox(self)
        for value, text in LABEL_SIZES:
            self.size.addItem(tr(text), value)
        self.size.setCurrentIndex(max(self.size.findData(
            str(settings.value("main/labelSize", "76x130"))), 0))
        self.test_button = QPushButton(self.tr("打印测试页"), self)
        self.test_button.clicked.connect(self.print_test)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        address = QHBoxLayout()
        address.addWidget(self.host, 1)
        address.addWidget(QLabel(self.tr("端口"), self))
        address.addWidget(self.port)
        form = QFormLayout(self)
        form.addRow(self.tr("打印方式"), self.kind)
        form.addRow(self.tr("PDF 文件夹"), self.folder)
        form.addRow(self.tr("打印机地址"), address)
        form.addRow(self.tr("打印机语言"), self.language)
        form.addRow(self.tr("分辨率"), self.dpi)
        form.addRow(self.tr("面单尺寸"), self.size)
        form.addRow("", self.test_button)
        form.addRow("", self.result)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self, *_: object) -> None:
        tcp = self.kind.currentData() == "tcp"
        for w in (self.host, self.port, self.language, self.dpi):
            w.setEnabled(tcp)
        self.folder.setEnabled(not tcp)

    def printer_config(self) -> printers.PrinterConfig | None:
        """The network printer typed in (checked), or None for the PDF folder."""
        if self.kind.currentData() != "tcp":
            return None
        return printers.PrinterConfig(
            name=self.PRINTER_NAME, kind="tcp", host=self.host.text().strip(),
            port=self.port.value(), language=self.language.currentData(),
            dpi=int(self.dpi.currentData())).validate()

    def print_test(self) -> Path | Worker | None:
        """PDF: writes the test page now and returns its path. Network printer: starts
        the test in a worker and returns it; the result shows when it is done."""
        try:
            cfg = self.printer_config()
        except PrintError as exc:
            self.result.setText(self.tr("打印机设置不完整：{0}").format(user_message(str(exc))))
            return None
        if cfg is None:
            try:
                out = setup.print_sample_label(self.ws, self.folder.text().strip(),
                                               self.size.currentData(), self.sender_of())
            except (OSError, ValueError) as exc:
                self.result.setText(self.tr("测试页打印失败：{0}").format(exc))
                return None
            self.last_test = out
            self.result.setText(self.tr("已输出测试页：{0}").format(out))
            return out
        size = self.size.currentData()
        worker = Worker(lambda _p, _c: print_test_page(cfg, size))
        worker.signals.finished.connect(self._tested)
        worker.signals.failed.connect(self._test_failed)
        self._worker = worker
        self.test_button.setEnabled(False)
        self.result.setText(self.tr("正在打印测试页…"))
        return worker.start()

    def _tested(self, res: object) -> None:
        self.test_button.setEnabled(True)
        self.last_result = "ok"
        self.result.setText(self.tr("测试页已发送到 {0}：请看打印出来的位置和清晰度").format(
            getattr(res, "target", "")))

    def _test_failed(self, message: str) -> None:
        self.test_button.setEnabled(True)
        self.last_result = message
        self.result.setText(self.tr("测试页打印失败：{0}").format(message))

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        try:
            self.printer_config()
        except PrintError as exc:
            self.result.setText(self.tr("打印机设置不完整：{0}").format(user_message(str(exc))))
            return False
        return True

    def save_printer(self) -> None:
        """Keep a network printer as this station's default label printer."""
        cfg = self.printer_config()
        if cfg is not None:
            printers.save_printer(self.ws, cfg)
            printers.set_default_printer(self.ws, cfg.name)


class CarrierPage(QWizardPage):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("快递账号"))
        self.setSubTitle(self.tr("先用离线沙箱账号试用：单号是本地生成的测试号，不能真实发货。"
                                 "真实的电子面单账号以后在设置里添加。"))
        self.default = QComboBox(self)
        for code, name, _short in CARRIERS:
            self.default.addItem(f"{tr(name)}  {code}", code)
        self.default.setCurrentIndex(max(self.default.findData(setup.default_carrier(ws)), 0))
        self.sandbox = QCheckBox(self.tr("使用沙箱面单账号（推荐先试用）"), self)
        self.sandbox.setChecked(True)
        self.carriers = QListWidget(self)
        for code, name, _short in CARRIERS:
            item = QListWidgetItem(f"{tr(name)}  {code}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code == self.default.currentData()
                               else Qt.CheckState.Unchecked)
            self.carriers.addItem(item)
        self.default.currentIndexChanged.connect(self._default_changed)
        self.sandbox.toggled.connect(self.carriers.setEnabled)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self.tr("默认快递"), self.default)
        layout.addLayout(form)
        layout.addWidget(self.sandbox)
        layout.addWidget(QLabel(self.tr("开通沙箱账号的快递："), self))
        layout.addWidget(self.carriers)

    def _default_changed(self, *_: object) -> None:
        code = self.default.currentData()
        for i in range(self.carriers.count()):
            item = self.carriers.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> list[str]:
        return [self.carriers.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.carriers.count())
                if self.carriers.item(i).checkState() == Qt.CheckState.Checked]


class FirstRunWizard(QWizard):
    """Saves everything on Finish (nothing half-set when cancelled)."""

    def __init__(self, ws: Workspace, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.settings = settings
        self.setWindowTitle(self.tr("ShipDesk 设置向导"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.shop_page = ShopPage(ws, self)
        self.printer_page = PrinterPage(ws, settings, self.shop_page.sender, self)
        self.carrier_page = CarrierPage(ws, self)
        for page in (self.shop_page, self.printer_page, self.carrier_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.resize(640, 480)

    def accept(self) -> None:
        self.save()
        super().accept()

    def save(self) -> None:
        ws, s = self.ws, self.settings
        setup.save_shop_name(ws, self.shop_page.shop.text())
        setup.save_sender(ws, self.shop_page.sender())
        code = setup.set_default_carrier(ws, self.carrier_page.default.currentData())
        if self.carrier_page.sandbox.isChecked():
            setup.enable_sandbox_accounts(ws, sorted(set(self.carrier_page.chosen()) | {code}))
        p = self.printer_page
        s.setValue("printer/kind", p.kind.currentData())
        s.setValue("printer/folder", p.folder.text().strip())
        p.save_printer()
        s.setValue("main/labelSize", p.size.currentData())
        s.setValue("main/carrier", code)
        s.sync()
        setup.finish_setup(ws)
