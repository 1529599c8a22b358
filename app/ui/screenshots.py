"""Screenshots of the workstation on the demo data, for docs and for eyeballing layouts.

    QT_QPA_PLATFORM=offscreen python -m app.ui.screenshots /tmp/shots

Everything happens in a temporary folder (demo database, settings, PDFs); only the PNGs
are written to the folder given.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.resources import resource
from app.services.demo import create_demo
from app.ui.app import create_application
from app.ui.main_window import MainWindow


def _wait(window: MainWindow, timeout: float = 60.0) -> None:
    """Let the background task finish while the event loop delivers its signals."""
    end = time.monotonic() + timeout
    while window.busy and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        QApplication.processEvents()


def _select_rows(window: MainWindow, rows: list[int]) -> None:
    window.orders_page.select_order_ids(window.model.order_ids(rows))


def save_screenshots(folder: str | Path, size: tuple[int, int] = (1440, 860)) -> list[Path]:
    """Open the window on a fresh demo, number and print a few labels, save PNGs."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    create_application([])
    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="shipdesk-shots-") as tmp:
        ws = create_demo(Path(tmp) / "demo")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ws, settings, demo=True)
        try:
            window.resize(*size)
            window.show()
            model = window.model
            to_ship = [r for r in range(model.rowCount())
                       if model.row_at(r).status == "to_ship"]
            _select_rows(window, to_ship[:6])
            window.allocate_selected()
            _wait(window)
            _select_rows(window, to_ship[:4])
            window.print_selected(Path(tmp) / "labels.pdf")
            _wait(window)
            # one printed, one numbered, one without a number: the panel lists the skipped
            _select_rows(window, [to_ship[0], to_ship[5], to_ship[7]])
            window.print_selected(Path(tmp) / "again.pdf")
            _wait(window)
            window.table.scrollToTop()
            QApplication.processEvents()
            path = out / "main.png"
            window.grab().save(str(path))
            shots.append(path)

            window.import_paths([resource("samples", "kuaishou_orders.csv")])
            _wait(window)
            dialog = window.import_dialog
            if dialog is not None:
                QApplication.processEvents()
                path = out / "import.png"
                dialog.grab().save(str(path))
                shots.append(path)
                dialog.close()
        finally:
            window.close()
            ws.close()
    return shots


if __name__ == "__main__":
    for shot in save_screenshots(sys.argv[1] if len(sys.argv) > 1 else "shots"):
        print(shot)
