"""Engines, sessions and migrations.

SQLite gets WAL, busy_timeout and foreign keys. PostgreSQL (several stations on one
server) gets psycopg 3, a small pool that checks connections before use, a name in
pg_stat_activity, and migrations serialised by an advisory lock so stations starting at
once do not race.
"""

from __future__ import annotations

import functools
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, unquote

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

DB_ENV = "SHIPDESK_DB"
MIGRATIONS = Path(__file__).with_name("migrations")
#: pg_advisory_xact_lock key that serialises schema upgrades (any constant; "SHIPDESK")
MIGRATE_LOCK = 0x5348495044455348
APPLICATION_NAME = "shipdesk"


def data_dir() -> Path:
    return Path(os.environ.get("SHIPDESK_HOME") or user_data_dir("ShipDesk", "ShipDesk"))


def resolve_url(db: str | None) -> str:
    """A path or a SQLAlchemy URL; default the user data directory."""
    db = db or os.environ.get(DB_ENV)
    if not db:
        path = data_dir() / "shipdesk.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" in db:
        return normalise_url(db)
    path = Path(db).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def station_name() -> str:
    """This station as other stations see it: SHIPDESK_STATION, else the host name.

    Percent-encoded: PostgreSQL keeps only ASCII in application_name (打包台2 would
    arrive as ?????????2); `station_from_application_name` reads it back.
    """
    name = os.environ.get("SHIPDESK_STATION") or socket.gethostname() or "station"
    return f"{APPLICATION_NAME}@{quote(name, safe='')}"


def station_from_application_name(value: str) -> str:
    return unquote(value.partition("@")[2]) or value


def normalise_url(url: str | URL) -> str:
    """`postgresql://…` (and `postgres://…`) mean psycopg 3, the driver ShipDesk ships.
    Any other URL is returned as given."""
    u = make_url(url) if isinstance(url, str) else url
    if u.drivername in ("postgresql", "postgres"):
        return u.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url if isinstance(url, str) else u.render_as_string(hide_password=False)


def safe_url(url: str | URL) -> str:
    """The URL for messages and logs: the password hidden."""
    return make_url(url).render_as_string(hide_password=True) if isinstance(url, str) \
        else url.render_as_string(hide_password=True)


def _sqlite_connect(dbapi_conn, _record) -> None:  # noqa: ANN001
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    # pysqlite's own implicit BEGIN is off: SQLAlchemy's "begin" event issues it, so a
    # write transaction can take the lock up front (BEGIN IMMEDIATE) and wait busy_timeout
    # for it instead of failing on upgrade.
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn) -> None:  # noqa: ANN001
    immediate = conn.get_execution_options().get("sqlite_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    u = make_url(normalise_url(url))
    if u.get_backend_name() == "sqlite":
        engine = create_engine(u, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if u.get_backend_name() == "postgresql":
        connect_args: dict[str, object] = {"connect_timeout": 10}
        if "application_name" not in u.query:
            # pg_stat_activity then shows which station holds which connection
            connect_args["application_name"] = station_name()[:63]
        return create_engine(
            u,
            # a station needs few connections (the GUI thread, a worker or two, the change
            # watcher has its own): 4 stations x 8 stays far below max_connections=100
            pool_size=4,
            max_overflow=4,
            pool_timeout=30,
            pool_pre_ping=True,  # the server restarted or a NAT dropped an idle connection
            pool_recycle=1800,
            connect_args=connect_args,
        )
    return create_engine(u, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


_REVISION = re.compile(r"^revision\s*(?::[^=\n]+)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]+)?=\s*(.+)$", re.M)


@functools.cache
def script_heads() -> frozenset[str] | None:
    """The newest revisions in migrations/versions, read without importing Alembic.

    Importing Alembic costs about half a second at every start; most starts find the
    schema current. None when a revision file cannot be read this simply (then Alembic
    decides, as always).
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        files = list((MIGRATIONS / "versions").glob("*.py"))
        for f in files:
            src = f.read_text(encoding="utf-8")
            rev, down = _REVISION.search(src), _DOWN_REVISION.search(src)
            if rev is None or down is None:
                return None
            revisions.add(rev.group(1))
            parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    except OSError:
        return None
    return frozenset(revisions - parents) or None


def _is_current(engine: Engine) -> bool:
    heads = script_heads()
    if heads is None:
        return False
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return False
        if frozenset(conn.scalars(text("SELECT version_num FROM alembic_version"))) != heads:
            return False
        return not is_postgres(engine) or _pg_triggers_complete(conn)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (at once when it is there already)."""
    if _is_current(engine):
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if is_postgres(engine):
            # DDL is transactional on PostgreSQL: the second station to start waits here,
            # then finds the schema current and does nothing
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
        if is_postgres(engine):
            install_pg_change_triggers(conn)


#: NOTIFY channel and change counter that stations watch (see app/services/stations.py)
CHANGE_CHANNEL = "shipdesk_changes"
CHANGE_SEQUENCE = "shipdesk_change_seq"
_CHANGE_FUNCTION = "shipdesk_notify_change_v1"
#: tables whose writes are not news for another station's screen
_UNWATCHED = {"audit_log", "alembic_version"}


def watched_tables(conn: Connection) -> list[str]:
    """Every table of the database but the unwatched: whatever model module made it."""
    return sorted(t for t in inspect(conn).get_table_names() if t not in _UNWATCHED)


_TRIGGERED_TABLES = text(
    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "WHERE t.tgname = :n AND c.relnamespace = to_regnamespace(current_schema())::oid")


def _pg_triggers_complete(conn: Connection) -> bool:
    present = set(conn.scalars(_TRIGGERED_TABLES, {"n": f"{CHANGE_CHANNEL}_trg"}))
    return set(watched_tables(conn)) <= present


def install_pg_change_triggers(conn: Connection) -> None:
    """Statement triggers that NOTIFY the table name and bump a change counter.

    Any writer (a station, a script, psql) is seen. Payloads are the bare table name, so
    PostgreSQL folds the notices of one transaction into one per table, delivered at
    commit. Only what is missing is created: a station starting never takes locks on
    tables other stations are writing to.
    """
    conn.execute(text(f"CREATE SEQUENCE IF NOT EXISTS {CHANGE_SEQUENCE}"))
    has_fn = conn.scalar(text("SELECT count(*) FROM pg_proc WHERE proname = :n"),
                         {"n": _CHANGE_FUNCTION})
    if not has_fn:
        conn.execute(text(f"""
            CREATE OR REPLACE FUNCTION {_CHANGE_FUNCTION}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM nextval('{CHANGE_SEQUENCE}');
                PERFORM pg_notify('{CHANGE_CHANNEL}', TG_TABLE_NAME);
                RETURN NULL;
            END $$"""))
    present = set(conn.scalars(_TRIGGERED_TABLES, {"n": f"{CHANGE_CHANNEL}_trg"}))
    for table in watched_tables(conn):
        if table not in present:
            conn.execute(text(
                f'CREATE TRIGGER {CHANGE_CHANNEL}_trg AFTER INSERT OR UPDATE OR DELETE '
                f'OR TRUNCATE ON "{table}" FOR EACH STATEMENT '
                f"EXECUTE FUNCTION {_CHANGE_FUNCTION}()"))


def session_factory(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    """Write sessions take SQLite's write lock at BEGIN, so two stations queue, not fail."""
    bind = engine.execution_options(sqlite_immediate=True) if write else engine
    return sessionmaker(bind, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session, session.begin():
        yield session
