"""Smoke test of the built app (CI: .ci/run passes this file to pytest after tests/).

Builds the PyInstaller one-folder bundle from packaging/shipdesk.spec, then runs it as a
fresh install would: `shipdesk selftest` offscreen (boots, opens a database, renders a
label, exits 0), the GUI up to its main window, and a PostgreSQL URL (psycopg bundled).
The bundle must stay within 250 MB and carry none of the unused Qt modules.
Takes a few minutes (PyInstaller); not part of the default `./dev test` run.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("shipdesk_bundle", HERE / "bundle.py")
bundle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle)


@pytest.fixture(scope="module")
def built():
    if os.environ.get("SHIPDESK_BUNDLE_REUSE") and bundle.executable().exists():
        return bundle.bundle_dir()
    return bundle.build()


def _record(name: str, data: dict) -> None:
    report = bundle.OUT / "smoke.json"
    old = json.loads(report.read_text()) if report.exists() else {}
    old[name] = data
    report.write_text(json.dumps(old, ensure_ascii=False, indent=1))
    print(f"\nbundle {name}: {json.dumps(data, ensure_ascii=False)}", file=sys.stderr)


def test_bundle_size_and_contents(built):
    size = bundle.size_mb(built)
    _record("size_mb", {"size_mb": size, "max_mb": bundle.MAX_MB})
    assert size <= bundle.MAX_MB, f"the bundle is {size} MB"
    assert bundle.unwanted_files(built) == []
    assert (built / "_internal" / "resources" / "fonts").is_dir() or \
        any(built.rglob("wqy-microhei.ttc"))
    assert any(built.rglob("0001_first_schema.py")), "the Alembic migrations are missing"


def test_bundle_selftest_offscreen(built):
    result = bundle.selftest()
    _record("selftest", result)
    assert result["ok"], result


def test_bundle_opens_its_main_window_with_everything_it_needs(built):
    result = bundle.window()
    modules = result.pop("modules")
    _record("window", result)
    assert result["ok"], result
    # what the GUI loads from a checkout, the bundle must load too
    assert bundle.missing_modules(modules) == {}


def test_bundle_speaks_postgresql(built):
    result = bundle.postgres_driver()
    assert result["ok"], result
