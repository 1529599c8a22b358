"""Rate cards: first weight + each further step, zones and provinces, weights from SKUs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.carriers import catalogue
from app.core.rates import (
    NoRate,
    RateCard,
    RateLine,
    freight,
    parcel_weight,
    quote,
)

LINE = RateLine(first_g=1000, first_fen=300, step_g=1000, step_fen=100, zone="national")
CARD = RateCard("ZTO", "中通 测试价", (
    LINE,
    RateLine(1000, 250, 1000, 50, zone="nearby"),
    RateLine(1000, 1200, 1000, 1000, provinces=frozenset({"新疆维吾尔自治区", "西藏自治区"})),
    RateLine(1000, 500, 500, 80, zone="*"),
))


@pytest.mark.parametrize("grams,fen,billed", [
    (0, 300, 1000),  # unknown weight: the first weight
    (1, 300, 1000),
    (1000, 300, 1000),  # exactly the first weight
    (1001, 400, 2000),  # a part of a step is a whole step
    (2000, 400, 2000),
    (2500, 500, 3000),
    (10_000, 1200, 10_000),
])
def test_first_weight_and_steps(grams, fen, billed):
    assert freight(LINE, grams) == (fen, billed)


def test_half_kilo_steps():
    line = RateLine(1000, 500, 500, 80, zone="*")
    assert freight(line, 1200) == (580, 1500)
    assert freight(line, 1600) == (660, 2000)


def test_province_lines_win_over_zone_lines():
    q = quote(CARD, "remote", "新疆维吾尔自治区", 2300)
    assert q.fen == 1200 + 2 * 1000 and q.billed_g == 3000
    assert "新疆维吾尔自治区" in q.detail
    assert quote(CARD, "nearby", "江苏省", 1500).fen == 300
    assert quote(CARD, "same_city", "浙江省", 800).fen == 500  # falls to "*"


def test_tier_fee_is_added_and_the_total_never_goes_below_zero():
    q = quote(CARD, "national", "广东省", 1500, fee_fen=100)
    assert (q.freight_fen, q.fee_fen, q.fen) == (400, 100, 500)
    assert "service ¥1.00" in q.detail and "first 1 kg ¥3.00 + 1 × 1 kg ¥1.00" in q.detail
    assert quote(CARD, "national", "广东省", 500, fee_fen=-1000).fen == 0


def test_no_line_for_the_destination_is_said():
    card = RateCard("ZTO", "只发江浙沪", (RateLine(1000, 300, 1000, 100, zone="nearby"),))
    with pytest.raises(NoRate, match="只发江浙沪"):
        quote(card, "remote", "西藏自治区", 1000)


def test_bad_lines_are_refused():
    with pytest.raises(ValueError, match="step_g"):
        RateLine(1000, 300, 0, 100, zone="national")
    with pytest.raises(ValueError, match="whole number"):
        RateLine(1000, 2.5, 1000, 100, zone="national")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="zone or provinces"):
        RateLine(1000, 300, 1000, 100)
    with pytest.raises(ValueError):
        RateLine(-1, 300, 1000, 100, zone="national")


def test_line_round_trips_as_data():
    line = RateLine(1000, 1200, 1000, 1000, provinces=frozenset({"西藏自治区"}))
    assert RateLine.from_data(line.as_data()) == line


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=0, max_value=100_000))
def test_freight_never_falls_as_weight_rises(a, b):
    lo, hi = sorted((a, b))
    assert freight(LINE, lo)[0] <= freight(LINE, hi)[0]
    fen, billed = freight(LINE, hi)
    assert billed >= hi and (billed - LINE.first_g) % LINE.step_g == 0


def test_weight_from_skus_typed_and_presets():
    table = {"EGG-30": 1800, "TEA-GINGER-12": 250}
    w = parcel_weight([("EGG-30", 1), ("TEA-GINGER-12", 2)], table, tare_g=120)
    assert (w.grams, w.source, w.missing, w.known) == (2420, "sku", (), True)
    part = parcel_weight([("EGG-30", 1), ("NEW-SKU", 3)], table)
    assert part.grams == 1800 and part.missing == ("NEW-SKU",) and not part.known
    none = parcel_weight([("NEW-SKU", 1)], table, tare_g=100)
    assert none.source == "none" and none.grams == 100
    typed = parcel_weight([("EGG-30", 5)], table, tare_g=100, typed_g=3210)
    assert (typed.grams, typed.source) == (3210, "typed")
    assert parcel_weight([], table).source == "none"


def test_default_cards_price_every_carrier_everywhere():
    cards = catalogue.default_rate_cards()
    assert set(cards) == set(catalogue.carriers())
    for code, card in cards.items():
        for zone in ("same_city", "same_province", "nearby", "regional", "national", "remote"):
            q = quote(card, zone, "", 1500)
            assert q.fen > 0, (code, zone)
    # remote costs more than national for every carrier
    for card in cards.values():
        assert quote(card, "remote", "", 1000).fen > quote(card, "national", "", 1000).fen
