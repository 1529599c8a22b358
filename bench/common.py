"""Helpers shared by the benchmarks: every benchmark prints one JSON object."""

from __future__ import annotations

import json
import resource
import sys
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
