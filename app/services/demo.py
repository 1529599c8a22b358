"""A fresh demo database seeded from the bundled sample exports."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.resources import resource
from app.services.import_orders import import_files
from app.services.workspace import Workspace
from app.store.db import data_dir, transaction
from app.store.models import Order, Shop

#: the demo's buyers are made up, so its key file needs no secret passphrase
DEMO_PASSPHRASE = "shipdesk-demo"


def demo_dir() -> Path:
    return data_dir() / "demo"


def create_demo(folder: Path | None = None, *, now: datetime | None = None) -> Workspace:
    """Wipe and rebuild the demo database; every run starts from the same state, its orders
    paid up to an hour before `now` (default: the clock)."""
    folder = folder or demo_dir()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    db = folder / "demo.sqlite"
    ws = Workspace.open(str(db), passphrase=os.environ.get("SHIPDESK_DEMO_PASSPHRASE",
                                                           DEMO_PASSPHRASE),
                        key_dir=folder / "keys", use_keyring=False)
    import_files(ws, [resource("samples", "douyin_orders.csv")], shop_name="小鹿的零食铺")
    with transaction(ws.write) as s:
        shop = s.scalar(select(Shop).where(Shop.name == "小鹿的零食铺"))
        shop.sender_name = "小鹿的零食铺"
        shop.sender_phone = "13800001234"
        shop.sender_province, shop.sender_city, shop.sender_district = "浙江省", "杭州市", "余杭区"
        shop.sender_detail = "仓前街道文一西路1号2号楼301室"
        _bring_forward(s, now or ws.clock())
    return ws


def _bring_forward(s, now: datetime) -> None:  # noqa: ANN001
    """Move the sample's order times so the newest order was paid an hour ago: the demo then
    shows what a morning looks like (most orders within their ship-by time, a few about to
    breach or late) on whatever day it runs, instead of every order long overdue."""
    newest = s.scalar(select(func.max(Order.paid_at)))
    if newest is None:
        return
    delta = now - timedelta(hours=1) - newest
    if delta <= timedelta(0):
        return
    for o in s.scalars(select(Order)):
        for name in ("created_at_platform", "paid_at", "ship_by"):
            value = getattr(o, name)
            if value is not None:
                setattr(o, name, value + delta)
