"""Picking list (拣货单) by SKU and packing slips (发货单) whose barcode the packing mode scans."""

import re

import pypdfium2 as pdfium
import pytest
import zxingcpp
from sqlalchemy import select

from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.packing import parse_slip
from app.services.picking import (
    packing_slips,
    picking_list,
    print_packing_slips,
    print_picking_list,
)
from app.services.print_labels import PrintError
from app.services.waybills import allocate_waybills
from app.store.models import Order

PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


@pytest.fixture
def batch(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=40)
    allocate_waybills(ws, ids[:10])
    return ids


def test_picking_list_adds_up_by_sku(ws, batch, tmp_path):
    pick = picking_list(ws, batch)
    with ws.read() as s:
        expected: dict[str, int] = {}
        for oid in batch:
            for it in s.get(Order, oid).items:
                expected[it.sku] = expected.get(it.sku, 0) + it.qty
    got: dict[str, int] = {}
    for r in pick.rows:
        got[r.sku] = got.get(r.sku, 0) + r.qty
    assert got == expected
    assert pick.orders == len(batch) and pick.total_qty == sum(expected.values())
    skus = [r.sku for r in pick.rows if r.sku]
    assert skus == sorted(skus) and len(skus) == len(set(skus))
    out = tmp_path / "pick.pdf"
    print_picking_list(ws, batch, out)
    pdf = pdfium.PdfDocument(str(out))
    text = "".join(p.get_textpage().get_text_range() for p in pdf)
    w, h = pdf[0].get_size()
    assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (210, 297)
    pdf.close()
    assert "拣货单" in text and f"合计 {pick.total_qty} 件" in text
    for r in pick.rows:
        if r.sku:
            assert r.sku in text
    assert not PHONE.search(text)


@pytest.mark.parametrize("size,mm", [("A4", (210, 297)), ("76x130", (76, 130)),
                                     ("100x150", (100, 150))])
def test_packing_slips_scan_back_to_their_order(ws, batch, tmp_path, size, mm):
    ids = batch[:6]
    out = tmp_path / f"slips-{size}.pdf"
    n, skipped = print_packing_slips(ws, ids, out, size=size)
    assert n == len(ids) and not skipped
    pdf = pdfium.PdfDocument(str(out))
    assert len(pdf) == len(ids)
    for page, oid in zip(pdf, ids, strict=True):
        w, h = page.get_size()
        assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == mm
        text = page.get_textpage().get_text_range()
        assert not PHONE.search(text), "an unmasked mobile on a packing slip"
        codes = [r.text for r in zxingcpp.read_barcodes(page.render(scale=203 / 72).to_pil())
                 if r.format.name == "Code128"]
        assert [parse_slip(c) for c in codes] == [oid]  # the packing mode finds the order
        with ws.read() as s:
            order = s.get(Order, oid)
            assert order.platform_order_id in text
            for it in order.items:
                assert f"× {it.qty}" in text
    pdf.close()


def test_slips_name_masked_recipients_and_refuse_bad_sizes(ws, batch, tmp_path):
    slips, _ = packing_slips(ws, batch[:3])
    assert all("*" in s.recipient for s in slips)
    with pytest.raises(PrintError, match="size"):
        print_packing_slips(ws, batch[:1], tmp_path / "x.pdf", size="A5")
    with pytest.raises(PrintError, match="nothing to pick"):
        print_picking_list(ws, [], tmp_path / "y.pdf")
    with ws.read() as s:
        assert s.scalar(select(Order).where(Order.id == batch[0])) is not None
