"""Money as integer fen (分): exports give yuan as text, and floats would lose fen in sums.

Rounding: amounts with more than 2 decimals are rounded to the fen half up, away from
zero (四舍五入, ``12.345`` → 1235 fen, ``-12.345`` → -1235), which is how the platforms
and sellers round. Strings never pass through float: they are read with Decimal.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

__all__ = ["MAX_FEN", "format_fen", "parse_fen", "yuan_to_fen"]

_CURRENCY = re.compile(r"^(?:¥|RMB|CNY)|(?:元|圆|RMB|CNY)$", re.IGNORECASE)
_NUMBER = re.compile(r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_MINUSES = str.maketrans({"−": "-", "－": "-", "—": "-", "–": "-"})
_FEN = Decimal("0.01")
#: larger amounts are data errors (and would overflow a 64-bit column): 10 trillion yuan
MAX_FEN = 10**15


def yuan_to_fen(amount: Decimal) -> int:
    """Decimal yuan to integer fen, rounding half up (away from zero) at the fen."""
    if not amount.is_finite():
        raise ValueError(f"amount {amount} is not a finite number")
    try:
        with localcontext() as ctx:
            ctx.prec = max(28, amount.adjusted() + 4)
            fen = int(amount.quantize(_FEN, rounding=ROUND_HALF_UP).scaleb(2))
    except InvalidOperation:
        fen = MAX_FEN
    if abs(fen) >= MAX_FEN:
        raise ValueError(f"amount {amount} is out of range")
    return fen


def _text_to_decimal(text: str) -> Decimal:
    s = unicodedata.normalize("NFKC", text).translate(_MINUSES).strip()
    original = s
    negative = False
    if s.startswith("(") and s.endswith(")"):  # accounting style (3.00)
        negative, s = True, s[1:-1].strip()
    sign = ""
    if s and s[0] in "+-":
        sign, s = s[0], s[1:].strip()
    prev = None
    while prev != s:  # ¥ 12, 12元, RMB12, ¥-3.00
        prev = s
        s = _CURRENCY.sub("", s).strip()
    if not sign and s and s[0] in "+-":
        sign, s = s[0], s[1:].strip()
    s = s.replace(" ", "")
    if not _NUMBER.fullmatch(s):
        raise ValueError(f"not an amount of money: {original[:40]!r}")
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not an amount of money: {original[:40]!r}") from None
    if sign == "-":
        value = -value
    return -value if negative else value


def parse_fen(text: str | int | float | Decimal) -> int:
    """An amount in yuan (text from an export, or a number typed in Excel) as integer fen.

    Accepts ``¥1,234.50``, ``1，234.5`` (full-width comma), ``１２.３``, ``-3.00``, ``12元``,
    ``(3.00)``. Thousands separators must group by 3 (``12,5`` is refused: it may be a
    decimal comma). Raises ValueError with the offending text when it is not an amount.
    """
    if isinstance(text, bool):
        raise ValueError(f"not an amount of money: {text!r}")
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        # repr is the shortest text that round-trips: 29.9 stays 29.9, not 29.899999…
        value = Decimal(repr(text))
    elif isinstance(text, str):
        if not text.strip():
            raise ValueError("empty amount of money")
        value = _text_to_decimal(text)
    else:
        raise ValueError(f"not an amount of money: {text!r}")
    if not value.is_finite():
        raise ValueError(f"not an amount of money: {text!r}")
    return yuan_to_fen(value)


def format_fen(fen: int, *, symbol: str = "¥", thousands: bool = False) -> str:
    """Integer fen as yuan for display: 1230 → ``¥12.30``, -5 → ``-¥0.05``.

    ``parse_fen(format_fen(x)) == x`` for every integer x.
    """
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"fen must be an int, not {type(fen).__name__}")
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    whole = f"{yuan:,}" if thousands else str(yuan)
    return f"{sign}{symbol}{whole}.{cents:02d}"
