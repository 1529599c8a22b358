"""PDF renderer: one page per label, page size exactly the label.

Drawn at canvas level (no platypus) because batches of thousands of labels must
render fast. Bars, QR modules, rules and boxes are emitted as integer rectangles in
a dot-unit coordinate system, so every edge sits on the printer's dot grid (x from
the page's left edge, y from its top edge, where a thermal printer starts) and a
203/300 dpi printer reproduces bar widths exactly.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.core.labeldata import LabelData
from app.labels.barcodes import code128_geometry, mm_to_dots, qr_geometry
from app.labels.dots import rule_rects
from app.labels.fonts import FONT_NAME, FONT_SUBFONT, font_path
from app.labels.layout import QR, Barcode128, Box, Element, Line, Text, build_layout, page_size_mm
from app.labels.metrics import text_width_mm

PT_PER_MM = 72.0 / 25.4
BOLD_STROKE_EM = 0.035  # fake bold: the font has no bold face, so outline the glyphs too

_font_lock = threading.Lock()
_font_ready = False


def register_font() -> str:
    """Register the CJK font with reportlab once per process (parsing it takes ~0.2 s)."""
    global _font_ready
    if not _font_ready:
        with _font_lock:
            if not _font_ready:
                pdfmetrics.registerFont(
                    TTFont(FONT_NAME, str(font_path()), subfontIndex=FONT_SUBFONT)
                )
                _font_ready = True
    return FONT_NAME


def _geometry_ops(elements: list[Element], dpi: int) -> str:
    """PDF operators for every non-text element, in whole dots from the top-left."""
    fills: list[str] = []
    strokes: list[str] = []

    def rect(x: int, y: int, w: int, h: int) -> None:
        if w > 0 and h > 0:
            fills.append(f"{x} {y} {w} {h} re\n")

    for el in elements:
        if isinstance(el, Barcode128):
            geo = code128_geometry(el.value, el.w, dpi)
            x0 = mm_to_dots(el.x, dpi) + (int(el.w * dpi / 25.4 + 1e-6) - geo.width_dots) // 2
            y0 = mm_to_dots(el.y, dpi)
            h = mm_to_dots(el.y + el.h, dpi) - y0
            for bx, bw in geo.bars(x0):
                rect(bx, y0, bw, h)
        elif isinstance(el, QR):
            qr = qr_geometry(el.value, el.size, dpi)
            pad = (int(el.size * dpi / 25.4 + 1e-6) - qr.width_dots) // 2
            x0 = mm_to_dots(el.x, dpi) + pad
            y0 = mm_to_dots(el.y, dpi) + pad
            for r in qr.rects(x0, y0):
                rect(*r)
        elif isinstance(el, Line) and el.x1 != el.x2 and el.y1 != el.y2:
            # not used by the layout; drawn as a plain stroke
            t = max(1, mm_to_dots(el.width, dpi))
            k = dpi / 25.4
            strokes.append(
                f"{t} w {el.x1 * k:.2f} {el.y1 * k:.2f} m {el.x2 * k:.2f} {el.y2 * k:.2f} l S\n"
            )
        elif isinstance(el, (Line, Box)):  # the same whole-dot rectangles the printers get
            for r in rule_rects(el, dpi):
                rect(*r)
    ops = "".join(fills)
    if ops:
        ops += "f\n"
    return ops + "".join(strokes)


def _text_ops(c: Canvas, elements: list[Element], page_h_pt: float) -> str:
    """One BT..ET block for every Text, written with the dynamic-font recipe from
    reportlab.pdfbase.ttfonts (splitString + getSubsetInternalName): a text object
    per line costs more than the whole rest of the label."""
    font = pdfmetrics.getFont(FONT_NAME)
    doc = c._doc  # the document the font subsets are registered with
    ops: list[str] = ["q BT\n"]
    state = (None, None, False, False)  # subset, size, bold, reverse
    for el in elements:
        if not isinstance(el, Text) or not el.text:
            continue
        size = el.font_size_pt
        x = el.x
        if el.align != "left":
            free = el.w - text_width_mm(el.text, size)
            x += free if el.align == "right" else free / 2
        if (el.bold, el.reverse) != state[2:]:
            grey = "1" if el.reverse else "0"
            ops.append(f"{grey} g {grey} G ")
            if el.bold:
                ops.append(f"2 Tr {size * BOLD_STROKE_EM:.3f} w\n")
            else:
                ops.append("0 Tr\n")
        elif el.bold and size != state[1]:
            ops.append(f"{size * BOLD_STROKE_EM:.3f} w\n")
        subset, cur_size = state[0], state[1]
        ops.append(f"1 0 0 1 {x * PT_PER_MM:.2f} {page_h_pt - el.baseline * PT_PER_MM:.2f} Tm\n")
        for sub, chunk in font.splitString(el.text, doc):
            if sub != subset or size != cur_size:
                ops.append(f"{font.getSubsetInternalName(sub, doc)} {size:.2f} Tf ")
                subset, cur_size = sub, size
            ops.append(f"({escapePDF(chunk)}) Tj\n")
        state = (subset, cur_size, el.bold, el.reverse)
    ops.append("ET Q")
    return "".join(ops)


def _draw_label(c: Canvas, elements: list[Element], page_h_pt: float, dpi: int) -> None:
    k = 72.0 / dpi
    geometry = _geometry_ops(elements, dpi)
    if geometry:
        c.addLiteral(f"q 0 g {k:.6f} 0 0 {-k:.6f} 0 {page_h_pt:.4f} cm\n{geometry}Q")
    c.addLiteral(_text_ops(c, elements, page_h_pt))


@contextmanager
def _binary_streams() -> Iterator[None]:
    """Skip ASCII85 on streams while saving: it only serves 7-bit transports, grows the
    file by a quarter and, without reportlab's C accelerator, dominates render time."""
    old = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = old


def render_pdf(
    labels: Iterable[LabelData],
    size: str,
    out: str | Path | BinaryIO,
    dpi: int = 203,
) -> int:
    """Write one page per label to `out` (path or binary file); returns the page count.

    `dpi` is the target printer's resolution: bars and QR modules are laid on its dot
    grid. Personal data is printed exactly as given (LabelData is already masked).
    Raises ValueError for no labels: a PDF without pages is not a valid file, and
    nothing is written in that case.
    """
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    w_mm, h_mm = page_size_mm(size)
    todo = iter(labels)
    first = next(todo, None)
    if first is None:
        raise ValueError("no labels to render")
    register_font()
    page = (w_mm * PT_PER_MM, h_mm * PT_PER_MM)
    target = str(out) if isinstance(out, Path) else out
    pages = 0
    with _binary_streams():
        c = Canvas(target, pagesize=page, pageCompression=1, invariant=1)
        c.setTitle("ShipDesk labels")
        c.setCreator("ShipDesk")
        for label in chain((first,), todo):
            _draw_label(c, build_layout(label, size), page[1], dpi)
            c.showPage()
            pages += 1
        c.save()
    return pages
