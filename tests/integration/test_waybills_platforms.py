"""Allocation through real platform providers (against the local look-alike gateways):
ciphertext receivers, the binding rule, range checks, voids, and no number lost or doubled
when answers are late or the station crashes."""

from collections import Counter

import pytest
from sqlalchemy import func, select

from app.carriers.catalogue import carrier
from app.carriers.provider import Sender
from app.core.orders import RecipientRecord
from app.services import accounts as acc_service
from app.services import waybills as wb
from app.services.accounts import AccountError, AccountInput, BindingError, save_account
from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.waybills import (
    allocate_waybills,
    cancel_waybills,
    check_deliverable,
    pending_count,
    reconcile_pending,
)
from app.store.db import transaction
from app.store.models import (
    AuditLog,
    Order,
    OrderItem,
    Parcel,
    Recipient,
    SandboxIssued,
    Shop,
    WaybillAccount,
    WaybillRequest,
)
from app.store.models_carriers import WaybillVoid
from app.store.recipients import open_field, seal_recipient
from tests.fakes.waybill_gateway import FakeWaybillServer, Reply

SENDER = Sender("小鹿的零食铺", "13800001234", "浙江省", "杭州市", "余杭区", "仓前街道",
                "文一西路1号")


@pytest.fixture
def srv():
    with FakeWaybillServer() as s:
        yield s


def real_account(ws, srv, platform, provider, carrier_code="ZTO", **kw):
    opts = dict(branch_code="330110", branch_name="杭州余杭", sender=SENDER,
                app_key="test-app", secret="test-secret", token="test-token",
                gateway=srv.gateway(provider), timeout_s=2, retries=0, balance=1000,
                extra={"merchant_code": "M1"})
    opts.update(kw)
    return save_account(ws, AccountInput(platform, carrier_code, provider, **opts))


def add_orders(ws, platform, n, *, province="浙江省", city="杭州市", district="西湖区",
               prefix=None, status="to_ship"):
    """n orders of a platform's shop with plain receivers (test data, not a real buyer)."""
    ids = []
    with transaction(ws.write) as s:
        shop = s.scalar(select(Shop).where(Shop.platform == platform))
        if shop is None:
            shop = Shop(platform=platform, name=f"{platform} 测试店", created_at=ws.clock(),
                        sender_province="浙江省", sender_city="杭州市")
            s.add(shop)
            s.flush()
        base = s.scalar(select(func.count()).select_from(Order)) or 0
        for i in range(n):
            rec = RecipientRecord("张三丰", "13812345678", province, city, district,
                                  "西溪街道", f"文三路{i + 1}号")
            r = Recipient(**seal_recipient(ws.cipher, rec))
            s.add(r)
            s.flush()
            o = Order(shop_id=shop.id, platform_order_id=f"{prefix or platform[:2].upper()}"
                      f"{base + i:010d}", status=status, paid_at=ws.clock(),
                      payable_fen=5000, recipient_id=r.id, imported_at=ws.clock(),
                      updated_at=ws.clock(), item_count=2, sku_summary="CAKE-ROSE ×2")
            s.add(o)
            s.flush()
            s.add(OrderItem(order_id=o.id, sub_order_id=f"{o.id}-1", title="云南鲜花饼",
                            spec="玫瑰", qty=2, sku="CAKE-ROSE"))
            ids.append(o.id)
    return ids


def numbers(ws):
    with ws.read() as s:
        return [n for n in s.scalars(select(Parcel.waybill_no)) if n]


# ------------------------------------------------------------------ Douyin, end to end
def test_douyin_orders_go_through_douyin_with_their_ciphertext(ws, srv, douyin_csv):
    import_files(ws, [douyin_csv])
    aid = real_account(ws, srv, "douyin", "douyin")
    ids = select_order_ids(ws, status="to_ship")
    with ws.read() as s:
        kinds = Counter(r.phone_kind for r in s.scalars(
            select(Recipient).join(Order, Order.recipient_id == Recipient.id)
            .where(Order.id.in_(ids))))
        cipher_phones = [open_field(ws.cipher, "phone", r.phone_enc) for r in s.scalars(
            select(Recipient).join(Order, Order.recipient_id == Recipient.id)
            .where(Order.id.in_(ids), Recipient.phone_kind == "cipher"))]
    got = allocate_waybills(ws, ids)
    assert srv.problems == []
    assert got.allocated == kinds["plain"] + kinds["cipher"]
    masked = [f for f in got.failed if "masked copy" in f["message"]]
    assert len(masked) == kinds["masked"] == len(got.failed)
    sent = str([c.payload for c in srv.calls("douyin", "logistics.newCreateOrder")])
    assert cipher_phones and all(c in sent for c in cipher_phones)  # unchanged ciphertext
    nums = numbers(ws)
    assert len(nums) == len(set(nums)) == got.allocated
    assert sorted(nums) == sorted(srv.issued.values())
    assert all(carrier("ZTO").matches(n) for n in nums)
    with ws.read() as s:
        reveal = s.scalars(select(AuditLog).where(AuditLog.action == "pii_reveal")).all()
        assert sum(a.detail["count"] for a in reveal) == 3 * kinds["plain"]
        assert s.get(WaybillAccount, aid).balance == 1000 - got.allocated
        p = s.scalar(select(Parcel).where(Parcel.waybill_no.is_not(None)).limit(1))
        assert p.sort_code and p.package_center_name and p.account_id == aid
    again = allocate_waybills(ws, ids)
    assert again.allocated == 0 and again.already == got.allocated


def test_audit_and_messages_hold_no_personal_data(ws, srv, douyin_csv):
    import_files(ws, [douyin_csv])
    real_account(ws, srv, "douyin", "douyin")
    srv.fail_orders.update({oid: ("isv.receiver-invalid", "收件人13970669074地址错误")
                            for oid in ("7568865532228085000",)})
    got = allocate_waybills(ws, select_order_ids(ws, status="to_ship"))
    text = str(got.as_dict())
    assert "13970669074" not in text and "郭桂艳" not in text
    with ws.read() as s:
        blob = str([(a.action, a.detail) for a in s.scalars(select(AuditLog))])
        blob += str([r.error for r in s.scalars(select(WaybillRequest))])
    assert "13970669074" not in blob and "郭桂艳" not in blob and "$$" not in blob


# ------------------------------------------------------------------ the other platforms
@pytest.mark.parametrize("platform,provider", [("kuaishou", "kuaishou"), ("pdd", "pdd"),
                                               ("taobao", "cainiao")])
def test_each_platform_ships_on_its_own_gateway(ws, srv, platform, provider):
    ids = add_orders(ws, platform, 23)
    real_account(ws, srv, platform, provider, "YTO")
    with transaction(ws.write) as s:
        for p in s.scalars(select(Parcel)):
            p.carrier_code = "YTO"
    got = allocate_waybills(ws, ids, carrier="YTO")
    assert got.allocated == 23 and not got.failed, got.failed
    assert srv.problems == []
    assert all(c.orders <= 10 for c in srv.calls(provider) if c.orders)
    assert all(carrier("YTO").matches(n) for n in numbers(ws))


# ------------------------------------------------------------------ the binding rule
def test_a_douyin_order_never_ships_on_another_platforms_account(ws, srv, douyin_csv):
    import_files(ws, [douyin_csv])
    pdd_acc = real_account(ws, srv, "pdd", "pdd")
    ids = select_order_ids(ws, status="to_ship", limit=3)
    allocate_waybills(ws, ids[:1])  # makes the parcel, on the Douyin sandbox
    with transaction(ws.write) as s:
        for p in s.scalars(select(Parcel)):
            p.waybill_no, p.state, p.account_id = None, "new", pdd_acc
        for r in s.scalars(select(WaybillRequest)):
            s.delete(r)
        for r in s.scalars(select(SandboxIssued)):
            s.delete(r)
    got = allocate_waybills(ws, ids[:1])
    assert got.allocated == 0
    msg = got.failed[0]["message"]
    assert "a 抖店 order ships only on a 抖店 e-waybill" in msg and "Settings → Accounts" in msg
    assert srv.calls("pdd") == []


def test_accounts_must_use_their_own_platforms_api(ws, srv):
    with pytest.raises(BindingError, match="抖店 account must use the douyin"):
        real_account(ws, srv, "douyin", "pdd")
    with pytest.raises(BindingError, match="淘宝/天猫 account must use the cainiao"):
        real_account(ws, srv, "taobao", "douyin")
    with pytest.raises(AccountError, match="branch"):
        real_account(ws, srv, "douyin", "douyin", branch_code="")


def test_the_sandbox_is_per_platform(ws):
    dy = add_orders(ws, "douyin", 2)
    ks = add_orders(ws, "kuaishou", 2)
    allocate_waybills(ws, dy + ks)
    with ws.read() as s:
        rows = s.execute(select(Shop.platform, WaybillAccount.platform, Parcel.waybill_no)
                         .join(Order, Order.shop_id == Shop.id)
                         .join(Parcel, Parcel.order_id == Order.id)
                         .join(WaybillAccount, WaybillAccount.id == Parcel.account_id)).all()
    assert len(rows) == 4 and all(a == b for a, b, _ in rows)
    assert len({n for _, _, n in rows}) == 4


def test_no_silent_fall_back_to_the_sandbox_once_a_real_account_exists(ws, srv):
    ids = add_orders(ws, "douyin", 2)
    allocate_waybills(ws, ids[:1], carrier="YTO")  # offline: the sandbox serves
    real_account(ws, srv, "douyin", "douyin", "ZTO")
    got = allocate_waybills(ws, ids[1:], carrier="YTO")
    assert got.allocated == 0
    assert "no 抖店 e-waybill account for 圆通" in got.failed[0]["message"]
    assert allocate_waybills(ws, ids[1:], carrier="ZTO").allocated == 1
    views = {v.provider: v for v in acc_service.list_accounts(ws, "douyin")}
    assert views["sandbox"].enabled is False and views["douyin"].enabled


# ------------------------------------------------------------------ out of range
def test_out_of_range_is_shown_before_any_number_is_asked(ws, srv):
    ok = add_orders(ws, "douyin", 3)
    far = add_orders(ws, "douyin", 2, province="西藏自治区", city="阿里地区", district="噶尔县")
    real_account(ws, srv, "douyin", "douyin")
    srv.out_of_range.add(("西藏自治区", "阿里地区"))
    issues = check_deliverable(ws, ok + far)
    assert sorted(i.order_id for i in issues) == far
    assert all(i.served is False and "does not deliver" in i.reason for i in issues)
    got = allocate_waybills(ws, ok + far)
    assert got.allocated == 3
    assert len(got.failed) == 2 and all("does not serve 西藏自治区阿里地区" in f["message"]
                                        for f in got.failed)
    sent = {i["order_id"] for c in srv.calls("douyin", "logistics.newCreateOrder")
            for i in c.payload["order_infos"]}
    assert len(sent) == 3
    ranges = srv.calls("douyin", "logistics.getOutRange")
    assert len(ranges) == 2  # one per area, then cached
    from app.services.assign_shipping import shipping_info

    info = shipping_info(ws, far)
    assert all(v.range_state == "out" for v in info.values())


def test_the_sandbox_knows_its_own_coverage(ws):
    ids = add_orders(ws, "douyin", 1, province="西藏自治区", city="阿里地区", district="噶尔县")
    got = allocate_waybills(ws, ids, carrier="JT")
    assert got.allocated == 0 and "极兔 does not serve" in got.failed[0]["message"]
    assert allocate_waybills(ws, ids, carrier="EMS").allocated == 1


# ------------------------------------------------------------------ idempotency
def test_answer_lost_after_issuing_is_recovered_with_the_same_numbers(ws, srv):
    ids = add_orders(ws, "douyin", 60)
    real_account(ws, srv, "douyin", "douyin", timeout_s=0.3)
    srv.queue("douyin", Reply(issue=True, delay_s=1.0))  # the first batch of 50
    first = allocate_waybills(ws, ids, check_range=False)
    assert first.allocated == 10 and first.pending == 50
    assert all("allocate again" in f["message"] for f in first.failed)
    assert pending_count(ws) == 50
    assert len(srv.issued) == 60  # the platform did issue all of them
    second = allocate_waybills(ws, ids)
    assert second.allocated == 50 and second.already == 10 and not second.failed
    nums = numbers(ws)
    assert len(nums) == len(set(nums)) == 60
    assert sorted(nums) == sorted(srv.issued.values())
    assert pending_count(ws) == 0


def test_a_pending_parcel_keeps_its_carrier_until_answered(ws, srv):
    ids = add_orders(ws, "douyin", 2)
    real_account(ws, srv, "douyin", "douyin", timeout_s=0.3)
    real_account(ws, srv, "douyin", "douyin", "YTO")
    srv.queue("douyin", Reply(issue=True, delay_s=1.0))
    allocate_waybills(ws, ids, check_range=False)
    from app.services.assign_shipping import set_shipping

    moved = set_shipping(ws, ids, carrier="YTO")
    assert moved.applied == 0 and all("still unanswered" in x["message"] for x in moved.skipped)
    # even when asked for another carrier, the pending ask is answered first
    got = allocate_waybills(ws, ids, carrier="YTO")
    assert got.allocated == 2 and all(carrier("ZTO").matches(n) for n in numbers(ws))
    assert len(srv.issued) == 2


@pytest.mark.parametrize("kind", ["sandbox", "douyin"])
def test_a_crash_between_the_answer_and_the_commit_loses_nothing(ws, srv, monkeypatch, kind):
    ids = add_orders(ws, "douyin", 7)
    if kind == "douyin":
        real_account(ws, srv, "douyin", "douyin")
    real = wb.make_provider

    class Crashing:
        def __init__(self, inner):
            self.inner, self.name = inner, inner.name
            self.max_batch, self.needs_receiver = inner.max_batch, inner.needs_receiver
            self.returns_numbers = inner.returns_numbers

        def create(self, asks):
            self.inner.create(asks)  # issued at the provider...
            raise KeyboardInterrupt("power cut")  # ...and the station died

        def check_range(self, asks):
            return self.inner.check_range(asks)

    monkeypatch.setattr(wb, "make_provider", lambda *a, **k: Crashing(real(*a, **k)))
    with pytest.raises(KeyboardInterrupt):
        allocate_waybills(ws, ids)
    assert numbers(ws) == [] and pending_count(ws) == 7
    monkeypatch.setattr(wb, "make_provider", real)
    got = reconcile_pending(ws)
    assert got.allocated == 7
    nums = numbers(ws)
    assert len(set(nums)) == 7
    with ws.read() as s:
        if kind == "sandbox":
            assert s.scalar(select(func.count()).select_from(SandboxIssued)) == 7
            assert sorted(s.scalars(select(SandboxIssued.waybill_no))) == sorted(nums)
        else:
            assert sorted(srv.issued.values()) == sorted(nums)


def test_two_allocations_of_the_same_orders_share_the_keys(ws, srv):
    ids = add_orders(ws, "douyin", 5)
    real_account(ws, srv, "douyin", "douyin")
    allocate_waybills(ws, ids)
    allocate_waybills(ws, ids)
    with ws.read() as s:
        keys = list(s.scalars(select(WaybillRequest.idem_key)))
    assert len(keys) == len(set(keys)) == 5
    assert len(srv.calls("douyin", "logistics.newCreateOrder")) == 1


def test_a_definite_refusal_frees_the_parcel_for_another_carrier(ws, srv):
    ids = add_orders(ws, "douyin", 1)
    real_account(ws, srv, "douyin", "douyin")
    real_account(ws, srv, "douyin", "douyin", "YTO")
    with ws.read() as s:
        poid = s.get(Order, ids[0]).platform_order_id
    srv.fail_orders[poid] = ("isv.balance-not-enough", "余额不足")
    got = allocate_waybills(ws, ids)
    assert got.allocated == 0 and got.pending == 0 and "top up" in got.failed[0]["message"]
    del srv.fail_orders[poid]
    assert allocate_waybills(ws, ids, carrier="YTO").allocated == 1
    assert carrier("YTO").matches(numbers(ws)[0])


def test_an_account_level_refusal_stops_that_accounts_calls(ws, srv):
    ids = add_orders(ws, "douyin", 120)
    real_account(ws, srv, "douyin", "douyin", token="expired")
    got = allocate_waybills(ws, ids, check_range=False)
    assert got.allocated == 0 and len(got.failed) == 120
    assert "authorise ShipDesk again" in got.failed[0]["message"]
    assert len(srv.calls("douyin")) == 1  # not three calls that all fail the same way


# ------------------------------------------------------------------ void
def test_void_with_a_reason_then_a_new_number(ws, srv):
    ids = add_orders(ws, "douyin", 3)
    aid = real_account(ws, srv, "douyin", "douyin")
    allocate_waybills(ws, ids)
    with pytest.raises(ValueError, match="reason"):
        cancel_waybills(ws, ids, "  ")
    got = cancel_waybills(ws, ids[:2], "买家改地址")
    assert got.cancelled == 2 and got.returned == 2 and not got.failed
    with ws.read() as s:
        assert s.get(WaybillAccount, aid).balance == 1000 - 3 + 2
        voids = s.scalars(select(WaybillVoid)).all()
        assert {v.reason for v in voids} == {"买家改地址"} and all(v.returned for v in voids)
        assert sum(1 for p in s.scalars(select(Parcel)) if p.waybill_no is None) == 2
    again = allocate_waybills(ws, ids)
    assert again.allocated == 2 and again.already == 1
    after = numbers(ws)
    assert len(set(after)) == 3 and not set(after) & {v.waybill_no for v in voids}
    assert wb.voided_numbers(ws, ids[0])[0][1] == "买家改地址"


def test_sandbox_void_marks_cancelled_and_never_reuses(ws):
    ids = add_orders(ws, "douyin", 2)
    allocate_waybills(ws, ids)
    old = set(numbers(ws))
    got = cancel_waybills(ws, ids, "打错面单")
    assert got.cancelled == 2 and got.returned == 0
    with ws.read() as s:
        assert all(r.cancelled for r in s.scalars(select(SandboxIssued)))
    allocate_waybills(ws, ids)
    assert not set(numbers(ws)) & old and len(set(numbers(ws))) == 2


def test_a_parcel_that_left_the_desk_cannot_be_voided(ws):
    ids = add_orders(ws, "douyin", 1)
    allocate_waybills(ws, ids)
    with transaction(ws.write) as s:
        s.scalar(select(Parcel)).state = "picked_up"
    got = cancel_waybills(ws, ids, "晚了")
    assert got.cancelled == 0 and "intercept" in got.failed[0]["message"]


def test_void_timeout_is_kept_and_retried(ws, srv):
    ids = add_orders(ws, "douyin", 1)
    real_account(ws, srv, "douyin", "douyin", timeout_s=0.3)
    allocate_waybills(ws, ids)
    srv.queue("douyin", Reply(issue=True, delay_s=1.0))
    got = cancel_waybills(ws, ids, "重复")
    assert got.cancelled == 0 and numbers(ws)
    again = cancel_waybills(ws, ids, "重复")  # the platform says "already void": fine
    assert again.cancelled == 1 and numbers(ws) == []


def test_a_tier_the_carrier_does_not_offer_is_refused_before_asking(ws):
    from app.services.assign_shipping import set_shipping

    ids = add_orders(ws, "douyin", 1)
    assert set_shipping(ws, ids, carrier="SF", tier="sf_express").applied == 1
    got = allocate_waybills(ws, ids, carrier="JT")
    assert got.allocated == 0 and "顺丰特快 is not offered by 极兔" in got.failed[0]["message"]
    assert allocate_waybills(ws, ids).allocated == 1  # SF, as assigned
    assert carrier("SF").matches(numbers(ws)[0])


def test_a_masked_receiver_leaves_no_open_request(ws, srv, douyin_csv):
    import_files(ws, [douyin_csv])
    real_account(ws, srv, "douyin", "douyin")
    got = allocate_waybills(ws, select_order_ids(ws, status="to_ship"))
    assert any("masked copy" in f["message"] for f in got.failed)
    assert pending_count(ws) == 0 and got.pending == 0
