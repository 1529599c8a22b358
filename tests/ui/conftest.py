"""GUI tests run headless, and never touch the user's data directory or Qt settings."""

import os
import tempfile

# before anything imports Qt: no screen needed, and QSettings/ data dirs in a temp folder
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SESSION_HOME = tempfile.mkdtemp(prefix="shipdesk-ui-tests-")
os.environ["SHIPDESK_HOME"] = os.path.join(_SESSION_HOME, "home")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SESSION_HOME, "config")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, QThreadPool  # noqa: E402


@pytest.fixture
def demo_ws(tmp_path):
    """A fresh demo workspace (~160 Douyin orders) in this test's temp folder."""
    from app.services.demo import create_demo

    ws = create_demo(tmp_path / "demo")
    yield ws
    QThreadPool.globalInstance().waitForDone(30000)
    ws.close()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, demo_ws, settings):
    """Build a MainWindow on the demo workspace; closed (and its task waited for) after."""
    from app.ui.main_window import MainWindow

    made = []

    def make(ws=None, **kw):
        w = MainWindow(ws or demo_ws, settings, **kw)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        w.shutdown()


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture(scope="session")
def english_catalogue(tmp_path_factory):
    """The English .qm, built from the committed .ts with the venv's lrelease (the set-up
    builds the same into resources/translations)."""
    from app.ui import i18n

    out = tmp_path_factory.mktemp("qm")
    built = i18n.build(i18n.translations_dir(), out)
    assert any(p.name == "shipdesk_en.qm" for p in built)
    return out


@pytest.fixture
def english(english_catalogue, monkeypatch, qapp):
    """Switch catalogues to the built folder; Chinese again afterwards."""
    from app.ui import i18n

    monkeypatch.setattr(i18n, "translations_dir", lambda: english_catalogue)
    yield english_catalogue
    i18n.install(qapp, "zh_CN")
