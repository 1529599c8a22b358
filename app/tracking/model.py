"""What every tracking provider takes and gives, whatever API is behind it.

Providers return errors as values (``TrackError``) rather than raising, so a poller
running many queries at once can decide per waybill what to do next.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from app.tracking.statuses import UNKNOWN, is_final

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class TrackQuery:
    """One waybill to look up.

    ``phone_suffix`` is the 4 digits some carriers demand (SF, ZTO): the caller derives it
    (virtual number → the extension after "-", else the last 4 digits). It is kept out of
    ``repr`` so it never reaches a log or a traceback. ``printed_at`` and the cities are
    only used by the sandbox, to build a believable journey.
    """

    waybill_no: str
    carrier_code: str
    kuaidi100_code: str = ""
    phone_suffix: str = field(default="", repr=False)
    printed_at: datetime | None = None
    origin_city: str = ""
    dest_city: str = ""


@dataclass(frozen=True, slots=True)
class TrackEvent:
    occurred_at: datetime  # timezone-aware
    raw_code: str
    raw_text: str
    status: str  # normalised, see app.tracking.statuses
    location: str = ""

    def __post_init__(self) -> None:
        if self.occurred_at.tzinfo is None:
            raise ValueError("TrackEvent.occurred_at must be timezone-aware")


@dataclass(frozen=True, slots=True)
class TrackResult:
    """A provider's answer. No events means "no records yet" (not picked up, or too new)."""

    waybill_no: str
    events: tuple[TrackEvent, ...]  # oldest first, duplicates dropped
    status: str
    raw_state: str
    final: bool
    provider: str = ""

    @property
    def no_records(self) -> bool:
        return not self.events

    @property
    def last_event_at(self) -> datetime | None:
        return self.events[-1].occurred_at if self.events else None


@dataclass(frozen=True, slots=True)
class TrackError:
    """Why a query failed, said for the seller, and whether trying again can help.

    ``account_wide`` marks failures that every other query would hit too (bad key, no
    balance, offline): a poller stops its round instead of burning through the list.
    """

    code: str
    message: str
    retryable: bool
    retry_after_s: int | None = None
    account_wide: bool = False


TrackOutcome = TrackResult | TrackError


class TrackingProvider(Protocol):
    name: str
    min_interval_s: int  # the least time between two queries of one waybill

    def track(self, query: TrackQuery) -> TrackOutcome: ...


_SPACE = re.compile(r"\s+")


def dedup_key(waybill_no: str, event: TrackEvent) -> str:
    """A stable 40-hex key for one event: same waybill, instant and text → same key.

    The raw code, status and location are left out on purpose: providers re-classify and
    enrich old events between polls, and those must not come back as new events.
    """
    when = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    text = _SPACE.sub("", event.raw_text)
    return hashlib.sha1(f"{waybill_no.strip()}|{when}|{text}".encode()).hexdigest()


def unique_events(waybill_no: str, events: Iterable[TrackEvent]) -> tuple[TrackEvent, ...]:
    """Events sorted oldest first (stable), keeping the first of each ``dedup_key``."""
    seen: set[str] = set()
    out: list[TrackEvent] = []
    for e in sorted(events, key=lambda e: e.occurred_at):
        k = dedup_key(waybill_no, e)
        if k not in seen:
            seen.add(k)
            out.append(e)
    return tuple(out)


def result_status(events: tuple[TrackEvent, ...], state_status: str) -> str:
    """The parcel's status: the newest event's, unless the provider's overall state is final.

    Events carry finer sub-states than the overall state; the overall state wins only
    when it says the journey is over, or when the events tell nothing.
    """
    latest = next((e.status for e in reversed(events) if e.status != UNKNOWN), UNKNOWN)
    if is_final(state_status) and not is_final(latest):
        return state_status
    return latest if latest != UNKNOWN else state_status


def parse_cn_time(value: str) -> datetime:
    """Provider times are Beijing wall-clock strings ("2026-11-20 12:00:00")."""
    value = value.strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=SHANGHAI)
        except ValueError:
            continue
    raise ValueError(f"unrecognised time {value!r}")
