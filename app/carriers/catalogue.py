"""The carrier catalogue as data: carriers, platforms, service tiers, zones, default rates.

Everything here is read from resources/ (carriers.json, service_tiers.json, zones.json,
rate_cards.json, waybill_errors.json), so a wrong platform code is an edit of a data file.
The rules that use the data live in app.core (tiers, rates, rules).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, time
from functools import cache

from app.core.rates import RateCard, RateLine
from app.core.tiers import Geo, TierSpec, parse_hhmm
from app.resources import resource

PROVIDER_KINDS = ("sandbox", "douyin", "kuaishou", "pdd", "cainiao")


@dataclass(frozen=True, slots=True)
class SandboxRange:
    prefix: str
    width: int
    start: int


@dataclass(frozen=True, slots=True)
class OutOfRange:
    province: str
    city: str = ""
    district: str = ""
    reason: int = 2  # 1 pickup, 2 delivery, 3 both, 4 address unknown, 5 other


@dataclass(frozen=True)
class Carrier:
    code: str
    name: str
    short: str
    kuaidi100: str
    platform_codes: dict[str, str]
    patterns: tuple[re.Pattern[str], ...]
    sandbox: SandboxRange
    franchise: bool = False
    transit_days: dict[str, int] | None = None
    out_of_range: tuple[OutOfRange, ...] = ()

    def matches(self, waybill_no: str) -> bool:
        return any(p.match(waybill_no) for p in self.patterns)

    def code_on(self, provider: str) -> str:
        """This carrier's code on a platform's e-waybill API (douyin, kuaishou, pdd, cainiao)."""
        try:
            return self.platform_codes[provider]
        except KeyError:
            raise ValueError(f"{self.name} has no code for {provider} in carriers.json") from None


@dataclass(frozen=True, slots=True)
class Platform:
    code: str
    name: str
    provider: str  # the e-waybill API its orders must use ("" when none is built in)
    own_waybill: bool  # its orders must ship on its own e-waybill


def _read(name: str) -> dict:
    return json.loads(resource(name).read_text(encoding="utf-8"))


@cache
def _load() -> tuple[dict[str, Carrier], dict[str, Platform]]:
    data = _read("carriers.json")
    carriers = {}
    for c in data["carriers"]:
        carriers[c["code"]] = Carrier(
            code=c["code"], name=c["name"], short=c["short"], kuaidi100=c["kuaidi100"],
            platform_codes=dict(c["platform_codes"]),
            patterns=tuple(re.compile(p) for p in c["patterns"]),
            sandbox=SandboxRange(**c["sandbox"]), franchise=bool(c.get("franchise")),
            transit_days=dict(c.get("transit_days") or {}),
            out_of_range=tuple(OutOfRange(**o) for o in c.get("out_of_range", ())),
        )
    platforms = {k: Platform(k, v["name"], v.get("provider", ""), bool(v.get("own_waybill")))
                 for k, v in data.get("platforms", {}).items()}
    return carriers, platforms


@cache
def _tiers() -> tuple[dict[str, TierSpec], time, frozenset[date], dict[str, tuple[str, ...]],
                      dict]:
    data = _read("service_tiers.json")
    tiers = {t["code"]: TierSpec.from_data(t) for t in data["tiers"]}
    markers = {k: tuple(v) for k, v in data.get("asked_markers", {}).items()
               if not k.startswith("_")}
    closed = frozenset(date.fromisoformat(d) for d in data.get("closed_dates", ()))
    extras = {t["code"]: {"services": t.get("services", {}), "products": t.get("products", {})}
              for t in data["tiers"]}
    return tiers, parse_hhmm(data.get("dispatch_cutoff", "16:00")), closed, markers, extras


@cache
def geo() -> Geo:
    return Geo.from_data(_read("zones.json"))


@cache
def zone_names() -> dict[str, str]:
    return dict(_read("zones.json").get("zone_names", {}))


@cache
def default_rate_cards() -> dict[str, RateCard]:
    data = _read("rate_cards.json")
    return {c["carrier"]: RateCard(c["carrier"], c["name"],
                                   tuple(RateLine.from_data(x) for x in c["lines"]))
            for c in data["cards"]}


@cache
def error_messages() -> dict[str, dict[str, str]]:
    data = _read("waybill_errors.json")
    return {k: v for k, v in data.items() if not k.startswith("_")}


def carriers() -> dict[str, Carrier]:
    return _load()[0]


def carrier(code: str) -> Carrier:
    try:
        return _load()[0][code.upper()]
    except (KeyError, AttributeError):
        known = ", ".join(_load()[0])
        raise ValueError(f"unknown carrier {code!r}; known carriers: {known}") from None


def platforms() -> dict[str, Platform]:
    return _load()[1]


def platform(code: str) -> Platform:
    p = _load()[1].get(code)
    return p if p is not None else Platform(code, code, "", False)


def tiers() -> dict[str, TierSpec]:
    return _tiers()[0]


def tier(code: str) -> TierSpec:
    try:
        return _tiers()[0][code]
    except KeyError:
        raise ValueError(f"unknown service tier {code!r}; known tiers: "
                         f"{', '.join(_tiers()[0])}") from None


def dispatch_cutoff() -> time:
    return _tiers()[1]


def closed_dates() -> frozenset[date]:
    return _tiers()[2]


def asked_markers() -> dict[str, tuple[str, ...]]:
    return _tiers()[3]


def tier_services(tier_code: str, provider: str) -> tuple[tuple[str, str], ...]:
    """(service_code, service_value) pairs a tier adds to a platform's e-waybill request."""
    extra = _tiers()[4].get(tier_code, {})
    return tuple((s["service_code"], str(s.get("service_value", "")))
                 for s in extra.get("services", {}).get(provider, ()))


def tier_product(tier_code: str, carrier_code: str, provider: str) -> str:
    """The product type a tier asks of a carrier on a platform ("" for the default)."""
    extra = _tiers()[4].get(tier_code, {})
    return str(extra.get("products", {}).get(carrier_code, {}).get(provider, ""))


def out_of_range(carrier_code: str, province: str, city: str, district: str) -> OutOfRange | None:
    """The sandbox's own list of places a carrier does not serve."""
    g = geo()
    prov = g.province(province)
    for o in carrier(carrier_code).out_of_range:
        if g.province(o.province) != prov:
            continue
        if o.city and o.city != city:
            continue
        if o.district and o.district != district:
            continue
        return o
    return None
