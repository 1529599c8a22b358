"""A merged parcel ships once: one waybill number for the group, one label that lists
every order's items, whichever of its orders is numbered or printed."""

import pypdfium2 as pdfium
from sqlalchemy import select

from app.services import merge
from app.services.import_orders import import_files
from app.services.print_labels import print_labels
from app.services.waybills import allocate_waybills
from app.store.models import Order, OrderItem, Parcel
from tests.integration.test_import_reimport import _same_buyer_orders, _write


def _setup(ws, tmp_path):  # noqa: ANN001, ANN202
    rows, same, other = _same_buyer_orders(tmp_path)
    import_files(ws, [_write(tmp_path, "same.csv", rows)])
    with ws.read() as s:
        ids = {o.platform_order_id: o.id for o in s.scalars(select(Order))}
    return [ids[p] for p in same], ids[other]


def _pdf_text(path) -> str:  # noqa: ANN001
    doc = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_a_merged_parcel_gets_one_number_and_one_label(ws, tmp_path):
    same, other = _setup(ws, tmp_path)
    res = merge.merge_orders(ws, same)
    # numbering every order numbers the group's parcel once
    s = allocate_waybills(ws, [*same, other], carrier="ZTO")
    assert s.allocated == 2 and not s.failed
    with ws.read() as sess:
        parcels = list(sess.scalars(select(Parcel)))
        titles = {t for (t,) in sess.execute(
            select(OrderItem.title).where(OrderItem.order_id.in_(same)))}
    assert len(parcels) == 2
    lead = next(p for p in parcels if p.id == res.parcel_id)
    assert lead.waybill_no and {p.order_id for p in parcels} == {same[0], other}
    # asking again for a rider gives no second number
    again = allocate_waybills(ws, [same[2]], carrier="ZTO")
    assert again.allocated == 0 and again.already == 1
    # printing a rider prints the group's label, with every order's items
    out = tmp_path / "rider.pdf"
    p = print_labels(ws, [same[1]], out=out)
    assert p.printed == 1
    text = _pdf_text(out).replace("\n", "")
    assert lead.waybill_no in text
    assert all(t.replace(" ", "")[:6] in text.replace(" ", "") for t in titles), titles
    # and the group is not printed again unasked
    p2 = print_labels(ws, same, out=tmp_path / "again.pdf")
    assert p2.printed == 0 and len(p2.skipped) == 1
    # undo is refused now: the label is out
    assert merge.parcels_of_order(ws, same[2])[0].printed


def test_scanning_a_merged_order_packs_the_whole_parcel(ws, tmp_path):
    from app.services import packing

    same, _other = _setup(ws, tmp_path)
    merge.merge_orders(ws, same)
    with ws.read() as sess:
        rider_poid = sess.get(Order, same[2]).platform_order_id
        lead_poid = sess.get(Order, same[0]).platform_order_id
        n_items = len(list(sess.scalars(select(OrderItem.id).where(OrderItem.order_id.in_(same)))))
    res = packing.resolve_code(ws, rider_poid)
    assert [t.platform_order_id for t in res.targets] == [lead_poid]
    assert len(res.targets[0].items) == n_items  # every order's items are to be packed
