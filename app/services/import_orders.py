"""Import platform order exports: detect the layout, parse, upsert in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.core.masking import mask_free_text
from app.core.orders import STOPPED, OrderRecord, RowError
from app.importers import douyin
from app.importers.mapping import Layout, parse_rows
from app.importers.reader import NotAnExport, Table, open_table
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, OrderItem, Parcel, Recipient, Shop
from app.store.recipients import seal_recipient

LAYOUTS: dict[str, Layout] = {"douyin": douyin.LAYOUT}
BATCH = 500

Progress = Callable[[int, int], None]  # (done, total) in rows or files
Cancelled = Callable[[], bool]


class ImportCancelled(Exception):
    pass


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    flagged: int = 0
    errors: list[RowError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "flagged": self.flagged, "files": self.files,
            "errors": [e.as_dict() for e in self.errors],
        }


def detect_layout(path: Path, platform: str = "auto") -> tuple[Layout, Table]:
    """Read the file once; pick the layout whose headers it names most."""
    if platform != "auto":
        if platform not in LAYOUTS:
            raise NotAnExport(f"unknown platform {platform!r}; known: {', '.join(LAYOUTS)}")
        candidates = [LAYOUTS[platform]]
    else:
        candidates = list(LAYOUTS.values())
    table = open_table(path, set().union(*(lo.known_headers() for lo in candidates)))
    header = set(table.header)
    hits, layout = max(((len(header & lo.known_headers()), lo) for lo in candidates),
                       key=lambda t: t[0])
    if hits < 3:
        raise NotAnExport("the columns match no known platform export "
                          f"({', '.join(LAYOUTS)}); choose the platform or map the columns")
    return layout, table


def _shop(s: Session, ws: Workspace, platform: str, name: str | None) -> Shop:
    name = name or {"douyin": "抖店", "kuaishou": "快手小店"}.get(platform, platform) + " 默认店铺"
    shop = s.scalar(select(Shop).where(Shop.platform == platform, Shop.name == name))
    if shop is None:
        shop = Shop(platform=platform, name=name, created_at=ws.clock())
        s.add(shop)
        s.flush()
    return shop


def _content_hash(ws: Workspace, rec: OrderRecord) -> str:
    """Keyed, so the hash of platform fields (with the receiver) reveals nothing."""
    r = rec.recipient
    parts = [rec.platform_status, rec.after_sale_status, rec.buyer_message, rec.seller_remark,
             rec.flag, str(rec.ship_by), str(rec.payable_fen), str(rec.freight_fen),
             r.name, r.phone, r.province, r.city, r.district, r.street, r.detail]
    for i in rec.items:
        parts += [i.sub_order_id, i.title, i.spec, str(i.qty), i.sku, str(i.payable_fen),
                  i.after_sale_status]
    return ws.cipher.blind_index("\x1f".join(parts))


def _sku_summary(rec: OrderRecord) -> str:
    text = "；".join(f"{i.sku or i.title} ×{i.qty}" for i in rec.items)
    return text[:250]


def _order_values(ws: Workspace, rec: OrderRecord, content_hash: str) -> dict[str, object]:
    notes = {"buyer_message": rec.buyer_message, "seller_remark": rec.seller_remark,
             "extra": rec.extra}
    return {
        "status": rec.status.value, "platform_status": rec.platform_status,
        "after_sale_status": rec.after_sale_status, "created_at_platform": rec.created_at,
        "paid_at": rec.paid_at, "ship_by": rec.ship_by, "payable_fen": rec.payable_fen,
        "freight_fen": rec.freight_fen, "discount_fen": rec.discount_fen,
        "buyer_message": mask_free_text(rec.buyer_message),
        "seller_remark": mask_free_text(rec.seller_remark),
        "flag": rec.flag, "item_count": sum(i.qty for i in rec.items),
        "sku_summary": _sku_summary(rec),
        "extra": {k: mask_free_text(v) for k, v in rec.extra.items()},
        "notes_enc": ws.cipher.encrypt(json.dumps(notes, ensure_ascii=False), b"notes"),
        "content_hash": content_hash,
    }


def _item_rows(order_id: int, rec: OrderRecord) -> list[dict[str, object]]:
    return [{
        "order_id": order_id, "sub_order_id": i.sub_order_id, "title": i.title, "spec": i.spec,
        "qty": i.qty, "product_id": i.product_id, "sku": i.sku,
        "unit_price_fen": i.unit_price_fen, "payable_fen": i.payable_fen, "status": i.status,
        "after_sale_status": i.after_sale_status,
    } for i in rec.items]


def _append_fragment(s: Session, shop: Shop, rec: OrderRecord) -> None:
    """Rows of an order met again further down the same file: add the sub-orders not yet in."""
    oid = s.scalar(select(Order.id).where(Order.shop_id == shop.id,
                                          Order.platform_order_id == rec.platform_order_id))
    known = set(s.scalars(select(OrderItem.sub_order_id).where(OrderItem.order_id == oid)))
    fresh = [row for row in _item_rows(oid, rec) if row["sub_order_id"] not in known]
    if not fresh:
        return
    s.execute(insert(OrderItem), fresh)
    s.execute(update(Order).where(Order.id == oid).values(
        payable_fen=Order.payable_fen + sum(r["payable_fen"] for r in fresh),
        freight_fen=Order.freight_fen + rec.freight_fen,
        item_count=Order.item_count + sum(r["qty"] for r in fresh)))


def _upsert(s: Session, ws: Workspace, shop: Shop, batch: list[OrderRecord], source: str,
            summary: ImportSummary, seen: set[str]) -> None:
    if not batch:
        return
    ids = [r.platform_order_id for r in batch]
    existing = {
        row.platform_order_id: row
        for row in s.execute(
            select(Order.id, Order.platform_order_id, Order.content_hash, Order.status,
                   Order.recipient_id)
            .where(Order.shop_id == shop.id, Order.platform_order_id.in_(ids)))
    }
    now = ws.clock()
    new: list[tuple[OrderRecord, str]] = []
    for rec in batch:
        if rec.platform_order_id in seen:
            s.flush()
            _append_fragment(s, shop, rec)
            continue
        seen.add(rec.platform_order_id)
        h = _content_hash(ws, rec)
        old = existing.get(rec.platform_order_id)
        if old is None:
            new.append((rec, h))
            continue
        if old.content_hash == h:
            summary.unchanged += 1
            continue
        values = _order_values(ws, rec, h)
        values["updated_at"] = now
        if rec.status in STOPPED and old.status not in STOPPED:
            values["flagged_reason"] = _stop_reason(s, old.id, rec)
            summary.flagged += 1
        s.execute(update(Order).where(Order.id == old.id).values(**values))
        s.execute(update(Recipient).where(Recipient.id == old.recipient_id)
                  .values(**seal_recipient(ws.cipher, rec.recipient)))
        known = set(s.scalars(select(OrderItem.sub_order_id).where(OrderItem.order_id == old.id)))
        for row in _item_rows(old.id, rec):
            if row["sub_order_id"] in known:
                s.execute(update(OrderItem).where(
                    OrderItem.order_id == old.id, OrderItem.sub_order_id == row["sub_order_id"])
                    .values({k: v for k, v in row.items() if k not in ("order_id", "sub_order_id")}))
            else:
                s.execute(insert(OrderItem), [row])
        summary.updated += 1
    if not new:
        return
    rec_ids = s.scalars(
        insert(Recipient).returning(Recipient.id, sort_by_parameter_order=True),
        [seal_recipient(ws.cipher, rec.recipient) for rec, _ in new],
    ).all()
    order_rows = []
    for (rec, h), rid in zip(new, rec_ids, strict=True):
        row = _order_values(ws, rec, h)
        row.update(shop_id=shop.id, platform_order_id=rec.platform_order_id, recipient_id=rid,
                   source_file=source, imported_at=now, updated_at=now)
        order_rows.append(row)
    order_ids = s.scalars(
        insert(Order).returning(Order.id, sort_by_parameter_order=True), order_rows).all()
    items = [row for (rec, _), oid in zip(new, order_ids, strict=True)
             for row in _item_rows(oid, rec)]
    if items:
        s.execute(insert(OrderItem), items)
    summary.imported += len(new)


def _stop_reason(s: Session, order_id: int, rec: OrderRecord) -> str:
    printed = s.scalar(select(Parcel.id).where(Parcel.order_id == order_id,
                                               Parcel.printed_at.is_not(None)).limit(1))
    base = "cancelled" if rec.status.value == "cancelled" else "refunded"
    # a printed label means the parcel may be on the desk: it must be intercepted
    return f"{base}_after_print" if printed else f"{base}_after_import"


class _Rollback(Exception):
    """Raised inside the file's transaction to undo it when rows had errors."""


def import_file(ws: Workspace, path: str | Path, *, platform: str = "auto",
                shop_name: str | None = None, valid_rows_only: bool = False,
                progress: Progress | None = None, cancelled: Cancelled | None = None,
                summary: ImportSummary | None = None) -> ImportSummary:
    """All or nothing per file, unless valid_rows_only: then good rows go in, bad ones listed.

    Rows stream into one transaction in batches, so memory stays flat on big exports; an
    error or a cancel rolls the whole file back.
    """
    summary = summary or ImportSummary()
    path = Path(path)
    summary.files.append(path.name)
    try:
        layout, table = detect_layout(path, platform)
    except NotAnExport as exc:
        summary.errors.append(RowError(path.name, 0, "", f"{exc}"))
        return summary
    part = ImportSummary()
    errors: list[RowError] = []
    parsed = 0
    try:
        with transaction(ws.write) as s:
            shop = _shop(s, ws, layout.platform, shop_name)
            seen: set[str] = set()
            batch: list[OrderRecord] = []
            for got in parse_rows(layout, table):
                if isinstance(got, RowError):
                    errors.append(got)
                    continue
                batch.append(got)
                parsed += 1
                if len(batch) >= BATCH:
                    if cancelled and cancelled():
                        raise ImportCancelled
                    _upsert(s, ws, shop, batch, path.name, part, seen)
                    batch = []
                    if progress:
                        progress(got.source_row, table.rows_hint)
            _upsert(s, ws, shop, batch, path.name, part, seen)
            if errors and not valid_rows_only:
                raise _Rollback
            ws.audit(s, "import", "file", path.name, imported=part.imported,
                     updated=part.updated, errors=len(errors))
    except _Rollback:
        summary.errors.extend(errors)
        summary.skipped += parsed
        return summary
    except UnicodeDecodeError:
        summary.errors.append(RowError(path.name, 0, "", "the file's text encoding is broken: "
                                       "save it again as UTF-8 CSV or XLSX"))
        return summary
    if progress:
        progress(table.rows_hint, table.rows_hint)
    summary.imported += part.imported
    summary.updated += part.updated
    summary.unchanged += part.unchanged
    summary.flagged += part.flagged
    summary.skipped += len(errors)
    summary.errors.extend(errors)
    return summary


def import_files(ws: Workspace, paths: Sequence[str | Path], **kw: object) -> ImportSummary:
    summary = ImportSummary()
    for p in paths:
        import_file(ws, p, summary=summary, **kw)  # type: ignore[arg-type]
    return summary

