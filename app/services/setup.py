"""First-run set-up and station settings: the shop, its sender address, the default
carrier, the sandbox e-waybill accounts, a test label.

Shop-wide facts (sender, default carrier) live in the database so every station prints the
same sender; what belongs to one desk (its printer) stays in that station's QSettings.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select

from app.carriers.catalogue import carrier as lookup_carrier
from app.carriers.sandbox import ensure_sandbox_account
from app.core.labeldata import LabelData, LabelItem, LabelParty
from app.core.masking import mask_address, mask_name, mask_phone
from app.labels.pdf import render_pdf
from app.services.operators import require
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Shop

SETUP_DONE = "setup_done"
SHOP_NAME = "shop_name"
DEFAULT_CARRIER = "default_carrier"  # the key app.services.waybills reads
SANDBOX = "waybill_provider"
_SENDER_KEYS = ("name", "phone", "province", "city", "district", "detail")


@dataclass(frozen=True, slots=True)
class Sender:
    name: str = ""
    phone: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    detail: str = ""

    def missing(self) -> list[str]:
        """Fields a label cannot do without."""
        return [k for k in ("name", "phone", "province", "city", "detail") if not getattr(self, k)]


def get_sender(ws: Workspace) -> Sender:
    """The shop-wide sender; from the first shop that has one when never saved."""
    saved = Sender(**{k: ws.setting(f"sender.{k}") for k in _SENDER_KEYS})
    if any(asdict(saved).values()):
        return saved
    with ws.read() as s:
        shop = s.scalar(select(Shop).where(Shop.sender_name != "").order_by(Shop.id))
        if shop is None:
            return saved
        return Sender(shop.sender_name, shop.sender_phone, shop.sender_province,
                      shop.sender_city, shop.sender_district, shop.sender_detail)


def _apply(shop: Shop, sender: Sender) -> None:
    shop.sender_name, shop.sender_phone = sender.name, sender.phone
    shop.sender_province, shop.sender_city = sender.province, sender.city
    shop.sender_district, shop.sender_detail = sender.district, sender.detail


def save_sender(ws: Workspace, sender: Sender, *, all_shops: bool = True) -> int:
    """Keep the sender as the shop-wide default and put it on the shops; how many shops."""
    require(ws, "settings")
    for k in _SENDER_KEYS:
        ws.set_setting(f"sender.{k}", getattr(sender, k))
    with transaction(ws.write) as s:
        stmt = select(Shop)
        if not all_shops:
            stmt = stmt.where(or_(Shop.sender_name == "", Shop.sender_detail == ""))
        shops = list(s.scalars(stmt))
        for shop in shops:
            _apply(shop, sender)
        ws.audit(s, "sender_update", "shop", "", shops=len(shops))
    return len(shops)


def fill_missing_senders(ws: Workspace) -> int:
    """Give shops created by an import (no sender yet) the default sender."""
    sender = Sender(**{k: ws.setting(f"sender.{k}") for k in _SENDER_KEYS})
    if sender.missing():
        return 0
    with transaction(ws.write) as s:
        shops = list(s.scalars(select(Shop).where(Shop.sender_name == "")))
        for shop in shops:
            _apply(shop, sender)
    return len(shops)


def shop_name(ws: Workspace) -> str:
    return ws.setting(SHOP_NAME)


def save_shop_name(ws: Workspace, name: str) -> None:
    require(ws, "settings")
    ws.set_setting(SHOP_NAME, name.strip())


def default_carrier(ws: Workspace, fallback: str = "ZTO") -> str:
    return ws.setting(DEFAULT_CARRIER, fallback)


def set_default_carrier(ws: Workspace, code: str) -> str:
    require(ws, "settings")
    code = lookup_carrier(code).code  # refuses an unknown carrier
    ws.set_setting(DEFAULT_CARRIER, code)
    return code


def shop_platforms(ws: Workspace) -> list[str]:
    with ws.read() as s:
        return sorted(set(s.scalars(select(Shop.platform))))


def enable_sandbox_accounts(ws: Workspace, carriers: list[str],
                            platforms: list[str] | None = None) -> int:
    """The offline e-waybill accounts (sandbox preset) for these carriers; how many exist."""
    require(ws, "settings")
    platforms = platforms or shop_platforms(ws) or ["douyin"]
    n = 0
    with transaction(ws.write) as s:
        for platform in platforms:
            for code in carriers:
                ensure_sandbox_account(s, platform, lookup_carrier(code).code, ws.clock())
                n += 1
        ws.audit(s, "accounts_sandbox", "waybill_account", "", count=n)
    ws.set_setting(SANDBOX, "sandbox")
    return n


def is_first_run(ws: Workspace) -> bool:
    """No set-up finished and nothing to go on: no sender and no orders yet."""
    if ws.setting(SETUP_DONE) == "1":
        return False
    if not get_sender(ws).missing():
        return False
    with ws.read() as s:
        return s.scalar(select(Order.id).limit(1)) is None


def finish_setup(ws: Workspace) -> None:
    ws.set_setting(SETUP_DONE, "1")


def sample_label(ws: Workspace, sender: Sender | None = None, carrier: str = "ZTO") -> LabelData:
    """A label with made-up data, to check a printer's alignment and darkness."""
    sender = sender or get_sender(ws)
    c = lookup_carrier(carrier)
    now: datetime = ws.clock()
    region = " ".join(p for p in (sender.province, sender.city, sender.district) if p)
    return LabelData(
        waybill_no="TEST" + now.strftime("%m%d%H%M%S"), carrier_code=c.code,
        carrier_name=c.name, service_name="测试面单", sort_code="000-TEST 00",
        short_address="测试 样张", package_center="测试集包地", package_center_code="00000",
        recipient=LabelParty("测试收件人", "139******00", "浙江省 杭州市 西湖区 测试地址****"),
        sender=LabelParty(mask_name(sender.name or "测试寄件人"),
                          mask_phone(sender.phone) if sender.phone else "",
                          f"{region} {mask_address(sender.detail)}".strip()
                          if sender.detail else region),
        order_id="TEST-ORDER", printed_at=now,
        items=(LabelItem("测试商品", "样张", 1, "TEST-SKU"),), remark="这是一张测试面单，请勿发货",
    )


def print_sample_label(ws: Workspace, folder: str | Path, size: str = "76x130",
                     sender: Sender | None = None) -> Path:
    """Render one test label into `folder` (the PDF "printer"); the file written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"测试面单_{ws.clock():%Y%m%d_%H%M%S}.pdf"
    render_pdf([sample_label(ws, sender)], size, out)
    return out
