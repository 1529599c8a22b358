"""What every e-waybill provider takes and gives, whatever platform is behind it.

Personal fields (receiver name, phone, detail address) travel in these objects only for
the length of one call, are never part of their repr, and are either the platform's own
ciphertext (``receiver_cipher``) or plain text that the caller decrypted and logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class AskItem:
    name: str
    qty: int = 1
    spec: str = ""


@dataclass(frozen=True, slots=True)
class Sender:
    """The sender block of an account (the seller's own address, not a buyer's)."""

    name: str = ""
    phone: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    street: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class WaybillAsk:
    idem_key: str
    order_key: str  # platform order id (main order)
    pack_no: int
    carrier_code: str
    tier_code: str
    province: str
    city: str
    district: str
    street: str
    pack_total: int = 1
    receiver_name: str = field(default="", repr=False)
    receiver_phone: str = field(default="", repr=False)
    receiver_detail: str = field(default="", repr=False)
    receiver_cipher: bool = False  # the three fields above are platform ciphertext
    weight_g: int = 0
    items: tuple[AskItem, ...] = ()
    services: tuple[tuple[str, str], ...] = ()  # (service_code, service_value)
    product_type: str = ""
    remark: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class WaybillIssued:
    idem_key: str
    waybill_no: str
    sort_code: str
    package_center_code: str
    package_center_name: str
    short_address: str
    short_address_code: str = ""
    print_data: str = field(default="", repr=False)  # platform-encrypted cloud print payload
    print_sign: str = field(default="", repr=False)
    sub_waybills: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WaybillFailed:
    idem_key: str
    code: str
    message: str  # for the seller: what went wrong and what to do
    retryable: bool = False


@dataclass(frozen=True, slots=True)
class CancelAsk:
    idem_key: str
    waybill_no: str
    carrier_code: str
    order_key: str
    pack_no: int = 1
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CancelResult:
    idem_key: str
    waybill_no: str
    ok: bool
    returned: bool = False  # the number (its quota) went back to the account
    code: str = ""
    message: str = ""
    retryable: bool = False


@dataclass(frozen=True, slots=True)
class RangeAsk:
    key: str
    carrier_code: str
    province: str
    city: str
    district: str
    street: str = ""
    detail: str = field(default="", repr=False)
    detail_cipher: bool = False


@dataclass(frozen=True, slots=True)
class RangeResult:
    key: str
    served: bool | None  # None: the provider could not tell
    reason_code: str = ""
    message: str = ""


class WaybillProvider(Protocol):
    name: str
    max_batch: int
    #: whether create() needs the receiver's name, phone and detail address
    needs_receiver: bool
    #: whether a voided number's quota goes back to the account
    returns_numbers: bool

    def create(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        """One result per ask, in any order, matched by idem_key. Raises
        app.platforms.http.PlatformError when the whole call failed (timeout, 5xx, auth)."""
        ...

    def cancel(self, asks: list[CancelAsk]) -> list[CancelResult]: ...

    def check_range(self, asks: list[RangeAsk]) -> list[RangeResult]: ...
