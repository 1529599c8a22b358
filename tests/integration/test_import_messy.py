"""Everything exporters and Excel do to files, each written here by the test itself."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest
from sqlalchemy import func, select

from app.services.import_orders import import_file, import_files, preview_file
from app.store.models import Order, OrderItem
from tests.integration.test_import_support import (
    DOUYIN,
    KUAISHOU,
    csv_text,
    items,
    order,
    order_ids,
    receiver,
    sample_rows,
    whole_orders,
    write,
    write_xlsx,
)

HEADER, ROWS = sample_rows(DOUYIN)
OID = HEADER.index("主订单编号")
SUB = HEADER.index("子订单编号")
PAY = HEADER.index("订单应付金额")
QTY = HEADER.index("商品数量")
PHONE = HEADER.index("收件人手机号")
NAME = HEADER.index("收件人")
PAID = HEADER.index("支付完成时间")


def _some(n: int = 8) -> list[list[str]]:
    return [list(r) for r in whole_orders(HEADER, ROWS, n)]


def _expected_ids(rows: list[list[str]]) -> set[str]:
    return {r[OID] for r in rows}


def _count(ws, model=Order) -> int:  # noqa: ANN001
    with ws.read() as s:
        return s.scalar(select(func.count()).select_from(model))


# --------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding", [
    "utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le+bom", "utf-16-be+bom",
    "utf-16-le", "utf-16-be",
])
def test_every_encoding_imports_the_same_orders(ws, tmp_path, encoding):
    rows = _some(10)
    # a character GBK lacks but GB18030 has, in a remark (only for the encodings that can)
    if encoding not in ("gbk",):
        rows[0][HEADER.index("商家备注")] = "加急㐀"
    p = write(tmp_path / f"orders-{encoding}.csv", csv_text([HEADER, *rows]), encoding)
    s = import_files(ws, [p])
    assert s.errors == [], s.errors[:3]
    assert order_ids(ws) == _expected_ids(rows)
    first = rows[0]
    got = receiver(ws, first[OID])
    assert got["name"] == first[NAME] and got["phone"] == first[PHONE]
    if encoding != "gbk":
        assert order(ws, first[OID]).seller_remark == "加急㐀"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_tab_separated_unicode_text_from_excel(ws, tmp_path, encoding):
    rows = _some(6)
    p = write(tmp_path / "excel-unicode.txt", csv_text([HEADER, *rows], delimiter="\t"),
              encoding)
    s = import_files(ws, [p])
    assert s.errors == [], s.errors[:3]
    assert order_ids(ws) == _expected_ids(rows)


def test_detected_encoding_and_header_row_are_shown_in_the_preview(ws, tmp_path):
    rows = _some(3)
    text = csv_text([["抖店订单导出"], ["导出时间：2026-11-23 10:00"], HEADER, *rows])
    p = write(tmp_path / "gbk.csv", text, "gbk")
    pv = preview_file(ws, p)
    assert pv.encoding == "gb18030" and pv.header_row == 3
    assert pv.platform == "douyin" and pv.ready
    assert pv.rows[0][OID] == rows[0][OID]


# --------------------------------------------------------------------------- Excel tricks

def test_excel_text_tricks_thousands_and_full_width_digits(ws, tmp_path):
    rows = _some(8)
    expect_pay: dict[str, int] = {}
    for k, r in enumerate(rows):
        oid = r[OID]
        if k % 3 == 0:
            r[OID] = f'="{oid}"'  # Excel formula keeps it text
            r[SUB] = f'="{r[SUB]}"'
        elif k % 3 == 1:
            r[OID] = oid + "\t"  # trailing tab
            r[PHONE] = r[PHONE] + "\t"
        else:
            r[OID] = "'" + oid  # leading apostrophe
    # thousands separators and full-width digits in amounts and quantities
    rows[0][PAY] = "1,234.50"
    rows[1][PAY] = "１２．３０"
    rows[1][QTY] = "２"
    for r in rows:
        oid = r[OID].strip('="\t\'')
        expect_pay[oid] = expect_pay.get(oid, 0)
    text = csv_text([HEADER, *rows])
    p = write(tmp_path / "tricks.csv", text)
    s = import_files(ws, [p])
    assert s.errors == [], s.errors[:3]
    clean_ids = {r[OID].strip('="\t\'') for r in rows}
    assert order_ids(ws) == clean_ids
    first = rows[0][OID].strip('="')
    assert order(ws, first).payable_fen >= 123450
    second = rows[1][OID].strip("\t")
    its = items(ws, second)
    assert any(i.qty == 2 and i.payable_fen == 1230 for i in its)
    # the phone kept its digits, without the tab
    assert receiver(ws, second)["phone"] == rows[1][PHONE].strip()


def test_full_width_order_ids_become_ascii(ws, tmp_path):
    rows = _some(2)
    oid = rows[0][OID]
    wide = oid.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for r in rows:
        if r[OID] == oid:
            r[OID] = wide
    p = write(tmp_path / "wide.csv", csv_text([HEADER, *rows]))
    assert import_files(ws, [p]).errors == []
    assert oid in order_ids(ws)


def test_title_rows_blank_lines_and_totals_rows(ws, tmp_path):
    rows = _some(6)
    body = []
    for k, r in enumerate(rows):
        body.append(r)
        if k == 2:
            body.append([])  # blank line
            body.append([""] * len(HEADER))  # a row of empty cells
    total = [""] * len(HEADER)
    total[0] = "合计"
    total[PAY] = "9,999.00"
    note = [""] * len(HEADER)
    note[OID] = "共 6 单"
    text = csv_text([["抖店 订单导出"], ["店铺：小鹿的零食铺", "", "导出人：张三"], [],
                     HEADER, *body, [], total, note, ["导出时间：2026-11-23 10:00:00"]])
    p = write(tmp_path / "titled.csv", text)
    s = import_files(ws, [p])
    assert s.errors == [], s.errors[:3]
    assert order_ids(ws) == _expected_ids(rows)
    assert _count(ws, OrderItem) == len(rows)


def test_long_ids_are_never_rounded(ws, tmp_path):
    rows = _some(3)
    big = ["9223372036854775807", "7568865532228085001", "1000000000000000001"]
    for r, new in zip(rows, big, strict=False):
        old = r[OID]
        for rr in rows:
            if rr[OID] == old:
                rr[OID] = new
    p = write(tmp_path / "long.csv", csv_text([HEADER, *rows]))
    assert import_files(ws, [p]).errors == []
    assert set(big) <= order_ids(ws)


# --------------------------------------------------------------------------- workbooks

def test_xlsx_with_ids_typed_as_numbers_is_refused_with_a_clear_message(ws, tmp_path):
    rows = _some(4)
    data = [HEADER]
    for r in rows:
        r2: list[object] = list(r)
        r2[OID] = int(r[OID])  # Excel stores a double: 19 digits cannot be exact
        data.append(r2)
    p = write_xlsx(tmp_path / "numbers.xlsx", data)
    s = import_files(ws, [p])
    assert s.imported == 0 and _count(ws) == 0
    assert s.errors, "a lossy id must be refused"
    e = s.errors[0]
    assert (e.file, e.row, e.column) == ("numbers.xlsx", 2, "主订单编号")
    assert "format the column as text in Excel and export again" in e.message


def test_xlsx_with_exact_numbers_dates_and_text_ids(ws, tmp_path):
    k_header, k_rows = sample_rows(KUAISHOU, 6)
    data: list[list[object]] = [k_header]
    oid, qty, price, pay = (k_header.index(c) for c in ("订单号", "商品数量", "商品单价", "实付款"))
    paid = k_header.index("订单支付时间")
    for r in k_rows:
        r2: list[object] = list(r)
        r2[oid] = int(r[oid])  # 16 digits: below 2**53, exact in a double
        r2[qty] = int(r[qty])
        r2[price] = float(r[price])
        r2[pay] = float(r[pay])
        r2[paid] = dt.datetime.strptime(r[paid], "%Y-%m-%d %H:%M:%S")
        data.append(r2)
    p = write_xlsx(tmp_path / "kuaishou.xlsx", data)
    s = import_files(ws, [p])
    assert s.errors == [], s.errors[:3]
    assert order_ids(ws) == {r[oid] for r in k_rows}
    o = order(ws, k_rows[0][oid])
    assert o.payable_fen == round(float(k_rows[0][pay]) * 100)
    assert o.paid_at.strftime("%Y-%m-%d %H:%M:%S") == k_rows[0][paid]


def test_xlsx_merged_cells_leave_the_order_id_on_the_first_row_only(ws, tmp_path):
    rows = _some(5)
    data: list[list[object]] = [HEADER]
    prev = None
    for r in rows:
        r2: list[object] = list(r)
        if r[OID] == prev:
            for col in (OID, NAME, PHONE, HEADER.index("详细地址")):
                r2[col] = None  # what a merged cell reads as below its first row
        prev = r[OID]
        data.append(r2)
    p = write_xlsx(tmp_path / "merged.xlsx", data)
    s = import_files(ws, [p])
    assert s.errors == [], s.errors[:3]
    assert order_ids(ws) == _expected_ids(rows)
    assert _count(ws, OrderItem) == len(rows)


def test_workbook_named_csv_and_csv_named_xls(ws, tmp_path):
    rows = _some(3)
    a = write_xlsx(tmp_path / "really-a-workbook.csv", [HEADER, *rows])
    b = write(tmp_path / "really-a-csv.xls", csv_text([HEADER, *rows]))
    s = import_files(ws, [a, b])
    assert s.errors == [], s.errors
    assert s.imported == len(_expected_ids(rows)) and s.unchanged == s.imported


# --------------------------------------------------------------------------- not an export

@pytest.mark.parametrize("name,content,words", [
    ("notes.csv", b"hello,world\n1,2\n", "header"),
    ("picture.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "binary"),
    ("empty.csv", b"", "empty"),
    ("page.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>", "web page"),
    ("broken.xlsx", b"PK\x03\x04 this is not really a zip", "workbook"),
    ("blank.csv", b"\r\n\r\n,,,\r\n", "no rows"),
])
def test_a_file_that_is_not_an_export_gets_one_clear_message(ws, tmp_path, name, content,
                                                             words):
    p = tmp_path / name
    p.write_bytes(content)
    s = import_files(ws, [p])
    assert len(s.errors) == 1, s.errors
    e = s.errors[0]
    assert e.file == name and e.row == 0 and words in e.message
    assert _count(ws) == 0


def test_missing_file_is_one_message(ws, tmp_path):
    s = import_files(ws, [tmp_path / "nowhere.csv"])
    assert len(s.errors) == 1 and "not found" in s.errors[0].message


# --------------------------------------------------------------------------- errors

def test_each_error_names_file_row_and_column_and_nothing_is_written(ws, tmp_path):
    rows = _some(10)
    # two title rows: row numbers must be the ones the seller sees in Excel
    firsts = [k for k, r in enumerate(rows) if k == 0 or rows[k - 1][OID] != r[OID]]
    bad_pay, bad_qty, bad_time, bad_id = firsts[1], firsts[3], firsts[5], firsts[7]
    rows[bad_pay][PAY] = "十二块"
    rows[bad_qty][QTY] = "two"
    rows[bad_time][PAID] = "昨天下午"
    rows[bad_id][OID] = "12AB-?"
    text = csv_text([["订单导出"], [], HEADER, *rows])
    p = write(tmp_path / "bad.csv", text)
    s = import_files(ws, [p])
    got = {(e.file, e.row, e.column) for e in s.errors}
    first_data = 4
    assert ("bad.csv", first_data + bad_pay, "订单应付金额") in got
    assert ("bad.csv", first_data + bad_qty, "商品数量") in got
    assert ("bad.csv", first_data + bad_time, "支付完成时间") in got
    assert ("bad.csv", first_data + bad_id, "主订单编号") in got
    assert all(e.message for e in s.errors)
    assert s.imported == 0 and _count(ws) == 0, "all or nothing"
    # the seller may choose to import the valid rows
    s2 = import_files(ws, [p], valid_rows_only=True)
    assert s2.imported >= 1 and len(s2.errors) == len(s.errors)
    assert _count(ws) == s2.imported


def test_broken_encoding_far_into_the_file_rolls_back(ws, tmp_path):
    rows = [list(r) for r in ROWS]  # ~230 rows: past the 64 KiB sample
    text = csv_text([HEADER, *rows])
    raw = text.encode("utf-8") + "7000000000000000001,1,坏行".encode("gbk") + b"\r\n"
    p = tmp_path / "mixed.csv"
    p.write_bytes(raw)
    s = import_files(ws, [p])
    assert s.imported == 0 and _count(ws) == 0
    assert len(s.errors) == 1 and "encoding" in s.errors[0].message


def test_scattered_rows_of_one_order_make_one_order(ws, tmp_path):
    rows = _some(4)
    multi = next(r[OID] for r in rows if sum(x[OID] == r[OID] for x in rows) > 1)
    mine = [r for r in rows if r[OID] == multi]
    rest = [r for r in rows if r[OID] != multi]
    shuffled = [mine[0], *rest, *mine[1:]]
    p = write(tmp_path / "scattered.csv", csv_text([HEADER, *shuffled]))
    s = import_files(ws, [p])
    assert s.errors == [] and s.imported == len(_expected_ids(rows))
    its = items(ws, multi)
    assert len(its) == len(mine)
    assert order(ws, multi).payable_fen == sum(i.payable_fen for i in its)
    again = import_files(ws, [p])
    assert again.unchanged == s.imported and again.updated == 0 and again.imported == 0


def test_utf8_bom_is_not_part_of_the_first_header(ws, tmp_path):
    rows = _some(2)
    p = tmp_path / "double-bom.csv"
    p.write_bytes(codecs.BOM_UTF8 + csv_text([HEADER, *rows]).encode("utf-8"))
    assert import_file(ws, p).errors == []
