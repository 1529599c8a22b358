"""Operators and roles, reveal, exports, retention, erasure on request, the audit log."""

import csv
import re
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from app.services import exports, operators, privacy
from app.services.import_orders import import_files
from app.services.orders import OrderQuery, count_orders, select_order_ids
from app.services.workspace import Workspace
from app.store.models import AuditLog, Order, Parcel, ParcelOrder, Recipient, TrackingEvent
from app.store.models_privacy import PrivacyPurge


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def loaded(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    return ws


@pytest.fixture
def staff(loaded):
    ws = loaded
    operators.add_operator(ws, "老板", "owner", pin="8888")
    operators.add_operator(ws, "小张", "packer", pin="1234")
    operators.add_operator(ws, "小李", "packer")
    return ws


def _plain_row(douyin_csv):
    return next(r for r in _rows(douyin_csv)
                if re.fullmatch(r"1\d{10}", r["收件人手机号"]) and "*" not in r["收件人"])


def _order_of(ws, poid):
    with ws.read() as s:
        return s.scalar(select(Order.id).where(Order.platform_order_id == poid))


def _audit(ws, action):
    with ws.read() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)
                              .order_by(AuditLog.id)))


# ------------------------------------------------------------------------------ operators


def test_single_user_shop_may_do_everything(loaded):
    assert operators.role_of(loaded) == "owner"
    assert all(operators.can(loaded, a) for a in operators.ACTIONS)
    with pytest.raises(ValueError):
        operators.can(loaded, "fly")


def test_roles(staff):
    ws = staff
    assert ws.operator == "老板"  # the first operator made is logged in
    operators.logout(ws)
    assert operators.role_of(ws) is None
    with pytest.raises(operators.PermissionDenied, match="log in"):
        operators.require(ws, "print")
    operators.login(ws, "小张", "1234")
    for a in ("scan", "print", "reprint", "allocate", "track", "import", "export_masked"):
        assert operators.can(ws, a), a
    for a in ("reveal", "export_pii", "settings", "keys", "restore", "operators", "audit",
              "erase", "cancel"):
        assert not operators.can(ws, a), a
    with pytest.raises(operators.PermissionDenied, match="owner"):
        operators.add_operator(ws, "x", "packer")
    operators.login(ws, "小李")  # no PIN set
    assert operators.current(ws).role == "packer"


def test_operator_rules(loaded):
    ws = loaded
    with pytest.raises(operators.OperatorError, match="first operator"):
        operators.add_operator(ws, "小张", "packer")
    operators.add_operator(ws, "老板", "owner")
    with pytest.raises(operators.OperatorError, match="already"):
        operators.add_operator(ws, "老板", "owner")
    with pytest.raises(operators.OperatorError, match="role"):
        operators.add_operator(ws, "x", "boss")
    with pytest.raises(operators.OperatorError, match="needs an owner"):
        operators.update_operator(ws, "老板", role="packer")
    with pytest.raises(operators.OperatorError, match="needs an owner"):
        operators.remove_operator(ws, "老板")
    operators.add_operator(ws, "老板娘", "owner")
    operators.update_operator(ws, "老板", role="packer")
    assert {o.name: o.role for o in operators.list_operators(ws)} == {"老板": "packer",
                                                                      "老板娘": "owner"}


def test_pin_lockout(staff):
    ws = staff
    t = [ws.clock()]
    ws.clock = lambda: t[0]
    for _ in range(operators.MAX_FAILED_PINS):
        with pytest.raises(operators.OperatorError, match="wrong PIN"):
            operators.login(ws, "小张", "0000")
    with pytest.raises(operators.OperatorError, match="too many"):
        operators.login(ws, "小张", "1234")
    t[0] += operators.LOCKOUT + timedelta(seconds=1)
    assert operators.login(ws, "小张", "1234").name == "小张"
    assert len(_audit(ws, "login_failed")) == operators.MAX_FAILED_PINS
    with pytest.raises(operators.OperatorError, match="unknown"):
        operators.login(ws, "nobody")


def test_idle_lock(staff):
    ws = staff
    t = [ws.clock()]
    lock = operators.IdleLock(ws, clock=lambda: t[0])
    assert lock.minutes == operators.DEFAULT_IDLE_MINUTES
    t[0] += timedelta(minutes=4)
    lock.touch()
    t[0] += timedelta(minutes=4, seconds=59)
    assert not lock.due()
    t[0] += timedelta(seconds=1)
    assert lock.due()
    lock.lock()
    assert lock.locked and not lock.due()
    with pytest.raises(operators.OperatorError):
        lock.unlock("小张", "9999")
    assert lock.locked
    assert lock.unlock("小张", "1234").name == "小张" and not lock.locked
    assert ws.operator == "小张"
    assert _audit(ws, "lock")
    # a shop without operators never locks
    w2 = Workspace.open(ws.url.replace("t.sqlite", "solo.sqlite"),
                        key_dir=__import__("pathlib").Path(ws.url[10:]).parent / "keys")
    try:
        assert operators.IdleLock(w2).minutes == 0
    finally:
        w2.close()


# ------------------------------------------------------------------------------ reveal


def test_reveal_is_the_owners_logged_and_time_limited(staff, douyin_csv):
    ws = staff
    row = _plain_row(douyin_csv)
    oid = _order_of(ws, row["主订单编号"])
    operators.login(ws, "小张", "1234")
    with pytest.raises(operators.PermissionDenied):
        privacy.reveal_order(ws, oid)
    operators.login(ws, "老板", "8888")
    t = [ws.clock()]
    ws.clock = lambda: t[0]
    r = privacy.reveal_order(ws, oid, reason="快递联系不上")
    assert r.get("name") == row["收件人"] and r.get("phone") == row["收件人手机号"]
    assert r.get("detail") == row["详细地址"]
    assert row["收件人"] not in repr(r)
    t[0] += timedelta(seconds=privacy.reveal_seconds(ws))
    assert r.expired() and r.get("phone") == ""
    a = _audit(ws, "reveal")[-1]
    assert a.operator == "老板" and a.entity_id == str(oid)
    assert a.detail["fields"] == list(privacy.FIELDS)
    assert row["收件人手机号"] not in str(a.detail)
    with pytest.raises(privacy.PrivacyError):
        privacy.reveal_order(ws, 10**9)
    with pytest.raises(privacy.PrivacyError):
        privacy.reveal_order(ws, oid, ["password"])


# ------------------------------------------------------------------------------ exports


def test_masked_export_is_masked(loaded, tmp_path, douyin_csv):
    ws = loaded
    out = tmp_path / "orders.csv"
    s = exports.export_orders(ws, out)
    assert s.masked and s.rows == count_orders(ws)
    data = out.read_text(encoding="utf-8-sig")
    for r in _rows(douyin_csv):
        phone = r["收件人手机号"]
        if re.fullmatch(r"1\d{10}", phone):
            assert phone not in data
        if "*" not in r["收件人"] and "#" not in r["收件人"] and len(r["收件人"]) >= 2:
            assert r["收件人"] not in data
    got = _rows(out)
    assert len(got) == s.rows and got[0]["订单号"]
    # a seller reads names, not codes
    assert {r["平台"] for r in got} == {"抖店"}
    assert {r["订单状态"] for r in got} <= {"待发货", "已发货", "已完成", "已取消", "已退款",
                                            "部分发货", "待付款", "未知"}
    a = _audit(ws, "export")[-1]
    assert a.detail["masked"] is True and a.detail["rows"] == s.rows


def test_plain_export_is_the_owners_and_audited(staff, tmp_path, douyin_csv):
    ws = staff
    row = _plain_row(douyin_csv)
    oid = _order_of(ws, row["主订单编号"])
    operators.login(ws, "小张", "1234")
    exports.export_orders(ws, tmp_path / "m.xlsx", order_ids=[oid])  # masked: allowed
    with pytest.raises(operators.PermissionDenied):
        exports.export_orders(ws, tmp_path / "p.csv", order_ids=[oid], masked=False)
    assert not (tmp_path / "p.csv").exists()
    operators.login(ws, "老板", "8888")
    s = exports.export_orders(ws, tmp_path / "p.csv", order_ids=[oid], masked=False)
    assert s.rows == 1 and not s.masked
    got = _rows(tmp_path / "p.csv")[0]
    assert got["手机号"] == row["收件人手机号"] and got["收件人"] == row["收件人"]
    assert _audit(ws, "decrypt")[-1].detail == {"rows": 1, "purpose": "export"}
    assert _audit(ws, "export")[-1].detail["masked"] is False


PAYLOADS = ["=HYPERLINK(\"http://evil\",\"x\")", "+SUM(1,2)", "-1+2", "@SUM(A1)", "\t=1+1",
            "\r=1+1", "=cmd|' /C calc'!A0"]


def test_exports_are_guarded_against_formula_injection(tmp_path, douyin_csv):
    with open(douyin_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    h = rows[0]
    for i, payload in enumerate(PAYLOADS, start=1):
        rows[i][h.index("买家留言")] = payload
        rows[i][h.index("商品规格")] = payload
    src = tmp_path / "evil.csv"
    with open(src, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    ws = Workspace.open(str(tmp_path / "e.sqlite"), key_dir=tmp_path / "keys")
    try:
        assert import_files(ws, [src]).errors == []
        ids = select_order_ids(ws)
        for fmt in ("csv", "xlsx"):
            for masked in (True, False):
                out = tmp_path / f"x-{masked}.{fmt}"
                exports.export_orders(ws, out, order_ids=ids, masked=masked)
                cells = _cells(out)
                assert cells
                for c in cells:
                    assert not c or c[0] not in "=+-@\t\r", (fmt, masked, c)
                joined = "\n".join(cells)
                assert "'=HYPERLINK" in joined or "'=HYPERLINK" in joined.replace('""', '"')
    finally:
        ws.close()


def _cells(path):
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            return [c for row in csv.reader(f) for c in row]
    wb = openpyxl.load_workbook(path)
    out = []
    for row in wb.active.iter_rows():
        for c in row:
            assert c.data_type != "f", c.value  # never a formula cell
            if c.value is not None:
                out.append(str(c.value))
    return out


def test_export_write_errors_are_clear(loaded, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(exports.ExportError, match="cannot write"):
        exports.export_orders(loaded, blocker / "sub" / "o.csv")
    with pytest.raises(exports.ExportError, match="format"):
        exports.export_orders(loaded, tmp_path / "o.pdf")


# ------------------------------------------------------------------------------ retention


def _deliver(ws, oid, when):
    with ws.write() as s, s.begin():
        o = s.get(Order, oid)
        p = Parcel(shop_id=o.shop_id, order_id=oid, created_at=when, waybill_no=f"T{oid:08d}")
        s.add(p)
        s.flush()
        s.add(ParcelOrder(parcel_id=p.id, order_id=oid))
        s.add(TrackingEvent(parcel_id=p.id, occurred_at=when, provider="sandbox",
                            status="delivered", dedup_key=f"d{oid}"))


def test_retention_purges_delivered_and_done_orders(loaded, douyin_csv):
    ws = loaded
    now = ws.clock()
    ids = select_order_ids(ws)
    old_delivered, new_delivered, old_done = ids[0], ids[1], ids[2]
    _deliver(ws, old_delivered, now - timedelta(days=91))
    _deliver(ws, new_delivered, now - timedelta(days=10))
    with ws.write() as s, s.begin():
        o = s.get(Order, old_done)
        o.status, o.updated_at = "done", now - timedelta(days=100)
    masked_before = {}
    with ws.read() as s:
        for oid in (old_delivered, old_done):
            r = s.get(Recipient, s.get(Order, oid).recipient_id)
            masked_before[oid] = (r.name_masked, r.phone_masked, r.detail_masked)
    got = privacy.purge_expired(ws)
    assert sorted(got.order_ids) == sorted([old_delivered, old_done])
    with ws.read() as s:
        for oid in (old_delivered, old_done):
            o = s.get(Order, oid)
            r = s.get(Recipient, o.recipient_id)
            assert o.notes_enc is None
            assert (r.name_enc, r.phone_enc, r.detail_enc) == (None, None, None)
            assert (r.name_hash, r.phone_hash, r.detail_hash) == (None, None, None)
            assert (r.name_masked, r.phone_masked, r.detail_masked) == masked_before[oid]
        r = s.get(Recipient, s.get(Order, new_delivered).recipient_id)
        assert r.name_enc is not None or r.name_kind == "empty"
        assert s.scalar(select(func.count()).select_from(PrivacyPurge)) == 2
    assert privacy.purge_expired(ws).orders == 0  # nothing twice
    assert privacy.purged_orders(ws, ids[:3]) == {old_delivered, old_done}
    r = privacy.reveal_order(ws, old_done)
    assert r.purged and r.get("phone") == ""
    # re-importing the same export does not bring the data back
    assert import_files(ws, [douyin_csv]).updated == 0
    with ws.read() as s:
        assert s.get(Recipient, s.get(Order, old_done).recipient_id).phone_enc is None
    ws.set_setting("retention_days", "0")
    assert privacy.purge_expired(ws).orders == 0


def test_retention_setting_is_the_owners(staff):
    ws = staff
    operators.login(ws, "小张", "1234")
    with pytest.raises(operators.PermissionDenied):
        privacy.set_retention_days(ws, 1)
    with pytest.raises(operators.PermissionDenied):
        privacy.purge_expired(ws, days=1)
    privacy.purge_expired(ws)  # the owner's setting applies for anyone at start
    operators.login(ws, "老板", "8888")
    privacy.set_retention_days(ws, 30)
    assert privacy.retention_days(ws) == 30
    assert _audit(ws, "settings_change")[-1].operator == "老板"


def test_erase_a_buyer_on_request(loaded, douyin_csv):
    ws = loaded
    row = _plain_row(douyin_csv)
    phone, name = row["收件人手机号"], row["收件人"]
    same = [r["主订单编号"] for r in _rows(douyin_csv) if r["收件人手机号"] == phone]
    ids = privacy.find_buyer(ws, phone=phone)
    assert len(ids) == len(set(same))
    assert privacy.find_buyer(ws, phone=phone, name=name) == ids
    assert privacy.find_buyer(ws, phone=phone, name="不是这个人") == []
    with pytest.raises(privacy.PrivacyError):
        privacy.find_buyer(ws)
    with pytest.raises(privacy.PrivacyError, match="look again"):
        privacy.erase_buyer(ws, phone=phone, expect=len(ids) + 1)
    s = privacy.erase_buyer(ws, phone=f" +86 {phone[:3]}-{phone[3:7]}-{phone[7:]} ",
                            expect=len(ids))
    assert s.orders == len(ids)
    assert count_orders(ws, OrderQuery(text=phone)) == 0
    assert privacy.find_buyer(ws, phone=phone) == []
    a = _audit(ws, "erase_buyer")[-1]
    assert a.detail == {"orders": len(ids), "by": "phone"}
    with ws.read() as db:
        assert db.scalars(select(Recipient.address_key).join(
            Order, Order.recipient_id == Recipient.id).where(Order.id.in_(ids))).all() == \
            [None] * len(ids)


def _receivers(ws, ids):
    with ws.read() as s:
        return s.execute(select(Recipient.name_enc, Recipient.phone_enc, Recipient.detail_enc,
                                Recipient.phone_hash, Recipient.address_key, Order.notes_enc)
                         .join(Order, Order.recipient_id == Recipient.id)
                         .where(Order.id.in_(ids))).all()


def test_reimport_does_not_bring_an_erased_buyer_back(loaded, douyin_csv):
    ws = loaded
    phone = _plain_row(douyin_csv)["收件人手机号"]
    ids = privacy.find_buyer(ws, phone=phone)
    assert ids
    privacy.erase_buyer(ws, phone=phone)
    got = import_files(ws, [douyin_csv])
    assert not got.errors and got.imported == 0
    with ws.read() as s:
        assert s.scalars(select(Recipient.phone_enc).join(
            Order, Order.recipient_id == Recipient.id).where(Order.id.in_(ids))).all() == \
            [None] * len(ids)
    assert _receivers(ws, ids) == [(None,) * 6] * len(ids)
    assert privacy.find_buyer(ws, phone=phone) == []
    # the erased orders are met unchanged, not "updated" on every import
    assert got.updated == 0


def _with_remark(src, out, remark: str, only: str | None = None):  # noqa: ANN001, ANN202
    """The export `src` again as `out`, with the seller remark changed (on one order)."""
    with open(src, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, header)
        w.writeheader()
        for r in rows:
            if only is None or r["主订单编号"] == only:
                r["商家备注"] = remark
            w.writerow(r)
    return out

def test_reimport_of_an_erased_order_still_updates_its_status(loaded, douyin_csv, tmp_path):
    ws = loaded
    row = _plain_row(douyin_csv)
    phone, poid = row["收件人手机号"], row["主订单编号"]
    ids = privacy.find_buyer(ws, phone=phone)
    privacy.erase_buyer(ws, phone=phone)
    got = import_files(ws, [_with_remark(douyin_csv, tmp_path / "again.csv", "加急 改了备注",
                                         only=poid)])
    assert not got.errors and got.updated >= 1
    with ws.read() as s:
        assert s.scalar(select(Order.seller_remark).where(Order.id == _order_of(ws, poid))) \
            == "加急 改了备注"
    assert _receivers(ws, ids) == [(None,) * 6] * len(ids)


def test_reimport_after_retention_keeps_the_data_erased(loaded, douyin_csv, tmp_path):
    """Retention keeps the receiver fingerprint; a re-import with a changed remark still
    must not re-seal the receiver nor the notes."""
    ws = loaded
    with ws.write() as s, s.begin():
        s.execute(Order.__table__.update().values(status="done",
                                                  updated_at=ws.clock() - timedelta(days=400)))
    assert privacy.purge_expired(ws).orders > 0
    got = import_files(ws, [_with_remark(douyin_csv, tmp_path / "again.csv",
                                         "到了打我电话13812345678")])
    assert not got.errors
    with ws.read() as s:
        assert s.scalar(select(func.count()).select_from(Recipient)
                        .where(Recipient.phone_enc.is_not(None))) == 0
        assert s.scalar(select(func.count()).select_from(Order)
                        .where(Order.notes_enc.is_not(None))) == 0
        assert "13812345678" not in "".join(s.scalars(select(Order.seller_remark)))


# ------------------------------------------------------------------------------ audit log


def test_audit_log_view_and_export(staff, tmp_path):
    ws = staff
    operators.login(ws, "小张", "1234")
    with pytest.raises(operators.PermissionDenied):
        privacy.list_audit(ws)
    with pytest.raises(operators.PermissionDenied):
        privacy.export_audit(ws, tmp_path / "a.csv")
    operators.login(ws, "老板", "8888")
    ws.set_setting("default_carrier", "YTO")
    rows = privacy.list_audit(ws, limit=5)
    assert rows[0].action == "settings_change" and rows[0].operator == "老板"
    assert privacy.list_audit(ws, action="login", operator="小张")
    assert {r.action for r in privacy.list_audit(ws, group="settings")} >= {"settings_change"}
    with pytest.raises(privacy.PrivacyError):
        privacy.list_audit(ws, group="nope")
    s = privacy.export_audit(ws, tmp_path / "audit.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "audit.xlsx")
    assert wb.active.max_row == s.rows + 1
    assert _audit(ws, "audit_export")
