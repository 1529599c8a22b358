"""Exports of order lists and the audit log to CSV or XLSX: masked unless the owner asks.

- **Masked by default.** Buyer name, phone and address detail are the masked copies the
  labels print; anyone allowed `export_masked` (owner and packers) may export them.
  `masked=False` exports plain data: only the owner, and the export and every decrypted
  row are audited.
- **Formula injection.** A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return would be run by Excel or LibreOffice as a formula (or DDE). Such cells
  are written with a leading apostrophe, and XLSX cells are always typed as text.
- **Atomic.** The file is written beside the target and renamed into place: a crash
  never leaves a half-written export under the requested name.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import and_, select

from app.carriers import catalogue
from app.core.money import format_fen
from app.core.orders import STATUS_ZH
from app.services.operators import require
from app.services.orders import ViewQuery, list_view
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, OrderItem, Parcel, Recipient, Shop
from app.store.recipients import open_field

FORMATS = ("csv", "xlsx")
#: first characters that make a spreadsheet evaluate a cell
FORMULA_START = frozenset("=+-@\t\r")
PAGE = 500

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportError(Exception):
    """The export cannot be written; the message says why. No file was left behind."""


@dataclass
class ExportSummary:
    path: str
    rows: int
    masked: bool
    fmt: str

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "rows": self.rows, "masked": self.masked, "fmt": self.fmt}


def safe_cell(value: object) -> object:
    """A value a spreadsheet shows as typed: text that would start a formula gets a
    leading apostrophe; numbers and None stay as they are."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value.isoformat(" ", "seconds") if isinstance(value, datetime) else str(value)
    if text and text[0] in FORMULA_START:
        return "'" + text
    return text


def _fmt_of(path: Path, fmt: str | None) -> str:
    fmt = (fmt or path.suffix.lstrip(".") or "csv").lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose csv or xlsx")
    return fmt


def write_table(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[object]],
                fmt: str | None = None) -> int:
    """Write a header and rows, every cell through `safe_cell`; returns the row count."""
    path = Path(path)
    fmt = _fmt_of(path, fmt)
    tmp = path.with_name(path.name + ".part")
    n = 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f, quoting=csv.QUOTE_MINIMAL)
                w.writerow([safe_cell(h) for h in header])
                for row in rows:
                    w.writerow(["" if (c := safe_cell(v)) is None else c for v in row])
                    n += 1
                f.flush()
                os.fsync(f.fileno())
        else:
            from openpyxl import Workbook
            from openpyxl.cell import WriteOnlyCell

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("export")

            def cells(values: Sequence[object]) -> list[object]:
                out = []
                for v in values:
                    v = safe_cell(v)
                    if isinstance(v, str):
                        c = WriteOnlyCell(ws, value=None)
                        c.value = v
                        c.data_type = "s"  # never a formula, whatever the text
                        out.append(c)
                    else:
                        out.append(v)
                return out

            ws.append(cells(header))
            for row in rows:
                ws.append(cells(row))
                n += 1
            wb.save(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path.name}: {exc.strerror or type(exc).__name__}; "
                          "check the folder exists and is writable") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    return n


# ------------------------------------------------------------------------------ orders

ORDER_HEADER = ("订单号", "平台", "店铺", "订单状态", "付款时间", "承诺发货时间", "收件人", "手机号",
                "省", "市", "区", "街道", "详细地址", "商品", "件数", "应付金额", "买家留言",
                "快递", "运单号")


def _carrier_name(code: str | None) -> str:
    """The carrier's short Chinese name; a code the catalogue lacks stays as it is."""
    if not code:
        return ""
    try:
        return catalogue.carrier(code).short
    except ValueError:
        return code


def _rows(ws: Workspace, order_ids: Sequence[int], plain: bool, counter: list[int],
          progress: Progress | None, cancelled: Cancelled | None) -> Iterable[list[object]]:
    """Rows of these orders, in this order: masked copies, or (plain) decrypted fields."""
    total = len(order_ids)
    for start in range(0, total, PAGE):
        if cancelled and cancelled():
            raise ExportError("export cancelled")
        chunk = list(order_ids[start:start + PAGE])
        with ws.read() as s:
            rows = s.execute(
                select(Order, Recipient, Shop.platform, Shop.name, Parcel.carrier_code,
                       Parcel.waybill_no)
                .join(Shop, Shop.id == Order.shop_id)
                .outerjoin(Recipient, Recipient.id == Order.recipient_id)
                .outerjoin(Parcel, and_(Parcel.order_id == Order.id, Parcel.pack_no == 1))
                .where(Order.id.in_(chunk))).all()
            by_id = {row[0].id: row for row in rows}
            items: dict[int, list[str]] = {}
            for oid, title, sku, qty in s.execute(
                    select(OrderItem.order_id, OrderItem.title, OrderItem.sku, OrderItem.qty)
                    .where(OrderItem.order_id.in_(chunk)).order_by(OrderItem.id)):
                items.setdefault(oid, []).append(f"{sku or title} ×{qty}")
        for oid in chunk:
            row = by_id.get(oid)
            if row is None:
                continue
            o, rcp, platform, shop, carrier, waybill = row
            name = rcp.name_masked if rcp else ""
            phone = rcp.phone_masked if rcp else ""
            detail = rcp.detail_masked if rcp else ""
            message = o.buyer_message
            if plain:
                if rcp is not None:
                    name = open_field(ws.cipher, "name", rcp.name_enc) or name
                    phone = open_field(ws.cipher, "phone", rcp.phone_enc) or phone
                    detail = open_field(ws.cipher, "detail", rcp.detail_enc) or detail
                if o.notes_enc:
                    notes = json.loads(ws.cipher.decrypt(o.notes_enc, b"notes"))
                    message = notes.get("buyer_message", message)
                counter[0] += 1
            yield [o.platform_order_id, catalogue.platform(platform).name, shop,
                   STATUS_ZH.get(o.status, o.status), o.paid_at, o.ship_by,
                   name, phone, rcp.province if rcp else "", rcp.city if rcp else "",
                   rcp.district if rcp else "", rcp.street if rcp else "", detail,
                   "；".join(items.get(oid, [])) or o.sku_summary, o.item_count,
                   format_fen(o.payable_fen, symbol=""), message, _carrier_name(carrier),
                   waybill or ""]
        if progress:
            progress(min(start + PAGE, total), total)


def _ids_of(ws: Workspace, q: ViewQuery) -> list[int]:
    out: list[int] = []
    offset = 0
    while True:
        page = list_view(ws, q, offset, 2000)
        out += [r.id for r in page]
        offset += len(page)
        if len(page) < 2000:
            return out


def export_orders(ws: Workspace, path: str | Path, *, query: ViewQuery | None = None,
                  order_ids: Sequence[int] | None = None, fmt: str | None = None,
                  masked: bool = True, progress: Progress | None = None,
                  cancelled: Cancelled | None = None) -> ExportSummary:
    """Export the orders of a page (`query`, sorted as shown) or a selection (`order_ids`).

    Masked exports need `export_masked`; plain ones (`masked=False`) the owner's
    `export_pii`, and they are audited as an export and a decrypt of each row.
    """
    path = Path(path)
    fmt = _fmt_of(path, fmt)
    require(ws, "export_masked" if masked else "export_pii")
    ids = list(order_ids) if order_ids is not None else \
        _ids_of(ws, query or ViewQuery(sort="id", descending=False))
    counter = [0]
    try:
        n = write_table(path, ORDER_HEADER,
                        _rows(ws, ids, not masked, counter, progress, cancelled), fmt)
    finally:
        if counter[0]:  # whatever was decrypted is logged, even if the write failed
            with transaction(ws.write) as s:
                ws.audit(s, "decrypt", "orders", "", rows=counter[0], purpose="export")
    with transaction(ws.write) as s:
        ws.audit(s, "export", "orders", "", rows=n, masked=masked, fmt=fmt)
    return ExportSummary(str(path), n, masked, fmt)
