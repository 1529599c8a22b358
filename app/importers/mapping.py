"""Turn rows of an export into OrderRecords through a column mapping.

A layout names which header holds which field; one order may span several rows (one per
sub-order). Columns the layout does not know are kept in OrderRecord.extra.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from app.core.money import parse_fen
from app.core.orders import ItemRecord, OrderRecord, OrderStatus, RecipientRecord, RowError
from app.core.timeutil import parse_local
from app.importers.reader import Table

ORDER_FIELDS = (
    "order_id", "status", "created_at", "paid_at", "ship_by", "freight", "discount",
    "buyer_message", "seller_remark", "flag", "after_sale_status",
    "name", "phone", "province", "city", "district", "street", "detail", "full_address",
)
ITEM_FIELDS = ("sub_order_id", "title", "spec", "qty", "product_id", "sku", "unit_price",
               "payable", "item_after_sale")


@dataclass(frozen=True)
class Layout:
    platform: str
    columns: dict[str, str]  # field -> header text
    status_map: dict[str, OrderStatus]
    refunded_after_sale: frozenset[str] = frozenset()
    required: tuple[str, ...] = ("order_id",)
    #: splits a one-field address into (province, city, district, street, detail)
    split_address: Callable[[str], tuple[str, str, str, str, str]] | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def known_headers(self) -> set[str]:
        names = set(self.columns.values())
        for alts in self.aliases.values():
            names.update(alts)
        return names


def _index(layout: Layout, header: list[str]) -> dict[str, int]:
    pos = {h: i for i, h in enumerate(header) if h}
    idx: dict[str, int] = {}
    for fld, name in layout.columns.items():
        for candidate in (name, *layout.aliases.get(fld, ())):
            if candidate in pos:
                idx[fld] = pos[candidate]
                break
    return idx


def _is_blank(cells: list[str]) -> bool:
    return not any(cells)


def parse_rows(layout: Layout, table: Table) -> Iterator[OrderRecord | RowError]:
    """Yield orders (grouped by main order id) and row errors, in file order."""
    fname = table.path.name
    header = table.header
    idx = _index(layout, header)
    missing = [layout.columns[f] for f in layout.required if f not in idx]
    if missing:
        yield RowError(fname, table.header_row, "、".join(missing),
                       "required column missing from the header; is this the right platform?")
        return
    mapped = set(idx.values())
    extra_cols = [(i, h) for i, h in enumerate(header) if i not in mapped and h]
    width = len(header)
    current: OrderRecord | None = None
    order_id_col = idx["order_id"]

    def get(cells: list[str], fld: str) -> str:
        i = idx.get(fld)
        return cells[i] if i is not None and i < len(cells) else ""

    for row_no, cells in table.rows:
        if _is_blank(cells):
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        oid = cells[order_id_col]
        if not oid:
            # totals rows ("合计") and notes below the data have no order id
            continue
        if not oid.isdigit():
            if any(k in oid for k in ("合计", "总计", "汇总", "共")):
                continue
            yield RowError(fname, row_no, header[order_id_col],
                           f"order id {oid[:24]!r} is not a number; fix or remove the row")
            continue
        try:
            item = _item(layout, cells, get, oid)
        except ValueError as exc:
            col, msg = exc.args if len(exc.args) == 2 else ("", str(exc))
            yield RowError(fname, row_no, col, msg)
            continue
        if current is not None and current.platform_order_id == oid:
            current.items.append(item)
            try:
                current.freight_fen += _fen(get(cells, "freight"), layout, "freight")
            except ValueError as exc:
                yield RowError(fname, row_no, *exc.args)
            continue
        if current is not None:
            yield _finish(layout, current)
        try:
            current = _order(layout, cells, get, oid, row_no, extra_cols)
        except ValueError as exc:
            col, msg = exc.args if len(exc.args) == 2 else ("", str(exc))
            yield RowError(fname, row_no, col, msg)
            current = None
            continue
        current.items.append(item)
    if current is not None:
        yield _finish(layout, current)


def _fen(text: str, layout: Layout, fld: str) -> int:
    if not text or text == "-":
        return 0
    try:
        return parse_fen(text)
    except ValueError:
        raise ValueError(layout.columns.get(fld, fld),
                         f"amount {text[:20]!r} is not a number of yuan") from None


def _time(text: str, layout: Layout, fld: str):  # noqa: ANN202
    try:
        return parse_local(text)
    except ValueError:
        raise ValueError(layout.columns.get(fld, fld),
                         f"time {text[:24]!r} is not a date and time") from None


def _qty(text: str, layout: Layout) -> int:
    col = layout.columns.get("qty", "qty")
    t = unicodedata.normalize("NFKC", text).replace(",", "").strip() or "1"
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise ValueError(col, f"quantity {text[:12]!r} is not a whole number") from None
    if d != d.to_integral_value() or d < 1:
        raise ValueError(col, f"quantity {text[:12]!r} must be a whole number of at least 1")
    return int(d)


def _item(layout: Layout, cells: list[str], get, oid: str) -> ItemRecord:  # noqa: ANN001
    qty = _qty(get(cells, "qty"), layout)
    return ItemRecord(
        sub_order_id=get(cells, "sub_order_id") or oid,
        title=get(cells, "title"),
        spec=get(cells, "spec"),
        qty=qty,
        product_id=get(cells, "product_id"),
        sku=get(cells, "sku"),
        unit_price_fen=_fen(get(cells, "unit_price"), layout, "unit_price"),
        payable_fen=_fen(get(cells, "payable"), layout, "payable"),
        after_sale_status=get(cells, "item_after_sale") or get(cells, "after_sale_status"),
    )


def _order(layout: Layout, cells: list[str], get, oid: str, row_no: int,  # noqa: ANN001
           extra_cols: list[tuple[int, str]]) -> OrderRecord:
    raw_status = get(cells, "status")
    province, city, district = get(cells, "province"), get(cells, "city"), get(cells, "district")
    street, detail = get(cells, "street"), get(cells, "detail")
    full = get(cells, "full_address")
    if full and layout.split_address and not (province or detail):
        province, city, district, street, detail = layout.split_address(full)
    rec = OrderRecord(
        platform=layout.platform,
        platform_order_id=oid,
        status=layout.status_map.get(raw_status, OrderStatus.UNKNOWN),
        platform_status=raw_status,
        recipient=RecipientRecord(get(cells, "name"), get(cells, "phone"), province, city,
                                  district, street, detail),
        created_at=_time(get(cells, "created_at"), layout, "created_at"),
        paid_at=_time(get(cells, "paid_at"), layout, "paid_at"),
        ship_by=_time(get(cells, "ship_by"), layout, "ship_by"),
        freight_fen=_fen(get(cells, "freight"), layout, "freight"),
        discount_fen=_fen(get(cells, "discount"), layout, "discount"),
        buyer_message=get(cells, "buyer_message"),
        seller_remark=get(cells, "seller_remark"),
        flag=get(cells, "flag"),
        after_sale_status=get(cells, "after_sale_status"),
        extra={h: cells[i] for i, h in extra_cols if i < len(cells) and cells[i]},
        source_row=row_no,
    )
    if not rec.recipient.name and not rec.recipient.phone:
        raise ValueError(layout.columns.get("name", "name"),
                         "receiver name and phone are both empty; the parcel cannot be addressed")
    return rec


def _finish(layout: Layout, rec: OrderRecord) -> OrderRecord:
    rec.payable_fen = sum(i.payable_fen for i in rec.items)
    sales = {i.after_sale_status for i in rec.items}
    if sales and sales <= layout.refunded_after_sale:
        rec.status = OrderStatus.REFUNDED
    return rec
