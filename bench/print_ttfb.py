"""Time from "print" to the first byte at a TCP 9100 printer, through the print service.

A batch of N (500) allocated orders in a fresh SQLite workspace is printed with
`print_labels(..., printer=RawTcpPrinter(...))` to a listener thread on 127.0.0.1;
the clock runs from the call to the first byte the listener reads. "cold" is the first
print in a fresh process (fonts, glyph and layout caches, SQL statement caches empty),
"warm" the reprints of the same batch after it. Each run is its own process; the
result is the median (p50) over the runs, plus the whole batch's duration.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import OneShotPrinter, emit, peak_rss_mb


def _child(n: int, warm_runs: int, fmt: str) -> dict[str, object]:
    from app.services.workspace import Workspace
    from bench.waybills import seed

    tmp = Path(tempfile.mkdtemp(prefix="shipdesk-ttfb-"))
    ws = Workspace.open(str(tmp / "ttfb.sqlite"), passphrase="bench", key_dir=tmp / "keys",
                        use_keyring=False)
    try:
        ids = seed(ws, n, 7)
        from app.services.waybills import allocate_waybills

        allocate_waybills(ws, ids)
        from app.printing.tcp9100 import RawTcpPrinter
        from app.services.print_labels import print_labels

        samples: list[dict[str, float]] = []
        for run in range(1 + warm_runs):
            listener = OneShotPrinter()
            t0 = time.perf_counter()
            summary = print_labels(ws, ids, printer=RawTcpPrinter("127.0.0.1", listener.port),
                                   fmt=fmt, size="76x130", reprint=run > 0,
                                   pick_order="import")
            t1 = time.perf_counter()
            listener.thread.join(10)
            assert summary.printed == n, summary.as_dict()
            samples.append({"ttfb_ms": (listener.first_byte_at - t0) * 1000,
                            "batch_s": t1 - t0, "bytes": listener.total})
        return {"cold": samples[0], "warm": samples[1:], "rss": peak_rss_mb()}
    finally:
        ws.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", type=int, default=500, help="labels in the batch")
    ap.add_argument("--runs", type=int, default=3, help="fresh processes")
    ap.add_argument("--warm", type=int, default=3, help="warm reprints per process")
    ap.add_argument("--format", default="zpl", choices=("zpl", "tspl"))
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(args.labels, args.warm, args.format)))
        return
    runs = []
    env = dict(os.environ)
    for _ in range(args.runs):
        proc = subprocess.run(
            [sys.executable, "-m", "bench.print_ttfb", "--child", "--labels", str(args.labels),
             "--warm", str(args.warm), "--format", args.format],
            capture_output=True, text=True, env=env, check=True)
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    cold = [r["cold"] for r in runs]
    warm = [w for r in runs for w in r["warm"]]

    def p50(rows: list[dict[str, float]], key: str, digits: int = 1) -> float:
        return round(statistics.median(r[key] for r in rows), digits)

    emit({
        "bench": "print_ttfb", "labels": args.labels, "format": args.format,
        "runs": args.runs,
        "cold_ttfb_ms": p50(cold, "ttfb_ms"),
        "warm_ttfb_ms": p50(warm, "ttfb_ms"),
        "cold_ttfb_ms_all": [round(r["ttfb_ms"], 1) for r in cold],
        "warm_ttfb_ms_all": [round(r["ttfb_ms"], 1) for r in warm],
        "cold_batch_s": p50(cold, "batch_s", 3),
        "warm_batch_s": p50(warm, "batch_s", 3),
        "bytes": int(cold[0]["bytes"]),
        "target_ms": 150,
        "peak_rss_mb": max(r["rss"] for r in runs),
    })


if __name__ == "__main__":
    main()
