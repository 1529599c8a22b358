"""KDNiao (快递鸟) instant query: RequestType 8001 (with per-event codes) or 1002.

The signing rule comes from KDNiao's public demos and is kept in ``data_sign`` alone, with
a ``sign_mode`` setting, so a provider change is a configuration change.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from app.tracking import statuses
from app.tracking.httpclient import (
    ask,
    error_from_rule,
    make_session,
    parse_safely,
    provider_settings,
)
from app.tracking.model import (
    TrackError,
    TrackEvent,
    TrackOutcome,
    TrackQuery,
    TrackResult,
    parse_cn_time,
    result_status,
    unique_events,
)

log = logging.getLogger(__name__)

NAME = "kdniao"
DEFAULT_BASE_URL = "https://api.kdniao.com"
SIGN_MODES = ("base64_md5_hex", "base64_md5_raw")


def data_sign(request_data: str, app_key: str, mode: str = "base64_md5_hex") -> str:
    """KDNiao's DataSign before form encoding: Base64 of MD5(RequestData + AppKey).

    KDNiao's demos take MD5 as the 32-char lowercase hex *string* and Base64 its bytes
    (``base64_md5_hex``); ``base64_md5_raw`` Base64s the 16 raw digest bytes instead. The
    "urlencode" of the docs is the form encoding, done once by the HTTP client: encoding
    here as well would double it.
    """
    digest = hashlib.md5((request_data + app_key).encode("utf-8"))
    if mode == "base64_md5_hex":
        raw = digest.hexdigest().encode("ascii")
    elif mode == "base64_md5_raw":
        raw = digest.digest()
    else:
        raise ValueError(f"unknown KDNiao sign mode {mode!r}; use one of {SIGN_MODES}")
    return base64.b64encode(raw).decode("ascii")


@dataclass(frozen=True, slots=True)
class KdniaoConfig:
    ebusiness_id: str = field(repr=False)
    app_key: str = field(repr=False)
    base_url: str = DEFAULT_BASE_URL
    path: str = "/Ebusiness/EbusinessOrderHandle.aspx"
    request_type: str = "8001"  # 8001: per-trace Action codes; 1002: the basic query
    sign_mode: str = "base64_md5_hex"
    # CustomerName values that come from the account (JD: 商家编码), by ShipDesk carrier code
    account_customer_names: dict[str, str] = field(default_factory=dict, repr=False)
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 15.0
    retries: int = 2
    backoff_factor: float = 0.5
    pool_size: int = 8


class KdniaoProvider:
    """A ``TrackingProvider`` backed by KDNiao's instant query."""

    name = NAME

    def __init__(self, config: KdniaoConfig) -> None:
        if config.sign_mode not in SIGN_MODES:
            raise ValueError(f"unknown KDNiao sign mode {config.sign_mode!r}")
        self.config = config
        self._settings = provider_settings(NAME)
        self.min_interval_s: int = int(self._settings["min_interval_s"])
        self._session = make_session(config.retries, config.backoff_factor, config.pool_size)
        self._url = config.base_url.rstrip("/") + config.path

    def close(self) -> None:
        self._session.close()

    def build_form(self, query: TrackQuery) -> dict[str, str] | TrackError:
        """The signed form for one query, or why it cannot be sent."""
        carrier = query.carrier_code.strip().upper()
        shipper = self._settings["shipper_codes"].get(carrier)
        if not shipper:
            return TrackError("unknown_carrier", f"KDNiao has no code for carrier {carrier or '?'} "
                              f"of waybill {query.waybill_no}: set the parcel's carrier.",
                              retryable=False)
        data: dict[str, Any] = {"OrderCode": "", "ShipperCode": shipper,
                                "LogisticCode": query.waybill_no.strip()}
        need = self._settings["customer_name"].get(carrier)
        if need == "phone":
            if not re.fullmatch(r"\d{4}", query.phone_suffix or ""):
                return TrackError("phone_required", f"This carrier ({carrier}) only shows tracking "
                                  "with the last 4 digits of the recipient's phone (or the "
                                  "virtual-number extension); the order has none.",
                                  retryable=False)
            data["CustomerName"] = query.phone_suffix
        elif need == "account":
            value = self.config.account_customer_names.get(carrier, "")
            if not value:
                return TrackError("account_code_required", f"KDNiao needs the {carrier} merchant "
                                  "code (CustomerName): add it in Settings → Tracking & alerts.",
                                  retryable=False, account_wide=False)
            data["CustomerName"] = value
        data["Sort"] = 0  # oldest first
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return {"RequestData": text, "EBusinessID": self.config.ebusiness_id,
                "RequestType": self.config.request_type,
                "DataSign": data_sign(text, self.config.app_key, self.config.sign_mode),
                "DataType": "2"}

    def track(self, query: TrackQuery) -> TrackOutcome:
        form = self.build_form(query)
        if isinstance(form, TrackError):
            return form
        timeouts = (self.config.connect_timeout_s, self.config.read_timeout_s)
        return ask(self._session, self._url, form, "KDNiao", timeouts, query, self.parse)

    def parse(self, waybill_no: str, body: dict[str, Any]) -> TrackOutcome:
        """A KDNiao answer → result or error (public so tests and tools can feed it).

        A malformed answer (wrong types, unreadable values) is a ``bad_response`` error,
        never an exception."""
        return parse_safely("KDNiao", waybill_no, body, self._parse)

    def _parse(self, waybill_no: str, body: dict[str, Any]) -> TrackOutcome:
        reason = str(body.get("Reason") or "")
        success = body.get("Success")
        if success is True or str(success).lower() == "true":
            return self._result(waybill_no, body)
        if any(w in reason for w in self._settings["no_records_words"]):
            return TrackResult(waybill_no, (), statuses.UNKNOWN, "", False, NAME)
        for rule in self._settings["reason_rules"]:
            if any(w in reason for w in rule["any"]):
                return error_from_rule(rule, reason)
        return error_from_rule(self._settings["other_error"], reason)

    def _result(self, waybill_no: str, body: dict[str, Any]) -> TrackResult:
        events: list[TrackEvent] = []
        skipped = 0
        traces = body.get("Traces") or []
        if not isinstance(traces, list):
            raise TypeError("Traces is not a list")
        for t in traces:
            if not isinstance(t, dict):
                skipped += 1
                continue
            try:
                when = parse_cn_time(str(t.get("AcceptTime") or ""))
            except ValueError:
                skipped += 1
                continue
            text = str(t.get("AcceptStation") or "").strip()
            code = str(t.get("Action") or "").strip()
            events.append(TrackEvent(when, code, text, statuses.normalise(NAME, code, text),
                                     str(t.get("Location") or "").strip()[:128]))
        if skipped:
            log.warning("kdniao %s: %d unreadable traces skipped", waybill_no, skipped)
        ordered = unique_events(waybill_no, events)
        state_ex = str(body.get("StateEx") or "").strip()
        state = str(body.get("State") or "").strip()
        raw_state = state_ex or state
        state_status = statuses.normalise(NAME, state_ex)
        if state_status == statuses.UNKNOWN:
            state_status = statuses.normalise(NAME, state)
        status = result_status(ordered, state_status)
        return TrackResult(waybill_no, ordered, status, raw_state, statuses.is_final(status), NAME)
