"""Free-text search on SQLite through migration 0008's indexes finds the same orders as the
plain LIKEs it replaces (`seller_remark`, `buyer_message` or `sku_summary` LIKE '%text%').

The data mixes what LIKE makes tricky: ASCII letters in both cases (LIKE ignores their
case), other letters in both cases (it does not), Chinese notes, '%' and '_' in the text
and in the data (wildcards in the pattern: the search always treated them so), empty
notes and an empty SKU summary, texts found in no order, one, a few and most. Each text is
checked with the limits as shipped and with tiny ones, so every way through the search
(ids, conditions, the summaries' skip-scan and its read-on past the seeks) is taken.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import or_, select

from app.services import orders as orders_service
from app.services.orders import ViewQuery, count_view, list_view
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Shop

SUMMARIES = ["SKU-0001 ×1", "SKU-0001 ×2", "sku-0002 ×1", "Blue-Shirt ×1", "blue-shirt ×3",
             "连衣裙 ×1", "连衣裙 ×2, SKU-0001 ×1", "50%OFF ×1", "A_B ×2", "AxB ×1",
             "Étoile ×1", "étoile ×2", ""]
REMARKS = ["", "", "", "", "", "", "Urgent", "URGENT please", "送小样", "加急 100%", "a_b",
           "Étoile"]
MESSAGES = ["", "", "", "", "", "尽快发货谢谢", "please hurry", "100% cotton?", "送小样吧",
            "x_y"]
#: (text, why): found in none, one, a few, many orders
TEXTS = ["加急送达", "nothing-here", "urgent", "URG", "Urgent please", "送小样", "加急", "尽快",
         "%", "_", "%%", "a_b", "A_B", "x_y", "0%", "100%", "100%o", "shirt", "BLUE-SHIRT",
         "sku-0001 ×", "SKU-0001 ×1", "×", "×1", "连衣裙", "裙 ×2, S", "étoile", "Étoile",
         "toile", "TOILE", "HURRY", "cotton?", "OFF ×", "_OFF", "B ×", "e", "rare", "RARE_NOTE",
         "稀有"]
N = 640
ONE = "独一无二的备注"  # in one order's remark only
FEW = "Rare_Note 稀有"  # in six orders' remarks


def _fill(ws: Workspace) -> None:
    now = ws.clock()
    with transaction(ws.write) as s:
        shop = Shop(platform="douyin", name="搜索店", created_at=now)
        s.add(shop)
        s.flush()
        for i in range(1, N + 1):
            s.add(Order(
                shop_id=shop.id, platform_order_id=f"FT{i:08d}", status="to_ship",
                paid_at=now - timedelta(minutes=i % 97), payable_fen=i,
                sku_summary=SUMMARIES[(i * 7) % len(SUMMARIES)],
                seller_remark=ONE if i == 321 else FEW if i % 100 == 50
                else REMARKS[(i * 5) % len(REMARKS)] if i % 3 == 0 else "",
                buyer_message=MESSAGES[(i * 3) % len(MESSAGES)] if i % 4 == 0 else "",
                imported_at=now, updated_at=now))


def _old(ws: Workspace, text: str) -> set[int]:
    """What the search found before migration 0008: the three LIKEs."""
    with ws.read() as s:
        return set(s.scalars(select(Order.id).where(or_(
            Order.seller_remark.contains(text), Order.buyer_message.contains(text),
            Order.sku_summary.contains(text)))))


def _new(ws: Workspace, text: str, counting: bool) -> set[int]:
    with ws.read() as s:
        conds = orders_service._free_text_sqlite(s, text, counting=counting)
        if not conds:
            return set()
        return set(s.scalars(select(Order.id).where(or_(*conds))))


def _pages(ws: Workspace, q: ViewQuery, page: int = 50) -> list[int]:
    out: list[int] = []
    last = None
    while True:
        rows = list_view(ws, q, len(out), page, after=last)
        out += [r.id for r in rows]
        if len(rows) < page:
            return out
        last = rows[-1]


@pytest.fixture
def filled(ws):
    _fill(ws)
    return ws


@pytest.mark.parametrize(("most", "seeks"), [(None, None), (5, 3), (40, 4), (1, 1)])
def test_free_text_finds_what_the_likes_found(filled, monkeypatch, most, seeks):
    if most is not None:
        monkeypatch.setattr(orders_service, "_FREE_TEXT_IDS", most)
        monkeypatch.setattr(orders_service, "_SUMMARY_SEEKS", seeks)
    sizes = set()
    for text in [*TEXTS, ONE]:
        want = _old(filled, text)
        sizes.add(min(len(want), 2) if len(want) < 10 else "many")
        for counting in (False, True):
            assert _new(filled, text, counting) == want, (text, counting)
        q = ViewQuery(text=text, sort="payable_fen")
        got = _pages(filled, q)
        assert set(got) == want and len(got) == len(want), text
        assert count_view(filled, q) == len(want), text
    assert sizes == {0, 1, 2, "many"}  # none, one, a few, many


def test_free_text_pages_keep_their_order(filled, monkeypatch):
    """Matches in ids or in conditions: pages are sorted all the same (paid_at, id)."""
    for most in (1000, 3):
        monkeypatch.setattr(orders_service, "_FREE_TEXT_IDS", most)
        for text in ("urgent", "送小样", "×1", "100%"):
            with filled.read() as s:
                rows = s.execute(select(Order.id, Order.paid_at).where(
                    Order.id.in_(_old(filled, text)))).all()
            want = [i for i, _ in sorted(rows, key=lambda r: (r[1], r[0]), reverse=True)]
            assert _pages(filled, ViewQuery(text=text), page=7) == want, (most, text)


def test_summaries_are_found_once_each(filled, monkeypatch):
    """The skip-scan and its read-on past the seeks give each distinct summary once."""
    with filled.read() as s:
        every = sorted(set(s.scalars(select(Order.sku_summary))))
        for seeks in (1, 2, 5, len(every) - 1, len(every), len(every) + 1, 20000):
            monkeypatch.setattr(orders_service, "_SUMMARY_SEEKS", seeks)
            found = orders_service._summaries_containing(s, "%", 1000)
            assert sorted(found) == every, seeks
            few = orders_service._summaries_containing(s, "%", 2)
            assert len(few) == 3 and set(few) <= set(every)  # "more than 2", no more read
