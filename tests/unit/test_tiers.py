"""Service tiers: eligibility and promised dates across cut-offs, midnight, month and year
ends, in Asia/Shanghai whatever zone the paid time carries."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from app.carriers import catalogue
from app.core.tiers import Geo, Place, TierSpec, add_open_days, parse_hhmm, plan, promise
from app.core.timeutil import SHANGHAI

GEO = catalogue.geo()
HZ = Place("浙江省", "杭州市")
CC = Place("吉林省", "长春市")


def at(y, mo, d, h=0, mi=0, s=0):
    return datetime(y, mo, d, h, mi, s, tzinfo=SHANGHAI)


def carrier_days(code):
    return catalogue.carrier(code).transit_days


def p(tier, carrier, paid, origin, dest, platform="douyin", cutoff=time(16, 0), closed=()):
    return promise(catalogue.tier(tier), carrier, paid, origin, dest, geo=GEO,
                   carrier_transit=carrier_days(carrier), platform=platform,
                   dispatch_cutoff=cutoff, closed=frozenset(closed))


# ---------------------------------------------------------------- zones
@pytest.mark.parametrize("origin,dest,zone", [
    (HZ, Place("浙江省", "杭州市"), "same_city"),
    (HZ, Place("浙江", "杭州"), "same_city"),  # short names are the same place
    (HZ, Place("浙江省", "金华市"), "same_province"),
    (HZ, Place("上海市", "上海市"), "nearby"),
    (HZ, Place("江西省", "南昌市"), "nearby"),
    (HZ, Place("山东省", "济南市"), "regional"),
    (HZ, Place("广东省", "广州市"), "national"),
    (HZ, Place("新疆维吾尔自治区", "乌鲁木齐市"), "remote"),
    (HZ, Place("西藏", "拉萨市"), "remote"),
    (Place("新疆维吾尔自治区", "乌鲁木齐市"), Place("新疆", "喀什地区"), "same_province"),
    (Place("上海市", "上海市"), Place("上海市", "市辖区"), "same_city"),  # municipality
    (Place("内蒙古自治区", "呼和浩特市"), Place("内蒙古", "包头市"), "same_province"),
    (Place("", ""), Place("浙江省", "杭州市"), "national"),  # unknown origin
])
def test_zones(origin, dest, zone):
    assert GEO.zone(origin, dest) == zone


def test_borders_go_both_ways_and_names_normalise():
    assert "浙江省" in GEO.adjacent["上海市"] and "上海市" in GEO.adjacent["浙江省"]
    assert GEO.province("黑龙江") == "黑龙江省"
    assert GEO.province("广西") == "广西壮族自治区"
    assert GEO.province("火星") == "火星"


# ---------------------------------------------------------------- standard and cut-offs
def test_standard_before_and_after_the_dispatch_cutoff():
    before = p("standard", "ZTO", at(2026, 11, 20, 15, 59, 59), HZ, Place("广东省", "广州市"))
    assert before.eligible and before.before_cutoff
    assert before.ship_date == date(2026, 11, 20)
    assert before.deliver_by == date(2026, 11, 23)  # national: 3 days
    exactly = p("standard", "ZTO", at(2026, 11, 20, 16, 0, 0), HZ, Place("广东省", "广州市"))
    assert not exactly.before_cutoff  # "before 16:00" is strict
    assert exactly.ship_date == date(2026, 11, 21)
    assert exactly.deliver_by == date(2026, 11, 24)
    assert "after the 16:00 cut-off" in exactly.reason


def test_midnight_belongs_to_the_new_day():
    last = p("standard", "ZTO", at(2026, 11, 20, 23, 59, 59), HZ, Place("浙江省", "金华市"))
    first = p("standard", "ZTO", at(2026, 11, 21, 0, 0, 0), HZ, Place("浙江省", "金华市"))
    assert last.ship_date == first.ship_date == date(2026, 11, 21)
    assert last.deliver_by == first.deliver_by == date(2026, 11, 23)


def test_month_and_year_ends():
    nov = p("standard", "ZTO", at(2026, 11, 30, 17, 0), HZ, Place("广东省", "广州市"))
    assert nov.ship_date == date(2026, 12, 1) and nov.deliver_by == date(2026, 12, 4)
    dec = p("standard", "ZTO", at(2026, 12, 31, 16, 30), HZ, Place("广东省", "广州市"))
    assert dec.ship_date == date(2027, 1, 1) and dec.deliver_by == date(2027, 1, 4)
    feb = p("nextday", "SF", at(2027, 2, 28, 10, 0), HZ, Place("上海市", "上海市"))
    assert feb.deliver_by == date(2027, 3, 1)  # 2027 is not a leap year
    leap = p("nextday", "SF", at(2028, 2, 28, 10, 0), HZ, Place("上海市", "上海市"))
    assert leap.deliver_by == date(2028, 2, 29)
    leap_late = p("nextday", "SF", at(2028, 2, 28, 16, 0), HZ, Place("上海市", "上海市"))
    assert leap_late.deliver_by == date(2028, 3, 1)


def test_paid_time_in_another_zone_is_read_in_shanghai():
    # 2026-11-20 07:30 UTC is 15:30 in Shanghai: before the cut-off
    utc = p("standard", "ZTO", datetime(2026, 11, 20, 7, 30, tzinfo=UTC), HZ,
            Place("广东省", "广州市"))
    assert utc.before_cutoff and utc.ship_date == date(2026, 11, 20)
    # 23:30 on Dec 31 in UTC is already Jan 1 in Shanghai
    ny = p("standard", "ZTO", datetime(2026, 12, 31, 23, 30, tzinfo=UTC), HZ,
           Place("广东省", "广州市"))
    assert ny.paid_date == date(2027, 1, 1) and ny.ship_date == date(2027, 1, 1)
    la = timezone(timedelta(hours=-8))
    west = p("standard", "ZTO", datetime(2026, 11, 19, 23, 59, tzinfo=la), HZ,
             Place("广东省", "广州市"))
    # 23:59 on Nov 19 at UTC-8 is 15:59 on Nov 20 in Shanghai: still before 16:00
    assert west.paid_date == date(2026, 11, 20) and west.before_cutoff
    assert west.ship_date == date(2026, 11, 20)


def test_naive_paid_time_is_shanghai_wall_time():
    naive = p("standard", "ZTO", datetime(2026, 11, 20, 15, 0), HZ, Place("广东省", "广州市"))
    assert naive.ship_date == date(2026, 11, 20)


def test_shop_cutoff_setting_changes_the_ship_day():
    early = p("standard", "YTO", at(2026, 11, 20, 13, 0), HZ, Place("广东省", "广州市"),
              cutoff=time(12, 0))
    assert early.ship_date == date(2026, 11, 21)


# ---------------------------------------------------------------- 极速达 (city express)
def test_sameday_in_the_city_before_and_after_its_cutoff():
    before = p("sameday", "ZTO", at(2026, 11, 20, 10, 59, 59), CC, Place("吉林省", "长春市"))
    assert before.eligible and before.deliver_by == date(2026, 11, 20)
    assert before.days == 0 and "长春市 cut-off 11:00" in before.reason
    after = p("sameday", "ZTO", at(2026, 11, 20, 11, 0), CC, Place("吉林省", "长春市"))
    assert after.deliver_by == date(2026, 11, 21) and after.days == 1
    assert after.cutoff_at == at(2026, 11, 20, 11, 0)


def test_sameday_nearby_city_is_next_day_and_far_is_refused():
    near = p("sameday", "ZTO", at(2026, 11, 20, 9, 0), CC, Place("吉林省", "吉林市"))
    assert near.eligible and near.deliver_by == date(2026, 11, 21)
    near_late = p("sameday", "ZTO", at(2026, 11, 20, 12, 0), CC, Place("吉林省", "吉林市"))
    assert near_late.deliver_by == date(2026, 11, 22)
    far = p("sameday", "ZTO", at(2026, 11, 20, 9, 0), CC, Place("辽宁省", "沈阳市"))
    assert not far.eligible and "nearby cities only" in far.reason
    nowhere = p("sameday", "ZTO", at(2026, 11, 20, 9, 0), Place("湖南省", "长沙市"),
                Place("湖南省", "长沙市"))
    assert not nowhere.eligible and "not offered from 长沙市" in nowhere.reason


def test_sameday_cutoff_on_new_years_eve():
    late = p("sameday", "SF", at(2026, 12, 31, 11, 30), CC, Place("吉林省", "长春市"))
    assert late.deliver_by == date(2027, 1, 1)
    shanghai = p("sameday", "SF", at(2026, 12, 31, 10, 29), Place("上海市", "上海市"),
                 Place("上海市", "上海市"))
    assert shanghai.deliver_by == date(2026, 12, 31)  # Shanghai's cut-off is 10:30
    shanghai_late = p("sameday", "SF", at(2026, 12, 31, 10, 30), Place("上海市", "上海市"),
                      Place("上海市", "上海市"))
    assert shanghai_late.deliver_by == date(2027, 1, 1)


def test_sameday_is_douyin_only_and_not_every_carrier():
    ks = p("sameday", "ZTO", at(2026, 11, 20, 9, 0), CC, Place("吉林省", "长春市"),
           platform="kuaishou")
    assert not ks.eligible and "douyin" in ks.reason
    sto = p("sameday", "STO", at(2026, 11, 20, 9, 0), CC, Place("吉林省", "长春市"))
    assert not sto.eligible and "not offered by STO" in sto.reason


# ---------------------------------------------------------------- other tiers
def test_nextday_reaches_nearby_provinces_only():
    ok = p("nextday", "SF", at(2026, 11, 20, 15, 0), HZ, Place("江苏省", "南京市"))
    assert ok.eligible and ok.deliver_by == date(2026, 11, 21)
    late = p("nextday", "SF", at(2026, 11, 20, 16, 0), HZ, Place("江苏省", "南京市"))
    assert late.deliver_by == date(2026, 11, 22)
    far = p("nextday", "SF", at(2026, 11, 20, 9, 0), HZ, Place("新疆维吾尔自治区", "乌鲁木齐市"))
    assert not far.eligible and "does not reach" in far.reason


def test_door_delivery_excludes_remote_and_carriers_outside_the_programme():
    ok = p("door", "ZTO", at(2026, 11, 20, 9, 0), HZ, Place("广东省", "广州市"))
    assert ok.eligible and ok.deliver_by == date(2026, 11, 23)
    assert catalogue.tier("door").fee_fen == 100
    remote = p("door", "ZTO", at(2026, 11, 20, 9, 0), HZ, Place("西藏自治区", "拉萨市"))
    assert not remote.eligible
    jt = p("door", "JT", at(2026, 11, 20, 9, 0), HZ, Place("广东省", "广州市"))
    assert not jt.eligible


def test_ondemand_is_a_kuaishou_service():
    assert not p("ondemand", "ZTO", at(2026, 11, 20, 9, 0), HZ, Place("广东省", "广州市")).eligible
    ks = p("ondemand", "ZTO", at(2026, 11, 20, 9, 0), HZ, Place("广东省", "广州市"),
           platform="kuaishou")
    assert ks.eligible and ks.deliver_by == date(2026, 11, 23)


def test_sf_products():
    express = p("sf_express", "SF", at(2026, 11, 20, 17, 59), HZ, Place("广东省", "广州市"))
    assert express.ship_date == date(2026, 11, 20)  # its own 18:00 cut-off
    assert express.deliver_by == date(2026, 11, 22)
    economy = p("sf_economy", "SF", at(2026, 11, 20, 9, 0), HZ, Place("广东省", "广州市"))
    standard = p("standard", "SF", at(2026, 11, 20, 9, 0), HZ, Place("广东省", "广州市"))
    assert economy.deliver_by == standard.deliver_by + timedelta(days=1)
    assert not p("sf_express", "ZTO", at(2026, 11, 20, 9, 0), HZ, Place("广东省", "广州市")).eligible
    assert catalogue.tier("standard").name_for("SF") == "顺丰标快"
    assert catalogue.tier("sf_express").fee(1800) == 720  # 40 % of ¥18
    assert catalogue.tier("sf_economy").fee(1855) == -371  # -20 %, half up at the fen


def test_closed_days_are_skipped():
    spring = {date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)}
    pr = p("standard", "ZTO", at(2027, 2, 5, 17, 0), HZ, Place("浙江省", "金华市"),
           closed=spring)
    assert pr.ship_date == date(2027, 2, 9)
    assert pr.deliver_by == date(2027, 2, 11)
    assert add_open_days(date(2027, 2, 6), 0, frozenset(spring)) == date(2027, 2, 9)


def test_plan_once_promise_many():
    pl = plan(catalogue.tier("standard"), "ZTO", HZ, Place("广东省", "广州市"), geo=GEO,
              carrier_transit=carrier_days("ZTO"))
    for h in (0, 9, 15, 16, 23):
        got = pl.at(at(2026, 11, 30, h))
        assert got.deliver_by == pl.deliver_by(date(2026, 11, 30), time(h))


def test_tier_data_is_validated():
    with pytest.raises(ValueError, match="kind"):
        TierSpec.from_data({"code": "x", "name": "x", "kind": "teleport"})
    with pytest.raises(ValueError, match="fee_fen"):
        TierSpec.from_data({"code": "x", "name": "x", "fee_fen": 1.5})
    with pytest.raises(ValueError, match="HH:MM"):
        parse_hhmm("11h")
    assert Geo.from_data({"provinces": ["甲乙省"], "adjacent": {}}).zone(
        Place("甲乙省", "x"), Place("甲乙", "y")) == "same_province"


def test_every_tier_in_the_catalogue_loads_and_names_known_carriers():
    known = set(catalogue.carriers())
    for code, spec in catalogue.tiers().items():
        assert spec.code == code and spec.name
        assert spec.carriers is None or spec.carriers <= known
    assert {"standard", "door", "sameday", "ondemand", "nextday", "sf_express"} <= set(
        catalogue.tiers())
