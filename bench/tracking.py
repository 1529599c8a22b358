"""Tracking refresh: N shipments against a local Kuaidi100 look-alike, through the database.

The server (``tests.fakes.tracking_server.FakeTrackingServer``: checks signatures, phone
digits and the 30-minute per-waybill lock) runs in its own process, so the client's CPU
time is measured alone; both read one shared simulated clock. Pass 1 refreshes every
shipment once (throughput, CPU per shipment). Pass 2 then refreshes every
``--step-min`` simulated minutes for ``--sim-hours`` and shows that no waybill was
queried twice within the provider's minimum interval (the server counts violations), with
the usual cadence lowered to that minimum so the rule is what holds the poller back.

    python -m bench.tracking --shipments 10000
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import emit, peak_rss_mb

CARRIERS = ("YTO", "ZTO", "STO", "YUNDA", "JT", "SF")
EPOCH = datetime(2026, 11, 20, 9, 0).timestamp()  # only a starting point for the sim clock


def _printed_at(epoch_ts: float, waybill: str) -> datetime:
    from app.tracking.model import SHANGHAI

    minutes = int(hashlib.sha1(waybill.encode()).hexdigest(), 16) % (5 * 24 * 60)
    return datetime.fromtimestamp(epoch_ts, SHANGHAI) - timedelta(minutes=minutes)


def _sim_clock(value):  # noqa: ANN001, ANN202
    from app.tracking.model import SHANGHAI

    return lambda: datetime.fromtimestamp(value.value, SHANGHAI)


def _serve(clock_value, phones: dict[str, str], port_q, cmd_q, out_q) -> None:  # noqa: ANN001
    """The server process: start, report the port, wait for "stop", report its numbers."""
    from tests.fakes.tracking_server import FakeTrackingServer

    srv = FakeTrackingServer(clock=_sim_clock(clock_value), lock_s=1800, phones=phones,
                             printed_at=functools.partial(_printed_at, EPOCH))
    srv.start()
    port_q.put(srv.url)
    cmd_q.get()
    srv.stop()
    last: dict[str, datetime] = {}
    min_gap = None
    for s in srv.seen:
        prev = last.get(s.waybill_no)
        if prev is not None:
            gap = (s.at - prev).total_seconds()
            min_gap = gap if min_gap is None else min(min_gap, gap)
        last[s.waybill_no] = s.at
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out_q.put({"requests": len(srv.seen), "waybills": len(last),
               "bad_signatures": sum(not s.signed_ok for s in srv.seen),
               "violations": len(srv.violations), "min_gap_s": min_gap,
               "cpu_s": ru.ru_utime + ru.ru_stime})


def _populate(ws, n: int) -> dict[str, str]:  # noqa: ANN001
    """n printed parcels (orders, sealed recipients); returns waybill → phone digits."""
    from sqlalchemy import insert, select

    from app.core.orders import RecipientRecord
    from app.store.db import transaction
    from app.store.models import Order, Parcel, ParcelOrder, Recipient, Shop
    from app.store.recipients import seal_recipient

    now = ws.clock()
    phones: dict[str, str] = {}
    with transaction(ws.write) as s:
        s.add(Shop(platform="douyin", name="压测店", sender_province="浙江省",
                   sender_city="杭州市", created_at=now))
        s.flush()
        shop_id = s.scalar(select(Shop.id))
        for start in range(0, n, 2000):
            idx = range(start, min(n, start + 2000))
            recs = []
            for i in idx:
                phone = f"139{i:08d}" if i % 7 else f"18400913965-{i % 10000:04d}"
                recs.append(seal_recipient(ws.cipher, RecipientRecord(
                    "王小明", phone, "江苏省", "南京市", "鼓楼区", "", f"中山路{i}号")))
            rids = s.scalars(insert(Recipient).returning(Recipient.id,
                                                         sort_by_parameter_order=True),
                             recs).all()
            oids = s.scalars(insert(Order).returning(Order.id, sort_by_parameter_order=True), [
                {"shop_id": shop_id, "platform_order_id": f"69{i:017d}", "status": "shipped",
                 "paid_at": now - timedelta(days=6), "recipient_id": rid, "imported_at": now,
                 "updated_at": now, "extra": {}}
                for i, rid in zip(idx, rids, strict=True)]).all()
            parcels = []
            for i, oid in zip(idx, oids, strict=True):
                carrier = CARRIERS[i % len(CARRIERS)]
                wb = (f"SF{1023574470000 + i}" if carrier == "SF" else
                      f"YT{7512340000000 + i}" if carrier == "YTO" else f"{78431850000000 + i}")
                if carrier in ("SF", "ZTO"):
                    phones[wb] = f"{i % 10000:04d}" if i % 7 == 0 else f"{i:08d}"[-4:]
                parcels.append({"shop_id": shop_id, "order_id": oid, "pack_no": 1,
                                "pack_total": 1, "carrier_code": carrier,
                                "tier_code": "standard", "waybill_no": wb, "state": "printed",
                                "printed_at": _printed_at(EPOCH, wb), "print_count": 1,
                                "created_at": now})
            pids = s.scalars(insert(Parcel).returning(Parcel.id, sort_by_parameter_order=True),
                             parcels).all()
            s.execute(insert(ParcelOrder), [{"parcel_id": p, "order_id": o}
                                            for p, o in zip(pids, oids, strict=True)])
    return phones


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shipments", type=int, default=10_000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--sim-hours", type=float, default=1.25)
    ap.add_argument("--step-min", type=float, default=5.0)
    args = ap.parse_args()

    import os

    os.environ.setdefault("SHIPDESK_KEY_PASSPHRASE", "bench")
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    from sqlalchemy import func, select

    from app.services.tracking import make_planner, refresh_tracking
    from app.services.workspace import Workspace
    from app.store.models import TrackingEvent
    from app.store.models_tracking import ParcelTracking
    from app.tracking.kuaidi100 import Kuaidi100Config, Kuaidi100Provider

    ctx = mp.get_context("spawn")
    clock_value = ctx.Value("d", EPOCH, lock=False)
    clock = _sim_clock(clock_value)
    tmp = Path(tempfile.mkdtemp(prefix="shipdesk-bench-tracking-"))
    ws = Workspace.open(str(tmp / "bench.sqlite"), key_dir=tmp / "keys", use_keyring=False,
                        clock=clock)
    t0 = time.perf_counter()
    phones = _populate(ws, args.shipments)
    setup_s = time.perf_counter() - t0

    port_q, cmd_q, out_q = ctx.Queue(), ctx.Queue(), ctx.Queue()
    server = ctx.Process(target=_serve, args=(clock_value, phones, port_q, cmd_q, out_q),
                         daemon=True)
    server.start()
    url = port_q.get(timeout=60)
    provider = Kuaidi100Provider(Kuaidi100Config("TESTCUSTOMER", "testkey", base_url=url,
                                                 backoff_factor=0,
                                                 pool_size=args.concurrency))
    # the usual cadence lowered to the provider's minimum interval: in pass 2 that rule
    # alone holds the poller back
    planner = make_planner(ws, provider, clock, max_concurrency=args.concurrency,
                           max_batch=args.batch, interval_s=provider.min_interval_s)

    # pass 1: every shipment once
    w0, c0 = time.perf_counter(), time.process_time()
    first = refresh_tracking(ws, provider=provider, planner=planner)
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0

    # pass 2: simulated time with a refresh every step
    refreshes = polled = 0
    w1 = time.perf_counter()
    steps = int(args.sim_hours * 60 / args.step_min)
    for _ in range(steps):
        clock_value.value += args.step_min * 60
        s = refresh_tracking(ws, provider=provider, planner=planner)
        refreshes += 1
        polled += s.polled
    wall2 = time.perf_counter() - w1
    provider.close()
    cmd_q.put("stop")
    srv = out_q.get(timeout=120)
    server.join(timeout=30)

    with ws.read() as s:
        events = s.scalar(select(func.count()).select_from(TrackingEvent))
        by_status = dict(s.execute(select(ParcelTracking.status, func.count())
                                   .group_by(ParcelTracking.status)).all())
        finished = s.scalar(select(func.count()).select_from(ParcelTracking)
                            .where(ParcelTracking.final.is_(True)))
    ws.close()
    n = max(first.polled, 1)
    emit({
        "shipments": args.shipments,
        "provider": "kuaidi100 client → local FakeTrackingServer (own process)",
        "concurrency": args.concurrency,
        "batch": args.batch,
        "setup_s": round(setup_s, 2),
        "first_pass": {
            "polled": first.polled, "answered": first.results,
            "errors": first.errors, "rounds": first.rounds,
            "wall_s": round(wall, 2),
            "throughput_per_s": round(first.polled / wall, 1) if wall else None,
            "client_cpu_ms_per_shipment": round(cpu * 1000 / n, 3),
            "server_cpu_ms_per_request": round(srv["cpu_s"] * 1000 /
                                               max(srv["requests"], 1), 3),
        },
        "intervals": {
            "simulated_hours": args.sim_hours, "refresh_every_min": args.step_min,
            "refreshes": refreshes, "queries": polled, "wall_s": round(wall2, 2),
            "min_interval_s": planner.min_interval_s,
            "server_requests": srv["requests"], "waybills_seen": srv["waybills"],
            "min_gap_s_same_waybill": srv["min_gap_s"],
            "lock_violations": srv["violations"], "bad_signatures": srv["bad_signatures"],
            "intervals_kept": srv["violations"] == 0 and (
                srv["min_gap_s"] is None or srv["min_gap_s"] >= planner.min_interval_s),
        },
        "stored": {"events": events, "finished": finished, "by_status": by_status},
        "peak_rss_mb": peak_rss_mb(),
    })
    return 0 if srv["violations"] == 0 and not srv["bad_signatures"] else 1


if __name__ == "__main__":
    sys.exit(main())
