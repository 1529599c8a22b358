"""PNG preview and the text rasteriser behind every thermal-printer language."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from app.labels import fonts, raster
from app.labels.barcodes import mm_to_dots
from app.labels.dots import box_rect, place_text
from app.labels.layout import SIZES, Text, build_layout, page_size_mm
from app.labels.metrics import text_width_mm
from app.labels.pdf import render_pdf
from app.labels.png import render_image, render_png
from tests.unit.test_labels import long_label, make_label


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", list(SIZES))
def test_preview_is_a_scannable_png(size: str, dpi: int) -> None:
    label = make_label()
    img = Image.open(io.BytesIO(render_png(label, size, dpi)))
    w_mm, h_mm = page_size_mm(size)
    assert img.format == "PNG" and img.mode == "1"
    assert img.size == (mm_to_dots(w_mm, dpi), mm_to_dots(h_mm, dpi))
    assert round(img.info["dpi"][0]) == dpi
    found = zxingcpp.read_barcodes(img.convert("L"))
    code128 = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.Code128]
    assert code128.count(label.waybill_no) == (3 if size == "100x180" else 2)
    assert [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode] == [label.qr_text]


def _ink(img: Image.Image) -> Image.Image:
    """Ink as white (255) on black, mode L."""
    return img.convert("L").point(lambda v: 255 if v < 128 else 0)


@pytest.mark.parametrize("label", [make_label(), long_label()], ids=["normal", "long"])
@pytest.mark.parametrize("size", list(SIZES))
def test_preview_shows_what_the_pdf_shows(size: str, label: object) -> None:
    """Every inked dot of the preview is within two dots (0.25 mm) of ink in the PDF, and
    back: the same layout, told apart only by hinting and anti-aliasing of small type."""
    buf = io.BytesIO()
    render_pdf([label], size, buf)  # type: ignore[list-item]
    pdf = pdfium.PdfDocument(buf.getvalue())[0].render(scale=203 / 72).to_pil()
    png = render_image(label, size, 203)  # type: ignore[arg-type]
    pdf = pdf.crop((0, 0, *png.size))
    a, b = _ink(png), _ink(pdf)
    grown_a, grown_b = a.filter(ImageFilter.MaxFilter(5)), b.filter(ImageFilter.MaxFilter(5))
    ink_a, ink_b = a.histogram()[255], b.histogram()[255]
    stray_a = ImageChops.multiply(a, ImageChops.invert(grown_b)).histogram()[255]
    stray_b = ImageChops.multiply(b, ImageChops.invert(grown_a)).histogram()[255]
    assert stray_a < ink_a * 0.005, (stray_a, ink_a)
    assert stray_b < ink_b * 0.005, (stray_b, ink_b)
    assert abs(ink_a - ink_b) < 0.12 * ink_b, (ink_a, ink_b)


def test_badges_are_white_on_black() -> None:
    label = make_label()
    img = render_image(label, "76x130")
    badges = [e for e in build_layout(label, "76x130") if isinstance(e, Text) and e.reverse]
    assert {e.text for e in badges} >= {"送货上门", "收", "寄", "已验视", "集包地"}
    for el in badges:
        x, y, w, h = box_rect(el, 203)
        hist = img.crop((x, y, x + w, y + h)).convert("L").histogram()
        black, white = hist[0], hist[255]
        assert black > white > 0.05 * w * h, el.text


# ---------------------------------------------------------------------------- raster


def _reference(text: str, size_pt: float, bold: bool, dpi: int) -> Image.Image:
    """The same line drawn the slow, obvious way: each character with Pillow at its pen
    position on its own layer, thresholded, OR-ed together (ink = 1)."""
    size = round(size_pt * dpi / 72 * 4) / 4
    font = ImageFont.truetype(
        str(fonts.font_path()), size, index=fonts.FONT_SUBFONT, layout_engine=ImageFont.Layout.BASIC
    )
    grow = raster.BOLD_GROW_EM * size if bold else 0
    out = Image.new("1", (3000, 300), 0)
    for pen, ch in zip(raster.pen_positions(text, size), text, strict=False):
        layer = Image.new("L", out.size, 0)
        ImageDraw.Draw(layer).text(
            (1000 + pen, 200),
            ch,
            font=font,
            fill=255,
            anchor="ls",
            stroke_width=grow,
            stroke_fill=255,
        )
        out = ImageChops.logical_or(
            out, layer.point(lambda v: 255 if v >= raster.THRESHOLD else 0).convert("1")
        )
    return out


@pytest.mark.parametrize(
    ("text", "size_pt", "bold"),
    [
        ("78123456789012", 10.5, True),
        ("浙江省杭州市西湖区文三路478号华星时代广场** 138******34", 8.0, False),
        ("商品：冻干草莓脆 100g ×3；农家土鸡蛋…", 5.0, False),
        ("中通快递", 24.0, True),
        ("a", 6.0, False),
    ],
)
@pytest.mark.parametrize("dpi", [203, 300])
def test_text_bitmap_equals_glyph_by_glyph(text: str, size_pt: float, bold: bool, dpi: int) -> None:
    tb = raster.text_bitmap(text, size_pt, bold, dpi)
    assert tb is not None
    ref = _reference(text, size_pt, bold, dpi)
    x0, y0, x1, y1 = ref.getbbox()
    assert (tb.left, tb.top) == (x0 - 1000, y0 - 200)
    assert (tb.bitmap.width, tb.bitmap.height) == (x1 - x0, y1 - y0)
    got = tb.bitmap.to_image()
    want = ImageChops.invert(ref.crop((x0, y0, x1, y1)).convert("L"))
    assert ImageChops.difference(got.convert("L"), want.convert("L")).getbbox() is None
    # padding bits at the end of each row stay white
    rb, pad = tb.bitmap.row_bytes, tb.bitmap.row_bytes * 8 - tb.bitmap.width
    if pad:
        mask = (1 << pad) - 1
        assert all(tb.bitmap.data[r * rb + rb - 1] & mask == 0 for r in range(tb.bitmap.height))
    # the line is as wide as the layout measured it (glyph bearings aside)
    em = size_pt * dpi / 72
    assert abs(tb.bitmap.width - text_width_mm(text, size_pt) * dpi / 25.4) < 0.25 * em + 2


def test_text_sits_on_the_pdf_baseline() -> None:
    label = make_label()
    for el in build_layout(label, "76x130"):
        if isinstance(el, Text):
            placed = place_text(el, 203)
            assert placed is not None
            top, bottom = placed.y, placed.y + placed.glyphs.bitmap.height
            base = mm_to_dots(el.baseline, 203)
            assert top < base <= bottom + 1, el.text
            # ink stays about inside the element's box: the layout's ascent and descent
            # are the font's averages, bold CJK reaches a little beyond (as in the PDF)
            x0, y0, w, h = box_rect(el, 203)
            slack = 2 + 0.08 * el.font_size_pt * 203 / 72
            assert y0 - slack <= top and bottom <= y0 + h + slack, el.text
            assert (
                x0 - slack <= placed.x and placed.x + placed.glyphs.bitmap.width <= x0 + w + slack
            )


def test_empty_and_blank_lines() -> None:
    assert raster.text_bitmap("   ", 8, False, 203) is None
    assert raster.text_bitmap("", 8, False, 203) is None


def test_reverse_box_and_crop() -> None:
    tb = raster.text_bitmap("寄", 12, True, 203)
    box = raster.reverse_box(tb, 40, 40, 4, 34)
    img = box.to_image()
    assert img.size == (40, 40)
    assert img.getpixel((0, 0)) == 0 and img.getpixel((39, 39)) == 0  # black corners
    assert 0 < img.convert("L").histogram()[255] < 40 * 40 / 2  # some white strokes
    part = box.crop(0, 0, 13, 7)
    assert (part.width, part.height, part.row_bytes) == (13, 7, 2)
    assert part.data[1] & 0b111 == 0  # padding stays white even in a black box
    assert raster.Bitmap.from_image(part.to_image()) == part


def test_caches_can_be_cleared() -> None:
    before = raster.text_bitmap("顺丰速运", 9, True, 203)
    raster.clear_caches()
    assert raster.text_bitmap("顺丰速运", 9, True, 203) == before


def test_glyph_tables_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    text, other = "浙江省杭州市西湖区文三路478号", "广东省深圳市南山区粤海街道"
    want = raster.text_bitmap(text, 9, False, 203)
    raster.clear_caches()
    monkeypatch.setattr(raster, "_GLYPHS_MAX", 5)
    raster.text_bitmap(other, 9, False, 203)  # past 5 glyphs: the next line starts afresh
    assert raster.text_bitmap(text, 9, False, 203) == want
    assert [set(t.adv) for t in raster._glyph_tables.values()] == [set(text)]
