"""Line bitmaps composed from cached prefixes are the bitmaps composed from scratch, and the
print service's warm-up leaves the caches ready."""

from __future__ import annotations

import pytest

from app.labels import raster


def _fresh(text: str, pt: float, bold: bool, dpi: int):  # noqa: ANN202
    raster.text_bitmap.cache_clear()
    raster._prefixes.clear()
    return raster.text_bitmap(text, pt, bold, dpi)


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("bold", [False, True])
def test_sequential_numbers_from_prefixes_equal_fresh_lines(dpi: int, bold: bool) -> None:
    numbers = [f"7843120000{n:04d}" for n in range(0, 240, 7)]
    numbers += [f"订单 75688655322280{n:05d} 2026-11-23 10:00" for n in range(3)]
    expected = [_fresh(t, 10.5, bold, dpi) for t in numbers]
    raster.clear_caches()
    got = [raster.text_bitmap(t, 10.5, bold, dpi) for t in numbers]  # prefixes reused
    assert raster._prefixes  # the cache was used
    assert got == expected


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


def test_numbered_lines_go_as_hex_and_captions_compressed() -> None:
    import re

    from app.labels.zpl import render_zpl
    from tests.unit.test_labels import make_label

    zpl = render_zpl([make_label(waybill_no="78123456789012")], "100x180", 300).decode()
    fields = re.findall(r"\^GFA,(\d+),\d+,\d+,(:Z64:[^^]*|[0-9A-F]*)\^FS", zpl)
    assert any(body.startswith(":Z64:") for _, body in fields)
    assert any(not body.startswith(":Z64:") and int(total) > 1024 for total, body in fields)
