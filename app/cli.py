"""`shipdesk`: the workstation, and the same use cases from a terminal."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.services.workspace import Workspace, WorkspaceError

log = logging.getLogger("shipdesk")


def _common() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", default=argparse.SUPPRESS,
                   help="database path or SQLAlchemy URL (default: user data dir; or SHIPDESK_DB)")
    p.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                   help="machine-readable output")
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    p = argparse.ArgumentParser(prog="shipdesk", parents=[common],
                                description="ShipDesk 面单工作台 — shipping workstation")
    p.add_argument("--demo", action="store_true", help="open on a fresh demo database")
    sub = p.add_subparsers(dest="cmd")

    imp = sub.add_parser("import", parents=[common], help="import platform order exports")
    imp.add_argument("files", nargs="+", type=Path)
    imp.add_argument("--platform", default="auto", help="auto|douyin")
    imp.add_argument("--shop", help="shop name (default: the platform's default shop)")
    imp.add_argument("--valid-rows", action="store_true",
                     help="import the valid rows even when some rows have errors")

    orders = sub.add_parser("orders", parents=[common], help="list and filter orders")
    orders.add_argument("--status", default="", help="to_ship|shipped|cancelled|…")
    orders.add_argument("--search", default="", help="order id, waybill, buyer name/phone, SKU")
    orders.add_argument("--limit", type=int, default=50)
    orders.add_argument("--offset", type=int, default=0)

    wb = sub.add_parser("waybills", parents=[common], help="allocate e-waybills")
    wb_sub = wb.add_subparsers(dest="action", required=True)
    alloc = wb_sub.add_parser("allocate", parents=[common])
    alloc.add_argument("--order", action="append", default=[],
                       help="platform order id (repeatable); default: every order to ship")
    alloc.add_argument("--carrier", help="carrier code, e.g. ZTO, YTO, SF")
    alloc.add_argument("--limit", type=int)

    pr = sub.add_parser("print", parents=[common], help="render or print labels")
    pr.add_argument("--format", default="pdf", choices=["pdf"])
    pr.add_argument("--out", type=Path, required=True)
    pr.add_argument("--size", default="76x130", choices=["76x130", "100x150", "100x180"])
    pr.add_argument("--order", action="append", default=[],
                    help="platform order id (repeatable); default: every unprinted waybill")
    pr.add_argument("--reprint", action="store_true", help="print again labels already printed")

    sub.add_parser("selftest", parents=[common], help="boot, render one label, exit 0")
    return p


def _emit(args: argparse.Namespace, data: dict, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, default=str))
    else:
        print(text)


def _open(args: argparse.Namespace) -> Workspace:
    return Workspace.open(getattr(args, "db", None))


def cmd_import(args: argparse.Namespace) -> int:
    from app.services.import_orders import import_files

    ws = _open(args)
    try:
        s = import_files(ws, args.files, platform=args.platform, shop_name=args.shop,
                         valid_rows_only=args.valid_rows)
    finally:
        ws.close()
    lines = [f"imported {s.imported}, updated {s.updated}, unchanged {s.unchanged}, "
             f"skipped {s.skipped}, flagged {s.flagged}"]
    lines += [f"  {e.file} row {e.row} [{e.column}]: {e.message}" for e in s.errors]
    _emit(args, s.as_dict(), "\n".join(lines))
    return 1 if s.errors and not (s.imported or s.updated or s.unchanged) else 0


def cmd_orders(args: argparse.Namespace) -> int:
    from app.services.orders import OrderQuery, count_orders, list_orders

    ws = _open(args)
    try:
        q = OrderQuery(text=args.search, status=args.status)
        total = count_orders(ws, q)
        rows = list_orders(ws, q, args.offset, args.limit)
    finally:
        ws.close()
    text = "\n".join(
        f"{r.platform_order_id}  {r.status:<10} {r.name:<6} {r.phone:<16} {r.carrier:<6} "
        f"{r.waybill_no:<16} {r.items}" for r in rows) + f"\n({len(rows)} of {total})"
    _emit(args, {"total": total, "orders": [r.as_dict() for r in rows]}, text)
    return 0


def cmd_waybills(args: argparse.Namespace) -> int:
    from app.services.orders import select_order_ids
    from app.services.waybills import allocate_waybills

    ws = _open(args)
    try:
        ids = select_order_ids(ws, platform_order_ids=args.order or None,
                               status=None if args.order else "to_ship",
                               has_waybill=None if args.order else False, limit=args.limit)
        s = allocate_waybills(ws, ids, carrier=args.carrier)
    finally:
        ws.close()
    text = f"allocated {s.allocated}, already had a number {s.already}, failed {len(s.failed)}"
    text += "".join(f"\n  order {f['order']}: {f['message']}" for f in s.failed)
    _emit(args, s.as_dict(), text)
    return 1 if s.failed else 0


def cmd_print(args: argparse.Namespace) -> int:
    from app.services.orders import select_order_ids
    from app.services.print_labels import print_labels

    ws = _open(args)
    try:
        ids = select_order_ids(ws, platform_order_ids=args.order or None,
                               has_waybill=True,
                               printed=None if (args.order or args.reprint) else False)
        s = print_labels(ws, ids, out=args.out, size=args.size, fmt=args.format,
                         reprint=args.reprint)
    finally:
        ws.close()
    text = f"printed {s.printed} label(s) to {s.out}"
    text += "".join(f"\n  order {f['order']}: {f['message']}" for f in s.skipped)
    _emit(args, s.as_dict(), text)
    return 0 if s.printed or not ids else 1


def cmd_selftest(args: argparse.Namespace) -> int:
    """Boot, open a database, render one label: what an installer checks after install."""
    from app.services.demo import create_demo
    from app.services.orders import select_order_ids
    from app.services.print_labels import print_labels
    from app.services.waybills import allocate_waybills

    with tempfile.TemporaryDirectory(prefix="shipdesk-selftest-") as tmp:
        ws = create_demo(Path(tmp) / "demo")
        try:
            ids = select_order_ids(ws, status="to_ship", limit=1)
            allocate_waybills(ws, ids)
            out = Path(tmp) / "selftest.pdf"
            s = print_labels(ws, ids, out=out)
            ok = s.printed == 1 and out.stat().st_size > 1000
        finally:
            ws.close()
    _emit(args, {"ok": ok}, "selftest ok" if ok else "selftest FAILED")
    return 0 if ok else 1


def run_gui(args: argparse.Namespace) -> int:
    from app.ui.app import run

    return run(db=getattr(args, "db", None), demo=args.demo)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=os.environ.get("SHIPDESK_LOG", "WARNING"),
                        format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    handlers = {"import": cmd_import, "orders": cmd_orders, "waybills": cmd_waybills,
                "print": cmd_print, "selftest": cmd_selftest}
    try:
        if args.cmd is None:
            return run_gui(args)
        return handlers[args.cmd](args)
    except WorkspaceError as exc:
        print(f"shipdesk: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"shipdesk: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
