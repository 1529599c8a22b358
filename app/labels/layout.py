"""One label layout in millimetres, shared by every renderer.

`build_layout` turns a masked `LabelData` into a flat list of small frozen elements
positioned from the top-left corner of the label. All decisions that need text
metrics (wrapping, shrinking, truncating) are taken here, so a renderer only draws:
each `Text` is a single line that already fits its box. The PDF renderer consumes
the list today; ZPL and TSPL renderers can consume the same list later. No renderer
library is imported here on purpose.

Order, top to bottom (platforms.md, "Label layout"): header · waybill Code128 ·
大头笔/三段码 · 集包地 · recipient · sender · second barcode + QR · items/remark ·
custom text · 已验视/签收 + print time. 100x180 adds a sender's-copy stub.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from app.core.labeldata import LabelData, LabelItem, LabelParty
from app.labels.metrics import ASCENT_EM, DESCENT_EM, pt_to_mm, text_width_mm

Align = Literal["left", "center", "right"]
Measure = Callable[[str, float], float]

SIZES: dict[str, tuple[float, float]] = {
    "76x130": (76.0, 130.0),
    "100x150": (100.0, 150.0),
    "100x180": (100.0, 180.0),
}

LEADING = 1.18  # line pitch / font size for wrapped text
MIN_PT = 5.0  # smallest type a 203 dpi head still prints legibly (about 14 dots per em)
ELLIPSIS = "…"


# ---------------------------------------------------------------------------- elements


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text that fits inside its box (x, y, w, h) at font_size_pt."""

    x: float
    y: float
    w: float
    h: float
    text: str
    font_size_pt: float
    bold: bool = False
    align: Align = "left"
    reverse: bool = False  # white on a dark Box drawn underneath

    @property
    def baseline(self) -> float:
        """Baseline y (mm from the top) that centres the glyphs in the box."""
        return self.y + self.h / 2 + (ASCENT_EM - DESCENT_EM) / 2 * pt_to_mm(self.font_size_pt)

    def bounds(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.x + self.w, self.y + self.h)


@dataclass(frozen=True, slots=True)
class Barcode128:
    """Code128 area; the symbol (quiet zones included) is centred in w, bars span h."""

    x: float
    y: float
    w: float
    h: float
    value: str

    def bounds(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.x + self.w, self.y + self.h)


@dataclass(frozen=True, slots=True)
class QR:
    """QR code square (quiet zone included), top-left at (x, y)."""

    x: float
    y: float
    size: float
    value: str

    def bounds(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.x + self.size, self.y + self.size)


@dataclass(frozen=True, slots=True)
class Line:
    """Horizontal or vertical rule of thickness `width` centred on the segment."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.3
    dashed: bool = False

    def bounds(self) -> tuple[float, float, float, float]:
        half = self.width / 2
        return (
            min(self.x1, self.x2) - (half if self.x1 == self.x2 else 0),
            min(self.y1, self.y2) - (half if self.y1 == self.y2 else 0),
            max(self.x1, self.x2) + (half if self.x1 == self.x2 else 0),
            max(self.y1, self.y2) + (half if self.y1 == self.y2 else 0),
        )


@dataclass(frozen=True, slots=True)
class Box:
    """Rectangle; outline drawn inside (x, y, w, h), or filled when fill is set."""

    x: float
    y: float
    w: float
    h: float
    line_width: float = 0.3
    fill: bool = False

    def bounds(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.x + self.w, self.y + self.h)


Element = Text | Barcode128 | QR | Line | Box


def page_size_mm(size: str) -> tuple[float, float]:
    """(width, height) of a label size such as "76x130"."""
    try:
        return SIZES[size]
    except KeyError:
        raise ValueError(f"unknown label size {size!r}; expected one of {sorted(SIZES)}") from None


# ---------------------------------------------------------------------------- text fitting

# Break opportunities: Latin/digit runs stay whole (a NBSP glues "L\u00a0×2"); a CJK
# character keeps the masking stars and closing punctuation that follow it.
_CLOSE = "*＊,，.。、;；:：)）」』!！?？%"
_GLUE = r"(?:\u00a0×\d+)?"  # an item's quantity stays with its last word
_TOKEN = re.compile(rf"[A-Za-z0-9_\-#@/+.*:]+{_GLUE}[{_CLOSE}]*|[ \t]+|.{_GLUE}[{_CLOSE}]*", re.S)


_Paragraphs = list[list[tuple[str, float]]]
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]+")
_SPACES = re.compile(r"[ \t\r\n\u3000]+")


def clean_text(text: str, *, keep_newlines: bool = False) -> str:
    """Platform exports carry tabs, CR/LF and stray control bytes in names and remarks;
    a printer font has no glyph for them. Map them to single spaces."""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    if keep_newlines:
        return "\n".join(_SPACES.sub(" ", ln).strip() for ln in text.split("\n"))
    return _SPACES.sub(" ", text).strip()


def _tokenize(text: str, measure: Measure) -> _Paragraphs:
    """Paragraphs of (token, width at 1 pt). Widths scale linearly with the font size,
    so one measurement serves every size tried while shrinking."""
    return [
        [(tok, measure(tok, 1.0)) for tok in _TOKEN.findall(par)]
        for par in text.replace("\r", "").split("\n")
    ]


def _wrap(paras: _Paragraphs, limit: float, measure: Measure) -> list[str]:
    """Greedy line breaking against `limit` (line width divided by font size)."""
    lines: list[str] = []
    limit += 1e-9
    for tokens in paras:
        cur, cur_w = "", 0.0
        for tok, tw in tokens:
            if tok.isspace() and not cur:
                continue
            if cur_w + tw <= limit:
                cur, cur_w = cur + tok, cur_w + tw
            elif tok.isspace():
                lines.append(cur.rstrip())
                cur, cur_w = "", 0.0
            elif cur and tw <= limit:
                lines.append(cur.rstrip())
                cur, cur_w = tok, tw
            else:  # a run wider than the line: break between its characters
                for ch in tok:
                    cw = measure(ch, 1.0)
                    if cur_w + cw <= limit or not cur:
                        cur, cur_w = cur + ch, cur_w + cw
                    else:
                        lines.append(cur.rstrip())
                        cur, cur_w = ch, cw
        lines.append(cur.rstrip())
    return [ln for ln in lines if ln] or [""]


def wrap_text(
    text: str, width: float, size_pt: float, measure: Measure = text_width_mm
) -> list[str]:
    """Break `text` into lines no wider than `width` mm at `size_pt`.

    Breaks fall between CJK characters anywhere; Latin/digit runs stay whole unless a
    run alone is wider than the line. `measure` must scale linearly with the size.
    """
    return _wrap(_tokenize(text, measure), width / size_pt, measure)


def ellipsize(text: str, width: float, size_pt: float, measure: Measure = text_width_mm) -> str:
    """Cut `text` so that it plus "…" fits `width` (widths are additive per character)."""
    if measure(text, size_pt) <= width + 1e-9:
        return text
    room = width + 1e-9 - measure(ELLIPSIS, size_pt)
    used, keep = 0.0, 0
    for ch in text:
        used += measure(ch, size_pt)
        if used > room:
            break
        keep += 1
    head = text[:keep].rstrip()
    return head + ELLIPSIS if head else ""


def fit_size(
    text: str, width: float, max_pt: float, min_pt: float, measure: Measure = text_width_mm
) -> float:
    """Largest size in 0.5 pt steps from max_pt down to min_pt at which `text` fits one line."""
    per_pt = measure(text, 1.0)
    if per_pt * max_pt <= width + 1e-9:
        return max_pt
    exact = width / per_pt
    steps = math.ceil((max_pt - exact) / 0.5 - 1e-9)
    return max(min_pt, max_pt - 0.5 * steps)


def lines_fitting(height: float, size_pt: float) -> int:
    """How many wrapped lines of `size_pt` fit in `height` mm."""
    em = pt_to_mm(size_pt) * 1.02
    if height < em:
        return 0
    return 1 + int((height - em) / (pt_to_mm(size_pt) * LEADING) + 1e-9)


def fit_block(
    text: str,
    width: float,
    height: float,
    max_pt: float,
    min_pt: float,
    measure: Measure = text_width_mm,
) -> tuple[float, list[str]]:
    """Wrap `text` into the box, shrinking down to min_pt; truncate with "…" as a last resort."""
    paras = _tokenize(text, measure)
    size = max_pt
    while True:
        lines = _wrap(paras, width / size, measure)
        room = lines_fitting(height, size)
        if len(lines) <= room or size <= min_pt:
            break
        size = max(min_pt, size - 0.5)
    if len(lines) > room:
        lines = lines[:room]
        if lines:
            lines[-1] = ellipsize(lines[-1] + ELLIPSIS, width, size, measure)
    return size, lines


# ---------------------------------------------------------------------------- size specs


@dataclass(frozen=True, slots=True)
class _Spec:
    width: float
    height: float
    header: float
    barcode: float
    big: float
    center: float
    recipient: float
    sender: float
    lower: float  # second barcode + QR row
    footer: float
    qr: float
    font: float  # font scale relative to 76x130
    stub: float = 0.0  # two-ply: height of the sender's copy at the bottom
    margin: float = 1.5  # frame inset from the label edge
    pad: float = 1.2  # content inset inside a frame cell


_SPECS: dict[str, _Spec] = {
    "76x130": _Spec(76, 130, header=13, barcode=15, big=8, center=6, recipient=17, sender=9,
                    lower=20, footer=8, qr=18, font=1.0),
    "100x150": _Spec(100, 150, header=15, barcode=20, big=11, center=7, recipient=22, sender=12,
                     lower=24, footer=9, qr=22, font=1.2),
    "100x180": _Spec(100, 180, header=13, barcode=17, big=10, center=7, recipient=19, sender=11,
                     lower=20, footer=8, qr=18, font=1.15, stub=56),
}  # fmt: skip

RULE = 0.3  # separator thickness in mm (2-3 dots)


# Fitting is a pure function of (text, box, sizes, measure). Batches repeat the same
# sender, carrier, captions and items on every label, so memoising it keeps the
# layout cheap enough for the raw printer languages (thousands of labels a second).


@lru_cache(maxsize=8192)
def _fit_line(
    text: str, w: float, h: float, max_pt: float, min_pt: float | None, measure: Measure
) -> tuple[str, float, float]:
    """(fitted text, size, width) of one line; ("", 0, 0) when nothing is drawn."""
    text = clean_text(text)
    if not text or w <= 0:
        return "", 0.0, 0.0
    max_pt = min(max_pt, h / pt_to_mm(1) / 1.02)
    min_pt = min(max(MIN_PT, min_pt if min_pt is not None else max_pt * 0.6), max_pt)
    size = fit_size(text, w, max_pt, min_pt, measure)
    text = ellipsize(text, w, size, measure)
    return text, size, measure(text, size)


@lru_cache(maxsize=4096)
def _fit_paragraph(
    text: str, w: float, h: float, max_pt: float, min_pt: float, measure: Measure
) -> tuple[float, tuple[str, ...]] | None:
    """(size, lines) of a wrapped paragraph, or None when nothing is drawn."""
    text = clean_text(text, keep_newlines=True)
    if not text or h <= 0:
        return None
    min_pt = min(max(MIN_PT, min_pt), max_pt)
    size, lines = fit_block(text, w, h, max_pt, min_pt, measure)
    return size, tuple(lines)


@lru_cache(maxsize=1024)
def _fit_badge(
    text: str, h: float, size_pt: float, min_w: float, max_w: float, measure: Measure
) -> tuple[str, float, float]:
    """(fitted text, size, badge width) of a white-on-black badge."""
    text = clean_text(text)
    padx = max(0.8, h * 0.18)
    size = min(size_pt, h / pt_to_mm(1) / 1.15)
    size = fit_size(text, max_w - 2 * padx, size, max(MIN_PT, size * 0.6), measure)
    text = ellipsize(text, max_w - 2 * padx, size, measure)
    return text, size, min(max_w, max(min_w, measure(text, size) + 2 * padx))


# ---------------------------------------------------------------------------- builder

# Sections already laid out, by everything they depend on. A batch repeats the same
# sender, carrier, items and captions on every label; replaying the frozen elements
# of a section costs a dict lookup instead of fitting text again, and hands the
# renderers the very same element objects, which their own caches find by identity.
# Two generations: when the young map is full it becomes the old one, and sections still
# in use (the sender, the captions) move back up instead of being laid out again.
_SECTIONS: dict[tuple[object, ...], tuple[Element, ...]] = {}
_SECTIONS_OLD: dict[tuple[object, ...], tuple[Element, ...]] = {}
_SECTIONS_MAX = 4096


# Sections that show a per-label number (waybill, order) are laid out once per *shape*
# of their numbers: every ASCII digit has the same advance in the label font, and
# fitting, wrapping and truncating treat digits alike, so numbers that differ only in
# their digits get the same layout with the digits swapped. A template records, per
# element, which characters are which digits of which number (found by laying out
# probes whose digits are all 0, or all 1 in one number), and is kept only when it
# reproduces a probe with other digits exactly; otherwise the section is laid out
# for every label as before. Only for the default `measure` (other fonts may give
# digits different widths).
_ZEROS = str.maketrans("123456789", "000000000")
_ONES = str.maketrans("0123456789", "1111111111")
_Piece = str | tuple[int, int, int]  # literal text, or digits[a:b] of number i
_Hole = tuple[Element, tuple[_Piece, ...]]
_Template = tuple[Element | _Hole, ...]
_TEMPLATES: dict[tuple[object, ...], _Template | None] = {}
_TEMPLATES_OLD: dict[tuple[object, ...], _Template | None] = {}
_TEMPLATES_MAX = 1024
_MISSING: object = object()
_SEEN_ONCE: object = object()  # a shape laid out once, without a template


def _digits(value: str) -> str:
    if value.isascii() and value.isdigit():
        return value
    return "".join(c for c in value if "0" <= c <= "9")


def _string_of(el: Element) -> str | None:
    cls = el.__class__
    if cls is Text:
        return el.text  # type: ignore[union-attr]
    if cls is Barcode128 or cls is QR:
        return el.value  # type: ignore[union-attr]
    return None


def _with_string(el: Element, s: str) -> Element:
    cls = el.__class__
    if cls is Text:
        return Text(el.x, el.y, el.w, el.h, s, el.font_size_pt, el.bold, el.align, el.reverse)  # type: ignore[union-attr]
    if cls is Barcode128:
        return Barcode128(el.x, el.y, el.w, el.h, s)  # type: ignore[union-attr]
    return QR(el.x, el.y, el.size, s)  # type: ignore[union-attr]


def _fill(template: _Template, digits: tuple[str, ...]) -> list[Element]:
    out: list[Element] = []
    for entry in template:
        if entry.__class__ is tuple:
            el, pieces = entry  # type: ignore[misc]
            text = "".join(
                [q if q.__class__ is str else digits[q[0]][q[1] : q[2]] for q in pieces]  # type: ignore[index]
            )
            out.append(_with_string(el, text))
        else:
            out.append(entry)  # type: ignore[arg-type]
    return out


def _pieces(
    base: str, sources: list[int | None]
) -> tuple[tuple[_Piece, ...], dict[int, int]]:
    """Literal runs and digit slices of a probe string whose character k came from
    number sources[k] (None: literal)."""
    pieces: list[_Piece] = []
    seen: dict[int, int] = {}
    lit = ""
    for ch, src in zip(base, sources, strict=True):
        if src is None:
            lit += ch
            continue
        if lit:
            pieces.append(lit)
            lit = ""
        k = seen.get(src, 0)
        seen[src] = k + 1
        last = pieces[-1] if pieces else None
        if last.__class__ is tuple and last[0] == src and last[2] == k:  # type: ignore[index]
            pieces[-1] = (src, last[1], k + 1)  # type: ignore[index]
        else:
            pieces.append((src, k, k + 1))
    if lit:
        pieces.append(lit)
    return tuple(pieces), seen


def _make_template(
    draw: Callable[[_Page, tuple[str, ...]], object],
    spec: _Spec,
    measure: Measure,
    shapes: tuple[str, ...],
) -> _Template | None:
    def run(values: tuple[str, ...]) -> list[Element]:
        q = _Page(spec, measure)
        draw(q, values)
        return q.out

    base = run(shapes)
    probes = []
    for i in range(len(shapes)):
        values = list(shapes)
        values[i] = shapes[i].translate(_ONES)
        probes.append(run(tuple(values)))
    n_digits = [len(_digits(v)) for v in shapes]
    template: list[Element | _Hole] = []
    for k, el in enumerate(base):
        others = [probe[k] if k < len(probe) else None for probe in probes]
        if all(o == el for o in others):
            template.append(el)
            continue
        text = _string_of(el)
        if text is None:
            return None
        sources: list[int | None] = [None] * len(text)
        for i, o in enumerate(others):
            if o is None or o.__class__ is not el.__class__:
                return None
            if o == el:
                continue
            other = _string_of(o)
            if other is None or len(other) != len(text) or _with_string(o, text) != el:
                return None
            for j, (a, b) in enumerate(zip(text, other, strict=True)):
                if a != b:
                    if sources[j] is not None or a != "0" or b != "1":
                        return None
                    sources[j] = i
        pieces, seen = _pieces(text, sources)
        if any(count != n_digits[i] for i, count in seen.items()):
            return None  # a part of a number only (wrapped or cut): no template
        template.append((el, pieces))
    if any(len(probe) != len(base) for probe in probes):
        return None
    check_values = tuple(
        "".join(
            str((k * 7 + 3 * i + 1) % 10) if "0" <= c <= "9" else c
            for k, c in enumerate(v)
        )
        for i, v in enumerate(shapes)
    )
    got = _fill(tuple(template), tuple(_digits(v) for v in check_values))
    return tuple(template) if got == run(check_values) else None


@lru_cache(maxsize=1024)
def _rule(x1: float, y1: float, x2: float, y2: float, width: float, dashed: bool) -> Line:
    return Line(x1, y1, x2, y2, width, dashed)


class _Page:
    """Collects elements; helpers never place anything outside the box they are given."""

    def __init__(self, spec: _Spec, measure: Measure) -> None:
        self.spec = spec
        self.measure = measure
        self.out: list[Element] = []
        #: when recording a label template: (index in out, section template, field names)
        #: of each numbered section; None when not recording or not possible
        self.rec: list[tuple[int, _Template, tuple[str, ...]]] | None = None

    def pt(self, size: float) -> float:
        return size * self.spec.font

    def hline(
        self, x1: float, x2: float, y: float, width: float = RULE, dashed: bool = False
    ) -> None:
        self.out.append(_rule(x1, y, x2, y, width, dashed))

    def vline(self, x: float, y1: float, y2: float, width: float = RULE) -> None:
        self.out.append(_rule(x, y1, x, y2, width, False))

    def memo(self, key: tuple[object, ...], draw: Callable[[], object]) -> None:
        """Run `draw` (which only appends elements), or replay what it appended for the
        same key before. `key` must name every input the section reads."""
        global _SECTIONS, _SECTIONS_OLD
        full = (self.spec, self.measure, *key)
        hit = _SECTIONS.get(full)
        if hit is not None:
            self.out.extend(hit)
            return
        hit = _SECTIONS_OLD.get(full)
        if hit is not None:
            self.out.extend(hit)
        else:
            start = len(self.out)
            draw()
            hit = tuple(self.out[start:])
        if len(_SECTIONS) >= _SECTIONS_MAX:
            _SECTIONS_OLD, _SECTIONS = _SECTIONS, {}
        _SECTIONS[full] = hit

    def shape_memo(
        self,
        key: tuple[object, ...],
        names: tuple[str, ...],
        numbers: tuple[str, ...],
        draw: Callable[[_Page, tuple[str, ...]], object],
    ) -> None:
        """`memo` for a section that shows per-label numbers (`numbers`, the label fields
        `names`): `draw(page, numbers)` lays it out; sections whose numbers differ only
        in their digits share one template."""
        global _TEMPLATES, _TEMPLATES_OLD
        if self.measure is not text_width_mm:
            self.rec = None
            self.memo((*key, numbers), lambda: draw(self, numbers))
            return
        shapes = tuple([v.translate(_ZEROS) for v in numbers])
        full = (self.spec, *key, shapes)
        template = _TEMPLATES.get(full, _MISSING)
        young = template is not _MISSING
        if not young:
            template = _TEMPLATES_OLD.get(full, _MISSING)
        if template is _MISSING:  # a new shape: remember it (numbers are often one-offs)
            template = _SEEN_ONCE
        elif template is _SEEN_ONCE:  # seen before: worth a template
            template = _make_template(draw, self.spec, self.measure, shapes)
            young = False
        if not young:
            if len(_TEMPLATES) >= _TEMPLATES_MAX:
                _TEMPLATES_OLD, _TEMPLATES = _TEMPLATES, {}
            _TEMPLATES[full] = template  # type: ignore[assignment]
        if template is None or template is _SEEN_ONCE:  # lay it out as before
            self.rec = None
            self.memo((*key, numbers), lambda: draw(self, numbers))
            return
        if self.rec is not None:
            self.rec.append((len(self.out), template, names))
        self.out.extend(_fill(template, tuple([_digits(v) for v in numbers])))  # type: ignore[arg-type]

    def line(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        max_pt: float,
        min_pt: float | None = None,
        *,
        bold: bool = False,
        align: Align = "left",
        reverse: bool = False,
    ) -> float:
        """One line in (x, y, w, h), shrunk then truncated to fit; returns the width used."""
        text, size, used = _fit_line(text, w, h, max_pt, min_pt, self.measure)
        if text:
            self.out.append(Text(x, y, w, h, text, size, bold, align, reverse))
        return used

    def block(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        text: str,
        max_pt: float,
        min_pt: float,
        *,
        bold: bool = False,
        valign: Literal["top", "center"] = "top",
    ) -> float:
        """Wrapped paragraph in the box; returns the height used."""
        fitted = _fit_paragraph(text, w, h, max_pt, min_pt, self.measure)
        if fitted is None:
            return 0.0
        size, lines = fitted
        em = pt_to_mm(size)
        pitch = em * LEADING
        used = (len(lines) - 1) * pitch + em * 1.02 if lines else 0.0
        top = y + (h - used) / 2 if valign == "center" else y
        for i, ln in enumerate(lines):
            self.out.append(Text(x, top + i * pitch, w, em * 1.02, ln, size, bold))
        return used

    def badge(
        self,
        x: float,
        y: float,
        h: float,
        text: str,
        size_pt: float,
        *,
        right: bool = False,
        min_w: float = 0.0,
        max_w: float = 1e9,
    ) -> float:
        """White-on-black label such as 送货上门 or 收; returns its width."""
        text, size, w = _fit_badge(text, h, size_pt, min_w, max_w, self.measure)
        if right:
            x -= w
        self.out.append(Box(x, y, w, h, 0, fill=True))
        self.out.append(Text(x, y, w, h, text, size, True, "center", reverse=True))
        return w


def _party_line(party: LabelParty) -> str:
    return " ".join(p for p in (party.name, party.phone) if p)


def _items_text(items: tuple[LabelItem, ...], fits: Callable[[str], bool]) -> str:
    """Items as "title spec ×qty；…", dropping trailing items behind "等N件" until it fits."""
    if not items:
        return ""
    parts = [" ".join(p for p in (it.title, it.spec) if p) + f"\u00a0×{it.qty}" for it in items]
    full = "；".join(parts)
    if fits(full):
        return full
    total = sum(max(it.qty, 0) for it in items)
    lo, hi = 1, len(parts) - 1  # the most items that fit before "等N件" (binary search)
    best = ""
    while lo <= hi:
        k = (lo + hi) // 2
        candidate = "；".join(parts[:k]) + f" 等{total}件"
        if fits(candidate):
            best, lo = candidate, k + 1
        else:
            hi = k - 1
    if best:
        return best
    return parts[0] + f" 等{total}件"  # fit_block truncates the first item if needed


# ---------------------------------------------------------------------------- sections


def _header(p: _Page, d: LabelData, x: float, y: float, w: float, h: float) -> None:
    row1 = h * 0.62
    row2 = h - row1
    pad = p.spec.pad
    badge_h = min(row1 - 1.6, 7.0)
    badge_w = 0.0
    if d.service_name:
        badge_w = p.badge(
            x + w,
            y + (row1 - badge_h) / 2 + 0.4,
            badge_h,
            d.service_name,
            p.pt(11),
            right=True,
            max_w=w * 0.5,
        )
    p.line(x, y, w - badge_w - 2 * pad, row1, d.carrier_name, p.pt(16), p.pt(9), bold=True)
    half = w / 2
    date = d.printed_at.strftime("%Y-%m-%d")
    p.line(x, y + row1, half, row2, date, p.pt(8), p.pt(6))
    pack = f"包裹 {d.pack_no}/{d.pack_total}"
    p.line(
        x + half, y + row1, half, row2, pack, p.pt(8), p.pt(6), align="right", bold=d.pack_total > 1
    )


def _barcode(p: _Page, value: str, x: float, y: float, w: float, h: float, num_pt: float) -> None:
    num_h = pt_to_mm(num_pt) * 1.15
    gap = 0.6
    p.out.append(Barcode128(x, y + gap, w, h - num_h - 2 * gap, value))
    p.line(
        x, y + h - num_h - gap / 2, w, num_h, value, num_pt, num_pt * 0.7, bold=True, align="center"
    )


def _barcode_cell(
    p: _Page, value: str, x: float, y: float, w: float, h: float, num_pt: float
) -> None:
    p.shape_memo(
        ("barcode", x, y, w, h, num_pt),
        ("waybill_no",),
        (value,),
        lambda q, v: _barcode(q, v[0], x, y, w, h, num_pt),
    )


def _big(p: _Page, d: LabelData, x: float, y: float, w: float, h: float) -> None:
    """大头笔 and 三段码 in the largest type on the label, side by side."""
    a, b = d.short_address, d.sort_code
    gap = 3.0
    max_pt = min(p.pt(24), h / pt_to_mm(1) / 1.05)
    min_pt = max_pt * 0.5
    if a and b:
        size = max_pt
        while size > min_pt and p.measure(a, size) + p.measure(b, size) + gap > w:
            size = max(min_pt, size - 0.5)
        wb = min(p.measure(b, size), w * 0.55)
        wa = w - wb - gap
        p.line(x, y, wa, h, a, size, size, bold=True)
        p.line(x + w - wb, y, wb, h, b, size, size, bold=True, align="right")
    elif a or b:
        p.line(x, y, w, h, a or b, max_pt, min_pt, bold=True, align="center")


def _center(p: _Page, d: LabelData, x: float, y: float, w: float, h: float) -> None:
    """集包地: name and code of the package centre."""
    bh = h - 1.6
    bw = p.badge(x, y + 0.8, bh, "集包地", p.pt(9.5))
    text = " ".join(t for t in (d.package_center, d.package_center_code) if t)
    p.line(x + bw + 1.5, y, w - bw - 1.5, h, text, p.pt(13), p.pt(8), bold=True)


def _party(
    p: _Page,
    party: LabelParty,
    mark: str,
    x: float,
    y: float,
    w: float,
    h: float,
    name_pt: float,
    addr_pt: float,
    *,
    inline: bool = False,
) -> None:
    """收/寄 block: a mark in the left column, then name + phone and the wrapped address.

    The recipient gets its own bold name line; the sender (inline) is one paragraph,
    which leaves its address two lines even on the 9 mm block of 76x130.
    """
    mark_w = min(h - 1.6, 8.0 * p.spec.font) if mark == "收" else min(h - 2.0, 5.5 * p.spec.font)
    p.badge(x, y + 0.8, mark_w, mark, mark_w / pt_to_mm(1) * 0.72, min_w=mark_w)
    cx = x + mark_w + 2.0
    cw = w - mark_w - 2.0
    if inline:
        text = " ".join(t for t in (_party_line(party), party.address) if t)
        p.block(cx, y, cw, h, text, addr_pt, addr_pt * 0.7, valign="center")
        return
    name_h = pt_to_mm(name_pt) * 1.25
    p.line(cx, y + 0.4, cw, name_h, _party_line(party), name_pt, name_pt * 0.7, bold=True)
    top = y + 0.4 + name_h + 0.3
    p.block(cx, top, cw, y + h - 0.4 - top, party.address, addr_pt, addr_pt * 0.65)


def _party_cell(
    p: _Page,
    party: LabelParty,
    mark: str,
    x: float,
    y: float,
    w: float,
    h: float,
    name_pt: float,
    addr_pt: float,
    *,
    inline: bool = False,
) -> None:
    p.memo(
        ("party", x, y, w, h, party, mark, name_pt, addr_pt, inline),
        lambda: _party(p, party, mark, x, y, w, h, name_pt, addr_pt, inline=inline),
    )


def _lower(
    p: _Page, numbers: tuple[str, ...], x: float, y: float, w: float, h: float, left: float
) -> None:
    """Second (smaller) barcode with the order number, and the QR code on the right;
    `numbers` is (waybill number, order number, QR text)."""
    waybill_no, order_id, qr_text = numbers
    qr = min(p.spec.qr, h - 1.0)
    qr_x = left + (p.spec.width - 2 * p.spec.margin) - qr - 0.5
    bw = qr_x - 1.5 - x - p.spec.pad
    p.vline(qr_x - 1.5 - p.spec.pad / 2, y - p.spec.pad / 2, y + h + p.spec.pad / 2)
    bar_h = min(h * 0.62, 12.0)
    _barcode(p, waybill_no, x, y, bw, bar_h, p.pt(7.5))
    info = f"订单 {order_id}" if order_id else ""
    rest = h - bar_h - 0.5
    if info and rest > 2.0:
        p.block(x, y + bar_h + 0.5, bw, rest, info, p.pt(7.5), p.pt(5.5), valign="center")
    p.out.append(QR(qr_x, y + (h - qr) / 2, qr, qr_text))


@lru_cache(maxsize=1024)
def _items_plan(
    items: tuple[LabelItem, ...],
    remark: str,
    w: float,
    h: float,
    max_pt: float,
    min_pt: float,
    measure: Measure,
) -> tuple[str, float, int]:
    """(items text, items height, lines of room) for the items/remark cell (memoised:
    the binary search over items is the costliest step of a label)."""
    remark_h = 0.0
    if remark:
        n = min(3, len(wrap_text(remark, w, max_pt, measure)))
        remark_h = min(h * 0.4, pt_to_mm(max_pt) * (1.02 + LEADING * (n - 1)))
    items_h = h - remark_h - (0.8 if remark else 0.0)
    room = lines_fitting(items_h, min_pt)

    def fits(text: str) -> bool:
        return len(wrap_text("商品：" + text, w, min_pt, measure)) <= room

    return _items_text(items, fits), items_h, room


def _items(p: _Page, d: LabelData, x: float, y: float, w: float, h: float) -> None:
    """Items summary and buyer remark, sharing the height; items give way first."""
    remark = f"备注：{d.remark}" if d.remark else ""
    max_pt, min_pt = p.pt(8), p.pt(5.5)
    items, items_h, room = _items_plan(d.items, remark, w, h, max_pt, min_pt, p.measure)
    used = p.block(x, y, w, items_h, "商品：" + items, max_pt, min_pt) if items and room else 0.0
    if remark:
        top = y + used + (0.8 if used else 0.0)
        p.block(x, top, w, y + h - top, remark, max_pt, min_pt, bold=True)


def _footer(p: _Page, d: LabelData, x: float, y: float, w: float, h: float) -> None:
    """已验视 stamp, signature line and print time."""
    bh = min(h - 2.0, 5.0)
    bw = p.badge(x, y + (h - bh) / 2, bh, "已验视", p.pt(8))
    stamp = "打印 " + d.printed_at.strftime("%m-%d %H:%M")
    st_w = p.line(x + w * 0.6, y, w * 0.4, h, stamp, p.pt(6.5), p.pt(5), align="right")
    sx = x + bw + 2.0
    sw = p.line(sx, y, w * 0.6 - bw - 2.0, h, "签收人/时间：", p.pt(8), p.pt(6))
    ux1 = sx + sw + 0.5
    ux2 = x + w - st_w - 2.0
    if ux2 - ux1 > 4:
        p.hline(ux1, ux2, y + h / 2 + pt_to_mm(p.pt(8)) * 0.4, 0.2)


def _frame(p: _Page, top: float, bottom: float) -> tuple[float, float]:
    """Outer frame; returns the frame's x range."""
    s = p.spec
    x0, x1 = s.margin, s.width - s.margin
    p.out.append(Box(x0, top, x1 - x0, bottom - top, RULE))
    return x0, x1


def _main(p: _Page, d: LabelData, top: float, bottom: float) -> None:
    s = p.spec
    x0, x1 = _frame(p, top, bottom)
    cx, cw = x0 + s.pad, x1 - x0 - 2 * s.pad
    fixed = s.header + s.barcode + s.big + s.center + s.recipient + s.sender + s.lower + s.footer
    free = (bottom - top) - fixed
    y = top

    def cell(height: float, draw: Callable[[float, float], None], rule: bool = True) -> None:
        nonlocal y
        if height <= 0:
            return
        draw(y + s.pad * 0.5, height - s.pad)
        y += height
        if rule and y < bottom - 0.1:
            p.hline(x0, x1, y)

    at = d.printed_at
    cell(
        s.header,
        lambda yy, hh: p.memo(
            ("header", cx, yy, cw, hh, d.carrier_name, d.service_name, at.date(), d.pack_no,
             d.pack_total),
            lambda: _header(p, d, cx, yy, cw, hh),
        ),
    )  # fmt: skip
    cell(s.barcode, lambda yy, hh: _barcode_cell(p, d.waybill_no, cx, yy, cw, hh, p.pt(10.5)))
    cell(
        s.big,
        lambda yy, hh: p.memo(
            ("big", cx, yy, cw, hh, d.short_address, d.sort_code),
            lambda: _big(p, d, cx, yy, cw, hh),
        ),
    )
    cell(
        s.center,
        lambda yy, hh: p.memo(
            ("center", cx, yy, cw, hh, d.package_center, d.package_center_code),
            lambda: _center(p, d, cx, yy, cw, hh),
        ),
    )
    cell(
        s.recipient,
        lambda yy, hh: _party_cell(p, d.recipient, "收", cx, yy, cw, hh, p.pt(11), p.pt(10.5)),
    )
    cell(
        s.sender,
        lambda yy, hh: _party_cell(
            p, d.sender, "寄", cx, yy, cw, hh, p.pt(7.5), p.pt(8), inline=True
        ),
    )
    cell(
        s.lower,
        lambda yy, hh: p.shape_memo(
            ("lower", cx, yy, cw, hh, x0),
            ("waybill_no", "order_id", "qr_text"),
            (d.waybill_no, d.order_id, d.qr_text),
            lambda q, v: _lower(q, v, cx, yy, cw, hh, x0),
        ),
    )
    custom_h = 0.0
    if d.custom_text:
        custom_h = min(free * 0.4, max(6.0, free * 0.3))
    cell(
        free - custom_h,
        lambda yy, hh: p.memo(
            ("items", cx, yy, cw, hh, d.items, d.remark), lambda: _items(p, d, cx, yy, cw, hh)
        ),
    )
    cell(
        custom_h,
        lambda yy, hh: p.memo(
            ("custom", cx, yy, cw, hh, d.custom_text),
            lambda: p.block(cx, yy, cw, hh, d.custom_text, p.pt(8), p.pt(5.5), valign="center"),
        ),
    )
    cell(
        s.footer,
        lambda yy, hh: p.memo(
            ("footer", cx, yy, cw, hh, at.month, at.day, at.hour, at.minute),
            lambda: _footer(p, d, cx, yy, cw, hh),
        ),
        rule=False,
    )


def _stub(p: _Page, d: LabelData, top: float, bottom: float) -> None:
    """Sender's copy of a two-ply label: header, barcode, recipient, sender, order."""
    s = p.spec
    x0, x1 = _frame(p, top, bottom)
    cx, cw = x0 + s.pad, x1 - x0 - 2 * s.pad
    heights = {"head": 7.0, "bar": 14.0, "recv": 16.0, "send": 9.0}
    rest = (bottom - top) - sum(heights.values())
    y = top

    def cell(height: float, draw: Callable[[float, float], None], rule: bool = True) -> None:
        nonlocal y
        draw(y + s.pad * 0.5, height - s.pad)
        y += height
        if rule:
            p.hline(x0, x1, y)

    def head(yy: float, hh: float) -> None:
        bw = p.badge(cx + cw, yy + 0.4, hh - 0.8, "寄件联", p.pt(8), right=True)
        p.line(
            cx,
            yy,
            cw - bw - 2,
            hh,
            f"{d.carrier_name} {d.service_name}".strip(),
            p.pt(10),
            p.pt(7),
            bold=True,
        )

    cell(
        heights["head"],
        lambda yy, hh: p.memo(
            ("stub-head", cx, yy, cw, hh, d.carrier_name, d.service_name), lambda: head(yy, hh)
        ),
    )
    cell(heights["bar"], lambda yy, hh: _barcode_cell(p, d.waybill_no, cx, yy, cw, hh, p.pt(9)))
    cell(
        heights["recv"],
        lambda yy, hh: _party_cell(p, d.recipient, "收", cx, yy, cw, hh, p.pt(9.5), p.pt(8.5)),
    )
    cell(
        heights["send"],
        lambda yy, hh: _party_cell(
            p, d.sender, "寄", cx, yy, cw, hh, p.pt(7.5), p.pt(8), inline=True
        ),
    )

    def info(q: _Page, yy: float, hh: float, order_id: str) -> None:
        stamp = d.printed_at.strftime("%Y-%m-%d %H:%M")
        text = f"订单 {order_id} {stamp}".strip()
        q.line(cx, yy, cw, hh, text, p.pt(7.5), p.pt(5.5), align="left")

    at = d.printed_at
    cell(
        rest,
        lambda yy, hh: p.shape_memo(
            ("stub-info", cx, yy, cw, hh, at.date(), at.hour, at.minute),
            ("order_id",),
            (d.order_id,),
            lambda q, v: info(q, yy, hh, v[0]),
        ),
        rule=False,
    )


def _layout(label: LabelData, size: str, measure: Measure, record: bool = False) -> _Page:
    spec = _SPECS[size]
    p = _Page(spec, measure)
    if record:
        p.rec = []
    if spec.stub:
        tear = spec.height - spec.stub
        _main(p, label, spec.margin, tear - 1.0)
        p.hline(0.0, spec.width, tear, 0.25, dashed=True)
        _stub(p, label, tear + 1.0, spec.height - spec.margin)
    else:
        _main(p, label, spec.margin, spec.height - spec.margin)
    return p


# Whole labels that differ only in the digits of their numbers (a batch from one shop:
# same sender, often the same items, one print time) replay one label template: the
# constant elements as they are, the numbered sections filled from their templates. A
# label template is recorded the second time its key is seen, and kept only when it
# reproduces a label with other digits exactly. The key is every field the layout
# reads, with the numbers' digits zeroed and the print time to the minute (the label
# shows no seconds).
class _HoleSpec:
    """A per-label element of a label template: `el` with its string rebuilt from
    literal runs and digit slices of the label's number fields."""

    __slots__ = ("el", "pieces", "whole")

    def __init__(
        self, el: Element, pieces: tuple[str | tuple[str, int, int], ...], label: LabelData
    ) -> None:
        self.el = el
        self.pieces = pieces
        # the common case, a literal then a whole number of digits only (every label of
        # the template has such a number there: the key holds the numbers' shapes)
        self.whole: tuple[str, str] | None = None
        lit, last = ("", pieces[0]) if len(pieces) == 1 else pieces if len(pieces) == 2 else ("", "")
        if lit.__class__ is str and last.__class__ is tuple:
            name, a, b = last  # type: ignore[misc]
            value = getattr(label, name)
            if a == 0 and b == len(value) and value.isascii() and value.isdigit():
                self.whole = (lit, name)  # type: ignore[assignment]

    def fill(self, label: LabelData, digits: dict[str, str]) -> Element:
        whole = self.whole
        if whole is not None:
            return _with_string(self.el, whole[0] + getattr(label, whole[1]))
        parts: list[str] = []
        for q in self.pieces:
            if q.__class__ is str:
                parts.append(q)  # type: ignore[arg-type]
                continue
            name, a, b = q  # type: ignore[misc]
            v = digits.get(name)
            if v is None:
                v = digits[name] = _digits(getattr(label, name))
            parts.append(v[a:b])
        return _with_string(self.el, "".join(parts))


#: constant runs (the same tuple object on every label of the template) and holes
_LabelTemplate = tuple[tuple[Element, ...] | _HoleSpec, ...]
_LABELS: dict[tuple[object, ...], _LabelTemplate | None] = {}
_LABELS_MAX = 512


def _label_key(d: LabelData, size: str) -> tuple[object, ...]:
    at = d.printed_at
    return (
        size, d.waybill_no.translate(_ZEROS), d.order_id.translate(_ZEROS),
        d.qr_payload.translate(_ZEROS), d.carrier_code, d.carrier_name, d.service_name,
        d.sort_code, d.short_address, d.package_center, d.package_center_code, d.recipient,
        d.sender, d.items, d.remark, d.pack_no, d.pack_total, d.custom_text,
        at.year, at.month, at.day, at.hour, at.minute, at.tzinfo,
    )  # fmt: skip


def _record(label: LabelData, size: str) -> _LabelTemplate | None:
    p = _layout(label, size, text_width_mm, record=True)
    if p.rec is None:
        return None
    entries: list[tuple[Element, ...] | _HoleSpec] = []
    run: list[Element] = []
    at = 0
    for start, template, names in p.rec:
        run.extend(p.out[at:start])
        for entry in template:
            if entry.__class__ is tuple:
                el, pieces = entry  # type: ignore[misc]
                if run:
                    entries.append(tuple(run))
                    run = []
                named = tuple(
                    q if q.__class__ is str else (names[q[0]], q[1], q[2])  # type: ignore[index]
                    for q in pieces
                )
                entries.append(_HoleSpec(el, named, label))  # type: ignore[arg-type]
            else:
                run.append(entry)  # type: ignore[arg-type]
        at = start + len(template)
    run.extend(p.out[at:])
    if run:
        entries.append(tuple(run))
    tpl = tuple(entries)
    check = replace(
        label,
        waybill_no=_other_digits(label.waybill_no, 1),
        order_id=_other_digits(label.order_id, 2),
        qr_payload=_other_digits(label.qr_payload, 3),
    )
    if _fill_label(tpl, check) != _layout(check, size, text_width_mm).out:
        return None
    if _fill_label(tpl, label) != p.out:
        return None
    return tpl


def _other_digits(value: str, seed: int) -> str:
    return "".join(
        str((k * 7 + seed * 3 + 1) % 10) if "0" <= c <= "9" else c for k, c in enumerate(value)
    )


def _fill_label(tpl: _LabelTemplate, label: LabelData) -> list[Element]:
    out: list[Element] = []
    digits: dict[str, str] = {}
    for entry in tpl:
        if entry.__class__ is tuple:
            out.extend(entry)  # type: ignore[arg-type]
        else:
            out.append(entry.fill(label, digits))  # type: ignore[union-attr]
    return out


def _template(label: LabelData, size: str) -> _LabelTemplate | None:
    """The label template for this label, when its key has been seen before."""
    key = _label_key(label, size)
    tpl = _LABELS.get(key, False)
    if tpl is False:  # first time: remember the key only
        if len(_LABELS) >= _LABELS_MAX:
            _LABELS.clear()
        _LABELS[key] = ()
        return None
    if tpl == ():  # seen once: record a template
        tpl = _LABELS[key] = _record(label, size)
    return tpl  # type: ignore[return-value]


def layout_runs(
    label: LabelData, size: str
) -> tuple[list[tuple[Element, ...] | Element], bool]:
    """The label's elements (default font metrics) as (runs, True): constant runs, each
    a tuple that is the very same object on every label of a batch that differs only
    in its numbers' digits, and single per-label elements in between; renderers cache
    a run's output by identity. (elements, False), as `build_layout` gives them, when
    the label has no template (yet)."""
    page_size_mm(size)
    tpl = _template(label, size)
    if tpl is None:
        return _layout(label, size, text_width_mm).out, False  # type: ignore[return-value]
    out: list[tuple[Element, ...] | Element] = []
    digits: dict[str, str] = {}
    for entry in tpl:
        out.append(entry if entry.__class__ is tuple else entry.fill(label, digits))  # type: ignore[union-attr,arg-type]
    return out, True


def build_layout(label: LabelData, size: str, measure: Measure = text_width_mm) -> list[Element]:
    """Elements of one label, in mm from the top-left corner.

    `measure(text, size_pt) -> mm` is the font's advance width; the default matches
    the embedded WenQuanYi Micro Hei used by the PDF renderer. A renderer with other
    fonts passes its own so lines are broken for the font that will print them.
    """
    page_size_mm(size)
    if measure is not text_width_mm:
        return _layout(label, size, measure).out
    tpl = _template(label, size)
    if tpl is None:
        return _layout(label, size, measure).out
    return _fill_label(tpl, label)
