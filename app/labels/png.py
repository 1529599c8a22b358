"""PNG preview of a label, rasterised from the shared layout on the printer's dot grid.

The preview is what a thermal head would burn: one pixel per dot at `dpi`, rules,
bars and QR modules rounded exactly as in the PDF, text from the same glyph bitmaps
the ZPL and TSPL renderers send. It needs only Pillow (no PDF rasteriser at
runtime), so the UI can show it for any label instantly.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from app.core.labeldata import LabelData
from app.labels.barcodes import code128_geometry, mm_to_dots, qr_geometry
from app.labels.dots import box_rect, place_barcode, place_text, rule_rects
from app.labels.layout import QR, Barcode128, Box, Line, Text, build_layout, page_size_mm


def render_image(label: LabelData, size: str, dpi: int = 203) -> Image.Image:
    """The label as a mode "1" image, one pixel per printer dot (black = 0)."""
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    w_mm, h_mm = page_size_mm(size)
    img = Image.new("1", (mm_to_dots(w_mm, dpi), mm_to_dots(h_mm, dpi)), 1)
    draw = ImageDraw.Draw(img)

    def rect(x: int, y: int, w: int, h: int, fill: int = 0) -> None:
        if w > 0 and h > 0:
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill=fill)

    for el in build_layout(label, size):
        if isinstance(el, Line | Box):
            for r in rule_rects(el, dpi):
                rect(*r)
        elif isinstance(el, Barcode128):
            geo = code128_geometry(el.value, el.w, dpi)
            bar = place_barcode(el, dpi)
            for x, w in geo.bars(bar.quiet_x):
                rect(x, bar.y, w, bar.height)
        elif isinstance(el, QR):
            qr = qr_geometry(el.value, el.size, dpi)
            pad = (int(el.size * dpi / 25.4 + 1e-6) - qr.width_dots) // 2
            for r in qr.rects(mm_to_dots(el.x, dpi) + pad, mm_to_dots(el.y, dpi) + pad):
                rect(*r)
        elif isinstance(el, Text):
            placed = place_text(el, dpi)
            if placed is None:
                continue
            bm = placed.glyphs.bitmap
            # the rows read as mode "1" make ink = 1: a ready paste mask
            mask = Image.frombytes("1", (bm.row_bytes * 8, bm.height), bm.data)
            if el.reverse:  # white text knocked out of the black box under it
                x, y, w, h = box_rect(el, dpi)
                rect(x, y, w, h)
            img.paste(1 if el.reverse else 0, (placed.x, placed.y), mask)
    return img


def render_png(label: LabelData, size: str, dpi: int = 203) -> bytes:
    """PNG bytes of the label preview (1-bit, `dpi` pixels per inch recorded)."""
    buf = io.BytesIO()
    render_image(label, size, dpi).save(buf, "PNG", dpi=(dpi, dpi))
    return buf.getvalue()
