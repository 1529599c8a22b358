"""The shipping widgets on a demo workspace: settings pages, the per-order picker, bulk
assign with preview, voiding, and the hook into the main window."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from app.services import accounts as acc
from app.services import assign_shipping as assign
from app.services import shipping_settings as ss
from app.services.orders import select_order_ids
from app.services.waybills import allocate_waybills
from app.ui.shipping_bulk import BulkAssignDialog, VoidWaybillDialog, install, open_assign
from app.ui.shipping_picker import ShippingPickerDialog
from app.ui.shipping_settings import (
    AccountDialog,
    AccountsPage,
    CarriersPage,
    RateCardsPage,
    RuleDialog,
    RulesPage,
    ShippingSettingsDialog,
    ShippingSettingsWidget,
)


@pytest.fixture
def to_ship(demo_ws):
    return select_order_ids(demo_ws, status="to_ship")


def show(qtbot, w):
    qtbot.addWidget(w)
    w.show()
    return w


# ------------------------------------------------------------------ settings pages
def test_carriers_page_shows_the_catalogue_and_saves_the_switches(qtbot, demo_ws):
    page = show(qtbot, CarriersPage(demo_ws))
    assert page.table.rowCount() == 9 and page.tiers.rowCount() >= 6
    codes = [page.table.item(r, 2).text() for r in range(9)]
    assert "ZTO" in codes and page.table.item(codes.index("SF"), 3).text() == "shunfeng"
    page.table.item(codes.index("DEPPON"), 0).setCheckState(Qt.CheckState.Unchecked)
    page.strategy.setCurrentIndex(page.strategy.findData("fastest"))
    page.cutoff.setTime(page.cutoff.time().fromString("17:30", "HH:mm"))
    with qtbot.waitSignal(page.saved):
        assert page.save()
    st = ss.get_settings(demo_ws)
    assert "DEPPON" not in st.carriers and st.default_strategy == "fastest"
    assert st.dispatch_cutoff == "17:30"
    for r in range(9):
        page.table.item(r, 0).setCheckState(Qt.CheckState.Unchecked)
    assert not page.save() and "至少要保留一家" in page.error.text()


def test_account_dialog_offers_only_the_platforms_own_api(qtbot, demo_ws):
    dlg = show(qtbot, AccountDialog(demo_ws))
    dlg.platform.setCurrentIndex(dlg.platform.findData("douyin"))
    providers = [dlg.provider.itemData(i) for i in range(dlg.provider.count())]
    assert providers == ["sandbox", "douyin"]
    dlg.platform.setCurrentIndex(dlg.platform.findData("taobao"))
    assert [dlg.provider.itemData(i) for i in range(dlg.provider.count())] == ["sandbox",
                                                                             "cainiao"]
    dlg.platform.setCurrentIndex(dlg.platform.findData("douyin"))
    dlg.provider.setCurrentIndex(dlg.provider.findData("douyin"))
    dlg.carrier.setCurrentIndex(dlg.carrier.findData("ZTO"))
    dlg.save()
    assert dlg.error.isVisible() and "网点编码" in dlg.error.text()
    dlg.branch_code.setText("330110")
    dlg.branch_name.setText("杭州余杭")
    dlg.secret.setText("s3cret")
    with qtbot.waitSignal(dlg.accepted):
        dlg.save()
    view = acc.get_account(demo_ws, dlg.account_id)
    assert view.provider == "douyin" and view.has_secret and view.branch_code == "330110"
    again = show(qtbot, AccountDialog(demo_ws, dlg.account_id))
    assert again.secret.text() == "" and "留空不修改" in again.secret.placeholderText()
    assert again.account_input().secret is None  # an empty field keeps the stored secret


def test_accounts_page_lists_toggles_and_deletes(qtbot, demo_ws):
    aid = acc.save_account(demo_ws, acc.AccountInput("kuaishou", "YTO", "sandbox"))
    page = show(qtbot, AccountsPage(demo_ws))
    assert page.table.rowCount() == 1 and "快手" in page.table.item(0, 0).text()
    page.table.selectRow(0)
    with qtbot.waitSignal(page.changed):
        page.toggle()
    assert not acc.get_account(demo_ws, aid).enabled
    assert "停用" in page.table.item(0, 6).text()
    page.table.selectRow(0)
    page.delete()
    assert page.table.rowCount() == 0


def test_rule_dialog_and_rules_page(qtbot, demo_ws):
    page = show(qtbot, RulesPage(demo_ws))
    dlg = page.open_dialog(None)
    dlg.name.setText("新疆走EMS")
    dlg.provinces.setText("新疆，西藏")
    dlg.carrier.setCurrentIndex(dlg.carrier.findData("EMS"))
    dlg.w_min.setValue(0.5)
    with qtbot.waitSignal(page.changed):
        dlg.save()
    assert page.table.rowCount() == 1
    assert "新疆维吾尔自治区" in page.table.item(0, 3).text() and "EMS" in page.table.item(0, 3).text()
    rule = ss.list_rules(demo_ws)[0]
    assert rule.conditions.weight_min_g == 500 and rule.action.carrier == "EMS"
    bad = page.open_dialog(None)
    bad.name.setText("空规则")
    bad.save()
    assert bad.error.isVisible() and "什么也不做" in bad.error.text()
    bad.reject()
    second = page.open_dialog(None)
    second.name.setText("全部最快")
    second.strategy.setCurrentIndex(second.strategy.findData("fastest"))
    second.save()
    page.table.selectRow(1)
    page.move(-1)
    assert [r.name for r in ss.list_rules(demo_ws)] == ["全部最快", "新疆走EMS"]
    edit = page.open_dialog(ss.list_rules(demo_ws)[1])
    assert edit.provinces.text() == "新疆维吾尔自治区, 西藏自治区"
    assert edit.carrier.currentData() == "EMS" and abs(edit.w_min.value() - 0.5) < 1e-9
    edit.reject()
    dlg2 = RuleDialog(demo_ws, None)
    qtbot.addWidget(dlg2)
    assert dlg2.conditions()["weight_min_g"] is None  # "不限" means no bound


def test_rate_cards_page_edits_prices_weights_and_presets(qtbot, demo_ws, to_ship):
    page = show(qtbot, RateCardsPage(demo_ws))
    page.carrier.setCurrentIndex(page.carrier.findData("ZTO"))
    assert page.lines.rowCount() == 6 and "默认价目" in page.source.text()
    page.lines.setRowCount(0)
    page._add_line({"zone": "*", "first_g": 1000, "first_fen": 199, "step_g": 1000,
                    "step_fen": 88})
    with qtbot.waitSignal(page.changed):
        assert page.save()
    opts = assign.shipping_options(demo_ws, to_ship[0]).options
    zto = next(o for o in opts if o.carrier == "ZTO" and o.tier == "standard")
    assert zto.cost_fen == 199
    page.lines.item(0, 2).setText("abc")
    with pytest.raises(ValueError):
        page.card_lines()
    page.reset()
    assert "默认价目" in page.source.text()
    page.weights.insertRow(0)
    from PySide6.QtWidgets import QTableWidgetItem

    page.weights.setItem(0, 0, QTableWidgetItem("EGG-30"))
    page.weights.setItem(0, 1, QTableWidgetItem("1800"))
    assert page.save_sku_weights()
    assert ss.list_sku_weights(demo_ws) == [(0, "EGG-30", 1800)]
    page.preset_name.setText("中号纸箱")
    page.preset_tare.setValue(150)
    assert page.add_preset() and page.presets.rowCount() == 1


def test_settings_widget_and_dialog_hold_the_four_pages(qtbot, demo_ws):
    w = show(qtbot, ShippingSettingsWidget(demo_ws))
    assert [w.tabText(i) for i in range(w.count())] == ["快递", "面单账号", "规则", "价目与重量"]
    d = show(qtbot, ShippingSettingsDialog(demo_ws))
    assert d.widget.count() == 4


# ------------------------------------------------------------------ picker
def test_picker_lists_options_and_sets_the_choice(qtbot, demo_ws, to_ship):
    dlg = show(qtbot, ShippingPickerDialog(demo_ws, to_ship[0]))
    assert dlg.table.rowCount() == len(dlg.options.options) > 9
    assert "订单" in dlg.summary_label.text()
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    last = dlg.table.rowCount() - 1
    dlg.table.selectRow(last)  # options not offered are at the end, greyed
    assert not dlg.selected()[2] and not ok.isEnabled()
    row = next(r for r in range(dlg.table.rowCount())
               if dlg.table.item(r, 0).data(Qt.ItemDataRole.UserRole)[:2] == ("SF", "standard"))
    dlg.table.selectRow(row)
    assert ok.isEnabled()
    with qtbot.waitSignal(dlg.assigned) as sig:
        assert dlg.choose()
    assert sig.args[0].applied == 1
    info = assign.shipping_info(demo_ws, [to_ship[0]])[to_ship[0]]
    assert (info.carrier, info.tier, info.strategy) == ("SF", "standard", "manual")


def test_picker_weight_reprices(qtbot, demo_ws, to_ship):
    dlg = show(qtbot, ShippingPickerDialog(demo_ws, to_ship[0]))
    first = dlg.options.options[0].cost_fen
    dlg.weight.setValue(7300)
    dlg.set_weight()
    assert dlg.options.weight_g == 7300 and dlg.options.options[0].cost_fen > first


def test_picker_says_a_numbered_parcel_must_be_voided_first(qtbot, demo_ws, to_ship):
    allocate_waybills(demo_ws, to_ship[:1])
    dlg = show(qtbot, ShippingPickerDialog(demo_ws, to_ship[0]))
    assert "作废" in dlg.message.text()
    assert not dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


# ------------------------------------------------------------------ bulk and void
def test_bulk_assign_previews_then_applies(qtbot, demo_ws, to_ship):
    ss.save_rule(demo_ws, "新疆走EMS", {"provinces": ["新疆"]}, {"carrier": "EMS"})
    dlg = show(qtbot, BulkAssignDialog(demo_ws, to_ship))
    qtbot.waitUntil(lambda: not dlg.busy and dlg.model.rowCount() == len(to_ship),
                    timeout=30000)
    assert "将指定" in dlg.status.text() and dlg.apply_button.isEnabled()
    texts = {dlg.model.data(dlg.model.index(r, 6)) for r in range(dlg.model.rowCount())}
    assert "规则「新疆走EMS」" in texts and "最便宜" in texts
    tip = dlg.model.data(dlg.model.index(0, 7), Qt.ItemDataRole.ToolTipRole)
    assert "cut-off" in tip
    dlg.strategy.setCurrentIndex(dlg.strategy.findData("fastest"))
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30000)
    with qtbot.waitSignal(dlg.applied, timeout=30000) as sig:
        dlg.apply()
    assert sig.args[0].applied == len(to_ship)
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30000)
    info = assign.shipping_info(demo_ws, to_ship)
    assert {i.strategy for i in info.values()} == {"rule", "fastest"}
    dlg.close()


def test_bulk_dialog_shows_sandbox_coverage(qtbot, demo_ws):
    from tests.integration.test_waybills_platforms import add_orders

    ids = add_orders(demo_ws, "douyin", 1, province="西藏自治区", city="阿里地区",
                     district="噶尔县")
    ss.save_settings(demo_ws, carriers=["JT"])
    dlg = show(qtbot, BulkAssignDialog(demo_ws, ids))
    qtbot.waitUntil(lambda: not dlg.busy and dlg.model.rowCount() == 1, timeout=30000)
    # JT does not reach 阿里地区: nothing is offered, and the row says why
    assert not dlg.model.rows[0].applicable and not dlg.apply_button.isEnabled()
    assert "极兔" in dlg.model.data(dlg.model.index(0, 7))
    dlg.close()


def test_bulk_dialog_checks_addresses_with_the_platform(qtbot, demo_ws):
    from tests.fakes.waybill_gateway import FakeWaybillServer
    from tests.integration.test_waybills_platforms import add_orders, real_account

    ids = add_orders(demo_ws, "douyin", 2, province="西藏自治区", city="阿里地区",
                     district="噶尔县")
    ss.save_settings(demo_ws, carriers=["ZTO"])
    with FakeWaybillServer() as srv:
        real_account(demo_ws, srv, "douyin", "douyin", "ZTO")
        srv.out_of_range.add(("西藏自治区", "阿里地区"))
        dlg = show(qtbot, BulkAssignDialog(demo_ws, ids))
        qtbot.waitUntil(lambda: not dlg.busy and dlg.model.rowCount() == 2, timeout=30000)
        assert all(r.applicable for r in dlg.model.rows)  # not known yet
        dlg.check_addresses()
        qtbot.waitUntil(lambda: not dlg.busy and bool(dlg.model.range_notes), timeout=30000)
        assert set(dlg.model.range_notes) == set(ids)
        assert dlg.model.data(dlg.model.index(0, 7)).startswith("地址不可达")
        assert "地址不可达" in dlg.status.text()
        dlg.preview()  # the answer is kept: the preview now knows
        qtbot.waitUntil(lambda: not dlg.busy and bool(dlg.model.rows)
                        and not dlg.model.rows[0].applicable, timeout=30000)
        assert "does not deliver" in dlg.model.rows[0].problem
        assert len(srv.calls("douyin", "logistics.getOutRange")) == 1
        dlg.close()


def test_void_dialog_needs_a_reason(qtbot, demo_ws, to_ship):
    allocate_waybills(demo_ws, to_ship[:2])
    dlg = show(qtbot, VoidWaybillDialog(demo_ws, to_ship[:2]))
    assert not dlg.void() and "原因" in dlg.status.text()
    dlg.reason.setCurrentText("打错面单")
    with qtbot.waitSignal(dlg.voided) as sig:
        assert dlg.void()
    assert sig.args[0].cancelled == 2


# ------------------------------------------------------------------ the hook
class FakeWindow(QWidget):
    def __init__(self, ws):
        super().__init__()
        self.ws = ws
        self.handler = None
        self.pages = []
        self.refreshed = 0

    def set_assign_handler(self, handler):
        self.handler = handler

    def add_settings_page(self, title, widget):
        self.pages.append((title, widget))
        return len(self.pages) - 1

    def refresh(self):
        self.refreshed += 1


def test_install_wires_the_assign_handler_and_settings(qtbot, demo_ws, to_ship):
    win = FakeWindow(demo_ws)
    qtbot.addWidget(win)
    widget = install(win)
    qtbot.addWidget(widget)
    assert win.handler is open_assign and win.pages[0][0] == "快递与规则"
    one = win.handler(win, to_ship[:1])
    assert isinstance(one, ShippingPickerDialog)
    one.reject()
    many = win.handler(win, to_ship[:5])
    assert isinstance(many, BulkAssignDialog)
    qtbot.waitUntil(lambda: not many.busy and many.model.rowCount() == 5, timeout=30000)
    with qtbot.waitSignal(many.applied, timeout=30000):
        many.apply()
    qtbot.waitUntil(lambda: win.refreshed == 1, timeout=5000)
    qtbot.waitUntil(lambda: not many.busy, timeout=30000)
    many.close()


def test_install_on_the_real_main_window(qtbot, make_window):
    win = make_window()
    if not hasattr(win, "set_assign_handler"):
        pytest.skip("this main window has no hooks yet")
    install(win)
    assert win._assign_handler is open_assign
