"""The demo shows tracking, alerts and numbers; the CLI's track and alerts commands."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from app.services import tracking
from app.services.alerts import list_alerts
from app.services.dashboard import load_dashboard
from app.services.demo import create_demo
from app.tracking.model import SHANGHAI

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI)  # two days after the sample's last order
SAMPLE_NOW = datetime(2026, 11, 22, 9, 0, tzinfo=SHANGHAI)  # the sample as exported


def test_demo_after_allocate_and_print_shows_journeys_alerts_and_numbers(tmp_path):
    ws = create_demo(tmp_path / "demo", now=SAMPLE_NOW)
    ws.clock = lambda: NOW
    try:
        out = tracking.demo_ship_and_track(ws, tmp_path, now=NOW)
        assert out["printed"] > 50 and out["moved"] == out["printed"]
        t = out["tracking"]
        assert t["polled"] == out["printed"] and not t["errors"]
        counts = tracking.shipment_counts(ws)
        assert counts.get("delivered", 0) > 0 and counts.get("in_transit", 0) > 0
        assert len(counts) >= 5  # pickups, hubs, lockers, deliveries, returns …
        rules = {a.rule for a in list_alerts(ws)}
        assert {"intercept", "ship_by_breached"} <= rules
        assert len(rules) >= 5
        d = load_dashboard(ws, NOW, days=7)
        assert d.on_time.denominator > 50 and d.pickup.denominator > 0
        assert sum(x.parcels for x in d.per_day) == out["printed"]
        assert sum(x.late for x in d.per_day) > 0
        # a later refresh moves parcels on without duplicating anything
        later = NOW + timedelta(days=1)
        from app.tracking.sandbox import SandboxProvider

        s = tracking.refresh_tracking(ws, provider=SandboxProvider(clock=lambda: later),
                                      clock=lambda: later)
        assert s.polled > 0 and not s.errors
        assert tracking.shipment_counts(ws).get("delivered", 0) > counts["delivered"]
    finally:
        ws.close()


def run(*args, home):
    env = dict(os.environ, SHIPDESK_HOME=str(home), SHIPDESK_KEY_PASSPHRASE="cli-test",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=180)


def test_cli_track_and_alerts(tmp_path, douyin_csv):
    db = str(tmp_path / "cli.sqlite")
    assert run("import", str(douyin_csv), "--db", db, home=tmp_path).returncode == 0
    assert run("waybills", "allocate", "--db", db, "--limit", "5", home=tmp_path).returncode == 0
    p = run("print", "--out", str(tmp_path / "o.pdf"), "--db", db, home=tmp_path)
    assert p.returncode == 0, p.stderr

    p = run("track", "refresh", "--db", db, "--json", home=tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["provider"] == "sandbox" and out["polled"] == 5 and out["enrolled"] == 5
    assert out["alerts"]["active"] >= 1

    p = run("track", "--status", "label_created", "--json", "--db", db, home=tmp_path)
    rows = json.loads(p.stdout)
    assert rows["total"] == 5 and len(rows["shipments"]) == 5
    assert all(r["status"] == "label_created" for r in rows["shipments"])
    wb = rows["shipments"][0]["waybill_no"]
    p = run("track", "--waybill", wb, "--json", "--db", db, home=tmp_path)
    assert json.loads(p.stdout)["shipments"][0]["waybill_no"] == wb

    p = run("track", "--status", "nonsense", "--db", db, home=tmp_path)
    assert p.returncode == 2 and "unknown tracking status" in p.stderr

    p = run("alerts", "--json", "--db", db, home=tmp_path)
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["total"] == len(data["alerts"]) >= 1
    first = data["alerts"][0]
    assert {"id", "rule", "title", "title_en", "severity", "state", "reason", "action"} <= \
        set(first)
    p = run("alerts", "--json", "--db", db, "--ack", str(first["id"]), home=tmp_path)
    data = json.loads(p.stdout)
    assert data["acknowledged"] == 1
    assert next(a for a in data["alerts"] if a["id"] == first["id"])["state"] == "acknowledged"
    p = run("alerts", "--db", db, "--state", "acknowledged", home=tmp_path)
    assert p.returncode == 0 and f"#{first['id']}" in p.stdout and "→" in p.stdout
