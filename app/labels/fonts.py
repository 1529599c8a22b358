"""Where the embedded CJK font lives, from a checkout or a frozen bundle.

Labels must print the same on every station, so the font ships with the app instead
of relying on whatever CJK font the OS has.
"""

from __future__ import annotations

from pathlib import Path

from app.resources import resource

FONT_FILE = "wqy-microhei.ttc"
FONT_NAME = "WQYMicroHei"  # name registered with reportlab
FONT_SUBFONT = 0  # face 0 of the collection: WenQuanYi Micro Hei (1: Micro Hei Mono)


def font_path() -> Path:
    """Path of the label font; raises FileNotFoundError naming where it looked."""
    path = resource("fonts", FONT_FILE)
    if not path.is_file():
        raise FileNotFoundError(f"label font not found: {path}")
    return path
