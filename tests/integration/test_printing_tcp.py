"""Raw TCP 9100 printing against a real listener on 127.0.0.1 playing the printer.

The fake printer reads like a printer's network stack: it stops reading when it
"dies", so the sender fills its receive window, and what counts as arrived is every
byte TCP acknowledged (read, or waiting in its receive queue). Killing it mid-batch
must yield PrinterOffline with exactly those whole labels, and resuming must print
every label once.
"""

from __future__ import annotations

import fcntl
import re
import socket
import struct
import termios
import threading
import time
from collections.abc import Iterator

import pytest

from app.labels.tspl import iter_tspl
from app.labels.zpl import iter_zpl
from app.printing.base import PrinterError, PrinterOffline, Transport, send_labels
from app.printing.file import FileTransport
from app.printing.tcp9100 import RawTcpPrinter
from tests.unit.test_labels import make_label
from tests.unit.zpl_tspl_interp import parse_tspl, parse_zpl, render_zpl

_FORMAT = re.compile(rb"(?:~SD\d\d\n)?\^XA.*?\^XZ\n", re.S)
_WAYBILL = re.compile(rb"\^FD>;(\d+)\^FS")


def waybills(formats: list[bytes]) -> list[str]:
    """The waybill number of each ZPL format (its first barcode)."""
    return [_WAYBILL.search(f).group(1).decode() for f in formats]  # type: ignore[union-attr]


class FakePrinter:
    """A one-connection-at-a-time TCP listener that records what arrives."""

    def __init__(self, port: int = 0, kill_after: int | None = None, read: bool = True) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # a printer-sized receive buffer, so a stopped printer pushes back on the sender
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(1)
        self.sock.settimeout(10)
        self.port = self.sock.getsockname()[1]
        self.kill_after = kill_after
        self.read = read
        self.received = bytearray()
        self.first_byte = threading.Event()
        self.first_byte_at = 0.0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @property
    def labels(self) -> list[bytes]:
        return _FORMAT.findall(bytes(self.received))

    def _run(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            self.done.set()
            return
        with conn:
            if not self.read:
                self._die(conn)
                return
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                if not self.first_byte.is_set():
                    self.first_byte_at = time.perf_counter()
                    self.first_byte.set()
                self.received += chunk
                if self.kill_after is not None and len(self.labels) >= self.kill_after:
                    self._die(conn)
                    return
        self.sock.close()
        self.done.set()

    def _die(self, conn: socket.socket) -> None:
        """Stop reading until the sender has filled the window, take what TCP already
        acknowledged (peeked, so the window stays shut), then reset the connection. A
        sender that only paused (a busy machine) and sends again before the reset makes
        it wait again, so the count is what TCP acknowledged when the reset goes."""
        while True:
            last, stable_since = self._queued(conn), time.monotonic()
            while time.monotonic() - stable_since < 0.4:
                time.sleep(0.02)
                queued = self._queued(conn)
                if queued != last:
                    last, stable_since = queued, time.monotonic()
            peeked = conn.recv(last, socket.MSG_PEEK | socket.MSG_WAITALL) if last > 0 else b""
            assert len(peeked) == last
            if self._queued(conn) == last:
                break
        self.received += peeked
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
        self.sock.close()
        self.done.set()

    @staticmethod
    def _queued(conn: socket.socket) -> int:
        return struct.unpack("i", fcntl.ioctl(conn.fileno(), termios.FIONREAD, b"\0" * 4))[0]

    def wait(self) -> None:
        assert self.done.wait(15), "the fake printer did not finish"
        self.thread.join(5)


def batch(n: int, offset: int = 0) -> list:  # noqa: ANN001
    return [make_label(waybill_no=f"7812345{offset + i:07d}") for i in range(n)]


def test_batch_of_20_arrives_whole() -> None:
    labels = batch(20)
    fake = FakePrinter()
    printer = RawTcpPrinter("127.0.0.1", fake.port)
    assert isinstance(printer, Transport)
    assert printer.send(iter_zpl(labels, "76x130")) == 20
    fake.wait()
    formats = parse_zpl(bytes(fake.received))
    assert len(formats) == len(fake.labels) == 20
    assert waybills(formats) == [lab.waybill_no for lab in labels]
    assert bytes(fake.received) == b"".join(iter_zpl(labels, "76x130"))
    for f in formats[:2]:  # and they print: the barcode scans
        assert labels[0].waybill_no[:7] in {b.text[:7] for b in render_zpl(f).decode()}
    assert printer.labels_sent == 20


def test_tspl_batch_arrives_whole() -> None:
    labels = batch(5)
    fake = FakePrinter()
    assert RawTcpPrinter("127.0.0.1", fake.port).send(iter_tspl(labels, "100x150")) == 5
    fake.wait()
    assert len(parse_tspl(bytes(fake.received))) == 5


def test_first_label_goes_out_before_the_rest_are_rendered() -> None:
    fake = FakePrinter()
    labels = batch(3)

    def lazily() -> Iterator[bytes]:
        chunks = iter_zpl(labels, "76x130")
        yield next(chunks)
        # the printer must already have bytes before the second label is rendered
        assert fake.first_byte.wait(5)
        yield from chunks

    assert RawTcpPrinter("127.0.0.1", fake.port).send(lazily()) == 3
    fake.wait()
    assert len(fake.labels) == 3


@pytest.mark.parametrize("kill_after", [1, 7])
def test_printer_dies_mid_batch_then_resume_prints_each_label_once(kill_after: int) -> None:
    labels = batch(20)
    chunks = list(iter_zpl(labels, "76x130"))
    fake = FakePrinter(kill_after=kill_after)
    printer = RawTcpPrinter("127.0.0.1", fake.port, timeout=5)
    with pytest.raises(PrinterOffline) as info:
        printer.send(iter(chunks))
    fake.wait()
    sent = info.value.labels_sent
    arrived = fake.labels
    assert sent == len(arrived) >= kill_after
    assert sent < 20  # the printer really went away mid-batch
    assert f"127.0.0.1:{fake.port}" in str(info.value) and "switched on" in str(info.value)
    assert printer.labels_sent == sent

    # the printer comes back at the same address; resume after the labels it has
    back = FakePrinter(port=fake.port)
    assert printer.send(iter(chunks[sent:])) == 20 - sent
    back.wait()
    printed = waybills(arrived) + waybills(back.labels)
    assert printed == [lab.waybill_no for lab in labels]  # every label exactly once
    assert printer.labels_sent == 20


def test_printer_switched_off() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    printer = RawTcpPrinter("127.0.0.1", port, timeout=1)
    with pytest.raises(PrinterOffline) as info:
        printer.send(iter_zpl(batch(2), "76x130"))
    assert info.value.labels_sent == 0
    assert "refused" in str(info.value) and f"127.0.0.1:{port}" in str(info.value)


def test_printer_that_stops_reading_times_out() -> None:
    fake = FakePrinter(read=False)
    printer = RawTcpPrinter("127.0.0.1", fake.port, timeout=0.6)
    t0 = time.monotonic()
    with pytest.raises(PrinterOffline) as info:
        printer.send(iter_zpl(batch(40), "100x180"))
    assert time.monotonic() - t0 < 10
    assert "stopped" in str(info.value) or "dropped" in str(info.value)
    assert info.value.labels_sent < 40
    fake.wait()


def test_file_transport_and_send_labels(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "labels.zpl"
    labels = batch(4)
    transport = FileTransport(path)
    assert isinstance(transport, Transport)
    assert send_labels(transport, iter_zpl(labels, "76x130")) == 4
    assert path.read_bytes() == b"".join(iter_zpl(labels, "76x130"))
    assert transport.labels_sent == 4
    bad = FileTransport(tmp_path / "missing" / "x.zpl")
    with pytest.raises(PrinterError) as info:
        send_labels(bad, iter_zpl(labels, "76x130"))
    assert info.value.labels_sent == 0
