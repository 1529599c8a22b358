"""A print queue shared by several stations: queued jobs are claimed with SKIP LOCKED.

A station (or the person at it) queues labels; every printing station takes the next
queued job, prints it and logs it. The claim is a row lock taken with
`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, so four stations asking at once take
four different jobs without waiting for each other; the job is then marked `printing`
under the claiming station's name, in the same short transaction, and no lock is held
while the labels render. On SQLite the write transaction (BEGIN IMMEDIATE) serialises
claims instead.

A job left `printing` by a station that died is not printed again by itself (its labels
may already be on paper): `recover` marks it `interrupted`, and `requeue` puts it back
when the person at the desk says so. A label is printed twice only when someone asks.

States of a queued job: queued → printing → done | failed | interrupted (→ queued).
The items of a job are its print log: pending → sent | failed.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import selectinload

from app.core.orders import STOPPED
from app.labels.pdf import render_pdf
from app.services.print_labels import SIZES, PrintError, PrintSummary, _stream, render_chunks
from app.services.print_labels import _label as label_data
from app.services.printers import PrinterConfig
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Parcel, PrintJob, PrintJobItem, Recipient, Shop

QUEUED, PRINTING, DONE, FAILED, INTERRUPTED = "queued", "printing", "done", "failed", "interrupted"
#: labels per queued job: small jobs spread a big batch over the stations that print
DEFAULT_CHUNK = 50


@dataclass
class QueueSummary:
    queued: int = 0
    jobs: list[int] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"queued": self.queued, "jobs": self.jobs, "skipped": self.skipped}


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    size: str
    fmt: str
    parcel_ids: tuple[int, ...]
    reprint: bool


@dataclass
class PrintedJob:
    job_id: int
    printed: int
    out: str


def enqueue(ws: Workspace, order_ids: Sequence[int], *, size: str = "76x130",
            fmt: str = "pdf", reprint: bool = False,
            chunk: int = DEFAULT_CHUNK) -> QueueSummary:
    """Queue the labels of these orders' parcels, `chunk` labels per job.

    A parcel already waiting in the queue is not queued again, and one already printed
    only with `reprint`. The parcels are row-locked while this is decided, so two
    stations queueing the same orders at once queue each label once.
    """
    if size not in SIZES:
        raise PrintError(f"unknown label size {size!r}; choose one of {', '.join(SIZES)}")
    if fmt != "pdf":
        raise PrintError(f"format {fmt!r} is not available yet; use pdf")
    summary = QueueSummary()
    stopped = {st.value for st in STOPPED}
    with transaction(ws.write) as s:
        rows = s.execute(
            select(Parcel.id, Parcel.waybill_no, Parcel.printed_at, Order.id,
                   Order.platform_order_id, Order.status)
            .join(Order, Order.id == Parcel.order_id)
            .where(Parcel.order_id.in_(list(order_ids)))
            .order_by(Parcel.id)
            .with_for_update(of=Parcel)
        ).all()
        has_parcel = {r[3] for r in rows}
        for oid in order_ids:
            if oid not in has_parcel:
                summary.skipped.append({"order": str(oid),
                                        "message": "no waybill number yet: allocate first"})
        waiting = set(s.scalars(
            select(PrintJobItem.parcel_id)
            .join(PrintJob, PrintJob.id == PrintJobItem.job_id)
            .where(PrintJobItem.parcel_id.in_([r[0] for r in rows]),
                   PrintJob.state.in_((QUEUED, PRINTING)))))
        chosen: list[tuple[int, bool]] = []
        for pid, waybill_no, printed_at, _oid, poid, status in rows:
            if status in stopped:
                summary.skipped.append({"order": poid, "message": f"order is {status}: do not ship"})
            elif not waybill_no:
                summary.skipped.append({"order": poid,
                                        "message": "no waybill number yet: allocate first"})
            elif pid in waiting:
                summary.skipped.append({"order": poid, "message": "already in the print queue"})
            elif printed_at is not None and not reprint:
                summary.skipped.append({"order": poid,
                                        "message": "already printed: choose reprint to print again"})
            else:
                chosen.append((pid, printed_at is not None))
        for start in range(0, len(chosen), max(1, chunk)):
            part = chosen[start:start + max(1, chunk)]
            job = PrintJob(idem_key=uuid.uuid4().hex, fmt=fmt, size=size, target="",
                           state=QUEUED, total=len(part), operator=ws.operator,
                           created_at=ws.clock())
            s.add(job)
            s.flush()
            s.add_all(PrintJobItem(job_id=job.id, parcel_id=pid, seq=n, is_reprint=again)
                      for n, (pid, again) in enumerate(part))
            summary.jobs.append(job.id)
        summary.queued = len(chosen)
        if chosen:
            ws.audit(s, "print_enqueue", "print_queue", "", labels=len(chosen),
                     jobs=len(summary.jobs))
    return summary


def claim(ws: Workspace, station: str) -> ClaimedJob | None:
    """Take the oldest queued job for this station, or None when the queue is empty.

    Jobs another station is claiming at this instant are skipped, not waited for.
    """
    with transaction(ws.write) as s:
        job = s.scalar(
            select(PrintJob)
            .where(PrintJob.state == QUEUED)
            .order_by(PrintJob.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        if job is None:
            return None
        job.state = PRINTING
        job.target = station[:256]
        items = s.execute(select(PrintJobItem.parcel_id, PrintJobItem.is_reprint)
                          .where(PrintJobItem.job_id == job.id)
                          .order_by(PrintJobItem.seq)).all()
        ws.audit(s, "print_claim", "print_job", str(job.id), station=station)
        return ClaimedJob(job.id, job.size, job.fmt, tuple(p for p, _ in items),
                          any(r for _, r in items))


def _job_labels(ws: Workspace, job: ClaimedJob) -> tuple[list, list[int]]:
    """The label data of a claimed job in the job's order, and those labels' parcel ids.

    An order stopped since it was queued (cancelled, refunded, intercepted at another
    desk) is not printed: its item is marked skipped with the reason.
    """
    stopped = {st.value for st in STOPPED}
    with ws.read() as s:
        parcels = {p.id: p for p in s.scalars(select(Parcel).where(
            Parcel.id.in_(job.parcel_ids)))}
        orders = {o.id: o for o in s.scalars(
            select(Order).options(selectinload(Order.items))
            .where(Order.id.in_({p.order_id for p in parcels.values()})))}
        rcps = {r.id: r for r in s.scalars(select(Recipient).where(
            Recipient.id.in_({o.recipient_id for o in orders.values() if o.recipient_id})))}
        shops = {sh.id: sh for sh in s.scalars(select(Shop).where(
            Shop.id.in_({o.shop_id for o in orders.values()})))}
        labels, kept, skipped = [], [], {}
        for pid in job.parcel_ids:
            p = parcels.get(pid)
            o = orders.get(p.order_id) if p is not None else None
            if p is None or o is None:
                skipped[pid] = "the parcel is gone"
            elif o.status in stopped:
                skipped[pid] = f"order is {o.status}: do not ship"
            else:
                labels.append(label_data(ws, o, p, rcps.get(o.recipient_id), shops[o.shop_id]))
                kept.append(pid)
    if skipped:
        with transaction(ws.write) as s:
            for pid, why in skipped.items():
                s.execute(update(PrintJobItem).where(PrintJobItem.job_id == job.id,
                                                     PrintJobItem.parcel_id == pid)
                          .values(state="skipped", error=why))
    return labels, kept


def print_job(ws: Workspace, job: ClaimedJob, out: str | Path, *, dpi: int = 203) -> PrintedJob:
    """Render a claimed job into `out` (a PDF) and log every label as sent."""
    out = Path(out)
    labels, kept = _job_labels(ws, job)
    if not labels:
        _finish(ws, job.id, DONE, "nothing left to print")
        return PrintedJob(job.id, 0, "")
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        render_pdf(labels, job.size, tmp, dpi=dpi)
        os.replace(tmp, out)
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        message = str(exc) if isinstance(exc, ValueError) else \
            f"cannot write {out}: {exc.strerror or exc}"
        _finish(ws, job.id, FAILED, message)
        raise PrintError(f"print job {job.id} failed: {message}") from None
    now = ws.clock()
    with transaction(ws.write) as s:
        s.execute(update(PrintJobItem).where(PrintJobItem.job_id == job.id,
                                             PrintJobItem.parcel_id.in_(kept))
                  .values(state="sent", sent_at=now))
        s.execute(update(Parcel).where(Parcel.id.in_(kept))
                  .values(printed_at=now, state="printed", print_count=Parcel.print_count + 1))
        s.execute(update(PrintJob).where(PrintJob.id == job.id)
                  .values(state=DONE, done=len(kept), finished_at=now,
                          target=str(out)[:256]))
        ws.audit(s, "reprint" if job.reprint else "print", "print_job", str(job.id),
                 labels=len(kept))
    return PrintedJob(job.id, len(kept), str(out))


def print_next(ws: Workspace, station: str, out_dir: str | Path) -> PrintedJob | None:
    """Claim one queued job and print it to `out_dir`/job-ID.pdf; None when none is left."""
    job = claim(ws, station)
    if job is None:
        return None
    return print_job(ws, job, Path(out_dir) / f"job-{job.id}.pdf")


def print_job_on(ws: Workspace, job: ClaimedJob, printer: PrinterConfig) -> PrintedJob:
    """Print a claimed job on this station's own printer.

    A PDF printer writes job-ID.pdf into its folder. A label printer gets the job in its
    own language (ZPL/TSPL at its dpi, offset and darkness), streamed label by label; the
    log follows what the printer acknowledged, so a printer that goes off leaves the job
    *interrupted* with exactly the unsent labels pending, for 「继续打印」 or `requeue`.
    """
    if printer.kind == "pdf":
        return print_job(ws, job, Path(printer.folder) / f"job-{job.id}.pdf", dpi=printer.dpi)
    labels, kept = _job_labels(ws, job)
    if not labels:
        _finish(ws, job.id, DONE, "nothing left to print")
        return PrintedJob(job.id, 0, printer.describe())
    transport = printer.open_transport()
    with transaction(ws.write) as s:
        # the job is now in this printer's language: a resume must speak it too
        s.execute(update(PrintJob).where(PrintJob.id == job.id)
                  .values(fmt=printer.fmt))
        todo = [tuple(r) for r in s.execute(
            select(PrintJobItem.id, PrintJobItem.parcel_id)
            .where(PrintJobItem.job_id == job.id, PrintJobItem.parcel_id.in_(kept))
            .order_by(PrintJobItem.seq)).all()]
    chunks = render_chunks(labels, printer.fmt, job.size, dpi=printer.dpi,
                           darkness=printer.darkness, offset_mm=printer.offset_mm)
    summary = PrintSummary(out=printer.describe(), job_id=job.id)
    _stream(ws, summary, transport, chunks, todo, progress=None, cancelled=None, paused=None)
    with transaction(ws.write) as s:
        ws.audit(s, "reprint" if job.reprint else "print", "print_job", str(job.id),
                 labels=summary.printed, printer=printer.name)
    return PrintedJob(job.id, summary.printed, printer.describe())


def print_next_on(ws: Workspace, station: str, printer: PrinterConfig) -> PrintedJob | None:
    """Claim one queued job and print it on `printer`; None when the queue is empty."""
    job = claim(ws, station)
    if job is None:
        return None
    return print_job_on(ws, job, printer)


def drain(ws: Workspace, station: str, out_dir: str | Path) -> list[PrintedJob]:
    """Print queued jobs until the queue is empty (other stations may be printing too)."""
    done = []
    while (printed := print_next(ws, station, out_dir)) is not None:
        done.append(printed)
    return done


def _finish(ws: Workspace, job_id: int, state: str, message: str) -> None:
    with transaction(ws.write) as s:
        s.execute(update(PrintJobItem).where(PrintJobItem.job_id == job_id,
                                             PrintJobItem.state == "pending")
                  .values(state="failed", error=message))
        s.execute(update(PrintJob).where(PrintJob.id == job_id)
                  .values(state=state, error=message, finished_at=ws.clock()))


def recover(ws: Workspace, station: str) -> list[int]:
    """Jobs this station left `printing` (it crashed): mark them interrupted, return ids.

    They are not queued again by themselves: their labels may be on paper already.
    """
    with transaction(ws.write) as s:
        ids = list(s.scalars(select(PrintJob.id).where(
            PrintJob.state == PRINTING, PrintJob.target == station[:256])))
        if ids:
            s.execute(update(PrintJob).where(PrintJob.id.in_(ids)).values(
                state=INTERRUPTED, error="the station stopped while printing",
                finished_at=ws.clock()))
            ws.audit(s, "print_interrupted", "print_queue", "", jobs=ids)
    return ids


def requeue(ws: Workspace, job_id: int) -> bool:
    """Put an interrupted or failed job back in the queue (the person asked for it)."""
    with transaction(ws.write) as s:
        n = s.execute(update(PrintJob).where(PrintJob.id == job_id,
                                             PrintJob.state.in_((INTERRUPTED, FAILED)))
                      .values(state=QUEUED, target="", error="", finished_at=None)).rowcount
        if n:
            s.execute(update(PrintJobItem).where(PrintJobItem.job_id == job_id,
                                                 PrintJobItem.state != "sent")
                      .values(state="pending", error=""))
            ws.audit(s, "print_requeue", "print_job", str(job_id))
    return bool(n)


def queue_counts(ws: Workspace) -> dict[str, int]:
    """Labels per queue state, for a status bar: {"queued": n, "printing": n, …}."""
    with ws.read() as s:
        rows = s.execute(select(PrintJob.state, func.coalesce(func.sum(PrintJob.total), 0))
                         .where(and_(PrintJob.state.in_((QUEUED, PRINTING, INTERRUPTED))))
                         .group_by(PrintJob.state)).all()
    return {state: int(n) for state, n in rows}
