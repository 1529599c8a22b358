"""SQLAlchemy 2 schema. Personal data lives only as ciphertext + masked copy + blind index."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

SHANGHAI = ZoneInfo("Asia/Shanghai")


class AwareDateTime(TypeDecorator):
    """Stored as naive UTC (SQLite has no time zones), read back aware in Asia/Shanghai."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: ANN001, ANN201
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):  # noqa: ANN001, ANN201
        if value is None:
            return None
        return value.replace(tzinfo=UTC).astimezone(SHANGHAI)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: AwareDateTime()}


class Meta(Base):
    """Key/value facts about this database (its id, the key check value, settings)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Shop(Base):
    __tablename__ = "shops"
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(128))
    sender_name: Mapped[str] = mapped_column(String(64), default="")
    sender_phone: Mapped[str] = mapped_column(String(32), default="")
    sender_province: Mapped[str] = mapped_column(String(32), default="")
    sender_city: Mapped[str] = mapped_column(String(32), default="")
    sender_district: Mapped[str] = mapped_column(String(32), default="")
    sender_detail: Mapped[str] = mapped_column(String(256), default="")
    created_at: Mapped[datetime]
    __table_args__ = (UniqueConstraint("platform", "name", name="uq_shop_platform_name"),)


class Recipient(Base):
    """A receiver. *_enc is AES-GCM ciphertext, *_hash a keyed blind index, *_kind how it came in."""

    __tablename__ = "recipients"
    id: Mapped[int] = mapped_column(primary_key=True)
    name_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    name_masked: Mapped[str] = mapped_column(String(64), default="")
    name_hash: Mapped[str | None] = mapped_column(String(32), index=True)
    name_kind: Mapped[str] = mapped_column(String(8), default="empty")
    phone_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_masked: Mapped[str] = mapped_column(String(40), default="")
    phone_hash: Mapped[str | None] = mapped_column(String(32), index=True)
    phone_kind: Mapped[str] = mapped_column(String(8), default="empty")
    province: Mapped[str] = mapped_column(String(32), default="")
    city: Mapped[str] = mapped_column(String(32), default="")
    district: Mapped[str] = mapped_column(String(32), default="")
    street: Mapped[str] = mapped_column(String(64), default="")
    detail_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    detail_masked: Mapped[str] = mapped_column(String(256), default="")
    detail_hash: Mapped[str | None] = mapped_column(String(32))
    detail_kind: Mapped[str] = mapped_column(String(8), default="empty")
    # blind index of (name, phone, full address): merge suggestions find same-buyer orders by it
    address_key: Mapped[str | None] = mapped_column(String(32), index=True)


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    platform_order_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), index=True)  # normalised
    platform_status: Mapped[str] = mapped_column(String(32), default="")
    after_sale_status: Mapped[str] = mapped_column(String(32), default="")
    created_at_platform: Mapped[datetime | None]
    paid_at: Mapped[datetime | None]
    ship_by: Mapped[datetime | None] = mapped_column(index=True)
    payable_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    freight_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    discount_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    buyer_message: Mapped[str] = mapped_column(Text, default="")
    seller_remark: Mapped[str] = mapped_column(Text, default="")
    flag: Mapped[str] = mapped_column(String(16), default="")
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("recipients.id"))
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    sku_summary: Mapped[str] = mapped_column(String(256), default="")
    # buyer_message, seller_remark and extra hold masked copies (free text may carry a
    # phone); the originals are in notes_enc, encrypted like the receiver: the message,
    # the remark and the extra values the mask changed (older rows: all extra values)
    extra: Mapped[dict] = mapped_column(JSON, default=dict)  # columns we do not model, kept
    notes_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    content_hash: Mapped[str] = mapped_column(String(32), default="")
    source_file: Mapped[str] = mapped_column(String(256), default="")
    imported_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    flagged_reason: Mapped[str] = mapped_column(String(64), default="")

    shop: Mapped[Shop] = relationship()
    recipient: Mapped[Recipient | None] = relationship()
    items: Mapped[list[OrderItem]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderItem.id"
    )
    __table_args__ = (
        UniqueConstraint("shop_id", "platform_order_id", name="uq_order_shop_platform_id"),
        Index("ix_orders_paid_at", "paid_at"),
        # the order tables' sorts and filters on a million orders (migration 0006): every
        # ORDER BY col, id LIMIT n walks one of these and stops after a page
        Index("ix_orders_platform_order_id_id", "platform_order_id", "id"),
        Index("ix_orders_payable_fen_id", "payable_fen", "id"),
        Index("ix_orders_status_paid_at_id", "status", "paid_at", "id"),
        Index("ix_orders_status_ship_by_id", "status", "ship_by", "id"),
        Index("ix_orders_recipient_id", "recipient_id"),  # buyer search by blind index
        # the intercept list (alerts page): the few flagged orders, in paid-time order
        Index("ix_orders_flagged_paid_at_id", "paid_at", "id",
              sqlite_where=text("flagged_reason != ''"),
              postgresql_where=text("flagged_reason <> ''")),
        # free-text search (migration 0008, SQLite only: PostgreSQL's btree entries are
        # limited to 2.7 kB): the few orders with a note, scanned whole; the SKU summary,
        # walked once per distinct value. The WHERE is the literal the search repeats.
        Index("ix_orders_notes", "seller_remark", "buyer_message",
              sqlite_where=text("seller_remark != '' OR buyer_message != ''")).ddl_if(
            dialect="sqlite"),
        Index("ix_orders_sku_summary", "sku_summary").ddl_if(dialect="sqlite"),
    )


class OrderItem(Base):
    __tablename__ = "order_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    # no index of its own: uq_item_order_sub (order_id, sub_order_id) serves order_id
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    sub_order_id: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(256), default="")
    spec: Mapped[str] = mapped_column(String(128), default="")
    qty: Mapped[int] = mapped_column(Integer, default=1)
    product_id: Mapped[str] = mapped_column(String(40), default="")
    sku: Mapped[str] = mapped_column(String(64), default="", index=True)
    unit_price_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    payable_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(32), default="")
    after_sale_status: Mapped[str] = mapped_column(String(32), default="")

    order: Mapped[Order] = relationship(back_populates="items")
    __table_args__ = (UniqueConstraint("order_id", "sub_order_id", name="uq_item_order_sub"),)


class WaybillAccount(Base):
    """An e-waybill account: platform + carrier + branch, served by a provider."""

    __tablename__ = "waybill_accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    carrier_code: Mapped[str] = mapped_column(String(16))
    provider: Mapped[str] = mapped_column(String(16), default="sandbox")
    branch_code: Mapped[str] = mapped_column(String(32), default="")
    branch_name: Mapped[str] = mapped_column(String(64), default="")
    balance: Mapped[int | None] = mapped_column(Integer)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]


class WaybillRange(Base):
    """A local number range for the sandbox provider; next_value is claimed under a row lock."""

    __tablename__ = "waybill_ranges"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("waybill_accounts.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(8), default="")
    width: Mapped[int] = mapped_column(Integer)
    next_value: Mapped[int] = mapped_column(BigInteger)
    end_value: Mapped[int] = mapped_column(BigInteger)


class Parcel(Base):
    __tablename__ = "parcels"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))
    # the main order; uq_parcel_order_pack (order_id, pack_no) is its index
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    pack_no: Mapped[int] = mapped_column(Integer, default=1)
    pack_total: Mapped[int] = mapped_column(Integer, default=1)
    carrier_code: Mapped[str] = mapped_column(String(16), default="")
    tier_code: Mapped[str] = mapped_column(String(16), default="standard")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("waybill_accounts.id"))
    waybill_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    sort_code: Mapped[str] = mapped_column(String(32), default="")
    package_center_code: Mapped[str] = mapped_column(String(32), default="")
    package_center_name: Mapped[str] = mapped_column(String(64), default="")
    short_address: Mapped[str] = mapped_column(String(64), default="")
    state: Mapped[str] = mapped_column(String(16), default="new", index=True)
    weight_g: Mapped[int | None] = mapped_column(Integer)
    allocated_at: Mapped[datetime | None]
    printed_at: Mapped[datetime | None]
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]

    order: Mapped[Order] = relationship()
    orders: Mapped[list[Order]] = relationship(secondary="parcel_orders", viewonly=True)
    __table_args__ = (UniqueConstraint("order_id", "pack_no", name="uq_parcel_order_pack"),)


class ParcelOrder(Base):
    """Which orders ride in a parcel (several when merged)."""

    __tablename__ = "parcel_orders"
    parcel_id: Mapped[int] = mapped_column(
        ForeignKey("parcels.id", ondelete="CASCADE"), primary_key=True
    )
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), primary_key=True, index=True)


class WaybillRequest(Base):
    """Idempotency record, written before a provider is called, completed after."""

    __tablename__ = "waybill_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    idem_key: Mapped[str] = mapped_column(String(96), unique=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("waybill_accounts.id"))
    kind: Mapped[str] = mapped_column(String(8), default="create")  # create | cancel
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending|done|failed
    waybill_no: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PrintJob(Base):
    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    idem_key: Mapped[str] = mapped_column(String(96), unique=True)
    fmt: Mapped[str] = mapped_column(String(8))  # pdf | zpl | tspl
    size: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(256))  # file path or printer
    state: Mapped[str] = mapped_column(String(12), default="pending")
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    operator: Mapped[str] = mapped_column(String(64), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    items: Mapped[list[PrintJobItem]] = relationship(order_by="PrintJobItem.seq")


class PrintJobItem(Base):
    """The print log: one row per label, with its result."""

    __tablename__ = "print_job_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("print_jobs.id", ondelete="CASCADE"), index=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending|sent|failed
    is_reprint: Mapped[bool] = mapped_column(default=False)
    sent_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(Text, default="")


class TrackingEvent(Base):
    __tablename__ = "tracking_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    occurred_at: Mapped[datetime]
    provider: Mapped[str] = mapped_column(String(16))
    raw_code: Mapped[str] = mapped_column(String(16), default="")
    raw_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24))  # normalised
    location: Mapped[str] = mapped_column(String(128), default="")
    dedup_key: Mapped[str] = mapped_column(String(40), unique=True)


class AuditLog(Base):
    """Who did what. Never holds personal data: ids and action names only."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    operator: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class SandboxIssued(Base):
    """The sandbox provider's own memory, as a platform keeps it: (order, pack) → number."""

    __tablename__ = "sandbox_issued"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("waybill_accounts.id"))
    order_key: Mapped[str] = mapped_column(String(48))
    pack_no: Mapped[int] = mapped_column(Integer)
    waybill_no: Mapped[str] = mapped_column(String(40), unique=True)
    cancelled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime]
    __table_args__ = (
        UniqueConstraint("account_id", "order_key", "pack_no", name="uq_sandbox_order_pack"),
    )
