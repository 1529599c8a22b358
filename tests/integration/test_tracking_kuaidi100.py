"""The Kuaidi100 client against a local server that checks signatures like the real one."""

import hashlib
import json
import logging
import socket
from datetime import datetime, timedelta

import pytest

from app.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Provider, sign
from app.tracking.model import SHANGHAI, TrackError, TrackQuery, TrackResult
from app.tracking.sandbox import scenario_of
from tests.fakes.tracking_server import FakeTrackingServer, Reply

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=SHANGHAI)
PHONE = "9731"


def waybill_with(scenario, prefix="YT75123"):
    return next(wb for i in range(20000) if scenario_of(wb := f"{prefix}{i:08d}") == scenario)


@pytest.fixture
def server():
    with FakeTrackingServer(clock=lambda: NOW, lock_s=0,
                            printed_at=lambda wb: NOW - timedelta(days=6)) as srv:
        yield srv


def client(server, **kw):
    cfg = dict(customer=server.customer, key=server.key, base_url=server.url,
               backoff_factor=0, read_timeout_s=2)
    cfg.update(kw)
    return Kuaidi100Provider(Kuaidi100Config(**cfg))


def q(wb, com="yuantong", phone=PHONE):
    return TrackQuery(wb, {"yuantong": "YTO", "zhongtong": "ZTO", "shunfeng": "SF"}.get(com, ""),
                      com, phone, dest_city="杭州市")


def test_sign_known_answer():
    # checked with: printf '%s' '<param>testkeyTESTCUSTOMER' | md5sum
    assert sign('{"com":"yuantong","num":"YT7512300000005"}', "testkey", "TESTCUSTOMER") \
        == "99BFEAB2E4228797633ED562756485CE"


def test_a_delivered_parcel(server):
    wb = waybill_with("delivered_door")
    r = client(server).track(q(wb))
    assert isinstance(r, TrackResult)
    assert server.seen[-1].signed_ok
    assert r.status == "delivered" and r.final and r.raw_state == "3"
    assert r.provider == "kuaidi100"
    times = [e.occurred_at for e in r.events]
    assert times == sorted(times) and all(t.tzinfo for t in times)  # oldest first
    assert r.events[0].status == "picked_up" and r.events[0].raw_code == "103"
    assert r.events[-1].raw_code == "301" and r.events[-1].location
    sent = server.seen[-1].fields
    assert sent["com"] == "yuantong" and sent["num"] == wb
    assert sent["resultv2"] == "4" and sent["show"] == "0" and sent["order"] == "desc"
    assert sent["to"] == "杭州市" and sent["lang"] == "zh"


def test_phone_goes_only_to_carriers_that_need_it(server):
    c = client(server)
    c.track(q(waybill_with("delivered_door"), "yuantong"))
    assert "phone" not in server.seen[-1].fields
    c.track(q(waybill_with("delivered_door", "78431"), "zhongtong"))
    assert server.seen[-1].fields["phone"] == PHONE
    c.track(q(waybill_with("delivered_door", "SF10235"), "shunfeng"))
    assert server.seen[-1].fields["phone"] == PHONE


def test_missing_phone_is_caught_before_spending_a_query(server):
    r = client(server).track(q("SF1023574470215", "shunfeng", phone=""))
    assert isinstance(r, TrackError) and r.code == "phone_required" and not r.retryable
    assert server.seen == []


def test_wrong_phone_digits(server):
    wb = waybill_with("delivered_door", "78431")
    server.phones[wb] = "1111"
    r = client(server).track(q(wb, "zhongtong"))
    assert isinstance(r, TrackError) and r.code == "phone_mismatch" and not r.retryable


def test_wrong_key_is_rejected_by_the_server_check(server):
    r = client(server, key="not-the-key").track(q("YT7512300000005"))
    assert not server.seen[-1].signed_ok
    assert isinstance(r, TrackError) and r.code == "auth_failed"
    assert r.account_wide and not r.retryable and "Settings" in r.message


def test_no_records_yet_is_an_empty_result(server):
    r = client(server).track(q(waybill_with("never_picked_up")))
    assert isinstance(r, TrackResult) and r.no_records and r.status == "unknown"
    assert not r.final


def test_the_query_lock_becomes_a_long_retry(server):
    server.lock_s = 1800
    c = client(server)
    wb = waybill_with("delivered_door")
    assert isinstance(c.track(q(wb)), TrackResult)
    r = c.track(q(wb))
    assert isinstance(r, TrackError) and r.code == "rate_limited"
    assert r.retryable and r.retry_after_s >= 1800 and not r.account_wide


@pytest.mark.parametrize(("code", "message", "ours", "retryable", "account"), [
    ("400", "找不到对应公司", "bad_request", False, False),
    ("501", "服务器错误", "server_error", True, False),
    ("502", "服务器繁忙", "server_busy", True, True),
    ("503", "验证签名失败", "auth_failed", False, True),
    ("601", "key已过期", "no_balance", False, True),
    ("777", "新的错误", "provider_error", True, False),
])
def test_business_errors(server, code, message, ours, retryable, account):
    server.enqueue(Reply({"result": False, "returnCode": code, "message": message}))
    r = client(server).track(q("YT7512300000005"))
    assert isinstance(r, TrackError)
    assert (r.code, r.retryable, r.account_wide) == (ours, retryable, account)
    assert message in r.message


def test_5xx_is_retried_then_succeeds(server):
    wb = waybill_with("delivered_door")
    server.enqueue(Reply("bad gateway", status=502, content_type="text/plain"))
    server.enqueue(Reply("unavailable", status=503, content_type="text/plain"))
    r = client(server, retries=2).track(q(wb))
    assert isinstance(r, TrackResult) and r.final
    assert len(server.seen) == 3


def test_5xx_that_persists_is_a_retryable_error(server):
    for _ in range(3):
        server.enqueue(Reply("oops", status=500, content_type="text/plain"))
    r = client(server, retries=2).track(q("YT7512300000005"))
    assert isinstance(r, TrackError) and r.code == "server_error" and r.retryable
    assert len(server.seen) == 3  # bounded: 1 + 2 retries


def test_malformed_json(server):
    server.enqueue(Reply("<html>维护中</html>", content_type="text/html"))
    r = client(server).track(q("YT7512300000005"))
    assert isinstance(r, TrackError) and r.code == "bad_response" and r.retryable
    server.enqueue(Reply('["not", "an", "object"]'))
    assert client(server).track(q("YT7512300000005")).code == "bad_response"


def test_a_slow_answer_times_out_without_a_retry(server):
    server.enqueue(Reply({"message": "ok", "status": "200", "data": []}, delay_s=1.0))
    r = client(server, read_timeout_s=0.2).track(q("YT7512300000005"))
    assert isinstance(r, TrackError) and r.code == "timeout" and r.retryable
    assert len(server.seen) == 1  # a read timeout may have counted: never re-sent


def test_offline():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = Kuaidi100Provider(Kuaidi100Config("c", "k", base_url=f"http://127.0.0.1:{port}",
                                          backoff_factor=0, retries=1))
    r = p.track(q("YT7512300000005"))
    assert isinstance(r, TrackError) and r.code == "offline"
    assert r.retryable and r.account_wide


def test_wrong_address_is_a_settings_problem(server):
    r = client(server, query_path="/nope").track(q("YT7512300000005"))
    assert isinstance(r, TrackError) and r.code == "http_error" and r.account_wide


def test_without_resultv2_the_status_names_are_used(server):
    wb = waybill_with("delivered_station")
    r = client(server, resultv2="0").track(q(wb))
    assert isinstance(r, TrackResult) and r.status == "delivered"
    assert all(e.raw_code for e in r.events)  # codes recovered from "在途", "签收" …
    statuses = [e.status for e in r.events]
    assert "available_for_pickup" in statuses  # "派件" refined by "取件码" in the text


def test_parse_tolerates_odd_events(server):
    p = client(server)
    body = {"message": "ok", "status": "200", "state": "0", "ischeck": "0", "data": [
        {"time": "2026-11-20 12:00:00", "context": "【杭州市】快件已到达【杭州转运中心】",
         "status": "在途"},
        {"time": "garbage", "context": "x"},
        "not a dict",
        {"ftime": "2026-11-20 12:00:00", "context": "【杭州市】快件已到达【杭州转运中心】 "},
    ]}
    r = p.parse("W", body)
    assert len(r.events) == 1 and r.status == "in_transit"
    signed = dict(body, ischeck="1")
    assert p.parse("W", signed).status == "delivered"


def test_the_phone_never_reaches_errors_or_logs(server, caplog):
    caplog.set_level(logging.DEBUG)
    c = client(server)
    wb = waybill_with("delivered_door", "78431")
    server.phones[wb] = "0000"
    outcomes = [c.track(q(wb, "zhongtong"))]
    server.enqueue(Reply({"result": False, "returnCode": "400",
                          "message": f"参数错误 phone={PHONE} 13812349731"}))
    outcomes.append(c.track(q(wb, "zhongtong")))
    server.enqueue(Reply("x", status=500))
    server.enqueue(Reply("x", status=500))
    server.enqueue(Reply("x", status=500))
    outcomes.append(c.track(q(wb, "zhongtong")))
    for o in outcomes:
        assert isinstance(o, TrackError)
        assert "13812349731" not in repr(o) and PHONE not in repr(o)
    assert PHONE not in caplog.text and "13812349731" not in caplog.text
    assert PHONE not in repr(c.config) and server.key not in repr(c.config)


def test_server_signature_check_is_independent():
    """The look-alike recomputes the sign from the raw form, as Kuaidi100 does."""
    with FakeTrackingServer(clock=lambda: NOW, lock_s=0) as srv:
        import requests

        param = json.dumps({"com": "yuantong", "num": "YT1"}, separators=(",", ":"))
        good = hashlib.md5((param + srv.key + srv.customer).encode()).hexdigest().upper()
        for s, ok in ((good, True), (good.lower(), False), ("", False)):
            requests.post(srv.url + "/poll/query.do",
                          data={"customer": srv.customer, "sign": s, "param": param}, timeout=5)
            assert srv.seen[-1].signed_ok is ok
