"""PyInstaller runtime hook: an opt-in startup probe for bench/startup.py and the smoke test.

Dormant unless SHIPDESK_STARTUP_PROBE names a file. Then, when the GUI enters its event
loop (the main window has been shown), the first turn of the loop writes
{"seconds_since_process_start", "windows": [class names of visible windows],
"modules": [top-level modules loaded]} to that file and quits, so a script can time "double-click → window on screen" of the built
app without a person. Nothing else in the app changes.
"""

import json
import os
import sys
import time

_probe = os.environ.get("SHIPDESK_STARTUP_PROBE")


def _process_start_seconds_ago() -> float:
    """How long this process has lived (Linux /proc; elsewhere since this hook ran)."""
    try:
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rpartition(")")[2].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _T0


_T0 = time.monotonic()

if _probe:
    _BORN = time.monotonic() - _process_start_seconds_ago()

    from PySide6 import QtCore, QtWidgets

    _exec = QtWidgets.QApplication.exec

    def _exec_and_report(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        def report() -> None:
            app = QtWidgets.QApplication.instance()
            shown = [type(w).__name__ for w in app.topLevelWidgets() if w.isVisible()]
            loaded = {name.partition(".")[0] for name in list(sys.modules)}
            third_party = sorted(
                name for name in loaded
                if any(part in (getattr(sys.modules.get(name), "__file__", None) or "")
                       for part in ("site-packages", "dist-packages")))
            errors = {}  # why a module asked for (SHIPDESK_PROBE_IMPORTS) does not load
            for name in filter(None, os.environ.get("SHIPDESK_PROBE_IMPORTS", "").split(",")):
                try:
                    __import__(name)
                except Exception as exc:  # noqa: BLE001 - reported, not raised
                    errors[name] = f"{type(exc).__name__}: {exc}"
            with open(_probe, "w", encoding="utf-8") as f:
                json.dump({"seconds_since_process_start": round(time.monotonic() - _BORN, 3),
                           "windows": shown, "modules": sorted(loaded),
                           "third_party": third_party, "import_errors": errors}, f)
            app.quit()

        QtCore.QTimer.singleShot(0, report)
        return _exec()

    QtWidgets.QApplication.exec = _exec_and_report
