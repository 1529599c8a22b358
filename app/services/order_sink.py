"""Write imported orders into the store: insert new ones, update known ones, flag stops.

Used by file import and by the platform API pull, inside one write transaction per file
or pull. Rules:

- an order is keyed by (shop, platform order id); importing it again updates only its
  platform fields (status, after-sale state, remarks, items, ship-by, extra columns) and
  never touches local decisions (parcels: carrier, tier, waybill, print state);
- a receiver is replaced only by one at least as complete: a masked export made later
  never overwrites plain text or platform ciphertext already held;
- an order whose buyer's plain data was erased (``privacy.purge_expired`` /
  ``erase_buyer``, listed in ``privacy_purges``) keeps it erased: a re-import still
  updates its platform fields (status, remarks, items …) and the masked copies, but never
  writes its receiver or the encrypted originals of its notes again;
- an order whose platform status becomes cancelled or refunded is flagged
  (``cancelled_after_import``), or, if a label of it is printed, ``…_after_print``: an
  intercept, the parcel must not leave.

Fast path (SQLite): raw DBAPI ``executemany`` inside SQLAlchemy's connection, with ids
handed out in one go (safe: the write transaction began with BEGIN IMMEDIATE, so no one
else inserts), values cached where they are pure functions of the input (masks, blind
indexes, amounts). Other databases use Core inserts with RETURNING.

Bulk load (SQLite): when an import brings many new orders next to those the tables hold
(INCREMENTAL_COST; the first big import above all), the secondary indexes of orders,
order_items and recipients are dropped inside the import's transaction and built again
from their DDL before it commits: sorting once costs less than keeping ~15 B-trees up to
date row by row (70k orders into an empty file: 0.85 s CPU against 1.45 s). SQLite DDL is
transactional, so a crash or a rollback leaves the old indexes; unique indexes (and the
constraints' autoindexes) stay, so uniqueness is checked as rows go in.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from json.encoder import encode_basestring
from operator import add
from typing import Any

from sqlalchemy import Table, event, func, select, update
from sqlalchemy.orm import Session

from app.core import masking
from app.core.masking import mask_address, mask_free_text, mask_name, mask_phone
from app.core.orders import STOPPED, OrderRecord, OrderStatus
from app.core.pii import ValueKind, is_bare_mobile, is_cipher
from app.core.timeutil import SHANGHAI
from app.services.workspace import Workspace
from app.store.models import Order, OrderItem, Parcel, ParcelOrder, Recipient
from app.store.models_privacy import PrivacyPurge
from app.store.recipients import phone_index_text

_RANK = {"plain": 3, "cipher": 3, "masked": 1, "empty": 0}
_EIGHT = timedelta(hours=8)
_STOPPED_VALUES = frozenset(s.value for s in STOPPED)
#: enum member -> its text: a dict lookup, not the enum's ``value`` descriptor, per row
_STATUS_TEXT: dict[OrderStatus, str] = {s: s.value for s in OrderStatus}
_KIND_TEXT: dict[ValueKind, str] = {k: k.value for k in ValueKind}
LOOKUP_CHUNK = 500
CACHE_LIMIT = 20_000
#: tables whose secondary indexes a bulk load drops and builds again (SQLite only)
BULK_TABLES = ("orders", "order_items", "recipients")
#: keeping the secondary indexes up to date costs about this many times more per new
#: order than building them again costs per order in the table. Measured with 70k new
#: orders (100k rows): into an empty file 1.45 s CPU against 0.85 s; next to 70k held
#: about even; next to 140k held rebuilding loses (~9.2 s against ~8.2 s in all)
INCREMENTAL_COST = 1.7

# recipients columns written, in order (id first)
_R_COLS = ("id", "name_enc", "name_masked", "name_hash", "name_kind", "phone_enc",
           "phone_masked", "phone_hash", "phone_kind", "province", "city", "district",
           "street", "detail_enc", "detail_masked", "detail_hash", "detail_kind", "address_key")
# orders columns written, in order (id first); the rest get their defaults
_O_COLS = ("id", "shop_id", "platform_order_id", "status", "platform_status",
           "after_sale_status", "created_at_platform", "paid_at", "ship_by", "payable_fen",
           "freight_fen", "discount_fen", "buyer_message", "seller_remark", "flag",
           "recipient_id", "item_count", "sku_summary", "extra", "notes_enc", "content_hash",
           "source_file", "imported_at", "updated_at", "flagged_reason")
_O_EXTRA = _O_COLS.index("extra")
_I_COLS = ("order_id", "sub_order_id", "title", "spec", "qty", "product_id", "sku",
           "unit_price_fen", "payable_fen", "status", "after_sale_status")
# what an import may change on a known order: platform fields only
_O_UPDATABLE = ("status", "platform_status", "after_sale_status", "created_at_platform",
                "paid_at", "ship_by", "payable_fen", "freight_fen", "discount_fen",
                "buyer_message", "seller_remark", "flag", "item_count", "sku_summary", "extra",
                "notes_enc", "content_hash", "updated_at")


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_time_text: dict[datetime, str] = {}


def db_time(dt: datetime | None) -> str | None:
    """An aware datetime as SQLAlchemy stores it on SQLite: naive UTC text, microseconds."""
    if dt is None:
        return None
    text = _time_text.get(dt)
    if text is None:
        if dt.tzinfo is SHANGHAI and dt.year >= 1992:  # UTC+8 without DST since 1991
            text = (dt.replace(tzinfo=None) - _EIGHT).isoformat(" ", "microseconds")
        else:
            text = dt.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        if len(_time_text) >= CACHE_LIMIT:
            _time_text.clear()
        _time_text[dt] = text
    return text


#: the digit runs mask_free_text looks at (phones hidden in free text)
_RUN = getattr(masking, "_DIGIT_RUN", None)


class FreeTextMasker:
    """mask_free_text with each digit run masked once per import: the same ids (达人ID,
    store ids) recur on many orders. Equal to mask_free_text: a run matches itself whole."""

    def __init__(self) -> None:
        self._runs: dict[str, str] = {}

    def _repl(self, m: object) -> str:
        run = m.group(0)  # type: ignore[attr-defined]
        out = self._runs.get(run)
        if out is None:
            out = mask_free_text(run)
            if len(self._runs) >= CACHE_LIMIT:
                self._runs.clear()
            self._runs[run] = out
        return out

    def __call__(self, text: str) -> str:
        if not text:
            return ""
        if _RUN is None:
            return mask_free_text(text)
        if _RUN.search(text) is None:
            return text
        try:
            return _RUN.sub(self._repl, text)
        except Exception:
            return mask_free_text(text)


class ExtraJson:
    """json.dumps(extra, ensure_ascii=False, separators=(",", ":")) for the extra columns of
    an export, built with a few C-level calls: keys repeat on every row of a file, so their
    JSON text is made once; the values are escaped in one go."""

    def __init__(self, mask: Callable[[str], str] | None = None) -> None:
        self._keys: dict[str, str] = {}
        #: the free-text mask (FreeTextMasker), for with_mask()
        self._mask = mask
        #: escaped value -> its masked text
        self._masked: dict[str, str] = {}
        #: no key's JSON text is changed by the mask (else with_mask masks the whole text)
        self._keys_stable = True

    def _key_texts(self, d: dict[str, str]) -> list[str]:
        try:
            return list(map(self._keys.__getitem__, d))
        except KeyError:
            for k in d:
                if k not in self._keys:
                    text = encode_basestring(k) + ':"'
                    if self._mask is not None and self._mask(text) != text:
                        self._keys_stable = False
                    self._keys[k] = text
            return list(map(self._keys.__getitem__, d))

    def __call__(self, d: dict[str, str]) -> str:
        if not d:
            return "{}"
        values = d.values()
        parts = encode_basestring("\x1f".join(values))[1:-1].split("\\u001f")
        if len(parts) != len(d):  # a value held \x1f itself
            return _JSON.encode(d)
        return "{" + '",'.join(map(add, self._key_texts(d), parts)) + '"}'

    def with_mask(self, d: dict[str, str]) -> tuple[str, str, str]:
        """(the JSON, the mask of the JSON, the JSON of the values the mask changed). The
        free-text mask rewrites runs of digits only, and no run reaches over a ``"``: so
        the masked JSON is the JSON built from the masked escaped values, and a value met
        on many rows is masked once. Where the whole text had to be masked, the third is
        the whole JSON (its keys override the masked ones all the same)."""
        mask = self._mask
        if mask is None:
            raise RuntimeError("ExtraJson was made without a mask")
        if not d:
            return "{}", "{}", "{}"
        parts = encode_basestring("\x1f".join(d.values()))[1:-1].split("\\u001f")
        if len(parts) != len(d):  # a value held \x1f itself
            text = _JSON.encode(d)
            masked_text = mask(text)
            return text, masked_text, text if masked_text != text else "{}"
        keys = self._key_texts(d)
        text = "{" + '",'.join(map(add, keys, parts)) + '"}'
        if not self._keys_stable:
            masked_text = mask(text)
            return text, masked_text, text if masked_text != text else "{}"
        cache = self._masked
        masked = list(map(cache.get, parts))
        if None in masked:
            if len(cache) >= CACHE_LIMIT:
                cache.clear()
            for i, m in enumerate(masked):
                if m is None:
                    masked[i] = cache[parts[i]] = mask(parts[i])
        if masked == parts:
            return text, text, "{}"
        changed = [k + p for k, p, m in zip(keys, parts, masked, strict=True) if m != p]
        return (text, "{" + '",'.join(map(add, keys, masked)) + '"}',
                "{" + '",'.join(changed) + '"}')


def _sql_literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (dict, list)):
        value = json.dumps(value)
    return "'" + str(value).replace("'", "''") + "'"


def _insert_sql(table: Table, cols: tuple[str, ...]) -> str:
    """INSERT naming every column: ours as parameters, the others as their defaults, so a
    column added by a later migration (with a scalar default) needs no change here."""
    names = list(cols)
    values = ["?"] * len(cols)
    for c in table.columns:
        if c.name in cols or (c.primary_key and c.autoincrement in (True, "auto")):
            continue
        default = c.default.arg if c.default is not None else None
        if callable(default):
            try:
                default = default(None)
            except TypeError:
                default = default()
        if default is None and not c.nullable and c.server_default is None:
            raise RuntimeError(f"{table.name}.{c.name} has no default; the fast import "
                               "path must be told about it")
        if default is None and c.server_default is not None:
            continue
        names.append(c.name)
        values.append(_sql_literal(default))
    return f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join(values)})"


def classify_text(value: str) -> ValueKind:
    """pii.classify of a str, with the ciphertext patterns tried only on values that can
    match them (they start with ``$$`` or ``##``): three fields of every row go through
    it."""
    v = value.strip()
    if not v:
        return ValueKind.EMPTY
    if v[:2] in ("$$", "##") and is_cipher(v):
        return ValueKind.CIPHER
    if "*" in v or "＊" in v:
        return ValueKind.MASKED
    return ValueKind.PLAIN


class Sealer:
    """seal_recipient (app/store/recipients.py) with caches: the same value gives the same
    kind, mask and blind index, so those are computed once per import. Ciphertext is
    reused only for values whose blind index is stored anyway (plain and platform
    ciphertext): equal ciphertexts then reveal nothing the index does not."""

    def __init__(self, cipher: Any) -> None:
        self.cipher = cipher
        self._field: dict[tuple[str, str], tuple[str, bytes | None, str, str | None, bool]] = {}
        self._keys: dict[tuple[str, ...], str] = {}
        self._rows: dict[tuple[str, ...], tuple] = {}

    def _one(self, fld: str, value: str) -> tuple[bytes | None, str, str | None, str]:
        key = (fld, value)
        got = self._field.get(key)
        if got is None:
            if fld == "phone" and is_bare_mobile(value):
                got = ("plain", self.cipher.encrypt(value, b"phone"), mask_phone(value),
                       self.cipher.blind_index(value), True)
                if len(self._field) >= CACHE_LIMIT:
                    self._field.clear()
                self._field[key] = got
                return got[1], got[2], got[3], "plain"
            kind = classify_text(value)
            if kind is ValueKind.EMPTY:
                got = ("empty", None, "", None, True)
            else:
                masker = mask_name if fld == "name" else mask_phone if fld == "phone" \
                    else mask_address
                masked = masker(value)
                if kind is ValueKind.PLAIN or kind is ValueKind.CIPHER:
                    text = phone_index_text(value) if fld == "phone" and \
                        kind is ValueKind.PLAIN else value
                    h = self.cipher.blind_index(text)
                    enc = self.cipher.encrypt(value, fld.encode())
                    got = (_KIND_TEXT[kind], enc, masked, h, True)
                else:
                    got = (_KIND_TEXT[kind], None, masked, None, False)
            if len(self._field) >= CACHE_LIMIT:
                self._field.clear()
            self._field[key] = got
        kind, enc, masked, h, reusable = got
        if not reusable:
            enc = self.cipher.encrypt(value, fld.encode())
        return enc, masked, h, kind

    def address_key(self, r: Any) -> str:
        parts = (r.name, r.phone, r.province, r.city, r.district, r.street, r.detail)
        k = self._keys.get(parts)
        if k is None:
            k = self.cipher.blind_index("|".join(parts))
            if len(self._keys) >= CACHE_LIMIT:
                self._keys.clear()
            self._keys[parts] = k
        return k

    def row(self, r: Any) -> tuple:
        """Recipient column values in _R_COLS order, without the id. A receiver met again
        whose three fields are all reusable (no masked value, which gets a fresh
        ciphertext) gives the row already made: one lookup instead of four."""
        parts = (r.name, r.phone, r.province, r.city, r.district, r.street, r.detail)
        got = self._rows.get(parts)
        if got is not None:
            return got
        ne, nm, nh, nk = self._one("name", r.name)
        pe, pm, ph, pk = self._one("phone", r.phone)
        de, dm, dh, dk = self._one("detail", r.detail)
        row = (ne, nm, nh, nk, pe, pm, ph, pk, r.province, r.city, r.district, r.street,
               de, dm, dh, dk, self.address_key(r))
        if nk != "masked" and pk != "masked" and dk != "masked":
            if len(self._rows) >= CACHE_LIMIT:
                self._rows.clear()
            self._rows[parts] = row
        return row

    def kinds(self, r: Any) -> tuple[str, str, str]:
        return (self._one("name", r.name)[3], self._one("phone", r.phone)[3],
                self._one("detail", r.detail)[3])


def _unique_subs(rows: list[tuple]) -> list[tuple]:
    """Item rows of one order with a sub-order id met twice: an export without a sub-order
    column (Kuaishou: every item of an order gets the order id) or a repeated row. Each
    line stays an item; a repeat gets ``#2``, ``#3`` … in file order, so the same file
    gives the same ids again (a re-import updates them)."""
    taken = {r[1] for r in rows}
    seen: set[str] = set()
    out = []
    for r in rows:
        sub = r[1]
        if sub in seen:
            n = 2
            while True:
                tag = f"#{n}"
                cand = sub[:40 - len(tag)] + tag
                if cand not in taken:
                    break
                n += 1
            taken.add(cand)
            r = (r[0], cand, *r[2:])
            sub = cand
        seen.add(sub)
        out.append(r)
    return out


class OrderSink:
    """Receives OrderRecords of one shop inside one write transaction."""

    def __init__(self, s: Session, ws: Workspace, shop_id: int, source: str,
                 batch: int = 2000) -> None:
        self.s = s
        self.ws = ws
        self.shop_id = shop_id
        self.source = source[:256]
        self.batch_size = batch
        self.now = ws.clock()
        self.sealer = Sealer(ws.cipher)
        self._hash_key = bytes.fromhex(ws.cipher.blind_index("shipdesk order content v2"))
        self._hasher = hashlib.blake2b(key=self._hash_key, digest_size=16)
        self._iso: dict[datetime, str] = {}
        self.mask_text = FreeTextMasker()
        self.extra_json = ExtraJson(self.mask_text)
        self.buffer: list[OrderRecord] = []
        #: platform order id -> content hash before this import (None: new)
        self.seen: dict[str, str | None] = {}
        #: orders met twice, not in one run of rows: fixed by finish_scattered()
        self.scattered: set[str] = set()
        #: outcome of known orders (updated|unchanged); a new order's is "imported"
        self.outcome: dict[str, str] = {}
        self.imported = self.updated = self.unchanged = self.flagged = 0
        self.intercepts: list[str] = []
        conn = s.connection()
        self.sqlite = conn.dialect.name == "sqlite"
        self.shop_had_orders = bool(s.scalar(
            select(Order.id).where(Order.shop_id == shop_id).limit(1)))
        #: any order erased at all? If not (the usual case), no lookup per batch
        self.any_purged = self.shop_had_orders and bool(s.scalar(
            select(PrivacyPurge.id).limit(1)))
        #: ids of known orders met in this import whose buyer's plain data was erased
        self.purged: set[int] = set()
        #: the share of the file read so far (0..1), when the reader knows it: lets the
        #: first batches tell whether the whole file will bring many new orders
        self.read_fraction: Callable[[], float] | None = None
        #: (name, DDL) of the indexes dropped for a bulk load, to build again
        self._dropped: list[tuple[str, str]] = []
        self._stats: list[tuple] = []
        self._bulk = False
        self._listening = False
        self._closed = False
        if self.sqlite:
            self.raw = conn.connection.driver_connection
            cur = self.raw.cursor()
            # a big cache keeps the random-order blind-index B-trees in memory; close()
            # gives the connection its own size back
            self._cache_size = cur.execute("PRAGMA cache_size").fetchone()[0]
            cur.execute("PRAGMA cache_size=-65536")
            self.next_rid = cur.execute("SELECT coalesce(max(id), 0) FROM recipients") \
                .fetchone()[0] + 1
            self.next_oid = cur.execute("SELECT coalesce(max(id), 0) FROM orders") \
                .fetchone()[0] + 1
            cur.close()
            #: about how many orders the table holds (ids are not reused)
            self.known_orders = self.next_oid - 1
            self.sql_r = _insert_sql(Recipient.__table__, _R_COLS)
            self.sql_o = _insert_sql(Order.__table__, _O_COLS)
            self.sql_i = _insert_sql(OrderItem.__table__, _I_COLS)

    # ------------------------------------------------------------------ public

    def close(self, keep: bool = True) -> None:
        """Flush and build again the indexes a bulk load dropped (``keep``), and give the
        connection back its page-cache size (always: it outlives the transaction).
        ``keep=False``: the transaction is about to be rolled back, which brings the
        indexes back by itself."""
        if self._closed:
            return
        if keep:
            self.flush()
            self.restore_indexes()
        self._closed = True
        if self.sqlite:
            if self._listening:
                event.remove(self.s, "before_commit", self._before_commit)
                self._listening = False
            cur = self.raw.cursor()
            try:
                cur.execute(f"PRAGMA cache_size={int(self._cache_size)}")
            finally:
                cur.close()

    # ------------------------------------------------------------------ bulk load

    def _bulk_pays(self, n: int) -> bool:
        """Does dropping the indexes now and building them again at the end cost less than
        keeping them up to date for the new orders still to come? Those are projected
        from the share of the file read so far (when the reader knows it), else taken to
        be this batch only; so a file with a few new orders on top of many known ones, or
        the last batches of a file, do not set off a rebuild of a big table."""
        done = self.imported  # new orders inserted so far, indexes kept up to date
        total = done + n
        if self.read_fraction is not None:
            try:
                frac = self.read_fraction()
            except Exception:  # a progress estimate only
                frac = 0.0
            if 0 < frac <= 1:
                total = max(total, total / frac)
        return (total - done) * INCREMENTAL_COST >= self.known_orders + total

    def _drop_indexes(self) -> None:
        """Drop the secondary, non-unique indexes of BULK_TABLES, read from sqlite_master
        (a migration may add or change one), remembering their DDL and statistics."""
        cur = self.raw.cursor()
        try:
            marks = ", ".join("?" * len(BULK_TABLES))
            rows = cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks}) ORDER BY rowid", BULK_TABLES).fetchall()
            dropped = [(n, q) for n, q in rows
                       if not q.lstrip()[:13].upper().startswith("CREATE UNIQUE")]
            if not dropped:
                return
            if cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                           "AND name = 'sqlite_stat1'").fetchone():
                names = [n for n, _ in dropped]
                self._stats = cur.execute(
                    f"SELECT tbl, idx, stat FROM sqlite_stat1 WHERE idx IN "
                    f"({', '.join('?' * len(names))})", names).fetchall()
            for name, _ in dropped:
                cur.execute(f'DROP INDEX "{name}"')
        finally:
            cur.close()
        self._dropped = dropped
        # a commit must never happen without the indexes, whatever path leads to it
        event.listen(self.s, "before_commit", self._before_commit)
        self._listening = True

    def restore_indexes(self) -> None:
        """Build again the indexes dropped for the bulk load, in the same transaction."""
        if not self._dropped:
            return
        dropped, self._dropped = self._dropped, []
        cur = self.raw.cursor()
        try:
            for _, sql in dropped:
                cur.execute(sql)
            if self._stats:
                cur.executemany("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
                                self._stats)
                self._stats = []
        finally:
            cur.close()

    def _before_commit(self, session: Session) -> None:
        self.restore_indexes()

    def add(self, rec: OrderRecord) -> None:
        oid = rec.platform_order_id
        if oid in self.seen:
            self.scattered.add(oid)  # applied in full by finish_scattered()
            return
        self.seen[oid] = None  # the real "before" hash is set when the batch is applied
        self.buffer.append(rec)
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            batch, self.buffer = self.buffer, []
            self._apply(batch)

    def finish_scattered(self, records: Iterable[OrderRecord]) -> None:
        """The complete records of orders whose rows were scattered in the file."""
        self.flush()
        merged: dict[str, OrderRecord] = {}
        for rec in records:
            have = merged.get(rec.platform_order_id)
            if have is None:
                merged[rec.platform_order_id] = rec
            else:
                have.items.extend(rec.items)
                have.freight_fen += rec.freight_fen
                have.payable_fen += rec.payable_fen
        for oid, rec in merged.items():
            self._undo_count(self.outcome.get(oid, "imported"))
            pre = self.seen.get(oid)
            h = self.content_hash(rec)
            row = self._lookup([oid])[oid]
            self._update(row, rec, h, force=True)
            if pre is None:
                self.imported += 1
            elif pre == h:
                self.unchanged += 1
            else:
                self.updated += 1

    def _undo_count(self, outcome: str) -> None:
        if outcome == "imported":
            self.imported -= 1
        elif outcome == "updated":
            self.updated -= 1
        elif outcome == "unchanged":
            self.unchanged -= 1

    # ------------------------------------------------------------------ hashing

    def content_hash(self, rec: OrderRecord, extra_json: str | None = None) -> str:
        """Keyed hash of the platform fields (the receiver is compared by its own blind
        index), so the hash reveals nothing and re-imports are told apart from changes."""
        sb = rec.ship_by
        if sb is None:
            sb_text = ""
        else:
            sb_text = self._iso.get(sb)
            if sb_text is None:
                sb_text = sb.isoformat()
                if len(self._iso) >= CACHE_LIMIT:
                    self._iso.clear()
                self._iso[sb] = sb_text
        parts = [rec.platform_status, _STATUS_TEXT[rec.status], rec.after_sale_status,
                 rec.buyer_message, rec.seller_remark, rec.flag, sb_text,
                 f"{rec.payable_fen} {rec.freight_fen} {rec.discount_fen}"]
        for i in rec.items:
            parts += (i.sub_order_id, i.title, i.spec, i.sku, i.product_id,
                      f"{i.qty} {i.unit_price_fen} {i.payable_fen}", i.after_sale_status)
        if rec.extra:
            parts.append(extra_json if extra_json is not None else self.extra_json(rec.extra))
        # a copy of the keyed state: the key block is compressed once per import
        h = self._hasher.copy()
        h.update("\x1f".join(parts).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    # ------------------------------------------------------------------ rows

    def _notes(self, rec: OrderRecord,
               extra: tuple[str, str, str] | None = None) -> tuple[str, str, str, bytes | None]:
        """Masked buyer message, remark and extra columns (free text may carry a phone);
        the originals encrypted, only when masking changed something: the message, the
        remark and the extra values the mask changed (the others are stored as they are).
        `extra` is ExtraJson.with_mask of the extra columns, when already made."""
        msg, remark = rec.buyer_message, rec.seller_remark
        mask = self.mask_text
        msg_m = mask(msg) if msg else ""
        remark_m = mask(remark) if remark else ""
        _extra_json, extra_m, extra_orig = extra or self.extra_json.with_mask(rec.extra)
        notes = None
        if msg_m != msg or remark_m != remark or extra_orig != "{}":
            # {"buyer_message": …, "seller_remark": …, "extra": {the changed values}}
            notes = self.ws.cipher.encrypt(
                '{"buyer_message":' + encode_basestring(msg) + ',"seller_remark":'
                + encode_basestring(remark) + ',"extra":' + extra_orig + "}", b"notes")
        return msg_m, remark_m, extra_m, notes

    def _order_row(self, oid: int, rid: int | None, rec: OrderRecord, h: str,
                   extra: tuple[str, str, str] | None = None, now: Any = None,
                   to_db: Any = None) -> tuple:
        """Order column values in _O_COLS order. With ``to_db`` (the SQLite fast path) the
        times come as stored text and ``now`` as given; otherwise as datetimes. `extra` as
        for `_notes`."""
        msg_m, remark_m, extra_m, notes = self._notes(rec, extra)
        items = rec.items
        if len(items) == 1:
            it = items[0]
            count = it.qty
            summary = f"{it.sku or it.title} ×{it.qty}"[:250]
        else:
            count = sum(i.qty for i in items)
            summary = "；".join(f"{i.sku or i.title} ×{i.qty}" for i in items)[:250]
        if to_db is None:
            created, paid, ship_by, now = rec.created_at, rec.paid_at, rec.ship_by, self.now
        else:
            created, paid, ship_by = to_db(rec.created_at), to_db(rec.paid_at), \
                to_db(rec.ship_by)
        return (oid, self.shop_id, rec.platform_order_id, _STATUS_TEXT[rec.status],
                rec.platform_status[:32], rec.after_sale_status[:32], created,
                paid, ship_by, rec.payable_fen, rec.freight_fen, rec.discount_fen,
                msg_m, remark_m, rec.flag[:16], rid, count, summary,
                extra_m, notes, h, self.source, now, now, "")

    @staticmethod
    def _item_rows(order_id: int, rec: OrderRecord) -> list[tuple]:
        rows = [(order_id, i.sub_order_id, i.title[:256], i.spec[:128], i.qty,
                 i.product_id[:40], i.sku[:64], i.unit_price_fen, i.payable_fen,
                 i.status[:32], i.after_sale_status[:32]) for i in rec.items]
        if len(rows) > 1:
            subs = [r[1] for r in rows]
            if len(set(subs)) != len(subs):
                rows = _unique_subs(rows)
        return rows

    # ------------------------------------------------------------------ apply

    def _apply(self, batch: list[OrderRecord]) -> None:
        existing: dict[str, Any] = {}
        if self.shop_had_orders:
            existing = self._lookup([r.platform_order_id for r in batch])
        new: list[tuple[OrderRecord, str, tuple[str, str, str]]] = []
        ej = self.extra_json
        ejm = ej.with_mask
        for rec in batch:
            oid = rec.platform_order_id
            old = existing.get(oid)
            if old is None:
                # a new order stores the masked extra columns too: made in the same go
                extra = ejm(rec.extra)
                h = self.content_hash(rec, extra[0])
                self.seen[oid] = None
                new.append((rec, h, extra))
                continue
            h = self.content_hash(rec, ej(rec.extra))
            self.seen[oid] = old.content_hash
            self.outcome[oid] = self._update(old, rec, h)
        if new:
            self._insert(new)

    def _lookup(self, oids: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for start in range(0, len(oids), LOOKUP_CHUNK):
            chunk = oids[start:start + LOOKUP_CHUNK]
            rows = self.s.execute(
                select(Order.id, Order.platform_order_id, Order.content_hash, Order.status,
                       Order.recipient_id, Order.flagged_reason, Recipient.address_key,
                       Recipient.name_kind, Recipient.phone_kind, Recipient.detail_kind)
                .outerjoin(Recipient, Recipient.id == Order.recipient_id)
                .where(Order.shop_id == self.shop_id, Order.platform_order_id.in_(chunk)))
            for row in rows:
                out[row.platform_order_id] = row
        if self.any_purged and out:
            self._find_purged([row.id for row in out.values()])
        return out

    def _find_purged(self, ids: list[int]) -> None:
        """Which of these known orders were erased: one query per lookup chunk."""
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = ids[start:start + LOOKUP_CHUNK]
            self.purged.update(self.s.scalars(
                select(PrivacyPurge.order_id).where(PrivacyPurge.order_id.in_(chunk))))

    def _insert(self, new: list[tuple[OrderRecord, str, tuple[str, str, str]]]) -> None:
        seal = self.sealer.row
        if self.sqlite:
            if not self._bulk and self._bulk_pays(len(new)):
                self._bulk = True
                self._drop_indexes()
            rid0, oid0 = self.next_rid, self.next_oid
            self.next_rid += len(new)
            self.next_oid += len(new)
            r_rows = [(rid0 + k, *seal(rec.recipient)) for k, (rec, _, _) in enumerate(new)]
            o_rows = []
            i_rows: list[tuple] = []
            to_db = db_time
            now = to_db(self.now)
            order_row, item_rows = self._order_row, self._item_rows
            for k, (rec, h, extra) in enumerate(new, start=oid0):
                o_rows.append(order_row(k, k - oid0 + rid0, rec, h, extra, now, to_db))
                i_rows.extend(item_rows(k, rec))
            cur = self.raw.cursor()
            try:
                cur.executemany(self.sql_r, r_rows)
                cur.executemany(self.sql_o, o_rows)
                cur.executemany(self.sql_i, i_rows)
            finally:
                cur.close()
        else:
            from sqlalchemy import insert

            r_dicts = [dict(zip(_R_COLS[1:], seal(rec.recipient), strict=True))
                       for rec, _, _ in new]
            rids = self.s.scalars(insert(Recipient).returning(
                Recipient.id, sort_by_parameter_order=True), r_dicts).all()
            o_dicts = []
            for (rec, h, extra), rid in zip(new, rids, strict=True):
                d = dict(zip(_O_COLS[1:], self._order_row(0, rid, rec, h, extra)[1:],
                             strict=True))
                d["extra"] = json.loads(d["extra"])
                o_dicts.append(d)
            oids = self.s.scalars(insert(Order).returning(
                Order.id, sort_by_parameter_order=True), o_dicts).all()
            items = [dict(zip(_I_COLS, row, strict=True))
                     for (rec, _, _), oid in zip(new, oids, strict=True)
                     for row in self._item_rows(oid, rec)]
            if items:
                self.s.execute(insert(OrderItem), items)
        self.imported += len(new)

    def _update(self, old: Any, rec: OrderRecord, h: str, force: bool = False) -> str:
        """A known order met again: platform fields only. Returns the outcome."""
        erased = old.id in self.purged
        if erased:
            # the buyer's plain data was erased: the export must not bring it back
            receiver_changed = False
        else:
            new_kinds = self.sealer.kinds(rec.recipient)
            old_kinds = (old.name_kind or "empty", old.phone_kind or "empty",
                         old.detail_kind or "empty")
            downgrade = any(_RANK[n] < _RANK[o]
                            for n, o in zip(new_kinds, old_kinds, strict=True))
            new_key = self.sealer.address_key(rec.recipient)
            receiver_changed = not downgrade and new_key != old.address_key
        if old.content_hash == h and not receiver_changed and not force:
            self.unchanged += 1
            return "unchanged"
        row = self._order_row(old.id, old.recipient_id, rec, h)
        values = {c: row[_O_COLS.index(c)] for c in _O_UPDATABLE}
        values["extra"] = json.loads(values["extra"])
        values["updated_at"] = self.now
        if erased:
            del values["notes_enc"]  # the encrypted originals stay erased
        printed = None
        if rec.status.value in _STOPPED_VALUES and old.status not in _STOPPED_VALUES:
            printed = self._printed(old.id)
            base = "cancelled" if rec.status is OrderStatus.CANCELLED else "refunded"
            values["flagged_reason"] = f"{base}_after_print" if printed \
                else f"{base}_after_import"
            self.flagged += 1
            if printed:
                self.intercepts.append(rec.platform_order_id)
        elif receiver_changed and old.address_key and new_kinds == old_kinds \
                and not old.flagged_reason and rec.status.value not in _STOPPED_VALUES:
            printed = self._printed(old.id)
            if printed:
                # the buyer changed the address after the label was printed
                values["flagged_reason"] = "address_changed_after_print"
                self.flagged += 1
                self.intercepts.append(rec.platform_order_id)
        self.s.execute(update(Order).where(Order.id == old.id).values(**values))
        if receiver_changed and old.recipient_id is not None:
            r = dict(zip(_R_COLS[1:], self.sealer.row(rec.recipient), strict=True))
            self.s.execute(update(Recipient).where(Recipient.id == old.recipient_id).values(**r))
        self._upsert_items(old.id, rec)
        if not force:
            self.updated += 1
        return "updated"

    def _upsert_items(self, order_id: int, rec: OrderRecord) -> None:
        known = set(self.s.scalars(select(OrderItem.sub_order_id)
                                   .where(OrderItem.order_id == order_id)))
        fresh = []
        for row in self._item_rows(order_id, rec):
            if row[1] in known:
                vals = dict(zip(_I_COLS[2:], row[2:], strict=True))
                self.s.execute(update(OrderItem).where(
                    OrderItem.order_id == order_id, OrderItem.sub_order_id == row[1])
                    .values(**vals))
            else:
                fresh.append(dict(zip(_I_COLS, row, strict=True)))
                known.add(row[1])
        if fresh:
            from sqlalchemy import insert

            self.s.execute(insert(OrderItem), fresh)

    def _printed(self, order_id: int) -> bool:
        """Is a label of this order printed (its own parcel or one it was merged into)?"""
        own = select(Parcel.id).where(Parcel.order_id == order_id,
                                      Parcel.printed_at.is_not(None))
        merged = (select(Parcel.id).join(ParcelOrder, ParcelOrder.parcel_id == Parcel.id)
                  .where(ParcelOrder.order_id == order_id, Parcel.printed_at.is_not(None)))
        return bool(self.s.scalar(select(func.count()).select_from(
            own.union(merged).subquery())))

