"""Line bitmaps of odd glyphs compose the same whatever was rendered before, and the print
service's warm-up leaves the glyph tables ready."""

from __future__ import annotations

from app.labels import raster


def _fresh(text: str, pt: float, bold: bool, dpi: int):  # noqa: ANN202
    raster.clear_caches()
    return raster.text_bitmap(text, pt, bold, dpi)


def test_odd_glyphs_outside_the_frame_still_compose() -> None:
    for text in ("ÅÉÎ jgpqy {}[]|@ 龘齉 ∫√∑ ÿ", "ḜḜḜḜḜḜḜḜḜḜ ǅǅǅ", "fjjjjjjjjjjjjjj", "   "):
        for pt in (5.0, 24.0):
            a = _fresh(text, pt, False, 203)
            raster.clear_caches()
            raster.text_bitmap(text[:-1], pt, False, 203)
            assert raster.text_bitmap(text, pt, False, 203) == a


def test_warm_up_renders_the_common_glyphs() -> None:
    from app.services.print_labels import warm_up

    raster.clear_caches()
    assert warm_up(size="100x150", dpi=300, fmt="tspl") > 0
    assert sum(len(t.adv) for t in raster._glyph_tables.values()) > 200


def test_numbered_lines_go_glyph_by_glyph() -> None:
    import re

    from app.labels.zpl import render_zpl
    from tests.unit.test_labels import make_label

    zpl = render_zpl([make_label(waybill_no="78123456789012")], "100x180", 300).decode()
    fields = re.findall(r"\^GFA,(\d+),\d+,\d+,(:Z64:[^^]*|[0-9A-F]*)\^FS", zpl)
    assert len(fields) > 100  # glyphs, not lines
    # a digit of the number: the same field wherever it is on the label
    assert len(fields) > len(set(fields)) + 20


def test_freetype_bitmaps_are_the_drawn_glyphs() -> None:
    """Non-bold glyphs come from FreeType's own bitmap: the dots ImageDraw paints."""
    chars = [chr(c) for c in range(0x21, 0x7F)] + list("收寄件人地址电话广东省深圳市南山区粤海街道（）【】，。：×—…·￥①")
    for size_q in (57, 97, 200):
        font = raster._font(size_q)
        for ch in chars:
            drawn = raster._ink(*raster._drawn(font, ch, 0.0))
            assert raster._render_glyph(ch, size_q, False) == drawn, (ch, size_q)
