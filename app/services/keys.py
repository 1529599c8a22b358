"""The database key: backups the owner keeps, restoring one, and rotating the key.

**Key backup.** `export_key_backup` writes the database's key ring to a file sealed with
a passphrase (scrypt, AES-GCM; the file names the database and its key check value).
The owner keeps it away from the computer (a USB stick). `restore_key_backup` puts it
back on a machine: the backup must be of this database (same id, same key check) and
at least as new as the last key rotation; it then goes to the OS keyring, or to the
local key file where there is no keyring.

**Rotation.** `start_rotation` adds a fresh key to the ring and makes it the primary
(one atomic write of the ring): from then on new ciphertexts carry the new key's id.
`rotate` (run it in a worker; resumable) re-encrypts every recipient field and order
note in batches, one transaction each, and recomputes the blind indexes with the new
key. Each batch records how far it got, so a crash or a cancel resumes there
(`resume_needed` says whether to call `rotate` at start). The old key stays in the ring
until `forget_retired_keys`: every row stays readable at every point, and backups made
before the rotation stay readable while the old key is kept. The database's key check
value does not change, so every ring of the database keeps opening it.

While a rotation runs, exact search by phone/name may miss rows not yet re-indexed
(the search asks for the primary key's index); it is whole again when it ends.
On PostgreSQL with several stations: close the others during a rotation, then give
them the new key (`shipdesk db export-key` / `import-key`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, func, or_, select, update

from app.services.operators import require
from app.services.workspace import Workspace
from app.store import keys as keystore
from app.store.crypto import (
    FieldCipher,
    KeyRing,
    MasterKey,
    check_value_of,
    ciphertext_prefix,
    index_key_of,
    key_id_of,
)
from app.store.db import data_dir, make_engine, resolve_url, safe_url, transaction
from app.store.models import Meta, Order, Recipient
from app.store.recipients import phone_index_text

#: where `shipdesk keys export/restore` read the key backup's passphrase from
BACKUP_PASSPHRASE_ENV = "SHIPDESK_KEY_BACKUP_PASSPHRASE"
ROTATION = "key.rotation"
BATCH = 500

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class KeysError(Exception):
    """The key operation cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class KeyPlace:
    """Where this station keeps keys (as `Workspace.open` was given)."""

    key_dir: Path | None = None
    passphrase: str | None = None
    use_keyring: bool = True

    @property
    def dir(self) -> Path:
        return self.key_dir or data_dir() / "keys"


@dataclass
class KeyStatus:
    db_id: str
    primary: int
    key_ids: list[int]
    stored_in: str
    rotating: bool
    remaining: int
    retired_in_use: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"db_id": self.db_id, "primary": self.primary, "key_ids": self.key_ids,
                "stored_in": self.stored_in, "rotating": self.rotating,
                "remaining": self.remaining, "retired_in_use": self.retired_in_use}


# ------------------------------------------------------------------------------ helpers


def _meta_get(s, key: str) -> str | None:  # noqa: ANN001
    row = s.get(Meta, key)
    return row.value if row else None


def _ring(ws: Workspace) -> KeyRing:
    return ws.cipher.ring


def _stored_in(ws: Workspace, place: KeyPlace) -> str:
    if place.use_keyring and keystore.keyring_has(ws.db_id):
        return "keyring"
    path = keystore.key_file_path(place.dir, ws.db_id)
    return str(path) if path.exists() else "unknown"


_RCP_COLS = (Recipient.name_enc, Recipient.phone_enc, Recipient.detail_enc)


def _stale(col, key_id: int):  # noqa: ANN001, ANN202
    """SQL: this ciphertext column holds a value not made with `key_id`."""
    prefix = ciphertext_prefix(key_id)
    return and_(col.is_not(None), func.substr(col, 1, len(prefix)) != prefix)


def _count_stale(s, key_id: int) -> int:  # noqa: ANN001
    n = s.scalar(select(func.count()).select_from(Recipient)
                 .where(or_(*(_stale(c, key_id) for c in _RCP_COLS)))) or 0
    n += s.scalar(select(func.count()).select_from(Order)
                  .where(_stale(Order.notes_enc, key_id))) or 0
    return n


def _keys_in_use(s) -> set[int]:  # noqa: ANN001
    """Key ids of every stored ciphertext (by its first bytes)."""
    used: set[int] = set()
    for col, table in [(c, Recipient) for c in _RCP_COLS] + [(Order.notes_enc, Order)]:
        for (head,) in s.execute(select(func.substr(col, 1, 3)).select_from(table)
                                 .where(col.is_not(None)).distinct()):
            used.add(key_id_of(bytes(head)) or 0)
    return used


# ------------------------------------------------------------------------------ status


def key_status(ws: Workspace, place: KeyPlace = KeyPlace()) -> KeyStatus:
    ring = _ring(ws)
    with ws.read() as s:
        rotating = _meta_get(s, ROTATION) is not None
        remaining = _count_stale(s, ring.primary)
        in_use = _keys_in_use(s)
    return KeyStatus(ws.db_id, ring.primary, sorted(ring.keys), _stored_in(ws, place),
                     rotating or remaining > 0, remaining,
                     sorted(k for k in in_use if k != ring.primary))


# ------------------------------------------------------------------------------ key backup


def export_key_backup(ws: Workspace, out: str | Path, backup_passphrase: str) -> Path:
    """Write the key ring to `out`, sealed with `backup_passphrase` (owner only)."""
    require(ws, "keys")
    if len(backup_passphrase or "") < 8:
        raise KeysError("a key backup needs a passphrase of at least 8 characters")
    out = Path(out)
    ring = _ring(ws)
    key = MasterKey(ring) if not ring.is_legacy else bytes(ring.keys[0])
    try:
        keystore.write_key_file(out, key, backup_passphrase, db_id=ws.db_id,
                                check=ws.cipher.check_value, n=keystore.BACKUP_SCRYPT_N,
                                purpose="backup")
    except OSError as exc:
        raise KeysError(f"cannot write {out.name}: {exc.strerror or type(exc).__name__}") \
            from None
    with transaction(ws.write) as s:
        ws.audit(s, "key_export", "database", ws.db_id, keys=sorted(ring.keys))
    return out


def restore_key_backup(db: str | None, path: str | Path, backup_passphrase: str,
                       place: KeyPlace = KeyPlace()) -> dict[str, object]:
    """Keep the key from a key backup for database `db` on this machine.

    Works when the database does not open (that is when it is needed): the database's
    id and key check are read directly, and the backup must hold every key the stored
    rows use. Returns {"db_id", "stored_in", "keys"}.
    """
    from sqlalchemy.orm import Session

    url = resolve_url(db)
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            rows = dict(s.execute(select(Meta.key, Meta.value).where(or_(
                Meta.key.in_(("db_id", "key_check")), Meta.key.like("key.gen.%")))).all())
            in_use = _keys_in_use(s)
    except Exception as exc:  # noqa: BLE001
        raise KeysError(f"{safe_url(url)} is not a ShipDesk database "
                        f"({type(exc).__name__})") from None
    finally:
        engine.dispose()
    db_id, check = rows.get("db_id"), rows.get("key_check")
    if not db_id or not check:
        raise KeysError("this database has no key yet: there is nothing to restore")
    try:
        info = keystore.key_file_info(Path(path))
        key = keystore.read_key_file(Path(path), backup_passphrase)
    except keystore.KeyError_ as exc:
        raise KeysError(str(exc)) from None
    if info.get("db_id") and info["db_id"] != db_id:
        raise KeysError("this key backup belongs to another database")
    cipher = FieldCipher(key)
    if cipher.check_value != check:
        raise KeysError("this key backup does not open this database")
    for kid in cipher.ring.keys:
        want = rows.get(f"key.gen.{kid}.check")
        if want and cipher.check_of(kid) != want:
            raise KeysError(f"key {kid} in this backup is not this database's")
    missing = sorted(in_use - set(cipher.ring.keys))
    if missing:
        raise KeysError("this key backup is older than the last key rotation (it lacks key "
                        f"{', '.join(map(str, missing))}): use the key backup made after it")
    try:
        where = keystore.store_key(db_id, key, place.dir, place.passphrase,
                                   use_keyring=place.use_keyring)
    except keystore.KeyError_ as exc:
        raise KeysError(str(exc)) from None
    return {"db_id": db_id, "stored_in": where, "keys": sorted(cipher.ring.keys)}


# ------------------------------------------------------------------------------ rotation


def _save_ring(ws: Workspace, ring: KeyRing, place: KeyPlace) -> None:
    key = MasterKey(ring)
    try:
        keystore.store_key(ws.db_id, key, place.dir, place.passphrase,
                           use_keyring=place.use_keyring)
    except keystore.KeyError_ as exc:
        raise KeysError(str(exc)) from None
    ws.cipher = FieldCipher(key)


def resume_needed(ws: Workspace) -> bool:
    """True when a rotation was started and not finished (call `rotate` at start)."""
    with ws.read() as s:
        state = _meta_get(s, ROTATION)
        if state is None and len(_ring(ws).keys) == 1:
            return False
        return state is not None or _count_stale(s, _ring(ws).primary) > 0


def start_rotation(ws: Workspace, place: KeyPlace = KeyPlace()) -> int:
    """Add a new key and make it the primary; returns its id (owner only).

    Then call `rotate` to re-encrypt the rows. A rotation already under way is not
    started again: its target id is returned.
    """
    require(ws, "keys")
    ring = _ring(ws)
    with ws.read() as s:
        state = _meta_get(s, ROTATION)
    if state is not None:
        target = int(json.loads(state)["to"])
        if target in ring.keys:
            return target
    new_id = max(ring.keys) + 1
    new_key = os.urandom(32)
    check_key = ring.check_key if ring.check_key is not None else \
        index_key_of(ring.keys[ring.primary])
    new_ring = KeyRing({**ring.keys, new_id: new_key}, new_id, check_key)
    # the database learns the new key's check first: a crash before the ring is saved
    # leaves a rotation whose key does not exist, which `rotate` discards
    with transaction(ws.write) as s:
        for kid in ring.keys:
            if s.get(Meta, f"key.gen.{kid}.check") is None:
                s.add(Meta(key=f"key.gen.{kid}.check", value=ws.cipher.check_of(kid)))
        s.merge(Meta(key=f"key.gen.{new_id}.check", value=check_value_of(index_key_of(new_key))))
        s.merge(Meta(key=ROTATION, value=json.dumps({
            "to": new_id, "from": sorted(ring.keys), "recipients": 0, "orders": 0,
            "started": ws.clock().isoformat()})))
        ws.audit(s, "key_rotate_start", "database", ws.db_id, key=new_id)
    _save_ring(ws, new_ring, place)
    return new_id


def _reseal_recipient(ws: Workspace, r: Recipient) -> dict[str, object]:
    c = ws.cipher
    blobs = [b for b in (r.name_enc, r.phone_enc, r.detail_enc) if b is not None]
    if blobs and all(key_id_of(b) == c.key_id for b in blobs):
        return {}  # done already (a resumed batch)
    plain: dict[str, str] = {}
    values: dict[str, object] = {}
    for fld in ("name", "phone", "detail"):
        blob = getattr(r, f"{fld}_enc")
        if blob is None:
            continue
        text = c.decrypt(blob, fld.encode())
        plain[fld] = text
        if key_id_of(blob) != c.key_id:
            values[f"{fld}_enc"] = c.encrypt(text, fld.encode())
        if getattr(r, f"{fld}_hash") is not None:
            idx = phone_index_text(text) if fld == "phone" and r.phone_kind == "plain" else text
            values[f"{fld}_hash"] = c.blind_index(idx)
    if r.address_key is not None:
        complete = all((getattr(r, f"{f}_enc") is not None) or getattr(r, f"{f}_kind") == "empty"
                       for f in ("name", "phone", "detail"))
        values["address_key"] = c.blind_index("|".join((
            plain.get("name", ""), plain.get("phone", ""), r.province, r.city, r.district,
            r.street, plain.get("detail", "")))) if complete else None
    return values


def rotate(ws: Workspace, place: KeyPlace = KeyPlace(), *, batch: int = BATCH,
           progress: Progress | None = None, cancelled: Cancelled | None = None) -> KeyStatus:
    """Re-encrypt every row still under an older key, `batch` rows per transaction.

    Resumes where the last run stopped. Returns the status; `rotating` is False when
    the rotation is complete.
    """
    ring = _ring(ws)
    target = ring.primary
    with ws.read() as s:
        state = _meta_get(s, ROTATION)
    st = json.loads(state) if state else {"to": target, "recipients": 0, "orders": 0}
    if int(st["to"]) not in ring.keys:  # the new key was never saved (crash at start)
        with transaction(ws.write) as s:
            s.execute(Meta.__table__.delete().where(Meta.key.in_(
                (ROTATION, f"key.gen.{int(st['to'])}.check"))))
            ws.audit(s, "key_rotate_discard", "database", ws.db_id, key=int(st["to"]))
        return key_status(ws, place)
    if int(st["to"]) != target:
        st = {"to": target, "recipients": 0, "orders": 0}
    with ws.read() as s:
        total = _count_stale(s, target)
    done = 0
    sweeps = 0
    while True:
        if cancelled and cancelled():
            return key_status(ws, place)
        moved = _rotate_batch(ws, st, target, batch)
        done += moved
        if progress:
            progress(min(done, total), max(total, done))
        if st["recipients"] is None and st["orders"] is None:
            with ws.read() as s:
                left = _count_stale(s, target)
            if left == 0:
                break
            sweeps += 1  # rows written meanwhile by a station holding the old key
            if sweeps > 3:
                raise KeysError(f"{left} row(s) keep being written with an older key: close "
                                "the other stations and give them the new key, then resume")
            st.update(recipients=0, orders=0)
    with transaction(ws.write) as s:
        s.execute(Meta.__table__.delete().where(Meta.key == ROTATION))
        s.merge(Meta(key="key.primary", value=str(target)))
        ws.audit(s, "key_rotate_done", "database", ws.db_id, key=target, rows=done)
    return key_status(ws, place)


def _rotate_batch(ws: Workspace, st: dict, target: int, batch: int) -> int:
    """One transaction: the next `batch` rows of recipients, then of orders."""
    moved = 0
    with transaction(ws.write) as s:
        if st["recipients"] is not None:
            rows = list(s.scalars(
                select(Recipient).where(Recipient.id > st["recipients"])
                .order_by(Recipient.id).limit(batch).with_for_update()))
            for r in rows:
                values = _reseal_recipient(ws, r)
                if values:
                    s.execute(update(Recipient).where(Recipient.id == r.id).values(**values))
                    moved += 1
            st["recipients"] = rows[-1].id if len(rows) == batch else None
        elif st["orders"] is not None:
            rows = list(s.execute(
                select(Order.id, Order.notes_enc).where(Order.id > st["orders"])
                .order_by(Order.id).limit(batch).with_for_update()))
            for oid, blob in rows:
                if blob is not None and key_id_of(blob) != target:
                    text = ws.cipher.decrypt(blob, b"notes")
                    s.execute(update(Order).where(Order.id == oid)
                              .values(notes_enc=ws.cipher.encrypt(text, b"notes")))
                    moved += 1
            st["orders"] = rows[-1][0] if len(rows) == batch else None
        s.merge(Meta(key=ROTATION, value=json.dumps({**st, "to": target})))
        if moved:
            ws.audit(s, "decrypt", "database", ws.db_id, rows=moved, purpose="key_rotation")
    return moved


def forget_retired_keys(ws: Workspace, place: KeyPlace = KeyPlace()) -> list[int]:
    """Drop the keys no row uses any more (owner only); returns their ids.

    Backups made before the rotation need those keys: export a key backup first and
    keep it with those backups, or let them age out.
    """
    require(ws, "keys")
    ring = _ring(ws)
    with ws.read() as s:
        if _meta_get(s, ROTATION) is not None:
            raise KeysError("a key rotation is still running: let it finish first")
        used = _keys_in_use(s)
    retired = [k for k in ring.keys if k != ring.primary]
    busy = [k for k in retired if k in used]
    if busy:
        raise KeysError(f"key(s) {busy} still encrypt some rows: finish the rotation first")
    if not retired:
        return []
    check_key = ring.check_key if ring.check_key is not None else \
        index_key_of(ring.keys[ring.primary])
    _save_ring(ws, KeyRing({ring.primary: ring.keys[ring.primary]}, ring.primary, check_key),
               place)
    with transaction(ws.write) as s:
        ws.audit(s, "key_forget", "database", ws.db_id, keys=retired)
    return retired
