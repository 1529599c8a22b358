"""Scan-to-print packing: resolve a scanned code to an order, verify its items, print once.

A packer scans one of three codes and the label must come out at once:

- the packing-slip barcode ShipDesk prints on its own pick lists (``SD`` + order id + a
  check digit, see `slip_code`),
- the platform order id (as printed on the platform's own packing slip),
- the waybill number (a label printed earlier, e.g. scanned again to check or reprint).

`pack_and_print` decides, from the database and never from what the screen shows:

- cancelled / refunded / flagged orders are refused with the reason (do not ship);
- an order whose label is already printed is refused unless the packer asks to reprint
  (never a silent second label: a second label on the desk ships a second parcel);
- an order without a waybill number gets one first, from its carrier or the shop's default
  carrier (what the platform tools do with 取号并打印; a seller expects the label, not a
  detour). When that fails the reason is shown and nothing prints.

Labels go to a `LabelPrinter`. `PdfFolderPrinter` writes one PDF per scan into a folder
(the embedded default "printer"); a raw TCP 9100 printer plugs in behind the same protocol
once the printing service takes a target (see the report of issue 7).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import and_, select

from app.services.merge import merged_leads, riders_of
from app.services.print_labels import PrintError, PrintSummary, print_labels
from app.services.waybills import allocate_waybills
from app.services.workspace import Workspace
from app.store.models import Order, OrderItem, Parcel, ParcelOrder, Shop

SLIP_PREFIX = "SD"
_SLIP = re.compile(rf"^{SLIP_PREFIX}(\d+)(\d)$")
_STOPPED = ("cancelled", "refunded")
_NOT_PAID = ("unpaid",)
_DONE_ON_PLATFORM = ("shipped", "done")

# reasons: machine codes shared with the UI, which words them for the packer
OK = "ok"
NOT_FOUND = "not_found"
AMBIGUOUS = "ambiguous"
CANCELLED = "cancelled"
REFUNDED = "refunded"
FLAGGED = "flagged"
UNPAID = "unpaid"
SHIPPED_ELSEWHERE = "shipped_elsewhere"
ALREADY_PRINTED = "already_printed"
ALLOCATE_FAILED = "allocate_failed"
PRINT_FAILED = "print_failed"
WRONG_ITEM = "wrong_item"
TOO_MANY = "too_many"
MISSING_ITEMS = "missing_items"


def _check_digit(digits: str) -> str:
    """Luhn (mod 10), so a misread slip never lands on another order."""
    total = 0
    for n, ch in enumerate(reversed(digits)):
        d = int(ch)
        if n % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return str((10 - total % 10) % 10)


def slip_code(order_id: int) -> str:
    """The packing-slip barcode of an order: SD + id + Luhn digit (Code128-friendly)."""
    digits = str(order_id)
    return f"{SLIP_PREFIX}{digits}{_check_digit(digits)}"


def parse_slip(code: str) -> int | None:
    m = _SLIP.match(code.strip().upper())
    if not m or _check_digit(m.group(1)) != m.group(2):
        return None
    return int(m.group(1))


@dataclass(frozen=True, slots=True)
class ExpectedItem:
    sku: str
    title: str
    spec: str
    qty: int


@dataclass(frozen=True, slots=True)
class PackTarget:
    """An order as the packing desk needs it (no personal data)."""

    order_id: int
    platform_order_id: str
    shop: str
    status: str
    flagged: str
    carrier: str
    waybill_no: str
    printed_at: datetime | None
    print_count: int
    items: tuple[ExpectedItem, ...]


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a scanned code names: `via` is slip | order_id | waybill | "" (nothing)."""

    code: str
    via: str
    targets: tuple[PackTarget, ...]

    @property
    def target(self) -> PackTarget | None:
        return self.targets[0] if len(self.targets) == 1 else None


def normalise_code(code: str) -> str:
    """Scanners add spaces, lower-case letters or a stray prefix/suffix char."""
    return re.sub(r"[\s\x00-\x1f]", "", code).strip()


def _targets(s, order_ids: Sequence[int]) -> tuple[PackTarget, ...]:  # noqa: ANN001
    """What to pack for these orders; an order riding in a merged parcel is packed as
    that parcel, with the items of every order it carries."""
    lead = merged_leads(s, order_ids)
    out = []
    for oid in dict.fromkeys(lead.get(i, i) for i in order_ids):
        order = s.get(Order, oid)
        if order is None:
            continue
        parcel = s.scalar(select(Parcel).where(Parcel.order_id == oid, Parcel.pack_no == 1))
        shop = s.get(Shop, order.shop_id)
        carried = [oid, *riders_of(s, [oid]).get(oid, [])]
        items = tuple(ExpectedItem(i.sku, i.title, i.spec, i.qty) for i in s.scalars(
            select(OrderItem).where(OrderItem.order_id.in_(carried)).order_by(OrderItem.id)))
        out.append(PackTarget(
            order_id=oid, platform_order_id=order.platform_order_id,
            shop=shop.name if shop else "", status=order.status,
            flagged=order.flagged_reason,
            carrier=parcel.carrier_code if parcel else "",
            waybill_no=(parcel.waybill_no or "") if parcel else "",
            printed_at=parcel.printed_at if parcel else None,
            print_count=parcel.print_count if parcel else 0, items=items))
    return tuple(out)


def resolve_code(ws: Workspace, code: str) -> Resolution:
    """Find the order a scanned code names: slip, then waybill, then platform order id.

    Each lookup is one indexed query; a platform order id shared by two shops (two
    platforms may reuse a number) comes back as two targets, and the caller asks."""
    code = normalise_code(code)
    if not code:
        return Resolution(code, "", ())
    with ws.read() as s:
        oid = parse_slip(code)
        if oid is not None and s.get(Order, oid) is not None:
            return Resolution(code, "slip", _targets(s, [oid]))
        ids = list(s.scalars(
            select(ParcelOrder.order_id).join(Parcel, Parcel.id == ParcelOrder.parcel_id)
            .where(Parcel.waybill_no == code.upper())))
        if not ids:
            ids = list(s.scalars(select(Parcel.order_id).where(Parcel.waybill_no == code.upper())))
        if ids:
            return Resolution(code, "waybill", _targets(s, ids[:1]))
        # (shop_id, platform_order_id) is the unique index: ask it shop by shop
        ids = list(s.scalars(select(Order.id).where(and_(
            Order.shop_id.in_(select(Shop.id)), Order.platform_order_id == code))))
        if ids:
            return Resolution(code, "order_id", _targets(s, ids))
    return Resolution(code, "", ())


def refusal(target: PackTarget, *, reprint: bool = False) -> str:
    """Why this order must not print now ("" when it may)."""
    if target.status == "cancelled":
        return CANCELLED
    if target.status == "refunded":
        return REFUNDED
    if target.flagged:
        return FLAGGED
    if target.status in _NOT_PAID:
        return UNPAID
    if target.printed_at is not None and not reprint:
        return ALREADY_PRINTED
    if target.status in _DONE_ON_PLATFORM and target.printed_at is None and not reprint:
        return SHIPPED_ELSEWHERE
    return ""


# --- scan-to-verify ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class VerifyStep:
    ok: bool
    reason: str  # OK, WRONG_ITEM, TOO_MANY
    item: ExpectedItem | None = None
    complete: bool = False


@dataclass
class Verifier:
    """Counts scanned SKUs against an order; the label prints only when `complete`."""

    items: tuple[ExpectedItem, ...]
    scanned: dict[str, int] = field(default_factory=dict)  # sku → count
    confirmed: set[int] = field(default_factory=set)  # indexes of items confirmed by hand

    def _key(self, sku: str) -> str:
        return normalise_code(sku).upper()

    def wanted(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for n, item in enumerate(self.items):
            if item.sku and n not in self.confirmed:
                out[self._key(item.sku)] = out.get(self._key(item.sku), 0) + item.qty
        return out

    def scan(self, code: str) -> VerifyStep:
        key = self._key(code)
        wanted = self.wanted()
        item = next((i for i in self.items if i.sku and self._key(i.sku) == key), None)
        if key not in wanted:
            return VerifyStep(False, WRONG_ITEM, None, self.complete)
        if self.scanned.get(key, 0) >= wanted[key]:
            return VerifyStep(False, TOO_MANY, item, self.complete)
        self.scanned[key] = self.scanned.get(key, 0) + 1
        return VerifyStep(True, OK, item, self.complete)

    def confirm_uncoded(self) -> int:
        """Confirm by hand the items that have no SKU code to scan; how many."""
        n = 0
        for i, item in enumerate(self.items):
            if not item.sku and i not in self.confirmed:
                self.confirmed.add(i)
                n += 1
        return n

    def missing(self) -> list[tuple[ExpectedItem, int]]:
        """Items still to scan (or confirm), with how many are missing."""
        out = []
        wanted = self.wanted()
        left = {k: v - self.scanned.get(k, 0) for k, v in wanted.items()}
        for n, item in enumerate(self.items):
            if not item.sku:
                if n not in self.confirmed:
                    out.append((item, item.qty))
                continue
            k = self._key(item.sku)
            take = min(left.get(k, 0), item.qty)
            if take > 0:
                out.append((item, take))
                left[k] -= take
        return out

    @property
    def complete(self) -> bool:
        return not self.missing()


# --- printers ----------------------------------------------------------------------------

class LabelPrinter(Protocol):
    """Where packing-mode labels go. `describe()` is shown to the packer."""

    def describe(self) -> str: ...

    def print_orders(self, ws: Workspace, order_ids: Sequence[int], *, size: str,
                     reprint: bool) -> PrintSummary: ...


@dataclass
class PdfFolderPrinter:
    """The embedded default: one PDF per scan in a folder (a day's subfolder)."""

    folder: Path

    def describe(self) -> str:
        return str(self.folder)

    def path_for(self, ws: Workspace, order_ids: Sequence[int]) -> Path:
        now = ws.clock()
        tag = "_".join(str(i) for i in order_ids[:3])
        return self.folder / f"{now:%Y-%m-%d}" / f"{now:%H%M%S_%f}_{tag}.pdf"

    def print_orders(self, ws: Workspace, order_ids: Sequence[int], *, size: str,
                     reprint: bool) -> PrintSummary:
        return print_labels(ws, order_ids, out=self.path_for(ws, order_ids), size=size,
                            fmt="pdf", reprint=reprint)


@dataclass(frozen=True, slots=True)
class PackResult:
    ok: bool
    reason: str  # OK or a refusal code
    target: PackTarget | None
    message: str = ""  # the service's own words (allocation / printing errors)
    waybill_no: str = ""
    out: str = ""
    allocated: bool = False  # a number was fetched for this scan
    reprinted: bool = False


def pack_and_print(ws: Workspace, order_id: int, printer: LabelPrinter, *,
                   size: str = "76x130", reprint: bool = False,
                   carrier: str | None = None) -> PackResult:
    """Check the order again in the database, number it if needed, print its label.
    `carrier` numbers an order nobody assigned a carrier; an assigned one keeps its own."""
    with ws.read() as s:
        found = _targets(s, [order_id])
    if not found:
        return PackResult(False, NOT_FOUND, None)
    target = found[0]
    why = refusal(target, reprint=reprint)
    if why:
        return PackResult(False, why, target)
    allocated = False
    if not target.waybill_no:
        summary = allocate_waybills(ws, [order_id], fallback=carrier or None)
        if summary.failed or not (summary.allocated or summary.already):
            msg = summary.failed[0]["message"] if summary.failed else ""
            return PackResult(False, ALLOCATE_FAILED, target, msg)
        allocated = True
    try:
        printed = printer.print_orders(ws, [order_id], size=size, reprint=reprint)
    except PrintError as exc:
        return PackResult(False, PRINT_FAILED, target, str(exc))
    with ws.read() as s:
        target = _targets(s, [order_id])[0]
    if not printed.printed:
        msg = printed.skipped[0]["message"] if printed.skipped else ""
        code = ALREADY_PRINTED if msg.startswith("already printed") else PRINT_FAILED
        return PackResult(False, code, target, msg)
    return PackResult(True, OK, target, "", target.waybill_no, printed.out, allocated,
                      reprint)
