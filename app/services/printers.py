"""Printer settings: which printers this workspace knows, and how to reach them.

Stored as JSON under the workspace setting `printers` (a list), with the default
printer per role (`labels`, `packing`) under `printer.default.<role>`. A setting opens
a transport (`open_transport`) and carries what the renderers need: dpi, darkness,
offset and printer language.

Kinds: `pdf` (a folder of PDF files, the embedded default), `tcp` (raw port 9100),
`cups` (a CUPS queue by name), `windows` (a Windows printer, RAW spooling), `file`
(the printer stream written to a file).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from app.printing.base import Transport
from app.services.operators import require
from app.services.print_labels import PrintError, PrintSummary, print_labels
from app.services.workspace import Workspace

KINDS = ("pdf", "tcp", "cups", "windows", "file")
LANGUAGES = ("zpl", "tspl")
DPIS = (203, 300)
ROLES = ("labels", "packing")
_KEY = "printers"


@dataclass(frozen=True)
class PrinterConfig:
    name: str
    kind: str = "pdf"
    host: str = ""
    port: int = 9100
    queue: str = ""  # CUPS queue / Windows printer name
    server: str = ""  # CUPS server, "" for the system's
    folder: str = ""  # pdf: where the files go; file: the file
    dpi: int = 203
    darkness: int | None = None
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    language: str = "zpl"
    timeout: float = 5.0

    @property
    def fmt(self) -> str:
        return "pdf" if self.kind == "pdf" else self.language

    @property
    def offset_mm(self) -> tuple[float, float]:
        return (self.offset_x_mm, self.offset_y_mm)

    def validate(self) -> PrinterConfig:
        if not self.name.strip():
            raise PrintError("a printer needs a name")
        if self.kind not in KINDS:
            raise PrintError(f"unknown printer kind {self.kind!r}; choose {', '.join(KINDS)}")
        if self.dpi not in DPIS:
            raise PrintError(f"dpi must be 203 or 300, got {self.dpi}")
        if self.language not in LANGUAGES:
            raise PrintError(f"printer language must be zpl or tspl, got {self.language!r}")
        if self.kind == "tcp" and (not self.host or not 0 < int(self.port) < 65536):
            raise PrintError("a network printer needs its address and port (usually 9100)")
        if self.kind in ("cups", "windows") and not self.queue:
            raise PrintError("a CUPS or Windows printer needs its queue name")
        if self.kind in ("pdf", "file") and not self.folder:
            raise PrintError("say where the files go")
        if self.darkness is not None:
            top = 30 if self.language == "zpl" else 15
            if not 0 <= self.darkness <= top:
                raise PrintError(f"darkness for {self.language} is 0-{top}")
        return self

    def describe(self) -> str:
        where = {"tcp": f"{self.host}:{self.port}", "cups": self.queue,
                 "windows": self.queue}.get(self.kind, self.folder)
        return f"{self.name} ({self.kind} {where}, {self.dpi} dpi)"

    def open_transport(self) -> Transport:
        """A new transport to this printer (not for kind pdf: that writes files)."""
        if self.kind == "tcp":
            from app.printing.tcp9100 import RawTcpPrinter

            return RawTcpPrinter(self.host, int(self.port), timeout=self.timeout)
        if self.kind == "cups":
            from app.printing.cups import CupsPrinter

            return CupsPrinter(self.queue, server=self.server or None)
        if self.kind == "windows":
            from app.printing.windows_raw import WindowsRawPrinter

            return WindowsRawPrinter(self.queue)
        if self.kind == "file":
            from app.printing.file import FileTransport

            return FileTransport(Path(self.folder), append=True)
        raise PrintError("a PDF printer writes files: print with out=")

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> PrinterConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})  # type: ignore[arg-type]


def parse_printer(text: str, ws: Workspace | None = None) -> PrinterConfig:
    """`HOST:PORT` (a network printer), `cups:QUEUE`, or the name of a saved printer."""
    if ws is not None:
        saved = get_printer(ws, text)
        if saved is not None:
            return saved
    if text.startswith("cups:"):
        return PrinterConfig(name=text, kind="cups", queue=text[5:]).validate()
    host, sep, port = text.rpartition(":")
    if sep and host and port.isdigit():
        return PrinterConfig(name=text, kind="tcp", host=host.strip("[]"),
                             port=int(port)).validate()
    raise PrintError(f"no printer {text!r}: give HOST:PORT, cups:QUEUE or a saved printer name")


def list_printers(ws: Workspace) -> list[PrinterConfig]:
    raw = ws.setting(_KEY, "[]")
    try:
        rows = json.loads(raw)
    except ValueError:
        return []
    return [PrinterConfig.from_dict(r) for r in rows if isinstance(r, dict)]


def get_printer(ws: Workspace, name: str) -> PrinterConfig | None:
    return next((p for p in list_printers(ws) if p.name == name), None)


def save_printer(ws: Workspace, cfg: PrinterConfig) -> None:
    """Add or replace (by name) a printer."""
    require(ws, "settings")
    cfg.validate()
    rest = [p for p in list_printers(ws) if p.name != cfg.name]
    ws.set_setting(_KEY, json.dumps([p.to_dict() for p in [*rest, cfg]], ensure_ascii=False))


def delete_printer(ws: Workspace, name: str) -> None:
    require(ws, "settings")
    rest = [p for p in list_printers(ws) if p.name != name]
    ws.set_setting(_KEY, json.dumps([p.to_dict() for p in rest], ensure_ascii=False))


def default_printer(ws: Workspace, role: str = "labels") -> PrinterConfig | None:
    name = ws.setting(f"printer.default.{role}", "")
    return get_printer(ws, name) if name else None


def set_default_printer(ws: Workspace, name: str, role: str = "labels") -> None:
    require(ws, "settings")
    if role not in ROLES:
        raise PrintError(f"unknown printer role {role!r}")
    if name and get_printer(ws, name) is None:
        raise PrintError(f"no printer {name!r}")
    ws.set_setting(f"printer.default.{role}", name)


@dataclass
class ConfiguredLabelPrinter:
    """A packing-mode LabelPrinter (app.services.packing) for a printer setting: PDF
    folder or any transport kind."""

    config: PrinterConfig

    def describe(self) -> str:
        return self.config.describe()

    def print_orders(self, ws: Workspace, order_ids: Sequence[int], *, size: str,
                     reprint: bool) -> PrintSummary:
        cfg = self.config
        if cfg.kind == "pdf":
            from app.services.packing import PdfFolderPrinter

            return PdfFolderPrinter(Path(cfg.folder)).print_orders(
                ws, order_ids, size=size, reprint=reprint)
        return print_labels(ws, order_ids, printer=cfg, size=size, fmt=cfg.fmt,
                            reprint=reprint)
