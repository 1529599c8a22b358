"""A big ShipDesk database made fast with raw SQL, for the UI benchmarks.

Never through the importer: one recursive CTE per table fills a fresh, migrated SQLite file
(about 1,000,000 orders in well under a minute). Receivers carry random "ciphertext" blobs
and random blind indexes, except a few whose phone hashes are real so the blind-index
search has something to find.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: phones whose blind index is real in the generated data (order ids 1, 1001, 2001, …)
KNOWN_PHONE = "139{:08d}"
KNOWN_EVERY = 1000

def _cte(n: int) -> str:
    return f"WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n})"


def make_database(folder: Path, n: int) -> tuple[str, str]:
    """Create `folder/big.sqlite` with n orders on the schema as migrated (its indexes
    included); returns (db path, key passphrase)."""
    from app.services.workspace import Workspace
    from app.store.db import transaction
    from app.store.models import Shop

    passphrase = "bench-passphrase"
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "big.sqlite"
    ws = Workspace.open(str(db), passphrase=passphrase, key_dir=folder / "keys",
                        use_keyring=False)
    with transaction(ws.write) as s:
        s.add(Shop(platform="douyin", name="压测店铺", sender_name="压测店铺",
                   sender_phone="13800001234", sender_province="浙江省",
                   sender_city="杭州市", sender_district="余杭区",
                   sender_detail="文一西路1号2号楼301室", created_at=ws.clock()))
    hashes = [(ws.cipher.blind_index(KNOWN_PHONE.format(i)), i)
              for i in range(1, n + 1, KNOWN_EVERY)]
    ws.close()

    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-200000")
    con.execute("BEGIN")
    # recipients: ciphertext blobs, masked copies, random blind indexes
    con.execute(f"""{_cte(n)}
        INSERT INTO recipients (id, name_enc, name_masked, name_hash, name_kind, phone_enc,
            phone_masked, phone_hash, phone_kind, province, city, district, street,
            detail_enc, detail_masked, detail_hash, detail_kind, address_key)
        SELECT i, randomblob(28), '郭*' || (i % 7), lower(hex(randomblob(16))), 'plain',
            randomblob(36), '139******' || printf('%02d', i % 100),
            lower(hex(randomblob(16))), 'plain', '浙江省', '金华市', '义乌市', '福田街道',
            randomblob(60), '人民南路' || (i % 300) || '号****', lower(hex(randomblob(16))),
            'plain', lower(hex(randomblob(16)))
        FROM seq""")
    con.executemany("UPDATE recipients SET phone_hash = ? WHERE id = ?", hashes)
    # orders, as a shop a year old has them: paid over the last ~400 days, ship-by two days
    # later; the newest 2% to ship (or unpaid), the 3% before them in transit, the rest done
    # (5% cancelled, 5% refunded); 1 in 997 flagged
    con.execute(f"""{_cte(n)}
        INSERT INTO orders (id, shop_id, platform_order_id, status, platform_status,
            after_sale_status, created_at_platform, paid_at, ship_by, payable_fen,
            freight_fen, discount_fen, buyer_message, seller_remark, flag, recipient_id,
            item_count, sku_summary, extra, notes_enc, content_hash, source_file,
            imported_at, updated_at, flagged_reason)
        SELECT i, 1, printf('69%017d', i),
            CASE WHEN i > n - n / 50 THEN
                     CASE WHEN i % 10 = 0 THEN 'unpaid' WHEN i % 25 = 1 THEN 'cancelled'
                          ELSE 'to_ship' END
                 WHEN i > n - n / 20 THEN 'shipped'
                 WHEN i % 20 = 9 THEN 'cancelled' WHEN i % 20 = 19 THEN 'refunded'
                 ELSE 'done' END,
            '', '', strftime('%Y-%m-%d %H:%M:%f000', '2026-11-23 00:00:00',
                             '-' || ((n - i) * 35) || ' seconds'),
            strftime('%Y-%m-%d %H:%M:%f000', '2026-11-23 00:00:00',
                     '-' || ((n - i) * 35) || ' seconds'),
            strftime('%Y-%m-%d %H:%M:%f000', '2026-11-23 00:00:00',
                     '-' || ((n - i) * 35 - 172800) || ' seconds'),
            1000 + (i * 7919) % 50000, 0, 0,
            CASE WHEN i % 50 = 0 THEN '尽快发货谢谢' ELSE '' END,
            CASE WHEN i % 97 = 0 THEN '送小样' ELSE '' END, '', i,
            1 + i % 3, printf('SKU-%04d ×%d', i % 5000, 1 + i % 3), '{{}}', randomblob(40),
            lower(hex(randomblob(16))), 'bench', '2026-11-23 00:00:00.000000',
            '2026-11-23 00:00:00.000000',
            CASE WHEN i % 997 = 0 THEN 'cancelled_after_print' ELSE '' END
        FROM (SELECT i, {n} AS n FROM seq)""")
    con.execute(f"""{_cte(n)}
        INSERT INTO order_items (id, order_id, sub_order_id, title, spec, qty, product_id,
            sku, unit_price_fen, payable_fen, status, after_sale_status)
        SELECT i, i, printf('69%017d', i) || '1', '冻干草莓脆 100g', '酸奶味', 1 + i % 3,
            '3600000001', printf('SKU-%04d', i % 5000), 2990, 2990, '', ''
        FROM seq""")
    # parcels: every shipped/done order is printed; to-ship ones: a third printed (waiting for
    # the courier), a third numbered, a third without a parcel
    con.execute("""
        INSERT INTO parcels (id, shop_id, order_id, pack_no, pack_total, carrier_code,
            tier_code, account_id, waybill_no, sort_code, package_center_code,
            package_center_name, short_address, state, weight_g, allocated_at, printed_at,
            print_count, created_at)
        SELECT id, 1, id, 1, 1, 'ZTO', 'standard', NULL, printf('78%012d', id), '310-A12 05',
            '31050', '杭州转运中心', '金华 义乌',
            CASE WHEN status IN ('done', 'shipped') OR id % 3 = 0 THEN 'printed'
                 ELSE 'allocated' END,
            NULL, paid_at,
            CASE WHEN status IN ('done', 'shipped') OR id % 3 = 0 THEN paid_at END,
            CASE WHEN status IN ('done', 'shipped') OR id % 3 = 0 THEN 1 ELSE 0 END, paid_at
        FROM orders WHERE status IN ('done', 'shipped')
            OR (status = 'to_ship' AND id % 3 != 2)""")
    # the newest to-ship orders have no parcel at all: what a packer scans first

    con.execute("INSERT INTO parcel_orders (parcel_id, order_id) SELECT id, order_id FROM parcels")
    con.execute("COMMIT")
    con.close()
    return str(db), passphrase


if __name__ == "__main__":  # python -m bench.ui_data FOLDER N
    import sys

    print(make_database(Path(sys.argv[1]), int(sys.argv[2]))[0])
