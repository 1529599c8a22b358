"""order indexes: the order tables' sorts and filters on a million orders

Every sortable column of the order table gets an index ending in the id (the tiebreak of
each ORDER BY), status filters get (status, sort column, id), buyer search by blind index
gets orders.recipient_id, and the intercept list (flagged orders) a partial index. Two
indexes that a unique constraint already covers go: ix_order_items_order_id
(uq_item_order_sub starts with order_id) and ix_parcels_order_id (uq_parcel_order_pack).

On a database that already holds orders the upgrade builds each index once (some seconds
per index on a million orders).

Revision ID: 0006_order_indexes
Revises: 0001
Create Date: 2026-11-24 00:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_order_indexes"
down_revision = "0001"
branch_labels = None
depends_on = None

#: name → columns, on orders
ORDER_INDEXES = {
    "ix_orders_platform_order_id_id": ["platform_order_id", "id"],
    "ix_orders_payable_fen_id": ["payable_fen", "id"],
    "ix_orders_status_paid_at_id": ["status", "paid_at", "id"],
    "ix_orders_status_ship_by_id": ["status", "ship_by", "id"],
    "ix_orders_recipient_id": ["recipient_id"],
}
FLAGGED = "ix_orders_flagged_paid_at_id"


def upgrade() -> None:
    for name, columns in ORDER_INDEXES.items():
        op.create_index(name, "orders", columns, unique=False)
    op.create_index(FLAGGED, "orders", ["paid_at", "id"], unique=False,
                    sqlite_where=sa.text("flagged_reason != ''"),
                    postgresql_where=sa.text("flagged_reason <> ''"))
    op.drop_index("ix_order_items_order_id", table_name="order_items")
    op.drop_index("ix_parcels_order_id", table_name="parcels")


def downgrade() -> None:
    op.create_index("ix_parcels_order_id", "parcels", ["order_id"], unique=False)
    op.create_index("ix_order_items_order_id", "order_items", ["order_id"], unique=False)
    op.drop_index(FLAGGED, table_name="orders")
    for name in reversed(list(ORDER_INDEXES)):
        op.drop_index(name, table_name="orders")
