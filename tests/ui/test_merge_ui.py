"""合并订单 / 撤销合并 / 拆分包裹 from the orders page: suggestions ticked and merged,
a selection merged, the merge undone before printing, an order split into parcels."""

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.services import merge
from app.services.import_orders import import_files
from app.services.waybills import allocate_waybills, cancel_waybills
from app.store.models import Order
from app.ui.extensions import install_extensions
from app.ui.main_window import MainWindow
from app.ui.merge_ui import MergeDialog
from app.ui.orders_model import COLUMN_INDEX
from tests.integration.test_import_reimport import _same_buyer_orders, _write


@pytest.fixture
def mws(ws, tmp_path):
    """Three orders to one receiver (and one to another), imported from a file."""
    rows, same, other = _same_buyer_orders(tmp_path)
    import_files(ws, [_write(tmp_path, "same.csv", rows)])
    with ws.read() as s:
        ids = {o.platform_order_id: o.id for o in s.scalars(select(Order))}
    return ws, [ids[p] for p in same], ids[other]


@pytest.fixture
def win(qtbot, mws, settings):
    ws = mws[0]
    w = MainWindow(ws, settings)
    qtbot.addWidget(w)
    w.show()
    ext = install_extensions(w, start_of_day=False)
    yield w, ext
    w.shutdown()


def _col(key):
    return COLUMN_INDEX[key]


def _parcels(ws, order_id):
    return merge.parcels_of_order(ws, order_id)


def test_suggestions_are_ticked_and_merged(qtbot, mws, win):
    ws, same, other = mws
    w, ext = win
    dlg = ext.merging.open_suggestions()
    assert isinstance(dlg, MergeDialog)
    qtbot.waitUntil(lambda: not dlg.runner.busy and bool(dlg.suggestions), timeout=20000)
    assert dlg.table.rowCount() == 1 and dlg.merge_button.isEnabled()
    assert "*" in dlg.table.item(0, 1).text()  # the receiver masked
    assert dlg.table.item(0, 0).checkState() == Qt.CheckState.Checked
    assert dlg.merge_checked() == 1
    p = _parcels(ws, same[0])[0]
    assert set(p.order_ids) == set(same) and other not in p.order_ids
    assert "已合并 1 组" in dlg.status.text()
    qtbot.waitUntil(lambda: not dlg.runner.busy, timeout=20000)
    assert dlg.table.rowCount() == 0  # nothing left to suggest
    assert "已合并" in w.statusBar().currentMessage()
    dlg.close()


def test_merge_selection_undo_and_split(qtbot, mws, win):
    ws, same, other = mws
    w, ext = win
    # a receiver that differs is refused, with the reason in Chinese, and nothing changes
    w.orders_page.select_order_ids([same[0], other])
    assert ext.act_merge.isEnabled()
    assert not ext.merging.merge_selected(confirm=False)
    assert "收件人" in w.statusBar().currentMessage()
    assert all(len(p.order_ids) == 1 for p in _parcels(ws, other))
    # the three to one receiver go as one parcel
    w.orders_page.select_order_ids(same)
    assert ext.merging.merge_selected(confirm=False)
    assert set(_parcels(ws, same[0])[0].order_ids) == set(same)
    # the orders riding in it read as merged, and take the group's number when it has one
    states = {w.model.row_at(r).id: w.model.data(w.model.index(r, _col("parcel_state")))
              for r in range(w.model.rowCount())}
    assert states[same[1]] == states[same[2]] == "已合并"
    allocate_waybills(ws, [same[2]], carrier="ZTO")
    w.refresh()
    rows = {w.model.row_at(r).id: w.model.row_at(r) for r in range(w.model.rowCount())}
    assert rows[same[1]].waybill_no == rows[same[0]].waybill_no != ""
    voided = cancel_waybills(ws, [same[1]], "打错面单")  # a rider's: the group's number
    assert voided.cancelled == 1
    w.refresh()
    # a rider cannot be split while merged
    w.orders_page.select_order_ids([same[1]])
    assert not ext.merging.split_selected(packs=2)
    assert "撤销合并" in w.statusBar().currentMessage()
    # undo, then split the first order into two parcels (n/m on each label)
    assert ext.merging.unmerge_selected()
    assert all(len(p.order_ids) == 1 for p in _parcels(ws, same[0]))
    w.orders_page.select_order_ids([same[0]])
    assert ext.merging.split_selected(packs=2)
    packs = _parcels(ws, same[0])
    assert [(p.pack_no, p.pack_total) for p in packs] == [(1, 2), (2, 2)]
    assert "2 个包裹" in w.statusBar().currentMessage()
    # and an order not merged says so
    w.orders_page.select_order_ids([other])
    assert not ext.merging.unmerge_selected()
    assert "没有和别的订单合并" in w.statusBar().currentMessage()
