"""Import → allocate → print, then read the PDF back as a courier's scanner would."""

import re

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy import select

from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.print_labels import PrintError, print_labels
from app.services.waybills import allocate_waybills
from app.store.models import Parcel, PrintJob, PrintJobItem


@pytest.fixture
def allocated(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=5)
    allocate_waybills(ws, ids)
    return ids


def _numbers(ws, ids):
    with ws.read() as s:
        return [s.scalar(select(Parcel.waybill_no).where(Parcel.order_id == i)) for i in ids]


def test_print_decodes_and_is_masked(ws, allocated, tmp_path):
    out = tmp_path / "labels.pdf"
    s = print_labels(ws, allocated, out=out, size="76x130")
    assert s.printed == len(allocated) and not s.skipped
    pdf = pdfium.PdfDocument(str(out))
    assert len(pdf) == len(allocated)
    numbers = _numbers(ws, allocated)
    for page, number in zip(pdf, numbers, strict=True):
        w, h = page.get_size()
        assert round(w / 72 * 25.4) == 76 and round(h / 72 * 25.4) == 130
        text = page.get_textpage().get_text_range()
        assert not re.search(r"(?<!\d)1\d{10}(?!\d)", text), "an unmasked mobile is printed"
        img = page.render(scale=203 / 72).to_pil()
        found = {(r.format.name, r.text) for r in zxingcpp.read_barcodes(img)}
        assert ("Code128", number) in found
        assert any(f == "QRCode" for f, _ in found)
    pdf.close()


def test_no_double_print_without_asking(ws, allocated, tmp_path):
    print_labels(ws, allocated, out=tmp_path / "a.pdf")
    again = print_labels(ws, allocated, out=tmp_path / "b.pdf")
    assert again.printed == 0 and len(again.skipped) == len(allocated)
    assert not (tmp_path / "b.pdf").exists()
    re_ = print_labels(ws, allocated[:1], out=tmp_path / "c.pdf", reprint=True)
    assert re_.printed == 1
    with ws.read() as s:
        items = list(s.scalars(select(PrintJobItem)))
        assert len(items) == len(allocated) + 1
        assert sum(i.is_reprint for i in items) == 1
        assert all(i.state == "sent" for i in items)
        p = s.scalar(select(Parcel).where(Parcel.order_id == allocated[0]))
        assert p.print_count == 2


def test_unwritable_target_marks_nothing_printed(ws, allocated, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PrintError, match="cannot write"):
        print_labels(ws, allocated, out=blocker / "sub" / "x.pdf")
    with ws.read() as s:
        assert all(p.printed_at is None for p in s.scalars(select(Parcel)))
        job = s.scalar(select(PrintJob))
        assert job.state == "failed"
        assert all(i.state == "failed" for i in s.scalars(select(PrintJobItem)))


@pytest.mark.parametrize("size,mm", [("100x150", (100, 150)), ("100x180", (100, 180))])
def test_other_sizes(ws, allocated, tmp_path, size, mm):
    out = tmp_path / f"{size}.pdf"
    print_labels(ws, allocated[:1], out=out, size=size)
    pdf = pdfium.PdfDocument(str(out))
    w, h = pdf[0].get_size()
    assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == mm
    number = _numbers(ws, allocated[:1])[0]
    found = {r.text for r in zxingcpp.read_barcodes(pdf[0].render(scale=203 / 72).to_pil())}
    assert number in found
    pdf.close()
