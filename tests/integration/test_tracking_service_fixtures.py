"""Shared builders for the tracking, alerts and dashboard tests (no tests here).

Orders, recipients and parcels are written straight into a real SQLite workspace with an
injected clock, so each test states exactly the situation it checks.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy import select

from app.core.orders import RecipientRecord
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Parcel, ParcelOrder, Recipient, Shop
from app.store.models_tracking import ParcelTracking
from app.store.recipients import seal_recipient
from app.tracking.model import SHANGHAI

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)


class Clock:
    def __init__(self, t: datetime = T0) -> None:
        self.t = t

    def __call__(self) -> datetime:
        return self.t

    def advance(self, **kw: float) -> datetime:
        self.t += timedelta(**kw)
        return self.t


def open_ws(folder, clock: Clock) -> Workspace:  # noqa: ANN001
    return Workspace.open(str(folder / "t.sqlite"), key_dir=folder / "keys", clock=clock,
                          use_keyring=False)


class Shipments:
    """Write orders and parcels the way the services leave them."""

    _ids = itertools.count(1)

    def __init__(self, ws: Workspace, *, sender_province: str = "浙江省",
                 sender_city: str = "杭州市", shop_name: str = "测试小店") -> None:
        self.ws = ws
        with transaction(ws.write) as s:
            shop = s.scalar(select(Shop).where(Shop.name == shop_name))
            if shop is None:
                shop = Shop(platform="douyin", name=shop_name, sender_name="测试小店",
                            sender_province=sender_province, sender_city=sender_city,
                            created_at=ws.clock())
                s.add(shop)
                s.flush()
            self.shop_id = shop.id

    def order(self, *, poid: str | None = None, status: str = "to_ship",
              paid_at: datetime | None = None, ship_by: datetime | None = None,
              phone: str = "13812345678", province: str = "浙江省", city: str = "杭州市",
              name: str = "王小明", flagged_reason: str = "") -> int:
        now = self.ws.clock()
        poid = poid or f"69{next(self._ids):017d}"
        sealed = seal_recipient(self.ws.cipher, RecipientRecord(
            name, phone, province, city, "西湖区", "", "文三路 1 号 2 单元 301"))
        with transaction(self.ws.write) as s:
            rcp = Recipient(**sealed)
            s.add(rcp)
            s.flush()
            o = Order(shop_id=self.shop_id, platform_order_id=poid, status=status,
                      paid_at=paid_at if paid_at is not None else now - timedelta(hours=2),
                      ship_by=ship_by, recipient_id=rcp.id, imported_at=now, updated_at=now,
                      flagged_reason=flagged_reason, created_at_platform=None, extra={})
            s.add(o)
            s.flush()
            return o.id

    def parcel(self, order_id: int, *, waybill: str | None = None, carrier: str = "YTO",
               printed_at: datetime | None = None, tier: str = "standard",
               printed: bool = True) -> int:
        now = self.ws.clock()
        with transaction(self.ws.write) as s:
            p = Parcel(shop_id=self.shop_id, order_id=order_id, pack_no=1, pack_total=1,
                       carrier_code=carrier, tier_code=tier,
                       waybill_no=waybill or f"YT{7000000000000 + next(self._ids)}",
                       state="printed" if printed else "allocated", allocated_at=now,
                       printed_at=(printed_at or now) if printed else None,
                       print_count=1 if printed else 0, created_at=now)
            s.add(p)
            s.flush()
            s.add(ParcelOrder(parcel_id=p.id, order_id=order_id))
            return p.id

    def shipment(self, **kw: object) -> tuple[int, int]:
        """An order with one printed parcel: (order id, parcel id)."""
        parcel_kw = {k: kw.pop(k) for k in ("waybill", "carrier", "printed_at", "tier",
                                            "printed") if k in kw}
        oid = self.order(**kw)  # type: ignore[arg-type]
        return oid, self.parcel(oid, **parcel_kw)  # type: ignore[arg-type]

    def track(self, parcel_id: int, **fields: object) -> None:
        """Set a parcel's tracking summary as a refresh would have left it."""
        now = self.ws.clock()
        with transaction(self.ws.write) as s:
            row = s.get(ParcelTracking, parcel_id)
            if row is None:
                p = s.get(Parcel, parcel_id)
                row = ParcelTracking(parcel_id=parcel_id, waybill_no=p.waybill_no,
                                     carrier_code=p.carrier_code, provider="sandbox",
                                     status="label_created", raw_state="", flag="", flags="",
                                     last_event_text="", last_location="", event_count=0,
                                     failures=0, final=False, stop_reason="", claim_token="",
                                     last_error="", last_error_message="",
                                     tracking_since=p.printed_at, updated_at=now)
                s.add(row)
            for k, v in fields.items():
                setattr(row, k, v)

    def set_order(self, order_id: int, **fields: object) -> None:
        with transaction(self.ws.write) as s:
            o = s.get(Order, order_id)
            for k, v in fields.items():
                setattr(o, k, v)
