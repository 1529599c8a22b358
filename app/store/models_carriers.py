"""Tables of shipping choices: rules, rate cards, SKU weights, package presets, each
parcel's assignment (with the reason), voided waybills and the range-check cache.

Created by migration 0003_carriers. No personal data: addresses appear only as the plain
province/city/district/street that orders carry anyway.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models import Base


class ShippingRule(Base):
    """An ordered rule: conditions → carrier / tier / package preset (app.core.rules)."""

    __tablename__ = "shipping_rules"
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(default=True)
    conditions: Mapped[dict] = mapped_column(JSON, default=dict)
    action: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class RateCardRow(Base):
    """A shop's (shop_id 0: every shop's) prices with one carrier, lines as JSON."""

    __tablename__ = "rate_cards"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(Integer, default=0)
    carrier_code: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    lines: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime]
    __table_args__ = (UniqueConstraint("shop_id", "carrier_code", name="uq_rate_card_shop"),)


class SkuWeight(Base):
    """Weight of one unit of a SKU / merchant code, in grams (shop_id 0: every shop)."""

    __tablename__ = "sku_weights"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(Integer, default=0)
    sku: Mapped[str] = mapped_column(String(64))
    weight_g: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("shop_id", "sku", name="uq_sku_weight"),)


class PackagePreset(Base):
    """A box or bag: its own weight is added to the goods."""

    __tablename__ = "package_presets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    tare_g: Mapped[int] = mapped_column(Integer, default=0)
    length_mm: Mapped[int] = mapped_column(Integer, default=0)
    width_mm: Mapped[int] = mapped_column(Integer, default=0)
    height_mm: Mapped[int] = mapped_column(Integer, default=0)


class ParcelShipping(Base):
    """How a parcel's carrier and tier were chosen, what it costs and promises."""

    __tablename__ = "parcel_shipping"
    parcel_id: Mapped[int] = mapped_column(
        ForeignKey("parcels.id", ondelete="CASCADE"), primary_key=True)
    preset: Mapped[str] = mapped_column(String(32), default="")
    rule_id: Mapped[int | None] = mapped_column(Integer)
    rule_name: Mapped[str] = mapped_column(String(64), default="")
    strategy: Mapped[str] = mapped_column(String(12), default="")  # rule|cheapest|fastest|manual
    explanation: Mapped[str] = mapped_column(Text, default="")
    cost_fen: Mapped[int | None] = mapped_column(BigInteger)
    cost_detail: Mapped[str] = mapped_column(String(200), default="")
    weight_g: Mapped[int | None] = mapped_column(Integer)
    promise_date: Mapped[date | None] = mapped_column(Date)
    promise_detail: Mapped[str] = mapped_column(String(200), default="")
    range_state: Mapped[str] = mapped_column(String(12), default="")  # ''|ok|out|unknown
    range_reason: Mapped[str] = mapped_column(String(200), default="")
    assigned_at: Mapped[datetime]
    assigned_by: Mapped[str] = mapped_column(String(64), default="")


class WaybillVoid(Base):
    """A voided (作废) waybill number, with the reason; the number never comes back."""

    __tablename__ = "waybill_voids"
    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("waybill_accounts.id"))
    waybill_no: Mapped[str] = mapped_column(String(40), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    returned: Mapped[bool] = mapped_column(default=False)  # quota given back to the account
    voided_at: Mapped[datetime]
    operator: Mapped[str] = mapped_column(String(64), default="")


class RangeCache(Base):
    """What a provider said about an area (served or not), so it is asked once a day."""

    __tablename__ = "range_cache"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("waybill_accounts.id"))
    area: Mapped[str] = mapped_column(String(200))  # province|city|district|street
    served: Mapped[bool | None] = mapped_column()
    reason: Mapped[str] = mapped_column(String(200), default="")
    checked_at: Mapped[datetime]
    __table_args__ = (UniqueConstraint("account_id", "area", name="uq_range_cache_area"),)
