"""When to ask a provider about which waybill: pure scheduling with an injected clock.

Everything the poller remembers lives in the caller's store (``WaybillPollState`` per
waybill), so polling resumes after a restart exactly where it stopped; the planner itself
holds only a provider-wide pause (bad key, offline). Rules:

- never query one waybill twice within the provider's minimum interval (Kuaidi100 locks
  a waybill queried more often than every 30 minutes);
- after errors, back off exponentially with jitter, bounded, and never sooner than the
  provider's own ``retry_after_s``;
- stop on final statuses, after ``no_records_abort_s`` without any record and after
  ``unchanged_abort_s`` without a change (Kuaidi100's own subscription rules: 3 and 60 days);
- an account-wide failure pauses the whole provider instead of failing every waybill.
"""

from __future__ import annotations

import heapq
import logging
import random
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple, Protocol

from app.tracking.model import SHANGHAI, TrackError, TrackingProvider, TrackOutcome, TrackQuery

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

DAY = 86_400

# Per provider: the hard floor between two queries of one waybill, and the usual cadence.
PROVIDER_DEFAULTS: dict[str, dict[str, int]] = {
    "kuaidi100": {"min_interval_s": 1800, "interval_s": 2 * 3600, "backoff_base_s": 1800},
    "kdniao": {"min_interval_s": 1800, "interval_s": 2 * 3600, "backoff_base_s": 1800},
    "sandbox": {"min_interval_s": 60, "interval_s": 15 * 60, "backoff_base_s": 60},
}

STOP_FINAL = "final"
STOP_NO_RECORDS = "no_records"
STOP_UNCHANGED = "unchanged"


class WaybillPollState(NamedTuple):
    """What the store keeps per waybill for the poller.

    ``final`` means polling is over for this waybill (a final status, or stopped by a
    rule); the store sets it from ``PollDecision.stop_reason``. ``tracking_since`` (print
    time, or the first poll) and ``last_change_at`` (newest event time) feed the
    no-records and unchanged stop rules; both may be left ``None``.
    """

    waybill_no: str
    last_polled_at: datetime | None
    next_due_at: datetime | None
    failures: int = 0
    final: bool = False
    tracking_since: datetime | None = None
    last_change_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PollDecision:
    """What to store after one query: when to ask again (``None``: never) and why."""

    next_due_at: datetime | None
    failures: int
    last_change_at: datetime | None
    stop_reason: str = ""  # "", "final", "no_records", "unchanged"

    @property
    def stopped(self) -> bool:
        return self.next_due_at is None


def _as_state(s: WaybillPollState | tuple) -> WaybillPollState:
    return s if isinstance(s, WaybillPollState) else WaybillPollState(*s)


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


class PollPlanner:
    """Decides which waybills are due and when each one is due next."""

    def __init__(
        self,
        provider: str = "kuaidi100",
        *,
        clock: Clock | None = None,
        min_interval_s: int | None = None,
        interval_s: int | None = None,
        idle_interval_s: int = 6 * 3600,
        idle_after_s: int = 2 * DAY,
        max_concurrency: int = 4,
        max_batch: int = 200,
        backoff_base_s: int | None = None,
        backoff_max_s: int = 6 * 3600,
        jitter: float = 0.1,
        max_retry_after_s: int = DAY,
        no_records_abort_s: int = 3 * DAY,
        unchanged_abort_s: int = 60 * DAY,
        rng: random.Random | None = None,
    ) -> None:
        d = PROVIDER_DEFAULTS.get(provider, PROVIDER_DEFAULTS["kuaidi100"])
        self.provider = provider
        self.clock: Clock = clock or (lambda: datetime.now(SHANGHAI))
        self.min_interval_s = d["min_interval_s"] if min_interval_s is None else min_interval_s
        self.interval_s = max(self.min_interval_s,
                              d["interval_s"] if interval_s is None else interval_s)
        self.idle_interval_s = max(self.interval_s, idle_interval_s)
        self.idle_after_s = idle_after_s
        self.max_concurrency = max(1, max_concurrency)
        self.max_batch = max(1, max_batch)
        self.backoff_base_s = max(1, d["backoff_base_s"] if backoff_base_s is None
                                  else backoff_base_s)
        self.backoff_max_s = max(self.backoff_base_s, backoff_max_s)
        if not 0 <= jitter < 1:
            raise ValueError("jitter is a fraction in [0, 1)")
        self.jitter = jitter
        self.max_retry_after_s = max_retry_after_s
        self.no_records_abort_s = no_records_abort_s
        self.unchanged_abort_s = unchanged_abort_s
        self._rng = rng or random.Random()
        self._paused_until: datetime | None = None
        self._account_failures = 0

    # -- provider-wide pause ------------------------------------------------------------

    @property
    def paused_until(self) -> datetime | None:
        return self._paused_until

    def pause(self, until: datetime) -> None:
        self._paused_until = _later(self._paused_until, until)

    def resume(self) -> None:
        """Lift the pause (the user fixed the settings or pressed refresh)."""
        self._paused_until = None
        self._account_failures = 0

    def is_paused(self, now: datetime | None = None) -> bool:
        now = now or self.clock()
        return self._paused_until is not None and now < self._paused_until

    # -- which waybills now ---------------------------------------------------------------

    def is_due(self, state: WaybillPollState, now: datetime) -> bool:
        if state.final:
            return False
        if state.last_polled_at is not None and \
                now - state.last_polled_at < timedelta(seconds=self.min_interval_s):
            return False  # the hard floor holds whatever next_due_at says
        return state.next_due_at is None or state.next_due_at <= now

    def due(self, waybills_state: Iterable[WaybillPollState | tuple],
            now: datetime | None = None) -> list[WaybillPollState]:
        """The waybills to poll now, most overdue first (never-polled first), at most
        ``max_batch``; none while the provider is paused."""
        now = now or self.clock()
        if self.is_paused(now):
            return []
        floor = datetime.min.replace(tzinfo=now.tzinfo)
        candidates = (s for s in map(_as_state, waybills_state) if self.is_due(s, now))
        return heapq.nsmallest(self.max_batch, candidates,
                               key=lambda s: (s.next_due_at or floor, s.waybill_no))

    # -- what next ------------------------------------------------------------------------

    def backoff_s(self, failures: int) -> float:
        """Exponential back-off for the n-th consecutive failure, jittered, bounded."""
        base = min(self.backoff_max_s, self.backoff_base_s * 2 ** max(0, min(failures, 40) - 1))
        return base * (1 + self._rng.uniform(0, self.jitter))

    def _spread(self, seconds: float) -> float:
        return seconds * (1 + self._rng.uniform(0, self.jitter))

    def after_result(self, state: WaybillPollState | tuple, outcome: TrackOutcome,
                     now: datetime | None = None) -> PollDecision:
        """When to poll this waybill next, given what the provider just said."""
        state = _as_state(state)
        now = now or self.clock()
        if isinstance(outcome, TrackError):
            return self._after_error(state, outcome, now)
        self._account_failures = 0
        if outcome.final:
            return PollDecision(None, 0, _later(state.last_change_at, outcome.last_event_at),
                                STOP_FINAL)
        last_change = _later(state.last_change_at, outcome.last_event_at)
        if last_change is None:
            since = state.tracking_since or state.last_polled_at
            if since is not None and (now - since).total_seconds() >= self.no_records_abort_s:
                return PollDecision(None, 0, None, STOP_NO_RECORDS)
            return PollDecision(now + timedelta(seconds=self._spread(self.interval_s)), 0, None)
        quiet = (now - last_change).total_seconds()
        if quiet >= self.unchanged_abort_s:
            return PollDecision(None, 0, last_change, STOP_UNCHANGED)
        every = self.idle_interval_s if quiet >= self.idle_after_s else self.interval_s
        return PollDecision(now + timedelta(seconds=self._spread(every)), 0, last_change)

    def _after_error(self, state: WaybillPollState, err: TrackError,
                     now: datetime) -> PollDecision:
        since = state.last_change_at or state.tracking_since
        if since is not None and (now - since).total_seconds() >= self.unchanged_abort_s:
            return PollDecision(None, state.failures + 1, state.last_change_at, STOP_UNCHANGED)
        retry_after = min(err.retry_after_s or 0, self.max_retry_after_s)
        if err.account_wide:
            # Not this waybill's fault: pause the provider, keep the waybill's count.
            self._account_failures += 1
            wait_s = max(retry_after, self.backoff_s(self._account_failures)
                         if err.retryable else self.backoff_max_s)
            self.pause(now + timedelta(seconds=wait_s))
            delay = max(wait_s, self.min_interval_s)
            return PollDecision(now + timedelta(seconds=delay), state.failures,
                                state.last_change_at)
        failures = state.failures + 1
        # Not retryable: it needs the seller (carrier, phone); look again rarely until then.
        delay = self.backoff_s(failures) if err.retryable else self._spread(self.backoff_max_s)
        delay = max(delay, retry_after, self.min_interval_s)
        return PollDecision(now + timedelta(seconds=delay), failures, state.last_change_at)


# -- one bounded round ----------------------------------------------------------------------


class PollStore(Protocol):
    """What ``run_once`` needs from persistence (the services layer implements it)."""

    def poll_states(self) -> Iterable[WaybillPollState]:
        """Waybills that may need polling (non-final ones; the planner filters further)."""
        ...

    def query_for(self, waybill_no: str) -> TrackQuery | None:
        """The query for a waybill, or None if it vanished (cancelled, deleted)."""
        ...

    def claim(self, states: list[WaybillPollState], now: datetime,
              hold_until: datetime) -> list[WaybillPollState]:
        """Record the attempt *before* calling the provider (``last_polled_at = now``,
        ``next_due_at = hold_until``), only where the waybill is still due, and return
        those claimed: a crash or a second station then never queries a waybill twice
        within the minimum interval."""
        ...

    def release(self, states: list[WaybillPollState]) -> None:
        """Undo ``claim`` for waybills that were claimed but not queried."""
        ...

    def save(self, state: WaybillPollState, outcome: TrackOutcome,
             decision: PollDecision) -> None:
        """Store new events (drop known ``dedup_key``s), the status and the decision."""
        ...


@dataclass
class RoundReport:
    due: int = 0
    polled: int = 0
    results: int = 0
    finished: int = 0  # stopped polling this round (final or abort rule)
    errors: Counter[str] = field(default_factory=Counter)
    stopped_reason: str = ""  # "", "cancelled", "account:<error code>"
    paused_until: datetime | None = None


def run_once(planner: PollPlanner, provider: TrackingProvider, store: PollStore,
             clock: Clock | None = None, *, should_stop: Callable[[], bool] | None = None,
             on_progress: Callable[[int, int], None] | None = None) -> RoundReport:
    """One bounded round: pick due waybills, query at most ``max_concurrency`` at a time,
    save each answer as it arrives (on the calling thread, so one DB session suffices).

    An account-wide error (bad key, offline, provider busy) ends the round: waybills not
    yet queried are released for the next round, after the planner's pause.
    """
    clock = clock or planner.clock
    report = RoundReport()
    now = clock()
    picked = planner.due(store.poll_states(), now)
    report.due = len(picked)
    if not picked:
        report.paused_until = planner.paused_until
        return report
    hold = now + timedelta(seconds=planner.min_interval_s)
    claimed = store.claim(picked, now, hold)
    pending = list(reversed(claimed))  # pop() from the end keeps the planner's order
    total = len(claimed)
    done = 0
    stop = should_stop or (lambda: False)
    inflight: dict[Future[TrackOutcome], WaybillPollState] = {}

    def call(query: TrackQuery) -> TrackOutcome:
        try:
            return provider.track(query)
        except Exception as e:  # a provider bug must not kill the round
            log.exception("tracking provider %s failed on %s", provider.name, query.waybill_no)
            return TrackError("internal", f"Tracking failed unexpectedly ({type(e).__name__}); "
                              "ShipDesk will try again later.", retryable=True)

    with ThreadPoolExecutor(max_workers=planner.max_concurrency,
                            thread_name_prefix=f"track-{provider.name}") as pool:
        while pending or inflight:
            while pending and len(inflight) < planner.max_concurrency and \
                    not report.stopped_reason:
                if stop():
                    report.stopped_reason = "cancelled"
                    break
                state = pending.pop()
                query = store.query_for(state.waybill_no)
                if query is None:
                    store.release([state])
                    total -= 1
                    continue
                inflight[pool.submit(call, query)] = state
            if report.stopped_reason and pending:
                store.release(list(reversed(pending)))
                pending.clear()
            if not inflight:
                break
            finished, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for fut in finished:
                state = inflight.pop(fut)
                outcome = fut.result()
                decision = planner.after_result(state, outcome, clock())
                store.save(state, outcome, decision)
                report.polled += 1
                done += 1
                if isinstance(outcome, TrackError):
                    report.errors[outcome.code] += 1
                    if outcome.account_wide and not report.stopped_reason:
                        report.stopped_reason = f"account:{outcome.code}"
                else:
                    report.results += 1
                if decision.stopped:
                    report.finished += 1
                if on_progress:
                    on_progress(done, total)
    report.paused_until = planner.paused_until
    return report
