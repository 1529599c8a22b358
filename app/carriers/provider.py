"""What every e-waybill provider takes and gives, whatever platform is behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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


@dataclass(frozen=True, slots=True)
class WaybillIssued:
    idem_key: str
    waybill_no: str
    sort_code: str
    package_center_code: str
    package_center_name: str
    short_address: str


@dataclass(frozen=True, slots=True)
class WaybillFailed:
    idem_key: str
    code: str
    message: str  # for the seller: what went wrong and what to do
    retryable: bool = False


class WaybillProvider(Protocol):
    name: str
    max_batch: int

    def create(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]: ...
