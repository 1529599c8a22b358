"""User-facing words in one place: Chinese first, wrapped for Qt translation later.

Source strings are Chinese; an English (or other) `.qm` can be added without touching the
pages. Tables here are plain data so models, filters and tests agree on one spelling.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CTX = "ShipDesk"
N = QT_TRANSLATE_NOOP  # for other modules; lupdate only sees the long name


def tr(text: str, context: str = CTX) -> str:
    """Translate a source string; a no-op until translations are installed."""
    return QCoreApplication.translate(context, text)


#: normalised order status → source text (translated at display time)
STATUS_NAMES: dict[str, str] = {
    "unpaid": QT_TRANSLATE_NOOP("ShipDesk", "待付款"),
    "to_ship": QT_TRANSLATE_NOOP("ShipDesk", "待发货"),
    "partly_shipped": QT_TRANSLATE_NOOP("ShipDesk", "部分发货"),
    "shipped": QT_TRANSLATE_NOOP("ShipDesk", "已发货"),
    "done": QT_TRANSLATE_NOOP("ShipDesk", "已完成"),
    "cancelled": QT_TRANSLATE_NOOP("ShipDesk", "已取消"),
    "refunded": QT_TRANSLATE_NOOP("ShipDesk", "已退款"),
    "unknown": QT_TRANSLATE_NOOP("ShipDesk", "未知"),
}

#: statuses offered in the filter box, in the order a packer thinks of them
STATUS_FILTER: tuple[str, ...] = ("", "to_ship", "partly_shipped", "shipped", "done",
                                  "unpaid", "cancelled", "refunded")

#: parcel state → source text; no parcel yet reads as "not numbered"
PARCEL_STATES: dict[str, str] = {
    "": QT_TRANSLATE_NOOP("ShipDesk", "未取号"),
    "new": QT_TRANSLATE_NOOP("ShipDesk", "未取号"),
    "allocated": QT_TRANSLATE_NOOP("ShipDesk", "已取号"),
    "printed": QT_TRANSLATE_NOOP("ShipDesk", "已打印"),
}

#: carriers offered for e-waybills (code, full name, short name)
CARRIERS: tuple[tuple[str, str, str], ...] = (
    ("ZTO", QT_TRANSLATE_NOOP("ShipDesk", "中通快递"), QT_TRANSLATE_NOOP("ShipDesk", "中通")),
    ("YTO", QT_TRANSLATE_NOOP("ShipDesk", "圆通速递"), QT_TRANSLATE_NOOP("ShipDesk", "圆通")),
    ("STO", QT_TRANSLATE_NOOP("ShipDesk", "申通快递"), QT_TRANSLATE_NOOP("ShipDesk", "申通")),
    ("YUNDA", QT_TRANSLATE_NOOP("ShipDesk", "韵达快递"), QT_TRANSLATE_NOOP("ShipDesk", "韵达")),
    ("JT", QT_TRANSLATE_NOOP("ShipDesk", "极兔速递"), QT_TRANSLATE_NOOP("ShipDesk", "极兔")),
    ("SF", QT_TRANSLATE_NOOP("ShipDesk", "顺丰速运"), QT_TRANSLATE_NOOP("ShipDesk", "顺丰")),
    ("JD", QT_TRANSLATE_NOOP("ShipDesk", "京东快递"), QT_TRANSLATE_NOOP("ShipDesk", "京东")),
    ("EMS", "EMS", "EMS"),
    ("DEPPON", QT_TRANSLATE_NOOP("ShipDesk", "德邦快递"), QT_TRANSLATE_NOOP("ShipDesk", "德邦")),
)
CARRIER_SHORT: dict[str, str] = {code: short for code, _, short in CARRIERS}

#: label sizes (service value, source text)
LABEL_SIZES: tuple[tuple[str, str], ...] = (
    ("76x130", QT_TRANSLATE_NOOP("ShipDesk", "76×130 一联单")),
    ("100x150", "100×150"),
    ("100x180", QT_TRANSLATE_NOOP("ShipDesk", "100×180 二联单")),
)

#: why the importer flagged an order → what the packer must do
FLAG_REASONS: dict[str, str] = {
    "cancelled_after_print": QT_TRANSLATE_NOOP("ShipDesk", "面单已打印后买家取消：请拦截包裹，不要发出"),
    "refunded_after_print": QT_TRANSLATE_NOOP("ShipDesk", "面单已打印后已退款：请拦截包裹，不要发出"),
    "cancelled_after_import": QT_TRANSLATE_NOOP("ShipDesk", "导入后订单已取消：不要发货"),
    "refunded_after_import": QT_TRANSLATE_NOOP("ShipDesk", "导入后订单已退款：不要发货"),
}

#: service messages (English, shared with the CLI) → Chinese, matched by prefix
_SERVICE_MESSAGES: tuple[tuple[str, str], ...] = (
    ("no waybill number yet", QT_TRANSLATE_NOOP("ShipDesk", "还没有运单号：请先取号")),
    ("already printed", QT_TRANSLATE_NOOP("ShipDesk", "已打印过：如需再次打印，请用「重打面单」")),
    ("order is cancelled", QT_TRANSLATE_NOOP("ShipDesk", "订单已取消：不要发货")),
    ("order is refunded", QT_TRANSLATE_NOOP("ShipDesk", "订单已退款：不要发货")),
    ("no such order", QT_TRANSLATE_NOOP("ShipDesk", "找不到这个订单（可能已被删除）")),
    ("wrong PIN", QT_TRANSLATE_NOOP("ShipDesk", "PIN 不对，请重新输入")),
    ("too many wrong PINs", QT_TRANSLATE_NOOP("ShipDesk", "PIN 错误次数太多，请过几分钟再试")),
    ("a PIN is 4 to 12 digits", QT_TRANSLATE_NOOP("ShipDesk", "PIN 必须是 4 到 12 位数字")),
    ("unknown operator", QT_TRANSLATE_NOOP("ShipDesk", "没有这个操作员，或已停用")),
    ("the first operator must be the owner", QT_TRANSLATE_NOOP("ShipDesk", "第一个操作员必须是店主")),
    ("the shop needs an owner", QT_TRANSLATE_NOOP("ShipDesk", "店铺至少要有一位店主：请先设另一位店主")),
    ("there is already an operator called", QT_TRANSLATE_NOOP("ShipDesk", "已经有同名的操作员")),
    ("nobody is logged in", QT_TRANSLATE_NOOP("ShipDesk", "请先以店主身份登录")),
    ("operator '", QT_TRANSLATE_NOOP("ShipDesk", "当前操作员没有这个权限，请让店主来操作")),
)


def status_name(status: str) -> str:
    return tr(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def parcel_state_name(state: str) -> str:
    return tr(PARCEL_STATES[state]) if state in PARCEL_STATES else state


def carrier_name(code: str) -> str:
    return tr(CARRIER_SHORT[code]) if code in CARRIER_SHORT else code


#: context of the words that come from the data files in resources/ (carrier, tier, zone
#: and platform names): one place, so each is translated once wherever it shows
CATALOGUE_CTX = "Catalogue"


def catalogue_word(text: str) -> str:
    """A catalogue name or description in the chosen language."""
    return tr(text, CATALOGUE_CTX) if text else text


def flag_reason(reason: str) -> str:
    return tr(FLAG_REASONS[reason]) if reason in FLAG_REASONS else reason


def service_message(message: str) -> str:
    """Chinese for the messages services give; unknown ones pass through unchanged."""
    for prefix, text in _SERVICE_MESSAGES:
        if message.startswith(prefix):
            return tr(text)
    return message


#: packing mode: why a scan did not print → (headline, what to do); codes from
#: app.services.packing
PACK_REASONS: dict[str, tuple[str, str]] = {
    "not_found": (QT_TRANSLATE_NOOP("ShipDesk", "找不到这个单号"),
                  QT_TRANSLATE_NOOP("ShipDesk", "请确认扫的是拣货单条码、平台订单号或运单号；新订单请先导入")),
    "ambiguous": (QT_TRANSLATE_NOOP("ShipDesk", "多个店铺有这个订单号"),
                  QT_TRANSLATE_NOOP("ShipDesk", "请改扫拣货单条码或运单号")),
    "cancelled": (QT_TRANSLATE_NOOP("ShipDesk", "订单已取消：不要发货"),
                  QT_TRANSLATE_NOOP("ShipDesk", "把商品放回货架；已贴面单的包裹请拆下面单")),
    "refunded": (QT_TRANSLATE_NOOP("ShipDesk", "订单已退款：不要发货"),
                 QT_TRANSLATE_NOOP("ShipDesk", "把商品放回货架；已贴面单的包裹请拆下面单")),
    "flagged": (QT_TRANSLATE_NOOP("ShipDesk", "订单被拦截：不要发货"), ""),
    "unpaid": (QT_TRANSLATE_NOOP("ShipDesk", "订单未付款：不要发货"), QT_TRANSLATE_NOOP("ShipDesk", "等买家付款后再打包")),
    "shipped_elsewhere": (QT_TRANSLATE_NOOP("ShipDesk", "平台显示已发货"),
                          QT_TRANSLATE_NOOP("ShipDesk", "这单可能已在别处发出；确认后可按 F9 打印")),
    "already_printed": (QT_TRANSLATE_NOOP("ShipDesk", "面单已打印过"),
                        QT_TRANSLATE_NOOP("ShipDesk", "同一包裹贴两张面单会错发。确需重打请按 F9")),
    "allocate_failed": (QT_TRANSLATE_NOOP("ShipDesk", "取号失败，没有打印"), ""),
    "print_failed": (QT_TRANSLATE_NOOP("ShipDesk", "打印失败"), ""),
    "wrong_item": (QT_TRANSLATE_NOOP("ShipDesk", "不是这单的商品"), QT_TRANSLATE_NOOP("ShipDesk", "请取出这件商品，核对后重扫")),
    "too_many": (QT_TRANSLATE_NOOP("ShipDesk", "这件商品扫多了"), QT_TRANSLATE_NOOP("ShipDesk", "请取出多放的一件")),
    "missing_items": (QT_TRANSLATE_NOOP("ShipDesk", "还有商品没扫"), ""),
}


def pack_reason(code: str) -> tuple[str, str]:
    title, hint = PACK_REASONS.get(code, (code, ""))
    return tr(title), tr(hint) if hint else ""
