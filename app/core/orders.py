"""Orders as importers produce them, before the store encrypts anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class OrderStatus(StrEnum):
    UNPAID = "unpaid"
    TO_SHIP = "to_ship"
    PARTLY_SHIPPED = "partly_shipped"
    SHIPPED = "shipped"
    DONE = "done"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"
    UNKNOWN = "unknown"


#: the Chinese name of each status, as exports and printed lists show it (the GUI has
#: its own translatable copy in app/ui/texts.py)
STATUS_ZH: dict[str, str] = {
    "unpaid": "待付款", "to_ship": "待发货", "partly_shipped": "部分发货", "shipped": "已发货",
    "done": "已完成", "cancelled": "已取消", "refunded": "已退款", "unknown": "未知",
}

#: statuses after which a parcel must not leave the desk
STOPPED = frozenset({OrderStatus.CANCELLED, OrderStatus.REFUNDED})


@dataclass(slots=True)
class ItemRecord:
    sub_order_id: str
    title: str
    spec: str
    qty: int
    product_id: str = ""
    sku: str = ""
    unit_price_fen: int = 0
    payable_fen: int = 0
    status: str = ""
    after_sale_status: str = ""


@dataclass(slots=True)
class RecipientRecord:
    """Receiver fields exactly as they came: plain, masked or platform ciphertext."""

    name: str
    phone: str
    province: str
    city: str
    district: str
    street: str
    detail: str


@dataclass(slots=True)
class OrderRecord:
    platform: str
    platform_order_id: str
    status: OrderStatus
    platform_status: str
    recipient: RecipientRecord
    items: list[ItemRecord] = field(default_factory=list)
    created_at: datetime | None = None
    paid_at: datetime | None = None
    ship_by: datetime | None = None
    payable_fen: int = 0
    freight_fen: int = 0
    discount_fen: int = 0
    buyer_message: str = ""
    seller_remark: str = ""
    flag: str = ""
    after_sale_status: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    source_row: int = 0  # first row of the file this order came from


@dataclass(frozen=True, slots=True)
class RowError:
    file: str
    row: int  # 1-based line/row number as the seller sees it in Excel
    column: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}
