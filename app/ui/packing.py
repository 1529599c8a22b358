"""Scan-to-print packing mode: a full-screen window whose focus never leaves the scan field.

A packer scans with a keyboard-wedge scanner (keystrokes a few ms apart, then Enter):

1. the packing slip / platform order id / waybill → the order is looked up at once (one
   indexed query), checked (cancelled, refunded, intercepted, printed before), numbered if
   it has no waybill, and its label printed in a worker;
2. with 核对商品 (scan-to-verify) on, the label waits until every item's SKU was scanned;
   a wrong SKU or one too many is refused on the spot, and the missing ones are listed.

Every scan ends in a big coloured band (green OK, red error, amber waiting for items) and a
beep (three for an error). Typing by hand works too; a scanner burst that lands after some
hand-typed text replaces that text (told apart by keystroke timing).
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import packing
from app.services.packing import (
    LabelPrinter,
    PackResult,
    PackTarget,
    PdfFolderPrinter,
    Verifier,
)
from app.services.workspace import Workspace
from app.ui.pages import print_folder
from app.ui.texts import carrier_name, pack_reason, status_name
from app.ui.workers import TaskRunner

#: keystrokes closer than this belong to one scanner burst
SCANNER_GAP_S = 0.035
#: a burst needs this many characters to count as a scan
SCANNER_MIN_CHARS = 4


class WedgeDetector:
    """Tells a scanner burst from typing by the time between keystrokes.

    `key(t)` is called for every character typed at the end of the text, `enter(text, t)`
    on Enter; it returns (code, source) where source is "scanner" or "keyboard", and the
    code is only the burst when a burst followed hand-typed text."""

    def __init__(self, gap_s: float = SCANNER_GAP_S, min_chars: int = SCANNER_MIN_CHARS) -> None:
        self.gap = gap_s
        self.min_chars = min_chars
        self.reset()

    def reset(self) -> None:
        self._last: float | None = None
        self._burst = 0  # characters in the current fast run
        self._typed = 0  # characters typed in all

    def key(self, t: float) -> None:
        fast = self._last is not None and t - self._last <= self.gap
        self._burst = self._burst + 1 if fast else 1
        self._typed += 1
        self._last = t

    def enter(self, text: str, t: float) -> tuple[str, str]:
        fast_enter = self._last is not None and t - self._last <= self.gap * 3
        scanned = self._burst >= self.min_chars and fast_enter
        burst, typed = self._burst, self._typed
        self.reset()
        if not scanned:
            return text.strip(), "keyboard"
        if typed > burst and len(text) >= burst:
            return text[-burst:].strip(), "scanner"  # stray hand-typed text before a scan
        return text.strip(), "scanner"


class ScanField(QLineEdit):
    """The scan field: feeds keystroke times to a WedgeDetector, emits `scanned` on Enter."""

    scanned = Signal(str, str)  # code, source

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanField")
        self.detector = WedgeDetector()
        self.clock = time.perf_counter

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code, source = self.detector.enter(self.text(), self.clock())
            self.clear()
            if code:
                self.scanned.emit(code, source)
            event.accept()
            return
        if event.text() and event.text().isprintable():
            self.detector.key(self.clock())
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.detector.reset()
        super().keyPressEvent(event)


@dataclass
class Feedback:
    kind: str  # ok | error | verify | busy | idle
    reason: str  # packing reason code, or "" / "ok"
    title: str
    detail: str


def printer_from_settings(settings: QSettings, ws: Workspace | None = None) -> LabelPrinter:
    """The station's printer: the saved printer named by this station's
    `printer/packing` setting, else the workspace's default packing (then labels)
    printer, else the PDF folder. A PDF printer setting without a folder uses the
    station's print folder."""
    from app.services.printers import (
        ConfiguredLabelPrinter,
        default_printer,
        get_printer,
    )

    cfg = None
    if ws is not None:
        name = str(settings.value("printer/packing", "") or "")
        cfg = (get_printer(ws, name) if name else None) or default_printer(ws, "packing") \
            or default_printer(ws, "labels")
    if cfg is None or (cfg.kind == "pdf" and not cfg.folder):
        return PdfFolderPrinter(print_folder(settings))
    return ConfiguredLabelPrinter(cfg)


class PackingWindow(QWidget):
    """Full-screen scan-to-print. `handle_code` is what a scan (or a test) calls."""

    fedBack = Signal(str, str)  # kind, reason
    printed = Signal(object)  # PackResult
    closed = Signal()

    def __init__(self, ws: Workspace, settings: QSettings, *, size: str = "76x130",
                 carrier: str | None = None, printer: LabelPrinter | None = None,
                 verify: bool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ws = ws
        self.settings = settings
        self.size = size
        self.carrier = carrier
        self.printer = printer or printer_from_settings(settings, ws)
        self.runner = TaskRunner(self)
        self.queue: deque[tuple[str, str]] = deque()
        self.current: PackTarget | None = None  # the order being verified
        self.verifier: Verifier | None = None
        self.reprint_candidate: PackTarget | None = None
        self.last_feedback = Feedback("idle", "", "", "")
        self.last_result: PackResult | None = None
        self.printed_count = 0
        self.auto_allocate = str(settings.value("packing/autoAllocate", "1")) == "1"
        self.setObjectName("packingWindow")
        self.setWindowTitle(self.tr("扫码打包 — ShipDesk"))

        title = QLabel(self.tr("扫码打包"), self)
        title.setObjectName("packTitle")
        self.verify_check = QCheckBox(self.tr("逐件核对商品 (F2)"), self)
        self.verify_check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        on = verify if verify is not None else str(settings.value("packing/verify", "0")) == "1"
        self.verify_check.setChecked(on)
        self.verify_check.toggled.connect(self._verify_toggled)
        self.printer_label = QLabel(self.tr("面单输出：{0}").format(self.printer.describe()), self)
        self.printer_label.setObjectName("hint")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("packCount")
        self.exit_button = QPushButton(self.tr("退出打包 (Ctrl+W)"), self)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(24)
        top.addWidget(self.verify_check)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addSpacing(16)
        top.addWidget(self.exit_button)

        self.scan_field = ScanField(self)
        self.scan_field.setPlaceholderText(
            self.tr("扫描拣货单条码、平台订单号或运单号，然后按回车"))
        self.scan_field.scanned.connect(self.handle_code)

        self.feedback = QFrame(self)
        self.feedback.setObjectName("feedback")
        self.feedback_title = QLabel(self.tr("请扫码"), self.feedback)
        self.feedback_title.setObjectName("feedbackTitle")
        self.feedback_title.setWordWrap(True)
        self.feedback_detail = QLabel(self.tr("扫到订单后立即打印面单"), self.feedback)
        self.feedback_detail.setObjectName("feedbackDetail")
        self.feedback_detail.setWordWrap(True)
        fb = QVBoxLayout(self.feedback)
        fb.setContentsMargins(24, 18, 24, 18)
        fb.addWidget(self.feedback_title)
        fb.addWidget(self.feedback_detail)

        self.order_label = QLabel(self)
        self.order_label.setObjectName("packOrder")
        self.items = QListWidget(self)
        self.items.setObjectName("packItems")
        self.history = QListWidget(self)
        self.history.setObjectName("packHistory")
        for w in (self.items, self.history):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        left = QVBoxLayout()
        left.addWidget(self.order_label)
        left.addWidget(self.items, 1)
        right = QVBoxLayout()
        hist = QLabel(self.tr("最近扫描"), self)
        hist.setObjectName("hint")
        right.addWidget(hist)
        right.addWidget(self.history, 1)
        middle = QHBoxLayout()
        middle.addLayout(left, 3)
        middle.addLayout(right, 2)

        self.reprint_button = QPushButton(self.tr("重打这单 (F9)"), self)
        self.confirm_button = QPushButton(self.tr("确认无编码商品 (F6)"), self)
        self.abandon_button = QPushButton(self.tr("放弃这单 (Esc)"), self)
        keys = QHBoxLayout()
        for b in (self.reprint_button, self.confirm_button, self.abandon_button):
            keys.addWidget(b)
        keys.addStretch(1)
        keys.addWidget(self.printer_label)
        for b in (self.exit_button, self.reprint_button, self.confirm_button,
                  self.abandon_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.feedback)
        layout.addLayout(middle, 1)
        layout.addLayout(keys)

        self.exit_button.clicked.connect(self.close)
        self.reprint_button.clicked.connect(self.reprint_last)
        self.confirm_button.clicked.connect(self.confirm_uncoded)
        self.abandon_button.clicked.connect(self.abandon)
        for seq, slot in (("F9", self.reprint_last), ("F6", self.confirm_uncoded),
                          ("Esc", self.abandon), ("F2", self.verify_check.toggle),
                          (QKeySequence.StandardKey.Close, self.close), ("Ctrl+W", self.close)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
        self.runner.busyChanged.connect(self._busy_changed)
        self._watching_focus = False
        self._set_feedback("idle", "", self.tr("请扫码"), self.tr("扫到订单后立即打印面单"))
        self._update_buttons()
        self._update_count()

    # --- focus ---------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: ANN001
        super().showEvent(event)
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._watching_focus:
            app.focusChanged.connect(self._focus_changed)
            self._watching_focus = True
        QTimer.singleShot(0, self._refocus)

    def _refocus(self) -> None:
        if self.isVisible():
            self.activateWindow()
            self.scan_field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.isVisible() and new is not None and new is not self.scan_field and (
                new.window() is self):
            QTimer.singleShot(0, self._refocus)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner.busy:
            self.runner.wait(30000)
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._watching_focus:
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._focus_changed)
            self._watching_focus = False
        self.closed.emit()
        super().closeEvent(event)

    # --- feedback ------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.runner.busy

    @property
    def verifying(self) -> bool:
        return self.verify_check.isChecked()

    def _set_feedback(self, kind: str, reason: str, title: str, detail: str = "") -> None:
        self.last_feedback = Feedback(kind, reason, title, detail)
        self.feedback.setProperty("kind", kind)
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)
        for child in (self.feedback_title, self.feedback_detail):
            child.style().unpolish(child)
            child.style().polish(child)
        self.feedback_title.setText(title)
        self.feedback_detail.setText(detail)
        self.feedback_detail.setVisible(bool(detail))
        if kind == "ok":
            QApplication.beep()
        elif kind == "error":
            QApplication.beep()
            QTimer.singleShot(150, QApplication.beep)
            QTimer.singleShot(300, QApplication.beep)
        self.fedBack.emit(kind, reason)

    def _error(self, reason: str, extra: str = "", code: str = "") -> None:
        title, hint = pack_reason(reason)
        detail = "\n".join(p for p in (extra, hint) if p)
        self._log(code, title, error=True)
        self._set_feedback("error", reason, title, detail)

    def _log(self, code: str, text: str, error: bool = False) -> None:
        item = QListWidgetItem(f"{time.strftime('%H:%M:%S')}  {code}  {text}".strip())
        if error:
            item.setForeground(Qt.GlobalColor.red)
        self.history.insertItem(0, item)
        while self.history.count() > 200:
            self.history.takeItem(self.history.count() - 1)

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("本次已打印 {0} 张").format(self.printed_count))

    def _update_buttons(self) -> None:
        self.reprint_button.setEnabled(self.reprint_candidate is not None and not self.busy)
        self.confirm_button.setEnabled(self.verifier is not None and any(
            not i.sku for i, _n in self.verifier.missing()))
        self.abandon_button.setEnabled(self.current is not None)

    def _busy_changed(self, busy: bool) -> None:
        self._update_buttons()
        if not busy and self.queue:
            code, source = self.queue.popleft()
            QTimer.singleShot(0, lambda: self.handle_code(code, source))

    # --- the order on the desk ------------------------------------------------------------
    def _show_order(self, target: PackTarget | None) -> None:
        self.items.clear()
        if target is None:
            self.order_label.setText("")
            return
        carrier = carrier_name(target.carrier) if target.carrier else self.tr("未选快递")
        self.order_label.setText(self.tr("订单 {0}  ·  {1}  ·  {2} {3}").format(
            target.platform_order_id, status_name(target.status), carrier,
            target.waybill_no or self.tr("（未取号）")))
        missing = {id(i): n for i, n in self.verifier.missing()} if self.verifier else {}
        for item in target.items:
            left = missing.get(id(item), 0)
            mark = ""
            if self.verifier is not None:
                mark = "✔ " if left == 0 else self.tr("还差 {0} ").format(left)
            text = f"{mark}{item.title} {item.spec}  ×{item.qty}   {item.sku or self.tr('无编码')}"
            row = QListWidgetItem(text.strip())
            if self.verifier is not None and left == 0:
                row.setForeground(Qt.GlobalColor.darkGreen)
            self.items.addItem(row)

    def _missing_text(self) -> str:
        if self.verifier is None:
            return ""
        return "；".join(f"{i.title or i.sku} ×{n}" for i, n in self.verifier.missing())

    # --- scans -----------------------------------------------------------------------------
    def handle_code(self, code: str, source: str = "keyboard") -> None:
        """One scan: a SKU of the order being verified, or an order code."""
        code = packing.normalise_code(code)
        if not code:
            return
        if self.busy:
            self.queue.append((code, source))
            return
        if self.verifier is not None and self.current is not None:
            step = self.verifier.scan(code)
            if step.ok or step.reason == packing.TOO_MANY:
                self._verify_step(code, step)
                return
        res = packing.resolve_code(self.ws, code)
        if not res.targets:
            if self.verifier is not None:
                self._error(packing.WRONG_ITEM, self.tr("扫到：{0}。这单还差：{1}").format(
                    code, self._missing_text()), code)
                self._show_order(self.current)
            else:
                self._error(packing.NOT_FOUND, self.tr("扫到：{0}").format(code), code)
            return
        if res.target is None:
            self._error(packing.AMBIGUOUS, code, code)
            return
        target = res.target
        if self.current is not None and self.current.order_id == target.order_id:
            self._set_feedback("verify", "", self.tr("正在核对这一单"),
                               self.tr("还差：{0}").format(self._missing_text()))
            return
        abandoned = self.current
        self.current, self.verifier = None, None
        why = packing.refusal(target)
        if why:
            self._refuse(target, why, code)
            return
        if not target.waybill_no and not self.auto_allocate:
            self._show_order(target)
            self._error(packing.ALLOCATE_FAILED, self.tr(
                "这单还没有运单号；设置里关闭了自动取号，请先在订单页取号"), code)
            return
        if self.verifying and target.items:
            self.current, self.verifier = target, Verifier(target.items)
            self._show_order(target)
            self._update_buttons()
            note = self.tr("上一单 {0} 没有核对完，已放弃（没有打印）。").format(
                abandoned.platform_order_id) if abandoned else ""
            self._log(code, self.tr("开始核对"))
            self._set_feedback("verify", "", self.tr("请逐件扫描商品"),
                               (note + "\n" if note else "") +
                               self.tr("还差：{0}").format(self._missing_text()))
            return
        self._print(target, code)

    def _refuse(self, target: PackTarget, why: str, code: str) -> None:
        self._show_order(target)
        extra = self.tr("订单 {0}").format(target.platform_order_id)
        if why == packing.ALREADY_PRINTED and target.printed_at is not None:
            extra += self.tr("，{0} 已打印 {1} 次").format(
                target.printed_at.strftime("%m-%d %H:%M"), target.print_count)
        if why == packing.FLAGGED:
            from app.ui.texts import flag_reason

            extra += "：" + flag_reason(target.flagged)
        if why in (packing.ALREADY_PRINTED, packing.SHIPPED_ELSEWHERE):
            self.reprint_candidate = target
        else:
            self.reprint_candidate = None
        self._update_buttons()
        self._error(why, extra, code)

    def _verify_step(self, code: str, step: packing.VerifyStep) -> None:
        assert self.current is not None and self.verifier is not None
        self._show_order(self.current)
        if not step.ok:
            self._error(step.reason, self.tr("扫到：{0}。这单还差：{1}").format(
                code, self._missing_text() or self.tr("无")), code)
            return
        self._log(code, self.tr("核对通过"))
        if self.verifier.complete:
            target = self.current
            self.current, self.verifier = None, None
            self._print(target, target.platform_order_id)
            return
        self._update_buttons()
        self._set_feedback("verify", "", self.tr("✔ {0}").format(
            step.item.title if step.item else code),
            self.tr("还差：{0}").format(self._missing_text()))

    def confirm_uncoded(self) -> None:
        """Items without a SKU code cannot be scanned: the packer confirms them (F6)."""
        if self.verifier is None or self.current is None:
            return
        if self.verifier.confirm_uncoded():
            self._log(self.current.platform_order_id, self.tr("手动确认无编码商品"))
            if self.verifier.complete:
                target = self.current
                self.current, self.verifier = None, None
                self._print(target, target.platform_order_id)
                return
            self._show_order(self.current)
            self._set_feedback("verify", "", self.tr("请逐件扫描商品"),
                               self.tr("还差：{0}").format(self._missing_text()))
        self._update_buttons()

    def abandon(self) -> None:
        """Esc: put the order being verified aside; nothing prints."""
        if self.current is None:
            self.scan_field.clear()
            return
        order = self.current.platform_order_id
        missing = self._missing_text()
        self.current, self.verifier = None, None
        self._show_order(None)
        self._update_buttons()
        self._log(order, self.tr("已放弃"), error=True)
        self._set_feedback("error", packing.MISSING_ITEMS, self.tr("已放弃这单，没有打印"),
                           self.tr("订单 {0} 还差：{1}").format(order, missing))

    def reprint_last(self) -> None:
        """F9: print again the order refused as already printed (an explicit reprint)."""
        target = self.reprint_candidate
        if target is None or self.busy:
            return
        self.reprint_candidate = None
        self._print(target, target.platform_order_id, reprint=True)

    def _print(self, target: PackTarget, code: str, reprint: bool = False) -> None:
        ws, printer, size = self.ws, self.printer, self.size
        carrier = self.carrier
        self._show_order(target)
        self._set_feedback("busy", "", self.tr("正在打印…") if target.waybill_no
                           else self.tr("正在取号并打印…"),
                           self.tr("订单 {0}").format(target.platform_order_id))

        def task(_progress, _cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            return packing.pack_and_print(ws, target.order_id, printer, size=size,
                                          reprint=reprint, carrier=carrier)

        self.runner.start(self.tr("打印面单"), task, self._printed,
                          on_failed=lambda m: self._error(packing.PRINT_FAILED, m, code),
                          cancellable=False)

    def _printed(self, result: object) -> None:
        res: PackResult = result  # type: ignore[assignment]
        self.last_result = res
        self._show_order(res.target)
        if not res.ok:
            if res.target is None:
                self._error(res.reason, res.message)
            elif res.reason in (packing.ALLOCATE_FAILED, packing.PRINT_FAILED):
                self._error(res.reason, res.message, res.target.platform_order_id)
            else:
                self._refuse(res.target, res.reason, res.target.platform_order_id)
            return
        self.printed_count += 1
        self._update_count()
        self.reprint_candidate = None
        assert res.target is not None
        how = self.tr("已重打") if res.reprinted else (
            self.tr("已取号并打印") if res.allocated else self.tr("已打印"))
        self._log(res.target.platform_order_id, f"{how} {res.waybill_no}")
        self._set_feedback("ok", packing.OK, self.tr("{0}：{1}").format(how, res.waybill_no),
                           self.tr("订单 {0}  ·  {1}").format(
                               res.target.platform_order_id, carrier_name(res.target.carrier)))
        self.printed.emit(res)
        self._update_buttons()

    def _verify_toggled(self, on: bool) -> None:
        self.settings.setValue("packing/verify", "1" if on else "0")
        if not on and self.current is not None:
            self.abandon()  # switching verify off never prints an unchecked parcel
        self._refocus()
