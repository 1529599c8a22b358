"""Tables of tracking and the package centre: each parcel's poll state and the alerts.

Created by migration 0004_tracking. No personal data: waybill numbers, statuses, times
and the carriers' own event texts (which name couriers and outlets, never the buyer).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.store.models import Base, Parcel

#: the package centre reads parcels by print time (alert windows, the dashboard's days);
#: declared here, with the tables of migration 0004 that created it
ix_parcels_printed_at = Index("ix_parcels_printed_at", Parcel.printed_at)


class ParcelTracking(Base):
    """What the poller remembers about one parcel, and its tracking summary.

    The poll columns mirror ``app.tracking.poller.WaybillPollState``: a row is claimed by a
    conditional UPDATE that sets ``last_polled_at``/``next_due_at`` and ``claim_token``
    *before* the provider is asked, so two stations (or a restart after a crash) never
    query one waybill within the provider's minimum interval.

    ``flags`` is the set of reason flags seen on any event, comma-wrapped (",refused,"),
    so alert rules can ask "was it ever refused" with a LIKE.
    """

    __tablename__ = "parcel_tracking"
    parcel_id: Mapped[int] = mapped_column(
        ForeignKey("parcels.id", ondelete="CASCADE"), primary_key=True)
    waybill_no: Mapped[str] = mapped_column(String(40), index=True)
    carrier_code: Mapped[str] = mapped_column(String(16), default="")
    provider: Mapped[str] = mapped_column(String(16), default="")
    # summary of what the provider said
    status: Mapped[str] = mapped_column(String(24), default="unknown", index=True)
    raw_state: Mapped[str] = mapped_column(String(16), default="")
    flag: Mapped[str] = mapped_column(String(24), default="")  # the newest event's flag
    flags: Mapped[str] = mapped_column(String(200), default="")
    last_event_at: Mapped[datetime | None]
    last_event_text: Mapped[str] = mapped_column(Text, default="")
    last_location: Mapped[str] = mapped_column(String(128), default="")
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    picked_up_at: Mapped[datetime | None] = mapped_column(index=True)  # first carrier scan
    delivered_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]  # first returning/returned event
    # poll state (see WaybillPollState)
    tracking_since: Mapped[datetime | None]
    last_polled_at: Mapped[datetime | None]
    next_due_at: Mapped[datetime | None]
    failures: Mapped[int] = mapped_column(Integer, default=0)
    final: Mapped[bool] = mapped_column(default=False)
    stop_reason: Mapped[str] = mapped_column(String(16), default="")
    last_change_at: Mapped[datetime | None]
    claim_token: Mapped[str] = mapped_column(String(32), default="")
    last_error: Mapped[str] = mapped_column(String(32), default="")
    last_error_message: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
    __table_args__ = (
        Index("ix_parcel_tracking_due", "final", "next_due_at"),
    )


class Alert(Base):
    """One package-centre alert: a rule that holds for one order or parcel.

    ``subject`` is ``"parcel:<id>"`` or ``"order:<id>"``; (rule, subject) is unique, so a
    condition that clears and comes back reopens the same row (``fire_count`` grows).
    ``state`` is open → acknowledged → resolved; ``resolved_by`` is ``auto`` (the
    condition cleared), ``user`` (someone resolved it) or ``expired`` (out of the window).
    """

    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(primary_key=True)
    rule: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(48))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"),
                                                 index=True)
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("parcels.id", ondelete="CASCADE"),
                                                  index=True)
    severity: Mapped[str] = mapped_column(String(8), default="warning")  # urgent|warning|info
    state: Mapped[str] = mapped_column(String(12), default="open", index=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it fired (Chinese, facts)
    action: Mapped[str] = mapped_column(Text, default="")  # what to do (Chinese)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)  # the facts, machine-readable
    due_at: Mapped[datetime | None]  # the deadline the alert is about, when there is one
    first_fired_at: Mapped[datetime]
    fired_at: Mapped[datetime]
    fire_count: Mapped[int] = mapped_column(Integer, default=1)
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str] = mapped_column(String(64), default="")
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str] = mapped_column(String(16), default="")  # auto|user|expired
    note: Mapped[str] = mapped_column(String(200), default="")
    __table_args__ = (
        UniqueConstraint("rule", "subject", name="uq_alert_rule_subject"),
        Index("ix_alerts_state_severity", "state", "severity"),
    )
