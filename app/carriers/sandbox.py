"""The offline e-waybill provider: local number ranges, a built-in routing table.

It behaves as the platforms do where it matters: the same (order, pack) always gets the
same number back, and numbers have each carrier's real shape.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.carriers.catalogue import carrier
from app.carriers.provider import WaybillAsk, WaybillFailed, WaybillIssued
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

    def __init__(self, factory: sessionmaker[Session], account_id: int, clock) -> None:  # noqa: ANN001
        self._factory = factory
        self._account_id = account_id
        self._clock = clock

    def create(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        out: list[WaybillIssued | WaybillFailed] = []
        with transaction(self._factory) as s:
            for ask in asks:
                out.append(self._one(s, ask))
        return out

    def _one(self, s: Session, ask: WaybillAsk) -> WaybillIssued | WaybillFailed:
        known = s.scalar(
            select(SandboxIssued).where(
                SandboxIssued.account_id == self._account_id,
                SandboxIssued.order_key == ask.order_key,
                SandboxIssued.pack_no == ask.pack_no,
                SandboxIssued.cancelled.is_(False),
            )
        )
        if known is None:
            number = self._next_number(s)
            if number is None:
                return WaybillFailed(ask.idem_key, "range_exhausted",
                                     "the sandbox number range of this account is used up: "
                                     "add a range in Settings → Accounts")
            known = SandboxIssued(account_id=self._account_id, order_key=ask.order_key,
                                  pack_no=ask.pack_no, waybill_no=number,
                                  created_at=self._clock())
            s.add(known)
            s.flush()
        sort_code, centre_code, centre_name, short = route(
            ask.carrier_code, ask.province, ask.city, ask.district, ask.street)
        return WaybillIssued(ask.idem_key, known.waybill_no, sort_code, centre_code, centre_name, short)

    def _next_number(self, s: Session) -> str | None:
        rng = s.scalar(
            select(WaybillRange)
            .where(WaybillRange.account_id == self._account_id,
                   WaybillRange.next_value <= WaybillRange.end_value)
            .order_by(WaybillRange.id)
            .limit(1)
            .with_for_update()
        )
        if rng is None:
            return None
        value = rng.next_value
        rng.next_value = value + 1
        return f"{rng.prefix}{value:0{rng.width}d}"


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
    # each platform gets its own slice of the carrier's range so numbers never collide
    offset = (abs(hash_platform(platform)) % 97) * 10**7
    start = c.sandbox.start + offset
    s.add(WaybillRange(account_id=acc.id, prefix=c.sandbox.prefix, width=c.sandbox.width,
                       next_value=start, end_value=start + 10**7 - 1))
    s.flush()
    return acc


def hash_platform(platform: str) -> int:
    return int.from_bytes(hashlib.sha1(platform.encode()).digest()[:4], "big")
