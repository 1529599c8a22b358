"""Shipping rules: ordered conditions → carrier, tier and package, and the reason why.

Evaluation, for one order:

1. Enabled rules are tried in order. A rule whose conditions all hold *matches*.
2. A matching rule that only names a package preset sets it and evaluation goes on.
3. A matching rule that names a carrier and/or a tier (or a set of carriers, or a
   strategy) picks the best eligible option within what it names — cheapest unless it
   says fastest. If none is eligible, the miss is noted and the next rule is tried.
4. When no rule picked, the default strategy ("cheapest" or "fastest" eligible) picks
   among every eligible option; a tier the buyer asked for is honoured when any carrier
   offers it here.

Every decision carries an explanation a seller can read: which rule (with the conditions
that held) or which strategy chose, the cost and the promised date, and what was passed
over. Buyer messages never appear in explanations, only the rule's own keyword.
Standard library only.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.core.tiers import same_city

__all__ = [
    "STRATEGIES",
    "Action",
    "Conditions",
    "Decision",
    "Option",
    "OrderFacts",
    "Rule",
    "best",
    "decide",
]

STRATEGIES = ("cheapest", "fastest")


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    y, f = divmod(abs(fen), 100)
    return f"{sign}¥{y}.{f:02d}"


def _kg(g: int) -> str:
    return f"{g / 1000:g} kg"


def _prov_key(name: str) -> str:
    n = (name or "").strip()
    return n[:3] if n.startswith(("内蒙古", "黑龙江")) else n[:2]


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """What rules look at, for one order (the buyer's message stays inside matching)."""

    order_id: int
    platform: str
    shop_id: int
    province: str
    city: str
    skus: tuple[str, ...] = ()  # SKU / merchant codes of the items
    weight_g: int | None = None
    amount_fen: int = 0
    message: str = field(default="", repr=False)
    tier_asked: str = ""


@dataclass(frozen=True, slots=True)
class Conditions:
    """All given conditions must hold; an empty set of conditions always holds."""

    platforms: frozenset[str] = frozenset()
    shop_ids: frozenset[int] = frozenset()
    provinces: frozenset[str] = frozenset()
    cities: frozenset[str] = frozenset()
    skus: tuple[str, ...] = ()  # exact codes or globs (FD-*), any item matching is enough
    weight_min_g: int | None = None  # inclusive
    weight_max_g: int | None = None  # inclusive
    amount_min_fen: int | None = None  # inclusive
    amount_max_fen: int | None = None  # inclusive
    keywords: tuple[str, ...] = ()  # any of them in the buyer's message
    tiers_asked: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, d: Mapping) -> Conditions:
        def ints(key: str) -> int | None:
            v = d.get(key)
            if v is None or v == "":
                return None
            if isinstance(v, bool) or not isinstance(v, int):
                raise ValueError(f"rule condition {key} must be a whole number, not {v!r}")
            return v

        return cls(
            platforms=frozenset(d.get("platforms") or ()),
            shop_ids=frozenset(int(x) for x in d.get("shop_ids") or ()),
            provinces=frozenset(d.get("provinces") or ()),
            cities=frozenset(d.get("cities") or ()),
            skus=tuple(d.get("skus") or ()),
            weight_min_g=ints("weight_min_g"), weight_max_g=ints("weight_max_g"),
            amount_min_fen=ints("amount_min_fen"), amount_max_fen=ints("amount_max_fen"),
            keywords=tuple(k for k in (d.get("keywords") or ()) if k),
            tiers_asked=frozenset(d.get("tiers_asked") or ()),
        )

    def as_data(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key in ("platforms", "provinces", "cities", "tiers_asked"):
            v = getattr(self, key)
            if v:
                out[key] = sorted(v)
        if self.shop_ids:
            out["shop_ids"] = sorted(self.shop_ids)
        for key in ("skus", "keywords"):
            v = getattr(self, key)
            if v:
                out[key] = list(v)
        for key in ("weight_min_g", "weight_max_g", "amount_min_fen", "amount_max_fen"):
            v = getattr(self, key)
            if v is not None:
                out[key] = v
        return out

    def matches(self, f: OrderFacts) -> list[str] | None:
        """The conditions that held, in words; None as soon as one does not."""
        held: list[str] = []
        if self.platforms:
            if f.platform not in self.platforms:
                return None
            held.append(f"platform {f.platform}")
        if self.shop_ids:
            if f.shop_id not in self.shop_ids:
                return None
            held.append("shop")
        if self.provinces:
            key = _prov_key(f.province)
            if not key or key not in {_prov_key(p) for p in self.provinces}:
                return None
            held.append(f"province {f.province}")
        if self.cities:
            if not any(same_city(f.city, c) for c in self.cities):
                return None
            held.append(f"city {f.city}")
        if self.skus:
            hit = next((s for s in f.skus for p in self.skus
                        if s and fnmatch.fnmatchcase(s.upper(), p.upper())), None)
            if hit is None:
                return None
            held.append(f"SKU {hit}")
        if self.weight_min_g is not None or self.weight_max_g is not None:
            w = f.weight_g
            if w is None:
                return None
            if self.weight_min_g is not None and w < self.weight_min_g:
                return None
            if self.weight_max_g is not None and w > self.weight_max_g:
                return None
            lo = _kg(self.weight_min_g) if self.weight_min_g is not None else "0"
            hi = _kg(self.weight_max_g) if self.weight_max_g is not None else "∞"
            held.append(f"weight {_kg(w)} in {lo}–{hi}")
        if self.amount_min_fen is not None or self.amount_max_fen is not None:
            a = f.amount_fen
            if self.amount_min_fen is not None and a < self.amount_min_fen:
                return None
            if self.amount_max_fen is not None and a > self.amount_max_fen:
                return None
            held.append(f"amount {_yuan(a)}")
        if self.keywords:
            msg = (f.message or "").casefold()
            kw = next((k for k in self.keywords if k.casefold() in msg), None)
            if kw is None:
                return None
            held.append(f"buyer message has 「{kw}」")
        if self.tiers_asked:
            if f.tier_asked not in self.tiers_asked:
                return None
            held.append(f"buyer asked for {f.tier_asked}")
        return held or ["always"]


@dataclass(frozen=True, slots=True)
class Action:
    carrier: str = ""
    tier: str = ""
    preset: str = ""
    strategy: str = ""  # "" | cheapest | fastest
    carriers: tuple[str, ...] = ()  # choose among these (with the strategy)

    def __post_init__(self) -> None:
        if self.strategy and self.strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {self.strategy!r}: use cheapest or fastest")

    @property
    def chooses(self) -> bool:
        return bool(self.carrier or self.tier or self.strategy or self.carriers)

    @classmethod
    def from_data(cls, d: Mapping) -> Action:
        return cls(carrier=d.get("carrier", "") or "", tier=d.get("tier", "") or "",
                   preset=d.get("preset", "") or "", strategy=d.get("strategy", "") or "",
                   carriers=tuple(d.get("carriers") or ()))

    def as_data(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key in ("carrier", "tier", "preset", "strategy"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.carriers:
            out["carriers"] = list(self.carriers)
        return out


@dataclass(frozen=True, slots=True)
class Rule:
    id: int
    name: str
    conditions: Conditions
    action: Action
    enabled: bool = True
    position: int = 0  # as the seller sees the list (1 = first); 0: use the id


@dataclass(frozen=True, slots=True)
class Option:
    """One carrier + tier for one parcel, priced and dated, or why it is not offered."""

    carrier: str
    tier: str
    eligible: bool
    cost_fen: int | None = None
    deliver_by: date | None = None
    reason: str = ""  # why not offered
    label: str = ""  # 中通 · 标准快递
    cost_detail: str = ""
    promise_detail: str = ""

    def text(self) -> str:
        bits = [self.label or f"{self.carrier} {self.tier}"]
        if self.cost_fen is not None:
            bits.append(_yuan(self.cost_fen))
        if self.deliver_by is not None:
            bits.append(f"by {self.deliver_by.month:02d}-{self.deliver_by.day:02d}")
        return ", ".join(bits)


@dataclass(frozen=True, slots=True)
class Decision:
    order_id: int
    ok: bool
    carrier: str = ""
    tier: str = ""
    preset: str = ""
    rule_id: int | None = None
    rule_name: str = ""
    strategy: str = ""  # rule | cheapest | fastest | manual
    explanation: str = ""
    option: Option | None = None


_FAR = date.max


def _key_cheapest(o: Option, i: int) -> tuple:
    return (o.cost_fen if o.cost_fen is not None else 1 << 62, o.deliver_by or _FAR, i)


def _key_fastest(o: Option, i: int) -> tuple:
    return (o.deliver_by or _FAR, o.cost_fen if o.cost_fen is not None else 1 << 62, i)


def best(options: Sequence[Option], strategy: str) -> list[Option]:
    """Eligible options, best first by the strategy (ties: the other measure, then order)."""
    key = _key_fastest if strategy == "fastest" else _key_cheapest
    ranked = [(key(o, i), o) for i, o in enumerate(options) if o.eligible]
    ranked.sort(key=lambda t: t[0])
    return [o for _, o in ranked]


def _filter(options: Iterable[Option], carriers: set[str] | None,
            tiers: set[str] | None) -> list[Option]:
    return [o for o in options
            if (carriers is None or o.carrier in carriers) and (tiers is None or o.tier in tiers)]


def _runner_up(ranked: list[Option], strategy: str) -> str:
    if len(ranked) < 2:
        return ""
    nxt = ranked[1]
    return f" (next: {nxt.text()})"


def decide(rules: Sequence[Rule], facts: OrderFacts,
           options_for: Callable[[str], Sequence[Option]], *,
           default_strategy: str = "cheapest",
           tier_names: Mapping[str, str] | None = None) -> Decision:
    """Choose a carrier and tier for one order, with the reason. ``options_for(preset)``
    gives every carrier × tier option priced for that package preset."""
    names = tier_names or {}
    notes: list[str] = []
    preset = ""
    preset_rule = ""
    asked = facts.tier_asked
    for rule in rules:
        if not rule.enabled:
            continue
        held = rule.conditions.matches(facts)
        if held is None:
            continue
        title = f"rule {rule.position or rule.id} 「{rule.name}」"
        act = rule.action
        if act.preset and not preset:
            preset, preset_rule = act.preset, title
        if not act.chooses:
            notes.append(f"package 「{act.preset}」 from {title}")
            continue
        carriers = ({act.carrier} if act.carrier else set(act.carriers) or None)
        tiers = {act.tier} if act.tier else ({asked} if asked else None)
        options = options_for(preset)
        scope = _filter(options, carriers, tiers)
        if not act.tier and asked and not any(o.eligible for o in scope):
            scope = _filter(options, carriers, None)  # the asked tier is not offered here
        strategy = act.strategy or "cheapest"
        ranked = best(scope, strategy)
        if not ranked:
            why = "; ".join(dict.fromkeys(o.reason for o in scope if o.reason)) or \
                "nothing it names is offered"
            notes.append(f"{title} matched but had no eligible option: {why}")
            continue
        pick = ranked[0]
        how = "" if (act.carrier and act.tier) else f", {strategy} of {len(ranked)} eligible"
        text = f"{title} ({'; '.join(held)}) → {pick.text()}{how}"
        if asked and pick.tier != asked:
            text += f"; buyer asked for {names.get(asked, asked)}"
        if preset and preset_rule != title:
            notes.append(f"package 「{preset}」 from {preset_rule}")
        elif preset:
            text += f"; package 「{preset}」"
        return Decision(facts.order_id, True, pick.carrier, pick.tier, preset, rule.id,
                        rule.name, "rule", "; ".join([text, *notes]), pick)

    strategy = default_strategy if default_strategy in STRATEGIES else "cheapest"
    options = options_for(preset)
    scope = _filter(options, None, {asked}) if asked else list(options)
    ranked = best(scope, strategy)
    lead = "no rule chose"
    if asked and not ranked:
        notes.append(f"buyer asked for {names.get(asked, asked)} but no carrier offers it here")
        ranked = best(options, strategy)
    if not ranked:
        why = "; ".join(dict.fromkeys(o.reason for o in options if o.reason)) or "no options"
        return Decision(facts.order_id, False, preset=preset, strategy=strategy,
                        explanation="; ".join([f"{lead}; no eligible carrier and tier: {why}",
                                               *notes]))
    pick = ranked[0]
    text = (f"{lead}; {strategy} eligible of {len(ranked)} → {pick.text()}"
            f"{_runner_up(ranked, strategy)}")
    return Decision(facts.order_id, True, pick.carrier, pick.tier, preset, None, "", strategy,
                    "; ".join([text, *notes]), pick)
