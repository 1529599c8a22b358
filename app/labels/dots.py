"""Layout elements placed on the printer's dot grid, shared by ZPL, TSPL and PNG.

The PDF renderer already puts rules, boxes, bars and QR modules on whole dots; the
functions here round exactly the same way (pdf._geometry_ops), so a ZPL or TSPL
label and its PNG preview have every rule and bar where the PDF has it, and text
sits where the PDF's baseline puts it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from app.labels.barcodes import (
    QR_QUIET_MODULES,
    QUIET_MODULES,
    code128_module_dots,
    code128_symbols,
    mm_to_dots,
    qr_geometry,
)
from app.labels.layout import QR, Barcode128, Box, Element, Line, Text
from app.labels.metrics import text_width_mm
from app.labels.qrspec import qr_modules
from app.labels.raster import Bitmap, GlyphTable, TextBitmap, glyph_table, text_bitmap

Rect = tuple[int, int, int, int]  # x, y, width, height in dots
_T = TypeVar("_T")


def _avail(mm: float, dpi: int) -> int:
    """Whole dots inside a length (the floor, as the barcode fitting uses)."""
    return int(mm * dpi / 25.4 + 1e-6)


def rule_rects(el: Line | Box, dpi: int) -> list[Rect]:
    """Filled rectangles of a rule or box, identical to the PDF's."""
    out: list[Rect] = []

    def rect(x: int, y: int, w: int, h: int) -> None:
        if w > 0 and h > 0:
            out.append((x, y, w, h))

    if isinstance(el, Line):
        t = max(1, mm_to_dots(el.width, dpi))
        if el.y1 == el.y2:
            x1, x2 = sorted((mm_to_dots(el.x1, dpi), mm_to_dots(el.x2, dpi)))
            y = mm_to_dots(el.y1 - el.width / 2, dpi)
            if el.dashed:
                dash = mm_to_dots(2.0, dpi)
                for x in range(x1, x2, 2 * dash):
                    rect(x, y, min(dash, x2 - x), t)
            else:
                rect(x1, y, x2 - x1, t)
        elif el.x1 == el.x2:
            y1, y2 = sorted((mm_to_dots(el.y1, dpi), mm_to_dots(el.y2, dpi)))
            rect(mm_to_dots(el.x1 - el.width / 2, dpi), y1, t, y2 - y1)
        else:
            raise ValueError(f"only horizontal and vertical rules print on a label: {el}")
        return out
    x1, y1 = mm_to_dots(el.x, dpi), mm_to_dots(el.y, dpi)
    x2, y2 = mm_to_dots(el.x + el.w, dpi), mm_to_dots(el.y + el.h, dpi)
    if el.fill:
        rect(x1, y1, x2 - x1, y2 - y1)
    else:
        t = max(1, mm_to_dots(el.line_width, dpi))
        rect(x1, y1, x2 - x1, t)
        rect(x1, y2 - t, x2 - x1, t)
        rect(x1, y1 + t, t, y2 - y1 - 2 * t)
        rect(x2 - t, y1 + t, t, y2 - y1 - 2 * t)
    return out


def box_rect(el: Box | Text, dpi: int) -> Rect:
    """A box (or a text's box) rounded like a filled Box."""
    x1, y1 = mm_to_dots(el.x, dpi), mm_to_dots(el.y, dpi)
    return (x1, y1, mm_to_dots(el.x + el.w, dpi) - x1, mm_to_dots(el.y + el.h, dpi) - y1)


@dataclass(frozen=True, slots=True)
class BarPlacement:
    """A Code128 symbol on the dot grid: (x, y) is its first bar, quiet zone excluded."""

    x: int
    y: int
    height: int
    module: int
    quiet_x: int  # left edge of the left quiet zone


def place_barcode(el: Barcode128, dpi: int, max_module: int | None = None) -> BarPlacement:
    """Where the PDF draws this barcode. `max_module` caps the module for printer
    commands with a limit (^BY and TSPL take 1-10 dots); a capped symbol is narrower
    and re-centred, still on whole dots."""
    n = code128_module_dots(el.value, el.w, dpi)
    if max_module is not None:
        n = min(n, max_module)
    width = (11 * len(code128_symbols(el.value)) + 13 + 2 * QUIET_MODULES) * n
    x0 = mm_to_dots(el.x, dpi) + (_avail(el.w, dpi) - width) // 2
    y0 = mm_to_dots(el.y, dpi)
    return BarPlacement(x0 + QUIET_MODULES * n, y0, mm_to_dots(el.y + el.h, dpi) - y0, n, x0)


@dataclass(frozen=True, slots=True)
class QRPlacement:
    """A QR symbol on the dot grid: (x, y) is its top-left module, quiet zone excluded."""

    x: int
    y: int
    module: int
    modules: int  # per side, quiet zone excluded


def place_qr(
    el: QR, dpi: int, max_module: int | None = None, modules: int | None = None
) -> QRPlacement:
    """Where the PDF draws this QR code. `modules` (per side) defaults to the size of the
    symbol a printer would build (`qrspec.qr_modules`), which matches zxing's for
    single-mode data; the module is the largest whole dot count that fits."""
    side = modules if modules is not None else qr_modules(el.value)
    avail = _avail(el.size, dpi)
    n = avail // (side + 2 * QR_QUIET_MODULES)
    if n < 1:
        raise ValueError(f"QR code of {len(el.value)} characters does not fit in {el.size:.1f} mm")
    if max_module is not None:
        n = min(n, max_module)
    width = (side + 2 * QR_QUIET_MODULES) * n
    pad = (avail - width) // 2
    quiet = QR_QUIET_MODULES * n
    return QRPlacement(
        mm_to_dots(el.x, dpi) + pad + quiet, mm_to_dots(el.y, dpi) + pad + quiet, n, side
    )


@dataclass(frozen=True, slots=True)
class TextPlacement:
    """A line of text as a bitmap whose top-left corner is at (x, y) dots."""

    x: int
    y: int
    glyphs: TextBitmap


def place_text(el: Text, dpi: int) -> TextPlacement | None:
    """The text's bitmap where the PDF sets the line (same alignment, same baseline)."""
    tb = text_bitmap(el.text, el.font_size_pt, el.bold, dpi)
    if tb is None:
        return None
    px, py = _pen(el, dpi)
    return TextPlacement(px + tb.left, py + tb.top, tb)


def _pen(el: Text, dpi: int) -> tuple[int, int]:
    """Pen origin on the baseline, aligned with the layout's (= the PDF's) widths."""
    x = el.x
    if el.align != "left":
        free = el.w - text_width_mm(el.text, el.font_size_pt)
        x += free if el.align == "right" else free / 2
    return mm_to_dots(x, dpi), mm_to_dots(el.baseline, dpi)


def glyph_line(el: Text, page: object,
               lang: str) -> tuple[GlyphTable, dict[str, tuple], int, int]:
    """The glyph table of a line sent glyph by glyph, its glyphs as printer language `lang`
    has them (see `GlyphTable.glyph`), and its pen origin on the label (x, y with the
    page's offset; page: dpi, width, height, dx, dy)."""
    dpi = page.dpi  # type: ignore[attr-defined]
    table = glyph_table(el.font_size_pt, el.bold, dpi)
    px, py = _pen(el, dpi)
    return (table, table.payloads.setdefault(lang, {}), px + page.dx,  # type: ignore[attr-defined]
            py + page.dy)  # type: ignore[attr-defined]


def off_label(table: GlyphTable, px: int, py: int, pen_end: float, page: object) -> bool:
    """Whether a glyph's box of a line from (px, py) to the pen position `pen_end` could
    reach past the label's edge (asked once the line's glyphs are in the table): the line
    then goes as one bitmap, clipped."""
    left, right, up, down = table.reach
    return (px - left < 0 or py - up < 0 or py + down > page.height  # type: ignore[attr-defined]
            or px + pen_end + right > page.width)  # type: ignore[attr-defined]


_RUNS_MAX = 256  # about 50 label templates' constant runs per page setup


class ElementCache:
    """Rendered printer commands per element, for one page setup (dpi, size, offset).

    The layout replays repeated sections as the very same element objects, so most
    lookups succeed by identity, without hashing a dataclass; other elements are
    found by value. The maps are generational: when the young one holds `limit`
    elements it becomes the old one and the oldest is dropped, so the elements every
    label shares (found again in the old generation and moved up) survive a batch
    of per-label waybill numbers instead of being rendered again after each purge.
    """

    def __init__(self, render: Callable[[Element], bytes], limit: int = 4096) -> None:
        self._render = render
        self._limit = limit
        self._by_id: dict[int, tuple[Element, bytes]] = {}
        self._by_value: dict[Element, bytes] = {}
        self._old_by_id: dict[int, tuple[Element, bytes]] = {}
        self._old_by_value: dict[Element, bytes] = {}
        self._runs: dict[int, tuple[tuple[Element, ...], Any]] = {}

    def run(self, run: tuple[Element, ...], render: Callable[[tuple[Element, ...]], _T]) -> _T:
        """The output of a constant run of a label template (`layout.layout_runs`), by
        identity: the same tuple object comes back on every label of the template."""
        hit = self._runs.get(id(run))
        if hit is not None and hit[0] is run:
            return hit[1]
        out = render(run)
        if len(self._runs) >= _RUNS_MAX:  # runs are long (kilobytes of bitmaps each)
            self._runs.clear()
        self._runs[id(run)] = (run, out)  # keeps `run` alive, so its id stays its own
        return out

    def __call__(self, el: Element) -> bytes:
        hit = self._by_id.get(id(el))
        if hit is not None and hit[0] is el:
            return hit[1]
        out = self._by_value.get(el)
        if out is None:
            hit = self._old_by_id.get(id(el))
            if hit is not None and hit[0] is el:
                out = hit[1]
            else:
                out = self._old_by_value.get(el)
                if out is None:
                    out = self._render(el)
            self._by_value[el] = out
        if len(self._by_value) >= self._limit or len(self._by_id) >= 2 * self._limit:
            self._old_by_value, self._by_value = self._by_value, {}
            self._old_by_id, self._by_id = self._by_id, {}
        self._by_id[id(el)] = (el, out)  # keeps `el` alive, so its id stays its own
        return out


def qr_bitmap(el: QR, dpi: int) -> tuple[int, int, Bitmap]:
    """Our own QR matrix (zxing) as a bitmap where the PDF draws it, quiet zone included:
    for values a printer's QR command might read differently."""
    geo = qr_geometry(el.value, el.size, dpi)
    pad = (_avail(el.size, dpi) - geo.width_dots) // 2
    w = geo.width_dots
    rows = [0] * w
    for rx, ry, rw, rh in geo.rects():
        bits = ((1 << rw) - 1) << (w - rx - rw)
        for r in range(ry, ry + rh):
            rows[r] |= bits
    rb = (w + 7) // 8
    data = b"".join((row << (rb * 8 - w)).to_bytes(rb, "big") for row in rows)
    return mm_to_dots(el.x, dpi) + pad, mm_to_dots(el.y, dpi) + pad, Bitmap(w, w, data)


def reuse_parts(elements: list, prev: list, prev_parts: list,
                render: Callable[[object], object]) -> list:
    """The printer bytes of a label's elements. Consecutive labels of a batch share most
    element objects (the layout replays sections), so those parts come from the previous
    label and only new elements are rendered."""
    if len(elements) == len(prev):
        return [part if el is old else render(el)
                for el, old, part in zip(elements, prev, prev_parts, strict=True)]
    return [render(el) for el in elements]


def check_on_label(x: int, y: int, w: int, h: int, page: object, what: str) -> None:
    """A printer offset must not push an element off the label (page: width, height)."""
    if x < 0 or y < 0 or x + w > page.width or y + h > page.height:  # type: ignore[attr-defined]
        raise ValueError(f"the printer offset pushes the {what} off the label")


class HeadCache:
    """Printer commands of per-label numbers up to their data: digit-only numbers differ
    in their data alone and their placement follows their length, so the head is kept
    per (page, element box, length). Bounded: cleared when full."""

    def __init__(self, limit: int = 1024) -> None:
        self.limit = limit
        self._heads: dict[tuple[object, ...], object] = {}

    def get(self, key: tuple[object, ...]):  # noqa: ANN201 - str (ZPL) or bytes (TSPL)
        return self._heads.get(key)

    def put(self, key: tuple[object, ...], head):  # noqa: ANN001, ANN201
        if len(self._heads) >= self.limit:
            self._heads.clear()
        self._heads[key] = head
        return head

    def keep(self, key: tuple[object, ...], full, tail):  # noqa: ANN001, ANN201
        """Keep what `full` has before `tail` (the data and its terminator)."""
        return self.put(key, full[: full.rindex(tail)])

    def command(self, key: tuple[object, ...], tail, make):  # noqa: ANN001, ANN201
        """The command ending in `tail` (the number and its terminator): the cached head
        plus `tail`, or `make()` the first time, whose head is then kept."""
        head = self._heads.get(key)
        if head is None:
            head = self.keep(key, make(), tail)
        return head + tail

    def clear(self) -> None:
        self._heads.clear()
