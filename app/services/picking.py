"""Picking lists (拣货单) and packing slips (发货单).

A picking list adds up a batch's items by SKU, so one walk through the shelves picks
the whole batch. A packing slip goes in each parcel: the order, its items, the buyer's
note and the recipient (masked), with the order's slip barcode (`SD` + order id + check
digit, see app.services.packing.slip_code) that the packing mode scans to call the
order up. Both are PDF (reportlab, the embedded CJK font); slips come A4 or label size.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from app.core.orders import STOPPED
from app.labels.layout import page_size_mm
from app.labels.pdf import register_font
from app.services.packing import slip_code
from app.services.print_labels import SIZES, PrintError
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Parcel, Recipient, Shop

SLIP_SIZES = ("A4", *SIZES)
A4_MM = (210.0, 297.0)


@dataclass
class PickRow:
    sku: str
    title: str
    spec: str
    qty: int = 0
    orders: int = 0


@dataclass
class PickList:
    rows: list[PickRow] = field(default_factory=list)
    orders: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    created_at: object = None

    @property
    def total_qty(self) -> int:
        return sum(r.qty for r in self.rows)


@dataclass(frozen=True)
class SlipItem:
    sku: str
    title: str
    spec: str
    qty: int


@dataclass(frozen=True)
class Slip:
    order_id: int
    platform_order_id: str
    code: str  # the scannable slip code
    shop: str
    waybill_no: str
    carrier: str
    recipient: str  # masked name, masked phone, region and masked detail
    items: tuple[SlipItem, ...]
    remark: str
    paid_at: str


def _orders(ws: Workspace, order_ids: Sequence[int], skipped: list[dict[str, str]]
            ) -> list[Order]:
    stopped = {st.value for st in STOPPED}
    found = []
    with ws.read() as s:
        for oid in order_ids:
            order = s.get(Order, oid)
            if order is None:
                skipped.append({"order": str(oid), "message": "no such order"})
            elif order.status in stopped:
                skipped.append({"order": order.platform_order_id,
                                "message": f"order is {order.status}: do not ship"})
            else:
                _ = list(order.items)  # load them inside the session
                found.append(order)
    return found


def picking_list(ws: Workspace, order_ids: Sequence[int]) -> PickList:
    """The items of these orders added up by SKU (then title and spec, for items without
    a SKU), sorted by SKU: the order of the shelves."""
    pick = PickList(created_at=ws.clock())
    rows: dict[tuple[str, str, str], PickRow] = {}
    for order in _orders(ws, order_ids, pick.skipped):
        pick.orders += 1
        seen: set[tuple[str, str, str]] = set()
        for item in order.items:
            key = (item.sku or "", "" if item.sku else item.title, "" if item.sku else item.spec)
            row = rows.get(key)
            if row is None:
                row = rows[key] = PickRow(item.sku or "", item.title, item.spec)
            row.qty += item.qty
            if key not in seen:
                row.orders += 1
                seen.add(key)
    pick.rows = sorted(rows.values(), key=lambda r: (r.sku == "", r.sku, r.title, r.spec))
    return pick


def packing_slips(ws: Workspace, order_ids: Sequence[int]) -> tuple[list[Slip], list[dict]]:
    skipped: list[dict[str, str]] = []
    orders = _orders(ws, order_ids, skipped)
    slips = []
    with ws.read() as s:
        for o in orders:
            rcp = s.get(Recipient, o.recipient_id) if o.recipient_id else None
            parcel = s.scalar(select(Parcel).where(Parcel.order_id == o.id, Parcel.pack_no == 1))
            shop = s.get(Shop, o.shop_id)
            region = " ".join(p for p in (rcp.province, rcp.city, rcp.district) if p) \
                if rcp else ""
            who = f"{rcp.name_masked} {rcp.phone_masked} {region} {rcp.detail_masked}" \
                if rcp else ""
            slips.append(Slip(
                order_id=o.id, platform_order_id=o.platform_order_id, code=slip_code(o.id),
                shop=shop.name if shop else "",
                waybill_no=(parcel.waybill_no or "") if parcel else "",
                carrier=(parcel.carrier_code or "") if parcel else "",
                recipient=" ".join(who.split()),
                items=tuple(SlipItem(i.sku or "", i.title, i.spec, i.qty) for i in o.items),
                remark=o.buyer_message or "",
                paid_at=f"{o.paid_at:%Y-%m-%d %H:%M}" if o.paid_at else ""))
    return slips, skipped


# --- rendering -----------------------------------------------------------------------------

class _Writer:
    """A top-down text cursor over reportlab pages, wrapping CJK text by width."""

    def __init__(self, c: Canvas, w_mm: float, h_mm: float, margin: float, font: str) -> None:
        self.c, self.w, self.h, self.m, self.font = c, w_mm, h_mm, margin, font
        self.y = margin

    def space(self, need: float) -> bool:
        return self.y + need <= self.h - self.m

    def new_page(self) -> None:
        self.c.showPage()
        self.y = self.m

    def text(self, text: str, size: float, *, x: float | None = None,
             width: float | None = None, advance: bool = True) -> None:
        x = self.m if x is None else x
        width = (self.w - self.m - x) if width is None else width
        lines = self.wrap(text, size, width)
        lh = size * 1.3 / 72 * 25.4
        for line in lines:
            if not self.space(lh):
                self.new_page()
            self.c.setFont(self.font, size)
            self.c.drawString(x * mm, (self.h - self.y - lh * 0.8) * mm, line)
            self.y += lh
        if not advance:
            self.y -= lh * len(lines)

    def wrap(self, text: str, size: float, width_mm: float) -> list[str]:
        out: list[str] = []
        for para in (text or "").splitlines() or [""]:
            line = ""
            for ch in para:
                if self.c.stringWidth(line + ch, self.font, size) / mm > width_mm and line:
                    out.append(line)
                    line = ch
                else:
                    line += ch
            out.append(line)
        return out

    def rule(self) -> None:
        self.c.setLineWidth(0.3)
        self.c.line(self.m * mm, (self.h - self.y) * mm, (self.w - self.m) * mm,
                    (self.h - self.y) * mm)
        self.y += 1.5

    def barcode(self, value: str, height: float, module: float = 0.33) -> None:
        bc = Code128(value, barWidth=module * mm, barHeight=height * mm, quiet=True,
                     lquiet=10 * module * mm, rquiet=10 * module * mm)
        if not self.space(height + 2):
            self.new_page()
        bc.drawOn(self.c, self.m * mm, (self.h - self.y - height) * mm)
        self.y += height + 1


def _write_pdf(out: str | Path, draw) -> None:  # noqa: ANN001
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        draw(str(tmp))
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise PrintError(f"cannot write {out}: {exc.strerror or exc}; "
                         "check the folder exists and is writable") from None


def render_picking_list(pick: PickList, out: str | Path, *, title: str = "拣货单") -> None:
    """An A4 table: SKU, item, spec, quantity, number of orders; totals at the end."""
    font = register_font()

    def draw(path: str) -> None:
        c = Canvas(path, pagesize=(A4_MM[0] * mm, A4_MM[1] * mm), invariant=1)
        c.setTitle(title)
        c.setCreator("ShipDesk")
        w = _Writer(c, *A4_MM, margin=12, font=font)
        when = f"{pick.created_at:%Y-%m-%d %H:%M}" if pick.created_at else ""
        w.text(title, 18)
        w.text(f"订单 {pick.orders} 单 · 商品 {len(pick.rows)} 种 · 共 {pick.total_qty} 件 · {when}", 10)
        w.rule()
        cols = (12, 62, 142, 170, 188)  # x of: SKU, 商品, 规格, 数量, 单数

        def header() -> None:
            for x, name in zip(cols, ("SKU", "商品", "规格", "数量", "单数"), strict=True):
                w.text(name, 10, x=x, advance=False)
            w.y += 5
            w.rule()

        header()
        for row in pick.rows:
            lines = max(len(w.wrap(row.title, 10, 78)), len(w.wrap(row.spec, 10, 26)),
                        len(w.wrap(row.sku or "（无SKU）", 10, 48)))
            need = lines * 10 * 1.3 / 72 * 25.4 + 1.5
            if not w.space(need):
                w.new_page()
                header()
            top = w.y
            for x, val, width in ((cols[0], row.sku or "（无SKU）", 48), (cols[1], row.title, 78),
                                  (cols[2], row.spec, 26)):
                w.y = top
                w.text(val, 10, x=x, width=width)
            w.y = top
            w.text(str(row.qty), 12, x=cols[3], width=16, advance=False)
            w.text(str(row.orders), 10, x=cols[4], width=12, advance=False)
            w.y = top + need - 1.5
            w.rule()
        w.text(f"合计 {pick.total_qty} 件", 12, x=cols[2])
        c.showPage()
        c.save()

    _write_pdf(out, draw)


def render_packing_slips(slips: Sequence[Slip], out: str | Path, size: str = "A4") -> int:
    """One slip per page (A4 or a label size); returns the page count."""
    if size not in SLIP_SIZES:
        raise PrintError(f"unknown slip size {size!r}; choose one of {', '.join(SLIP_SIZES)}")
    if not slips:
        raise PrintError("no packing slips to print")
    font = register_font()
    w_mm, h_mm = A4_MM if size == "A4" else page_size_mm(size)
    small = size != "A4"
    margin = 4 if small else 15

    def draw(path: str) -> None:
        c = Canvas(path, pagesize=(w_mm * mm, h_mm * mm), invariant=1)
        c.setTitle("发货单")
        c.setCreator("ShipDesk")
        for slip in slips:
            w = _Writer(c, w_mm, h_mm, margin, font)
            w.text(f"发货单 · {slip.shop}", 12 if small else 18)
            w.barcode(slip.code, 12 if small else 15)
            w.text(slip.code, 8)
            w.text(f"订单号 {slip.platform_order_id}", 9 if small else 11)
            if slip.waybill_no:
                w.text(f"运单号 {slip.carrier} {slip.waybill_no}", 9 if small else 11)
            if slip.paid_at:
                w.text(f"付款时间 {slip.paid_at}", 8 if small else 10)
            w.text(f"收件人 {slip.recipient}", 8 if small else 10)
            w.rule()
            total = 0
            for it in slip.items:
                total += it.qty
                spec = f"（{it.spec}）" if it.spec else ""
                sku = f"[{it.sku}] " if it.sku else ""
                w.text(f"{sku}{it.title}{spec} × {it.qty}", 9 if small else 11)
            w.rule()
            w.text(f"共 {total} 件", 10 if small else 12)
            if slip.remark:
                w.text(f"买家留言：{slip.remark}", 8 if small else 10)
            c.showPage()
        c.save()

    _write_pdf(out, draw)
    return len(slips)


def print_picking_list(ws: Workspace, order_ids: Sequence[int], out: str | Path) -> PickList:
    pick = picking_list(ws, order_ids)
    if not pick.rows:
        raise PrintError("nothing to pick: no shippable orders chosen")
    render_picking_list(pick, out)
    with transaction(ws.write) as s:
        ws.audit(s, "print_picking_list", "orders", "", orders=pick.orders)
    return pick


def print_packing_slips(ws: Workspace, order_ids: Sequence[int], out: str | Path,
                        size: str = "A4") -> tuple[int, list[dict]]:
    slips, skipped = packing_slips(ws, order_ids)
    render_packing_slips(slips, out, size)
    return len(slips), skipped
