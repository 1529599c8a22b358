"""Turn rows of an export into OrderRecords through a column mapping.

A layout names which header holds which field; one order may span several rows (one per
sub-order). Columns the layout does not know are kept in OrderRecord.extra. A mapping (a
layout's own, a saved profile, or one made in the mapping editor) resolves each field to a
column index once per file; the row loop then only indexes lists.

The hot path is written for speed (100,000-row files): cheap checks first, cached parses
of repeated amounts, and date parsing by slicing for the common export formats.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from itertools import compress
from operator import itemgetter

from app.core.money import parse_fen
from app.core.orders import ItemRecord, OrderRecord, OrderStatus, RecipientRecord, RowError
from app.core.timeutil import SHANGHAI, parse_local
from app.importers.reader import InexactNumber, Table, normalise_header

ORDER_FIELDS = (
    "order_id", "status", "created_at", "paid_at", "ship_by", "freight", "discount",
    "buyer_message", "seller_remark", "flag", "after_sale_status",
    "name", "phone", "province", "city", "district", "street", "detail", "full_address",
)
ITEM_FIELDS = ("sub_order_id", "title", "spec", "qty", "product_id", "sku", "unit_price",
               "payable", "item_after_sale")
ALL_FIELDS = ORDER_FIELDS + ITEM_FIELDS

#: what the mapping editor calls each field (Chinese first, like the rest of the UI)
FIELD_LABELS: dict[str, str] = {
    "order_id": "订单号", "status": "订单状态", "created_at": "下单时间", "paid_at": "付款时间",
    "ship_by": "承诺发货时间", "freight": "运费", "discount": "优惠金额",
    "buyer_message": "买家留言", "seller_remark": "商家备注", "flag": "旗帜/标记",
    "after_sale_status": "售后状态", "name": "收件人", "phone": "收件人电话",
    "province": "省", "city": "市", "district": "区/县", "street": "街道/镇",
    "detail": "详细地址", "full_address": "完整收货地址（一栏）",
    "sub_order_id": "子订单号", "title": "商品名称", "spec": "商品规格", "qty": "数量",
    "product_id": "商品ID", "sku": "商家编码/SKU", "unit_price": "单价",
    "payable": "应付/实付金额", "item_after_sale": "商品售后状态",
}

#: fields whose values are ids: a workbook number there must be exact
ID_FIELDS = frozenset({"order_id", "sub_order_id", "product_id"})

#: status words seen across platforms; a layout's own map is looked up first
COMMON_STATUS: dict[str, OrderStatus] = {
    "待付款": OrderStatus.UNPAID, "待支付": OrderStatus.UNPAID, "未付款": OrderStatus.UNPAID,
    "等待买家付款": OrderStatus.UNPAID,
    "待发货": OrderStatus.TO_SHIP, "备货中": OrderStatus.TO_SHIP, "已付款": OrderStatus.TO_SHIP,
    "买家已付款": OrderStatus.TO_SHIP, "买家已付款,等待卖家发货": OrderStatus.TO_SHIP,
    "买家已付款，等待卖家发货": OrderStatus.TO_SHIP, "等待卖家发货": OrderStatus.TO_SHIP,
    "待出库": OrderStatus.TO_SHIP, "等待出库": OrderStatus.TO_SHIP, "已成团待发货": OrderStatus.TO_SHIP,
    "部分发货": OrderStatus.PARTLY_SHIPPED, "卖家部分发货": OrderStatus.PARTLY_SHIPPED,
    "已发货": OrderStatus.SHIPPED, "卖家已发货": OrderStatus.SHIPPED, "待收货": OrderStatus.SHIPPED,
    "已发货,待签收": OrderStatus.SHIPPED, "已发货，待签收": OrderStatus.SHIPPED,
    "卖家已发货,等待买家确认": OrderStatus.SHIPPED, "卖家已发货，等待买家确认": OrderStatus.SHIPPED,
    "等待确认收货": OrderStatus.SHIPPED, "已出库": OrderStatus.SHIPPED,
    "已完成": OrderStatus.DONE, "交易成功": OrderStatus.DONE, "已签收": OrderStatus.DONE,
    "完成": OrderStatus.DONE, "已收货": OrderStatus.DONE,
    "已关闭": OrderStatus.CANCELLED, "已取消": OrderStatus.CANCELLED,
    "交易关闭": OrderStatus.CANCELLED, "订单关闭": OrderStatus.CANCELLED,
    "交易取消": OrderStatus.CANCELLED, "取消": OrderStatus.CANCELLED,
    "已退款": OrderStatus.REFUNDED, "退款成功": OrderStatus.REFUNDED,
    "全额退款": OrderStatus.REFUNDED,
}
COMMON_REFUNDED = frozenset({"退款成功", "已退款", "退款完成", "售后完成(退款)", "全额退款"})

_ID_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-_]{0,39}")
_TOTALS = ("合计", "总计", "汇总", "小计", "共计", "统计", "总数", "导出", "说明", "备注")


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
    #: order ids are digits only (Douyin, Kuaishou, Taobao, JD, WeChat Channels)
    id_digits: bool = False
    label: str = ""
    #: False while the header names are representative, not checked against a live export
    verified: bool = True
    #: headers that only this platform uses: they weigh more when detecting the platform
    distinctive: tuple[str, ...] = ()

    def known_headers(self) -> set[str]:
        names = set(self.columns.values())
        for alts in self.aliases.values():
            names.update(alts)
        return names

    def header_candidates(self, fld: str) -> tuple[str, ...]:
        first = (self.columns[fld],) if fld in self.columns else ()
        return first + self.aliases.get(fld, ())

    def status_of(self, raw: str) -> OrderStatus:
        st = self.status_map.get(raw)
        if st is None:
            st = COMMON_STATUS.get(raw) or COMMON_STATUS.get(raw.replace(" ", ""),
                                                             OrderStatus.UNKNOWN)
        return st


def resolve_columns(layout: Layout, header: list[str],
                    override: Mapping[str, str] | None = None) -> dict[str, int]:
    """field -> column index. ``override`` (a saved profile or the mapping editor) names the
    header for some fields; the layout's names fill in the rest."""
    pos: dict[str, int] = {}
    for i, h in enumerate(header):
        if h:
            pos.setdefault(h, i)
            pos.setdefault(normalise_header(h), i)
    idx: dict[str, int] = {}
    if override:
        for fld, name in override.items():
            if not name or fld not in ALL_FIELDS:
                continue
            i = pos.get(name, pos.get(normalise_header(name)))
            if i is not None:
                idx[fld] = i
    taken = set(idx.values())
    for fld in ALL_FIELDS:
        if fld in idx or (override is not None and fld in override and not override[fld]):
            continue  # mapped already, or explicitly "not in this file"
        for candidate in layout.header_candidates(fld):
            i = pos.get(candidate, pos.get(normalise_header(candidate)))
            if i is not None and i not in taken:
                idx[fld] = i
                taken.add(i)
                break
    return idx


def missing_required(layout: Layout, idx: Mapping[str, int]) -> list[str]:
    missing = [f for f in layout.required if f not in idx]
    if "detail" in missing and "full_address" in idx:
        missing.remove("detail")
    return missing


# --------------------------------------------------------------------------- cell parsers

class CellError(ValueError):
    """(column header, message) of a bad cell."""


_EIGHT = timedelta(hours=8)


def fast_time(text: str) -> datetime | None:
    """Aware Shanghai datetime. ``YYYY-MM-DD HH:MM:SS`` and ``YYYY/MM/DD HH:MM:SS`` (what
    the exports write) by slicing; anything else through parse_local."""
    n = len(text)
    if n == 19 and text[4] in "-/" and text[7] == text[4] and text[10] in " T" \
            and text[13] == ":" and text[16] == ":":
        try:
            return datetime(int(text[0:4]), int(text[5:7]), int(text[8:10]), int(text[11:13]),
                            int(text[14:16]), int(text[17:19]), tzinfo=SHANGHAI)
        except ValueError:
            pass
    elif n == 16 and text[4] in "-/" and text[7] == text[4] and text[10] in " T" \
            and text[13] == ":":
        try:
            return datetime(int(text[0:4]), int(text[5:7]), int(text[8:10]), int(text[11:13]),
                            int(text[14:16]), tzinfo=SHANGHAI)
        except ValueError:
            pass
    elif not text:
        return None
    return parse_local(text)


def fast_fen(text: str) -> int:
    """Yuan text to fen: ``12.30`` by slicing, everything else through parse_fen."""
    if len(text) > 3 and text[-3] == "." and text.isascii():
        head, tail = text[:-3], text[-2:]
        if head.isdigit() and tail.isdigit():
            return int(head) * 100 + int(tail)
    return parse_fen(text)


MAX_QTY = 10**6


def _qty(text: str) -> int:
    t = unicodedata.normalize("NFKC", text).replace(",", "").strip() or "1"
    try:
        d = Decimal(t)
    except InvalidOperation:
        raise ValueError(f"quantity {text[:12]!r} is not a whole number") from None
    if not d.is_finite() or d.adjusted() > 6 or d > MAX_QTY:
        raise ValueError(f"quantity {text[:12]!r} is not a whole number of at most "
                         f"{MAX_QTY:,}")
    if d != d.to_integral_value() or d < 1:
        raise ValueError(f"quantity {text[:12]!r} must be a whole number of at least 1")
    return int(d)


def _is_note_row(oid: str) -> bool:
    return any(k in oid for k in _TOTALS) or oid.startswith(("共", "总"))


# --------------------------------------------------------------------------- rows

@dataclass
class ParseStats:
    rows: int = 0  # data rows read (not blank, not totals)
    last_row: int = 0


def parse_rows(layout: Layout, table: Table, columns: Mapping[str, int] | None = None,
               stats: ParseStats | None = None,
               only: set[str] | None = None) -> Iterator[OrderRecord | RowError]:
    """Yield orders (grouped by main order id) and row errors, in file order.

    ``columns`` is a resolved mapping (field -> index); default: the layout's own names.
    ``only`` keeps the rows of these order ids (a second pass for scattered orders).
    """
    fname = table.path.name
    header = table.header
    idx = dict(columns) if columns is not None else resolve_columns(layout, header)
    missing = missing_required(layout, idx)
    if missing:
        names = "、".join(FIELD_LABELS.get(f, f) + (f"（{layout.columns[f]}）"
                                                  if f in layout.columns else "")
                         for f in missing)
        yield RowError(fname, table.header_row, names,
                       "required column missing from the header; is this the right platform? "
                       "Choose the platform or map the columns")
        return
    stats = stats if stats is not None else ParseStats()
    width = len(header)
    mapped = set(idx.values())
    extra_cols = [(i, h) for i, h in enumerate(header) if i not in mapped and h]
    extra_names = [h for _, h in extra_cols]
    # C-speed picking of the extra columns: itemgetter gives a tuple (also for one column)
    extra_get = itemgetter(*[i for i, _ in extra_cols], -1) if extra_cols else None

    def col(fld: str) -> str:
        i = idx.get(fld)
        return header[i] if i is not None and i < width else FIELD_LABELS.get(fld, fld)

    # -1 reads the "" appended to every row: a field not in the file is empty
    def ix(fld: str) -> int:
        return idx.get(fld, -1)

    i_oid, i_sub, i_title, i_spec, i_qty = ix("order_id"), ix("sub_order_id"), ix("title"), \
        ix("spec"), ix("qty")
    i_pid, i_sku, i_unit, i_pay = ix("product_id"), ix("sku"), ix("unit_price"), ix("payable")
    i_isale, i_sale, i_freight, i_disc = ix("item_after_sale"), ix("after_sale_status"), \
        ix("freight"), ix("discount")
    i_status, i_name, i_phone = ix("status"), ix("name"), ix("phone")
    i_prov, i_city, i_dist, i_street, i_detail, i_full = ix("province"), ix("city"), \
        ix("district"), ix("street"), ix("detail"), ix("full_address")
    i_created, i_paid, i_shipby = ix("created_at"), ix("paid_at"), ix("ship_by")
    i_msg, i_remark, i_flag = ix("buyer_message"), ix("seller_remark"), ix("flag")
    id_fields = [(i, col(f)) for f, i in idx.items() if f in ID_FIELDS and f != "order_id"]
    split = layout.split_address
    digits_only = layout.id_digits
    id_re = _ID_RE.fullmatch
    fen_cache: dict[str, int] = {}
    time_cache: dict[str, datetime | None] = {}
    status_of = layout.status_of
    refunded = layout.refunded_after_sale or COMMON_REFUNDED
    ItemRecord_, OrderRecord_, RecipientRecord_ = ItemRecord, OrderRecord, RecipientRecord

    def fen(text: str, i: int) -> int:
        if not text or text == "-":
            return 0
        v = fen_cache.get(text)
        if v is None:
            try:
                v = fast_fen(text)
            except ValueError:
                raise CellError(header[i], f"amount {text[:20]!r} is not a number of yuan") \
                    from None
            if len(fen_cache) < 4096:
                fen_cache[text] = v
        return v

    def when(text: str, i: int) -> datetime | None:
        if not text:
            return None
        try:
            v = time_cache[text]
        except KeyError:
            try:
                v = fast_time(text)
            except ValueError:
                raise CellError(header[i], f"time {text[:24]!r} is not a date and time") \
                    from None
            if len(time_cache) > 8192:
                time_cache.clear()
            time_cache[text] = v
        return v

    def item(cells: list[str], oid: str) -> ItemRecord:
        q = cells[i_qty]
        if q.isdigit() and len(q) < 7:
            qty = int(q)
            if qty < 1:
                raise CellError(header[i_qty], f"quantity {q!r} must be at least 1")
        elif not q:
            qty = 1
        else:
            try:
                qty = _qty(q)
            except ValueError as exc:
                raise CellError(header[i_qty], str(exc)) from None
        for i, name in id_fields:
            if type(cells[i]) is InexactNumber:
                raise CellError(name, _inexact_message(cells[i]))
        sale = cells[i_isale] or cells[i_sale]
        return ItemRecord_(
            cells[i_sub] or oid, cells[i_title], cells[i_spec], qty, cells[i_pid], cells[i_sku],
            fen(cells[i_unit], i_unit), fen(cells[i_pay], i_pay), "",
            sale if sale != "-" else "")

    def order(cells: list[str], oid: str, row_no: int) -> OrderRecord:
        raw_status = cells[i_status]
        province, city, district = cells[i_prov], cells[i_city], cells[i_dist]
        street, detail = cells[i_street], cells[i_detail]
        if i_full >= 0 and not (province or detail):
            full = cells[i_full]
            if full:
                if split is not None:
                    province, city, district, street, detail = split(full)
                else:
                    detail = full
        name, phone = cells[i_name], cells[i_phone]
        if not name and not phone:
            raise CellError(col("name"), "receiver name and phone are both empty; "
                                         "the parcel cannot be addressed")
        return OrderRecord_(
            layout.platform, oid, status_of(raw_status), raw_status,
            RecipientRecord_(name, phone, province, city, district, street, detail),
            [], when(cells[i_created], i_created), when(cells[i_paid], i_paid),
            when(cells[i_shipby], i_shipby), 0, fen(cells[i_freight], i_freight),
            fen(cells[i_disc], i_disc), cells[i_msg], cells[i_remark], cells[i_flag],
            cells[i_sale] if cells[i_sale] != "-" else "",
            _extra(extra_get, extra_names, cells), row_no)

    current: OrderRecord | None = None
    current_bad = ""  # an order whose first row failed: its other rows are skipped too
    oid_col = header[i_oid]
    for row_no, cells in table.rows:
        n = len(cells)
        if n != width:
            if n < width:
                if n == 0 or not any(cells):
                    continue
                cells = cells + [""] * (width - n)
            else:
                cells = cells[:width]
        cells.append("")
        oid = cells[i_oid]
        if not oid:
            if not any(cells):
                continue
            if current is not None and (cells[i_title] or cells[i_sub]) and not cells[i_name]:
                oid = current.platform_order_id  # merged cells: the id is on the first row
            elif cells[i_name] or cells[i_phone]:
                stats.rows += 1
                yield RowError(fname, row_no, oid_col, "order id is empty")
                continue
            else:
                continue  # totals and notes below the data have no order id
        if type(oid) is InexactNumber:
            stats.rows += 1
            yield RowError(fname, row_no, oid_col, _inexact_message(oid))
            continue
        if not oid.isascii():
            oid = unicodedata.normalize("NFKC", oid).strip()
        if not (oid.isdigit() if digits_only else id_re(oid)) or len(oid) > 40:
            if _is_note_row(oid) or not (cells[i_name] or cells[i_phone] or cells[i_title]):
                continue
            stats.rows += 1
            yield RowError(fname, row_no, oid_col,
                           f"order id {oid[:24]!r} is not an order number; fix or remove the row")
            continue
        if only is not None and oid not in only:
            continue
        stats.rows += 1
        stats.last_row = row_no
        if current is not None and current.platform_order_id == oid:
            try:
                current.items.append(item(cells, oid))
                current.freight_fen += fen(cells[i_freight], i_freight)
            except CellError as exc:
                yield RowError(fname, row_no, exc.args[0], exc.args[1])
            continue
        if oid == current_bad:
            yield RowError(fname, row_no, oid_col,
                           "another row of this order has an error; fix that row")
            continue
        if current is not None:
            yield _finish(refunded, current)
            current = None
        try:
            rec = order(cells, oid, row_no)
            rec.items.append(item(cells, oid))
        except CellError as exc:
            current_bad = oid
            yield RowError(fname, row_no, exc.args[0], exc.args[1])
            continue
        current_bad = ""
        current = rec
    if current is not None:
        yield _finish(refunded, current)


def _extra(getter: Callable | None, names: list[str], cells: list[str]) -> dict[str, str]:
    """The non-empty cells of the columns the layout does not know, by header."""
    if getter is None:
        return {}
    vals = getter(cells)
    return dict(zip(compress(names, vals), filter(None, vals), strict=False))


def _inexact_message(digits: str) -> str:
    return (f"the id {digits[:8]}… was typed as a number in Excel and has lost its last "
            "digits; format the column as text in Excel and export again")


def _finish(refunded: frozenset[str], rec: OrderRecord) -> OrderRecord:
    items = rec.items
    if len(items) == 1:
        rec.payable_fen = items[0].payable_fen
        sale = items[0].after_sale_status
        if sale and sale in refunded:
            rec.status = OrderStatus.REFUNDED
        return rec
    rec.payable_fen = sum(i.payable_fen for i in items)
    sales = {i.after_sale_status for i in items}
    if sales <= refunded:
        rec.status = OrderStatus.REFUNDED
    return rec
