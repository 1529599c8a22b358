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
    pr.add_argument("--format", default="pdf", choices=["pdf", "zpl", "tspl"])
    pr.add_argument("--out", type=Path, help="write the labels to this file")
    pr.add_argument("--printer", help="HOST:PORT (raw 9100), cups:QUEUE or a saved printer name")
    pr.add_argument("--dpi", type=int, choices=[203, 300])
    pr.add_argument("--pick-order", choices=["sku", "import"], default="import",
                    help="order of the labels: by SKU (pick route) or import order")
    pr.add_argument("--resume", type=int, metavar="JOB",
                    help="send the labels of an interrupted print job that did not arrive")
    pr.add_argument("--size", default="76x130", choices=["76x130", "100x150", "100x180"])
    pr.add_argument("--order", action="append", default=[],
                    help="platform order id (repeatable); default: every unprinted waybill")
    pr.add_argument("--reprint", action="store_true", help="print again labels already printed")

    sub.add_parser("selftest", parents=[common], help="boot, render one label, exit 0")

    trk = sub.add_parser("track", parents=[common],
                         help="refresh tracking; list shipments by status")
    trk.add_argument("action", nargs="?", default="list", choices=["list", "refresh"],
                     help="list (default) or refresh")
    trk.add_argument("--status", default="",
                     help="normalised status (in_transit, delivered, …), active, stopped or error")
    trk.add_argument("--waybill", default="", help="one waybill: its shipment and events")
    trk.add_argument("--limit", type=int, default=50)
    trk.add_argument("--offset", type=int, default=0)
    trk.add_argument("--no-alerts", action="store_true",
                     help="refresh: do not re-evaluate the alerts afterwards")

    al = sub.add_parser("alerts", parents=[common], help="list package-centre alerts")
    al.add_argument("--state", default="active",
                    help="active (default: open + acknowledged), open, acknowledged, resolved, all")
    al.add_argument("--rule", default="", help="only this rule (not_picked_up, intercept, …)")
    al.add_argument("--limit", type=int, default=200)
    al.add_argument("--no-evaluate", action="store_true",
                    help="list what is stored without re-checking the rules first")
    al.add_argument("--ack", type=int, action="append", default=[], metavar="ID",
                    help="acknowledge this alert (repeatable)")
    al.add_argument("--resolve", type=int, action="append", default=[], metavar="ID",
                    help="resolve this alert by hand (repeatable)")

    db = sub.add_parser("db", parents=[common],
                        help="move the database to PostgreSQL; carry its key to other stations")
    db_sub = db.add_subparsers(dest="action", required=True)
    cp = db_sub.add_parser("copy", parents=[common],
                           help="copy the database (--db) into an empty one; the key comes along")
    cp.add_argument("--to", required=True, metavar="URL",
                    help="target, e.g. postgresql://shipdesk@server/shipdesk (must be empty)")
    cp.add_argument("--export-key", type=Path, metavar="FILE",
                    help="also write the key file the other stations need")
    ex = db_sub.add_parser("export-key", parents=[common],
                           help="write the database's key to a passphrase-protected file")
    ex.add_argument("--out", type=Path, required=True)
    im = db_sub.add_parser("import-key", parents=[common],
                           help="keep the key from a key file on this station")
    im.add_argument("file", type=Path)
    db_sub.add_parser("stations", parents=[common], help="stations connected now (PostgreSQL)")
    mg = sub.add_parser("merge", parents=[common],
                        help="merge orders to one receiver into one parcel (合并订单)")
    mg.add_argument("orders", nargs="*", help="platform order ids to merge (2 or more)")
    mg.add_argument("--suggest", action="store_true",
                    help="list the groups that could be merged; with --apply, merge them all")
    mg.add_argument("--apply", action="store_true", help="with --suggest: merge every group")
    um = sub.add_parser("unmerge", parents=[common], help="undo a merge before printing")
    um.add_argument("order", help="a platform order id of the merged parcel")
    sp = sub.add_parser("split", parents=[common], help="ship one order as several parcels")
    sp.add_argument("order", help="platform order id")
    sp.add_argument("--packs", type=int, required=True, help="number of parcels (1-99)")
    _add_safety_commands(sub, common)
    _add_privacy_commands(sub, common)
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
    from app.services.print_labels import PrintError, print_labels, resume_print_job
    from app.services.printers import parse_printer

    ws = _open(args)
    try:
        ids = select_order_ids(ws, platform_order_ids=args.order or None,
                               has_waybill=True,
                               printed=None if (args.order or args.reprint) else False)
        printer = parse_printer(args.printer, ws) if args.printer else None
        if args.resume is not None:
            if printer is None:
                raise PrintError("--resume needs --printer")
            s = resume_print_job(ws, args.resume, printer, dpi=args.dpi)
            ids = [args.resume]
        elif printer is None and args.out is None:
            raise PrintError("give --out FILE or --printer")
        else:
            s = print_labels(ws, ids, out=args.out, printer=printer, size=args.size,
                             fmt=args.format, reprint=args.reprint, dpi=args.dpi,
                             pick_order=args.pick_order)
    except PrintError as exc:
        if getattr(args, "json", False):
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        else:
            print(f"shipdesk: {exc}", file=sys.stderr)
        return 1
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


def _passphrase(env: str, what: str, confirm: bool) -> str:
    """From `env`, else asked on the terminal (twice when `confirm`); never echoed."""
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise ValueError(f"set {env} to the {what}'s passphrase")
    import getpass

    value = getpass.getpass(f"{what} passphrase: ")
    if confirm and getpass.getpass("again: ") != value:
        raise ValueError("the two passphrases differ")
    return value


def _export_passphrase(confirm: bool) -> str:
    from app.services.stations import EXPORT_PASSPHRASE_ENV

    return _passphrase(EXPORT_PASSPHRASE_ENV, "key file", confirm)


def cmd_db(args: argparse.Namespace) -> int:
    from app.services import stations

    db = getattr(args, "db", None)
    try:
        if args.action == "copy":
            export = args.export_key
            s = stations.migrate_database(
                db, args.to, export_to=export,
                export_passphrase=_export_passphrase(True) if export else "",
                progress=None if getattr(args, "json", False) else _progress_line)
            data = s.as_dict()
            text = (f"copied {s.copied.rows} rows from {s.source} to {s.target}; database "
                    f"{s.db_id} opens there with the same key")
            if s.key_file:
                text += f"\nkey file for the other stations: {s.key_file}"
        elif args.action == "export-key":
            db_id = stations.export_key(db, args.out, _export_passphrase(True))
            data = {"db_id": db_id, "key_file": str(args.out)}
            text = (f"key of database {db_id} written to {args.out}: give it to the other "
                    "stations, and its passphrase separately")
        elif args.action == "import-key":
            data = stations.import_key(db, args.file, _export_passphrase(False))
            text = f"key of database {data['db_id']} kept in {data['stored_in']}"
        else:  # stations
            ws = _open(args)
            try:
                rows = stations.connected_stations(ws)
            finally:
                ws.close()
            data = {"stations": rows}
            text = "\n".join(f"{r['station']}  {r['connections']} connection(s) since "
                             f"{r['since']}" for r in rows) or "no stations connected"
    except stations.StationsError as exc:
        print(f"shipdesk: {exc}", file=sys.stderr)
        return 2
    if not getattr(args, "json", False) and args.action == "copy":
        print(file=sys.stderr)
    _emit(args, data, text)
    return 0


def _progress_line(done: int, total: int) -> None:
    print(f"\r{done}/{total} rows", end="", file=sys.stderr, flush=True)


# --- backup / restore / keys (issue 8: data safety) -------------------------------------


def _add_safety_commands(sub, common: argparse.ArgumentParser) -> None:  # noqa: ANN001
    bk = sub.add_parser("backup", parents=[common],
                        help="online backup of the database; --verify FILE checks a backup")
    bk.add_argument("--out", type=Path, help="backup file (default: the backup folder)")
    bk.add_argument("--verify", type=Path, metavar="FILE",
                    help="check FILE: integrity, schema revision, and that the key opens it")
    rs = sub.add_parser("restore", parents=[common],
                        help="replace the database by a verified backup (the old one is kept)")
    rs.add_argument("file", type=Path)
    ky = sub.add_parser("keys", parents=[common],
                        help="encryption key: status, backup, restore, rotation")
    ky_sub = ky.add_subparsers(dest="action", required=True)
    ky_sub.add_parser("status", parents=[common], help="key ids, where the key is kept")
    kx = ky_sub.add_parser("export", parents=[common],
                           help="write a passphrase-protected key backup (keep it off the PC)")
    kx.add_argument("--out", type=Path, required=True)
    kr = ky_sub.add_parser("restore", parents=[common],
                           help="keep the key from a key backup on this computer")
    kr.add_argument("file", type=Path)
    kt = ky_sub.add_parser("rotate", parents=[common],
                           help="make a new key and re-encrypt every row (resumes if stopped)")
    kt.add_argument("--batch", type=int, default=500)
    ky_sub.add_parser("forget-old", parents=[common],
                      help="drop retired keys no row uses (old backups then need a key backup)")


def _safety_errors(fn):  # noqa: ANN001, ANN202
    """Backup, key and permission errors end the command with their message (exit 2)."""
    import functools

    @functools.wraps(fn)
    def run(args: argparse.Namespace) -> int:
        from app.services.backup import BackupError
        from app.services.keys import KeysError
        from app.services.operators import OperatorError
        from app.services.privacy import PrivacyError

        try:
            return fn(args)
        except (BackupError, KeysError, OperatorError, PrivacyError) as exc:
            print(f"shipdesk: {exc}", file=sys.stderr)
            return 2

    return run


def _cli_login(ws: Workspace) -> None:
    """Where operators exist, SHIPDESK_OPERATOR (and SHIPDESK_PIN) say who runs this."""
    from app.services import operators

    if operators.has_operators(ws):
        name = os.environ.get("SHIPDESK_OPERATOR", "")
        if not name:
            raise ValueError("this shop has operators: set SHIPDESK_OPERATOR (and SHIPDESK_PIN)")
        try:
            operators.login(ws, name, os.environ.get("SHIPDESK_PIN", ""))
        except operators.OperatorError as exc:
            raise ValueError(f"cannot log in as {name}: {exc}") from None


def _backup_passphrase(confirm: bool) -> str:
    from app.services.keys import BACKUP_PASSPHRASE_ENV

    return _passphrase(BACKUP_PASSPHRASE_ENV, "key backup", confirm)


@_safety_errors
def cmd_backup(args: argparse.Namespace) -> int:
    from app.services import backup

    if args.verify:
        rep = backup.verify_backup(args.verify)
        text = (f"{args.verify}: {'OK' if rep.ok else 'NOT OK'} (integrity {rep.integrity or '?'}"
                f", schema {rep.revision or '?'}, key {'opens it' if rep.key_ok else 'no'}, "
                f"{rep.fields_checked} fields decrypted)")
        text += "".join(f"\n  problem: {p}" for p in rep.problems)
        text += "".join(f"\n  note: {n}" for n in rep.notes)
        _emit(args, rep.as_dict(), text)
        return 0 if rep.ok else 1
    ws = _open(args)
    try:
        _cli_login(ws)
        from app.services.operators import require

        require(ws, "backup")
        info = backup.backup_now(ws, args.out)
    finally:
        ws.close()
    _emit(args, info.as_dict(), f"backup written to {info.path} ({info.size} bytes)")
    return 0


@_safety_errors
def cmd_restore(args: argparse.Namespace) -> int:
    from app.services import backup
    from app.services.operators import require

    try:
        ws = _open(args)
    except WorkspaceError:
        ws = None  # the database does not open: restoring it is what is needed
    operator = ""
    if ws is not None:
        try:
            _cli_login(ws)
            require(ws, "restore")
            operator = ws.operator
        finally:
            ws.close()
    info = backup.restore_backup(getattr(args, "db", None), args.file, operator=operator)
    text = f"restored {info.database} from {info.restored_from}"
    if info.kept:
        text += f"\nthe database as it was is kept in {info.kept}"
    _emit(args, info.as_dict(), text)
    return 0


@_safety_errors
def cmd_keys(args: argparse.Namespace) -> int:
    from app.services import keys

    if args.action == "restore":
        data = keys.restore_key_backup(getattr(args, "db", None), args.file,
                                       _backup_passphrase(False))
        _emit(args, data, f"key of database {data['db_id']} kept in {data['stored_in']}")
        return 0
    ws = _open(args)
    try:
        _cli_login(ws)
        if args.action == "status":
            st = keys.key_status(ws)
            data = st.as_dict()
            text = (f"database {st.db_id}: key {st.primary} of {st.key_ids}, kept in "
                    f"{st.stored_in}" + (f"; rotation under way, {st.remaining} row(s) left"
                                         if st.rotating else ""))
        elif args.action == "export":
            out = keys.export_key_backup(ws, args.out, _backup_passphrase(True))
            data = {"db_id": ws.db_id, "key_backup": str(out)}
            text = (f"key backup written to {out}: keep it (and its passphrase, apart) off "
                    "this computer")
        elif args.action == "rotate":
            new_id = keys.start_rotation(ws)
            st = keys.rotate(ws, batch=args.batch,
                             progress=None if getattr(args, "json", False) else _progress_line)
            data = {"key": new_id, **st.as_dict()}
            text = (f"\nkey {new_id} is the database's key now; export a new key backup "
                    "(`shipdesk keys export`)")
        else:  # forget-old
            gone = keys.forget_retired_keys(ws)
            data = {"forgotten": gone}
            text = f"forgot key(s) {gone}" if gone else "no retired key to forget"
    finally:
        ws.close()
    _emit(args, data, text)
    return 0


# --- exports, audit log, retention, erasure, operators (issue 8: privacy) ---------------


def _add_privacy_commands(sub, common: argparse.ArgumentParser) -> None:  # noqa: ANN001
    ex = sub.add_parser("export", parents=[common],
                        help="export orders to CSV/XLSX, masked unless --plain (owner)")
    ex.add_argument("out", type=Path, help="file to write (.csv or .xlsx)")
    ex.add_argument("--status", default="", help="only orders in this status")
    ex.add_argument("--search", default="", help="only orders matching this search")
    ex.add_argument("--plain", action="store_true",
                    help="plain names, phones and addresses (owner only; audited)")
    au = sub.add_parser("audit", parents=[common], help="the audit log (owner)")
    au.add_argument("--out", type=Path, help="write the whole log to this CSV/XLSX file")
    au.add_argument("--limit", type=int, default=50, help="newest lines to list")
    pv = sub.add_parser("privacy", parents=[common],
                        help="retention purge, and erasing one buyer's data on request")
    pv_sub = pv.add_subparsers(dest="action", required=True)
    pg = pv_sub.add_parser("purge", parents=[common],
                           help="erase personal data of orders delivered more than N days ago")
    pg.add_argument("--days", type=int, help="default: the retention setting (90)")
    pv_sub.add_parser("retention", parents=[common],
                      help="show the retention setting; --set N changes it").add_argument(
        "--set", type=int, dest="days")
    er = pv_sub.add_parser("erase", parents=[common], help="erase one buyer's data")
    er.add_argument("--phone", default="")
    er.add_argument("--name", default="")
    er.add_argument("--yes", action="store_true", help="erase without asking")
    op = sub.add_parser("operators", parents=[common],
                        help="operators and roles (SHIPDESK_OPERATOR/SHIPDESK_PIN log in)")
    op_sub = op.add_subparsers(dest="action", required=True)
    op_sub.add_parser("list", parents=[common])
    oa = op_sub.add_parser("add", parents=[common],
                           help="the first operator is the owner; PIN from SHIPDESK_NEW_PIN")
    oa.add_argument("name")
    oa.add_argument("--role", choices=("owner", "packer"), default="packer")
    orm = op_sub.add_parser("remove", parents=[common], help="stop an operator logging in")
    orm.add_argument("name")


@_safety_errors
def cmd_export(args: argparse.Namespace) -> int:
    from app.services.exports import export_orders
    from app.services.orders import ViewQuery

    ws = _open(args)
    try:
        _cli_login(ws)
        q = ViewQuery(text=args.search, status=args.status, sort="id", descending=False)
        s = export_orders(ws, args.out, query=q, masked=not args.plain)
    finally:
        ws.close()
    _emit(args, s.as_dict(), f"{s.rows} order(s) written to {s.path} "
          f"({'masked' if s.masked else 'PLAIN personal data: keep it safe, delete it after use'})")
    return 0


@_safety_errors
def cmd_audit(args: argparse.Namespace) -> int:
    from app.services import privacy

    ws = _open(args)
    try:
        _cli_login(ws)
        if args.out:
            s = privacy.export_audit(ws, args.out)
            _emit(args, s.as_dict(), f"{s.rows} audit line(s) written to {s.path}")
            return 0
        rows = privacy.list_audit(ws, limit=args.limit)
    finally:
        ws.close()
    data = {"audit": [{"id": r.id, "at": r.at, "operator": r.operator, "action": r.action,
                       "entity": r.entity, "entity_id": r.entity_id, "detail": r.detail}
                      for r in rows]}
    text = "\n".join(f"{r.at:%Y-%m-%d %H:%M:%S}  {r.operator or '-':<8} {r.action:<20} "
                     f"{r.entity} {r.entity_id}  {json.dumps(r.detail, ensure_ascii=False)}"
                     for r in rows) or "the audit log is empty"
    _emit(args, data, text)
    return 0


@_safety_errors
def cmd_privacy(args: argparse.Namespace) -> int:
    from app.services import privacy

    ws = _open(args)
    try:
        _cli_login(ws)
        if args.action == "purge":
            s = privacy.purge_expired(ws, days=args.days)
            _emit(args, s.as_dict(), f"erased the personal data of {s.orders} order(s)")
        elif args.action == "retention":
            if args.days is not None:
                privacy.set_retention_days(ws, args.days)
            days = privacy.retention_days(ws)
            _emit(args, {"retention_days": days},
                  f"personal data of delivered orders is kept {days} day(s)"
                  if days else "personal data is kept until erased by hand")
        else:
            found = privacy.find_buyer(ws, phone=args.phone, name=args.name)
            if not found:
                _emit(args, {"orders": 0}, "no order of that buyer")
                return 1
            if not args.yes:
                if not sys.stdin.isatty():
                    raise ValueError(f"{len(found)} order(s) found: add --yes to erase them")
                if input(f"erase the buyer's data of {len(found)} order(s)? [y/N] ") != "y":
                    return 1
            s = privacy.erase_buyer(ws, phone=args.phone, name=args.name, expect=len(found))
            _emit(args, s.as_dict(), f"erased the buyer's data of {s.orders} order(s)")
    finally:
        ws.close()
    return 0


@_safety_errors
def cmd_operators(args: argparse.Namespace) -> int:
    from app.services import operators

    ws = _open(args)
    try:
        if args.action != "add" or operators.has_operators(ws):
            _cli_login(ws)
        if args.action == "list":
            ops = operators.list_operators(ws)
            _emit(args, {"operators": [{"name": o.name, "role": o.role, "pin": o.has_pin,
                                        "active": o.active} for o in ops]},
                  "\n".join(f"{o.name:<12} {o.role:<7} {'PIN' if o.has_pin else 'no PIN':<7}"
                            f"{'' if o.active else ' (removed)'}" for o in ops)
                  or "no operators: the shop is one person, everything is allowed")
        elif args.action == "add":
            info = operators.add_operator(ws, args.name, args.role,
                                          os.environ.get("SHIPDESK_NEW_PIN", ""))
            _emit(args, {"name": info.name, "role": info.role, "pin": info.has_pin},
                  f"operator {info.name} ({info.role}) added")
        else:
            operators.remove_operator(ws, args.name)
            _emit(args, {"removed": args.name}, f"operator {args.name} can no longer log in")
    finally:
        ws.close()
    return 0


def cmd_track(args: argparse.Namespace) -> int:
    from app.services import tracking

    ws = _open(args)
    try:
        if args.action == "refresh":
            s = tracking.refresh_tracking(ws, resume=True)
            if not args.no_alerts:
                from app.services.alerts import evaluate_alerts

                s.alerts = evaluate_alerts(ws).as_dict()
            text = (f"{s.provider}: polled {s.polled} of {s.due} due ({s.results} answered, "
                    f"{s.finished} finished), new parcels {s.enrolled}")
            if s.errors:
                text += "\n  errors: " + ", ".join(f"{k} {v}" for k, v in s.errors.items())
            if s.stopped_reason:
                text += f"\n  stopped: {s.stopped_reason}"
            if s.paused_until:
                text += f"\n  paused until {s.paused_until:%Y-%m-%d %H:%M}"
            _emit(args, s.as_dict(), text)
            return 1 if s.stopped_reason.startswith("account:") else 0
        rows = tracking.list_shipments(ws, args.status, waybill=args.waybill,
                                       limit=args.limit, offset=args.offset)
        total = tracking.count_shipments(ws, args.status)
        data: dict = {"total": total, "shipments": [r.as_dict() for r in rows]}
        if args.waybill:
            data["events"] = tracking.shipment_events(ws, args.waybill)
    finally:
        ws.close()
    lines = [f"{r.waybill_no:<18} {r.carrier:<6} {r.status:<20} "
             + (f"{r.last_event_at:%m-%d %H:%M} {r.last_event}" if r.last_event_at
                else "(no scan yet)") for r in rows]
    lines.append(f"({len(rows)} of {total})")
    lines += [f"  {e['at'][:16]}  {e['status']:<20} {e['text']}" for e in data.get("events", [])]
    _emit(args, data, "\n".join(lines))
    return 0


def cmd_alerts(args: argparse.Namespace) -> int:
    from app.services import alerts

    ws = _open(args)
    try:
        changed = {"acknowledged": alerts.acknowledge(ws, args.ack) if args.ack else 0,
                   "resolved": alerts.resolve(ws, args.resolve) if args.resolve else 0}
        evaluated = None if args.no_evaluate else alerts.evaluate_alerts(ws)
        rows = alerts.list_alerts(ws, args.state, rule=args.rule, limit=args.limit)
        total = alerts.count_alerts(ws, args.state, rule=args.rule)
    finally:
        ws.close()
    data = {"total": total, "alerts": [a.as_dict() for a in rows], **changed,
            "evaluated": evaluated.as_dict() if evaluated else None}
    text = "\n".join(f"#{a.id:<5} {a.severity:<7} {a.state:<12} {a.rule:<18} {a.reason}\n"
                     f"       → {a.action}" for a in rows) + f"\n({len(rows)} of {total})"
    _emit(args, data, text)
    return 0


def _order_ids(ws: Workspace, platform_ids: Sequence[str]) -> list[int]:
    from app.services.orders import select_order_ids

    ids = select_order_ids(ws, platform_order_ids=list(platform_ids))
    if len(ids) != len(set(platform_ids)):
        raise ValueError("some of these order ids are not in the database (or in two shops)")
    return ids


def cmd_merge(args: argparse.Namespace) -> int:
    from app.services import merge

    ws = _open(args)
    try:
        if args.suggest:
            groups = merge.suggest_merges(ws)
            merged, failed = [], []
            for g in groups if args.apply else []:
                try:
                    merged.append(merge.merge_orders(ws, g.order_ids).parcel_id)
                except merge.MergeError as exc:  # changed meanwhile: the others still go
                    failed.append({"orders": list(g.platform_order_ids), "message": str(exc)})
            text = "\n".join(f"{'merged' if args.apply else 'could merge'}: "
                             f"{' '.join(g.platform_order_ids)}  ({g.name} {g.address})"
                             for g in groups) or "nothing to merge"
            _emit(args, {"groups": [{"orders": list(g.platform_order_ids), "name": g.name,
                                     "address": g.address, "items": g.item_count}
                                    for g in groups], "merged": len(merged),
                   "failed": failed},
                  text + "".join(f"\n  not merged {' '.join(f['orders'])}: {f['message']}"
                                 for f in failed))
            return 1 if failed else 0
        if len(args.orders) < 2:
            raise ValueError("give two or more order ids, or --suggest")
        res = merge.merge_orders(ws, _order_ids(ws, args.orders))
    finally:
        ws.close()
    _emit(args, {"parcel_id": res.parcel_id, "orders": len(res.order_ids)},
          f"merged {len(res.order_ids)} orders into one parcel")
    return 0


def cmd_unmerge(args: argparse.Namespace) -> int:
    from app.services import merge

    ws = _open(args)
    try:
        (oid,) = _order_ids(ws, [args.order])
        parcel = next((p for p in merge.parcels_of_order(ws, oid) if len(p.order_ids) > 1),
                      None)
        if parcel is None:
            raise ValueError(f"order {args.order} is not merged with another")
        others = merge.unmerge(ws, parcel.id)
    finally:
        ws.close()
    _emit(args, {"parcel_id": parcel.id, "orders_out": len(others)},
          f"merge undone: {len(others) + 1} orders have their own parcels again")
    return 0


def cmd_split(args: argparse.Namespace) -> int:
    from app.services import merge

    ws = _open(args)
    try:
        (oid,) = _order_ids(ws, [args.order])
        parcels = merge.split_order(ws, oid, args.packs)
    finally:
        ws.close()
    _emit(args, {"parcels": parcels}, f"order {args.order} ships as {len(parcels)} parcel(s)")
    return 0


def run_gui(args: argparse.Namespace) -> int:
    from app.ui.app import run

    return run(db=getattr(args, "db", None), demo=args.demo)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=os.environ.get("SHIPDESK_LOG", "WARNING"),
                        format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    handlers = {"import": cmd_import, "orders": cmd_orders, "waybills": cmd_waybills,
                "print": cmd_print, "selftest": cmd_selftest, "db": cmd_db,
                "backup": cmd_backup, "restore": cmd_restore, "keys": cmd_keys}
    handlers.update(track=cmd_track, alerts=cmd_alerts, export=cmd_export, audit=cmd_audit,
                    privacy=cmd_privacy, operators=cmd_operators, merge=cmd_merge,
                    unmerge=cmd_unmerge, split=cmd_split)
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
