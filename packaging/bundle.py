"""Build the PyInstaller bundle and check it, as an installer would after installing.

    python packaging/bundle.py build      # → build/bundle/dist/shipdesk (macOS: ShipDesk.app)
    python packaging/bundle.py check      # size, `shipdesk selftest`, the window, psycopg

Used by packaging/test_bundle.py (run in CI by .ci/run), bench/startup.py and the
installer scripts. Every check runs the built executable in a clean environment: a new
HOME and data directory, no OS keyring, offscreen Qt, nothing from the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "shipdesk.spec"
OUT = ROOT / "build" / "bundle"
DIST, WORK = OUT / "dist", OUT / "work"
MAX_MB = 250
#: Qt modules that must not be in the bundle (they are hundreds of MB together)
UNWANTED = ("WebEngine", "Qt6Quick", "Qt6Qml", "Qt63D", "Multimedia", "Qt6Charts",
            "QtQuick", "QtQml", "Qt3D", "libQt6Pdf", "Qt6Pdf")


def bundle_dir() -> Path:
    """The one-folder app: dist/shipdesk (on macOS the .app's Contents/MacOS folder
    holds the executables; the folder beside it is what the .app was made from)."""
    return DIST / "shipdesk"


def executable(gui: bool = False) -> Path:
    d = bundle_dir()
    if sys.platform == "win32":
        return d / ("ShipDesk.exe" if gui else "shipdesk-cli.exe")
    if sys.platform == "darwin":
        return d / ("ShipDesk" if gui else "shipdesk-cli")
    return d / "shipdesk"


def build(*, clean: bool = True, log: Path | None = None) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(DIST),
           "--workpath", str(WORK), str(SPEC)]
    if clean:
        cmd.insert(3, "--clean")
        shutil.rmtree(DIST, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    log = log or OUT / "pyinstaller.log"
    with open(log, "w") as f:
        proc = subprocess.run(cmd, cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, timeout=1800)
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise RuntimeError(f"PyInstaller failed ({proc.returncode}):\n{tail}")
    return bundle_dir()


def size_mb(folder: Path | None = None) -> float:
    folder = folder or bundle_dir()
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return round(total / 2**20, 1)


def unwanted_files(folder: Path | None = None) -> list[str]:
    folder = folder or bundle_dir()
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if any(u in p.name for u in UNWANTED))


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A first-start environment: empty home, no keyring, no checkout on any path."""
    env = {"HOME": str(home), "USERPROFILE": str(home), "SHIPDESK_HOME": str(home / "data"),
           "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TMPDIR": str(home / "tmp"),
           "TEMP": str(home / "tmp"), "TMP": str(home / "tmp")}
    for keep in ("PATH", "SYSTEMROOT", "WINDIR", "COMSPEC"):  # Windows needs these
        if keep in os.environ:
            env[keep] = os.environ[keep]
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env.update(extra)
    return env


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


#: CPU seconds (user + system) of the last `run`: unlike wall time, a busy machine
#: hardly changes it (0 on Windows)
last_cpu = 0.0


def run(args: list[str], *, gui: bool = False, timeout: float = 120, home: Path | None = None,
        **env: str):
    """Run the built executable in a clean environment: (CompletedProcess, seconds).
    A new home each time, or `home` to keep one across runs."""
    global last_cpu
    with tempfile.TemporaryDirectory(prefix="shipdesk-bundle-") as tmp:
        e = clean_env(home or Path(tmp), **env)
        c0, t0 = _children_cpu(), time.perf_counter()
        proc = subprocess.run([str(executable(gui)), *args], env=e, capture_output=True,
                              text=True, timeout=timeout, cwd=tmp, stdin=subprocess.DEVNULL)
        seconds = time.perf_counter() - t0
        last_cpu = _children_cpu() - c0
        return proc, seconds


def selftest() -> dict:
    proc, seconds = run(["selftest", "--json"])
    ok = proc.returncode == 0 and json.loads(proc.stdout.strip().splitlines()[-1]) == {"ok": True}
    return {"ok": ok, "seconds": round(seconds, 3), "cpu_seconds": round(last_cpu, 3),
            "returncode": proc.returncode,
            "stderr": proc.stderr[-2000:] if not ok else ""}


def reference_window_modules() -> list[str]:
    """The third-party packages the GUI loads up to its main window when run from this
    Python (the checkout): each must be in the bundle too, or a feature is silently lost
    (an optional import that fails just hides, e.g. a chart)."""
    with tempfile.TemporaryDirectory(prefix="shipdesk-ref-") as tmp:
        probe = Path(tmp) / "probe.json"
        code = ("import runpy, sys; sys.path.insert(0, {root!r}); "
                "exec(compile(open({hook!r}).read(), 'probe', 'exec')); "
                "sys.argv = ['shipdesk', '--demo']; "
                "runpy.run_path({entry!r}, run_name='__main__')").format(
                    root=str(ROOT), hook=str(ROOT / "packaging" / "rthook_startup_probe.py"),
                    entry=str(ROOT / "packaging" / "entry.py"))
        e = clean_env(Path(tmp), SHIPDESK_STARTUP_PROBE=str(probe))
        proc = subprocess.run([sys.executable, "-c", code], env=e, capture_output=True,
                              text=True, timeout=180, cwd=ROOT, stdin=subprocess.DEVNULL)
        if not probe.exists():
            raise RuntimeError(f"the reference run did not show its window: {proc.stderr[-2000:]}")
        found = json.loads(probe.read_text())["third_party"]
    # the venv's own import hooks (editable install, setuptools' distutils shim)
    return [m for m in found if not m.startswith(("__editable__", "_distutils_hack"))]


def missing_modules(frozen_modules: list[str]) -> dict[str, str]:
    """{module: why}: what the checkout's GUI loads and the bundle's does not."""
    missing = sorted(set(reference_window_modules()) - set(frozen_modules))
    if not missing:
        return {}
    why = window(missing)["import_errors"]
    return {m: why.get(m, "imports when asked, but the app did not load it") for m in missing}


def window(try_imports: list[str] | None = None) -> dict:
    """Start the GUI on the demo database and time it until the main window is shown
    (the runtime hook packaging/rthook_startup_probe.py reports and quits). The modules
    in `try_imports` are imported there too, and why they fail is reported."""
    with tempfile.TemporaryDirectory(prefix="shipdesk-probe-") as tmp:
        probe = Path(tmp) / "probe.json"
        proc, seconds = run(["--demo"], gui=True, SHIPDESK_STARTUP_PROBE=str(probe),
                            SHIPDESK_PROBE_IMPORTS=",".join(try_imports or []))
        got = json.loads(probe.read_text()) if probe.exists() else {}
    return {"ok": proc.returncode == 0 and "MainWindow" in got.get("windows", []),
            "seconds": got.get("seconds_since_process_start"),
            "wall_seconds": round(seconds, 3), "cpu_seconds": round(last_cpu, 3),
            "windows": got.get("windows", []), "modules": got.get("modules", []),
            "import_errors": got.get("import_errors", {}),
            "returncode": proc.returncode, "stderr": proc.stderr[-2000:]}


def window_existing_db() -> dict:
    """The daily start: the GUI on a database that exists (the sample orders imported)."""
    with tempfile.TemporaryDirectory(prefix="shipdesk-daily-") as tmp:
        home, db = Path(tmp), str(Path(tmp) / "shop.sqlite")
        sample = ROOT / "resources" / "samples" / "douyin_orders.csv"
        key = {"SHIPDESK_KEY_PASSPHRASE": "bench"}
        proc, _ = run(["import", str(sample), "--db", db], home=home, **key)
        if proc.returncode != 0:
            return {"ok": False, "stderr": proc.stderr[-2000:]}
        probe = home / "probe.json"
        proc, seconds = run(["--db", db], gui=True, home=home, SHIPDESK_STARTUP_PROBE=str(probe),
                            **key)
        got = json.loads(probe.read_text()) if probe.exists() else {}
    return {"ok": proc.returncode == 0 and "MainWindow" in got.get("windows", []),
            "seconds": got.get("seconds_since_process_start"),
            "wall_seconds": round(seconds, 3), "cpu_seconds": round(last_cpu, 3),
            "returncode": proc.returncode, "stderr": proc.stderr[-2000:]}


def postgres_driver() -> dict:
    """psycopg is in the bundle: a PostgreSQL URL fails on the connection, not the import."""
    proc, _ = run(["orders", "--db", "postgresql://nobody@127.0.0.1:1/none"])
    text = proc.stderr
    ok = proc.returncode == 2 and "cannot open" in text and "No module named" not in text \
        and "NoSuchModule" not in text
    return {"ok": ok, "stderr": text[-1000:]}


def check() -> dict:
    report = {"bundle": str(bundle_dir()), "size_mb": size_mb(), "max_mb": MAX_MB,
              "unwanted": unwanted_files(), "selftest": selftest(), "window": window(),
              "postgres_driver": postgres_driver()}
    report["missing_modules"] = missing_modules(report["window"].pop("modules"))
    report["ok"] = (report["size_mb"] <= MAX_MB and not report["unwanted"]
                    and report["selftest"]["ok"] and report["window"]["ok"]
                    and report["postgres_driver"]["ok"] and not report["missing_modules"])
    return report


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "check"
    if what == "build":
        print(build())
        return 0
    if what == "check":
        report = check()
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0 if report["ok"] else 1
    print("usage: bundle.py build|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
