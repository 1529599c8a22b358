"""ZPL/TSPL label rendering speed, and time to first byte at a local TCP 9100 printer.

Labels/s renders N labels of each size to one byte string (one core), a batch of
buyers, addresses and items of its own for each language and size. The time to
first byte is measured from the call that prints a batch (render lazily + send) to
the first byte read by a listener on 127.0.0.1, in a fresh process (font and glyph
caches cold) and again warm.
"""

from __future__ import annotations

import argparse
import time

from bench.common import OneShotPrinter, emit, peak_rss_mb, timed
from bench.labels_pdf import sample_labels


def _ttfb(labels: list, size: str, lang: str) -> dict[str, float]:  # noqa: ANN001
    from app.labels.tspl import iter_tspl
    from app.labels.zpl import iter_zpl
    from app.printing.tcp9100 import RawTcpPrinter

    listener = OneShotPrinter()
    printer = RawTcpPrinter("127.0.0.1", listener.port)
    render = iter_zpl if lang == "zpl" else iter_tspl
    t0 = time.perf_counter()
    printer.send(render(labels, size))
    t1 = time.perf_counter()
    listener.thread.join(10)
    return {
        "ttfb_ms": round((listener.first_byte_at - t0) * 1000, 1),
        "batch_s": round(t1 - t0, 3),
        "bytes": listener.total,
    }


def _distinct(labels: list, tag: int) -> list:  # noqa: ANN001
    """The same labels with other waybill and order numbers, so no run reuses the
    per-label bitmaps another run cached."""
    from dataclasses import replace

    return [
        replace(lab, waybill_no=f"{tag}{lab.waybill_no[1:]}", order_id=f"{tag}{lab.order_id[1:]}")
        for lab in labels
    ]


def _floor(size: str, seed: int) -> dict[str, float]:
    """Per label, in µs: `layout_us`, what the current layout costs on labels no earlier
    label resembles; and two floors any pure-Python renderer pays whatever its design.
    `fit_floor_us` fits and wraps only the text no earlier label had (the fitting
    functions called again on their cache misses); `glyph_floor_us` emits one command
    per glyph of the per-label text, from a glyph table built beforehand (the loop of
    `zpl._glyph_fields` without its checks). 5,000 labels/s leaves 200 µs in all."""
    from collections import Counter

    from app.labels import layout
    from app.labels.dots import glyph_line
    from app.labels.layout import Text, build_layout, layout_runs
    from app.labels.zpl import _glyph_field, _page

    labels = sample_labels(1000, seed=seed)
    layout_runs(labels[0], size)
    _, layout_cpu, _ = timed(lambda: [layout_runs(lab, size) for lab in labels])
    labels = sample_labels(1000, seed=seed + 50)
    misses: list[tuple] = []
    fitters = ("_fit_line", "_fit_paragraph", "_fit_badge", "_items_plan")

    def recording(fn):  # noqa: ANN001, ANN202
        def call(*args):  # noqa: ANN002, ANN202
            before = fn.cache_info().misses
            result = fn(*args)
            if fn.cache_info().misses > before:
                misses.append((fn.__wrapped__, args))
            return result
        return call

    originals = {name: getattr(layout, name) for name in fitters}
    for name, fn in originals.items():
        setattr(layout, name, recording(fn))
    try:
        for lab in labels:
            layout_runs(lab, size)
    finally:
        for name, fn in originals.items():
            setattr(layout, name, fn)
    _, fit_cpu, _ = timed(lambda: [fn(*args) for fn, args in misses])
    layouts = [build_layout(lab, size) for lab in labels]
    seen = Counter(el.text for els in layouts for el in els if el.__class__ is Text)
    page = _page(size, 203, (0.0, 0.0))
    lines = []
    for els in layouts:
        for el in els:
            if el.__class__ is Text and not el.reverse and seen[el.text] < len(labels) // 20:
                table, glyphs, px, py = glyph_line(el, page, "zpl")
                for ch in el.text:
                    glyphs.get(ch) or table.glyph("zpl", ch, _glyph_field)
                lines.append((el.text, glyphs, px, py))

    def emit_glyphs() -> list[bytes]:
        out: list[bytes] = []
        for text, glyphs, px, py in lines:
            pos = 0.0
            for ch in text:
                adv, left, top, width, field = glyphs[ch]
                if width:
                    out.append(b"^FO%d,%d%s" % (px + round(pos) + left, py + top, field))
                pos += adv
        return out

    _, glyph_cpu, _ = timed(emit_glyphs)
    n = len(labels)
    return {
        "per_label_chars": round(sum(len(t) for t, *_ in lines) / n),
        "layout_us": round(layout_cpu * 1e6 / n),
        "fit_floor_us": round(fit_cpu * 1e6 / n),
        "glyph_floor_us": round(glyph_cpu * 1e6 / n),
        "budget_us": 200,
    }


def _calibration_ms() -> float:
    """A fixed pure-Python loop, to compare machines: ~30 ms on a recent desktop core."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        s = 0
        for i in range(1_000_000):
            s += i
        best = min(best, time.perf_counter() - t0)
    return round(best * 1000, 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=500, help="labels in the TCP 9100 batch")
    args = ap.parse_args()

    out: dict[str, object] = {"bench": "labels_raw", "labels": args.labels}
    batch = _distinct(sample_labels(args.batch), 1)
    out["ttfb_cold"] = _ttfb(batch, "76x130", "zpl")  # first thing: nothing cached yet

    from app.labels.tspl import render_tspl
    from app.labels.zpl import render_zpl

    seed = 100
    for lang, render in (("zpl", render_zpl), ("tspl", render_tspl)):
        res: dict[str, object] = {}
        for size in ("76x130", "100x150", "100x180"):
            # buyers, addresses and items no run before has laid out
            seed += 1
            labels = sample_labels(args.labels, seed=seed)
            render(labels[:1], size)  # this size's fixed captions and glyphs
            wall, cpu, data = timed(lambda render=render, size=size, labels=labels:
                                    render(labels, size))
            res[size] = {
                "labels_per_s": round(args.labels / wall),
                "cpu_labels_per_s": round(args.labels / cpu),
                "ms_per_label": round(wall * 1000 / args.labels, 3),
                "bytes_per_label": len(data) // args.labels,  # type: ignore[arg-type]
            }
        out[lang] = res
    warm = _distinct(sample_labels(args.batch), 2)
    out["ttfb_warm"] = {
        "zpl": _ttfb(warm, "76x130", "zpl"),
        "tspl": _ttfb(_distinct(warm, 3), "76x130", "tspl"),
    }
    out["floor"] = {size: _floor(size, 900 + k)
                    for k, size in enumerate(("76x130", "100x150", "100x180"))}
    out["python_loop_ms"] = _calibration_ms()
    out["peak_rss_mb"] = peak_rss_mb()
    emit(out)


if __name__ == "__main__":
    main()
