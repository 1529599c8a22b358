"""Counting fuzz cases (no tests here): `@counted("group")` under `@given` counts each run.

At exit the counts are printed, and written (merged) to SHIPDESK_FUZZ_SUMMARY when set.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
from collections import Counter

COUNTS: Counter[str] = Counter()

#: SHIPDESK_FUZZ_SCALE=N runs every fuzz test with N times its usual number of examples
#: (a longer hunt before a release; the default keeps the suite quick)
try:
    SCALE = max(1, int(os.environ.get("SHIPDESK_FUZZ_SCALE", "1")))
except ValueError:
    SCALE = 1


def examples(n: int) -> int:
    """``n`` hypothesis examples, times SHIPDESK_FUZZ_SCALE."""
    return n * SCALE


def counted(group: str):  # noqa: ANN201
    def wrap(fn):  # noqa: ANN001, ANN202
        @functools.wraps(fn)
        def run(*a, **k):  # noqa: ANN002, ANN003, ANN202
            COUNTS[group] += 1
            return fn(*a, **k)

        return run

    return wrap


@atexit.register
def _report() -> None:
    if not COUNTS:
        return
    path = os.environ.get("SHIPDESK_FUZZ_SUMMARY")
    if path:
        old: dict[str, int] = {}
        with contextlib.suppress(OSError, ValueError), open(path, encoding="utf-8") as f:
            old = json.load(f)
        for k, v in COUNTS.items():
            old[k] = old.get(k, 0) + v
        with open(path, "w", encoding="utf-8") as f:
            json.dump(old, f, indent=1)
