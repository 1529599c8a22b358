"""Allocate e-waybill numbers, idempotently: the request key is stored before the call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.carriers.catalogue import carrier as lookup_carrier
from app.carriers.provider import WaybillAsk, WaybillFailed, WaybillIssued, WaybillProvider
from app.carriers.sandbox import SandboxProvider, ensure_sandbox_account
from app.core.orders import STOPPED
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import (
    Order,
    Parcel,
    ParcelOrder,
    Recipient,
    Shop,
    WaybillAccount,
    WaybillRequest,
)

DEFAULT_CARRIER = "ZTO"


@dataclass
class AllocateSummary:
    allocated: int = 0
    already: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)  # {"order", "message"}

    def as_dict(self) -> dict[str, object]:
        return {"allocated": self.allocated, "already": self.already, "failed": self.failed}


def _provider(ws: Workspace, account: WaybillAccount) -> WaybillProvider:
    if account.provider == "sandbox":
        return SandboxProvider(ws.write, account.id, ws.clock)
    raise ValueError(f"provider {account.provider!r} is not set up on this station")


def _ensure_parcel(s: Session, ws: Workspace, order: Order, carrier_code: str | None) -> Parcel:
    parcel = s.scalar(select(Parcel).where(Parcel.order_id == order.id, Parcel.pack_no == 1))
    if parcel is None:
        parcel = Parcel(shop_id=order.shop_id, order_id=order.id, pack_no=1, pack_total=1,
                        carrier_code=carrier_code or "", created_at=ws.clock())
        s.add(parcel)
        s.flush()
        s.add(ParcelOrder(parcel_id=parcel.id, order_id=order.id))
    elif carrier_code and not parcel.waybill_no:
        parcel.carrier_code = carrier_code
    return parcel


def allocate_waybills(ws: Workspace, order_ids: Sequence[int], *, carrier: str | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None) -> AllocateSummary:
    """Give each order's parcel a number. Asking again returns what was issued, never a second."""
    summary = AllocateSummary()
    default = ws.setting("default_carrier", DEFAULT_CARRIER)
    if carrier:
        carrier = lookup_carrier(carrier).code
    pending: list[tuple[int, WaybillAsk, str]] = []  # (account id, ask, platform order id)
    with transaction(ws.write) as s:
        for oid in order_ids:
            order = s.get(Order, oid)
            if order is None:
                summary.failed.append({"order": str(oid), "message": "no such order"})
                continue
            if order.status in {st.value for st in STOPPED}:
                summary.failed.append({"order": order.platform_order_id,
                                       "message": f"order is {order.status}: it must not ship"})
                continue
            parcel = _ensure_parcel(s, ws, order, carrier)
            if parcel.waybill_no:
                summary.already += 1
                continue
            code = parcel.carrier_code or default
            parcel.carrier_code = code
            shop = s.get(Shop, order.shop_id)
            # platform binding: an order ships on its own platform's e-waybill
            account = ensure_sandbox_account(s, shop.platform, code, ws.clock())
            parcel.account_id = account.id
            key = f"create:{account.id}:{order.platform_order_id}:{parcel.pack_no}"
            req = s.scalar(select(WaybillRequest).where(WaybillRequest.idem_key == key))
            if req is None:
                s.add(WaybillRequest(idem_key=key, parcel_id=parcel.id, account_id=account.id,
                                     state="pending", created_at=ws.clock(),
                                     updated_at=ws.clock()))
            rcp = s.get(Recipient, order.recipient_id) if order.recipient_id else None
            pending.append((account.id, WaybillAsk(
                idem_key=key, order_key=order.platform_order_id, pack_no=parcel.pack_no,
                carrier_code=code, tier_code=parcel.tier_code,
                province=rcp.province if rcp else "", city=rcp.city if rcp else "",
                district=rcp.district if rcp else "", street=rcp.street if rcp else ""),
                order.platform_order_id))
    total = len(pending)
    done = 0
    by_account: dict[int, list[tuple[WaybillAsk, str]]] = {}
    for acc_id, ask, poid in pending:
        by_account.setdefault(acc_id, []).append((ask, poid))
    for acc_id, asks in by_account.items():
        with ws.read() as s:
            account = s.get(WaybillAccount, acc_id)
        provider = _provider(ws, account)
        for start in range(0, len(asks), provider.max_batch):
            if cancelled and cancelled():
                return summary
            chunk = asks[start:start + provider.max_batch]
            results = provider.create([a for a, _ in chunk])
            _record(ws, results, {a.idem_key: poid for a, poid in chunk}, summary)
            done += len(chunk)
            if progress:
                progress(done, total)
    return summary


def _record(ws: Workspace, results: list[WaybillIssued | WaybillFailed],
            order_of: dict[str, str], summary: AllocateSummary) -> None:
    with transaction(ws.write) as s:
        for res in results:
            req = s.scalar(select(WaybillRequest).where(WaybillRequest.idem_key == res.idem_key))
            req.updated_at = ws.clock()
            if isinstance(res, WaybillFailed):
                req.state, req.error = "failed", f"{res.code}: {res.message}"
                summary.failed.append({"order": order_of[res.idem_key], "message": res.message})
                continue
            req.state, req.waybill_no = "done", res.waybill_no
            parcel = s.get(Parcel, req.parcel_id)
            parcel.waybill_no = res.waybill_no
            parcel.sort_code = res.sort_code
            parcel.package_center_code = res.package_center_code
            parcel.package_center_name = res.package_center_name
            parcel.short_address = res.short_address
            parcel.state = "allocated"
            parcel.allocated_at = ws.clock()
            summary.allocated += 1
        ws.audit(s, "waybill_allocate", "batch", "", count=len(results))
