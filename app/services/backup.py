"""Backups of the SQLite database: online, daily, verified, and restored with care.

- `backup_now`: an online copy through SQLite's backup API, taken on the workspace's own
  engine connection while the station keeps working (WAL readers do not block writers).
  The copy is written beside its final name, flushed to disk, then renamed: a backup
  file either exists whole or not at all. It is a plain rollback-journal file (no -wal
  next to it), so it can be copied to a USB stick as it is.
- `auto_backup`: what the workstation calls at start (off the GUI thread): one
  automatic backup per day, then the automatic ones beyond the newest N days (setting
  `backup_keep_days`, default 14) are deleted. Manual backups are never deleted.
- `verify_backup`: PRAGMA integrity_check, the schema revision (one this ShipDesk
  knows), the key check value against the key this station holds for the database, and
  a sample of encrypted fields actually decrypted.
- `restore_backup`: the backup is verified, copied to a new file next to the database
  and brought to the current schema; the database in use is kept under a
  ``before-restore`` name and the new file is renamed over it in one atomic step. The
  workspace must be closed first (the restore refuses a database still open).

PostgreSQL: the server's own tools do this (`pg_dump`), see `POSTGRES_HINT`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url

from app.core.timeutil import now as _now
from app.services.workspace import Workspace
from app.store.crypto import FieldCipher
from app.store.db import MIGRATIONS, data_dir, is_sqlite, make_engine, migrate, resolve_url
from app.store.keys import KeyError_, load_key

DEFAULT_KEEP_DAYS = 14
SQLITE_MAGIC = b"SQLite format 3\x00"
#: automatic and manual backups in the backup folder: shipdesk-<db>-<stamp>-<kind>.sqlite
_NAME = re.compile(r"^shipdesk-(?P<db>[0-9a-f]{8})-(?P<stamp>\d{8}-\d{6})-(?P<kind>auto|manual)"
                   r"\.sqlite$")
SAMPLE_ROWS = 20

POSTGRES_HINT = (
    "this database is on PostgreSQL: back it up on the server with pg_dump, e.g. "
    "`pg_dump --format=custom --file=shipdesk-$(date +%F).dump \"$URL\"`, and restore with "
    "`pg_restore --clean --if-exists --dbname=\"$URL\" FILE`; keep the key backup "
    "(`shipdesk keys export`) with the dumps"
)

Progress = Callable[[int, int], None]


class BackupError(Exception):
    """A backup or restore cannot be done; the message says why and what to do."""


@dataclass
class BackupInfo:
    path: str
    size: int
    created: datetime
    kind: str  # auto | manual
    db_id: str = ""
    pruned: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "size": self.size, "created": self.created.isoformat(),
                "kind": self.kind, "db_id": self.db_id, "pruned": self.pruned}


@dataclass
class VerifyReport:
    path: str
    integrity: str = ""
    revision: str = ""
    revision_ok: bool = False
    db_id: str = ""
    key_ok: bool = False
    fields_checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "ok": self.ok, "integrity": self.integrity,
                "revision": self.revision, "revision_ok": self.revision_ok,
                "db_id": self.db_id, "key_ok": self.key_ok,
                "fields_checked": self.fields_checked, "problems": self.problems,
                "notes": self.notes}


@dataclass
class RestoreInfo:
    database: str
    restored_from: str
    kept: str  # the database as it was before the restore
    report: VerifyReport

    def as_dict(self) -> dict[str, object]:
        return {"database": self.database, "restored_from": self.restored_from,
                "kept": self.kept, "verify": self.report.as_dict()}


# ------------------------------------------------------------------------------ helpers


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):  # not on Windows
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sqlite_path(url: str) -> Path:
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        raise BackupError(POSTGRES_HINT)
    if not u.database or u.database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return Path(u.database)


def backup_dir(ws: Workspace | None = None) -> Path:
    """Where backups go: setting `backup_dir`, else <data dir>/backups."""
    custom = ws.setting("backup_dir", "") if ws is not None else ""
    return Path(custom) if custom else data_dir() / "backups"


def keep_days(ws: Workspace) -> int:
    try:
        return max(1, int(ws.setting("backup_keep_days", str(DEFAULT_KEEP_DAYS))))
    except ValueError:
        return DEFAULT_KEEP_DAYS


def set_keep_days(ws: Workspace, days: int) -> None:
    from app.services.operators import require

    require(ws, "settings")
    if not 1 <= int(days) <= 3650:
        raise BackupError("keep 1 to 3650 days of backups")
    ws.set_setting("backup_keep_days", str(int(days)))


def _copy_sqlite(src: sqlite3.Connection, dest: Path,
                 progress: Progress | None = None) -> None:
    """Online copy of `src` into a new file `dest` (rollback journal, flushed)."""
    if dest.exists():
        dest.unlink()
    dst = sqlite3.connect(dest)
    try:
        def step(_status: int, remaining: int, total: int) -> None:
            if progress:
                progress(total - remaining, total)

        # one step: one read transaction, so the copy is one consistent snapshot
        src.backup(dst, pages=-1, progress=step)
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.commit()
    finally:
        dst.close()
    _fsync_file(dest)


# ------------------------------------------------------------------------------ backing up


def backup_now(ws: Workspace, out: str | Path | None = None, *, kind: str = "manual",
               progress: Progress | None = None) -> BackupInfo:
    """Copy the open database to `out` (default: the backup folder), online."""
    if not is_sqlite(ws.engine):
        raise BackupError(POSTGRES_HINT)
    now = ws.clock()
    if out is None:
        folder = backup_dir(ws)
        dest = folder / f"shipdesk-{ws.db_id[:8]}-{now:%Y%m%d-%H%M%S}-{kind}.sqlite"
        n = 1
        while dest.exists():  # two backups in one second
            dest = folder / f"shipdesk-{ws.db_id[:8]}-{now:%Y%m%d-%H%M%S}-{kind}-{n}.sqlite"
            n += 1
    else:
        dest = Path(out)
    if dest.resolve() == _sqlite_path(ws.url).resolve():
        raise BackupError("the backup cannot overwrite the database itself")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    raw = ws.engine.raw_connection()
    try:
        _copy_sqlite(raw.driver_connection, tmp, progress)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise BackupError(f"cannot write the backup {dest.name}: "
                          f"{getattr(exc, 'strerror', None) or type(exc).__name__}") from None
    finally:
        raw.close()
    with ws.write() as s, s.begin():
        from app.store.models import Meta

        if kind == "auto":
            s.merge(Meta(key="backup.last_auto", value=now.isoformat()))
        s.merge(Meta(key="backup.last", value=now.isoformat()))
        ws.audit(s, "backup", "database", ws.db_id, kind=kind, file=dest.name,
                 size=dest.stat().st_size)
    return BackupInfo(str(dest), dest.stat().st_size, now, kind, ws.db_id)


def list_backups(folder: Path, db_id: str = "") -> list[tuple[Path, datetime, str]]:
    """(path, time, kind) of the backups in `folder` (of one database), newest first."""
    out = []
    if not folder.is_dir():
        return out
    for p in folder.iterdir():
        m = _NAME.match(re.sub(r"-\d+\.sqlite$", ".sqlite", p.name))
        if not m or (db_id and m["db"] != db_id[:8]):
            continue
        out.append((p, datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S"), m["kind"]))
    out.sort(key=lambda t: (t[1], t[0].name), reverse=True)
    return out


def prune_backups(folder: Path, db_id: str, keep: int) -> list[str]:
    """Keep the newest automatic backup of each of the newest `keep` days; delete the
    other automatic ones. Returns the names deleted."""
    kept_days: set[date] = set()
    deleted = []
    for path, when, kind in list_backups(folder, db_id):
        if kind != "auto":
            continue
        day = when.date()
        if day not in kept_days and len(kept_days) < keep:
            kept_days.add(day)
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            deleted.append(path.name)
    return deleted


def auto_backup(ws: Workspace, *, progress: Progress | None = None) -> BackupInfo | None:
    """The daily backup, made at most once a day; then old automatic ones are pruned.

    Returns None when today's backup exists (or the database is not SQLite: PostgreSQL
    is backed up on the server).
    """
    if not is_sqlite(ws.engine):
        return None
    today = ws.clock().date()
    last = _meta(ws, "backup.last_auto")
    folder = backup_dir(ws)
    if last:
        try:
            made = datetime.fromisoformat(last)
        except ValueError:
            made = None
        if made is not None and made.date() == today and any(
                k == "auto" and t.date() == today for _, t, k in list_backups(folder, ws.db_id)):
            return None
    info = backup_now(ws, kind="auto", progress=progress)
    info.pruned = prune_backups(folder, ws.db_id, keep_days(ws))
    return info


def _meta(ws: Workspace, key: str) -> str:
    from app.store.models import Meta

    with ws.read() as s:
        row = s.get(Meta, key)
        return row.value if row else ""


# ------------------------------------------------------------------------------ verifying


def _known_revisions() -> tuple[set[str], set[str]]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    return {r.revision for r in script.walk_revisions()}, set(script.get_heads())


def _open_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)


def verify_backup(path: str | Path, *, cipher: FieldCipher | None = None,
                  key_dir: Path | None = None, passphrase: str | None = None,
                  use_keyring: bool = True) -> VerifyReport:
    """Check a backup file can be restored and read. Never changes the file.

    The key comes from `cipher` (the open workspace's, when it is the same database) or
    is looked up for the backup's own database id like `Workspace.open` does.
    """
    path = Path(path)
    rep = VerifyReport(str(path))
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as exc:
        rep.problems.append(f"cannot read {path.name}: {exc.strerror or type(exc).__name__}")
        return rep
    if head != SQLITE_MAGIC:
        rep.problems.append(f"{path.name} is not a SQLite database file")
        return rep
    if Path(str(path) + "-wal").exists():
        rep.notes.append("a -wal file lies next to the backup: it is not a finished backup")
    try:
        con = _open_ro(path)
    except sqlite3.Error as exc:
        rep.problems.append(f"cannot open {path.name} ({type(exc).__name__})")
        return rep
    try:
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as exc:
            rows = [f"unreadable ({exc})"]
        rep.integrity = "ok" if rows == ["ok"] else "; ".join(rows[:5])
        if rep.integrity != "ok":
            rep.problems.append(f"the file is damaged: {rep.integrity[:200]}")
            return rep
        try:
            revs = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
            meta = dict(con.execute(
                "SELECT key, value FROM meta WHERE key IN ('db_id', 'key_check')").fetchall())
        except sqlite3.DatabaseError:
            rep.problems.append("this is not a ShipDesk database (no schema revision)")
            return rep
        rep.revision = ",".join(sorted(revs))
        known, heads = _known_revisions()
        unknown = revs - known
        if unknown:
            rep.problems.append(f"the backup was made by a newer ShipDesk (schema "
                                f"{', '.join(sorted(unknown))}): update ShipDesk first")
        else:
            rep.revision_ok = True
            if revs != heads:
                rep.notes.append("older schema: a restore upgrades it")
        rep.db_id = meta.get("db_id", "")
        check = meta.get("key_check")
        if not rep.db_id or not check:
            rep.problems.append("the backup has no key check: it was never opened by ShipDesk")
            return rep
        if cipher is None:
            try:
                key = load_key(rep.db_id, key_dir or data_dir() / "keys", passphrase,
                               create=False, use_keyring=use_keyring)
            except KeyError_ as exc:
                rep.problems.append(f"no key here opens this backup: {exc}")
                return rep
            cipher = FieldCipher(key)
        if cipher.check_value != check:
            rep.problems.append("the key held here is not this backup's key: restore its key "
                                "backup first (`shipdesk keys restore`)")
            return rep
        rep.key_ok = _sample_decrypts(con, cipher, rep)
    finally:
        con.close()
    return rep


def _sample_decrypts(con: sqlite3.Connection, cipher: FieldCipher, rep: VerifyReport) -> bool:
    """Decrypt some fields of the first and last rows: the key really reads the data."""
    queries = [
        ("recipients", "name", "name_enc"), ("recipients", "phone", "phone_enc"),
        ("recipients", "detail", "detail_enc"), ("orders", "notes", "notes_enc"),
    ]
    failed = 0
    for table, ctx, col in queries:
        for order in ("ASC", "DESC"):
            try:
                blobs = [r[0] for r in con.execute(
                    f"SELECT {col} FROM {table} WHERE {col} IS NOT NULL "  # noqa: S608
                    f"ORDER BY id {order} LIMIT {SAMPLE_ROWS // 2}")]
            except sqlite3.DatabaseError:
                continue
            for blob in blobs:
                try:
                    cipher.decrypt(bytes(blob), ctx.encode())
                    rep.fields_checked += 1
                except Exception:  # noqa: BLE001 - InvalidTag or a missing key id
                    failed += 1
    if failed:
        rep.problems.append(f"{failed} encrypted field(s) do not open with the key held here: "
                            "restore the key backup made after the last key rotation")
        return False
    return True


# ------------------------------------------------------------------------------ restoring


def _in_use(db: Path) -> bool:
    """True when another connection (this or another process) has the database open."""
    if not db.exists():
        return False
    try:
        con = sqlite3.connect(db, timeout=2)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    except sqlite3.Error:
        return True
    return Path(str(db) + "-wal").exists() or Path(str(db) + "-shm").exists()


def restore_backup(db: str | None, backup: str | Path, *, key_dir: Path | None = None,
                   passphrase: str | None = None, use_keyring: bool = True,
                   operator: str = "") -> RestoreInfo:
    """Replace the database `db` (path or URL; default the user's) by a verified backup.

    Close every workspace on the database first. The current file is kept as
    ``<name>.before-restore-<time>.sqlite`` next to it.
    """
    url = resolve_url(db)
    target = _sqlite_path(url)
    backup = Path(backup)
    if backup.resolve() == target.resolve():
        raise BackupError("this backup is the database itself")
    rep = verify_backup(backup, key_dir=key_dir, passphrase=passphrase, use_keyring=use_keyring)
    if not rep.ok:
        raise BackupError("the backup cannot be restored: " + "; ".join(rep.problems))
    if _in_use(target):
        raise BackupError("the database is still open (in ShipDesk or another program): "
                          "close it on this computer first, then restore")
    stamp = _now().strftime("%Y%m%d-%H%M%S")
    fresh = target.with_name(target.name + ".restoring")
    for leftover in (fresh, Path(str(fresh) + "-wal"), Path(str(fresh) + "-shm")):
        leftover.unlink(missing_ok=True)
    src = _open_ro(backup)
    try:
        _copy_sqlite(src, fresh)
    except (OSError, sqlite3.Error) as exc:
        fresh.unlink(missing_ok=True)
        raise BackupError(f"cannot copy the backup ({type(exc).__name__})") from None
    finally:
        src.close()
    engine = make_engine(f"sqlite:///{fresh}")
    try:
        migrate(engine)  # an older backup comes up to this ShipDesk's schema before the swap
    except Exception as exc:
        engine.dispose()
        fresh.unlink(missing_ok=True)
        raise BackupError(f"the backup cannot be brought to this version's schema "
                          f"({type(exc).__name__})") from None
    engine.dispose()  # the last connection: SQLite folds and removes the -wal
    _fsync_file(fresh)
    kept = ""
    if target.exists():
        keep = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix or '.sqlite'}")
        try:
            os.link(target, keep)  # a second name for the old file: no copy, no gap
        except OSError:
            shutil.copy2(target, keep)
            _fsync_file(keep)
        kept = str(keep)
    os.replace(fresh, target)  # the one atomic step: the path now names the restored file
    _fsync_dir(target.parent)
    _audit_restore(url, backup, rep, key_dir, passphrase, use_keyring, operator)
    return RestoreInfo(str(target), str(backup), kept, rep)


def _audit_restore(url: str, backup: Path, rep: VerifyReport, key_dir: Path | None,
                   passphrase: str | None, use_keyring: bool, operator: str) -> None:
    try:
        ws = Workspace.open(url, passphrase=passphrase, key_dir=key_dir,
                            use_keyring=use_keyring)
    except Exception:  # noqa: BLE001 - the restore is done; the audit line is a courtesy
        return
    try:
        ws.operator = operator
        with ws.write() as s, s.begin():
            ws.audit(s, "restore", "database", ws.db_id, file=backup.name,
                     revision=rep.revision)
    finally:
        ws.close()


# ------------------------------------------------------------------------------ start of day


@dataclass
class DailyReport:
    backup: BackupInfo | None = None
    purged_orders: int = 0
    key_rotation_resumed: bool = False
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"backup": self.backup.as_dict() if self.backup else None,
                "purged_orders": self.purged_orders,
                "key_rotation_resumed": self.key_rotation_resumed, "problems": self.problems}


def daily_maintenance(ws: Workspace, *, key_place: object | None = None) -> DailyReport:
    """What a station does once it is open, off the GUI thread: the daily backup, the
    retention purge, and finishing a key rotation a crash interrupted. A failing step is
    reported in `problems` and does not stop the others."""
    from app.services import keys, privacy

    rep = DailyReport()
    try:
        rep.backup = auto_backup(ws)
    except BackupError as exc:
        rep.problems.append(str(exc))
    try:
        rep.purged_orders = privacy.purge_expired(ws).orders
    except privacy.PrivacyError as exc:
        rep.problems.append(str(exc))
    try:
        if keys.resume_needed(ws):
            keys.rotate(ws, key_place or keys.KeyPlace())  # type: ignore[arg-type]
            rep.key_rotation_resumed = True
    except keys.KeysError as exc:
        rep.problems.append(str(exc))
    return rep
