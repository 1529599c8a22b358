"""The system print queue through QtPrintSupport (Windows spooler, macOS/CUPS dialogs).

For printers that only have an OS driver. Each label is rendered as a 1-bit image at
the printer's resolution (`render_png`) and painted on a page of exactly the label's
size: no scaling, no margins, full page. Each label is its own spooler job, so a label
counts as sent when the spooler accepted its job (QPainter.end() succeeded).
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from app.labels.layout import page_size_mm
from app.printing.base import PrinterError, PrinterOffline


class SystemPrinter:
    """Prints PNG label images (render_chunks(..., "png")) on the OS printer `name`
    ("" for the default); `output_file` writes PDF instead (previews and tests)."""

    def __init__(self, name: str = "", size: str = "76x130", *, dpi: int = 203,
                 output_file: str = "") -> None:
        self.name = name
        self.size = size
        self.dpi = dpi
        self.output_file = output_file
        self.labels_sent = 0
        self.format = "png"  # what send_label takes

    def describe(self) -> str:
        return f"system://{self.name or 'default'}"

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.output_file:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            stem = self.output_file.removesuffix(".pdf")
            printer.setOutputFileName(f"{stem}-{self.labels_sent + 1:04d}.pdf")
        elif self.name:
            printer.setPrinterName(self.name)
            if not printer.isValid():
                raise PrinterOffline(f"no printer {self.name!r} in the system print queue",
                                     self.labels_sent)
        w_mm, h_mm = page_size_mm(self.size)
        page = QPageSize(QSizeF(w_mm, h_mm), QPageSize.Unit.Millimeter, f"Label {self.size}",
                         QPageSize.SizeMatchPolicy.ExactMatch)
        layout = QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                             QPageLayout.Unit.Millimeter)
        printer.setPageLayout(layout)
        printer.setFullPage(True)
        printer.setDocName("ShipDesk label")
        return printer

    def send_label(self, data: bytes) -> None:
        image = QImage.fromData(data)
        if image.isNull():
            raise PrinterError("not a label image (render with format png)", self.labels_sent)
        printer = self._printer()
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterOffline(f"the system print queue refused printer "
                                 f"{self.name or 'default'}", self.labels_sent)
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            target = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            painter.drawImage(QRectF(0, 0, target.width(), target.height()), image)
        finally:
            ok = painter.end()
        if not ok:
            raise PrinterOffline("the system print queue did not take the label",
                                 self.labels_sent)
        self.labels_sent += 1

    def close(self) -> None:
        """Every label is its own job: nothing left to finish."""
