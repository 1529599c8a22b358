"""privacy: operators (roles, PINs, lockout) and the log of purged personal data

Revision ID: 0005_privacy
Revises: 0001
Create Date: 2026-11-25 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_privacy"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "operators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_pins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", name="uq_operators_name"),
    )
    op.create_table(
        "privacy_purges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("privacy_purges", schema=None) as batch_op:
        batch_op.create_index("ix_privacy_purges_at", ["at"], unique=False)
        batch_op.create_index("ix_privacy_purges_order_id", ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("privacy_purges", schema=None) as batch_op:
        batch_op.drop_index("ix_privacy_purges_order_id")
        batch_op.drop_index("ix_privacy_purges_at")
    op.drop_table("privacy_purges")
    op.drop_table("operators")
