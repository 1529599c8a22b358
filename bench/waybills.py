"""E-waybill allocation speed: N orders through the sandbox and through the local Douyin
look-alike gateway (signed HTTP, batches of 50), each into a fresh SQLite file.

Confirms zero duplicate numbers (in the database, and against what the gateway issued),
that asking again issues nothing new, and times choosing carrier and tier for 1,000 orders
(preview + apply) on the same data.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import tempfile
import time
from pathlib import Path

from bench.common import emit, peak_rss_mb, timed

PROVINCES = [("浙江省", "金华市", "义乌市"), ("广东省", "广州市", "天河区"),
             ("江苏省", "苏州市", "工业园区"), ("北京市", "北京市", "朝阳区"),
             ("四川省", "成都市", "武侯区"), ("湖北省", "武汉市", "洪山区"),
             ("新疆维吾尔自治区", "乌鲁木齐市", "天山区"), ("吉林省", "长春市", "朝阳区")]


def _cipher(rng: random.Random, phone: bool) -> str:
    a = base64.b64encode(rng.randbytes(18)).decode()
    b = base64.b64encode(rng.randbytes(30)).decode()
    return f"$${a}*{b}$1$$" if phone else f"##{a}*{b}#1##"


def seed(ws, n: int, seed_value: int) -> list[int]:  # noqa: ANN001
    """n to-ship Douyin orders whose receivers are platform ciphertext, as the API gives."""
    from sqlalchemy import insert, select

    from app.core.orders import RecipientRecord
    from app.store.db import transaction
    from app.store.models import Order, OrderItem, Recipient, Shop
    from app.store.recipients import seal_recipient

    rng = random.Random(seed_value)
    now = ws.clock()
    with transaction(ws.write) as s:
        shop = Shop(platform="douyin", name="bench", created_at=now, sender_name="bench",
                    sender_phone="13800001234", sender_province="浙江省",
                    sender_city="杭州市", sender_district="余杭区", sender_detail="文一西路1号")
        s.add(shop)
        s.flush()
        recs = []
        for i in range(n):
            prov, city, dist = PROVINCES[i % len(PROVINCES)]
            recs.append(seal_recipient(ws.cipher, RecipientRecord(
                _cipher(rng, False), _cipher(rng, True), prov, city, dist, "某某街道",
                _cipher(rng, False))))
        s.execute(insert(Recipient), recs)
        rids = list(s.scalars(select(Recipient.id).order_by(Recipient.id)))[-n:]
        base = 7_500_000_000_000_000_000 + seed_value * 10**7
        s.execute(insert(Order), [{
            "shop_id": shop.id, "platform_order_id": str(base + i), "status": "to_ship",
            "paid_at": now, "payable_fen": 2990 + i % 5000, "recipient_id": rid,
            "imported_at": now, "updated_at": now, "item_count": 1, "sku_summary": "FD-STR-100",
        } for i, rid in enumerate(rids)])
        oids = list(s.scalars(select(Order.id).where(Order.shop_id == shop.id)
                              .order_by(Order.id)))
        s.execute(insert(OrderItem), [{"order_id": oid, "sub_order_id": f"{oid}-1",
                                       "title": "冻干草莓脆 100g", "spec": "原味", "qty": 1,
                                       "sku": "FD-STR-100"} for oid in oids])
    return oids


def duplicates(ws) -> tuple[int, int]:  # noqa: ANN001
    from sqlalchemy import select

    from app.store.models import Parcel

    with ws.read() as s:
        nums = [n for n in s.scalars(select(Parcel.waybill_no)) if n]
    return len(nums), len(nums) - len(set(nums))


def run_sandbox(tmp: Path, n: int) -> dict:
    from app.services.waybills import allocate_waybills
    from app.services.workspace import Workspace

    ws = Workspace.open(str(tmp / "sandbox.sqlite"), key_dir=tmp / "keys", use_keyring=False)
    try:
        ids = seed(ws, n, 1)
        wall, cpu, got = timed(lambda: allocate_waybills(ws, ids))
        again_wall, _, again = timed(lambda: allocate_waybills(ws, ids))
        count, dups = duplicates(ws)
    finally:
        ws.close()
    return {"orders": n, "allocated": got.allocated, "failed": len(got.failed),
            "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
            "per_s": round(got.allocated / wall), "numbers": count, "duplicates": dups,
            "again_seconds": round(again_wall, 3), "again_issued": again.allocated,
            "again_already": again.already}


def run_douyin(tmp: Path, n: int) -> dict:
    from app.carriers.provider import Sender
    from app.services.accounts import AccountInput, save_account
    from app.services.waybills import allocate_waybills
    from app.services.workspace import Workspace
    from tests.fakes.waybill_gateway import FakeWaybillServer

    ws = Workspace.open(str(tmp / "douyin.sqlite"), key_dir=tmp / "keys", use_keyring=False)
    try:
        ids = seed(ws, n, 2)
        with FakeWaybillServer() as srv:
            srv.keep_payloads = False
            save_account(ws, AccountInput(
                "douyin", "ZTO", "douyin", branch_code="330110", branch_name="bench",
                sender=Sender("bench", "13800001234", "浙江省", "杭州市", "余杭区", "",
                              "文一西路1号"),
                app_key=srv.app_key, secret=srv.secret, token=srv.token,
                gateway=srv.gateway("douyin"), timeout_s=30, retries=2))
            wall, cpu, got = timed(lambda: allocate_waybills(ws, ids))
            again_wall, _, again = timed(lambda: allocate_waybills(ws, ids))
            calls = srv.calls("douyin", "logistics.newCreateOrder")
            ranges = srv.calls("douyin", "logistics.getOutRange")
            issued = sorted(srv.issued.values())
            problems = len(srv.problems)
        count, dups = duplicates(ws)
        from sqlalchemy import select

        from app.store.models import Parcel

        with ws.read() as s:
            ours = sorted(n for n in s.scalars(select(Parcel.waybill_no)) if n)
    finally:
        ws.close()
    return {"orders": n, "allocated": got.allocated, "failed": len(got.failed),
            "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
            "per_s": round(got.allocated / wall), "create_calls": len(calls),
            "max_batch": max((c.orders for c in calls), default=0),
            "range_calls": len(ranges), "gateway_problems": problems, "numbers": count,
            "duplicates": dups, "same_as_gateway": ours == issued,
            "again_seconds": round(again_wall, 3), "again_issued": again.allocated}


def run_assign(tmp: Path) -> dict:
    from app.services.assign_shipping import apply, preview
    from app.services.workspace import Workspace

    ws = Workspace.open(str(tmp / "assign.sqlite"), key_dir=tmp / "keys", use_keyring=False)
    try:
        ids = seed(ws, 1000, 3)
        p_wall, _, rows = timed(lambda: preview(ws, ids))
        a_wall, _, got = timed(lambda: apply(ws, assignments=rows))
    finally:
        ws.close()
    return {"orders": 1000, "preview_seconds": round(p_wall, 3),
            "apply_seconds": round(a_wall, 3), "applied": got.applied}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=10_000)
    args = ap.parse_args()
    os.environ.setdefault("SHIPDESK_KEY_PASSPHRASE", "bench")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["SHIPDESK_HOME"] = str(tmp / "home")
        t0 = time.perf_counter()
        sandbox = run_sandbox(tmp, args.orders)
        douyin = run_douyin(tmp, args.orders)
        assign = run_assign(tmp)
    emit({
        "bench": "waybills",
        "sandbox": sandbox,
        "douyin_local_gateway": douyin,
        "assign_1000": assign,
        "zero_duplicates": sandbox["duplicates"] == 0 and douyin["duplicates"] == 0
        and douyin["same_as_gateway"],
        "total_seconds": round(time.perf_counter() - t0, 3),
        "peak_rss_mb": peak_rss_mb(),
    })


if __name__ == "__main__":
    main()
