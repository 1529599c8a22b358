"""设置 → 「打印机」: printers saved through the service, defaults, and the test page sent
through the real path to a TCP 9100 listener on 127.0.0.1 (and to a closed port)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from PySide6.QtWidgets import QTabWidget

from app.services import printers
from app.services.print_labels import SIZES
from app.ui.printers_page import PrinterDialog, PrintersSettingsWidget, install
from tests.integration.test_printing_tcp import FakePrinter
from tests.ui.helpers import shot_dir
from tests.unit.zpl_tspl_interp import parse_tspl, parse_zpl

WAIT = 30000


def _free_port() -> int:
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        return sk.getsockname()[1]


def _page(qtbot, ws) -> PrintersSettingsWidget:
    page = PrintersSettingsWidget(ws)
    qtbot.addWidget(page)
    page.resize(900, 480)
    page.show()
    return page


def _fill(dlg: PrinterDialog, **values) -> None:  # noqa: ANN003
    dlg.name.setText(values.get("name", "热敏 1 号"))
    dlg.kind.setCurrentIndex(dlg.kind.findData(values.get("kind", "tcp")))
    dlg.host.setText(values.get("host", "127.0.0.1"))
    dlg.port.setValue(values.get("port", 9100))
    dlg.language.setCurrentIndex(dlg.language.findData(values.get("language", "zpl")))
    dlg.dpi.setCurrentIndex(dlg.dpi.findData(values.get("dpi", 203)))
    dlg.offset_x.setValue(values.get("offset_x", 0.0))
    dlg.darkness.setValue(values.get("darkness", -1))


def test_add_edit_default_delete(qtbot, ws):
    page = _page(qtbot, ws)
    assert page.table.rowCount() == 0 and not page.test_button.isEnabled()
    dlg = PrinterDialog(None, page, queues=["Zebra_ZD421", "TSC_TE244"])
    qtbot.addWidget(dlg)
    _fill(dlg, port=9101, offset_x=1.5, darkness=20)
    assert dlg.queue.count() == 2  # the machine's queues are offered
    assert page.save(dlg.config())
    cfg = printers.get_printer(ws, "热敏 1 号")
    assert cfg is not None and (cfg.kind, cfg.host, cfg.port) == ("tcp", "127.0.0.1", 9101)
    assert (cfg.offset_x_mm, cfg.darkness) == (1.5, 20)
    assert page.table.item(0, 2).text() == "127.0.0.1:9101"
    page.set_default("labels")
    assert printers.default_printer(ws, "labels").name == "热敏 1 号"
    assert "面单" in page.table.item(0, 7).text()
    # rename keeps the default role
    dlg2 = PrinterDialog(page.selected(), page, queues=[])
    qtbot.addWidget(dlg2)
    dlg2.name.setText("打包台")
    assert page.save(dlg2.config(), replaces="热敏 1 号")
    assert [p.name for p in printers.list_printers(ws)] == ["打包台"]
    assert printers.default_printer(ws, "labels").name == "打包台"
    # an invalid setting is refused with the reason, nothing saved
    bad = PrinterDialog(None, page, queues=[])
    qtbot.addWidget(bad)
    _fill(bad, name="坏的", host="")
    bad.accept()
    assert bad.error.text() and printers.get_printer(ws, "坏的") is None
    page.delete_selected(confirm=False)
    assert printers.list_printers(ws) == [] and printers.default_printer(ws) is None
    assert page.table.rowCount() == 0


def test_kinds_the_service_does_not_know_are_disabled(qtbot):
    dlg = PrinterDialog(None, None, queues=[])
    qtbot.addWidget(dlg)
    model = dlg.kind.model()
    for row in range(dlg.kind.count()):
        code = dlg.kind.itemData(row)
        assert model.item(row).isEnabled() == (code in printers.KINDS), code


def test_test_page_reaches_the_printer(qtbot, ws):
    fake = FakePrinter()
    printers.save_printer(ws, printers.PrinterConfig(
        name="ZPL", kind="tcp", host="127.0.0.1", port=fake.port, language="zpl"))
    page = _page(qtbot, ws)
    page.select("ZPL")
    with qtbot.waitSignal(page.testFinished, timeout=WAIT) as blocker:
        assert page.print_test()
        assert page.runner.busy  # the GUI thread is free while it prints
    fake.wait()
    ok, text = blocker.args
    assert ok, text
    assert f"127.0.0.1:{fake.port}" in text
    labels = parse_zpl(bytes(fake.received))
    assert len(labels) == 1
    # TSPL at 300 dpi, another size
    fake2 = FakePrinter()
    printers.save_printer(ws, printers.PrinterConfig(
        name="TSPL", kind="tcp", host="127.0.0.1", port=fake2.port, language="tspl", dpi=300))
    page.reload()
    page.select("TSPL")
    page.test_size.setCurrentIndex(SIZES.index("100x150"))
    with qtbot.waitSignal(page.testFinished, timeout=WAIT) as blocker:
        page.print_test()
    fake2.wait()
    assert blocker.args[0]
    assert len(parse_tspl(bytes(fake2.received))) == 1
    assert b"SIZE 100 mm,150 mm" in bytes(fake2.received)


def test_printer_off_says_where_and_what_to_check_quickly(qtbot, ws):
    port = _free_port()
    printers.save_printer(ws, printers.PrinterConfig(
        name="关机的", kind="tcp", host="127.0.0.1", port=port, timeout=30))
    page = _page(qtbot, ws)
    page.select("关机的")
    t0 = time.monotonic()
    with qtbot.waitSignal(page.testFinished, timeout=WAIT) as blocker:
        page.print_test()
    assert time.monotonic() - t0 < 5
    ok, text = blocker.args
    assert not ok
    assert f"127.0.0.1:{port}" in text and "是否开机" in text  # where, and what to check
    assert "打印机" in page.result.text()
    assert page.test_button.isEnabled()


def test_pdf_folder_test_page(qtbot, ws, tmp_path):
    printers.save_printer(ws, printers.PrinterConfig(name="PDF", kind="pdf",
                                                     folder=str(tmp_path / "out")))
    page = _page(qtbot, ws)
    with qtbot.waitSignal(page.testFinished, timeout=WAIT) as blocker:
        page.print_test()
    assert blocker.args[0]
    files = list((tmp_path / "out").glob("*.pdf"))
    assert len(files) == 1 and files[0].read_bytes().startswith(b"%PDF")


def test_install_adds_the_tab_and_menu_and_screenshot(qtbot, window, demo_ws):
    fake = FakePrinter()
    printers.save_printer(demo_ws, printers.PrinterConfig(
        name="打包台 ZPL", kind="tcp", host="192.168.1.50", port=9100, language="zpl",
        offset_x_mm=0.5, darkness=18))
    printers.save_printer(demo_ws, printers.PrinterConfig(
        name="TSC 300dpi", kind="tcp", host="127.0.0.1", port=fake.port, language="tspl",
        dpi=300))
    printers.save_printer(demo_ws, printers.PrinterConfig(
        name="PDF 文件夹", kind="pdf", folder=str(Path.home() / "ShipDesk" / "labels")))
    printers.set_default_printer(demo_ws, "打包台 ZPL", "labels")
    printers.set_default_printer(demo_ws, "TSC 300dpi", "packing")
    page = install(window)
    assert "打印机" in window.settings_page.page_titles()
    warm = page.warm_up()  # also started by a timer after start-up
    assert warm is page.warm_up() and warm.wait(30)
    menus = {a.text(): a.menu() for a in window.menuBar().actions() if a.menu()}
    assert "打印(&P)" in menus
    act = next(a for a in menus["打印(&P)"].actions() if a.objectName() == "actPrinterSettings")
    act.trigger()
    tabs = page.parentWidget()
    while not isinstance(tabs, QTabWidget):
        tabs = tabs.parentWidget()
    assert tabs.currentWidget() is page
    page.select("TSC 300dpi")
    with qtbot.waitSignal(page.testFinished, timeout=WAIT):
        page.print_test()
    fake.wait()
    assert window.grab().save(str(shot_dir() / "printers.png"))
