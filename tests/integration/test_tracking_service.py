"""The poller on the database: claims, intervals, finals, restarts, stations, offline."""

import logging
import random
import threading
import time
from collections import defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.services import tracking
from app.services.tracking import SqlPollStore, make_planner, refresh_task, refresh_tracking
from app.store.models import AuditLog, Meta, TrackingEvent
from app.store.models_tracking import ParcelTracking
from app.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Provider
from app.tracking.model import TrackError, TrackEvent, TrackResult
from app.tracking.poller import PollPlanner
from app.tracking.sandbox import SandboxProvider, scenario_of
from tests.fakes.tracking_server import FakeTrackingServer
from tests.integration.test_tracking_service_fixtures import T0, Clock, Shipments, open_ws


class Recorder:
    """A provider that answers in transit (or as told) and records when it was asked."""

    name = "fake"
    min_interval_s = 1800

    def __init__(self, clock, answer=None, delay=0.0):
        self.clock = clock
        self.answer = answer
        self.delay = delay
        self.calls = defaultdict(list)
        self.queries = {}
        self.active = self.peak = 0
        self._mu = threading.Lock()

    def track(self, q):
        with self._mu:
            self.calls[q.waybill_no].append(self.clock())
            self.queries[q.waybill_no] = q
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            if self.delay:
                time.sleep(self.delay)
            if self.answer is not None:
                return self.answer(q)
            ev = TrackEvent(self.clock() - timedelta(minutes=5), "0", f"{q.waybill_no} 运输中",
                            "in_transit")
            return TrackResult(q.waybill_no, (ev,), "in_transit", "0", False, self.name)
        finally:
            with self._mu:
                self.active -= 1

    @property
    def total(self):
        return sum(len(v) for v in self.calls.values())


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def tws(tmp_path, clock):
    w = open_ws(tmp_path, clock)
    yield w
    w.close()


def ship(ws, n, carrier="YTO", printed_at=None):
    b = Shipments(ws)
    return [b.shipment(carrier=carrier, printed_at=printed_at or ws.clock())[1]
            for _ in range(n)]


def rows(ws):
    with ws.read() as s:
        return {r.waybill_no: r for r in s.scalars(select(ParcelTracking))}


def test_sandbox_refresh_stores_events_once_and_summarises(tws, clock):
    b = Shipments(tws)
    start = T0 - timedelta(days=3)
    for i in range(40):
        b.shipment(carrier=("ZTO", "YTO", "SF")[i % 3], waybill=f"7843{i:09d}",
                   printed_at=start)
    sandbox = SandboxProvider(clock=clock)
    s1 = refresh_tracking(tws, provider=sandbox)
    assert s1.enrolled == 40 and s1.polled == 40 and s1.results == 40
    with tws.read() as s:
        n_events = s.query(TrackingEvent).count()
    assert n_events > 40
    # again later: nothing new for finished parcels, no duplicate events for the rest
    clock.advance(hours=1)
    refresh_tracking(tws, provider=sandbox)
    with tws.read() as s:
        keys = list(s.scalars(select(TrackingEvent.dedup_key)))
    assert len(keys) == len(set(keys))
    by_wb = rows(tws)
    for wb, r in by_wb.items():
        sc = scenario_of(wb)
        if sc == "never_picked_up":
            assert r.picked_up_at is None and r.status == "label_created"
        if r.status == "delivered":
            assert r.final and r.stop_reason == "final" and r.delivered_at is not None
            assert r.picked_up_at is not None and r.picked_up_at <= r.delivered_at
        if sc == "refused" and r.event_count and r.status in ("returning", "returned"):
            assert ",refused," in r.flags
        assert r.claim_token == ""
    assert any(r.status == "delivered" for r in by_wb.values())


def test_min_interval_per_waybill_is_kept_with_an_injected_clock(tws, clock):
    ship(tws, 12)
    prov = Recorder(clock)
    planner = make_planner(tws, prov, clock, max_batch=5, rng=random.Random(1))
    assert planner.min_interval_s == 1800
    for _ in range(24 * 12):  # a day of refreshes every 5 simulated minutes
        refresh_tracking(tws, provider=prov, planner=planner)
        clock.advance(minutes=5)
    assert len(prov.calls) == 12
    for times in prov.calls.values():
        gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]
        assert gaps and min(gaps) >= 1800
        # the usual cadence is 2 h (+ jitter), not every refresh
        assert len(times) <= 13
    st = rows(tws)
    assert all(r.last_polled_at is not None and r.next_due_at > r.last_polled_at
               for r in st.values())


def test_errors_back_off_and_persist_failures(tws, clock):
    (pid,) = ship(tws, 1)
    busy = TrackError("server_error", "busy", retryable=True, retry_after_s=None)
    prov = Recorder(clock, answer=lambda q: busy)
    planner = make_planner(tws, prov, clock, jitter=0, backoff_base_s=1800,
                           backoff_max_s=6 * 3600)
    gaps = []
    for _ in range(5):
        refresh_tracking(tws, provider=prov, planner=planner)
        r = next(iter(rows(tws).values()))
        gaps.append((r.next_due_at - r.last_polled_at).total_seconds())
        clock.t = r.next_due_at
    assert gaps == [1800, 3600, 7200, 14400, 21600]
    r = next(iter(rows(tws).values()))
    assert r.failures == 5 and r.last_error == "server_error" and not r.final


def test_final_status_stops_polling_for_good(tws, clock):
    ship(tws, 3)

    def delivered(q):
        ev = TrackEvent(clock() - timedelta(hours=1), "3", "已签收", "delivered")
        return TrackResult(q.waybill_no, (ev,), "delivered", "3", True, "fake")

    prov = Recorder(clock, answer=delivered)
    refresh_tracking(tws, provider=prov)
    assert prov.total == 3
    for _ in range(10):
        clock.advance(days=1)
        assert refresh_tracking(tws, provider=prov).polled == 0
    assert prov.total == 3
    assert all(r.final and r.stop_reason == "final" and r.status == "delivered"
               for r in rows(tws).values())


def test_polling_resumes_after_a_restart(tmp_path, clock):
    ws = open_ws(tmp_path, clock)
    ship(ws, 10)
    prov = Recorder(clock)
    s = refresh_tracking(ws, provider=prov, planner=make_planner(ws, prov, clock, max_batch=4),
                         max_rounds=1)
    assert s.polled == 4
    first = set(prov.calls)
    ws.close()
    # a new process: new workspace, planner and provider on the same file
    ws2 = open_ws(tmp_path, clock)
    prov2 = Recorder(clock)
    clock.advance(minutes=10)
    s2 = refresh_tracking(ws2, provider=prov2)
    assert s2.polled == 6 and set(prov2.calls).isdisjoint(first)
    clock.advance(hours=3)
    assert refresh_tracking(ws2, provider=prov2).polled == 10
    ws2.close()


def test_a_crash_after_claiming_never_double_polls(tws, clock):
    ship(tws, 3)
    tracking.enrol_parcels(tws)
    prov = Recorder(clock)
    planner = make_planner(tws, prov, clock)
    store = SqlPollStore(tws, prov, planner, clock)
    states = store.poll_states()
    claimed = store.claim(states, clock(), clock() + timedelta(seconds=planner.min_interval_s))
    assert len(claimed) == 3
    # ... the process dies here, before asking the provider. After a restart:
    clock.advance(minutes=29)
    assert refresh_tracking(tws, provider=prov).polled == 0
    clock.advance(minutes=1)
    assert refresh_tracking(tws, provider=prov).polled == 3


def test_a_second_station_cannot_claim_what_the_first_claimed(tmp_path, clock):
    a = open_ws(tmp_path, clock)
    ship(a, 5)
    tracking.enrol_parcels(a)
    b = open_ws(tmp_path, clock)
    prov = Recorder(clock)
    pa, pb = make_planner(a, prov, clock), make_planner(b, prov, clock)
    sa, sb = SqlPollStore(a, prov, pa, clock), SqlPollStore(b, prov, pb, clock)
    read_a, read_b = sa.poll_states(), sb.poll_states()  # both see the same due waybills
    hold = clock() + timedelta(minutes=30)
    assert len(sa.claim(read_a, clock(), hold)) == 5
    assert sb.claim(read_b, clock(), hold) == []
    # released waybills go back to exactly how they were
    sa.release(read_a[:2])
    assert len(sb.claim(sb.poll_states(), clock(), hold)) == 2
    a.close()
    b.close()


def test_two_stations_refreshing_at_once_ask_each_waybill_once(tmp_path, clock):
    a = open_ws(tmp_path, clock)
    ship(a, 30)
    b = open_ws(tmp_path, clock)
    prov = Recorder(clock, delay=0.01)
    errors = []

    def run(ws):
        try:
            refresh_tracking(ws, provider=prov,
                             planner=make_planner(ws, prov, clock, max_batch=7,
                                                  max_concurrency=3))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(w,)) for w in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert prov.total == 30 and all(len(v) == 1 for v in prov.calls.values())
    a.close()
    b.close()


def test_concurrency_is_bounded_by_the_setting(tws, clock):
    ship(tws, 20)
    tws.set_setting("tracking.max_concurrency", "3")
    prov = Recorder(clock, delay=0.02)
    s = refresh_tracking(tws, provider=prov)
    assert s.polled == 20 and 1 < prov.peak <= 3


def test_offline_pauses_survives_a_restart_and_recovers(tmp_path, clock):
    ws = open_ws(tmp_path, clock)
    ship(ws, 10)
    online = {"on": False}
    offline = TrackError("offline", "no network", True, 120, True)

    def answer(q):
        if not online["on"]:
            return offline
        ev = TrackEvent(clock() - timedelta(minutes=5), "0", "运输中", "in_transit")
        return TrackResult(q.waybill_no, (ev,), "in_transit", "0", False, "fake")

    prov = Recorder(clock, answer=answer)
    planner = make_planner(ws, prov, clock, max_concurrency=1, jitter=0)
    s = refresh_tracking(ws, provider=prov, planner=planner)
    assert s.stopped_reason == "account:offline" and s.polled == 1 and s.paused_until
    with ws.read() as sess:
        assert sess.get(Meta, "tracking.paused_until.fake").value
    assert sum(r.last_polled_at is None for r in rows(ws).values()) == 9  # released
    ws.close()
    # restart while still offline: the stored pause holds, nothing is sent
    ws = open_ws(tmp_path, clock)
    clock.advance(seconds=30)
    assert refresh_tracking(ws, provider=prov).polled == 0
    assert prov.total == 1
    # the network is back and the pause is over
    online["on"] = True
    clock.advance(minutes=30)
    s = refresh_tracking(ws, provider=prov)
    assert s.polled == 10 and s.results == 10 and not s.stopped_reason
    assert all(r.failures == 0 and r.last_error == "" for r in rows(ws).values())
    ws.close()


def test_the_user_pressing_refresh_lifts_the_pause(tws, clock):
    ship(tws, 2)
    prov = Recorder(clock, answer=lambda q: TrackError("auth_failed", "bad key", False, None,
                                                        True))
    tws.set_setting("tracking.max_concurrency", "1")
    assert refresh_tracking(tws, provider=prov).polled == 1
    clock.advance(minutes=31)
    assert refresh_tracking(tws, provider=prov).polled == 0  # paused for hours
    # the waybill that failed keeps its own delay; the other one is asked again on resume
    assert refresh_tracking(tws, provider=prov, resume=True).polled == 1
    assert prov.total == 2


def test_the_worker_task_reports_progress_and_can_be_cancelled(tws, clock):
    ship(tws, 12)
    prov = Recorder(clock, delay=0.005)
    seen = []
    task = refresh_task(tws, provider=prov,
                        planner=make_planner(tws, prov, clock, max_concurrency=1, max_batch=5))
    summary = task(lambda d, t: seen.append((d, t)), lambda: prov.total >= 4)
    assert summary.stopped_reason == "cancelled" and summary.alerts is None
    assert 4 <= summary.polled <= 5 and prov.total == summary.polled
    assert seen and all(t == 12 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    # unasked waybills were released, not held for 30 minutes
    later = refresh_task(tws, provider=prov)(lambda d, t: None, lambda: False)
    assert later.polled == 12 - summary.polled and later.alerts is not None


def test_phone_digits_are_derived_at_query_time_and_the_reveal_is_audited(tws, clock, caplog):
    b = Shipments(tws)
    printed = clock() - timedelta(days=2)
    _, p_zto = b.shipment(carrier="ZTO", waybill="78431850000001", phone="18400913965-7576",
                          printed_at=printed)
    _, p_sf = b.shipment(carrier="SF", waybill="SF1023574470215", phone="13912345678",
                         printed_at=printed)
    _, p_yto = b.shipment(carrier="YTO", waybill="YT7512345678901", phone="13700001111",
                          printed_at=printed)
    caplog.set_level(logging.DEBUG)
    with FakeTrackingServer(clock=clock, phones={"78431850000001": "7576",
                                                 "SF1023574470215": "5678"}) as srv:
        prov = Kuaidi100Provider(Kuaidi100Config(srv.customer, srv.key, base_url=srv.url,
                                                 backoff_factor=0))
        s = refresh_tracking(tws, provider=prov)
        prov.close()
    assert s.polled == 3 and not s.errors
    sent = {x.waybill_no: x.fields for x in srv.seen}
    assert all(x.signed_ok for x in srv.seen)
    assert sent["78431850000001"]["phone"] == "7576"  # the virtual number's extension
    assert sent["SF1023574470215"]["phone"] == "5678"
    assert "phone" not in sent["YT7512345678901"]  # YTO does not need it: not decrypted
    with tws.read() as sess:
        audits = list(sess.scalars(select(AuditLog).where(AuditLog.action == "decrypt")))
    assert len(audits) == 1
    assert audits[0].detail["count"] == 2 and audits[0].detail["purpose"] == "tracking_query"
    text = repr([a.detail for a in audits]) + caplog.text
    for digits in ("7576", "5678", "18400913965", "13912345678"):
        assert digits not in text
    assert {r.parcel_id for r in rows(tws).values()} == {p_zto, p_sf, p_yto}


def test_platform_ciphertext_phones_give_a_clear_error_not_a_guess(tws, clock):
    b = Shipments(tws)
    b.shipment(carrier="ZTO", waybill="78431850000002",
               phone="$$6g51WlwughAkKgjnB49/iThesJQjVVGC*VouW6KT+8joMn8Wv12CEN4Fr3Qp$1$$")
    with FakeTrackingServer(clock=clock) as srv:
        prov = Kuaidi100Provider(Kuaidi100Config(srv.customer, srv.key, base_url=srv.url))
        s = refresh_tracking(tws, provider=prov)
        prov.close()
    assert s.errors == {"phone_required": 1} and srv.seen == []
    r = next(iter(rows(tws).values()))
    assert r.last_error == "phone_required" and r.failures == 1 and not r.final


def test_ciphertext_receivers_are_tracked_with_the_senders_digits(tws, clock):
    """Douyin gives the receiver's phone as ciphertext; SF/ZTO accept the sender's number
    instead, so the shop's own phone makes those parcels trackable."""
    from app.store.db import transaction
    from app.store.models import Shop

    b = Shipments(tws, shop_name="有寄件电话的店")
    with transaction(tws.write) as s:
        s.get(Shop, b.shop_id).sender_phone = "0571-88886666"
    b.shipment(carrier="SF", waybill="SF1023574470299",
               phone="$$6g51WlwughAkKgjnB49/iThesJQjVVGC*VouW6KT+8joMn8Wv12CEN4Fr3Qp$1$$",
               printed_at=clock() - timedelta(days=1))
    with FakeTrackingServer(clock=clock, phones={"SF1023574470299": "6666"}) as srv:
        prov = Kuaidi100Provider(Kuaidi100Config(srv.customer, srv.key, base_url=srv.url,
                                                 backoff_factor=0))
        s = refresh_tracking(tws, provider=prov)
        prov.close()
    assert s.polled == 1 and not s.errors
    assert [x.fields["phone"] for x in srv.seen] == ["6666"]
    with tws.read() as sess:  # nothing of the buyer was decrypted for it
        assert not list(sess.scalars(select(AuditLog).where(AuditLog.action == "decrypt")))


def test_a_voided_waybill_stops_and_a_new_number_starts_over(tws, clock):
    from app.store.db import transaction
    from app.store.models import Parcel

    a, b2 = ship(tws, 2)
    prov = Recorder(clock)
    refresh_tracking(tws, provider=prov)
    with transaction(tws.write) as s:
        s.get(Parcel, a).waybill_no = None
        s.get(Parcel, b2).waybill_no = "YT9999999999999"
    tracking.enrol_parcels(tws)
    by_pid = {r.parcel_id: r for r in rows(tws).values()}
    assert by_pid[a].final and by_pid[a].stop_reason == "voided"
    assert by_pid[b2].waybill_no == "YT9999999999999" and by_pid[b2].last_polled_at is None
    clock.advance(minutes=1)
    assert refresh_tracking(tws, provider=prov).polled == 1
    assert "YT9999999999999" in prov.calls


def test_provider_settings_choose_and_build_the_client(tws):
    assert tracking.make_provider(tws).name == "sandbox"
    tracking.configure_provider(tws, "kuaidi100", customer="CUST", key="k-secret",
                                base_url="http://127.0.0.1:9")
    raw = tws.setting("tracking.kuaidi100.key")
    assert raw.startswith("enc:v1:") and "k-secret" not in raw
    prov = tracking.make_provider(tws)
    assert prov.name == "kuaidi100" and prov.config.key == "k-secret"
    prov.close()
    tracking.configure_provider(tws, "kdniao", ebusiness_id="1", app_key="a",
                                customer_names='{"JD": "JD-CODE"}')
    prov = tracking.make_provider(tws)
    assert prov.name == "kdniao" and prov.config.account_customer_names == {"JD": "JD-CODE"}
    prov.close()
    with pytest.raises(ValueError, match="unknown tracking provider"):
        tracking.configure_provider(tws, "nope")
    tws.set_setting("tracking.provider", "kuaidi100")
    tws.set_setting("tracking.kuaidi100.customer", "")
    with pytest.raises(tracking.TrackingSetupError, match="customer ID"):
        tracking.make_provider(tws)


def test_the_list_for_the_cli_filters_by_status(tws, clock):
    ship(tws, 3)
    assert tracking.list_shipments(tws) == []
    refresh_tracking(tws, provider=Recorder(clock))
    assert tracking.count_shipments(tws, "in_transit") == 3
    assert tracking.count_shipments(tws, "delivered") == 0
    assert tracking.count_shipments(tws, "active") == 3
    row = tracking.list_shipments(tws, "in_transit", limit=1)[0]
    assert row.as_dict()["status"] == "in_transit" and row.polling
    assert tracking.shipment_events(tws, row.waybill_no)[0]["status"] == "in_transit"
    with pytest.raises(ValueError, match="unknown tracking status"):
        tracking.list_shipments(tws, "moving")


def test_planner_overrides_and_settings(tws):
    prov = SandboxProvider()
    tws.set_setting("tracking.max_batch", "50")
    tws.set_setting("tracking.interval_min", "45")
    p = make_planner(tws, prov)
    assert isinstance(p, PollPlanner) and p.max_batch == 50 and p.interval_s == 45 * 60
    assert p.min_interval_s == prov.min_interval_s


def test_the_migration_matches_the_tables(tws):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.store.models import Base

    with tws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diff if "parcel_tracking" in repr(d) or "'alerts'" in repr(d)
            or "printed_at" in repr(d)]
    assert mine == []
