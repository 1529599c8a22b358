"""The import's non-SQLite path (Core inserts with RETURNING) on PostgreSQL."""

from __future__ import annotations

import pytest

from app.services.import_orders import import_files, list_flagged
from app.services.merge import merge_orders, suggest_merges
from app.services.workspace import Workspace
from tests.integration import pg_fixture
from tests.integration.test_import_support import (
    DOUYIN,
    KUAISHOU,
    csv_text,
    order,
    receiver,
    sample_rows,
    write,
)

pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url  # the fixtures, for this module


@pytest.fixture
def pws(pg_url, tmp_path):
    w = Workspace.open(pg_url, key_dir=tmp_path / "keys")
    yield w
    w.close()


def test_import_reimport_flag_and_merge_on_postgres(pws, tmp_path):
    first = import_files(pws, [DOUYIN, KUAISHOU])
    assert first.errors == [] and first.imported > 100
    again = import_files(pws, [DOUYIN, KUAISHOU])
    assert again.unchanged == first.imported and again.imported == again.updated == 0
    header, rows = sample_rows(KUAISHOU)
    oid, status = header.index("订单号"), header.index("订单状态")
    poid = next(r[oid] for r in rows if r[status] == "待发货")
    for r in rows:
        if r[oid] == poid:
            r[status] = "已取消"
    s = import_files(pws, [write(tmp_path / "later.csv", csv_text([header, *rows]))])
    assert s.updated == 1 and s.flagged == 1
    assert order(pws, poid).status == "cancelled"
    assert [f.platform_order_id for f in list_flagged(pws)] == [poid]
    assert receiver(pws, poid)["province"]
    for sugg in suggest_merges(pws)[:1]:
        res = merge_orders(pws, sugg.order_ids)
        assert len(res.order_ids) == len(sugg.order_ids)
