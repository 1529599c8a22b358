"""Tracking refresh: the poll planner and a provider, wired to the database.

``refresh_tracking`` enrols printed parcels, then runs bounded rounds (``run_once``) over
a SQL ``PollStore`` until nothing is due. What the poller knows per waybill lives in
``parcel_tracking``, so polling resumes after a restart where it stopped, and stops for
good on final states.

Two stations (or one that crashed mid-round) never query one waybill within the
provider's minimum interval: a waybill is *claimed* by a conditional UPDATE — "set
last_polled_at = now, next_due_at = now + min interval where it is still due" — that is
committed before the provider is called. A second claimer's UPDATE then matches no row.

The phone digits SF and ZTO demand are derived at query time from the encrypted phone
(a virtual number's extension, else the last 4 digits) or, when the receiver's number is
platform ciphertext, from the shop's sender phone; kept in memory only for the query, and each batch of such decryptions is recorded with ``Workspace.audit`` (ids only).

Settings (``Workspace.setting``): ``tracking.provider`` (sandbox | kuaidi100 | kdniao),
``tracking.max_concurrency`` (4), ``tracking.max_batch`` (200), ``tracking.interval_min``
(the usual cadence; the provider's minimum always holds), Kuaidi100
``tracking.kuaidi100.customer`` / ``.key`` (stored encrypted) / ``.base_url``, KDNiao
``tracking.kdniao.ebusiness_id`` / ``.app_key`` (encrypted) / ``.base_url`` /
``.request_type`` / ``.sign_mode`` / ``.customer_names`` (JSON {carrier: code}), and for
the pages ``tracking.auto_refresh_min`` (15; 0 = off).

A provider-wide pause (offline, bad key) is kept in ``meta`` (``tracking.paused_until.*``)
so a restart or another station does not hammer a provider that just refused.
"""

from __future__ import annotations

import base64
import json
import logging
import random
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, bindparam, delete, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.carriers.catalogue import carrier as lookup_carrier
from app.core.pii import normalize_phone
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import (
    AwareDateTime,
    Meta,
    Order,
    Parcel,
    ParcelOrder,
    Recipient,
    Shop,
    TrackingEvent,
)
from app.store.models_tracking import ParcelTracking
from app.store.recipients import open_field
from app.tracking import statuses
from app.tracking.httpclient import provider_settings, scrub
from app.tracking.model import (
    TrackError,
    TrackingProvider,
    TrackOutcome,
    TrackQuery,
    dedup_key,
)
from app.tracking.poller import PollDecision, PollPlanner, WaybillPollState, run_once

log = logging.getLogger(__name__)

PROVIDERS = ("sandbox", "kuaidi100", "kdniao")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Clock = Callable[[], datetime]

#: printed parcels older than this are not enrolled any more (polling stops after 60 days)
ENROL_WINDOW = timedelta(days=60)
#: statuses that mean a carrier has the parcel (the first one is the pickup scan)
_NOT_SCANNED = frozenset({statuses.LABEL_CREATED, statuses.UNKNOWN, statuses.CANCELLED})
_RETURN = frozenset({statuses.RETURNING, statuses.RETURNED})
_SECRET_PREFIX = "enc:v1:"


class TrackingSetupError(ValueError):
    """The tracking provider is not set up; the message says what to set."""


# -- settings --------------------------------------------------------------------------------


def _int_setting(ws: Workspace, key: str, default: int) -> int:
    raw = ws.setting(key, "")
    try:
        return int(raw) if raw.strip() else default
    except ValueError:
        log.warning("setting %s is not a whole number; using %s", key, default)
        return default


def set_secret_setting(ws: Workspace, key: str, value: str) -> None:
    """Store a credential encrypted with the database key (the audit shows the key only)."""
    blob = ws.cipher.encrypt(value, f"setting:{key}".encode())
    ws.set_setting(key, _SECRET_PREFIX + base64.b64encode(blob).decode("ascii"))


def secret_setting(ws: Workspace, key: str) -> str:
    raw = ws.setting(key, "")
    if not raw.startswith(_SECRET_PREFIX):
        return raw
    return ws.cipher.decrypt(base64.b64decode(raw[len(_SECRET_PREFIX):]),
                             f"setting:{key}".encode())


#: what each provider cannot work without (credentials kept encrypted: see SECRETS)
REQUIRED: dict[str, tuple[str, ...]] = {
    "kuaidi100": ("customer", "key"), "kdniao": ("ebusiness_id", "app_key"), "sandbox": ()}
SECRETS = frozenset({"key", "app_key"})
_MISSING = {
    "kuaidi100": "Kuaidi100 needs the customer ID and key: set them in Settings → Tracking "
                 "& alerts",
    "kdniao": "KDNiao needs the EBusinessID and API key: set them in Settings → Tracking "
              "& alerts",
}
AUTO_REFRESH_DEFAULT = 15
AUTO_REFRESH_MAX = 24 * 60


def _base_url(ws: Workspace, name: str) -> str:
    """The provider's API address: the stored one, or its default when blank."""
    from app.tracking import kdniao, kuaidi100

    default = {"kuaidi100": kuaidi100.DEFAULT_BASE_URL, "kdniao": kdniao.DEFAULT_BASE_URL}[name]
    return ws.setting(f"tracking.{name}.base_url", "") or default


def _merchant_codes(text: str) -> dict[str, str]:
    """KDNiao's {carrier: merchant code} map, as stored (JSON; blank = none)."""
    try:
        return dict(json.loads(text or "{}"))
    except (ValueError, TypeError):
        raise TrackingSetupError("tracking.kdniao.customer_names must be JSON") from None


def configure_provider(ws: Workspace, name: str, **values: str) -> None:
    """Choose the tracking provider and store its credentials (keys encrypted).

    kuaidi100: customer, key, base_url. kdniao: ebusiness_id, app_key, base_url,
    request_type, sign_mode, customer_names (JSON). sandbox: nothing. A blank key keeps
    the stored one (a settings form never shows it again). Checked whole before anything
    is written: a provider without its credentials is refused.
    """
    if name not in PROVIDERS:
        raise TrackingSetupError(f"unknown tracking provider {name!r}; choose one of "
                                 f"{', '.join(PROVIDERS)}")
    allowed = {"kuaidi100": {"customer", "key", "base_url"},
               "kdniao": {"ebusiness_id", "app_key", "base_url", "request_type", "sign_mode",
                          "customer_names"},
               "sandbox": set()}[name]
    unknown = set(values) - allowed
    if unknown:
        raise TrackingSetupError(f"{name} has no setting {', '.join(sorted(unknown))}")
    values = {k: v.strip() for k, v in values.items() if not (k in SECRETS and not v.strip())}
    for k in REQUIRED[name]:
        if not values.get(k, ws.setting(f"tracking.{name}.{k}", "")):
            raise TrackingSetupError(_MISSING[name])
    if "customer_names" in values:
        _merchant_codes(values["customer_names"])
    for k, v in values.items():
        key = f"tracking.{name}.{k}"
        if k in SECRETS:
            set_secret_setting(ws, key, v)
        else:
            ws.set_setting(key, v)
    ws.set_setting("tracking.provider", name)


@dataclass(frozen=True, slots=True)
class TrackingSetup:
    """What a settings form shows: never a key itself, only whether one is stored."""

    provider: str
    kuaidi100_customer: str
    kuaidi100_key_set: bool
    kuaidi100_base_url: str
    kdniao_ebusiness_id: str
    kdniao_key_set: bool
    kdniao_base_url: str
    kdniao_customer_names: str  # JSON {carrier code: merchant code}
    auto_refresh_min: int


def tracking_setup(ws: Workspace) -> TrackingSetup:
    name = ws.setting("tracking.provider", "sandbox") or "sandbox"
    return TrackingSetup(
        provider=name if name in PROVIDERS else "sandbox",
        kuaidi100_customer=ws.setting("tracking.kuaidi100.customer", ""),
        kuaidi100_key_set=bool(ws.setting("tracking.kuaidi100.key", "")),
        kuaidi100_base_url=_base_url(ws, "kuaidi100"),
        kdniao_ebusiness_id=ws.setting("tracking.kdniao.ebusiness_id", ""),
        kdniao_key_set=bool(ws.setting("tracking.kdniao.app_key", "")),
        kdniao_base_url=_base_url(ws, "kdniao"),
        kdniao_customer_names=ws.setting("tracking.kdniao.customer_names", ""),
        auto_refresh_min=auto_refresh_minutes(ws))


def auto_refresh_minutes(ws: Workspace) -> int:
    """Minutes between the window's automatic tracking refreshes; 0 = off."""
    return min(max(_int_setting(ws, "tracking.auto_refresh_min", AUTO_REFRESH_DEFAULT), 0),
               AUTO_REFRESH_MAX)


def set_auto_refresh_minutes(ws: Workspace, minutes: int) -> None:
    if not 0 <= int(minutes) <= AUTO_REFRESH_MAX:
        raise TrackingSetupError(
            f"the automatic refresh is 0 (off) to {AUTO_REFRESH_MAX} minutes")
    ws.set_setting("tracking.auto_refresh_min", str(int(minutes)))


def make_provider(ws: Workspace, clock: Clock | None = None) -> TrackingProvider:
    """The provider the settings name (the sandbox by default: works offline)."""
    name = ws.setting("tracking.provider", "sandbox") or "sandbox"
    if name == "sandbox":
        from app.tracking.sandbox import SandboxProvider

        return SandboxProvider(clock=clock or ws.clock)
    if name == "kuaidi100":
        from app.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Provider

        customer = ws.setting("tracking.kuaidi100.customer")
        key = secret_setting(ws, "tracking.kuaidi100.key")
        if not customer or not key:
            raise TrackingSetupError(_MISSING["kuaidi100"])
        return Kuaidi100Provider(Kuaidi100Config(
            customer, key, base_url=_base_url(ws, "kuaidi100")))
    if name == "kdniao":
        from app.tracking.kdniao import KdniaoConfig, KdniaoProvider

        ebid = ws.setting("tracking.kdniao.ebusiness_id")
        app_key = secret_setting(ws, "tracking.kdniao.app_key")
        if not ebid or not app_key:
            raise TrackingSetupError(_MISSING["kdniao"])
        names = _merchant_codes(ws.setting("tracking.kdniao.customer_names", ""))
        return KdniaoProvider(KdniaoConfig(
            ebid, app_key, base_url=_base_url(ws, "kdniao"),
            request_type=ws.setting("tracking.kdniao.request_type", "8001") or "8001",
            sign_mode=ws.setting("tracking.kdniao.sign_mode", "base64_md5_hex")
            or "base64_md5_hex",
            account_customer_names=names))
    raise TrackingSetupError(f"unknown tracking provider {name!r} in settings; choose one of "
                             f"{', '.join(PROVIDERS)}")


def make_planner(ws: Workspace, provider: TrackingProvider, clock: Clock | None = None,
                 **overrides: object) -> PollPlanner:
    """A planner with the provider's minimum interval and the station's settings."""
    kw: dict[str, object] = {
        "min_interval_s": int(provider.min_interval_s),
        "max_concurrency": _int_setting(ws, "tracking.max_concurrency", 4),
        "max_batch": _int_setting(ws, "tracking.max_batch", 200),
    }
    interval_min = _int_setting(ws, "tracking.interval_min", 0)
    if interval_min > 0:
        kw["interval_s"] = interval_min * 60
    kw.update(overrides)
    return PollPlanner(provider.name, clock=clock or ws.clock, **kw)  # type: ignore[arg-type]


def needs_phone(provider: TrackingProvider, carrier_code: str) -> bool:
    """Does this provider want the phone digits for this carrier?"""
    name = getattr(provider, "name", "")
    code = carrier_code.strip().upper()
    if name == "kuaidi100":
        return _kuaidi100_code(code) in provider_settings("kuaidi100")["phone_required"]
    if name == "kdniao":
        return provider_settings("kdniao")["customer_name"].get(code) == "phone"
    return bool(getattr(provider, "needs_phone_for", lambda c: False)(code))


def _kuaidi100_code(carrier_code: str) -> str:
    try:
        return lookup_carrier(carrier_code).kuaidi100 if carrier_code else ""
    except ValueError:
        return ""


def phone_suffix(phone: str) -> str:
    """What SF/ZTO tracking wants: a virtual number's extension, else the last 4 digits.

    Masked copies (``138****1234``, ``184****3965-7576``) still show those digits.
    """
    parsed = normalize_phone(phone)
    if parsed is not None:
        suffix = parsed.dial_suffix
    else:
        tail = phone.strip().rsplit("-", 1)
        suffix = tail[1] if len(tail) == 2 else phone.strip()[-4:]
    return suffix if len(suffix) == 4 and suffix.isdigit() else ""


# -- the provider-wide pause, shared by stations and restarts ----------------------------------


def _pause_key(provider: str) -> str:
    return f"tracking.paused_until.{provider}"


def _load_pause(ws: Workspace, provider: str) -> datetime | None:
    with ws.read() as s:
        row = s.get(Meta, _pause_key(provider))
    if row is None or not row.value:
        return None
    try:
        return datetime.fromisoformat(row.value)
    except ValueError:
        return None


def _store_pause(ws: Workspace, provider: str, until: datetime | None) -> None:
    for attempt in range(2):
        try:
            with transaction(ws.write) as s:
                s.merge(Meta(key=_pause_key(provider),
                             value=until.isoformat() if until else ""))
            return
        except IntegrityError:  # another station wrote it first: now it is an update
            if attempt:
                raise


# -- the SQL poll store -----------------------------------------------------------------------


def _insert_ignore(engine_name: str, table):  # noqa: ANN001, ANN202
    """INSERT … ON CONFLICT DO NOTHING for the dialects ShipDesk runs on."""
    if engine_name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as ins

        return ins(table).on_conflict_do_nothing()
    if engine_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as ins

        return ins(table).on_conflict_do_nothing()
    return None


@dataclass
class _Pending:
    parcel_id: int
    state: WaybillPollState
    outcome: TrackOutcome
    decision: PollDecision
    at: datetime


class SqlPollStore:
    """``app.tracking.poller.PollStore`` on ``parcel_tracking`` (see the module doc).

    Saves are buffered and written in batches (``flush``); a crash loses at most the
    unflushed answers, and the claims already committed keep those waybills from being
    asked again before the minimum interval.
    """

    def __init__(self, ws: Workspace, provider: TrackingProvider, planner: PollPlanner,
                 clock: Clock | None = None, *, flush_every: int = 200,
                 flush_after_s: float = 2.0) -> None:
        self.ws = ws
        self.provider = provider
        self.planner = planner
        self.clock = clock or planner.clock
        self.flush_every = flush_every
        self.flush_after_s = flush_after_s
        self._pid: dict[str, int] = {}
        self._queries: dict[str, TrackQuery] = {}
        self._tokens: dict[str, str] = {}
        self._pending: list[_Pending] = []
        self._last_flush = time.monotonic()
        self._insert_events = _insert_ignore(ws.engine.dialect.name, TrackingEvent.__table__)
        self.decrypted = 0  # phone suffixes derived (audited)

    # what is due ---------------------------------------------------------------------------

    def _due_where(self, now: datetime) -> list:
        floor = now - timedelta(seconds=self.planner.min_interval_s)
        return [ParcelTracking.final.is_(False),
                or_(ParcelTracking.next_due_at.is_(None), ParcelTracking.next_due_at <= now),
                or_(ParcelTracking.last_polled_at.is_(None),
                    ParcelTracking.last_polled_at <= floor)]

    def count_due(self, now: datetime | None = None) -> int:
        with self.ws.read() as s:
            return s.scalar(select(func.count()).select_from(ParcelTracking)
                            .where(*self._due_where(now or self.clock()))) or 0

    def poll_states(self) -> list[WaybillPollState]:
        """The most overdue due waybills (never-polled first), one planner batch of them."""
        now = self.clock()
        stmt = (select(ParcelTracking.parcel_id, ParcelTracking.waybill_no,
                       ParcelTracking.last_polled_at, ParcelTracking.next_due_at,
                       ParcelTracking.failures, ParcelTracking.final,
                       ParcelTracking.tracking_since, ParcelTracking.last_change_at)
                .where(*self._due_where(now))
                .order_by(ParcelTracking.next_due_at.asc().nulls_first(),
                          ParcelTracking.waybill_no)
                .limit(self.planner.max_batch))
        with self.ws.read() as s:
            rows = s.execute(stmt).all()
        out = []
        for r in rows:
            self._pid[r.waybill_no] = r.parcel_id
            out.append(WaybillPollState(r.waybill_no, r.last_polled_at, r.next_due_at,
                                        r.failures, r.final, r.tracking_since,
                                        r.last_change_at))
        return out

    # claim and release ----------------------------------------------------------------------

    def claim(self, states: list[WaybillPollState], now: datetime,
              hold_until: datetime) -> list[WaybillPollState]:
        if not states:
            return []
        token = uuid.uuid4().hex
        by_pid = {self._pid[s.waybill_no]: s for s in states}
        with transaction(self.ws.write) as s:
            s.execute(update(ParcelTracking)
                      .where(ParcelTracking.parcel_id.in_(list(by_pid)), *self._due_where(now))
                      .values(last_polled_at=now, next_due_at=hold_until, claim_token=token,
                              updated_at=now))
            got = set(s.scalars(select(ParcelTracking.parcel_id).where(
                ParcelTracking.parcel_id.in_(list(by_pid)),
                ParcelTracking.claim_token == token)))
            claimed = [st for pid, st in by_pid.items() if pid in got]
            self._prepare_queries(s, [self._pid[st.waybill_no] for st in claimed])
        for st in claimed:
            self._tokens[st.waybill_no] = token
        return claimed

    def _prepare_queries(self, s: Session, pids: list[int]) -> None:
        """Build the queries of claimed waybills in one read; decrypt phones where needed."""
        if not pids:
            return
        rows = s.execute(
            select(ParcelTracking.parcel_id, ParcelTracking.waybill_no, Parcel.carrier_code,
                   Parcel.printed_at, Shop.sender_city, Recipient.id, Recipient.city,
                   Recipient.phone_enc, Recipient.phone_kind, Shop.sender_phone)
            .join(Parcel, Parcel.id == ParcelTracking.parcel_id)
            .join(Order, Order.id == Parcel.order_id)
            .join(Shop, Shop.id == Order.shop_id)
            .outerjoin(Recipient, Recipient.id == Order.recipient_id)
            .where(ParcelTracking.parcel_id.in_(pids))).all()
        opened: list[int] = []
        for pid, wb, carrier, printed_at, origin, rid, city, phone_enc, kind, sender in rows:
            suffix = ""
            needed = needs_phone(self.provider, carrier or "")
            if needed and phone_enc is not None and kind in ("plain", "masked"):
                try:
                    suffix = phone_suffix(open_field(self.ws.cipher, "phone", phone_enc))
                except Exception:  # a damaged field must not stop the round
                    log.warning("parcel %s: the recipient phone cannot be read", pid)
                opened.append(rid)
            if needed and not suffix and sender:
                # the receiver's number is platform ciphertext: the carriers accept the
                # sender's digits instead (Kuaidi100: "收、寄件人的电话号码")
                suffix = phone_suffix(sender)
            self._queries[wb] = TrackQuery(
                waybill_no=wb, carrier_code=carrier or "",
                kuaidi100_code=_kuaidi100_code(carrier or ""), phone_suffix=suffix,
                printed_at=printed_at, origin_city=origin or "", dest_city=city or "")
        if opened:
            # revealing personal data is an explicit, logged action: ids only, never digits
            self.ws.audit(s, "decrypt", "recipient", "", field="phone", purpose="tracking_query",
                          provider=self.provider.name, count=len(opened),
                          recipient_ids=sorted(set(opened)))
            self.decrypted += len(opened)

    def query_for(self, waybill_no: str) -> TrackQuery | None:
        return self._queries.get(waybill_no)

    def release(self, states: list[WaybillPollState]) -> None:
        rows = [{"pid": self._pid[st.waybill_no], "tok": self._tokens.pop(st.waybill_no, ""),
                 "last": st.last_polled_at, "due": st.next_due_at} for st in states
                if st.waybill_no in self._pid]
        for st in states:
            self._queries.pop(st.waybill_no, None)
        rows = [r for r in rows if r["tok"]]
        if not rows:
            return
        with transaction(self.ws.write) as s:
            s.connection().execute(
                update(ParcelTracking.__table__)
                .where(ParcelTracking.__table__.c.parcel_id == bindparam("pid"),
                       ParcelTracking.__table__.c.claim_token == bindparam("tok"))
                .values(last_polled_at=bindparam("last"), next_due_at=bindparam("due"),
                        claim_token=""), rows)

    # save -------------------------------------------------------------------------------------

    def save(self, state: WaybillPollState, outcome: TrackOutcome,
             decision: PollDecision) -> None:
        pid = self._pid[state.waybill_no]
        self._queries.pop(state.waybill_no, None)
        self._tokens.pop(state.waybill_no, None)
        self._pending.append(_Pending(pid, state, outcome, decision, self.clock()))
        if len(self._pending) >= self.flush_every or \
                time.monotonic() - self._last_flush >= self.flush_after_s:
            self.flush()

    def flush(self) -> None:
        """Write the buffered answers: new events (known ``dedup_key``s dropped), summary
        and poll decision per parcel, in one transaction."""
        pending, self._pending = self._pending, []
        self._last_flush = time.monotonic()
        if not pending:
            return
        pids = [p.parcel_id for p in pending]
        with transaction(self.ws.write) as s:
            current = {r.parcel_id: r for r in s.execute(
                select(ParcelTracking.parcel_id, ParcelTracking.status, ParcelTracking.raw_state,
                       ParcelTracking.flag, ParcelTracking.flags, ParcelTracking.last_event_at,
                       ParcelTracking.last_event_text, ParcelTracking.last_location,
                       ParcelTracking.event_count, ParcelTracking.picked_up_at,
                       ParcelTracking.delivered_at, ParcelTracking.returned_at)
                .where(ParcelTracking.parcel_id.in_(pids))).all()}
            events: list[dict] = []
            updates: list[dict] = []
            for p in pending:
                cur = current.get(p.parcel_id)
                if cur is None:  # the parcel went away meanwhile
                    continue
                updates.append(self._row(p, cur, events))
            if events:
                self._write_events(s, events)
            if updates:
                s.execute(update(ParcelTracking), updates)  # bulk UPDATE by primary key

    def _row(self, p: _Pending, cur, events: list[dict]) -> dict:  # noqa: ANN001
        d = p.decision
        row = {"parcel_id": p.parcel_id, "next_due_at": d.next_due_at, "failures": d.failures,
               "final": d.stopped, "stop_reason": d.stop_reason,
               "last_change_at": d.last_change_at, "claim_token": "", "updated_at": p.at,
               "provider": self.provider.name}
        keep = {k: getattr(cur, k) for k in ("status", "raw_state", "flag", "flags",
                                              "last_event_at", "last_event_text",
                                              "last_location", "event_count", "picked_up_at",
                                              "delivered_at", "returned_at")}
        out = p.outcome
        if isinstance(out, TrackError):
            row.update(keep, last_error=out.code[:32], last_error_message=out.message)
            return row
        row.update(keep, last_error="", last_error_message="")
        if not out.events:
            return row
        flags = set(filter(None, (keep["flags"] or "").split(",")))
        provider = out.provider or self.provider.name
        first_scan = delivered = returned = None
        for e in out.events:
            events.append({"parcel_id": p.parcel_id, "occurred_at": e.occurred_at,
                           "provider": provider[:16], "raw_code": e.raw_code[:16],
                           "raw_text": e.raw_text, "status": e.status,
                           "location": e.location[:128],
                           "dedup_key": dedup_key(p.state.waybill_no, e)})
            flag = statuses.classify(provider, e.raw_code, e.raw_text).flag
            if flag:
                flags.add(flag)
            if first_scan is None and e.status not in _NOT_SCANNED:
                first_scan = e.occurred_at
            if delivered is None and e.status == statuses.DELIVERED:
                delivered = e.occurred_at
            if returned is None and e.status in _RETURN:
                returned = e.occurred_at
        last = out.events[-1]
        last_flag = statuses.classify(provider, last.raw_code, last.raw_text).flag
        flag_text = ("," + ",".join(sorted(flags)) + ",") if flags else ""
        row.update(
            status=out.status, raw_state=out.raw_state[:16], flag=last_flag[:24],
            flags=flag_text[:200], last_event_at=last.occurred_at,
            last_event_text=last.raw_text, last_location=last.location[:128],
            event_count=max(keep["event_count"] or 0, len(out.events)),
            picked_up_at=_earliest(keep["picked_up_at"], first_scan),
            delivered_at=_earliest(keep["delivered_at"], delivered),
            returned_at=_earliest(keep["returned_at"], returned))
        return row

    def _write_events(self, s: Session, events: list[dict]) -> None:
        if self._insert_events is not None:
            for i in range(0, len(events), 500):
                s.execute(self._insert_events, events[i:i + 500])
            return
        keys = [e["dedup_key"] for e in events]
        known: set[str] = set()
        for i in range(0, len(keys), 500):
            known |= set(s.scalars(select(TrackingEvent.dedup_key)
                                   .where(TrackingEvent.dedup_key.in_(keys[i:i + 500]))))
        fresh = {e["dedup_key"]: e for e in events if e["dedup_key"] not in known}
        if fresh:
            s.execute(insert(TrackingEvent), list(fresh.values()))


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


# -- enrolment ---------------------------------------------------------------------------------


def enrol_parcels(ws: Workspace, now: datetime | None = None) -> int:
    """Start tracking every printed parcel with a waybill number; stop tracking voided ones.

    A parcel whose waybill changed (voided and issued again) starts over.
    """
    now = now or ws.clock()
    pt = ParcelTracking
    with transaction(ws.write) as s:
        # the waybill changed or was voided: forget the old journey
        changed = s.execute(
            select(pt.parcel_id, Parcel.waybill_no)
            .join(Parcel, Parcel.id == pt.parcel_id)
            .where(or_(and_(Parcel.waybill_no.is_(None), pt.final.is_(False)),
                       Parcel.waybill_no != pt.waybill_no))).all()
        for pid, wb in changed:
            if wb is None:
                s.execute(update(pt).where(pt.parcel_id == pid)
                          .values(final=True, stop_reason="voided", next_due_at=None,
                                  updated_at=now))
            else:
                s.execute(delete(TrackingEvent).where(TrackingEvent.parcel_id == pid))
                s.execute(delete(pt).where(pt.parcel_id == pid))
        src = (select(Parcel.id, Parcel.waybill_no, Parcel.carrier_code,
                      literal(statuses.LABEL_CREATED), Parcel.printed_at,
                      literal(now, AwareDateTime()))
               .outerjoin(pt, pt.parcel_id == Parcel.id)
               .where(pt.parcel_id.is_(None), Parcel.waybill_no.is_not(None),
                      Parcel.printed_at.is_not(None), Parcel.printed_at >= now - ENROL_WINDOW))
        cols = ["parcel_id", "waybill_no", "carrier_code", "status", "tracking_since",
                "updated_at"]
        ignore = _insert_ignore(ws.engine.dialect.name, pt.__table__)
        # another station may enrol the same parcels at the same moment: skip those
        stmt = (insert(pt).from_select(cols, src) if ignore is None
                else ignore.from_select(cols, src))
        res = s.execute(stmt)
        added = res.rowcount or 0
        if added:
            ws.audit(s, "tracking_enrol", "parcel", "", count=added)
    return added


# -- one refresh ---------------------------------------------------------------------------------


@dataclass
class RefreshSummary:
    provider: str = ""
    enrolled: int = 0
    due: int = 0
    polled: int = 0
    results: int = 0
    finished: int = 0
    rounds: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    stopped_reason: str = ""  # "", "cancelled", "account:<code>"
    paused_until: datetime | None = None
    alerts: dict[str, object] | None = None  # what evaluate_alerts did, when it ran

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["paused_until"] = self.paused_until.isoformat() if self.paused_until else None
        return d


def refresh_tracking(ws: Workspace, *, provider: TrackingProvider | None = None,
                     planner: PollPlanner | None = None, clock: Clock | None = None,
                     progress: Progress | None = None, cancelled: Cancelled | None = None,
                     resume: bool = False, max_rounds: int | None = None) -> RefreshSummary:
    """Poll every due waybill once, in bounded rounds; then stop.

    ``resume`` lifts a provider-wide pause (the user pressed refresh after fixing the
    settings or the network); an automatic refresh leaves it. ``progress(done, total)``
    and ``cancelled()`` are what a UI worker passes.
    """
    clock = clock or ws.clock
    own_provider = provider is None
    provider = provider or make_provider(ws, clock)
    planner = planner or make_planner(ws, provider, clock)
    summary = RefreshSummary(provider=provider.name)
    try:
        summary.enrolled = enrol_parcels(ws, clock())
        stored = _load_pause(ws, provider.name)
        if resume:
            planner.resume()
            if stored:
                _store_pause(ws, provider.name, None)
        elif stored is not None and stored > clock():
            planner.pause(stored)
        before = planner.paused_until
        store = SqlPollStore(ws, provider, planner, clock)
        total = store.count_due(clock())
        summary.due = total
        errors: Counter[str] = Counter()
        done_before = 0

        def on_progress(done: int, _round_total: int) -> None:
            if progress:
                progress(min(done_before + done, max(total, 1)), max(total, 1))

        while True:
            if cancelled and cancelled():
                summary.stopped_reason = "cancelled"
                break
            rep = run_once(planner, provider, store, clock, should_stop=cancelled,
                           on_progress=on_progress)
            store.flush()
            summary.rounds += 1
            summary.polled += rep.polled
            summary.results += rep.results
            summary.finished += rep.finished
            errors.update(rep.errors)
            done_before += rep.polled
            if rep.stopped_reason:
                summary.stopped_reason = rep.stopped_reason
                break
            if rep.polled == 0 or summary.polled >= total:
                break
            if max_rounds is not None and summary.rounds >= max_rounds:
                break
        summary.errors = dict(errors)
        summary.paused_until = planner.paused_until
        if planner.paused_until != before:
            _store_pause(ws, provider.name, planner.paused_until)
        if progress:
            progress(max(total, 1), max(total, 1))
    finally:
        if own_provider and hasattr(provider, "close"):
            provider.close()
    if summary.polled:
        with transaction(ws.write) as s:
            ws.audit(s, "tracking_refresh", "provider", provider.name, polled=summary.polled,
                     results=summary.results, errors=sum(summary.errors.values()),
                     stopped=summary.stopped_reason)
    return summary


def refresh_task(ws: Workspace, *, evaluate: bool = True, resume: bool = True,
                 **kw: object) -> Callable[[Progress, Cancelled], RefreshSummary]:
    """A task for ``app.ui.workers`` (``task(progress, cancelled)``): refresh tracking, then
    re-evaluate the package-centre alerts."""

    def task(progress: Progress, cancelled: Cancelled) -> RefreshSummary:
        summary = refresh_tracking(ws, progress=progress, cancelled=cancelled, resume=resume,
                                   **kw)  # type: ignore[arg-type]
        if evaluate and summary.stopped_reason != "cancelled":
            from app.services.alerts import evaluate_alerts

            summary.alerts = evaluate_alerts(ws).as_dict()
        return summary

    return task


# -- lists for the CLI and the pages ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShipmentRow:
    parcel_id: int
    platform_order_id: str
    carrier: str
    waybill_no: str
    status: str
    flag: str
    last_event_at: datetime | None
    last_event: str
    location: str
    printed_at: datetime | None
    picked_up_at: datetime | None
    delivered_at: datetime | None
    last_polled_at: datetime | None
    next_due_at: datetime | None
    polling: bool
    stop_reason: str
    failures: int
    last_error: str

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        for k, v in d.items():
            if isinstance(v, datetime):
                d[k] = v.isoformat()
        return d


#: pseudo statuses the list understands besides the normalised ones
LIST_FILTERS = ("", "active", "stopped", "error")


def _shipment_where(status: str) -> list:
    pt = ParcelTracking
    if not status:
        return []
    if status == "active":
        return [pt.final.is_(False)]
    if status == "stopped":
        return [pt.final.is_(True)]
    if status == "error":
        return [pt.last_error != ""]
    if status not in statuses.STATUSES:
        raise ValueError(f"unknown tracking status {status!r}; use one of "
                         f"{', '.join(statuses.STATUSES + LIST_FILTERS[1:])}")
    return [pt.status == status]


def count_shipments(ws: Workspace, status: str = "") -> int:
    with ws.read() as s:
        return s.scalar(select(func.count()).select_from(ParcelTracking)
                        .where(*_shipment_where(status))) or 0


def shipment_counts(ws: Workspace) -> dict[str, int]:
    """Tracked parcels per normalised status."""
    with ws.read() as s:
        return dict(s.execute(select(ParcelTracking.status, func.count())
                              .group_by(ParcelTracking.status)).all())


def list_shipments(ws: Workspace, status: str = "", *, waybill: str = "", limit: int = 50,
                   offset: int = 0) -> list[ShipmentRow]:
    """Tracked parcels, newest activity first; ``status`` is a normalised status or one of
    ``active``, ``stopped``, ``error``."""
    pt = ParcelTracking
    stmt = (select(pt.parcel_id, Order.platform_order_id, pt.carrier_code, pt.waybill_no,
                   pt.status, pt.flag, pt.last_event_at, pt.last_event_text, pt.last_location,
                   Parcel.printed_at, pt.picked_up_at, pt.delivered_at, pt.last_polled_at,
                   pt.next_due_at, pt.final, pt.stop_reason, pt.failures, pt.last_error)
            .join(Parcel, Parcel.id == pt.parcel_id)
            .join(Order, Order.id == Parcel.order_id)
            .where(*_shipment_where(status)))
    if waybill:
        stmt = stmt.where(pt.waybill_no == waybill.strip().upper())
    stmt = stmt.order_by(pt.last_event_at.desc().nulls_last(), pt.parcel_id.desc())
    with ws.read() as s:
        rows = s.execute(stmt.offset(offset).limit(limit)).all()
    return [ShipmentRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], scrub(r[7], 200), r[8], r[9],
                        r[10], r[11], r[12], r[13], not r[14], r[15], r[16], r[17])
            for r in rows]


def shipment_events(ws: Workspace, waybill_no: str) -> list[dict[str, object]]:
    """Every stored event of one waybill, oldest first (raw code and text kept)."""
    with ws.read() as s:
        pid = s.scalar(select(ParcelTracking.parcel_id)
                       .where(ParcelTracking.waybill_no == waybill_no.strip().upper()))
        if pid is None:
            return []
        rows = s.execute(select(TrackingEvent).where(TrackingEvent.parcel_id == pid)
                         .order_by(TrackingEvent.occurred_at, TrackingEvent.id)).scalars().all()
    return [{"at": e.occurred_at.isoformat(), "status": e.status, "raw_code": e.raw_code,
             "text": scrub(e.raw_text, 300), "location": e.location, "provider": e.provider}
            for e in rows]


@dataclass(frozen=True, slots=True)
class Journey:
    """One parcel of an order as the seller looks it up: its number, where tracking has
    it, and every event (newest first). ``shipment`` is None until the first refresh
    enrols the parcel."""

    waybill_no: str
    carrier: str
    pack_no: int
    pack_total: int
    printed_at: datetime | None
    shipment: ShipmentRow | None
    events: list[dict[str, object]]


def order_journeys(ws: Workspace, order_id: int) -> list[Journey]:
    """The numbered parcels an order ships in (its own, the merged parcel it rides in, or
    the parcels it was split into), each with its tracking."""
    with ws.read() as s:
        riding = select(ParcelOrder.parcel_id).where(ParcelOrder.order_id == order_id)
        parcels = s.execute(
            select(Parcel.waybill_no, Parcel.carrier_code, Parcel.pack_no, Parcel.pack_total,
                   Parcel.printed_at)
            .where(or_(Parcel.order_id == order_id, Parcel.id.in_(riding)),
                   Parcel.waybill_no.is_not(None))
            .order_by(Parcel.pack_no, Parcel.id)).all()
    out = []
    for waybill, carrier, pack_no, pack_total, printed_at in parcels:
        found = list_shipments(ws, waybill=waybill, limit=1)
        events = shipment_events(ws, waybill)
        events.reverse()
        out.append(Journey(waybill, carrier, pack_no, pack_total, printed_at,
                           found[0] if found else None, events))
    return out


# -- the demo ----------------------------------------------------------------------------------------


def simulate_elapsed_time_for_demo(ws: Workspace, *, now: datetime | None = None,
                                   seed: int = 7, intercept: int = 1) -> dict[str, int]:
    """DEMO ONLY: pretend the printed labels were printed over the past days.

    A demo prints every label "now", so the sandbox journeys (anchored at the print time)
    have nothing to show yet. This moves each printed parcel's print time back to between
    1 and 40 hours after its order was paid (never later than an hour ago), so a refresh
    shows pickups, hubs, deliveries, lockers, refusals and stalls — and late shipments.
    With ``intercept`` it also marks that many printed orders as refunded after printing,
    as a re-imported export would. Tracking of the moved parcels starts over.
    Never call this on a real shop's database.
    """
    now = now or ws.clock()
    rng = random.Random(seed)
    moved = 0
    flagged = 0
    with transaction(ws.write) as s:
        rows = s.execute(select(Parcel.id, Order.id, Order.paid_at, Order.created_at_platform)
                         .join(Order, Order.id == Parcel.order_id)
                         .where(Parcel.printed_at.is_not(None))
                         .order_by(Parcel.id)).all()
        for pid, _oid, paid_at, created in rows:
            base = paid_at or created or (now - timedelta(days=2))
            at = min(base + timedelta(minutes=rng.randrange(60, 40 * 60)),
                     now - timedelta(hours=1))
            s.execute(update(Parcel).where(Parcel.id == pid)
                      .values(printed_at=at, allocated_at=at - timedelta(minutes=5)))
            moved += 1
        pids = [r[0] for r in rows]
        for i in range(0, len(pids), 500):
            chunk = pids[i:i + 500]
            s.execute(delete(TrackingEvent).where(TrackingEvent.parcel_id.in_(chunk)))
            s.execute(delete(ParcelTracking).where(ParcelTracking.parcel_id.in_(chunk)))
        for _pid, oid, _paid, _created in rows[-intercept:] if intercept > 0 else []:
            s.execute(update(Order).where(Order.id == oid)
                      .values(status="refunded", flagged_reason="refunded_after_print",
                              updated_at=now))
            flagged += 1
        ws.audit(s, "demo_time_shift", "parcel", "", count=moved, intercepts=flagged)
    return {"moved": moved, "intercepts": flagged}


def demo_ship_and_track(ws: Workspace, out_dir: str | Path, *, now: datetime | None = None,
                        carriers: Sequence[str] = ("ZTO", "YTO", "SF", "JD", "STO", "YUNDA"),
                        progress: Progress | None = None,
                        cancelled: Cancelled | None = None) -> dict[str, object]:
    """DEMO ONLY: allocate and print every order to ship (spread over a few carriers),
    move the print times into the past (``simulate_elapsed_time_for_demo``), refresh
    tracking with the sandbox provider and evaluate the alerts."""
    from app.services.alerts import evaluate_alerts
    from app.services.orders import select_order_ids
    from app.services.print_labels import print_labels
    from app.services.waybills import allocate_waybills

    ids = select_order_ids(ws, status="to_ship", has_waybill=False)
    for i, code in enumerate(carriers):
        part = ids[i::len(carriers)]
        if part:
            allocate_waybills(ws, part, carrier=code)
    printable = select_order_ids(ws, has_waybill=True, printed=False)
    printed = print_labels(ws, printable, out=Path(out_dir) / "demo-labels.pdf").printed \
        if printable else 0
    shifted = simulate_elapsed_time_for_demo(ws, now=now)
    from app.tracking.sandbox import SandboxProvider

    clock = (lambda: now) if now is not None else ws.clock
    summary = refresh_tracking(ws, provider=SandboxProvider(clock=clock), clock=clock,
                               progress=progress, cancelled=cancelled, resume=True)
    evaluated = evaluate_alerts(ws, now=now)
    return {"printed": printed, **shifted, "tracking": summary.as_dict(),
            "alerts": evaluated.as_dict()}


__all__ = [
    "PROVIDERS", "Journey", "RefreshSummary", "ShipmentRow", "SqlPollStore", "TrackingSetup",
    "TrackingSetupError", "auto_refresh_minutes", "configure_provider", "count_shipments",
    "demo_ship_and_track", "enrol_parcels", "list_shipments", "make_planner", "make_provider",
    "needs_phone", "order_journeys", "phone_suffix", "refresh_task", "refresh_tracking",
    "secret_setting", "set_auto_refresh_minutes", "set_secret_setting", "shipment_counts",
    "shipment_events", "simulate_elapsed_time_for_demo", "tracking_setup",
]
