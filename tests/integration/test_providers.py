"""Each platform e-waybill provider against the local look-alike gateway, which checks the
signature, the common parameters, the batch limits and the request shape, and answers
with successes, business errors, 5xx and late answers."""

import math

import pytest

from app.carriers.cainiao import CainiaoProvider
from app.carriers.catalogue import carrier
from app.carriers.douyin import DouyinProvider
from app.carriers.kuaishou import KuaishouProvider
from app.carriers.pdd import PddProvider
from app.carriers.platform_api import ApiConfig, map_error, scrub
from app.carriers.provider import (
    AskItem,
    CancelAsk,
    RangeAsk,
    Sender,
    WaybillAsk,
    WaybillFailed,
    WaybillIssued,
)
from app.platforms.http import PlatformError
from tests.fakes.waybill_gateway import LIMITS, FakeWaybillServer, Reply

PROVIDERS = {"douyin": DouyinProvider, "kuaishou": KuaishouProvider, "pdd": PddProvider,
             "cainiao": CainiaoProvider}
ALL = list(PROVIDERS)
SENDER = Sender("小鹿的零食铺", "13800001234", "浙江省", "杭州市", "余杭区", "仓前街道",
                "文一西路1号2号楼301室")
PHONE_CIPHER = "$$6g51WlwughAkKgjnB49/iThesJQjVVGC*VouW6KT+8joMn8Wv12CEN4Fr3Q$1$$"
NAME_CIPHER = "##yRH1fM7UWLu/LOA3U8m9+g/w*Fp3JV1Z0BmZ2z7C064kCxEJp2hz2umb#1##"
ADDR_CIPHER = "##mEBsGJwkJ56YUdWBQgQTb+tX*E8FmsTJp3WP8NceX/wimzZAJUGanRa3b#1##"


@pytest.fixture
def srv():
    with FakeWaybillServer() as s:
        yield s


def make(srv, provider, **kw):
    opts = dict(app_key="test-app", secret="test-secret", token="test-token",
                gateway=srv.gateway(provider), timeout_s=3, retries=0, sender=SENDER,
                branch_code="330110", extra={"merchant_code": "M1"})
    opts.update(kw)
    return PROVIDERS[provider](ApiConfig(provider, **opts))


def ask(i, carrier_code="ZTO", province="浙江省", city="金华市", district="义乌市", pack=1):
    return WaybillAsk(
        idem_key=f"create:1:{7568865532228085000 + i}:{pack}",
        order_key=str(7568865532228085000 + i), pack_no=pack, carrier_code=carrier_code,
        tier_code="standard", province=province, city=city, district=district,
        street="福田街道", receiver_name=NAME_CIPHER, receiver_phone=PHONE_CIPHER,
        receiver_detail=ADDR_CIPHER, receiver_cipher=True, weight_g=1200,
        items=(AskItem("冻干草莓脆 100g", 3, "酸奶味"),))


# ------------------------------------------------------------------ successes
@pytest.mark.parametrize("provider", ALL)
def test_numbers_are_issued_in_batches_within_the_limit(srv, provider):
    p = make(srv, provider)
    asks = [ask(i) for i in range(23)]
    got = p.create(asks)
    assert srv.problems == []
    assert all(isinstance(r, WaybillIssued) for r in got), got
    assert [r.idem_key for r in got] == [a.idem_key for a in asks]
    numbers = [r.waybill_no for r in got]
    assert len(set(numbers)) == 23
    assert all(carrier("ZTO").matches(n) for n in numbers)
    calls = srv.calls(provider)
    assert len(calls) == math.ceil(23 / LIMITS[provider])
    assert all(c.signed_ok and c.orders <= LIMITS[provider] for c in calls)
    # the same order + pack asked again gets the same number back
    assert [r.waybill_no for r in p.create(asks)] == numbers
    assert len(srv.issued) == 23


@pytest.mark.parametrize("provider", ALL)
def test_receiver_ciphertext_goes_out_unchanged(srv, provider):
    make(srv, provider).create([ask(1)])
    payload = str(srv.calls(provider)[0].payload)
    for value in (PHONE_CIPHER, NAME_CIPHER, ADDR_CIPHER):
        assert value in payload


def test_douyin_answers_carry_routing_and_md5_signing_works(srv):
    got = make(srv, "douyin", sign_method="md5").create([ask(1, "SF")])[0]
    assert isinstance(got, WaybillIssued) and carrier("SF").matches(got.waybill_no)
    assert got.sort_code and got.package_center_name.endswith("中心") and got.short_address
    assert srv.calls("douyin")[0].signed_ok


def test_kuaishou_md5_signing_and_print_data(srv):
    got = make(srv, "kuaishou", sign_method="MD5").create([ask(1)])[0]
    assert isinstance(got, WaybillIssued) and got.print_data.startswith("ENC")
    assert srv.problems == []


def test_one_call_carries_one_carrier(srv):
    with pytest.raises(ValueError, match="one carrier"):
        make(srv, "douyin").create([ask(1, "ZTO"), ask(2, "YTO")])


# ------------------------------------------------------------------ refusals
@pytest.mark.parametrize("provider", ALL)
def test_a_wrong_secret_says_to_check_the_key(srv, provider):
    with pytest.raises(PlatformError) as e:
        make(srv, provider, secret="not-the-secret").create([ask(1)])
    assert not e.value.retryable
    assert "signature" in e.value.message and "Settings → Accounts" in e.value.message
    assert srv.issued == {}


@pytest.mark.parametrize("provider", ALL)
def test_an_expired_token_says_to_authorise_again(srv, provider):
    with pytest.raises(PlatformError) as e:
        make(srv, provider, token="old-token").create([ask(1)])
    assert "authoris" in e.value.message and not e.value.retryable


@pytest.mark.parametrize("provider", ALL)
def test_missing_credentials_are_named_before_any_call(srv, provider):
    with pytest.raises(PlatformError, match="no access token"):
        make(srv, provider, token="").create([ask(1)])
    assert srv.seen == []


@pytest.mark.parametrize("provider", ALL)
def test_5xx_is_retryable_and_issues_nothing(srv, provider):
    srv.queue(provider, Reply("<html>bad gateway</html>", status=502))
    with pytest.raises(PlatformError) as e:
        make(srv, provider).create([ask(1)])
    assert e.value.retryable and e.value.code == "http_502"
    assert srv.issued == {}


@pytest.mark.parametrize("provider", ALL)
def test_5xx_then_success_with_http_retries(srv, provider):
    srv.queue(provider, Reply("busy", status=503))
    got = make(srv, provider, retries=1, backoff_s=0).create([ask(1)])
    assert isinstance(got[0], WaybillIssued)


@pytest.mark.parametrize("provider", ALL)
def test_a_late_answer_is_a_retryable_timeout(srv, provider):
    srv.queue(provider, Reply({"never": "read"}, delay_s=1.0))
    with pytest.raises(PlatformError) as e:
        make(srv, provider, timeout_s=0.3).create([ask(1)])
    # requests reports a read timeout after urllib3's retries as a connection error
    assert e.value.code in {"timeout", "offline"} and e.value.retryable


@pytest.mark.parametrize("provider", ALL)
def test_issued_but_the_answer_was_lost_then_asked_again_gives_the_same_number(srv, provider):
    srv.queue(provider, Reply(issue=True, delay_s=1.0))
    p = make(srv, provider, timeout_s=0.3)
    asks = [ask(i) for i in range(3)]
    with pytest.raises(PlatformError) as e:
        p.create(asks)
    assert e.value.retryable
    issued = dict(srv.issued)
    assert len(issued) == 3  # the platform did issue them
    again = p.create(asks)
    assert sorted(r.waybill_no for r in again) == sorted(issued.values())
    assert srv.issued == issued  # nothing new


@pytest.mark.parametrize("provider", ALL)
def test_the_http_layer_retries_a_read_timeout_without_a_second_number(srv, provider):
    srv.queue(provider, Reply(issue=True, delay_s=1.0))
    got = make(srv, provider, timeout_s=0.3, retries=1, backoff_s=0).create([ask(1)])
    assert isinstance(got[0], WaybillIssued)
    assert len(srv.calls(provider)) == 2 and len(srv.issued) == 1
    assert got[0].waybill_no == next(iter(srv.issued.values()))


def test_douyin_per_order_errors_come_from_err_infos(srv):
    bad = str(7568865532228085000 + 2)
    srv.fail_orders[bad] = ("isv.order-status-invalid", "订单已取消 收件人13812345678")
    got = make(srv, "douyin").create([ask(i) for i in range(5)])
    failed = [r for r in got if isinstance(r, WaybillFailed)]
    assert len(failed) == 1 and failed[0].idem_key.endswith(f"{bad}:1")
    assert "cannot ship in its current platform status" in failed[0].message
    assert sum(isinstance(r, WaybillIssued) for r in got) == 4
    assert len(srv.calls("douyin")) == 1


def test_unknown_per_order_codes_are_scrubbed_of_personal_data(srv):
    bad = str(7568865532228085000 + 1)
    srv.fail_orders[bad] = ("isv.whatever", f"收件人电话13812345678 地址{ADDR_CIPHER} 不对")
    got = make(srv, "douyin").create([ask(1)])[0]
    assert isinstance(got, WaybillFailed)
    assert "13812345678" not in got.message and ADDR_CIPHER not in got.message
    assert got.message.startswith("Douyin refused the request (isv.whatever)")
    assert "[ciphertext]" in got.message


def test_kuaishou_per_order_errors_come_per_request(srv):
    bad = str(7568865532228085000 + 3)
    srv.fail_orders[bad] = ("803003", "订单状态不允许")
    got = make(srv, "kuaishou").create([ask(i) for i in range(6)])
    failed = [r for r in got if isinstance(r, WaybillFailed)]
    assert len(failed) == 1 and "platform status" in failed[0].message
    assert len(srv.calls("kuaishou")) == 1


@pytest.mark.parametrize("provider", ["pdd", "cainiao"])
def test_a_refused_batch_is_retried_one_by_one_to_name_the_order(srv, provider):
    srv.out_of_range.add(("新疆维吾尔自治区",))
    asks = [ask(i) for i in range(4)] + [ask(9, province="新疆维吾尔自治区", city="喀什地区",
                                              district="喀什市")]
    got = make(srv, provider).create(asks)
    assert [type(r).__name__ for r in got] == ["WaybillIssued"] * 4 + ["WaybillFailed"]
    assert "does not deliver" in got[-1].message
    assert len(srv.calls(provider)) == 1 + 5  # the batch, then each order alone


def test_douyin_whole_call_business_errors_are_mapped(srv):
    srv.queue("douyin", Reply({"code": 50002, "msg": "busy", "sub_code": "isp.service-error",
                               "sub_msg": "系统繁忙"}))
    with pytest.raises(PlatformError) as e:
        make(srv, "douyin").create([ask(1)])
    assert e.value.retryable and "try again" in e.value.message
    srv.queue("douyin", Reply({"code": 40004, "msg": "fail",
                               "sub_code": "isv.balance-not-enough", "sub_msg": "余额不足"}))
    with pytest.raises(PlatformError) as e:
        make(srv, "douyin").create([ask(1)])
    assert not e.value.retryable and "top up" in e.value.message


def test_garbage_answers_are_retryable(srv):
    srv.queue("pdd", Reply("<html>maintenance</html>"))
    with pytest.raises(PlatformError) as e:
        make(srv, "pdd").create([ask(1)])
    assert e.value.code == "bad_json" and e.value.retryable
    srv.queue("cainiao", Reply({"something_else": {}}))
    with pytest.raises(PlatformError) as e:
        make(srv, "cainiao").create([ask(1)])
    assert e.value.code == "bad_answer"


def test_the_server_holds_the_batch_limit(srv):
    p = make(srv, "kuaishou")
    with pytest.raises(PlatformError) as e:
        p._create_batch([ask(i) for i in range(11)])  # bypassing the provider's own split
    assert "rejected a field" in e.value.message
    assert any("1 to 10 allowed" in x for x in srv.problems)


def test_a_clock_off_by_more_than_ten_minutes_is_refused(srv):
    from datetime import timedelta

    from app.core.timeutil import now

    p = make(srv, "pdd")
    p.cfg.clock = lambda: now() - timedelta(minutes=11)
    with pytest.raises(PlatformError):
        p.create([ask(1)])
    assert any("timestamp" in x for x in srv.problems)


# ------------------------------------------------------------------ cancel and range
@pytest.mark.parametrize("provider", ALL)
def test_void_returns_the_number_and_a_new_ask_gets_a_new_one(srv, provider):
    p = make(srv, provider)
    first = p.create([ask(1)])[0]
    c = p.cancel([CancelAsk("cancel:1:x", first.waybill_no, "ZTO", first.idem_key, 1, "重复")])
    assert c[0].ok and c[0].returned
    again = p.cancel([CancelAsk("cancel:1:x", first.waybill_no, "ZTO", "", 1, "重复")])
    assert again[0].ok  # already void is fine
    second = p.create([ask(1)])[0]
    assert isinstance(second, WaybillIssued) and second.waybill_no != first.waybill_no
    assert srv.problems == []


@pytest.mark.parametrize("provider", ALL)
def test_voiding_an_unknown_number_fails_clearly(srv, provider):
    c = make(srv, provider).cancel([CancelAsk("k", "781234567890", "ZTO", "", 1, "x")])
    assert not c[0].ok and c[0].message


@pytest.mark.parametrize("provider", ["douyin", "kuaishou"])
def test_range_check(srv, provider):
    srv.out_of_range.add(("西藏自治区", "阿里地区"))
    got = make(srv, provider).check_range([
        RangeAsk("a", "ZTO", "浙江省", "金华市", "义乌市"),
        RangeAsk("b", "ZTO", "西藏自治区", "阿里地区", "噶尔县")])
    assert [(r.key, r.served) for r in got] == [("a", True), ("b", False)]
    assert "does not deliver" in got[1].message
    assert srv.problems == []


@pytest.mark.parametrize("provider", ["pdd", "cainiao"])
def test_platforms_without_a_range_check_say_unknown(srv, provider):
    got = make(srv, provider).check_range([RangeAsk("a", "ZTO", "浙江省", "金华市", "义乌市")])
    assert got[0].served is None and srv.seen == []


def test_error_mapping_and_scrubbing():
    m = map_error("douyin", 40004, "isv.out-of-range", "超区")
    assert "does not deliver" in m.message and m.order_scope
    m = map_error("kuaishou", "999", "", "手机13912345678错误")
    assert "13912345678" not in m.message and "Kuaishou refused" in m.message
    assert scrub(f"a {PHONE_CIPHER} b") == "a [ciphertext] b"
    assert map_error("douyin", "", "isv.waybill-cancelled").ok
