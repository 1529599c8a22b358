"""Engines, sessions and migrations. SQLite gets WAL, busy_timeout and foreign keys."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DB_ENV = "SHIPDESK_DB"
MIGRATIONS = Path(__file__).with_name("migrations")


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
        return db
    path = Path(db).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


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
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def session_factory(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    """Write sessions take SQLite's write lock at BEGIN, so two stations queue, not fail."""
    bind = engine.execution_options(sqlite_immediate=True) if write else engine
    return sessionmaker(bind, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    with factory() as session, session.begin():
        yield session
