"""The pages of the window: nav, lazy pages, to print / shipped / alerts / dashboard,
columns and saved filters that persist, SQL search, bounded counts, the hooks."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.services.import_orders import import_files
from app.services.orders import ViewQuery, count_view, dashboard_counts
from app.ui.main_window import PAGES
from app.ui.orders_model import OrdersModel
from tests.ui.helpers import allocate, export_with, select, wait_idle


def test_nav_pages_and_shortcuts(window):
    nav = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert nav == ["订单", "待打印", "已发货", "异常", "统计", "设置"]
    assert [a.shortcut().toString() for a in window.page_actions] == \
        [s for _k, _t, s in PAGES]
    # pages other than Orders query the first time they are shown
    assert window.orders_page.model.loaded and not window.to_print_page.model.loaded
    window.page_actions[1].trigger()
    assert window.current_key() == "to_print"
    assert window.pages.currentWidget() is window.to_print_page
    assert window.to_print_page.model.loaded
    for key, _t, _s in PAGES:
        window.show_page(key)
        assert window.pages.currentWidget() is window.page_widgets[key]
    assert window.act_pack.shortcut().toString() == "F11"
    assert window.act_assign.shortcut().toString() == "Ctrl+D"
    assert window.act_save_filter.shortcut().toString() == "Ctrl+S"


def test_to_print_then_shipped(qtbot, window, demo_ws, tmp_path):
    ids = allocate(qtbot, window, 3)
    window.show_page("to_print")
    page = window.to_print_page
    assert page.model.total == 3 == count_view(demo_ws, ViewQuery(view="to_print"))
    assert {page.model.row_at(r).id for r in range(3)} == set(ids)
    assert window.count_label.text() == "共 3 单"
    # actions work on the page shown
    page.select_order_ids(ids[:2])
    assert window.selected_order_ids() == sorted(ids[:2], key=lambda i: page.model.row_of(i))
    assert window.print_selected(tmp_path / "two.pdf")
    wait_idle(qtbot, window)
    assert (tmp_path / "two.pdf").exists()
    assert page.model.total == 1
    window.show_page("shipped")
    shipped = window.shipped_page.model
    shipped_ids = {shipped.row_at(r).id for r in range(shipped.rowCount())}
    assert set(ids[:2]) <= shipped_ids
    assert all(shipped.row_at(r).parcel_state == "printed" or
               shipped.row_at(r).status in ("shipped", "done")
               for r in range(shipped.rowCount()))


def test_alerts_list_intercepts(qtbot, window, demo_ws, tmp_path):
    [oid] = allocate(qtbot, window, 1)
    select(window, [window.model.row_of(oid)])
    window.print_selected(tmp_path / "one.pdf")
    wait_idle(qtbot, window)
    poid = window.model.row_at(window.model.row_of(oid)).platform_order_id
    import_files(demo_ws, [export_with(tmp_path, {poid: {"订单状态": "已取消"}})],
                 shop_name="小鹿的零食铺")
    window.show_page("alerts")
    flagged = window.alerts_page.flagged.model
    assert flagged.total == 1 and flagged.row_at(0).id == oid
    assert flagged.data(flagged.index(0, 0), Qt.ItemDataRole.ForegroundRole).color().name() \
        == "#c62828"
    assert "拦截" in flagged.data(flagged.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    # intercepts first; the package centre of the tracking module in the next tab
    tabs = window.alerts_page.tabs
    assert tabs.tabText(0) == "需要拦截的包裹" and tabs.tabText(1) == "包裹中心提醒"


def test_dashboard_counts(qtbot, window, demo_ws):
    allocate(qtbot, window, 2)
    window.show_page("dashboard")
    dash = window.dashboard_page
    qtbot.waitUntil(lambda: not dash.busy and bool(dash.counts), timeout=10000)
    counts = dashboard_counts(demo_ws)
    assert dash.value("to_print") == "2" and counts["to_print"] == 2
    assert dash.value("total") == f"{counts['total']:,}"
    assert dash.value("status.to_ship") == f"{counts['status.to_ship']:,}"
    assert "待发货" in dash.by_status.text()
    dash.tiles["to_print"].clicked.emit("to_print")
    assert window.current_key() == "to_print"


def test_search_by_waybill_sku_and_remark(qtbot, window, demo_ws):
    [oid] = allocate(qtbot, window, 1)
    m, page = window.model, window.orders_page
    row = m.row_at(m.row_of(oid))
    for text in (row.waybill_no, row.waybill_no.lower(), row.platform_order_id[:10]):
        page.search_box.setText(text)
        page.apply_filter()
        assert oid in {m.row_at(r).id for r in range(m.rowCount())}, text
    page.search_box.setText("FD-STR-100")  # a SKU code
    page.apply_filter()
    assert m.total > 0 and all("FD-STR-100" in m.row_at(r).items for r in range(m.rowCount()))
    page.search_box.setText("尽快发货")  # a buyer message
    page.apply_filter()
    assert m.total > 0
    page.search_box.setText("78999999999999")  # a code that matches nothing: no scan
    page.apply_filter()
    assert m.total == 0


def test_columns_and_saved_filters_persist(qtbot, make_window, settings):
    w1 = make_window()
    page = w1.orders_page
    assert page.column_visible("phone")
    page.set_column_visible("phone", False)
    page.search_box.setText("FD-STR-100")
    page.set_status_filter("to_ship")
    page.apply_filter()
    page.save_filter("草莓待发")
    assert page.saved_filters() == ["草莓待发"]
    w1.show_page("shipped")
    w1.close()
    w2 = make_window()
    assert w2.current_key() == "shipped"
    p2 = w2.orders_page
    assert not p2.column_visible("phone")
    assert p2.saved_filters() == ["草莓待发"]
    assert p2.apply_saved_filter("草莓待发")
    assert p2.model.query.text == "FD-STR-100" and p2.model.query.status == "to_ship"
    p2.reset_columns()
    assert p2.column_visible("phone")
    p2.delete_filter("草莓待发")
    assert p2.saved_filters() == []
    # the menu of the column chooser lists every column, checked as shown
    menu = p2._fill_columns_menu()
    assert [a.isChecked() for a in menu.actions() if a.isCheckable()].count(True) == \
        p2.table.horizontalHeader().count() - p2.table.horizontalHeader().hiddenSectionCount()


def test_bounded_count_then_exact(qtbot, demo_ws):
    m = OrdersModel(demo_ws, page_size=20, count_cap=50)
    exact = count_view(demo_ws, ViewQuery())
    assert exact > 50
    assert not m.total_exact and m.total == 50 and m.canFetchMore()
    qtbot.waitUntil(lambda: m.total_exact, timeout=10000)
    assert m.total == exact
    while m.canFetchMore():
        m.fetchMore()
    assert m.rowCount() == exact
    m.set_filter("", "cancelled")
    assert m.total_exact and m.total == count_view(demo_ws, ViewQuery(status="cancelled"))


def test_hooks_for_import_assign_and_settings(qtbot, window):
    opened, assigned = [], []

    class Dialog(QLabel):
        pass

    def factory(w):
        d = Dialog("import")
        opened.append(d)
        return d

    window.set_import_dialog_factory(factory)
    window.act_import.trigger()
    assert opened and opened[0].isVisible()
    opened[0].close()

    # without the carriers module: a hint, and the carrier box takes the focus
    select(window, [0, 1])
    assert not window.assign_selected()
    assert window.messages.isVisible() and "指定快递" in window.messages.title.text()
    window.set_assign_handler(lambda w, ids: assigned.append(ids))
    window.act_assign.trigger()
    assert assigned == [window.selected_order_ids()]

    extra = QWidget()
    index = window.add_settings_page("承运商账号", extra)
    assert window.settings_page.page_titles()[index] == "承运商账号"


def test_tracking_dashboard_is_built_when_its_tab_is_first_shown(window):
    page = window.dashboard_page
    assert page.tracking_page is None  # not at start: the window opens fast on big shops
    window.show_page("dashboard")
    assert page.tracking_page is None
    built = page.show_tracking()
    assert built is not None and page.tracking_page is built
    assert page.tabs.currentWidget().isAncestorOf(built)
    assert page.show_tracking() is built  # once


def test_saved_filters_are_saved_and_deleted_from_the_orders_menu(qtbot, make_window,
                                                                  monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    w = make_window()
    assert w.act_delete_filter in w.orders_menu.actions()
    w.delete_filter_prompt()  # nothing saved yet: said, no dialog
    assert w.statusBar().currentMessage() == "这一页没有保存的筛选"
    w.orders_page.search_box.setText("EGG-30")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("鸡蛋", True))
    w.act_save_filter.trigger()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("耳机", True))
    w.act_save_filter.trigger()
    assert w.orders_page.saved_filters() == ["鸡蛋", "耳机"]
    offered = []

    def pick(_parent, _title, _label, names, *_):
        offered.append(list(names))
        return "鸡蛋", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    w.act_delete_filter.trigger()
    assert offered == [["鸡蛋", "耳机"]]
    assert w.orders_page.saved_filters() == ["耳机"]
    assert [w.orders_page.filters_box.itemText(i)
            for i in range(w.orders_page.filters_box.count())] == ["保存的筛选…", "耳机"]
    assert w.statusBar().currentMessage() == "已删除筛选「鸡蛋」"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("耳机", False))
    w.act_delete_filter.trigger()  # cancelled: kept
    assert w.orders_page.saved_filters() == ["耳机"]
