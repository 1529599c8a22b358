"""The offline e-waybill provider: local number ranges, a built-in routing table.

It behaves as the platforms do where it matters: the same (order, pack) always gets the
same number back, and numbers have each carrier's real shape.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import cache

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from app.carriers.catalogue import carrier, error_messages, out_of_range
from app.carriers.provider import (
    CancelAsk,
    CancelResult,
    RangeAsk,
    RangeResult,
    WaybillAsk,
    WaybillFailed,
    WaybillIssued,
)
from app.resources import resource
from app.store.db import transaction
from app.store.models import SandboxIssued, WaybillAccount, WaybillRange


@cache
def _routing() -> dict:
    return json.loads(resource("sandbox_routing.json").read_text(encoding="utf-8"))


def _strip_suffix(name: str) -> str:
    for suffix in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
                   "地区", "省", "市", "区", "县", "盟", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def route(carrier_code: str, province: str, city: str, district: str, street: str) -> tuple[str, str, str, str]:
    """(sort_code, package_center_code, package_center_name, short_address) for an address."""
    table = _routing()
    hub = table["provinces"].get(province) or table["fallback"]
    digest = hashlib.sha1(f"{carrier_code}|{city}|{district}|{street}".encode()).digest()
    letter = "ABCDEFGHJKLMNPQRSTUVWXYZ"[digest[0] % 24]
    sort_code = f"{hub['code']}-{letter}{digest[1] % 90 + 10:02d} {digest[2] % 99 + 1:02d}"
    centre_code = f"{hub['code']}{digest[3] % 9 + 1}0"
    short = " ".join(p for p in (_strip_suffix(city), _strip_suffix(district)) if p) or hub["short"]
    return sort_code, centre_code, hub["centre"], short


class SandboxProvider:
    name = "sandbox"
    max_batch = 50
    needs_receiver = False
    returns_numbers = False  # a voided sandbox number is never handed out again

    def __init__(self, factory: sessionmaker[Session], account_id: int, clock) -> None:  # noqa: ANN001
        self._factory = factory
        self._account_id = account_id
        self._clock = clock

    def create(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        """A batch in one transaction: known (order, pack) → the same number; the others
        take the next numbers of the account's ranges, claimed as one block."""
        with transaction(self._factory) as s:
            known: dict[tuple[str, int], str] = {}
            order_keys = list({a.order_key for a in asks})
            for i in range(0, len(order_keys), 500):
                known.update({(k, p): n for k, p, n in s.execute(
                    select(SandboxIssued.order_key, SandboxIssued.pack_no,
                           SandboxIssued.waybill_no).where(
                        SandboxIssued.account_id == self._account_id,
                        SandboxIssued.order_key.in_(order_keys[i:i + 500]),
                        SandboxIssued.cancelled.is_(False)))})
            fresh = list(dict.fromkeys((a.order_key, a.pack_no) for a in asks
                                       if (a.order_key, a.pack_no) not in known))
            numbers = self._claim(s, len(fresh))
            now = self._clock()
            rows = [{"account_id": self._account_id, "order_key": k, "pack_no": p,
                     "waybill_no": n, "cancelled": False, "created_at": now}
                    for (k, p), n in zip(fresh, numbers, strict=False)]
            if rows:
                s.execute(insert(SandboxIssued), rows)
                known.update({(r["order_key"], r["pack_no"]): r["waybill_no"] for r in rows})
        out: list[WaybillIssued | WaybillFailed] = []
        for ask in asks:
            number = known.get((ask.order_key, ask.pack_no))
            if number is None:
                out.append(WaybillFailed(ask.idem_key, "range_exhausted",
                                         "the sandbox number range of this account is used "
                                         "up: add a range in Settings → Accounts"))
                continue
            sort_code, centre_code, centre_name, short = route(
                ask.carrier_code, ask.province, ask.city, ask.district, ask.street)
            out.append(WaybillIssued(ask.idem_key, number, sort_code, centre_code, centre_name,
                                     short))
        return out

    def _claim(self, s: Session, count: int) -> list[str]:
        """Up to ``count`` new numbers from the account's ranges (row-locked on PostgreSQL)."""
        out: list[str] = []
        if count <= 0:
            return out
        for rng in s.scalars(select(WaybillRange)
                             .where(WaybillRange.account_id == self._account_id,
                                    WaybillRange.next_value <= WaybillRange.end_value)
                             .order_by(WaybillRange.id).with_for_update()):
            take = min(count - len(out), rng.end_value - rng.next_value + 1)
            out += [f"{rng.prefix}{v:0{rng.width}d}"
                    for v in range(rng.next_value, rng.next_value + take)]
            rng.next_value += take
            if len(out) >= count:
                break
        return out

    def cancel(self, asks: list[CancelAsk]) -> list[CancelResult]:
        """Void numbers. The (order, pack) is freed, so asking again gives a new number."""
        out = []
        with transaction(self._factory) as s:
            for ask in asks:
                row = s.scalar(select(SandboxIssued).where(
                    SandboxIssued.account_id == self._account_id,
                    SandboxIssued.waybill_no == ask.waybill_no))
                if row is None:
                    out.append(CancelResult(ask.idem_key, ask.waybill_no, False, code="unknown",
                                            message="this number was not issued by this "
                                                    "account"))
                    continue
                if not row.cancelled:
                    row.cancelled = True
                    # keep the row (its number is never reused) but free the order+pack
                    row.order_key = f"{row.order_key}~{row.id}"[:48]
                out.append(CancelResult(ask.idem_key, ask.waybill_no, True, returned=False))
        return out

    def check_range(self, asks: list[RangeAsk]) -> list[RangeResult]:
        reasons = error_messages().get("out_of_range_reasons", {})
        out = []
        for ask in asks:
            hit = out_of_range(ask.carrier_code, ask.province, ask.city, ask.district)
            if hit is None:
                out.append(RangeResult(ask.key, True))
            else:
                out.append(RangeResult(ask.key, False, str(hit.reason),
                                       reasons.get(str(hit.reason), "not served")))
        return out


def ensure_sandbox_account(s: Session, platform: str, carrier_code: str, now: datetime) -> WaybillAccount:
    """The default offline account of a platform and carrier, with its number range."""
    acc = s.scalar(select(WaybillAccount).where(
        WaybillAccount.platform == platform, WaybillAccount.carrier_code == carrier_code,
        WaybillAccount.provider == "sandbox"))
    if acc is not None:
        return acc
    c = carrier(carrier_code)
    acc = WaybillAccount(platform=platform, carrier_code=c.code, provider="sandbox",
                         branch_code="SANDBOX", branch_name="沙箱网点", created_at=now)
    s.add(acc)
    s.flush()
    add_sandbox_range(s, acc)
    s.flush()
    return acc


def add_sandbox_range(s: Session, acc: WaybillAccount, size: int = 10**7) -> WaybillRange:
    """A fresh number range for a sandbox account: its platform's slice of the carrier's
    range, or past every range of that carrier already handed out when the slice is taken."""
    c = carrier(acc.carrier_code)
    # each platform gets its own slice of the carrier's range so numbers never collide
    start = c.sandbox.start + (abs(hash_platform(acc.platform)) % 97) * 10**7
    end = start + size - 1
    taken = s.execute(select(WaybillRange.next_value, WaybillRange.end_value)
                      .join(WaybillAccount, WaybillAccount.id == WaybillRange.account_id)
                      .where(WaybillAccount.carrier_code == acc.carrier_code,
                             WaybillRange.prefix == c.sandbox.prefix)).all()
    if any(lo <= end and start <= hi for lo, hi in taken):
        start = max(hi for _, hi in taken) + 1
        end = start + size - 1
    rng = WaybillRange(account_id=acc.id, prefix=c.sandbox.prefix, width=c.sandbox.width,
                       next_value=start, end_value=end)
    s.add(rng)
    return rng


def hash_platform(platform: str) -> int:
    return int.from_bytes(hashlib.sha1(platform.encode()).digest()[:4], "big")
