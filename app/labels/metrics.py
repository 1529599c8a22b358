"""Text metrics of the embedded CJK font, without loading it.

The layout must decide line breaks and font sizes before any renderer runs, and it
must not import reportlab (ZPL/TSPL renderers reuse the same element list). The
advance widths below were read once from resources/fonts/wqy-microhei.ttc (face 0);
every other character is taken as one full em, which is exact for CJK and on the
safe (too wide) side for the rest.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat

MM_PER_PT = 25.4 / 72.0

#: Ascent and descent of WenQuanYi Micro Hei, in em. Used to centre a line in its box.
ASCENT_EM = 0.765
DESCENT_EM = 0.240

# Advance widths in 1/1000 em for U+0020..U+007E.
_ASCII_WIDTHS = (
    260, 269, 402, 646, 551, 825, 702, 226, 301, 301, 551, 551, 250, 322, 268, 373,
    551, 551, 551, 551, 551, 551, 551, 551, 551, 551, 268, 268, 551, 551, 551, 426,
    866, 608, 621, 603, 684, 528, 491, 690, 701, 339, 271, 579, 491, 870, 729, 742,
    576, 741, 590, 519, 519, 698, 568, 884, 547, 527, 539, 303, 373, 303, 532, 411,
    577, 531, 586, 463, 586, 535, 329, 518, 589, 259, 259, 496, 259, 896, 589, 577,
    586, 586, 399, 451, 339, 589, 479, 746, 500, 489, 441, 354, 551, 354, 551,
)  # fmt: skip
_WIDTHS: dict[str, int] = {chr(32 + i): w for i, w in enumerate(_ASCII_WIDTHS)}
_WIDTHS.update({"×": 551, "·": 268, "\u00a0": 260})
_FULL_EM = 1000


def char_width_em(ch: str) -> float:
    """Advance of one character in em."""
    return _WIDTHS.get(ch, _FULL_EM) / 1000.0


@lru_cache(maxsize=16384)
def _units(text: str) -> int:
    # cached: tokens, sender lines and fixed captions repeat on every label of a batch
    return sum(map(_WIDTHS.get, text, repeat(_FULL_EM)))  # C speed: per-label numbers


def text_width_mm(text: str, size_pt: float) -> float:
    """Width of `text` set in the label font at `size_pt`, in millimetres."""
    return _units(text) * size_pt * MM_PER_PT / 1000.0


def pt_to_mm(size_pt: float) -> float:
    """Font size in points to millimetres (1 em)."""
    return size_pt * MM_PER_PT
