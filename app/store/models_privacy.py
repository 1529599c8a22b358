"""Tables of privacy and operators: who works at the station, and what was purged.

Created by migration 0005_privacy. No personal data: operator names are the shop's own
staff names as the owner typed them, PINs are scrypt hashes, purges name order ids only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models import Base


class Operator(Base):
    """A person at the station: role `owner` (everything) or `packer` (scan, print, track).

    `pin_hash` is ``scrypt$n$r$p$salt$hash`` (base64), or empty for no PIN. Wrong PINs
    count up in `failed_pins`; after too many the operator is locked until `locked_until`.
    """

    __tablename__ = "operators"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="packer")
    pin_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PrivacyPurge(Base):
    """An order whose buyer's plain data was erased: by retention, or on the buyer's request.

    The masked copies stay (labels, lists, accounting); the ciphertext and the blind
    indexes are gone, so nothing can bring the plain data back.
    """

    __tablename__ = "privacy_purges"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    order_id: Mapped[int] = mapped_column(Integer, index=True)
    recipient_id: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(16))  # retention | request
    operator: Mapped[str] = mapped_column(String(64), default="")
