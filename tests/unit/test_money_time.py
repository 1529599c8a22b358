"""Integer fen (app.core.money) and aware Shanghai datetimes (app.core.timeutil)."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.money import MAX_FEN, format_fen, parse_fen
from app.core.timeutil import SHANGHAI, from_utc, now, parse_local, to_local, to_utc

# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("¥1,234.50", 123450),
        ("￥1,234.50", 123450),
        ("1，234.5", 123450),
        ("１２.３", 1230),
        ("-3.00", -300),
        ("¥-3.00", -300),
        ("-¥3.00", -300),
        ("−3.00", -300),
        ("(3.00)", -300),
        ("12", 1200),
        ("12.", 1200),
        (".5", 50),
        ("0", 0),
        ("0.00", 0),
        ("12元", 1200),
        ("RMB 12.30", 1230),
        (" 29.90\t", 2990),
        ("1 234.50", 123450),
        ("1,234,567.89", 123456789),
        # more than 2 decimals: round half up, away from zero (四舍五入)
        ("12.345", 1235),
        ("12.344", 1234),
        ("-12.345", -1235),
        ("0.005", 1),
        ("0.004", 0),
        ("2.675", 268),  # 2.675 is 2.67499… as a float: Decimal keeps it exact
        (29.9, 2990),
        (0.1 + 0.2, 30),
        (12, 1200),
        (-7, -700),
        (Decimal("1.005"), 101),
        (Decimal("89.70"), 8970),
    ],
)
def test_parse_fen(text: str | int | float | Decimal, fen: int) -> None:
    assert parse_fen(text) == fen
    assert isinstance(parse_fen(text), int)


@pytest.mark.parametrize(
    "text",
    ["", "  ", "-", "¥", "abc", "12a", "12,5", "1,2,3", "1,23", "1..2", "--3", "+-3", "nan",
     "inf", "NaN", "1_000", "12.3.4", "¥¥", True, None, float("nan"), float("inf"),
     Decimal("NaN"), "1e40", 1e300],
)
def test_parse_fen_rejects(text: object) -> None:
    with pytest.raises(ValueError, match=r"amount|money"):
        parse_fen(text)  # type: ignore[arg-type]


def test_parse_fen_error_names_the_text() -> None:
    with pytest.raises(ValueError, match="'十二块'"):
        parse_fen("十二块")


@pytest.mark.parametrize(
    ("fen", "text"),
    [(1230, "¥12.30"), (0, "¥0.00"), (5, "¥0.05"), (-5, "-¥0.05"), (-300, "-¥3.00"),
     (123456789, "¥1234567.89")],
)
def test_format_fen(fen: int, text: str) -> None:
    assert format_fen(fen) == text


def test_format_fen_options() -> None:
    assert format_fen(123456789, thousands=True) == "¥1,234,567.89"
    assert format_fen(1230, symbol="") == "12.30"
    with pytest.raises(TypeError):
        format_fen(12.3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_fen(True)


@given(st.integers(min_value=-(MAX_FEN - 1), max_value=MAX_FEN - 1), st.booleans())
def test_fen_round_trip(fen: int, thousands: bool) -> None:
    assert parse_fen(format_fen(fen, thousands=thousands)) == fen


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_two_decimal_text_is_exact(amount: Decimal) -> None:
    assert parse_fen(str(amount)) == int(amount * 100)


@given(st.text())
def test_parse_fen_only_raises_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        assert isinstance(parse_fen(text), int)


# --------------------------------------------------------------------------- time


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026/11/20 12:18:00", sh(2026, 11, 20, 12, 18)),
        ("2026-11-20 12:18", sh(2026, 11, 20, 12, 18)),
        ("2026-11-20T12:18:00", sh(2026, 11, 20, 12, 18)),
        ("2026/11/20", sh(2026, 11, 20)),
        ("2026/1/5 8:05", sh(2026, 1, 5, 8, 5)),
        ("2026.11.20 12:18:07", sh(2026, 11, 20, 12, 18, 7)),
        ("2026-11-20  12:18:00 ", sh(2026, 11, 20, 12, 18)),
        ("2026-11-20 12:18:00.250", sh(2026, 11, 20, 12, 18, 0, 250000)),
        ("2026年11月20日 12:18", sh(2026, 11, 20, 12, 18)),
        ("2026年11月20日", sh(2026, 11, 20)),
        ("２０２６／１１／２０ １２：１８", sh(2026, 11, 20, 12, 18)),
        ("2026-11-20T04:18:00Z", sh(2026, 11, 20, 12, 18)),
        ("2026-11-20T12:18:00+08:00", sh(2026, 11, 20, 12, 18)),
        ("2026-11-20T05:18:00+0100", sh(2026, 11, 20, 12, 18)),
        ("20261120", sh(2026, 11, 20)),
        ("20261120121800", sh(2026, 11, 20, 12, 18)),
        # Excel serial days (1900 date system), as text or as a number
        ("46346.5", sh(2026, 11, 20, 12)),
        ("46346", sh(2026, 11, 20)),
        (46346.5, sh(2026, 11, 20, 12)),
        (46346.51250, sh(2026, 11, 20, 12, 18)),
        (Decimal("46346.5"), sh(2026, 11, 20, 12)),
        # epoch seconds / milliseconds (an instant: shown as Shanghai time)
        (1795148280, sh(2026, 11, 20, 12, 18)),
        ("1795148280", sh(2026, 11, 20, 12, 18)),
        (1795148280000, sh(2026, 11, 20, 12, 18)),
        (1795148280.5, sh(2026, 11, 20, 12, 18, 0, 500000)),
        # objects from spreadsheet readers
        (datetime(2026, 11, 20, 12, 18), sh(2026, 11, 20, 12, 18)),
        (datetime(2026, 11, 20, 4, 18, tzinfo=UTC), sh(2026, 11, 20, 12, 18)),
        (date(2026, 11, 20), sh(2026, 11, 20)),
    ],
)
def test_parse_local(text: object, expected: datetime) -> None:
    got = parse_local(text)  # type: ignore[arg-type]
    assert got == expected
    assert got is not None and got.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("text", [None, "", "  ", "-", "--", "—", "\t", "0000-00-00 00:00:00", "null"])
def test_parse_local_blank(text: str | None) -> None:
    assert parse_local(text) is None


@pytest.mark.parametrize(
    "text",
    ["abc", "2026-13-01", "2026-02-30 10:00", "2026-11-20 25:00", "12", "12:18", "46346.5.1",
     "1e5", "-5", True, float("nan"), float("inf"), 3.0, "2026-11", "2026/11/20 12", [2026]],
)
def test_parse_local_rejects(text: object) -> None:
    with pytest.raises(ValueError, match="not a date and time"):
        parse_local(text)  # type: ignore[arg-type]


def test_parse_local_error_names_the_text() -> None:
    with pytest.raises(ValueError, match="month must be in 1..12") as info:
        parse_local("2026-13-01")
    assert "'2026-13-01'" in str(info.value)


def test_now_and_conversions() -> None:
    n = now()
    assert n.tzinfo is not None and n.utcoffset() == timedelta(hours=8)
    naive_local = datetime(2026, 11, 20, 12, 18)
    u = to_utc(naive_local)
    assert u == datetime(2026, 11, 20, 4, 18, tzinfo=UTC) and u.utcoffset() == timedelta(0)
    assert from_utc(datetime(2026, 11, 20, 4, 18)) == sh(2026, 11, 20, 12, 18)
    assert from_utc(u) == sh(2026, 11, 20, 12, 18)
    assert to_local(datetime(2026, 11, 20, 4, 18, tzinfo=UTC)).hour == 12
    assert to_local(naive_local) == sh(2026, 11, 20, 12, 18)


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)))
def test_local_text_round_trip(dt: datetime) -> None:
    dt = dt.replace(microsecond=0)
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        assert parse_local(dt.strftime(fmt)) == dt.replace(tzinfo=SHANGHAI)


@given(st.integers(min_value=10**9, max_value=4 * 10**9))
def test_epoch_round_trip(seconds: int) -> None:
    got = parse_local(seconds)
    assert got is not None and int(got.timestamp()) == seconds
    assert parse_local(seconds * 1000) == got
    assert from_utc(to_utc(got)) == got


@given(st.text())
def test_parse_local_only_raises_value_error(text: str) -> None:
    try:
        got = parse_local(text)
    except ValueError:
        return
    assert got is None or got.utcoffset() == timedelta(hours=8)
