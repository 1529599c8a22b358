"""「打印记录」: recent print jobs, each label's log row, resume and reprint.

`PrintJobsDialog(ws, parent=None)`:

- the recent jobs (`print_labels.list_print_jobs`): time, operator, printer, labels
  done/total, state (完成 / 中断 / 失败 / 已取消 / 打印中), whether it holds reprints;
- the selected job's log rows (`print_job_items`): order, waybill, state, reprint,
  sent time, the printer's error;
- 「继续打印」: `resume_print_job` on the chosen printer in a worker, with progress and
  「停止」; the labels the printer already has are not sent again;
- 「重打所选」: the selected rows again, after a confirmation, logged as reprints;
- 「拣货单…」 / 「发货单…」: the job's orders as a picking list / packing slips (PDF,
  `app.services.picking`).

`install(window)` adds 打印 → 「打印记录…」 through the window's hooks.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import picking, printers
from app.services.print_labels import (
    JobItemRow,
    JobRow,
    PrintSummary,
    list_print_jobs,
    print_job_items,
    print_job_orders,
    print_labels,
    resume_print_job,
)
from app.services.workspace import Workspace
from app.ui.printers_page import friendly_error, print_menu
from app.ui.texts import tr
from app.ui.workers import TaskRunner

CTX = "PrintLog"


def _t(text: str) -> str:
    return tr(text, CTX)


JOB_STATES: dict[str, str] = {
    "done": "完成", "interrupted": "中断", "failed": "失败", "cancelled": "已取消",
    "printing": "打印中", "pending": "待打印",
}
ITEM_STATES: dict[str, str] = {
    "sent": "已发送", "failed": "失败", "cancelled": "已取消", "skipped": "跳过",
    "pending": "待发送",
}
_RED, _AMBER = QColor("#b3261e"), QColor("#8a5a00")
JOB_COLUMNS = ("编号", "时间", "操作员", "打印机", "格式", "已打/总数", "状态", "重打")
ITEM_COLUMNS = ("#", "订单号", "运单号", "状态", "重打", "发送时间", "说明")


def _when(value: object) -> str:
    return value.strftime("%m-%d %H:%M:%S") if isinstance(value, datetime) else ""


def _table(columns: tuple[str, ...], stretch: int) -> QTableWidget:
    t = QTableWidget(0, len(columns))
    t.setHorizontalHeaderLabels([_t(c) for c in columns])
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.verticalHeader().setDefaultSectionSize(24)
    head = t.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    head.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


class PrintJobsDialog(QDialog):
    """The print log; one long task (resume, reprint, a list) at a time."""

    taskFinished = Signal(bool, str)  # ok, the message shown

    def __init__(self, ws: Workspace, parent: QWidget | None = None, limit: int = 200) -> None:
        super().__init__(parent)
        self.ws = ws
        self.limit = limit
        self.setWindowTitle(_t("打印记录"))
        self.resize(1000, 640)
        self.runner = TaskRunner(self)
        self.runner.busyChanged.connect(self._busy)
        self.runner.progress.connect(self._progress)
        self._jobs: list[JobRow] = []
        self._items: list[JobItemRow] = []
        self.jobs = _table(JOB_COLUMNS, 3)
        self.jobs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.jobs.itemSelectionChanged.connect(self._job_selected)
        self.items = _table(ITEM_COLUMNS, 6)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.items.itemSelectionChanged.connect(self._update_buttons)
        self.job_info = QLabel()
        self.job_info.setWordWrap(True)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.job_info)
        ll.addWidget(self.items, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.jobs)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.printer = QComboBox()
        self.printer.setMinimumWidth(220)
        self.printer.setToolTip(_t("继续打印和重打用这台打印机"))
        self.refresh_button = QPushButton(_t("刷新"))
        self.resume_button = QPushButton(_t("继续打印"))
        self.resume_button.setToolTip(_t("把中断或失败的任务里还没打出的面单接着打完，"
                                         "已经打出的不会重复"))
        self.reprint_button = QPushButton(_t("重打所选"))
        self.reprint_button.setToolTip(_t("再次打印所选的面单（会记录为重打）"))
        self.pick_button = QPushButton(_t("拣货单…"))
        self.slip_button = QPushButton(_t("发货单…"))
        self.stop_button = QPushButton(_t("停止"))
        self.refresh_button.clicked.connect(self.reload)
        self.resume_button.clicked.connect(lambda: self.resume_selected())
        self.reprint_button.clicked.connect(lambda: self.reprint_selected())
        self.pick_button.clicked.connect(lambda: self.picking_list())
        self.slip_button.clicked.connect(lambda: self.packing_slips())
        self.stop_button.clicked.connect(self.runner.cancel)
        self.progress = QProgressBar()
        self.progress.setMaximumHeight(18)
        self.progress.setTextVisible(True)
        self.status = QLabel()
        self.status.setObjectName("printLogStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(QLabel(_t("打印机")))
        top.addWidget(self.printer)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        buttons = QHBoxLayout()
        for b in (self.resume_button, self.reprint_button, self.pick_button, self.slip_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.stop_button)
        close = QPushButton(_t("关闭"))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        self._busy(False)
        self.reload()

    # ------------------------------------------------------------------ data
    def load_printers(self) -> None:
        keep = self.printer.currentData()
        self.printer.clear()
        configs = printers.list_printers(self.ws)
        default = getattr(printers.default_printer(self.ws, "labels"), "name", "")
        for cfg in configs:
            self.printer.addItem(cfg.describe(), cfg.name)
        pick = keep or default
        idx = self.printer.findData(pick) if pick else -1
        self.printer.setCurrentIndex(idx if idx >= 0 else (0 if configs else -1))

    def chosen_printer(self) -> printers.PrinterConfig | None:
        name = self.printer.currentData()
        return printers.get_printer(self.ws, name) if name else None

    def reload(self) -> None:
        keep = self.selected_job()
        self.load_printers()
        self._jobs = list_print_jobs(self.ws, self.limit)
        self.jobs.blockSignals(True)
        self.jobs.setRowCount(len(self._jobs))
        for r, job in enumerate(self._jobs):
            cells = (str(job.id), _when(job.created_at), job.operator, job.target,
                     f"{job.fmt.upper()} {job.size}".strip(), f"{job.done}/{job.total}",
                     _t(JOB_STATES.get(job.state, job.state)), _t("重打") if job.reprint else "")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, job.id)
                if job.state in ("interrupted", "failed"):
                    item.setForeground(_RED)
                elif job.state == "cancelled":
                    item.setForeground(_AMBER)
                if job.error:
                    item.setToolTip(job.error)
                self.jobs.setItem(r, c, item)
        self.jobs.blockSignals(False)
        ids = [j.id for j in self._jobs]
        if keep is not None and keep.id in ids:
            self.jobs.selectRow(ids.index(keep.id))
        elif ids:
            self.jobs.selectRow(0)
        self._job_selected()

    def select_job(self, job_id: int) -> None:
        for r, job in enumerate(self._jobs):
            if job.id == job_id:
                self.jobs.selectRow(r)

    def selected_job(self) -> JobRow | None:
        model = self.jobs.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows or rows[0].row() >= len(self._jobs):
            return None
        return self._jobs[rows[0].row()]

    def selected_items(self) -> list[JobItemRow]:
        model = self.items.selectionModel()
        rows = sorted(i.row() for i in model.selectedRows()) if model is not None else []
        return [self._items[r] for r in rows if r < len(self._items)]

    def _job_selected(self) -> None:
        job = self.selected_job()
        self._items = print_job_items(self.ws, job.id) if job else []
        self.items.setRowCount(len(self._items))
        for r, it in enumerate(self._items):
            cells = (str(it.seq + 1), it.platform_order_id, it.waybill_no,
                     _t(ITEM_STATES.get(it.state, it.state)), _t("重打") if it.is_reprint else "",
                     _when(it.sent_at), it.error)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if it.state == "failed":
                    item.setForeground(_RED)
                if c == 6 and it.error:
                    item.setToolTip(it.error)
                self.items.setItem(r, c, item)
        if job is None:
            self.job_info.setText(_t("还没有打印记录"))
        else:
            text = _t("任务 {0}：{1}，已打 {2}/{3} 张 → {4}").format(
                job.id, _t(JOB_STATES.get(job.state, job.state)), job.done, job.total,
                job.target)
            if job.error:
                text += "\n" + friendly_error(job.error)
            self.job_info.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.runner.busy
        job = self.selected_job()
        self.resume_button.setEnabled(not busy and job is not None and job.resumable)
        self.reprint_button.setEnabled(not busy and bool(self.selected_items()))
        for b in (self.pick_button, self.slip_button):
            b.setEnabled(not busy and job is not None)
        self.refresh_button.setEnabled(not busy)

    def _busy(self, busy: bool) -> None:
        self.stop_button.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self._update_buttons()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done}/{total}")

    def _say(self, text: str, ok: bool | None = None) -> None:
        colour = {True: "#1b6e20", False: "#b3261e", None: ""}[ok]
        self.status.setStyleSheet(f"color: {colour}" if colour else "")
        self.status.setText(text)

    # ------------------------------------------------------------------ actions
    def _printer_for(self, fmt: str | None) -> printers.PrinterConfig | None:
        cfg = self.chosen_printer()
        if cfg is None:
            self._say(_t("请先在「设置 → 打印机」里添加打印机"), False)
            return None
        if fmt is not None and fmt != cfg.fmt:
            self._say(_t("这个任务是 {0} 格式，所选打印机「{1}」用 {2}：请选一台 {0} "
                         "打印机").format(fmt.upper(), cfg.name, cfg.fmt.upper()), False)
            return None
        return cfg

    def resume_selected(self) -> bool:
        """Send the labels of the selected interrupted/failed job that the printer lacks."""
        job = self.selected_job()
        if job is None or not job.resumable or self.runner.busy:
            return False
        cfg = self._printer_for(job.fmt if job.fmt != "pdf" else None)
        if cfg is None:
            return False
        ws, job_id = self.ws, job.id

        def task(progress, cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            return resume_print_job(ws, job_id, cfg, progress=progress, cancelled=cancelled)

        self._say(_t("正在继续打印任务 {0}（还差 {1} 张）→ {2}…").format(
            job_id, job.total - job.done, cfg.describe()))
        return self.runner.start(_t("继续打印"), task, self._done, on_failed=self._failed,
                                 on_cancelled=self._cancelled)

    def confirm_reprint(self, count: int) -> bool:
        return QMessageBox.question(
            self, _t("重打面单"),
            _t("再次打印所选 {0} 张面单？\n重打会记录在打印日志里；同一包裹贴两张面单会造成错发。")
            .format(count)) == QMessageBox.StandardButton.Yes

    def reprint_selected(self, confirm: bool = True) -> bool:
        job = self.selected_job()
        rows = self.selected_items()
        if job is None or not rows or self.runner.busy:
            return False
        cfg = self._printer_for(None)
        if cfg is None:
            return False
        order_ids, size = print_job_orders(self.ws, job.id, [r.id for r in rows])
        if not order_ids:
            self._say(_t("所选面单的订单已不存在"), False)
            return False
        if confirm and not self.confirm_reprint(len(order_ids)):
            return False
        ws = self.ws

        def task(progress, cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            if cfg.kind == "pdf":
                return printers.ConfiguredLabelPrinter(cfg).print_orders(
                    ws, order_ids, size=size, reprint=True)
            return print_labels(ws, order_ids, printer=cfg, size=size, fmt=cfg.fmt,
                                reprint=True, progress=progress, cancelled=cancelled)

        self._say(_t("正在重打 {0} 张面单 → {1}…").format(len(order_ids), cfg.describe()))
        return self.runner.start(_t("重打面单"), task, self._done, on_failed=self._failed,
                                 on_cancelled=self._cancelled)

    def _ask_pdf(self, title: str, name: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), "PDF (*.pdf)")
        return Path(path) if path else None

    def _job_document(self, out: str | Path | None, title: str,
                      name: str) -> tuple[Path, list[int]] | None:
        """(where to write, the job's orders) for a document of the selected job, the path
        asked for when not given; None when there is no job, a task runs or no path."""
        job = self.selected_job()
        if job is None or self.runner.busy:
            return None
        path = Path(out) if out else self._ask_pdf(title, f"{name}-{job.id}.pdf")
        if path is None:
            return None
        return path, print_job_orders(self.ws, job.id)[0]

    def picking_list(self, out: str | Path | None = None) -> bool:
        """The selected job's orders as a picking list aggregated by SKU (PDF)."""
        got = self._job_document(out, _t("保存拣货单"), "拣货单")
        if got is None:
            return False
        ws, (out, order_ids) = self.ws, got

        def task(_progress, _cancelled):  # noqa: ANN001, ANN202
            pick = picking.print_picking_list(ws, order_ids, out)
            return _t("拣货单已保存：{0}（{1} 种商品，共 {2} 件）").format(
                out, len(pick.rows), pick.total_qty)

        return self.runner.start(_t("拣货单"), task, self._done_text, on_failed=self._failed,
                                 cancellable=False)

    def packing_slips(self, out: str | Path | None = None, size: str = "A4") -> bool:
        """The selected job's orders as packing slips with order barcodes (PDF)."""
        got = self._job_document(out, _t("保存发货单"), "发货单")
        if got is None:
            return False
        ws, (out, order_ids) = self.ws, got

        def task(_progress, _cancelled):  # noqa: ANN001, ANN202
            count, skipped = picking.print_packing_slips(ws, order_ids, out, size)
            text = _t("发货单已保存：{0}（{1} 张）").format(out, count)
            if skipped:
                text += _t("，{0} 单跳过").format(len(skipped))
            return text

        return self.runner.start(_t("发货单"), task, self._done_text, on_failed=self._failed,
                                 cancellable=False)

    # ------------------------------------------------------------------ results
    def _done(self, result: object) -> None:
        summary: PrintSummary = result  # type: ignore[assignment]
        text = _t("已打印 {0} 张面单 → {1}").format(summary.printed, summary.out)
        if summary.skipped:
            text += _t("；{0} 张跳过：").format(len(summary.skipped)) + "；".join(
                f"{s['order']} {s['message']}" for s in summary.skipped[:5])
        if summary.cancelled:
            text += _t("（已停止，可以稍后继续打印）")
        self.reload()
        if summary.job_id is not None:
            self.select_job(summary.job_id)
        self._say(text, not summary.cancelled)
        self.taskFinished.emit(True, text)

    def _done_text(self, result: object) -> None:
        self._say(str(result), True)
        self.taskFinished.emit(True, str(result))

    def _failed(self, message: str) -> None:
        self.reload()
        text = friendly_error(message)
        self._say(text, False)
        self.taskFinished.emit(False, text)

    def _cancelled(self) -> None:
        self.reload()
        text = _t("已停止；没打出的面单可以稍后「继续打印」")
        self._say(text, None)
        self.taskFinished.emit(False, text)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if self.runner.busy:
            self.runner.cancel()
        super().closeEvent(event)


def install(window: QWidget) -> QAction:
    """打印 → 「打印记录…」 (a non-modal dialog, one per window)."""
    act = QAction(_t("打印记录…"), window)
    act.setObjectName("actPrintLog")
    act.setStatusTip(_t("查看打印任务，继续打印中断的任务，重打面单"))

    def show() -> None:
        dlg = getattr(window, "print_log_dialog", None)
        if dlg is None:
            dlg = PrintJobsDialog(window.ws, window)  # type: ignore[attr-defined]
            window.print_log_dialog = dlg  # type: ignore[attr-defined]
        else:
            dlg.reload()
        dlg.show()
        dlg.raise_()
        dlg.activateWindow()

    act.triggered.connect(show)
    print_menu(window).addAction(act)
    return act
