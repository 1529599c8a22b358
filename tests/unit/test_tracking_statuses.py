"""Status normalisation: every entry of the data file, plus an independent golden table."""

import json

import pytest

from app.resources import resource
from app.tracking import statuses
from app.tracking.statuses import STATUSES, StatusMap, classify, is_final, normalise

DATA = json.loads(resource("tracking", "status_map.json").read_text(encoding="utf-8"))
ENTRIES = [(p, code, e) for p, codes in DATA["providers"].items() for code, e in codes.items()]


@pytest.mark.parametrize(("provider", "code", "entry"), ENTRIES,
                         ids=[f"{p}-{c}" for p, c, _ in ENTRIES])
def test_every_mapping_entry(provider, code, entry):
    got = classify(provider, code)
    assert got.status == entry["status"]
    assert got.status in STATUSES
    assert got.flag == entry.get("flag", "")
    # codes arrive as ints or with spaces from some providers
    if code.isdigit():
        assert normalise(provider, int(code)) == entry["status"]
    assert normalise(provider, f" {code} ") == entry["status"]


# Independent of the data file: the codes and meanings in shared/reference/platforms.md.
GOLDEN = {
    "kuaidi100": {
        "0": "in_transit", "1": "picked_up", "101": "label_created", "102": "label_created",
        "103": "picked_up", "2": "exception", "3": "delivered", "301": "delivered",
        "302": "delivered", "303": "delivered", "304": "delivered", "4": "returned",
        "5": "out_for_delivery", "501": "available_for_pickup", "6": "returning",
        "7": "in_transit", "8": "in_transit", "10": "in_transit", "11": "in_transit",
        "12": "in_transit", "13": "exception", "14": "exception",
    },
    "kdniao": {
        "0": "unknown", "1": "picked_up", "2": "in_transit", "201": "in_transit",
        "202": "out_for_delivery", "211": "available_for_pickup", "3": "delivered",
        "301": "delivered", "304": "delivered", "311": "delivered", "4": "exception",
        "401": "exception", "402": "exception", "403": "exception", "404": "exception",
        "405": "delivery_failed", "412": "exception", "414": "exception",
        "416": "delivery_failed", "423": "exception", "5": "in_transit", "6": "in_transit",
        "10": "label_created",
    },
}
GOLDEN_ROWS = [(p, c, s) for p, t in GOLDEN.items() for c, s in t.items()]


@pytest.mark.parametrize(("provider", "code", "status"), GOLDEN_ROWS,
                         ids=[f"{p}-{c}" for p, c, _ in GOLDEN_ROWS])
def test_golden_codes(provider, code, status):
    assert code in DATA["providers"][provider], "a documented code is missing from the map"
    assert normalise(provider, code) == status


@pytest.mark.parametrize(("provider", "code", "flag"), [
    ("kuaidi100", "14", "refused"), ("kdniao", "404", "refused"),
    ("kdniao", "412", "locker_uncollected"), ("kuaidi100", "205", "locker_uncollected"),
    ("sandbox", "LOCKER_OVERDUE", "locker_uncollected"), ("sandbox", "REFUSED", "refused"),
    ("kdniao", "414", "damaged"), ("kdniao", "423", "out_of_area"),
])
def test_flags_for_alert_rules(provider, code, flag):
    assert statuses.flag(provider, code) == flag


def test_every_sandbox_code_has_a_provider_look_alike_with_the_same_status():
    look = json.loads(resource("tracking", "sandbox_journeys.json").read_text(encoding="utf-8"))
    for provider, table in look["as_provider"].items():
        assert set(table) == set(DATA["providers"]["sandbox"]), provider
        for sandbox_code, code in table.items():
            assert normalise(provider, code) == normalise("sandbox", sandbox_code), \
                (provider, sandbox_code, code)


@pytest.mark.parametrize(("text", "status"), [
    ("【杭州市】快件已由【杭州转运中心】发往【金华转运中心】", "in_transit"),
    ("【义乌市】【浙江义乌稠城营业部】的王师傅已揽收", "picked_up"),
    ("【杭州市】快递员李师傅正在派件，请保持电话畅通", "out_for_delivery"),
    ("【杭州市】您的快件已暂存至【菜鸟驿站】，请凭取件码6-2-3015及时取件", "available_for_pickup"),
    ("【杭州市】您的快件已签收，签收人：本人签收", "delivered"),
    ("【杭州市】收件人拒收，快件将退回寄件人", "exception"),
    ("【杭州市】退回件已由【杭州转运中心】发往【金华转运中心】", "returning"),
    ("【义乌市】退回件已签收，签收人：寄件人", "returned"),
    ("【杭州市】快件派送不成功，原因：收件人电话无人接听", "delivery_failed"),
    ("商家正在通知快递员揽件", "label_created"),
    ("快件为疑难件，原因：收件地址不详", "exception"),
    ("something unrelated", "unknown"),
    ("", "unknown"),
])
def test_text_rules_when_the_code_is_unknown(text, status):
    assert normalise("kuaidi100", "", text) == status
    assert normalise("no-such-provider", "X", text) == status


def test_broad_codes_are_refined_by_text_only_towards_allowed_statuses():
    station = "【杭州市】您的快件已暂存至【菜鸟驿站】，请凭取件码6-2-3015及时取件"
    assert normalise("kuaidi100", "5", station) == "available_for_pickup"
    assert normalise("kuaidi100", "5", "您的快件已签收") == "out_for_delivery"  # not allowed
    assert normalise("kuaidi100", "3", station) == "delivered"  # specific codes never move
    assert normalise("kdniao", "2", "快递员王师傅正在派件") == "out_for_delivery"
    assert normalise("kuaidi100", "0", "【杭州市】快件已到达【杭州转运中心】") == "in_transit"


def test_code_for_name():
    m = statuses.default_map()
    assert m.code_for_name("kuaidi100", "在途") == "0"
    assert m.code_for_name("kuaidi100", " 签收 ") == "3"
    assert m.code_for_name("kuaidi100", "no such") == ""
    assert m.code_for_name("nobody", "在途") == ""


@pytest.mark.parametrize("status", STATUSES)
def test_is_final(status):
    assert is_final(status) == (status in {"delivered", "returned", "cancelled"})


def _data(**changes):
    d = json.loads(json.dumps(DATA))
    d["providers"]["kuaidi100"]["0"].update(changes)
    return d


@pytest.mark.parametrize("bad", [
    {"status": "lost_in_space"}, {"flag": "not_a_flag"}, {"refine": ["nowhere"]},
])
def test_a_broken_map_is_refused_at_load(bad):
    with pytest.raises(ValueError):
        StatusMap(_data(**bad))


def test_the_map_must_list_the_statuses_and_final_set():
    d = json.loads(json.dumps(DATA))
    d["final"] = ["delivered"]
    with pytest.raises(ValueError):
        StatusMap(d)
    d = json.loads(json.dumps(DATA))
    d["statuses"] = d["statuses"][:-1]
    with pytest.raises(ValueError):
        StatusMap(d)
