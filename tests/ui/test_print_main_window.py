"""The main window prints to the station's label printer (a saved TCP 9100 printer)
when one is set, streaming ZPL; without one it keeps the PDF file flow."""

from sqlalchemy import select

from app.services.printers import PrinterConfig, save_printer, set_default_printer
from app.store.models import Parcel, PrintJob
from tests.integration.test_printing_tcp import FakePrinter, waybills
from tests.ui.helpers import allocate, wait_idle
from tests.ui.helpers import select as select_rows


def test_print_selected_goes_to_the_default_tcp_printer(qtbot, make_window, demo_ws):
    window = make_window()
    ids = allocate(qtbot, window, 3)
    fake = FakePrinter()
    save_printer(demo_ws, PrinterConfig(name="Zebra", kind="tcp", host="127.0.0.1",
                                        port=fake.port, language="zpl"))
    set_default_printer(demo_ws, "Zebra")
    assert window.label_printer().name == "Zebra"
    select_rows(window, [window.model.row_of(i) for i in ids])
    assert window.print_selected()
    assert window.cancel_button.isVisible()  # a streamed batch can be cancelled
    wait_idle(qtbot, window)
    fake.wait()
    with demo_ws.read() as s:
        numbers = {s.scalar(select(Parcel.waybill_no).where(Parcel.order_id == i)) for i in ids}
        job = s.scalar(select(PrintJob).order_by(PrintJob.id.desc()))
        assert (job.state, job.fmt, job.done) == ("done", "zpl", 3)
    assert sorted(waybills(fake.labels)) == sorted(numbers)
    assert "3" in window.statusBar().currentMessage()
