"""Copy a whole database to another one, row for row: SQLite → PostgreSQL and back.

Every table of the schema is copied with its ids, in foreign-key order, in one
transaction on the target (all or nothing) from one consistent read of the source. The
`meta` rows come along, so the target keeps the source's `db_id` and `key_check`: the
key that opened the source opens the target. Personal data stays ciphertext throughout.

The target must be empty (a fresh database with the schema, or none at all). Values
PostgreSQL would refuse (text longer than its column, NUL characters; SQLite accepts
both) are reported by table, column and row id before anything is written.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    func,
    inspect,
    select,
    text,
)

from app.store.db import is_postgres
from app.store.models import Base

BATCH = 2000
Progress = Callable[[int, int], None]  # (rows copied, rows in all)


class TransferError(Exception):
    """The copy cannot be made; the message says why. Nothing was written."""


@dataclass
class TransferSummary:
    tables: dict[str, int] = field(default_factory=dict)
    revision: str = ""

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def as_dict(self) -> dict[str, object]:
        return {"tables": self.tables, "rows": self.rows, "revision": self.revision}


_SKIP = {"alembic_version", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"}


def _load_models() -> None:
    """Import every app.store.models* module, so Base.metadata knows every table."""
    import app.store as store

    for mod in pkgutil.iter_modules(store.__path__):
        if mod.name.startswith("models"):
            importlib.import_module(f"app.store.{mod.name}")


def tables(conn: Connection | None = None) -> list[Table]:
    """Every table of the schema, parents before children. With `conn`, also the tables
    that database has and no loaded model declares (reflected, copied last), so a table
    added by a newer module is never left behind."""
    _load_models()
    known = list(Base.metadata.sorted_tables)
    if conn is None:
        return known
    names = {t.name for t in known}
    extra = sorted(n for n in inspect(conn).get_table_names()
                   if n not in names and n not in _SKIP)
    if not extra:
        return known
    meta = MetaData()
    meta.reflect(conn, only=extra)
    return known + [t for t in meta.sorted_tables if t.name in extra]


def revision(conn: Connection) -> str:
    try:
        heads = sorted(conn.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception:
        return ""
    return ",".join(heads)


def is_empty(conn: Connection) -> bool:
    return all(conn.execute(select(t).limit(1)).first() is None for t in tables())


def _rows(conn: Connection, table: Table) -> Iterator[list[dict]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    for part in result.partitions(BATCH):
        yield [dict(r._mapping) for r in part]


def check_values(conn: Connection, *, limit: int = 20) -> list[str]:
    """What PostgreSQL would refuse in this SQLite database: too long, or NUL chars."""
    problems: list[str] = []
    for table in tables(conn):
        pk = next(iter(table.primary_key.columns), None)
        for col in table.columns:
            if not isinstance(col.type, String):
                continue
            conds = [func.instr(col, "\x00") > 0]  # LIKE would stop at the NUL
            if col.type.length:
                conds.append(func.length(col) > col.type.length)
            for cond in conds:
                stmt = select(pk if pk is not None else col).where(cond).limit(limit)
                for (key,) in conn.execute(stmt):
                    what = "contains a NUL character" if cond is conds[0] else \
                        f"is longer than {col.type.length} characters"
                    problems.append(f"{table.name}.{col.name} (row {key}) {what}")
                    if len(problems) >= limit:
                        return problems
    return problems


def _reset_sequences(conn: Connection, todo: list[Table]) -> None:
    """PostgreSQL's SERIAL counters start above the ids that came along."""
    for table in todo:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        seq = conn.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                          {"t": table.name, "c": pk[0].name})
        if seq:
            conn.execute(text(
                f'SELECT setval(:s, COALESCE((SELECT MAX("{pk[0].name}") FROM "{table.name}"), 0) + 1, false)'),
                {"s": seq})


def copy_database(src: Engine, dst: Engine, *, progress: Progress | None = None,
                  allow_nonempty: bool = False) -> TransferSummary:
    """Copy every row of `src` into `dst`; both must already be at the same schema revision
    (run app.store.db.migrate on both first)."""
    summary = TransferSummary()
    with src.connect() as sconn, sconn.begin():
        # one read transaction: on SQLite (WAL) a snapshot taken at the first read, on
        # PostgreSQL raise to REPEATABLE READ so every table is read at the same instant
        if is_postgres(src):
            sconn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        rev = revision(sconn)
        todo = tables(sconn)
        counts = {t.name: sconn.scalar(select(func.count()).select_from(t)) for t in todo}
        total = sum(counts.values())
        if is_postgres(dst) and sconn.dialect.name == "sqlite":
            problems = check_values(sconn)
            if problems:
                raise TransferError(
                    "these values would not fit in PostgreSQL; fix or shorten them first:\n  "
                    + "\n  ".join(problems))
        with dst.connect() as dconn, dconn.begin():
            drev = revision(dconn)
            if rev != drev:
                raise TransferError(
                    f"schema revisions differ (source {rev or 'none'}, target {drev or 'none'}):"
                    " upgrade both to the same ShipDesk version first")
            if not allow_nonempty and not is_empty(dconn):
                raise TransferError(
                    "the target database is not empty: copy into a new, empty database")
            done = 0
            for table in todo:
                n = 0
                for rows in _rows(sconn, table):
                    dconn.execute(table.insert(), rows)
                    n += len(rows)
                    done += len(rows)
                    if progress:
                        progress(done, total)
                summary.tables[table.name] = n
            if is_postgres(dst):
                _reset_sequences(dconn, todo)
            for table in todo:
                got = dconn.scalar(select(func.count()).select_from(table))
                if got != counts[table.name]:
                    raise TransferError(
                        f"{table.name}: {got} rows arrived of {counts[table.name]}; nothing kept")
    summary.revision = rev
    return summary
