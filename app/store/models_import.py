"""Tables of order import: saved column mappings, platform API apps and pull cursors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models import Base


class MappingProfile(Base):
    """A column mapping saved for a shop: which header of its exports holds which field.

    ``header_key`` is a fingerprint of the export's header (normalised names, sorted), so
    the next file with the same layout finds its profile without asking.
    """

    __tablename__ = "mapping_profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    header_key: Mapped[str] = mapped_column(String(64), index=True)
    headers: Mapped[list] = mapped_column(JSON, default=list)
    columns: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> header text
    use_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    __table_args__ = (UniqueConstraint("shop_id", "name", name="uq_mapping_profile_shop_name"),)


class PlatformApp(Base):
    """A shop's open-platform app for pulling orders. Secret and token are encrypted with
    the database key (context ``platform_app``); the app key is not a secret."""

    __tablename__ = "platform_apps"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"),
                                         unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    app_key: Mapped[str] = mapped_column(String(64))
    secret_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    token_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    base_url: Mapped[str] = mapped_column(String(256), default="")
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]


class PullCursor(Base):
    """Where the last order pull of a shop ended (platform update time), so the next one
    asks only for what changed since, with an overlap."""

    __tablename__ = "pull_cursors"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"),
                                         unique=True)
    synced_until: Mapped[datetime | None]
    last_run_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
