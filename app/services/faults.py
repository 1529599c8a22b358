"""Crash points for the crash-safety tests: die like a power cut at a chosen point.

`arm("label:n")` kills this process with SIGKILL the n-th time `crash_point(label)` is
reached (label ``any`` counts every point). Nothing is flushed, no `finally` runs, no
transaction commits: what is on disk is what a crash would leave.

Points come from three places:
- `install_sql_points()` puts one before every SQL statement and every COMMIT of any
  engine (labels ``sql`` and ``commit``): every step of a use case that touches the
  database becomes a kill point without touching the use case.
- `install_sqlite_trace_points()` puts one at every statement SQLite runs (label
  ``stmt``), which also covers raw-cursor bulk inserts.
- Explicit `crash_point("...")` calls in a service, for steps that are not SQL (a label
  written, a file renamed). They cost one dict lookup when nothing is armed.

`write_counts(FILE)` writes how many times each label was reached, so a test can learn
how many points an operation has. Production never arms a point; the module is inert
then.
"""

from __future__ import annotations

import json
import os
import signal
from collections import Counter

_counts: Counter[str] = Counter()
_armed: tuple[str, int] | None = None
_sql_installed = False


def arm(spec: str | None) -> None:
    """Arm ``label:n`` (n ≥ 1); None or "" disarms. Counting restarts from zero."""
    global _armed
    _counts.clear()
    if not spec:
        _armed = None
        return
    label, _, n = spec.rpartition(":")
    if not label or not n.isdigit() or int(n) < 1:
        raise ValueError(f"a crash point must look like label:n, not {spec!r}")
    _armed = (label, int(n))


def counts() -> dict[str, int]:
    return dict(_counts)


def write_counts(path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(counts(), f)


def _die() -> None:
    if hasattr(signal, "SIGKILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(137)  # no SIGKILL (Windows): leave at once all the same


def crash_point(label: str) -> None:
    """Reached a step named `label`: die here if this is the armed point."""
    _counts[label] += 1
    _counts["any"] += 1
    if _armed is None:
        return
    want, n = _armed
    if (want == label and _counts[label] == n) or (want == "any" and _counts["any"] == n):
        _die()


def install_sql_points() -> None:
    """A crash point before every SQL statement and every COMMIT, on every engine."""
    global _sql_installed
    if _sql_installed:
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def before_execute(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001, PLR0913
        crash_point("sql")

    def before_commit(conn):  # noqa: ANN001
        crash_point("commit")

    event.listen(Engine, "before_cursor_execute", before_execute)
    event.listen(Engine, "commit", before_commit)
    _sql_installed = True


_trace_installed = False


def install_sqlite_trace_points() -> None:
    """A crash point (label ``stmt``) at every statement SQLite itself runs, on every new
    SQLite connection: also the rows of a raw `executemany` and BEGIN/COMMIT/ROLLBACK
    that bypass SQLAlchemy's events."""
    global _trace_installed
    if _trace_installed:
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def on_connect(dbapi_conn, _record):  # noqa: ANN001
        if hasattr(dbapi_conn, "set_trace_callback"):
            dbapi_conn.set_trace_callback(lambda _stmt: crash_point("stmt"))

    event.listen(Engine, "connect", on_connect)
    _trace_installed = True
