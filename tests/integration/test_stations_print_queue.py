"""The shared print queue: jobs claimed with SKIP LOCKED, each label printed once."""

from __future__ import annotations

import threading
import time

import pypdfium2 as pdfium
import pytest
from sqlalchemy import func, select, text

from app.services import print_queue as pq
from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.print_labels import PrintError
from app.services.waybills import allocate_waybills
from app.services.workspace import Workspace
from app.store.models import Parcel, PrintJob, PrintJobItem
from tests.integration import pg_fixture

pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url


@pytest.fixture(params=["sqlite", "postgresql"])
def sws(request, tmp_path, douyin_csv):
    db = str(tmp_path / "q.sqlite") if request.param == "sqlite" else \
        request.getfixturevalue("pg_url")
    ws = Workspace.open(db, key_dir=tmp_path / "keys")
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=12)
    allocate_waybills(ws, ids)
    ws.test_ids = ids
    yield ws
    ws.close()


def _log(ws) -> dict[int, int]:
    with ws.read() as s:
        return dict(s.execute(select(PrintJobItem.parcel_id, func.count())
                              .where(PrintJobItem.state == "sent")
                              .group_by(PrintJobItem.parcel_id)).all())


def test_queue_claim_print_each_label_once(sws, tmp_path):
    ids = sws.test_ids
    q = pq.enqueue(sws, ids, chunk=5)
    assert q.queued == 12 and len(q.jobs) == 3
    again = pq.enqueue(sws, ids)
    assert again.queued == 0 and all(s["message"] == "already in the print queue"
                                     for s in again.skipped)
    assert pq.queue_counts(sws) == {"queued": 12}
    a, b = pq.claim(sws, "台1"), pq.claim(sws, "台2")
    assert a.id != b.id and len(a.parcel_ids) == 5
    assert pq.queue_counts(sws) == {"queued": 2, "printing": 10}
    pa = pq.print_job(sws, a, tmp_path / "a.pdf")
    pb = pq.print_job(sws, b, tmp_path / "b.pdf")
    rest = pq.drain(sws, "台3", tmp_path / "c")
    assert pa.printed + pb.printed + sum(r.printed for r in rest) == 12
    assert pq.claim(sws, "台4") is None
    assert len(pdfium.PdfDocument(str(tmp_path / "a.pdf"))) == 5
    log = _log(sws)
    assert len(log) == 12 and set(log.values()) == {1}
    with sws.read() as s:
        jobs = {j.id: j for j in s.scalars(select(PrintJob))}
        assert {j.state for j in jobs.values()} == {"done"}
        assert jobs[a.id].target.endswith("a.pdf")
        assert all(p.print_count == 1 and p.printed_at for p in s.scalars(select(Parcel)))
    # printed labels are not queued again unless asked
    assert pq.enqueue(sws, ids).queued == 0
    re = pq.enqueue(sws, ids[:2], reprint=True)
    assert re.queued == 2
    job = pq.claim(sws, "台1")
    assert job.reprint
    pq.print_job(sws, job, tmp_path / "re.pdf")
    assert sorted(_log(sws).values()).count(2) == 2


def test_a_station_that_died_mid_job_is_not_reprinted_by_itself(sws, tmp_path):
    pq.enqueue(sws, sws.test_ids, chunk=6)
    job = pq.claim(sws, "台1")
    # 台1 dies here. Another station never takes its job...
    others = pq.drain(sws, "台2", tmp_path)
    assert [o.job_id for o in others] != [] and job.id not in [o.job_id for o in others]
    assert pq.claim(sws, "台2") is None
    # ...台1 comes back, its job is marked interrupted; the person requeues it
    assert pq.recover(sws, "台1") == [job.id]
    assert pq.queue_counts(sws) == {"interrupted": 6}
    assert pq.requeue(sws, job.id)
    assert not pq.requeue(sws, job.id)  # already queued
    printed = pq.print_next(sws, "台1", tmp_path)
    assert printed.job_id == job.id and printed.printed == 6
    assert set(_log(sws).values()) == {1} and len(_log(sws)) == 12


def test_render_failure_logs_and_nothing_is_marked_printed(sws, tmp_path):
    pq.enqueue(sws, sws.test_ids[:3])
    job = pq.claim(sws, "台1")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PrintError, match="cannot write"):
        pq.print_job(sws, job, blocker / "sub" / "out.pdf")
    with sws.read() as s:
        assert s.get(PrintJob, job.id).state == "failed"
        assert {i.state for i in s.scalars(select(PrintJobItem))} == {"failed"}
        assert s.scalar(select(func.count()).select_from(Parcel)
                        .where(Parcel.printed_at.is_not(None))) == 0
    assert pq.requeue(sws, job.id)


def test_claims_skip_locked_jobs_instead_of_waiting(pg_url, tmp_path, douyin_csv):
    ws = Workspace.open(pg_url, key_dir=tmp_path / "keys")
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=4)
    allocate_waybills(ws, ids)
    first, second = pq.enqueue(ws, ids, chunk=2).jobs
    held = threading.Event()
    release = threading.Event()

    def hold_first() -> None:  # another station in the middle of claiming job 1
        with ws.engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT id FROM print_jobs WHERE id = :i FOR UPDATE"),
                         {"i": first})
            held.set()
            release.wait(20)

    t = threading.Thread(target=hold_first)
    t.start()
    assert held.wait(10)
    t0 = time.monotonic()
    job = pq.claim(ws, "台2")
    waited = time.monotonic() - t0
    release.set()
    t.join()
    assert job.id == second and waited < 2
    ws.close()


def test_enqueue_skips_orders_without_numbers(sws, douyin_csv):
    more = select_order_ids(sws, status="to_ship", has_waybill=False, limit=2)
    stopped = select_order_ids(sws, status="cancelled", limit=1)
    q = pq.enqueue(sws, more + stopped + sws.test_ids[:1])
    assert q.queued == 1
    assert {s["message"] for s in q.skipped} == {"no waybill number yet: allocate first"}
    with pytest.raises(PrintError, match="size"):
        pq.enqueue(sws, sws.test_ids, size="1x1")


def test_a_station_prints_queued_jobs_on_its_own_label_printer(sws, tmp_path):
    """Queued anywhere, printed as ZPL on the claiming station's 9100 printer; a printer
    that dies mid-job leaves exactly the unsent labels for a resume."""
    from app.services.print_labels import resume_print_job
    from app.services.printers import PrinterConfig
    from tests.integration.test_printing_tcp import FakePrinter, waybills

    ids = sws.test_ids
    pq.enqueue(sws, ids, chunk=12)
    fake = FakePrinter()
    printer = PrinterConfig(name="台1热敏", kind="tcp", host="127.0.0.1", port=fake.port,
                            language="zpl", timeout=5)
    done = pq.print_next_on(sws, "台1", printer)
    fake.wait()
    assert done.printed == 12 and len(fake.labels) == 12
    with sws.read() as s:
        numbers = [p.waybill_no for p in s.scalars(select(Parcel).order_by(Parcel.id))]
        job = s.get(PrintJob, done.job_id)
        assert job.state == "done" and job.fmt == "zpl" and job.done == 12
    assert sorted(waybills(fake.labels)) == sorted(numbers)
    assert set(_log(sws).values()) == {1}
    assert pq.print_next_on(sws, "台1", printer) is None

    # reprint the batch on a printer that dies after 3 labels, then resume the rest
    pq.enqueue(sws, ids, chunk=12, reprint=True)
    dying = FakePrinter(kill_after=3)
    printer = PrinterConfig(name="台2热敏", kind="tcp", host="127.0.0.1", port=dying.port,
                            language="zpl", timeout=5)
    with pytest.raises(PrintError, match="resume"):
        pq.print_next_on(sws, "台2", printer)
    dying.wait()
    got = len(dying.labels)
    with sws.read() as s:
        job = s.scalars(select(PrintJob).order_by(PrintJob.id.desc())).first()
        assert job.state == "interrupted" and job.done == got
    back = FakePrinter(port=dying.port)
    rest = resume_print_job(sws, job.id, printer)
    back.wait()
    assert rest.printed == 12 - got and len(back.labels) == 12 - got
    assert sorted(waybills(dying.labels) + waybills(back.labels)) == sorted(numbers)
    assert set(_log(sws).values()) == {2}
