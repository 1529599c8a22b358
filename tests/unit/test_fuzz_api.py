"""Fuzzing the API answer parsers: tracking (Kuaidi100, KDNiao) and the platform e-waybill
providers (Douyin, Kuaishou, PDD, Cainiao). Answers are malformed JSON, wrong types, huge
values, missing or extra keys, and mutations of real answers. Every answer gives a
result or the provider's own error type with a message: never another exception."""

from __future__ import annotations

import json
import math

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.carriers.cainiao import CainiaoProvider
from app.carriers.douyin import DouyinProvider
from app.carriers.kuaishou import KuaishouProvider
from app.carriers.pdd import PddProvider
from app.carriers.platform_api import ApiConfig
from app.carriers.provider import (
    AskItem,
    CancelAsk,
    CancelResult,
    Sender,
    WaybillAsk,
    WaybillFailed,
    WaybillIssued,
)
from app.platforms.http import PlatformError, post
from app.tracking.httpclient import json_body
from app.tracking.kdniao import KdniaoConfig, KdniaoProvider
from app.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Provider
from app.tracking.model import TrackError, TrackResult
from tests.unit.test_fuzz_count import counted, examples

SETTINGS = settings(max_examples=examples(300), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# JSON values, with the awkward ones: huge numbers, inf/nan (Python's json reads them),
# long strings, format braces, nested containers
LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**18, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["", "200", "ok", "true", "false", "{x}", "{0}", "}{", "%s", "3", "301",
                     "2026-11-22 10:00:00", "9999-99-99 99:99:99", "x" * 5000,
                     "13812345678", "$$a*b$1$$", "\x00", "null"]))
JSON = st.recursive(LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)),
    max_leaves=25)


@st.composite
def mutate(draw, value):  # noqa: ANN001, ANN202
    """A copy of `value` with some leaves or subtrees replaced, removed or retyped."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            act = draw(st.sampled_from(["keep", "keep", "keep", "mutate", "drop", "replace"]))
            if act == "keep":
                out[k] = v
            elif act == "mutate":
                out[k] = draw(mutate(v))
            elif act == "replace":
                out[k] = draw(JSON)
        if draw(st.booleans()):
            out[draw(st.text(max_size=8))] = draw(JSON)
        return out
    if isinstance(value, list):
        items = [draw(mutate(v)) for v in value]
        if items and draw(st.booleans()):
            items *= draw(st.integers(1, 3))
        return items if draw(st.integers(0, 9)) else draw(JSON)
    return draw(JSON) if draw(st.booleans()) else value


# ------------------------------------------------------------------------------ tracking

KD100_OK = {"message": "ok", "status": "200", "state": "3", "ischeck": "1", "com": "zhongtong",
            "nu": "78000000001", "data": [
                {"time": "2026-11-22 10:00:00", "ftime": "2026-11-22 10:00:00",
                 "context": "已签收", "statusCode": "301", "status": "签收",
                 "areaName": "浙江,杭州市"},
                {"time": "2026-11-21 08:00:00", "ftime": "2026-11-21 08:00:00",
                 "context": "已揽收", "statusCode": "1", "areaName": "浙江,金华市"}]}
KD100_ERR = {"result": False, "returnCode": "500", "message": "查询无结果，请隔段时间再查"}
KDNIAO_OK = {"EBusinessID": "1", "Success": True, "State": "3", "StateEx": "301",
             "LogisticCode": "78000000001", "ShipperCode": "ZTO", "Traces": [
                 {"AcceptTime": "2026-11-22 10:00:00", "AcceptStation": "已签收",
                  "Action": "301", "Location": "杭州市"}]}
KDNIAO_ERR = {"EBusinessID": "1", "Success": False, "Reason": "暂无轨迹信息"}


@pytest.fixture(scope="module")
def trackers():
    k = Kuaidi100Provider(Kuaidi100Config(customer="c", key="k"))
    n = KdniaoProvider(KdniaoConfig(ebusiness_id="1", app_key="k"))
    yield {"kuaidi100": (k, [KD100_OK, KD100_ERR]), "kdniao": (n, [KDNIAO_OK, KDNIAO_ERR])}
    k.close()
    n.close()


def _check_track(outcome) -> None:  # noqa: ANN001
    assert isinstance(outcome, TrackResult | TrackError), type(outcome)
    if isinstance(outcome, TrackError):
        assert isinstance(outcome.message, str) and outcome.message


# The tracking parsers (app/tracking/) tripped over wrong-typed values until issue 8 and
# were counted as known crashes; they now give a TrackError for every malformed answer, so
# an exception anywhere fails the test.


def _parse(provider, name: str, body) -> None:  # noqa: ANN001
    _check_track(provider.parse("78000000001", body))


@pytest.mark.parametrize("name", ["kuaidi100", "kdniao"])
def test_fuzz_tracking_parsers_with_any_json(trackers, name):
    provider, _seeds = trackers[name]

    @SETTINGS
    @given(st.dictionaries(st.text(max_size=12), JSON, max_size=8))
    @counted("tracking_api")
    def run(body):  # noqa: ANN001, ANN202
        _parse(provider, name, body)

    run()


@pytest.mark.parametrize("name", ["kuaidi100", "kdniao"])
def test_fuzz_tracking_parsers_with_mutated_answers(trackers, name):
    provider, seeds = trackers[name]

    @SETTINGS
    @given(st.sampled_from(seeds).flatmap(mutate))
    @counted("tracking_api")
    def run(body):  # noqa: ANN001, ANN202
        if not isinstance(body, dict):
            return
        _parse(provider, name, body)

    run()


@pytest.mark.parametrize("name,body", [
    ("kuaidi100", {"returnCode": "{x}", "message": "?"}),
    ("kuaidi100", {"message": "ok", "status": "200", "data": 5}),
    ("kdniao", {"Success": True, "Traces": 5}),
    ("kdniao", {"Success": True, "Traces": {"a": 1}}),
    ("kuaidi100", {"status": "200", "data": [], "state": 10**5000}),  # str() refuses it
])
def test_tracking_wrong_types_are_a_track_error(trackers, name, body):
    provider, _ = trackers[name]
    _check_track(provider.parse("1", body))


@pytest.mark.parametrize("code", ["{x}", "{0}", "{0.__class__.__mro__}", "{provider_message}",
                                  "}{", "{" * 50])
def test_kuaidi100_return_code_is_never_a_format_template(trackers, code):
    """returnCode and message are the provider's text: they reach the seller's message as
    text, never through str.format."""
    provider, _ = trackers["kuaidi100"]
    got = provider.parse("1", {"returnCode": code, "message": "{0.__class__} {provider_message}"})
    assert isinstance(got, TrackError) and got.code == "provider_error"
    assert "class '" not in got.message and "{0.__class__} {provider_message}" in got.message
    got = provider.parse("1", {"returnCode": "30", "message": code})  # a known rule's template
    assert isinstance(got, TrackError) and code[:40] in got.message


def _response(body: bytes, status: int = 200) -> requests.Response:
    r = requests.Response()
    r.status_code = status
    r._content = body
    r.headers["Content-Type"] = "application/json"
    r.encoding = "utf-8"
    return r


RAW = st.one_of(
    st.binary(max_size=300),
    JSON.map(lambda v: json.dumps(v).encode()),
    st.sampled_from([b"", b"{", b"[]", b"null", b"\"ok\"", b"{\"a\":}", b"NaN", b"1e999",
                     b"<html>502 Bad Gateway</html>", b"\xef\xbb\xbf{}", b"{\"a\":1}" * 3,
                     b"[" * 5000 + b"]" * 5000]))


@SETTINGS
@given(RAW)
@counted("http_json")
def test_fuzz_tracking_json_body(raw):
    got = json_body(_response(raw), "Kuaidi100")
    assert isinstance(got, dict) or (isinstance(got, TrackError) and got.message)


def test_deeply_nested_json_is_a_clear_error():
    raw = b"[" * 100000 + b"]" * 100000
    got = json_body(_response(raw), "KDNiao")
    assert isinstance(got, TrackError) and got.code == "bad_response" and "KDNiao" in got.message
    with pytest.raises(PlatformError) as err:
        post(_Session(_response(raw)), "douyin", "http://gw.example/api/ebill?sign=SECRET")
    assert err.value.code == "bad_json" and "http://gw.example/api/ebill" in err.value.message
    assert "SECRET" not in err.value.message and "[[[" not in err.value.message


class _Session:
    def __init__(self, resp: requests.Response) -> None:
        self.resp = resp

    def post(self, url, **kw):  # noqa: ANN001, ANN003, ANN201, ARG002
        return self.resp


@SETTINGS
@given(RAW, st.sampled_from([200, 200, 200, 201, 400, 404, 429, 500, 502]))
@counted("http_json")
def test_fuzz_platform_http_answers(raw, status):
    try:
        got = post(_Session(_response(raw, status)), "douyin", "http://x")
    except PlatformError as exc:
        assert exc.message and exc.code
        return
    assert isinstance(got, dict)


# ------------------------------------------------------------------------------ carriers

PROVIDERS = {"douyin": DouyinProvider, "kuaishou": KuaishouProvider, "pdd": PddProvider,
             "cainiao": CainiaoProvider}
SENDER = Sender("小鹿的零食铺", "13800001234", "浙江省", "杭州市", "余杭区", "仓前街道", "文一西路1号")


def _ask(i: int) -> WaybillAsk:
    return WaybillAsk(idem_key=f"create:1:{7568865532228085000 + i}:1",
                      order_key=str(7568865532228085000 + i), pack_no=1, carrier_code="ZTO",
                      tier_code="standard", province="浙江省", city="金华市", district="义乌市",
                      street="福田街道", receiver_name="##a*b#1##", receiver_phone="$$a*b$1$$",
                      receiver_detail="##c*d#1##", receiver_cipher=True, weight_g=1200,
                      items=(AskItem("冻干草莓脆 100g", 3, "酸奶味"),))


@pytest.fixture(scope="module")
def seeds():
    """Real answers of each platform, taken from the local look-alike gateway."""
    from tests.fakes.waybill_gateway import FakeWaybillServer

    out: dict[str, list[dict]] = {}
    with FakeWaybillServer() as srv:
        for name, cls in PROVIDERS.items():
            p = cls(ApiConfig(name, app_key="test-app", secret="test-secret",
                              token="test-token", gateway=srv.gateway(name), timeout_s=3,
                              retries=0, sender=SENDER, branch_code="330110",
                              extra={"merchant_code": "M1"}))
            got: list[dict] = []
            real = p._post

            def record(url, _real=real, _got=got, **kw):  # noqa: ANN001, ANN003, ANN202
                body = _real(url, **kw)
                _got.append(json.loads(json.dumps(body)))
                return body

            p._post = record
            issued = p.create([_ask(1), _ask(2)])
            nums = [r.waybill_no for r in issued if isinstance(r, WaybillIssued)]
            if nums:
                p.cancel([CancelAsk("cancel:1", nums[0], "ZTO", str(7568865532228085001))])
            out[name] = got
    return out


def _provider(name: str, body):  # noqa: ANN001, ANN202
    p = PROVIDERS[name](ApiConfig(name, app_key="k", secret="s", token="t", sender=SENDER,
                                  branch_code="330110", extra={"merchant_code": "M1"},
                                  retries=0))
    p._post = lambda url, **kw: body  # noqa: ARG005
    return p


def _check_create(name: str, body) -> None:  # noqa: ANN001
    asks = [_ask(1), _ask(2)]
    try:
        got = _provider(name, body).create(asks)
    except PlatformError as exc:
        assert exc.message and isinstance(exc.message, str)
        return
    assert len(got) == len(asks)
    for r in got:
        assert isinstance(r, WaybillIssued | WaybillFailed)
        if isinstance(r, WaybillIssued):
            assert isinstance(r.waybill_no, str) and r.waybill_no
        else:
            assert r.message
    out = _provider(name, body).cancel([CancelAsk("c1", "78000000001", "ZTO", "1")])
    assert len(out) == 1 and isinstance(out[0], CancelResult)


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_fuzz_waybill_answers_mutated(seeds, name):
    assert seeds[name], "the look-alike gateway gave no answers to mutate"

    @SETTINGS
    @given(st.sampled_from(seeds[name]).flatmap(mutate))
    @counted("carrier_api")
    def run(body):  # noqa: ANN001, ANN202
        if isinstance(body, dict):
            _check_create(name, body)

    run()


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_fuzz_waybill_answers_any_json(name):
    @settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.text(max_size=16), JSON, max_size=8))
    @counted("carrier_api")
    def run(body):  # noqa: ANN001, ANN202
        _check_create(name, body)

    run()


_A1 = "create:1:7568865532228085001:1"


@pytest.mark.parametrize("name,body", [
    ("douyin", {"code": 10000, "data": {"ebill_infos": 5}}),
    ("douyin", {"code": 10000, "data": {"ebill_infos": ["x"]}}),
    ("kuaishou", {"result": 1, "data": [{"requestId": _A1, "data": ["x"]}]}),
    ("pdd", {"pdd_waybill_get_response": {"modules": ["x"]}}),
    ("cainiao", {"cainiao_waybill_ii_get_response": {"modules": ["x"]}}),
])
def test_carrier_wrong_types_are_refused_cleanly(name, body):
    """Bodies that crashed the providers when first fuzzed (fixed since): kept as
    regression cases."""
    _check_create(name, body)


def test_huge_and_odd_numbers_do_not_overflow():
    for name in PROVIDERS:
        for v in (math.inf, -math.inf, math.nan, 10**40, -1, "1e309"):
            _check_create(name, {"code": v, "error_code": v, "result": v, "data": v,
                                 "success": v})
