"""Order lists for tables and the CLI: filtered, sorted and paged in SQL, masked data only."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select

from app.services.workspace import Workspace
from app.store.models import Order, OrderItem, Parcel, Recipient, Shop
from app.store.recipients import phone_index_text


@dataclass(frozen=True, slots=True)
class OrderRow:
    id: int
    platform: str
    shop: str
    platform_order_id: str
    status: str
    platform_status: str
    paid_at: datetime | None
    ship_by: datetime | None
    name: str  # masked
    phone: str  # masked
    address: str  # region plain + detail masked
    items: str
    item_count: int
    payable_fen: int
    remark: str
    flagged: str
    carrier: str
    waybill_no: str
    parcel_state: str

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        for k in ("paid_at", "ship_by"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


@dataclass(frozen=True, slots=True)
class OrderQuery:
    text: str = ""
    status: str = ""  # normalised status, or "" for all
    sort: str = "paid_at"
    descending: bool = True


SORTABLE = {
    "platform_order_id": Order.platform_order_id, "status": Order.status,
    "paid_at": Order.paid_at, "ship_by": Order.ship_by, "payable_fen": Order.payable_fen,
    "waybill_no": Parcel.waybill_no, "carrier": Parcel.carrier_code, "id": Order.id,
}
_DIGITS = re.compile(r"^\d{4,}$")


def _base(ws: Workspace, q: OrderQuery) -> Select:
    stmt = (
        select(Order.id)
        .outerjoin(Parcel, and_(Parcel.order_id == Order.id, Parcel.pack_no == 1))
        .outerjoin(Recipient, Recipient.id == Order.recipient_id)
    )
    if q.status:
        stmt = stmt.where(Order.status == q.status)
    text = q.text.strip()
    if text:
        # exact buyer search goes through the blind index: nothing is decrypted to search
        conds = [Recipient.name_hash == ws.cipher.blind_index(text),
                 Recipient.phone_hash == ws.cipher.blind_index(phone_index_text(text)),
                 Order.seller_remark.contains(text), Order.buyer_message.contains(text),
                 Order.id.in_(select(OrderItem.order_id).where(
                     or_(OrderItem.sku == text, OrderItem.title.contains(text))))]
        if _DIGITS.match(text) or (text.isascii() and text.isalnum()):
            conds += [Order.platform_order_id.startswith(text),
                      Parcel.waybill_no == text.upper()]
        stmt = stmt.where(or_(*conds))
    return stmt


def count_orders(ws: Workspace, q: OrderQuery = OrderQuery()) -> int:
    with ws.read() as s:
        return s.scalar(select(func.count()).select_from(_base(ws, q).subquery())) or 0


def list_orders(ws: Workspace, q: OrderQuery = OrderQuery(), offset: int = 0,
                limit: int = 200) -> list[OrderRow]:
    col = SORTABLE.get(q.sort, Order.paid_at)
    order_by = [col.desc() if q.descending else col.asc(), Order.id.desc() if q.descending
                else Order.id.asc()]
    stmt = (
        _base(ws, q)
        .add_columns(Shop.platform, Shop.name, Order.platform_order_id, Order.status,
                     Order.platform_status, Order.paid_at, Order.ship_by,
                     Recipient.name_masked, Recipient.phone_masked, Recipient.province,
                     Recipient.city, Recipient.district, Recipient.street,
                     Recipient.detail_masked, Order.sku_summary, Order.item_count,
                     Order.payable_fen, Order.buyer_message, Order.flagged_reason,
                     Parcel.carrier_code, Parcel.waybill_no, Parcel.state)
        .join(Shop, Shop.id == Order.shop_id)
        .order_by(*order_by).offset(offset).limit(limit)
    )
    with ws.read() as s:
        rows = s.execute(stmt).all()
    return [
        OrderRow(
            id=r[0], platform=r[1], shop=r[2], platform_order_id=r[3], status=r[4],
            platform_status=r[5], paid_at=r[6], ship_by=r[7], name=r[8] or "",
            phone=r[9] or "",
            address=" ".join(p for p in (r[10], r[11], r[12], r[13], r[14]) if p),
            items=r[15], item_count=r[16], payable_fen=r[17], remark=r[18], flagged=r[19],
            carrier=r[20] or "", waybill_no=r[21] or "", parcel_state=r[22] or "",
        )
        for r in rows
    ]


def select_order_ids(ws: Workspace, *, platform_order_ids: list[str] | None = None,
                     status: str | None = None, has_waybill: bool | None = None,
                     printed: bool | None = None, limit: int | None = None) -> list[int]:
    """Order ids for batch commands (CLI, packing mode), in paid-time order."""
    stmt = select(Order.id).outerjoin(
        Parcel, and_(Parcel.order_id == Order.id, Parcel.pack_no == 1))
    if platform_order_ids:
        stmt = stmt.where(Order.platform_order_id.in_(platform_order_ids))
    if status:
        stmt = stmt.where(Order.status == status)
    if has_waybill is not None:
        stmt = stmt.where(Parcel.waybill_no.is_not(None) if has_waybill
                          else Parcel.waybill_no.is_(None))
    if printed is not None:
        stmt = stmt.where(Parcel.printed_at.is_not(None) if printed
                          else Parcel.printed_at.is_(None))
    stmt = stmt.order_by(Order.paid_at, Order.id)
    if limit:
        stmt = stmt.limit(limit)
    with ws.read() as s:
        return list(s.scalars(stmt))
