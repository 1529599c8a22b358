"""Windows RAW spooling, with a stand-in for win32print (the real one exists only on
Windows): one RAW document, a page per label, counted only when fully written."""

import sys

import pytest

from app.labels.zpl import iter_zpl
from app.printing.base import PrinterError, PrinterOffline, send_labels
from app.printing.windows_raw import WindowsRawPrinter
from tests.integration.test_printing_tcp import batch


class FakeWin32Print:
    def __init__(self, fail_at: int | None = None) -> None:
        self.calls: list[str] = []
        self.pages: list[bytes] = []
        self.fail_at = fail_at

    def OpenPrinter(self, name):  # noqa: N802, ANN001, ANN201
        if name == "missing":
            raise OSError("(1801, 'OpenPrinter', 'The printer name is invalid.')")
        self.calls.append("open")
        return object()

    def StartDocPrinter(self, h, level, info):  # noqa: N802, ANN001, ANN201
        assert level == 1 and info[2] == "RAW"
        self.calls.append("startdoc")

    def StartPagePrinter(self, h):  # noqa: N802, ANN001, ANN201
        self.calls.append("startpage")

    def WritePrinter(self, h, data):  # noqa: N802, ANN001, ANN201
        if self.fail_at is not None and len(self.pages) == self.fail_at:
            raise OSError("(6, 'WritePrinter', 'The handle is invalid.')")
        self.pages.append(bytes(data))
        return len(data)

    def EndPagePrinter(self, h):  # noqa: N802, ANN001, ANN201
        self.calls.append("endpage")

    def EndDocPrinter(self, h):  # noqa: N802, ANN001, ANN201
        self.calls.append("enddoc")

    def ClosePrinter(self, h):  # noqa: N802, ANN001, ANN201
        self.calls.append("close")


def test_raw_document_one_page_per_label():
    api = FakeWin32Print()
    chunks = list(iter_zpl(batch(3), "76x130"))
    printer = WindowsRawPrinter("ZDesigner ZD421", api=api)
    assert send_labels(printer, iter(chunks)) == 3
    assert api.pages == chunks and printer.labels_sent == 3
    assert api.calls[:2] == ["open", "startdoc"] and api.calls[-2:] == ["enddoc", "close"]


def test_failure_reports_whole_labels_sent():
    api = FakeWin32Print(fail_at=2)
    printer = WindowsRawPrinter("ZDesigner", api=api)
    with pytest.raises(PrinterOffline) as info:
        send_labels(printer, iter_zpl(batch(4), "76x130"))
    assert info.value.labels_sent == 2 and "close" in api.calls
    with pytest.raises(PrinterOffline, match="invalid"):
        send_labels(WindowsRawPrinter("missing", api=FakeWin32Print()), iter([b"x"]))


@pytest.mark.skipif(sys.platform == "win32", reason="checks the non-Windows refusal")
def test_not_on_windows():
    with pytest.raises(PrinterError, match="only available on Windows"):
        WindowsRawPrinter("x").send_label(b"^XA^XZ")
