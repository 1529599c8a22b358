"""Choose how each parcel ships — carrier, service tier and package — by rules and
strategies, show it (cost, promise, the reason) before anything changes, then apply it to
a whole selection in one transaction.

    rows = preview(ws, order_ids)          # nothing written; each row says why
    apply(ws, assignments=rows)            # exactly what was shown (re-checked)
    set_shipping(ws, ids, carrier="SF", tier="nextday")   # by hand
    shipping_options(ws, order_id)         # every carrier × tier, priced and dated

Everything a preview needs is read in a handful of bulk queries, and apply writes with
bulk statements (INSERT … RETURNING for new parcels, UPDATE by primary key, one DELETE +
INSERT of the assignment records), so a thousand orders take one short transaction.
Only province/city/district and SKUs are read: nothing personal is decrypted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.carriers import catalogue
from app.core.orders import STOPPED
from app.core.rates import NoRate, Quote, RateCard, RateLine, Weight, parcel_weight, quote
from app.core.rules import Decision, Option, OrderFacts, decide
from app.core.tiers import Place, Plan, parse_hhmm, plan
from app.core.timeutil import to_local
from app.services.accounts import binding_problem, carriers_available
from app.services.shipping_settings import get_settings, load_rules
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import (
    Order,
    OrderItem,
    Parcel,
    ParcelOrder,
    Recipient,
    Shop,
    WaybillAccount,
    WaybillRequest,
)
from app.store.models_carriers import (
    PackagePreset,
    ParcelShipping,
    RangeCache,
    RateCardRow,
    SkuWeight,
)

CHUNK = 900  # ids per IN (…), well under SQLite's variable limit


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i:i + CHUNK])


def _yuan(fen: int | None) -> str:
    if fen is None:
        return "?"
    y, f = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}¥{y}.{f:02d}"


# ------------------------------------------------------------------------ what callers get
@dataclass(frozen=True, slots=True)
class OptionView:
    carrier: str
    carrier_name: str
    tier: str
    tier_name: str
    eligible: bool
    cost_fen: int | None
    cost_detail: str
    deliver_by: date | None
    promise_detail: str
    reason: str  # why not offered


@dataclass(frozen=True, slots=True)
class OrderOptions:
    order_id: int
    platform_order_id: str
    platform: str
    zone: str
    weight_g: int | None
    weight_note: str
    carrier: str  # current
    tier: str
    preset: str
    waybill_no: str
    options: tuple[OptionView, ...]


@dataclass(frozen=True, slots=True)
class Assignment:
    """One order's choice as previewed. ``problem``: why it would not be applied."""

    order_id: int
    platform_order_id: str
    platform: str
    ok: bool
    carrier: str = ""
    tier: str = ""
    preset: str = ""
    cost_fen: int | None = None
    cost_detail: str = ""
    weight_g: int | None = None
    weight_note: str = ""
    promise_date: date | None = None
    promise_detail: str = ""
    rule_id: int | None = None
    rule_name: str = ""
    strategy: str = ""
    explanation: str = ""
    problem: str = ""
    current_carrier: str = ""
    current_tier: str = ""
    zone: str = ""

    @property
    def applicable(self) -> bool:
        return self.ok and not self.problem

    @property
    def changes(self) -> bool:
        return (self.carrier, self.tier) != (self.current_carrier, self.current_tier)

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["promise_date"] = self.promise_date.isoformat() if self.promise_date else None
        return d


@dataclass
class ApplySummary:
    applied: int = 0
    unchanged: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"order", "message"}
    cost_fen: int = 0  # estimated total of what was applied

    def as_dict(self) -> dict[str, object]:
        return {"applied": self.applied, "unchanged": self.unchanged, "skipped": self.skipped,
                "cost_fen": self.cost_fen}


@dataclass(frozen=True, slots=True)
class ShippingInfo:
    """What a parcel's row shows: its choice, cost, promise and the reason."""

    order_id: int
    carrier: str
    tier: str
    preset: str
    cost_fen: int | None
    promise_date: date | None
    strategy: str
    explanation: str
    range_state: str
    range_reason: str


# ------------------------------------------------------------------------ the context
@dataclass
class _Order:
    id: int
    shop_id: int
    platform: str
    platform_order_id: str
    status: str
    paid_at: datetime | None
    amount_fen: int
    message: str
    extra: Mapping
    province: str
    city: str
    district: str
    street: str
    items: list[tuple[str, int]] = field(default_factory=list)
    parcel_id: int | None = None
    carrier: str = ""
    tier: str = ""
    account_id: int | None = None
    waybill_no: str = ""
    typed_g: int | None = None
    preset: str = ""
    pending: bool = False


class _Context:
    """Everything a preview needs, read in bulk once."""

    def __init__(self, ws: Workspace, order_ids: Sequence[int]) -> None:
        self.ws = ws
        st = get_settings(ws)
        self.strategy = st.default_strategy
        self.cutoff: time = parse_hhmm(st.dispatch_cutoff)
        self.carriers = st.carriers
        self.default_origin = Place(st.origin_province, st.origin_city)
        self.tiers = catalogue.tiers()
        self.geo = catalogue.geo()
        self.closed = catalogue.closed_dates()
        self.markers = catalogue.asked_markers()
        self.available = carriers_available(ws)
        self.rules = load_rules(ws)
        self.tier_names = {c: t.name for c, t in self.tiers.items()}
        self.defaults = catalogue.default_rate_cards()
        self.now = ws.clock()
        self.orders: dict[int, _Order] = {}
        self._plan_cache: dict[tuple, list] = {}
        with ws.read() as s:
            self.cards = {(r.shop_id, r.carrier_code): RateCard(
                r.carrier_code, r.name, tuple(RateLine.from_data(x) for x in r.lines),
                r.shop_id, r.id) for r in s.scalars(select(RateCardRow))}
            self.weights: dict[int, dict[str, int]] = {}
            for shop_id, sku, g in s.execute(select(SkuWeight.shop_id, SkuWeight.sku,
                                                    SkuWeight.weight_g)):
                self.weights.setdefault(shop_id, {})[sku] = g
            self.presets = {n: t for n, t in s.execute(select(PackagePreset.name,
                                                              PackagePreset.tare_g))}
            self.shops = {r.id: r for r in s.execute(select(
                Shop.id, Shop.platform, Shop.sender_province, Shop.sender_city))}
            self._load_orders(s, list(dict.fromkeys(order_ids)))
            self._load_ranges(s)

    def _load_orders(self, s: Session, ids: list[int]) -> None:
        for chunk in _chunks(ids):
            for r in s.execute(
                    select(Order.id, Order.shop_id, Order.platform_order_id, Order.status,
                           Order.paid_at, Order.payable_fen, Order.buyer_message, Order.extra,
                           Recipient.province, Recipient.city, Recipient.district,
                           Recipient.street)
                    .outerjoin(Recipient, Recipient.id == Order.recipient_id)
                    .where(Order.id.in_(chunk))):
                shop = self.shops.get(r.shop_id)
                self.orders[r.id] = _Order(
                    r.id, r.shop_id, shop.platform if shop else "", r.platform_order_id,
                    r.status, r.paid_at, r.payable_fen or 0, r.buyer_message or "",
                    r.extra or {}, self.geo.province(r.province or ""), r.city or "",
                    r.district or "", r.street or "")
            for oid, sku, qty in s.execute(select(OrderItem.order_id, OrderItem.sku,
                                                  OrderItem.qty)
                                           .where(OrderItem.order_id.in_(chunk))):
                self.orders[oid].items.append((sku or "", qty or 1))
            parcels = {}
            for p in s.execute(select(Parcel.id, Parcel.order_id, Parcel.carrier_code,
                                      Parcel.tier_code, Parcel.account_id, Parcel.waybill_no,
                                      Parcel.weight_g)
                               .where(Parcel.order_id.in_(chunk), Parcel.pack_no == 1)):
                o = self.orders.get(p.order_id)
                if o is None:
                    continue
                o.parcel_id, o.carrier, o.tier = p.id, p.carrier_code or "", p.tier_code or ""
                o.account_id, o.waybill_no, o.typed_g = p.account_id, p.waybill_no or "", \
                    p.weight_g
                parcels[p.id] = o
            if parcels:
                pids = list(parcels)
                for pid, preset in s.execute(select(ParcelShipping.parcel_id,
                                                    ParcelShipping.preset)
                                             .where(ParcelShipping.parcel_id.in_(pids))):
                    parcels[pid].preset = preset or ""
                for (pid,) in s.execute(select(WaybillRequest.parcel_id).where(
                        WaybillRequest.parcel_id.in_(pids), WaybillRequest.kind == "create",
                        WaybillRequest.state == "pending")):
                    parcels[pid].pending = True

    def _load_ranges(self, s: Session) -> None:
        """Areas a platform said a carrier does not serve (cached answers)."""
        self.out_areas: dict[tuple[str, str], dict[str, str]] = {}
        rows = s.execute(select(WaybillAccount.platform, WaybillAccount.carrier_code,
                                RangeCache.area, RangeCache.reason)
                         .join(WaybillAccount, WaybillAccount.id == RangeCache.account_id)
                         .where(RangeCache.served.is_(False)))
        for platform, carrier, area, reason in rows:
            self.out_areas.setdefault((platform, carrier), {})[area] = reason

    # -------------------------------------------------------------- per order
    def origin(self, o: _Order) -> Place:
        shop = self.shops.get(o.shop_id)
        if shop is not None and shop.sender_province:
            return Place(self.geo.province(shop.sender_province), shop.sender_city or "")
        return self.default_origin

    def tier_asked(self, o: _Order) -> str:
        values = [str(v) for v in (o.extra or {}).values() if v]
        if not values:
            return ""
        text = " ".join(values)
        for code, words in self.markers.items():
            if code in self.tiers and any(w in text for w in words):
                return code
        return ""

    def weight(self, o: _Order, preset: str) -> Weight:
        table = {**self.weights.get(0, {}), **self.weights.get(o.shop_id, {})}
        return parcel_weight(o.items, table, tare_g=self.presets.get(preset, 0),
                             typed_g=o.typed_g)

    def card(self, shop_id: int, carrier: str) -> RateCard | None:
        return (self.cards.get((shop_id, carrier)) or self.cards.get((0, carrier))
                or self.defaults.get(carrier))

    def out_reason(self, o: _Order, carrier: str) -> str:
        if o.platform not in self.available:  # on the sandbox: its own coverage list
            hit = catalogue.out_of_range(carrier, o.province, o.city, o.district)
            if hit is not None:
                reasons = catalogue.error_messages().get("out_of_range_reasons", {})
                return reasons.get(str(hit.reason), "the carrier cannot serve this address")
            return ""
        areas = self.out_areas.get((o.platform, carrier))
        if areas:
            for area in (area_key(o.province, o.city, o.district, o.street),
                         area_key(o.province, o.city, o.district, "")):
                if area in areas:
                    return areas[area] or "the carrier does not deliver to this address"
        return ""

    def _plans(self, origin: Place, dest: Place, platform: str) -> list[tuple[str, str, str,
                                                                               Plan]]:
        """(carrier, tier, label, plan) for a route, computed once per batch."""
        key = (origin, dest, platform)
        got = self._plan_cache.get(key)
        if got is None:
            got = []
            for code in self.carriers:
                c = catalogue.carrier(code)
                for tcode, spec in self.tiers.items():
                    got.append((code, tcode, f"{c.short} · {spec.name_for(code)}",
                                plan(spec, code, origin, dest, geo=self.geo,
                                     carrier_transit=c.transit_days or {}, platform=platform,
                                     dispatch_cutoff=self.cutoff, closed=self.closed,
                                     carrier_label=c.short)))
            self._plan_cache[key] = got
        return got

    def options(self, o: _Order, preset: str) -> list[Option]:
        w = self.weight(o, preset)
        origin, dest = self.origin(o), Place(o.province, o.city)
        zone = self.geo.zone(origin, dest)
        local = to_local(o.paid_at or self.now)
        paid_day, paid_time = local.date(), local.time().replace(tzinfo=None)
        avail = self.available.get(o.platform)
        pname = catalogue.platform(o.platform).name
        blocks: dict[str, str] = {}
        freights: dict[str, tuple[Quote | None, str]] = {}
        for code in self.carriers:
            short = catalogue.carrier(code).short
            if avail is not None and code not in avail:
                blocks[code] = f"no {pname} e-waybill account for {short}"
            else:
                why = self.out_reason(o, code)
                blocks[code] = f"{short}: {why}" if why else ""
            card = self.card(o.shop_id, code)
            if card is None:
                freights[code] = (None, f"no rate card for {short}")
                continue
            try:
                freights[code] = (quote(card, zone, o.province, w.grams), "")
            except NoRate as exc:
                freights[code] = (None, str(exc))
        out: list[Option] = []
        for code, tcode, label, pl in self._plans(origin, dest, o.platform):
            block = blocks[code]
            if block:
                out.append(Option(code, tcode, False, reason=block, label=label))
                continue
            if not pl.eligible:
                out.append(Option(code, tcode, False, reason=pl.reason, label=label))
                continue
            by = pl.deliver_by(paid_day, paid_time)
            fq, price_note = freights[code]
            if fq is None:
                out.append(Option(code, tcode, True, None, by, label=label,
                                  cost_detail=price_note))
                continue
            spec = self.tiers[tcode]
            fee = spec.fee(fq.freight_fen)
            cost = max(0, fq.freight_fen + fee)
            detail = fq.detail + (f" + {spec.name} {_yuan(fee)}" if fee else "")
            out.append(Option(code, tcode, True, cost, by, label=label, cost_detail=detail))
        return out

    def promise_text(self, o: _Order, carrier: str, tier: str) -> str:
        """How the promised date of one option was reached (for the chosen one only)."""
        origin, dest = self.origin(o), Place(o.province, o.city)
        for code, tcode, _, pl in self._plans(origin, dest, o.platform):
            if (code, tcode) == (carrier, tier):
                return pl.at(o.paid_at or self.now).reason
        return ""

    def facts(self, o: _Order) -> OrderFacts:
        w = self.weight(o, "")
        return OrderFacts(o.id, o.platform, o.shop_id, o.province, o.city,
                          tuple(sku for sku, _ in o.items), w.grams if w.source != "none"
                          else None, o.amount_fen, o.message, self.tier_asked(o))

    def problem(self, o: _Order, carrier: str, tier: str) -> str:
        if o.status in {st.value for st in STOPPED}:
            return f"order is {o.status}: it must not ship"
        if o.waybill_no and (carrier, tier) != (o.carrier, o.tier):
            return (f"already has waybill {o.waybill_no}: void it first to change the "
                    f"carrier or tier")
        if o.pending and carrier != o.carrier:
            return ("a waybill request for this parcel is still unanswered: allocate again "
                    "to recover its number before changing the carrier")
        return ""


def insert_parcels(s: Session, orders: Sequence[tuple[int, int]], now: datetime,
                   carrier: str = "") -> dict[int, int]:
    """Pack-1 parcels for (order id, shop id) pairs, in bulk: one executemany INSERT and one
    SELECT for the ids (SQLite would run INSERT … RETURNING once per row)."""
    if not orders:
        return {}
    s.execute(insert(Parcel), [{"shop_id": shop, "order_id": oid, "pack_no": 1,
                                "pack_total": 1, "carrier_code": carrier,
                                "tier_code": "standard", "created_at": now}
                               for oid, shop in orders])
    made: dict[int, int] = {}
    ids = [oid for oid, _ in orders]
    for chunk in _chunks(ids):
        made.update({oid: pid for oid, pid in s.execute(
            select(Parcel.order_id, Parcel.id).where(Parcel.order_id.in_(chunk),
                                                     Parcel.pack_no == 1))})
    s.execute(insert(ParcelOrder), [{"parcel_id": made[oid], "order_id": oid} for oid in ids])
    return made


def area_key(province: str, city: str, district: str, street: str) -> str:
    return "|".join((province, city, district, street))[:200]


def _weight_note(w: Weight) -> str:
    if w.source == "typed":
        return "weighed"
    if w.source == "none":
        return "weight unknown: priced at the first weight; add SKU weights or weigh it"
    if w.missing:
        return f"no weight for SKU {', '.join(s or '(none)' for s in w.missing)}"
    return "from SKU weights"


def _assignment(ctx: _Context, o: _Order, d: Decision) -> Assignment:
    w = ctx.weight(o, d.preset)
    base = dict(order_id=o.id, platform_order_id=o.platform_order_id, platform=o.platform,
                weight_g=w.grams if w.source != "none" else None, weight_note=_weight_note(w),
                current_carrier=o.carrier, current_tier=o.tier,
                zone=ctx.geo.zone(ctx.origin(o), Place(o.province, o.city)))
    if not d.ok or d.option is None:
        return Assignment(ok=False, strategy=d.strategy, explanation=d.explanation,
                          preset=d.preset, problem=d.explanation, **base)
    opt = d.option
    return Assignment(ok=True, carrier=d.carrier, tier=d.tier, preset=d.preset,
                      cost_fen=opt.cost_fen, cost_detail=opt.cost_detail,
                      promise_date=opt.deliver_by,
                      promise_detail=ctx.promise_text(o, d.carrier, d.tier),
                      rule_id=d.rule_id, rule_name=d.rule_name, strategy=d.strategy,
                      explanation=d.explanation, problem=ctx.problem(o, d.carrier, d.tier),
                      **base)


# ------------------------------------------------------------------------ use cases
def preview(ws: Workspace, order_ids: Sequence[int], *,
            strategy: str | None = None) -> list[Assignment]:
    """What rules and the strategy would choose for each order, and why. Writes nothing."""
    ctx = _Context(ws, order_ids)
    out = []
    for oid in dict.fromkeys(order_ids):
        o = ctx.orders.get(oid)
        if o is None:
            out.append(Assignment(oid, str(oid), "", False, problem="no such order"))
            continue
        cache: dict[str, list[Option]] = {}

        def options_for(preset: str, o: _Order = o, cache: dict = cache) -> list[Option]:
            if preset not in cache:
                cache[preset] = ctx.options(o, preset)
            return cache[preset]

        d = decide(ctx.rules, ctx.facts(o), options_for,
                   default_strategy=strategy or ctx.strategy, tier_names=ctx.tier_names)
        out.append(_assignment(ctx, o, d))
    return out


def apply(ws: Workspace, order_ids: Sequence[int] | None = None, *,
          assignments: Sequence[Assignment] | None = None,
          strategy: str | None = None) -> ApplySummary:
    """Apply a preview (as shown) or a fresh one. Rows with a problem are skipped and said
    so; anything that changed since the preview (a number was issued meanwhile) is
    re-checked inside the transaction."""
    if assignments is None:
        if order_ids is None:
            raise ValueError("give order ids or a preview")
        assignments = preview(ws, order_ids, strategy=strategy)
    return _write(ws, assignments, "assign")


def _write(ws: Workspace, rows: Sequence[Assignment], action: str,
           accounts: Mapping[int, int] | None = None) -> ApplySummary:
    summary = ApplySummary()
    todo: list[Assignment] = []
    for a in rows:
        if a.applicable:
            todo.append(a)
        else:
            summary.skipped.append({"order": a.platform_order_id,
                                    "message": a.problem or a.explanation})
    if not todo:
        return summary
    now = ws.clock()
    ids = [a.order_id for a in todo]
    with transaction(ws.write) as s:
        current: dict[int, tuple] = {}
        shop_of: dict[int, int] = {}
        for chunk in _chunks(ids):
            for r in s.execute(select(Parcel.order_id, Parcel.id, Parcel.carrier_code,
                                      Parcel.tier_code, Parcel.waybill_no, Parcel.account_id)
                               .where(Parcel.order_id.in_(chunk), Parcel.pack_no == 1)):
                current[r.order_id] = (r.id, r.carrier_code, r.tier_code, r.waybill_no,
                                       r.account_id)
            shop_of.update(s.execute(select(Order.id, Order.shop_id)
                                     .where(Order.id.in_(chunk))).all())
        missing = [oid for oid in ids if oid not in current and oid in shop_of]
        if missing:
            made = insert_parcels(s, [(oid, shop_of[oid]) for oid in missing], now)
            for oid, pid in made.items():
                current[oid] = (pid, "", "standard", None, None)
        pending = set()
        pids = [v[0] for v in current.values()]
        for chunk in _chunks(pids):
            pending.update(s.scalars(select(WaybillRequest.parcel_id).where(
                WaybillRequest.parcel_id.in_(chunk), WaybillRequest.kind == "create",
                WaybillRequest.state == "pending")))
        updates, records, touched = [], [], []
        for a in todo:
            cur = current.get(a.order_id)
            if cur is None:
                summary.skipped.append({"order": a.platform_order_id, "message": "no such order"})
                continue
            pid, c_carrier, c_tier, waybill, acc_id = cur
            want_acc = (accounts or {}).get(a.order_id)
            if waybill and (a.carrier, a.tier) != (c_carrier, c_tier):
                summary.skipped.append({"order": a.platform_order_id, "message":
                                        f"already has waybill {waybill}: void it first to "
                                        f"change the carrier or tier"})
                continue
            if pid in pending and a.carrier != c_carrier:
                summary.skipped.append({"order": a.platform_order_id, "message":
                                        "a waybill request for this parcel is still "
                                        "unanswered: allocate again first"})
                continue
            if (a.carrier, a.tier) == (c_carrier, c_tier) and want_acc in (None, acc_id):
                summary.unchanged += 1
            else:
                summary.applied += 1
            new_acc = want_acc if want_acc is not None else (
                acc_id if a.carrier == c_carrier else None)
            if not waybill:
                updates.append({"id": pid, "carrier_code": a.carrier, "tier_code": a.tier,
                                "account_id": new_acc})
            touched.append(pid)
            summary.cost_fen += a.cost_fen or 0
            records.append({
                "parcel_id": pid, "preset": a.preset, "rule_id": a.rule_id,
                "rule_name": a.rule_name[:64], "strategy": a.strategy,
                "explanation": a.explanation, "cost_fen": a.cost_fen,
                "cost_detail": a.cost_detail[:200], "weight_g": a.weight_g,
                "promise_date": a.promise_date, "promise_detail": a.promise_detail[:200],
                "range_state": "", "range_reason": "", "assigned_at": now,
                "assigned_by": ws.operator})
        if updates:
            s.execute(update(Parcel), updates)
        for chunk in _chunks(touched):
            s.execute(delete(ParcelShipping).where(ParcelShipping.parcel_id.in_(chunk)))
        if records:
            s.execute(insert(ParcelShipping), records)
        ws.audit(s, f"shipping_{action}", "batch", "", count=len(records),
                 applied=summary.applied, skipped=len(summary.skipped))
    return summary


def set_shipping(ws: Workspace, order_ids: Sequence[int], *, carrier: str,
                 tier: str = "standard", preset: str | None = None,
                 account_id: int | None = None) -> ApplySummary:
    """Choose carrier and tier by hand. The choice must be offered for the order (tier
    rules, platform accounts, coverage) and, with an account, obey the binding rule."""
    code = catalogue.carrier(carrier).code
    spec = catalogue.tier(tier)
    ctx = _Context(ws, order_ids)
    account = None
    if account_id is not None:
        with ws.read() as s:
            account = s.get(WaybillAccount, account_id)
        if account is None:
            raise ValueError(f"no e-waybill account #{account_id}")
        if account.carrier_code != code:
            raise ValueError(f"account #{account_id} is a "
                             f"{catalogue.carrier(account.carrier_code).short} account, not "
                             f"{catalogue.carrier(code).short}")
    rows: list[Assignment] = []
    accounts: dict[int, int] = {}
    who = f" by {ws.operator}" if ws.operator else ""
    for oid in dict.fromkeys(order_ids):
        o = ctx.orders.get(oid)
        if o is None:
            rows.append(Assignment(oid, str(oid), "", False, problem="no such order"))
            continue
        use_preset = o.preset if preset is None else preset
        if use_preset and use_preset not in ctx.presets:
            raise ValueError(f"no package preset named 「{use_preset}」")
        opt = next((x for x in ctx.options(o, use_preset)
                    if x.carrier == code and x.tier == spec.code), None)
        w = ctx.weight(o, use_preset)
        base = dict(order_id=o.id, platform_order_id=o.platform_order_id, platform=o.platform,
                    current_carrier=o.carrier, current_tier=o.tier, preset=use_preset,
                    weight_g=w.grams if w.source != "none" else None,
                    weight_note=_weight_note(w))
        if opt is None or not opt.eligible:
            why = opt.reason if opt else f"{spec.name} by {code} is not offered"
            rows.append(Assignment(ok=False, strategy="manual", explanation=why, problem=why,
                                   **base))
            continue
        if account is not None:
            bad = binding_problem(o.platform, account)
            if bad:
                rows.append(Assignment(ok=False, strategy="manual", explanation=bad,
                                       problem=bad, **base))
                continue
            accounts[o.id] = account.id
        rows.append(Assignment(
            ok=True, carrier=code, tier=spec.code, cost_fen=opt.cost_fen,
            cost_detail=opt.cost_detail, promise_date=opt.deliver_by,
            promise_detail=ctx.promise_text(o, code, spec.code), strategy="manual",
            explanation=f"set by hand{who} → {opt.text()}",
            problem=ctx.problem(o, code, spec.code), **base))
    return _write(ws, rows, "manual", accounts)


def shipping_options(ws: Workspace, order_id: int, *, preset: str | None = None) -> OrderOptions:
    """Every carrier × tier for one order: cost, promised date, or why not offered.
    Offered ones first, cheapest first."""
    ctx = _Context(ws, [order_id])
    o = ctx.orders.get(order_id)
    if o is None:
        raise ValueError("no such order")
    use_preset = o.preset if preset is None else preset
    opts = ctx.options(o, use_preset)
    w = ctx.weight(o, use_preset)
    views = [OptionView(x.carrier, catalogue.carrier(x.carrier).short, x.tier,
                        catalogue.tier(x.tier).name_for(x.carrier), x.eligible, x.cost_fen,
                        x.cost_detail, x.deliver_by,
                        ctx.promise_text(o, x.carrier, x.tier) if x.eligible else "", x.reason)
             for x in opts]
    views.sort(key=lambda v: (not v.eligible, v.cost_fen if v.cost_fen is not None else 1 << 62,
                              v.deliver_by or date.max))
    return OrderOptions(o.id, o.platform_order_id, o.platform,
                        ctx.geo.zone(ctx.origin(o), Place(o.province, o.city)),
                        w.grams if w.source != "none" else None, _weight_note(w), o.carrier,
                        o.tier, use_preset, o.waybill_no, tuple(views))


def set_weight(ws: Workspace, order_id: int, grams: int | None) -> None:
    """Type in a parcel's weight (grams); None goes back to the SKU weight table."""
    if grams is not None and (isinstance(grams, bool) or not isinstance(grams, int)
                              or grams <= 0):
        raise ValueError("a weight is whole grams, more than 0")
    with transaction(ws.write) as s:
        order = s.get(Order, order_id)
        if order is None:
            raise ValueError("no such order")
        parcel = s.scalar(select(Parcel).where(Parcel.order_id == order_id,
                                               Parcel.pack_no == 1))
        if parcel is None:
            parcel = Parcel(shop_id=order.shop_id, order_id=order_id, pack_no=1, pack_total=1,
                            carrier_code="", created_at=ws.clock())
            s.add(parcel)
            s.flush()
            s.add(ParcelOrder(parcel_id=parcel.id, order_id=order_id))
        parcel.weight_g = grams
        ws.audit(s, "parcel_weight", "parcel", str(parcel.id))


def shipping_info(ws: Workspace, order_ids: Sequence[int]) -> dict[int, ShippingInfo]:
    """The recorded choice of each order's parcel (for table columns and tooltips)."""
    out: dict[int, ShippingInfo] = {}
    with ws.read() as s:
        for chunk in _chunks(list(order_ids)):
            for r in s.execute(
                    select(Parcel.order_id, Parcel.carrier_code, Parcel.tier_code,
                           ParcelShipping.preset, ParcelShipping.cost_fen,
                           ParcelShipping.promise_date, ParcelShipping.strategy,
                           ParcelShipping.explanation, ParcelShipping.range_state,
                           ParcelShipping.range_reason)
                    .outerjoin(ParcelShipping, ParcelShipping.parcel_id == Parcel.id)
                    .where(Parcel.order_id.in_(chunk), Parcel.pack_no == 1)):
                out[r.order_id] = ShippingInfo(r.order_id, r.carrier_code or "",
                                               r.tier_code or "", r.preset or "", r.cost_fen,
                                               r.promise_date, r.strategy or "",
                                               r.explanation or "", r.range_state or "",
                                               r.range_reason or "")
    return out
