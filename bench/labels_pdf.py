"""PDF label rendering speed: N labels of each size into one file."""

from __future__ import annotations

import argparse
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from bench.common import emit, peak_rss_mb, timed


def sample_labels(n: int):  # noqa: ANN201
    from app.core.labeldata import LabelData, LabelItem, LabelParty

    now = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    return [
        LabelData(
            waybill_no=f"78{431200000000 + i:012d}", carrier_code="ZTO", carrier_name="中通快递",
            service_name="标准快递", sort_code="310-A12 05", short_address="金华 义乌",
            package_center="杭州转运中心", package_center_code="31050",
            recipient=LabelParty("郭**", "139******74", "浙江省 金华市 义乌市 福田街道 人民南路四段27号****"),
            sender=LabelParty("小鹿的零食铺", "138******34", "浙江省 杭州市 余杭区 文一西路1号****"),
            order_id=f"75688655322280{i:05d}", printed_at=now,
            items=(LabelItem("冻干草莓脆 100g", "酸奶味", 3, "FD-STR-100"),
                   LabelItem("农家土鸡蛋 30枚", "30枚", 1, "EGG-30")),
            remark="尽快发货谢谢",
        )
        for i in range(n)
    ]


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
