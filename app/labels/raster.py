"""Text as 1-bit bitmaps on the printer's dot grid, for thermal printer languages.

Cheap thermal printers have no CJK font (or a different one than the PDF), so ZPL
and TSPL labels carry every line of text as bitmaps drawn with the embedded
WenQuanYi Micro Hei. Glyphs are rendered once per (character, size, weight) with
Pillow's FreeType and placed at the layout's own advance widths
(`metrics.text_width_mm`), so a line is exactly as wide as the layout fitted it.

Batches send a line glyph by glyph (`GlyphTable`: each glyph's printer command is made
once). A whole line's bitmap (`text_bitmap`: the preview, white-on-black badges, lines
at the label's edge) is composed on Python integers: a glyph is one int whose bit
`row * stride + column` is a dot, so placing it is one shift and one OR, and the
finished line is turned into bytes with `int.to_bytes` and a bit-reversal table."""

from __future__ import annotations

import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from app.labels.fonts import FONT_SUBFONT, font_path
from app.labels.metrics import char_width_em, text_em

#: Anti-aliased coverage (0-255) from which a dot is burnt. A little under half, so
#: one-dot CJK strokes at 5-6 pt do not break up on a 203 dpi head.
THRESHOLD = 112
#: Fake bold, as in the PDF: the outline grows by this fraction of the em on each side.
BOLD_GROW_EM = 0.0175
_SIZE_STEP = 4  # font sizes are rounded to 1/4 dot: invisible, and the caches stay small

_REVERSE = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))
INVERT = bytes(255 - i for i in range(256))
REVERSE_INVERT = bytes(255 - b for b in _REVERSE)  # LSB-first ink to TSPL's rows
_BINARY = bytes(49 if v >= THRESHOLD else 48 for v in range(256))  # "1" ink, "0" paper
_DARK = bytes(255 if v < 128 else 0 for v in range(256))


def _to_mono(img: Image.Image, table: bytes) -> Image.Image:
    """Mode "1" image with 1 where `table` maps the L value to 255 (C speed: Pillow's
    point() rebuilds a list LUT in Python on every call)."""
    raw = img.tobytes().translate(table)
    return Image.frombytes("L", img.size, raw).convert("1", dither=Image.Dither.NONE)


@dataclass(frozen=True, slots=True)
class Bitmap:
    """A 1-bit image: rows of `row_bytes` bytes, most significant bit leftmost, 1 = black.

    This is the byte layout of ZPL ^GF; TSPL BITMAP wants the same rows inverted.
    """

    width: int
    height: int
    data: bytes

    @property
    def row_bytes(self) -> int:
        return (self.width + 7) // 8

    def inverted(self) -> bytes:
        """The rows with 0 = black, as TSPL's BITMAP takes them."""
        return self.data.translate(INVERT)

    def to_image(self) -> Image.Image:
        """Mode "1" image (white background) of exactly width x height dots."""
        img = Image.frombytes("1", (self.row_bytes * 8, self.height), self.inverted())
        return img if img.width == self.width else img.crop((0, 0, self.width, self.height))

    @classmethod
    def from_image(cls, img: Image.Image) -> Bitmap:
        """From any Pillow image: dark pixels (< 128) become black dots; the padding
        bits at the end of each row stay white."""
        mono = _to_mono(img.convert("L"), _DARK)
        return cls(mono.width, mono.height, mono.tobytes())

    def crop(self, x0: int, y0: int, x1: int, y1: int) -> Bitmap:
        return Bitmap.from_image(self.to_image().crop((x0, y0, x1, y1)))


@dataclass(frozen=True, slots=True)
class TextBitmap:
    """A rendered line; (left, top) is the bitmap's corner relative to the pen origin
    on the baseline, in dots (top is negative: above the baseline)."""

    bitmap: Bitmap
    left: int
    top: int


@dataclass(frozen=True, slots=True)
class _Glyph:
    left: int
    top: int
    width: int
    height: int
    bits: int  # bit (row * stride + column) set = black dot


_font_lock = threading.RLock()


@lru_cache(maxsize=64)
def _font(size_q: int) -> ImageFont.FreeTypeFont:
    with _font_lock:
        return ImageFont.truetype(
            str(font_path()),
            size_q / _SIZE_STEP,
            index=FONT_SUBFONT,
            layout_engine=ImageFont.Layout.BASIC,
        )


def _stride_for(width: float) -> int:
    """Bits per row of the composition integers: a power of two at least `width`, so short
    lines (waybill numbers) shift small integers; glyphs are cached per stride."""
    return max(64, 1 << (int(width) - 1).bit_length())


@lru_cache(maxsize=16384)
def _render_glyph(ch: str, size_q: int, bold: bool) -> tuple[int, int, int, tuple[int, ...]] | None:
    """(left, top, width, rows) of one glyph cropped to its ink; each row is an int whose
    bit k is column k (1 = black). All string/bytes work, no per-pixel Python."""
    if ch.isspace():
        return None
    font = _font(size_q)
    with _font_lock:  # one FreeType face is not safe in two threads (preview + batch)
        if bold:
            w, h, left, top, coverage = _drawn(font, ch, BOLD_GROW_EM * size_q / _SIZE_STEP)
        else:  # FreeType's own bitmap: the dots ImageDraw would paint, ~6x sooner
            mask, (left, top) = font.getmask2(ch, mode="L", anchor="ls")
            (w, h), coverage = mask.size, bytes(mask)
    return _ink(w, h, left, top, coverage)


def _ink(w: int, h: int, left: int, top: int,
         coverage: bytes) -> tuple[int, int, int, tuple[int, ...]] | None:
    """`_render_glyph`'s result from a glyph's coverage (w x h bytes, 0-255, its corner at
    left, top from the pen): burnt at THRESHOLD and cropped to the ink."""
    if w <= 0 or h <= 0:
        return None
    text = coverage.translate(_BINARY).decode("ascii")  # "0"/"1" per dot
    rows = [text[r * w : (r + 1) * w] for r in range(h)]
    inked = [r for r, row in enumerate(rows) if "1" in row]
    if not inked:
        return None
    rows = rows[inked[0] : inked[-1] + 1]
    x0 = min(row.find("1") for row in rows if "1" in row)
    x1 = max(row.rfind("1") for row in rows) + 1
    return (
        left + x0,
        top + inked[0],
        x1 - x0,
        tuple(int(row[x0:x1][::-1], 2) for row in rows),
    )


def _drawn(font: ImageFont.FreeTypeFont, ch: str, grow: float) -> tuple[int, int, int, int, bytes]:
    """Width, height, left, top and coverage of a glyph painted by ImageDraw with a stroke
    of `grow` (fake bold: the stroke and the glyph over it, as the PDF's fill-and-stroke
    looks; 0 paints the glyph alone)."""
    left, top, right, bottom = (
        int(v // 1) if i < 2 else -int(-v // 1)
        for i, v in enumerate(font.getbbox(ch, anchor="ls", stroke_width=grow))
    )
    w, h = right - left, bottom - top
    if w <= 0 or h <= 0:
        return 0, 0, 0, 0, b""
    img = Image.new("L", (w, h), 0)
    ImageDraw.Draw(img).text(
        (-left, -top), ch, font=font, fill=255, anchor="ls", stroke_width=grow, stroke_fill=255
    )
    return w, h, left, top, img.tobytes()


def _glyph(ch: str, size_q: int, bold: bool, stride: int) -> _Glyph:
    rendered = _render_glyph(ch, size_q, bold)
    if rendered is None:
        return _Glyph(0, 0, 0, 0, 0)
    left, top, w, rows = rendered
    bits = 0
    for r, row in enumerate(rows):
        if row:
            bits |= row << (r * stride)
    return _Glyph(left, top, w, len(rows), bits)


def pen_positions(text: str, size_dots: float) -> list[int]:
    """Dot offset of each character from the pen origin at the layout's advance widths,
    then the end of the line."""
    out: list[int] = []
    pos = 0.0
    for ch in text:
        out.append(round(pos))
        pos += char_width_em(ch) * size_dots
    out.append(round(pos))
    return out


# Per (size, bold, stride): char -> (advance in dots, left, top, width, height, bits).
# A flat dict per size keeps the per-character cost of composing a line minimal. The
# stride-wide ints are the bulky part (a few KB each), so all tables are dropped
# once they hold _ENTRIES_MAX glyphs; they are rebuilt from the cached glyph rows.
_Entry = tuple[float, int, int, int, int, int]
_tables: dict[tuple[int, bool, int], dict[str, _Entry]] = {}
_ENTRIES_MAX = 8192
_entries = 0


def _table(size_q: int, bold: bool, stride: int) -> dict[str, _Entry]:
    key = (size_q, bold, stride)
    table = _tables.get(key)
    if table is None:
        table = _tables[key] = {}
    return table


def _entry(table: dict[str, _Entry], ch: str, size_q: int, bold: bool, stride: int) -> _Entry:
    global _entries
    if _entries >= _ENTRIES_MAX:
        for t in _tables.values():
            t.clear()
        _entries = 0
    g = _glyph(ch, size_q, bold, stride)
    entry = (char_width_em(ch) * size_q / _SIZE_STEP, g.left, g.top, g.width, g.height, g.bits)
    table[ch] = entry
    _entries += 1
    return entry


_NO_INK = 1 << 30


class _OutOfFrame(Exception):
    """A glyph reaches past the line's frame (see `text_bitmap`)."""


def _compose(text: str, size_q: int, bold: bool, stride: int, oy: int,
             ox: int) -> tuple[int, int, int, int, int]:
    """OR the glyphs of `text` into one integer: (bits, x0, y0, x1, y1). Dots are at bit
    (top + oy) * stride + x + ox, relative to the line's pen origin."""
    table = _table(size_q, bold, stride)
    get = table.get
    acc, x0, y0, x1, y1, pos = 0, _NO_INK, _NO_INK, -_NO_INK, -_NO_INK, 0.0
    for ch in text:
        adv, left, top, w, h, bits = get(ch) or _entry(table, ch, size_q, bold, stride)
        if w:
            gx = round(pos) + left
            if gx < x0:
                x0 = gx
                if gx + ox < 0:
                    raise _OutOfFrame
            if gx + w > x1:
                x1 = gx + w
            if top < y0:
                y0 = top
                if top + oy < 0:
                    raise _OutOfFrame
            if top + h > y1:
                y1 = top + h
            acc |= bits << ((top + oy) * stride + gx + ox)
        pos += adv
    return acc, x0, y0, x1, y1


class GlyphTable:
    """One font size and weight on the dot grid, for renderers that send a line glyph by
    glyph: each character's advance (the layout's, in dots), ink box and dot rows as
    `text_bitmap` composes them, so a glyph placed at the pen position rounded plus its
    `left` lands on the dots the line's bitmap has."""

    __slots__ = ("size_q", "bold", "adv", "left", "top", "width", "rows", "payloads", "reach")

    def __init__(self, size_q: int, bold: bool) -> None:
        self.size_q, self.bold = size_q, bold
        self.adv: dict[str, float] = {}
        self.left: dict[str, int] = {}
        self.top: dict[str, int] = {}
        self.width: dict[str, int] = {}  # 0: no ink (a space)
        self.rows: dict[str, tuple[int, ...]] = {}  # bit k of a row is column k
        #: per printer language: char -> (advance, left, top, width, command bytes)
        self.payloads: dict[str, dict[str, tuple[float, int, int, int, bytes]]] = {}
        #: how far any glyph's byte-wide box reaches from its pen position: left (of the
        #: pen), right (past the pen's next position), up and down (of the baseline)
        self.reach = [0, 0, 0, 0]

    def learn(self, text: str) -> None:
        """Render the characters of `text` not met yet."""
        adv = self.adv
        reach = self.reach
        for ch in set(text):
            if ch in adv:
                continue
            g = _render_glyph(ch, self.size_q, self.bold)
            left, top, w, rows = g if g is not None else (0, 0, 0, ())
            self.left[ch], self.top[ch], self.width[ch], self.rows[ch] = left, top, w, rows
            adv[ch] = a = char_width_em(ch) * self.size_q / _SIZE_STEP
            if w:
                span = -(-w // 8) * 8
                reach[0] = max(reach[0], -left)
                reach[1] = max(reach[1], left + span - int(a) + 1)
                reach[2], reach[3] = max(reach[2], -top), max(reach[3], top + len(rows))

    def glyph(self, lang: str, ch: str,
              command: Callable[[int, int, bytes], bytes]) -> tuple[float, int, int, int, bytes]:
        """(advance, left, top, width, command) of a glyph in `payloads[lang]`, made
        with `command(row bytes, height, dots)` the first time (1 = black, MSB first)."""
        self.learn(ch)
        w = self.width[ch]
        glyph = (self.adv[ch], self.left[ch], self.top[ch], w, command(*self.dots(ch)) if w else b"")
        self.payloads.setdefault(lang, {})[ch] = glyph
        return glyph

    def dots(self, ch: str) -> tuple[int, int, bytes]:
        """(row bytes, height, rows) of a glyph as ^GF takes them (1 = black, most
        significant bit leftmost)."""
        rows = self.rows[ch]
        rb = (self.width[ch] + 7) // 8
        data = b"".join([row.to_bytes(rb, "little") for row in rows])
        return rb, len(rows), data.translate(_REVERSE)


_glyph_tables: dict[tuple[int, bool], GlyphTable] = {}
#: characters a table keeps (a few KB each with its printer commands): a day's batches
#: use 2-3 thousand; past this the table starts again, so memory stays bounded
_GLYPHS_MAX = 6000


def glyph_table(size_pt: float, bold: bool, dpi: int) -> GlyphTable:
    """The glyphs of lines at `size_pt` (see `text_bitmap` for the sizes' rounding)."""
    size_q = _frame(size_pt, dpi)[0]
    table = _glyph_tables.get((size_q, bold))
    if table is None or len(table.adv) > _GLYPHS_MAX:
        table = _glyph_tables[(size_q, bold)] = GlyphTable(size_q, bold)
    return table


@lru_cache(maxsize=256)
def _frame(size_pt: float, dpi: int) -> tuple[int, float, int, int, float]:
    """(size_q, size in dots, oy, ox, stride padding) of lines at `size_pt`. The line's
    frame: glyph tops reach at most ~1.2 em above the baseline and left bearings a
    fraction of an em to the left; a glyph outside it takes the slow path."""
    size_q = round(size_pt * dpi / 72.0 * _SIZE_STEP)
    size = size_q / _SIZE_STEP
    oy, ox = int(size * 1.25) + 2, int(size // 4) + 2
    return size_q, size, oy, ox, size // 4 + 4 + ox


@lru_cache(maxsize=4096)
def text_bitmap(text: str, size_pt: float, bold: bool, dpi: int) -> TextBitmap | None:
    """The line `text` at `size_pt` as a bitmap, or None when nothing is inked."""
    size_q, size, oy, ox, pad = _frame(size_pt, dpi)
    # glyphs overhang their advance by well under a quarter em; a wider line just retries
    stride = _stride_for(text_em(text) * size + pad)
    while True:
        try:
            acc, x0, y0, x1, y1 = _compose(text, size_q, bold, stride, oy, ox)
        except _OutOfFrame:  # a glyph past the frame: a wider one
            oy, ox = oy * 4, ox * 4
            stride = _stride_for(text_em(text) * size * 2 + ox)
            continue
        if x0 == _NO_INK:
            return None
        if x1 + ox <= stride:
            break
        stride = _stride_for(x1 + ox)
    width, height = x1 - x0, y1 - y0
    acc >>= (y0 + oy) * stride + x0 + ox
    raw = acc.to_bytes(height * stride // 8, "little")
    rb = (width + 7) // 8
    sb = stride // 8
    rows = b"".join(_rows_of(rb, sb, height).unpack(raw))
    return TextBitmap(Bitmap(width, height, rows.translate(_REVERSE)), x0, y0)


@lru_cache(maxsize=1024)
def _rows_of(rb: int, sb: int, height: int) -> struct.Struct:
    """Unpacks `height` rows of `rb` bytes out of rows `sb` bytes apart (C speed)."""
    return struct.Struct(f"{rb}s{sb - rb}x" * height)


def reverse_box(bitmap: TextBitmap | None, width: int, height: int, dx: int, dy: int) -> Bitmap:
    """A black width x height box with the text knocked out in white, its pen origin at
    (dx, dy) inside the box: white-on-black badges for printers without an XOR mode."""
    img = Image.new("1", (width, height), 0)  # Pillow "1": 0 = black, 1 = white
    if bitmap is not None:
        ink = Image.frombytes(
            "1", (bitmap.bitmap.row_bytes * 8, bitmap.bitmap.height), bitmap.bitmap.data
        )  # read 1 = black as "white": a ready mask
        img.paste(1, (bitmap.left + dx, bitmap.top + dy), ink)
    return Bitmap.from_image(img)


def clear_caches() -> None:
    """Drop cached glyphs and lines (tests, or after switching fonts)."""
    global _entries
    text_bitmap.cache_clear()
    _tables.clear()
    _glyph_tables.clear()
    _entries = 0
    _render_glyph.cache_clear()
    _font.cache_clear()
