"""Where bundled resources are: $SHIPDESK_RESOURCES, a PyInstaller bundle, or the checkout."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    env = os.environ.get("SHIPDESK_RESOURCES")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
