"""The poll planner's interval, back-off and stop rules, and one bounded round."""

import random
import threading
import time
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.tracking.memstore import MemoryPollStore
from app.tracking.model import SHANGHAI, TrackError, TrackEvent, TrackQuery, TrackResult
from app.tracking.poller import PollPlanner, WaybillPollState, run_once

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)
S = timedelta(seconds=1)


class Clock:
    def __init__(self, t=T0):
        self.t = t

    def __call__(self):
        return self.t

    def advance(self, **kw):
        self.t += timedelta(**kw)


def planner(clock=None, **kw):
    kw.setdefault("rng", random.Random(7))
    return PollPlanner("kuaidi100", clock=clock or Clock(), **kw)


def result(wb="W", *, at=None, status="in_transit", final=False, events=1):
    evs = tuple(TrackEvent((at or T0) - timedelta(minutes=10 * i), "0", f"e{i}", status)
                for i in reversed(range(events)))
    return TrackResult(wb, evs, status, "0", final, "kuaidi100")


EMPTY = TrackResult("W", (), "unknown", "", False, "kuaidi100")
BUSY = TrackError("server_error", "x", retryable=True)
LOCKED = TrackError("rate_limited", "x", retryable=True, retry_after_s=1800)
PHONE = TrackError("phone_required", "x", retryable=False)
AUTH = TrackError("auth_failed", "x", retryable=False, account_wide=True)
OFFLINE = TrackError("offline", "x", retryable=True, retry_after_s=120, account_wide=True)


def st8(wb="W", last=None, due=None, failures=0, final=False, since=None, change=None):
    return WaybillPollState(wb, last, due, failures, final, since, change)


# -- due ------------------------------------------------------------------------------------


def test_due_takes_new_and_overdue_skips_final_and_future():
    p = planner()
    states = [
        st8("new"),
        st8("over", last=T0 - timedelta(hours=3), due=T0 - timedelta(hours=1)),
        st8("later", last=T0 - timedelta(hours=1), due=T0 + timedelta(minutes=5)),
        st8("done", last=T0 - timedelta(days=1), due=None, final=True),
        st8("now", last=T0 - timedelta(hours=2), due=T0),
    ]
    assert [s.waybill_no for s in p.due(states)] == ["new", "over", "now"]


def test_min_interval_holds_even_if_the_store_says_due():
    p = planner()
    early = st8("x", last=T0 - timedelta(minutes=29), due=T0 - timedelta(hours=1))
    assert p.due([early]) == []
    ok = st8("x", last=T0 - timedelta(minutes=30), due=T0 - timedelta(hours=1))
    assert p.due([ok]) == [ok]


def test_due_is_bounded_and_accepts_plain_tuples():
    p = planner(max_batch=10)
    rows = [(f"w{i:03d}", None, T0 - timedelta(minutes=i), 0, False) for i in range(100)]
    picked = p.due(iter(rows))
    assert len(picked) == 10
    assert [s.waybill_no for s in picked] == [f"w{i:03d}" for i in range(99, 89, -1)]


def test_nothing_is_due_while_paused():
    c = Clock()
    p = planner(c)
    p.after_result(st8(), AUTH)
    assert p.is_paused() and p.due([st8("a")]) == []
    c.t = p.paused_until
    assert p.due([st8("a")])
    p.pause(c.t + timedelta(hours=1))
    p.resume()
    assert p.due([st8("a")])


# -- after a result ---------------------------------------------------------------------------


def test_a_result_schedules_the_usual_interval_and_resets_failures():
    p = planner(jitter=0.1)
    d = p.after_result(st8(failures=4), result())
    assert d.failures == 0 and not d.stopped
    assert T0 + timedelta(hours=2) <= d.next_due_at <= T0 + timedelta(hours=2.2)
    assert d.last_change_at == T0


def test_interval_is_never_below_the_provider_minimum():
    p = planner(interval_s=60)
    assert p.interval_s == 1800
    assert p.after_result(st8(), result()).next_due_at >= T0 + timedelta(minutes=30)


def test_quiet_parcels_are_polled_less_often():
    p = planner(jitter=0)
    d = p.after_result(st8(), result(at=T0 - timedelta(days=3)))
    assert d.next_due_at == T0 + timedelta(hours=6)


@pytest.mark.parametrize("status", ["delivered", "returned", "cancelled"])
def test_final_statuses_stop_polling(status):
    d = planner().after_result(st8(), result(status=status, final=True))
    assert d.stopped and d.stop_reason == "final" and d.next_due_at is None


def test_no_records_for_three_days_stops():
    p = planner()
    d = p.after_result(st8(since=T0 - timedelta(days=2, hours=23)), EMPTY)
    assert not d.stopped
    d = p.after_result(st8(since=T0 - timedelta(days=3)), EMPTY)
    assert d.stop_reason == "no_records"
    # without a start time, the first poll counts as the start
    d = p.after_result(st8(last=T0 - timedelta(days=4)), EMPTY)
    assert d.stop_reason == "no_records"


def test_sixty_days_without_change_stops():
    p = planner()
    d = p.after_result(st8(change=T0 - timedelta(days=61)), result(at=T0 - timedelta(days=61)))
    assert d.stop_reason == "unchanged"
    # an empty answer after events does not reset the clock either
    d = p.after_result(st8(change=T0 - timedelta(days=60)), EMPTY)
    assert d.stop_reason == "unchanged"
    d = p.after_result(st8(change=T0 - timedelta(days=59)), EMPTY)
    assert not d.stopped and d.last_change_at == T0 - timedelta(days=59)
    d = p.after_result(st8(change=T0 - timedelta(days=70)), BUSY)
    assert d.stop_reason == "unchanged"


# -- after an error -----------------------------------------------------------------------------


def test_backoff_grows_exponentially_and_is_bounded():
    p = planner(jitter=0, backoff_base_s=1800, backoff_max_s=6 * 3600)
    delays = []
    s = st8()
    for _ in range(8):
        d = p.after_result(s, BUSY)
        delays.append((d.next_due_at - T0) / S)
        s = s._replace(failures=d.failures)
    assert delays == [1800, 3600, 7200, 14400, 21600, 21600, 21600, 21600]
    assert s.failures == 8


def test_retry_after_from_the_provider_is_respected():
    p = planner(jitter=0, backoff_base_s=60, min_interval_s=60)
    assert p.after_result(st8(), LOCKED).next_due_at == T0 + timedelta(minutes=30)
    long = TrackError("x", "x", retryable=True, retry_after_s=10 * 86400)
    assert p.after_result(st8(), long).next_due_at == T0 + timedelta(days=1)  # capped


def test_errors_the_seller_must_fix_wait_long_but_do_not_stop():
    d = planner(jitter=0).after_result(st8(), PHONE)
    assert d.next_due_at == T0 + timedelta(hours=6) and d.failures == 1


def test_account_errors_pause_the_provider_not_the_waybill():
    c = Clock()
    p = planner(c, jitter=0, backoff_base_s=60, min_interval_s=60)
    d = p.after_result(st8(failures=2), OFFLINE)
    assert d.failures == 2  # not this waybill's fault
    assert p.paused_until == T0 + timedelta(seconds=120)
    assert d.next_due_at >= p.paused_until
    d = p.after_result(st8(), OFFLINE)  # still offline: the pause grows
    assert p.paused_until == T0 + timedelta(seconds=120)
    p.after_result(st8(), AUTH)
    assert p.paused_until == T0 + timedelta(hours=6)


@settings(max_examples=300, deadline=None)
@given(failures=st.integers(0, 60), retry_after=st.one_of(st.none(), st.integers(0, 10**7)),
       retryable=st.booleans(), account=st.booleans(), jitter=st.floats(0, 0.5),
       seed=st.integers(0, 2**32))
def test_any_error_is_retried_between_the_minimum_and_a_bound(failures, retry_after, retryable,
                                                             account, jitter, seed):
    p = planner(jitter=jitter, rng=random.Random(seed))
    err = TrackError("e", "m", retryable, retry_after, account)
    d = p.after_result(st8(failures=failures), err)
    wait = (d.next_due_at - T0) / S
    bound = max(p.backoff_max_s * (1 + jitter), p.max_retry_after_s)
    assert p.min_interval_s <= wait <= bound + 1e-6
    if retry_after:
        assert wait >= min(retry_after, p.max_retry_after_s)
    assert d.failures == failures + (0 if account else 1)


OUTCOMES = st.sampled_from(["ok", "empty", "busy", "locked", "phone", "offline", "final"])


@settings(max_examples=150, deadline=None)
@given(steps=st.lists(st.tuples(OUTCOMES, st.integers(1, 4 * 3600)), min_size=1, max_size=80),
       seed=st.integers(0, 2**32))
def test_simulated_polling_never_breaks_the_minimum_interval(steps, seed):
    """Whatever providers answer and however the clock jumps, one waybill is never queried
    twice within 30 minutes, and a final status ends polling for good."""
    c = Clock()
    p = planner(c, rng=random.Random(seed), backoff_base_s=60, max_batch=5)
    state = st8("W", since=T0)
    polled_at = []
    for kind, jump in steps:
        c.advance(seconds=jump)
        if not p.due([state]):
            continue
        if state.final:
            pytest.fail("a finished waybill came back")
        polled_at.append(c())
        state = state._replace(last_polled_at=c())
        outcome = {
            "ok": result(at=c() - timedelta(minutes=5)), "empty": EMPTY, "busy": BUSY,
            "locked": LOCKED, "phone": PHONE, "offline": OFFLINE,
            "final": result(at=c(), status="delivered", final=True),
        }[kind]
        d = p.after_result(state, outcome)
        state = state._replace(next_due_at=d.next_due_at, failures=d.failures, final=d.stopped,
                               last_change_at=d.last_change_at)
    for a, b in zip(polled_at, polled_at[1:], strict=False):
        assert (b - a) >= timedelta(minutes=30)


# -- run_once -------------------------------------------------------------------------------------


class FakeProvider:
    name = "fake"
    min_interval_s = 1800

    def __init__(self, answer=None, delay=0.0):
        self.answer = answer or (lambda q: result(q.waybill_no, at=T0))
        self.delay = delay
        self.calls = []
        self.active = 0
        self.peak = 0
        self._mu = threading.Lock()

    def track(self, query):
        with self._mu:
            self.calls.append(query.waybill_no)
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(self.delay)
            return self.answer(query)
        finally:
            with self._mu:
                self.active -= 1


def store(n=20):
    return MemoryPollStore(TrackQuery(f"W{i:03d}", "ZTO", "zhongtong", "1234", T0)
                           for i in range(n))


def test_run_once_is_bounded_and_saves_everything():
    c = Clock()
    p = planner(c, max_concurrency=3, max_batch=12)
    s = store(20)
    prov = FakeProvider(delay=0.02)
    progress = []
    rep = run_once(p, prov, s, c, on_progress=lambda d, t: progress.append((d, t)))
    assert rep.due == 12 and rep.polled == 12 and rep.results == 12
    assert len(prov.calls) == 12 and len(set(prov.calls)) == 12
    assert prov.peak <= 3
    assert progress[-1] == (12, 12)
    polled = [t for t in s.items.values() if t.state.last_polled_at is not None]
    assert len(polled) == 12 and all(len(t.events) == 1 for t in polled)
    # the same clock: nothing of those 12 is due again, the other 8 are
    rep2 = run_once(p, prov, s, c)
    assert rep2.polled == 8
    assert run_once(p, prov, s, c).polled == 0


def test_run_once_stops_the_round_on_an_account_error_and_releases_the_rest():
    c = Clock()
    p = planner(c, max_concurrency=1, max_batch=10)
    s = store(10)
    prov = FakeProvider(answer=lambda q: AUTH)
    rep = run_once(p, prov, s, c)
    assert rep.polled == 1 and rep.stopped_reason == "account:auth_failed"
    assert rep.errors["auth_failed"] == 1 and rep.paused_until is not None
    untouched = [t for t in s.items.values() if t.state.last_polled_at is None]
    assert len(untouched) == 9  # released, not marked as polled
    assert run_once(p, prov, s, c).due == 0  # paused


def test_run_once_can_be_cancelled():
    c = Clock()
    p = planner(c, max_concurrency=2, max_batch=10)
    s = store(10)
    prov = FakeProvider()
    rep = run_once(p, prov, s, c, should_stop=lambda: len(prov.calls) >= 4)
    # the stop check may run before a worker in flight records its call: 4 or 5 polled,
    # and every waybill not polled is released untouched
    assert rep.stopped_reason == "cancelled" and 4 <= rep.polled <= 5
    assert sum(t.state.last_polled_at is None for t in s.items.values()) == 10 - rep.polled


def test_run_once_survives_a_provider_bug():
    c = Clock()
    p = planner(c)
    s = store(3)

    def boom(q):
        raise RuntimeError("bug")

    rep = run_once(p, FakeProvider(answer=boom), s, c)
    assert rep.errors["internal"] == 3
    assert all(t.state.failures == 1 and t.last_error == "internal" for t in s.items.values())


def test_run_once_only_queries_what_it_could_claim():
    c = Clock()
    p = planner(c)
    s = store(4)
    other_station = s.items["W001"].state._replace(last_polled_at=T0, next_due_at=T0 + 1800 * S)
    real_claim = s.claim

    def claim(states, now, hold):
        s.items["W001"].state = other_station  # another station got there first
        return real_claim(states, now, hold)

    s.claim = claim
    prov = FakeProvider()
    run_once(p, prov, s, c)
    assert sorted(prov.calls) == ["W000", "W002", "W003"]


def test_final_results_end_polling_in_the_store():
    c = Clock()
    p = planner(c)
    s = store(2)
    run_once(p, FakeProvider(answer=lambda q: result(q.waybill_no, status="delivered",
                                                     final=True)), s, c)
    assert s.poll_states() == []
    assert {t.stop_reason for t in s.items.values()} == {"final"}
