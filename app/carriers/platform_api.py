"""What the platform e-waybill providers share: settings, calls, error messages, batching.

Each platform module (douyin, kuaishou, pdd, cainiao) builds its own requests and parses
its own answers; this module holds the account settings they read, the seller-facing
error mapping (resources/waybill_errors.json) and the batch splitting. Nothing here logs
or returns personal data: messages carry codes and scrubbed platform text only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

import requests

from app.carriers.catalogue import error_messages
from app.carriers.provider import (
    CancelAsk,
    CancelResult,
    RangeAsk,
    RangeResult,
    Sender,
    WaybillAsk,
    WaybillFailed,
    WaybillIssued,
)
from app.core.timeutil import now as _now
from app.platforms.http import PlatformError, make_session, post

log = logging.getLogger(__name__)
_T = TypeVar("_T")

#: production gateways; an account's settings may point elsewhere (tests, proxies)
DEFAULT_GATEWAYS = {
    "douyin": "https://openapi-fxg.jinritemai.com",
    "kuaishou": "https://openapi.kwaixiaodian.com",
    "pdd": "https://gw-api.pinduoduo.com/api/router",
    "cainiao": "https://eco.taobao.com/router/rest",
}
PROVIDER_NAMES = {"douyin": "Douyin", "kuaishou": "Kuaishou", "pdd": "PDD",
                  "cainiao": "Cainiao", "sandbox": "Sandbox"}

_CIPHER = re.compile(r"(\$\$|##)[^\s]*?(\$\d{1,3}\$\$|#\d{1,3}##)")
_DIGITS = re.compile(r"\d{5,}")


def text(value: object) -> str:
    """A string or whole number from an answer as text; anything else as "" (so a list or
    a dict where a number was due reads as missing, not as its repr)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def rows(value: object) -> list[dict]:
    """The dict entries of a list from an answer; anything else gives none."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def scrub(text: object, limit: int = 120) -> str:
    """Platform text made safe for a message or a log: no ciphertext, no long numbers."""
    s = str(text or "")
    s = _CIPHER.sub("[ciphertext]", s)
    s = _DIGITS.sub(lambda m: m.group(0)[:2] + "…", s)
    s = " ".join(s.split())
    return s[:limit]


@dataclass(frozen=True, slots=True)
class MappedError:
    code: str
    message: str
    retryable: bool = False
    ok: bool = False  # the "error" means the wanted state already holds (already void)
    order_scope: bool = False  # about one order, not the account or the call


_ORDER_SCOPE = ("out-of-range", "OUT_OF_RANGE", "NOT_REACHABLE", "receiver", "order-status",
                "803002", "803003", "70032")


def map_error(provider: str, code: object, sub_code: object = "", platform_msg: object = "",
              *, retryable: bool = False) -> MappedError:
    """A platform error code → what the seller reads and does."""
    table = error_messages().get(provider, {})
    sub_code, code = text(sub_code)[:60], text(code)[:60]
    for key in (sub_code, code):
        if key and key in table:
            e = table[key]
            return MappedError(key, e["message"], bool(e.get("retry", False)),
                               bool(e.get("ok", False)),
                               any(t in key for t in _ORDER_SCOPE))
    key = scrub(sub_code or code or "unknown", 60)
    name = PROVIDER_NAMES.get(provider, provider)
    said = scrub(platform_msg)
    message = f"{name} refused the request ({key})" + (f": {said}" if said else "")
    return MappedError(key, message, retryable, False, True)


@dataclass
class ApiConfig:
    """An account's connection to its platform. Secrets never appear in repr."""

    provider: str
    app_key: str = ""
    secret: str = field(default="", repr=False)
    token: str = field(default="", repr=False)
    gateway: str = ""
    sign_method: str = ""
    timeout_s: float = 15.0
    retries: int = 2
    backoff_s: float = 0.5
    sender: Sender = field(default_factory=Sender)
    branch_code: str = ""
    settle_account: str = ""
    pay_method: int = 1  # 1 monthly settlement, 2 cash
    template_url: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # merchant_code, user_id, …
    clock: Callable[[], datetime] = _now

    def url(self) -> str:
        return (self.gateway or DEFAULT_GATEWAYS[self.provider]).rstrip("/")

    def check(self) -> None:
        missing = [n for n, v in (("app key", self.app_key), ("app secret", self.secret),
                                  ("access token", self.token)) if not v]
        if missing:
            raise PlatformError(self.provider, "not_configured",
                                f"the {PROVIDER_NAMES.get(self.provider, self.provider)} account "
                                f"has no {', '.join(missing)}: fill them in Settings → Accounts")


class PlatformProvider:
    """Base of the HTTP providers: batching, isolation of per-order failures, sessions."""

    name = ""
    max_batch = 10
    needs_receiver = True
    returns_numbers = True
    #: a refused batch is retried one by one, so one bad order does not sink nine good ones
    isolate_failures = True

    def __init__(self, cfg: ApiConfig, session: requests.Session | None = None) -> None:
        self.cfg = cfg
        self.session = session or make_session(retries=cfg.retries, backoff=cfg.backoff_s)

    # ------------------------------------------------------------------ subclasses
    def _create_batch(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        raise NotImplementedError

    def _cancel_one(self, ask: CancelAsk) -> CancelResult:
        raise NotImplementedError

    def _range_batch(self, asks: list[RangeAsk]) -> list[RangeResult]:
        return [RangeResult(a.key, None, "", "this platform has no range check")
                for a in asks]

    # ------------------------------------------------------------------ shared
    def _post(self, url: str, **kw: object) -> dict:
        return post(self.session, self.name, url, timeout=self.cfg.timeout_s, **kw)

    def _guarded(self, call: Callable[[], _T]) -> _T:
        """Run one parse of a platform answer: an answer of an unexpected shape (a list
        where a dict was due, a number for a list, a missing key) is a retryable
        PlatformError, never a crash — the outcome of the call is unknown, so the request
        stays open and asking again brings back whatever was issued."""
        try:
            return call()
        except PlatformError:
            raise
        except (TypeError, KeyError, AttributeError, IndexError, ValueError,
                OverflowError, RecursionError) as exc:
            log.warning("%s: answer of an unexpected shape (%s)", self.name,
                        type(exc).__name__)
            raise PlatformError(self.name, "bad_answer",
                                f"{PROVIDER_NAMES.get(self.name, self.name)} answered in an "
                                f"unexpected shape; try again later (a number already "
                                f"issued comes back)", retryable=True) from None

    def create(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        self.cfg.check()
        if len({a.carrier_code for a in asks}) > 1:
            raise ValueError("one e-waybill call carries one carrier")
        out: list[WaybillIssued | WaybillFailed] = []
        for start in range(0, len(asks), self.max_batch):
            chunk = asks[start:start + self.max_batch]
            try:
                out.extend(self._guarded(lambda c=chunk: self._create_batch(c)))
            except PlatformError as exc:
                if exc.retryable or not getattr(exc, "order_scope", False):
                    raise  # the call or the account failed: the caller decides
                if len(chunk) == 1 or not self.isolate_failures:
                    out.extend(WaybillFailed(a.idem_key, exc.code, exc.message) for a in chunk)
                    continue
                for ask in chunk:  # find which order the platform refused
                    try:
                        out.extend(self._guarded(lambda a=ask: self._create_batch([a])))
                    except PlatformError as one:
                        if one.retryable or not getattr(one, "order_scope", False):
                            raise
                        out.append(WaybillFailed(ask.idem_key, one.code, one.message))
        log.info("%s: %d waybill asks, %d issued", self.name, len(asks),
                 sum(isinstance(r, WaybillIssued) for r in out))
        return out

    def cancel(self, asks: list[CancelAsk]) -> list[CancelResult]:
        self.cfg.check()
        out = []
        for ask in asks:
            try:
                out.append(self._guarded(lambda a=ask: self._cancel_one(a)))
            except PlatformError as exc:
                out.append(CancelResult(ask.idem_key, ask.waybill_no, False, code=exc.code,
                                        message=exc.message, retryable=exc.retryable))
        return out

    def check_range(self, asks: list[RangeAsk]) -> list[RangeResult]:
        self.cfg.check()
        out: list[RangeResult] = []
        for start in range(0, len(asks), self.max_batch):
            chunk = asks[start:start + self.max_batch]
            try:
                out.extend(self._guarded(lambda c=chunk: self._range_batch(c)))
            except PlatformError as exc:
                out.extend(RangeResult(a.key, None, exc.code, exc.message) for a in chunk)
        return out

    def error(self, code: object, sub_code: object = "", msg: object = "", *,
              retryable: bool = False) -> PlatformError:
        m = map_error(self.name, code, sub_code, msg, retryable=retryable)
        err = OrderScopedError(self.name, m.code, m.message, m.retryable)
        err.order_scope = m.order_scope
        err.ok = m.ok
        return err


class OrderScopedError(PlatformError):
    """A PlatformError that knows whether it is about one order and whether it means OK."""

    order_scope: bool = False
    ok: bool = False
