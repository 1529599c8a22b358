"""first schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 21:11:04.729314
"""
import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('operator', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('print_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idem_key', sa.String(length=96), nullable=False),
    sa.Column('fmt', sa.String(length=8), nullable=False),
    sa.Column('size', sa.String(length=16), nullable=False),
    sa.Column('target', sa.String(length=256), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('operator', sa.String(length=64), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idem_key')
    )
    op.create_table('recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_enc', sa.LargeBinary(), nullable=True),
    sa.Column('name_masked', sa.String(length=64), nullable=False),
    sa.Column('name_hash', sa.String(length=32), nullable=True),
    sa.Column('name_kind', sa.String(length=8), nullable=False),
    sa.Column('phone_enc', sa.LargeBinary(), nullable=True),
    sa.Column('phone_masked', sa.String(length=40), nullable=False),
    sa.Column('phone_hash', sa.String(length=32), nullable=True),
    sa.Column('phone_kind', sa.String(length=8), nullable=False),
    sa.Column('province', sa.String(length=32), nullable=False),
    sa.Column('city', sa.String(length=32), nullable=False),
    sa.Column('district', sa.String(length=32), nullable=False),
    sa.Column('street', sa.String(length=64), nullable=False),
    sa.Column('detail_enc', sa.LargeBinary(), nullable=True),
    sa.Column('detail_masked', sa.String(length=256), nullable=False),
    sa.Column('detail_hash', sa.String(length=32), nullable=True),
    sa.Column('detail_kind', sa.String(length=8), nullable=False),
    sa.Column('address_key', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recipients_address_key'), ['address_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_recipients_name_hash'), ['name_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_recipients_phone_hash'), ['phone_hash'], unique=False)

    op.create_table('shops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('sender_name', sa.String(length=64), nullable=False),
    sa.Column('sender_phone', sa.String(length=32), nullable=False),
    sa.Column('sender_province', sa.String(length=32), nullable=False),
    sa.Column('sender_city', sa.String(length=32), nullable=False),
    sa.Column('sender_district', sa.String(length=32), nullable=False),
    sa.Column('sender_detail', sa.String(length=256), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'name', name='uq_shop_platform_name')
    )
    op.create_table('waybill_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('carrier_code', sa.String(length=16), nullable=False),
    sa.Column('provider', sa.String(length=16), nullable=False),
    sa.Column('branch_code', sa.String(length=32), nullable=False),
    sa.Column('branch_name', sa.String(length=64), nullable=False),
    sa.Column('balance', sa.Integer(), nullable=True),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('platform_order_id', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('platform_status', sa.String(length=32), nullable=False),
    sa.Column('after_sale_status', sa.String(length=32), nullable=False),
    sa.Column('created_at_platform', sa.DateTime(), nullable=True),
    sa.Column('paid_at', sa.DateTime(), nullable=True),
    sa.Column('ship_by', sa.DateTime(), nullable=True),
    sa.Column('payable_fen', sa.BigInteger(), nullable=False),
    sa.Column('freight_fen', sa.BigInteger(), nullable=False),
    sa.Column('discount_fen', sa.BigInteger(), nullable=False),
    sa.Column('buyer_message', sa.Text(), nullable=False),
    sa.Column('seller_remark', sa.Text(), nullable=False),
    sa.Column('flag', sa.String(length=16), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=True),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('sku_summary', sa.String(length=256), nullable=False),
    sa.Column('extra', sa.JSON(), nullable=False),
    sa.Column('notes_enc', sa.LargeBinary(), nullable=True),
    sa.Column('content_hash', sa.String(length=32), nullable=False),
    sa.Column('source_file', sa.String(length=256), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('flagged_reason', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['recipient_id'], ['recipients.id'], ),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('shop_id', 'platform_order_id', name='uq_order_shop_platform_id')
    )
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.create_index('ix_orders_paid_at', ['paid_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_ship_by'), ['ship_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_status'), ['status'], unique=False)

    op.create_table('sandbox_issued',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('order_key', sa.String(length=48), nullable=False),
    sa.Column('pack_no', sa.Integer(), nullable=False),
    sa.Column('waybill_no', sa.String(length=40), nullable=False),
    sa.Column('cancelled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['waybill_accounts.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'order_key', 'pack_no', name='uq_sandbox_order_pack'),
    sa.UniqueConstraint('waybill_no')
    )
    op.create_table('waybill_ranges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('prefix', sa.String(length=8), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('next_value', sa.BigInteger(), nullable=False),
    sa.Column('end_value', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['waybill_accounts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('waybill_ranges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_waybill_ranges_account_id'), ['account_id'], unique=False)

    op.create_table('order_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('sub_order_id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=256), nullable=False),
    sa.Column('spec', sa.String(length=128), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.String(length=40), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('unit_price_fen', sa.BigInteger(), nullable=False),
    sa.Column('payable_fen', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('after_sale_status', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('order_id', 'sub_order_id', name='uq_item_order_sub')
    )
    with op.batch_alter_table('order_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_items_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_items_sku'), ['sku'], unique=False)

    op.create_table('parcels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shop_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('pack_no', sa.Integer(), nullable=False),
    sa.Column('pack_total', sa.Integer(), nullable=False),
    sa.Column('carrier_code', sa.String(length=16), nullable=False),
    sa.Column('tier_code', sa.String(length=16), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('waybill_no', sa.String(length=40), nullable=True),
    sa.Column('sort_code', sa.String(length=32), nullable=False),
    sa.Column('package_center_code', sa.String(length=32), nullable=False),
    sa.Column('package_center_name', sa.String(length=64), nullable=False),
    sa.Column('short_address', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('weight_g', sa.Integer(), nullable=True),
    sa.Column('allocated_at', sa.DateTime(), nullable=True),
    sa.Column('printed_at', sa.DateTime(), nullable=True),
    sa.Column('print_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['waybill_accounts.id'], ),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], ),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('order_id', 'pack_no', name='uq_parcel_order_pack'),
    sa.UniqueConstraint('waybill_no')
    )
    with op.batch_alter_table('parcels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parcels_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parcels_state'), ['state'], unique=False)

    op.create_table('parcel_orders',
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], ),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('parcel_id', 'order_id')
    )
    with op.batch_alter_table('parcel_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parcel_orders_order_id'), ['order_id'], unique=False)

    op.create_table('print_job_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('is_reprint', sa.Boolean(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['print_jobs.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('print_job_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_print_job_items_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_print_job_items_parcel_id'), ['parcel_id'], unique=False)

    op.create_table('tracking_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('provider', sa.String(length=16), nullable=False),
    sa.Column('raw_code', sa.String(length=16), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('location', sa.String(length=128), nullable=False),
    sa.Column('dedup_key', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('dedup_key')
    )
    with op.batch_alter_table('tracking_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tracking_events_parcel_id'), ['parcel_id'], unique=False)

    op.create_table('waybill_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idem_key', sa.String(length=96), nullable=False),
    sa.Column('parcel_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('waybill_no', sa.String(length=40), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('response', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['waybill_accounts.id'], ),
    sa.ForeignKeyConstraint(['parcel_id'], ['parcels.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idem_key')
    )
    with op.batch_alter_table('waybill_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_waybill_requests_parcel_id'), ['parcel_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('waybill_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_waybill_requests_parcel_id'))

    op.drop_table('waybill_requests')
    with op.batch_alter_table('tracking_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tracking_events_parcel_id'))

    op.drop_table('tracking_events')
    with op.batch_alter_table('print_job_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_print_job_items_parcel_id'))
        batch_op.drop_index(batch_op.f('ix_print_job_items_job_id'))

    op.drop_table('print_job_items')
    with op.batch_alter_table('parcel_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parcel_orders_order_id'))

    op.drop_table('parcel_orders')
    with op.batch_alter_table('parcels', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parcels_state'))
        batch_op.drop_index(batch_op.f('ix_parcels_order_id'))

    op.drop_table('parcels')
    with op.batch_alter_table('order_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_items_sku'))
        batch_op.drop_index(batch_op.f('ix_order_items_order_id'))

    op.drop_table('order_items')
    with op.batch_alter_table('waybill_ranges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_waybill_ranges_account_id'))

    op.drop_table('waybill_ranges')
    op.drop_table('sandbox_issued')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_orders_status'))
        batch_op.drop_index(batch_op.f('ix_orders_ship_by'))
        batch_op.drop_index('ix_orders_paid_at')

    op.drop_table('orders')
    op.drop_table('waybill_accounts')
    op.drop_table('shops')
    with op.batch_alter_table('recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recipients_phone_hash'))
        batch_op.drop_index(batch_op.f('ix_recipients_name_hash'))
        batch_op.drop_index(batch_op.f('ix_recipients_address_key'))

    op.drop_table('recipients')
    op.drop_table('print_jobs')
    op.drop_table('meta')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')

