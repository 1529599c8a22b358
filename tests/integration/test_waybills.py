import re

from sqlalchemy import func, select

from app.carriers.catalogue import carrier
from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.waybills import allocate_waybills
from app.store.models import Parcel, SandboxIssued, WaybillRequest


def test_allocation_is_idempotent(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship")
    first = allocate_waybills(ws, ids)
    assert first.allocated == len(ids) and not first.failed
    again = allocate_waybills(ws, ids)
    assert again.allocated == 0 and again.already == len(ids)
    with ws.read() as s:
        numbers = list(s.scalars(select(Parcel.waybill_no)))
        assert len(numbers) == len(set(numbers)) == len(ids)
        assert all(carrier("ZTO").matches(n) for n in numbers)
        assert s.scalar(select(func.count()).select_from(SandboxIssued)) == len(ids)


def test_lost_response_is_recovered_with_the_same_number(ws, douyin_csv):
    """A crash after the provider issued a number but before we stored it."""
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=3)
    allocate_waybills(ws, ids)
    with ws.write() as s, s.begin():
        before = {p.id: p.waybill_no for p in s.scalars(select(Parcel))}
        for p in s.scalars(select(Parcel)):
            p.waybill_no, p.state = None, "new"
        for r in s.scalars(select(WaybillRequest)):
            r.state, r.waybill_no = "pending", None
    again = allocate_waybills(ws, ids)
    assert again.allocated == 3
    with ws.read() as s:
        assert {p.id: p.waybill_no for p in s.scalars(select(Parcel))} == before


def test_carrier_shapes_and_routing(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=9)
    for oid, code in zip(ids, ["SF", "JD", "ZTO", "YTO", "STO", "YUNDA", "JT", "EMS", "DEPPON"],
                         strict=True):
        assert allocate_waybills(ws, [oid], carrier=code).allocated == 1
    with ws.read() as s:
        for p in s.scalars(select(Parcel)):
            assert carrier(p.carrier_code).matches(p.waybill_no), (p.carrier_code, p.waybill_no)
            assert re.fullmatch(r"\d{3}-[A-Z]\d{2} \d{2}", p.sort_code)
            assert p.package_center_name.endswith("中心")
            assert p.short_address


def test_cancelled_orders_get_no_waybill(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="cancelled")
    assert ids
    s = allocate_waybills(ws, ids)
    assert s.allocated == 0 and len(s.failed) == len(ids)
