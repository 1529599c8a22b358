"""Property tests (hypothesis) for what tests/unit/test_masking.py and test_money_time.py do
not cover yet: free-text and full-address masking, landlines, address splitting, and the
importer's fast amount and quantity parsers. Each run counts its cases (see
`fuzz_counter`); SHIPDESK_FUZZ_SUMMARY=FILE collects the counts."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.core.masking import mask_free_text, mask_full_address, mask_phone
from app.core.money import MAX_FEN, format_fen, parse_fen
from app.importers.mapping import _qty, fast_fen
from app.importers.regions import regions, split_address
from tests.unit.test_fuzz_count import counted, examples

# seven or more digits in one run, whatever separates them: a phone still readable
_VISIBLE_RUN = re.compile(r"[0-9０-９](?:[\s\-－]*[0-9０-９]){6,}")
# the same in any script's decimal digits
_ANY_VISIBLE_RUN = re.compile(r"\d(?:[\s\-－]*\d){6,}")


# ------------------------------------------------------------------------------ masking


@settings(max_examples=examples(600), suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.text(alphabet="0123456789０１２３４５６７８９ -－转abc到了打我电话")))
@counted("masking")
def test_free_text_never_keeps_seven_digits_in_a_run(text: str) -> None:
    out = mask_free_text(text)
    assert isinstance(out, str)
    assert _VISIBLE_RUN.search(out) is None
    assert _ANY_VISIBLE_RUN.search(out) is None
    assert mask_free_text(out) == out


def test_full_width_phone_in_a_message_is_hidden() -> None:
    out = mask_free_text("到了打我电话１３９７０６６９０７４")
    assert _VISIBLE_RUN.search(out) is None
    assert out == "到了打我电话１３９******７４"
    assert mask_free_text(out) == out


# the same phone in other scripts' decimal digits (full-width, Arabic-Indic, Devanagari …)
_DIGIT_SETS = ["0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "۰۱۲۳۴۵۶۷۸۹"]


@settings(max_examples=examples(300))
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True), st.sampled_from(_DIGIT_SETS),
       st.sampled_from(["到了打我电话{}", "{} 放门口", "备用号:{}谢谢", "({})", "{}-7576"]))
@counted("masking")
def test_a_phone_in_any_digits_in_a_message_is_hidden(number: str, digits: str,
                                                      shape: str) -> None:
    typed = number.translate(str.maketrans("0123456789", digits))
    out = mask_free_text(shape.format(typed))
    assert typed not in out and typed[3:9] not in out
    assert _ANY_VISIBLE_RUN.search(out) is None
    assert out.count("*") >= 6
    assert mask_free_text(out) == out


@settings(max_examples=examples(300))
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       st.sampled_from(["到了打我电话{}", "{} 放门口", "备用号:{}谢谢", "({})", "{}-7576"]))
@counted("masking")
def test_a_phone_in_a_message_is_hidden(number: str, shape: str) -> None:
    out = mask_free_text(shape.format(number))
    assert number not in out and number[3:9] not in out
    assert out.count("*") >= 6


@settings(max_examples=examples(300))
@given(st.sampled_from(["010", "021", "0571", "0755", "0898"]),
       st.from_regex(r"[2-8][0-9]{6,7}", fullmatch=True),
       st.sampled_from(["{a}-{n}", "{a}{n}", "({a}){n}", "{a} {n}", "+86 {a2} {n}"]))
@counted("masking")
def test_any_landline_hides_six_digits(area: str, local: str, shape: str) -> None:
    text = shape.format(a=area, a2=area[1:], n=local)
    out = mask_phone(text)
    assert local not in out.replace("-", "")
    hidden = out.count("*")
    assert hidden >= 6 or (len(local) <= 6 and hidden >= len(local))
    assert mask_phone(out) == out


_PARTS = st.text(alphabet="浙江省杭州市西湖区文新街道北京朝阳 ", max_size=8)


@settings(max_examples=examples(400))
@given(_PARTS, _PARTS, _PARTS, _PARTS,
       st.one_of(st.text(), st.text(alphabet="0123456789号楼栋单元室-# 路街")))
@counted("masking")
def test_full_address_line_is_total_and_masks_the_detail(p, c, d, s, detail) -> None:
    out = mask_full_address(p, c, d, s, detail)
    assert isinstance(out, str)
    if detail.strip():
        assert "*" in out
    # the room number of the detail is never on the line
    m = re.search(r"(\d{3,4})室$", unicodedata.normalize("NFKC", detail).strip())
    if m:
        assert m.group(0) not in out


# ------------------------------------------------------------------------------ addresses


@settings(max_examples=examples(500))
@given(st.one_of(st.text(), st.text(alphabet="省市区县镇街道路号楼栋单元室浙江杭州北京上海 0123456789")))
@counted("address")
def test_split_address_is_total(text: str) -> None:
    parts = split_address(text)
    assert len(parts) == 5 and all(isinstance(p, str) for p in parts)
    norm = unicodedata.normalize("NFKC", text)
    # it never invents digits (house and room numbers come from the text)
    assert sum(ch.isdigit() for ch in "".join(parts)) <= sum(ch.isdigit() for ch in norm)


def _normal_areas() -> list[tuple[str, str, str]]:
    r = regions()
    out = []
    for prov in r.provinces.values():
        if prov.kind != "normal":
            continue
        for city in prov.children:
            if city.kind != "normal":
                continue
            out += [(prov.name, city.name, area.name) for area in city.children]
    return out


AREAS = _normal_areas()


@settings(max_examples=examples(400), suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(AREAS), st.integers(1, 999), st.integers(1, 40), st.integers(101, 3299),
       st.sampled_from([" ", ""]))
@counted("address")
def test_split_finds_every_region_of_the_table(area, no, bldg, room, sep) -> None:
    prov, city, district = area
    assume(len({prov, city, district}) == 3)
    detail = f"测试路{no}号{bldg}栋{room}室"
    got = split_address(sep.join((prov, city, district, detail)))
    if sep == "":  # unspaced text can be ambiguous; the region found must still be real
        assert got[0] == prov and got[4].endswith(detail)
        return
    assert got[:3] == (prov, city, district)
    assert got[4].endswith(detail)


# ------------------------------------------------------------------------------ amounts


@settings(max_examples=examples(600))
@given(st.one_of(st.text(max_size=40), st.from_regex(r"-?[0-9]{1,13}\.[0-9]{2}", fullmatch=True),
                 st.text(alphabet="0123456789.,-+¥元 ()１２", max_size=20)))
@counted("amount")
def test_fast_fen_agrees_with_parse_fen(text: str) -> None:
    try:
        want = parse_fen(text)
    except ValueError:
        with pytest.raises(ValueError):
            fast_fen(text)
        return
    assert fast_fen(text) == want
    assert abs(want) < MAX_FEN


@settings(max_examples=examples(300))
@given(st.integers(min_value=-(MAX_FEN - 1), max_value=MAX_FEN - 1))
@counted("amount")
def test_exported_amounts_read_back(fen: int) -> None:
    text = format_fen(fen, symbol="")
    assert fast_fen(text) == fen


@settings(max_examples=examples(200))
@given(st.text(alphabet="0123456789", min_size=15, max_size=400),
       st.sampled_from(["", ".5", "e9999", "E-9999", ".123456789"]))
@counted("amount")
def test_huge_amounts_are_refused_cleanly(digits: str, tail: str) -> None:
    try:
        fen = fast_fen(digits + tail)
    except ValueError:
        return
    assert abs(fen) < MAX_FEN


@settings(max_examples=examples(300))
@given(st.one_of(st.text(max_size=20), st.integers(-5, 10**6).map(str),
                 st.text(alphabet="0123456789.,-１２ eE", max_size=12),
                 st.sampled_from(["INF", "-Infinity", "NaN", "sNaN", "1e400", "1e9999999",
                                  "9" * 30, "1E+6", "0.5", "1,000"])))
@counted("amount")
def test_quantity_is_a_whole_number_or_a_clear_error(text: str) -> None:
    try:
        q = _qty(text)
    except ValueError as exc:
        assert "quantity" in str(exc)
        return
    assert isinstance(q, int) and 1 <= q <= 10**7


def test_a_phone_the_platform_half_hid_is_hidden_as_the_standard_asks():
    """138****1234 shows 7 digits; in a buyer message it is masked like any phone."""
    from app.core.masking import mask_free_text

    assert mask_free_text("到了打138****1234") == "到了打138******34"
    assert mask_free_text("１３８＊＊＊＊１２３４").endswith("３４")
    assert "１２" not in mask_free_text("１３８＊＊＊＊１２３４")
    assert mask_free_text("规格 1*2*3*4 共 5 件") == "规格 1*2*3*4 共 5 件"
