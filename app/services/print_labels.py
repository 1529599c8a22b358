"""Print labels: a logged job per batch, one log row per label, nothing marked printed unsent."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select, update

from app.carriers.catalogue import carrier as lookup_carrier
from app.carriers.catalogue import tier as lookup_tier
from app.core.labeldata import LabelData, LabelItem, LabelParty
from app.core.masking import mask_address, mask_name, mask_phone
from app.core.orders import STOPPED
from app.labels.pdf import render_pdf
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Parcel, PrintJob, PrintJobItem, Recipient, Shop

SIZES = ("76x130", "100x150", "100x180")


class PrintError(Exception):
    """Printing failed; the message says what to do. Nothing was marked printed."""


@dataclass
class PrintSummary:
    printed: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    out: str = ""
    job_id: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"printed": self.printed, "skipped": self.skipped, "out": self.out,
                "job_id": self.job_id}


def _label(ws: Workspace, order: Order, parcel: Parcel, rcp: Recipient | None,
           shop: Shop) -> LabelData:
    c = lookup_carrier(parcel.carrier_code)
    region = " ".join(p for p in (rcp.province, rcp.city, rcp.district, rcp.street) if p) \
        if rcp else ""
    sender_region = " ".join(p for p in (shop.sender_province, shop.sender_city,
                                         shop.sender_district) if p)
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
        sender=LabelParty(
            name=mask_name(shop.sender_name or shop.name),
            phone=mask_phone(shop.sender_phone) if shop.sender_phone else "",
            address=f"{sender_region} {mask_address(shop.sender_detail)}".strip()
            if shop.sender_detail else sender_region,
        ),
        order_id=order.platform_order_id,
        printed_at=ws.clock(),
        items=tuple(LabelItem(i.title, i.spec, i.qty, i.sku) for i in order.items),
        remark=order.buyer_message,
        pack_no=parcel.pack_no,
        pack_total=parcel.pack_total,
    )


def print_labels(ws: Workspace, order_ids: Sequence[int], *, out: str | Path,
                 size: str = "76x130", fmt: str = "pdf", reprint: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> PrintSummary:
    """Render the labels of these orders' parcels into one PDF and log each label."""
    if size not in SIZES:
        raise PrintError(f"unknown label size {size!r}; choose one of {', '.join(SIZES)}")
    if fmt != "pdf":
        raise PrintError(f"format {fmt!r} is not available yet; use pdf")
    out = Path(out)
    summary = PrintSummary(out=str(out))
    labels: list[LabelData] = []
    with transaction(ws.write) as s:
        chosen: list[Parcel] = []
        for oid in order_ids:
            order = s.get(Order, oid)
            if order is None:
                summary.skipped.append({"order": str(oid), "message": "no such order"})
                continue
            parcel = s.scalar(select(Parcel).where(Parcel.order_id == oid, Parcel.pack_no == 1))
            poid = order.platform_order_id
            if order.status in {st.value for st in STOPPED}:
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
            rcp = s.get(Recipient, order.recipient_id) if order.recipient_id else None
            labels.append(_label(ws, order, parcel, rcp, s.get(Shop, order.shop_id)))
            chosen.append(parcel)
        if not chosen:
            return summary
        job = PrintJob(idem_key=uuid.uuid4().hex, fmt=fmt, size=size, target=str(out),
                       state="pending", total=len(chosen), operator=ws.operator,
                       created_at=ws.clock())
        s.add(job)
        s.flush()
        s.add_all(PrintJobItem(job_id=job.id, parcel_id=p.id, seq=n,
                               is_reprint=p.printed_at is not None)
                  for n, p in enumerate(chosen))
        summary.job_id = job.id
        parcel_ids = [p.id for p in chosen]
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        render_pdf(labels, size, tmp)
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
        ws.audit(s, "reprint" if reprint else "print", "print_job", str(summary.job_id),
                 labels=len(parcel_ids))
    summary.printed = len(parcel_ids)
    if progress:
        progress(summary.printed, summary.printed)
    return summary


def _fail(ws: Workspace, job_id: int | None, message: str) -> None:
    with transaction(ws.write) as s:
        s.execute(update(PrintJobItem).where(PrintJobItem.job_id == job_id)
                  .values(state="failed", error=message))
        s.execute(update(PrintJob).where(PrintJob.id == job_id)
                  .values(state="failed", error=message, finished_at=ws.clock()))
