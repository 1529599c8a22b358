"""A throwaway PostgreSQL server for the tests: initdb + pg_ctl in a temp dir, on a free port.

Used by tests/integration/test_postgres*.py and test_stations*.py:

    from tests.integration.pg_fixture import pg_server, pg_url  # noqa: F401

`pg_server` is session-scoped and process-wide: however many modules import it, one
server runs, and it stops at the end of the session. `pg_url` gives each test a fresh,
empty database on it (a SQLAlchemy URL for psycopg 3).

PostgreSQL refuses to run as root: as root the server runs as the `postgres` user (made
by Debian's packages) through runuser. Outside CI a machine without the PostgreSQL
binaries or psycopg skips these tests; in CI (CI=true) that is a failure, not a skip.
Set SHIPDESK_TEST_PG to a server URL (a superuser) to use a server of your own instead.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
RUN_AS = "postgres"


def _absent(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"PostgreSQL tests cannot run in CI: {reason} "
                    "(./dev test installs Debian's postgresql package)", pytrace=False)
    pytest.skip(f"PostgreSQL not available: {reason}")


def find_pg_bin() -> Path | None:
    """The newest PostgreSQL bin directory with initdb (Debian keeps them out of PATH)."""
    env = os.environ.get("SHIPDESK_PG_BIN")
    if env:
        return Path(env)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    host: str
    port: int
    user: str
    datadir: Path | None = None
    bindir: Path | None = None
    run_as: str | None = None
    base_url: str | None = None  # SHIPDESK_TEST_PG: a server we did not start

    def url(self, dbname: str) -> str:
        if self.base_url:
            from sqlalchemy.engine import make_url

            u = make_url(self.base_url).set(drivername="postgresql+psycopg", database=dbname)
            return u.render_as_string(hide_password=False)
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def admin(self):  # noqa: ANN201
        import psycopg
        from sqlalchemy.engine import make_url

        u = make_url(self.url("postgres"))
        return psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password,
                               dbname="postgres", autocommit=True, connect_timeout=10)

    def create_database(self, name: str | None = None) -> str:
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _cmd(self, *args: str) -> list[str]:
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *args]
        return list(args)

    def start(self) -> None:
        assert self.datadir and self.bindir
        log = self.datadir.parent / "server.log"
        subprocess.run(self._cmd(str(self.bindir / "initdb"), "-D", str(self.datadir),
                                 "-U", self.user, "--auth=trust", "-E", "UTF8",
                                 "--locale=C", "--no-sync"),
                       check=True, capture_output=True, timeout=120)
        # a test server: durability off, enough connections for four stations + pools
        opts = (f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                f"-c unix_socket_directories={self.datadir} -c max_connections=100 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c shared_buffers=64MB")
        subprocess.run(self._cmd(str(self.bindir / "pg_ctl"), "-D", str(self.datadir),
                                 "-l", str(log), "-o", opts, "-w", "-t", "60", "start"),
                       check=True, capture_output=True, timeout=90)

    def watch_owner(self) -> None:
        """Stop the server and delete its folder when this test process dies, however it
        dies (a `timeout` or Ctrl-C kills pytest before any teardown or atexit runs)."""
        assert self.datadir and self.bindir
        owner = os.getpid()
        alive = f"[ -d /proc/{owner} ]" if Path("/proc/self").exists() else \
            f"kill -0 {owner} 2>/dev/null"
        script = (f"while {alive}; do sleep 2; done; "
                  f"'{self.bindir / 'pg_ctl'}' -D '{self.datadir}' -m immediate -w stop "
                  f">/dev/null 2>&1; rm -rf '{self.datadir.parent}'")
        subprocess.Popen(self._cmd("sh", "-c", script), stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)

    def stop(self) -> None:
        if self.datadir is None or not self.datadir.exists():
            return
        with contextlib.suppress(Exception):
            subprocess.run(self._cmd(str(self.bindir / "pg_ctl"), "-D", str(self.datadir),
                                     "-m", "immediate", "-w", "stop"),
                           capture_output=True, timeout=60)
        shutil.rmtree(self.datadir.parent, ignore_errors=True)
        self.datadir = None


_SERVER: PgServer | None = None
_ERROR: str | None = None


def _start_server() -> PgServer:
    global _SERVER, _ERROR
    if _SERVER is not None:
        return _SERVER
    if _ERROR is not None:
        _absent(_ERROR)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _ERROR = "psycopg is not installed (pip install -e '.[pg]')"
        _absent(_ERROR)
    base = os.environ.get("SHIPDESK_TEST_PG")
    if base:
        from sqlalchemy.engine import make_url

        u = make_url(base)
        _SERVER = PgServer(u.host or "127.0.0.1", u.port or 5432, u.username or "postgres",
                           base_url=base)
        return _SERVER
    bindir = find_pg_bin()
    if bindir is None or not (bindir / "pg_ctl").exists():
        _ERROR = "no initdb/pg_ctl found under /usr/lib/postgresql/*/bin or on PATH"
        _absent(_ERROR)
    run_as = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            _ERROR = f"running as root and there is no {RUN_AS!r} user to run the server as"
            _absent(_ERROR)
        run_as = RUN_AS
    top = Path(tempfile.mkdtemp(prefix="shipdesk-pg-"))
    datadir = top / "data"
    if run_as:
        pw = pwd.getpwnam(run_as)
        os.chown(top, pw.pw_uid, pw.pw_gid)
    server = PgServer("127.0.0.1", _free_port(), "shipdesk", datadir, bindir, run_as)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        log = top / "server.log"
        detail = (exc.stderr or b"").decode(errors="replace")[-2000:]
        if log.exists():
            detail += log.read_text(errors="replace")[-2000:]
        server.stop()
        _ERROR = f"the test server did not start: {detail}"
        pytest.fail(_ERROR, pytrace=False)  # binaries are there: this is a real failure
    atexit.register(server.stop)
    server.watch_owner()
    deadline = time.monotonic() + 30
    while True:
        try:
            server.admin().close()
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    _SERVER = server
    return server


@pytest.fixture(scope="session")
def pg_server():
    server = _start_server()
    yield server
    # every module that imported this fixture finalises it at the end of the session;
    # stopping twice is harmless
    global _SERVER
    if server.datadir is not None:
        server.stop()
        _SERVER = None


@pytest.fixture
def pg_url(pg_server):
    """A fresh empty database for one test; dropped afterwards."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    with contextlib.suppress(Exception):
        pg_server.drop_database(name)
