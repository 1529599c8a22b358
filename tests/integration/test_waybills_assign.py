"""Choosing carrier, tier and package for orders: rules with explanations, strategies,
rate cards and SKU weights, preview before apply, and 1,000 orders in one transaction."""

from datetime import date

import pytest
from sqlalchemy import event, func, select

from app.core.rules import Action, Conditions
from app.services import assign_shipping as A
from app.services import shipping_settings as S
from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.waybills import allocate_waybills
from app.store.db import transaction
from app.store.models import Order, Parcel, Shop
from app.store.models_carriers import ParcelShipping
from tests.integration.test_waybills_platforms import add_orders


@pytest.fixture
def demo(ws, douyin_csv):
    import_files(ws, [douyin_csv], shop_name="小鹿的零食铺")
    with transaction(ws.write) as s:
        shop = s.scalar(select(Shop))
        shop.sender_province, shop.sender_city = "浙江省", "杭州市"
    return ws


def by_poid(rows):
    return {r.platform_order_id: r for r in rows}


def test_preview_writes_nothing_and_explains_every_row(demo):
    ids = select_order_ids(demo, status="to_ship")
    rows = A.preview(demo, ids)
    assert len(rows) == len(ids)
    with demo.read() as s:
        assert s.scalar(select(func.count()).select_from(ParcelShipping)) == 0
        assert s.scalar(select(func.count()).select_from(Parcel)) == 0
    for r in rows:
        assert r.ok and r.applicable, r
        assert r.carrier and r.tier and r.cost_fen and r.promise_date
        assert r.explanation.startswith("no rule chose; cheapest eligible")
        assert "cut-off" in r.promise_detail and "first" in r.cost_detail


def test_apply_records_the_choice_and_the_reason(demo):
    ids = select_order_ids(demo, status="to_ship")
    rows = A.preview(demo, ids)
    got = A.apply(demo, assignments=rows)
    assert got.applied == len(ids) and not got.skipped
    assert got.cost_fen == sum(r.cost_fen for r in rows)
    info = A.shipping_info(demo, ids)
    for r in rows:
        i = info[r.order_id]
        assert (i.carrier, i.tier, i.cost_fen, i.promise_date) == (r.carrier, r.tier, r.cost_fen,
                                                                   r.promise_date)
        assert i.explanation == r.explanation and i.strategy == "cheapest"
    again = A.apply(demo, ids)
    assert again.applied == 0 and again.unchanged == len(ids)


def test_rules_in_order_with_explanations(demo):
    S.save_preset(demo, "大箱", 300)
    r1 = S.save_rule(demo, "新疆走EMS", {"provinces": ["新疆"]}, {"carrier": "EMS"})
    r2 = S.save_rule(demo, "鸡蛋顺丰次日达", Conditions(skus=("EGG-*",)),
                     Action(carrier="SF", tier="nextday"))
    r3 = S.save_rule(demo, "驿站留言用大箱", {"keywords": ["驿站"]}, {"preset": "大箱"})
    r4 = S.save_rule(demo, "其余最快", {}, {"strategy": "fastest"})
    assert [v.name for v in S.list_rules(demo)] == ["新疆走EMS", "鸡蛋顺丰次日达",
                                                    "驿站留言用大箱", "其余最快"]
    ids = select_order_ids(demo, status="to_ship")
    rows = A.preview(demo, ids)
    with demo.read() as s:
        orders = {o.id: o for o in s.scalars(select(Order).where(Order.id.in_(ids)))}
    for r in rows:
        o = orders[r.order_id]
        if r.rule_id == r1:
            assert r.carrier == "EMS" and r.explanation.startswith(
                "rule 1 「新疆走EMS」 (province 新疆维吾尔自治区) → EMS")
        elif r.rule_id == r2:
            assert (r.carrier, r.tier) == ("SF", "nextday") and "SKU EGG-" in r.explanation
        else:
            assert r.rule_id == r4 and "rule 4 「其余最快」" in r.explanation
        if "驿站" in o.buyer_message and r.rule_id == r4:  # rules 1 and 2 stop earlier
            assert r.preset == "大箱"
            assert "大箱" in r.explanation
    assert {r.rule_id for r in rows} == {r1, r2, r4}
    egg_far = [r for r in rows if "nextday" in r.explanation and r.rule_id == r4]
    assert all("「鸡蛋顺丰次日达」 matched but had no eligible option" in r.explanation
               for r in egg_far)
    S.move_rule(demo, r4, 1)
    assert S.list_rules(demo)[0].id == r4
    assert {r.rule_id for r in A.preview(demo, ids)} == {r4}
    S.delete_rule(demo, r4)
    S.save_rule(demo, "其余最快", {}, {"strategy": "fastest"}, rule_id=r3, enabled=False)
    assert [v.enabled for v in S.list_rules(demo)] == [True, True, False]
    del r3


def test_rules_are_validated(demo):
    with pytest.raises(S.SettingsError, match="does nothing"):
        S.save_rule(demo, "空", {}, {})
    with pytest.raises(S.SettingsError, match="not offered by"):
        S.save_rule(demo, "坏", {}, {"carrier": "JT", "tier": "sf_express"})
    with pytest.raises(S.SettingsError, match="package preset"):
        S.save_rule(demo, "坏", {}, {"preset": "没有的箱子"})
    with pytest.raises(S.SettingsError, match="upside down"):
        S.save_rule(demo, "坏", {"weight_min_g": 5000, "weight_max_g": 1000}, {"carrier": "SF"})
    with pytest.raises(ValueError, match="unknown carrier"):
        S.save_rule(demo, "坏", {}, {"carrier": "UPS"})


def test_strategies(demo):
    ids = select_order_ids(demo, status="to_ship", limit=30)
    cheap = by_poid(A.preview(demo, ids))
    fast = by_poid(A.preview(demo, ids, strategy="fastest"))
    for k in cheap:
        assert cheap[k].cost_fen <= fast[k].cost_fen
        assert fast[k].promise_date <= cheap[k].promise_date
    assert any(fast[k].promise_date < cheap[k].promise_date for k in cheap)
    S.save_settings(demo, default_strategy="fastest")
    assert by_poid(A.preview(demo, ids)) == fast


def test_shop_rate_cards_and_sku_weights_set_the_cost(demo):
    ids = select_order_ids(demo, status="to_ship")
    with demo.read() as s:
        shop_id = s.scalar(select(Shop.id))
        egg = s.scalar(select(Order.id).where(Order.id.in_(ids),
                                              Order.sku_summary.like("EGG-30%"),
                                              Order.item_count == 1))
    S.save_settings(demo, carriers=["ZTO", "YTO"])
    S.save_rate_card(demo, "ZTO", [{"zone": "*", "first_g": 1000, "first_fen": 200,
                                    "step_g": 1000, "step_fen": 100}], shop_id=shop_id)
    S.set_sku_weights(demo, {"EGG-30": 2400})
    r = by_poid(A.preview(demo, [egg]))
    row = next(iter(r.values()))
    assert row.weight_g == 2400 and row.weight_note == "from SKU weights"
    assert (row.carrier, row.cost_fen) == ("ZTO", 200 + 2 * 100)
    opts = A.shipping_options(demo, egg)
    assert {o.carrier for o in opts.options} == {"ZTO", "YTO"}
    best = opts.options[0]
    assert best.eligible and best.cost_fen == 400 and "billed 3 kg" in best.cost_detail
    A.set_weight(demo, egg, 900)
    assert A.shipping_options(demo, egg).options[0].cost_fen == 200
    assert A.shipping_options(demo, egg).weight_note == "weighed"
    with pytest.raises(ValueError):
        A.set_weight(demo, egg, 0)
    views = S.list_rate_cards(demo)
    assert any(v.is_default for v in views) and any(v.shop_id == shop_id for v in views)
    with pytest.raises(S.SettingsError, match="unknown zone"):
        S.save_rate_card(demo, "ZTO", [{"zone": "moon", "first_fen": 1, "step_fen": 1}])


def test_the_picker_shows_every_option_with_cost_promise_or_why_not(demo):
    oid = select_order_ids(demo, status="to_ship", limit=1)[0]
    o = A.shipping_options(demo, oid)
    assert o.zone and len(o.options) == 9 * len(A.catalogue.tiers())
    offered = [x for x in o.options if x.eligible]
    refused = [x for x in o.options if not x.eligible]
    assert offered and refused and o.options[: len(offered)] == tuple(offered)
    assert all(x.cost_fen and x.deliver_by and x.promise_detail for x in offered)
    assert all(x.reason for x in refused)
    costs = [x.cost_fen for x in offered]
    assert costs == sorted(costs)


def test_set_by_hand_checks_the_tier_and_says_who(demo):
    demo.operator = "packer1"
    ids = select_order_ids(demo, status="to_ship", limit=5)
    got = A.set_shipping(demo, ids, carrier="SF", tier="sf_express")
    assert got.applied == 5
    info = A.shipping_info(demo, ids)
    assert all(i.carrier == "SF" and i.tier == "sf_express" and i.strategy == "manual"
               and i.explanation.startswith("set by hand by packer1 → 顺丰 · 顺丰特快")
               for i in info.values())
    bad = A.set_shipping(demo, ids, carrier="JT", tier="door")
    assert bad.applied == 0 and all("not offered by 极兔" in x["message"] for x in bad.skipped)


def test_manual_account_must_be_the_orders_platform(demo):
    from app.services.accounts import AccountInput, save_account
    from tests.integration.test_waybills_platforms import SENDER

    pdd = save_account(demo, AccountInput("pdd", "ZTO", "sandbox", sender=SENDER))
    ids = select_order_ids(demo, status="to_ship", limit=2)
    got = A.set_shipping(demo, ids, carrier="ZTO", account_id=pdd)
    assert got.applied == 0
    assert all("a 抖店 order ships only on a 抖店 e-waybill" in x["message"]
               for x in got.skipped)


def test_numbered_stopped_and_unknown_orders_are_skipped_with_reasons(demo):
    ids = select_order_ids(demo, status="to_ship", limit=3)
    stopped = select_order_ids(demo, status="cancelled", limit=1)
    allocate_waybills(demo, ids[:1], carrier="ZTO")
    rows = by_poid(A.preview(demo, ids + stopped + [999999]))
    probs = [r.problem for r in rows.values()]
    assert any(p.startswith("already has waybill") for p in probs) or \
        any(r.carrier == "ZTO" and r.tier == "standard" and not r.problem
            for r in rows.values())
    assert any("must not ship" in p for p in probs)
    assert "no such order" in probs
    got = A.apply(demo, assignments=list(rows.values()))
    assert len(got.skipped) >= 2


def test_a_number_issued_after_the_preview_is_not_overwritten(demo):
    ids = select_order_ids(demo, status="to_ship", limit=2)
    S.save_settings(demo, carriers=["YTO"])
    rows = A.preview(demo, ids)
    allocate_waybills(demo, ids, carrier="ZTO")  # another station was quicker
    got = A.apply(demo, assignments=rows)
    assert got.applied == 0 and all("void it first" in x["message"] for x in got.skipped)
    with demo.read() as s:
        assert {p.carrier_code for p in s.scalars(select(Parcel))} == {"ZTO"}


def test_tier_asked_for_by_the_buyer(ws):
    ids = add_orders(ws, "douyin", 1)
    with transaction(ws.write) as s:
        s.get(Order, ids[0]).extra = {"服务标签": "次日达"}
    row = A.preview(ws, ids)[0]
    assert row.tier == "nextday", row.explanation


def test_a_thousand_orders_in_one_short_transaction(ws):
    ids = add_orders(ws, "douyin", 1000)
    rows = A.preview(ws, ids)
    statements = []

    def count(*a):
        statements.append(" ".join(a[2].split()[:3]))

    event.listen(ws.engine, "before_cursor_execute", count)
    try:
        got = A.apply(ws, assignments=rows)
    finally:
        event.remove(ws.engine, "before_cursor_execute", count)
    assert got.applied == 1000
    from collections import Counter
    assert len(statements) < 40, Counter(statements)  # bulk statements, not one per order
    with ws.read() as s:
        assert s.scalar(select(func.count()).select_from(ParcelShipping)) == 1000
        assert s.scalar(select(func.count()).select_from(Parcel)) == 1000
    assert all(isinstance(r.promise_date, date) for r in rows)
