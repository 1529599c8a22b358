"""Print labels: a logged job per batch, one log row per label, nothing marked printed unsent.

Paths: a PDF file (`out=`, all or nothing), or a printer (`printer=`: any Transport —
RawTcpPrinter, CupsPrinter, WindowsRawPrinter, SystemPrinter, FileTransport — or a
saved printer setting from app.services.printers) in pdf/zpl/tspl. Printer batches
stream in pick order (`pick_order="sku"|"import"`): the first label is on the wire
before the next is rendered. A label's log row turns `sent`, and its parcel `printed`,
only when the transport's `labels_sent` says the printer has it. A printer that goes
away leaves the job `interrupted`; `resume_print_job` sends the labels not yet sent,
so every label comes out exactly once. Pause/cancel are callbacks polled between
labels. Platform waybills with encrypted print data go through the platform's print
component instead (`print_via_component`).

Job states: pending (PDF) | printing → done | interrupted | cancelled | failed.
Item states: pending → sent | failed | cancelled | skipped (resume: printed elsewhere).
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.carriers.catalogue import carrier as lookup_carrier
from app.carriers.catalogue import tier as lookup_tier
from app.core.labeldata import LabelData, LabelItem, LabelParty
from app.core.masking import mask_address, mask_name, mask_phone
from app.core.orders import STOPPED
from app.labels.pdf import render_pdf
from app.labels.png import render_png
from app.labels.tspl import iter_tspl
from app.labels.zpl import iter_zpl
from app.printing.base import PrinterError, Transport
from app.printing.component import ComponentDocument, PrintComponent
from app.printing.file import FileTransport
from app.services.merge import merged_leads, riders_of
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import (
    Order,
    OrderItem,
    Parcel,
    PrintJob,
    PrintJobItem,
    Recipient,
    Shop,
    WaybillRequest,
)

SIZES = ("76x130", "100x150", "100x180")
FORMATS = ("pdf", "zpl", "tspl", "png")
PICK_ORDERS = ("sku", "import")
#: job states that `resume_print_job` takes up again
RESUMABLE = ("interrupted", "cancelled", "failed")
#: the log is written at least this often (seconds) while labels stream
_COMMIT_EVERY = 0.1
_IN_CHUNK = 500  # ids per IN (...) query


class PrintError(Exception):
    """Printing failed; the message says what to do. Nothing was marked printed."""


@dataclass
class PrintSummary:
    printed: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    out: str = ""
    job_id: int | None = None
    cancelled: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"printed": self.printed, "skipped": self.skipped, "out": self.out,
                "job_id": self.job_id, "cancelled": self.cancelled}


@lru_cache(maxsize=256)
def _sender(name: str, phone: str, province: str, city: str, district: str,
            detail: str) -> LabelParty:
    """The shop's masked sender block: the same for every label of a shop, so masked once."""
    region = " ".join(p for p in (province, city, district) if p)
    return LabelParty(
        name=mask_name(name),
        phone=mask_phone(phone) if phone else "",
        address=f"{region} {mask_address(detail)}".strip() if detail else region,
    )


def _label(ws: Workspace, order: Order, parcel: Parcel, rcp: Recipient | None,
           shop: Shop) -> LabelData:
    c = lookup_carrier(parcel.carrier_code)
    region = " ".join(p for p in (rcp.province, rcp.city, rcp.district, rcp.street) if p) \
        if rcp else ""
    return LabelData(
        waybill_no=parcel.waybill_no or "",
        carrier_code=c.code,
        carrier_name=c.name,
        service_name=lookup_tier(parcel.tier_code).name,
        sort_code=parcel.sort_code,
        short_address=parcel.short_address,
        package_center=parcel.package_center_name,
        package_center_code=parcel.package_center_code,
        recipient=LabelParty(
            name=rcp.name_masked if rcp else "",
            phone=rcp.phone_masked if rcp else "",
            address=f"{region} {rcp.detail_masked}".strip() if rcp else "",
        ),
        sender=_sender(shop.sender_name or shop.name, shop.sender_phone or "",
                       shop.sender_province or "", shop.sender_city or "",
                       shop.sender_district or "", shop.sender_detail or ""),
        order_id=order.platform_order_id,
        printed_at=ws.clock(),
        items=order.items if isinstance(order.items, tuple) else tuple(
            LabelItem(i.title, i.spec, i.qty, i.sku) for i in order.items),
        remark=order.buyer_message,
        pack_no=parcel.pack_no,
        pack_total=parcel.pack_total,
    )


def _order_key(pick_order: str | None) -> Callable[[tuple[Order, Parcel]], object] | None:
    if pick_order in (None, "", "given"):
        return None
    if pick_order == "import":
        return lambda op: op[0].id
    if pick_order == "sku":
        # the pick route: orders of the same SKU together, then in import order
        return lambda op: (tuple(sorted(i.sku or "\uffff" for i in op[0].items)) or ("\uffff",),
                           op[0].id)
    raise PrintError(f"unknown pick order {pick_order!r}; choose sku or import")


def _pdf_pages(labels: Iterable[LabelData], size: str, dpi: int) -> Iterator[bytes]:
    """One single-page PDF per label, for queues that take PDF (CUPS, spoolers)."""
    for label in labels:
        buf = io.BytesIO()
        render_pdf([label], size, buf, dpi)
        yield buf.getvalue()


def render_chunks(labels: Iterable[LabelData], fmt: str, size: str, *, dpi: int = 203,
                  darkness: int | None = None,
                  offset_mm: tuple[float, float] = (0.0, 0.0)) -> Iterator[bytes]:
    """The printer stream of `labels`, one chunk per label, rendered lazily."""
    if fmt == "zpl":
        return iter_zpl(labels, size, dpi, darkness, offset_mm)
    if fmt == "tspl":
        return iter_tspl(labels, size, dpi, darkness, offset_mm)
    if fmt == "pdf":
        return _pdf_pages(labels, size, dpi)
    if fmt == "png":  # the system print queue (app.printing.system) paints images
        return (render_png(label, size, dpi) for label in labels)
    raise PrintError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _describe(transport: Transport) -> str:
    describe = getattr(transport, "describe", None)
    if callable(describe):
        return str(describe())[:256]
    address = getattr(transport, "address", None)
    if address:
        return f"tcp://{address}"[:256]
    target = getattr(transport, "_target", None)
    if isinstance(target, str | Path):
        return str(target)[:256]
    return type(transport).__name__[:256]


def _transport_settings(printer: object, dpi: int | None, darkness: int | None,
                        offset_mm: tuple[float, float] | None
                        ) -> tuple[Transport, int, int | None, tuple[float, float]]:
    """A Transport, or a printer setting (app.services.printers.PrinterConfig) that opens
    one and carries the dpi/darkness/offset; explicit arguments win."""
    opener = getattr(printer, "open_transport", None)
    if callable(opener):
        cfg = printer
        transport = opener()
        return (transport, dpi or getattr(cfg, "dpi", 203),
                darkness if darkness is not None else getattr(cfg, "darkness", None),
                offset_mm or getattr(cfg, "offset_mm", (0.0, 0.0)))
    if not isinstance(printer, Transport):
        raise PrintError(f"not a printer: {printer!r}")
    return printer, dpi or 203, darkness, offset_mm or (0.0, 0.0)


_RECIPIENT_COLUMNS = (Recipient.id, Recipient.name_masked, Recipient.phone_masked,
                      Recipient.province, Recipient.city, Recipient.district, Recipient.street,
                      Recipient.detail_masked)


def _recipient(s: Session, rid: int | None) -> Recipient | None:
    """The receiver's printable fields: prefetched rows first, else the entity."""
    if not rid:
        return None
    hit = s.info.get("print_recipients", {}).get(rid)
    return hit if hit is not None else s.get(Recipient, rid)


@dataclass(frozen=True, slots=True)
class _OrderRow:
    """What a label and the printable checks read of an order (no ORM entity: a 500-label
    batch's first label must not wait for 2,000 entities to be built)."""

    id: int
    platform_order_id: str
    status: str
    recipient_id: int | None
    shop_id: int
    buyer_message: str
    items: tuple[LabelItem, ...]


@dataclass(frozen=True, slots=True)
class _ParcelRow:
    id: int
    order_id: int
    carrier_code: str
    tier_code: str
    waybill_no: str | None
    sort_code: str
    short_address: str
    package_center_name: str
    package_center_code: str
    printed_at: object | None
    pack_no: int
    pack_total: int


_ORDER_COLUMNS = (Order.id, Order.platform_order_id, Order.status, Order.recipient_id,
                  Order.shop_id, Order.buyer_message)
_PARCEL_COLUMNS = (Parcel.id, Parcel.order_id, Parcel.carrier_code, Parcel.tier_code,
                   Parcel.waybill_no, Parcel.sort_code, Parcel.short_address,
                   Parcel.package_center_name, Parcel.package_center_code, Parcel.printed_at,
                   Parcel.pack_no, Parcel.pack_total)


def _prefetch(s: Session, order_ids: Sequence[int]
              ) -> tuple[dict[int, _OrderRow], dict[int, _ParcelRow]]:
    """Load the orders (with items), their first parcels, recipients and shops in a few
    column queries instead of several per order: the first label of a big batch must not
    wait for hundreds of round trips or thousands of ORM entities. Recipients go to
    `s.info` (see `_recipient`); shops stay in the session's identity map, so `s.get`
    finds them without a query."""
    orders: dict[int, _OrderRow] = {}
    parcels: dict[int, _ParcelRow] = {}
    ids = list(dict.fromkeys(order_ids))
    for n in range(0, len(ids), _IN_CHUNK):
        part = ids[n:n + _IN_CHUNK]
        items: dict[int, list[LabelItem]] = {}
        # a merged parcel's label lists the items of every order it carries
        carried = {r: lead for lead, rs in riders_of(s, part).items() for r in rs}
        for oid, title, spec, qty, sku in s.execute(
                select(OrderItem.order_id, OrderItem.title, OrderItem.spec, OrderItem.qty,
                       OrderItem.sku).where(OrderItem.order_id.in_([*part, *carried]))
                .order_by(OrderItem.id)):
            items.setdefault(carried.get(oid, oid), []).append(LabelItem(title, spec, qty, sku))
        for row in s.execute(select(*_ORDER_COLUMNS).where(Order.id.in_(part))):
            orders[row[0]] = _OrderRow(*row, tuple(items.get(row[0], ())))
        for row in s.execute(select(*_PARCEL_COLUMNS).where(Parcel.order_id.in_(part),
                                                            Parcel.pack_no == 1)):
            parcels[row[1]] = _ParcelRow(*row)
    rids = sorted({o.recipient_id for o in orders.values() if o.recipient_id})
    # only the masked and region columns a label prints (no ciphertext): plain rows
    found: dict[int, object] = s.info.setdefault("print_recipients", {})
    for n in range(0, len(rids), _IN_CHUNK):
        found.update((r.id, r) for r in s.execute(
            select(*_RECIPIENT_COLUMNS).where(Recipient.id.in_(rids[n:n + _IN_CHUNK]))))
    sids = sorted({o.shop_id for o in orders.values()})
    if sids:
        kept = list(s.scalars(select(Shop).where(Shop.id.in_(sids))))
        # the identity map holds objects weakly: keep them alive
        s.info.setdefault("print_prefetched", []).append(kept)
    return orders, parcels


def _printable(s: Session, order_ids: Sequence[int], reprint: bool, summary: PrintSummary,
               key: Callable[[tuple[Order, Parcel]], object] | None
               ) -> list[tuple[Order, Parcel]]:
    """The (order, first parcel) pairs that may print now, in pick order; the others go
    to `summary.skipped` with the reason."""
    found: list[tuple[Order, Parcel]] = []
    stopped = {st.value for st in STOPPED}
    lead = merged_leads(s, order_ids)  # a merged parcel prints once, as its lead order
    if lead:
        order_ids = list(dict.fromkeys(lead.get(i, i) for i in order_ids))
    orders, parcels = _prefetch(s, order_ids)
    for oid in order_ids:
        order = orders.get(oid)
        if order is None:
            summary.skipped.append({"order": str(oid), "message": "no such order"})
            continue
        parcel = parcels.get(oid)
        poid = order.platform_order_id
        if order.status in stopped:
            summary.skipped.append({"order": poid,
                                    "message": f"order is {order.status}: do not ship"})
            continue
        if parcel is None or not parcel.waybill_no:
            summary.skipped.append({"order": poid,
                                    "message": "no waybill number yet: allocate first"})
            continue
        if parcel.printed_at is not None and not reprint:
            summary.skipped.append({"order": poid,
                                    "message": "already printed: choose reprint to print again"})
            continue
        found.append((order, parcel))
    if key is not None:
        found.sort(key=key)
    return found


def print_labels(ws: Workspace, order_ids: Sequence[int], *, out: str | Path | None = None,
                 printer: object = None, size: str = "76x130", fmt: str = "pdf",
                 reprint: bool = False, pick_order: str | None = None,
                 dpi: int | None = None, darkness: int | None = None,
                 offset_mm: tuple[float, float] | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 paused: Callable[[], bool] | None = None) -> PrintSummary:
    """Print the labels of these orders' parcels and log each label.

    With `out` and fmt pdf, one PDF file is written (all or nothing). With `printer`
    (a Transport such as RawTcpPrinter / FileTransport, or a printer setting) or `out`
    with fmt zpl/tspl, labels stream one by one: the first is on its way before the
    next is rendered, a parcel is marked printed only once the printer acknowledged
    its label, and a printer that goes away leaves the job `interrupted`, to finish
    with `resume_print_job`. `pick_order` is "sku" or "import" (None: as given).
    """
    if size not in SIZES:
        raise PrintError(f"unknown label size {size!r}; choose one of {', '.join(SIZES)}")
    if fmt not in FORMATS:
        raise PrintError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if printer is None and out is None:
        raise PrintError("say where to print: an output file or a printer")
    key = _order_key(pick_order)
    transport: Transport | None = None
    if printer is not None:
        transport, dpi_, darkness, offset_mm = _transport_settings(printer, dpi, darkness,
                                                                   offset_mm)
        fmt = getattr(transport, "format", None) or fmt  # e.g. the system queue takes png
        target = _describe(transport)
    elif fmt != "pdf":
        transport, dpi_ = FileTransport(Path(out)), dpi or 203  # type: ignore[arg-type]
        target = str(out)
        offset_mm = offset_mm or (0.0, 0.0)
    else:
        dpi_, target = dpi or 203, str(out)
    summary = PrintSummary(out=target)
    sources: list[tuple[Order, Parcel, Recipient | None, Shop]] = []
    with transaction(ws.write) as s:
        found = _printable(s, order_ids, reprint, summary, key)
        chosen: list[Parcel] = []
        for order, parcel in found:
            sources.append((order, parcel, _recipient(s, order.recipient_id),
                            s.get(Shop, order.shop_id)))
            chosen.append(parcel)
        if not chosen:
            return summary
        job = PrintJob(idem_key=uuid.uuid4().hex, fmt=fmt, size=size, target=target,
                       state="printing" if transport is not None else "pending",
                       total=len(chosen), operator=ws.operator, created_at=ws.clock())
        s.add(job)
        s.flush()
        # one executemany, not a unit of work of 500 objects: the first label waits on it
        s.execute(insert(PrintJobItem), [
            {"job_id": job.id, "parcel_id": p.id, "seq": n,
             "is_reprint": p.printed_at is not None, "state": "pending", "error": ""}
            for n, p in enumerate(chosen)])
        summary.job_id = job.id
        parcel_ids = [p.id for p in chosen]
        item_ids = list(s.scalars(select(PrintJobItem.id).where(PrintJobItem.job_id == job.id)
                                  .order_by(PrintJobItem.seq)))
        ws.audit(s, "reprint" if reprint else "print", "print_job", str(job.id),
                 labels=len(chosen), target=target)
    # made as they are rendered: the first label is on the wire before the others exist
    labels = (_label(ws, *src) for src in sources)
    if transport is not None:
        chunks = render_chunks(labels, fmt, size, dpi=dpi_, darkness=darkness,
                               offset_mm=offset_mm or (0.0, 0.0))
        return _stream(ws, summary, transport, chunks, list(zip(item_ids, parcel_ids,
                                                               strict=True)),
                       progress=progress, cancelled=cancelled, paused=paused)
    assert out is not None
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        render_pdf(list(labels), size, tmp, dpi_)
        os.replace(tmp, out)
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(exc, ValueError):  # the renderer refused a label (e.g. an odd number)
            _fail(ws, summary.job_id, str(exc))
            raise PrintError(f"cannot render the labels: {exc}") from None
        _fail(ws, summary.job_id, f"cannot write {out}: {exc.strerror or exc}")
        raise PrintError(f"cannot write {out}: {exc.strerror or exc}; "
                         "check the folder exists and is writable") from None
    now = ws.clock()
    with transaction(ws.write) as s:
        s.execute(update(PrintJobItem).where(PrintJobItem.job_id == summary.job_id)
                  .values(state="sent", sent_at=now))
        s.execute(update(Parcel).where(Parcel.id.in_(parcel_ids))
                  .values(printed_at=now, state="printed", print_count=Parcel.print_count + 1))
        s.execute(update(PrintJob).where(PrintJob.id == summary.job_id)
                  .values(state="done", done=len(parcel_ids), finished_at=now))
    summary.printed = len(parcel_ids)
    if progress:
        progress(summary.printed, summary.printed)
    return summary


def _stream(ws: Workspace, summary: PrintSummary, transport: Transport,
            chunks: Iterator[bytes], todo: list[tuple[int, int]], *,
            progress: Callable[[int, int], None] | None,
            cancelled: Callable[[], bool] | None,
            paused: Callable[[], bool] | None) -> PrintSummary:
    """Send `chunks` (one per (item id, parcel id) in `todo`) and keep the log in step
    with what the printer acknowledged."""
    job_id = summary.job_id
    base = int(getattr(transport, "labels_sent", 0) or 0)
    counted = hasattr(transport, "labels_sent")
    total = len(todo)
    marked = 0
    last_commit = time.monotonic()

    def acknowledged(given: int) -> int:
        if counted:
            return max(0, min(total, int(transport.labels_sent) - base))  # type: ignore[attr-defined]
        return given

    def mark(upto: int) -> None:
        nonlocal marked, last_commit
        if upto <= marked:
            return
        now = ws.clock()
        batch = todo[marked:upto]
        with transaction(ws.write) as s:
            s.execute(update(PrintJobItem)
                      .where(PrintJobItem.id.in_([i for i, _ in batch]))
                      .values(state="sent", sent_at=now, error=""))
            s.execute(update(Parcel).where(Parcel.id.in_([p for _, p in batch]))
                      .values(printed_at=now, state="printed",
                              print_count=Parcel.print_count + 1))
            s.execute(update(PrintJob).where(PrintJob.id == job_id)
                      .values(done=PrintJob.done + len(batch)))
        marked = upto
        last_commit = time.monotonic()
        if progress:
            progress(marked, total)

    def finish(state: str, message: str, item_state: str) -> None:
        with transaction(ws.write) as s:
            if marked < total:
                s.execute(update(PrintJobItem)
                          .where(PrintJobItem.id.in_([i for i, _ in todo[marked:]]))
                          .values(state=item_state, error=message))
            s.execute(update(PrintJob).where(PrintJob.id == job_id)
                      .values(state=state, error=message, finished_at=ws.clock()))

    sent = 0
    stopped = False
    try:
        for chunk in chunks:
            while paused is not None and paused() and not (cancelled and cancelled()):
                time.sleep(0.05)
            if cancelled is not None and cancelled():
                stopped = True
                break
            transport.send_label(chunk)
            sent += 1
            done = acknowledged(sent)
            if done > marked and (time.monotonic() - last_commit > _COMMIT_EVERY
                                  or done == total):
                mark(done)
        transport.close()
        mark(acknowledged(sent))
    except PrinterError as err:
        mark(max(0, min(total, err.labels_sent - base)))
        summary.printed = marked
        message = str(err)
        finish("interrupted", message, "failed")
        raise PrintError(f"{message} (print job {job_id}: {marked} of {total} labels "
                         "printed; resume it to print the rest)") from None
    except ValueError as exc:  # the renderer refused a label
        with contextlib.suppress(PrinterError):
            transport.close()
        mark(acknowledged(sent))
        summary.printed = marked
        finish("failed", f"cannot render label {marked + 1}: {exc}", "failed")
        raise PrintError(f"cannot render the labels: {exc}") from None
    except BaseException:
        with contextlib.suppress(Exception):
            transport.close()
        with contextlib.suppress(Exception):
            mark(acknowledged(sent))
            finish("interrupted", "stopped", "failed")
        raise
    summary.printed = marked
    if stopped or marked < total:
        finish("cancelled", "cancelled by the operator", "cancelled")
        summary.cancelled = True
    else:
        finish("done", "", "sent")
    return summary


def resume_print_job(ws: Workspace, job_id: int, printer: object, *,
                     dpi: int | None = None, darkness: int | None = None,
                     offset_mm: tuple[float, float] | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     cancelled: Callable[[], bool] | None = None,
                     paused: Callable[[], bool] | None = None) -> PrintSummary:
    """Send the labels of an interrupted or cancelled job that the printer did not get,
    in the job's order: together with the first run, every label exactly once. A label
    whose parcel was printed by another job since is skipped."""
    transport, dpi_, darkness, offset_mm = _transport_settings(printer, dpi, darkness,
                                                               offset_mm)
    summary = PrintSummary(out=_describe(transport), job_id=job_id)
    todo: list[tuple[int, int]] = []
    with transaction(ws.write) as s:
        claimed = s.execute(update(PrintJob)
                            .where(PrintJob.id == job_id,
                                   PrintJob.state.in_(RESUMABLE))
                            .values(state="printing", error="", finished_at=None))
        job = s.get(PrintJob, job_id)
        if job is None:
            raise PrintError(f"no print job {job_id}")
        if not claimed.rowcount:  # type: ignore[attr-defined]
            raise PrintError(f"print job {job_id} is {job.state}: nothing to resume")
        fmt, size = job.fmt, job.size
        if fmt == "pdf" and not isinstance(transport, Transport):
            raise PrintError("a PDF job resumes onto a printer")
        items = list(s.scalars(select(PrintJobItem)
                               .where(PrintJobItem.job_id == job_id,
                                      PrintJobItem.state != "sent")
                               .order_by(PrintJobItem.seq)))
        parcels: dict[int, _ParcelRow] = {}
        pids = [item.parcel_id for item in items]
        for n in range(0, len(pids), _IN_CHUNK):
            parcels.update((row[0], _ParcelRow(*row)) for row in s.execute(
                select(*_PARCEL_COLUMNS).where(Parcel.id.in_(pids[n:n + _IN_CHUNK]))))
        orders, _ = _prefetch(s, sorted({p.order_id for p in parcels.values()}))
        stopped = {st.value for st in STOPPED}
        sources: list[tuple[_OrderRow, _ParcelRow, Recipient | None, Shop]] = []
        for item in items:
            parcel = parcels.get(item.parcel_id)
            order = orders.get(parcel.order_id) if parcel else None
            if parcel is None or order is None:
                item.state, item.error = "skipped", "the parcel is gone"
                continue
            if (not item.is_reprint and parcel.printed_at is not None) or \
                    order.status in stopped:
                item.state = "skipped"
                item.error = ("printed by another job" if parcel.printed_at is not None
                              else f"order is {order.status}: do not ship")
                summary.skipped.append({"order": order.platform_order_id,
                                        "message": item.error})
                continue
            sources.append((order, parcel, _recipient(s, order.recipient_id),
                            s.get(Shop, order.shop_id)))
            todo.append((item.id, parcel.id))
        ws.audit(s, "print_resume", "print_job", str(job_id), labels=len(todo),
                 target=summary.out)
    labels = (_label(ws, *src) for src in sources)  # made as they are rendered
    chunks = render_chunks(labels, fmt, size, dpi=dpi_, darkness=darkness,
                           offset_mm=offset_mm or (0.0, 0.0))
    return _stream(ws, summary, transport, chunks, todo, progress=progress,
                   cancelled=cancelled, paused=paused)


def _fail(ws: Workspace, job_id: int | None, message: str) -> None:
    with transaction(ws.write) as s:
        s.execute(update(PrintJobItem).where(PrintJobItem.job_id == job_id)
                  .values(state="failed", error=message))
        s.execute(update(PrintJob).where(PrintJob.id == job_id)
                  .values(state="failed", error=message, finished_at=ws.clock()))


def _cloud_payload(s: Session, parcel: Parcel) -> dict[str, str] | None:
    """The platform's encrypted print data for this parcel's waybill, from the
    e-waybill response: {"encryptedData", "signature", "templateURL"?, "ver"?}."""
    req = s.scalar(select(WaybillRequest)
                   .where(WaybillRequest.parcel_id == parcel.id,
                          WaybillRequest.waybill_no == parcel.waybill_no,
                          WaybillRequest.state == "done")
                   .order_by(WaybillRequest.id.desc()).limit(1))
    resp = req.response if req is not None and isinstance(req.response, dict) else {}
    data, sign = str(resp.get("print_data") or ""), str(resp.get("print_sign") or "")
    if not data:
        return None
    with contextlib.suppress(ValueError):
        inner = json.loads(data)
        if isinstance(inner, dict) and inner.get("encryptedData"):
            return {"encryptedData": str(inner["encryptedData"]),
                    "signature": str(inner.get("signature") or sign),
                    "templateURL": str(inner.get("templateURL") or ""),
                    "ver": str(inner.get("ver") or "")}
    return {"encryptedData": data, "signature": sign, "templateURL": "", "ver": ""}


def print_via_component(ws: Workspace, order_ids: Sequence[int], component: PrintComponent,
                        printer: str, *, template_url: str = "", reprint: bool = False,
                        pick_order: str | None = None,
                        wait: float = 60.0) -> PrintSummary:
    """Print platform waybills whose print data the platform encrypts through its print
    component (Cainiao / Douyin / Kuaishou). The job's idempotency key is the task id,
    one log row per waybill; a parcel is marked printed only when the component's
    notifyPrintResult says success. Documents without a result within `wait` seconds
    stay pending in an `interrupted` job (check the printer before printing again)."""
    summary = PrintSummary(out=f"{component.describe()} / {printer}")
    docs: list[ComponentDocument] = []
    todo: dict[str, tuple[int, int]] = {}  # document id (waybill) → (item id, parcel id)
    with transaction(ws.write) as s:
        found = _printable(s, order_ids, reprint, summary, _order_key(pick_order))
        chosen: list[tuple[Parcel, dict[str, str]]] = []
        for order, parcel in found:
            payload = _cloud_payload(s, parcel)
            if payload is None:
                summary.skipped.append({"order": order.platform_order_id, "message":
                                        "no platform print data for this waybill: print it "
                                        "on a thermal printer instead"})
                continue
            chosen.append((parcel, payload))
        if not chosen:
            return summary
        job = PrintJob(idem_key=uuid.uuid4().hex, fmt="cloud", size="", target=summary.out[:256],
                       state="printing", total=len(chosen), operator=ws.operator,
                       created_at=ws.clock())
        s.add(job)
        s.flush()
        for n, (parcel, payload) in enumerate(chosen):
            item = PrintJobItem(job_id=job.id, parcel_id=parcel.id, seq=n,
                                is_reprint=parcel.printed_at is not None)
            s.add(item)
            s.flush()
            doc_id = str(parcel.waybill_no)
            todo[doc_id] = (item.id, parcel.id)
            docs.append(ComponentDocument(
                document_id=doc_id, encrypted_data=payload["encryptedData"],
                signature=payload["signature"],
                template_url=payload["templateURL"] or template_url, ver=payload["ver"]))
        summary.job_id, task_id = job.id, job.idem_key
        ws.audit(s, "reprint" if reprint else "print", "print_job", str(job.id),
                 labels=len(chosen), target="component")
    try:
        component.print(printer, docs, task_id=task_id)
        result = component.wait_results(task_id, list(todo), timeout=wait)
    except PrinterError as err:
        _fail(ws, summary.job_id, str(err))
        raise PrintError(f"{err} (print job {summary.job_id}: nothing marked printed)") from None
    now = ws.clock()
    with transaction(ws.write) as s:
        ok = [todo[d] for d in result.printed]
        if ok:
            s.execute(update(PrintJobItem).where(PrintJobItem.id.in_([i for i, _ in ok]))
                      .values(state="sent", sent_at=now))
            s.execute(update(Parcel).where(Parcel.id.in_([p for _, p in ok]))
                      .values(printed_at=now, state="printed",
                              print_count=Parcel.print_count + 1))
        for doc, msg in result.failed.items():
            s.execute(update(PrintJobItem).where(PrintJobItem.id == todo[doc][0])
                      .values(state="failed", error=msg[:2000]))
        unknown = [todo[d][0] for d in todo if d not in result.printed and d not in result.failed]
        if unknown:
            s.execute(update(PrintJobItem).where(PrintJobItem.id.in_(unknown))
                      .values(error="no print result from the component yet"))
        state = "done" if len(ok) == len(todo) else ("interrupted" if unknown else "failed")
        s.execute(update(PrintJob).where(PrintJob.id == summary.job_id)
                  .values(state=state, done=len(ok), finished_at=now,
                          error="" if state == "done" else
                          f"{len(result.failed)} failed, {len(unknown)} without result"))
    summary.printed = len(ok)
    for doc, msg in result.failed.items():
        summary.skipped.append({"order": doc, "message": f"the component failed: {msg}"})
    return summary


# --- the print log, for the 打印记录 window -------------------------------------------

@dataclass(frozen=True)
class JobRow:
    """One print job as the print log lists it."""

    id: int
    created_at: object  # aware datetime
    finished_at: object | None
    operator: str
    target: str
    fmt: str
    size: str
    state: str
    total: int
    done: int
    error: str
    reprint: bool  # at least one label of the job is a reprint

    @property
    def resumable(self) -> bool:
        return self.state in RESUMABLE and self.fmt != "cloud" and self.done < self.total


@dataclass(frozen=True)
class JobItemRow:
    """One label of a job (a print log row)."""

    id: int
    seq: int
    order_id: int | None
    platform_order_id: str
    waybill_no: str
    state: str
    is_reprint: bool
    sent_at: object | None
    error: str


def list_print_jobs(ws: Workspace, limit: int = 200) -> list[JobRow]:
    """The most recent print jobs, newest first."""
    from sqlalchemy import func

    with ws.read() as s:
        jobs = list(s.scalars(select(PrintJob).order_by(PrintJob.id.desc()).limit(limit)))
        ids = [j.id for j in jobs]
        reprinted = set(s.scalars(select(PrintJobItem.job_id)
                                  .where(PrintJobItem.job_id.in_(ids),
                                         PrintJobItem.is_reprint.is_(True))
                                  .group_by(PrintJobItem.job_id)
                                  .having(func.count() > 0))) if ids else set()
        return [JobRow(j.id, j.created_at, j.finished_at, j.operator, j.target, j.fmt, j.size,
                       j.state, j.total, j.done, j.error, j.id in reprinted) for j in jobs]


def print_job_items(ws: Workspace, job_id: int) -> list[JobItemRow]:
    """The log rows of one job, in print order."""
    with ws.read() as s:
        rows = s.execute(
            select(PrintJobItem, Parcel.waybill_no, Order.id, Order.platform_order_id)
            .join(Parcel, Parcel.id == PrintJobItem.parcel_id, isouter=True)
            .join(Order, Order.id == Parcel.order_id, isouter=True)
            .where(PrintJobItem.job_id == job_id).order_by(PrintJobItem.seq)).all()
        return [JobItemRow(it.id, it.seq, oid, poid or "", wb or "", it.state, it.is_reprint,
                           it.sent_at, it.error) for it, wb, oid, poid in rows]


def print_job_orders(ws: Workspace, job_id: int,
                     item_ids: Sequence[int] | None = None) -> tuple[list[int], str]:
    """(order ids in the job's order, label size) of a job, or of some of its log rows:
    what a reprint, a picking list or packing slips of that batch take."""
    with ws.read() as s:
        job = s.get(PrintJob, job_id)
        if job is None:
            raise PrintError(f"no print job {job_id}")
        q = (select(Parcel.order_id).join(PrintJobItem, PrintJobItem.parcel_id == Parcel.id)
             .where(PrintJobItem.job_id == job_id).order_by(PrintJobItem.seq))
        if item_ids is not None:
            q = q.where(PrintJobItem.id.in_(list(item_ids)))
        return list(dict.fromkeys(s.scalars(q))), job.size or "76x130"


# --- the test page ------------------------------------------------------------------

def sample_label(printed_at: object = None) -> LabelData:
    """A label with made-up, already masked data: the printer test page."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    now = printed_at or datetime.now(ZoneInfo("Asia/Shanghai"))
    return LabelData(
        waybill_no="781234567890", carrier_code="ZTO", carrier_name="中通快递",
        service_name="测试页", sort_code="310-A12 05", short_address="测试 打印",
        package_center="打印测试", package_center_code="00000",
        recipient=LabelParty("测**", "138******00", "浙江省 杭州市 余杭区 测试路1号****"),
        sender=LabelParty("面单工作台", "139******00", "测试页：对齐、浓度和条码"),
        order_id="TEST-PAGE", printed_at=now,  # type: ignore[arg-type]
        items=(LabelItem("打印测试页", "检查条码能否扫出", 1, "TEST"),),
        remark="这是一张测试页，不要贴在包裹上",
    )


@dataclass
class SamplePrintResult:
    target: str
    bytes_sent: int
    seconds: float
    out: str = ""  # the file written (PDF folder printers)


def print_test_page(printer: object, size: str = "76x130", *, timeout: float = 3.0,
                    fmt: str | None = None) -> SamplePrintResult:
    """Print one sample label through the printer's real path (a printer setting or a
    Transport). A printer that does not answer fails within `timeout` seconds with a
    PrintError naming its address and what to check. Nothing is logged as printed."""
    if size not in SIZES:
        raise PrintError(f"unknown label size {size!r}; choose one of {', '.join(SIZES)}")
    t0 = time.monotonic()
    if getattr(printer, "kind", "") == "pdf":
        folder = Path(str(getattr(printer, "folder", "") or "."))
        out = folder / f"shipdesk-test-page-{time.strftime('%Y%m%d-%H%M%S')}.pdf"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            render_pdf([sample_label()], size, out, int(getattr(printer, "dpi", 203)))
        except OSError as exc:
            raise PrintError(f"cannot write {out}: {exc.strerror or exc}; "
                             "check the folder exists and is writable") from None
        return SamplePrintResult(str(out), out.stat().st_size, time.monotonic() - t0, str(out))
    if dataclasses.is_dataclass(printer) and hasattr(printer, "timeout"):
        printer = dataclasses.replace(printer,  # type: ignore[type-var]
                                      timeout=min(float(printer.timeout), timeout))
    transport, dpi_, darkness, offset_mm = _transport_settings(printer, None, None, None)
    fmt_ = getattr(transport, "format", None) or fmt or getattr(printer, "fmt", "zpl")
    target = _describe(transport)
    try:
        data = next(render_chunks([sample_label()], fmt_, size, dpi=dpi_, darkness=darkness,
                                  offset_mm=offset_mm))
    except ValueError as exc:
        raise PrintError(f"cannot render the test page: {exc}") from None
    try:
        transport.send_label(data)
        transport.close()
    except PrinterError as err:
        with contextlib.suppress(Exception):
            transport.close()
        message = str(err).split("; then resume")[0].rstrip(".")
        raise PrintError(f"{message}.") from None
    return SamplePrintResult(target, len(data), time.monotonic() - t0)


#: address text that covers the characters most receivers' lines share
_WARM_ADDRESSES = (
    "北京市 天津市 上海市 重庆市 河北省", "山西省 辽宁省 吉林省 黑龙江省", "江苏省 浙江省 安徽省 福建省",
    "江西省 山东省 河南省 湖北省 湖南省", "广东省 海南省 四川省 贵州省 云南省", "陕西省 甘肃省 青海省 台湾",
    "内蒙古 广西 西藏 宁夏 新疆 自治区", "市辖区 县 镇 乡 村 街道 路 号 栋 单元 室 楼",
)


def warm_up(ws: Workspace | None = None, *, size: str = "76x130", dpi: int = 203,
            fmt: str = "zpl") -> float:
    """Load the embedded font and render the glyphs and sections most labels share at
    this printer's size and dpi, and compile the batch's SQL; seconds taken. Run it in
    the background at start-up: the first print then reaches the printer sooner."""
    t0 = time.monotonic()
    base = sample_label()
    samples = [base] + [
        dataclasses.replace(base, recipient=LabelParty("测**", "138******00", address),
                            waybill_no=f"78123456{n:04d}")
        for n, address in enumerate(_WARM_ADDRESSES)]
    for _chunk in render_chunks(samples, fmt if fmt in ("zpl", "tspl") else "zpl", size,
                                dpi=dpi):
        pass
    if ws is not None:
        with contextlib.suppress(Exception), ws.read() as s:
            _prefetch(s, [-1])
    return time.monotonic() - t0
