"""Packing mode with a setting-driven printer: a scan prints ZPL to a TCP 9100 listener."""

from sqlalchemy import select

from app.services import packing
from app.services.orders import ViewQuery, list_view
from app.services.printers import (
    ConfiguredLabelPrinter,
    PrinterConfig,
    save_printer,
    set_default_printer,
)
from app.store.models import Parcel, PrintJobItem
from app.ui.packing import PackingWindow, printer_from_settings
from tests.integration.test_printing_tcp import FakePrinter, waybills

WAIT = 30000


def _scan(qtbot, w, code):
    w.handle_code(code, "scanner")
    qtbot.waitUntil(lambda: not w.busy, timeout=WAIT)
    return w.last_feedback


def test_scan_prints_zpl_to_the_packing_printer(qtbot, demo_ws, settings, tmp_path):
    fake = FakePrinter()
    save_printer(demo_ws, PrinterConfig(name="打包台", kind="tcp", host="127.0.0.1",
                                        port=fake.port, language="zpl", dpi=203))
    set_default_printer(demo_ws, "打包台", "packing")
    w = PackingWindow(demo_ws, settings, verify=False)
    qtbot.addWidget(w)
    w.show()
    assert isinstance(w.printer, ConfiguredLabelPrinter)
    assert f"127.0.0.1:{fake.port}" in w.printer_label.text()
    order = next(r for r in list_view(demo_ws, ViewQuery(status="to_ship"), 0, 500)
                 if not r.waybill_no)
    fb = _scan(qtbot, w, order.platform_order_id)
    assert fb.kind == "ok" and fb.reason == packing.OK, fb
    fake.wait()
    assert waybills(fake.labels) == [w.last_result.waybill_no]
    with demo_ws.read() as s:
        parcel = s.scalar(select(Parcel).where(Parcel.waybill_no == w.last_result.waybill_no))
        assert parcel.printed_at is not None
        item = s.scalar(select(PrintJobItem).where(PrintJobItem.parcel_id == parcel.id))
        assert item.state == "sent"
    w.runner.wait(WAIT)


def test_printer_off_is_reported_and_nothing_marked(qtbot, demo_ws, settings):
    import socket

    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]
    save_printer(demo_ws, PrinterConfig(name="off", kind="tcp", host="127.0.0.1", port=port,
                                        timeout=1))
    settings.setValue("printer/packing", "off")  # this station's choice
    w = PackingWindow(demo_ws, settings, verify=False)
    qtbot.addWidget(w)
    order = next(r for r in list_view(demo_ws, ViewQuery(status="to_ship"), 0, 500)
                 if not r.waybill_no)
    fb = _scan(qtbot, w, order.platform_order_id)
    assert fb.kind == "error" and fb.reason == packing.PRINT_FAILED
    assert "refused" in w.last_result.message
    with demo_ws.read() as s:
        assert s.scalar(select(Parcel).where(Parcel.order_id == order.id)
                        ).printed_at is None
    w.runner.wait(WAIT)


def test_default_is_the_pdf_folder(demo_ws, settings, tmp_path):
    settings.setValue("printer/folder", str(tmp_path / "pdf"))
    assert printer_from_settings(settings, demo_ws).describe() == str(tmp_path / "pdf")
