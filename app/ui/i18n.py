"""Languages: Chinese is the source text, English comes from a Qt Linguist catalogue.

    python -m app.ui.i18n build     .ts → .qm with the venv's pyside6-lrelease (the set-up)

The .ts is kept by hand: most strings go through helpers with an explicit context
(`tr(text, CTX)`, `_t`, tables translated through a variable) that pyside6-lupdate cannot
follow — running it would file them under wrong contexts and mark the real entries
obsolete, which lrelease then leaves out. Add an entry under the context the code uses.

Source strings are Chinese (sourcelanguage zh_CN), so the default UI needs no catalogue
at all: a missing .qm can never leave a packer with an English or empty screen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from app.resources import resource

DEFAULT_LOCALE = "zh_CN"
LOCALE_ENV = "SHIPDESK_LANG"
SETTINGS_KEY = "ui/language"
#: (locale, name in its own language)
LANGUAGES: tuple[tuple[str, str], ...] = (("zh_CN", "中文（简体）"), ("en", "English"))
CATALOGUES = ("shipdesk_en",)

_installed: list[QTranslator] = []  # a translator must outlive its installation
_current = DEFAULT_LOCALE


def translations_dir() -> Path:
    return resource("translations")


def chosen_locale(settings: QSettings | None = None) -> str:
    """The environment wins (for support and tests), then the station's setting."""
    env = os.environ.get(LOCALE_ENV)
    if env:
        return env
    if settings is not None:
        value = str(settings.value(SETTINGS_KEY, "") or "")
        if value:
            return value
    return DEFAULT_LOCALE


def current_locale() -> str:
    return _current


def install(app: QCoreApplication, locale: str | None = None) -> list[str]:
    """Replace the installed catalogues with those of `locale`; the names loaded."""
    global _current
    name = locale or chosen_locale()
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    QLocale.setDefault(QLocale(name))
    loaded = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue, folder in ((f"qtbase_{name}", qt_dir),
                              (f"shipdesk_{name}", str(translations_dir()))):
        tr = QTranslator(app)
        if tr.load(catalogue, folder):
            app.installTranslator(tr)
            _installed.append(tr)
            loaded.append(catalogue)
    _current = name
    return loaded


def _tool(name: str) -> str | None:
    """pyside6-<name> next to this Python (the venv), on PATH, or inside PySide6."""
    here = Path(sys.executable).parent
    for candidate in (here / f"pyside6-{name}", here / f"pyside6-{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found:
        return found
    try:
        import PySide6

        pkg = Path(PySide6.__file__).parent
        for candidate in (pkg / name, pkg / f"{name}.exe", pkg / "Qt" / "libexec" / name):
            if candidate.exists():
                return str(candidate)
    except ImportError:  # pragma: no cover
        pass
    return None


def build(folder: Path | None = None, out: Path | None = None) -> list[Path]:
    """Compile every .ts in `folder` into a .qm in `out` (same folder by default)."""
    folder = folder or translations_dir()
    out = out or folder
    lrelease = _tool("lrelease")
    if lrelease is None:
        raise RuntimeError("pyside6-lrelease not found: install PySide6 in this environment")
    out.mkdir(parents=True, exist_ok=True)
    built = []
    for ts in sorted(folder.glob("*.ts")):
        qm = out / (ts.stem + ".qm")
        subprocess.run([lrelease, "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


if __name__ == "__main__":
    for path in build():
        print(path)
