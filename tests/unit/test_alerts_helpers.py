"""Pure pieces of the package centre: deadlines, the same-day cut-off, texts, phone digits."""

import builtins
from datetime import datetime, time, timedelta

import pytest

from app.services.alerts import (
    RULES,
    SETTING_KEYS,
    AlertSettings,
    _parse,
    sameday_deadline,
    ship_by_deadline,
)
from app.services.dashboard import BUCKET_OF, BUCKETS, Rate
from app.services.tracking import phone_suffix
from app.tracking.model import SHANGHAI
from app.tracking.statuses import STATUSES

PAID = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)
CFG = AlertSettings()


def test_ship_by_prefers_the_promised_time_then_paid_plus_hours():
    promised = PAID + timedelta(hours=30)
    assert ship_by_deadline(promised, PAID, 48) == (promised, "承诺发货时间")
    assert ship_by_deadline(None, PAID, 48) == (PAID + timedelta(hours=48), "付款后 48 小时")
    assert ship_by_deadline(None, PAID, 36.5)[1] == "付款后 36.5 小时"
    assert ship_by_deadline(None, None, 48) == (None, "")


@pytest.mark.parametrize(("city", "paid", "deadline", "region"), [
    ("上海市", "2026-11-20 10:29", "2026-11-20 13:30", "上海市"),  # before 10:30
    ("上海市", "2026-11-20 10:30", "2026-11-21 13:30", "上海市"),  # at the cut-off is after
    ("杭州市", "2026-11-20 10:59", "2026-11-20 14:00", "杭州市"),
    ("杭州", "2026-11-20 23:00", "2026-11-21 14:00", "杭州市"),
    ("义乌市", "2026-11-20 10:00", "2026-11-20 14:00", ""),  # not a region: 11:00 setting
    ("义乌市", "2026-11-20 11:30", "2026-11-21 14:00", ""),
])
def test_sameday_deadline(city, paid, deadline, region):
    paid_at = datetime.fromisoformat(paid).replace(tzinfo=SHANGHAI)
    want = datetime.fromisoformat(deadline).replace(tzinfo=SHANGHAI)
    province = "上海市" if city == "上海市" else "浙江省"
    got, got_region, cutoff = sameday_deadline(paid_at, "SF", province, city, province, city,
                                                CFG)
    assert (got, got_region) == (want, region)
    assert cutoff == (time(10, 30) if city == "上海市" else time(11, 0))


def test_sameday_deadline_without_the_tiers_module_uses_the_setting(monkeypatch):
    real_import = builtins.__import__

    def no_tiers(name, *args, **kw):
        if name == "app.core" and args and args[2] and "tiers" in args[2]:
            raise ImportError("no tiers")
        if name == "app.core.tiers":
            raise ImportError("no tiers")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_tiers)
    cfg = AlertSettings(sameday_cutoff=time(10, 0), sameday_handover_hours=2)
    got, region, cutoff = sameday_deadline(PAID, "SF", "上海市", "上海市", "上海市", "上海市",
                                           cfg)
    assert (got, region, cutoff) == (PAID.replace(hour=12), "", time(10, 0))


def test_settings_parse_and_defaults():
    assert CFG.pickup_hours == 24 and CFG.stall_hours == 24 and CFG.ship_by_warn_hours == 6
    assert CFG.ship_by_default_hours == 48 and CFG.sameday_cutoff == time(11, 0)
    assert set(SETTING_KEYS) == set(AlertSettings.__dataclass_fields__)
    assert _parse("sameday_cutoff", "10:30") == time(10, 30)
    assert _parse("window_days", "14") == 14
    for bad in ("-1", "nan", "x"):
        with pytest.raises(ValueError):
            _parse("pickup_hours", bad)


def test_every_rule_has_a_key_chinese_title_and_an_action():
    assert set(RULES) == {"not_picked_up", "stalled", "ship_by_soon", "ship_by_breached",
                          "sameday_missed", "delivery_exception", "refused", "returning",
                          "locker_uncollected", "intercept"}
    for key, rule in RULES.items():
        assert rule.key == key and key.isascii() and rule.title_en.isascii()
        assert not rule.title.isascii() and not rule.action.isascii()
        assert rule.severity in ("urgent", "warning", "info")


@pytest.mark.parametrize(("phone", "suffix"), [
    ("18400913965-7576", "7576"),  # a platform virtual number: the extension
    ("13812345678", "5678"),
    ("+86 138 1234 5678", "5678"),
    ("138****5678", "5678"),  # a masked copy still shows the last digits
    ("184****3965-7576", "7576"),
    ("0571-88123456", "3456"),
    ("", ""),
    ("####", ""),
])
def test_phone_suffix(phone, suffix):
    assert phone_suffix(phone) == suffix


def test_rates_and_buckets():
    assert Rate(1, 3).text == "33.3%" and Rate(0, 0).text == "—" and Rate(0, 0).value is None
    assert Rate(2, 4).as_dict() == {"numerator": 2, "denominator": 4, "rate": 0.5}
    assert set(BUCKET_OF) == set(STATUSES)
    assert set(BUCKET_OF.values()) <= set(BUCKETS)
