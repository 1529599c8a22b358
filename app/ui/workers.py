"""Run long use cases (import, allocate, print) off the GUI thread, with progress and cancel.

Services open their own sessions, so a worker may call them directly. Results come back
through signals, which Qt queues onto the GUI thread: connect them to methods of QObjects
living there, never to bare lambdas (those would run in the pool thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.ui.texts import user_message

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
#: a task gets a progress callback and a "was cancel asked?" callback
Task = Callable[[Progress, Cancelled], object]


class WorkerSignals(QObject):
    """Signals live on a QObject created in the GUI thread, so emits are queued there."""

    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # the task's return value
    failed = Signal(str)  # a message for the user
    cancelled = Signal()  # the task stopped early because the user asked


class Worker(QRunnable):
    """One task on the global thread pool; `cancel()` is polled by the task between batches."""

    def __init__(self, task: Task) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps a reference until it is done
        self.task = task
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self._done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until run() has ended; False on timeout."""
        return self._done.wait(timeout_s)

    def start(self, pool: QThreadPool | None = None) -> Worker:
        (pool or QThreadPool.globalInstance()).start(self)
        return self

    def _progress(self, done: int, total: int) -> None:
        self.signals.progress.emit(int(done), int(total))

    def run(self) -> None:  # runs in a pool thread
        try:
            result = self.task(self._progress, self.is_cancelled)
        except Exception as exc:  # every failure must reach the user, never kill the pool
            if self.is_cancelled():
                self.signals.cancelled.emit()
            else:
                log.exception("background task failed")
                self.signals.failed.emit(describe_error(exc))
        else:
            self.signals.finished.emit(result)
        finally:
            self._done.set()


def describe_error(exc: BaseException) -> str:
    """Service errors carry a message meant for the user; others get their type named."""
    text = str(exc).strip()
    if type(exc).__name__ in {"PrintError", "WorkspaceError", "ValueError", "BackupError",
                              "KeysError", "PrivacyError", "TrackingSetupError"} and text:
        return user_message(text)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class TaskRunner(QObject):
    """One long task at a time for a window: starts workers, reports busy and progress,
    and hands results to callbacks on the GUI thread."""

    busyChanged = Signal(bool)
    progress = Signal(int, int)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._worker: Worker | None = None
        self._title = ""
        self._cancellable = False
        self._on_done: Callable[[object], None] | None = None
        self._on_failed: Callable[[str], None] | None = None
        self._on_cancelled: Callable[[], None] | None = None
        self._was_cancelled = False
        # finished workers are kept until their thread is surely out of run(), so their
        # signals object is never destroyed from the pool thread
        self._retired: list[Worker] = []

    @property
    def busy(self) -> bool:
        return self._worker is not None

    @property
    def title(self) -> str:
        return self._title

    @property
    def cancellable(self) -> bool:
        return self._cancellable

    @property
    def cancel_requested(self) -> bool:
        """Whether the user pressed cancel; inside a result callback it tells the result
        may be partial."""
        if self._worker is not None:
            return self._worker.is_cancelled()
        return self._was_cancelled

    def start(self, title: str, task: Task, on_done: Callable[[object], None], *,
              on_failed: Callable[[str], None] | None = None,
              on_cancelled: Callable[[], None] | None = None,
              cancellable: bool = True) -> bool:
        """Run `task` in the pool; False (and nothing started) while another task runs."""
        if self._worker is not None:
            return False
        self._retired = [w for w in self._retired if not w.is_done()]
        worker = Worker(task)
        worker.signals.progress.connect(self._progress)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        worker.signals.cancelled.connect(self._cancelled)
        self._worker, self._title, self._cancellable = worker, title, cancellable
        self._on_done, self._on_failed, self._on_cancelled = on_done, on_failed, on_cancelled
        self.busyChanged.emit(True)
        worker.start(self._pool)
        return True

    def cancel(self) -> None:
        if self._worker is not None and self._cancellable:
            self._worker.cancel()

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until the running task ends (for shutdown); its callbacks are not run."""
        worker = self._worker
        if worker is None:
            return True
        ok = worker.wait(timeout_ms / 1000)
        self._reset()
        return ok

    def _mine(self) -> bool:
        """Ignore late signals of a worker given up on in `wait()`."""
        return self._worker is not None and self.sender() is self._worker.signals

    def _finish(self, call: Callable[[], None] | None) -> None:
        self._was_cancelled = self._worker is not None and self._worker.is_cancelled()
        self._reset()  # first, so a callback may start the next task
        if call is not None:
            call()

    def _reset(self) -> None:
        if self._worker is None:
            return
        self._retired.append(self._worker)
        self._worker = None
        self._on_done = self._on_failed = self._on_cancelled = None
        self.busyChanged.emit(False)

    def _progress(self, done: int, total: int) -> None:
        if self._mine():
            self.progress.emit(done, total)

    def _finished(self, result: object) -> None:
        if self._mine():
            done = self._on_done
            self._finish(None if done is None else lambda: done(result))

    def _failed(self, message: str) -> None:
        if self._mine():
            failed = self._on_failed
            self._finish(None if failed is None else lambda: failed(message))

    def _cancelled(self) -> None:
        if self._mine():
            self._finish(self._on_cancelled)
