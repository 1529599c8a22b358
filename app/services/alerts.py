"""The package centre (包裹中心): alert rules, their life cycle, and what to do about them.

``evaluate_alerts`` asks every rule which orders or parcels it holds for *now*, then
brings the ``alerts`` table in line: a new finding opens an alert, a finding that is
still there keeps its alert (open or acknowledged), an alert whose condition cleared is
resolved automatically. A condition that comes back reopens the same row; an alert the
seller resolved by hand stays resolved unless something new happens (its fingerprint —
a new deadline, a newer scan — changes).

Every alert says why it fired (facts: waybill, times, the carrier's words) and what to do,
in Chinese for the seller, with an English key (``rule``) for scripts.

Thresholds are settings (``Workspace.setting``), with these defaults:

==================================  =====  ==============================================
``alerts.pickup_hours``             24     not picked up this long after printing
``alerts.stall_hours``              24     no scan this long after the last one (picked up)
``alerts.ship_by_warn_hours``       6      "ship-by approaching" this long before it
``alerts.ship_by_default_hours``    48     ship-by = paid time + this, when the order has no
                                           承诺发货时间
``alerts.sameday_handover_hours``   3      a 极速达 parcel must be picked up this long after
                                           its region's order cut-off on its ship day
``alerts.sameday_cutoff``           11:00  the cut-off used when the shop's city is not a
                                           极速达 region (or app.core.tiers is missing)
``alerts.window_days``              30     older deadlines and journeys raise no alerts
==================================  =====  ==============================================

Same-day rule: the promise of ``app.core.tiers`` (the 极速达 tier of the catalogue, the
shop's sender city as origin) gives the ship day and the region's cut-off; the parcel
must have a pickup scan by ship day + cut-off + ``sameday_handover_hours``. When the
shop's city is not a region, or the tier module is missing, the fallback rule is: paid
before ``alerts.sameday_cutoff`` → ship day is the paid day, else the next day; same
deadline formula.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.timeutil import SHANGHAI, to_local
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Parcel, ParcelOrder, Recipient, Shop
from app.store.models_tracking import Alert, ParcelTracking
from app.tracking import statuses
from app.tracking.httpclient import scrub

log = logging.getLogger(__name__)

STATES = ("open", "acknowledged", "resolved")
SEVERITIES = ("urgent", "warning", "info")
STOPPED = ("cancelled", "refunded")
TO_SHIP = ("to_ship", "partly_shipped")


# -- settings ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AlertSettings:
    pickup_hours: float = 24
    stall_hours: float = 24
    ship_by_warn_hours: float = 6
    ship_by_default_hours: float = 48
    sameday_handover_hours: float = 3
    sameday_cutoff: time = time(11, 0)
    window_days: int = 30


SETTING_KEYS: dict[str, str] = {
    "pickup_hours": "alerts.pickup_hours",
    "stall_hours": "alerts.stall_hours",
    "ship_by_warn_hours": "alerts.ship_by_warn_hours",
    "ship_by_default_hours": "alerts.ship_by_default_hours",
    "sameday_handover_hours": "alerts.sameday_handover_hours",
    "sameday_cutoff": "alerts.sameday_cutoff",
    "window_days": "alerts.window_days",
}


def _parse_hhmm(text: str) -> time:
    hh, _, mm = text.strip().partition(":")
    return time(int(hh), int(mm or 0))


def _parse(name: str, raw: str) -> object:
    if name == "sameday_cutoff":
        return _parse_hhmm(raw)
    value = float(raw)
    if value < 0 or value != value:
        raise ValueError
    return int(value) if name == "window_days" else value


def alert_settings(ws: Workspace) -> AlertSettings:
    """The thresholds in force (defaults where unset or unreadable)."""
    default = AlertSettings()
    values: dict[str, object] = {}
    for name, key in SETTING_KEYS.items():
        raw = ws.setting(key, "").strip()
        if not raw:
            continue
        try:
            values[name] = _parse(name, raw)
        except (ValueError, TypeError):
            log.warning("setting %s=%r is not valid; using %s", key, raw, getattr(default, name))
    return AlertSettings(**{**asdict(default), **values})


def set_alert_setting(ws: Workspace, name: str, value: str | float) -> None:
    """Change one threshold (``pickup_hours`` … or its full key ``alerts.pickup_hours``)."""
    name = name.removeprefix("alerts.")
    if name not in SETTING_KEYS:
        raise ValueError(f"unknown alert setting {name!r}; known: {', '.join(SETTING_KEYS)}")
    text = str(value).strip()
    try:
        _parse(name, text)
    except (ValueError, TypeError):
        what = "a time of day HH:MM" if name == "sameday_cutoff" else "a number ≥ 0"
        raise ValueError(f"alerts.{name} must be {what}, not {text!r}") from None
    ws.set_setting(SETTING_KEYS[name], text)


# -- the rules -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    key: str  # English key, also the ``rule`` column
    title: str  # Chinese, for the seller
    title_en: str
    severity: str
    action: str  # Chinese: what to do


RULES: dict[str, Rule] = {r.key: r for r in (
    Rule("not_picked_up", "打单后未揽收", "Not picked up after printing", "warning",
         "联系快递网点或业务员尽快上门揽收；确认包裹已贴好面单并放在揽收区。"
         "如包裹不再发出，请作废面单。"),
    Rule("stalled", "揽收后无更新", "No scan since pickup", "warning",
         "联系快递网点核实包裹位置并催促发出；超过 48 小时仍无更新，可向快递公司申请查件，"
         "并留意平台的物流异常考核。"),
    Rule("ship_by_soon", "即将超时未发货", "Ship-by approaching", "warning",
         "尽快打单发货并通知快递揽收，确保在承诺发货时间前有揽收记录。"),
    Rule("ship_by_breached", "已超时未发货", "Ship-by breached", "urgent",
         "立即发货并催促快递揽收；如无法发货，先联系买家说明情况，"
         "避免延迟发货赔付和店铺扣分。"),
    Rule("sameday_missed", "极速达截单未揽收", "Same-day cut-off missed", "urgent",
         "立即安排快递揽收；当日送达已难保证，请联系买家说明，并按平台规则处理极速达超时。"),
    Rule("delivery_exception", "疑难件/派送异常", "Delivery exception", "warning",
         "联系快递网点了解原因（地址不详、电话打不通等），核实收件信息后请网点再次派送，"
         "必要时联系买家。"),
    Rule("refused", "拒签", "Refused by the recipient", "urgent",
         "联系买家确认拒收原因；包裹将退回，跟进退件签收并处理售后或退款。"),
    Rule("returning", "退回", "Returning to sender", "warning",
         "包裹正在退回或已退回：跟进退件签收，核对货物后处理售后；"
         "如不是买家意愿，联系网点改派。"),
    Rule("locker_uncollected", "驿站/快递柜超时未取", "Not collected from a locker or station",
         "warning", "提醒买家凭取件码尽快取件，以免包裹被退回；买家联系不上时请网点改为送货上门。"),
    Rule("intercept", "打单后取消/退款，需拦截", "Intercept: cancelled after printing", "urgent",
         "不要发出这个包裹：如果还在仓库，撤下包裹并作废面单；如果已被揽收，立即联系快递网点"
         "拦截退回。轨迹显示退回后，提醒会自动解决。"),
)}


@dataclass(slots=True)
class Finding:
    """One rule holding for one subject now."""

    rule: str
    subject: str
    reason: str
    fingerprint: str  # what makes it "the same problem" (a new one reopens a user-resolved alert)
    order_id: int | None = None
    parcel_id: int | None = None
    due_at: datetime | None = None
    detail: dict[str, object] = field(default_factory=dict)


def _fmt(dt: datetime | None) -> str:
    return to_local(dt).strftime("%m-%d %H:%M") if dt else "—"


def _hours(h: float) -> str:
    return f"{h:g}"


def _text(t: str | None) -> str:
    return scrub(t or "", 80)


_FINAL_OR_DONE = (statuses.DELIVERED, statuses.RETURNED, statuses.CANCELLED)


def _not_picked_up(s: Session, now: datetime, cfg: AlertSettings) -> Iterable[Finding]:
    pt = ParcelTracking
    limit = now - timedelta(hours=cfg.pickup_hours)
    rows = s.execute(
        select(Parcel.id, Parcel.order_id, Parcel.waybill_no, Parcel.printed_at,
               Order.platform_order_id)
        .join(Order, Order.id == Parcel.order_id)
        .outerjoin(pt, pt.parcel_id == Parcel.id)
        .where(Parcel.waybill_no.is_not(None), Parcel.printed_at.is_not(None),
               Parcel.printed_at <= limit,
               Parcel.printed_at >= now - timedelta(days=cfg.window_days),
               Order.status.not_in(STOPPED), pt.picked_up_at.is_(None),
               or_(pt.status.is_(None), pt.status.not_in(_FINAL_OR_DONE)))).all()
    for pid, oid, wb, printed, poid in rows:
        yield Finding("not_picked_up", f"parcel:{pid}",
                      f"面单 {wb}（订单 {poid}）于 {_fmt(printed)} 打印，超过 "
                      f"{_hours(cfg.pickup_hours)} 小时仍没有快递揽收记录。",
                      wb, oid, pid, printed + timedelta(hours=cfg.pickup_hours),
                      {"waybill_no": wb, "printed_at": printed.isoformat(),
                       "threshold_hours": cfg.pickup_hours})


def _stalled(s: Session, now: datetime, cfg: AlertSettings) -> Iterable[Finding]:
    pt = ParcelTracking
    rows = s.execute(
        select(pt.parcel_id, Parcel.order_id, pt.waybill_no, pt.status, pt.picked_up_at,
               pt.last_event_at, pt.last_event_text)
        .join(Parcel, Parcel.id == pt.parcel_id)
        .where(pt.picked_up_at.is_not(None),
               pt.status.not_in(_FINAL_OR_DONE + (statuses.AVAILABLE_FOR_PICKUP,
                                                  statuses.EXCEPTION,
                                                  statuses.DELIVERY_FAILED)),
               pt.last_event_at <= now - timedelta(hours=cfg.stall_hours),
               pt.last_event_at >= now - timedelta(days=cfg.window_days))).all()
    for pid, oid, wb, status, picked, last_at, text in rows:
        if status == statuses.PICKED_UP:
            why = f"包裹 {wb} 于 {_fmt(picked)} 揽收后一直没有发出"
        else:
            why = f"包裹 {wb} 最后一条轨迹在 {_fmt(last_at)}（{_text(text)}）"
        yield Finding("stalled", f"parcel:{pid}",
                      f"{why}，已超过 {_hours(cfg.stall_hours)} 小时没有新的扫描记录。",
                      last_at.isoformat(), oid, pid,
                      last_at + timedelta(hours=cfg.stall_hours),
                      {"waybill_no": wb, "status": status, "last_event_at": last_at.isoformat(),
                       "threshold_hours": cfg.stall_hours})


def _shipped_order_ids(s: Session, order_ids: Sequence[int]) -> set[int]:
    """Orders with at least one parcel that a carrier has scanned."""
    pt = ParcelTracking
    out: set[int] = set()
    for i in range(0, len(order_ids), 500):
        chunk = list(order_ids[i:i + 500])
        out |= set(s.scalars(select(Parcel.order_id).join(pt, pt.parcel_id == Parcel.id)
                             .where(Parcel.order_id.in_(chunk), pt.picked_up_at.is_not(None))))
        out |= set(s.scalars(select(ParcelOrder.order_id)
                             .join(pt, pt.parcel_id == ParcelOrder.parcel_id)
                             .where(ParcelOrder.order_id.in_(chunk),
                                    pt.picked_up_at.is_not(None))))
    return out


def ship_by_deadline(ship_by: datetime | None, paid_at: datetime | None,
                     default_hours: float) -> tuple[datetime | None, str]:
    """The order's ship-by time and where it came from (承诺发货时间, or paid + N h)."""
    if ship_by is not None:
        return ship_by, "承诺发货时间"
    if paid_at is not None:
        return paid_at + timedelta(hours=default_hours), f"付款后 {_hours(default_hours)} 小时"
    return None, ""


def _ship_by(s: Session, now: datetime, cfg: AlertSettings) -> Iterable[Finding]:
    horizon = now + timedelta(hours=cfg.ship_by_warn_hours)
    floor = now - timedelta(days=cfg.window_days)
    default = timedelta(hours=cfg.ship_by_default_hours)
    rows = s.execute(
        select(Order.id, Order.platform_order_id, Order.ship_by, Order.paid_at)
        .where(Order.status.in_(TO_SHIP),
               or_(and_(Order.ship_by.is_not(None), Order.ship_by <= horizon,
                        Order.ship_by >= floor),
                   and_(Order.ship_by.is_(None), Order.paid_at.is_not(None),
                        Order.paid_at <= horizon - default, Order.paid_at >= floor - default))
               )).all()
    shipped = _shipped_order_ids(s, [r[0] for r in rows])
    for oid, poid, ship_by, paid_at in rows:
        if oid in shipped:
            continue
        deadline, source = ship_by_deadline(ship_by, paid_at, cfg.ship_by_default_hours)
        if deadline is None:
            continue
        detail = {"platform_order_id": poid, "deadline": deadline.isoformat(), "source": source}
        if now >= deadline:
            yield Finding("ship_by_breached", f"order:{oid}",
                          f"订单 {poid} 的发货截止时间 {_fmt(deadline)}（{source}）已过，"
                          "仍没有揽收记录。", deadline.isoformat(), oid, None, deadline, detail)
        else:
            yield Finding("ship_by_soon", f"order:{oid}",
                          f"订单 {poid} 须在 {_fmt(deadline)}（{source}）前发货，距截止已不足 "
                          f"{_hours(cfg.ship_by_warn_hours)} 小时，目前还没有揽收记录。",
                          deadline.isoformat(), oid, None, deadline, detail)


def sameday_deadline(paid_at: datetime, carrier: str, origin_province: str, origin_city: str,
                     dest_province: str, dest_city: str, cfg: AlertSettings
                     ) -> tuple[datetime, str, time]:
    """When a 极速达 parcel must be picked up, the region named, and the cut-off used."""
    cutoff, region_name, ship_day = cfg.sameday_cutoff, "", None
    try:
        from app.carriers import catalogue
        from app.core import tiers as core_tiers

        spec = catalogue.tier("sameday")
        geo = catalogue.geo()
        origin = core_tiers.Place(geo.province(origin_province), origin_city)
        region = spec.region_for(origin)
        if region is not None:
            promise = core_tiers.promise(
                spec, carrier, paid_at, origin, core_tiers.Place(dest_province, dest_city),
                geo=geo, carrier_transit={}, closed=catalogue.closed_dates())
            cutoff, region_name = region.cutoff, region.city
            ship_day = promise.ship_date if promise.eligible else None
            if ship_day is None:  # the tier does not reach there: the cut-off still applies
                local = to_local(paid_at)
                ship_day = local.date() if local.time() < cutoff else \
                    core_tiers.add_open_days(local.date(), 1, catalogue.closed_dates())
    except (ImportError, ValueError, AttributeError) as exc:  # tiers not available: fallback
        log.debug("same-day rule falls back to the setting: %s", exc)
    if ship_day is None:
        local = to_local(paid_at)
        ship_day = local.date() if local.time() < cutoff else local.date() + timedelta(days=1)
    deadline = datetime.combine(ship_day, cutoff, tzinfo=SHANGHAI) + \
        timedelta(hours=cfg.sameday_handover_hours)
    return deadline, region_name, cutoff


def _sameday(s: Session, now: datetime, cfg: AlertSettings) -> Iterable[Finding]:
    pt = ParcelTracking
    rows = s.execute(
        select(Parcel.id, Parcel.order_id, Parcel.waybill_no, Parcel.carrier_code,
               Order.platform_order_id, Order.paid_at, Shop.sender_province, Shop.sender_city,
               Recipient.province, Recipient.city)
        .join(Order, Order.id == Parcel.order_id)
        .join(Shop, Shop.id == Order.shop_id)
        .outerjoin(Recipient, Recipient.id == Order.recipient_id)
        .outerjoin(pt, pt.parcel_id == Parcel.id)
        .where(Parcel.tier_code == "sameday", Order.status.not_in(STOPPED),
               Order.paid_at.is_not(None),
               Order.paid_at >= now - timedelta(days=cfg.window_days),
               Order.paid_at <= now, pt.picked_up_at.is_(None))).all()
    for pid, oid, wb, carrier, poid, paid, o_prov, o_city, d_prov, d_city in rows:
        deadline, region, cutoff = sameday_deadline(paid, carrier or "", o_prov or "",
                                                    o_city or "", d_prov or "", d_city or "",
                                                    cfg)
        if now < deadline:
            continue
        where = f"{region}截单时间" if region else "截单时间"
        what = f"包裹 {wb}" if wb else "包裹（尚未取号）"
        yield Finding("sameday_missed", f"parcel:{pid}",
                      f"极速达订单 {poid}（{_fmt(paid)} 付款）：{where} {cutoff:%H:%M}，{what}须在 "
                      f"{_fmt(deadline)} 前交快递揽收才能按时送达，现在仍没有揽收记录。",
                      deadline.isoformat(), oid, pid, deadline,
                      {"platform_order_id": poid, "waybill_no": wb or "",
                       "deadline": deadline.isoformat(), "cutoff": cutoff.strftime("%H:%M"),
                       "region": region})


def _tracked(s: Session, now: datetime, cfg: AlertSettings, *where) -> list:  # noqa: ANN002
    pt = ParcelTracking
    return s.execute(
        select(pt.parcel_id, Parcel.order_id, pt.waybill_no, pt.status, pt.flag, pt.flags,
               pt.last_event_at, pt.last_event_text, pt.returned_at)
        .join(Parcel, Parcel.id == pt.parcel_id)
        .where(pt.last_event_at >= now - timedelta(days=cfg.window_days), *where)).all()


def _exceptions(s: Session, now: datetime, cfg: AlertSettings) -> Iterable[Finding]:
    pt = ParcelTracking
    for pid, oid, wb, status, flag, _flags, last_at, text, _ret in _tracked(
            s, now, cfg, pt.status.in_((statuses.EXCEPTION, statuses.DELIVERY_FAILED)),
            pt.flag.not_in(("refused", "locker_uncollected"))):
        kind = "派送失败" if status == statuses.DELIVERY_FAILED else "疑难件"
        yield Finding("delivery_exception", f"parcel:{pid}",
                      f"包裹 {wb} 于 {_fmt(last_at)} 出现{kind}：{_text(text)}",
                      last_at.isoformat(), oid, pid, None,
                      {"waybill_no": wb, "status": status, "flag": flag,
                       "last_event_at": last_at.isoformat()})


def _refused(s: Session, now: datetime, cfg: AlertSettings) -> Iterable[Finding]:
    pt = ParcelTracking
    for pid, oid, wb, status, _flag, _flags, last_at, text, _ret in _tracked(
            s, now, cfg, or_(pt.flags.like("%,refused,%"), pt.flag == "refused"),
            pt.status != statuses.DELIVERED):
        yield Finding("refused", f"parcel:{pid}",
                      f"包裹 {wb} 被收件人拒签（最新轨迹 {_fmt(last_at)}：{_text(text)}）。",
                      wb, oid, pid, None, {"waybill_no": wb, "status": status})


def _returning(s: Session, now: datetime, cfg: AlertSettings) -> Iterable[Finding]:
    pt = ParcelTracking
    for pid, oid, wb, status, _flag, _flags, last_at, text, ret_at in _tracked(
            s, now, cfg, pt.status.in_((statuses.RETURNING, statuses.RETURNED)),
            ~pt.flags.like("%,refused,%"), pt.flag != "refused"):
        if status == statuses.RETURNED:
            why = f"包裹 {wb} 已退回签收（{_fmt(last_at)}：{_text(text)}）。"
        else:
            why = f"包裹 {wb} 自 {_fmt(ret_at or last_at)} 起正在退回寄件人（{_text(text)}）。"
        yield Finding("returning", f"parcel:{pid}", why, wb, oid, pid, None,
                      {"waybill_no": wb, "status": status})


def _locker(s: Session, now: datetime, cfg: AlertSettings) -> Iterable[Finding]:
    pt = ParcelTracking
    for pid, oid, wb, status, _flag, _flags, last_at, text, _ret in _tracked(
            s, now, cfg, pt.flag == "locker_uncollected", pt.status.not_in(_FINAL_OR_DONE)):
        yield Finding("locker_uncollected", f"parcel:{pid}",
                      f"包裹 {wb} 在驿站或快递柜超时未取（{_fmt(last_at)}：{_text(text)}）。",
                      last_at.isoformat(), oid, pid, None,
                      {"waybill_no": wb, "status": status})


def _intercept(s: Session, now: datetime, cfg: AlertSettings) -> Iterable[Finding]:
    pt = ParcelTracking
    flagged = Order.flagged_reason.like("%\\_after\\_print", escape="\\")
    cols = (Parcel.id, Order.id, Parcel.waybill_no, Order.platform_order_id,
            Order.flagged_reason, pt.status, pt.picked_up_at)
    open_ = [Parcel.printed_at.is_not(None), Parcel.waybill_no.is_not(None),
             or_(pt.status.is_(None),
                 pt.status.not_in((statuses.RETURNING, statuses.RETURNED, statuses.CANCELLED)))]
    rows = s.execute(select(*cols).join(Order, Order.id == Parcel.order_id)
                     .outerjoin(pt, pt.parcel_id == Parcel.id).where(flagged, *open_)).all()
    rows += s.execute(select(*cols).join(ParcelOrder, ParcelOrder.parcel_id == Parcel.id)
                      .join(Order, Order.id == ParcelOrder.order_id)
                      .outerjoin(pt, pt.parcel_id == Parcel.id).where(flagged, *open_)).all()
    seen: set[int] = set()
    for pid, oid, wb, poid, reason, _status, picked in rows:
        if pid in seen:
            continue
        seen.add(pid)
        what = "取消" if reason.startswith("cancelled") else "退款"
        where = (f"包裹已于 {_fmt(picked)} 被快递揽收，需要拦截退回" if picked
                 else "包裹可能还在仓库")
        yield Finding("intercept", f"parcel:{pid}",
                      f"订单 {poid} 在面单 {wb} 打印后已{what}，{where}。",
                      f"{reason}:{wb}", oid, pid, None,
                      {"platform_order_id": poid, "waybill_no": wb, "flagged_reason": reason,
                       "picked_up": picked is not None})


RULE_FUNCS: tuple[Callable[[Session, datetime, AlertSettings], Iterable[Finding]], ...] = (
    _not_picked_up, _stalled, _ship_by, _sameday, _exceptions, _refused, _returning, _locker,
    _intercept,
)


# -- evaluation ------------------------------------------------------------------------------------


@dataclass
class EvaluateSummary:
    opened: int = 0
    reopened: int = 0
    resolved: int = 0
    updated: int = 0
    active: int = 0
    new_urgent_ids: list[int] = field(default_factory=list)
    by_rule: dict[str, int] = field(default_factory=dict)  # active alerts per rule

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def evaluate_alerts(ws: Workspace, now: datetime | None = None) -> EvaluateSummary:
    """Open, update, reopen and resolve alerts to match the rules at ``now``."""
    now = now or ws.clock()
    cfg = alert_settings(ws)
    for attempt in range(3):
        try:
            return _evaluate(ws, now, cfg)
        except IntegrityError:  # another station opened the same alert at the same moment
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _evaluate(ws: Workspace, now: datetime, cfg: AlertSettings) -> EvaluateSummary:
    summary = EvaluateSummary()
    with transaction(ws.write) as s:
        found: dict[tuple[str, str], Finding] = {}
        for fn in RULE_FUNCS:
            for f in fn(s, now, cfg):
                found[(f.rule, f.subject)] = f
        active = {(a.rule, a.subject): a for a in
                  s.scalars(select(Alert).where(Alert.state != "resolved"))}
        missing = [k for k in found if k not in active]
        resolved: dict[tuple[str, str], Alert] = {}
        subjects = sorted({k[1] for k in missing})
        for i in range(0, len(subjects), 500):
            for a in s.scalars(select(Alert).where(Alert.state == "resolved",
                                                   Alert.subject.in_(subjects[i:i + 500]))):
                resolved[(a.rule, a.subject)] = a
        new_rows: list[Alert] = []
        for key, f in found.items():
            rule = RULES[f.rule]
            detail = {**f.detail, "fingerprint": f.fingerprint, "title_en": rule.title_en}
            row = active.get(key) or resolved.get(key)
            if row is None:
                row = Alert(rule=f.rule, subject=f.subject, order_id=f.order_id,
                            parcel_id=f.parcel_id, severity=rule.severity, state="open",
                            reason=f.reason, action=rule.action, detail=detail,
                            due_at=f.due_at, first_fired_at=now, fired_at=now, fire_count=1,
                            acknowledged_by="", resolved_by="", note="")
                s.add(row)
                new_rows.append(row)
                summary.opened += 1
            elif row.state != "resolved":
                if row.reason != f.reason or row.detail != detail or row.due_at != f.due_at:
                    row.reason, row.detail, row.due_at = f.reason, detail, f.due_at
                    summary.updated += 1
            elif row.resolved_by != "user" or \
                    (row.detail or {}).get("fingerprint") != f.fingerprint:
                row.state, row.fired_at, row.fire_count = "open", now, row.fire_count + 1
                row.reason, row.detail, row.due_at, row.action = f.reason, detail, f.due_at, \
                    rule.action
                row.acknowledged_at, row.acknowledged_by = None, ""
                row.resolved_at, row.resolved_by = None, ""
                new_rows.append(row)
                summary.reopened += 1
        for key, row in active.items():
            if key not in found:
                row.state, row.resolved_at, row.resolved_by = "resolved", now, "auto"
                summary.resolved += 1
        s.flush()
        summary.new_urgent_ids = [r.id for r in new_rows if r.severity == "urgent"]
        by_rule: dict[str, int] = {}
        for f in found.values():
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        summary.by_rule = by_rule
        summary.active = s.scalar(select(func.count()).select_from(Alert)
                                  .where(Alert.state != "resolved")) or 0
        if summary.opened or summary.reopened or summary.resolved:
            ws.audit(s, "alerts_evaluate", "alerts", "", opened=summary.opened,
                     reopened=summary.reopened, resolved=summary.resolved)
    return summary


# -- reading and acting ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AlertView:
    id: int
    rule: str  # the English key
    title: str
    title_en: str
    severity: str
    state: str
    reason: str
    action: str
    order_id: int | None
    platform_order_id: str
    parcel_id: int | None
    waybill_no: str
    due_at: datetime | None
    first_fired_at: datetime
    fired_at: datetime
    fire_count: int
    acknowledged_at: datetime | None
    acknowledged_by: str
    resolved_at: datetime | None
    resolved_by: str
    note: str

    @property
    def urgent(self) -> bool:
        return self.severity == "urgent"

    # names the workstation's first alerts list reads (app/ui/pages.py)
    @property
    def kind(self) -> str:
        return self.title

    @property
    def message(self) -> str:
        return self.reason

    @property
    def since(self) -> datetime:
        return self.fired_at

    @property
    def deadline(self) -> datetime | None:
        return self.due_at

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        for k, v in d.items():
            if isinstance(v, datetime):
                d[k] = v.isoformat()
        return d


#: list filters: "active" is open + acknowledged
STATE_FILTERS = ("active", "open", "acknowledged", "resolved", "all")
_SEVERITY_ORDER = case({"urgent": 0, "warning": 1}, value=Alert.severity, else_=2)


def _alert_select(state: str, rule: str, severity: str):  # noqa: ANN202
    if state not in STATE_FILTERS:
        raise ValueError(f"unknown alert state {state!r}; use one of {', '.join(STATE_FILTERS)}")
    if rule and rule not in RULES:
        raise ValueError(f"unknown alert rule {rule!r}; rules: {', '.join(RULES)}")
    if severity and severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}; use one of {', '.join(SEVERITIES)}")
    where = []
    if state == "active":
        where.append(Alert.state != "resolved")
    elif state != "all":
        where.append(Alert.state == state)
    if rule:
        where.append(Alert.rule == rule)
    if severity:
        where.append(Alert.severity == severity)
    return where


def _view(a: Alert, poid: str | None, wb: str | None) -> AlertView:
    rule = RULES.get(a.rule)
    return AlertView(
        id=a.id, rule=a.rule, title=rule.title if rule else a.rule,
        title_en=rule.title_en if rule else a.rule, severity=a.severity, state=a.state,
        reason=a.reason, action=a.action, order_id=a.order_id, platform_order_id=poid or "",
        parcel_id=a.parcel_id, waybill_no=wb or "", due_at=a.due_at,
        first_fired_at=a.first_fired_at, fired_at=a.fired_at, fire_count=a.fire_count,
        acknowledged_at=a.acknowledged_at, acknowledged_by=a.acknowledged_by,
        resolved_at=a.resolved_at, resolved_by=a.resolved_by, note=a.note)


def list_alerts(ws: Workspace, state: str = "active", *, rule: str = "", severity: str = "",
                limit: int = 500, offset: int = 0) -> list[AlertView]:
    """Alerts, most urgent and newest first."""
    stmt = (select(Alert, Order.platform_order_id, Parcel.waybill_no)
            .outerjoin(Order, Order.id == Alert.order_id)
            .outerjoin(Parcel, Parcel.id == Alert.parcel_id)
            .where(*_alert_select(state, rule, severity))
            .order_by(case({"resolved": 1}, value=Alert.state, else_=0), _SEVERITY_ORDER,
                      Alert.fired_at.desc(), Alert.id.desc())
            .offset(offset).limit(limit))
    with ws.read() as s:
        return [_view(a, poid, wb) for a, poid, wb in s.execute(stmt).all()]


def get_alerts(ws: Workspace, ids: Sequence[int]) -> list[AlertView]:
    if not ids:
        return []
    with ws.read() as s:
        rows = s.execute(select(Alert, Order.platform_order_id, Parcel.waybill_no)
                         .outerjoin(Order, Order.id == Alert.order_id)
                         .outerjoin(Parcel, Parcel.id == Alert.parcel_id)
                         .where(Alert.id.in_(list(ids)))).all()
    return [_view(a, poid, wb) for a, poid, wb in rows]


def count_alerts(ws: Workspace, state: str = "active", *, rule: str = "",
                 severity: str = "") -> int:
    with ws.read() as s:
        return s.scalar(select(func.count()).select_from(Alert)
                        .where(*_alert_select(state, rule, severity))) or 0


def alert_counts(ws: Workspace) -> dict[str, int]:
    """Open, acknowledged and resolved counts, and the active urgent ones."""
    with ws.read() as s:
        by_state = dict(s.execute(select(Alert.state, func.count()).group_by(Alert.state)).all())
        urgent = s.scalar(select(func.count()).select_from(Alert).where(
            Alert.state != "resolved", Alert.severity == "urgent")) or 0
    return {**{st: by_state.get(st, 0) for st in STATES}, "urgent": urgent}


def _set_state(ws: Workspace, ids: Sequence[int], state: str, note: str) -> int:
    ids = [int(i) for i in ids]
    if not ids:
        return 0
    now = ws.clock()
    values: dict[str, object] = {"state": state}
    if state == "acknowledged":
        values.update(acknowledged_at=now, acknowledged_by=ws.operator or "")
        where = [Alert.state == "open"]
    else:
        values.update(resolved_at=now, resolved_by="user")
        where = [Alert.state != "resolved"]
    if note:
        values["note"] = note[:200]
    with transaction(ws.write) as s:
        n = s.execute(update(Alert).where(Alert.id.in_(ids), *where).values(**values)).rowcount
        ws.audit(s, f"alert_{'ack' if state == 'acknowledged' else 'resolve'}", "alert",
                 ",".join(map(str, ids))[:64], count=n or 0)
    return n or 0


def acknowledge(ws: Workspace, ids: Sequence[int], note: str = "") -> int:
    """Mark open alerts as seen ("I'm on it"); they stay until the condition clears."""
    return _set_state(ws, ids, "acknowledged", note)


def resolve(ws: Workspace, ids: Sequence[int], note: str = "") -> int:
    """Close alerts by hand; they come back only if something new happens."""
    return _set_state(ws, ids, "resolved", note)
