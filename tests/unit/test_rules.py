"""Shipping rules: conditions, actions, strategies, and the explanation of every choice."""

from datetime import date

import pytest

from app.core.rules import Action, Conditions, Option, OrderFacts, Rule, best, decide

D = date(2026, 11, 20)


def opt(carrier, tier, cost, days, eligible=True, reason=""):
    return Option(carrier, tier, eligible, cost if eligible else None,
                  date(2026, 11, 20 + days) if eligible else None, reason=reason,
                  label=f"{carrier} · {tier}")


OPTIONS = [
    opt("ZTO", "standard", 320, 3),
    opt("YTO", "standard", 310, 3),
    opt("JT", "standard", 290, 4),
    opt("SF", "standard", 1800, 2),
    opt("SF", "nextday", 2000, 1),
    opt("ZTO", "nextday", 520, 1),
    opt("EMS", "standard", 900, 4),
    opt("DEPPON", "standard", 0, 0, eligible=False, reason="德邦: does not deliver here"),
    opt("ZTO", "sameday", 0, 0, eligible=False, reason="极速达 is not offered from 杭州市"),
]


def facts(**kw):
    base = dict(order_id=1, platform="douyin", shop_id=1, province="浙江省", city="金华市",
                skus=("EGG-30",), weight_g=1500, amount_fen=8970, message="尽快发货谢谢",
                tier_asked="")
    base.update(kw)
    return OrderFacts(**base)


def options_for(preset):
    return OPTIONS


def rule(rid, name, action, **cond):
    return Rule(rid, name, Conditions(**cond), action, True, rid)


def test_no_rules_cheapest_eligible_with_runner_up():
    d = decide([], facts(), options_for)
    assert (d.ok, d.carrier, d.tier, d.strategy, d.rule_id) == (True, "JT", "standard",
                                                                 "cheapest", None)
    assert d.explanation.startswith("no rule chose; cheapest eligible of 7 → JT · standard, ¥2.90")
    assert "(next: YTO · standard, ¥3.10" in d.explanation


def test_fastest_strategy_breaks_ties_by_cost():
    d = decide([], facts(), options_for, default_strategy="fastest")
    assert (d.carrier, d.tier) == ("ZTO", "nextday")  # by 11-21 like SF, but cheaper
    assert "fastest eligible" in d.explanation


def test_first_matching_rule_wins_and_says_which_conditions_held():
    rules = [
        rule(1, "新疆走EMS", Action(carrier="EMS"), provinces=frozenset({"新疆维吾尔自治区"})),
        rule(2, "蛋走顺丰", Action(carrier="SF", tier="standard"), skus=("EGG-*",)),
        rule(3, "全部中通", Action(carrier="ZTO")),
    ]
    d = decide(rules, facts(), options_for)
    assert (d.carrier, d.tier, d.rule_id, d.rule_name, d.strategy) == ("SF", "standard", 2,
                                                                       "蛋走顺丰", "rule")
    assert d.explanation.startswith("rule 2 「蛋走顺丰」 (SKU EGG-30) → SF · standard, ¥18.00")
    d2 = decide(rules, facts(skus=("TEA",)), options_for)
    assert d2.rule_id == 3 and d2.carrier == "ZTO" and d2.tier == "standard"
    assert "cheapest of 2 eligible" in d2.explanation  # ZTO standard vs ZTO nextday


def test_a_rule_whose_choice_is_not_offered_falls_through_with_a_note():
    rules = [rule(1, "大件德邦", Action(carrier="DEPPON"), weight_min_g=1000),
             rule(2, "次日达", Action(tier="nextday", strategy="cheapest"))]
    d = decide(rules, facts(), options_for)
    assert (d.rule_id, d.carrier, d.tier) == (2, "ZTO", "nextday")
    assert "rule 1 「大件德邦」 matched but had no eligible option: 德邦: does not deliver" \
        in d.explanation


def test_conditions_each_way():
    f = facts()
    assert Conditions().matches(f) == ["always"]
    assert Conditions(platforms=frozenset({"kuaishou"})).matches(f) is None
    assert Conditions(platforms=frozenset({"douyin"})).matches(f) == ["platform douyin"]
    assert Conditions(shop_ids=frozenset({2})).matches(f) is None
    assert Conditions(provinces=frozenset({"浙江"})).matches(f) == ["province 浙江省"]
    assert Conditions(cities=frozenset({"金华"})).matches(f) == ["city 金华市"]
    assert Conditions(cities=frozenset({"杭州市"})).matches(f) is None
    assert Conditions(skus=("egg-30",)).matches(f) == ["SKU EGG-30"]  # case does not matter
    assert Conditions(skus=("FD-*",)).matches(f) is None
    assert Conditions(weight_min_g=1500, weight_max_g=1500).matches(f) == [
        "weight 1.5 kg in 1.5 kg–1.5 kg"]  # both ends inclusive
    assert Conditions(weight_min_g=1501).matches(f) is None
    assert Conditions(weight_max_g=3000).matches(facts(weight_g=None)) is None  # unknown
    assert Conditions(amount_min_fen=8970).matches(f) == ["amount ¥89.70"]
    assert Conditions(amount_max_fen=8969).matches(f) is None
    assert Conditions(keywords=("驿站", "尽快")).matches(f) == ["buyer message has 「尽快」"]
    assert Conditions(keywords=("快递柜",)).matches(f) is None
    assert Conditions(tiers_asked=frozenset({"nextday"})).matches(f) is None
    assert Conditions(tiers_asked=frozenset({"nextday"})).matches(
        facts(tier_asked="nextday")) == ["buyer asked for nextday"]
    both = Conditions(platforms=frozenset({"douyin"}), amount_min_fen=5000)
    assert both.matches(f) == ["platform douyin", "amount ¥89.70"]


def test_explanations_never_quote_the_buyer_message():
    msg = "到了打我电话13812345678 放驿站"
    rules = [rule(1, "驿站", Action(carrier="YTO"), keywords=("驿站",))]
    d = decide(rules, facts(message=msg), options_for)
    assert d.rule_id == 1 and "13812345678" not in d.explanation and "驿站" in d.explanation
    assert "13812345678" not in repr(facts(message=msg))


def test_preset_only_rules_set_the_package_and_go_on():
    seen = []

    def opts(preset):
        seen.append(preset)
        return OPTIONS

    rules = [rule(1, "蛋用大箱", Action(preset="大箱"), skus=("EGG-*",)),
             rule(2, "全部中通", Action(carrier="ZTO", tier="standard"))]
    d = decide(rules, facts(), opts)
    assert d.preset == "大箱" and d.carrier == "ZTO" and seen == ["大箱"]
    assert "package 「大箱」 from rule 1 「蛋用大箱」" in d.explanation
    none = decide([rules[0]], facts(), opts)
    assert none.preset == "大箱" and none.strategy == "cheapest"


def test_the_tier_the_buyer_asked_for_is_honoured_when_offered():
    d = decide([], facts(tier_asked="nextday"), options_for)
    assert (d.carrier, d.tier) == ("ZTO", "nextday")
    d2 = decide([], facts(tier_asked="sameday"), options_for,
                tier_names={"sameday": "极速达"})
    assert d2.tier == "standard" and "buyer asked for 极速达 but no carrier offers it here" \
        in d2.explanation
    r = decide([rule(1, "顺丰", Action(carrier="SF"))], facts(tier_asked="nextday"),
               options_for)
    assert (r.carrier, r.tier) == ("SF", "nextday")


def test_rule_carrier_set_with_fastest():
    rules = [rule(1, "快的", Action(carriers=("ZTO", "YTO", "SF"), strategy="fastest"),
                  amount_min_fen=5000)]
    d = decide(rules, facts(), options_for)
    assert (d.carrier, d.tier) == ("ZTO", "nextday") and "fastest of" in d.explanation


def test_nothing_eligible_is_a_failed_decision_with_reasons():
    bad = [opt("DEPPON", "standard", 0, 0, eligible=False, reason="德邦: 超区")]
    d = decide([], facts(), lambda p: bad)
    assert not d.ok and "no eligible carrier and tier: 德邦: 超区" in d.explanation


def test_disabled_rules_are_skipped_and_unknown_strategies_refused():
    r = Rule(1, "关掉的", Conditions(), Action(carrier="SF"), enabled=False)
    assert decide([r], facts(), options_for).strategy == "cheapest"
    with pytest.raises(ValueError, match="strategy"):
        Action(strategy="random")


def test_best_ranks_unknown_costs_last():
    opts = [Option("A", "standard", True, None, D), Option("B", "standard", True, 500, D)]
    assert [o.carrier for o in best(opts, "cheapest")] == ["B", "A"]


def test_conditions_and_actions_round_trip():
    c = Conditions(platforms=frozenset({"douyin"}), provinces=frozenset({"新疆维吾尔自治区"}),
                   skus=("EGG-*",), weight_min_g=0, amount_max_fen=10000,
                   keywords=("驿站",), tiers_asked=frozenset({"door"}), shop_ids=frozenset({3}))
    assert Conditions.from_data(c.as_data()) == c
    a = Action(carrier="SF", tier="nextday", preset="小箱")
    assert Action.from_data(a.as_data()) == a
    with pytest.raises(ValueError, match="whole number"):
        Conditions.from_data({"weight_min_g": "5kg"})
