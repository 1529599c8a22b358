"""Scan-to-print: resolve, check, number, print once; scan-to-verify; wedge scanners."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import packing
from app.services.orders import ViewQuery, list_view
from app.services.packing import Verifier, parse_slip, slip_code
from app.ui.packing import PackingWindow, WedgeDetector
from tests.ui.helpers import allocate

WAIT = 30000


@pytest.fixture
def pack(qtbot, demo_ws, settings, tmp_path):
    settings.setValue("printer/folder", str(tmp_path / "labels"))
    w = PackingWindow(demo_ws, settings, verify=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    yield w
    w.runner.wait(WAIT)


def _pdfs(tmp_path):
    return sorted((tmp_path / "labels").rglob("*.pdf"))


def _scan(qtbot, w, code, source="scanner"):
    w.handle_code(code, source)
    qtbot.waitUntil(lambda: not w.busy, timeout=WAIT)
    return w.last_feedback


def _to_ship(ws, **kw):
    rows = list_view(ws, ViewQuery(status="to_ship"), 0, 500)
    return [r for r in rows if all(getattr(r, k) == v for k, v in kw.items())]


def test_slip_codes_check_their_digit():
    assert slip_code(42) == "SD422" and parse_slip("SD422") == 42
    assert parse_slip("sd422") == 42
    assert parse_slip("SD423") is None and parse_slip("42") is None
    assert all(parse_slip(slip_code(n)) == n for n in (1, 9, 10, 12345, 999999))


def test_scan_prints_at_once_numbering_first(qtbot, pack, demo_ws, tmp_path):
    order = _to_ship(demo_ws, waybill_no="")[0]
    fb = _scan(qtbot, pack, order.platform_order_id)
    assert fb.kind == "ok" and fb.reason == packing.OK
    res = pack.last_result
    assert res.ok and res.allocated and res.waybill_no
    assert len(_pdfs(tmp_path)) == 1 and _pdfs(tmp_path)[0].read_bytes().startswith(b"%PDF")
    assert pack.printed_count == 1 and "1" in pack.count_label.text()
    assert pack.feedback.property("kind") == "ok"
    # scanned again (by its waybill now): refused, never a silent second label
    fb = _scan(qtbot, pack, res.waybill_no)
    assert fb.kind == "error" and fb.reason == packing.ALREADY_PRINTED
    assert "F9" in fb.detail and len(_pdfs(tmp_path)) == 1
    assert pack.reprint_button.isEnabled()
    # F9: an explicit reprint
    pack.reprint_last()
    qtbot.waitUntil(lambda: not pack.busy, timeout=WAIT)
    assert pack.last_feedback.kind == "ok" and pack.last_result.reprinted
    assert len(_pdfs(tmp_path)) == 2
    assert not pack.reprint_button.isEnabled()


def test_slip_and_waybill_codes_resolve(qtbot, pack, demo_ws, window):
    [oid] = allocate(qtbot, window, 1)
    target = packing.resolve_code(demo_ws, slip_code(oid))
    assert target.via == "slip" and target.target.order_id == oid
    by_waybill = packing.resolve_code(demo_ws, target.target.waybill_no.lower())
    assert by_waybill.via == "waybill" and by_waybill.target.order_id == oid
    fb = _scan(qtbot, pack, slip_code(oid))
    assert fb.kind == "ok" and not pack.last_result.allocated


@pytest.mark.parametrize("status,reason", [("cancelled", packing.CANCELLED),
                                           ("refunded", packing.REFUNDED)])
def test_stopped_orders_are_refused(qtbot, pack, demo_ws, tmp_path, status, reason):
    rows = list_view(demo_ws, ViewQuery(status=status), 0, 1)
    fb = _scan(qtbot, pack, rows[0].platform_order_id)
    assert fb.kind == "error" and fb.reason == reason and "不要发货" in fb.title
    assert _pdfs(tmp_path) == []


def test_unknown_code(qtbot, pack, tmp_path):
    fb = _scan(qtbot, pack, "NOPE12345")
    assert fb.kind == "error" and fb.reason == packing.NOT_FOUND
    assert pack.history.item(0).text().endswith("找不到这个单号")


def test_no_auto_numbering_refuses_with_reason(qtbot, demo_ws, settings, tmp_path):
    settings.setValue("packing/autoAllocate", "0")
    settings.setValue("printer/folder", str(tmp_path / "labels"))
    w = PackingWindow(demo_ws, settings, verify=False)
    qtbot.addWidget(w)
    fb = _scan(qtbot, w, _to_ship(demo_ws, waybill_no="")[0].platform_order_id)
    assert fb.reason == packing.ALLOCATE_FAILED and "自动取号" in fb.detail
    assert _pdfs(tmp_path) == []


def test_verify_blocks_until_every_item_is_scanned(qtbot, pack, demo_ws, tmp_path):
    pack.verify_check.setChecked(True)
    order = next(r for r in _to_ship(demo_ws, waybill_no="") if r.item_count >= 2)
    fb = _scan(qtbot, pack, order.platform_order_id)
    assert fb.kind == "verify" and pack.current is not None
    items = pack.current.items
    assert all(i.sku for i in items)
    # a wrong item is refused, nothing prints
    fb = _scan(qtbot, pack, "NOT-A-SKU")
    assert fb.kind == "error" and fb.reason == packing.WRONG_ITEM and "还差" in fb.detail
    assert _pdfs(tmp_path) == []
    codes = [i.sku for i in items for _ in range(i.qty)]
    for code in codes[:-1]:
        fb = _scan(qtbot, pack, code)
        assert fb.kind == "verify" and _pdfs(tmp_path) == []
    # one too many of a complete line
    first = items[0]
    if codes.count(first.sku) == sum(1 for c in codes[:-1] if c == first.sku):
        fb = _scan(qtbot, pack, first.sku)
        assert fb.reason == packing.TOO_MANY
    fb = _scan(qtbot, pack, codes[-1])
    assert fb.kind == "ok" and len(_pdfs(tmp_path)) == 1
    assert pack.current is None


def test_verify_abandon_and_switching_orders_print_nothing(qtbot, pack, demo_ws, tmp_path):
    pack.verify_check.setChecked(True)
    a, b = [r for r in _to_ship(demo_ws, waybill_no="") if r.item_count][:2]
    _scan(qtbot, pack, a.platform_order_id)
    assert pack.current.order_id == a.id
    fb = _scan(qtbot, pack, b.platform_order_id)  # another order: the first is put aside
    assert fb.kind == "verify" and pack.current.order_id == b.id and a.platform_order_id in fb.detail
    pack.abandon()
    assert pack.current is None and pack.last_feedback.reason == packing.MISSING_ITEMS
    assert _pdfs(tmp_path) == []


def test_verifier_counts_and_uncoded_items():
    items = (packing.ExpectedItem("A-1", "苹果", "", 2), packing.ExpectedItem("", "赠品", "", 1))
    v = Verifier(items)
    assert [n for _i, n in v.missing()] == [2, 1]
    assert v.scan("a-1").ok and v.scan("A-1").ok
    assert v.scan("A-1").reason == packing.TOO_MANY
    assert v.scan("B").reason == packing.WRONG_ITEM
    assert not v.complete and v.confirm_uncoded() == 1 and v.complete


def test_wedge_detector_tells_scanner_from_typing():
    d = WedgeDetector()
    t = 10.0
    for _ in "7568865532228085000":
        t += 0.008
        d.key(t)
    assert d.enter("7568865532228085000", t + 0.01) == ("7568865532228085000", "scanner")
    # slow hand typing
    for n, _ in enumerate("SD422"):
        d.key(20.0 + n * 0.3)
    assert d.enter("SD422", 21.6) == ("SD422", "keyboard")
    # stray hand-typed text, then a burst: only the burst counts
    d.key(30.0)
    d.key(30.4)
    t = 31.0
    for _ in "78431850000000":
        t += 0.005
        d.key(t)
    assert d.enter("ab78431850000000", t + 0.005) == ("78431850000000", "scanner")


def test_keyboard_wedge_through_the_field(qtbot, pack, demo_ws, tmp_path):
    seen = []
    pack.scan_field.scanned.connect(lambda code, source: seen.append((code, source)))
    order = _to_ship(demo_ws, waybill_no="")[0]
    qtbot.keyClicks(pack.scan_field, order.platform_order_id)
    qtbot.keyClick(pack.scan_field, Qt.Key.Key_Return)
    assert seen and seen[0][0] == order.platform_order_id
    assert pack.scan_field.text() == ""
    qtbot.waitUntil(lambda: not pack.busy, timeout=WAIT)
    assert pack.last_feedback.kind == "ok"


def test_focus_goes_back_to_the_scan_field(qtbot, pack):
    pack.activateWindow()
    qtbot.waitUntil(lambda: pack.scan_field.hasFocus(), timeout=3000)
    pack.items.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    pack.items.setFocus()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: pack.scan_field.hasFocus(), timeout=3000)
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus
               for b in (pack.reprint_button, pack.exit_button, pack.confirm_button))


def test_scans_during_a_print_are_queued(qtbot, pack, demo_ws, tmp_path):
    a, b = _to_ship(demo_ws, waybill_no="")[:2]
    pack.handle_code(a.platform_order_id)
    assert pack.busy
    pack.handle_code(b.platform_order_id)
    qtbot.waitUntil(lambda: pack.printed_count == 2 and not pack.busy, timeout=WAIT)
    assert len(_pdfs(tmp_path)) == 2


def test_window_opens_packing_full_screen(qtbot, window, settings, tmp_path):
    settings.setValue("printer/folder", str(tmp_path / "labels"))
    w = window.open_packing()
    assert w.isFullScreen() and w.size == window.label_size()
    assert window.open_packing() is w
    w.close()
