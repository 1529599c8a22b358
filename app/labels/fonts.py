"""Where the embedded CJK font lives, from a checkout or a frozen bundle.

Labels must print the same on every station, so the font ships with the app instead
of relying on whatever CJK font the OS has.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

FONT_FILE = "wqy-microhei.ttc"
FONT_NAME = "WQYMicroHei"  # name registered with reportlab
FONT_SUBFONT = 0  # face 0 of the collection: WenQuanYi Micro Hei (1: Micro Hei Mono)


def resources_dir() -> Path:
    """The resources/ folder: $SHIPDESK_RESOURCES, a PyInstaller bundle, or the repo."""
    env = os.environ.get("SHIPDESK_RESOURCES")
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def font_path() -> Path:
    """Path of the label font; raises FileNotFoundError naming where it looked."""
    path = resources_dir() / "fonts" / FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"label font not found: {path}")
    return path
