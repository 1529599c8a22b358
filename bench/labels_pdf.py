"""PDF label rendering speed: N labels of each size into one file."""

from __future__ import annotations

import argparse
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from bench.common import emit, peak_rss_mb, timed

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_PLACES = [("浙江省", "金华市", "义乌市", "福田街道"), ("广东省", "广州市", "天河区", "石牌街道"),
           ("江苏省", "苏州市", "吴中区", "长桥街道"), ("北京市", "北京市", "朝阳区", "望京街道"),
           ("四川省", "成都市", "武侯区", "簇桥街道"), ("湖北省", "武汉市", "洪山区", "珞南街道"),
           ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "幸福路街道"),
           ("内蒙古自治区", "呼和浩特市", "赛罕区", "大学西路街道"), ("上海市", "上海市", "浦东新区", "张江镇")]
_ROADS = ["人民南路", "文一西路", "解放路", "中山大道", "建设北路", "长江路", "科技园路", "幸福里", "滨江大道", "学院路"]
_ITEMS = [("冻干草莓脆 100g", "酸奶味", "FD-STR-100"), ("农家土鸡蛋 30枚", "30枚", "EGG-30"),
          ("手工红糖姜茶 12袋", "原味", "TEA-GINGER-12"), ("儿童吸管杯 450ml", "粉色", "CUP-KID-450"),
          ("蓝牙降噪耳机", "黑色", "BT-EAR-ANC"), ("玫瑰鲜花饼 6枚", "玫瑰", "CAKE-ROSE"),
          ("珊瑚绒睡衣套装", "XL 珊瑚红", "PJ-CORAL"), ("赣南脐橙 5斤", "大果", "ORANGE-GN")]
_REMARKS = ["", "", "", "尽快发货谢谢", "不要放快递柜，送货上门", "送人的，别放发票", "周末在家",
            "到了打电话 139******74"]
_CARRIERS = [("ZTO", "中通快递", "78", "杭州转运中心", "31050"),
             ("YTO", "圆通速递", "YT", "金华转运中心", "32101"),
             ("SF", "顺丰速运", "SF", "华南枢纽", "020WA")]


def sample_labels(n: int, seed: int = 7):  # noqa: ANN201
    """n labels as a real day's batch looks: a different buyer, address, items and remark
    on each, three carriers, 1-3 items, sometimes a multi-pack (a batch of one repeated
    label would flatter any cache)."""
    import random

    from app.core.labeldata import LabelData, LabelItem, LabelParty

    rng = random.Random(seed)
    now = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    out = []
    for i in range(n):
        code, cname, prefix, centre, centre_code = _CARRIERS[i % len(_CARRIERS)]
        province, city, district, street = rng.choice(_PLACES)
        name = rng.choice(_SURNAMES) + "*" * rng.choice((1, 2))
        phone = f"1{rng.choice('3456789')}{rng.randrange(10)}******{rng.randrange(100):02d}"
        detail = f"{rng.choice(_ROADS)}{rng.randrange(1, 999)}号****"
        picks = rng.sample(_ITEMS, rng.choice((1, 1, 2, 3)))
        items = tuple(LabelItem(title, spec, rng.choice((1, 1, 2, 3, 5)), sku)
                      for title, spec, sku in picks)
        packs = rng.choice((1, 1, 1, 1, 2))
        waybill = (f"{prefix}{431200000000 + i:012d}" if prefix == "78"
                   else f"{prefix}{rng.randrange(10**12, 10**13)}")
        out.append(LabelData(
            waybill_no=waybill, carrier_code=code, carrier_name=cname,
            service_name=rng.choice(("标准快递", "标准快递", "送货上门", "次日达")),
            sort_code=f"{rng.randrange(100, 999)}-{rng.choice('ABCDEF')}{rng.randrange(10, 99)}"
                      f" {rng.randrange(1, 99):02d}",
            short_address=f"{city[:2]} {district[:2]}", package_center=centre,
            package_center_code=centre_code,
            recipient=LabelParty(name, phone, f"{province} {city} {district} {street} {detail}"),
            sender=LabelParty("小鹿的零食铺", "138******34", "浙江省 杭州市 余杭区 文一西路1号****"),
            order_id=f"{rng.randrange(6900000000000000000, 7999999999999999999)}",
            printed_at=now, items=items, remark=rng.choice(_REMARKS),
            pack_no=rng.randrange(1, packs + 1), pack_total=packs,
        ))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=int, default=1000)
    args = ap.parse_args()
    from app.labels.pdf import render_pdf

    labels = sample_labels(args.labels)
    render_pdf(labels[:1], "76x130", io.BytesIO())  # font registration, imports
    out = {"bench": "labels_pdf", "labels": args.labels}
    for size in ("76x130", "100x150", "100x180"):
        buf = io.BytesIO()
        wall, cpu, _ = timed(lambda size=size, buf=buf: render_pdf(labels, size, buf))
        out[size] = {"seconds": round(wall, 3), "labels_per_s": round(args.labels / wall),
                     "cpu_ms_per_label": round(cpu * 1000 / args.labels, 2),
                     "bytes_per_label": buf.tell() // args.labels}
    out["peak_rss_mb"] = peak_rss_mb()
    emit(out)


if __name__ == "__main__":
    main()
