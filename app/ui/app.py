"""Start the workstation: the Qt application, the bundled CJK font, the workspace, the window.

The font is bundled because a fresh Windows VM, a minimal Linux or an old Mac may lack a
Chinese font, and tofu boxes on a packing desk are not acceptable.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QThreadPool, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit, QMessageBox

from app.resources import resource
from app.services.workspace import Workspace, WorkspaceError

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
from app.ui import i18n

log = logging.getLogger(__name__)

FONT_FILE = ("fonts", "wqy-microhei.ttc")
#: the UI is written in Chinese; other languages come from .qm files when they exist
DEFAULT_LOCALE = "zh_CN"
LOCALE_ENV = "SHIPDESK_LANG"
_translators: list[QTranslator] = []  # a translator must outlive its installation
EXIT_OPEN_FAILED = 2
PASSPHRASE_TRIES = 3
#: where the key of the workspace `open_workspace` opened last is kept (for restore,
#: key rotation and the start of day): key_dir, passphrase, use_keyring
last_key_place: dict[str, object] = {}


def _tr(text: str) -> str:
    return QCoreApplication.translate("App", text)


def load_bundled_font() -> str | None:
    """Register the bundled CJK font; its family name, or None when it cannot load."""
    path = resource(*FONT_FILE)
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("cannot load the bundled font %s; Chinese may show as boxes", path)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def install_translations(app: QCoreApplication, locale: str | None = None) -> list[str]:
    """Qt's own strings (buttons of standard dialogs) and ShipDesk's, for one locale;
    returns the catalogues loaded. Missing files are fine: the source text is Chinese."""
    name = locale or os.environ.get(LOCALE_ENV) or DEFAULT_LOCALE
    loaded = i18n.install(app, name)
    _translators.append(QTranslator())  # marks "installed" for create_application
    return loaded


def create_application(argv: Sequence[str] | None = None,
                       settings: QSettings | None = None) -> QApplication:
    """The QApplication (reused when one exists, as under pytest-qt), with the CJK font,
    the language chosen in Settings and the theme."""
    app = QApplication.instance()
    if app is None:
        # fractional scaling (125 %, 150 %) as the system asks, no rounding to 2x
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(list(argv if argv is not None else sys.argv))
    assert isinstance(app, QApplication)
    app.setOrganizationName("ShipDesk")
    app.setApplicationName("ShipDesk")
    if not _translators:
        install_translations(app, i18n.chosen_locale(settings or QSettings("ShipDesk",
                                                                           "ShipDesk")))
    app.setApplicationDisplayName(QCoreApplication.translate("App", "ShipDesk 面单工作台"))
    family = load_bundled_font()
    if family:
        font = QFont(app.font())
        # system CJK fonts stay as fallbacks for glyphs the bundled font lacks
        font.setFamilies([family, "Microsoft YaHei UI", "PingFang SC", "Noto Sans CJK SC"])
        app.setFont(font)
    return app


def _needs_passphrase(exc: WorkspaceError) -> bool:
    text = str(exc)
    return ("passphrase" in text and "SHIPDESK_KEY_PASSPHRASE" in text) or \
        text.startswith("wrong passphrase")


def open_workspace(db: str | None = None, demo: bool = False) -> Workspace:
    """Open the database; asks for the key file passphrase when the key needs one."""
    last_key_place.clear()
    if demo:
        from app.services.demo import DEMO_PASSPHRASE, create_demo, demo_dir

        last_key_place.update(key_dir=demo_dir() / "keys", use_keyring=False,
                              passphrase=os.environ.get("SHIPDESK_DEMO_PASSPHRASE",
                                                        DEMO_PASSPHRASE))
        return create_demo()
    try:
        return Workspace.open(db)
    except WorkspaceError as exc:
        if not _needs_passphrase(exc):
            raise
        error = exc
    for _ in range(PASSPHRASE_TRIES):
        if "to protect the key file" in str(error):  # a new database, no OS keyring
            label = QCoreApplication.translate("App", "这台电脑没有可用的系统钥匙串。请设置一个口令来保护数据库密钥文件，"
                        "并牢记它（丢失口令就无法打开订单数据）：")
        else:
            label = QCoreApplication.translate("App", "这个数据库的密钥文件受口令保护，请输入口令：")
        text, ok = QInputDialog.getText(None, QCoreApplication.translate("App", "数据库口令"), label + "\n\n" + str(error),
                                        QLineEdit.EchoMode.Password)
        if not ok:
            break
        try:
            ws = Workspace.open(db, passphrase=text)
        except WorkspaceError as exc:
            if not _needs_passphrase(exc):
                raise
            error = exc
        else:
            last_key_place["passphrase"] = text
            return ws
    raise error


def key_place_of(place: dict[str, object] | None = None):  # noqa: ANN201
    """The KeyPlace for services (keys, backup) from `open_workspace`'s record."""
    from app.services.keys import KeyPlace

    place = dict(last_key_place if place is None else place)
    if place.get("passphrase") is None:
        place["passphrase"] = os.environ.get("SHIPDESK_KEY_PASSPHRASE")
    return KeyPlace(**place)  # type: ignore[arg-type]


def login_at_start(ws: Workspace, parent=None) -> bool:  # noqa: ANN001
    """When the shop has operators, who is at the desk; False when the user cancels."""
    from app.services import operators
    from app.ui.operators_dialog import LoginDialog

    if not operators.has_operators(ws) or operators.current(ws) is not None:
        return True
    return LoginDialog(ws, parent).exec() == QDialog.DialogCode.Accepted


def restore_workspace(ws: Workspace, path: str, place: object) -> tuple[Workspace, str, bool]:
    """Close `ws`, restore the backup `path` over its database, open it again.

    Returns (the workspace now open, a message for the user, whether it was restored).
    When the restore fails the old database is untouched and opened again."""
    from app.ui.backup_dialog import run_restore

    url, operator = ws.url, ws.operator
    ws.close()
    kw = {"key_dir": getattr(place, "key_dir", None),
          "passphrase": getattr(place, "passphrase", None),
          "use_keyring": getattr(place, "use_keyring", True)}
    try:
        info = run_restore(url, path, operator=operator, **kw)
    except Exception as exc:  # noqa: BLE001 - any failure: say it, reopen the old file
        log.warning("restore failed: %s", exc)
        message = QCoreApplication.translate("App", "没有恢复：{0}\n当前数据库没有改动。").format(exc)
        restored = False
    else:
        message = QCoreApplication.translate(
            "App", "已从备份恢复：{0}\n恢复前的数据库另存为：{1}").format(
            Path(info.restored_from).name, info.kept or "—")
        restored = True
    new = Workspace.open(url, **kw)  # type: ignore[arg-type]
    new.operator = operator
    return new, message, restored


def show_open_error(exc: BaseException, db: str | None) -> None:
    """Say what happened and what to do; the process then exits with code 2."""
    where = db or QCoreApplication.translate("App", "默认位置（用户数据目录）")
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("App", "无法打开数据库"),
                      QCoreApplication.translate("App", "ShipDesk 无法打开订单数据库：") + f"\n{where}")
    box.setInformativeText(QCoreApplication.translate("App",
        "请检查：\n"
        "• 数据库路径是否正确、文件是否被其他程序占用；\n"
        "• 如果提示需要口令，请设置环境变量 SHIPDESK_KEY_PASSPHRASE 后重新启动；\n"
        "• 如果提示密钥不对或找不到，请恢复该数据库的密钥备份。\n"
        "想先看看软件，可以用 shipdesk --demo 打开演示数据。"))
    box.setDetailedText(f"{type(exc).__name__}: {exc}")
    box.exec()


def open_import_dialog(window: MainWindow) -> object:
    """The full import dialog (drop files, preview, mapping, progress) for Ctrl+I."""
    from app.ui.import_dialog import ImportDialog

    dlg = ImportDialog(window.ws, window)
    dlg.imported.connect(window.refresh)
    dlg.show()
    return dlg


def run(db: str | None = None, demo: bool = False) -> int:
    """Open the workstation and run until the window closes; 2 when the database won't open.

    A new database (no sender, no orders) starts with the first-run wizard; cancelling it
    opens the window anyway (the wizard is in Settings). A shop with operators logs in
    first (cancel: exit 0). A restore asked for in 备份与恢复 closes the window; the
    backup is restored here, with the workspace closed, and the window opens again."""
    settings = QSettings("ShipDesk", "ShipDesk")
    app = create_application(settings=settings)
    from app.services import setup
    from app.ui.main_window import MainWindow  # after QApplication: widgets need it
    from app.ui.theme import ensure_theme
    from app.ui.wizard import FirstRunWizard

    ensure_theme(str(settings.value("ui/theme", "system")))
    try:
        ws = open_workspace(db, demo)
    except Exception as exc:  # every failure to open must end in a dialog, not a traceback
        log.warning("cannot open the database: %s", exc)
        show_open_error(exc, db)
        return EXIT_OPEN_FAILED
    from app.ui.extensions import install_extensions

    place = key_place_of()
    if not demo and setup.is_first_run(ws):
        FirstRunWizard(ws, settings).exec()
    first = True
    while True:
        if not login_at_start(ws):
            QThreadPool.globalInstance().waitForDone(30000)
            ws.close()
            return 0
        window = MainWindow(ws, settings, demo=demo)
        window.set_import_dialog_factory(open_import_dialog)
        window.key_place = place
        install_extensions(window, start_of_day=first)
        first = False
        try:
            window.show()
            # what start-up made lives as long as the window: keep it out of the
            # collector, whose full passes otherwise stall a scroll for 0.1 s on big shops
            gc.freeze()
            code = app.exec()
        finally:
            while window.replacement is not None:  # a language switch rebuilt the window
                window.shutdown()
                window = window.replacement
            window.shutdown()
            QThreadPool.globalInstance().waitForDone(30000)
            if window.restore_request is None:
                ws.close()
        if window.restore_request is None:
            return code
        try:
            ws, message, restored = restore_workspace(ws, window.restore_request, place)
        except Exception as exc:  # noqa: BLE001 - the database must reopen or we say so
            show_open_error(exc, db)
            return EXIT_OPEN_FAILED
        icon = QMessageBox.Icon.Information if restored else QMessageBox.Icon.Warning
        QMessageBox(icon, QCoreApplication.translate("App", "备份与恢复"), message).exec()
