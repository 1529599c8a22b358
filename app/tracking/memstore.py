"""An in-memory ``PollStore``: the reference semantics for the database-backed one.

Tests and the benchmark use it; the services layer's SQL store should behave the same
(claim before querying, drop events whose ``dedup_key`` is known, stop on decisions).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from app.tracking.model import TrackEvent, TrackOutcome, TrackQuery, TrackResult, dedup_key
from app.tracking.poller import PollDecision, WaybillPollState
from app.tracking.statuses import UNKNOWN


@dataclass
class Tracked:
    query: TrackQuery
    state: WaybillPollState
    status: str = UNKNOWN
    raw_state: str = ""
    events: dict[str, TrackEvent] = field(default_factory=dict)  # dedup_key → event
    last_error: str = ""
    stop_reason: str = ""


class MemoryPollStore:
    def __init__(self, queries: Iterable[TrackQuery] = (), *,
                 tracking_since: datetime | None = None) -> None:
        self._mu = threading.Lock()
        self.items: dict[str, Tracked] = {}
        for q in queries:
            self.add(q, tracking_since=tracking_since or q.printed_at)

    def add(self, query: TrackQuery, *, tracking_since: datetime | None = None) -> None:
        self.items[query.waybill_no] = Tracked(
            query, WaybillPollState(query.waybill_no, None, None, 0, False,
                                    tracking_since or query.printed_at, None))

    # -- PollStore ------------------------------------------------------------------------

    def poll_states(self) -> list[WaybillPollState]:
        with self._mu:
            return [t.state for t in self.items.values() if not t.state.final]

    def query_for(self, waybill_no: str) -> TrackQuery | None:
        t = self.items.get(waybill_no)
        return t.query if t else None

    def claim(self, states: list[WaybillPollState], now: datetime,
              hold_until: datetime) -> list[WaybillPollState]:
        claimed = []
        with self._mu:
            for s in states:
                t = self.items.get(s.waybill_no)
                if t is None or t.state != s:  # changed since it was read: someone else has it
                    continue
                t.state = s._replace(last_polled_at=now, next_due_at=hold_until)
                claimed.append(s)
        return claimed

    def release(self, states: list[WaybillPollState]) -> None:
        with self._mu:
            for s in states:
                if s.waybill_no in self.items:
                    self.items[s.waybill_no].state = s

    def save(self, state: WaybillPollState, outcome: TrackOutcome,
             decision: PollDecision) -> None:
        with self._mu:
            t = self.items[state.waybill_no]
            if isinstance(outcome, TrackResult):
                for e in outcome.events:
                    t.events.setdefault(dedup_key(state.waybill_no, e), e)
                if outcome.events:
                    t.status, t.raw_state = outcome.status, outcome.raw_state
                t.last_error = ""
            else:
                t.last_error = outcome.code
            t.stop_reason = decision.stop_reason
            t.state = t.state._replace(next_due_at=decision.next_due_at,
                                       failures=decision.failures,
                                       final=decision.stopped,
                                       last_change_at=decision.last_change_at)
