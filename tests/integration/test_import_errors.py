import csv
import io

from sqlalchemy import func, select

from app.services.import_orders import import_files
from app.store.models import Order


def _write(path, text, encoding="utf-8-sig"):
    path.write_bytes(text.encode(encoding))
    return path


def _sample_text(douyin_csv, n=12):
    with open(douyin_csv, encoding="utf-8-sig", newline="") as f:
        lines = f.read().splitlines()
    return lines[: n + 1]


def test_not_an_export_gets_one_clear_message(ws, tmp_path):
    p = _write(tmp_path / "notes.csv", "hello,world\n1,2\n")
    s = import_files(ws, [p])
    assert len(s.errors) == 1
    assert s.errors[0].file == "notes.csv"
    assert "header" in s.errors[0].message


def test_bad_amount_names_file_row_and_column_and_writes_nothing(ws, tmp_path, douyin_csv):
    lines = _sample_text(douyin_csv)
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header = rows[0]
    rows[3][header.index("订单应付金额")] = "十二块"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    p = _write(tmp_path / "bad.csv", buf.getvalue())
    s = import_files(ws, [p])
    assert s.imported == 0
    assert [(e.file, e.row, e.column) for e in s.errors] == [("bad.csv", 4, "订单应付金额")]
    with ws.read() as db:
        assert db.scalar(select(func.count()).select_from(Order)) == 0
    # the seller may choose to import the valid rows
    s2 = import_files(ws, [p], valid_rows_only=True)
    assert s2.imported >= 1 and len(s2.errors) == 1


def test_gbk_title_row_totals_and_excel_text_ids(ws, tmp_path, douyin_csv):
    lines = _sample_text(douyin_csv, 6)
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header = rows[0]
    oid = header.index("主订单编号")
    for r in rows[1:]:
        r[oid] = f'="{r[oid]}"' if len(r) % 2 else r[oid] + "\t"
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["抖店订单导出 2026-11-23"])
    w.writerows(rows)
    w.writerow([])
    w.writerow(["合计"] + [""] * (len(header) - 1))
    p = _write(tmp_path / "gbk.csv", buf.getvalue(), encoding="gb18030")
    s = import_files(ws, [p])
    assert s.errors == []
    with ws.read() as db:
        ids = set(db.scalars(select(Order.platform_order_id)))
    assert {r[oid].strip('="\t') for r in rows[1:]} == ids
