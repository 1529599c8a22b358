"""What the HTTP tracking clients share: sessions with bounded retries, error mapping.

Retries happen only where the request cannot have been counted by the provider
(connection failures) or where the provider said it failed (5xx); a read timeout is not
retried, because the query may have reached the provider and counted towards its
per-waybill lock.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from app.resources import resource
from app.tracking.model import TrackError, TrackOutcome, TrackQuery

log = logging.getLogger(__name__)

OFFLINE_RETRY_S = 120


@cache
def provider_settings(name: str) -> dict[str, Any]:
    """One provider's section of ``resources/tracking/providers.json``."""
    data = json.loads(resource("tracking", "providers.json").read_text(encoding="utf-8"))
    return data[name]


def make_session(retries: int, backoff_factor: float, pool_size: int) -> requests.Session:
    """A session that retries connection errors and 5xx a bounded number of times."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=0,
        status=retries,
        other=0,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=frozenset({"POST"}),
        backoff_factor=backoff_factor,
        backoff_max=10,
        respect_retry_after_header=False,
        raise_on_status=False,
    )
    s = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_connections=2, pool_maxsize=max(1, pool_size))
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    s.headers["User-Agent"] = "ShipDesk tracking"
    # the session is shared by the poller's threads: keep it stateless (no cookie jar writes)
    s.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return s


def post_form(session: requests.Session, url: str, form: dict[str, str], provider: str,
              timeouts: tuple[float, float]) -> requests.Response | TrackError:
    """POST a form; network trouble comes back as a ``TrackError`` (never with the form)."""
    try:
        return session.post(url, data=form, timeout=timeouts)
    except requests.exceptions.ConnectTimeout:
        return _offline(provider, "connection timed out")
    except requests.exceptions.Timeout:
        return _slow(provider, timeouts[1])
    except requests.exceptions.ConnectionError as e:
        # urllib3 wraps the cause in MaxRetryError once the (bounded) retries are used up
        reason = getattr(e.args[0], "reason", e.args[0]) if e.args else None
        if isinstance(reason, ReadTimeoutError):
            return _slow(provider, timeouts[1])
        if isinstance(reason, NewConnectionError | ConnectTimeoutError | NameResolutionError):
            return _offline(provider, "no network, or the address in Settings → Tracking & "
                            "alerts is wrong")
        return TrackError("network", f"{provider}: the connection broke off "
                          f"({type(reason).__name__}); ShipDesk will try again later.",
                          retryable=True)
    except requests.RequestException as e:
        return TrackError("network", f"{provider}: network error ({type(e).__name__}); "
                          "ShipDesk will try again later.", retryable=True)


def _offline(provider: str, why: str) -> TrackError:
    return TrackError("offline", f"{provider} could not be reached ({why}); ShipDesk will "
                      "try again when the network is back.", retryable=True,
                      retry_after_s=OFFLINE_RETRY_S, account_wide=True)


def _slow(provider: str, read_timeout_s: float) -> TrackError:
    return TrackError("timeout", f"{provider} did not answer within {read_timeout_s:g} s; "
                      "ShipDesk will try again later.", retryable=True)


def http_status_error(resp: requests.Response, provider: str) -> TrackError | None:
    """A TrackError for a non-2xx HTTP status (after the session's own retries)."""
    code = resp.status_code
    if 200 <= code < 300:
        return None
    if code >= 500 or code == 429:
        return TrackError("server_error", f"{provider} answered HTTP {code}; ShipDesk will try "
                          "again later.", retryable=True, retry_after_s=_retry_after(resp),
                          account_wide=code in (429, 503))
    return TrackError("http_error", f"{provider} answered HTTP {code}: check the address in "
                      "Settings → Tracking & alerts.", retryable=False, account_wide=True)


def json_body(resp: requests.Response, provider: str) -> dict[str, Any] | TrackError:
    try:
        body = resp.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        body = None
    if not isinstance(body, dict):
        return unreadable(provider)
    return body


def unreadable(provider: str) -> TrackError:
    """The error for an answer that is not JSON, or JSON of a shape ShipDesk cannot use."""
    return TrackError("bad_response", f"{provider} sent an answer ShipDesk cannot read; "
                      "it will try again later.", retryable=True, retry_after_s=600)


#: What reading a wrong-typed answer can raise (a list where a dict was expected, a number
#: too long to turn into text, …): a provider's ``parse`` turns them into ``unreadable``.
MALFORMED = (AttributeError, TypeError, KeyError, IndexError, ValueError, OverflowError,
             RecursionError)


Parse = Callable[[str, dict[str, Any]], TrackOutcome]


def ask(session: requests.Session, url: str, form: dict[str, str], provider: str,
        timeouts: tuple[float, float], query: TrackQuery, parse: Parse) -> TrackOutcome:
    """POST a provider's signed form and read its answer: the network, the HTTP status and
    the JSON each fail as a TrackError, and no outcome carries the phone digits."""
    resp = post_form(session, url, form, provider, timeouts)
    if isinstance(resp, TrackError):
        log.info("%s %s: %s", provider, query.waybill_no, resp.code)
        return resp
    err = http_status_error(resp, provider)
    if err is not None:
        log.info("%s %s: HTTP %s", provider, query.waybill_no, resp.status_code)
        return err
    body = json_body(resp, provider)
    if isinstance(body, TrackError):
        return body
    return redact(parse(query.waybill_no, body), query.phone_suffix)


def parse_safely(provider: str, waybill_no: str, body: object, parse: Parse) -> TrackOutcome:
    """`parse` of an answer, where a malformed one (wrong types, unreadable values) is a
    ``bad_response`` error, never an exception."""
    if not isinstance(body, dict):
        return unreadable(provider)
    try:
        return parse(waybill_no, body)
    except MALFORMED as exc:
        log.warning("%s %s: unreadable answer (%s)", provider, waybill_no, type(exc).__name__)
        return unreadable(provider)


def _retry_after(resp: requests.Response) -> int | None:
    value = resp.headers.get("Retry-After", "")
    return int(value) if value.isdigit() else None


_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def scrub(message: object, limit: int = 160) -> str:
    """A provider's message made safe to show and log: short, no phone numbers."""
    text = " ".join(str(message or "").split())
    return _PHONE.sub("***", text)[:limit]


def redact(outcome: TrackOutcome, secret: str) -> TrackOutcome:
    """Mask the phone digits if a provider echoed them back into an error message."""
    if not isinstance(outcome, TrackError) or not secret:
        return outcome
    masked = re.sub(rf"(?<!\d){re.escape(secret)}(?!\d)", "****", outcome.message)
    return outcome if masked == outcome.message else replace(outcome, message=masked)


def error_from_rule(rule: dict[str, Any], provider_message: str) -> TrackError:
    """A TrackError from a providers.json rule. The provider's words are put in with
    ``str.replace``, never ``str.format``: untrusted text must not reach a format template
    (``{0.__class__}``, ``{x}`` …)."""
    detail = scrub(provider_message) or "no detail"
    return TrackError(
        code=rule["code"],
        message=str(rule["message"]).replace("{provider_message}", detail),
        retryable=bool(rule["retryable"]),
        retry_after_s=rule.get("retry_after_s"),
        account_wide=bool(rule.get("account_wide", False)),
    )
