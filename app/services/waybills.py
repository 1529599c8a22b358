"""Allocate, recover and void e-waybill numbers, idempotently.

The guarantees, whatever the network or the computer does:

- **The key is stored before the call.** Every ask is a ``waybill_requests`` row (state
  ``pending``) committed before the provider hears of it. Its key names the account, the
  platform order and the pack, so two stations asking for one parcel share one row.
- **Never two numbers for one parcel.** A pending row is asked again with the same key,
  the same account and the same order + pack — which the platforms (and the sandbox)
  answer with the number they already issued. A parcel with a pending row cannot change
  carrier until it is answered (assign_shipping refuses).
- **Never a lost number.** Timeouts, 5xx and per-order "no answer" leave the row pending
  (the outcome is unknown); only definite refusals mark it failed. ``reconcile_pending``
  or the next allocation picks pending rows up.
- **Void (作废)** needs a reason, is recorded (waybill_voids) and frees the parcel; the
  next allocation uses a new key and gets a new number. Where the provider returns the
  quota, the account's balance goes back up.
- **Out of range** is checked before numbers are asked for, so an address a carrier does
  not serve is shown at the desk, not found at the counter.
- **Binding:** an order ships only on an e-waybill account of its own platform.

Personal data: receivers are sent as the platform's ciphertext when that is what the
order holds; plain values are decrypted only for real providers, and every such reveal is
counted in the audit log. Nothing personal is logged or put in messages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.carriers import catalogue
from app.carriers.catalogue import carrier as lookup_carrier
from app.carriers.provider import (
    AskItem,
    CancelAsk,
    RangeAsk,
    RangeResult,
    WaybillAsk,
    WaybillFailed,
    WaybillIssued,
    WaybillProvider,
)
from app.core.orders import STOPPED
from app.platforms.http import PlatformError
from app.services.accounts import AccountError, account_for, binding_problem, provider_for
from app.services.assign_shipping import area_key, insert_parcels
from app.services.merge import merged_leads, riders_of
from app.services.operators import require
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import (
    Order,
    OrderItem,
    Parcel,
    ParcelOrder,
    Recipient,
    Shop,
    WaybillAccount,
    WaybillRequest,
)
from app.store.models_carriers import ParcelShipping, RangeCache, WaybillVoid
from app.store.recipients import open_field

DEFAULT_CARRIER = "ZTO"
CHUNK = 900
RANGE_TTL = timedelta(hours=24)
#: parcel states that may still be voided (the parcel has not left the desk)
VOIDABLE = frozenset({"allocated", "printed"})

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def _chunks(ids: Sequence, n: int = CHUNK):  # noqa: ANN202
    for i in range(0, len(ids), n):
        yield list(ids[i:i + n])


@dataclass
class AllocateSummary:
    allocated: int = 0
    already: int = 0
    pending: int = 0  # asked, no answer yet: allocate again to recover the number
    failed: list[dict[str, str]] = field(default_factory=list)  # {"order", "message"}

    def as_dict(self) -> dict[str, object]:
        return {"allocated": self.allocated, "already": self.already, "pending": self.pending,
                "failed": self.failed}


@dataclass
class CancelSummary:
    cancelled: int = 0
    returned: int = 0  # numbers whose quota went back to the account
    failed: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"cancelled": self.cancelled, "returned": self.returned, "failed": self.failed}


@dataclass(frozen=True, slots=True)
class RangeIssue:
    order_id: int
    platform_order_id: str
    carrier: str
    served: bool | None
    reason: str


def make_provider(ws: Workspace, account: WaybillAccount,
                  shop_id: int | None = None) -> WaybillProvider:
    """The provider of an account (tests replace this to inject failures)."""
    return provider_for(ws, account, shop_id)


@dataclass
class _Job:
    account_id: int
    shop_id: int
    parcel_id: int
    order_id: int
    platform_order_id: str
    ask: WaybillAsk
    area: str
    recovering: bool = False


# ------------------------------------------------------------------------ allocation
def allocate_waybills(ws: Workspace, order_ids: Sequence[int], *, carrier: str | None = None,
                      fallback: str | None = None, check_range: bool = True,
                      progress: Progress | None = None,
                      cancelled: Cancelled | None = None) -> AllocateSummary:
    """Give each order's parcels a number. Asking again returns what was issued, never a
    second number; a request left unanswered earlier is asked again with its own key.

    `carrier` overrides what each parcel was assigned (指定快递); `fallback` is only for
    parcels no rule or person assigned (else the shop's default carrier)."""
    summary = AllocateSummary()
    if carrier:
        carrier = lookup_carrier(carrier).code
    default = lookup_carrier(fallback).code if fallback else \
        ws.setting("default_carrier", DEFAULT_CARRIER)
    ids = list(dict.fromkeys(order_ids))
    with ws.read() as s:  # an order riding in a merged parcel is numbered with it, once
        lead = merged_leads(s, ids)
    if lead:
        ids = list(dict.fromkeys(lead.get(i, i) for i in ids))
    jobs = _prepare(ws, ids, carrier, default, summary)
    if check_range:
        jobs = _drop_out_of_range(ws, jobs, summary)
    _run(ws, jobs, summary, progress, cancelled)
    return summary


def reconcile_pending(ws: Workspace, **kw: object) -> AllocateSummary:
    """Ask again every request left without an answer (after a timeout or a crash)."""
    with ws.read() as s:
        ids = list(s.scalars(
            select(Parcel.order_id).join(WaybillRequest, WaybillRequest.parcel_id == Parcel.id)
            .where(WaybillRequest.kind == "create", WaybillRequest.state == "pending",
                   Parcel.waybill_no.is_(None)).distinct()))
    return allocate_waybills(ws, ids, check_range=False, **kw)  # type: ignore[arg-type]


def _receiver(ws: Workspace, rcp: Recipient | None) -> tuple[str, str, str, bool, int, str]:
    """(name, phone, detail, is_cipher, plain_reveals, problem) for a real provider."""
    if rcp is None:
        return "", "", "", False, 0, "the order has no receiver"
    kinds = (rcp.name_kind, rcp.phone_kind, rcp.detail_kind)
    if "masked" in kinds:
        return "", "", "", False, 0, ("the export holds only a masked copy of the buyer's "
                                      "name, phone or address: import the order from the "
                                      "platform (its API or full export) to get a waybill")
    if "empty" in kinds:
        return "", "", "", False, 0, "the buyer's name, phone or address is missing"
    name = open_field(ws.cipher, "name", rcp.name_enc)
    phone = open_field(ws.cipher, "phone", rcp.phone_enc)
    detail = open_field(ws.cipher, "detail", rcp.detail_enc)
    reveals = sum(k == "plain" for k in kinds)
    return name, phone, detail, all(k == "cipher" for k in kinds), reveals, ""


def _prepare(ws: Workspace, order_ids: list[int], carrier: str | None, default: str,
             summary: AllocateSummary) -> list[_Job]:
    """One transaction: parcels, accounts, binding, and the request rows (keys first)."""
    jobs: list[_Job] = []
    now = ws.clock()
    reveals = 0
    stopped = {st.value for st in STOPPED}
    with transaction(ws.write) as s, s.no_autoflush:
        for chunk in _chunks(order_ids):
            orders = {o.id: o for o in s.scalars(select(Order).where(Order.id.in_(chunk)))}
            shops = {sh.id: sh for sh in s.scalars(select(Shop).where(
                Shop.id.in_({o.shop_id for o in orders.values()})))}
            parcels: dict[int, list[Parcel]] = {}
            for p in s.scalars(select(Parcel).where(Parcel.order_id.in_(chunk))
                               .order_by(Parcel.order_id, Parcel.pack_no)):
                parcels.setdefault(p.order_id, []).append(p)
            new = [oid for oid in chunk if oid in orders and oid not in parcels
                   and orders[oid].status not in stopped]
            if new:
                made = insert_parcels(s, [(oid, orders[oid].shop_id) for oid in new], now,
                                      carrier or "")
                for p in s.scalars(select(Parcel).where(Parcel.id.in_(list(made.values())))):
                    parcels[p.order_id] = [p]
            all_parcels = [p for ps in parcels.values() for p in ps]
            pids = [p.id for p in all_parcels]
            reqs: dict[int, list[WaybillRequest]] = {}
            for r in s.scalars(select(WaybillRequest).where(
                    WaybillRequest.parcel_id.in_(pids), WaybillRequest.kind == "create")):
                reqs.setdefault(r.parcel_id, []).append(r)
            recipients = {r.id: r for r in s.scalars(select(Recipient).where(Recipient.id.in_(
                {o.recipient_id for o in orders.values() if o.recipient_id})))}
            items: dict[int, list[AskItem]] = {}
            riders = riders_of(s, chunk)  # a merged parcel's request names every item
            carried = {r: lead for lead, rs in riders.items() for r in rs}
            for oid, title, spec, qty in s.execute(
                    select(OrderItem.order_id, OrderItem.title, OrderItem.spec, OrderItem.qty)
                    .where(OrderItem.order_id.in_([*chunk, *carried]))
                    .order_by(OrderItem.id)):
                items.setdefault(carried.get(oid, oid), []).append(
                    AskItem(title or "", qty or 1, spec or ""))
            weights = dict(s.execute(select(ParcelShipping.parcel_id, ParcelShipping.weight_g)
                                     .where(ParcelShipping.parcel_id.in_(pids))).all())
            accounts: dict[int, WaybillAccount] = {}
            chosen: dict[tuple, WaybillAccount] = {}
            for oid in chunk:
                order = orders.get(oid)
                if order is None:
                    summary.failed.append({"order": str(oid), "message": "no such order"})
                    continue
                if order.status in stopped:
                    summary.failed.append({"order": order.platform_order_id,
                                           "message": f"order is {order.status}: it must "
                                                      f"not ship"})
                    continue
                shop = shops[order.shop_id]
                for parcel in parcels.get(oid, []):
                    job, n = _job_for(ws, s, order, shop, parcel, reqs.get(parcel.id, []),
                                      carrier, default, accounts, chosen, recipients, items,
                                      weights, summary, now)
                    reveals += n
                    if job is not None:
                        jobs.append(job)
        if reveals:
            ws.audit(s, "pii_reveal", "recipient", "", count=reveals, purpose="waybill")
    return jobs


def _job_for(ws: Workspace, s: Session, order: Order, shop: Shop, parcel: Parcel,
             reqs: list[WaybillRequest], carrier: str | None, default: str,
             accounts: dict[int, WaybillAccount], chosen: dict[tuple, WaybillAccount],
             recipients: dict[int, Recipient],
             items: dict[int, list[AskItem]], weights: dict[int, int | None],
             summary: AllocateSummary, now) -> tuple[_Job | None, int]:  # noqa: ANN001
    poid = order.platform_order_id
    if parcel.waybill_no:
        summary.already += 1
        return None, 0
    rcp = recipients.get(order.recipient_id) if order.recipient_id else None
    name = phone = detail = ""
    is_cipher, reveals = False, 0
    pending = next((r for r in reqs if r.state == "pending"), None)
    if pending is not None:  # unknown outcome: ask again exactly as before
        account = accounts.get(pending.account_id) or s.get(WaybillAccount, pending.account_id)
        accounts[account.id] = account
        if account.provider != "sandbox":
            name, phone, detail, is_cipher, reveals, problem = _receiver(ws, rcp)
            if problem:  # the row stays pending: its number may exist
                summary.pending += 1
                summary.failed.append({"order": poid, "message": problem})
                return None, reveals
        code = account.carrier_code
        key = pending.idem_key
        recovering = True
        parcel.carrier_code, parcel.account_id = code, account.id
    else:
        code = carrier or parcel.carrier_code or default
        account = accounts.get(parcel.account_id or -1) or (
            s.get(WaybillAccount, parcel.account_id) if parcel.account_id else None)
        if account is None or account.carrier_code != code or \
                not (account.settings or {}).get("enabled", True):
            pick = (shop.platform, code, shop.id)
            account = chosen.get(pick)
            if account is None:
                try:
                    account = chosen[pick] = account_for(s, ws, shop.platform, code, shop.id)
                except AccountError as exc:
                    summary.failed.append({"order": poid, "message": str(exc)})
                    return None, 0
        accounts[account.id] = account
        why = binding_problem(shop.platform, account)
        if why:
            summary.failed.append({"order": poid, "message": why})
            return None, 0
        why = _tier_problem(parcel.tier_code or "standard", code, shop.platform)
        if why:
            summary.failed.append({"order": poid, "message": why})
            return None, 0
        if account.provider != "sandbox":
            name, phone, detail, is_cipher, reveals, problem = _receiver(ws, rcp)
            if problem:
                summary.failed.append({"order": poid, "message": problem})
                return None, reveals
        parcel.carrier_code, parcel.account_id = code, account.id  # only once it can go
        voided = sum(1 for r in reqs if r.state == "voided" and r.account_id == account.id)
        key = f"create:{account.id}:{poid}:{parcel.pack_no}" + (f":{voided}" if voided else "")
        # the key names this parcel's order and pack: only this parcel's rows can hold it
        req = next((r for r in reqs if r.idem_key == key), None)
        if req is not None and req.state == "done" and req.waybill_no:
            _fill(parcel, req.waybill_no, req.response or {}, now)  # recorded, not copied
            summary.allocated += 1
            return None, 0
        if req is None:
            s.add(WaybillRequest(idem_key=key, parcel_id=parcel.id, account_id=account.id,
                                 kind="create", state="pending", created_at=now,
                                 updated_at=now))
        else:
            req.state, req.error, req.updated_at = "pending", "", now
        recovering = False
    provider_kind = account.provider
    tier = parcel.tier_code or "standard"
    ask = WaybillAsk(
        idem_key=key, order_key=poid, pack_no=parcel.pack_no, carrier_code=code,
        tier_code=tier, province=rcp.province if rcp else "", city=rcp.city if rcp else "",
        district=rcp.district if rcp else "", street=rcp.street if rcp else "",
        pack_total=parcel.pack_total, receiver_name=name, receiver_phone=phone,
        receiver_detail=detail, receiver_cipher=is_cipher,
        weight_g=parcel.weight_g or weights.get(parcel.id) or 0,
        items=tuple(items.get(order.id, ())),
        services=catalogue.tier_services(tier, provider_kind),
        product_type=catalogue.tier_product(tier, code, provider_kind))
    area = area_key(ask.province, ask.city, ask.district, ask.street)
    return _Job(account.id, shop.id, parcel.id, order.id, poid, ask, area, recovering), reveals


def _tier_problem(tier_code: str, carrier_code: str, platform: str) -> str:
    """Why a parcel's service tier cannot go out with this carrier on this platform."""
    try:
        spec = catalogue.tier(tier_code)
    except ValueError:
        return f"unknown service tier {tier_code!r}: choose the carrier and tier again"
    short = lookup_carrier(carrier_code).short
    if spec.carriers is not None and carrier_code not in spec.carriers:
        return (f"{spec.name} is not offered by {short}: choose another carrier or tier "
                f"(指定快递) before taking a number")
    if spec.platforms is not None and platform not in spec.platforms:
        return f"{spec.name} is a service of {', '.join(sorted(spec.platforms))} orders only"
    return ""


def _mark(s: Session, key: str, state: str, error: str, now) -> None:  # noqa: ANN001
    s.execute(update(WaybillRequest).where(WaybillRequest.idem_key == key)
              .values(state=state, error=error[:500], updated_at=now))


def _fill(parcel: Parcel, number: str, extra: dict, now) -> None:  # noqa: ANN001
    parcel.waybill_no = number
    parcel.sort_code = extra.get("sort_code", "")
    parcel.package_center_code = extra.get("package_center_code", "")
    parcel.package_center_name = extra.get("package_center_name", "")
    parcel.short_address = extra.get("short_address", "")
    parcel.state = "allocated"
    parcel.allocated_at = now


def _run(ws: Workspace, jobs: list[_Job], summary: AllocateSummary,
         progress: Progress | None, cancelled: Cancelled | None) -> None:
    total, done = len(jobs), 0
    by_account: dict[int, list[_Job]] = {}
    for j in jobs:
        by_account.setdefault(j.account_id, []).append(j)
    for acc_id, acc_jobs in by_account.items():
        with ws.read() as s:
            account = s.get(WaybillAccount, acc_id)
        try:
            provider = make_provider(ws, account, acc_jobs[0].shop_id)
        except AccountError as exc:
            _fail_jobs(ws, acc_jobs, "failed", str(exc), summary)
            continue
        chunks = list(_chunks(acc_jobs, provider.max_batch))
        for i, chunk in enumerate(chunks):
            if cancelled and cancelled():
                summary.pending += sum(len(c) for c in chunks[i:])
                return
            try:
                results = provider.create([j.ask for j in chunk])
            except PlatformError as exc:
                if exc.retryable:
                    _fail_jobs(ws, chunk, "pending", exc.message + "; the request is kept: "
                               "allocate again to get its number", summary)
                    continue
                rest = [j for c in chunks[i:] for j in c]
                _fail_jobs(ws, rest, "failed", exc.message, summary)
                break
            _record(ws, account, results, chunk, summary)
            done += len(chunk)
            if progress:
                progress(done, total)


def _fail_jobs(ws: Workspace, jobs: list[_Job], state: str, message: str,
               summary: AllocateSummary) -> None:
    now = ws.clock()
    with transaction(ws.write) as s:
        for j in jobs:
            # a pending row stays pending whatever happens: its number may exist
            new_state = "pending" if j.recovering else state
            _mark(s, j.ask.idem_key, new_state, message, now)
            if new_state == "pending":
                summary.pending += 1
            summary.failed.append({"order": j.platform_order_id, "message": message})


def _record(ws: Workspace, account: WaybillAccount,
            results: list[WaybillIssued | WaybillFailed], jobs: list[_Job],
            summary: AllocateSummary) -> None:
    now = ws.clock()
    by_key = {j.ask.idem_key: j for j in jobs}
    numbers = [r.waybill_no for r in results if isinstance(r, WaybillIssued)]
    with transaction(ws.write) as s:
        taken = {}
        for chunk in _chunks(numbers):
            taken.update(s.execute(select(Parcel.waybill_no, Parcel.id)
                                   .where(Parcel.waybill_no.in_(chunk))).all())
        parcels = {p.id: p for p in s.scalars(select(Parcel).where(
            Parcel.id.in_([j.parcel_id for j in jobs])))}
        reqs = {r.idem_key: r for r in s.scalars(select(WaybillRequest).where(
            WaybillRequest.idem_key.in_(list(by_key))))}
        issued = 0
        for res in results:
            job = by_key.get(res.idem_key)
            req = reqs.get(res.idem_key)
            if job is None or req is None:
                continue
            req.updated_at = now
            if isinstance(res, WaybillFailed):
                # the platform answered about this very order: only "try again" keeps it open
                keep = res.retryable
                req.state = "pending" if keep else "failed"
                req.error = f"{res.code}: {res.message}"[:500]
                if keep:
                    summary.pending += 1
                summary.failed.append({"order": job.platform_order_id, "message": res.message})
                continue
            owner = taken.get(res.waybill_no)
            if owner is not None and owner != job.parcel_id:
                req.state, req.error = "failed", "duplicate: the number is on another parcel"
                summary.failed.append({"order": job.platform_order_id, "message":
                                       f"the provider returned {res.waybill_no}, which another "
                                       f"parcel already has: nothing was changed; report "
                                       f"this to the platform"})
                continue
            extra = {"sort_code": res.sort_code, "package_center_code": res.package_center_code,
                     "package_center_name": res.package_center_name,
                     "short_address": res.short_address}
            req.state, req.waybill_no, req.error = "done", res.waybill_no, ""
            req.response = {**extra, "short_address_code": res.short_address_code,
                            "print_data": res.print_data, "print_sign": res.print_sign,
                            "sub_waybills": list(res.sub_waybills)}
            parcel = parcels[job.parcel_id]
            parcel.carrier_code = account.carrier_code
            _fill(parcel, res.waybill_no, extra, now)
            taken[res.waybill_no] = job.parcel_id
            summary.allocated += 1
            issued += 1
        if issued and account.provider != "sandbox" and account.balance is not None:
            s.execute(update(WaybillAccount).where(WaybillAccount.id == account.id)
                      .values(balance=WaybillAccount.balance - issued))
        ws.audit(s, "waybill_allocate", "waybill_account", str(account.id),
                 count=len(results), issued=issued)


# ------------------------------------------------------------------------ out of range
def _drop_out_of_range(ws: Workspace, jobs: list[_Job],
                       summary: AllocateSummary) -> list[_Job]:
    fresh = [j for j in jobs if not j.recovering]
    if not fresh:
        return jobs
    results = _check(ws, [(j.account_id, j.shop_id, j.parcel_id, j.area,
                           RangeAsk(j.ask.idem_key, j.ask.carrier_code, j.ask.province,
                                    j.ask.city, j.ask.district, j.ask.street)) for j in fresh])
    keep, now = [], ws.clock()
    out = []
    for j in jobs:
        r = results.get(j.ask.idem_key)
        if j.recovering or r is None or r.served is not False:
            keep.append(j)
        else:
            out.append((j, r))
    if out:
        with transaction(ws.write) as s:
            for j, r in out:
                msg = (f"{lookup_carrier(j.ask.carrier_code).short} does not serve "
                       f"{j.ask.province}{j.ask.city}{j.ask.district}: {r.message}; choose "
                       f"another carrier")
                _mark(s, j.ask.idem_key, "failed", "out_of_range: " + msg, now)
                summary.failed.append({"order": j.platform_order_id, "message": msg})
    return keep


def _check(ws: Workspace, asks: list[tuple[int, int, int, str, RangeAsk]]
           ) -> dict[str, RangeResult]:
    """Range answers by ask key: cached ones (24 h), then the providers; recorded on the
    parcels (parcel_shipping.range_state) and in the cache."""
    now = ws.clock()
    out: dict[str, RangeResult] = {}
    todo: dict[int, list[tuple[int, int, str, RangeAsk]]] = {}
    with ws.read() as s:
        cache = {(c.account_id, c.area): c for c in s.scalars(select(RangeCache).where(
            RangeCache.account_id.in_({a[0] for a in asks}),
            RangeCache.checked_at >= now - RANGE_TTL))}
        providers = {a.id: a.provider for a in s.scalars(select(WaybillAccount).where(
            WaybillAccount.id.in_({a[0] for a in asks})))}
    for acc_id, shop_id, parcel_id, area, ask in asks:
        hit = cache.get((acc_id, area))
        if hit is not None and providers.get(acc_id) != "sandbox":
            out[ask.key] = RangeResult(ask.key, hit.served, "", hit.reason)
        else:
            todo.setdefault(acc_id, []).append((shop_id, parcel_id, area, ask))
    answers: list[tuple[int, int, str, RangeResult]] = []
    for acc_id, items in todo.items():
        with ws.read() as s:
            account = s.get(WaybillAccount, acc_id)
        try:
            provider = make_provider(ws, account, items[0][0])
        except AccountError:
            continue
        # one question per area: many orders share a district
        first: dict[str, RangeAsk] = {}
        for _, _, area, ask in items:
            first.setdefault(area, ask)
        got = {r.key: r for r in provider.check_range(list(first.values()))}
        by_area = {area: got.get(a.key) for area, a in first.items()}
        for _, parcel_id, area, ask in items:
            r = by_area.get(area)
            if r is None:
                continue
            out[ask.key] = RangeResult(ask.key, r.served, r.reason_code, r.message)
            answers.append((acc_id, parcel_id, area, r))
        if provider.name != "sandbox":
            _cache(ws, acc_id, {area: r for area, r in by_area.items() if r is not None}, now)
    _note_parcels(ws, [(pid, r) for _, pid, _, r in answers], now)
    return out


def _cache(ws: Workspace, acc_id: int, answers: dict[str, RangeResult], now) -> None:  # noqa: ANN001
    if not answers:
        return
    with transaction(ws.write) as s:
        old = {c.area: c for c in s.scalars(select(RangeCache).where(
            RangeCache.account_id == acc_id, RangeCache.area.in_(list(answers))))}
        for area, r in answers.items():
            if r.served is None:
                continue
            row = old.get(area) or RangeCache(account_id=acc_id, area=area)
            row.served, row.reason, row.checked_at = r.served, r.message[:200], now
            s.add(row)


def _note_parcels(ws: Workspace, answers: list[tuple[int, RangeResult]], now) -> None:  # noqa: ANN001
    if not answers:
        return
    with transaction(ws.write) as s:
        rows = {r.parcel_id: r for r in s.scalars(select(ParcelShipping).where(
            ParcelShipping.parcel_id.in_([pid for pid, _ in answers])))}
        for pid, r in answers:
            row = rows.get(pid)
            if row is None and r.served is True:
                continue  # nothing to show and nothing to clear
            if row is None:
                row = ParcelShipping(parcel_id=pid, assigned_at=now, strategy="",
                                     explanation="", preset="", rule_name="", cost_detail="",
                                     promise_detail="", assigned_by=ws.operator)
                s.add(row)
                rows[pid] = row
            row.range_state = {True: "ok", False: "out", None: "unknown"}[r.served]
            row.range_reason = r.message[:200]


def check_deliverable(ws: Workspace, order_ids: Sequence[int], *,
                      carrier: str | None = None,
                      carriers: Mapping[int, str] | None = None) -> list[RangeIssue]:
    """Ask whether each order's carrier serves its address, before any number is asked
    for. ``carriers``: order id → the carrier a preview plans (else ``carrier``, else the
    parcel's, else the default). Returns the orders not (or not surely) served; the
    answers are kept, so the next preview already knows."""
    code = lookup_carrier(carrier).code if carrier else None
    planned = {oid: lookup_carrier(c).code for oid, c in (carriers or {}).items() if c}
    default = ws.setting("default_carrier", DEFAULT_CARRIER)
    asks: list[tuple[int, int, int, str, RangeAsk]] = []
    meta: dict[str, tuple[int, str, str]] = {}
    issues: list[RangeIssue] = []
    with transaction(ws.write) as s:
        for chunk in _chunks(list(dict.fromkeys(order_ids))):
            rows = s.execute(select(Order.id, Order.platform_order_id, Order.shop_id,
                                    Shop.platform, Recipient.province, Recipient.city,
                                    Recipient.district, Recipient.street, Parcel.id,
                                    Parcel.carrier_code, Parcel.waybill_no)
                             .join(Shop, Shop.id == Order.shop_id)
                             .outerjoin(Recipient, Recipient.id == Order.recipient_id)
                             .outerjoin(Parcel, (Parcel.order_id == Order.id)
                                        & (Parcel.pack_no == 1))
                             .where(Order.id.in_(chunk))).all()
            for (oid, poid, shop_id, platform, prov, city, dist, street, pid, pcode,
                 wb) in rows:
                if wb:
                    continue
                c = planned.get(oid) or code or pcode or default
                try:
                    acc = account_for(s, ws, platform, c, shop_id)
                except AccountError as exc:
                    issues.append(RangeIssue(oid, poid, c, None, str(exc)))
                    continue
                if pid is None:
                    pid = _ensure_parcel_id(s, ws, oid, shop_id)
                key = f"range:{oid}:{c}"
                area = area_key(prov or "", city or "", dist or "", street or "")
                asks.append((acc.id, shop_id, pid, area, RangeAsk(
                    key, c, prov or "", city or "", dist or "", street or "")))
                meta[key] = (oid, poid, c)
    for key, r in _check(ws, asks).items():
        if r.served is not True:
            oid, poid, c = meta[key]
            issues.append(RangeIssue(oid, poid, c, r.served, r.message))
    return issues


def _ensure_parcel_id(s: Session, ws: Workspace, order_id: int, shop_id: int) -> int:
    p = Parcel(shop_id=shop_id, order_id=order_id, pack_no=1, pack_total=1, carrier_code="",
               created_at=ws.clock())
    s.add(p)
    s.flush()
    s.add(ParcelOrder(parcel_id=p.id, order_id=order_id))
    return p.id


# ------------------------------------------------------------------------ void / cancel
def cancel_waybills(ws: Workspace, order_ids: Sequence[int], reason: str, *,
                    progress: Progress | None = None) -> CancelSummary:
    """Void (作废) the numbers of these orders' parcels, with a reason. The parcels go
    back to "no number"; a new allocation gets a new number."""
    require(ws, "cancel")
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("give a reason to void a waybill (作废原因)")
    summary = CancelSummary()
    now = ws.clock()
    jobs: list[tuple[int, int, str, CancelAsk]] = []  # (account, parcel, order id, ask)
    with transaction(ws.write) as s:
        lead = merged_leads(s, order_ids)  # a merged parcel's number is voided once
        for chunk in _chunks(list(dict.fromkeys(lead.get(i, i) for i in order_ids))):
            rows = s.execute(select(Parcel, Order.platform_order_id)
                             .join(Order, Order.id == Parcel.order_id)
                             .where(Parcel.order_id.in_(chunk),
                                    Parcel.waybill_no.is_not(None))).all()
            for parcel, poid in rows:
                if parcel.state not in VOIDABLE:
                    summary.failed.append({"order": poid, "message":
                                           f"the parcel is {parcel.state}: it has left the desk "
                                           f"and cannot be voided; ask the carrier to intercept "
                                           f"it"})
                    continue
                if parcel.account_id is None:
                    summary.failed.append({"order": poid, "message":
                                           "this number was not issued by ShipDesk: void it "
                                           "where it was issued"})
                    continue
                key = f"cancel:{parcel.account_id}:{parcel.waybill_no}"
                req = s.scalar(select(WaybillRequest).where(WaybillRequest.idem_key == key))
                if req is None:
                    s.add(WaybillRequest(idem_key=key, parcel_id=parcel.id,
                                         account_id=parcel.account_id, kind="cancel",
                                         state="pending", waybill_no=parcel.waybill_no,
                                         created_at=now, updated_at=now,
                                         response={"reason": reason[:200]}))
                else:
                    req.state, req.updated_at = "pending", now
                jobs.append((parcel.account_id, parcel.id, poid, CancelAsk(
                    key, parcel.waybill_no, parcel.carrier_code, poid, parcel.pack_no,
                    reason)))
    by_account: dict[int, list[tuple[int, str, CancelAsk]]] = {}
    for acc_id, pid, poid, ask in jobs:
        by_account.setdefault(acc_id, []).append((pid, poid, ask))
    done = 0
    for acc_id, items in by_account.items():
        with ws.read() as s:
            account = s.get(WaybillAccount, acc_id)
        try:
            provider = make_provider(ws, account)
            results = {r.idem_key: r for r in provider.cancel([a for _, _, a in items])}
        except (AccountError, PlatformError) as exc:
            msg = exc.message if isinstance(exc, PlatformError) else str(exc)
            results = {}
            for _, poid, _ in items:
                summary.failed.append({"order": poid, "message": msg})
        if results:
            _record_cancel(ws, account, items, results, reason, summary)
        done += len(items)
        if progress:
            progress(done, len(jobs))
    return summary


def _record_cancel(ws: Workspace, account: WaybillAccount,
                   items: list[tuple[int, str, CancelAsk]], results: dict, reason: str,
                   summary: CancelSummary) -> None:
    now = ws.clock()
    returned = 0
    with transaction(ws.write) as s:
        for pid, poid, ask in items:
            r = results.get(ask.idem_key)
            req = s.scalar(select(WaybillRequest).where(WaybillRequest.idem_key == ask.idem_key))
            if r is None or not r.ok:
                msg = r.message if r is not None else "no answer: try again"
                if req is not None:
                    req.state = "pending" if (r is None or r.retryable) else "failed"
                    req.error, req.updated_at = msg[:500], now
                summary.failed.append({"order": poid, "message": msg})
                continue
            if req is not None:
                req.state, req.updated_at = "done", now
            s.execute(update(WaybillRequest).where(
                WaybillRequest.parcel_id == pid, WaybillRequest.kind == "create",
                WaybillRequest.state == "done", WaybillRequest.waybill_no == ask.waybill_no)
                .values(state="voided", updated_at=now))
            s.execute(update(Parcel).where(Parcel.id == pid).values(
                waybill_no=None, sort_code="", package_center_code="", package_center_name="",
                short_address="", state="new", allocated_at=None, printed_at=None))
            s.add(WaybillVoid(parcel_id=pid, account_id=account.id, waybill_no=ask.waybill_no,
                              reason=reason[:200], returned=r.returned, voided_at=now,
                              operator=ws.operator))
            summary.cancelled += 1
            if r.returned and provider_returns(account):
                returned += 1
        summary.returned += returned
        if returned and account.balance is not None:
            s.execute(update(WaybillAccount).where(WaybillAccount.id == account.id)
                      .values(balance=WaybillAccount.balance + returned))
        ws.audit(s, "waybill_void", "waybill_account", str(account.id),
                 count=summary.cancelled, returned=returned)


def provider_returns(account: WaybillAccount) -> bool:
    return account.provider != "sandbox"


def voided_numbers(ws: Workspace, order_id: int) -> list[tuple[str, str, bool]]:
    """(number, reason, returned) of the waybills voided on an order's parcels."""
    with ws.read() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(WaybillVoid.waybill_no, WaybillVoid.reason, WaybillVoid.returned)
            .join(Parcel, Parcel.id == WaybillVoid.parcel_id)
            .where(Parcel.order_id == order_id).order_by(WaybillVoid.id))]


def pending_count(ws: Workspace) -> int:
    """Requests still without an answer (a reconcile would ask them again)."""
    with ws.read() as s:
        return s.scalar(select(func.count()).select_from(WaybillRequest).where(
            WaybillRequest.kind == "create", WaybillRequest.state == "pending")) or 0
