"""Label masks per GB/T 41833-2022 (app.core.masking): ≥1 character of a name, ≥6 digits of
a phone number and the unit/room part of an address are hidden, whatever comes in."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.masking import (
    ADDRESS_PLACEHOLDER,
    NAME_PLACEHOLDER,
    PHONE_PLACEHOLDER,
    mask_address,
    mask_full_address,
    mask_name,
    mask_phone,
)
from app.core.pii import ValueKind, classify

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

DY_NAME = "##yRH1fM7UWLu/LOA3U8m9+g/w*Fp3JV1Z0BmZ2z7C064kCxEJp2hz2umbT+LbUsQCp#1##"
DY_PHONE = "$$6g51WlwughAkKgjnB49/iThesJQjVVGC*VouW6KT+8joMn8Wv12CEN4Fr3QpzCctKElLk2nDmcg/KpNoe$1$$"
DY_ADDR = "##mEBsGJwkJ56YUdWBQgQTb+tX*E8FmsTJp3WP8NceX/wimzZAJUGanRa3bbYgxwrD4#1##"


# --------------------------------------------------------------------------- helpers


def split_ext(masked: str) -> tuple[str, str]:
    """The masked main number and the visible extension of a masked phone."""
    m = re.fullmatch(r"(.*?\*.*?)-([0-9]{1,6})", masked)
    return (m.group(1), m.group(2)) if m else (masked, "")


def hidden_digits(masked: str) -> int:
    """Digit positions hidden in the main number of a masked phone."""
    return split_ext(masked)[0].count("*")


def visible_digits(masked: str) -> int:
    main = split_ext(masked)[0]
    area = re.match(r"0[0-9]{2,3}-", main)  # a landline's area code is not the person's number
    return sum(c.isdigit() for c in main[area.end() if area else 0:])


def assert_phone_masked(original: str, masked: str) -> None:
    assert masked, original
    assert hidden_digits(masked) >= 6, (original, masked)
    assert re.search(r"[0-9]{7,}", masked) is None, (original, masked)
    digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", original))
    for run in re.findall(r"[0-9]{11}", digits):
        assert run not in re.sub(r"[^0-9]", "", masked), (original, masked)
    assert mask_phone(masked) == masked  # idempotent


def assert_name_masked(original: str, masked: str) -> None:
    assert "*" in masked, (original, masked)
    if classify(original) is ValueKind.PLAIN:
        assert masked != original
        assert len(masked.replace(" ", "")) == len("".join(original.split()))
    assert mask_name(masked) == masked


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张", "*"),
        ("张三", "张*"),
        ("王小明", "王**"),
        ("王小明明", "王***"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳娜", "欧阳*"),
        ("欧阳", "欧*"),  # the whole name is the compound surname: still hide one
        ("司马静", "司马*"),
        ("诸葛亮", "诸葛*"),
        ("上官婉儿", "上官**"),
        ("欧勇", "欧*"),
        ("  张三 ", "张*"),
        ("张 三", "张*"),
        ("买买提·艾力", "买**·**"),
        ("John Smith", "J*** S****"),
        ("john", "j***"),
        ("A B", "* *"),
        ("Mary  Jane\tWatson", "M*** J*** W*****"),
        ("·", "*"),
        ("宝妈123", "宝****"),
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked
    assert mask_name(masked) == masked


@pytest.mark.parametrize("name", ["张*", "何**", "王＊＊", "*", "***", "J*** S****", "*三"])
def test_mask_name_keeps_masked_input(name: str) -> None:
    out = mask_name(name)
    assert out == name.replace("＊", "*")
    assert "*" in out


@pytest.mark.parametrize("name", [DY_NAME, DY_ADDR, DY_PHONE, f" {DY_NAME} "])
def test_mask_name_ciphertext(name: str) -> None:
    assert mask_name(name) == NAME_PLACEHOLDER == "***"


@pytest.mark.parametrize("name", ["", "   ", None])
def test_mask_name_empty(name: str | None) -> None:
    assert mask_name(name) == ""  # type: ignore[arg-type]


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138******78"),
        ("+86 138 1234 5678", "138******78"),
        ("86-13812345678", "138******78"),
        ("138-1234-5678", "138******78"),
        ("１３８１２３４５６７８", "138******78"),
        ("18400913965-7576", "184******65-7576"),
        ("18400913965_7576", "184******65-7576"),
        ("18400913965转7576", "184******65-7576"),
        ("0571-88123456", "0571-******56"),
        ("(010)12345678", "010-******78"),
        ("010 1234 5678", "010-******78"),
        ("021-6123456", "021-******6"),
        ("0571-88123456-8001", "0571-******56-8001"),
        ("88123456", "******56"),
        ("8812345", "******5"),
        ("4008001234", "40******34"),
        ("95338", "*****"),
        ("12", "**"),
        # already masked: count the hidden digits and widen to 6
        ("138****1234", "138******34"),
        ("+86 138****1234", "138******34"),
        ("138＊＊＊＊1234", "138******34"),
        ("138-****-1234", "138******34"),
        ("138******34", "138******34"),
        ("184****3965-7576", "184******65-7576"),
        ("0571-****3456", "0571-******56"),
        ("0571****3456", "0571-******56"),
        ("*******1234", "*********34"),
        # free text: digits hidden where they stand
        ("电话13812345678请联系", "电话138******78请联系"),
        ("13812345678 13912345678", "138*****************78"),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked
    assert mask_phone(masked) == masked


@pytest.mark.parametrize("phone", [DY_PHONE, DY_NAME, f"\t{DY_PHONE}"])
def test_mask_phone_ciphertext(phone: str) -> None:
    assert mask_phone(phone) == PHONE_PLACEHOLDER == "*" * 11


@pytest.mark.parametrize("phone", ["", "  ", None])
def test_mask_phone_empty(phone: str | None) -> None:
    assert mask_phone(phone) == ""  # type: ignore[arg-type]


def test_mask_phone_text_without_digits_is_left() -> None:
    assert mask_phone("见备注") == "见备注"


def test_138_star4_is_not_enough() -> None:
    # the standard's own counter-example: 4 hidden digits must become at least 6
    assert "138****1234".count("*") == 4
    out = mask_phone("138****1234")
    assert hidden_digits(out) >= 6
    assert visible_digits(out) <= 5


def test_virtual_extension_stays_visible() -> None:
    out = mask_phone("18400913965-7576")
    assert out.endswith("-7576")
    assert hidden_digits(out) == 6
    assert "18400913965" not in out


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("detail", "masked"),
    [
        ("人民南路四段27号3号楼501", "人民南路四段27号****"),
        ("人民南路四段27号1幢2单元1302室", "人民南路四段27号****"),
        ("人民南路四段27号12-3-401", "人民南路四段27号****"),
        ("仓前街道龙潭路9号7栋1单元602", "仓前街道龙潭路9号****"),
        ("科技园南路18号A座1808室", "科技园南路18号****"),
        ("人民南路四段27号南区8栋302", "人民南路四段27号南区****"),
        ("张江路665号B座1203", "张江路665号****"),
        ("文一西路998号301室", "文一西路998号****"),
        ("文一西路998号5层", "文一西路998号****"),
        ("长安街2号院3号楼4单元501", "长安街****"),
        ("阳光小区10-2-302", "阳光小区****"),
        ("阳光小区十二层", "阳光小区****"),
        ("幸福里3#501", "幸福里****"),
        ("望京东路1号302", "望京东路1号****"),
        ("文一西路998弄3号501", "文一西路998弄3号****"),
        ("1幢2单元1302室", "****"),
        ("301室", "****"),
        # nothing recognisable: hide the trailing number run or the last 4 characters
        ("幸福小区东门", "幸福****"),
        ("人民南路四段27号", "人民南路四****"),
        ("无", "****"),
        # platform-masked copies are already hidden and stay as they are
        ("人民南路****", "人民南路****"),
        ("张江路6****", "张江路6****"),
        ("人民南路＊＊＊＊", "人民南路****"),
        ("3号楼****", "****"),
        ("  人民南路四段27号  3号楼501 ", "人民南路四段27号****"),
        ("１幢２单元１３０２室", "****"),
    ],
)
def test_mask_address(detail: str, masked: str) -> None:
    assert mask_address(detail) == masked
    assert mask_address(masked) == masked


@pytest.mark.parametrize("detail", [DY_ADDR, DY_NAME, f" {DY_ADDR}"])
def test_mask_address_ciphertext(detail: str) -> None:
    assert mask_address(detail) == ADDRESS_PLACEHOLDER == "****"


@pytest.mark.parametrize("detail", ["", "   ", None])
def test_mask_address_empty(detail: str | None) -> None:
    assert mask_address(detail) == ""  # type: ignore[arg-type]


def test_mask_full_address() -> None:
    assert (mask_full_address("浙江省", "金华市", "义乌市", "福田街道", "人民南路四段27号3号楼501")
            == "浙江省 金华市 义乌市 福田街道 人民南路四段27号****")
    # municipalities repeat the city; blanks are skipped
    assert (mask_full_address("北京市", "北京市", "朝阳区", "", "望京东路1号3号楼501")
            == "北京市 朝阳区 望京东路1号****")
    assert mask_full_address("浙江省", "杭州市", "西湖区", "", DY_ADDR) == "浙江省 杭州市 西湖区 ****"
    assert mask_full_address("", "", "", "", "") == ""
    assert mask_full_address("上海市", "上海市", "浦东新区", "川沙新镇", "张江路665号3号楼501",
                             sep="") == "上海市浦东新区川沙新镇张江路665号****"


# --------------------------------------------------------------------------- sample exports


def _rows(name: str) -> list[dict[str, str]]:
    with (SAMPLES / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _sample_receivers() -> list[tuple[str, str, str]]:
    out = [(r["收件人"], r["收件人手机号"], r["详细地址"]) for r in _rows("douyin_orders.csv")]
    out += [(r["收货人姓名"], r["收货人电话"], r["收货地址"].split(" ")[-1])
            for r in _rows("kuaishou_orders.csv")]
    return out


SAMPLE_RECEIVERS = _sample_receivers()


def test_samples_cover_all_kinds() -> None:
    kinds = {(i, classify(v)) for rec in SAMPLE_RECEIVERS for i, v in enumerate(rec)}
    for i in range(3):
        assert {(i, ValueKind.PLAIN), (i, ValueKind.MASKED), (i, ValueKind.CIPHER)} <= kinds
    assert any(re.fullmatch(r"1[0-9]{10}-[0-9]{4}", p) for _, p, _ in SAMPLE_RECEIVERS)


@pytest.mark.parametrize("name", sorted({n for n, _, _ in SAMPLE_RECEIVERS}))
def test_sample_names(name: str) -> None:
    out = mask_name(name)
    assert_name_masked(name, out)
    if classify(name) is ValueKind.CIPHER:
        assert out == NAME_PLACEHOLDER
    elif classify(name) is ValueKind.PLAIN:
        assert out[0] == name[0]


@pytest.mark.parametrize("phone", sorted({p for _, p, _ in SAMPLE_RECEIVERS}))
def test_sample_phones(phone: str) -> None:
    out = mask_phone(phone)
    assert_phone_masked(phone, out)
    if classify(phone) is ValueKind.CIPHER:
        assert out == PHONE_PLACEHOLDER
    else:
        assert re.fullmatch(r"1[0-9]{2}\*{6}[0-9]{2}(-[0-9]{4})?", out), out
        if "-" in phone:
            assert out.endswith(phone[phone.index("-"):])


@pytest.mark.parametrize("detail", sorted({d for _, _, d in SAMPLE_RECEIVERS}))
def test_sample_addresses(detail: str) -> None:
    out = mask_address(detail)
    assert out.endswith("****")
    assert mask_address(out) == out
    if classify(detail) is ValueKind.PLAIN:
        visible = out[: -len("****")]
        assert detail.startswith(visible)
        unit = detail[len(visible):]
        # the whole unit/room part is hidden: the room number is not on the label
        assert re.search(r"[0-9]{3,4}$|[0-9]室$", unit), (detail, out)
        assert "号" not in unit or re.search(r"号[楼院]", unit), (detail, out)
        assert visible.endswith(("号", "区")), (detail, out)


# --------------------------------------------------------------------------- properties

MOBILES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
PHONE_ALPHABET = "0123456789*-+ ()_#x转８６１３＊．" + "abc号"
ADDRESS_ALPHABET = "0123456789-号楼栋幢单元室层座院户门#ABab*＊ 路街道小区弄一二十"
NAME_ALPHABET = "张王欧阳司马李·. *＊ABab 　"


@given(MOBILES)
def test_any_mobile_hides_6(number: str) -> None:
    out = mask_phone(number)
    assert hidden_digits(out) >= 6
    assert visible_digits(out) <= 5
    assert out[:3] == number[:3] and out[-2:] == number[-2:]
    assert_phone_masked(number, out)


@given(MOBILES, st.sampled_from(["+86 {}", "86-{}", "{0[0]}{0[1]}{0[2]}-{0[3]}{0[4]}{0[5]}{0[6]}-{0[7]}{0[8]}{0[9]}{0[10]}"]))
def test_any_mobile_written_any_way(number: str, shape: str) -> None:
    out = mask_phone(shape.format(number))
    assert out == mask_phone(number)


@given(MOBILES, st.from_regex(r"[0-9]{3,5}", fullmatch=True))
def test_any_virtual_number(number: str, ext: str) -> None:
    out = mask_phone(f"{number}-{ext}")
    assert out.endswith(f"-{ext}")
    assert hidden_digits(out) >= 6
    assert visible_digits(out) <= 5
    assert_phone_masked(number, out)


@given(MOBILES, st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=11))
def test_any_partly_masked_mobile(number: str, start: int, length: int) -> None:
    given_mask = number[:start] + "*" * min(length, 11 - start) + number[start + length:]
    out = mask_phone(given_mask)
    assert hidden_digits(out) >= 6
    assert visible_digits(out) <= 5
    # a digit that was hidden is never shown again
    for i, ch in enumerate(given_mask):
        if ch == "*":
            assert out[i] == "*"


@given(st.text(min_size=1).filter(lambda s: s.strip()))
def test_any_name_hides_a_character(name: str) -> None:
    out = mask_name(name)
    assert "*" in out
    if classify(name) is ValueKind.PLAIN:
        assert out != " ".join(name.split())


@given(st.text(alphabet=NAME_ALPHABET, min_size=1).filter(lambda s: s.strip()))
def test_any_name_like_text_hides_a_character(name: str) -> None:
    out = mask_name(name)
    assert "*" in out
    assert mask_name(out) == out


@settings(max_examples=300)
@given(st.one_of(st.text(), st.text(alphabet=NAME_ALPHABET)))
def test_mask_name_total_and_idempotent(text: str) -> None:
    out = mask_name(text)
    assert isinstance(out, str)
    assert mask_name(out) == out


@settings(max_examples=500)
@given(st.one_of(st.text(), st.text(alphabet=PHONE_ALPHABET)))
def test_mask_phone_total_and_idempotent(text: str) -> None:
    out = mask_phone(text)
    assert isinstance(out, str)
    assert mask_phone(out) == out
    assert re.search(r"[0-9]{7,}", out) is None
    digits = re.sub(r"[^0-9]", "", unicodedata.normalize("NFKC", text))
    if len(digits) >= 11:
        assert out.count("*") >= 6


@settings(max_examples=500)
@given(st.one_of(st.text(), st.text(alphabet=ADDRESS_ALPHABET)))
def test_mask_address_total_and_idempotent(text: str) -> None:
    out = mask_address(text)
    assert isinstance(out, str)
    assert mask_address(out) == out
    if text.strip():
        assert "*" in out  # something is always hidden


@given(st.sampled_from(["人民南路四段27号", "文一西路998号", "阳光小区", "长安街"]),
       st.integers(1, 99), st.sampled_from(["号楼", "栋", "幢", "座"]),
       st.integers(1, 9), st.integers(101, 3299))
def test_any_unit_and_room_hidden(road: str, bldg: int, kind: str, unit: int, room: int) -> None:
    detail = f"{road}{bldg}{kind}{unit}单元{room}室"
    out = mask_address(detail)
    assert out == f"{road}****"
    assert str(room) not in out
