"""Aware datetimes in China time: exports carry naive local times, APIs carry epochs.

Every datetime this module returns is timezone-aware in Asia/Shanghai, so ship-by
deadlines and cut-off times compare correctly whatever the desk computer's zone is.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "SHANGHAI",
    "ensure_aware",
    "from_utc",
    "now",
    "parse_local",
    "to_local",
    "to_utc",
]


def _shanghai() -> tzinfo:
    try:
        return ZoneInfo("Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        # Windows has no system tz database unless the tzdata package is bundled; China has
        # kept UTC+8 without DST since 1991, so a fixed offset is right for any order date.
        return timezone(timedelta(hours=8), "Asia/Shanghai")


SHANGHAI: tzinfo = _shanghai()

_EXCEL_EPOCH = datetime(1899, 12, 30)  # 1900 date system, past Excel's fake 1900-02-29
_EXCEL_MIN, _EXCEL_MAX = 18264, 73051  # 1950-01-01 .. 2100-01-01
_EPOCH_S = (10**8, 10**11)  # 1973 .. 5138
_EPOCH_MS = (10**11, 10**13)  # 1973 .. 2286
_BLANK = {"", "-", "--", "—", "/", "null", "none", "nan", "nat"}

_DATETIME = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:(?:\s+|T|\s*T\s*)(?P<h>\d{1,2})\s*[:时]\s*(?P<mi>\d{1,2})"
    r"(?:\s*[:分]\s*(?P<s>\d{1,2})(?:[.,](?P<frac>\d{1,9}))?\s*秒?)?\s*分?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})(?:(?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2}))?")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def now() -> datetime:
    """The current time, aware, in Asia/Shanghai."""
    return datetime.now(SHANGHAI)


def ensure_aware(dt: datetime) -> datetime:
    """A naive datetime is read as Shanghai wall time (what exports and SQLite give)."""
    return dt.replace(tzinfo=SHANGHAI) if dt.tzinfo is None else dt


def to_local(dt: datetime) -> datetime:
    """Any datetime as Shanghai time; naive ones are taken as Shanghai already."""
    return ensure_aware(dt).astimezone(SHANGHAI)


def to_utc(dt: datetime) -> datetime:
    """Aware UTC for storage; naive input is taken as Shanghai wall time."""
    return ensure_aware(dt).astimezone(UTC)


def from_utc(dt: datetime) -> datetime:
    """Back from storage: naive input is taken as UTC (SQLite drops the zone)."""
    aware = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt
    return aware.astimezone(SHANGHAI)


def _bad(text: object, why: str = "") -> ValueError:
    tail = f" ({why})" if why else ""
    return ValueError(f"not a date and time: {str(text)[:40]!r}{tail}")


def _from_number(value: Decimal, original: object) -> datetime:
    if _EXCEL_MIN <= value < _EXCEL_MAX:
        days = int(value)
        seconds = int(((value - days) * 86400).to_integral_value())
        naive = _EXCEL_EPOCH + timedelta(days=days, seconds=seconds)
        return naive.replace(tzinfo=SHANGHAI)
    if _EPOCH_S[0] <= value < _EPOCH_S[1]:
        return datetime.fromtimestamp(float(value), tz=SHANGHAI)
    if _EPOCH_MS[0] <= value < _EPOCH_MS[1]:
        return datetime.fromtimestamp(float(value / 1000), tz=SHANGHAI)
    raise _bad(original, "a number, but neither an Excel date nor epoch seconds/milliseconds")


def _build(m: re.Match[str], original: object) -> datetime:
    g = m.groupdict()
    frac = (g.get("frac") or "")[:6].ljust(6, "0")
    try:
        naive = datetime(
            int(g["y"]), int(g["mo"]), int(g["d"]),
            int(g.get("h") or 0), int(g.get("mi") or 0), int(g.get("s") or 0), int(frac),
        )
    except ValueError as exc:
        raise _bad(original, str(exc)) from None
    tz = g.get("tz")
    if not tz:
        return naive.replace(tzinfo=SHANGHAI)
    if tz.upper() == "Z":
        offset = UTC
    else:
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return naive.replace(tzinfo=offset).astimezone(SHANGHAI)


def parse_local(text: str | int | float | Decimal | datetime | date | None) -> datetime | None:
    """Read a time from an export or API as an aware Shanghai datetime.

    Accepts ``2026/11/20 12:18:00``, ``2026-11-20 12:18``, ``2026-11-20T12:18:00(+08:00|Z)``,
    ``2026/11/20``, ``2026年11月20日 12:18``, ``20261120``, Excel serial days (``46346.5``, as
    number or text), epoch seconds or milliseconds, and datetime/date objects (spreadsheet
    readers return those). Times without a zone are Shanghai wall time. Blank and ``-``
    give None; anything else raises ValueError saying what was wrong.
    """
    if text is None:
        return None
    if isinstance(text, datetime):
        return to_local(text)
    if isinstance(text, date):
        return datetime(text.year, text.month, text.day, tzinfo=SHANGHAI)
    if isinstance(text, bool):
        raise _bad(text)
    if isinstance(text, int):
        text = str(text)  # same rules as the text: 20261120 is a date, 1763612280 an epoch
    elif isinstance(text, Decimal):
        if not text.is_finite():
            raise _bad(text)
        return _from_number(text, text)
    if isinstance(text, float):
        if text != text or text in (float("inf"), float("-inf")):
            raise _bad(text)
        return _from_number(Decimal(repr(text)), text)
    if not isinstance(text, str):
        raise _bad(text, f"unexpected {type(text).__name__}")

    s = unicodedata.normalize("NFKC", text).strip()
    if s.lower() in _BLANK or s.startswith("0000-00-00") or s.startswith("0000/00/00"):
        return None
    m = _DATETIME.fullmatch(s)
    if m:
        return _build(m, text)
    if len(s) in (8, 14):
        m = _COMPACT.fullmatch(s)
        if m:
            return _build(m, text)
    if _NUMBER.fullmatch(s):
        return _from_number(Decimal(s), text)
    raise _bad(text)
