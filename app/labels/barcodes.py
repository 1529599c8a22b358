"""Barcode geometry on the printer's dot grid.

Thermal printers can only burn whole dots. A Code128 bar that is 2.4 dots wide is
printed as 2 or 3 dots depending on where it falls, which distorts the bar/space
ratios and makes scanners fail. So every width here is an integer number of dots:
the module width is chosen as the largest whole number of dots that lets the symbol
plus its quiet zones fit, and renderers place the symbol on a whole dot.

Nothing here depends on a renderer: the PDF, ZPL and TSPL back ends share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

QUIET_MODULES = 10  # each side of a Code128 symbol (GB/T 18347, ISO/IEC 15417)
QR_QUIET_MODULES = 2  # white border drawn around a QR code, in modules

# Code128 symbol patterns: widths of bar, space, bar, space, bar, space (stop: 7 elements).
_PATTERNS = (
    '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
    '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
    '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
    '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
    '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
    '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
    '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
    '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
    '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
    '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
    '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
)  # fmt: skip
_WIDTHS = tuple(tuple(int(d) for d in pattern) for pattern in _PATTERNS)
_CODE_C, _CODE_B = 99, 100  # "switch to" symbols
_START_B, _START_C, _STOP = 104, 105, 106


def dot_mm(dpi: int) -> float:
    """Size of one printer dot in millimetres (203 dpi: 0.1251 mm)."""
    return 25.4 / dpi


def mm_to_dots(mm: float, dpi: int) -> int:
    """Nearest whole dot for a length or position in mm."""
    return round(mm * dpi / 25.4)


def _code128_symbols(value: str) -> list[int]:
    """Symbol values (start .. checksum, stop excluded) with the fewest symbols.

    Shortest path over (position, code set) with sets B (printable ASCII) and C
    (digit pairs); switching costs one symbol. Waybill numbers are mostly digits,
    so set C halves their width; mixed values such as SF1234567890123 switch.
    """
    if not value:
        raise ValueError("Code128 needs a non-empty value")
    n = len(value)
    if n & 1 and n > 1 and value.isascii() and value.isdigit():
        # odd digit runs: the search below depends on the length only (every character
        # is a digit), so its plan for n zeros serves every number of that length
        symbols = [_digit_symbol(value, op) for op in _digit_plan(n)]
        check = symbols[0] + sum(k * v for k, v in enumerate(symbols[1:], start=1))
        symbols.append(check % 103)
        return symbols
    if not n & 1 and value.isascii() and value.isdigit():
        # the common waybill shape: all of it in set C, which the search below also picks
        symbols = [_START_C, *(int(value[i : i + 2]) for i in range(0, n, 2))]
        check = symbols[0] + sum(k * v for k, v in enumerate(symbols[1:], start=1))
        symbols.append(check % 103)
        return symbols
    return _search(value)


def _search(value: str) -> list[int]:
    """Symbols (start .. checksum) of the shortest encoding, by the search over sets."""
    n = len(value)
    for ch in value:
        if not 32 <= ord(ch) <= 126:
            raise ValueError(f"Code128 set B/C cannot encode {ch!r} in {value!r}")
    inf = 1 << 30
    # cost[i][s]: fewest symbols to encode value[i:] when currently in set s (0=B, 1=C)
    cost = [[inf, inf] for _ in range(n + 1)]
    step = [[0, 0] for _ in range(n + 1)]  # 1: encode in place, 2: switch set
    cost[n] = [0, 0]
    for i in range(n - 1, -1, -1):
        b = 1 + cost[i + 1][0]
        c = inf
        if i + 1 < n and value[i].isdigit() and value[i + 1].isdigit():
            c = 1 + cost[i + 2][1]
        # a switch is one symbol then the other set's direct encoding
        cost[i][0], step[i][0] = (b, 1) if b <= c + 1 else (c + 1, 2)
        cost[i][1], step[i][1] = (c, 1) if c <= b + 1 else (b + 1, 2)
    s = 0 if cost[0][0] <= cost[0][1] else 1
    symbols = [_START_C if s else _START_B]
    i = 0
    while i < n:
        if step[i][s] == 2:
            s = 1 - s
            symbols.append(_CODE_C if s else _CODE_B)
        if s:
            symbols.append(int(value[i : i + 2]))
            i += 2
        else:
            symbols.append(ord(value[i]) - 32)
            i += 1
    check = symbols[0] + sum(k * v for k, v in enumerate(symbols[1:], start=1))
    symbols.append(check % 103)
    return symbols


def _digit_symbol(value: str, op: tuple[int, int]) -> int:
    kind, i = op  # kind 0: a fixed symbol i; 1: the digit at i in set B; 2: the pair at i
    if kind == 0:
        return i
    if kind == 1:
        return ord(value[i]) - 32
    return int(value[i : i + 2])


@lru_cache(maxsize=64)
def _digit_plan(n: int) -> tuple[tuple[int, int], ...]:
    """Where `_code128_symbols` takes each symbol of an n-digit number from (start and
    check excluded from the digits): the symbols of n zeros, traced back to positions."""
    zeros = "0" * n
    plan: list[tuple[int, int]] = []
    i = 0
    for sym in _search(zeros)[:-1]:
        if sym in (_START_B, _START_C, _CODE_B, _CODE_C):
            plan.append((0, sym))
        elif sym == 16:  # "0" in set B
            plan.append((1, i))
            i += 1
        else:  # "00" in set C
            plan.append((2, i))
            i += 2
    return tuple(plan)


@lru_cache(maxsize=1024)
def code128_symbols(value: str) -> tuple[int, ...]:
    """Symbol values from the start code to the checksum (stop excluded).

    Printer languages (ZPL ^BC, TSPL "128M") take these start/switch codes
    explicitly, so the printer draws exactly the symbol the PDF measured.
    """
    return tuple(_code128_symbols(value))


@lru_cache(maxsize=1024)
def code128_modules(value: str) -> tuple[int, ...]:
    """Bar/space widths in modules, starting with a bar, quiet zones excluded."""
    widths: list[int] = []
    for sym in (*code128_symbols(value), _STOP):
        widths.extend(_WIDTHS[sym])
    return tuple(widths)


def code128_module_dots(value: str, width_mm: float, dpi: int = 203) -> int:
    """The module width `code128_geometry` picks, without building the bar pattern
    (every symbol is 11 modules and the stop 13)."""
    return _fit_module(value, 11 * len(code128_symbols(value)) + 13, width_mm, dpi)


def _fit_module(value: str, symbol_modules: int, width_mm: float, dpi: int) -> int:
    total = symbol_modules + 2 * QUIET_MODULES
    avail = int(width_mm * dpi / 25.4 + 1e-6)
    n = avail // total
    if n < 1:
        raise ValueError(
            f"Code128 {value!r} needs {total} dots, only {avail} fit in {width_mm:.1f} mm"
        )
    return n


@dataclass(frozen=True, slots=True)
class Code128Geometry:
    """A Code128 symbol fitted to a width: every bar is a whole number of dots."""

    value: str
    modules: tuple[int, ...]  # bar, space, bar, ... widths in modules
    module_dots: int
    dpi: int

    @property
    def symbol_modules(self) -> int:
        return sum(self.modules)

    @property
    def width_dots(self) -> int:
        """Width including both quiet zones."""
        return (self.symbol_modules + 2 * QUIET_MODULES) * self.module_dots

    @property
    def width_mm(self) -> float:
        return self.width_dots * dot_mm(self.dpi)

    def bars(self, x0_dots: int = 0) -> list[tuple[int, int]]:
        """(x, width) of each bar in dots; x0_dots is the left edge of the left quiet zone."""
        n = self.module_dots
        x = x0_dots + QUIET_MODULES * n
        out: list[tuple[int, int]] = []
        for k, m in enumerate(self.modules):
            w = m * n
            if not k & 1:
                out.append((x, w))
            x += w
        return out


def code128_geometry(value: str, width_mm: float, dpi: int = 203) -> Code128Geometry:
    """Fit `value` into `width_mm` with the widest whole-dot module.

    Raises ValueError when even a one-dot module does not fit: a squeezed barcode
    that overflows its box or loses its quiet zone is worse than a clear error.
    """
    modules = code128_modules(value)
    return Code128Geometry(value, modules, _fit_module(value, sum(modules), width_mm, dpi), dpi)


@dataclass(frozen=True, slots=True)
class QRMatrix:
    """Dark modules of a QR code, as horizontal runs per row (cheap to draw as rects)."""

    size: int  # modules per side, quiet zone excluded
    runs: tuple[tuple[tuple[int, int], ...], ...]  # per row: (start column, length)

    def is_dark(self, row: int, col: int) -> bool:
        return any(s <= col < s + n for s, n in self.runs[row])


_DARK_RUN = re.compile(rb"[\x00-\x7f]+")


@lru_cache(maxsize=256)
def qr_matrix(text: str, ec_level: str = "M") -> QRMatrix:
    """QR module matrix from zxing-cpp (C++, ~0.1 ms; reportlab's encoder is far slower)."""
    import zxingcpp

    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level=ec_level)
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    rows, cols = image.shape[0], image.shape[1]
    data = image.tobytes()
    runs = tuple(
        tuple(
            (m.start() - r * cols, m.end() - m.start())
            for m in _DARK_RUN.finditer(data, r * cols, (r + 1) * cols)
        )
        for r in range(rows)
    )
    return QRMatrix(cols, runs)


@dataclass(frozen=True, slots=True)
class QRGeometry:
    """A QR code fitted to a square: modules are whole dots, quiet zone included."""

    matrix: QRMatrix
    module_dots: int
    dpi: int

    @property
    def width_dots(self) -> int:
        return (self.matrix.size + 2 * QR_QUIET_MODULES) * self.module_dots

    def rects(self, x0_dots: int = 0, y0_dots: int = 0) -> list[tuple[int, int, int, int]]:
        """(x, y, w, h) of dark runs in dots, y growing downwards from y0_dots."""
        n = self.module_dots
        ox = x0_dots + QR_QUIET_MODULES * n
        oy = y0_dots + QR_QUIET_MODULES * n
        return [
            (ox + s * n, oy + r * n, length * n, n)
            for r, row in enumerate(self.matrix.runs)
            for s, length in row
        ]


def qr_geometry(text: str, size_mm: float, dpi: int = 203) -> QRGeometry:
    """Fit the QR code of `text` into a `size_mm` square with whole-dot modules."""
    matrix = qr_matrix(text)
    avail = int(size_mm * dpi / 25.4 + 1e-6)
    n = avail // (matrix.size + 2 * QR_QUIET_MODULES)
    if n < 1:
        raise ValueError(f"QR code of {len(text)} characters does not fit in {size_mm:.1f} mm")
    return QRGeometry(matrix, n, dpi)
