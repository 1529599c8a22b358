"""Merge (合并订单) and split (拆包) of parcels.

- **Merge suggestions** are automatic: unshipped orders of one shop whose receiver (name,
  phone and full address) is the same — found through ``Recipient.address_key``, a blind
  index, so nothing is decrypted. Masked receivers (``张**``) never match: two buyers may
  share a mask.
- **Merging** needs the user's confirmation: the UI calls :func:`merge_orders` with the
  orders the user accepted. One parcel (the earliest paid order's, pack 1) then carries
  every order (``parcel_orders``); the others' empty parcels are removed.
- **Undo** (:func:`unmerge`) works until the label is printed.
- **Split** (:func:`split_order`): one order becomes ``n`` parcels, pack_no 1..n with
  pack_total n (Douyin ``pack_id``, Kuaishou ``packageCode``); packs that already have a
  waybill number or a printed label are kept.

The other services find the parcel an order rides in with :func:`parcel_for_order`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from app.core.orders import OrderStatus
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Parcel, ParcelOrder, Recipient, Shop

#: statuses of orders that may still be merged (not shipped, not stopped)
MERGEABLE = (OrderStatus.TO_SHIP.value,)
_FULL_KINDS = ("plain", "cipher")


class MergeError(ValueError):
    """A merge, undo or split that must not happen; the message says why."""


@dataclass(frozen=True, slots=True)
class MergeSuggestion:
    shop: str
    address_key: str
    order_ids: tuple[int, ...]  # earliest paid first: the first one's parcel carries all
    platform_order_ids: tuple[str, ...]
    name: str  # masked
    address: str  # region + masked detail
    item_count: int
    merged_parcel_id: int | None  # some of them already ride together


@dataclass
class MergeResult:
    parcel_id: int
    order_ids: list[int] = field(default_factory=list)


def _parcels_of(s: Session, order_ids: Sequence[int]) -> list[Parcel]:
    """Every parcel an order has or rides in."""
    own = select(Parcel.id).where(Parcel.order_id.in_(order_ids))
    riding = select(ParcelOrder.parcel_id).where(ParcelOrder.order_id.in_(order_ids))
    return list(s.scalars(select(Parcel).where(or_(Parcel.id.in_(own), Parcel.id.in_(riding)))
                          .order_by(Parcel.id)))


def parcel_for_order(s: Session, order_id: int) -> Parcel | None:
    """The parcel (pack 1) an order ships in: its own, or the one it was merged into."""
    own = s.scalar(select(Parcel).where(Parcel.order_id == order_id, Parcel.pack_no == 1))
    if own is not None:
        return own
    return s.scalar(select(Parcel).join(ParcelOrder, ParcelOrder.parcel_id == Parcel.id)
                    .where(ParcelOrder.order_id == order_id).order_by(Parcel.id).limit(1))


_CHUNK = 500


def merged_leads(s: Session, order_ids: Sequence[int]) -> dict[int, int]:
    """Order → the order whose parcel carries it, for the orders among these that ride in
    another order's merged parcel: numbering and printing go to that parcel, once."""
    out: dict[int, int] = {}
    ids = list(dict.fromkeys(order_ids))
    for n in range(0, len(ids), _CHUNK):
        out.update(s.execute(
            select(ParcelOrder.order_id, Parcel.order_id)
            .join(Parcel, Parcel.id == ParcelOrder.parcel_id)
            .where(ParcelOrder.order_id.in_(ids[n:n + _CHUNK]),
                   ParcelOrder.order_id != Parcel.order_id)).all())
    return out


def riders_of(s: Session, lead_ids: Sequence[int]) -> dict[int, list[int]]:
    """Lead order → the other orders its merged parcel carries (their items go on its
    label and its waybill request)."""
    out: dict[int, list[int]] = {}
    ids = list(dict.fromkeys(lead_ids))
    for n in range(0, len(ids), _CHUNK):
        for rider, lead in s.execute(
                select(ParcelOrder.order_id, Parcel.order_id)
                .join(Parcel, Parcel.id == ParcelOrder.parcel_id)
                .where(Parcel.order_id.in_(ids[n:n + _CHUNK]), Parcel.pack_no == 1,
                       ParcelOrder.order_id != Parcel.order_id)
                .order_by(ParcelOrder.order_id)):
            out.setdefault(lead, []).append(rider)
    return out


def is_merged_away(s: Session, order_id: int) -> bool:
    """True when the order rides in another order's parcel (it needs no waybill)."""
    return s.scalar(select(func.count()).select_from(ParcelOrder)
                    .join(Parcel, Parcel.id == ParcelOrder.parcel_id)
                    .where(ParcelOrder.order_id == order_id, Parcel.order_id != order_id)) > 0


def suggest_merges(ws: Workspace, shop_name: str | None = None) -> list[MergeSuggestion]:
    """Groups of unshipped orders with the same shop and receiver, largest first."""
    # numbered, printed or split orders cannot be merged (merge_orders refuses them)
    busy = (select(Parcel.order_id).where(or_(Parcel.waybill_no.is_not(None),
                                              Parcel.printed_at.is_not(None),
                                              Parcel.pack_total > 1)))
    busy_riding = (select(ParcelOrder.order_id).join(Parcel, Parcel.id == ParcelOrder.parcel_id)
                   .where(or_(Parcel.waybill_no.is_not(None), Parcel.printed_at.is_not(None))))
    cand = (select(Order.shop_id, Recipient.address_key)
            .join(Recipient, Recipient.id == Order.recipient_id)
            .where(Order.status.in_(MERGEABLE), Order.flagged_reason == "",
                   Recipient.address_key.is_not(None),
                   Recipient.name_kind.in_(_FULL_KINDS), Recipient.phone_kind.in_(_FULL_KINDS),
                   Recipient.detail_kind.in_(_FULL_KINDS),
                   Order.id.not_in(busy), Order.id.not_in(busy_riding)))
    if shop_name:
        cand = cand.join(Shop, Shop.id == Order.shop_id).where(Shop.name == shop_name)
    groups = (cand.group_by(Order.shop_id, Recipient.address_key)
              .having(func.count(Order.id) > 1))
    out: list[MergeSuggestion] = []
    with ws.read() as s:
        for shop_id, key in s.execute(groups).all():
            rows = s.execute(
                select(Order.id, Order.platform_order_id, Order.item_count, Shop.name,
                       Recipient.name_masked, Recipient.province, Recipient.city,
                       Recipient.district, Recipient.street, Recipient.detail_masked)
                .join(Recipient, Recipient.id == Order.recipient_id)
                .join(Shop, Shop.id == Order.shop_id)
                .where(Order.shop_id == shop_id, Recipient.address_key == key,
                       Order.status.in_(MERGEABLE), Order.flagged_reason == "",
                       Order.id.not_in(busy), Order.id.not_in(busy_riding))
                .order_by(Order.paid_at, Order.id)).all()
            if len(rows) < 2:
                continue
            ids = tuple(r[0] for r in rows)
            merged = _common_parcel(s, ids)
            if merged is not None:
                continue  # already one parcel: nothing to suggest
            first = rows[0]
            out.append(MergeSuggestion(
                first[3], key, ids, tuple(r[1] for r in rows), first[4] or "",
                " ".join(x for x in first[5:10] if x), sum(r[2] for r in rows),
                _any_merged_parcel(s, ids)))
    out.sort(key=lambda m: (-len(m.order_ids), m.platform_order_ids))
    return out


def _referenced(s: Session, parcel_id: int) -> str:
    """The name of a table (other than parcel_orders) holding rows about this parcel:
    waybill requests, print logs, tracking events. Such a parcel is kept, not deleted."""
    for table in Parcel.metadata.sorted_tables:
        if table.name == "parcel_orders":
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "parcels" and fk.column.name == "id":
                n = s.scalar(select(func.count()).select_from(table)
                             .where(fk.parent == parcel_id))
                if n:
                    return table.name
    return ""


def _common_parcel(s: Session, ids: Sequence[int]) -> int | None:
    """The parcel carrying all these orders, if there is one."""
    rows = s.execute(select(ParcelOrder.parcel_id, func.count())
                     .where(ParcelOrder.order_id.in_(ids))
                     .group_by(ParcelOrder.parcel_id)).all()
    for pid, n in rows:
        if n == len(ids):
            return pid
    return None


def _any_merged_parcel(s: Session, ids: Sequence[int]) -> int | None:
    rows = s.execute(select(ParcelOrder.parcel_id, func.count())
                     .where(ParcelOrder.order_id.in_(ids))
                     .group_by(ParcelOrder.parcel_id)
                     .having(func.count() > 1)).all()
    return rows[0][0] if rows else None


def merge_orders(ws: Workspace, order_ids: Sequence[int]) -> MergeResult:
    """Put these orders in one parcel (the user confirmed the suggestion)."""
    ids = list(dict.fromkeys(order_ids))
    if len(ids) < 2:
        raise MergeError("choose at least two orders to merge")
    with transaction(ws.write) as s:
        orders = list(s.scalars(select(Order).where(Order.id.in_(ids))))
        if len(orders) != len(ids):
            raise MergeError("some of these orders no longer exist")
        if len({o.shop_id for o in orders}) != 1:
            raise MergeError("orders of different shops cannot share a parcel")
        recips = {o.recipient_id: s.get(Recipient, o.recipient_id) for o in orders
                  if o.recipient_id is not None}
        keys = {r.address_key if r else None for r in recips.values()}
        if len(recips) != len(orders) or len(keys) != 1 or None in keys:
            raise MergeError("these orders do not go to the same receiver and address")
        if any(r.name_kind not in _FULL_KINDS or r.phone_kind not in _FULL_KINDS
               or r.detail_kind not in _FULL_KINDS for r in recips.values()):
            raise MergeError("a receiver is masked: the same mask may hide two buyers")
        for o in orders:
            if o.status not in MERGEABLE or o.flagged_reason:
                raise MergeError(f"order {o.platform_order_id} is {o.status}"
                                 + (f" ({o.flagged_reason})" if o.flagged_reason else "")
                                 + ": only orders waiting to ship can be merged")
        orders.sort(key=lambda o: (o.paid_at is None, o.paid_at or o.imported_at, o.id))
        parcels = _parcels_of(s, ids)
        for p in parcels:
            if p.printed_at is not None:
                raise MergeError("a label of these orders is printed already: undo is no "
                                 "longer possible, so neither is a merge")
            if p.pack_total > 1:
                raise MergeError("an order of these is split into several parcels")
        # the parcel that already has a number leads, else the earliest paid order's
        lead_parcel = next((p for p in parcels if p.waybill_no), None)
        numbered = [p for p in parcels if p.waybill_no]
        if len(numbered) > 1:
            raise MergeError("several of these orders have a waybill number already: cancel "
                             "the extra numbers first")
        if lead_parcel is None:
            primary = orders[0]
            lead_parcel = s.scalar(select(Parcel).where(Parcel.order_id == primary.id,
                                                        Parcel.pack_no == 1))
            if lead_parcel is None:
                lead_parcel = Parcel(shop_id=primary.shop_id, order_id=primary.id, pack_no=1,
                                     pack_total=1, created_at=ws.clock())
                s.add(lead_parcel)
                s.flush()
        for p in parcels:
            if p.id != lead_parcel.id and _referenced(s, p.id):
                raise MergeError(f"order {p.order_id}'s parcel has a history "
                                 f"({_referenced(s, p.id)}): it cannot be merged away")
        for p in parcels:
            if p.id != lead_parcel.id:
                # keep the packer's choice of carrier and tier if the lead has none
                if not lead_parcel.carrier_code and p.carrier_code:
                    lead_parcel.carrier_code = p.carrier_code
                s.execute(delete(ParcelOrder).where(ParcelOrder.parcel_id == p.id))
                s.delete(p)
        s.flush()
        have = set(s.scalars(select(ParcelOrder.order_id)
                             .where(ParcelOrder.parcel_id == lead_parcel.id)))
        for o in orders:
            if o.id not in have:
                s.add(ParcelOrder(parcel_id=lead_parcel.id, order_id=o.id))
        ws.audit(s, "merge", "parcel", str(lead_parcel.id), orders=[o.id for o in orders])
        return MergeResult(lead_parcel.id, [o.id for o in orders])


def unmerge(ws: Workspace, parcel_id: int) -> list[int]:
    """Undo a merge before printing: each order gets its own parcel again (made when it
    is numbered). Returns the orders taken out."""
    with transaction(ws.write) as s:
        p = s.get(Parcel, parcel_id)
        if p is None:
            raise MergeError("no such parcel")
        if p.printed_at is not None:
            raise MergeError("the label is printed already: a printed merge cannot be undone")
        others = list(s.scalars(select(ParcelOrder.order_id).where(
            ParcelOrder.parcel_id == parcel_id, ParcelOrder.order_id != p.order_id)))
        if not others:
            raise MergeError("this parcel carries one order: nothing to undo")
        s.execute(delete(ParcelOrder).where(ParcelOrder.parcel_id == parcel_id,
                                            ParcelOrder.order_id != p.order_id))
        ws.audit(s, "unmerge", "parcel", str(parcel_id), orders=others)
        return others


def split_order(ws: Workspace, order_id: int, packs: int) -> list[int]:
    """Ship one order as ``packs`` parcels (pack_no 1..packs, pack_total packs). Returns
    the parcel ids in pack order. Going back to 1 is :func:`split_order` with 1."""
    if packs < 1 or packs > 99:
        raise MergeError("a split needs between 1 and 99 parcels")
    with transaction(ws.write) as s:
        order = s.get(Order, order_id)
        if order is None:
            raise MergeError("no such order")
        if order.status not in MERGEABLE or order.flagged_reason:
            raise MergeError(f"order {order.platform_order_id} is {order.status}: only orders "
                             "waiting to ship can be split")
        if is_merged_away(s, order_id):
            raise MergeError("this order rides in a merged parcel: undo the merge first")
        own = list(s.scalars(select(Parcel).where(Parcel.order_id == order_id)
                             .order_by(Parcel.pack_no)))
        riders = s.scalar(select(func.count()).select_from(ParcelOrder).where(
            ParcelOrder.parcel_id.in_([p.id for p in own] or [0]),
            ParcelOrder.order_id != order_id))
        if riders and packs > 1:
            raise MergeError("this parcel carries merged orders: undo the merge first")
        if any(p.printed_at is not None for p in own) and packs != len(own):
            raise MergeError("a label of this order is printed: its parcels cannot change")
        keep = [p for p in own if p.pack_no <= packs]
        drop = [p for p in own if p.pack_no > packs]
        for p in drop:
            if p.waybill_no or _referenced(s, p.id):
                raise MergeError(f"pack {p.pack_no} has a waybill number or a history: "
                                 "cancel it before shipping fewer parcels")
            s.execute(delete(ParcelOrder).where(ParcelOrder.parcel_id == p.id))
            s.delete(p)
        by_no = {p.pack_no: p for p in keep}
        first = by_no.get(1)
        for n in range(1, packs + 1):
            p = by_no.get(n)
            if p is None:
                p = Parcel(shop_id=order.shop_id, order_id=order_id, pack_no=n,
                           pack_total=packs, created_at=ws.clock(),
                           carrier_code=first.carrier_code if first else "",
                           tier_code=first.tier_code if first else "standard")
                s.add(p)
                s.flush()
                s.add(ParcelOrder(parcel_id=p.id, order_id=order_id))
                by_no[n] = p
            p.pack_total = packs
        s.flush()
        ws.audit(s, "split", "order", str(order_id), packs=packs)
        return [by_no[n].id for n in range(1, packs + 1)]


@dataclass(frozen=True, slots=True)
class ParcelInfo:
    id: int
    order_id: int
    pack_no: int
    pack_total: int
    order_ids: tuple[int, ...]
    waybill_no: str
    printed: bool


def parcels_of_order(ws: Workspace, order_id: int) -> list[ParcelInfo]:
    """The parcels an order has or rides in, with the orders each carries."""
    with ws.read() as s:
        out = []
        for p in _parcels_of(s, [order_id]):
            riders = tuple(sorted(s.scalars(select(ParcelOrder.order_id)
                                            .where(ParcelOrder.parcel_id == p.id))))
            out.append(ParcelInfo(p.id, p.order_id, p.pack_no, p.pack_total,
                                  riders or (p.order_id,), p.waybill_no or "",
                                  p.printed_at is not None))
        return sorted(out, key=lambda i: (i.order_id != order_id, i.pack_no))


__all__ = [
    "MergeError",
    "MergeResult",
    "MergeSuggestion",
    "ParcelInfo",
    "is_merged_away",
    "merged_leads",
    "merge_orders",
    "parcel_for_order",
    "parcels_of_order",
    "riders_of",
    "split_order",
    "suggest_merges",
    "unmerge",
]
