"""Import speed: the Douyin sample scaled to N rows, into a fresh SQLite file.

Also times a baseline that reads the same file with the csv module and inserts the rows
with one executemany, so the figure can be compared across machines.

``--unique-buyers`` gives every copied order its own receiver (name, phone, address), as a
real export has: then no mask, blind index or ciphertext can be reused from a cache, which
the plain scaled sample (229 receivers repeated) allows. ``--profile FILE`` writes cProfile
stats of the import.

``--prefill N`` first imports (untimed) N rows of other orders, so the timed import goes
into a database that already holds orders: the figure for a station's later imports,
where the indexes are kept up to date row by row unless the file brings many more new
orders than the tables hold (app/services/order_sink.py, INCREMENTAL_COST).
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import tempfile
from pathlib import Path

from bench.common import emit, peak_rss_mb, timed

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "samples" / "douyin_orders.csv"


def scale_sample(out: Path, rows_wanted: int, unique_buyers: bool = False,
                 id_offset: int = 0) -> int:
    """The Douyin sample repeated to ``rows_wanted`` rows, each copy with its own order ids
    (shifted by ``id_offset`` copies, so two files can hold different orders)."""
    with open(SAMPLE, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    oid, sub = header.index("主订单编号"), header.index("子订单编号")
    name, phone, detail = (header.index(c) for c in ("收件人", "收件人手机号", "详细地址"))
    written = 0
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        copy = 0
        while written < rows_wanted:
            for r in rows:
                if written >= rows_wanted:
                    break
                r2 = list(r)
                c = copy + id_offset
                r2[oid] = f"{int(r[oid]) + c * 10**6}"
                r2[sub] = f"{int(r[sub]) + c * 10**6}"
                if unique_buyers and c:
                    if r[name][:1] not in "#*" and "*" not in r[name]:
                        r2[name] = r[name] + "ABCDEFGHJK"[c % 10] + str(c // 10)
                    if r[phone][:1].isdigit() and "*" not in r[phone]:
                        r2[phone] = f"1{(int(r[phone][1:11]) + c * 7919) % 10**10:010d}" \
                            + r[phone][11:]
                    if r[detail][:1] not in "#" and "*" not in r[detail]:
                        r2[detail] = f"{c}号院" + r[detail]
                w.writerow(r2)
                written += 1
            copy += 1
    return written


def baseline(path: Path, db: Path) -> None:
    con = sqlite3.connect(db)
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        cols = ", ".join(f"c{i}" for i in range(len(header)))
        con.execute(f"create table t ({cols})")
        marks = ", ".join("?" * len(header))
        con.executemany(f"insert into t values ({marks})", reader)
    con.commit()
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--unique-buyers", action="store_true",
                    help="a distinct receiver for every order (no cache hits)")
    ap.add_argument("--profile", metavar="FILE", help="write cProfile stats of the import")
    ap.add_argument("--prefill", type=int, default=0, metavar="N",
                    help="first import N rows of other orders (untimed)")
    args = ap.parse_args()
    os.environ.setdefault("SHIPDESK_KEY_PASSPHRASE", "bench")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["SHIPDESK_HOME"] = str(tmp / "home")
        src = tmp / "douyin_big.csv"
        rows = scale_sample(src, args.rows, args.unique_buyers)
        base_wall, base_cpu, _ = timed(lambda: baseline(src, tmp / "baseline.sqlite"))

        from app.services.import_orders import import_files
        from app.services.workspace import Workspace

        ws = Workspace.open(str(tmp / "bench.sqlite"), key_dir=tmp / "keys", use_keyring=False)
        prefilled = 0
        if args.prefill:
            pre = tmp / "douyin_prefill.csv"
            # ids past every copy of the timed file: all of its orders stay new
            scale_sample(pre, args.prefill, args.unique_buyers,
                         id_offset=args.rows // 100 + 10)  # > copies made
            prefilled = import_files(ws, [pre]).imported
            pre.unlink()
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            wall, cpu, summary = timed(lambda: prof.runcall(import_files, ws, [src]))
            prof.dump_stats(args.profile)
        else:
            wall, cpu, summary = timed(lambda: import_files(ws, [src]))
        ws.close()
    emit({
        "bench": "import_douyin_csv" + ("_unique_buyers" if args.unique_buyers else "")
        + ("_prefilled" if args.prefill else ""),
        "rows": rows,
        "orders_before": prefilled,
        "orders": summary.imported,
        "errors": len(summary.errors),
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "rows_per_s": round(rows / wall),
        "baseline_seconds": round(base_wall, 3),
        "ratio_to_baseline": round(wall / base_wall, 2),
        "baseline_cpu_seconds": round(base_cpu, 3),
        "cpu_ratio_to_baseline": round(cpu / base_cpu, 2),
        "peak_rss_mb": peak_rss_mb(),
    })


if __name__ == "__main__":
    main()
