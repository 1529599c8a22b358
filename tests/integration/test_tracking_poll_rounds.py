"""Days of polling, simulated: planner + real HTTP client + a look-alike server sharing a clock."""

import random
from collections import defaultdict
from datetime import datetime, timedelta

from app.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Provider
from app.tracking.memstore import MemoryPollStore
from app.tracking.model import SHANGHAI, TrackError, TrackQuery
from app.tracking.poller import PollPlanner, run_once
from app.tracking.sandbox import SandboxProvider, scenario_of
from tests.fakes.tracking_server import FakeTrackingServer

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=SHANGHAI)


class Clock:
    def __init__(self):
        self.t = T0

    def __call__(self):
        return self.t


def test_four_days_of_kuaidi100_polling_keep_the_lock_rules():
    clock = Clock()
    rng = random.Random(3)
    with FakeTrackingServer(clock=clock, lock_s=1800,
                            printed_at=lambda wb: T0 - timedelta(hours=rng_hours[wb])) as srv:
        waybills = [f"YT75123{i:08d}" for i in range(40)]
        rng_hours = {wb: rng.randrange(0, 30) for wb in waybills}
        provider = Kuaidi100Provider(Kuaidi100Config(srv.customer, srv.key, base_url=srv.url,
                                                     backoff_factor=0))
        store = MemoryPollStore(TrackQuery(wb, "YTO", "yuantong", "", srv.printed_at(wb))
                                for wb in waybills)
        planner = PollPlanner("kuaidi100", clock=clock, max_concurrency=4, max_batch=15,
                              rng=random.Random(1))
        rounds = 0
        while clock.t < T0 + timedelta(days=4):
            run_once(planner, provider, store)
            clock.t += timedelta(minutes=20)
            rounds += 1
        provider.close()

    assert srv.violations == []
    per = defaultdict(list)
    for s in srv.seen:
        per[s.waybill_no].append(s.at)
        assert s.signed_ok
    for times in per.values():
        assert all(b - a >= timedelta(minutes=30) for a, b in zip(times, times[1:], strict=False))
    items = store.items
    finals = [t for t in items.values() if t.stop_reason == "final"]
    assert len(finals) > len(items) / 2
    for wb, t in items.items():
        if scenario_of(wb) == "never_picked_up":
            assert t.stop_reason == "no_records" and not t.events
        if t.stop_reason == "final":
            assert t.status in ("delivered", "returned")
        if t.events:  # events are stored once, whatever the number of polls
            assert len(t.events) == len({(e.occurred_at, e.raw_text) for e in t.events.values()})
    assert len(srv.seen) < 40 * 4 * 24 / 2  # the usual cadence is 2 h, not every round


def test_offline_pauses_and_recovers():
    clock = Clock()
    sandbox = SandboxProvider(clock=clock)
    offline = {"on": True}

    class Flaky:
        name = "sandbox"
        min_interval_s = 60

        def __init__(self):
            self.calls = 0

        def track(self, q):
            self.calls += 1
            if offline["on"]:
                return TrackError("offline", "no network", True, 120, True)
            return sandbox.track(q)

    prov = Flaky()
    store = MemoryPollStore(TrackQuery(f"7843{i:09d}", "ZTO", "zhongtong", "1234",
                                       T0 - timedelta(days=2)) for i in range(30))
    planner = PollPlanner("sandbox", clock=clock, max_concurrency=2, max_batch=30,
                          rng=random.Random(2))
    rep = run_once(planner, prov, store)
    assert rep.stopped_reason == "account:offline" and rep.polled <= 2
    assert prov.calls <= 2
    for _ in range(5):  # while paused nothing is sent
        assert run_once(planner, prov, store).polled == 0
        clock.t += timedelta(seconds=10)
    offline["on"] = False
    clock.t += timedelta(minutes=5)
    rep = run_once(planner, prov, store)
    assert rep.polled == 30 and rep.results == 30 and not rep.stopped_reason
    assert all(t.state.failures == 0 for t in store.items.values())
