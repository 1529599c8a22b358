"""Service tiers and their promises: who may use a tier, and by when the parcel arrives.

The tier definitions are data (resources/service_tiers.json, read by app.carriers); the
rules that turn a paid time and a destination into a promised delivery date are here:

- ``standard`` kind (standard, door delivery, on-demand, next-day, SF products): the parcel
  ships on the paid day when paid before the cut-off (the tier's own, or the shop's daily
  pickup time), else the next day; it arrives after the transit days of its zone.
- ``city_express`` kind (极速达): only from a listed origin city. Same city: paid before
  the city's cut-off → delivered today, after → tomorrow. Nearby cities: next day (the day
  after when paid after the cut-off). Anywhere else: not offered.

"Before the cut-off" is strict: paid at 11:00:00 with an 11:00 cut-off is after it. Every
time is read in Asia/Shanghai whatever zone the datetime carries. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from app.core.timeutil import SHANGHAI, to_local

__all__ = [
    "ZONES",
    "CityRegion",
    "Geo",
    "Place",
    "Promise",
    "TierSpec",
    "Plan",
    "add_open_days",
    "parse_hhmm",
    "plan",
    "promise",
    "same_city",
]

ZONES: tuple[str, ...] = ("same_city", "same_province", "nearby", "regional", "national",
                          "remote")
#: provincial-level cities: the province is the city
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_CITY_SUFFIXES = ("市", "地区", "盟")


def parse_hhmm(text: str) -> time:
    """``"11:00"`` → time(11, 0). Raises ValueError naming the text."""
    try:
        hh, mm = text.strip().split(":")
        return time(int(hh), int(mm))
    except (ValueError, AttributeError):
        raise ValueError(f"not a time of day (HH:MM): {text!r}") from None


@lru_cache(maxsize=4096)
def _city_key(name: str) -> str:
    n = (name or "").strip()
    for suffix in _CITY_SUFFIXES:
        if n.endswith(suffix) and len(n) > len(suffix) + 1:
            return n[: -len(suffix)]
    return n


def same_city(a: str, b: str) -> bool:
    """``杭州`` and ``杭州市`` are the same city; empty names never match."""
    ka, kb = _city_key(a), _city_key(b)
    return bool(ka) and ka == kb


@dataclass(frozen=True, slots=True)
class Place:
    province: str
    city: str = ""


@dataclass(frozen=True)
class Geo:
    """Provinces, their macro-regions, borders and the remote ones (resources/zones.json)."""

    provinces: tuple[str, ...]
    region_of: Mapping[str, str]
    adjacent: Mapping[str, frozenset[str]]
    remote: frozenset[str]
    _short: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_data(cls, data: Mapping) -> Geo:
        provinces = tuple(data["provinces"])
        region_of = {p: name for name, members in data.get("regions", {}).items()
                     for p in members}
        adj: dict[str, set[str]] = {p: set() for p in provinces}
        for p, ns in data.get("adjacent", {}).items():
            for n in ns:
                adj.setdefault(p, set()).add(n)
                adj.setdefault(n, set()).add(p)  # borders go both ways
        short = {}
        for p in provinces:
            s = p
            for suffix in _PROVINCE_SUFFIXES:
                if p.endswith(suffix) and len(p) > len(suffix) + 1:
                    s = p[: -len(suffix)]
                    break
            short[p] = s
        return cls(provinces, region_of, {p: frozenset(v) for p, v in adj.items()},
                   frozenset(data.get("remote", ())), short)

    def province(self, name: str) -> str:
        """The full province name: ``浙江`` / ``浙江省`` → ``浙江省``; unknown names as given."""
        n = (name or "").strip()
        if not n or n in self._short:
            return n
        for full, s in self._short.items():
            if n.startswith(s) or (len(n) >= 2 and s.startswith(n)):
                return full
        return n

    def zone(self, origin: Place, dest: Place) -> str:
        o, d = self.province(origin.province), self.province(dest.province)
        if not o or not d:
            return "national"
        if o == d:
            if o in MUNICIPALITIES or same_city(origin.city, dest.city):
                return "same_city"
            return "same_province"
        if d in self.remote or o in self.remote:
            return "remote"
        if d in self.adjacent.get(o, ()):
            return "nearby"
        region = self.region_of.get(o)
        if region and region == self.region_of.get(d):
            return "regional"
        return "national"


@dataclass(frozen=True, slots=True)
class CityRegion:
    """An origin city of a city-express tier, its order cut-off and its nearby cities."""

    province: str
    city: str
    cutoff: time
    nearby: frozenset[str]

    def serves_nearby(self, city: str) -> bool:
        return any(same_city(city, n) for n in self.nearby)


@dataclass(frozen=True)
class TierSpec:
    code: str
    name: str
    badge: str
    kind: str = "standard"  # standard | city_express
    carriers: frozenset[str] | None = None  # None: every carrier
    platforms: frozenset[str] | None = None  # None: every platform
    zones: frozenset[str] | None = None  # None: every zone
    cutoff: time | None = None  # None: the shop's daily dispatch cut-off
    transit_days: Mapping[str, int] | None = None  # None: the carrier's own table
    extra_days: int = 0
    fee_fen: int = 0
    fee_pct: int = 0
    compensation_fen: int = 0
    regions: tuple[CityRegion, ...] = ()
    same_city_days: tuple[int, int] = (0, 1)
    nearby_days: tuple[int, int] = (1, 2)
    display_names: Mapping[str, str] = field(default_factory=dict)
    description: str = ""

    @classmethod
    def from_data(cls, d: Mapping) -> TierSpec:
        def opt(key: str) -> frozenset[str] | None:
            v = d.get(key)
            return None if v is None else frozenset(v)

        for key in ("fee_fen", "fee_pct", "compensation_fen", "extra_days"):
            if not isinstance(d.get(key, 0), int) or isinstance(d.get(key, 0), bool):
                raise ValueError(f"tier {d.get('code')!r}: {key} must be a whole number")
        kind = d.get("kind", "standard")
        if kind not in ("standard", "city_express"):
            raise ValueError(f"tier {d.get('code')!r}: unknown kind {kind!r}")
        return cls(
            code=d["code"], name=d["name"], badge=d.get("badge", d["name"]), kind=kind,
            carriers=opt("carriers"), platforms=opt("platforms"), zones=opt("zones"),
            cutoff=parse_hhmm(d["cutoff"]) if d.get("cutoff") else None,
            transit_days=dict(d["transit_days"]) if d.get("transit_days") else None,
            extra_days=d.get("extra_days", 0), fee_fen=d.get("fee_fen", 0),
            fee_pct=d.get("fee_pct", 0), compensation_fen=d.get("compensation_fen", 0),
            regions=tuple(CityRegion(r.get("province", ""), r["city"], parse_hhmm(r["cutoff"]),
                                     frozenset(r.get("nearby", ())))
                          for r in d.get("regions", ())),
            same_city_days=tuple(d.get("same_city_days", (0, 1))),  # type: ignore[arg-type]
            nearby_days=tuple(d.get("nearby_days", (1, 2))),  # type: ignore[arg-type]
            display_names=dict(d.get("display_names", {})),
            description=d.get("description", ""),
        )

    def name_for(self, carrier: str) -> str:
        return self.display_names.get(carrier, self.name)

    def fee(self, freight_fen: int) -> int:
        """The tier's extra charge on a freight: fixed fen plus a percent, half up at the fen."""
        pct = freight_fen * self.fee_pct
        part = (abs(pct) + 50) // 100
        return self.fee_fen + (part if pct >= 0 else -part)

    def region_for(self, origin: Place) -> CityRegion | None:
        for r in self.regions:
            if same_city(origin.city, r.city) or (
                    not origin.city and origin.province in MUNICIPALITIES
                    and same_city(origin.province, r.city)):
                return r
        return None


@dataclass(frozen=True, slots=True)
class Promise:
    """What a tier promises for one parcel, or why it is not offered."""

    tier: str
    carrier: str
    eligible: bool
    reason: str  # why not offered, or how the date was reached
    zone: str = ""
    ship_date: date | None = None
    deliver_by: date | None = None
    cutoff_at: datetime | None = None  # the cut-off that applied, aware
    before_cutoff: bool | None = None
    paid_date: date | None = None

    @property
    def days(self) -> int | None:
        """Days from the paid date to delivery: 0 is same-day."""
        if self.deliver_by is None or self.paid_date is None:
            return None
        return (self.deliver_by - self.paid_date).days


def add_open_days(start: date, days: int, closed: frozenset[date] = frozenset()) -> date:
    """``days`` open days after start (closed days are skipped); 0 rolls past closed days."""
    d = start
    counted = 0
    while counted < days:
        d += timedelta(days=1)
        if d not in closed:
            counted += 1
    while d in closed:
        d += timedelta(days=1)
    return d


def _md(d: date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def _hm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def ineligible_reason(spec: TierSpec, carrier: str, platform: str | None, zone: str,
                      origin: Place, dest: Place, *, carrier_label: str = "") -> str | None:
    """Why the tier is not offered for this parcel, or None when it is."""
    label = carrier_label or carrier
    if spec.carriers is not None and carrier not in spec.carriers:
        return f"{spec.name} is not offered by {label}"
    if platform is not None and spec.platforms is not None and platform not in spec.platforms:
        return f"{spec.name} is a service of {', '.join(sorted(spec.platforms))} orders only"
    if spec.zones is not None and zone not in spec.zones:
        return f"{spec.name} does not reach this destination ({zone.replace('_', ' ')})"
    if spec.kind == "city_express":
        region = spec.region_for(origin)
        if region is None:
            return f"{spec.name} is not offered from {origin.city or origin.province or 'here'}"
        same = (same_city(dest.city, region.city)
                or (dest.province in MUNICIPALITIES and same_city(dest.province, region.city)))
        if not same and not region.serves_nearby(dest.city):
            return f"{spec.name} from {region.city} reaches {region.city} and nearby cities only"
    return None


@dataclass(frozen=True, slots=True)
class Plan:
    """A tier's promise for one route (carrier, origin, destination, platform), before the
    paid time is known: ``plan(...).at(paid_at)``. Routes repeat across a batch of orders,
    so a batch computes each plan once."""

    tier: str
    carrier: str
    eligible: bool
    reason: str
    zone: str
    kind: str = "standard"
    cutoff: time = time(16, 0)
    days: tuple[int, int] = (0, 0)  # transit (standard) or delivery offset (city express)
    where: str = ""  # city-express: "in 长春市" / "to nearby 吉林市"
    region: str = ""
    closed: frozenset[date] = frozenset()

    def deliver_by(self, paid_day: date, paid_time: time) -> date | None:
        """Just the date (Shanghai wall day and time of payment): the fast path for batches."""
        if not self.eligible:
            return None
        before = paid_time < self.cutoff
        if self.kind == "city_express":
            return add_open_days(paid_day, self.days[0 if before else 1], self.closed)
        ship = add_open_days(paid_day, 0 if before else 1, self.closed)
        return add_open_days(ship, self.days[0], self.closed)

    def at(self, paid_at: datetime) -> Promise:
        local = to_local(paid_at)
        paid_day, paid_time = local.date(), local.time().replace(tzinfo=None)
        if not self.eligible:
            return Promise(self.tier, self.carrier, False, self.reason, zone=self.zone,
                           paid_date=paid_day)
        before = paid_time < self.cutoff
        ship = add_open_days(paid_day, 0 if before else 1, self.closed)
        when = "before" if before else "after"
        if self.kind == "city_express":
            deliver = add_open_days(paid_day, self.days[0 if before else 1], self.closed)
            how = (f"paid {_md(paid_day)} {_hm(paid_time)}, {when} the {self.region} cut-off "
                   f"{_hm(self.cutoff)}: delivered {self.where} by {_md(deliver)}")
        else:
            transit = self.days[0]
            deliver = add_open_days(ship, transit, self.closed)
            how = (f"paid {_md(paid_day)} {_hm(paid_time)}, {when} the {_hm(self.cutoff)} "
                   f"cut-off: ships {_md(ship)}, {transit} day(s) in transit "
                   f"({self.zone.replace('_', ' ')}) → by {_md(deliver)}")
        cutoff_at = datetime.combine(paid_day, self.cutoff, tzinfo=SHANGHAI)
        return Promise(self.tier, self.carrier, True, how, zone=self.zone, ship_date=ship,
                       deliver_by=deliver, cutoff_at=cutoff_at, before_cutoff=before,
                       paid_date=paid_day)


def plan(spec: TierSpec, carrier: str, origin: Place, dest: Place, *, geo: Geo,
         carrier_transit: Mapping[str, int], platform: str | None = None,
         dispatch_cutoff: time = time(16, 0), closed: frozenset[date] = frozenset(),
         carrier_label: str = "") -> Plan:
    """Everything about a tier's promise that does not depend on the paid time."""
    dest = Place(geo.province(dest.province), dest.city)
    origin = Place(geo.province(origin.province), origin.city)
    zone = geo.zone(origin, dest)
    why = ineligible_reason(spec, carrier, platform, zone, origin, dest,
                            carrier_label=carrier_label)
    if why:
        return Plan(spec.code, carrier, False, why, zone)
    if spec.kind == "city_express":
        region = spec.region_for(origin)
        assert region is not None
        same = (same_city(dest.city, region.city)
                or (dest.province in MUNICIPALITIES and same_city(dest.province, region.city)))
        days = spec.same_city_days if same else spec.nearby_days
        where = f"in {region.city}" if same else f"to nearby {dest.city}"
        return Plan(spec.code, carrier, True, "", zone, "city_express", region.cutoff,
                    (days[0], days[1]), where, region.city, closed)
    table = spec.transit_days or carrier_transit
    if zone not in table:
        return Plan(spec.code, carrier, False,
                    f"{spec.name}: no transit time known for this destination", zone)
    transit = table[zone] + spec.extra_days
    return Plan(spec.code, carrier, True, "", zone, "standard", spec.cutoff or dispatch_cutoff,
                (transit, transit), closed=closed)


def promise(spec: TierSpec, carrier: str, paid_at: datetime, origin: Place, dest: Place, *,
            geo: Geo, carrier_transit: Mapping[str, int], platform: str | None = None,
            dispatch_cutoff: time = time(16, 0), closed: frozenset[date] = frozenset(),
            carrier_label: str = "") -> Promise:
    """The promised delivery date of a tier for a parcel paid at ``paid_at``."""
    return plan(spec, carrier, origin, dest, geo=geo, carrier_transit=carrier_transit,
                platform=platform, dispatch_cutoff=dispatch_cutoff, closed=closed,
                carrier_label=carrier_label).at(paid_at)
