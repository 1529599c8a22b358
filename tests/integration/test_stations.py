"""Four stations on one PostgreSQL server, at once: 0 duplicate numbers, 0 lost labels.

Each station is its own process (this file run as a script, see `station_main`): it
allocates waybills for its 2,500 orders in batches, queues their labels, and prints
queued jobs (its own or another station's) between batches, then drains the queue.
10,000 orders are imported once, before the stations start.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "douyin_orders.csv"
STATIONS = 4
PER_STATION = 2500
BATCH = 250  # orders a station allocates (and queues) at a time
LABELS_PER_JOB = 50  # labels per queued print job, one PDF file each


def write_to_ship_orders(out: Path, orders: int) -> int:
    """The sample's orders that are plainly waiting to ship, copied with new order ids
    until there are at least `orders` of them; returns how many were written."""
    with open(SAMPLE, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    oid, sub = header.index("主订单编号"), header.index("子订单编号")
    status, after = header.index("订单状态"), header.index("售后状态")
    by_order: dict[str, list[list[str]]] = defaultdict(list)
    for r in rows:
        by_order[r[oid]].append(r)
    clean = [rs for rs in by_order.values()
             if all(r[status] == "待发货" and r[after] in ("-", "") for r in rs)]
    written = 0
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        copy = 0
        while written < orders:
            for rs in clean:
                for r in rs:
                    r2 = list(r)
                    r2[oid] = str(int(r[oid]) + copy * 10**6)
                    r2[sub] = str(int(r[sub]) + copy * 10**6)
                    w.writerow(r2)
                written += 1
            copy += 1
    return written


# ------------------------------------------------------------------- one station


def station_main(argv: list[str] | None = None) -> int:
    """One station: allocate its orders, queue their labels, print whatever is queued."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--station", required=True)
    ap.add_argument("--ids", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--go", type=Path, required=True)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from app.services import print_queue as pq
    from app.services.waybills import allocate_waybills
    from app.services.workspace import Workspace

    ids = json.loads(args.ids.read_text())
    ws = Workspace.open(args.db)
    ws.operator = args.station
    pq.recover(ws, args.station)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out.parent / f"{args.station}.ready").touch()
    parent, deadline = os.getppid(), time.monotonic() + 300
    while not args.go.exists():  # every station starts at the same instant
        if os.getppid() != parent or time.monotonic() > deadline:
            return 3  # the test that started this station is gone
        time.sleep(0.02)
    stats = {"station": args.station, "allocated": 0, "already": 0, "failed": [],
             "queued": 0, "jobs": 0, "labels": 0}
    t0 = time.monotonic()
    for start in range(0, len(ids), BATCH):
        part = ids[start:start + BATCH]
        a = allocate_waybills(ws, part)
        stats["allocated"] += a.allocated
        stats["already"] += a.already
        stats["failed"] += a.failed
        stats["queued"] += pq.enqueue(ws, part, chunk=LABELS_PER_JOB).queued
        done = pq.print_next(ws, args.station, args.out)  # print between batches
        if done:
            stats["jobs"] += 1
            stats["labels"] += done.printed
    stats["allocate_and_interleaved_print_s"] = round(time.monotonic() - t0, 2)
    for done in pq.drain(ws, args.station, args.out):
        stats["jobs"] += 1
        stats["labels"] += done.printed
    stats["seconds"] = round(time.monotonic() - t0, 2)
    use = resource.getrusage(resource.RUSAGE_SELF)
    stats["cpu_s"] = round(use.ru_utime + use.ru_stime, 2)
    ws.close()
    print(json.dumps(stats, ensure_ascii=False))
    return 0


# ------------------------------------------------------------------------- the tests

if __name__ != "__main__":
    from tests.integration import pg_fixture

    pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url


def _env(home: Path, station: str) -> dict[str, str]:
    return dict(os.environ, SHIPDESK_HOME=str(home), SHIPDESK_KEY_PASSPHRASE="stations",
                SHIPDESK_STATION=station, QT_QPA_PLATFORM="offscreen",
                PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")


def _start_stations(db: str, parts: list[list[int]], tmp: Path, home: Path):
    procs = []
    go = tmp / "go"
    for n, part in enumerate(parts, 1):
        ids_file = tmp / f"station{n}.json"
        ids_file.write_text(json.dumps(part))
        out = tmp / "pdf" / f"station{n}"
        procs.append(subprocess.Popen(
            [sys.executable, str(Path(__file__)), "--db", db, "--station", f"台{n}",
             "--ids", str(ids_file), "--out", str(out), "--go", str(go)],
            cwd=ROOT, env=_env(home, f"台{n}"), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 120
    while not all((tmp / "pdf" / f"台{n}.ready").exists() for n in range(1, len(parts) + 1)):
        for p in procs:
            if p.poll() is not None:
                pytest.fail(f"a station died while starting: {p.stderr.read()[-3000:]}")
        assert time.monotonic() < deadline, "stations did not start"
        time.sleep(0.05)
    go.touch()
    return procs


def _finish(procs) -> list[dict]:
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-4000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_four_stations_allocate_and_print_at_once(pg_url, tmp_path):
    from app.carriers.sandbox import ensure_sandbox_account
    from app.services.import_orders import import_files
    from app.services.orders import select_order_ids
    from app.services.workspace import Workspace
    from app.store.db import transaction
    from app.store.models import (
        Order,
        Parcel,
        PrintJob,
        PrintJobItem,
        SandboxIssued,
        WaybillRange,
        WaybillRequest,
    )

    home = tmp_path / "home"
    wanted = STATIONS * PER_STATION
    t0 = time.monotonic()
    csv_file = tmp_path / "orders.csv"
    write_to_ship_orders(csv_file, wanted)
    ws = Workspace.open(pg_url, key_dir=home / "keys", passphrase="stations")
    summary = import_files(ws, [csv_file])
    assert not summary.errors
    ids = select_order_ids(ws, status="to_ship", limit=wanted)
    assert len(ids) == wanted
    # the account and its number range exist before the stations start (as after setup)
    with transaction(ws.write) as s:
        acc = ensure_sandbox_account(s, "douyin", "ZTO", ws.clock())
        rng = s.scalar(select(WaybillRange).where(WaybillRange.account_id == acc.id))
        first_value, acc_id = rng.next_value, acc.id
    t_import = time.monotonic() - t0
    # interleaved slices: the stations' orders sit side by side in the tables
    parts = [ids[n::STATIONS] for n in range(STATIONS)]
    t1 = time.monotonic()
    results = _finish(_start_stations(pg_url, parts, tmp_path, home))
    t_stations = time.monotonic() - t1

    with ws.read() as s:
        # every order exactly one number, no number twice
        parcels = s.execute(select(Parcel.order_id, Parcel.waybill_no, Parcel.print_count,
                                   Parcel.state)).all()
        assert len(parcels) == wanted
        assert {p.order_id for p in parcels} == set(ids)
        numbers = [p.waybill_no for p in parcels]
        assert None not in numbers
        assert len(set(numbers)) == wanted, "duplicate waybill numbers"
        # gap-free: the numbers are exactly the first 10,000 of the range
        rng = s.scalar(select(WaybillRange).where(WaybillRange.account_id == acc_id))
        assert rng.next_value - first_value == wanted, "numbers were skipped or reused"
        values = sorted(int(n[len(rng.prefix):]) for n in numbers)
        assert values == list(range(first_value, first_value + wanted))
        assert s.scalar(select(func.count()).select_from(SandboxIssued)) == wanted
        assert s.scalar(select(func.count()).select_from(WaybillRequest)
                        .where(WaybillRequest.state == "done")) == wanted
        # every label printed exactly once, according to the print log
        sent = dict(s.execute(select(PrintJobItem.parcel_id, func.count())
                              .where(PrintJobItem.state == "sent")
                              .group_by(PrintJobItem.parcel_id)).all())
        assert len(sent) == wanted, f"{wanted - len(sent)} labels lost"
        assert set(sent.values()) == {1}, "a label was printed twice"
        assert s.scalar(select(func.count()).select_from(PrintJobItem)) == wanted
        assert {p.print_count for p in parcels} == {1}
        assert {p.state for p in parcels} == {"printed"}
        job_states = dict(s.execute(select(PrintJob.state, func.count())
                                    .group_by(PrintJob.state)).all())
        assert job_states == {"done": wanted // LABELS_PER_JOB}
        queued_by = dict(s.execute(select(PrintJob.operator, func.count())
                                    .group_by(PrintJob.operator)).all())
        assert s.scalar(select(func.count()).select_from(Order)) >= wanted
    ws.close()
    # and the PDFs hold exactly those labels: one page each
    pages = 0
    pdfs = list((tmp_path / "pdf").rglob("*.pdf"))
    for f in pdfs:
        doc = pdfium.PdfDocument(str(f))
        pages += len(doc)
        doc.close()
    assert len(pdfs) == wanted // LABELS_PER_JOB and pages == wanted
    assert not list((tmp_path / "pdf").rglob("*.part"))
    assert sum(r["allocated"] for r in results) == wanted
    assert sum(r["labels"] for r in results) == wanted
    assert all(not r["failed"] for r in results)
    assert all(r["jobs"] > 0 for r in results), "a station printed nothing"
    report = {"orders": wanted, "stations": STATIONS, "import_s": round(t_import, 1),
              "stations_s": round(t_stations, 1), "duplicates": 0, "lost": 0,
              "per_station": [{k: r[k] for k in ("station", "allocated", "jobs", "labels",
                                                 "seconds")} for r in results],
              "queued_by": queued_by}
    print("\nfour stations:", json.dumps(report, ensure_ascii=False))


def test_two_stations_allocating_the_same_orders_never_double_issue(pg_url, tmp_path,
                                                                   douyin_csv):
    """Both stations are given the same 100 orders. Whatever happens to the slower one,
    no order gets two numbers and no number goes to two orders."""
    from app.carriers.sandbox import ensure_sandbox_account
    from app.services.import_orders import import_files
    from app.services.orders import select_order_ids
    from app.services.workspace import Workspace
    from app.store.db import transaction
    from app.store.models import Parcel, SandboxIssued

    home = tmp_path / "home"
    ws = Workspace.open(pg_url, key_dir=home / "keys", passphrase="stations")
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=100)
    with transaction(ws.write) as s:
        ensure_sandbox_account(s, "douyin", "ZTO", ws.clock())
    procs = _start_stations(pg_url, [ids, list(reversed(ids))], tmp_path, home)
    for p in procs:
        p.communicate(timeout=300)  # one of them may fail on a unique key: that is safe
    with ws.read() as s:
        rows = s.execute(select(Parcel.order_id, Parcel.waybill_no)).all()
        assert len({r.order_id for r in rows}) == len(rows)  # one parcel per order
        numbers = [r.waybill_no for r in rows if r.waybill_no]
        assert len(numbers) == len(set(numbers))
        issued = s.execute(select(SandboxIssued.order_key, SandboxIssued.waybill_no)).all()
        assert len({i.order_key for i in issued}) == len(issued)
        assert len({i.waybill_no for i in issued}) == len(issued)
        assert set(numbers) <= {i.waybill_no for i in issued}
    ws.close()


if __name__ == "__main__":
    sys.exit(station_main())
