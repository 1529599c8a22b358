"""Personal data: the owner's reveal, retention, erasure on request, and the audit log.

- **Reveal** (`reveal_order`): the plain name, phone, address and notes of one order, for
  the owner only, valid for a short time (setting `reveal_seconds`, default 60), and
  audited. The returned object never prints its contents (repr, str, logs).
- **Retention** (`purge_expired`): the plain data of orders delivered or done more than
  N days ago (setting `retention_days`, default 90; 0 keeps everything) is erased: the
  ciphertext and the search indexes become NULL, the masked copies stay for lists,
  labels and accounting. Each erased order is listed in `privacy_purges`. The keyed
  content hash and receiver fingerprint (`address_key`, an HMAC that cannot be reversed)
  stay, so importing the same export again finds the order unchanged and does not bring
  the data back.
- **Erasure on request** (`erase_buyer`): every order of one buyer, found through the
  blind index of their phone and/or name (nothing is decrypted to find them); the
  receiver fingerprint goes too.
- **Audit log** (`list_audit`, `export_audit`): the owner views and exports it.

No function here logs, raises or audits personal data: ids, counts and field names only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, exists, or_, select, update

from app.services.exports import ExportSummary, write_table
from app.services.operators import require
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import AuditLog, Order, ParcelOrder, Recipient, TrackingEvent
from app.store.models_privacy import PrivacyPurge
from app.store.recipients import open_field, phone_index_text

DEFAULT_RETENTION_DAYS = 90
DEFAULT_REVEAL_SECONDS = 60
FIELDS = ("name", "phone", "detail", "notes")
PURGE_BATCH = 500


class PrivacyError(Exception):
    """The request cannot be done; the message says why (never with personal data)."""


# ------------------------------------------------------------------------------ reveal


@dataclass(frozen=True, repr=False, eq=False)
class Revealed:
    """One order's plain data, shown to the owner until `expires_at`.

    Read it with `get(field)`, which returns "" once expired; the UI hides it then too.
    `repr()`/`str()` never show the values, so a stray log line or exception cannot.
    """

    order_id: int
    platform_order_id: str
    revealed_at: datetime
    expires_at: datetime
    purged: bool
    _values: dict[str, str] = field(default_factory=dict)
    _clock: Callable[[], datetime] | None = None

    def get(self, name: str, now: datetime | None = None) -> str:
        """The plain value of `name`, or "" once the reveal has expired."""
        if name not in FIELDS:
            raise KeyError(name)
        if self.expired(now):
            return ""
        return self._values.get(name, "")

    def expired(self, now: datetime | None = None) -> bool:
        if now is None:
            now = self._clock() if self._clock else datetime.now(self.expires_at.tzinfo)
        return now >= self.expires_at

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self._values)

    def __repr__(self) -> str:
        return (f"Revealed(order_id={self.order_id}, fields={list(self._values)}, "
                f"expires_at={self.expires_at.isoformat()})")

    __str__ = __repr__


def reveal_seconds(ws: Workspace) -> int:
    try:
        return min(600, max(5, int(ws.setting("reveal_seconds", str(DEFAULT_REVEAL_SECONDS)))))
    except ValueError:
        return DEFAULT_REVEAL_SECONDS


def reveal_order(ws: Workspace, order_id: int, fields: Sequence[str] = FIELDS, *,
                 reason: str = "") -> Revealed:
    """The owner sees one order's plain data for `reveal_seconds`; the reveal is audited.

    `reason` (optional, e.g. "courier cannot reach buyer") is kept in the audit log; it
    is the owner's own words, so keep buyers' data out of it.
    """
    require(ws, "reveal")
    bad = [f for f in fields if f not in FIELDS]
    if bad or not fields:
        raise PrivacyError(f"unknown field(s) {bad}; choose from {', '.join(FIELDS)}")
    now = ws.clock()
    values: dict[str, str] = {}
    with transaction(ws.write) as s:
        order = s.get(Order, order_id)
        if order is None:
            raise PrivacyError(f"there is no order {order_id}")
        rcp = s.get(Recipient, order.recipient_id) if order.recipient_id else None
        purged = s.scalar(select(PrivacyPurge.id).where(PrivacyPurge.order_id == order_id)
                          .limit(1)) is not None
        for f in fields:
            if f == "notes":
                notes = json.loads(ws.cipher.decrypt(order.notes_enc, b"notes")) \
                    if order.notes_enc else {}
                values["notes"] = "\n".join(
                    v for v in (notes.get("buyer_message", ""), notes.get("seller_remark", ""))
                    if v)
            else:
                blob = getattr(rcp, f"{f}_enc") if rcp is not None else None
                values[f] = open_field(ws.cipher, f, blob)
        ws.audit(s, "reveal", "order", str(order_id), fields=list(fields),
                 seconds=reveal_seconds(ws), purged=purged, reason=reason[:120])
        poid = order.platform_order_id
    return Revealed(order_id, poid, now, now + timedelta(seconds=reveal_seconds(ws)), purged,
                    values, ws.clock)


# ------------------------------------------------------------------------------ erasing


@dataclass
class PurgeSummary:
    orders: int = 0
    recipients: int = 0
    cutoff: datetime | None = None
    order_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"orders": self.orders, "recipients": self.recipients,
                "cutoff": self.cutoff.isoformat() if self.cutoff else None}


_HAS_PLAIN = or_(Recipient.name_enc.is_not(None), Recipient.phone_enc.is_not(None),
                 Recipient.detail_enc.is_not(None))


def _erase(s, ws: Workspace, order_ids: Sequence[int], reason: str,  # noqa: ANN001
           summary: PurgeSummary) -> None:
    """Erase the plain data of these orders (inside the caller's transaction)."""
    if not order_ids:
        return
    rows = s.execute(select(Order.id, Order.recipient_id).where(Order.id.in_(order_ids))).all()
    rids = [r for _, r in rows if r is not None]
    if rids:
        values: dict[str, object] = dict(
            name_enc=None, phone_enc=None, detail_enc=None, name_hash=None, phone_hash=None,
            detail_hash=None)
        if reason == "request":
            # the receiver's keyed fingerprint goes too: nothing links the orders any more
            values["address_key"] = None
        s.execute(update(Recipient).where(Recipient.id.in_(rids)).values(**values))
    s.execute(update(Order).where(Order.id.in_(order_ids)).values(notes_enc=None))
    now = ws.clock()
    s.add_all(PrivacyPurge(at=now, order_id=oid, recipient_id=rid, reason=reason,
                           operator=ws.operator) for oid, rid in rows)
    summary.orders += len(rows)
    summary.recipients += len(rids)
    summary.order_ids += [oid for oid, _ in rows]


def retention_days(ws: Workspace) -> int:
    try:
        return max(0, int(ws.setting("retention_days", str(DEFAULT_RETENTION_DAYS))))
    except ValueError:
        return DEFAULT_RETENTION_DAYS


def set_retention_days(ws: Workspace, days: int) -> None:
    require(ws, "settings")
    if not 0 <= int(days) <= 3650:
        raise PrivacyError("retention is 0 (keep) to 3650 days")
    ws.set_setting("retention_days", str(int(days)))


def _delivered_before(cutoff: datetime):  # noqa: ANN202
    """Orders delivered (a tracking event says so) or done before `cutoff`."""
    delivered = exists(
        select(TrackingEvent.id)
        .join(ParcelOrder, ParcelOrder.parcel_id == TrackingEvent.parcel_id)
        .where(ParcelOrder.order_id == Order.id, TrackingEvent.status == "delivered",
               TrackingEvent.occurred_at < cutoff))
    conds = [and_(Order.status == "done", Order.updated_at < cutoff), delivered]
    try:  # the tracking summary, where the tracking store keeps one
        from app.store.models_tracking import ParcelTracking

        conds.append(exists(
            select(ParcelTracking.parcel_id)
            .join(ParcelOrder, ParcelOrder.parcel_id == ParcelTracking.parcel_id)
            .where(ParcelOrder.order_id == Order.id, ParcelTracking.delivered_at.is_not(None),
                   ParcelTracking.delivered_at < cutoff)))
    except ImportError:
        pass
    return or_(*conds)


def purge_expired(ws: Workspace, *, days: int | None = None,
                  batch: int = PURGE_BATCH) -> PurgeSummary:
    """Erase the plain data of orders delivered/done more than `days` ago (the setting by
    default; 0 keeps everything). Safe to run at every start: it resumes by itself."""
    if days is not None:
        require(ws, "erase")
    days = retention_days(ws) if days is None else int(days)
    summary = PurgeSummary()
    if days <= 0:
        return summary
    cutoff = ws.clock() - timedelta(days=days)
    summary.cutoff = cutoff
    while True:
        with transaction(ws.write) as s:
            ids = list(s.scalars(
                select(Order.id)
                .outerjoin(Recipient, Recipient.id == Order.recipient_id)
                .where(_delivered_before(cutoff),
                       or_(_HAS_PLAIN, Order.notes_enc.is_not(None)))
                .order_by(Order.id).limit(batch)))
            if not ids:
                break
            part = PurgeSummary()
            _erase(s, ws, ids, "retention", part)
            ws.audit(s, "purge", "orders", "", orders=part.orders, days=days,
                     first=ids[0], last=ids[-1])
        summary.orders += part.orders
        summary.recipients += part.recipients
        summary.order_ids += part.order_ids
    return summary


def find_buyer(ws: Workspace, *, phone: str = "", name: str = "") -> list[int]:
    """Order ids of one buyer by exact phone and/or name (both must match when both are
    given). Found by blind index, under every key of the ring (during a key rotation)."""
    require(ws, "erase")
    if not phone.strip() and not name.strip():
        raise PrivacyError("give the buyer's phone number, name, or both")
    conds = []
    if phone.strip():
        conds.append(Recipient.phone_hash.in_(
            _indexes(ws, phone_index_text(phone.strip()))))
    if name.strip():
        conds.append(Recipient.name_hash.in_(_indexes(ws, name.strip())))
    with ws.read() as s:
        return list(s.scalars(select(Order.id).join(Recipient, Recipient.id == Order.recipient_id)
                              .where(*conds).order_by(Order.id)))


def _indexes(ws: Workspace, text: str) -> list[str]:
    many = getattr(ws.cipher, "blind_indexes", None)
    return many(text) if many else [ws.cipher.blind_index(text)]


def erase_buyer(ws: Workspace, *, phone: str = "", name: str = "",
                expect: int | None = None) -> PurgeSummary:
    """Erase a buyer's plain data on their request (PIPL art. 47).

    `expect`: the number of orders the owner saw in `find_buyer`; if it changed meanwhile
    nothing is erased. Audited with the count only.
    """
    ids = find_buyer(ws, phone=phone, name=name)
    if expect is not None and expect != len(ids):
        raise PrivacyError(f"the buyer now has {len(ids)} order(s), not {expect}: look again")
    summary = PurgeSummary()
    with transaction(ws.write) as s:
        for start in range(0, len(ids), PURGE_BATCH):
            _erase(s, ws, ids[start:start + PURGE_BATCH], "request", summary)
        ws.audit(s, "erase_buyer", "orders", "", orders=summary.orders,
                 by="+".join(k for k, v in (("phone", phone), ("name", name)) if v.strip()))
    return summary


def purged_orders(ws: Workspace, order_ids: Sequence[int]) -> set[int]:
    """Which of these orders had their plain data erased (the UI shows a mark)."""
    with ws.read() as s:
        return set(s.scalars(select(PrivacyPurge.order_id)
                             .where(PrivacyPurge.order_id.in_(list(order_ids)))))


# ------------------------------------------------------------------------------ audit log


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    operator: str
    action: str
    entity: str
    entity_id: str
    detail: dict

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "at": self.at.isoformat(), "operator": self.operator,
                "action": self.action, "entity": self.entity, "entity_id": self.entity_id,
                "detail": self.detail}


#: what the owner looks for, and the action names the services write for it
AUDIT_GROUPS: dict[str, tuple[str, ...]] = {
    "reveal": ("reveal", "pii_reveal", "reveal_receiver"),
    "export": ("export", "audit_export", "key_export"),
    "reprint": ("reprint", "print_requeue", "print_resume"),
    "cancel": ("waybill_void", "cancel"),
    "decrypt": ("decrypt", "pii_reveal", "reveal_receiver"),
    "settings": ("settings_change", "account_save", "account_enable", "account_disable",
                 "account_delete", "rule_save", "rule_delete", "rule_move", "rate_card_save",
                 "rate_card_delete", "sku_weights_save", "preset_save", "preset_delete",
                 "sender_update", "platform_app_set", "operator_add", "operator_change"),
    "keys": ("key_export", "key_rotate_start", "key_rotate_done", "key_rotate_discard",
             "key_forget", "restore", "backup"),
    "erase": ("purge", "erase_buyer"),
    "login": ("login", "login_failed", "logout", "lock"),
}


def _audit_query(since: datetime | None, until: datetime | None, action: str,
                 operator: str, group: str = ""):  # noqa: ANN202
    q = select(AuditLog)
    if group:
        if group not in AUDIT_GROUPS:
            raise PrivacyError(f"unknown audit group {group!r}; choose from "
                               f"{', '.join(AUDIT_GROUPS)}")
        q = q.where(AuditLog.action.in_(AUDIT_GROUPS[group]))
    if since is not None:
        q = q.where(AuditLog.at >= since)
    if until is not None:
        q = q.where(AuditLog.at < until)
    if action:
        q = q.where(AuditLog.action == action)
    if operator:
        q = q.where(AuditLog.operator == operator)
    return q


def list_audit(ws: Workspace, *, since: datetime | None = None, until: datetime | None = None,
               action: str = "", operator: str = "", group: str = "", offset: int = 0,
               limit: int = 200) -> list[AuditRow]:
    """The audit log, newest first (owner only); `group` is one of AUDIT_GROUPS."""
    require(ws, "audit")
    q = _audit_query(since, until, action, operator, group).order_by(AuditLog.id.desc())
    with ws.read() as s:
        return [AuditRow(a.id, a.at, a.operator, a.action, a.entity, a.entity_id,
                         a.detail or {})
                for a in s.scalars(q.offset(offset).limit(limit))]


def export_audit(ws: Workspace, path: str | Path, *, since: datetime | None = None,
                 until: datetime | None = None, fmt: str | None = None) -> ExportSummary:
    """Write the audit log (oldest first) to CSV or XLSX (owner only); the export itself
    is audited."""
    require(ws, "audit")
    q = _audit_query(since, until, "", "").order_by(AuditLog.id)

    def rows():  # noqa: ANN202
        with ws.read() as s:
            for a in s.execute(q.execution_options(yield_per=1000)).scalars():
                yield [a.id, a.at, a.operator, a.action, a.entity, a.entity_id,
                       json.dumps(a.detail or {}, ensure_ascii=False, sort_keys=True)]

    path = Path(path)
    n = write_table(path, ("编号", "时间", "操作员", "操作", "对象", "对象编号", "详情"), rows(), fmt)
    with transaction(ws.write) as s:
        ws.audit(s, "audit_export", "audit_log", "", rows=n)
    return ExportSummary(str(path), n, True, (fmt or path.suffix.lstrip(".") or "csv").lower())


__all__ = [
    "AUDIT_GROUPS", "AuditRow", "PrivacyError", "PurgeSummary", "Revealed", "erase_buyer", "export_audit",
    "find_buyer", "list_audit", "purge_expired", "purged_orders", "retention_days",
    "reveal_order", "reveal_seconds", "set_retention_days",
]
