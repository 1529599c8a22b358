"""order search indexes: free text is looked up in the few notes and the few SKU summaries

ix_orders_text (0007) made a free-text search read a narrow copy of three columns, but still
all of it: a word found in no order took 160 ms of scan on a million orders. Two facts make
most of that scan needless. Remarks and buyer messages are empty on almost every order (a
few percent carry one), and a shop's SKU summaries repeat: a million orders have some ten
thousand distinct ones. So ix_orders_text is replaced by

- ix_orders_notes: a partial index of the two note columns over the orders that have a
  note (`seller_remark != '' OR buyer_message != ''`); the search scans only those
  (a few ms); its WHERE is repeated literally by the query (SQLite's rule for using a
  partial index);
- ix_orders_sku_summary: the SKU summary, from which the search takes each distinct value
  once (a skip-scan: one seek per distinct value, not one step per order), keeps those that
  contain the word, and then reads their orders by the index.

SQLite only, as 0007: PostgreSQL keeps its scan (its btree entries are limited in size).
Both indexes are narrower than ix_orders_text, and the partial one is written only for
orders with a note, so imports do not pay more. Building them on a million orders takes
about a second.

Revision ID: 0008_order_search_indexes
Revises: 0007_order_text_index
Create Date: 2026-11-24 02:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_order_search_indexes"
down_revision = "0007_order_text_index"
branch_labels = None
depends_on = None

NOTES = "ix_orders_notes"
#: the literal the search repeats (app/services/orders.py `_has_notes`)
NOTES_WHERE = "seller_remark != '' OR buyer_message != ''"
SUMMARY = "ix_orders_sku_summary"
OLD = "ix_orders_text"
OLD_COLUMNS = ["sku_summary", "seller_remark", "buyer_message"]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index(NOTES, "orders", ["seller_remark", "buyer_message"], unique=False,
                        sqlite_where=sa.text(NOTES_WHERE))
        op.create_index(SUMMARY, "orders", ["sku_summary"], unique=False)
        op.drop_index(OLD, table_name="orders")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.create_index(OLD, "orders", OLD_COLUMNS, unique=False)
        op.drop_index(SUMMARY, table_name="orders")
        op.drop_index(NOTES, table_name="orders")
