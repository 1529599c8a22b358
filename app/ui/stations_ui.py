"""Several stations at one shop, from the window: the others' work shows up by itself, and
labels can go through a shared print queue.

`install(window)` adds to a MainWindow (through its public parts only):
- a listener thread (`stations.watch_changes`: LISTEN/NOTIFY on PostgreSQL, the data
  version on SQLite) that makes the page shown re-read — keeping the selection — a few
  seconds after another station (or a CLI run) wrote, never while this window's own task
  runs or a dialog is open;
- 「加入共享打印队列」 (Ctrl+Shift+Q): the selected orders' labels go to the queue, for
  whichever station prints;
- 「本机作为打印站」: this station takes queued jobs one by one and prints them on its
  default label printer, in the background; the status bar shows the queue.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu

from app.services import print_queue, printers, stations
from app.ui.texts import tr
from app.ui.workers import Worker

log = logging.getLogger(__name__)

#: a burst of changes by the other stations re-reads the page once, this long after
REFRESH_DELAY_MS = 2000
#: how often a printing station looks at the queue
QUEUE_TICK_MS = 3000
#: after a printer error, wait this long before taking the next job
PRINTER_BACKOFF_MS = 30000


class ChangeListener(QObject):
    """Waits for other stations' writes in a thread of its own; `changed` arrives on the
    GUI thread (Qt queues a signal emitted from another thread)."""

    changed = Signal()

    def __init__(self, ws: object, parent: QObject | None = None, wait_s: float = 1.0) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._wait_s = wait_s
        self._thread = threading.Thread(target=self._run, args=(ws,), daemon=True,
                                        name="shipdesk-changes")
        self._thread.start()

    def _run(self, ws: object) -> None:
        try:
            watcher = stations.watch_changes(ws)  # type: ignore[arg-type]
        except Exception as exc:  # no live updates is a nuisance, not a failure
            log.warning("cannot watch the database for other stations: %s", type(exc).__name__)
            return
        try:
            while not self._stop.is_set():
                if watcher.wait(self._wait_s) is not None and not self._stop.is_set():
                    self.changed.emit()
        finally:
            watcher.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(self._wait_s + 2)


class StationLink(QObject):
    """What `install` adds; kept on the window as `window.station_link`."""

    def __init__(self, window: QMainWindow, *, listen: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.ws  # type: ignore[attr-defined]
        self.station = stations.this_station()
        self.refreshes = 0
        self.printed = 0
        self._worker: Worker | None = None
        self._deferred = False  # others changed things while this window was behind

        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(REFRESH_DELAY_MS)
        self.refresh_timer.timeout.connect(self._refresh)
        self.listener = ChangeListener(self.ws, self) if listen else None
        if self.listener is not None:
            self.listener.changed.connect(self._changed)

        self.queue_timer = QTimer(self)
        self.queue_timer.setInterval(QUEUE_TICK_MS)
        self.queue_timer.timeout.connect(self.take_jobs)

        self.act_enqueue = QAction(tr("加入共享打印队列"), window)
        self.act_enqueue.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.act_enqueue.setToolTip(tr("把所选订单的面单放进共享打印队列，由打印站打印（多台电脑共用数据库时）"))
        self.act_enqueue.triggered.connect(lambda _=False: self.enqueue_selected())
        self.act_station = QAction(tr("本机作为打印站"), window)
        self.act_station.setCheckable(True)
        self.act_station.setToolTip(tr("本机从共享打印队列取任务，用默认面单打印机打印"))
        self.act_station.toggled.connect(self.set_printing_station)
        window.addAction(self.act_enqueue)
        menu = self._orders_menu()
        menu.addSeparator()
        menu.addAction(self.act_enqueue)
        menu.addAction(self.act_station)

        self.queue_label = QLabel(window.statusBar())
        self.queue_label.setObjectName("queueLabel")
        self.queue_label.setToolTip(tr("共享打印队列"))
        window.statusBar().addPermanentWidget(self.queue_label)
        self.update_queue_label()
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def _orders_menu(self) -> QMenu:
        bar = self.window.menuBar()
        for act in bar.actions():
            if act.menu() is not None and act.text().startswith(tr("订单")):
                return act.menu()
        return bar.addMenu(tr("共享(&S)"))

    # --- the others' changes ---------------------------------------------------------------
    def _changed(self) -> None:
        if not self.refresh_timer.isActive():
            self.refresh_timer.start()

    def _refresh(self) -> None:
        w = self.window
        if w.busy or QApplication.activeModalWidget() or QApplication.activePopupWidget():  # type: ignore[attr-defined]
            self.refresh_timer.start()  # later: never pull the rows from under a task
            return
        active = QApplication.activeWindow()
        if w.isMinimized() or (active is not None and active is not w):
            self._deferred = True  # scan-and-pack or another window in front: when back
            return
        w.refresh()  # type: ignore[attr-defined]
        self.refreshes += 1
        self.update_queue_label()

    # --- the shared queue ------------------------------------------------------------------
    def update_queue_label(self) -> None:
        try:
            counts = print_queue.queue_counts(self.ws)
        except Exception:  # the server is away for a moment: the next look will tell
            return
        parts = []
        if counts.get("queued"):
            parts.append(tr("待打印 {0} 张").format(counts["queued"]))
        if counts.get("printing"):
            parts.append(tr("打印中 {0} 张").format(counts["printing"]))
        if counts.get("interrupted"):
            parts.append(tr("中断 {0} 张").format(counts["interrupted"]))
        text = tr("共享队列：") + "，".join(parts) if parts else ""
        if self.act_station.isChecked():
            text = (text + "  " if text else "") + tr("本机是打印站")
        self.queue_label.setText(text)

    def enqueue_selected(self) -> Worker | None:
        w = self.window
        ids = w.selected_order_ids()  # type: ignore[attr-defined]
        if not ids:
            w.say(tr("请先在表格中选择订单"))  # type: ignore[attr-defined]
            return None
        ws, size = self.ws, w.label_size()  # type: ignore[attr-defined]
        worker = Worker(lambda _p, _c: print_queue.enqueue(ws, ids, size=size))
        worker.signals.finished.connect(self._enqueued)
        worker.signals.failed.connect(self._failed)
        self._keep(worker)
        return worker.start()

    def _enqueued(self, summary: print_queue.QueueSummary) -> None:
        text = tr("已放入共享打印队列 {0} 张").format(summary.queued)
        if summary.skipped:
            text += tr("，{0} 单没有放入").format(len(summary.skipped))
            self.window.messages.show_messages(  # type: ignore[attr-defined]
                tr("{0} 单没有放入打印队列：").format(len(summary.skipped)),
                [f"{s['order']}  {s['message']}" for s in summary.skipped[:200]])
        self.window.say(text)  # type: ignore[attr-defined]
        self.update_queue_label()

    def _failed(self, message: str) -> None:
        self.window.say(message)  # type: ignore[attr-defined]
        self.window.messages.show_messages(tr("共享打印队列出错："), [message], "error")  # type: ignore[attr-defined]

    def printer(self) -> printers.PrinterConfig | None:
        return printers.default_printer(self.ws)

    def set_printing_station(self, on: bool) -> None:
        if not on:
            self.queue_timer.stop()
            self.update_queue_label()
            return
        if self.printer() is None:
            self.act_station.setChecked(False)
            self._failed(tr("这台电脑还没有默认面单打印机：请先在 设置 → 打印机 里添加并设为默认"))
            return
        left = print_queue.recover(self.ws, self.station)
        if left:
            self.window.messages.show_messages(  # type: ignore[attr-defined]
                tr("本机上次有 {0} 个打印任务没打完，已标记为中断：请在打印记录里核对后继续打印").format(
                    len(left)), [], "info")
        self.queue_timer.start()
        self.update_queue_label()
        self.take_jobs()

    def take_jobs(self) -> Worker | None:
        """Print queued jobs until the queue is empty, one background task at a time."""
        if self._worker is not None and not self._worker.is_done():
            return None
        printer = self.printer()
        if printer is None:
            return None
        ws, station = self.ws, self.station

        def task(_progress, cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            jobs = labels = 0
            while not cancelled():
                done = print_queue.print_next_on(ws, station, printer)
                if done is None:
                    break
                jobs, labels = jobs + 1, labels + done.printed
            return jobs, labels

        worker = Worker(task)
        worker.signals.finished.connect(self._printed)
        worker.signals.failed.connect(self._print_failed)
        self._worker = worker
        self._keep(worker)
        return worker.start()

    def _printed(self, result: tuple[int, int]) -> None:
        jobs, labels = result
        if self.queue_timer.interval() != QUEUE_TICK_MS and self.act_station.isChecked():
            self.queue_timer.start(QUEUE_TICK_MS)  # the printer is back
        if jobs:
            self.printed += labels
            self.window.say(tr("打印站：已打印 {0} 个任务，共 {1} 张").format(jobs, labels))  # type: ignore[attr-defined]
            self.window.refresh()  # type: ignore[attr-defined]
        self.update_queue_label()

    def _print_failed(self, message: str) -> None:
        if self.act_station.isChecked():  # do not hammer a printer that is off
            self.queue_timer.start(PRINTER_BACKOFF_MS)
        self._failed(message)
        self.update_queue_label()

    def _keep(self, worker: Worker) -> None:
        keep = getattr(self, "_workers", [])
        self._workers = [w for w in keep if not w.is_done()] + [worker]

    # --- closing ---------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window:
            if event.type() == QEvent.Type.Close:
                self.stop()
            elif event.type() == QEvent.Type.WindowActivate and self._deferred:
                self._deferred = False
                QTimer.singleShot(200, self, self._refresh)
        return False

    def stop(self) -> None:
        self.queue_timer.stop()
        self.refresh_timer.stop()
        if self._worker is not None:
            self._worker.cancel()
            self._worker.wait(30)
        if self.listener is not None:
            self.listener.stop()
            self.listener = None


def install(window: QMainWindow, *, listen: bool = True) -> StationLink:
    """Wire the station features into a MainWindow; the link is `window.station_link`."""
    link = StationLink(window, listen=listen)
    window.station_link = link  # type: ignore[attr-defined]
    return link
