"""A CUPS queue by name (macOS, Linux): labels go to `lp -d QUEUE -o raw`.

Each `lp` call is one CUPS job; a label counts as sent once cupsd has accepted the job
holding it (`lp` printed "request id is …" and exited 0). The first label goes out on
its own, so the printer starts at once; later labels are grouped `batch` per job to
keep a 500-label batch from spawning 500 processes. A failed `lp` reports how many
whole labels CUPS took before, so the print job resumes after them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from app.printing.base import PrinterError, PrinterOffline

_REQUEST = re.compile(r"request id is (\S+)")


class CupsPrinter:
    """The CUPS queue `queue`; `server` is "host[:port]" or a socket path (default: the
    system's, or CUPS_SERVER); `raw` sends the bytes untouched (ZPL/TSPL); set it False
    to let CUPS filter PDF."""

    def __init__(self, queue: str, *, server: str | None = None, raw: bool = True,
                 batch: int = 10, timeout: float = 30.0, lp: str | None = None) -> None:
        if not queue or queue.startswith("-"):
            raise ValueError(f"bad CUPS queue name {queue!r}")
        self.queue = queue
        self.server = server
        self.raw = raw
        self.batch = max(1, batch)
        self.timeout = timeout
        self._lp = lp
        self._pending: list[bytes] = []
        self.labels_sent = 0
        self.job_ids: list[str] = []

    def describe(self) -> str:
        return f"cups://{self.server + '/' if self.server else ''}{self.queue}"

    def _command(self) -> list[str]:
        lp = self._lp or shutil.which("lp")
        if lp is None:
            raise PrinterError("the CUPS command `lp` is not installed (install cups-client "
                               "or cups-bsd)", self.labels_sent)
        cmd = [lp]
        if self.server:
            cmd += ["-h", self.server]
        cmd += ["-d", self.queue, "-t", "ShipDesk labels"]
        if self.raw:
            cmd += ["-o", "raw"]
        return cmd

    def _flush(self) -> None:
        if not self._pending:
            return
        data = b"".join(self._pending)
        env = dict(os.environ)
        env.setdefault("LC_ALL", "C")
        try:
            done = subprocess.run(self._command(), input=data, capture_output=True,
                                  timeout=self.timeout, env=env, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PrinterOffline(f"CUPS did not take the job for queue {self.queue} within "
                                 f"{self.timeout:g} s; is cupsd running?",
                                 self.labels_sent) from exc
        except OSError as exc:
            raise PrinterError(f"cannot run lp: {exc.strerror or exc}", self.labels_sent) from exc
        out = done.stdout.decode(errors="replace") + done.stderr.decode(errors="replace")
        if done.returncode != 0:
            raise PrinterOffline(f"CUPS refused the job for queue {self.queue}: "
                                 f"{out.strip() or done.returncode}. Check the queue name "
                                 "(lpstat -p) and that it accepts jobs.", self.labels_sent)
        m = _REQUEST.search(out)
        if m:
            self.job_ids.append(m.group(1))
        self.labels_sent += len(self._pending)
        self._pending = []

    def send_label(self, data: bytes) -> None:
        self._pending.append(data)
        if len(self._pending) >= self.batch or self.labels_sent == 0:
            self._flush()

    def close(self) -> None:
        self._flush()

    def __enter__(self) -> CupsPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
