"""Printer settings stored in the workspace (JSON under the `printers` setting)."""

import json

import pytest

from app.printing.cups import CupsPrinter
from app.printing.file import FileTransport
from app.printing.tcp9100 import RawTcpPrinter
from app.services.print_labels import PrintError
from app.services.printers import (
    PrinterConfig,
    default_printer,
    delete_printer,
    get_printer,
    list_printers,
    parse_printer,
    save_printer,
    set_default_printer,
)


def test_save_list_default_and_delete(ws, tmp_path):
    assert list_printers(ws) == [] and default_printer(ws) is None
    zebra = PrinterConfig(name="斑马 ZD421", kind="tcp", host="192.168.1.50", dpi=300,
                          darkness=20, offset_x_mm=1.5, offset_y_mm=-0.5, language="zpl")
    tsc = PrinterConfig(name="TSC", kind="file", folder=str(tmp_path / "out.tspl"),
                        language="tspl", darkness=8)
    save_printer(ws, zebra)
    save_printer(ws, tsc)
    save_printer(ws, PrinterConfig(name="TSC", kind="file", folder=str(tmp_path / "b.tspl"),
                                   language="tspl"))  # replaced by name
    assert [p.name for p in list_printers(ws)] == ["斑马 ZD421", "TSC"]
    assert get_printer(ws, "TSC").folder.endswith("b.tspl")
    stored = json.loads(ws.setting("printers"))
    assert stored[0]["dpi"] == 300 and stored[0]["offset_x_mm"] == 1.5
    set_default_printer(ws, "斑马 ZD421")
    set_default_printer(ws, "TSC", "packing")
    assert default_printer(ws) == zebra and default_printer(ws, "packing").name == "TSC"
    assert zebra.fmt == "zpl" and zebra.offset_mm == (1.5, -0.5)
    t = zebra.open_transport()
    assert isinstance(t, RawTcpPrinter) and t.address == "192.168.1.50:9100"
    assert isinstance(get_printer(ws, "TSC").open_transport(), FileTransport)
    delete_printer(ws, "TSC")
    assert default_printer(ws, "packing") is None
    with pytest.raises(PrintError, match="no printer"):
        set_default_printer(ws, "nope")


@pytest.mark.parametrize("cfg,match", [
    (PrinterConfig(name="x", kind="tcp"), "address"),
    (PrinterConfig(name="x", kind="tcp", host="h", dpi=600), "dpi"),
    (PrinterConfig(name="x", kind="cups"), "queue"),
    (PrinterConfig(name="x", kind="tcp", host="h", language="epl"), "language"),
    (PrinterConfig(name="x", kind="tcp", host="h", language="tspl", darkness=20), "0-15"),
    (PrinterConfig(name="x", kind="laser"), "kind"),
    (PrinterConfig(name=" ", kind="pdf", folder="f"), "name"),
])
def test_bad_settings_are_refused(ws, cfg, match):
    with pytest.raises(PrintError, match=match):
        save_printer(ws, cfg)


def test_parse_printer_argument(ws):
    p = parse_printer("10.0.0.7:9100")
    assert (p.kind, p.host, p.port) == ("tcp", "10.0.0.7", 9100)
    c = parse_printer("cups:Zebra_ZD421")
    assert c.kind == "cups" and isinstance(c.open_transport(), CupsPrinter)
    save_printer(ws, PrinterConfig(name="desk", kind="tcp", host="10.0.0.8", port=6101))
    assert parse_printer("desk", ws).port == 6101
    with pytest.raises(PrintError, match="HOST:PORT"):
        parse_printer("nowhere", ws)
