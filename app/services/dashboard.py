"""The package centre's numbers: today's parcels by state, rates, parcels per day.

Definitions (all times Asia/Shanghai; a parcel is *shipped* when a carrier scanned it —
its first scan after the label, what platforms check — not when its label was printed):

- **today's parcels by state**: parcels printed today, by tracking bucket; plus the
  parcels numbered but not printed yet (``to_print``). ``active_by_state``: the same
  buckets for every parcel still being tracked.
- **on-time shipping rate**: orders whose ship-by time (承诺发货时间, else paid + 48 h —
  the ``alerts.ship_by_default_hours`` setting) fell in the last ``days`` days and is
  past, and that were shipped or are still to ship: the share shipped by that time.
  Orders cancelled or refunded without a scan are left out.
- **pickup rate**: parcels printed in the last ``days`` days, at least
  ``alerts.pickup_hours`` ago: the share scanned within that many hours of printing.
- **delivery rate / return rate**: parcels printed in the last ``days`` days that a
  carrier scanned: the share delivered / the share returning or returned.
- **parcels per day**: parcels printed per day over the last ``chart_days`` days, and of
  those the *late* ones: scanned after their order's ship-by time, or not scanned and
  that time is past.

Queries read only the window's rows (a few columns each), so the page stays quick on a
large database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app.core.timeutil import SHANGHAI, to_local
from app.services.alerts import alert_counts, alert_settings, ship_by_deadline
from app.services.workspace import Workspace
from app.store.models import Order, Parcel
from app.store.models_tracking import ParcelTracking
from app.tracking import statuses

#: tracking status → dashboard bucket
BUCKET_OF: dict[str, str] = {
    statuses.LABEL_CREATED: "awaiting_pickup",
    statuses.UNKNOWN: "awaiting_pickup",
    statuses.PICKED_UP: "in_transit",
    statuses.IN_TRANSIT: "in_transit",
    statuses.OUT_FOR_DELIVERY: "out_for_delivery",
    statuses.AVAILABLE_FOR_PICKUP: "available_for_pickup",
    statuses.DELIVERED: "delivered",
    statuses.DELIVERY_FAILED: "exception",
    statuses.EXCEPTION: "exception",
    statuses.RETURNING: "returning",
    statuses.RETURNED: "returning",
    statuses.CANCELLED: "cancelled",
}
#: buckets in the order a packer reads them, with their Chinese names
BUCKETS: dict[str, str] = {
    "to_print": "待打印",
    "awaiting_pickup": "待揽收",
    "in_transit": "运输中",
    "out_for_delivery": "派送中",
    "available_for_pickup": "待取件",
    "delivered": "已签收",
    "exception": "异常",
    "returning": "退回",
    "cancelled": "已取消",
}
_RETURN = frozenset({statuses.RETURNING, statuses.RETURNED})


@dataclass(frozen=True, slots=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def text(self) -> str:
        v = self.value
        return "—" if v is None else f"{v * 100:.1f}%"

    def as_dict(self) -> dict[str, object]:
        v = self.value
        return {"numerator": self.numerator, "denominator": self.denominator,
                "rate": None if v is None else round(v, 4)}


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    parcels: int
    late: int


@dataclass
class Dashboard:
    generated_at: datetime
    days: int
    today_by_state: dict[str, int]
    on_time: Rate
    pickup: Rate
    delivery: Rate
    returns: Rate
    per_day: list[DayCount]
    alerts: dict[str, int] = field(default_factory=dict)
    active_by_state: dict[str, int] = field(default_factory=dict)  # still being tracked

    def as_dict(self) -> dict[str, object]:
        return {
            "generated_at": self.generated_at.isoformat(), "days": self.days,
            "today_by_state": dict(self.today_by_state),
            "on_time_shipping_rate": self.on_time.as_dict(),
            "pickup_rate": self.pickup.as_dict(), "delivery_rate": self.delivery.as_dict(),
            "return_rate": self.returns.as_dict(),
            "per_day": [{**asdict(d), "day": d.day.isoformat()} for d in self.per_day],
            "alerts": dict(self.alerts), "active_by_state": dict(self.active_by_state),
        }


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=SHANGHAI)


def load_dashboard(ws: Workspace, now: datetime | None = None, *, days: int = 7,
                   chart_days: int = 14) -> Dashboard:
    """Every number of the dashboard page, at ``now``."""
    now = now or ws.clock()
    cfg = alert_settings(ws)
    today = to_local(now).date()
    pickup_h = timedelta(hours=cfg.pickup_hours)
    pt = ParcelTracking
    span = max(days, chart_days)
    since = _day_start(today - timedelta(days=span - 1))
    with ws.read() as s:
        # parcels printed in the window, with their order's deadline and tracking summary
        rows = s.execute(
            select(Parcel.id, Parcel.printed_at, Order.ship_by, Order.paid_at, Order.status,
                   pt.status, pt.picked_up_at)
            .join(Order, Order.id == Parcel.order_id)
            .outerjoin(pt, pt.parcel_id == Parcel.id)
            .where(Parcel.printed_at.is_not(None), Parcel.printed_at >= since,
                   Parcel.printed_at <= now)).all()
        active = s.execute(select(pt.status, func.count()).where(pt.final.is_(False))
                           .group_by(pt.status)).all()
        to_print = s.scalar(select(func.count()).select_from(Parcel).join(
            Order, Order.id == Parcel.order_id).where(
            Parcel.waybill_no.is_not(None), Parcel.printed_at.is_(None),
            Order.status.not_in(("cancelled", "refunded")))) or 0
        # orders whose deadline fell in the rate window
        d_from = now - timedelta(days=days)
        default = timedelta(hours=cfg.ship_by_default_hours)
        orders = s.execute(
            select(Order.id, Order.ship_by, Order.paid_at, Order.status)
            .where(((Order.ship_by.is_not(None)) & (Order.ship_by >= d_from)
                    & (Order.ship_by <= now))
                   | ((Order.ship_by.is_(None)) & Order.paid_at.is_not(None)
                      & (Order.paid_at >= d_from - default) & (Order.paid_at <= now - default)))
        ).all()
        first_scan: dict[int, datetime] = {}
        has_parcel: set[int] = set()
        ids = [o[0] for o in orders]
        for i in range(0, len(ids), 500):
            for oid, picked in s.execute(
                    select(Parcel.order_id, func.min(pt.picked_up_at))
                    .outerjoin(pt, pt.parcel_id == Parcel.id)
                    .where(Parcel.order_id.in_(ids[i:i + 500]), Parcel.printed_at.is_not(None))
                    .group_by(Parcel.order_id)).all():
                has_parcel.add(oid)
                if picked is not None:
                    first_scan[oid] = picked

    today_by_state = dict.fromkeys(BUCKETS, 0)
    today_by_state["to_print"] = to_print
    t0 = _day_start(today)
    rate_from = now - timedelta(days=days)
    per_day = {today - timedelta(days=i): [0, 0] for i in range(chart_days)}
    pick_num = pick_den = scanned = delivered = returned = 0
    for _pid, printed, ship_by, paid_at, _ostatus, tstatus, picked in rows:
        bucket = BUCKET_OF.get(tstatus or statuses.LABEL_CREATED, "in_transit")
        if printed >= t0:
            today_by_state[bucket] += 1
        day = to_local(printed).date()
        if day in per_day:
            deadline, _ = ship_by_deadline(ship_by, paid_at, cfg.ship_by_default_hours)
            late = deadline is not None and (
                (picked is not None and picked > deadline) or (picked is None and now > deadline))
            per_day[day][0] += 1
            per_day[day][1] += int(late)
        if printed >= rate_from:
            if printed <= now - pickup_h:
                pick_den += 1
                pick_num += int(picked is not None and picked <= printed + pickup_h)
            if picked is not None:
                scanned += 1
                delivered += int(tstatus == statuses.DELIVERED)
                returned += int(tstatus in _RETURN)

    active_by_state = dict.fromkeys(BUCKETS, 0)
    active_by_state["to_print"] = to_print
    for status, n in active:
        active_by_state[BUCKET_OF.get(status, "in_transit")] += n

    on_num = on_den = 0
    for oid, ship_by, paid_at, ostatus in orders:
        deadline, _ = ship_by_deadline(ship_by, paid_at, cfg.ship_by_default_hours)
        if deadline is None:
            continue
        picked = first_scan.get(oid)
        if picked is None and (ostatus in ("cancelled", "refunded") or
                               (oid not in has_parcel and ostatus not in ("to_ship",
                                                                          "partly_shipped"))):
            continue  # stopped before shipping, or shipped outside ShipDesk: no data
        on_den += 1
        on_num += int(picked is not None and picked <= deadline)

    return Dashboard(
        generated_at=now, days=days, today_by_state=today_by_state,
        on_time=Rate(on_num, on_den), pickup=Rate(pick_num, pick_den),
        delivery=Rate(delivered, scanned), returns=Rate(returned, scanned),
        per_day=[DayCount(d, n, late) for d, (n, late) in sorted(per_day.items())],
        alerts=alert_counts(ws), active_by_state=active_by_state)
