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

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from app.labels.fonts import FONT_SUBFONT, font_path
from app.labels.metrics import char_width_em

#: Anti-aliased coverage (0-255) from which a dot is burnt. A little under half, so
#: one-dot CJK strokes at 5-6 pt do not break up on a 203 dpi head.
THRESHOLD = 112
#: Fake bold, as in the PDF: the outline grows by this fraction of the em on each side.
BOLD_GROW_EM = 0.0175
_SIZE_STEP = 4  # font sizes are rounded to 1/4 dot: invisible, and the caches stay small

_REVERSE = bytes(int(f"{i:08b}"[::-1], 2) for i in range(256))
INVERT = bytes(255 - i for i in range(256))
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

    def compose(self, chars: list[str], xs: list[int], x0: int,
                width: int) -> tuple[int, int, bytes]:
        """(top, height, rows) of one bitmap holding these glyphs, each with its ink's left
        at its x, in a box from x0 `width` dots wide: rows as ^GF takes them (whole bytes,
        1 = black, MSB first), top from the baseline. The rows are ORed into one integer,
        a whole-bytes row width apart."""
        top, rows = self.top, self.rows
        y0 = min(top[ch] for ch in chars)
        y1 = max(top[ch] + len(rows[ch]) for ch in chars)
        stride = (width + 7) & ~7
        acc = 0
        for ch, x in zip(chars, xs, strict=True):
            at = (top[ch] - y0) * stride + x - x0
            for row in rows[ch]:
                acc |= row << at
                at += stride
        return y0, y1 - y0, acc.to_bytes((y1 - y0) * stride // 8, "little").translate(_REVERSE)

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
    size_q = round(size_pt * dpi / 72.0 * _SIZE_STEP)
    table = _glyph_tables.get((size_q, bold))
    if table is None or len(table.adv) > _GLYPHS_MAX:
        table = _glyph_tables[(size_q, bold)] = GlyphTable(size_q, bold)
    return table


@lru_cache(maxsize=4096)
def text_bitmap(text: str, size_pt: float, bold: bool, dpi: int) -> TextBitmap | None:
    """The line `text` at `size_pt` as a bitmap, or None when nothing is inked."""
    table = glyph_table(size_pt, bold, dpi)
    table.learn(text)
    width, left = table.width, table.left
    chars: list[str] = []
    xs: list[int] = []
    pos = 0.0
    for ch in text:
        if width[ch]:
            chars.append(ch)
            xs.append(round(pos) + left[ch])
        pos += table.adv[ch]
    if not chars:
        return None
    x0 = min(xs)
    x1 = max(x + width[ch] for x, ch in zip(xs, chars, strict=True))
    y0, height, rows = table.compose(chars, xs, x0, x1 - x0)
    return TextBitmap(Bitmap(x1 - x0, height, rows), x0, y0)


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
    text_bitmap.cache_clear()
    _glyph_tables.clear()
    _render_glyph.cache_clear()
    _font.cache_clear()
