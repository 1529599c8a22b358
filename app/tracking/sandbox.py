"""The offline tracking provider: believable journeys for the demo and for tests.

A waybill's fate (delivered to the door, left at a station, refused and returned, stuck,
never picked up …) depends only on its number; the timeline is anchored at the time the
label was printed. Only events up to ``now`` are shown, so refreshing later shows the
parcel moving on, and the same inputs always give the same answer.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from app.resources import resource
from app.tracking import statuses
from app.tracking.httpclient import provider_settings
from app.tracking.model import (
    SHANGHAI,
    TrackEvent,
    TrackOutcome,
    TrackQuery,
    TrackResult,
    result_status,
    unique_events,
)

NAME = "sandbox"

SCENARIOS = (
    "delivered_door", "delivered_station", "delivered_locker", "delivered_after_failure",
    "late_pickup", "stall_resume", "stall_lost", "never_picked_up", "refused", "exception",
    "locker_uncollected", "intercepted",
)


@cache
def journeys_data() -> dict[str, Any]:
    data = json.loads(resource("tracking", "sandbox_journeys.json").read_text(encoding="utf-8"))
    unknown = set(data["scenarios"]) - set(SCENARIOS)
    if unknown:
        raise ValueError(f"sandbox_journeys.json: unknown scenarios {sorted(unknown)}")
    return data


def _digest(waybill_no: str) -> bytes:
    return hashlib.sha256(f"shipdesk-sandbox|{waybill_no.strip()}".encode()).digest()


def scenario_of(waybill_no: str) -> str:
    """Which journey a waybill takes: a pure function of its number."""
    weights = journeys_data()["scenarios"]
    total = sum(weights.values())
    point = int.from_bytes(_digest(waybill_no)[:4], "big") % total
    for name, w in weights.items():
        if point < w:
            return name
        point -= w
    raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True)
class Journey:
    """The whole planned journey, including events still in the future."""

    waybill_no: str
    scenario: str
    events: tuple[TrackEvent, ...]

    def until(self, now: datetime) -> tuple[TrackEvent, ...]:
        return tuple(e for e in self.events if e.occurred_at <= now)


class _Builder:
    """Walks a parcel through places, one timestamped scan at a time."""

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.t = start
        self.events: list[TrackEvent] = []

    def wait(self, lo_h: float, hi_h: float) -> None:
        self.t += timedelta(minutes=round(self.rng.uniform(lo_h, hi_h) * 60))
        self.t = self.t.replace(second=self.rng.randrange(60))

    def daytime(self, first: int = 8, last: int = 20) -> None:
        """Couriers work in daylight: push a door-step event into working hours."""
        if self.t.hour < first:
            self.t = self.t.replace(hour=first, minute=self.rng.randrange(60))
        elif self.t.hour >= last:
            nxt = self.t + timedelta(days=1)
            self.t = nxt.replace(hour=first + self.rng.randrange(2), minute=self.rng.randrange(60))

    def add(self, code: str, text: str, location: str) -> None:
        self.events.append(TrackEvent(self.t, code, text,
                                      statuses.normalise(NAME, code, text), location))


def _pick(rng: random.Random, items: list[Any]) -> Any:
    return items[rng.randrange(len(items))]


def _city(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    name = name.strip()
    if not name:
        return None
    for c in data["cities"]:
        if c["city"] == name or c["city"].rstrip("市") == name.rstrip("市"):
            return c
    return {"city": name if name.endswith("市") else name + "市", "province": "",
            "hub": name.rstrip("市"), "districts": ["城区"]}


def plan(waybill_no: str, printed_at: datetime, carrier_code: str = "",
         origin_city: str = "", dest_city: str = "") -> Journey:
    """The full, deterministic journey of one parcel, future events included."""
    if printed_at.tzinfo is None:
        raise ValueError("printed_at must be timezone-aware")
    data = journeys_data()
    scenario = scenario_of(waybill_no)
    rng = random.Random(int.from_bytes(_digest(waybill_no)[4:12], "big"))
    carrier = carrier_code.strip().upper()
    brand = data["carriers"].get(carrier, "")
    thanks = f"感谢使用{brand}" if brand else "感谢您的使用"
    suffix = data["hub_suffix"].get(carrier, data["hub_suffix"]["default"])

    # draw the fallbacks always, so naming a city changes the places and nothing else
    any_origin, any_dest = _pick(rng, data["origins"]), _pick(rng, data["cities"])
    wanted = origin_city.strip().rstrip("市")
    origin = next((o for o in data["origins"] if wanted and o["city"].rstrip("市") == wanted),
                  any_origin)
    dest = _city(data, dest_city) or any_dest
    o_city, d_city = origin["city"], dest["city"]
    o_outlet = _pick(rng, origin["outlets"])
    district = _pick(rng, dest["districts"])
    d_outlet = f"{dest['hub']}{district}{_pick(rng, data['streets'])}营业部"
    hubs = [origin["hub"] + suffix]
    if dest.get("province") != origin["province"] and rng.random() < 0.35:
        trunk = _pick(rng, data["trunk_hubs"])
        if trunk not in (origin["hub"], dest["hub"]):
            hubs.append(trunk + suffix)
    if dest["hub"] + suffix not in hubs:
        hubs.append(dest["hub"] + suffix)
    hub_city = {h: h[: -len(suffix)] + "市" for h in hubs}
    courier = _pick(rng, data["surnames"]) + "师傅"
    place = _pick(rng, data["places"])

    b = _Builder(rng, printed_at.astimezone(SHANGHAI))

    if scenario == "never_picked_up":
        return Journey(waybill_no, scenario, ())
    if carrier in ("SF", "JD"):
        b.wait(0.05, 0.3)
        b.add("CREATED", f"【{o_city}】您的订单已由{brand or '快递公司'}接单，等待快递员上门揽收", o_city)

    # pickup
    if scenario == "late_pickup":
        b.wait(28, 60)
    else:
        b.wait(1.5, 9)
    b.daytime(9, 20)
    b.add("PICKUP", f"【{o_city}】【{o_outlet}】的{_pick(rng, data['surnames'])}师傅已揽收",
          o_city)
    if scenario == "stall_lost" and rng.random() < 0.5:
        return Journey(waybill_no, scenario, tuple(b.events))
    b.wait(1, 4)
    b.add("DEPART", f"【{o_city}】快件已由【{o_outlet}】发往【{hubs[0]}】", o_city)
    if scenario == "stall_resume":
        b.wait(30, 70)  # no scan for more than a day, then it moves again
    b.wait(1.5, 5)

    def line_haul() -> None:
        for i, hub in enumerate(hubs):
            city = hub_city[hub]
            b.add("ARRIVE", f"【{city}】快件已到达【{hub}】", city)
            if scenario == "stall_lost":
                return  # the last scan it will ever get
            b.wait(1, 3.5)
            nxt = hubs[i + 1] if i + 1 < len(hubs) else None
            b.add("DEPART", f"【{city}】快件已由【{hub}】发往【{nxt or d_outlet}】", city)
            if nxt is None:
                b.wait(2, 6)
            elif hub_city[nxt] == city:
                b.wait(2, 5)
            else:
                b.wait(6, 20)

    line_haul()
    if scenario == "stall_lost":
        return Journey(waybill_no, scenario, tuple(b.events))

    if scenario == "intercepted":
        b.wait(0.5, 3)
        b.add("INTERCEPTED", f"【{d_city}】快件已被寄件人拦截，将退回寄件人", d_city)
        return _returned(b, waybill_no, scenario, hubs, hub_city, d_city, d_outlet,
                         o_city, o_outlet)

    b.add("ARRIVE", f"【{d_city}】快件已到达【{d_outlet}】", d_city)
    b.wait(0.5, 4)
    b.daytime(8, 19)

    def dispatch() -> None:
        b.add("DISPATCH", f"【{d_city}】【{d_outlet}】的快递员{courier}正在派件，请保持电话畅通",
              d_city)
        b.wait(0.5, 5)
        b.daytime(9, 21)

    def door() -> None:
        if rng.random() < 0.7:
            b.add("SIGNED", f"【{d_city}】您的快件已签收，签收人：本人签收。{thanks}，期待再次为您服务",
                  d_city)
        else:
            who = _pick(rng, data["proxies"])
            b.add("PROXY_SIGNED", f"【{d_city}】您的快件已签收，签收人：{who}代收。如有疑问请"
                  f"联系快递员{courier}", d_city)

    def code() -> str:
        return f"{rng.randrange(1, 9)}-{rng.randrange(1, 6)}-{rng.randrange(1000, 9999)}"

    station = f"{_pick(rng, data['stations'])}（{district}{place}店）"
    locker = _pick(rng, data["lockers"])

    if scenario == "exception":
        reason = _pick(rng, data["exception_reasons"])
        b.add("EXCEPTION", f"【{d_city}】快件为疑难件，原因：{reason}，网点正在联系收件人核实",
              d_city)
        if rng.random() < 0.5:
            return Journey(waybill_no, scenario, tuple(b.events))  # stays stuck
        b.wait(20, 40)
        b.daytime(8, 19)
        dispatch()
        door()
    elif scenario == "refused":
        dispatch()
        b.add("REFUSED", f"【{d_city}】收件人拒收，快件将退回寄件人，拒收原因："
              f"{_pick(rng, data['refusal_reasons'])}", d_city)
        return _returned(b, waybill_no, scenario, hubs, hub_city, d_city, d_outlet,
                         o_city, o_outlet)
    elif scenario == "delivered_after_failure":
        dispatch()
        b.add("FAILED", f"【{d_city}】快件派送不成功，原因：{_pick(rng, data['failure_reasons'])}，"
              "将于下一个工作日再次派送", d_city)
        b.wait(16, 26)
        b.daytime(8, 19)
        dispatch()
        door()
    elif scenario == "delivered_station":
        dispatch()
        b.add("STATION", f"【{d_city}】您的快件已暂存至【{station}】，请凭取件码{code()}及时取件，"
              "如有疑问请联系站点", d_city)
        b.wait(2, 30)
        b.daytime(8, 22)
        b.add("STATION_SIGNED", f"【{d_city}】您的快件已从【{station}】取出，签收人：本人取件。"
              f"{thanks}", d_city)
    elif scenario in ("delivered_locker", "locker_uncollected"):
        dispatch()
        b.add("LOCKER", f"【{d_city}】您的快件已存放至【{locker}】（{place}），请凭取件码"
              f"{rng.randrange(10_000_000, 99_999_999)}及时取件", d_city)
        if scenario == "delivered_locker":
            b.wait(1, 20)
            b.daytime(7, 23)
            b.add("LOCKER_SIGNED", f"【{d_city}】您的快件已从【{locker}】取出，签收人：本人取件",
                  d_city)
        else:
            b.wait(48, 50)
            b.add("LOCKER_OVERDUE", f"【{d_city}】您的快件在【{locker}】超时未取，请尽快取件，"
                  "逾期将退回派送网点", d_city)
            if rng.random() < 0.5:
                b.wait(72, 80)
                b.add("RETURNING", f"【{d_city}】快件超时未取，已由【{d_outlet}】退回寄件人",
                      d_city)
                return _returned(b, waybill_no, scenario, hubs, hub_city, d_city,
                                 d_outlet, o_city, o_outlet, announce=False)
    else:  # delivered_door, late_pickup, stall_resume
        dispatch()
        door()
    return Journey(waybill_no, scenario, tuple(b.events))


def _returned(b: _Builder, waybill_no: str, scenario: str, hubs: list[str],
              hub_city: dict[str, str], d_city: str, d_outlet: str, o_city: str,
              o_outlet: str, announce: bool = True) -> Journey:
    """The way back: destination outlet → hubs in reverse → the sender signs for it."""
    b.wait(2, 8)
    if announce:
        b.add("RETURNING", f"【{d_city}】退回件已由【{d_outlet}】发往【{hubs[-1]}】", d_city)
        b.wait(2, 6)
    back = list(reversed(hubs))
    for i, hub in enumerate(back):
        city = hub_city.get(hub, o_city)
        b.add("RETURNING", f"【{city}】退回件已到达【{hub}】", city)
        b.wait(1, 4)
        target = back[i + 1] if i + 1 < len(back) else o_outlet
        b.add("RETURNING", f"【{city}】退回件已由【{hub}】发往【{target}】", city)
        if i + 1 < len(back):
            b.wait(6, 20)
        else:
            b.wait(2, 6)
    b.daytime(9, 19)
    b.add("RETURNED", f"【{o_city}】退回件已签收，签收人：寄件人（{o_outlet}代收）", o_city)
    return Journey(waybill_no, scenario, tuple(b.events))


def track_at(query: TrackQuery, now: datetime) -> TrackResult:
    """What a provider would answer at ``now`` for this parcel."""
    if query.printed_at is None:
        return TrackResult(query.waybill_no, (), statuses.UNKNOWN, "", False, NAME)
    journey = plan(query.waybill_no, query.printed_at, query.carrier_code,
                   query.origin_city, query.dest_city)
    events = unique_events(query.waybill_no, journey.until(now))
    status = result_status(events, statuses.UNKNOWN)
    raw_state = events[-1].raw_code if events else ""
    return TrackResult(query.waybill_no, events, status, raw_state, statuses.is_final(status), NAME)


class SandboxProvider:
    """A ``TrackingProvider`` that never leaves the machine."""

    name = NAME

    def __init__(self, clock: Callable[[], datetime] | None = None,
                 min_interval_s: int | None = None) -> None:
        self._clock = clock or (lambda: datetime.now(SHANGHAI))
        self.min_interval_s = (int(provider_settings(NAME)["min_interval_s"])
                               if min_interval_s is None else min_interval_s)

    def track(self, query: TrackQuery) -> TrackOutcome:
        return track_at(query, self._clock())
