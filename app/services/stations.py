"""Several stations on one database: change notices, the key, moving to PostgreSQL.

- `ChangeWatcher`: what changed since the last look, for a screen to refresh. On
  PostgreSQL every write fires a statement trigger (installed by `migrate`) that
  NOTIFYs the table's name and bumps a change counter; the watcher LISTENs on its own
  connection, or polls the counter where LISTEN is not available (a pooler in
  transaction mode). On SQLite it polls `PRAGMA data_version`, which moves when any
  other connection (another window, process or station on the share) commits.
  The UI calls `poll()` from a timer (every 1–2 s); it never blocks.
- `export_key` / `import_key`: a passphrase-protected key file carries a database's key
  from the station that has it to the others (keys live per machine, by db_id).
- `migrate_database`: a single-desk SQLite database moved into PostgreSQL, the key
  along with it (same db_id and key check, so the same key opens the target).
- `connected_stations`: who is connected to the PostgreSQL server now.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url

from app.services.workspace import Workspace, WorkspaceError
from app.store import keys
from app.store.crypto import FieldCipher
from app.store.db import (
    APPLICATION_NAME,
    CHANGE_CHANNEL,
    CHANGE_SEQUENCE,
    data_dir,
    is_postgres,
    make_engine,
    migrate,
    resolve_url,
    safe_url,
    station_from_application_name,
    station_name,
)
from app.store.models import Meta
from app.store.transfer import TransferError, TransferSummary, copy_database

#: where `shipdesk db export-key/import-key` read the key file's passphrase from
EXPORT_PASSPHRASE_ENV = "SHIPDESK_KEY_EXPORT_PASSPHRASE"


class StationsError(Exception):
    """The operation cannot be done; the message says what to do."""


# ---------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class Changes:
    """Tables written since the last look. `everything`: which ones is not known (SQLite,
    the counter fallback, or notices missed while the connection was down)."""

    tables: frozenset[str] = frozenset()
    everything: bool = False

    def touches(self, *names: str) -> bool:
        return self.everything or bool(self.tables.intersection(names))


class ChangeWatcher:
    """Tells a station what other stations (and its own workers) changed.

    `poll()` returns at once: a `Changes`, or None when nothing changed. `wait(timeout)`
    blocks up to `timeout` seconds (for a worker thread or a script). One watcher holds
    one connection of its own; `close()` it when the window closes.
    """

    def __init__(self, engine: Engine, *, mode: str = "auto",
                 reconnect_every: float = 5.0) -> None:
        if mode not in ("auto", "listen", "poll"):
            raise ValueError("mode is auto, listen or poll")
        self._engine = engine
        self._pg = is_postgres(engine)
        self.mode = ("listen" if self._pg else "poll") if mode == "auto" else mode
        if self.mode == "listen" and not self._pg:
            raise ValueError("LISTEN needs PostgreSQL")
        self._reconnect_every = reconnect_every
        self._conn = None  # the DBAPI connection (psycopg or sqlite3), outside the pool
        self._last: object = None
        self._next_try = 0.0
        self._lost = False
        self._connect()

    # connection ----------------------------------------------------------------------
    def _connect(self) -> None:
        proxied = self._engine.raw_connection()
        conn = proxied.driver_connection
        proxied.detach()  # ours alone: never handed back to the pool
        if self._pg:
            conn.rollback()
            conn.autocommit = True
            if self.mode == "listen":
                conn.execute(f"LISTEN {CHANGE_CHANNEL}")
        self._conn = conn
        self._last = self._marker()

    def _marker(self) -> object:
        if not self._pg:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]
        if self.mode == "poll":
            return self._conn.execute(
                f"SELECT last_value, is_called FROM {CHANGE_SEQUENCE}").fetchone()
        return None

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):  # already broken
                conn.close()
        self._lost = True
        self._next_try = time.monotonic() + self._reconnect_every

    def _revive(self) -> bool:
        if self._conn is not None:
            return True
        if time.monotonic() < self._next_try:
            return False
        try:
            self._connect()
        except Exception:
            self._next_try = time.monotonic() + self._reconnect_every
            return False
        return True

    # looking -------------------------------------------------------------------------
    def _collect(self, timeout: float) -> Changes | None:
        if not self._revive():
            return None
        if self._lost:  # notices may have been missed while the connection was down
            self._lost = False
            return Changes(everything=True)
        try:
            if self.mode == "listen":
                names: set[str] = set()
                for n in self._conn.notifies(timeout=timeout, stop_after=1):
                    names.add(n.payload)
                if names:  # take whatever else arrived with it, without waiting
                    names.update(n.payload for n in self._conn.notifies(timeout=0))
                return Changes(frozenset(names)) if names else None
            deadline = time.monotonic() + timeout
            while True:
                marker = self._marker()
                if marker != self._last:
                    self._last = marker
                    return Changes(everything=True)
                if time.monotonic() >= deadline:
                    return None
                time.sleep(min(0.25, max(0.0, deadline - time.monotonic())))
        except Exception:
            self._drop()
            return None

    def poll(self) -> Changes | None:
        """What changed since the last call; returns at once."""
        return self._collect(0.0)

    def wait(self, timeout: float) -> Changes | None:
        """Block until something changes or `timeout` seconds pass."""
        return self._collect(timeout)

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def __enter__(self) -> ChangeWatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def this_station() -> str:
    """This desk's name as the other stations see it (SHIPDESK_STATION, else the host)."""
    return station_name()


def watch_changes(ws: Workspace, *, mode: str = "auto") -> ChangeWatcher:
    """A watcher on this workspace's database (see ChangeWatcher)."""
    return ChangeWatcher(ws.engine, mode=mode)


def connected_stations(ws: Workspace) -> list[dict[str, object]]:
    """ShipDesk connections to this PostgreSQL database now: [{"station", "connections",
    "since"}]. On SQLite, an empty list (it cannot tell)."""
    if not is_postgres(ws.engine):
        return []
    with ws.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT application_name, count(*), min(backend_start) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name LIKE :p "
            "GROUP BY application_name ORDER BY application_name"),
            {"p": f"{APPLICATION_NAME}%"}).all()
    return [{"station": station_from_application_name(name), "connections": n,
             "since": since.isoformat() if since else None} for name, n, since in rows]


# ---------------------------------------------------------------------------- the key


def _meta(engine: Engine) -> tuple[str, str]:
    with engine.connect() as conn:
        try:
            rows = dict(conn.execute(select(Meta.key, Meta.value).where(
                Meta.key.in_(("db_id", "key_check")))).all())
        except Exception as exc:
            raise StationsError(f"this is not a ShipDesk database ({type(exc).__name__})") \
                from None
    if "db_id" not in rows or "key_check" not in rows:
        raise StationsError("this database has no key yet: open it once with ShipDesk on "
                            "the first station, or copy a database into it")
    return rows["db_id"], rows["key_check"]


def _key_of(ws: Workspace, *, passphrase: str | None, key_dir: Path | None,
            use_keyring: bool) -> bytes:
    key = keys.load_key(ws.db_id, key_dir or data_dir() / "keys", passphrase, create=False,
                        use_keyring=use_keyring)
    if FieldCipher(key).check_value != ws.cipher.check_value:
        raise StationsError("the key found here does not open this database")
    return key


def export_key(db: str | None, out: str | Path, export_passphrase: str, *,
               passphrase: str | None = None, key_dir: Path | None = None,
               use_keyring: bool = True) -> str:
    """Write this database's key to `out`, protected by `export_passphrase`; returns db_id.

    Give the file (and, separately, its passphrase) to the other stations; keep a copy
    with the backups. Without the key no backup of the database can be read.
    """
    if not export_passphrase:
        raise StationsError("the key file needs a passphrase")
    try:
        ws = Workspace.open(db, passphrase=passphrase, key_dir=key_dir, use_keyring=use_keyring)
    except WorkspaceError as exc:
        raise StationsError(str(exc)) from None
    try:
        key = _key_of(ws, passphrase=passphrase, key_dir=key_dir, use_keyring=use_keyring)
        keys.write_key_file(Path(out), key, export_passphrase)
        with ws.write() as s, s.begin():
            ws.audit(s, "key_export", "database", ws.db_id)
        return ws.db_id
    finally:
        ws.close()


def import_key(db: str | None, path: str | Path, file_passphrase: str, *,
               passphrase: str | None = None, key_dir: Path | None = None,
               use_keyring: bool = True) -> dict[str, str]:
    """Keep the key from a key file for this database on this machine.

    The key must be the one that opens `db` (checked against the database's key check).
    It goes to the OS keyring, or else to a key file in the data directory protected by
    `passphrase` (or SHIPDESK_KEY_PASSPHRASE). Returns {"db_id", "stored_in"}.
    """
    url = resolve_url(db)
    engine = make_engine(url)
    try:
        db_id, check = _meta(engine)
    finally:
        engine.dispose()
    try:
        key = keys.read_key_file(Path(path), file_passphrase)
    except keys.KeyError_ as exc:
        raise StationsError(str(exc)) from None
    if FieldCipher(key).check_value != check:
        raise StationsError(f"the key in {path} is not this database's key "
                            f"(database {db_id} at {safe_url(url)})")
    folder = key_dir or data_dir() / "keys"
    store = getattr(keys, "store_key", None)  # public since key rotation (issue 8)
    if store is not None:
        try:
            return {"db_id": db_id, "stored_in": store(db_id, key, folder, passphrase,
                                                       use_keyring=use_keyring)}
        except keys.KeyError_ as exc:
            raise StationsError(str(exc)) from None
    if use_keyring and keys._keyring_set(db_id, key):  # noqa: SLF001
        return {"db_id": db_id, "stored_in": "keyring"}
    target = folder / f"{db_id}.key"
    own = passphrase if passphrase is not None else os.environ.get(keys.PASSPHRASE_ENV)
    if not own:
        raise StationsError(f"no OS keyring here: set {keys.PASSPHRASE_ENV} to protect the "
                            f"key file {target}")
    keys.write_key_file(target, key, own)
    return {"db_id": db_id, "stored_in": str(target)}


# ------------------------------------------------------------------------- migrating


@dataclass
class MigrateSummary:
    source: str
    target: str
    db_id: str = ""
    copied: TransferSummary = field(default_factory=TransferSummary)
    key_file: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "target": self.target, "db_id": self.db_id,
                "rows": self.copied.rows, "tables": self.copied.tables,
                "revision": self.copied.revision, "key_file": self.key_file,
                "same_key": True}


def migrate_database(source: str | None, target: str, *, passphrase: str | None = None,
                     key_dir: Path | None = None, use_keyring: bool = True,
                     export_to: str | Path | None = None, export_passphrase: str = "",
                     progress: Callable[[int, int], None] | None = None) -> MigrateSummary:
    """Move a database (normally the desk's SQLite file) into an empty PostgreSQL database.

    The source is opened with its key first (so nothing is moved that this station
    cannot read), copied row for row, and the target is then opened with the same key
    as proof. The source is left as it was; close ShipDesk on this desk meanwhile.
    `export_to` also writes the key file the other stations need.
    """
    src_url, dst_url = resolve_url(source), resolve_url(target)
    src_u = make_url(src_url)
    if src_u.get_backend_name() == "sqlite" and not Path(src_u.database or "").exists():
        raise StationsError(f"there is no database at {src_u.database}")
    if src_url == dst_url:
        raise StationsError("the source and the target are the same database")
    summary = MigrateSummary(safe_url(src_url), safe_url(dst_url))
    opened = dict(passphrase=passphrase, key_dir=key_dir, use_keyring=use_keyring)
    try:
        ws = Workspace.open(src_url, **opened)
    except WorkspaceError as exc:
        raise StationsError(f"cannot open the source: {exc}") from None
    try:
        summary.db_id = ws.db_id
        dst = make_engine(dst_url)
        try:
            try:
                migrate(dst)
            except Exception as exc:
                raise StationsError(f"cannot reach or prepare the target {safe_url(dst_url)}: "
                                    f"{type(exc).__name__}: {exc}") from None
            try:
                summary.copied = copy_database(ws.engine, dst, progress=progress)
            except TransferError as exc:
                raise StationsError(str(exc)) from None
        finally:
            dst.dispose()
        with ws.write() as s, s.begin():
            ws.audit(s, "db_migrate", "database", ws.db_id, rows=summary.copied.rows)
    finally:
        ws.close()
    try:
        check = Workspace.open(dst_url, **opened)
    except WorkspaceError as exc:
        raise StationsError(f"copied, but the target does not open with the key: {exc}") \
            from None
    check.close()
    if export_to:
        export_key(dst_url, export_to, export_passphrase, **opened)
        summary.key_file = str(export_to)
    return summary
