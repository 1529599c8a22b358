"""QR code size without encoding it, for printer-native QR commands.

Encoding a QR code in Python-land costs 0.2-0.7 ms (zxing-cpp), more than a whole
ZPL label may take, so ZPL/TSPL labels let the printer encode it (^BQ, QRCODE).
The layout still has to know how many modules the symbol has to pick a whole-dot
module size that fits its square; this computes it from ISO/IEC 18004 capacities
for a single-mode segment (numeric, alphanumeric or byte), which is what zxing
and printers build for waybill numbers and tracking URLs.
"""

from __future__ import annotations

from functools import lru_cache

# Data codewords per version (1..40) for each error correction level.
_DATA_CODEWORDS = {
    "L": (19, 34, 55, 80, 108, 136, 156, 194, 232, 274, 324, 370, 428, 461, 523, 589, 647,
          721, 795, 861, 932, 1006, 1094, 1174, 1276, 1370, 1468, 1531, 1631, 1735, 1843,
          1955, 2071, 2191, 2306, 2434, 2566, 2702, 2812, 2956),
    "M": (16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507,
          563, 627, 669, 714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541,
          1631, 1725, 1812, 1914, 1992, 2102, 2216, 2334),
    "Q": (13, 22, 34, 48, 62, 76, 88, 110, 132, 154, 180, 206, 244, 261, 295, 325, 367, 397,
          445, 485, 512, 568, 614, 664, 718, 754, 808, 871, 911, 985, 1033, 1115, 1171, 1231,
          1286, 1354, 1426, 1502, 1582, 1666),
    "H": (9, 16, 26, 36, 46, 60, 66, 86, 100, 122, 140, 158, 180, 197, 223, 253, 283, 313,
          341, 385, 406, 442, 464, 514, 538, 596, 628, 661, 701, 745, 793, 845, 901, 961, 986,
          1054, 1096, 1142, 1222, 1276),
}  # fmt: skip
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
_COUNT_BITS = {"numeric": (10, 12, 14), "alnum": (9, 11, 13), "byte": (8, 16, 16)}


def qr_mode(text: str) -> str:
    """The single encoding mode for `text`: numeric, alnum or byte (UTF-8)."""
    if text.isascii() and text.isdigit():
        return "numeric"
    if all(ch in _ALNUM for ch in text):
        return "alnum"
    return "byte"


def _data_bits(text: str, mode: str) -> int:
    if mode == "numeric":
        n = len(text)
        return 10 * (n // 3) + (0, 4, 7)[n % 3]
    if mode == "alnum":
        n = len(text)
        return 11 * (n // 2) + 6 * (n % 2)
    return 8 * len(text.encode("utf-8"))


@lru_cache(maxsize=1024)
def qr_version(text: str, ec_level: str = "M") -> int:
    """Smallest QR version (1-40) that holds `text` as one segment at `ec_level`."""
    if not text:
        raise ValueError("a QR code needs some data")
    mode = qr_mode(text)
    bits = _data_bits(text, mode)
    for version, codewords in enumerate(_DATA_CODEWORDS[ec_level], start=1):
        count = _COUNT_BITS[mode][0 if version < 10 else 1 if version < 27 else 2]
        if 4 + count + bits <= codewords * 8:
            return version
    raise ValueError(f"{len(text)} characters do not fit in a QR code at level {ec_level}")


def qr_modules(text: str, ec_level: str = "M") -> int:
    """Modules per side of the QR symbol (quiet zone excluded)."""
    return 17 + 4 * qr_version(text, ec_level)
