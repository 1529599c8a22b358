"""Batch fast paths of the ZPL/TSPL renderers give the bytes of the plain path.

A batch reuses laid-out label templates (labels that differ only in the digits of
their numbers), per-section number templates, cached command heads for digit-only
barcodes and QR codes, and composed line prefixes/suffixes. Here a few hundred varied
labels (waybill lengths and letters, CJK names, remarks, n/m packs, QR payloads,
print times; all sizes, 203 and 300 dpi, with and without an offset) are rendered
as batches and compared label by label with the plain path: the layout with a
measure that turns every template off, each element rendered from empty caches.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.core.labeldata import LabelData, LabelItem, LabelParty
from app.labels import barcodes, layout, raster, tspl, zpl
from app.labels.metrics import text_width_mm
from tests.unit.zpl_tspl_interp import parse_tspl, parse_zpl

SHANGHAI = ZoneInfo("Asia/Shanghai")
NAMES = ["郭**", "张*", "欧阳**", "李*华", "A*ice", "王**明", "J** Smith", ""]
PHONES = ["139******74", "138******34", "184******65-7576", "", "+86 1********22"]
ADDRESSES = [
    "浙江省 金华市 义乌市 福田街道 人民南路四段27号****",
    "新疆维吾尔自治区乌鲁木齐市天山区解放北路123号大型综合市场B区三楼****",
    "北京市朝阳区**",
    "Room ** 12 Nathan Road, Kowloon",
    "",
]
SHOPS = [
    LabelParty("小鹿的零食铺", "138******34", "浙江省 杭州市 余杭区 文一西路1号****"),
    LabelParty("李**", "159******21", "广东省广州市白云区太和镇大源村电商园3栋"),
]
CARRIERS = [
    ("ZTO", "中通快递", "标准快递"),
    ("SF", "顺丰速运", "次日达"),
    ("JT", "极兔速递", ""),
    ("EMS", "EMS", "极速达·次日达·按需派送"),
]
ITEMS = [
    (),
    (LabelItem("冻干草莓脆 100g", "酸奶味", 3, "FD"),),
    (
        LabelItem("法式碎花连衣裙", "红色 M", 1),
        LabelItem("纯棉短袖T恤", "白色 L", 2),
        LabelItem("超长的商品名称测试一下换行和截断的效果如何", "XL", 1),
    ),
]
REMARKS = ["", "尽快发货谢谢", "请不要放快递柜，打电话给我，周末不在家请放门卫处！ ^~\"\\ ok"]


def _number(r: random.Random) -> str:
    digits = "".join(r.choice("0123456789") for _ in range(r.choice([6, 9, 12, 13, 14, 15, 18, 22])))
    return r.choice(["", "", "", "SF", "JT", "YT-"]) + digits + r.choice(["", "", "", "X"])


def varied_labels(n: int = 90, seed: int = 5) -> list[LabelData]:
    r = random.Random(seed)
    start = datetime(2026, 11, 23, 9, 58, tzinfo=SHANGHAI)
    out = []
    for _ in range(n):
        code, carrier, service = r.choice(CARRIERS)
        waybill = _number(r)
        total = r.choice([1, 1, 2, 3, 12])
        out.append(
            LabelData(
                waybill_no=waybill,
                carrier_code=code,
                carrier_name=carrier,
                service_name=service,
                sort_code=r.choice(["310-A12 05", "", "831-W12-03 A17"]),
                short_address=r.choice(["金华 义乌", "", "新疆维吾尔自治区乌鲁木齐市天山区"]),
                package_center=r.choice(["杭州转运中心", "", "乌鲁木齐天山区大型综合分拨转运中心"]),
                package_center_code=r.choice(["31050", "", "571-A"]),
                recipient=LabelParty(r.choice(NAMES), r.choice(PHONES), r.choice(ADDRESSES)),
                sender=r.choice(SHOPS),
                order_id=r.choice(["", _number(r), "PO-2026-" + str(r.randrange(10**6))]),
                printed_at=start + timedelta(minutes=r.randrange(3000), seconds=r.randrange(60)),
                items=r.choice(ITEMS),
                remark=r.choice(REMARKS),
                pack_no=r.randint(1, total),
                pack_total=total,
                qr_payload=r.choice(["", "", f"https://t.example.com/w/{waybill}", "二维码", 'a"b^c']),
                custom_text=r.choice(["", "", "感谢惠顾，满99包邮"]),
            )
        )
    # runs of one shop's batch: sequential numbers, one print minute, repeated recipients,
    # so the label templates are recorded and then replayed
    for i in range(40):
        base = out[i % 3]
        out.append(
            LabelData(
                **{
                    **{f: getattr(base, f) for f in LabelData.__dataclass_fields__},
                    "waybill_no": f"78{431200000000 + i * 37:012d}",
                    "order_id": f"75688655322280{i:05d}" if i % 5 else "",
                    "qr_payload": "" if i % 7 else f"{i:09d}",
                    "printed_at": start,
                }
            )
        )
    return out


def _plain_measure(text: str, size_pt: float) -> float:
    """The label font's widths, but not `text_width_mm` itself: no template applies."""
    return text_width_mm(text, size_pt)


def _fresh() -> None:
    raster.clear_caches()
    zpl._DIGIT_HEADS.clear()
    tspl._DIGIT_HEADS.clear()
    barcodes.code128_symbols.cache_clear()


def _plain_element(mod, el: layout.Element, page: object) -> bytes:  # noqa: ANN001
    """An element without the digit-only shortcuts (the command built from its placement)."""
    return _plain_command(mod, el, page)


def _plain_command(mod, el: layout.Element, page: object) -> bytes:  # noqa: ANN001
    if isinstance(el, layout.Barcode128):
        out = mod._barcode_cmd(el, page)
    elif isinstance(el, layout.QR):
        out = mod._qr_cmd(el, page)
    else:
        return mod._element(el, page)
    return out.encode() if isinstance(out, str) else out


def _plain_zpl(label: LabelData, size: str, dpi: int, offset: tuple[float, float]) -> bytes:
    page = zpl._page(size, dpi, offset)
    parts = []
    for el in layout.build_layout(label, size, _plain_measure):
        _fresh()
        parts.append(_plain_element(zpl, el, page))
    head = f"^XA\n^CI28\n^PW{page.width}\n^LL{page.height}\n^LH0,0\n".encode()
    return head + b"".join(parts) + b"^PQ1\n^XZ\n"


def _plain_tspl(label: LabelData, size: str, dpi: int, offset: tuple[float, float]) -> bytes:
    w_mm, h_mm = layout.page_size_mm(size)
    page = tspl._Page(
        dpi,
        barcodes.mm_to_dots(w_mm, dpi),
        barcodes.mm_to_dots(h_mm, dpi),
        barcodes.mm_to_dots(offset[0], dpi),
        barcodes.mm_to_dots(offset[1], dpi),
    )
    parts, rules = [], []
    elements = tspl._without_badge_boxes(layout.build_layout(label, size, _plain_measure))
    for el in elements:
        _fresh()
        (rules if tspl._is_rule(el) else parts).append(_plain_element(tspl, el, page))
    parts += rules  # rules and frames last
    head = (
        f"SIZE {w_mm:g} mm,{h_mm:g} mm\r\nGAP 2 mm,0 mm\r\nDIRECTION 1,0\r\nREFERENCE 0,0\r\nCLS\r\n"
    ).encode()
    return head + b"".join(parts) + b"PRINT 1,1\r\n"


LABELS = varied_labels()


@pytest.mark.parametrize("offset", [(0.0, 0.0), (-1.0, 0.5)])
@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", sorted(layout.SIZES))
def test_batch_fast_paths_give_the_plain_bytes(size: str, dpi: int, offset: tuple) -> None:
    batch = LABELS + LABELS[-40:]  # the replayed run again, now from its templates
    got_zpl = list(zpl.iter_zpl(batch, size, dpi, offset_mm=offset))
    got_tspl = list(tspl.iter_tspl(batch, size, dpi, offset_mm=offset))
    assert zpl.render_zpl(batch, size, dpi, offset_mm=offset) == b"".join(got_zpl)
    assert tspl.render_tspl(batch, size, dpi, offset_mm=offset) == b"".join(got_tspl)
    for i, label in enumerate(batch):
        assert got_zpl[i] == _plain_zpl(label, size, dpi, offset), (i, label.waybill_no)
        assert got_tspl[i] == _plain_tspl(label, size, dpi, offset), (i, label.waybill_no)
    assert len(parse_zpl(b"".join(got_zpl[-5:]))) == 5
    assert len(parse_tspl(b"".join(got_tspl[-5:]))) == 5


def test_layout_templates_match_the_plain_layout() -> None:
    for size in layout.SIZES:
        for label in LABELS + LABELS[-40:]:
            assert layout.build_layout(label, size) == layout.build_layout(
                label, size, _plain_measure
            )
        assert layout.layout_runs(LABELS[-1], size)[1]  # the batch used templates


def test_odd_digit_code128_plan_matches_the_search() -> None:
    r = random.Random(7)
    for n in range(1, 32):
        for _ in range(50):
            value = "".join(r.choice("0123456789") for _ in range(n))
            assert barcodes._code128_symbols(value) == barcodes._search(value)


def test_number_templates_refuse_numbers_cut_or_wrapped() -> None:
    label = varied_labels(1)[0]
    for waybill, order in (("1" * 40, "2" * 60), ("12345678901234567890123456", "订单号123")):
        long_label = LabelData(
            **{
                **{f: getattr(label, f) for f in LabelData.__dataclass_fields__},
                "waybill_no": waybill,
                "order_id": order,
            }
        )
        for size in layout.SIZES:
            for _ in range(3):
                assert layout.build_layout(long_label, size) == layout.build_layout(
                    long_label, size, _plain_measure
                )
