"""The sandbox tracking provider: deterministic, progressive, varied, realistic."""

import re
from collections import Counter
from datetime import datetime, timedelta

import pytest

from app.tracking.model import SHANGHAI, TrackQuery, dedup_key
from app.tracking.sandbox import SCENARIOS, SandboxProvider, plan, scenario_of, track_at
from app.tracking.statuses import STATUSES, default_map, is_final

PRINTED = datetime(2026, 11, 10, 16, 20, tzinfo=SHANGHAI)
CARRIERS = ["ZTO", "YTO", "STO", "SF", "JD", "YUNDA", "JT"]
N = 1000


def waybills(n=N):
    return [(f"7843{i:09d}", CARRIERS[i % len(CARRIERS)]) for i in range(n)]


def q(wb, carrier="ZTO", printed=PRINTED, **kw):
    return TrackQuery(wb, carrier, "", "", printed, **kw)


def waybill_with(scenario, start=0):
    for i in range(start, start + 20000):
        wb = f"7843{i:09d}"
        if scenario_of(wb) == scenario:
            return wb
    raise AssertionError(scenario)


def test_same_inputs_same_journey():
    for wb, c in waybills(50):
        assert plan(wb, PRINTED, c) == plan(wb, PRINTED, c)
        assert scenario_of(wb) == plan(wb, PRINTED, c).scenario


def test_refreshing_later_only_adds_events():
    for wb, c in waybills(100):
        earlier = None
        for hours in (0, 6, 12, 24, 36, 48, 72, 120, 240):
            now = PRINTED + timedelta(hours=hours)
            r = track_at(q(wb, c), now)
            assert all(e.occurred_at <= now for e in r.events)
            if earlier is not None:
                assert r.events[: len(earlier.events)] == earlier.events
            earlier = r


def test_events_are_ordered_after_printing_and_valid():
    codes = set(default_map().entries("sandbox"))
    for wb, c in waybills(300):
        j = plan(wb, PRINTED, c)
        times = [e.occurred_at for e in j.events]
        assert times == sorted(times)
        assert all(t >= PRINTED for t in times)
        assert len({dedup_key(wb, e) for e in j.events}) == len(j.events)
        for e in j.events:
            assert e.raw_code in codes and e.status in STATUSES
            assert e.raw_text.startswith("【") and re.search(r"[\u4e00-\u9fff]", e.raw_text)
            assert len(e.raw_code) <= 16 and len(e.location) <= 128
            if e.raw_code in ("SIGNED", "PROXY_SIGNED", "DISPATCH"):
                assert 8 <= e.occurred_at.hour < 22  # couriers work in daylight
        if j.events and is_final(j.events[-1].status):
            assert not any(is_final(e.status) for e in j.events[:-1])


def test_texts_read_like_real_ones():
    texts = [e.raw_text for wb, c in waybills(200) for e in plan(wb, PRINTED, c).events]
    assert any(re.fullmatch(r"【.+市】快件已由【.+转运中心】发往【.+转运中心】", t) for t in texts)
    assert any("取件码" in t for t in texts)
    assert any("拒收" in t for t in texts)
    assert any("中转场" in t for t in texts)  # SF's own wording


def test_variety_over_a_thousand_waybills():
    now = PRINTED + timedelta(days=10)
    scen = Counter()
    outcome = Counter()
    stalled = 0
    statuses_seen = set()
    flags = Counter()
    for wb, c in waybills():
        scen[scenario_of(wb)] += 1
        r = track_at(q(wb, c), now)
        outcome[r.status] += 1
        for e in r.events:
            statuses_seen.add(e.status)
            flags[default_map().classify("sandbox", e.raw_code).flag] += 1
        if r.events and not r.final and any(e.status == "picked_up" for e in r.events) \
                and now - r.events[-1].occurred_at > timedelta(hours=24):
            stalled += 1
    assert set(scen) == set(SCENARIOS)
    assert outcome["delivered"] > 0.5 * N
    assert outcome["returned"] > 0.03 * N
    assert outcome["unknown"] > 0.02 * N  # never picked up: no records at all
    assert stalled > 0.03 * N
    assert flags["refused"] > 0.03 * N
    assert flags["locker_uncollected"] > 0.01 * N
    assert {"picked_up", "in_transit", "out_for_delivery", "available_for_pickup",
            "delivery_failed", "exception", "returning", "returned", "delivered",
            "label_created"} <= statuses_seen


@pytest.mark.parametrize(("scenario", "expect"), [
    ("never_picked_up", lambda r: r.no_records and not r.final),
    ("refused", lambda r: r.status == "returned" and r.final
        and [e.status for e in r.events].count("exception") == 1
        and "returning" in [e.status for e in r.events]),
    ("intercepted", lambda r: r.status == "returned"),
    ("stall_lost", lambda r: not r.final and r.status in ("picked_up", "in_transit")),
    ("delivered_station", lambda r: r.status == "delivered"
        and "available_for_pickup" in [e.status for e in r.events]),
    ("delivered_after_failure", lambda r: r.status == "delivered"
        and "delivery_failed" in [e.status for e in r.events]),
])
def test_scenarios_end_as_they_should(scenario, expect):
    wb = waybill_with(scenario)
    r = track_at(q(wb), PRINTED + timedelta(days=20))
    assert expect(r), [(e.raw_code, e.raw_text) for e in r.events]


def test_late_pickup_and_stall_resume_have_the_gaps_the_alerts_look_for():
    wb = waybill_with("late_pickup")
    pickup = next(e for e in plan(wb, PRINTED).events if e.status == "picked_up")
    assert pickup.occurred_at - PRINTED > timedelta(hours=24)
    wb = waybill_with("stall_resume")
    ev = plan(wb, PRINTED).events
    gaps = [b.occurred_at - a.occurred_at for a, b in zip(ev, ev[1:], strict=False)]
    assert max(gaps) > timedelta(hours=24)
    assert ev[-1].status == "delivered"


def test_unprinted_parcels_have_no_records():
    r = track_at(TrackQuery("78431234", "ZTO"), PRINTED)
    assert r.no_records and r.status == "unknown" and not r.final


def test_destination_city_is_used_when_given():
    wb = waybill_with("delivered_door")
    j = plan(wb, PRINTED, "ZTO", origin_city="义乌", dest_city="成都市")
    assert j.events[0].location == "义乌市"
    assert j.events[-1].location == "成都市"
    assert plan(wb, PRINTED, "ZTO", dest_city="某某市").events[-1].location == "某某市"


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        plan("1", datetime(2026, 1, 1))


def test_provider_follows_its_clock():
    now = [PRINTED]
    p = SandboxProvider(clock=lambda: now[0])
    wb = waybill_with("delivered_door")
    first = p.track(q(wb))
    assert first.no_records
    now[0] = PRINTED + timedelta(days=15)
    assert p.track(q(wb)).status == "delivered"
    assert p.min_interval_s == 60
