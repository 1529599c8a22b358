"""Windows RAW printing through the spooler (win32print), imported only on Windows.

Each label is one page of a RAW document: StartDocPrinter(("ShipDesk labels", None,
"RAW")), then per label StartPagePrinter / WritePrinter / EndPagePrinter, and
EndDocPrinter on close. A label counts as sent when the spooler took all its bytes.
"""

from __future__ import annotations

import sys
from typing import Any

from app.printing.base import PrinterError, PrinterOffline


def _win32print() -> Any:
    if sys.platform != "win32":
        raise PrinterError("Windows printers are only available on Windows")
    try:
        import win32print  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - Windows without pywin32
        raise PrinterError("pywin32 is missing: reinstall ShipDesk") from exc
    return win32print


class WindowsRawPrinter:
    """The Windows printer `name` (as in Settings → Printers), fed RAW ZPL/TSPL."""

    def __init__(self, name: str, *, api: Any = None) -> None:
        self.name = name
        self._api = api  # win32print, or a stand-in for tests
        self._handle: Any = None
        self._doc = False
        self.labels_sent = 0

    def describe(self) -> str:
        return f"windows://{self.name}"

    def _open(self) -> Any:
        api = self._api = self._api or _win32print()
        if self._handle is None:
            try:
                self._handle = api.OpenPrinter(self.name)
                api.StartDocPrinter(self._handle, 1, ("ShipDesk labels", None, "RAW"))
                self._doc = True
            except Exception as exc:  # pywintypes.error
                self._release()
                raise PrinterOffline(f"cannot open printer {self.name!r}: {exc}",
                                     self.labels_sent) from exc
        return api

    def send_label(self, data: bytes) -> None:
        api = self._open()
        try:
            api.StartPagePrinter(self._handle)
            written = api.WritePrinter(self._handle, data)
            api.EndPagePrinter(self._handle)
        except Exception as exc:
            self._release()
            raise PrinterOffline(f"printer {self.name!r} failed: {exc}", self.labels_sent) from exc
        if written is not None and written != len(data):
            self._release()
            raise PrinterOffline(f"printer {self.name!r} took {written} of {len(data)} bytes",
                                 self.labels_sent)
        self.labels_sent += 1

    def _release(self) -> None:
        api, handle = self._api, self._handle
        self._handle, doc, self._doc = None, self._doc, False
        if api is None or handle is None:
            return
        try:
            if doc:
                api.EndDocPrinter(handle)
        finally:
            api.ClosePrinter(handle)

    def close(self) -> None:
        try:
            self._release()
        except Exception as exc:
            raise PrinterError(f"printer {self.name!r}: {exc}", self.labels_sent) from exc
