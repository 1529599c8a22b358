"""Settings of shipping choices: rules, rate cards, SKU weights, package presets, and the
few switches (default strategy, daily dispatch cut-off, carriers in use, origin).

Rules, cards and weights are validated here, so a page can show the message as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update

from app.carriers import catalogue
from app.core.rates import RateCard, RateLine
from app.core.rules import STRATEGIES, Action, Conditions
from app.core.tiers import ZONES, parse_hhmm
from app.services.operators import require
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models_carriers import PackagePreset, RateCardRow, ShippingRule, SkuWeight

S_STRATEGY = "shipping.default_strategy"
S_CUTOFF = "shipping.dispatch_cutoff"
S_CARRIERS = "shipping.carriers"
S_ORIGIN = "shipping.origin"  # "province|city" when the shop has no sender address


class SettingsError(ValueError):
    """A rule, card or weight cannot be saved as given; the message says why."""


# ------------------------------------------------------------------------ switches
@dataclass(frozen=True, slots=True)
class ShippingSettings:
    default_strategy: str
    dispatch_cutoff: str  # HH:MM
    carriers: tuple[str, ...]  # carriers in use, in the seller's order
    origin_province: str
    origin_city: str


def get_settings(ws: Workspace) -> ShippingSettings:
    cutoff = catalogue.dispatch_cutoff()
    raw = ws.setting(S_CARRIERS, "")
    codes = tuple(c for c in raw.split(",") if c in catalogue.carriers()) if raw else \
        tuple(catalogue.carriers())
    origin = ws.setting(S_ORIGIN, "|").split("|") + ["", ""]
    return ShippingSettings(
        default_strategy=ws.setting(S_STRATEGY, "cheapest"),
        dispatch_cutoff=ws.setting(S_CUTOFF, f"{cutoff.hour:02d}:{cutoff.minute:02d}"),
        carriers=codes, origin_province=origin[0], origin_city=origin[1])


def save_settings(ws: Workspace, *, default_strategy: str | None = None,
                  dispatch_cutoff: str | None = None, carriers: Iterable[str] | None = None,
                  origin: tuple[str, str] | None = None) -> ShippingSettings:
    require(ws, "settings")
    if default_strategy is not None:
        if default_strategy not in STRATEGIES:
            raise SettingsError(f"unknown strategy {default_strategy!r}: cheapest or fastest")
        ws.set_setting(S_STRATEGY, default_strategy)
    if dispatch_cutoff is not None:
        t = parse_hhmm(dispatch_cutoff)
        ws.set_setting(S_CUTOFF, f"{t.hour:02d}:{t.minute:02d}")
    if carriers is not None:
        codes = [catalogue.carrier(c).code for c in carriers]
        if not codes:
            raise SettingsError("keep at least one carrier in use")
        ws.set_setting(S_CARRIERS, ",".join(dict.fromkeys(codes)))
    if origin is not None:
        ws.set_setting(S_ORIGIN, f"{origin[0]}|{origin[1]}")
    return get_settings(ws)


# ------------------------------------------------------------------------ rules
@dataclass(frozen=True, slots=True)
class RuleView:
    id: int
    position: int
    name: str
    enabled: bool
    conditions: Conditions
    action: Action
    summary: str


def describe_conditions(c: Conditions) -> str:
    parts = []
    if c.platforms:
        parts.append("平台=" + "/".join(catalogue.platform(p).name for p in sorted(c.platforms)))
    if c.shop_ids:
        parts.append("店铺#" + "/".join(str(i) for i in sorted(c.shop_ids)))
    if c.provinces:
        parts.append("省=" + "/".join(sorted(c.provinces)))
    if c.cities:
        parts.append("市=" + "/".join(sorted(c.cities)))
    if c.skus:
        parts.append("SKU=" + "/".join(c.skus))
    if c.weight_min_g is not None or c.weight_max_g is not None:
        lo = f"{c.weight_min_g / 1000:g}" if c.weight_min_g is not None else "0"
        hi = f"{c.weight_max_g / 1000:g}" if c.weight_max_g is not None else "∞"
        parts.append(f"重量 {lo}–{hi} kg")
    if c.amount_min_fen is not None or c.amount_max_fen is not None:
        lo = f"{c.amount_min_fen / 100:g}" if c.amount_min_fen is not None else "0"
        hi = f"{c.amount_max_fen / 100:g}" if c.amount_max_fen is not None else "∞"
        parts.append(f"金额 ¥{lo}–{hi}")
    if c.keywords:
        parts.append("留言含 " + "/".join(c.keywords))
    if c.tiers_asked:
        parts.append("要求 " + "/".join(catalogue.tier(t).name for t in sorted(c.tiers_asked)))
    return "，".join(parts) or "全部订单"


def describe_action(a: Action) -> str:
    parts = []
    if a.carrier:
        parts.append(catalogue.carrier(a.carrier).short)
    elif a.carriers:
        parts.append("/".join(catalogue.carrier(c).short for c in a.carriers))
    if a.tier:
        parts.append(catalogue.tier(a.tier).name)
    if a.strategy:
        parts.append({"cheapest": "最便宜", "fastest": "最快"}[a.strategy])
    if a.preset:
        parts.append(f"包装 {a.preset}")
    return " · ".join(parts) or "—"


def _check_rule(name: str, conditions: Conditions, action: Action, presets: set[str]) -> None:
    if not name.strip():
        raise SettingsError("give the rule a name")
    if not action.chooses and not action.preset:
        raise SettingsError("the rule does nothing: choose a carrier, a tier, a strategy or a "
                            "package")
    for code in (action.carrier, *action.carriers):
        if code:
            catalogue.carrier(code)
    if action.tier:
        spec = catalogue.tier(action.tier)
        if action.carrier and spec.carriers is not None and action.carrier not in spec.carriers:
            raise SettingsError(f"{spec.name} is not offered by "
                                f"{catalogue.carrier(action.carrier).short}")
    for t in conditions.tiers_asked:
        catalogue.tier(t)
    if action.preset and action.preset not in presets:
        raise SettingsError(f"no package preset named 「{action.preset}」: add it first")
    for lo, hi, what in ((conditions.weight_min_g, conditions.weight_max_g, "weight"),
                         (conditions.amount_min_fen, conditions.amount_max_fen, "amount")):
        if lo is not None and hi is not None and lo > hi:
            raise SettingsError(f"the {what} range is upside down (from is more than to)")


def _as_conditions(c: Conditions | Mapping) -> Conditions:
    c = c if isinstance(c, Conditions) else Conditions.from_data(c)
    if c.provinces:  # stored as full names, so 浙江 and 浙江省 are one rule
        g = catalogue.geo()
        c = Conditions(**{**{f: getattr(c, f) for f in Conditions.__slots__},  # type: ignore[attr-defined]
                          "provinces": frozenset(g.province(p) for p in c.provinces)})
    return c


def list_rules(ws: Workspace) -> list[RuleView]:
    with ws.read() as s:
        rows = list(s.scalars(select(ShippingRule).order_by(ShippingRule.position,
                                                            ShippingRule.id)))
    out = []
    for i, r in enumerate(rows, 1):
        c, a = Conditions.from_data(r.conditions), Action.from_data(r.action)
        out.append(RuleView(r.id, i, r.name, r.enabled, c, a,
                            f"{describe_conditions(c)} → {describe_action(a)}"))
    return out


def save_rule(ws: Workspace, name: str, conditions: Conditions | Mapping,
              action: Action | Mapping, *, enabled: bool = True, rule_id: int | None = None,
              position: int | None = None) -> int:
    """Add a rule (at the end, or at ``position`` counted from 1) or change one."""
    require(ws, "settings")
    cond = _as_conditions(conditions)
    act = action if isinstance(action, Action) else Action.from_data(action)
    with ws.read() as s:
        presets = set(s.scalars(select(PackagePreset.name)))
    _check_rule(name, cond, act, presets)
    now = ws.clock()
    with transaction(ws.write) as s:
        if rule_id is None:
            last = s.scalar(select(func.max(ShippingRule.position))) or 0
            row = ShippingRule(position=last + 1, name=name.strip()[:64], enabled=enabled,
                               conditions=cond.as_data(), action=act.as_data(),
                               created_at=now, updated_at=now)
            s.add(row)
            s.flush()
        else:
            row = s.get(ShippingRule, rule_id)
            if row is None:
                raise SettingsError(f"no rule #{rule_id}")
            row.name, row.enabled = name.strip()[:64], enabled
            row.conditions, row.action, row.updated_at = cond.as_data(), act.as_data(), now
        ws.audit(s, "rule_save", "shipping_rule", str(row.id))
        rid = row.id
    if position is not None:
        move_rule(ws, rid, position)
    return rid


def delete_rule(ws: Workspace, rule_id: int) -> None:
    require(ws, "settings")
    with transaction(ws.write) as s:
        s.execute(delete(ShippingRule).where(ShippingRule.id == rule_id))
        ws.audit(s, "rule_delete", "shipping_rule", str(rule_id))


def move_rule(ws: Workspace, rule_id: int, position: int) -> None:
    """Put a rule at ``position`` (1 = first); the others keep their order."""
    require(ws, "settings")
    with transaction(ws.write) as s:
        ids = list(s.scalars(select(ShippingRule.id).order_by(ShippingRule.position,
                                                              ShippingRule.id)))
        if rule_id not in ids:
            raise SettingsError(f"no rule #{rule_id}")
        ids.remove(rule_id)
        ids.insert(max(0, min(len(ids), position - 1)), rule_id)
        s.execute(update(ShippingRule), [{"id": i, "position": n}
                                         for n, i in enumerate(ids, 1)])
        ws.audit(s, "rule_move", "shipping_rule", str(rule_id), position=position)


def load_rules(ws: Workspace) -> list:
    """The enabled rules in order, as app.core.rules.Rule."""
    from app.core.rules import Rule

    return [Rule(r.id, r.name, r.conditions, r.action, r.enabled, r.position)
            for r in list_rules(ws) if r.enabled]


# ------------------------------------------------------------------------ rate cards
@dataclass(frozen=True, slots=True)
class RateCardView:
    id: int | None  # None: the built-in default
    shop_id: int
    carrier_code: str
    name: str
    lines: tuple[RateLine, ...]

    @property
    def is_default(self) -> bool:
        return self.id is None

    def card(self) -> RateCard:
        return RateCard(self.carrier_code, self.name, self.lines, self.shop_id, self.id)


def _lines(lines: Iterable[RateLine | Mapping]) -> tuple[RateLine, ...]:
    out = []
    g = catalogue.geo()
    for x in lines:
        try:
            line = x if isinstance(x, RateLine) else RateLine.from_data(x)
        except (KeyError, TypeError, ValueError) as exc:
            raise SettingsError(f"rate line not understood: {exc}") from None
        if line.zone and line.zone != "*" and line.zone not in ZONES:
            raise SettingsError(f"unknown zone {line.zone!r}; zones: {', '.join(ZONES)}, *")
        if line.provinces:
            line = RateLine(line.first_g, line.first_fen, line.step_g, line.step_fen,
                            line.zone, frozenset(g.province(p) for p in line.provinces))
        out.append(line)
    if not out:
        raise SettingsError("a rate card needs at least one line")
    return tuple(out)


def list_rate_cards(ws: Workspace, *, with_defaults: bool = True) -> list[RateCardView]:
    with ws.read() as s:
        rows = list(s.scalars(select(RateCardRow).order_by(RateCardRow.shop_id,
                                                           RateCardRow.carrier_code)))
    out = [RateCardView(r.id, r.shop_id, r.carrier_code, r.name,
                        tuple(RateLine.from_data(x) for x in r.lines)) for r in rows]
    if with_defaults:
        have = {(v.shop_id, v.carrier_code) for v in out}
        for code, card in catalogue.default_rate_cards().items():
            if (0, code) not in have:
                out.append(RateCardView(None, 0, code, card.name, card.lines))
    return out


def save_rate_card(ws: Workspace, carrier_code: str, lines: Iterable[RateLine | Mapping], *,
                   shop_id: int = 0, name: str = "") -> int:
    """Set a shop's (0: every shop's) card for a carrier, replacing the one it had."""
    require(ws, "settings")
    code = catalogue.carrier(carrier_code).code
    parsed = _lines(lines)
    data = [line.as_data() for line in parsed]
    now = ws.clock()
    with transaction(ws.write) as s:
        row = s.scalar(select(RateCardRow).where(RateCardRow.shop_id == shop_id,
                                                 RateCardRow.carrier_code == code))
        if row is None:
            row = RateCardRow(shop_id=shop_id, carrier_code=code, lines=data, updated_at=now,
                              name=name or f"{catalogue.carrier(code).short} 价目")
            s.add(row)
            s.flush()
        else:
            row.lines, row.updated_at = data, now
            if name:
                row.name = name
        ws.audit(s, "rate_card_save", "rate_card", str(row.id), carrier=code, shop=shop_id)
        return row.id


def delete_rate_card(ws: Workspace, card_id: int) -> None:
    require(ws, "settings")
    with transaction(ws.write) as s:
        s.execute(delete(RateCardRow).where(RateCardRow.id == card_id))
        ws.audit(s, "rate_card_delete", "rate_card", str(card_id))


# ------------------------------------------------------------------------ SKU weights
def set_sku_weights(ws: Workspace, weights: Mapping[str, int], *, shop_id: int = 0) -> int:
    """Upsert unit weights (grams) of SKUs / merchant codes; 0 or less removes one."""
    require(ws, "settings")
    clean: dict[str, int] = {}
    for sku, g in weights.items():
        sku = str(sku).strip()
        if not sku:
            continue
        if isinstance(g, bool) or not isinstance(g, int):
            raise SettingsError(f"weight of {sku} must be whole grams, not {g!r}")
        clean[sku[:64]] = g
    with transaction(ws.write) as s:
        existing = {r.sku: r.id for r in s.execute(select(SkuWeight.sku, SkuWeight.id).where(
            SkuWeight.shop_id == shop_id, SkuWeight.sku.in_(list(clean))))}
        gone = [existing[k] for k, g in clean.items() if g <= 0 and k in existing]
        if gone:
            s.execute(delete(SkuWeight).where(SkuWeight.id.in_(gone)))
        upd = [{"id": existing[k], "weight_g": g} for k, g in clean.items()
               if g > 0 and k in existing]
        if upd:
            s.execute(update(SkuWeight), upd)
        new = [{"shop_id": shop_id, "sku": k, "weight_g": g} for k, g in clean.items()
               if g > 0 and k not in existing]
        if new:
            s.execute(insert(SkuWeight), new)
        ws.audit(s, "sku_weights_save", "sku_weight", "", count=len(clean), shop=shop_id)
    return len(clean)


def list_sku_weights(ws: Workspace, shop_id: int | None = None) -> list[tuple[int, str, int]]:
    """(shop_id, sku, grams), every shop's when shop_id is None."""
    stmt = select(SkuWeight.shop_id, SkuWeight.sku, SkuWeight.weight_g).order_by(
        SkuWeight.shop_id, SkuWeight.sku)
    if shop_id is not None:
        stmt = stmt.where(SkuWeight.shop_id == shop_id)
    with ws.read() as s:
        return [tuple(r) for r in s.execute(stmt)]  # type: ignore[misc]


# ------------------------------------------------------------------------ package presets
@dataclass(frozen=True, slots=True)
class PresetView:
    id: int
    name: str
    tare_g: int
    length_mm: int
    width_mm: int
    height_mm: int


def list_presets(ws: Workspace) -> list[PresetView]:
    with ws.read() as s:
        return [PresetView(p.id, p.name, p.tare_g, p.length_mm, p.width_mm, p.height_mm)
                for p in s.scalars(select(PackagePreset).order_by(PackagePreset.name))]


def save_preset(ws: Workspace, name: str, tare_g: int, length_mm: int = 0, width_mm: int = 0,
                height_mm: int = 0) -> int:
    require(ws, "settings")
    name = name.strip()
    if not name:
        raise SettingsError("give the package a name")
    if tare_g < 0:
        raise SettingsError("a package cannot weigh less than nothing")
    with transaction(ws.write) as s:
        row = s.scalar(select(PackagePreset).where(PackagePreset.name == name))
        if row is None:
            row = PackagePreset(name=name[:32])
            s.add(row)
        row.tare_g, row.length_mm, row.width_mm, row.height_mm = (tare_g, length_mm,
                                                                   width_mm, height_mm)
        s.flush()
        ws.audit(s, "preset_save", "package_preset", str(row.id))
        return row.id


def delete_preset(ws: Workspace, name: str) -> None:
    require(ws, "settings")
    with transaction(ws.write) as s:
        s.execute(delete(PackagePreset).where(PackagePreset.name == name))
        ws.audit(s, "preset_delete", "package_preset", name)


# ------------------------------------------------------------------------ the catalogue
@dataclass(frozen=True, slots=True)
class CarrierInfo:
    code: str
    name: str
    short: str
    kuaidi100: str
    platform_codes: Mapping[str, str]
    patterns: tuple[str, ...]
    franchise: bool


@dataclass(frozen=True, slots=True)
class TierInfo:
    code: str
    name: str
    badge: str
    description: str
    carriers: tuple[str, ...] | None  # None: every carrier
    platforms: tuple[str, ...] | None
    fee_fen: int
    fee_pct: int
    cutoff: str  # "" = the shop's dispatch cut-off


@dataclass(frozen=True, slots=True)
class CatalogueView:
    carriers: tuple[CarrierInfo, ...]
    tiers: tuple[TierInfo, ...]
    platforms: tuple[tuple[str, str, str], ...]  # (code, name, e-waybill provider)
    zones: tuple[tuple[str, str], ...]  # (code, name)
    provinces: tuple[str, ...]


def catalogue_view() -> CatalogueView:
    """The carriers, tiers, platforms and zones as the settings pages show them."""
    carriers = tuple(CarrierInfo(c.code, c.name, c.short, c.kuaidi100, dict(c.platform_codes),
                                 tuple(p.pattern for p in c.patterns), c.franchise)
                     for c in catalogue.carriers().values())
    tiers = tuple(TierInfo(t.code, t.name, t.badge, t.description,
                           tuple(sorted(t.carriers)) if t.carriers is not None else None,
                           tuple(sorted(t.platforms)) if t.platforms is not None else None,
                           t.fee_fen, t.fee_pct,
                           f"{t.cutoff.hour:02d}:{t.cutoff.minute:02d}" if t.cutoff else "")
                  for t in catalogue.tiers().values())
    platforms = tuple((p.code, p.name, p.provider) for p in catalogue.platforms().values())
    names = catalogue.zone_names()
    zones = tuple((z, names.get(z, z)) for z in ZONES)
    return CatalogueView(carriers, tiers, platforms, zones, catalogue.geo().provinces)
