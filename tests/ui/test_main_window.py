"""The workstation window on the demo database: masked rows, lazy paging, SQL search and
sort, and the allocate → print flow through background workers."""

import csv
import io
import re

import pytest
from PySide6.QtCore import Qt

from app.resources import resource
from app.services.import_orders import import_files
from app.services.orders import OrderQuery, count_orders, list_orders
from app.ui.orders_model import COLUMN_INDEX, COLUMNS
from app.ui.texts import STATUS_NAMES

WAIT_MS = 30000
PERSONAL = ("name", "phone", "address")


def _text(model, row, key, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, COLUMN_INDEX[key]), role)


def _wait_idle(qtbot, window):
    qtbot.waitUntil(lambda: not window.busy, timeout=WAIT_MS)


def _select(window, rows):
    window.orders_page.select_order_ids(window.model.order_ids(rows))


def _unnumbered_to_ship(window, n):
    window.orders_page.set_status_filter("to_ship")
    m = window.model
    rows = [r for r in range(m.rowCount()) if not m.row_at(r).waybill_no][:n]
    assert len(rows) == n
    return rows


def test_window_lists_masked_orders(window, demo_ws):
    assert window.windowTitle() == "ShipDesk 面单工作台"
    m = window.model
    total = count_orders(demo_ws, OrderQuery())
    assert total > 100 and m.total == total
    assert m.rowCount() == min(total, m.page_size)
    assert window.count_label.text() == f"共 {total} 单"
    assert [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())] == \
        [c.title for c in COLUMNS]
    # no full mobile number anywhere the user can see it (ids and waybills are long numbers)
    skip = {COLUMN_INDEX["platform_order_id"], COLUMN_INDEX["waybill_no"]}
    for r in range(m.rowCount()):
        for c in range(m.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = m.data(m.index(r, c), role)
                if c in skip and role == Qt.ItemDataRole.DisplayRole:
                    continue
                assert not re.search(r"\d{11}", str(value or "")), (r, c, value)
    phones = [_text(m, r, "phone") for r in range(m.rowCount())]
    assert any(phones) and all("*" in p for p in phones if p)
    statuses = {_text(m, r, "status") for r in range(m.rowCount())}
    assert "待发货" in statuses and statuses <= set(STATUS_NAMES.values())
    assert {_text(m, r, "parcel_state") for r in range(m.rowCount())} == {"未取号"}
    assert all(_text(m, r, "payable_fen").startswith("¥") for r in range(m.rowCount()))


def test_closed_orders_are_grey_and_flagged_red(window):
    m = window.model
    window.orders_page.set_status_filter("cancelled")
    assert m.total > 0
    assert all(_text(m, r, "status") == "已取消" for r in range(m.rowCount()))
    brush = m.data(m.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().name() == "#8a8a8a"


def test_scrolling_fetches_the_next_pages(qtbot, make_window):
    window = make_window(page_size=25)
    m, view = window.model, window.table
    assert m.rowCount() < m.total and m.canFetchMore()
    while m.canFetchMore():
        before = m.rowCount()
        view.scrollToBottom()
        qtbot.waitUntil(lambda b=before: m.rowCount() > b, timeout=5000)
    assert m.rowCount() == m.total
    ids = [m.row_at(r).id for r in range(m.rowCount())]
    assert len(set(ids)) == len(ids)


def test_more_than_one_page_of_200(qtbot, demo_ws, make_window):
    # a second shop with the same export doubles the orders: past one page of 200
    import_files(demo_ws, [resource("samples", "douyin_orders.csv")], shop_name="第二家店")
    window = make_window()
    m = window.model
    assert m.total > 300
    assert m.rowCount() == 200 and m.canFetchMore()
    m.fetchMore()
    assert m.rowCount() == m.total and not m.canFetchMore()
    assert window.count_label.text() == f"共 {m.total} 单"


def test_search_is_debounced_sql(qtbot, window, demo_ws):
    m, page = window.model, window.orders_page
    all_orders = m.total
    oid = m.row_at(5).platform_order_id
    qtbot.keyClicks(page.search_box, oid)
    assert m.total == all_orders  # nothing re-queried per keystroke
    qtbot.waitUntil(lambda: m.query.text == oid, timeout=3000)
    assert m.total == m.rowCount() == 1
    assert m.row_at(0).platform_order_id == oid
    # an exact phone number finds its buyer through the blind index; the cell stays masked
    page.search_box.setText("13970669074")
    page.apply_filter()
    assert m.total == 1
    assert "*" in _text(m, 0, "phone") and "13970669074" not in _text(m, 0, "phone")
    page.search_box.clear()
    page.apply_filter()
    assert m.total == all_orders
    page.set_status_filter("to_ship")
    assert 0 < m.total < all_orders
    assert m.total == count_orders(demo_ws, OrderQuery(status="to_ship"))
    assert {_text(m, r, "status") for r in range(m.rowCount())} == {"待发货"}


def test_ctrl_f_focuses_search(qtbot, window):
    window.activateWindow()
    window.act_find.trigger()
    qtbot.waitUntil(lambda: window.orders_page.search_box.hasFocus(), timeout=3000)


def test_sort_by_paid_time_is_sql(window, demo_ws):
    m, view = window.model, window.table
    col = COLUMN_INDEX["paid_at"]
    view.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    assert m.query.sort == "paid_at" and not m.query.descending
    paid = [m.row_at(r).paid_at for r in range(m.rowCount())]
    assert paid == sorted(paid)
    first = list_orders(demo_ws, OrderQuery(sort="paid_at", descending=False), 0, 1)[0]
    assert m.row_at(0).id == first.id
    view.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    paid = [m.row_at(r).paid_at for r in range(m.rowCount())]
    assert paid == sorted(paid, reverse=True)
    # a column SQL cannot sort leaves the order, and the arrow, where they were
    view.sortByColumn(COLUMN_INDEX["name"], Qt.SortOrder.AscendingOrder)
    assert m.query.sort == "paid_at" and m.query.descending
    assert view.horizontalHeader().sortIndicatorSection() == col
    view.sortByColumn(COLUMN_INDEX["payable_fen"], Qt.SortOrder.AscendingOrder)
    amounts = [m.row_at(r).payable_fen for r in range(m.rowCount())]
    assert amounts == sorted(amounts)


def test_allocate_then_print_then_no_double_print(qtbot, window, tmp_path):
    m = window.model
    rows = _unnumbered_to_ship(window, 3)
    ids = m.order_ids(rows)
    _select(window, rows)
    assert window.selected_order_ids() == ids
    assert window.orders_page.selection_label.text() == "已选 3 单"
    window.carrier_box.setCurrentIndex(window.carrier_box.findData("YTO"))

    window.act_allocate.trigger()
    assert window.busy and not window.act_print.isEnabled()
    assert window.progress_bar.isVisible() and window.cancel_button.isVisible()
    _wait_idle(qtbot, window)
    assert not window.progress_bar.isVisible() and not window.cancel_button.isVisible()
    assert window.statusBar().currentMessage() == "已取号 3 单"
    assert window.selected_order_ids() == ids  # the refresh kept the selection
    for oid in ids:
        r = m.row_of(oid)
        assert re.fullmatch(r"YT\d{13}", _text(m, r, "waybill_no"))
        assert _text(m, r, "carrier") == "圆通"
        assert _text(m, r, "parcel_state") == "已取号"

    out = tmp_path / "out" / "labels.pdf"
    assert window.print_selected(out)
    assert window.progress_bar.isVisible() and not window.cancel_button.isVisible()
    _wait_idle(qtbot, window)
    assert out.read_bytes().startswith(b"%PDF")
    assert window.statusBar().currentMessage() == "已打印 3 张面单 → labels.pdf"
    assert window.last_print_out == out
    assert all(_text(m, m.row_of(i), "parcel_state") == "已打印" for i in ids)
    assert not window.messages.isVisible()

    again = tmp_path / "again.pdf"
    assert window.print_selected(again)
    _wait_idle(qtbot, window)
    assert not again.exists()
    assert window.statusBar().currentMessage() == "没有打印面单，3 单跳过"
    assert window.messages.isVisible()
    lines = window.messages.lines()
    assert len(lines) == 3 and all("已打印过" in line for line in lines)

    # asking again for numbers gives no second waybill
    window.allocate_selected()
    _wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == "已取号 0 单，3 单原来就有运单号"

    # an explicit reprint prints them again
    assert window.print_selected(tmp_path / "reprint.pdf", reprint=True)
    _wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == "已打印 3 张面单 → reprint.pdf"


def test_print_without_waybill_is_listed(qtbot, window, tmp_path):
    rows = _unnumbered_to_ship(window, 2)
    _select(window, rows)
    window.print_selected(tmp_path / "x.pdf")
    _wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == "没有打印面单，2 单跳过"
    assert all("请先取号" in line for line in window.messages.lines())


def test_actions_need_a_selection(window, tmp_path):
    assert not window.act_allocate.isEnabled() and not window.act_print.isEnabled()
    assert window.act_import.isEnabled()
    assert not window.print_selected(tmp_path / "x.pdf")
    assert window.statusBar().currentMessage() == "请先在表格中选择订单"
    assert not window.busy


def test_print_error_is_shown_not_raised(qtbot, window, tmp_path):
    rows = _unnumbered_to_ship(window, 1)
    _select(window, rows)
    window.allocate_selected()
    _wait_idle(qtbot, window)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    window.print_selected(blocker / "sub" / "x.pdf")
    _wait_idle(qtbot, window)
    assert window.statusBar().currentMessage().startswith("操作失败")
    assert window.messages.isVisible() and window.messages.property("kind") == "error"
    assert "无法写入" in window.messages.lines()[0]  # in the packer's words
    assert _text(window.model, rows[0], "parcel_state") == "已取号"


def test_import_shows_summary_and_errors(qtbot, window, tmp_path):
    m = window.model
    before = m.total
    src = resource("samples", "douyin_orders.csv")
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    rows[3][rows[0].index("订单应付金额")] = "十二块"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(buf.getvalue().encode("utf-8-sig"))

    assert window.import_paths([bad])
    _wait_idle(qtbot, window)
    dialog = window.import_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert m.total == before  # all or nothing per file
    table = dialog.errors
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in range(3)] == ["bad.csv", "4", "订单应付金额"]
    assert dialog.valid_rows_button.isVisible()

    dialog.valid_rows_button.click()
    _wait_idle(qtbot, window)
    assert m.total > before
    assert "新增" in window.import_dialog.headline.text()
    assert window.statusBar().currentMessage().startswith("导入完成：新增")


def test_import_of_unknown_layout_names_the_file(qtbot, window, tmp_path):
    # a spreadsheet no platform exports (the Kuaishou sample is known since its importer)
    odd = tmp_path / "odd_export.csv"
    odd.write_text("名称,数量,备注\n苹果,3,无\n", encoding="utf-8")
    window.import_paths([odd])
    _wait_idle(qtbot, window)
    table = window.import_dialog.errors
    assert table.rowCount() == 1 and table.item(0, 0).text() == "odd_export.csv"
    assert not window.import_dialog.valid_rows_button.isVisible()


def test_settings_remember_carrier_and_size(qtbot, make_window, settings):
    w1 = make_window()
    w1.carrier_box.setCurrentIndex(w1.carrier_box.findData("SF"))
    w1.size_box.setCurrentIndex(w1.size_box.findData("100x180"))
    w1.close()
    assert settings.value("main/geometry") is not None
    w2 = make_window()
    assert w2.carrier() == "SF" and w2.label_size() == "100x180"


@pytest.mark.parametrize("shortcut,name", [("Ctrl+I", "act_import"), ("Ctrl+G", "act_allocate"),
                                           ("Ctrl+P", "act_print"), ("F5", "act_refresh")])
def test_shortcuts(window, shortcut, name):
    assert getattr(window, name).shortcut().toString() == shortcut


def test_phone_numbers_in_buyer_messages_are_hidden(qtbot, demo_ws, make_window, tmp_path):
    src = resource("samples", "douyin_orders.csv")
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[:2]
    rows[1][rows[0].index("买家留言")] = "到了打我电话 139-7066-9074，放门口"
    rows[1][rows[0].index("主订单编号")] = "6999999999999999999"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    p = tmp_path / "msg.csv"
    p.write_bytes(buf.getvalue().encode("utf-8-sig"))
    import_files(demo_ws, [p], shop_name="留言店")
    window = make_window()
    m = window.model
    window.orders_page.search_box.setText("6999999999999999999")
    window.orders_page.apply_filter()
    assert m.total == 1
    tip = _text(m, 0, "platform_order_id", Qt.ItemDataRole.ToolTipRole)
    assert "**74" in tip and "9074" not in tip and "7066" not in tip


def test_get_numbers_keeps_the_carrier_each_order_was_assigned(qtbot, window, demo_ws):
    """指定快递 chose SF for one order; 取号 with ZTO in the toolbar numbers that order on
    SF and only the unassigned one on ZTO."""
    from sqlalchemy import select

    from app.services.assign_shipping import set_shipping
    from app.store.models import Parcel

    rows = _unnumbered_to_ship(window, 2)
    assigned, free = window.model.order_ids(rows)
    set_shipping(demo_ws, [assigned], carrier="SF")
    window.carrier_box.setCurrentIndex(window.carrier_box.findData("ZTO"))
    _select(window, rows)
    window.allocate_selected()
    _wait_idle(qtbot, window)
    with demo_ws.read() as s:
        got = dict(s.execute(select(Parcel.order_id, Parcel.carrier_code)
                             .where(Parcel.order_id.in_([assigned, free]))).all())
    assert got == {assigned: "SF", free: "ZTO"}
