"""Kuaidi100 real-time query (实时查询, ``poll/query.do``).

Kuaidi100 locks a waybill that is queried more often than about every 30 minutes, so
this client reports ``min_interval_s`` for the poller and turns a lock into a retryable
error with a long ``retry_after_s``. Phone digits are sent only to carriers that demand
them and never appear in errors or logs.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from app.platforms.signing import kuaidi100_sign
from app.tracking import statuses
from app.tracking.httpclient import (
    ask,
    error_from_rule,
    make_session,
    parse_safely,
    provider_settings,
    scrub,
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

NAME = "kuaidi100"
DEFAULT_BASE_URL = "https://poll.kuaidi100.com"


def sign(param: str, key: str, customer: str) -> str:
    """UPPER(MD5(param + key + customer)), over the exact ``param`` string sent.

    The recipe lives once, in ``app.platforms.signing``, next to the other platforms'.
    """
    return kuaidi100_sign(param, key, customer)


@dataclass(frozen=True, slots=True)
class Kuaidi100Config:
    customer: str = field(repr=False)
    key: str = field(repr=False)
    base_url: str = DEFAULT_BASE_URL
    query_path: str = "/poll/query.do"
    resultv2: str = "4"  # 4: sub-state codes per event (301, 501 …) and area names
    lang: str = "zh"
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 15.0
    retries: int = 2
    backoff_factor: float = 0.5
    pool_size: int = 8


class Kuaidi100Provider:
    """A ``TrackingProvider`` backed by Kuaidi100's real-time query API."""

    name = NAME

    def __init__(self, config: Kuaidi100Config) -> None:
        self.config = config
        self._settings = provider_settings(NAME)
        self.min_interval_s: int = int(self._settings["min_interval_s"])
        self._phone_required = frozenset(self._settings["phone_required"])
        self._session = make_session(config.retries, config.backoff_factor, config.pool_size)
        self._url = config.base_url.rstrip("/") + config.query_path

    def close(self) -> None:
        self._session.close()

    def needs_phone(self, kuaidi100_code: str) -> bool:
        return kuaidi100_code in self._phone_required

    def build_form(self, query: TrackQuery) -> dict[str, str] | TrackError:
        """The signed form for one query, or why it cannot be sent."""
        com = query.kuaidi100_code.strip()
        if not com:
            return TrackError("unknown_carrier", f"Waybill {query.waybill_no} has no Kuaidi100 "
                              "carrier code: set the parcel's carrier.", retryable=False)
        param: dict[str, str] = {"com": com, "num": query.waybill_no.strip()}
        if self.needs_phone(com):
            if not re.fullmatch(r"\d{4}", query.phone_suffix or ""):
                return TrackError("phone_required", f"This carrier ({com}) only shows tracking "
                                  "with the last 4 digits of the recipient's phone (or the "
                                  "virtual-number extension); the order has none.",
                                  retryable=False)
            param["phone"] = query.phone_suffix
        param.update({"from": query.origin_city, "to": query.dest_city,
                      "resultv2": self.config.resultv2, "show": "0", "order": "desc",
                      "lang": self.config.lang})
        text = json.dumps(param, ensure_ascii=False, separators=(",", ":"))
        return {"customer": self.config.customer,
                "sign": sign(text, self.config.key, self.config.customer), "param": text}

    def track(self, query: TrackQuery) -> TrackOutcome:
        form = self.build_form(query)
        if isinstance(form, TrackError):
            return form
        timeouts = (self.config.connect_timeout_s, self.config.read_timeout_s)
        return ask(self._session, self._url, form, "Kuaidi100", timeouts, query, self.parse)

    def parse(self, waybill_no: str, body: dict[str, Any]) -> TrackOutcome:
        """A Kuaidi100 answer → result or error (public so tests and tools can feed it).

        A malformed answer (wrong types, unreadable values) is a ``bad_response`` error,
        never an exception."""
        return parse_safely("Kuaidi100", waybill_no, body, self._parse)

    def _parse(self, waybill_no: str, body: dict[str, Any]) -> TrackOutcome:
        message = str(body.get("message", ""))
        if str(body.get("status", "")) == "200" or message == "ok":
            return self._result(waybill_no, body)
        code = str(body.get("returnCode", "")).strip()
        if any(w in message for w in self._settings["lock_words"]):
            wait = int(self._settings["lock_retry_after_s"])
            return TrackError("rate_limited", f"Kuaidi100 locked waybill {waybill_no} for being "
                              f"queried too often; ShipDesk waits at least {wait // 60} minutes "
                              f"({scrub(message)})", retryable=True, retry_after_s=wait)
        if code in self._settings["no_records_codes"]:
            return TrackResult(waybill_no, (), statuses.UNKNOWN, "", False, NAME)
        rule = self._settings["errors"].get(code)
        if rule is None:
            # the code is the provider's text: shown scrubbed and short, never a template
            shown = scrub(code, 16) or "?"
            return TrackError("provider_error", f"Kuaidi100 could not answer (code {shown}); "
                              f"ShipDesk will try again later ({scrub(message) or 'no detail'})",
                              retryable=True, retry_after_s=3600)
        return error_from_rule(rule, message)

    def _result(self, waybill_no: str, body: dict[str, Any]) -> TrackResult:
        events: list[TrackEvent] = []
        skipped = 0
        data = body.get("data") or []
        if not isinstance(data, list):
            raise TypeError("data is not a list")
        for item in data:
            if not isinstance(item, dict):
                skipped += 1
                continue
            try:
                when = parse_cn_time(str(item.get("ftime") or item.get("time") or ""))
            except ValueError:
                skipped += 1
                continue
            text = str(item.get("context") or "").strip()
            code = str(item.get("statusCode") or "").strip()
            if not code:
                code = statuses.default_map().code_for_name(NAME, str(item.get("status") or ""))
            location = str(item.get("areaName") or item.get("location") or "").strip()
            events.append(TrackEvent(when, code, text, statuses.normalise(NAME, code, text),
                                     location[:128]))
        if skipped:
            log.warning("kuaidi100 %s: %d unreadable events skipped", waybill_no, skipped)
        ordered = unique_events(waybill_no, events)
        raw_state = str(body.get("state", "")).strip()
        state_status = statuses.normalise(NAME, raw_state)
        if str(body.get("ischeck", "")) == "1" and not statuses.is_final(state_status):
            state_status = statuses.DELIVERED  # ischeck=1: Kuaidi100 says it is signed for
        status = result_status(ordered, state_status)
        return TrackResult(waybill_no, ordered, status, raw_state, statuses.is_final(status), NAME)
