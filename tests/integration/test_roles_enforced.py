"""Roles are enforced by the services, not only by the UI: a packer logged in at a station
(or a script using the CLI/services as one) cannot void waybills, change shipping or
e-waybill settings, the sender, the platform app, the saved printers, nor reveal a
receiver through the platform. Reads stay open to everyone; the owner may do it all."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from app.services import accounts as acc
from app.services import operators, platform_orders, printers, setup
from app.services import shipping_settings as ss
from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.waybills import allocate_waybills, cancel_waybills
from app.store.models import Parcel, WaybillAccount

SENDER = setup.Sender("小鹿的零食铺", "13800001234", "浙江省", "杭州市", "余杭区", "文一西路1号")


@pytest.fixture
def shop(ws, douyin_csv):
    """A shop with orders, numbers, a rule, a card, a preset, a printer and an account;
    then an owner and a packer, and the packer at the desk."""
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=6)
    assert allocate_waybills(ws, ids).allocated == len(ids)
    rule = ss.save_rule(ws, "新疆走EMS", {"provinces": ["新疆"]}, {"carrier": "EMS"})
    card = ss.save_rate_card(ws, "ZTO", [{"zone": "*", "first_g": 1000, "first_fen": 200,
                                          "step_g": 1000, "step_fen": 100}])
    ss.save_preset(ws, "小盒", 50)
    printers.save_printer(ws, printers.PrinterConfig(name="Zebra", kind="tcp",
                                                     host="127.0.0.1", port=9100))
    account = acc.save_account(ws, acc.AccountInput("douyin", "YTO", "sandbox"))
    operators.add_operator(ws, "老板", "owner", pin="8888")
    operators.add_operator(ws, "小张", "packer", pin="1234")
    operators.login(ws, "小张", "1234")
    return {"ws": ws, "orders": ids, "rule": rule, "card": card, "account": account}


Guarded = Callable[[dict], object]

#: every guarded call: (what it is, the action it needs, the call)
GUARDED: list[tuple[str, str, Guarded]] = [
    ("void waybills", "cancel",
     lambda c: cancel_waybills(c["ws"], c["orders"][:1], "买家改地址")),
    ("shipping switches", "settings",
     lambda c: ss.save_settings(c["ws"], default_strategy="fastest")),
    ("carriers in use", "settings",
     lambda c: ss.save_settings(c["ws"], carriers=["ZTO", "SF"])),
    ("save a rule", "settings",
     lambda c: ss.save_rule(c["ws"], "鸡蛋顺丰", {"skus": ["EGG-*"]}, {"carrier": "SF"})),
    ("move a rule", "settings", lambda c: ss.move_rule(c["ws"], c["rule"], 1)),
    ("delete a rule", "settings", lambda c: ss.delete_rule(c["ws"], c["rule"])),
    ("save a rate card", "settings",
     lambda c: ss.save_rate_card(c["ws"], "ZTO", [{"zone": "*", "first_g": 1000,
                                                   "first_fen": 300, "step_g": 1000,
                                                   "step_fen": 100}])),
    ("delete a rate card", "settings", lambda c: ss.delete_rate_card(c["ws"], c["card"])),
    ("SKU weights", "settings", lambda c: ss.set_sku_weights(c["ws"], {"FD-1": 120})),
    ("save a preset", "settings", lambda c: ss.save_preset(c["ws"], "大箱", 300)),
    ("delete a preset", "settings", lambda c: ss.delete_preset(c["ws"], "小盒")),
    ("save an e-waybill account", "settings",
     lambda c: acc.save_account(c["ws"], acc.AccountInput("douyin", "STO", "sandbox"))),
    ("disable an account", "settings",
     lambda c: acc.set_enabled(c["ws"], c["account"], False)),
    ("delete an account", "settings", lambda c: acc.delete_account(c["ws"], c["account"])),
    ("sender", "settings", lambda c: setup.save_sender(c["ws"], SENDER)),
    ("shop name", "settings", lambda c: setup.save_shop_name(c["ws"], "小鹿的零食铺")),
    ("default carrier", "settings", lambda c: setup.set_default_carrier(c["ws"], "YTO")),
    ("sandbox accounts", "settings",
     lambda c: setup.enable_sandbox_accounts(c["ws"], ["JT"], ["douyin"])),
    ("platform app credentials", "settings",
     lambda c: platform_orders.configure_platform_app(
         c["ws"], shop_name="抖店一号", platform="douyin", app_key="k", secret="s",
         access_token="t")),
    ("reveal receivers", "reveal",
     lambda c: platform_orders.reveal_receivers(c["ws"], c["orders"][:2],
                                                reason="顺丰面单需要明文")),
    ("save a printer", "settings",
     lambda c: printers.save_printer(c["ws"], printers.PrinterConfig(
         name="TSC", kind="tcp", host="127.0.0.2", port=9100))),
    ("default printer", "settings",
     lambda c: printers.set_default_printer(c["ws"], "Zebra")),
    ("delete a printer", "settings", lambda c: printers.delete_printer(c["ws"], "Zebra")),
]


def _ids(cases: list[tuple[str, str, Guarded]]) -> list[str]:
    return [name for name, _, _ in cases]


@pytest.mark.parametrize("name,action,call", GUARDED, ids=_ids(GUARDED))
def test_a_packer_is_refused(shop, name, action, call):
    ws = shop["ws"]
    assert operators.role_of(ws) == "packer"
    with pytest.raises(operators.PermissionDenied) as got:
        call(shop)
    assert got.value.action == action and got.value.operator == "小张"
    assert "owner" in str(got.value)


@pytest.mark.parametrize("name,action,call", GUARDED, ids=_ids(GUARDED))
def test_nobody_logged_in_is_refused(shop, name, action, call):
    operators.logout(shop["ws"])
    with pytest.raises(operators.PermissionDenied, match="log in"):
        call(shop)


@pytest.mark.parametrize("name,action,call", GUARDED, ids=_ids(GUARDED))
def test_the_owner_may(shop, name, action, call):
    operators.login(shop["ws"], "老板", "8888")
    call(shop)


def test_a_refused_call_changes_nothing(shop):
    ws = shop["ws"]
    with ws.read() as s:
        before = sorted(s.execute(select(Parcel.id, Parcel.waybill_no, Parcel.state)).all())
        accounts_before = s.scalar(select(WaybillAccount.settings)
                                   .where(WaybillAccount.id == shop["account"]))
    for _name, _action, call in GUARDED:
        with pytest.raises(operators.PermissionDenied):
            call(shop)
    with ws.read() as s:
        assert sorted(s.execute(select(Parcel.id, Parcel.waybill_no, Parcel.state)).all()) \
            == before
        assert s.scalar(select(WaybillAccount.settings)
                        .where(WaybillAccount.id == shop["account"])) == accounts_before
    assert [r.id for r in ss.list_rules(ws)] == [shop["rule"]]
    assert [p.name for p in printers.list_printers(ws)] == ["Zebra"]
    assert setup.get_sender(ws) != SENDER


def test_a_packer_still_reads_and_does_the_packing_work(shop):
    ws = shop["ws"]
    assert ss.get_settings(ws).carriers
    assert ss.list_rules(ws) and ss.list_presets(ws)
    assert any(not v.is_default for v in ss.list_rate_cards(ws))
    assert ss.list_sku_weights(ws) == []
    assert acc.list_accounts(ws)
    assert printers.list_printers(ws) and printers.get_printer(ws, "Zebra")
    setup.get_sender(ws)
    setup.default_carrier(ws)
    # allocating is a packer's job
    more = select_order_ids(ws, status="to_ship", limit=8)[6:]
    assert allocate_waybills(ws, more).allocated == len(more)
