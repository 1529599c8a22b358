"""tracking: per-parcel poll state and tracking summary, package-centre alerts, and an
index on parcels.printed_at

Revision ID: 0004_tracking
Revises: 0001
Create Date: 2026-11-24 12:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_tracking"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "parcel_tracking",
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("waybill_no", sa.String(length=40), nullable=False),
        sa.Column("carrier_code", sa.String(length=16), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("raw_state", sa.String(length=16), nullable=False),
        sa.Column("flag", sa.String(length=24), nullable=False),
        sa.Column("flags", sa.String(length=200), nullable=False),
        sa.Column("last_event_at", sa.DateTime(), nullable=True),
        sa.Column("last_event_text", sa.Text(), nullable=False),
        sa.Column("last_location", sa.String(length=128), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("picked_up_at", sa.DateTime(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("tracking_since", sa.DateTime(), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(), nullable=True),
        sa.Column("next_due_at", sa.DateTime(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("stop_reason", sa.String(length=16), nullable=False),
        sa.Column("last_change_at", sa.DateTime(), nullable=True),
        sa.Column("claim_token", sa.String(length=32), nullable=False),
        sa.Column("last_error", sa.String(length=32), nullable=False),
        sa.Column("last_error_message", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("parcel_id"),
    )
    with op.batch_alter_table("parcel_tracking", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parcel_tracking_waybill_no"), ["waybill_no"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_parcel_tracking_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_parcel_tracking_picked_up_at"), ["picked_up_at"],
                              unique=False)
        batch_op.create_index("ix_parcel_tracking_due", ["final", "next_due_at"], unique=False)

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=48), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("parcel_id", sa.Integer(), nullable=True),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("first_fired_at", sa.DateTime(), nullable=False),
        sa.Column("fired_at", sa.DateTime(), nullable=False),
        sa.Column("fire_count", sa.Integer(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=16), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rule", "subject", name="uq_alert_rule_subject"),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alerts_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_parcel_id"), ["parcel_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_state"), ["state"], unique=False)
        batch_op.create_index("ix_alerts_state_severity", ["state", "severity"], unique=False)

    # a plain CREATE INDEX: never a batch copy of the parcels table
    op.create_index("ix_parcels_printed_at", "parcels", ["printed_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_parcels_printed_at", table_name="parcels")
    op.drop_table("alerts")
    op.drop_table("parcel_tracking")
