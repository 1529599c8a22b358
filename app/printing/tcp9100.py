"""Raw TCP port 9100 ("JetDirect") printing: the label bytes, nothing else.

Networked label printers (Zebra, TSC, Xprinter, HPRT ...) print whatever arrives on
port 9100. There is no job protocol and no acknowledgement, so this transport
counts what the printer really received from TCP itself: after each label it asks
the kernel how many sent bytes the printer has not acknowledged yet (Linux
TIOCOUTQ, macOS SO_NWRITE), and when the connection breaks it reports how many
*whole* labels the printer had acknowledged. Resuming the batch from there prints
every label once; bytes of a label cut off half-way are a partial format that the
printer discards when the next one starts. On systems without such a counter
(Windows) a label counts as sent once the OS has taken all its bytes.
"""

from __future__ import annotations

import bisect
import contextlib
import socket
import struct
import sys
import time
from collections.abc import Iterable

from app.printing.base import PrinterOffline

try:  # Linux: bytes in the send queue not yet acknowledged by the peer
    import fcntl
    import termios

    _TIOCOUTQ: int | None = termios.TIOCOUTQ
except (ImportError, AttributeError):  # pragma: no cover - Windows
    _TIOCOUTQ = None
_SO_NWRITE = 0x1024  # macOS getsockopt: bytes not yet acknowledged


def _unacknowledged(sock: socket.socket) -> int | None:
    """Bytes written to `sock` that the peer has not acknowledged, or None if unknown.
    Still readable after the peer reset the connection, until the socket is closed."""
    try:
        if sys.platform.startswith("linux") and _TIOCOUTQ is not None:
            buf = fcntl.ioctl(sock.fileno(), _TIOCOUTQ, b"\0\0\0\0")
            return int(struct.unpack("i", buf)[0])
        if sys.platform == "darwin":
            return int(sock.getsockopt(socket.SOL_SOCKET, _SO_NWRITE))
    except OSError:
        return None
    return None


def _reset(sock: socket.socket) -> bool:
    """Whether the peer has reset the connection (a printer switched off or restarted)."""
    try:
        return sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0
    except OSError:
        return True


class RawTcpPrinter:
    """A printer on `host`:`port` taking raw ZPL/TSPL; `timeout` is how long (seconds)
    a connection attempt or a stalled transfer may last before the printer is
    declared offline."""

    def __init__(self, host: str, port: int = 9100, timeout: float = 5.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self._sock: socket.socket | None = None
        self._done = 0  # labels confirmed on earlier connections
        # the current connection:
        self._written = 0  # bytes the OS has taken
        self._ends: list[int] = []  # byte offset at the end of each label
        self._acked = 0  # bytes the printer has acknowledged

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    # ------------------------------------------------------------------ accounting

    @property
    def labels_sent(self) -> int:
        """Whole labels the printer has acknowledged since this object was made (or the
        OS has taken, where acknowledgements cannot be read)."""
        self._refresh()
        return self._done + bisect.bisect_right(self._ends, self._acked)

    def _refresh(self) -> None:
        if self._sock is None:
            return
        unacked = _unacknowledged(self._sock)
        acked = self._written if unacked is None else self._written - unacked
        self._acked = max(self._acked, min(acked, self._written))

    def _offline(self, why: str, exc: BaseException | None = None) -> PrinterOffline:
        sent = self.labels_sent
        self._drop()
        err = PrinterOffline(
            f"printer {self.address} {why}. Check that the printer is switched on, online "
            f"and has paper, and that {self.host} is its address (print its network "
            f"configuration page); then resume: {sent} label(s) of this job reached it.",
            sent,
        )
        err.__cause__ = exc
        return err

    def _drop(self) -> None:
        """Forget the connection; labels cut off on it count as not sent."""
        self._done = self.labels_sent
        self._written, self._ends, self._acked = 0, [], 0
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.close()

    # ------------------------------------------------------------------ sending

    def _connect(self) -> socket.socket:
        if self._sock is None:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
            except ConnectionRefusedError as exc:
                raise self._offline("refused the connection", exc) from exc
            except TimeoutError as exc:
                raise self._offline(f"did not answer within {self.timeout:g} s", exc) from exc
            except OSError as exc:
                raise self._offline(f"cannot be reached ({exc.strerror or exc})", exc) from exc
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sock = sock
        return self._sock

    def send_label(self, data: bytes) -> None:
        """Send one label's bytes; blocks while the printer's buffer is full."""
        sock = self._connect()
        view = memoryview(data)
        try:
            while view:
                n = sock.send(view)
                self._written += n
                view = view[n:]
        except TimeoutError as exc:
            raise self._offline(f"stopped taking data for {self.timeout:g} s", exc) from exc
        except OSError as exc:
            raise self._offline(f"dropped the connection ({exc.strerror or exc})", exc) from exc
        self._ends.append(self._written)
        self._refresh()

    def send(self, chunks: Iterable[bytes]) -> int:
        """Send every chunk (one label each, a generator is fine: the first label goes out
        before the next is rendered), wait until the printer has acknowledged all of
        them, and return how many labels were sent. Raises PrinterOffline whose
        `labels_sent` counts the labels of this call the printer received."""
        start = self.labels_sent
        count = 0
        try:
            for chunk in chunks:
                self.send_label(chunk)
                count += 1
            self.close()
        except PrinterOffline as err:
            err.labels_sent -= start
            raise
        return count

    def close(self) -> None:
        """Wait until the printer has acknowledged every byte, then disconnect."""
        sock = self._sock
        if sock is None:
            return
        last, deadline, pause = self._acked, time.monotonic() + self.timeout, 0.0005
        while True:
            self._refresh()
            unacked = _unacknowledged(sock)
            if unacked is None or unacked <= 0:
                break
            if _reset(sock):
                raise self._offline("dropped the connection")
            if self._acked > last:
                last, deadline = self._acked, time.monotonic() + self.timeout
            elif time.monotonic() > deadline:
                raise self._offline(f"stopped acknowledging data for {self.timeout:g} s")
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        self._drop()  # everything acknowledged: every label counts

    def __enter__(self) -> RawTcpPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None:
            self.close()
        else:
            self._drop()
