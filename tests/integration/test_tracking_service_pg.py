"""Tracking and alerts on PostgreSQL: several stations refreshing one shop at once."""

import threading
from datetime import timedelta

import pytest

from app.services.alerts import evaluate_alerts, list_alerts
from app.services.tracking import make_planner, refresh_tracking
from app.services.workspace import Workspace
from app.tracking.sandbox import SandboxProvider
from tests.integration import pg_fixture
from tests.integration.test_tracking_service import Recorder
from tests.integration.test_tracking_service_fixtures import T0, Clock, Shipments

pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url  # the fixtures, for this module


@pytest.fixture
def stations(pg_url, tmp_path):
    clock = Clock()
    made = [Workspace.open(pg_url, key_dir=tmp_path / "keys", clock=clock) for _ in range(3)]
    yield clock, made
    for w in made:
        w.close()


def test_three_stations_refreshing_at_once_ask_each_waybill_once(stations):
    clock, (a, b, c) = stations
    sh = Shipments(a)
    for i in range(60):
        sh.shipment(carrier="ZTO", waybill=f"7843{i:09d}", printed_at=T0 - timedelta(days=2))
    prov = Recorder(clock, delay=0.005)
    errors = []

    def run(ws):
        try:
            refresh_tracking(ws, provider=prov, planner=make_planner(
                ws, prov, clock, max_batch=9, max_concurrency=3))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(w,)) for w in (a, b, c)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert prov.total == 60 and all(len(v) == 1 for v in prov.calls.values())


def test_sandbox_journeys_and_alerts_on_postgres(stations):
    clock, (a, b, _) = stations
    sh = Shipments(a)
    for i in range(30):
        sh.shipment(carrier=("ZTO", "YTO", "SF")[i % 3], waybill=f"7843{i:09d}",
                    printed_at=T0 - timedelta(days=3), ship_by=T0 + timedelta(days=3))
    sh.order(ship_by=T0 - timedelta(hours=1), paid_at=T0 - timedelta(days=2))
    s = refresh_tracking(a, provider=SandboxProvider(clock=clock))
    assert s.polled == 30 and not s.errors
    first = evaluate_alerts(a)
    again = evaluate_alerts(b)  # another station finds the same, opens nothing twice
    assert first.opened >= 1 and again.opened == 0 and again.active == first.active
    assert "ship_by_breached" in {x.rule for x in list_alerts(b)}
