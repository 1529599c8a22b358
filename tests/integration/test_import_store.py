import csv
import re
import sqlite3

import pytest
from sqlalchemy import func, select

from app.services.import_orders import import_files
from app.services.orders import OrderQuery, count_orders, list_orders
from app.services.workspace import Workspace, WorkspaceError
from app.store.models import Order, OrderItem, Recipient
from app.store.recipients import open_field


def _sample_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_import_groups_sub_orders(ws, douyin_csv):
    rows = _sample_rows(douyin_csv)
    s = import_files(ws, [douyin_csv])
    assert s.errors == []
    main_ids = {r["主订单编号"] for r in rows}
    assert s.imported == len(main_ids)
    with ws.read() as db:
        assert db.scalar(select(func.count()).select_from(Order)) == len(main_ids)
        assert db.scalar(select(func.count()).select_from(OrderItem)) == len(rows)
        multi = next(oid for oid in main_ids
                     if sum(r["主订单编号"] == oid for r in rows) > 1)
        order = db.scalar(select(Order).where(Order.platform_order_id == multi))
        assert len(order.items) == sum(r["主订单编号"] == multi for r in rows)
        assert order.payable_fen == sum(
            round(float(r["订单应付金额"]) * 100) for r in rows if r["主订单编号"] == multi)
        assert order.paid_at.tzinfo is not None


def test_xlsx_import(ws, douyin_csv):
    import openpyxl

    xlsx = douyin_csv.with_suffix(".xlsx")
    sheet = openpyxl.load_workbook(xlsx, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    col = rows[0].index("主订单编号")
    expected = {str(r[col]) for r in rows[1:] if r[col]}
    a = import_files(ws, [xlsx])
    assert a.errors == [], a.errors[:3]
    assert a.imported == len(expected)
    with ws.read() as db:
        assert set(db.scalars(select(Order.platform_order_id))) == expected
    assert import_files(ws, [xlsx]).unchanged == len(expected)


def test_reimport_is_idempotent(ws, douyin_csv):
    first = import_files(ws, [douyin_csv])
    again = import_files(ws, [douyin_csv])
    assert again.imported == 0 and again.updated == 0
    assert again.unchanged == first.imported


def test_no_personal_data_in_the_database_file(tmp_path, douyin_csv):
    db = tmp_path / "secret.sqlite"
    w = Workspace.open(str(db), key_dir=tmp_path / "keys")
    import_files(w, [douyin_csv])
    w.close()
    raw = b""
    for p in tmp_path.glob("secret.sqlite*"):
        raw += p.read_bytes()
    rows = _sample_rows(douyin_csv)
    phones = {re.sub(r"\D", "", r["收件人手机号"].split("-")[0]) for r in rows}
    phones = {p for p in phones if len(p) == 11}
    names = {r["收件人"] for r in rows if "*" not in r["收件人"] and "#" not in r["收件人"]}
    details = {r["详细地址"] for r in rows if "*" not in r["详细地址"] and "#" not in r["详细地址"]}
    assert phones and names and details
    for secret in phones | names | details:
        assert secret.encode("utf-8") not in raw, "plain personal data found in the DB file"
    # also the masked-in-file check on a fresh SQLite connection: no 11-digit mobile anywhere
    con = sqlite3.connect(db)
    for (text,) in con.execute("select name_masked || phone_masked || detail_masked from recipients"):
        assert not re.search(r"1\d{10}", text)
    con.close()


def test_encrypted_fields_decrypt_with_the_key(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    rows = _sample_rows(douyin_csv)
    first = rows[0]
    with ws.read() as db:
        order = db.scalar(select(Order).where(Order.platform_order_id == first["主订单编号"]))
        r = db.get(Recipient, order.recipient_id)
        assert open_field(ws.cipher, "name", r.name_enc) == first["收件人"]
        assert open_field(ws.cipher, "phone", r.phone_enc) == first["收件人手机号"]
        assert r.name_kind == "plain"
        assert r.phone_masked.count("*") >= 6


def test_ciphertext_kept_as_ciphertext(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    rows = [r for r in _sample_rows(douyin_csv) if r["收件人手机号"].startswith("$$")]
    assert rows
    with ws.read() as db:
        order = db.scalar(select(Order).where(Order.platform_order_id == rows[0]["主订单编号"]))
        r = db.get(Recipient, order.recipient_id)
        assert r.phone_kind == "cipher"
        assert open_field(ws.cipher, "phone", r.phone_enc) == rows[0]["收件人手机号"]
        assert "$$" not in r.phone_masked


def test_search_by_phone_uses_blind_index(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    row = next(r for r in _sample_rows(douyin_csv) if re.fullmatch(r"1\d{10}", r["收件人手机号"]))
    hits = list_orders(ws, OrderQuery(text=row["收件人手机号"]))
    assert row["主订单编号"] in {h.platform_order_id for h in hits}
    name_hits = list_orders(ws, OrderQuery(text=row["收件人"]))
    assert row["主订单编号"] in {h.platform_order_id for h in name_hits}
    assert count_orders(ws, OrderQuery(text="19999999999")) == 0


def test_wrong_key_is_refused(tmp_path, douyin_csv, monkeypatch):
    w = Workspace.open(str(tmp_path / "k.sqlite"), key_dir=tmp_path / "keys")
    w.close()
    with pytest.raises(WorkspaceError, match="passphrase"):
        Workspace.open(str(tmp_path / "k.sqlite"), key_dir=tmp_path / "keys",
                       passphrase="not the one")


def test_sqlite_pragmas(ws):
    with ws.engine.connect() as c:
        assert c.exec_driver_sql("pragma journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("pragma foreign_keys").scalar() == 1
        assert c.exec_driver_sql("pragma busy_timeout").scalar() >= 5000


def test_phone_in_buyer_message_is_masked_and_encrypted(tmp_path, douyin_csv):
    import io

    with open(douyin_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[:4]
    h = rows[0]
    rows[1][h.index("买家留言")] = "到了打我电话13970669074"
    rows[1][h.index("商家备注")] = "备用号 15811112222"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    src = tmp_path / "msg.csv"
    src.write_text(buf.getvalue(), encoding="utf-8-sig")
    db = tmp_path / "m.sqlite"
    w = Workspace.open(str(db), key_dir=tmp_path / "keys")
    assert import_files(w, [src]).errors == []
    hit = list_orders(w, OrderQuery(text=rows[1][h.index("主订单编号")]))[0]
    assert hit.remark == "到了打我电话139******74"
    w.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("m.sqlite*"))
    assert b"13970669074" not in raw and b"15811112222" not in raw


def test_first_open_without_key_store_can_be_retried(tmp_path, monkeypatch):
    monkeypatch.delenv("SHIPDESK_KEY_PASSPHRASE")
    with pytest.raises(WorkspaceError, match="SHIPDESK_KEY_PASSPHRASE"):
        Workspace.open(str(tmp_path / "r.sqlite"), key_dir=tmp_path / "keys")
    w = Workspace.open(str(tmp_path / "r.sqlite"), key_dir=tmp_path / "keys", passphrase="later")
    w.close()
    w = Workspace.open(str(tmp_path / "r.sqlite"), key_dir=tmp_path / "keys", passphrase="later")
    w.close()
