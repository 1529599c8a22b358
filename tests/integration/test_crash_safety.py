"""Crash safety: kill -9 the process at many points of import, waybill allocation and batch
printing; restart; the state is consistent.

Each run is a real child process (forked from a preloaded fork server) that opens the
database, arms one crash point (`app.services.faults`: before every SQL statement, before
every COMMIT, and around the file renames of printing) and runs the use case. At the
armed point it SIGKILLs itself: no `finally`, no rollback, nothing flushed. The test
process then plays the restarted workstation: it opens the database, runs the recovery a
user would (allocate again / reconcile pending; recover the print queue and drain it;
import the file again) and checks the invariants:

- import: the file is in whole or not at all; importing it again completes it;
- allocation: every parcel has exactly one number, the number the provider issued for it
  (no second number, none issued and lost, none pending), and the range has no gap;
- printing: a label is on paper at most once unless someone asks (a job interrupted
  mid-print is set aside, not reprinted); queued jobs resume; done jobs stay done.

By default the points tried are all COMMITs and file renames plus an even spread of 10
of the statements SQLAlchemy sends and 10 of those SQLite runs (bulk inserts row by
row); SHIPDESK_CRASH_POINTS=N spreads N of each, SHIPDESK_CRASH_FULL=1 tries every one
(several minutes), SHIPDESK_CRASH_CLI_RUNS=N kills N CLI runs per command. A summary (points tried per
operation and their outcomes) is written to <tmp>/crash-summary.json and printed.
Also: real `shipdesk` CLI processes killed with SIGKILL after random delays.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL") or sys.platform == "win32",
                                reason="needs POSIX processes and SIGKILL")

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "samples" / "douyin_orders.csv"
PASSPHRASE = "crash-test-passphrase"
FULL = os.environ.get("SHIPDESK_CRASH_FULL") == "1"
SQL_POINTS = int(os.environ.get("SHIPDESK_CRASH_POINTS", "10"))  # per kind, unless FULL
SUMMARY: dict[str, dict[str, object]] = {}


@pytest.fixture(autouse=True)
def _cheap_key_files(monkeypatch):
    """Hundreds of restarts each open the key file: a cheap scrypt cost for test keys."""
    from app.store import keys

    monkeypatch.setattr(keys, "FILE_SCRYPT_N", 2**10)

_CTX = None


def _ctx():  # noqa: ANN202
    global _CTX
    if _CTX is None:
        _CTX = mp.get_context("forkserver")
        _CTX.set_forkserver_preload([
            "app.services.import_orders", "app.services.waybills", "app.services.print_queue",
            "app.services.print_labels", "app.services.faults", __name__])
    return _CTX


# ------------------------------------------------------------------------------ the child


def _op_import(ws, job):  # noqa: ANN001, ANN202
    from app.services.import_orders import import_files

    import_files(ws, [job["file"]])


def _op_allocate(ws, job):  # noqa: ANN001, ANN202
    from app.services.waybills import allocate_waybills

    allocate_waybills(ws, job["ids"])


def _op_print_queue(ws, job):  # noqa: ANN001, ANN202
    from app.services import print_queue

    print_queue.enqueue(ws, job["ids"], chunk=4)
    print_queue.drain(ws, "desk-1", job["out"])


def _op_print_direct(ws, job):  # noqa: ANN001, ANN202
    from app.services.print_labels import print_labels

    print_labels(ws, job["ids"], out=job["out"])


OPS = {"import": _op_import, "allocate": _op_allocate, "print_queue": _op_print_queue,
       "print_direct": _op_print_direct}


def _child(job: dict) -> None:
    """Runs in the child process: arm one crash point, run the operation."""
    from app.services import faults
    from app.services.workspace import Workspace

    faults.install_sql_points()
    faults.install_sqlite_trace_points()
    for mod, name, value in job.get("patch", ()):
        obj = importlib.import_module(mod)
        *path, attr = name.split(".")
        for p in path:
            obj = getattr(obj, p)
        setattr(obj, attr, value)
    real_replace = os.replace

    def replace(a, b):  # noqa: ANN001, ANN202
        faults.crash_point("replace.before")
        real_replace(a, b)
        faults.crash_point("replace.after")

    os.replace = replace
    ws = Workspace.open(job["db"], key_dir=Path(job["key_dir"]), passphrase=PASSPHRASE,
                        use_keyring=False)
    faults.arm(job.get("spec"))
    OPS[job["op"]](ws, job)
    if job.get("counts"):
        faults.write_counts(job["counts"])
    ws.close()


def _run(job: dict, timeout: float = 120) -> int:
    p = _ctx().Process(target=_child, args=(job,))
    p.start()
    p.join(timeout)
    if p.exitcode is None:
        p.kill()
        p.join()
        raise AssertionError(f"child hung at {job.get('spec')}")
    return p.exitcode


# ------------------------------------------------------------------------------ harness


def _open(db: Path, key_dir: Path):  # noqa: ANN202
    from app.services.workspace import Workspace

    return Workspace.open(str(db), key_dir=key_dir, passphrase=PASSPHRASE, use_keyring=False)


def _copy_db(src: Path, dst: Path) -> None:
    for p in dst.parent.glob(dst.name + "*"):
        p.unlink()
    shutil.copyfile(src, dst)


def _integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("pragma integrity_check").fetchone()[0]
    finally:
        con.close()


def _points(counts: dict[str, int]) -> list[str]:
    pts = [f"commit:{n}" for n in range(1, counts.get("commit", 0) + 1)]
    for label in ("replace.before", "replace.after"):
        pts += [f"{label}:{n}" for n in range(1, counts.get(label, 0) + 1)]
    for label in ("sql", "stmt"):
        n = counts.get(label, 0)
        if FULL or n <= SQL_POINTS:
            picked = list(range(1, n + 1))
        else:
            step = n / SQL_POINTS
            picked = sorted({1, 2, n} | {int(1 + k * step) for k in range(SQL_POINTS)})
        pts += [f"{label}:{k}" for k in picked]
    return pts


def _drive(op: str, template: Path, key_dir: Path, work: Path, job: dict, check) -> dict:  # noqa: ANN001
    """Count the points of `op`, then kill it at each and check the restarted state."""
    db = work / "crash.sqlite"
    counts_file = work / "counts.json"
    _copy_db(template, db)
    assert _run({**job, "op": op, "db": str(db), "key_dir": str(key_dir),
                 "counts": str(counts_file)}) == 0
    counts = json.loads(counts_file.read_text())
    clean = check(db, None, job)  # the uninterrupted run must pass the same checks
    tried, killed, finished = [], 0, 0
    notes: dict[str, int] = {}
    for spec in _points(counts):
        _copy_db(template, db)
        for f in Path(job.get("out_dir", work / "none")).glob("*"):
            f.unlink()
        if job.get("out") and Path(job["out"]).is_file():
            Path(job["out"]).unlink()
        code = _run({**job, "op": op, "db": str(db), "key_dir": str(key_dir), "spec": spec})
        assert code in (-signal.SIGKILL, 0), (spec, code)
        killed += code == -signal.SIGKILL
        finished += code == 0
        assert _integrity(db) == "ok", spec
        note = check(db, spec, job)
        for k, v in (note or {}).items():
            notes[k] = notes.get(k, 0) + v
        tried.append(spec)
    result = {"points": len(tried), "killed": killed, "finished_before_point": finished,
              "sql_statements": counts.get("sql", 0),
              "sqlite_statements": counts.get("stmt", 0), "commits": counts.get("commit", 0),
              "renames": counts.get("replace.before", 0), "clean_run": clean, **notes,
              "result": "consistent after every kill"}
    SUMMARY[op] = result
    out = Path(os.environ.get("SHIPDESK_CRASH_SUMMARY", work.parent / "crash-summary.json"))
    out.write_text(json.dumps(SUMMARY, indent=1, ensure_ascii=False))
    print(f"\n{op}: {json.dumps(result, ensure_ascii=False)}")
    return result


# ------------------------------------------------------------------------------ import


def test_kill_during_import(tmp_path):
    from app.store.models import AuditLog, Order, OrderItem, Recipient

    key_dir = tmp_path / "keys"
    template = tmp_path / "template.sqlite"
    _open(template, key_dir).close()
    with open(SAMPLE, encoding="utf-8-sig") as f:
        rows = f.read().count("\n") - 1
    job = {"file": str(SAMPLE),
           "patch": [("app.services.import_orders", "BATCH", 50)]}  # several batches

    full: dict[str, int] = {}

    def check(db, spec, job):  # noqa: ANN001, ANN202
        ws = _open(db, key_dir)
        try:
            with ws.read() as s:
                n = {"orders": s.scalar(select(func.count()).select_from(Order)),
                     "items": s.scalar(select(func.count()).select_from(OrderItem)),
                     "recipients": s.scalar(select(func.count()).select_from(Recipient)),
                     "audits": s.scalar(select(func.count()).select_from(AuditLog)
                                        .where(AuditLog.action == "import"))}
            if spec is None:
                full.update(n)
                assert n["items"] == rows and n["audits"] == 1
                return {}
            # all or nothing: no half-imported file
            assert n == full or n == {"orders": 0, "items": 0, "recipients": 0,
                                      "audits": 0}, (spec, n)
            from app.services.import_orders import import_files

            again = import_files(ws, [job["file"]])
            assert again.errors == []
            with ws.read() as s:
                assert s.scalar(select(func.count()).select_from(Order)) == full["orders"]
                assert s.scalar(select(func.count()).select_from(OrderItem)) == full["items"]
            return {"nothing_imported": int(n["orders"] == 0), "whole_file": int(n == full)}
        finally:
            ws.close()

    res = _drive("import", template, key_dir, tmp_path, job, check)
    assert res["killed"] >= 5 and res["nothing_imported"] >= 1


# ------------------------------------------------------------------------------ allocation


def _imported_template(tmp_path: Path, key_dir: Path) -> tuple[Path, list[int]]:
    from app.services.import_orders import import_files
    from app.services.orders import select_order_ids

    template = tmp_path / "template.sqlite"
    ws = _open(template, key_dir)
    try:
        import_files(ws, [SAMPLE])
        ids = select_order_ids(ws, status="to_ship", limit=40)
    finally:
        ws.close()
    return template, ids


def _waybill_state(ws, ids):  # noqa: ANN001, ANN202
    from app.store.models import Order, Parcel, SandboxIssued, WaybillRange, WaybillRequest

    with ws.read() as s:
        parcels = {oid: no for oid, no in s.execute(
            select(Parcel.order_id, Parcel.waybill_no).where(Parcel.order_id.in_(ids)))}
        poid = dict(s.execute(select(Order.id, Order.platform_order_id)
                              .where(Order.id.in_(ids))).all())
        issued = s.execute(select(SandboxIssued.order_key, SandboxIssued.waybill_no)
                           .where(SandboxIssued.cancelled.is_(False))).all()
        pending = s.scalar(select(func.count()).select_from(WaybillRequest)
                           .where(WaybillRequest.state == "pending")) or 0
        consumed = sum(r.next_value for r in s.scalars(select(WaybillRange)))
        every_issued = s.scalar(select(func.count()).select_from(SandboxIssued)) or 0
    return parcels, poid, issued, pending, consumed, every_issued


def _assert_waybills(ws, ids, start_consumed, complete):  # noqa: ANN001, ANN202
    parcels, poid, issued, pending, consumed, every_issued = _waybill_state(ws, ids)
    by_order: dict[str, list[str]] = {}
    for key, no in issued:
        by_order.setdefault(key, []).append(no)
    assert all(len(v) == 1 for v in by_order.values()), "two numbers for one parcel"
    numbers = [n for n in parcels.values() if n]
    assert len(numbers) == len(set(numbers))
    for oid, no in parcels.items():
        if no:  # a number on a parcel is the one the provider issued for it
            assert by_order.get(poid[oid]) == [no]
    # the range has no gap: every number claimed is a number issued (kept by the provider)
    assert consumed - start_consumed == every_issued
    if complete:
        assert pending == 0
        assert sorted(numbers) == sorted(n for v in by_order.values() for n in v)
        assert len(numbers) == len(ids), "a parcel without its number"
    return pending


def test_kill_during_waybill_allocation(tmp_path):
    from app.services.waybills import allocate_waybills, reconcile_pending

    key_dir = tmp_path / "keys"
    template, ids = _imported_template(tmp_path, key_dir)
    # the sandbox makes its account and range on first use: start from one that has them
    ws = _open(template, key_dir)
    try:
        allocate_waybills(ws, ids[:1])
        from app.store.models import WaybillRange

        with ws.read() as s:
            start = sum(r.next_value for r in s.scalars(select(WaybillRange))) - 1
    finally:
        ws.close()
    job = {"ids": ids, "patch": [("app.carriers.sandbox", "SandboxProvider.max_batch", 10)]}

    def check(db, spec, job):  # noqa: ANN001, ANN202
        ws = _open(db, key_dir)
        try:
            if spec is None:
                _assert_waybills(ws, ids, start, complete=True)
                return {}
            pending = _assert_waybills(ws, ids, start, complete=False)
            rec = reconcile_pending(ws)  # what the station does at start
            assert rec.failed == []
            _assert_waybills(ws, ids, start, complete=False)
            again = allocate_waybills(ws, ids)  # the user allocates the batch again
            assert again.failed == [] and again.pending == 0
            _assert_waybills(ws, ids, start, complete=True)
            return {"pending_after_kill": int(pending > 0),
                    "reconciled_numbers": rec.allocated}
        finally:
            ws.close()

    res = _drive("allocate", template, key_dir, tmp_path, job, check)
    assert res["killed"] >= 10 and res["pending_after_kill"] >= 1


# ------------------------------------------------------------------------------ printing


def _allocated_template(tmp_path: Path, key_dir: Path, n: int) -> tuple[Path, list[int]]:
    from app.services.waybills import allocate_waybills

    template, ids = _imported_template(tmp_path, key_dir)
    ws = _open(template, key_dir)
    try:
        allocate_waybills(ws, ids[:n])
    finally:
        ws.close()
    return template, ids[:n]


def _paper(ws, out_dir: Path) -> dict[int, int]:  # noqa: ANN001
    """How many times each parcel is on paper: the job files that exist."""
    from app.store.models import PrintJobItem

    on_paper: dict[int, int] = {}
    with ws.read() as s:
        for f in out_dir.glob("job-*.pdf"):
            job_id = int(f.stem.split("-")[1])
            for pid in s.scalars(select(PrintJobItem.parcel_id)
                                 .where(PrintJobItem.job_id == job_id)):
                on_paper[pid] = on_paper.get(pid, 0) + 1
    return on_paper


def test_kill_during_batch_printing(tmp_path):
    from app.services import print_queue
    from app.store.models import Parcel, PrintJob, PrintJobItem

    key_dir = tmp_path / "keys"
    template, ids = _allocated_template(tmp_path, key_dir, 16)
    out_dir = tmp_path / "printer"
    out_dir.mkdir()
    job = {"ids": ids, "out": str(out_dir), "out_dir": str(out_dir)}

    def check(db, spec, job):  # noqa: ANN001, ANN202
        ws = _open(db, key_dir)
        try:
            with ws.read() as s:
                pids = list(s.scalars(select(Parcel.id).where(Parcel.order_id.in_(ids))))
            if spec is None:
                assert _paper(ws, out_dir) == dict.fromkeys(pids, 1)
                return {}
            interrupted = print_queue.recover(ws, "desk-1")  # the station starts again
            with ws.read() as s:
                queued_any = s.scalar(select(func.count()).select_from(PrintJob)) or 0
            if not queued_any:  # the batch never reached the queue: the user prints it
                print_queue.enqueue(ws, ids, chunk=4)
            print_queue.drain(ws, "desk-1", out_dir)  # queued jobs resume
            paper = _paper(ws, out_dir)
            assert all(v == 1 for v in paper.values()), f"printed twice unasked at {spec}"
            with ws.read() as s:
                aside = set(s.scalars(select(PrintJobItem.parcel_id).join(
                    PrintJob, PrintJob.id == PrintJobItem.job_id)
                    .where(PrintJob.id.in_(interrupted))))
                states = dict(s.execute(select(PrintJob.id, PrintJob.state)).all())
                counts = dict(s.execute(select(Parcel.id, Parcel.print_count)
                                        .where(Parcel.id.in_(pids))).all())
            assert set(states.values()) <= {"done", "interrupted"}, states
            for pid in pids:
                if pid in aside:  # set aside for the person to decide: at most once
                    assert paper.get(pid, 0) <= 1 and counts[pid] == 0
                else:  # every other label is printed exactly once, and logged so
                    assert paper.get(pid) == 1 and counts[pid] == 1, (spec, pid)
            return {"interrupted_jobs_set_aside": len(interrupted),
                    "labels_on_paper_awaiting_decision": sum(paper.get(p, 0) for p in aside)}
        finally:
            ws.close()

    res = _drive("print_queue", template, key_dir, tmp_path, job, check)
    assert res["killed"] >= 10 and res["renames"] == 4


def test_kill_during_direct_printing(tmp_path):
    from app.services.print_labels import print_labels
    from app.store.models import Parcel, PrintJob

    key_dir = tmp_path / "keys"
    template, ids = _allocated_template(tmp_path, key_dir, 8)
    out = tmp_path / "labels.pdf"
    job = {"ids": ids, "out": str(out)}

    def check(db, spec, job):  # noqa: ANN001, ANN202
        ws = _open(db, key_dir)
        try:
            if spec is None:
                return {}
            file_before = out.exists()
            with ws.read() as s:
                unprinted = list(s.scalars(select(Parcel.order_id).where(
                    Parcel.order_id.in_(ids), Parcel.printed_at.is_(None))))
                stale = s.scalar(select(func.count()).select_from(PrintJob)
                                 .where(PrintJob.state == "pending")) or 0
            if unprinted:  # the user prints what is not printed yet
                print_labels(ws, unprinted, out=out)
            with ws.read() as s:
                counts = list(s.scalars(select(Parcel.print_count)
                                        .where(Parcel.order_id.in_(ids))))
            assert counts == [1] * len(ids), (spec, counts)
            return {"file_written_but_not_logged": int(file_before and bool(unprinted)),
                    "stale_pending_jobs": stale}
        finally:
            ws.close()

    res = _drive("print_direct", template, key_dir, tmp_path, job, check)
    assert res["killed"] >= 5


# ------------------------------------------------------------------------------ real CLI


def _cli_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHIPDESK_")}
    env.update(SHIPDESK_HOME=str(home), SHIPDESK_KEY_PASSPHRASE=PASSPHRASE,
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               PYTHONPATH=str(ROOT))
    return env


def _cli(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _timed(args: list[str], env: dict[str, str]) -> float:
    t0 = time.monotonic()
    proc = _cli(args, env)
    assert proc.wait(180) in (0, 1), proc.stderr.read()
    return time.monotonic() - t0


def test_cli_killed_at_random_moments(tmp_path):
    """SIGKILL from outside, at random moments, to real `shipdesk` processes."""
    from app.store.models import Order, Parcel, SandboxIssued, WaybillRequest

    rnd = random.Random(8)
    home = tmp_path / "home"
    env = _cli_env(home)
    db = tmp_path / "cli.sqlite"
    ops = {"import": ["import", str(SAMPLE)], "allocate": ["waybills", "allocate"],
           "print": ["print", "--out", str(tmp_path / "cli.pdf")]}
    runs, killed = dict.fromkeys(ops, 0), 0
    full_orders = None
    for op, args in ops.items():
        for _ in range(int(os.environ.get("SHIPDESK_CRASH_CLI_RUNS", "2"))):
            if op == "import":
                for p in tmp_path.glob("cli.sqlite*"):
                    p.unlink()
                if full_orders is None:  # a clean run first: its length and its result
                    took = _timed([*args, "--db", str(db)], env)
                    ws = _open_cli(db, home)
                    with ws.read() as s:
                        full_orders = s.scalar(select(func.count()).select_from(Order))
                    ws.close()
                    for p in tmp_path.glob("cli.sqlite*"):
                        p.unlink()
            proc = _cli([*args, "--db", str(db)], env)
            try:
                proc.wait(rnd.uniform(0.3, 1.3) * (took if op == "import" else took * 1.2))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                killed += 1
            runs[op] += 1
            if not db.exists():
                continue
            assert _integrity(db) == "ok"
            ws = _open_cli(db, home)
            try:
                with ws.read() as s:
                    n = s.scalar(select(func.count()).select_from(Order))
                    assert n in (0, full_orders)  # no half-imported file
                    numbers = list(s.scalars(select(Parcel.waybill_no)
                                             .where(Parcel.waybill_no.is_not(None))))
                    assert len(numbers) == len(set(numbers))
                    keys = list(s.scalars(select(SandboxIssued.order_key)
                                          .where(SandboxIssued.cancelled.is_(False))))
                    assert len(keys) == len(set(keys))  # one number per parcel
                    assert not s.scalar(select(func.count()).select_from(Parcel)
                                        .where(Parcel.print_count > 1))
            finally:
                ws.close()
        # restart: the same command completes the work
        _timed([*args, "--db", str(db)], env)
    ws = _open_cli(db, home)
    try:
        with ws.read() as s:
            assert s.scalar(select(func.count()).select_from(Order)) == full_orders
            assert not s.scalar(select(func.count()).select_from(WaybillRequest)
                                .where(WaybillRequest.state == "pending"))
            assert not s.scalar(select(func.count()).select_from(Parcel)
                                .where(Parcel.print_count > 1))
            assert s.scalar(select(func.count()).select_from(Parcel)
                            .where(Parcel.print_count == 1))
    finally:
        ws.close()
    SUMMARY["cli_random_sigkill"] = {"runs": sum(runs.values()), "killed": killed, **runs,
                                     "result": "consistent after every kill"}
    print(f"\ncli random SIGKILL: {SUMMARY['cli_random_sigkill']}")


def _open_cli(db: Path, home: Path):  # noqa: ANN202
    from app.services.workspace import Workspace

    return Workspace.open(str(db), key_dir=home / "keys", passphrase=PASSPHRASE,
                          use_keyring=False)
