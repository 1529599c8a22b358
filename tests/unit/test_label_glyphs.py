"""Text sent glyph by glyph prints the dots of the line's bitmap: varied labels rendered
both ways, at every size and dpi, are compared as pixels through the ZPL and TSPL
interpreters. TSPL's glyph boxes cover no ink drawn before them and rules come last, so
OVERWRITE prints what OR does, and OR prints the lines' bitmaps."""

from __future__ import annotations

import pytest

from app.labels import raster, tspl, zpl
from bench.labels_pdf import sample_labels
from tests.unit.zpl_tspl_interp import InterpError, parse_tspl, parse_zpl
from tests.unit.zpl_tspl_interp import render_tspl as interp_tspl
from tests.unit.zpl_tspl_interp import render_zpl as interp_zpl

SIZES = ["76x130", "100x150", "100x180"]


def _both(render, module, labels, size, dpi, monkeypatch, **kw):  # noqa: ANN001, ANN202
    """The labels with glyph-by-glyph text, and with every line as one bitmap."""
    module._caches.clear()
    glyphs = render(labels, size, dpi, **kw)
    with monkeypatch.context() as m:
        m.setattr(module, "_glyph_fields" if module is zpl else "_glyph_bitmaps",
                  lambda el, page: None)
        module._caches.clear()
        lines = render(labels, size, dpi, **kw)
    module._caches.clear()
    return glyphs, lines


def zpl_pairs(a: bytes, b: bytes) -> list:
    """The formats of two ZPL streams rasterised side by side, but for those with a barcode
    the small interpreter does not model."""
    out = []
    for x, y in zip(parse_zpl(a), parse_zpl(b), strict=True):
        try:
            out.append((interp_zpl(x), interp_zpl(y)))
        except InterpError:
            continue
    return out


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", SIZES)
def test_zpl_glyph_fields_print_the_line_bitmaps(
    size: str, dpi: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = sample_labels(25, seed=11)
    glyphs, lines = _both(zpl.render_zpl, zpl, labels, size, dpi, monkeypatch)
    assert glyphs.count(b"^GFA") > 3 * lines.count(b"^GFA")  # glyph by glyph indeed
    pairs = zpl_pairs(glyphs, lines)
    assert len(pairs) >= 10
    for got, want in pairs:
        assert got.out_of_bounds == [] and got.image.tobytes() == want.image.tobytes()


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", SIZES)
def test_tspl_glyph_bitmaps_print_the_line_bitmaps(
    size: str, dpi: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = sample_labels(25, seed=11)
    composed = []
    real = tspl._composed
    monkeypatch.setattr(tspl, "_composed", lambda *a: composed.append(a) or real(*a))
    glyphs, lines = _both(tspl.render_tspl, tspl, labels, size, dpi, monkeypatch)
    assert glyphs.count(b"BITMAP") > 3 * lines.count(b"BITMAP")
    assert composed  # line ends cut on a byte boundary between glyphs, drawn last
    for a, b in zip(parse_tspl(glyphs), parse_tspl(lines), strict=True):
        ink = interp_tspl(b, dpi, bitmap_mode="or").image
        glyph_or = interp_tspl(a, dpi, bitmap_mode="or").image
        assert glyph_or.tobytes() == ink.tobytes()
        got = interp_tspl(a, dpi)  # OVERWRITE whitens nothing
        assert got.out_of_bounds == [] and got.image.tobytes() == ink.tobytes()


@pytest.mark.parametrize("lang", ["zpl", "tspl"])
def test_lines_at_the_label_edge_go_as_one_clipped_bitmap(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An offset pushing text past the edge: that line is one bitmap, clipped as before,
    also when the line's glyphs are the first its table meets."""
    raster.clear_caches()
    labels = sample_labels(3, seed=5)
    module, render = (zpl, zpl.render_zpl) if lang == "zpl" else (tspl, tspl.render_tspl)
    glyphs, lines = _both(render, module, labels, "76x130", 203, monkeypatch,
                          offset_mm=(-3.5, 0.0))
    if lang == "zpl":
        pairs = zpl_pairs(glyphs, lines)
    else:
        pairs = [(interp_tspl(a, 203), interp_tspl(b, 203, bitmap_mode="or")) for a, b in
                 zip(parse_tspl(glyphs), parse_tspl(lines), strict=True)]
    assert pairs
    for got, want in pairs:
        assert got.out_of_bounds == [] and got.image.tobytes() == want.image.tobytes()
