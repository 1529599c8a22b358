"""The KDNiao client against local servers that check DataSign like the real one."""

import base64
import hashlib
import json
import socket
from datetime import datetime, timedelta
from urllib.parse import parse_qs

import pytest
from werkzeug import Response

from app.tracking.kdniao import KdniaoConfig, KdniaoProvider, data_sign
from app.tracking.model import SHANGHAI, TrackError, TrackQuery, TrackResult
from app.tracking.sandbox import scenario_of
from tests.fakes.tracking_server import KDNIAO_PATH, FakeTrackingServer, Reply

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=SHANGHAI)
PHONE = "7576"


def waybill_with(scenario, prefix="YT75123"):
    return next(wb for i in range(20000) if scenario_of(wb := f"{prefix}{i:08d}") == scenario)


@pytest.fixture
def server():
    with FakeTrackingServer(clock=lambda: NOW, lock_s=0,
                            printed_at=lambda wb: NOW - timedelta(days=6)) as srv:
        yield srv


def client(server, **kw):
    cfg = dict(ebusiness_id=server.ebusiness_id, app_key=server.app_key, base_url=server.url,
               backoff_factor=0, read_timeout_s=2)
    cfg.update(kw)
    return KdniaoProvider(KdniaoConfig(**cfg))


def q(wb, carrier="YTO", phone=PHONE):
    return TrackQuery(wb, carrier, "", phone)


def test_data_sign_known_answer_and_modes():
    text = '{"ShipperCode":"YTO","LogisticCode":"YT7512300000005"}'
    # checked with: printf '%s' '<text>kdn-app-key' | md5sum | cut -c1-32 | tr -d '\n' | base64
    assert data_sign(text, "kdn-app-key") == "MWMzODRjYTQwOTVhMDk0NWUyOGY2NTQ0NmNkOGQ3M2M="
    raw = base64.b64encode(hashlib.md5((text + "kdn-app-key").encode()).digest()).decode()
    assert data_sign(text, "kdn-app-key", "base64_md5_raw") == raw
    with pytest.raises(ValueError):
        data_sign(text, "k", "sha1")
    with pytest.raises(ValueError):
        KdniaoProvider(KdniaoConfig("1", "k", sign_mode="nope"))


def test_the_wire_format(httpserver):
    """Form fields as KDNiao reads them: DataSign URL-encoded once, not twice."""
    seen = {}

    def handler(request):
        seen["raw"] = request.get_data(as_text=True)
        seen["ctype"] = request.content_type
        return Response(json.dumps({"Success": True, "State": "0", "Traces": []}),
                        content_type="application/json")

    httpserver.expect_request(KDNIAO_PATH, method="POST").respond_with_handler(handler)
    p = KdniaoProvider(KdniaoConfig("1000001", "kdn-app-key", base_url=httpserver.url_for("/"),
                                    backoff_factor=0))
    r = p.track(q("SF1023574470215", "SF"))
    assert isinstance(r, TrackResult) and r.no_records
    assert seen["ctype"].startswith("application/x-www-form-urlencoded")
    form = {k: v[0] for k, v in parse_qs(seen["raw"]).items()}
    assert form["EBusinessID"] == "1000001" and form["RequestType"] == "8001"
    assert form["DataType"] == "2"
    data = json.loads(form["RequestData"])
    assert data == {"OrderCode": "", "ShipperCode": "SF", "LogisticCode": "SF1023574470215",
                    "CustomerName": PHONE, "Sort": 0}
    assert form["DataSign"] == data_sign(form["RequestData"], "kdn-app-key")
    assert "%253D" not in seen["raw"]  # "=" of the Base64 encoded once → %3D


def test_a_delivered_parcel_with_action_codes(server):
    wb = waybill_with("delivered_locker")
    r = client(server).track(q(wb))
    assert isinstance(r, TrackResult) and server.seen[-1].signed_ok
    assert r.status == "delivered" and r.final and r.raw_state == "311"
    assert [e.occurred_at for e in r.events] == sorted(e.occurred_at for e in r.events)
    assert r.events[0].raw_code == "1" and r.events[0].status == "picked_up"
    assert "available_for_pickup" in [e.status for e in r.events]
    assert r.provider == "kdniao"


def test_request_type_1002_falls_back_to_the_texts(server):
    wb = waybill_with("refused")
    r = client(server, request_type="1002").track(q(wb))
    assert isinstance(r, TrackResult)
    assert all(e.raw_code == "" for e in r.events)
    got = [e.status for e in r.events]
    assert got[0] == "picked_up" and "exception" in got and "returning" in got
    assert r.status == "returned" and r.final


def test_phone_and_account_codes(server):
    c = client(server)
    assert "CustomerName" not in (c.build_form(q("YT1", "YTO")) or {})["RequestData"]
    err = c.track(q("SF1", "SF", phone=""))
    assert isinstance(err, TrackError) and err.code == "phone_required"
    err = c.track(q("JDX000000000001", "JD"))
    assert isinstance(err, TrackError) and err.code == "account_code_required"
    assert server.seen == []
    jd = client(server, account_customer_names={"JD": "010K123456"})
    jd.track(q("JDX000000000001", "JD"))
    assert server.seen[-1].fields["CustomerName"] == "010K123456"
    err = c.track(q("X1", "NOPE"))
    assert isinstance(err, TrackError) and err.code == "unknown_carrier"


def test_wrong_phone_digits(server):
    wb = waybill_with("delivered_door", "SF10235")
    server.phones[wb] = "1111"
    r = client(server).track(q(wb, "SF"))
    assert isinstance(r, TrackError) and r.code == "phone_mismatch" and not r.retryable
    assert PHONE not in repr(r)


@pytest.mark.parametrize("kw", [{"app_key": "wrong"}, {"ebusiness_id": "999"},
                                {"sign_mode": "base64_md5_raw"}])
def test_bad_credentials_or_signing_are_refused(server, kw):
    r = client(server, **kw).track(q("YT7512300000005"))
    assert not server.seen[-1].signed_ok
    assert isinstance(r, TrackError) and r.code == "auth_failed" and r.account_wide


def test_no_traces_is_an_empty_result(server):
    r = client(server).track(q(waybill_with("never_picked_up")))
    assert isinstance(r, TrackResult) and r.no_records and not r.final


def test_query_lock(server):
    server.lock_s = 1800
    c = client(server)
    wb = waybill_with("delivered_door")
    c.track(q(wb))
    r = c.track(q(wb))
    assert isinstance(r, TrackError) and r.code == "rate_limited" and r.retry_after_s >= 1800


@pytest.mark.parametrize(("reason", "code", "retryable", "account"), [
    ("没有可用套餐", "no_balance", False, True),
    ("快递公司编码不正确", "unknown_carrier", False, False),
    ("系统繁忙，请稍后再试", "server_busy", True, True),
    ("未知错误", "provider_error", True, False),
    ("", "provider_error", True, False),
])
def test_business_errors(server, reason, code, retryable, account):
    server.enqueue(Reply({"EBusinessID": "1000001", "Success": False, "Reason": reason}))
    r = client(server).track(q("YT7512300000005"))
    assert isinstance(r, TrackError)
    assert (r.code, r.retryable, r.account_wide) == (code, retryable, account)


def test_transport_failures(server):
    server.enqueue(Reply("<html>502</html>", status=502, content_type="text/html"))
    server.enqueue(Reply("<html>502</html>", status=502, content_type="text/html"))
    r = client(server, retries=1).track(q("YT7512300000005"))
    assert isinstance(r, TrackError) and r.code == "server_error" and r.retryable
    server.enqueue(Reply("{broken json"))
    assert client(server).track(q("YT7512300000005")).code == "bad_response"
    server.enqueue(Reply({"Success": True}, delay_s=1.0))
    assert client(server, read_timeout_s=0.2).track(q("YT7512300000005")).code == "timeout"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    off = client(server, base_url=f"http://127.0.0.1:{port}", retries=0)
    r = off.track(q("YT7512300000005"))
    assert r.code == "offline" and r.account_wide
