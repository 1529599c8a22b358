"""What a label shows, already masked: renderers never see plain personal data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class LabelItem:
    title: str
    spec: str
    qty: int
    sku: str = ""


@dataclass(frozen=True, slots=True)
class LabelParty:
    """A masked name, phone and one-line address, as printed."""

    name: str
    phone: str
    address: str


@dataclass(frozen=True, slots=True)
class LabelData:
    waybill_no: str
    carrier_code: str  # catalogue code, e.g. "ZTO"
    carrier_name: str  # e.g. "中通快递"
    service_name: str  # e.g. "标准快递", "送货上门"
    sort_code: str  # 三段码 / 分拣码
    short_address: str  # 大头笔
    package_center: str  # 集包地 name
    package_center_code: str
    recipient: LabelParty
    sender: LabelParty
    order_id: str
    printed_at: datetime
    items: tuple[LabelItem, ...] = ()
    remark: str = ""
    pack_no: int = 1
    pack_total: int = 1
    qr_payload: str = ""  # defaults to the waybill number
    custom_text: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def qr_text(self) -> str:
        return self.qr_payload or self.waybill_no
