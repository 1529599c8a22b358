"""Reader and mapping pieces: cells, headers, fast parsers, platform detection."""

from datetime import datetime

import pytest

from app.core.timeutil import SHANGHAI, parse_local
from app.importers import LAYOUTS, detect, suggest_mapping
from app.importers.mapping import fast_fen, fast_time
from app.importers.reader import InexactNumber, clean_cell, clean_row, normalise_header


@pytest.mark.parametrize("raw,clean", [
    ('="7568865532228085001"', "7568865532228085001"),
    ("7568865532228085001\t", "7568865532228085001"),
    ("'13800001234", "13800001234"),
    ("  张三 ", "张三"),
    ("\u3000北京\xa0", "北京"),
    ("", ""),
    (None, ""),
    (12.0, "12"),
    (29.9, "29.9"),
    (True, "TRUE"),
])
def test_clean_cell(raw, clean):
    assert clean_cell(raw) == clean


def test_big_workbook_numbers_are_marked_inexact():
    v = clean_cell(7568865532228085001.0)
    assert isinstance(v, InexactNumber)
    assert not isinstance(clean_cell(2489349200756102.0), InexactNumber)


def test_clean_row_only_touches_dirty_rows():
    row = ["a", "b", "c"]
    assert clean_row(row) is row
    assert clean_row(["a", " b", 'c']) == ["a", "b", "c"]
    assert clean_row(["a\t", "x"]) == ["a", "x"]


def test_normalise_header():
    assert normalise_header("商品数量（件）") == normalise_header("商品数量(件)")
    assert normalise_header(" *收货人： ") == "收货人"


@pytest.mark.parametrize("text", ["2026/11/20 12:18:00", "2026-11-20 12:18:00",
                                  "2026-11-20T12:18:00", "2026-11-20 12:18", "2026年11月20日 12:18",
                                  "46346.5", "", "-"])
def test_fast_time_agrees_with_parse_local(text):
    assert fast_time(text) == parse_local(text)


def test_fast_time_is_aware_shanghai():
    t = fast_time("2026/11/20 12:18:00")
    assert t == datetime(2026, 11, 20, 12, 18, tzinfo=SHANGHAI) and t.tzinfo is not None


@pytest.mark.parametrize("text,fen", [("29.90", 2990), ("0.00", 0), ("1,234.50", 123450),
                                      ("１２.３０", 1230), ("¥5", 500), ("-3.00", -300)])
def test_fast_fen(text, fen):
    assert fast_fen(text) == fen


def test_detect_platforms_from_headers():
    for name, lo in LAYOUTS.items():
        header = [lo.columns[f] for f in lo.columns]
        assert detect(header)[0].layout.platform == name, name
    assert not detect(["a", "b", "c"])[0].usable


def test_suggest_mapping_for_an_unknown_layout():
    m = suggest_mapping(["单号", "订单号", "收件人姓名", "手机号", "收货地址", "商品名称", "数量"])
    assert m["order_id"] == "订单号" and m["name"] == "收件人姓名"
    assert m["phone"] == "手机号" and m["full_address"] == "收货地址" and m["qty"] == "数量"


@pytest.mark.parametrize("text", [
    "", "尽快发货", "到了打我电话13970669074", "备用 139-7066-9074 或 021 5555 1234",
    '{"达人ID":"58821947","仓库ID":"7000000001","运费":"0.00"}', "订单 1234567 和 1234567",
    "全角１３９７０６６９０７４"])
def test_cached_free_text_mask_equals_the_core_one(text):
    from app.core.masking import mask_free_text
    from app.services.order_sink import FreeTextMasker

    m = FreeTextMasker()
    assert m(text) == mask_free_text(text)
    assert m(text) == mask_free_text(text)  # cached


def test_extra_json_equals_json_dumps():
    import json

    from app.services.order_sink import ExtraJson

    e = ExtraJson()
    for d in [{}, {"a": "1"}, {"列": '值"\\\n\t'}, {"x": "a\x1fb", "y": "z"}, {"k": "</script>"}]:
        assert e(d) == json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def test_db_time_is_what_sqlalchemy_stores():
    from app.services.order_sink import db_time
    from app.store.models import AwareDateTime

    t = fast_time("2026/11/20 12:18:00")
    stored = AwareDateTime().process_bind_param(t, None)
    assert db_time(t) == stored.isoformat(" ", "microseconds") == "2026-11-20 04:18:00.000000"
    assert db_time(None) is None
