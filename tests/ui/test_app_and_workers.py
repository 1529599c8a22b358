"""Start-up pieces (font, opening the database, the error path) and the background runner."""

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.services.workspace import Workspace, WorkspaceError
from app.ui import app as ui_app
from app.ui.main_window import MainWindow
from app.ui.workers import TaskRunner, Worker


def test_bundled_font_is_loaded_and_used(qapp):
    family = ui_app.load_bundled_font()
    assert family and "WenQuanYi" in family
    assert family in QFontDatabase.families()
    app = ui_app.create_application()
    assert app is qapp
    assert app.font().families()[0] == family


def test_run_demo_opens_the_window_and_exits_cleanly(qapp):
    seen = []

    def close_it():
        wins = [w for w in QApplication.topLevelWidgets()
                if isinstance(w, MainWindow) and w.isVisible()]
        if not wins:
            QTimer.singleShot(50, close_it)
            return
        seen.append(wins[0])
        seen.append(wins[0].model.total)
        wins[0].close()
        # exit() ends exec() at once; quit() and "last window closed" post a Quit event
        # that, handled after exec() returned, would stop every later pytest-qt wait
        QApplication.exit(0)

    qapp.setQuitOnLastWindowClosed(False)
    try:
        QTimer.singleShot(0, close_it)
        assert ui_app.run(demo=True) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    assert seen and seen[1] > 100
    assert seen[0].settings.value("main/geometry") is not None


def test_run_with_a_broken_database_explains_and_exits_2(qapp, tmp_path, monkeypatch):
    bad = tmp_path / "broken.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    shown = []

    def fake_exec(box):
        shown.append((box.text(), box.informativeText(), box.detailedText()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert ui_app.run(db=str(bad)) == ui_app.EXIT_OPEN_FAILED
    (text, info, detail), = shown
    assert "无法打开" in text and str(bad) in text
    assert "SHIPDESK_KEY_PASSPHRASE" in info
    assert "WorkspaceError" in detail


def test_passphrase_is_asked_when_the_key_file_needs_it(qapp, tmp_path, monkeypatch):
    db = str(tmp_path / "shop.sqlite")
    Workspace.open(db).close()  # key file protected by the test passphrase
    monkeypatch.delenv("SHIPDESK_KEY_PASSPHRASE")
    answers = iter([("wrong", True), ("test-passphrase", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    ws = ui_app.open_workspace(db)
    ws.close()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    with pytest.raises(WorkspaceError, match="passphrase"):
        ui_app.open_workspace(db)


def _runner_outcome(qtbot, task, cancel_after=None):
    runner = TaskRunner()
    got = {}
    assert runner.start("t", task, lambda r: got.setdefault("done", r),
                        on_failed=lambda m: got.setdefault("failed", m),
                        on_cancelled=lambda: got.setdefault("cancelled", True))
    assert runner.busy
    assert not runner.start("second", task, lambda r: None)  # one task at a time
    if cancel_after is not None:
        time.sleep(cancel_after)
        runner.cancel()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    return got, runner


def test_runner_delivers_results_on_the_gui_thread(qtbot):
    threads = []
    progress = []

    def task(report, cancelled):
        threads.append(threading.current_thread())
        for i in range(3):
            report(i + 1, 3)
        return "ok"

    runner = TaskRunner()
    runner.progress.connect(lambda d, t: progress.append((d, t)))
    got = {}

    def done(result):
        got["result"] = result
        got["thread"] = threading.current_thread()

    runner.start("t", task, done)
    qtbot.waitUntil(lambda: "result" in got, timeout=10000)
    assert got["result"] == "ok"
    assert got["thread"] is threading.main_thread() and threads[0] is not threading.main_thread()
    assert progress == [(1, 3), (2, 3), (3, 3)]


def test_runner_cancel_and_failure(qtbot):
    def until_cancelled(report, cancelled):
        while not cancelled():
            time.sleep(0.01)
        raise RuntimeError("stopped")

    got, runner = _runner_outcome(qtbot, until_cancelled, cancel_after=0.05)
    assert got == {"cancelled": True} and runner.cancel_requested

    def partial(report, cancelled):
        while not cancelled():
            time.sleep(0.01)
        return "partial"

    got, runner = _runner_outcome(qtbot, partial, cancel_after=0.05)
    assert got == {"done": "partial"} and runner.cancel_requested

    def boom(report, cancelled):
        raise ValueError("unknown carrier 'XX'")

    got, _ = _runner_outcome(qtbot, boom)
    assert got == {"failed": "unknown carrier 'XX'"}

    def crash(report, cancelled):
        raise KeyError("x")

    got, _ = _runner_outcome(qtbot, crash)
    assert got["failed"].startswith("KeyError")


def test_worker_signals(qtbot):
    w = Worker(lambda report, cancelled: 42)
    with qtbot.waitSignal(w.signals.finished, timeout=10000) as blocker:
        w.start()
    assert blocker.args == [42]
    assert w.wait(5)
