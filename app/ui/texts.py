"""User-facing words in one place: Chinese first, wrapped for Qt translation later.

Source strings are Chinese; an English (or other) `.qm` can be added without touching the
pages. Tables here are plain data so models, filters and tests agree on one spelling.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CTX = "ShipDesk"


def tr(text: str, context: str = CTX) -> str:
    """Translate a source string; a no-op until translations are installed."""
    return QCoreApplication.translate(context, text)


#: normalised order status → source text (translated at display time)
STATUS_NAMES: dict[str, str] = {
    "unpaid": "待付款",
    "to_ship": "待发货",
    "partly_shipped": "部分发货",
    "shipped": "已发货",
    "done": "已完成",
    "cancelled": "已取消",
    "refunded": "已退款",
    "unknown": "未知",
}

#: statuses offered in the filter box, in the order a packer thinks of them
STATUS_FILTER: tuple[str, ...] = ("", "to_ship", "partly_shipped", "shipped", "done",
                                  "unpaid", "cancelled", "refunded")

#: parcel state → source text; no parcel yet reads as "not numbered"
PARCEL_STATES: dict[str, str] = {
    "": "未取号",
    "new": "未取号",
    "allocated": "已取号",
    "printed": "已打印",
}

#: carriers offered for e-waybills (code, full name, short name)
CARRIERS: tuple[tuple[str, str, str], ...] = (
    ("ZTO", "中通快递", "中通"),
    ("YTO", "圆通速递", "圆通"),
    ("STO", "申通快递", "申通"),
    ("YUNDA", "韵达快递", "韵达"),
    ("JT", "极兔速递", "极兔"),
    ("SF", "顺丰速运", "顺丰"),
    ("JD", "京东快递", "京东"),
    ("EMS", "EMS", "EMS"),
    ("DEPPON", "德邦快递", "德邦"),
)
CARRIER_SHORT: dict[str, str] = {code: short for code, _, short in CARRIERS}

#: label sizes (service value, source text)
LABEL_SIZES: tuple[tuple[str, str], ...] = (
    ("76x130", "76×130 一联单"),
    ("100x150", "100×150"),
    ("100x180", "100×180 二联单"),
)

#: why the importer flagged an order → what the packer must do
FLAG_REASONS: dict[str, str] = {
    "cancelled_after_print": "面单已打印后买家取消：请拦截包裹，不要发出",
    "refunded_after_print": "面单已打印后已退款：请拦截包裹，不要发出",
    "cancelled_after_import": "导入后订单已取消：不要发货",
    "refunded_after_import": "导入后订单已退款：不要发货",
}

#: service messages (English, shared with the CLI) → Chinese, matched by prefix
_SERVICE_MESSAGES: tuple[tuple[str, str], ...] = (
    ("no waybill number yet", "还没有运单号：请先取号"),
    ("already printed", "已打印过：如需再次打印，请用「重打面单」"),
    ("order is cancelled", "订单已取消：不要发货"),
    ("order is refunded", "订单已退款：不要发货"),
    ("no such order", "找不到这个订单（可能已被删除）"),
)


def status_name(status: str) -> str:
    return tr(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def parcel_state_name(state: str) -> str:
    return tr(PARCEL_STATES[state]) if state in PARCEL_STATES else state


def carrier_name(code: str) -> str:
    return tr(CARRIER_SHORT[code]) if code in CARRIER_SHORT else code


def flag_reason(reason: str) -> str:
    return tr(FLAG_REASONS[reason]) if reason in FLAG_REASONS else reason


def service_message(message: str) -> str:
    """Chinese for the messages services give; unknown ones pass through unchanged."""
    for prefix, text in _SERVICE_MESSAGES:
        if message.startswith(prefix):
            return tr(text)
    return message
