"""Settings (language, theme, carrier, label size, printer, test print), the language
switch, and the first-run wizard."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWizard

from app.services import setup
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Shop, WaybillAccount
from app.ui import i18n
from app.ui.theme import ensure_theme, theme_manager
from app.ui.wizard import FirstRunWizard


def test_language_switch_rebuilds_the_window_in_english(qtbot, window, settings, english):
    assert window.windowTitle() == "ShipDesk 面单工作台"
    window.show_page("settings")
    replaced = []
    window.replaced.connect(replaced.append)
    window.settings_page.set_language("en")
    assert replaced, "the window was rebuilt"
    new = replaced[0]
    qtbot.addWidget(new)
    assert settings.value(i18n.SETTINGS_KEY) == "en" and i18n.current_locale() == "en"
    assert new.windowTitle() == "ShipDesk Shipping Workstation"
    assert [new.nav.item(i).text() for i in range(new.nav.count())] == \
        ["Orders", "To print", "Shipped", "Alerts", "Dashboard", "Settings"]
    assert new.current_key() == "settings"
    assert new.act_print.text() == "Print labels"
    m = new.model
    assert m.headerData(0, Qt.Orientation.Horizontal) == "Order id"
    statuses = {m.data(m.index(r, 1)) for r in range(m.rowCount())}
    assert "To ship" in statuses
    assert new.count_label.text() == f"{m.total} orders"
    assert not window.isVisible()
    # and back to Chinese
    newer = new.switch_language("zh_CN")
    qtbot.addWidget(newer)
    assert newer.windowTitle() == "ShipDesk 面单工作台"
    new.shutdown()
    newer.shutdown()


def test_default_is_chinese_without_any_catalogue(qapp, settings, monkeypatch):
    monkeypatch.delenv(i18n.LOCALE_ENV, raising=False)
    assert i18n.chosen_locale(settings) == "zh_CN"
    settings.setValue(i18n.SETTINGS_KEY, "en")
    assert i18n.chosen_locale(settings) == "en"


def test_settings_page(qtbot, window, demo_ws, settings, tmp_path):
    sp = window.settings_page
    i = sp.carrier_box.findData("YTO")
    sp.carrier_box.setCurrentIndex(i)
    sp._carrier(i)
    assert demo_ws.setting("default_carrier") == "YTO" and window.carrier() == "YTO"
    i = sp.size_box.findData("100x150")
    sp.size_box.setCurrentIndex(i)
    sp._size(i)
    assert window.label_size() == "100x150" and settings.value("main/labelSize") == "100x150"
    window.size_box.setCurrentIndex(window.size_box.findData("76x130"))
    assert sp.size_box.currentData() == "76x130"
    sp.folder_edit.setText(str(tmp_path / "pdfs"))
    out = sp.print_test_page()
    assert out is not None and out.parent == tmp_path / "pdfs"
    assert out.read_bytes().startswith(b"%PDF") and str(out) in sp.test_result.text()
    assert settings.value("printer/folder") == str(tmp_path / "pdfs")
    sp.verify_check.setChecked(True)
    assert settings.value("packing/verify") == "1"


def test_theme_follows_choice(qapp, window):
    sp = window.settings_page
    try:
        sp.theme_box.setCurrentIndex(sp.theme_box.findData("dark"))
        sp._theme(sp.theme_box.currentIndex())
        assert theme_manager().is_dark()
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 100
        assert "#1d3b26" in qapp.styleSheet()  # the dark OK band of packing mode
    finally:
        ensure_theme("light")
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 150


def test_first_run_wizard(qtbot, tmp_path, settings):
    ws = Workspace.open(str(tmp_path / "new.sqlite"))
    try:
        assert setup.is_first_run(ws)
        wizard = FirstRunWizard(ws, settings)
        qtbot.addWidget(wizard)
        wizard.show()
        shop = wizard.shop_page
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        shop.shop.setText("阿花的小店")
        shop.name.setText("阿花")
        shop.phone.setText("13900001111")
        shop.province.setText("广东省")
        shop.city.setText("深圳市")
        shop.district.setText("南山区")
        shop.detail.setText("科技园路1号A座1203")
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        wizard.next()
        assert wizard.currentPage() is wizard.printer_page
        wizard.printer_page.folder.setText(str(tmp_path / "labels"))
        out = wizard.printer_page.print_test()
        assert out is not None and out.exists() and out.read_bytes().startswith(b"%PDF")
        wizard.next()
        carriers = wizard.carrier_page
        carriers.default.setCurrentIndex(carriers.default.findData("SF"))
        assert "SF" in carriers.chosen()
        wizard.accept()
        assert not setup.is_first_run(ws)
        sender = setup.get_sender(ws)
        assert sender.name == "阿花" and sender.detail == "科技园路1号A座1203"
        assert setup.shop_name(ws) == "阿花的小店" and setup.default_carrier(ws) == "SF"
        assert settings.value("printer/folder") == str(tmp_path / "labels")
        with ws.read() as s:
            accounts = {(a.platform, a.carrier_code) for a in s.query(WaybillAccount)}
        assert ("douyin", "SF") in accounts
        # shops an import creates later get the sender
        with transaction(ws.write) as s:
            s.add(Shop(platform="kuaishou", name="阿花的小店", created_at=ws.clock()))
        assert setup.fill_missing_senders(ws) == 1
        with ws.read() as s:
            assert {sh.sender_name for sh in s.query(Shop)} == {"阿花"}
    finally:
        QApplication.processEvents()
        ws.close()


def test_settings_opens_the_wizard(qtbot, window):
    wizard = window.open_wizard()
    qtbot.addWidget(wizard)
    assert isinstance(wizard, FirstRunWizard) and wizard.isVisible()
    assert wizard.shop_page.name.text() == "小鹿的零食铺"  # the demo's sender
    wizard.reject()


def test_wizard_sets_up_a_network_label_printer(qtbot, tmp_path, settings):
    """A thermal printer on the shop's network: the test page reaches it, an unreachable
    one is said within seconds without freezing, and the printer becomes the default."""
    import socket

    from app.services import printers
    from tests.integration.test_printing_tcp import FakePrinter
    from tests.unit.zpl_tspl_interp import parse_tspl

    ws = Workspace.open(str(tmp_path / "new.sqlite"))
    try:
        wizard = FirstRunWizard(ws, settings)
        qtbot.addWidget(wizard)
        page = wizard.printer_page
        page.kind.setCurrentIndex(page.kind.findData("tcp"))
        assert page.host.isEnabled() and not page.folder.isEnabled()
        assert page.print_test() is None  # no address typed yet
        assert "打印机设置不完整" in page.result.text()
        assert not page.validatePage()

        with socket.socket() as closed:  # a port nobody listens on: the printer is off
            closed.bind(("127.0.0.1", 0))
            dead_port = closed.getsockname()[1]
        page.host.setText("127.0.0.1")
        page.port.setValue(dead_port)
        worker = page.print_test()
        assert worker is not None and worker.wait(10)
        qtbot.waitUntil(lambda: page.last_result not in ("", "ok"), timeout=5000)
        assert f"127.0.0.1:{dead_port}" in page.result.text()

        fake = FakePrinter()
        page.port.setValue(fake.port)
        page.language.setCurrentIndex(page.language.findData("tspl"))
        worker = page.print_test()
        assert worker.wait(10)
        fake.wait()
        qtbot.waitUntil(lambda: page.last_result == "ok", timeout=5000)
        assert len(parse_tspl(bytes(fake.received))) == 1
        assert page.validatePage()
        page.save_printer()
        cfg = printers.default_printer(ws)
        assert (cfg.kind, cfg.host, cfg.port, cfg.language) == ("tcp", "127.0.0.1", fake.port,
                                                                "tspl")
    finally:
        ws.close()
