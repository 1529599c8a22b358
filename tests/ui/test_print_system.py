"""The system print queue path (QtPrintSupport): exact label page, no margins, no scaling.
Printed to PDF files through QPrinter, then read back as a scanner would."""

import pypdfium2 as pdfium
import zxingcpp
from sqlalchemy import select

from app.printing.system import SystemPrinter
from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.print_labels import print_labels
from app.services.waybills import allocate_waybills
from app.store.models import Parcel, PrintJob


def test_system_queue_prints_exact_label_pages(qapp, ws, douyin_csv, tmp_path):
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=2)
    allocate_waybills(ws, ids)
    printer = SystemPrinter(size="100x150", dpi=203, output_file=str(tmp_path / "sys.pdf"))
    s = print_labels(ws, ids, printer=printer, size="100x150", pick_order="import")
    assert s.printed == 2 and s.out == "system://default"
    files = sorted(tmp_path.glob("sys-*.pdf"))
    assert len(files) == 2
    with ws.read() as s_:
        numbers = [s_.scalar(select(Parcel.waybill_no).where(Parcel.order_id == i))
                   for i in sorted(ids)]
        assert s_.scalar(select(PrintJob)).fmt == "png"
    for f, number in zip(files, numbers, strict=True):
        pdf = pdfium.PdfDocument(str(f))
        assert len(pdf) == 1
        w, h = pdf[0].get_size()
        assert abs(w / 72 * 25.4 - 100) < 0.5 and abs(h / 72 * 25.4 - 150) < 0.5
        img = pdf[0].render(scale=300 / 72).to_pil()
        assert number in {r.text for r in zxingcpp.read_barcodes(img)}
        # full page, no margins: the label frame touches the top-left corner area
        gray = img.convert("L")
        assert min(gray.getpixel((x, y)) for x in range(40) for y in range(40)) < 128
        pdf.close()
