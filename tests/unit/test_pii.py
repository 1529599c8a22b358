"""Classifying receiver values and reading phone numbers (app.core.pii)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.pii import Phone, ValueKind, classify, is_cipher, normalize_phone

DY_NAME = "##yRH1fM7UWLu/LOA3U8m9+g/w*Fp3JV1Z0BmZ2z7C064kCxEJp2hz2umbT+LbUsQCp#1##"
DY_PHONE = "$$6g51WlwughAkKgjnB49/iThesJQjVVGC*VouW6KT+8joMn8Wv12CEN4Fr3QpzCctKElLk2nDmcg/KpNoe$1$$"
DY_ADDR = "##mEBsGJwkJ56YUdWBQgQTb+tX*E8FmsTJp3WP8NceX/wimzZAJUGanRa3bbYgxwrD4#1##"


# --------------------------------------------------------------------------- classify


@pytest.mark.parametrize("value", [DY_NAME, DY_PHONE, DY_ADDR, f"  {DY_PHONE}\t",
                                   "##abc+/=*def==#2##", "$$AbC*dEf$12$$"])
def test_classify_cipher(value: str) -> None:
    assert classify(value) is ValueKind.CIPHER
    assert is_cipher(value)


@pytest.mark.parametrize("value", ["张**", "138****1234", "浙江省***", "王＊＊", "*", "人民南路****",
                                   "##abc*def#1#", "$$abc*def$$", "#abc*def#1##"])
def test_classify_masked(value: str) -> None:
    # the last three look like ciphertext but are not well formed: a * in them is a mask
    assert classify(value) is ValueKind.MASKED
    assert not is_cipher(value)


@pytest.mark.parametrize("value", ["张三", "13812345678", "人民南路四段27号3号楼501", "John Smith",
                                   "##abc#1##", "$$abc$1$$"])
def test_classify_plain(value: str) -> None:
    assert classify(value) is ValueKind.PLAIN


@pytest.mark.parametrize("value", ["", "   ", "\t\n", None])
def test_classify_empty(value: str | None) -> None:
    assert classify(value) is ValueKind.EMPTY


def test_value_kind_values() -> None:
    assert [k.value for k in ValueKind] == ["plain", "masked", "cipher", "empty"]
    assert ValueKind.CIPHER == "cipher"


@given(st.text())
def test_classify_total(value: str) -> None:
    kind = classify(value)
    assert kind in ValueKind
    if kind is ValueKind.EMPTY:
        assert not value.strip()


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("raw", "kind", "main", "ext"),
    [
        ("13812345678", "mobile", "13812345678", ""),
        ("+86 138 1234 5678", "mobile", "13812345678", ""),
        ("+8613812345678", "mobile", "13812345678", ""),
        ("0086 13812345678", "mobile", "13812345678", ""),
        ("86-13812345678", "mobile", "13812345678", ""),
        ("8613812345678", "mobile", "13812345678", ""),
        ("138-1234-5678", "mobile", "13812345678", ""),
        ("138 1234 5678", "mobile", "13812345678", ""),
        ("１３８１２３４５６７８", "mobile", "13812345678", ""),
        ("＋８６ １３８－１２３４－５６７８", "mobile", "13812345678", ""),
        (" 13812345678\t", "mobile", "13812345678", ""),
        ("18400913965-7576", "virtual", "18400913965", "7576"),
        ("18400913965_7576", "virtual", "18400913965", "7576"),
        ("18400913965转7576", "virtual", "18400913965", "7576"),
        ("18400913965 转 7576", "virtual", "18400913965", "7576"),
        ("18400913965-757", "virtual", "18400913965", "757"),
        ("18400913965-75761", "virtual", "18400913965", "75761"),
        ("１８４００９１３９６５－７５７６", "virtual", "18400913965", "7576"),
        ("0571-88123456", "landline", "057188123456", ""),
        ("(010)12345678", "landline", "01012345678", ""),
        ("（010）12345678", "landline", "01012345678", ""),
        ("010 1234 5678", "landline", "01012345678", ""),
        ("021-6123456", "landline", "0216123456", ""),
        ("0571-88123456-8001", "landline", "057188123456", "8001"),
        ("0571-88123456转801", "landline", "057188123456", "801"),
        ("+86 571 8812 3456", "landline", "057188123456", ""),
        ("+86 10 12345678", "landline", "01012345678", ""),
        ("88123456", "landline", "88123456", ""),
        ("400-800-1234", "other", "4008001234", ""),
        ("4008001234", "other", "4008001234", ""),
        ("95338", "other", "95338", ""),
        ("95546", "other", "95546", ""),
        ("+852 9123 4567", "other", "85291234567", ""),
    ],
)
def test_normalize_phone(raw: str, kind: str, main: str, ext: str) -> None:
    p = normalize_phone(raw)
    assert p == Phone(kind, main, ext)  # type: ignore[arg-type]
    assert p.main.isdigit()
    assert p.extension == "" or p.extension.isdigit()


@pytest.mark.parametrize(
    "raw",
    ["", "   ", None, "abc", "12", "138****1234", DY_PHONE, "13812345678 13912345678",
     "1381234567", "138123456789", "18400913965-75", "18400913965-757612", "电话13812345678",
     "13812345678-abc", "1-2-3-4", "0000000", "12345678901", "---", "转7576",
     "18400913965转7576转1"],
)
def test_normalize_phone_rejects(raw: str | None) -> None:
    assert normalize_phone(raw) is None


def test_phone_text_and_parts() -> None:
    v = normalize_phone("18400913965-7576")
    assert v is not None
    assert v.text == str(v) == "18400913965-7576"
    assert v.dial_suffix == "7576"  # what SF/ZTO tracking wants for a virtual number
    assert v.area_code == ""

    m = normalize_phone("+86 138 1234 5678")
    assert m is not None
    assert m.text == "13812345678"
    assert m.dial_suffix == "5678"

    ll = normalize_phone("0571-88123456-8001")
    assert ll is not None
    assert ll.area_code == "0571"
    assert ll.local_number == "88123456"
    assert ll.text == "0571-88123456-8001"
    assert ll.dial_suffix == "3456"

    bj = normalize_phone("(010)12345678")
    assert bj is not None
    assert (bj.area_code, bj.local_number, bj.text) == ("010", "12345678", "010-12345678")


def test_phone_is_frozen() -> None:
    p = normalize_phone("13812345678")
    assert p is not None
    with pytest.raises(AttributeError):
        p.main = "1"  # type: ignore[misc]


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       st.sampled_from(["{}", "+86 {}", "86-{}", "0086{}", " {} "]))
def test_any_mobile_normalises(number: str, shape: str) -> None:
    p = normalize_phone(shape.format(number))
    assert p == Phone("mobile", number, "")


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       st.from_regex(r"[0-9]{3,5}", fullmatch=True), st.sampled_from(["-", "_", "转"]))
def test_any_virtual_normalises(number: str, ext: str, sep: str) -> None:
    p = normalize_phone(f"{number}{sep}{ext}")
    assert p == Phone("virtual", number, ext)
    assert p.dial_suffix == ext


@given(st.text())
def test_normalize_phone_never_raises(raw: str) -> None:
    p = normalize_phone(raw)
    if p is not None:
        assert p.main.isascii() and p.main.isdigit()
        assert p.extension == "" or (p.extension.isascii() and p.extension.isdigit())
        assert normalize_phone(p.text) == p  # the canonical text reads back the same
