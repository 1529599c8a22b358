"""Pull orders from platform APIs into the store; reveal receivers only when needed.

- :func:`configure_platform_app` keeps a shop's app key, secret and token (the secret and
  the token encrypted with the database key).
- :func:`pull_orders` asks for orders updated since the last pull (with an overlap), page
  by page, and upserts them with the rules of file import (idempotent, platform fields
  only, stops flagged). Receiver fields are stored as the platform's ciphertext.
- :func:`reveal_receivers` decrypts receivers through the platform (``order.batchDecrypt``,
  ≤ 50 per call) for an action that needs plain text (a non-platform e-waybill, a call to
  the buyer), writes an audit entry, and stores nothing decrypted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from app.importers.platform_api import DouyinOrderClient, KuaishouOrderClient, client_for
from app.services.import_orders import ImportSummary, ensure_shop, import_records
from app.services.operators import require
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Recipient, Shop
from app.store.models_import import PlatformApp, PullCursor
from app.store.recipients import open_field

OVERLAP = timedelta(minutes=10)
FIRST_PULL = timedelta(days=3)
MAX_WINDOW = timedelta(days=7)  # platforms cap the search window; longer pulls are split

Client = DouyinOrderClient | KuaishouOrderClient


def configure_platform_app(ws: Workspace, *, shop_name: str, platform: str, app_key: str,
                           secret: str, access_token: str, base_url: str = "",
                           settings: dict[str, Any] | None = None) -> None:
    require(ws, "settings")
    with transaction(ws.write) as s:
        shop = ensure_shop(s, ws, platform, shop_name)
        app = s.scalar(select(PlatformApp).where(PlatformApp.shop_id == shop.id))
        if app is None:
            app = PlatformApp(shop_id=shop.id)
            s.add(app)
        app.platform = platform
        app.app_key = app_key
        app.secret_enc = ws.cipher.encrypt(secret, b"platform_app")
        app.token_enc = ws.cipher.encrypt(access_token, b"platform_app")
        app.base_url = base_url
        app.settings = dict(settings or {})
        app.updated_at = ws.clock()
        s.flush()
        ws.audit(s, "platform_app_set", "shop", str(shop.id), platform=platform)


def make_client(ws: Workspace, shop_name: str, platform: str, **kw: Any) -> Client:
    """The API client of a shop, from its saved app (extra keywords override)."""
    with ws.read() as s:
        row = s.execute(select(PlatformApp).join(Shop, Shop.id == PlatformApp.shop_id)
                        .where(Shop.name == shop_name, Shop.platform == platform)).scalar()
        if row is None:
            raise ValueError(f"shop {shop_name!r} has no {platform} app set up")
        args: dict[str, Any] = {
            "app_key": row.app_key,
            "secret": ws.cipher.decrypt(row.secret_enc, b"platform_app"),
            "access_token": ws.cipher.decrypt(row.token_enc, b"platform_app"),
        }
        if row.base_url:
            args["base_url"] = row.base_url
        args.update({k: v for k, v in (row.settings or {}).items()
                     if k in ("list_method", "decrypt_method", "min_interval", "timeout",
                              "sign_method", "end_cursor")})
    args.update(kw)
    return client_for(platform, **args)


def pull_orders(ws: Workspace, *, shop_name: str, platform: str, client: Client | None = None,
                since: datetime | None = None, until: datetime | None = None,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """Orders updated since the last pull (or ``since``), upserted page by page."""
    client = client or make_client(ws, shop_name, platform)
    now = ws.clock()
    until = until or now
    with transaction(ws.write) as s:
        shop = ensure_shop(s, ws, platform, shop_name)
        cursor = s.scalar(select(PullCursor).where(PullCursor.shop_id == shop.id))
        if cursor is None:
            cursor = PullCursor(shop_id=shop.id, last_error="")
            s.add(cursor)
        start = since or ((cursor.synced_until - OVERLAP) if cursor.synced_until
                          else until - FIRST_PULL)
        shop_id = shop.id
    summary = ImportSummary()
    summary.files.append(f"{platform} API")
    pages = 0
    try:
        win_start = start
        while win_start < until:
            win_end = min(until, win_start + MAX_WINDOW)
            for page in client.search_orders(win_start, win_end, cancelled=cancelled):
                records = [client.to_record(o) for o in page]
                import_records(ws, records, platform=platform, shop_name=shop_name,
                               source=f"{platform} API", summary=summary)
                pages += 1
                if progress:
                    progress(pages, pages + 1)
            win_start = win_end
    except Exception as exc:
        with transaction(ws.write) as s:
            c = s.scalar(select(PullCursor).where(PullCursor.shop_id == shop_id))
            c.last_run_at = ws.clock()
            c.last_error = str(exc)[:500]
        raise
    with transaction(ws.write) as s:
        c = s.scalar(select(PullCursor).where(PullCursor.shop_id == shop_id))
        c.last_run_at = ws.clock()
        if not (cancelled and cancelled()):
            c.synced_until = until
        c.last_error = ""
        ws.audit(s, "pull_orders", "shop", str(shop_id), platform=platform, pages=pages,
                 calls=client.calls, imported=summary.imported, updated=summary.updated)
    if progress:
        progress(pages, pages)
    return summary


@dataclass(frozen=True, slots=True)
class RevealedReceiver:
    """Plain receiver fields, for the action that asked; never stored."""

    order_id: int
    name: str
    phone: str
    detail: str
    province: str
    city: str
    district: str
    street: str
    is_virtual_tel: bool = False
    error: str = ""


def reveal_receivers(ws: Workspace, order_ids: Sequence[int], *, reason: str,
                     client: Client | None = None) -> dict[int, RevealedReceiver]:
    """Plain receivers of orders, decrypting platform ciphertext through the platform
    (≤ 50 per call). Every reveal is logged (order ids and reason, no personal data)."""
    require(ws, "reveal")
    if not reason:
        raise ValueError("say why the receiver is revealed (it is logged)")
    rows = []
    with ws.read() as s:
        for o, r, shop in s.execute(
                select(Order, Recipient, Shop).join(Recipient, Recipient.id == Order.recipient_id)
                .join(Shop, Shop.id == Order.shop_id).where(Order.id.in_(list(order_ids)))):
            rows.append((o.id, o.platform_order_id, shop.name, shop.platform, {
                "name": (open_field(ws.cipher, "name", r.name_enc), r.name_kind),
                "phone": (open_field(ws.cipher, "phone", r.phone_enc), r.phone_kind),
                "detail": (open_field(ws.cipher, "detail", r.detail_enc), r.detail_kind),
            }, (r.province, r.city, r.district, r.street)))
    plain: dict[str, Any] = {}
    by_platform: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for _oid, poid, shop_name, platform, fields, _region in rows:
        for value, kind in fields.values():
            if kind == "cipher":
                by_platform.setdefault((platform, shop_name), []).append((poid, value))
    calls = 0
    for (platform, shop_name), pairs in by_platform.items():
        c = client or make_client(ws, shop_name, platform)
        before = c.calls
        plain.update(c.batch_decrypt(pairs))
        calls += c.calls - before
    out: dict[int, RevealedReceiver] = {}
    for oid, _poid, _sname, _platform, fields, region in rows:
        vals: dict[str, str] = {}
        virtual = False
        errors = []
        for fld, (value, kind) in fields.items():
            if kind == "cipher":
                d = plain.get(value)
                if d is None or d.error:
                    errors.append(f"{fld}: {d.error if d else 'not decrypted'}")
                    vals[fld] = ""
                else:
                    vals[fld] = d.plain
                    virtual = virtual or (fld == "phone" and d.is_virtual_tel)
            else:
                vals[fld] = value
        out[oid] = RevealedReceiver(oid, vals["name"], vals["phone"], vals["detail"], *region,
                                    is_virtual_tel=virtual, error="; ".join(errors))
    with transaction(ws.write) as s:
        ws.audit(s, "reveal_receiver", "order", ",".join(str(i) for i in order_ids)[:64],
                 orders=list(order_ids), reason=reason[:100], platform_calls=calls,
                 decrypted=sum(len(p) for p in by_platform.values()))
    return out
