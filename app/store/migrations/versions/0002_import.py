"""order import: mapping profiles, platform apps, pull cursors

Revision ID: 0002_import
Revises: 0001
Create Date: 2026-11-23 22:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_import"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mapping_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("header_key", sa.String(length=64), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("use_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id", "name", name="uq_mapping_profile_shop_name"),
    )
    with op.batch_alter_table("mapping_profiles", schema=None) as batch_op:
        batch_op.create_index("ix_mapping_profiles_shop_id", ["shop_id"], unique=False)
        batch_op.create_index("ix_mapping_profiles_header_key", ["header_key"], unique=False)

    op.create_table(
        "platform_apps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("app_key", sa.String(length=64), nullable=False),
        sa.Column("secret_enc", sa.LargeBinary(), nullable=True),
        sa.Column("token_enc", sa.LargeBinary(), nullable=True),
        sa.Column("base_url", sa.String(length=256), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id"),
    )
    op.create_table(
        "pull_cursors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("synced_until", sa.DateTime(), nullable=True),
        sa.Column("last_run_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["shop_id"], ["shops.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id"),
    )


def downgrade() -> None:
    op.drop_table("pull_cursors")
    op.drop_table("platform_apps")
    with op.batch_alter_table("mapping_profiles", schema=None) as batch_op:
        batch_op.drop_index("ix_mapping_profiles_header_key")
        batch_op.drop_index("ix_mapping_profiles_shop_id")
    op.drop_table("mapping_profiles")
