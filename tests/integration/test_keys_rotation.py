"""Key backups (export, restore) and key rotation (background, resumable, crash-safe)."""

import csv
import shutil

import pytest
from sqlalchemy import func, select

from app.services import keys as keysvc
from app.services import operators
from app.services.import_orders import import_files
from app.services.orders import OrderQuery, count_orders
from app.services.workspace import Workspace, WorkspaceError
from app.store.crypto import key_id_of
from app.store.models import AuditLog, Meta, Order, Recipient
from app.store.recipients import open_field, phone_index_text

PASS = "usb-stick-passphrase"


@pytest.fixture
def place(tmp_path):
    return keysvc.KeyPlace(key_dir=tmp_path / "keys")


@pytest.fixture
def loaded(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    return ws


def _plain(ws):
    """Every encrypted value, decrypted: {("r", id, field) | ("o", id): text}."""
    out = {}
    with ws.read() as s:
        for r in s.scalars(select(Recipient)):
            for f in ("name", "phone", "detail"):
                out[("r", r.id, f)] = open_field(ws.cipher, f, getattr(r, f"{f}_enc"))
        for oid, blob in s.execute(select(Order.id, Order.notes_enc)):
            out[("o", oid)] = ws.cipher.decrypt(blob, b"notes") if blob else None
    return out


def _key_ids(ws):
    ids = set()
    with ws.read() as s:
        for r in s.scalars(select(Recipient)):
            ids |= {key_id_of(b) for b in (r.name_enc, r.phone_enc, r.detail_enc) if b}
        ids |= {key_id_of(b) for b in s.scalars(select(Order.notes_enc)) if b}
    return ids


def _reopen(ws, tmp_path):
    return Workspace.open(ws.url, key_dir=tmp_path / "keys")


def _a_plain_phone(douyin_csv):
    with open(douyin_csv, encoding="utf-8-sig", newline="") as f:
        return next(r["收件人手机号"] for r in csv.DictReader(f)
                    if r["收件人手机号"].isdigit() and len(r["收件人手机号"]) == 11)


def test_rotation_re_encrypts_everything(loaded, place, tmp_path, douyin_csv):
    ws = loaded
    before = _plain(ws)
    phone = _a_plain_phone(douyin_csv)
    assert count_orders(ws, OrderQuery(text=phone)) >= 1
    assert _key_ids(ws) == {0}
    new_id = keysvc.start_rotation(ws, place)
    assert new_id == 1 and ws.cipher.key_id == 1
    seen = []
    st = keysvc.rotate(ws, place, batch=37, progress=lambda d, t: seen.append((d, t)))
    assert not st.rotating and st.remaining == 0 and st.primary == 1 and st.key_ids == [0, 1]
    assert seen and seen[-1][0] == seen[-1][1]
    assert _key_ids(ws) == {1}
    assert _plain(ws) == before
    # blind indexes follow the new key: exact search still finds the buyer
    assert count_orders(ws, OrderQuery(text=phone)) >= 1
    with ws.read() as s:
        for r in s.scalars(select(Recipient).where(Recipient.phone_kind == "plain")):
            text = open_field(ws.cipher, "phone", r.phone_enc)
            assert r.phone_hash == ws.cipher.blind_index(phone_index_text(text))
        assert s.get(Meta, keysvc.ROTATION) is None
        actions = set(s.scalars(select(AuditLog.action)))
    assert {"key_rotate_start", "key_rotate_done", "decrypt"} <= actions
    # a restart finds the ring where the key is kept and reads everything
    again = _reopen(ws, tmp_path)
    try:
        assert again.cipher.key_id == 1 and _plain(again) == before
        assert not keysvc.resume_needed(again)
    finally:
        again.close()
    # a second rotation goes on to key 2
    assert keysvc.start_rotation(ws, place) == 2
    keysvc.rotate(ws, place, batch=500)
    assert _key_ids(ws) == {2} and _plain(ws) == before


def test_rotation_stopped_midway_leaves_every_row_readable(loaded, place, tmp_path):
    ws = loaded
    before = _plain(ws)
    keysvc.start_rotation(ws, place)
    calls = iter(range(1000))
    st = keysvc.rotate(ws, place, batch=20, cancelled=lambda: next(calls) >= 3)
    assert st.rotating and st.remaining > 0
    ws.close()
    # "restart": a new process opens the database with the ring from the key file
    again = _reopen(ws, tmp_path)
    try:
        assert _key_ids(again) == {0, 1}  # a mix, and every row opens
        assert _plain(again) == before
        assert keysvc.resume_needed(again)
        st = keysvc.rotate(again, place, batch=20)
        assert not st.rotating and _key_ids(again) == {1} and _plain(again) == before
    finally:
        again.close()


def test_crash_before_the_new_key_was_saved_is_discarded(loaded, place, tmp_path, monkeypatch):
    ws = loaded
    before = _plain(ws)

    def power_cut(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(keysvc, "_save_ring", power_cut)
    with pytest.raises(KeyboardInterrupt):
        keysvc.start_rotation(ws, place)
    monkeypatch.undo()
    ws.close()
    again = _reopen(ws, tmp_path)
    try:
        assert again.cipher.key_ids == (0,)
        assert keysvc.resume_needed(again)
        st = keysvc.rotate(again, place)
        assert not st.rotating and _plain(again) == before
        assert not keysvc.resume_needed(again)
        assert keysvc.start_rotation(again, place) == 1  # and a new rotation works
    finally:
        again.close()


def test_rows_written_during_a_rotation_use_the_new_key(loaded, place, tmp_path, douyin_csv):
    ws = loaded
    keysvc.start_rotation(ws, place)
    keysvc.rotate(ws, place, batch=10, cancelled=iter([False, True]).__next__)
    with open(douyin_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    h = rows[0]
    col = h.index("主订单编号")
    for r in rows[1:]:
        r[col] = "9" + r[col][1:]
    extra = tmp_path / "more.csv"
    with open(extra, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    assert import_files(ws, [extra]).imported > 0
    with ws.read() as s:
        new = s.scalars(select(Order.notes_enc).where(Order.platform_order_id.like("9%"))).all()
    assert {key_id_of(b) for b in new if b} == {1}
    keysvc.rotate(ws, place)
    assert _key_ids(ws) == {1}


def test_forget_retired_keys(loaded, place, tmp_path):
    ws = loaded
    keysvc.start_rotation(ws, place)
    keysvc.rotate(ws, place, cancelled=iter([False, True]).__next__)
    with pytest.raises(keysvc.KeysError):
        keysvc.forget_retired_keys(ws, place)
    keysvc.rotate(ws, place)
    assert keysvc.forget_retired_keys(ws, place) == [0]
    assert ws.cipher.key_ids == (1,)
    again = _reopen(ws, tmp_path)
    try:
        assert again.cipher.key_ids == (1,) and _key_ids(again) == {1}
        _plain(again)
    finally:
        again.close()


def test_key_backup_restores_a_lost_key(loaded, place, tmp_path):
    ws = loaded
    before = _plain(ws)
    usb = tmp_path / "usb" / "shipdesk.key"
    keysvc.export_key_backup(ws, usb, PASS)
    ws.close()
    shutil.rmtree(tmp_path / "keys")  # the disk died; the database came back from a backup
    with pytest.raises(WorkspaceError, match="restore the key backup"):
        Workspace.open(ws.url, key_dir=tmp_path / "keys")
    with pytest.raises(keysvc.KeysError, match="wrong passphrase"):
        keysvc.restore_key_backup(ws.url, usb, "not it", place)
    got = keysvc.restore_key_backup(ws.url, usb, PASS, place)
    assert got["db_id"] == ws.db_id and got["keys"] == [0]
    again = _reopen(ws, tmp_path)
    try:
        assert _plain(again) == before
    finally:
        again.close()


def test_key_backup_rules(loaded, place, tmp_path):
    ws = loaded
    old = tmp_path / "before-rotation.key"
    keysvc.export_key_backup(ws, old, PASS)
    with pytest.raises(keysvc.KeysError, match="8 characters"):
        keysvc.export_key_backup(ws, tmp_path / "x.key", "short")
    keysvc.start_rotation(ws, place)
    keysvc.rotate(ws, place)
    # the backup made before the rotation lacks the key the rows now use
    with pytest.raises(keysvc.KeysError, match="older than the last key rotation"):
        keysvc.restore_key_backup(ws.url, old, PASS, place)
    new = tmp_path / "after-rotation.key"
    keysvc.export_key_backup(ws, new, PASS)
    assert keysvc.restore_key_backup(ws.url, new, PASS, place)["keys"] == [0, 1]
    # another database's key backup is refused
    other = Workspace.open(str(tmp_path / "other.sqlite"), key_dir=tmp_path / "okeys")
    try:
        keysvc.export_key_backup(other, tmp_path / "other.key", PASS)
    finally:
        other.close()
    with pytest.raises(keysvc.KeysError, match="another database"):
        keysvc.restore_key_backup(ws.url, tmp_path / "other.key", PASS, place)


def test_key_actions_are_the_owners(loaded, place, tmp_path):
    ws = loaded
    operators.add_operator(ws, "老板", "owner", pin="8888")
    operators.add_operator(ws, "小张", "packer", pin="1234")
    operators.login(ws, "小张", "1234")
    for call in (lambda: keysvc.export_key_backup(ws, tmp_path / "k.key", PASS),
                 lambda: keysvc.start_rotation(ws, place),
                 lambda: keysvc.forget_retired_keys(ws, place)):
        with pytest.raises(operators.PermissionDenied):
            call()
    operators.login(ws, "老板", "8888")
    keysvc.export_key_backup(ws, tmp_path / "k.key", PASS)
    with ws.read() as s:
        row = s.scalar(select(AuditLog).where(AuditLog.action == "key_export"))
    assert row.operator == "老板"


def test_stations_key_export_carries_the_ring(loaded, place, tmp_path):
    from app.services import stations

    ws = loaded
    keysvc.start_rotation(ws, place)
    keysvc.rotate(ws, place)
    before = _plain(ws)
    ws.close()
    f = tmp_path / "station.key"
    stations.export_key(ws.url, f, "to the other desk", key_dir=tmp_path / "keys")
    other = tmp_path / "desk2"
    stations.import_key(ws.url, f, "to the other desk", key_dir=other, passphrase="desk2")
    w2 = Workspace.open(ws.url, key_dir=other, passphrase="desk2")
    try:
        assert w2.cipher.key_ids == (0, 1) and _plain(w2) == before
    finally:
        w2.close()


def test_status_counts(loaded, place):
    st = keysvc.key_status(loaded, place)
    assert st.primary == 0 and st.key_ids == [0] and not st.rotating
    assert st.stored_in.endswith(".key")
    with loaded.read() as s:
        assert s.scalar(select(func.count()).select_from(Recipient)) > 0
