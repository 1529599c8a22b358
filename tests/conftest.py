import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SHIPDESK_KEY_PASSPHRASE", "test-passphrase")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test touches the real user data directory or the OS keyring."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SHIPDESK_HOME", str(home))
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    yield


@pytest.fixture
def ws(tmp_path):
    from app.services.workspace import Workspace

    w = Workspace.open(str(tmp_path / "t.sqlite"), key_dir=tmp_path / "keys")
    yield w
    w.close()


@pytest.fixture
def douyin_csv():
    return SAMPLES / "douyin_orders.csv"
