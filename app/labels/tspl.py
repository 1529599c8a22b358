"""TSPL/TSPL2 renderer (TSC and most Chinese 4-inch label printers: Xprinter, Gprinter,
HPRT, Deli...): the shared layout as TSPL commands, one SIZE..PRINT job per label.

- Code128 uses BARCODE "128M" (manual subsets) with the start and switch codes we
  measured (!105 !104 !099 !100), narrow = wide = the module in whole dots, so the
  printer draws exactly the PDF's bars. Values with a character whose escaping
  printers disagree on (! " \\) are drawn as BAR rectangles of our own geometry.
- QR codes use QRCODE with the cell width in whole dots; values other than plain
  printable ASCII are sent as a BITMAP of our own matrix.
- Text is BITMAPs of the embedded font (raster.py), a line glyph by glyph (each
  glyph's bytes made once per batch; see `_glyph_bitmaps`). TSPL bitmap bits are
  0 = black, 1 = white (TSC manual, BITMAP; the opposite of ZPL), so rows are
  inverted. Bitmaps use mode 0 (OVERWRITE), whose meaning is the same on every
  firmware; no bitmap's rectangle covers ink drawn before it, and white-on-black
  badges are sent as the whole black box with the text knocked out (no BAR under
  them), so a firmware that ORs bitmaps prints the same label.
- Rules and boxes are BAR rectangles rounded like the PDF's, sent after the text (a
  glyph's box reaching a rule's row cannot whiten it then; BOX's corner and
  thickness conventions differ between firmware; four BARs do not).

Offsets are applied here (as in zpl.py) with REFERENCE 0,0, and clipped at the edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.core.labeldata import LabelData
from app.labels.barcodes import code128_geometry, code128_symbols, mm_to_dots
from app.labels.dots import (
    ElementCache,
    HeadCache,
    box_rect,
    check_on_label,
    glyph_line,
    off_label,
    place_barcode,
    place_qr,
    place_text,
    qr_bitmap,
    reuse_parts,
    rule_rects,
)
from app.labels.layout import (
    QR,
    Barcode128,
    Box,
    Element,
    Line,
    Text,
    layout_runs,
    page_size_mm,
)
from app.labels.raster import INVERT, Bitmap, GlyphTable, reverse_box, text_bitmap
from app.labels.zpl import native_qr

MAX_MODULE = 10  # BARCODE narrow/wide and QRCODE cell width take 1-10 dots
DENSITY_RANGE = range(0, 16)
_TSPL_CODES = {104: "!104", 105: "!105", 99: "!099", 100: "!100"}


@dataclass(frozen=True, slots=True)
class _Page:
    dpi: int
    width: int
    height: int
    dx: int
    dy: int


def _clip(x: int, y: int, w: int, h: int, page: _Page) -> tuple[int, int, int, int] | None:
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + w, page.width), min(y + h, page.height)
    return (x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def _bar(rect: tuple[int, int, int, int], page: _Page) -> bytes:
    clipped = _clip(rect[0] + page.dx, rect[1] + page.dy, rect[2], rect[3], page)
    if clipped is None:
        return b""
    return b"BAR %d,%d,%d,%d\r\n" % clipped


def bitmap_command(x: int, y: int, bitmap: Bitmap, page: _Page | None = None) -> bytes:
    """BITMAP in OVERWRITE mode, clipped to the label when a page is given."""
    if page is not None:
        x0, y0 = max(x, 0), max(y, 0)
        x1, y1 = min(x + bitmap.width, page.width), min(y + bitmap.height, page.height)
        if x1 <= x0 or y1 <= y0:
            return b""
        if (x0, y0, x1, y1) != (x, y, x + bitmap.width, y + bitmap.height):
            bitmap = bitmap.crop(x0 - x, y0 - y, x1 - x, y1 - y)
            x, y = x0, y0
    head = b"BITMAP %d,%d,%d,%d,0," % (x, y, bitmap.row_bytes, bitmap.height)
    return head + bitmap.inverted() + b"\r\n"


def code128_data(value: str) -> str | None:
    """BARCODE "128M" content with our start/switch codes, or None when the value holds a
    character ("!", '"', "\\") that the manual-subset syntax cannot carry unambiguously."""
    if any(c in value for c in '!"\\'):
        return None
    symbols = code128_symbols(value)
    if symbols[0] == 105 and len(symbols) == len(value) // 2 + 2:  # all set C
        return "!105" + value
    out: list[str] = []
    subset_c = False
    for sym in symbols[:-1]:  # the printer adds the checksum
        code = _TSPL_CODES.get(sym)
        if code is not None:
            out.append(code)
            subset_c = sym in (99, 105)
        else:
            out.append(f"{sym:02d}" if subset_c else chr(sym + 32))
    return "".join(out)



_DIGIT_HEADS = HeadCache()  # per-label numbers: the command up to their data


def _barcode(el: Barcode128, page: _Page) -> bytes:
    value = el.value
    if not len(value) & 1 and value.isdigit() and value.isascii():  # all in set C
        key = ("bar", page, el.x, el.y, el.w, el.h, len(value))
        return _DIGIT_HEADS.command(key, value.encode("ascii") + b'"\r\n',
                                    lambda: _barcode_cmd(el, page))
    return _barcode_cmd(el, page)


def _barcode_cmd(el: Barcode128, page: _Page) -> bytes:
    data = code128_data(el.value)
    if data is None:  # our own bars, exactly as the PDF draws them
        geo = code128_geometry(el.value, el.w, page.dpi)
        bar = place_barcode(el, page.dpi)
        return b"".join(_bar((x, bar.y, w, bar.height), page) for x, w in geo.bars(bar.quiet_x))
    # the placement depends on the number of symbols only
    key = ("bar-n", page, el.x, el.y, el.w, el.h, len(code128_symbols(el.value)))
    head = _DIGIT_HEADS.get(key)
    if head is None:
        bar = place_barcode(el, page.dpi, MAX_MODULE)
        x, y = bar.x + page.dx, bar.y + page.dy
        width = (11 * len(code128_symbols(el.value)) + 13) * bar.module
        check_on_label(x, y, width, bar.height, page, f"barcode {el.value}")
        n = bar.module
        head = f'BARCODE {x},{y},"128M",{bar.height},0,0,{n},{n},"'.encode("ascii")
        _DIGIT_HEADS.put(key, head)
    return head + data.encode("ascii") + b'"\r\n'


def _qr(el: QR, page: _Page) -> bytes:
    value = el.value
    if value.isdigit() and value.isascii():  # numeric mode: the version follows the length
        key = ("qr", page, el.x, el.y, el.size, len(value))
        return _DIGIT_HEADS.command(key, value.encode("ascii") + b'"\r\n',
                                    lambda: _qr_cmd(el, page))
    return _qr_cmd(el, page)


def _qr_cmd(el: QR, page: _Page) -> bytes:
    if not native_qr(el.value):
        x0, y0, bitmap = qr_bitmap(el, page.dpi)
        w = bitmap.width
        check_on_label(x0 + page.dx, y0 + page.dy, w, w, page, "QR code")
        return bitmap_command(x0 + page.dx, y0 + page.dy, bitmap)
    qr = place_qr(el, page.dpi, MAX_MODULE)
    x, y = qr.x + page.dx, qr.y + page.dy
    size = qr.modules * qr.module
    check_on_label(x, y, size, size, page, "QR code")
    return f'QRCODE {x},{y},M,{qr.module},A,0,"{el.value}"\r\n'.encode("ascii")


def _glyph_bitmaps(el: Text, page: _Page) -> bytes | None:
    """A line as one BITMAP per glyph, each glyph's bytes made once per batch (cheaper than
    composing the line). A glyph's box is whole bytes wide, so it has white columns right
    of its ink, and OVERWRITE paints them: glyphs are drawn left to right, and each one
    repaints what the box before whitened. A glyph whose box would pass the line's own box
    (the line's bitmap, whole bytes from its first ink), or whose ink shares columns with
    the one before, goes with the rest of the line as one bitmap, cut on a byte boundary
    between two glyphs and drawn last. No box covers ink drawn before it and all lie in
    the line's box, so OVERWRITE and OR print the dots of the line's bitmap. None when
    the line must go as one bitmap (no such cut, or at the label's edge)."""
    table, glyphs, px, py = glyph_line(el, page, "tspl")
    get = glyphs.get
    xs: list[int] = []
    placed: list[tuple[float, int, int, int, bytes]] = []
    pos = 0.0
    far = -1  # where the line's ink ends
    for ch in el.text:
        glyph = get(ch) or table.glyph("tspl", ch, _glyph_tail)
        width = glyph[3]
        if width:
            x = px + round(pos) + glyph[1]
            xs.append(x)
            placed.append(glyph)
            if x + width > far:
                far = x + width
        pos += glyph[0]
    if not placed:
        return b""
    if off_label(table, px, py, pos, page):
        return None
    x0 = xs[0]
    line_end = x0 + ((far - x0 + 7) & ~7)
    out: list[bytes] = []
    reach = x0  # the ink drawn so far ends here
    for x, (_adv, _left, top, width, tail) in zip(xs, placed, strict=True):
        if x < reach or x + ((width + 7) & ~7) > line_end:
            break
        out.append(b"BITMAP %d,%d,%s" % (x, py + top, tail))
        reach = x + width
    else:
        return b"".join(out)
    # the rest from a byte boundary before glyph c that no ink crosses
    ends = [x + g[3] for x, g in zip(xs, placed, strict=True)]
    c = len(out)
    while c > 0:
        cut = x0 + ((xs[c] - x0) & ~7)
        if cut >= ends[c - 1] and min(xs[c:]) >= cut:
            break
        c -= 1
    if c == 0:
        return None
    del out[c:]
    inked = table.width
    chars = [ch for ch in el.text if inked[ch]]
    out.append(_composed(table, chars[c:], xs[c:], cut, line_end, py))
    return b"".join(out)


def _composed(table: GlyphTable, chars: list[str], xs: list[int], x0: int, x1: int,
              py: int) -> bytes:
    """One BITMAP of glyphs at their x (ink start), in the box from x0 to x1."""
    y0, height, rows = table.compose(chars, xs, x0, x1 - x0)
    return b"BITMAP %d,%d,%d,%d,0,%s\r\n" % (x0, py + y0, (x1 - x0) // 8, height,
                                            rows.translate(INVERT))


def _glyph_tail(rb: int, height: int, data: bytes) -> bytes:
    """BITMAP's arguments after x,y for a glyph: its box, OVERWRITE, the inverted rows."""
    return b"%d,%d,0,%s\r\n" % (rb, height, data.translate(INVERT))


def _text(el: Text, page: _Page) -> bytes:
    if not el.reverse:
        bitmaps = _glyph_bitmaps(el, page)
        if bitmaps is not None:
            return bitmaps
    if el.reverse:  # the black box with the text knocked out, in one overwrite
        x, y, w, h = box_rect(el, page.dpi)
        placed = place_text(el, page.dpi)
        tb = text_bitmap(el.text, el.font_size_pt, el.bold, page.dpi)
        if placed is None or tb is None:
            return b""
        box = reverse_box(tb, w, h, placed.x - tb.left - x, placed.y - tb.top - y)
        return bitmap_command(x + page.dx, y + page.dy, box, page)
    placed = place_text(el, page.dpi)
    if placed is None:
        return b""
    return bitmap_command(placed.x + page.dx, placed.y + page.dy, placed.glyphs.bitmap, page)


def _element(el: Element, page: _Page) -> bytes:
    if isinstance(el, Text):
        return _text(el, page)
    if isinstance(el, Barcode128):
        return _barcode(el, page)
    if isinstance(el, QR):
        return _qr(el, page)
    if isinstance(el, Line | Box):
        return b"".join(_bar(r, page) for r in rule_rects(el, page.dpi))
    raise TypeError(f"cannot render {type(el).__name__}")


_caches: dict[_Page, ElementCache] = {}


def _cache(page: _Page) -> ElementCache:
    cache = _caches.get(page)
    if cache is None:
        if len(_caches) >= 4:  # a few printers (sizes, dpi, offsets) at once
            _caches.clear()
        cache = _caches[page] = ElementCache(lambda el: _element(el, page))
    return cache


def _label_parts(
    labels: Iterable[LabelData],
    size: str,
    dpi: int,
    darkness: int | None,
    offset_mm: tuple[float, float],
    gap_mm: float,
    direction: int,
) -> Iterator[list[bytes]]:
    """The pieces of each label's job, in order (joined per label or per batch)."""
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    if darkness is not None and darkness not in DENSITY_RANGE:
        raise ValueError(f"TSPL density must be 0-15, got {darkness}")
    if direction not in (0, 1):
        raise ValueError(f"TSPL direction is 0 or 1, got {direction}")
    w_mm, h_mm = page_size_mm(size)
    page = _Page(
        dpi,
        mm_to_dots(w_mm, dpi),
        mm_to_dots(h_mm, dpi),
        mm_to_dots(offset_mm[0], dpi),
        mm_to_dots(offset_mm[1], dpi),
    )
    head = (
        f"SIZE {w_mm:g} mm,{h_mm:g} mm\r\nGAP {gap_mm:g} mm,0 mm\r\n"
        f"DIRECTION {direction},0\r\nREFERENCE 0,0\r\n"
        + (f"DENSITY {darkness}\r\n" if darkness is not None else "")
        + "CLS\r\n"
    ).encode("ascii")
    tail = b"PRINT 1,1\r\n"
    element = _cache(page)
    prev: list[Element] = []
    prev_parts: list[bytes] = []
    for label in labels:
        runs, templated = layout_runs(label, size)
        if templated:  # constant runs by identity, per-label numbers rendered
            parts = [head]
            parts += _template_parts(runs, element, page)
            parts.append(tail)
            yield parts
            continue
        elements = _without_badge_boxes(runs)  # type: ignore[arg-type]
        parts = reuse_parts(elements, prev, prev_parts, element)
        prev, prev_parts = elements, parts
        rules = [p for el, p in zip(elements, parts, strict=True) if _is_rule(el)]
        yield [head, *[p for el, p in zip(elements, parts, strict=True) if not _is_rule(el)],
               *rules, tail]


def _is_rule(el: Element) -> bool:
    """Rules and frames, drawn after everything else: a bitmap's white (a big caption's
    glyph box reaching a rule's row) cannot whiten them then."""
    return el.__class__ is Line or (el.__class__ is Box and not el.fill)  # type: ignore[union-attr]


def iter_tspl(
    labels: Iterable[LabelData],
    size: str,
    dpi: int = 203,
    darkness: int | None = None,
    offset_mm: tuple[float, float] = (0.0, 0.0),
    gap_mm: float = 2.0,
    direction: int = 1,
) -> Iterator[bytes]:
    """One complete TSPL job per label (setup, CLS, drawing, PRINT), rendered lazily so a
    transport can send the first label early and resume at any label."""
    for parts in _label_parts(labels, size, dpi, darkness, offset_mm, gap_mm, direction):
        yield b"".join(parts)


def _template_parts(
    runs: list[tuple[Element, ...] | Element], element: ElementCache, page: _Page
) -> list[bytes]:
    """Output of a label given as template runs (see `layout.layout_runs`). A run's
    bytes depend on the badges of the whole label, which are the same on every label
    of its template (per-label elements differ in their strings only)."""
    badges: list[Element] | None = None
    out: list[bytes] = []
    rules: list[bytes] = []  # drawn last (see _is_rule)
    for r in runs:
        if r.__class__ is not tuple:
            if not _is_badge_box(r, runs):  # type: ignore[arg-type]
                (rules if _is_rule(r) else out).append(_element(r, page))  # type: ignore[arg-type]
            continue

        def render(run: tuple[Element, ...]) -> tuple[bytes, bytes]:
            nonlocal badges
            if badges is None:
                flat = [e for x in runs for e in (x if x.__class__ is tuple else (x,))]  # type: ignore[union-attr]
                badges = _without_badge_boxes(flat)
            keep = {id(e) for e in badges}
            kept = [e for e in run if id(e) in keep]
            return (b"".join([element(e) for e in kept if not _is_rule(e)]),
                    b"".join([element(e) for e in kept if _is_rule(e)]))

        body, lines = element.run(r, render)  # type: ignore[arg-type,misc]
        out.append(body)
        rules.append(lines)
    return out + rules


def _is_badge_box(el: Element, runs: list[tuple[Element, ...] | Element]) -> bool:
    """Whether a per-label element is a badge's black box (never, as laid out today: the
    per-label elements are numbers), checked the slow way to stay exact."""
    if el.__class__ is not Box or not el.fill:  # type: ignore[union-attr]
        return False
    flat = [e for x in runs for e in (x if x.__class__ is tuple else (x,))]  # type: ignore[union-attr]
    return not any(e is el for e in _without_badge_boxes(flat))


def _without_badge_boxes(elements: list[Element]) -> list[Element]:
    """Drop the black box under each white-on-black badge: the badge's bitmap is the whole
    black box already, and a BAR under it would fill the knocked-out text on firmware
    that combines BITMAP with OR instead of overwriting."""
    badges = {(e.x, e.y, e.w, e.h) for e in elements if e.__class__ is Text and e.reverse}
    if not badges:
        return elements
    return [
        e
        for e in elements
        if not (e.__class__ is Box and e.fill and (e.x, e.y, e.w, e.h) in badges)
    ]


def render_tspl(
    labels: Iterable[LabelData],
    size: str,
    dpi: int = 203,
    darkness: int | None = None,
    offset_mm: tuple[float, float] = (0.0, 0.0),
    gap_mm: float = 2.0,
    direction: int = 1,
) -> bytes:
    """All labels as one TSPL stream.

    `darkness` is TSPL DENSITY 0-15 (None keeps the printer's), `gap_mm` the gap between
    labels for the gap sensor, `direction` the printer's DIRECTION (flip it when labels
    come out upside down), `offset_mm` moves the print (x right, y down).
    """
    out: list[bytes] = []
    for parts in _label_parts(labels, size, dpi, darkness, offset_mm, gap_mm, direction):
        out += parts  # one copy of the batch, not one per label and one for all
    return b"".join(out)
