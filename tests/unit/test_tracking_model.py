"""Tracking data types: dedup keys, ordering, time parsing, privacy of the query."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.tracking.model import (
    SHANGHAI,
    TrackEvent,
    TrackQuery,
    dedup_key,
    parse_cn_time,
    result_status,
    unique_events,
)

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)


def ev(minutes=0, text="【杭州市】快件已到达【杭州转运中心】", code="0", status="in_transit",
       location="杭州市", tz=SHANGHAI):
    return TrackEvent((T0 + timedelta(minutes=minutes)).astimezone(tz), code, text, status,
                      location)


def test_dedup_key_is_stable_and_fits_the_column():
    k = dedup_key("YT7512300000005", ev())
    assert re.fullmatch(r"[0-9a-f]{40}", k)
    assert k == dedup_key("YT7512300000005", ev())
    # a known answer: changing the recipe would make every stored event come back as new
    assert k == "85f53c9466a0266381c02c68653277421466d856"
    assert k == dedup_key(" YT7512300000005 ", ev())


def test_dedup_key_ignores_what_providers_change_between_polls():
    base = dedup_key("W1", ev())
    assert dedup_key("W1", ev(code="1002", status="unknown", location="")) == base
    assert dedup_key("W1", ev(text=" 【杭州市】快件已到达 【杭州转运中心】\n")) == base
    assert dedup_key("W1", ev(tz=UTC)) == base  # same instant, other zone


def test_dedup_key_separates_real_differences():
    base = dedup_key("W1", ev())
    assert dedup_key("W2", ev()) != base
    assert dedup_key("W1", ev(minutes=1)) != base
    assert dedup_key("W1", ev(text="【杭州市】快件已到达【金华转运中心】")) != base


@given(st.lists(st.tuples(st.integers(0, 5000), st.sampled_from(["a", "b", "c"])),
                max_size=30))
def test_unique_events_sorts_and_drops_duplicates(rows):
    events = [ev(m, text=t) for m, t in rows]
    out = unique_events("W", events)
    assert [e.occurred_at for e in out] == sorted(e.occurred_at for e in out)
    assert len({dedup_key("W", e) for e in out}) == len(out)
    assert {dedup_key("W", e) for e in out} == {dedup_key("W", e) for e in events}


def test_events_must_be_aware():
    with pytest.raises(ValueError):
        TrackEvent(datetime(2026, 1, 1), "0", "x", "in_transit")


def test_parse_cn_time_is_beijing_time():
    t = parse_cn_time("2026-11-20 12:00:00")
    assert t.utcoffset() == timedelta(hours=8)
    assert t.astimezone(UTC).hour == 4
    assert parse_cn_time("2026-11-20 12:00") == t
    with pytest.raises(ValueError):
        parse_cn_time("yesterday")


def test_query_repr_never_shows_the_phone_digits():
    q = TrackQuery("SF1023574470215", "SF", "shunfeng", "7576")
    assert "7576" not in repr(q)
    assert "7576" not in str(q)


def test_result_status_prefers_the_newest_event_unless_the_state_is_final():
    e1, e2 = ev(0, status="in_transit"), ev(5, status="available_for_pickup")
    assert result_status((e1, e2), "out_for_delivery") == "available_for_pickup"
    assert result_status((e1, e2), "delivered") == "delivered"
    assert result_status((), "in_transit") == "in_transit"
    assert result_status((ev(0, status="unknown"),), "picked_up") == "picked_up"
    assert result_status((e1, ev(9, status="unknown")), "unknown") == "in_transit"
