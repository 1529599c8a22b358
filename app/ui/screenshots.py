"""Screenshots of every page on the demo data, for docs/screens and for eyeballing layouts.

    xvfb-run -a .venv/bin/python -m app.ui.screenshots docs/screens
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m app.ui.screenshots /tmp/shots

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


def _shot(widget, path: Path, shots: list[Path]) -> None:  # noqa: ANN001
    for _ in range(5):
        QApplication.processEvents()
    widget.grab().save(str(path))
    shots.append(path)


def _wait_for(cond, timeout: float = 30.0) -> None:  # noqa: ANN001
    end = time.monotonic() + timeout
    while not cond() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def _broken_export(folder: Path) -> Path:
    """The Douyin sample with what sellers' files really get wrong: an amount typed in
    words, an emptied order id, a quantity of nought, a time that is no time."""
    import csv

    with open(resource("samples", "douyin_orders.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    rows[3][head.index("订单应付金额")] = "十二块"
    rows[9][head.index("主订单编号")] = ""
    rows[15][head.index("商品数量")] = "0"
    rows[21][head.index("支付完成时间")] = "昨天下午"
    path = folder / "抖店订单导出_有错.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _shot_import_errors(ws, tmp: Path, out: Path, shots: list[Path]) -> None:  # noqa: ANN001
    """The import dialog after a file with errors: preview, the all-or-nothing result and
    each problem by file, row and column, in Chinese."""
    from app.ui.import_dialog import ImportDialog

    dialog = ImportDialog(ws)
    dialog.resize(1100, 760)
    dialog.show()
    dialog.add_files([_broken_export(tmp)])
    dialog.start_import()
    _wait_for(lambda: not dialog.runner.busy)
    _shot(dialog, out / "import_errors.png", shots)
    dialog.close()


def save_screenshots(folder: str | Path, size: tuple[int, int] = (1440, 860)) -> list[Path]:
    """Open the window on a fresh demo, number and print a few labels, save a PNG per page,
    the packing mode in its states, the wizard, English and dark."""
    from app.services import packing
    from app.ui import alert_watch, i18n
    from app.ui.theme import ensure_theme

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    i18n.install(app, "zh_CN")
    ensure_theme("light")
    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="shipdesk-shots-") as tmp:
        ws = create_demo(Path(tmp) / "demo")
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("printer/folder", str(Path(tmp) / "labels"))
        window = MainWindow(ws, settings, demo=True)
        try:
            window.resize(*size)
            window.show()
            model = window.model
            to_ship = [r for r in range(model.rowCount())
                       if model.row_at(r).status == "to_ship"]
            _select_rows(window, to_ship[:10])
            window.allocate_selected()
            _wait(window)
            _select_rows(window, to_ship[:4])
            window.print_selected(Path(tmp) / "labels.pdf")
            _wait(window)
            # one printed, one numbered, one without a number: the panel lists the skipped
            _select_rows(window, [to_ship[0], to_ship[5], to_ship[11]])
            window.print_selected(Path(tmp) / "again.pdf")
            _wait(window)
            watch = alert_watch.install(window, first_check=False)
            watch.check()  # the demo's unshipped orders are past their ship-by time
            _wait_for(lambda: not watch.page.busy)
            window.table.scrollToTop()
            _shot(window, out / "main.png", shots)
            window.messages.hide()

            for key in ("to_print", "shipped", "alerts", "dashboard", "settings"):
                window.show_page(key)
                if key == "dashboard":
                    _wait_for(lambda: not window.dashboard_page.busy)
                _shot(window, out / f"{key}.png", shots)
            window.show_page("orders")

            window.import_paths([resource("samples", "kuaishou_orders.csv")])
            _wait(window)
            dialog = window.import_dialog
            if dialog is not None:
                _shot(dialog, out / "import.png", shots)
                dialog.close()
            _shot_import_errors(ws, Path(tmp), out, shots)

            # packing mode: an OK scan, a refused second scan, an order being verified
            pack = window.open_packing(fullscreen=False)
            pack.resize(*size)
            window.refresh()
            numbered = [model.row_at(r) for r in range(model.rowCount())
                        if model.row_at(r).parcel_state == "allocated"]
            pack.handle_code(numbered[0].platform_order_id, "scanner")
            _wait_for(lambda: not pack.busy)
            _shot(pack, out / "packing_ok.png", shots)
            pack.handle_code(numbered[0].waybill_no or numbered[0].platform_order_id)
            _wait_for(lambda: not pack.busy)
            _shot(pack, out / "packing_refused.png", shots)
            pack.verify_check.setChecked(True)
            several = next((r for r in numbered[1:] if r.item_count >= 2), numbered[1])
            pack.handle_code(packing.slip_code(several.id))
            target = pack.current
            if target is not None and target.items and target.items[0].sku:
                pack.handle_code(target.items[0].sku)
            _shot(pack, out / "packing_verify.png", shots)
            pack.abandon()
            pack.close()

            wizard = window.open_wizard()
            wizard.resize(720, 520)
            _shot(wizard, out / "wizard.png", shots)
            wizard.next()
            _shot(wizard, out / "wizard_printer.png", shots)
            wizard.next()
            _shot(wizard, out / "wizard_carriers.png", shots)
            wizard.reject()

            ensure_theme("dark")
            _shot(window, out / "main_dark.png", shots)
            ensure_theme("light")
            if not (i18n.translations_dir() / "shipdesk_en.qm").exists():
                i18n.build()  # normally done by the set-up
            english = window.switch_language("en")
            english.resize(*size)
            _shot(english, out / "main_en.png", shots)
            english.close()
            i18n.install(app, "zh_CN")
            window = english
        finally:
            window.close()
            window.shutdown()
            ws.close()
    return shots


if __name__ == "__main__":
    for shot in save_screenshots(sys.argv[1] if len(sys.argv) > 1 else "shots"):
        print(shot)
