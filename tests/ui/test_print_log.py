"""「打印记录」: a batch cut off by a TCP 9100 listener that dies mid-way, resumed from the
dialog (every label exactly once), reprint with confirmation, picking list and slips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from sqlalchemy import select

from app.printing.tcp9100 import RawTcpPrinter
from app.services import printers
from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.print_labels import PrintError, print_labels
from app.services.waybills import allocate_waybills
from app.store.models import Parcel, PrintJob, PrintJobItem
from app.ui.print_log import PrintJobsDialog, install
from tests.integration.test_printing_tcp import FakePrinter, waybills
from tests.ui.helpers import shot_dir

WAIT = 30000


@pytest.fixture
def allocated(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=12)
    allocate_waybills(ws, ids)
    return ids


def _numbers(ws, ids):
    with ws.read() as s:
        return [s.scalar(select(Parcel.waybill_no).where(Parcel.order_id == i))
                for i in sorted(ids)]


def _interrupted(ws, ids, kill_after=3):
    fake = FakePrinter(kill_after=kill_after)
    with pytest.raises(PrintError, match="resume"):
        print_labels(ws, ids, printer=RawTcpPrinter("127.0.0.1", fake.port, timeout=5),
                     fmt="zpl", pick_order="import")
    fake.wait()
    return fake, waybills(fake.labels)


def _dialog(qtbot, ws):
    dlg = PrintJobsDialog(ws)
    qtbot.addWidget(dlg)
    dlg.resize(1100, 680)
    dlg.show()
    return dlg


def test_interrupted_job_resumed_from_the_dialog_prints_each_label_once(qtbot, ws, allocated):
    fake, first = _interrupted(ws, allocated)
    assert 3 <= len(first) < len(allocated)
    back = FakePrinter(port=fake.port)  # the printer is back at its address
    printers.save_printer(ws, printers.PrinterConfig(name="热敏", kind="tcp", host="127.0.0.1",
                                                     port=back.port, language="zpl"))
    printers.save_printer(ws, printers.PrinterConfig(name="TSPL 机", kind="tcp",
                                                     host="127.0.0.1", port=1, language="tspl"))
    printers.set_default_printer(ws, "热敏")
    dlg = _dialog(qtbot, ws)
    assert dlg.jobs.rowCount() == 1
    assert dlg.jobs.item(0, 6).text() == "中断"
    assert dlg.jobs.item(0, 5).text() == f"{len(first)}/{len(allocated)}"
    states = [dlg.items.item(r, 3).text() for r in range(dlg.items.rowCount())]
    assert states == ["已发送"] * len(first) + ["失败"] * (len(allocated) - len(first))
    assert dlg.resume_button.isEnabled()
    assert dlg.printer.currentData() == "热敏"  # the default label printer
    # a TSPL printer cannot finish a ZPL job
    dlg.printer.setCurrentIndex(dlg.printer.findData("TSPL 机"))
    assert not dlg.resume_selected()
    assert "ZPL" in dlg.status.text()
    dlg.printer.setCurrentIndex(dlg.printer.findData("热敏"))
    dlg.status.setText("")
    assert dlg.grab().save(str(shot_dir() / "print_log.png"))
    with qtbot.waitSignal(dlg.taskFinished, timeout=WAIT) as blocker:
        assert dlg.resume_selected()
        assert dlg.stop_button.isEnabled() and not dlg.resume_button.isEnabled()
    back.wait()
    assert blocker.args[0], blocker.args[1]
    assert first + waybills(back.labels) == _numbers(ws, allocated)  # each exactly once
    assert dlg.jobs.item(0, 6).text() == "完成"
    assert dlg.jobs.item(0, 5).text() == f"{len(allocated)}/{len(allocated)}"
    assert not dlg.resume_button.isEnabled()
    with ws.read() as s:
        assert s.scalar(select(PrintJob)).state == "done"
        assert all(i.state == "sent" for i in s.scalars(select(PrintJobItem)))
        assert all(p.print_count == 1 for p in s.scalars(
            select(Parcel).where(Parcel.order_id.in_(allocated))))

    # reprint two labels: asks first, logs them as reprints
    again = FakePrinter()
    printers.save_printer(ws, printers.PrinterConfig(name="热敏", kind="tcp", host="127.0.0.1",
                                                     port=again.port, language="zpl"))
    dlg.reload()
    dlg.items.selectRow(0)
    sel = dlg.items.selectionModel()
    sel.select(dlg.items.model().index(1, 0), QItemSelectionModel.SelectionFlag.Select
               | QItemSelectionModel.SelectionFlag.Rows)
    assert len(dlg.selected_items()) == 2
    asked = []
    dlg.confirm_reprint = lambda n: asked.append(n) or False  # the packer says no
    assert not dlg.reprint_selected()
    assert asked == [2]
    dlg.confirm_reprint = lambda n: True
    with qtbot.waitSignal(dlg.taskFinished, timeout=WAIT) as blocker:
        assert dlg.reprint_selected()
    again.wait()
    assert blocker.args[0], blocker.args[1]
    assert waybills(again.labels) == _numbers(ws, allocated)[:2]
    assert dlg.jobs.rowCount() == 2
    assert dlg.selected_job().reprint and dlg.jobs.item(0, 7).text() == "重打"
    assert [dlg.items.item(r, 4).text() for r in range(2)] == ["重打", "重打"]
    with ws.read() as s:
        counts = sorted(p.print_count for p in s.scalars(
            select(Parcel).where(Parcel.order_id.in_(allocated))))
        assert counts == [1] * (len(allocated) - 2) + [2, 2]


def test_resume_on_a_printer_still_off_stays_resumable(qtbot, ws, allocated):
    fake, first = _interrupted(ws, allocated, kill_after=2)
    printers.save_printer(ws, printers.PrinterConfig(name="关机", kind="tcp", host="127.0.0.1",
                                                     port=fake.port, timeout=1))
    dlg = _dialog(qtbot, ws)
    with qtbot.waitSignal(dlg.taskFinished, timeout=WAIT) as blocker:
        assert dlg.resume_selected()
    ok, text = blocker.args
    assert not ok and f"127.0.0.1:{fake.port}" in text and "打印机" in text
    assert dlg.jobs.item(0, 6).text() == "中断" and dlg.resume_button.isEnabled()
    with ws.read() as s:
        assert sum(p.printed_at is not None for p in s.scalars(select(Parcel))) == len(first)


def test_picking_list_and_packing_slips_of_a_job(qtbot, ws, allocated, tmp_path):
    print_labels(ws, allocated, out=tmp_path / "labels.pdf", fmt="pdf")
    dlg = _dialog(qtbot, ws)
    with qtbot.waitSignal(dlg.taskFinished, timeout=WAIT) as blocker:
        assert dlg.picking_list(tmp_path / "pick.pdf")
    assert blocker.args[0] and "拣货单已保存" in blocker.args[1]
    with qtbot.waitSignal(dlg.taskFinished, timeout=WAIT) as blocker:
        assert dlg.packing_slips(tmp_path / "slips.pdf")
    assert blocker.args[0] and f"（{len(allocated)} 张）" in blocker.args[1]
    for name in ("pick.pdf", "slips.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")


def test_install_adds_print_log_to_the_print_menu(qtbot, window):
    act = install(window)
    menus = {a.text(): a.menu() for a in window.menuBar().actions() if a.menu()}
    assert act in menus["打印(&P)"].actions()
    act.trigger()
    dlg = window.print_log_dialog
    assert dlg.isVisible() and dlg.windowTitle() == "打印记录"
    act.trigger()
    assert window.print_log_dialog is dlg
    dlg.close()
