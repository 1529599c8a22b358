"""Helpers for the import tests: every messy file is generated here from the samples.

(No tests in this module; it is named test_import_* only to sit with them.)
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from sqlalchemy import select

from app.resources import resource
from app.store.models import Order, OrderItem, Recipient
from app.store.recipients import open_field

DOUYIN = resource("samples", "douyin_orders.csv")
KUAISHOU = resource("samples", "kuaishou_orders.csv")


def sample_rows(path: Path = DOUYIN, n: int | None = None) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    body = rows[1:]
    if n is not None:
        body = body[:n]
    return rows[0], [list(r) for r in body]


def whole_orders(header: list[str], rows: list[list[str]], n: int,
                 id_col: str = "主订单编号") -> list[list[str]]:
    """The first rows making n whole orders (Douyin: several rows per order)."""
    oid = header.index(id_col)
    seen: list[str] = []
    out = []
    for r in rows:
        if r[oid] not in seen:
            if len(seen) == n:
                break
            seen.append(r[oid])
        out.append(r)
    return out


def csv_text(rows: list[list[object]], delimiter: str = ",", newline: str = "\r\n") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    w.writerows(rows)
    return buf.getvalue()


def write(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    """Write text in any encoding, including UTF-16 LE/BE with or without BOM."""
    boms = {"utf-16-le+bom": (codecs.BOM_UTF16_LE, "utf-16-le"),
            "utf-16-be+bom": (codecs.BOM_UTF16_BE, "utf-16-be")}
    if encoding in boms:
        bom, enc = boms[encoding]
        path.write_bytes(bom + text.encode(enc))
    else:
        path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], *, number_formats: dict[int, str] | None
               = None) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for col, fmt in (number_formats or {}).items():
        for cell in ws.iter_cols(min_col=col + 1, max_col=col + 1):
            for c in cell:
                c.number_format = fmt
    wb.save(path)
    return path


def order_ids(ws) -> set[str]:  # noqa: ANN001
    with ws.read() as s:
        return set(s.scalars(select(Order.platform_order_id)))


def order(ws, poid: str) -> Order:  # noqa: ANN001
    with ws.read() as s:
        o = s.scalar(select(Order).where(Order.platform_order_id == poid))
        s.expunge(o)
        return o


def items(ws, poid: str) -> list[OrderItem]:  # noqa: ANN001
    with ws.read() as s:
        return list(s.scalars(select(OrderItem).join(Order).where(
            Order.platform_order_id == poid).order_by(OrderItem.id)))


def receiver(ws, poid: str) -> dict[str, str]:  # noqa: ANN001
    """The stored receiver of an order, decrypted (as a reveal would)."""
    with ws.read() as s:
        o = s.scalar(select(Order).where(Order.platform_order_id == poid))
        r = s.get(Recipient, o.recipient_id)
        return {"name": open_field(ws.cipher, "name", r.name_enc),
                "phone": open_field(ws.cipher, "phone", r.phone_enc),
                "detail": open_field(ws.cipher, "detail", r.detail_enc),
                "province": r.province, "city": r.city, "district": r.district,
                "street": r.street, "name_kind": r.name_kind, "phone_kind": r.phone_kind,
                "detail_kind": r.detail_kind, "address_key": r.address_key}
