"""carriers: shipping rules, rate cards, SKU weights, package presets, parcel shipping
choices, voided waybills, range-check cache

Revision ID: 0003_carriers
Revises: 0001
Create Date: 2026-11-24 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_carriers"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shipping_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("action", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("shipping_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shipping_rules_position"), ["position"],
                              unique=False)

    op.create_table(
        "rate_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("carrier_code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id", "carrier_code", name="uq_rate_card_shop"),
    )
    op.create_table(
        "sku_weights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shop_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("shop_id", "sku", name="uq_sku_weight"),
    )
    op.create_table(
        "package_presets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("tare_g", sa.Integer(), nullable=False),
        sa.Column("length_mm", sa.Integer(), nullable=False),
        sa.Column("width_mm", sa.Integer(), nullable=False),
        sa.Column("height_mm", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "parcel_shipping",
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("preset", sa.String(length=32), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("rule_name", sa.String(length=64), nullable=False),
        sa.Column("strategy", sa.String(length=12), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("cost_fen", sa.BigInteger(), nullable=True),
        sa.Column("cost_detail", sa.String(length=200), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("promise_date", sa.Date(), nullable=True),
        sa.Column("promise_detail", sa.String(length=200), nullable=False),
        sa.Column("range_state", sa.String(length=12), nullable=False),
        sa.Column("range_reason", sa.String(length=200), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.Column("assigned_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("parcel_id"),
    )
    op.create_table(
        "waybill_voids",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("parcel_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("waybill_no", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("returned", sa.Boolean(), nullable=False),
        sa.Column("voided_at", sa.DateTime(), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["waybill_accounts.id"]),
        sa.ForeignKeyConstraint(["parcel_id"], ["parcels.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("waybill_voids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_waybill_voids_parcel_id"), ["parcel_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_waybill_voids_waybill_no"), ["waybill_no"],
                              unique=False)
    op.create_table(
        "range_cache",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=200), nullable=False),
        sa.Column("served", sa.Boolean(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["waybill_accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "area", name="uq_range_cache_area"),
    )


def downgrade() -> None:
    op.drop_table("range_cache")
    with op.batch_alter_table("waybill_voids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waybill_voids_waybill_no"))
        batch_op.drop_index(batch_op.f("ix_waybill_voids_parcel_id"))
    op.drop_table("waybill_voids")
    op.drop_table("parcel_shipping")
    op.drop_table("package_presets")
    op.drop_table("sku_weights")
    op.drop_table("rate_cards")
    with op.batch_alter_table("shipping_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipping_rules_position"))
    op.drop_table("shipping_rules")
