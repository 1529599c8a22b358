"""Every package-centre rule firing and resolving, the intercept alert, the life cycle."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.services import alerts
from app.services.alerts import evaluate_alerts, list_alerts
from app.store.models import AuditLog
from app.store.models_tracking import Alert
from app.tracking.model import SHANGHAI
from tests.integration.test_tracking_service_fixtures import T0, Clock, Shipments, open_ws


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def aws(tmp_path, clock):
    w = open_ws(tmp_path, clock)
    yield w
    w.close()


@pytest.fixture
def b(aws):
    return Shipments(aws)


def active(ws, rule=None):
    return {(a.rule, a.subject): a for a in list_alerts(ws, "active", rule=rule or "")}


def one(ws, rule):
    found = list_alerts(ws, "all", rule=rule)
    assert len(found) == 1, found
    return found[0]


def far_ship_by(clock):
    return clock() + timedelta(days=5)


# -- 打单后未揽收 ---------------------------------------------------------------------------------


def test_not_picked_up_fires_after_24_hours_and_resolves_on_pickup(aws, b, clock):
    oid, pid = b.shipment(printed_at=T0, ship_by=T0 + timedelta(days=5))
    clock.t = T0 + timedelta(hours=23, minutes=59)
    assert evaluate_alerts(aws).opened == 0
    clock.t = T0 + timedelta(hours=24, minutes=1)
    s = evaluate_alerts(aws)
    assert s.opened == 1 and s.by_rule == {"not_picked_up": 1}
    a = one(aws, "not_picked_up")
    assert a.state == "open" and a.severity == "warning" and a.parcel_id == pid
    assert "24 小时" in a.reason and a.waybill_no in a.reason and "揽收" in a.action
    assert a.due_at == T0 + timedelta(hours=24)
    b.track(pid, status="picked_up", picked_up_at=clock(), last_event_at=clock())
    s = evaluate_alerts(aws)
    assert s.resolved == 1
    a = one(aws, "not_picked_up")
    assert a.state == "resolved" and a.resolved_by == "auto"


def test_the_pickup_threshold_is_a_setting(aws, b, clock):
    b.shipment(printed_at=T0, ship_by=T0 + timedelta(days=5))
    alerts.set_alert_setting(aws, "pickup_hours", "48")
    clock.t = T0 + timedelta(hours=30)
    assert evaluate_alerts(aws).opened == 0
    clock.t = T0 + timedelta(hours=49)
    assert evaluate_alerts(aws).by_rule == {"not_picked_up": 1}
    assert "48 小时" in one(aws, "not_picked_up").reason
    with pytest.raises(ValueError, match="a number"):
        alerts.set_alert_setting(aws, "pickup_hours", "soon")
    with pytest.raises(ValueError, match="unknown alert setting"):
        alerts.set_alert_setting(aws, "pickup", "3")


def test_cancelled_orders_raise_no_pickup_alert_but_an_intercept(aws, b, clock):
    b.shipment(printed_at=T0, status="cancelled", flagged_reason="cancelled_after_print")
    clock.t = T0 + timedelta(hours=30)
    s = evaluate_alerts(aws)
    assert s.by_rule == {"intercept": 1}


# -- 揽收后无更新 ---------------------------------------------------------------------------------


def test_no_scan_for_24_hours_after_pickup_fires_and_a_new_scan_resolves(aws, b, clock):
    _, pid = b.shipment(printed_at=T0, ship_by=far_ship_by(clock))
    picked = T0 + timedelta(hours=3)
    b.track(pid, status="picked_up", picked_up_at=picked, last_event_at=picked,
            last_event_text="【杭州市】已揽收")
    clock.t = picked + timedelta(hours=23)
    assert evaluate_alerts(aws).by_rule == {}
    clock.t = picked + timedelta(hours=25)
    assert evaluate_alerts(aws).by_rule == {"stalled": 1}
    a = one(aws, "stalled")
    assert "揽收后一直没有发出" in a.reason and a.due_at == picked + timedelta(hours=24)
    b.track(pid, status="in_transit", last_event_at=clock() - timedelta(minutes=10),
            last_event_text="【杭州市】快件已发往【杭州转运中心】")
    assert evaluate_alerts(aws).resolved == 1
    assert one(aws, "stalled").state == "resolved"
    # quiet again for a day in transit: it comes back, with the last scan named
    clock.advance(hours=26)
    s = evaluate_alerts(aws)
    assert s.reopened == 1
    a = one(aws, "stalled")
    assert a.state == "open" and a.fire_count == 2 and "杭州转运中心" in a.reason


def test_a_parcel_waiting_in_a_locker_is_not_stalled(aws, b, clock):
    _, pid = b.shipment(printed_at=T0, ship_by=far_ship_by(clock))
    b.track(pid, status="available_for_pickup", picked_up_at=T0 + timedelta(hours=2),
            last_event_at=T0 + timedelta(hours=20), flag="locker")
    clock.t = T0 + timedelta(hours=60)
    assert "stalled" not in evaluate_alerts(aws).by_rule


# -- 即将超时 / 已超时 ------------------------------------------------------------------------------


def test_ship_by_approaching_then_breached_then_resolved_by_pickup(aws, b, clock):
    deadline = T0 + timedelta(hours=30)
    oid = b.order(ship_by=deadline, paid_at=T0)
    clock.t = deadline - timedelta(hours=6, minutes=1)
    assert evaluate_alerts(aws).by_rule == {}
    clock.t = deadline - timedelta(hours=5)
    s = evaluate_alerts(aws)
    assert s.by_rule == {"ship_by_soon": 1} and s.new_urgent_ids == []
    soon = one(aws, "ship_by_soon")
    assert soon.order_id == oid and soon.due_at == deadline and "承诺发货时间" in soon.reason
    clock.t = deadline + timedelta(minutes=1)
    s = evaluate_alerts(aws)
    assert s.by_rule == {"ship_by_breached": 1} and s.resolved == 1
    breached = one(aws, "ship_by_breached")
    assert breached.severity == "urgent" and s.new_urgent_ids == [breached.id]
    assert one(aws, "ship_by_soon").state == "resolved"
    # printed late and picked up: the condition clears
    pid = b.parcel(oid, printed_at=clock())
    b.track(pid, status="picked_up", picked_up_at=clock() + timedelta(hours=1),
            last_event_at=clock() + timedelta(hours=1))
    clock.advance(hours=2)
    evaluate_alerts(aws)
    assert one(aws, "ship_by_breached").state == "resolved"


def test_without_a_ship_by_time_paid_plus_48_hours_counts(aws, b, clock):
    paid = T0
    b.order(ship_by=None, paid_at=paid)
    clock.t = paid + timedelta(hours=43)
    assert evaluate_alerts(aws).by_rule == {"ship_by_soon": 1}
    assert "付款后 48 小时" in one(aws, "ship_by_soon").reason
    clock.t = paid + timedelta(hours=48, seconds=1)
    assert evaluate_alerts(aws).by_rule == {"ship_by_breached": 1}
    alerts.set_alert_setting(aws, "ship_by_default_hours", "72")
    assert evaluate_alerts(aws).by_rule == {}  # the deadline moved out of sight
    assert one(aws, "ship_by_breached").state == "resolved"


def test_a_cancelled_order_no_longer_has_a_ship_by_alert(aws, b, clock):
    oid = b.order(ship_by=T0 + timedelta(hours=1), paid_at=T0 - timedelta(days=1))
    clock.t = T0 + timedelta(hours=2)
    assert evaluate_alerts(aws).by_rule == {"ship_by_breached": 1}
    b.set_order(oid, status="cancelled")
    assert evaluate_alerts(aws).resolved == 1


def test_ship_by_warning_hours_are_a_setting(aws, b, clock):
    b.order(ship_by=T0 + timedelta(hours=10), paid_at=T0 - timedelta(hours=30))
    clock.t = T0
    assert evaluate_alerts(aws).by_rule == {}
    alerts.set_alert_setting(aws, "ship_by_warn_hours", "12")
    assert evaluate_alerts(aws).by_rule == {"ship_by_soon": 1}


# -- 极速达截单 -------------------------------------------------------------------------------------


def test_sameday_cutoff_missed_uses_the_regions_cutoff(tmp_path, clock):
    ws = open_ws(tmp_path, clock)
    b = Shipments(ws, sender_province="上海市", sender_city="上海市", shop_name="沪店")
    paid = datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI)  # before Shanghai's 10:30 cut-off
    oid = b.order(paid_at=paid, ship_by=paid + timedelta(days=2), province="上海市",
                  city="上海市")
    pid = b.parcel(oid, carrier="SF", tier="sameday", printed_at=paid + timedelta(minutes=20))
    deadline = datetime(2026, 11, 20, 13, 30, tzinfo=SHANGHAI)  # 10:30 + 3 h
    clock.t = deadline - timedelta(minutes=1)
    assert "sameday_missed" not in evaluate_alerts(ws).by_rule
    clock.t = deadline + timedelta(minutes=1)
    assert evaluate_alerts(ws).by_rule.get("sameday_missed") == 1
    a = one(ws, "sameday_missed")
    assert a.severity == "urgent" and a.due_at == deadline
    assert "上海市截单时间 10:30" in a.reason
    b.track(pid, status="picked_up", picked_up_at=clock(), last_event_at=clock())
    evaluate_alerts(ws)
    assert one(ws, "sameday_missed").state == "resolved"
    ws.close()


def test_sameday_paid_after_the_cutoff_is_due_the_next_day(tmp_path, clock):
    ws = open_ws(tmp_path, clock)
    b = Shipments(ws, sender_province="上海市", sender_city="上海市", shop_name="沪店")
    paid = datetime(2026, 11, 20, 11, 0, tzinfo=SHANGHAI)  # after 10:30
    oid = b.order(paid_at=paid, ship_by=paid + timedelta(days=2), province="上海市",
                  city="上海市")
    b.parcel(oid, carrier="SF", tier="sameday", printed=False)  # not even printed yet
    clock.t = datetime(2026, 11, 21, 13, 29, tzinfo=SHANGHAI)
    assert "sameday_missed" not in evaluate_alerts(ws).by_rule
    clock.t = datetime(2026, 11, 21, 13, 31, tzinfo=SHANGHAI)
    assert evaluate_alerts(ws).by_rule.get("sameday_missed") == 1
    assert "尚未取号" not in one(ws, "sameday_missed").reason  # it has a number
    ws.close()


def test_sameday_outside_a_region_falls_back_to_the_cutoff_setting(aws, clock):
    b = Shipments(aws, sender_province="浙江省", sender_city="义乌市", shop_name="义乌店")
    paid = datetime(2026, 11, 20, 8, 0, tzinfo=SHANGHAI)
    oid = b.order(paid_at=paid, ship_by=paid + timedelta(days=2))
    b.parcel(oid, carrier="ZTO", tier="sameday", printed_at=paid)
    alerts.set_alert_setting(aws, "sameday_cutoff", "09:00")
    alerts.set_alert_setting(aws, "sameday_handover_hours", "1")
    clock.t = datetime(2026, 11, 20, 9, 59, tzinfo=SHANGHAI)
    assert "sameday_missed" not in evaluate_alerts(aws).by_rule
    clock.t = datetime(2026, 11, 20, 10, 1, tzinfo=SHANGHAI)
    assert evaluate_alerts(aws).by_rule.get("sameday_missed") == 1
    assert "截单时间 09:00" in one(aws, "sameday_missed").reason


# -- delivery exceptions ------------------------------------------------------------------------------


def _scanned(b, pid, when, **kw):
    b.track(pid, picked_up_at=when - timedelta(hours=20), **kw)


def test_difficult_parcel_fires_and_resolves_when_it_moves_again(aws, b, clock):
    _, pid = b.shipment(printed_at=T0, ship_by=far_ship_by(clock))
    clock.t = T0 + timedelta(days=1)
    _scanned(b, pid, clock(), status="exception", flag="bad_address", flags=",bad_address,",
             last_event_at=clock() - timedelta(hours=1),
             last_event_text="【成都市】快件为疑难件，原因：收件地址不详，收件人电话 13812345678")
    s = evaluate_alerts(aws)
    assert s.by_rule == {"delivery_exception": 1}
    a = one(aws, "delivery_exception")
    assert "疑难件" in a.reason and "13812345678" not in a.reason  # phones scrubbed
    b.track(pid, status="out_for_delivery", flag="", last_event_at=clock())
    evaluate_alerts(aws)
    assert one(aws, "delivery_exception").state == "resolved"


def test_refused_fires_until_delivered_and_is_not_doubled_by_returning(aws, b, clock):
    _, pid = b.shipment(printed_at=T0, ship_by=far_ship_by(clock))
    clock.t = T0 + timedelta(days=2)
    _scanned(b, pid, clock(), status="exception", flag="refused", flags=",refused,",
             last_event_at=clock(), last_event_text="收件人拒收")
    assert evaluate_alerts(aws).by_rule == {"refused": 1}
    b.track(pid, status="returning", flag="", last_event_at=clock(),
            last_event_text="退回件已发往杭州转运中心")
    assert evaluate_alerts(aws).by_rule == {"refused": 1}  # still refused, not a 2nd alert
    a = one(aws, "refused")
    assert a.severity == "urgent" and a.state == "open"
    b.track(pid, status="delivered", last_event_at=clock())  # the buyer took it after all
    evaluate_alerts(aws)
    assert one(aws, "refused").state == "resolved"


def test_returning_fires_and_stays_until_the_seller_resolves_it(aws, b, clock):
    _, pid = b.shipment(printed_at=T0, ship_by=far_ship_by(clock))
    clock.t = T0 + timedelta(days=3)
    _scanned(b, pid, clock(), status="returning", flag="intercepted", flags=",intercepted,",
             last_event_at=clock(), returned_at=clock(), last_event_text="快件已被拦截")
    assert evaluate_alerts(aws).by_rule == {"returning": 1}
    b.track(pid, status="returned", final=True, last_event_at=clock() + timedelta(hours=30))
    clock.advance(days=2)
    evaluate_alerts(aws)
    a = one(aws, "returning")
    assert a.state == "open" and "已退回签收" in a.reason
    alerts.resolve(aws, [a.id], note="退件已入库")
    assert evaluate_alerts(aws).reopened == 0  # the seller closed it: it stays closed
    a = one(aws, "returning")
    assert a.state == "resolved" and a.resolved_by == "user" and a.note == "退件已入库"


def test_locker_not_collected_fires_and_resolves_on_collection(aws, b, clock):
    _, pid = b.shipment(printed_at=T0, ship_by=far_ship_by(clock))
    clock.t = T0 + timedelta(days=4)
    _scanned(b, pid, clock(), status="exception", flag="locker_uncollected",
             flags=",locker,locker_uncollected,", last_event_at=clock(),
             last_event_text="您的快件在【丰巢智能柜】超时未取")
    assert evaluate_alerts(aws).by_rule == {"locker_uncollected": 1}  # not also 疑难
    b.track(pid, status="delivered", flag="locker", last_event_at=clock())
    evaluate_alerts(aws)
    assert one(aws, "locker_uncollected").state == "resolved"


# -- the intercept ---------------------------------------------------------------------------------------


def test_intercept_fires_for_a_printed_order_refunded_and_resolves_when_returning(aws, b, clock):
    oid, pid = b.shipment(printed_at=T0, ship_by=far_ship_by(clock))
    clock.t = T0 + timedelta(hours=2)
    assert evaluate_alerts(aws).by_rule == {}
    b.set_order(oid, status="refunded", flagged_reason="refunded_after_print")
    s = evaluate_alerts(aws)
    assert s.by_rule == {"intercept": 1}
    a = one(aws, "intercept")
    assert a.severity == "urgent" and s.new_urgent_ids == [a.id]
    assert "退款" in a.reason and "还在仓库" in a.reason and "作废面单" in a.action
    # the courier already has it: the reason says so
    b.track(pid, status="in_transit", picked_up_at=clock(), last_event_at=clock())
    evaluate_alerts(aws)
    assert "需要拦截退回" in one(aws, "intercept").reason
    b.track(pid, status="returning", flag="intercepted", flags=",intercepted,",
            last_event_at=clock(), last_event_text="快件已被寄件人拦截")
    evaluate_alerts(aws)
    assert one(aws, "intercept").state == "resolved"


def test_intercept_from_a_real_reimport(ws, douyin_csv, tmp_path):
    """Import → allocate → print → the export comes again with the order cancelled."""
    import csv
    import io

    from app.services.import_orders import import_files
    from app.services.orders import select_order_ids
    from app.services.print_labels import print_labels
    from app.services.waybills import allocate_waybills

    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=2)
    allocate_waybills(ws, ids)
    assert print_labels(ws, ids, out=tmp_path / "l.pdf").printed == 2
    with ws.read() as s:
        from app.store.models import Order

        poid = s.get(Order, ids[0]).platform_order_id
    text = douyin_csv.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    head = rows[0]
    col_id, col_status = head.index("主订单编号"), head.index("订单状态")
    for r in rows[1:]:
        if r and r[col_id] == poid:
            r[col_status] = "已取消"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    changed = tmp_path / "douyin_orders_again.csv"
    changed.write_text(out.getvalue(), encoding="utf-8-sig")
    summary = import_files(ws, [changed])
    assert summary.flagged == 1
    s = evaluate_alerts(ws)
    assert s.by_rule.get("intercept") == 1
    a = one(ws, "intercept")
    assert a.platform_order_id == poid and a.order_id == ids[0] and "取消" in a.reason


# -- the life cycle ------------------------------------------------------------------------------------


def test_acknowledged_alerts_stay_until_the_condition_clears(aws, b, clock):
    _, pid = b.shipment(printed_at=T0, ship_by=far_ship_by(clock))
    clock.t = T0 + timedelta(hours=30)
    evaluate_alerts(aws)
    a = one(aws, "not_picked_up")
    aws.operator = "打包台1"
    assert alerts.acknowledge(aws, [a.id]) == 1
    assert alerts.acknowledge(aws, [a.id]) == 0  # only open ones
    evaluate_alerts(aws)
    a = one(aws, "not_picked_up")
    assert a.state == "acknowledged" and a.acknowledged_by == "打包台1"
    assert alerts.alert_counts(aws) == {"open": 0, "acknowledged": 1, "resolved": 0,
                                        "urgent": 0}
    b.track(pid, status="picked_up", picked_up_at=clock(), last_event_at=clock())
    evaluate_alerts(aws)
    assert one(aws, "not_picked_up").state == "resolved"
    with aws.read() as s:
        actions = set(s.scalars(select(AuditLog.action)))
    assert {"alert_ack", "alerts_evaluate"} <= actions


def test_a_user_resolved_alert_comes_back_only_for_something_new(aws, b, clock):
    _, pid = b.shipment(printed_at=T0, ship_by=far_ship_by(clock))
    clock.t = T0 + timedelta(days=1)
    b.track(pid, status="exception", flag="bad_address", picked_up_at=T0 + timedelta(hours=2),
            last_event_at=clock(), last_event_text="地址不详")
    evaluate_alerts(aws)
    a = one(aws, "delivery_exception")
    alerts.resolve(aws, [a.id])
    clock.advance(hours=1)
    assert evaluate_alerts(aws).reopened == 0
    # a new exception scan: a new problem
    b.track(pid, last_event_at=clock(), last_event_text="电话无人接听")
    assert evaluate_alerts(aws).reopened == 1
    a = one(aws, "delivery_exception")
    assert a.state == "open" and a.fire_count == 2 and "电话无人接听" in a.reason


def test_old_journeys_and_deadlines_are_out_of_the_window(aws, b, clock):
    b.order(ship_by=T0 - timedelta(days=40), paid_at=T0 - timedelta(days=42))
    b.shipment(printed_at=T0 - timedelta(days=45), ship_by=T0 - timedelta(days=44))
    assert evaluate_alerts(aws).by_rule == {}


def test_lists_filter_and_order_most_urgent_first(aws, b, clock):
    oid, _ = b.shipment(printed_at=T0, ship_by=T0 + timedelta(days=5))
    b.order(ship_by=T0 + timedelta(hours=1), paid_at=T0 - timedelta(days=1))
    clock.t = T0 + timedelta(hours=30)
    evaluate_alerts(aws)
    rows = list_alerts(aws)
    assert [r.rule for r in rows] == ["ship_by_breached", "not_picked_up"]
    assert rows[0].as_dict()["fired_at"].startswith("2026-11-21")
    assert rows[0].kind == rows[0].title and rows[0].message == rows[0].reason
    assert alerts.count_alerts(aws, "open", severity="urgent") == 1
    assert list_alerts(aws, "resolved") == []
    with pytest.raises(ValueError, match="unknown alert state"):
        list_alerts(aws, "closed")
    with pytest.raises(ValueError, match="unknown alert rule"):
        list_alerts(aws, rule="late")
    with aws.read() as s:
        assert s.scalar(select(Alert.detail).limit(1))["title_en"]


def test_evaluating_twice_changes_nothing(aws, b, clock):
    b.shipment(printed_at=T0, ship_by=T0 + timedelta(hours=20))
    clock.t = T0 + timedelta(hours=30)
    first = evaluate_alerts(aws)
    again = evaluate_alerts(aws)
    assert first.opened == 2
    assert (again.opened, again.reopened, again.resolved, again.updated) == (0, 0, 0, 0)
    assert again.active == 2
