"""ZPL and TSPL labels, read back through small printer interpreters and zxing-cpp.

The interpreters (zpl_tspl_interp.py) rebuild barcodes from the commands alone, as
firmware does, then the tests decode the raster and compare it with the PNG preview
(itself checked against the PDF in test_png.py): what the printer would print is
what the PDF shows.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib

import pytest
import zxingcpp
from PIL import Image, ImageChops

from app.core.labeldata import LabelData, LabelParty
from app.labels import raster
from app.labels.barcodes import QUIET_MODULES, code128_geometry, code128_symbols, mm_to_dots
from app.labels.dots import box_rect, place_barcode, place_qr, rule_rects
from app.labels.layout import QR, SIZES, Barcode128, Box, Line, Text, build_layout
from app.labels.png import render_image
from app.labels.qrspec import qr_modules
from app.labels.tspl import iter_tspl, render_tspl
from app.labels.zpl import code128_data, iter_zpl, render_zpl, z64
from tests.unit.test_labels import PHONE_RUN, long_label, make_label
from tests.unit.zpl_tspl_interp import (
    InterpError,
    _zpl_gf_data,
    parse_tspl,
    parse_zpl,
)
from tests.unit.zpl_tspl_interp import (
    render_tspl as interp_tspl,
)
from tests.unit.zpl_tspl_interp import (
    render_zpl as interp_zpl,
)

LANGS = ["zpl", "tspl"]


def drawn(lang: str, label: LabelData, size: str, dpi: int, **kw: object):  # noqa: ANN201
    """Render one label and run it through the interpreter."""
    if lang == "zpl":
        formats = parse_zpl(render_zpl([label], size, dpi=dpi, **kw))  # type: ignore[arg-type]
        assert len(formats) == 1
        return interp_zpl(formats[0])
    jobs = parse_tspl(render_tspl([label], size, dpi=dpi, **kw))  # type: ignore[arg-type]
    assert len(jobs) == 1
    return interp_tspl(jobs[0], dpi)


def qr_areas(label: LabelData, size: str, dpi: int) -> list[tuple[int, int, int, int]]:
    out = []
    for el in build_layout(label, size):
        if isinstance(el, QR):
            x, y = mm_to_dots(el.x, dpi), mm_to_dots(el.y, dpi)
            s = int(el.size * dpi / 25.4 + 1e-6) + 2
            out.append((x - 12, y - 12, x + s + 12, y + s + 12))
    return out


def differing_dots(a: Image.Image, b: Image.Image, masks: list[tuple[int, int, int, int]]) -> int:
    """Dots that differ between two label rasters outside the given boxes."""
    w, h = min(a.width, b.width), min(a.height, b.height)
    diff = ImageChops.difference(
        a.crop((0, 0, w, h)).convert("L"), b.crop((0, 0, w, h)).convert("L")
    )
    for box in masks:
        diff.paste(0, box)
    return w * h - diff.histogram()[0]


# ---------------------------------------------------------------------------- scans


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", LANGS)
def test_label_scans_and_matches_preview(lang: str, size: str, dpi: int) -> None:
    label = make_label()
    d = drawn(lang, label, size, dpi)
    assert d.out_of_bounds == []
    assert (d.width, d.height) == render_image(label, size, dpi).size
    found = d.decode()
    code128 = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.Code128]
    qrs = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert code128.count(label.waybill_no) == (3 if size == "100x180" else 2), code128
    assert qrs == [label.qr_text]
    # everything but the printer-encoded QR code is dot for dot the preview
    preview = render_image(label, size, dpi)
    assert differing_dots(d.image, preview, qr_areas(label, size, dpi)) == 0


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", LANGS)
def test_long_label_scans(lang: str, size: str) -> None:
    label = long_label()
    d = drawn(lang, label, size, 203)
    assert d.out_of_bounds == []
    texts = {b.text for b in d.decode()}
    assert label.waybill_no in texts and label.qr_text in texts
    preview = render_image(label, size, 203)
    assert differing_dots(d.image, preview, qr_areas(label, size, 203)) == 0


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("lang", LANGS)
def test_bars_are_whole_dots_where_the_pdf_puts_them(lang: str, dpi: int) -> None:
    label = make_label(waybill_no="SF1234567890123")
    d = drawn(lang, label, "100x180", dpi)
    elements = [e for e in build_layout(label, "100x180") if isinstance(e, Barcode128)]
    assert len(d.barcodes) == len(elements) == 3
    for got, el in zip(d.barcodes, elements, strict=True):
        geo = code128_geometry(el.value, el.w, dpi)
        place = place_barcode(el, dpi)
        bars = geo.bars(place.quiet_x)
        assert isinstance(got["module"], int) and got["module"] == geo.module_dots
        assert (got["x"], got["y"], got["h"]) == (bars[0][0], place.y, place.height)
        assert got["end"] == bars[-1][0] + bars[-1][1]  # same symbol width as the PDF
        assert got["symbols"] == list(code128_symbols(el.value)[:-1])
        assert got["x"] - QUIET_MODULES * geo.module_dots >= mm_to_dots(el.x, dpi)


@pytest.mark.parametrize("lang", LANGS)
def test_qr_module_is_whole_dots_and_inside_its_box(lang: str) -> None:
    label = make_label()
    d = drawn(lang, label, "76x130", 203)
    (el,) = [e for e in build_layout(label, "76x130") if isinstance(e, QR)]
    (qr,) = d.qrcodes
    place = place_qr(el, 203)
    assert qr["module"] == place.module and qr["size"] == place.modules == qr_modules(el.value)
    assert (qr["x"], qr["y"]) == (place.x, place.y)  # after undoing the ^BQ drop
    x0, y0 = mm_to_dots(el.x, 203), mm_to_dots(el.y, 203)
    side = int(el.size * 203 / 25.4 + 1e-6)
    end = qr["module"] * qr["size"]  # type: ignore[operator]
    assert x0 <= qr["x"] and qr["x"] + end <= x0 + side  # type: ignore[operator]
    assert y0 <= qr["y"] and qr["y"] + end <= y0 + side  # type: ignore[operator]


# ---------------------------------------------------------------------------- masking


@pytest.mark.parametrize("lang", LANGS)
def test_no_phone_number_in_any_field(lang: str) -> None:
    for size in SIZES:
        d = drawn(lang, make_label(), size, 203)
        assert d.field_data and not any(PHONE_RUN.search(f) for f in d.field_data)


@pytest.mark.parametrize("lang", LANGS)
def test_phone_check_is_not_vacuous(lang: str) -> None:
    label = make_label(qr_payload="tel:13812345634")
    d = drawn(lang, label, "76x130", 203)
    assert any(PHONE_RUN.search(f) for f in d.field_data)


def test_text_is_sent_as_pictures_only() -> None:
    """No text command, so nothing personal travels as characters: a plain phone number
    on the label can only be in a bitmap (checked by the layout tests), never in ^FD."""
    label = make_label(recipient=LabelParty("张*", "13812345634", "浙江省杭州市**"))
    zpl = render_zpl([label], "76x130")
    tspl = render_tspl([label], "76x130")
    assert b"13812345634" not in zpl and b"13812345634" not in tspl
    assert not re.search(rb"\^A[0-9A-Z@]", zpl) and b"TEXT " not in tspl


# ---------------------------------------------------------------------------- encodings


def test_z64_matches_zebra_designer() -> None:
    # a field exported by ZebraDesigner: CRC-16/XMODEM of the base64 text
    b64 = "eJxjYBhIwAfFckBsA8QWQFwBxAVA/IGBgfEBEB9gYGAGYvYGIAYK81NHiwXUBQA/Jwvb"
    assert f"{binascii.crc_hqx(b64.encode(), 0):04X}" == "7960"
    data = bytes(range(256)) * 3
    encoded = z64(data)
    _, tag, body, crc = encoded.split(":")
    assert tag == "Z64" and f"{binascii.crc_hqx(body.encode(), 0):04X}" == crc
    assert zlib.decompress(base64.b64decode(body)) == data


def test_bitmaps_travel_compressed_where_that_is_shorter() -> None:
    zpl = render_zpl([long_label()], "100x150").decode()
    fields = re.findall(r"\^GFA,(\d+),\d+,\d+,(:Z64:[^^]*|[0-9A-F]*)\^FS", zpl)
    assert fields and any(body.startswith(":Z64:") for _, body in fields)
    assert any(not body.startswith(":Z64:") for _, body in fields)
    for total, body in fields:
        if body.startswith(":Z64:"):  # under the hex of the same bitmap
            assert len(body) < 2 * int(total)
        else:  # a glyph whose hex is the shorter, or a short line
            assert int(total) <= 1024


@pytest.mark.parametrize(
    "value",
    ["78123456789012", "7812345678901", "SF1234567890123", "JT0001234567890", "A>B^C~D_E", "YT12"],
)
def test_code128_values_round_trip(value: str) -> None:
    label = make_label(waybill_no=value)
    for lang in LANGS:
        d = drawn(lang, label, "100x150", 203)
        assert [b.text for b in d.decode() if b.format == zxingcpp.BarcodeFormat.Code128] == [
            value,
            value,
        ], (lang, value)
    assert code128_data("SF1234567890123") == ">:SF1>5234567890123"
    assert code128_data("78123456789012") == ">;78123456789012"


def test_tspl_manual_subsets() -> None:
    from app.labels.tspl import code128_data as tspl_data

    assert tspl_data("SF1234567890123") == "!104SF1!099234567890123"
    assert tspl_data("78123456789012") == "!10578123456789012"
    assert tspl_data("AB!C") is None  # drawn as bars instead
    d = drawn("tspl", make_label(waybill_no="AB!C12"), "100x150", 203)
    codes = [b.text for b in d.decode() if b.format == zxingcpp.BarcodeFormat.Code128]
    assert codes == ["AB!C12", "AB!C12"]


@pytest.mark.parametrize("lang", LANGS)
def test_unusual_qr_payload_goes_as_our_bitmap(lang: str) -> None:
    payload = 'https://t.example.com/运单/78123456789012?a="b"&c=^~'
    label = make_label(qr_payload=payload)
    d = drawn(lang, label, "76x130", 203)
    assert d.qrcodes == []  # not the printer's encoder
    assert payload in {b.text for b in d.decode()}
    assert differing_dots(d.image, render_image(label, "76x130", 203), []) == 0


def test_qr_size_matches_zxing() -> None:
    for ec in "LMQH":
        for text in ["7812345678901", "HTTPS://T.EXAMPLE.COM/W/1", "https://t.example.com/w/a?b=1"]:
            for k in (1, 5, 30):
                value = text * k
                code = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level=ec)
                side = memoryview(code.to_image(scale=1, add_quiet_zones=False)).shape[0]
                assert qr_modules(value, ec) == side, (ec, len(value))


# ---------------------------------------------------------------------------- settings


def test_zpl_header_darkness_and_sizes() -> None:
    out = render_zpl([make_label()], "100x150", dpi=300, darkness=22).decode()
    assert out.startswith("~SD22\n^XA\n^CI28\n")
    assert f"^PW{mm_to_dots(100, 300)}\n^LL{mm_to_dots(150, 300)}\n" in out
    assert out.rstrip().endswith("^XZ")
    assert "~SD" not in render_zpl([make_label()], "100x150").decode()
    with pytest.raises(ValueError, match="0-30"):
        render_zpl([make_label()], "76x130", darkness=31)
    with pytest.raises(ValueError, match="unknown label size"):
        render_zpl([make_label()], "4x6")


def test_tspl_header() -> None:
    out = render_tspl([make_label()], "100x180", darkness=8, gap_mm=3)
    head = out[: out.index(b"CLS\r\n") + 5].decode()
    assert head == (
        "SIZE 100 mm,180 mm\r\nGAP 3 mm,0 mm\r\nDIRECTION 1,0\r\nREFERENCE 0,0\r\n"
        "DENSITY 8\r\nCLS\r\n"
    )
    assert out.endswith(b"PRINT 1,1\r\n")
    with pytest.raises(ValueError, match="0-15"):
        render_tspl([make_label()], "76x130", darkness=16)


def test_tspl_bitmaps_are_inverted() -> None:
    """TSPL BITMAP takes 0 = black, ZPL ^GF 1 = black: the same glyph, bits flipped."""
    label = make_label()
    el = next(e for e in build_layout(label, "76x130") if isinstance(e, Text) and not e.reverse)
    table = raster.glyph_table(el.font_size_pt, el.bold, 203)
    table.learn(el.text)
    ch = next(c for c in el.text if table.width[c])
    _rb, _h, ink = table.dots(ch)
    (job,) = parse_tspl(render_tspl([label], "76x130"))
    payloads = [p for name, args, p in job if name == "BITMAP" and args[4] == "0"]
    assert bytes(255 - b for b in ink) in payloads
    fields = re.findall(rb"\^GFA,(\d+),\d+,\d+,([^^]*)", render_zpl([label], "76x130"))
    assert ink in {_zpl_gf_data(body.decode(), int(total)) for total, body in fields}


@pytest.mark.parametrize("size", list(SIZES))
def test_tspl_bitmaps_cover_no_other_ink(size: str) -> None:
    """OVERWRITE, OR or XOR: a firmware reading BITMAP's mode differently prints the same."""
    from bench.labels_pdf import sample_labels

    for label in (make_label(), long_label(), *sample_labels(12, seed=11)):
        (job,) = parse_tspl(render_tspl([label], size))
        base = interp_tspl(job, 203).image
        assert differing_dots(interp_tspl(job, 203, bitmap_mode="or").image, base, []) == 0


@pytest.mark.parametrize("lang", LANGS)
def test_offset_moves_everything(lang: str) -> None:
    label = make_label()
    d0 = drawn(lang, label, "76x130", 203)
    d1 = drawn(lang, label, "76x130", 203, offset_mm=(1.0, -0.5))
    assert d1.out_of_bounds == []
    dx, dy = mm_to_dots(1.0, 203), mm_to_dots(-0.5, 203)
    shifted = Image.new("1", d0.image.size, 1)
    shifted.paste(d0.image, (dx, dy))
    assert differing_dots(d1.image, shifted, []) == 0
    # pushed 2 mm right: the frame's right edge falls off, the codes still scan
    d2 = drawn(lang, label, "76x130", 203, offset_mm=(2.0, 1.0))
    assert d2.out_of_bounds == []
    assert label.waybill_no in {b.text for b in d2.decode()}


def test_offset_that_cuts_a_barcode_is_refused() -> None:
    with pytest.raises(ValueError, match="off the label"):
        render_zpl([make_label()], "76x130", offset_mm=(-12.0, 0.0))
    with pytest.raises(ValueError, match="off the label"):
        render_tspl([make_label()], "76x130", offset_mm=(-12.0, 0.0))


# ---------------------------------------------------------------------------- batches


def test_one_chunk_per_label_rendered_lazily() -> None:
    labels = [make_label(waybill_no=f"7812345{i:07d}") for i in range(3)]

    def source():  # noqa: ANN202
        yield labels[0]
        raise RuntimeError("the rest is not rendered yet")

    for it in (iter_zpl(source(), "76x130"), iter_tspl(source(), "76x130")):
        first = next(it)
        assert b"78123450000000" in first or b"7812345000000" in first
        with pytest.raises(RuntimeError):
            next(it)
    chunks = list(iter_zpl(labels, "76x130"))
    assert len(chunks) == 3 and b"".join(chunks) == render_zpl(labels, "76x130")
    assert [len(parse_zpl(c)) for c in chunks] == [1, 1, 1]
    jobs = parse_tspl(render_tspl(labels, "100x150"))
    assert len(jobs) == 3


def test_same_label_same_bytes() -> None:
    """Output depends only on the label: caches never change what is sent."""
    a = render_zpl([make_label()], "100x180")
    render_zpl([long_label(), make_label(waybill_no="SF1234567890123")], "100x180")
    raster.clear_caches()
    assert render_zpl([make_label()], "100x180") == a


def test_interpreter_rejects_unknown_commands() -> None:
    with pytest.raises(InterpError):
        interp_zpl(b"^XA^CI28^PW100^LL100^FO1,1^A0N,20,20^FDx^FS^XZ")


# ---------------------------------------------------------------------------- geometry helpers


@pytest.mark.parametrize("dpi", [203, 300])
def test_rule_rects_match_the_pdf(dpi: int) -> None:
    from app.labels.pdf import _geometry_ops

    for el in build_layout(make_label(), "100x180"):
        if isinstance(el, Line | Box):
            ops = _geometry_ops([el], dpi)
            rects = [tuple(map(int, m)) for m in re.findall(r"(-?\d+) (-?\d+) (\d+) (\d+) re", ops)]
            assert rects == rule_rects(el, dpi)
        if isinstance(el, Text) and el.reverse:
            x, y, w, h = box_rect(el, dpi)
            assert w > 0 and h > 0
