"""Label layout, barcode geometry and PDF rendering, checked by decoding the output."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageDraw

from app.core.labeldata import LabelData, LabelItem, LabelParty
from app.labels import fonts
from app.labels.barcodes import (
    QUIET_MODULES,
    code128_geometry,
    code128_modules,
    dot_mm,
    mm_to_dots,
    qr_geometry,
)
from app.labels.layout import (
    MIN_PT,
    QR,
    SIZES,
    Barcode128,
    Box,
    Line,
    Text,
    build_layout,
    page_size_mm,
    wrap_text,
)
from app.labels.metrics import ASCENT_EM, DESCENT_EM, pt_to_mm, text_width_mm
from app.labels.pdf import _geometry_ops, render_pdf

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE_RUN = re.compile(r"(?<!\d)1\d{10}(?!\d)")  # an unmasked mainland mobile number


def make_label(**overrides: object) -> LabelData:
    """A realistic, already-masked label; keyword arguments replace fields."""
    data: dict[str, object] = dict(
        waybill_no="78123456789012",
        carrier_code="ZTO",
        carrier_name="中通快递",
        service_name="送货上门",
        sort_code="300-S01 003",
        short_address="杭州西湖",
        package_center="杭州转运中心",
        package_center_code="571-A",
        recipient=LabelParty("张*", "138******34", "浙江省杭州市西湖区文三路478号华星时代广场**"),
        sender=LabelParty("李**", "159******21", "广东省广州市白云区太和镇大源村电商园3栋"),
        order_id="6921345678901234567",
        printed_at=datetime(2024, 5, 1, 14, 30, tzinfo=SHANGHAI),
        items=(LabelItem("法式碎花连衣裙", "红色 M", 1), LabelItem("纯棉短袖T恤", "白色 L", 2)),
        remark="请尽快发货",
        pack_no=1,
        pack_total=2,
        qr_payload="https://t.example.com/w/78123456789012",
        custom_text="感谢惠顾，满99包邮",
    )
    data.update(overrides)
    return LabelData(**data)  # type: ignore[arg-type]


def long_label() -> LabelData:
    """Everything too long at once: the layout must wrap, shrink or truncate, never spill."""
    return make_label(
        waybill_no="SF1234567890123",
        carrier_name="顺丰速运（同城急送）特快专递有限公司",
        service_name="极速达·次日达·按需派送",
        short_address="新疆维吾尔自治区乌鲁木齐市天山区",
        sort_code="831-W12-03 A17",
        package_center="乌鲁木齐天山区大型综合分拨转运中心",
        package_center_code="830-XJ-0001",
        recipient=LabelParty(
            "欧阳**",
            "184******65-7576",
            "新疆乌鲁木齐市天山区解放北路人民路交汇处金色大厦B座**" * 4,
        ),
        sender=LabelParty(
            "某某旗舰店客服中心*",
            "400******88",
            "浙江省金华市义乌市国际商贸城五区东扩市场12345号商铺" * 3,
        ),
        items=tuple(
            LabelItem(f"秋冬新款加厚保暖羽绒服女中长款{i}", f"颜色{i} XXL", i) for i in range(1, 40)
        ),
        remark="周末送达，工作日家里没人，打电话提前联系，放快递柜也可以。" * 5,
        custom_text="七天无理由退换，运费险已购买，有问题请联系客服。" * 6,
        qr_payload="https://t.example.com/track?no=SF1234567890123&sig=" + "ab" * 40,
        order_id="6921345678901234567890123",
        pack_no=12,
        pack_total=15,
    )


def huge_label() -> LabelData:
    """Absurd input (a pasted essay, thousands of items): still bounded, still fast enough."""
    return make_label(
        carrier_name="中" * 300,
        short_address="杭" * 200,
        recipient=LabelParty("张" * 100, "138******34", "地址\t很长\r\n" * 800),
        items=tuple(LabelItem("商品" * 10, "规格", 1) for _ in range(2000)),
        remark="很长" * 2000,
        custom_text="x" * 5000,
    )


def render(label: LabelData, size: str, dpi: int, tmp_path: Path) -> pdfium.PdfDocument:
    path = tmp_path / f"{size}-{dpi}.pdf"
    assert render_pdf([label], size, path, dpi=dpi) == 1
    return pdfium.PdfDocument(path)


def decode(page: pdfium.PdfPage, dpi: int) -> list[zxingcpp.Barcode]:
    return zxingcpp.read_barcodes(page.render(scale=dpi / 72).to_pil())


def page_text(page: pdfium.PdfPage) -> str:
    return page.get_textpage().get_text_range()


# ---------------------------------------------------------------------------- rendered PDF


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", list(SIZES))
def test_rendered_label_scans(size: str, dpi: int, tmp_path: Path) -> None:
    label = make_label()
    pdf = render(label, size, dpi, tmp_path)
    assert len(pdf) == 1
    page = pdf[0]
    w_pt, h_pt = page.get_size()
    assert (w_pt * 25.4 / 72, h_pt * 25.4 / 72) == pytest.approx(page_size_mm(size), abs=0.01)

    found = decode(page, dpi)
    code128 = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.Code128]
    qrs = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    # main barcode + the smaller second one; the two-ply adds the stub's
    assert code128.count(label.waybill_no) == (3 if size == "100x180" else 2), code128
    assert qrs == [label.qr_text]


@pytest.mark.parametrize("size", list(SIZES))
def test_text_is_extractable_cjk_and_masked(size: str, tmp_path: Path) -> None:
    label = make_label()
    text = page_text(render(label, size, 203, tmp_path)[0])
    for expected in (
        "中通快递",
        "送货上门",
        "杭州西湖",
        "300-S01 003",
        "杭州转运中心",
        "571-A",
        "收",
        "寄",
        "张*",
        "李**",
        "已验视",
        "78123456789012",
        "包裹 1/2",
    ):
        assert expected in text, expected
    assert "138******34" in text
    assert "159******21" in text
    assert PHONE_RUN.search(text) is None


def test_phone_check_is_not_vacuous(tmp_path: Path) -> None:
    """The renderer prints what it is given (masking happens upstream), so the masked-phone
    assertion above would catch a plain number that slipped through."""
    label = make_label(recipient=LabelParty("张*", "13812345634", "浙江省杭州市西湖区**"))
    text = page_text(render(label, "76x130", 203, tmp_path)[0])
    assert PHONE_RUN.search(text) is not None


def test_two_ply_has_sender_stub(tmp_path: Path) -> None:
    label = make_label()
    page = render(label, "100x180", 203, tmp_path)[0]
    text = page_text(page)
    assert "寄件联" in text
    assert text.count("138******34") == 2  # recipient on the main part and on the stub
    positions = [
        b.position.top_left.y
        for b in decode(page, 203)
        if b.format == zxingcpp.BarcodeFormat.Code128 and b.text == label.waybill_no
    ]
    stub_top_px = (180 - 56) / 25.4 * 203
    assert any(y > stub_top_px for y in positions)


@pytest.mark.parametrize("size", list(SIZES))
def test_long_content_still_scans(size: str, tmp_path: Path) -> None:
    label = long_label()
    page = render(label, size, 203, tmp_path)[0]
    found = decode(page, 203)
    assert label.waybill_no in {b.text for b in found if b.format == zxingcpp.BarcodeFormat.Code128}
    assert label.qr_text in {b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode}
    text = page_text(page)
    assert "184******65-7576" in text
    assert "等" in text and "件" in text  # item list truncated with 等N件


def test_many_labels_one_page_each(tmp_path: Path) -> None:
    labels = [make_label(waybill_no=f"7812345{i:07d}") for i in range(5)]
    buf = io.BytesIO()
    assert render_pdf(iter(labels), "76x130", buf) == 5
    pdf = pdfium.PdfDocument(buf.getvalue())
    assert len(pdf) == 5
    assert "78123450000003" in page_text(pdf[3])


def test_unknown_size_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown label size"):
        render_pdf([make_label()], "4x6", tmp_path / "x.pdf")


def test_no_labels_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no labels"):
        render_pdf(iter(()), "76x130", tmp_path / "empty.pdf")
    assert not (tmp_path / "empty.pdf").exists()


def test_control_characters_are_not_printed(tmp_path: Path) -> None:
    label = make_label(carrier_name="中通\t快递", remark="好评\x00谢谢\r\n亲")
    texts = [e.text for e in build_layout(label, "76x130") if isinstance(e, Text)]
    assert not any(re.search(r"[\x00-\x1f]", t) for t in texts)
    assert "中通 快递" in texts


# ---------------------------------------------------------------------------- layout


def _ink(el: Text) -> tuple[float, float, float, float]:
    """Box actually covered by the glyphs of a Text element."""
    width = text_width_mm(el.text, el.font_size_pt)
    free = el.w - width
    x = el.x + {"left": 0.0, "center": free / 2, "right": free}[el.align]
    em = pt_to_mm(el.font_size_pt)
    return (x, el.baseline - ASCENT_EM * em, x + width, el.baseline + DESCENT_EM * em)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    eps = 0.05
    return a[0] < b[2] - eps and b[0] < a[2] - eps and a[1] < b[3] - eps and b[1] < a[3] - eps


@pytest.mark.parametrize(
    "label", [make_label(), long_label(), huge_label()], ids=["normal", "long", "huge"]
)
@pytest.mark.parametrize("size", list(SIZES))
def test_layout_stays_inside_the_label(size: str, label: LabelData) -> None:
    width, height = page_size_mm(size)
    elements = build_layout(label, size)
    for el in elements:
        x0, y0, x1, y1 = el.bounds()
        assert -1e-6 <= x0 <= x1 <= width + 1e-6 and -1e-6 <= y0 <= y1 <= height + 1e-6, el
        if isinstance(el, Text):
            assert text_width_mm(el.text, el.font_size_pt) <= el.w + 1e-6, el
            assert el.font_size_pt >= MIN_PT - 1e-9, el
            ix0, iy0, ix1, iy1 = _ink(el)
            assert el.y - 0.05 <= iy0 and iy1 <= el.y + el.h + 0.05, el
    # codes must be scannable: they fit their areas at every dpi
    for el in elements:
        if isinstance(el, Barcode128):
            for dpi in (203, 300):
                assert code128_geometry(el.value, el.w, dpi).width_mm <= el.w + 1e-9
        if isinstance(el, QR):
            for dpi in (203, 300):
                assert (
                    qr_geometry(el.value, el.size, dpi).width_dots * dot_mm(dpi) <= el.size + 1e-9
                )


@pytest.mark.parametrize("label", [make_label(), long_label()], ids=["normal", "long"])
@pytest.mark.parametrize("size", list(SIZES))
def test_layout_has_no_overlaps(size: str, label: LabelData) -> None:
    elements = build_layout(label, size)
    texts = [_ink(e) for e in elements if isinstance(e, Text)]
    codes = [e.bounds() for e in elements if isinstance(e, Barcode128 | QR)]
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            assert not _overlap(a, b), (a, b)
        for c in codes:
            assert not _overlap(a, c), (a, c)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    rules = [e.bounds() for e in elements if isinstance(e, Line)]
    for c in codes:
        for r in rules:
            assert not _overlap(c, r), (c, r)


def test_layout_order_top_to_bottom() -> None:
    label = make_label()
    elements = build_layout(label, "76x130")

    def top_of(text: str) -> float:
        return min(e.y for e in elements if isinstance(e, Text) and text in e.text)

    order = [
        "中通快递",
        "78123456789012",
        "杭州西湖",
        "杭州转运中心",
        "张*",
        "李**",
        "订单",
        "商品",
        "感谢惠顾",
        "已验视",
    ]
    tops = [top_of(t) for t in order]
    assert tops == sorted(tops)
    barcodes = [e for e in elements if isinstance(e, Barcode128)]
    assert len(barcodes) == 2 and barcodes[0].h > barcodes[1].h  # the second is smaller


def test_stub_only_on_two_ply() -> None:
    for size in SIZES:
        elements = build_layout(make_label(), size)
        dashed = [e for e in elements if isinstance(e, Line) and e.dashed]
        assert len(dashed) == (1 if size == "100x180" else 0)
        assert sum(isinstance(e, Box) and not e.fill for e in elements) == (
            2 if size == "100x180" else 1
        )


def test_items_truncated_with_total_count() -> None:
    label = make_label(
        items=tuple(LabelItem(f"商品名称很长的连衣裙{i}", "红色 M", 2) for i in range(30))
    )
    text = "".join(e.text for e in build_layout(label, "76x130") if isinstance(e, Text))
    assert "等60件" in text
    assert "商品名称很长的连衣裙0" in text


def test_wrap_keeps_latin_runs_and_quantities_whole() -> None:
    lines = wrap_text("纯棉短袖T恤 白色 L\u00a0×2；ABCDEFG12345", 26.0, 9)
    assert all(text_width_mm(ln, 9) <= 26.0 for ln in lines)
    joined = "|".join(lines)
    assert "L\u00a0×2" in joined and "ABCDEFG12345" in joined


# ---------------------------------------------------------------------------- barcode geometry


def _raster(modules: tuple[int, ...], n: int) -> Image.Image:
    total = (sum(modules) + 2 * QUIET_MODULES) * n
    img = Image.new("L", (total, 60), 255)
    draw = ImageDraw.Draw(img)
    x = QUIET_MODULES * n
    for k, m in enumerate(modules):
        if not k & 1:
            draw.rectangle([x, 0, x + m * n - 1, 59], fill=0)
        x += m * n
    return img


@pytest.mark.parametrize(
    "value",
    [
        "78123456789012",
        "7812345678901",
        "SF1234567890123",
        "JT0001234567890",
        "YT12",
        "A",
        "12",
        "abc-XYZ_09 !~",
        "1234ABCD5678",
    ],
)
def test_code128_pattern_decodes(value: str) -> None:
    modules = code128_modules(value)
    assert len(modules) % 6 == 1 and sum(modules) % 11 == 2  # n symbols of 11 + stop of 13
    got = zxingcpp.read_barcodes(_raster(modules, 2), formats=zxingcpp.BarcodeFormat.Code128)
    assert [b.text for b in got] == [value]


def test_code128_uses_set_c_for_digits() -> None:
    # start C + 7 digit pairs + checksum = 9 symbols of 11 modules, plus the 13-module stop
    assert sum(code128_modules("78123456789012")) == 9 * 11 + 13
    # SF + 13 digits: start B, S, F, 1, code C, 6 pairs, check = 12 symbols (the odd digit
    # goes in set B before the switch rather than needing a switch back after it)
    assert sum(code128_modules("SF1234567890123")) == 12 * 11 + 13


def test_code128_rejects_unencodable() -> None:
    with pytest.raises(ValueError):
        code128_modules("中通")
    with pytest.raises(ValueError):
        code128_modules("")


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("width_mm", [22.0, 45.5, 71.0, 95.0])
@pytest.mark.parametrize("value", ["78123456789012", "SF1234567890123"])
def test_code128_bars_are_whole_dots(value: str, width_mm: float, dpi: int) -> None:
    geo = code128_geometry(value, width_mm, dpi)
    n = geo.module_dots
    avail = int(width_mm * dpi / 25.4 + 1e-6)
    total = sum(geo.modules) + 2 * QUIET_MODULES
    assert n >= 1 and total * n <= avail < total * (n + 1)  # the widest module that fits
    assert geo.width_mm <= width_mm + 1e-9
    x0 = 7
    bars = geo.bars(x0)
    for x, w in bars:  # positions and widths are dot counts: whole multiples of dot_mm
        assert isinstance(x, int) and isinstance(w, int) and w % n == 0 and w > 0
    assert bars[0][0] - x0 >= QUIET_MODULES * n  # left quiet zone
    right_end = bars[-1][0] + bars[-1][1]
    assert x0 + geo.width_dots - right_end >= QUIET_MODULES * n  # right quiet zone


def test_code128_too_narrow_raises() -> None:
    with pytest.raises(ValueError, match="needs"):
        code128_geometry("SF1234567890123", 10.0, 203)


@pytest.mark.parametrize("dpi", [203, 300])
def test_pdf_geometry_is_integer_dots(dpi: int) -> None:
    """The PDF draws bars in dot units: every number in a rectangle is an integer and the
    bars are exactly the geometry's bars."""
    elements = build_layout(make_label(), "76x130")
    bar = next(e for e in elements if isinstance(e, Barcode128))
    ops = _geometry_ops([bar], dpi)
    rects = [tuple(map(int, m)) for m in re.findall(r"^(-?\d+) (-?\d+) (\d+) (\d+) re$", ops, re.M)]
    assert len(rects) == ops.count(" re")  # nothing fractional slipped in
    geo = code128_geometry(bar.value, bar.w, dpi)
    assert [(x, w) for x, _, w, _ in rects] == geo.bars(
        rects[0][0] - QUIET_MODULES * geo.module_dots
    )
    assert rects[0][0] - QUIET_MODULES * geo.module_dots >= mm_to_dots(bar.x, dpi)


@pytest.mark.parametrize("dpi", [203, 300])
def test_qr_modules_are_whole_dots(dpi: int) -> None:
    geo = qr_geometry("https://t.example.com/w/78123456789012", 18.0, dpi)
    assert geo.module_dots >= 1 and geo.width_dots * dot_mm(dpi) <= 18.0
    n = geo.module_dots
    for x, y, w, h in geo.rects():
        assert x % n == 0 and y % n == 0 and w % n == 0 and h == n
    # redraw the runs and decode them
    img = Image.new("L", (geo.width_dots, geo.width_dots), 255)
    draw = ImageDraw.Draw(img)
    for x, y, w, h in geo.rects():
        draw.rectangle([x, y, x + w - 1, y + h - 1], fill=0)
    assert [b.text for b in zxingcpp.read_barcodes(img)] == [
        "https://t.example.com/w/78123456789012"
    ]


# ---------------------------------------------------------------------------- fonts


def test_font_path_from_repo_and_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert fonts.font_path().is_file()
    bundle = tmp_path / "bundle"
    (bundle / "resources" / "fonts").mkdir(parents=True)
    (bundle / "resources" / "fonts" / fonts.FONT_FILE).write_bytes(b"x")
    monkeypatch.delenv("SHIPDESK_RESOURCES", raising=False)
    monkeypatch.setattr("sys._MEIPASS", str(bundle), raising=False)
    assert fonts.font_path() == bundle / "resources" / "fonts" / fonts.FONT_FILE
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path / "empty"), raising=False)
    with pytest.raises(FileNotFoundError):
        fonts.font_path()
