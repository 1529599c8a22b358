"""Helpers shared by the benchmarks: every benchmark prints one JSON object."""

from __future__ import annotations

import json
import resource
import socket
import sys
import threading
import time
from collections.abc import Callable


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024, 1)


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds, result)."""
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - w0, time.process_time() - c0, result


def emit(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False))


class OneShotPrinter:
    """A TCP 9100 "printer" on 127.0.0.1 for one connection: notes when the first byte
    arrives (perf_counter) and counts what it reads to the end."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.first_byte_at = 0.0
        self.total = 0
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        conn, _ = self.sock.accept()
        with conn:
            while chunk := conn.recv(1 << 16):
                if not self.total:
                    self.first_byte_at = time.perf_counter()
                self.total += len(chunk)
        self.sock.close()
