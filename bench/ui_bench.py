"""The workstation on a million orders, driving the real widgets offscreen.

    QT_QPA_PLATFORM=offscreen python -m bench.ui_bench --orders 1000000

The database is made by raw SQL in a child process (bench/ui_data.py), so this process's
peak RSS is the window's own. Measured, in this order, first on the schema as migrated and
then again after adding the indexes proposed for the UI (PROPOSED_INDEXES):

- window_open_s: Workspace.open + MainWindow + show + first paint;
- scroll_page_ms: the view scrolled to its end, one fetched page of 200 each time;
- filter_ms: status filter and searches (order id prefix, waybill, buyer phone through the
  blind index, SKU, free text in remarks), each until the view has its first page;
- sort_ms: a header click per sortable column;
- pages_ms: switching to each page (lazy pages query on first show);
- scan_to_print_ms: Enter in the packing window → the label's PDF is on disk (the raw TCP
  9100 transport does not exist yet), p50/p95 over N scans, numbered and unnumbered orders.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import emit, peak_rss_mb


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _settle(app) -> None:  # noqa: ANN001
    for _ in range(3):
        app.processEvents()


CPU: dict[str, float] = {}  # CPU ms of the last measurement per name (the machine is shared)


def _timed(app, fn, name: str = "") -> float:  # noqa: ANN001
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    _settle(app)
    if name:
        CPU[name] = _ms(time.process_time() - c0)
    return time.perf_counter() - t0


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def measure(db: str, folder: Path, passphrase: str, scans: int) -> dict:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.services.orders import ViewQuery, list_view
    from app.services.workspace import Workspace
    from app.ui.app import create_application
    from app.ui.main_window import MainWindow
    from app.ui.orders_model import COLUMN_INDEX, COLUMNS
    from app.ui.packing import PackingWindow
    from bench.ui_data import KNOWN_PHONE

    app = create_application([])
    settings = QSettings(str(folder / f"settings-{time.time_ns()}.ini"),
                         QSettings.Format.IniFormat)
    settings.setValue("printer/folder", str(folder / "labels"))
    out: dict = {}

    t0, c0 = time.perf_counter(), time.process_time()
    ws = Workspace.open(db, passphrase=passphrase, key_dir=folder / "keys", use_keyring=False)
    window = MainWindow(ws, settings)
    window.resize(1440, 860)
    window.show()
    _settle(app)
    window.grab()  # a real paint
    out["window_open_s"] = round(time.perf_counter() - t0, 3)
    out["window_open_cpu_s"] = round(time.process_time() - c0, 3)
    model, view = window.model, window.table
    out["count_label"] = window.count_label.text()
    # the exact count of a million arrives from a worker
    t0 = time.perf_counter()
    while not model.total_exact and time.perf_counter() - t0 < 30:
        app.processEvents()
        time.sleep(0.002)
    out["exact_total_ms"] = _ms(time.perf_counter() - t0)
    out["total"] = model.total

    pages, cpu = [], []
    for _ in range(20):
        before = model.rowCount()
        dt = _timed(app, view.scrollToBottom, "scroll")
        if model.rowCount() > before:
            pages.append(dt)
            cpu.append(CPU["scroll"])
    out["scroll_page_ms"] = {"pages": len(pages), "median": _ms(statistics.median(pages)),
                             "max": _ms(max(pages)), "rows_loaded": model.rowCount(),
                             "cpu_median": statistics.median(cpu)}
    view.scrollToTop()

    page = window.orders_page
    probe = list_view(ws, ViewQuery(status="shipped"), 0, 1)[0]
    filters = {}
    for status in ("to_ship", "done", "cancelled", "unpaid", ""):
        i = page.status_box.findData(status)
        name = f"status:{status or 'all'}"
        filters[name] = _ms(_timed(app, lambda i=i: page.status_box.setCurrentIndex(i), name))
    searches = {"order_id": probe.platform_order_id, "order_id_prefix": probe.platform_order_id[:12],
                "waybill": probe.waybill_no, "buyer_phone": KNOWN_PHONE.format(1 + 1000 * 7),
                "sku": "SKU-0042", "remark_text": "送小样", "no_match_code": "78999999999999"}
    for name, text in searches.items():
        def run(text=text) -> None:
            page.search_box.setText(text)
            page.apply_filter()
        filters[f"search:{name}"] = _ms(_timed(app, run, f"search:{name}"))
        filters[f"search:{name}:rows"] = model.total
    page.search_box.setText("")
    page.apply_filter()
    out["filter_ms"] = filters

    sorts = {}
    for col in COLUMNS:
        if not col.sort:
            continue
        n = COLUMN_INDEX[col.key]
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            key = f"{col.key}:{'asc' if order == Qt.SortOrder.AscendingOrder else 'desc'}"
            sorts[key] = _ms(_timed(app, lambda n=n, order=order: view.sortByColumn(n, order),
                                    f"sort:{key}"))
    view.sortByColumn(COLUMN_INDEX["paid_at"], Qt.SortOrder.DescendingOrder)
    out["sort_ms"] = sorts

    switch = {}
    for key in ("to_print", "shipped", "alerts", "dashboard", "settings", "orders"):
        switch[key] = _ms(_timed(app, lambda key=key: window.show_page(key), f"page:{key}"))
    t0 = time.perf_counter()
    while window.dashboard_page.busy and time.perf_counter() - t0 < 60:
        app.processEvents()
        time.sleep(0.002)
    switch["dashboard_counts_ready"] = _ms(time.perf_counter() - t0 + switch["dashboard"] / 1000)
    out["pages_ms"] = switch

    pack = PackingWindow(ws, settings, verify=False)
    pack.show()
    _settle(app)
    numbered = [r for r in list_view(ws, ViewQuery(view="to_print"), 0, scans)]
    fresh = [r for r in list_view(ws, ViewQuery(status="to_ship"), 0, 5 * scans)
             if not r.waybill_no][:scans]
    result = {}
    for name, rows in (("numbered", numbered), ("unnumbered", fresh)):
        times = []
        for r in rows:
            before = pack.printed_count
            pack.scan_field.setText(r.platform_order_id)
            t0 = time.perf_counter()
            QTest.keyClick(pack.scan_field, Qt.Key.Key_Return)
            while not pack.last_result or pack.printed_count == before:
                app.processEvents()
                if pack.last_feedback.kind == "error":
                    break
                time.sleep(0.0005)
            res = pack.last_result
            if res is not None and res.ok and Path(res.out).exists():
                times.append(time.perf_counter() - t0)
            while pack.busy:
                app.processEvents()
        if times:
            result[name] = {"scans": len(times), "p50": _ms(_pct(times, 50)),
                            "p95": _ms(_pct(times, 95)), "max": _ms(max(times))}
    result["measured_to"] = "PDF written (RawTcpPrinter not available yet)"
    out["scan_to_print_ms"] = result
    out["cpu_ms"] = dict(CPU)
    CPU.clear()
    pack.close()
    window.shutdown()
    window.close()
    QApplication.processEvents()
    ws.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--scans", type=int, default=40)
    ap.add_argument("--keep", help="reuse/keep the generated database in this folder")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = tempfile.TemporaryDirectory(prefix="shipdesk-uibench-")
    folder = Path(args.keep or tmp.name)
    os.environ.setdefault("SHIPDESK_HOME", str(folder / "home"))
    db = folder / "big.sqlite"
    t0 = time.perf_counter()
    if not db.exists():
        subprocess.run([sys.executable, "-m", "bench.ui_data", str(folder), str(args.orders)],
                       check=True, stdout=subprocess.DEVNULL)
    out: dict = {"bench": "ui_bench", "orders": args.orders,
                 "load_average": [round(x, 1) for x in os.getloadavg()], "cpus": os.cpu_count(),
                 "generate_s": round(time.perf_counter() - t0, 1)}
    from bench.ui_data import PROPOSED_INDEXES

    out["schema_as_migrated"] = measure(str(db), folder, "bench-passphrase", args.scans)
    import sqlite3

    t0 = time.perf_counter()
    con = sqlite3.connect(db)
    for sql in PROPOSED_INDEXES:
        con.execute(sql)
    con.commit()
    con.close()
    out["index_build_s"] = round(time.perf_counter() - t0, 1)
    out["with_proposed_indexes"] = measure(str(db), folder, "bench-passphrase", args.scans)
    out["peak_rss_mb"] = peak_rss_mb()
    emit(out)
    tmp.cleanup()


if __name__ == "__main__":
    main()
