"""ZPL II renderer: the shared layout as Zebra commands, one ^XA..^XZ format per label.

- Code128 uses the printer's own ^BC with the module width (^BY) in whole dots and
  the start/switch codes we measured (>; >: >5 >6), so the printer draws exactly
  the bars of the PDF.
- QR codes use ^BQ (the printer encodes; zxing in Python costs more than a whole
  label), with the magnification in whole dots. Firmware draws an ^FO-placed ^BQ
  lower by the current ^BY bar height (Labelary and other emulators model this),
  so ^BY's height is pinned and the field moved up by it. Values a printer could
  read differently (non-ASCII, ^ ~ " \\) go as a ^GF bitmap of our own matrix.
- Text, CJK or not, is ^GF bitmaps of the embedded font (see raster.py), so the
  label needs no printer font and looks like the PDF. A line goes as one ^GF per
  glyph, each glyph's command made once per batch (Z64 or hex, whichever is
  shorter): fields combine with OR, so the glyphs print the line's dots, and a
  label's text costs a string format per character instead of composing and
  compressing every line. Whole-line bitmaps (white-on-black badges, lines clipped
  at the label's edge) over 1 KB travel as Z64 (zlib + base64 + the CRC-16/XMODEM
  ZPL checks, half the hex or less).
- Rules and boxes are ^GB rectangles rounded like the PDF's.

Offsets are applied here, not with ^LH: negative offsets are common when a printer
prints too far right, ^LH cannot take them, and ^LS is ignored by some firmware.
Anything an offset pushes past the label edge is clipped, as the head would.
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from app.core.labeldata import LabelData
from app.labels.barcodes import code128_symbols, mm_to_dots
from app.labels.dots import (
    ElementCache,
    HeadCache,
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
from app.labels.raster import Bitmap

MAX_MODULE = 10  # ^BY and ^BQ take 1-10 dots per module
QR_BY_HEIGHT = 10  # firmware drops ^BQ fields by the current ^BY height: pin it, then undo it
DARKNESS_RANGE = range(0, 31)  # ~SD
_HEX_MAX = 1024  # smaller bitmaps (glyphs, short lines) go as hex: zlib costs ~10x more
_ZLIB_LEVEL = 1
_UPPER_HEX = bytes.maketrans(b"abcdef", b"ABCDEF")

# Code128 symbols that ^BC mode N takes as invocation codes
_ZPL_CODES = {104: ">:", 105: ">;", 99: ">5", 100: ">6"}


@dataclass(frozen=True, slots=True)
class _Page:
    dpi: int
    width: int  # dots
    height: int
    dx: int
    dy: int


def z64(data: bytes) -> str:
    """ZPL's ":Z64:" encoding: zlib, base64, and the CRC-16/XMODEM of the base64 text
    (the form ZebraDesigner writes; printers check it). zlib level 1: about half the
    time of the default level on label bitmaps for ~7% more bytes; any level inflates
    to the same rows."""
    b64 = base64.b64encode(zlib.compress(data, _ZLIB_LEVEL)).decode("ascii")
    return f":Z64:{b64}:{binascii.crc_hqx(b64.encode('ascii'), 0):04X}"


def graphic_field(bitmap: Bitmap, hex_max: int = _HEX_MAX) -> str:
    """^GF command for a bitmap (no ^FO/^FS); Z64 when it is over `hex_max` bytes."""
    total = len(bitmap.data)
    body = bitmap.data.hex().upper() if total <= hex_max else z64(bitmap.data)
    return f"^GFA,{total},{total},{bitmap.row_bytes},{body}"


def _clip_bitmap(bitmap: Bitmap, x: int, y: int, page: _Page) -> tuple[int, int, Bitmap] | None:
    """The part of a bitmap at (x, y) that lies on the label."""
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + bitmap.width, page.width), min(y + bitmap.height, page.height)
    if x1 <= x0 or y1 <= y0:
        return None
    if (x0, y0, x1, y1) == (x, y, x + bitmap.width, y + bitmap.height):
        return x, y, bitmap
    return x0, y0, bitmap.crop(x0 - x, y0 - y, x1 - x, y1 - y)


def _clip_rect(x: int, y: int, w: int, h: int, page: _Page) -> tuple[int, int, int, int] | None:
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + w, page.width), min(y + h, page.height)
    return (x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def _gb(rect: tuple[int, int, int, int], page: _Page) -> str:
    """A filled rectangle: ^GB with the border as thick as the shorter side."""
    clipped = _clip_rect(rect[0] + page.dx, rect[1] + page.dy, rect[2], rect[3], page)
    if clipped is None:
        return ""
    x, y, w, h = clipped
    return f"^FO{x},{y}^GB{w},{h},{min(w, h)}^FS\n"


def _fd(value: str) -> str:
    """^FD with ^FH escapes when the value holds a ZPL prefix character."""
    if "^" in value or "~" in value:
        esc = value.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E")
        return f"^FH_^FD{esc}"
    return f"^FD{value}"


@lru_cache(maxsize=1024)
def code128_data(value: str) -> str:
    """^BC mode-N field data with the start and switch codes of our encoding."""
    symbols = code128_symbols(value)
    if symbols[0] == 105 and len(symbols) == len(value) // 2 + 2:  # all set C
        return ">;" + value
    out: list[str] = []
    subset_c = False
    for sym in symbols[:-1]:  # the printer adds the checksum
        code = _ZPL_CODES.get(sym)
        if code is not None:
            out.append(code)
            subset_c = sym in (99, 105)
        elif subset_c:
            out.append(f"{sym:02d}")
        else:
            ch = chr(sym + 32)
            out.append("><" if ch == ">" else ch)
    return "".join(out)



_DIGIT_HEADS = HeadCache()  # per-label numbers: the command up to their data


def _barcode(el: Barcode128, page: _Page) -> str:
    value = el.value
    if not len(value) & 1 and value.isdigit() and value.isascii():  # all in set C
        key = ("bar", page, el.x, el.y, el.w, el.h, len(value))
        return _DIGIT_HEADS.command(key, value + "^FS\n", lambda: _barcode_cmd(el, page))
    return _barcode_cmd(el, page)


def _barcode_cmd(el: Barcode128, page: _Page) -> str:
    # the placement depends on the number of symbols only
    key = ("bar-n", page, el.x, el.y, el.w, el.h, len(code128_symbols(el.value)))
    head = _DIGIT_HEADS.get(key)
    if head is None:
        bar = place_barcode(el, page.dpi, MAX_MODULE)
        x, y = bar.x + page.dx, bar.y + page.dy
        width = (11 * len(code128_symbols(el.value)) + 13) * bar.module
        check_on_label(x, y, width, bar.height, page, f"barcode {el.value}")
        head = f"^BY{bar.module},2,{bar.height}^FO{x},{y}^BCN,{bar.height},N,N,N,N"
        _DIGIT_HEADS.put(key, head)
    return f"{head}{_fd(code128_data(el.value))}^FS\n"


def native_qr(value: str) -> bool:
    """Whether the printer may encode this QR value itself (printable ASCII without
    ZPL/TSPL prefix and quote characters); others go as a bitmap of our matrix."""
    return value.isascii() and value.isprintable() and not any(c in value for c in '^~"\\')


def _qr(el: QR, page: _Page) -> str:
    value = el.value
    if value.isdigit() and value.isascii():  # numeric mode: the version follows the length
        key = ("qr", page, el.x, el.y, el.size, len(value))
        return _DIGIT_HEADS.command(key, value + "^FS\n", lambda: _qr_cmd(el, page))
    return _qr_cmd(el, page)


def _qr_cmd(el: QR, page: _Page) -> str:
    if not native_qr(el.value):
        return _qr_bitmap(el, page)
    qr = place_qr(el, page.dpi, MAX_MODULE)
    x, y = qr.x + page.dx, qr.y + page.dy
    size = qr.modules * qr.module
    check_on_label(x, y, size, size, page, "QR code")
    return (
        f"^BY2,2,{QR_BY_HEIGHT}^FO{x},{max(0, y - QR_BY_HEIGHT)}"
        f"^BQN,2,{qr.module},M,7^FDMA,{el.value}^FS\n"
    )


def _qr_bitmap(el: QR, page: _Page) -> str:
    x0, y0, bitmap = qr_bitmap(el, page.dpi)
    x, y = x0 + page.dx, y0 + page.dy
    check_on_label(x, y, bitmap.width, bitmap.height, page, "QR code")
    return f"^FO{x},{y}{graphic_field(bitmap)}^FS\n"


def _glyph_fields(el: Text, page: _Page) -> bytes | None:
    """A line as one ^GF per glyph, each glyph's command made once per batch: cheaper
    than composing the line's bitmap, and the same dots (^GF fields combine with OR).
    None when the line must go as one clipped bitmap (at the label's edge)."""
    table, glyphs, px, py = glyph_line(el, page, "zpl")
    get = glyphs.get
    out: list[bytes] = []
    pos = 0.0
    for ch in el.text:
        adv, left, top, width, field = get(ch) or table.glyph("zpl", ch, _glyph_field)
        if width:
            out.append(b"^FO%d,%d%s" % (px + round(pos) + left, py + top, field))
        pos += adv
    if off_label(table, px, py, pos, page):
        return None
    return b"".join(out)


def _glyph_field(rb: int, _height: int, data: bytes) -> bytes:
    """^GF of a glyph (made once per batch): Z64 or hex, whichever is shorter."""
    total = len(data)
    hexed = data.hex().upper()
    packed = z64(data)
    body = packed if len(packed) < len(hexed) else hexed
    return f"^GFA,{total},{total},{rb},{body}^FS\n".encode("ascii")


def _text(el: Text, page: _Page) -> bytes:
    """^GF fields of a line: one per glyph, or one for the line as `graphic_field`
    writes it (white-on-black badges, lines at the label's edge)."""
    if not el.reverse:
        fields = _glyph_fields(el, page)
        if fields is not None:
            return fields
    placed = place_text(el, page.dpi)
    if placed is None:
        return b""
    clipped = _clip_bitmap(placed.glyphs.bitmap, placed.x + page.dx, placed.y + page.dy, page)
    if clipped is None:
        return b""
    x, y, bitmap = clipped
    data = bitmap.data
    total = len(data)
    if total <= _HEX_MAX:
        body = binascii.hexlify(data).translate(_UPPER_HEX)
    else:
        body = z64(data).encode("ascii")
    reverse = b"^FR" if el.reverse else b""  # white on the black box drawn before it
    return b"^FO%d,%d%s^GFA,%d,%d,%d,%s^FS\n" % (
        x, y, reverse, total, total, bitmap.row_bytes, body
    )


def _element(el: Element, page: _Page) -> bytes:
    """ZPL of one element; cached because most of a label repeats across a batch."""
    if isinstance(el, Text):
        return _text(el, page)
    if isinstance(el, Barcode128):
        zpl = _barcode(el, page)
    elif isinstance(el, QR):
        zpl = _qr(el, page)
    elif isinstance(el, Line | Box):
        zpl = "".join(_gb(r, page) for r in rule_rects(el, page.dpi))
    else:
        raise TypeError(f"cannot render {type(el).__name__}")
    return zpl.encode("utf-8")


_caches: dict[_Page, ElementCache] = {}


def _cache(page: _Page) -> ElementCache:
    cache = _caches.get(page)
    if cache is None:
        if len(_caches) >= 4:  # a few printers (sizes, dpi, offsets) at once
            _caches.clear()
        cache = _caches[page] = ElementCache(lambda el: _element(el, page))
    return cache


def _page(size: str, dpi: int, offset_mm: tuple[float, float]) -> _Page:
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    w_mm, h_mm = page_size_mm(size)
    return _Page(
        dpi,
        mm_to_dots(w_mm, dpi),
        mm_to_dots(h_mm, dpi),
        mm_to_dots(offset_mm[0], dpi),
        mm_to_dots(offset_mm[1], dpi),
    )


def _label_parts(
    labels: Iterable[LabelData],
    size: str,
    dpi: int,
    darkness: int | None,
    offset_mm: tuple[float, float],
) -> Iterator[list[bytes]]:
    """The pieces of each label's format, in order (joined per label or per batch)."""
    page = _page(size, dpi, offset_mm)
    if darkness is not None and darkness not in DARKNESS_RANGE:
        raise ValueError(f"ZPL darkness must be 0-30, got {darkness}")
    head = (f"~SD{darkness:02d}\n" if darkness is not None else "") + (
        f"^XA\n^CI28\n^PW{page.width}\n^LL{page.height}\n^LH0,0\n"
    )
    head_b = head.encode("ascii")
    tail_b = b"^PQ1\n^XZ\n"
    element = _cache(page)
    prev: list[Element] = []
    prev_parts: list[bytes] = []

    def run_bytes(run: tuple[Element, ...]) -> bytes:
        return b"".join([element(el) for el in run])

    for label in labels:
        runs, templated = layout_runs(label, size)
        if templated:  # constant runs by identity, per-label numbers rendered
            parts = [head_b]
            parts += [
                element.run(r, run_bytes) if r.__class__ is tuple else _element(r, page)  # type: ignore[arg-type]
                for r in runs
            ]
            parts.append(tail_b)
            yield parts
            continue
        elements: list[Element] = runs  # type: ignore[assignment]
        parts = reuse_parts(elements, prev, prev_parts, element)
        prev, prev_parts = elements, parts
        yield [head_b, *parts, tail_b]


def iter_zpl(
    labels: Iterable[LabelData],
    size: str,
    dpi: int = 203,
    darkness: int | None = None,
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> Iterator[bytes]:
    """One complete ZPL format per label, rendered lazily: a transport can send the
    first label while the rest are still being rendered, and resume at a label."""
    for parts in _label_parts(labels, size, dpi, darkness, offset_mm):
        yield b"".join(parts)


def render_zpl(
    labels: Iterable[LabelData],
    size: str,
    dpi: int = 203,
    darkness: int | None = None,
    offset_mm: tuple[float, float] = (0.0, 0.0),
) -> bytes:
    """All labels as one ZPL document (one ^XA..^XZ format per label).

    `darkness` is the printer's absolute darkness 0-30 (~SD), None leaves the printer's
    setting alone; `offset_mm` moves the whole print (x right, y down).
    """
    out: list[bytes] = []
    for parts in _label_parts(labels, size, dpi, darkness, offset_mm):
        out += parts  # one copy of the batch, not one per label and one for all
    return b"".join(out)
