"""Re-imports, stops after import (intercepts), merges and splits."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.services.import_orders import import_files, list_flagged, list_intercepts
from app.services.merge import (
    MergeError,
    merge_orders,
    parcel_for_order,
    parcels_of_order,
    split_order,
    suggest_merges,
    unmerge,
)
from app.store.db import transaction
from app.store.models import Order, OrderItem, Parcel, ParcelOrder
from tests.integration.test_import_support import (
    DOUYIN,
    csv_text,
    order,
    receiver,
    sample_rows,
    whole_orders,
    write,
)

HEADER, ROWS = sample_rows(DOUYIN)
OID = HEADER.index("主订单编号")
SUB = HEADER.index("子订单编号")
STATUS = HEADER.index("订单状态")
SALE = HEADER.index("售后状态")
REMARK = HEADER.index("商家备注")
NAME = HEADER.index("收件人")
PHONE = HEADER.index("收件人手机号")
DETAIL = HEADER.index("详细地址")
PROV, CITY, DIST, STREET = (HEADER.index(c) for c in ("省", "市", "区", "街道"))


def _plain_to_ship(n: int) -> list[list[str]]:
    """Whole orders waiting to ship, with plain receivers."""
    ids = []
    for r in ROWS:
        if r[STATUS] == "待发货" and "*" not in r[NAME] and "#" not in r[NAME] \
                and "$" not in r[PHONE] and "*" not in r[PHONE] and "#" not in r[DETAIL] \
                and r[SALE] in ("-", "") and r[OID] not in ids:
            ids.append(r[OID])
    keep = set(ids[:n])
    return [list(r) for r in ROWS if r[OID] in keep]


def _write(tmp_path, name, rows):
    return write(tmp_path / name, csv_text([HEADER, *rows]))


def _add_parcel(ws, poid, *, waybill=None, printed=False, carrier="SF", tier="door"):  # noqa: ANN001
    with transaction(ws.write) as s:
        o = s.scalar(select(Order).where(Order.platform_order_id == poid))
        p = Parcel(shop_id=o.shop_id, order_id=o.id, pack_no=1, pack_total=1,
                   carrier_code=carrier, tier_code=tier, waybill_no=waybill,
                   state="printed" if printed else ("allocated" if waybill else "new"),
                   printed_at=ws.clock() if printed else None,
                   print_count=1 if printed else 0, created_at=ws.clock())
        s.add(p)
        s.flush()
        s.add(ParcelOrder(parcel_id=p.id, order_id=o.id))
        return p.id


def _parcel(ws, poid):  # noqa: ANN001
    with ws.read() as s:
        o = s.scalar(select(Order).where(Order.platform_order_id == poid))
        p = parcel_for_order(s, o.id)
        s.expunge(p)
        return p


def test_later_export_updates_platform_fields_and_keeps_local_decisions(ws, tmp_path):
    rows = _plain_to_ship(6)
    first = import_files(ws, [_write(tmp_path, "a.csv", rows)])
    ids = list(dict.fromkeys(r[OID] for r in rows))
    assert first.imported == len(ids)
    shipped, remarked, printed = ids[0], ids[1], ids[2]
    _add_parcel(ws, shipped, waybill="SF1000000000001", printed=True)
    _add_parcel(ws, printed, waybill="SF1000000000002", printed=True, tier="standard")
    later = [list(r) for r in rows]
    for r in later:
        if r[OID] == shipped:
            r[STATUS] = "已发货"
        if r[OID] == remarked:
            r[REMARK] = "换成礼盒装"
    # and one new order
    extra = [list(r) for r in whole_orders(HEADER, ROWS, 40) if r[OID] not in ids][:1]
    s = import_files(ws, [_write(tmp_path, "b.csv", later + extra)])
    assert (s.imported, s.updated, s.unchanged) == (1, 2, len(ids) - 2)
    with ws.read() as db:
        assert db.scalar(select(func.count()).select_from(Order)) == len(ids) + 1
        assert db.scalar(select(func.count()).select_from(OrderItem)) == len(later) + 1
    assert order(ws, shipped).status == "shipped"
    assert order(ws, remarked).seller_remark == "换成礼盒装"
    p = _parcel(ws, shipped)
    assert (p.carrier_code, p.tier_code, p.waybill_no, p.state) == \
        ("SF", "door", "SF1000000000001", "printed") and p.printed_at is not None
    p2 = _parcel(ws, printed)
    assert (p2.tier_code, p2.waybill_no) == ("standard", "SF1000000000002")
    assert order(ws, shipped).flagged_reason == ""


def test_cancelled_or_refunded_after_import_is_flagged_and_printed_ones_intercepted(
        ws, tmp_path):
    rows = _plain_to_ship(4)
    import_files(ws, [_write(tmp_path, "a.csv", rows)])
    ids = list(dict.fromkeys(r[OID] for r in rows))
    cancelled, refunded_printed = ids[0], ids[1]
    _add_parcel(ws, refunded_printed, waybill="ZT7000000000001", printed=True)
    later = [list(r) for r in rows]
    for r in later:
        if r[OID] == cancelled:
            r[STATUS] = "已关闭"
        if r[OID] == refunded_printed:
            r[SALE] = "退款成功"
    s = import_files(ws, [_write(tmp_path, "b.csv", later)])
    assert s.flagged == 2 and s.intercepts == [refunded_printed]
    assert order(ws, cancelled).flagged_reason == "cancelled_after_import"
    assert order(ws, refunded_printed).flagged_reason == "refunded_after_print"
    icp = list_intercepts(ws)
    assert [(i.platform_order_id, i.reason, i.waybill_nos) for i in icp] == \
        [(refunded_printed, "refunded_after_print", ("ZT7000000000001",))]
    assert icp[0].intercept and "*" in icp[0].name
    assert {f.platform_order_id for f in list_flagged(ws)} == {cancelled, refunded_printed}
    # importing the same export again flags nothing new
    again = import_files(ws, [_write(tmp_path, "b.csv", later)])
    assert again.flagged == 0 and again.unchanged == len(ids)


def test_a_masked_later_export_never_overwrites_the_plain_receiver(ws, tmp_path):
    rows = _plain_to_ship(2)
    import_files(ws, [_write(tmp_path, "a.csv", rows)])
    poid = rows[0][OID]
    before = receiver(ws, poid)
    masked = [list(r) for r in rows]
    for r in masked:
        r[NAME] = r[NAME][0] + "**"
        r[PHONE] = r[PHONE][:3] + "****" + r[PHONE][-4:]
        r[DETAIL] = r[DETAIL][:4] + "****"
    s = import_files(ws, [_write(tmp_path, "b.csv", masked)])
    assert s.errors == [] and s.updated == 0 and s.unchanged == 2
    assert receiver(ws, poid) == before


def test_address_changed_after_print_is_an_intercept(ws, tmp_path):
    rows = _plain_to_ship(2)
    import_files(ws, [_write(tmp_path, "a.csv", rows)])
    poid = rows[0][OID]
    _add_parcel(ws, poid, waybill="YT1000000000001", printed=True)
    moved = [list(r) for r in rows]
    for r in moved:
        if r[OID] == poid:
            r[DETAIL] = "新地址路8号2单元301"
    s = import_files(ws, [_write(tmp_path, "b.csv", moved)])
    assert s.updated == 1 and s.intercepts == [poid]
    assert receiver(ws, poid)["detail"] == "新地址路8号2单元301"
    assert order(ws, poid).flagged_reason == "address_changed_after_print"


def _same_buyer_orders(tmp_path, n=3):
    base = _plain_to_ship(n + 1)
    ids = list(dict.fromkeys(r[OID] for r in base))
    lead = next(r for r in base if r[OID] == ids[0])
    rows = []
    for r in base:
        r = list(r)
        if r[OID] in ids[:n]:
            for col in (NAME, PHONE, PROV, CITY, DIST, STREET, DETAIL):
                r[col] = lead[col]
        rows.append(r)
    return rows, ids[:n], ids[n]


def test_merge_suggestion_confirm_undo_and_no_undo_after_print(ws, tmp_path):
    rows, same, other = _same_buyer_orders(tmp_path)
    import_files(ws, [_write(tmp_path, "a.csv", rows)])
    sugg = suggest_merges(ws)
    assert len(sugg) == 1 and set(sugg[0].platform_order_ids) == set(same)
    assert other not in sugg[0].platform_order_ids and "*" in sugg[0].name
    # suggestions change nothing until the user confirms
    with ws.read() as s:
        assert s.scalar(select(func.count()).select_from(Parcel)) == 0
    res = merge_orders(ws, sugg[0].order_ids)
    assert len(res.order_ids) == 3
    for poid in same:
        assert _parcel(ws, poid).id == res.parcel_id
    infos = parcels_of_order(ws, sugg[0].order_ids[0])
    assert infos[0].order_ids == tuple(sorted(sugg[0].order_ids))
    assert suggest_merges(ws) == []  # already one parcel
    # undo before printing
    out = unmerge(ws, res.parcel_id)
    assert len(out) == 2 and len(suggest_merges(ws)) == 1
    res = merge_orders(ws, sugg[0].order_ids)
    with transaction(ws.write) as s:
        s.get(Parcel, res.parcel_id).printed_at = ws.clock()
    with pytest.raises(MergeError, match="printed"):
        unmerge(ws, res.parcel_id)


def test_merge_refuses_different_receivers_and_masked_ones(ws, tmp_path):
    rows, same, other = _same_buyer_orders(tmp_path)
    import_files(ws, [_write(tmp_path, "a.csv", rows)])
    with ws.read() as s:
        ids = {o.platform_order_id: o.id for o in s.scalars(select(Order))}
    with pytest.raises(MergeError, match="same receiver"):
        merge_orders(ws, [ids[same[0]], ids[other]])
    # two masked receivers with the same mask are never suggested
    masked = [list(r) for r in rows]
    for r in masked:
        r[OID] = "9" + r[OID][1:]
        r[SUB] = "9" + r[SUB][1:]
        r[NAME] = "张**"
        r[PHONE] = "138****1234"
        r[DETAIL] = "望京****"
    import_files(ws, [_write(tmp_path, "m.csv", masked)])
    assert all(not any(p.startswith("9") for p in g.platform_order_ids)
               for g in suggest_merges(ws))


def test_split_into_packs_and_back(ws, tmp_path):
    rows = _plain_to_ship(1)
    import_files(ws, [_write(tmp_path, "a.csv", rows)])
    poid = rows[0][OID]
    oid = order(ws, poid).id
    packs = split_order(ws, oid, 3)
    with ws.read() as s:
        got = [(p.pack_no, p.pack_total) for p in s.scalars(
            select(Parcel).where(Parcel.order_id == oid).order_by(Parcel.pack_no))]
    assert got == [(1, 3), (2, 3), (3, 3)] and len(packs) == 3
    with transaction(ws.write) as s:
        s.get(Parcel, packs[2]).waybill_no = "JT1000000000003"
    with pytest.raises(MergeError, match="pack 3"):
        split_order(ws, oid, 2)
    with transaction(ws.write) as s:
        s.get(Parcel, packs[2]).waybill_no = None
    assert len(split_order(ws, oid, 1)) == 1
    with ws.read() as s:
        assert [(p.pack_no, p.pack_total) for p in s.scalars(
            select(Parcel).where(Parcel.order_id == oid))] == [(1, 1)]


def test_masked_notes_keep_their_originals_encrypted(ws, tmp_path):
    import json

    rows = _plain_to_ship(1)
    msg_col, creator_col = HEADER.index("买家留言"), HEADER.index("达人ID")
    for r in rows:
        r[msg_col] = '到了打我电话13970669074 "放门口"'
        r[creator_col] = "71920033812"  # a column we keep as it came: masked like free text
    import_files(ws, [_write(tmp_path, "a.csv", rows)])
    o = order(ws, rows[0][OID])
    assert "13970669074" not in o.buyer_message and "**" in o.buyer_message
    notes = json.loads(ws.cipher.decrypt(o.notes_enc, b"notes"))
    assert notes["buyer_message"] == rows[0][msg_col]
    # the extra columns' originals: only those the mask changed (达人ID), the rest as stored
    extra = dict(zip(HEADER, rows[0], strict=True))
    assert notes["extra"] == {"达人ID": "71920033812"} and "*" in o.extra["达人ID"]
    assert {**o.extra, **notes["extra"]} == {k: extra[k] for k in o.extra}
