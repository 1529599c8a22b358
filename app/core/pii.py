"""Recognise what a receiver field holds, and read phone numbers the way couriers dial them.

Platforms hand us each personal field in one of three forms: plain text, a masked copy
(``张**``, ``138****1234``) or platform ciphertext (Douyin ``$$…$1$$`` / ``##…#1##``).
Storage, masking and e-waybill requests must tell them apart, so nothing here guesses
beyond what the value itself shows. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = [
    "MASK_CHARS",
    "Phone",
    "PhoneKind",
    "ValueKind",
    "classify",
    "clean_phone_text",
    "is_cipher",
    "normalize_phone",
]


class ValueKind(StrEnum):
    """The form a personal field arrived in."""

    PLAIN = "plain"
    MASKED = "masked"
    CIPHER = "cipher"
    EMPTY = "empty"


#: characters platforms use to hide characters (ASCII and full-width asterisk)
MASK_CHARS = frozenset("*＊")

_B64 = r"[A-Za-z0-9+/=]+"
#: Douyin ciphertext: phone ``$$<b64>*<b64>$1$$``, name/address ``##<b64>*<b64>#1##``.
#: The version digit(s) between the trailing markers vary between key generations.
_CIPHER_RES = (
    re.compile(rf"\$\${_B64}\*{_B64}\$\d{{1,3}}\$\$"),
    re.compile(rf"##{_B64}\*{_B64}#\d{{1,3}}##"),
)


def is_cipher(value: str) -> bool:
    """True for platform ciphertext, which must be sent back to the platform, never printed."""
    v = value.strip()
    return any(r.fullmatch(v) for r in _CIPHER_RES)


def classify(value: str | None) -> ValueKind:
    """Tell plain, masked, ciphertext and empty values apart.

    Ciphertext is checked first because it contains a ``*`` of its own; any other ``*`` or
    ``＊`` in a personal field is a mask (platforms mask with runs like ``张**``).
    """
    if value is None:
        return ValueKind.EMPTY
    v = value.strip()
    if not v:
        return ValueKind.EMPTY
    if is_cipher(v):
        return ValueKind.CIPHER
    if any(c in MASK_CHARS for c in v):
        return ValueKind.MASKED
    return ValueKind.PLAIN


# --------------------------------------------------------------------------- phones

PhoneKind = Literal["mobile", "landline", "virtual", "other"]

_MOBILE = re.compile(r"1[3-9]\d{9}")
# area code 010 / 02x are 3 digits, all others 4; local numbers are 7-8 digits (real ones
# start 2-9; 1 is let through after an area code because examples and test data use it)
_LANDLINE = re.compile(r"(?P<area>010|02\d|0[3-9]\d{2})(?P<local>[1-9]\d{6,7})")
_LOCAL = re.compile(r"[2-9]\d{6,7}")
# 400/800 business numbers, 95xxx/96xxx service numbers, 10xxx/12xxx national short codes
_SERVICE = re.compile(r"(?:400|800)\d{7}|9[56]\d{3,6}|1[02]\d{3}")

_CC86 = re.compile(r"^(?:\+|00)\s*86[\s\-]*")
_CC_OTHER = re.compile(r"^(?:\+|00)\s*(?=[1-9])")
_CC86_BARE = re.compile(r"^86(?:[\s\-]+|(?=1[3-9]\d{9}(?!\d)))")
_EXT_MARK = re.compile(r"\s*(?:转|分机|ext\.?|x|#|_|,|;)\s*", re.IGNORECASE)
_MAIN_CHARS = re.compile(r"[\d\s\-().]+")
_DASHES = str.maketrans({"—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-", "﹣": "-"})


def is_bare_mobile(phone: str) -> bool:
    """11 ASCII digits ``1[3-9]…`` and nothing else: what most exports hold. Such a value is
    plain (not masked, not ciphertext) and normalize_phone reads it as the mobile number
    itself, so callers skip the general parse (tests/unit/test_import_recipients_fast.py)."""
    return len(phone) == 11 and phone.isascii() and phone.isdigit() and phone[0] == "1" \
        and phone[1] in "3456789"


def clean_phone_text(raw: str) -> str:
    """NFKC (full-width digits, ``＋``, ``－``), any Unicode decimal digit to ASCII, dashes
    unified, ``＊`` to ``*``, outer blanks stripped. Shared by parsing and masking so both
    see the same characters."""
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES)
    out = []
    for ch in text:
        if ch.isdecimal() and not ("0" <= ch <= "9"):
            d = unicodedata.decimal(ch, None)
            out.append(str(d) if d is not None else ch)
        else:
            out.append(ch)
    return "".join(out).strip()


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number as digits: ``main`` (landlines include the area code) and an optional
    ``extension`` (platform virtual numbers, switchboards)."""

    kind: PhoneKind
    main: str
    extension: str = ""

    @property
    def area_code(self) -> str:
        """Area code of a landline with one (``0571``), else empty."""
        if self.kind != "landline":
            return ""
        m = _LANDLINE.fullmatch(self.main)
        return m.group("area") if m else ""

    @property
    def local_number(self) -> str:
        """The main number without the area code."""
        return self.main[len(self.area_code):]

    @property
    def dial_suffix(self) -> str:
        """What tracking APIs (SF, ZTO via Kuaidi100) ask for as the phone check: the
        extension of a virtual number (``7576`` of ``18400913965-7576``), otherwise the
        last 4 digits of the main number."""
        if self.kind == "virtual":
            return self.extension
        return self.main[-4:]

    @property
    def text(self) -> str:
        """Canonical text: ``13812345678``, ``18400913965-7576``, ``0571-88123456-8001``,
        ``+85291234567`` (numbers outside China keep their country code)."""
        area = self.area_code
        main = f"{area}-{self.local_number}" if area else self.main
        if self.kind == "other" and not _SERVICE.fullmatch(self.main):
            main = "+" + main
        return f"{main}-{self.extension}" if self.extension else main

    def __str__(self) -> str:
        return self.text


def _parse_main(digits: str, *, foreign: bool) -> tuple[PhoneKind, str] | None:
    if foreign:
        return ("other", digits) if 8 <= len(digits) <= 15 else None
    if _MOBILE.fullmatch(digits):
        return "mobile", digits
    if _LANDLINE.fullmatch(digits) or _LOCAL.fullmatch(digits):
        return "landline", digits
    if _SERVICE.fullmatch(digits):
        return "other", digits
    return None


def _with_ext(kind: PhoneKind, main: str, ext: str) -> Phone | None:
    if not ext:
        return Phone(kind, main)
    if kind == "mobile":
        # a mobile number with an extension is a platform virtual number (隐私号)
        return Phone("virtual", main, ext) if 3 <= len(ext) <= 5 else None
    if kind == "landline" or (kind == "other" and main[:3] in ("400", "800")):
        return Phone(kind, main, ext) if 1 <= len(ext) <= 6 else None
    return None


def normalize_phone(raw: str | None) -> Phone | None:
    """Read a phone number as written by buyers and platforms, or None if it is not one.

    Accepts ``+86``/``0086``/``86-`` prefixes, spaces, dashes, brackets, full-width digits,
    extensions after ``-``, ``_``, ``转``, ``分机``, ``ext``, ``#``. Masked values and ciphertext
    give None: they cannot be dialled.
    """
    if raw is None:
        return None
    s = clean_phone_text(raw)
    if not s or is_cipher(s) or "*" in s:
        return None

    foreign = False
    had_cc = False
    for pattern in (_CC86, _CC86_BARE):
        m = pattern.match(s)
        if m:
            had_cc = True
            s = s[m.end():]
            break
    else:
        m = _CC_OTHER.match(s)
        if m:  # another country: keep its digits, the number is "other"
            foreign = True
            s = s[m.end():]
    if had_cc:
        s = re.sub(r"^\(0\)\s*", "", s)

    parts = _EXT_MARK.split(s)
    if len(parts) > 2:
        return None
    main_text, ext = parts[0], (parts[1] if len(parts) == 2 else "")
    if ext and not ext.isdigit():
        return None
    if not main_text or not _MAIN_CHARS.fullmatch(main_text):
        return None
    groups = re.findall(r"\d+", main_text)
    if not groups:
        return None

    def attempt(digit_groups: list[str], extension: str) -> Phone | None:
        digits = "".join(digit_groups)
        parsed = _parse_main(digits, foreign=foreign)
        if parsed is None and had_cc and not digits.startswith(("0", "1")):
            parsed = _parse_main("0" + digits, foreign=False)  # +86 571 … drops the 0
        if parsed is None and had_cc and digits.startswith("10"):
            parsed = _parse_main("0" + digits, foreign=False)  # +86 10 … is Beijing
        if parsed is None:
            return None
        return _with_ext(parsed[0], parsed[1], extension)

    phone = attempt(groups, ext)
    if phone is None and not ext and len(groups) >= 2 and not foreign:
        # the last dash/space group may be an extension: 18400913965-7576, 0571-88123456-8001
        phone = attempt(groups[:-1], groups[-1])
    return phone
