"""Minimal ZPL II and TSPL interpreters for tests: they rasterise what a printer would.

Only the commands ShipDesk emits are understood; anything else raises, so a renderer
cannot slip in a command the tests never looked at. Barcodes are rebuilt from the
field data alone (Code128 from the start/switch codes with the printer's module
width, QR codes with zxing-cpp), the way a printer's firmware builds them, so
decoding the resulting image checks the command stream, not our own geometry.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from dataclasses import dataclass, field

import zxingcpp
from PIL import Image, ImageChops, ImageDraw

# Code128 symbol patterns (ISO/IEC 15417 table 1): bar, space, bar, space, bar, space.
_C128 = [
    "212222",
    "222122",
    "222221",
    "121223",
    "121322",
    "131222",
    "122213",
    "122312",
    "132212",
    "221213",
    "221312",
    "231212",
    "112232",
    "122132",
    "122231",
    "113222",
    "123122",
    "123221",
    "223211",
    "221132",
    "221231",
    "213212",
    "223112",
    "312131",
    "311222",
    "321122",
    "321221",
    "312212",
    "322112",
    "322211",
    "212123",
    "212321",
    "232121",
    "111323",
    "131123",
    "131321",
    "112313",
    "132113",
    "132311",
    "211313",
    "231113",
    "231311",
    "112133",
    "112331",
    "132131",
    "113123",
    "113321",
    "133121",
    "313121",
    "211331",
    "231131",
    "213113",
    "213311",
    "213131",
    "311123",
    "311321",
    "331121",
    "312113",
    "312311",
    "332111",
    "314111",
    "221411",
    "431111",
    "111224",
    "111422",
    "121124",
    "121421",
    "141122",
    "141221",
    "112214",
    "112412",
    "122114",
    "122411",
    "142112",
    "142211",
    "241211",
    "221114",
    "413111",
    "241112",
    "134111",
    "111242",
    "121142",
    "121241",
    "114212",
    "124112",
    "124211",
    "411212",
    "421112",
    "421211",
    "212141",
    "214121",
    "412121",
    "111143",
    "111341",
    "131141",
    "114113",
    "114311",
    "411113",
    "411311",
    "113141",
    "114131",
    "311141",
    "411131",
    "211412",
    "211214",
    "211232",
    "2331112",
]


class InterpError(AssertionError):
    """The stream holds something a printer would reject or the tests do not know."""


@dataclass
class Drawn:
    """What one label drew, for assertions beyond the pixels."""

    image: Image.Image
    width: int
    height: int
    barcodes: list[dict[str, object]] = field(default_factory=list)  # x, y, h, module, value
    qrcodes: list[dict[str, object]] = field(default_factory=list)  # x, y, module, size, value
    field_data: list[str] = field(default_factory=list)  # every ^FD / quoted string
    bitmaps: list[tuple[int, int, int, int]] = field(default_factory=list)  # x, y, w, h
    out_of_bounds: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)

    def decode(self) -> list[zxingcpp.Barcode]:
        return zxingcpp.read_barcodes(self.image.convert("L"))


def _modules(symbols: list[int]) -> list[int]:
    check = symbols[0] + sum(i * s for i, s in enumerate(symbols[1:], start=1))
    widths: list[int] = []
    for sym in [*symbols, check % 103, 106]:
        widths.extend(int(d) for d in _C128[sym])
    return widths


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.img = Image.new("1", (width, height), 1)  # 1 = white
        self.draw = ImageDraw.Draw(self.img)
        self.drawn = Drawn(self.img, width, height)

    def check(self, what: str, x: int, y: int, w: int, h: int) -> None:
        if x < 0 or y < 0 or x + w > self.width or y + h > self.height:
            self.drawn.out_of_bounds.append(f"{what} at {x},{y} size {w}x{h}")

    def rect(self, x: int, y: int, w: int, h: int, what: str = "rect") -> None:
        self.check(what, x, y, w, h)
        if w > 0 and h > 0:
            self.draw.rectangle((x, y, x + w - 1, y + h - 1), fill=0)

    def bars(self, x: int, y: int, h: int, module: int, widths: list[int]) -> int:
        for k, m in enumerate(widths):
            if not k & 1:
                self.rect(x, y, m * module, h, "bar")
            x += m * module
        return x

    def qr(self, x: int, y: int, module: int, value: str, ec: str) -> None:
        code = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level=ec)
        matrix = memoryview(code.to_image(scale=1, add_quiet_zones=False))
        n = matrix.shape[0]
        dots = matrix.tobytes()
        self.check("QR", x, y, n * module, n * module)
        for r in range(n):
            for c in range(n):
                if dots[r * n + c] < 128:
                    self.draw.rectangle(
                        (x + c * module, y + r * module, x + (c + 1) * module - 1,
                         y + (r + 1) * module - 1), fill=0)  # fmt: skip
        self.drawn.qrcodes.append({"x": x, "y": y, "module": module, "size": n, "value": value})

    def bitmap(self, x: int, y: int, w_bytes: int, h: int, ink: bytes, mode: str) -> None:
        """`ink` rows with 1 = black; mode "or", "xor" or "overwrite"."""
        w = w_bytes * 8
        self.check("bitmap", x, y, w, h)
        self.drawn.bitmaps.append((x, y, w, h))
        mask = Image.frombytes("1", (w, h), ink)  # 1 bits read as white = ink mask
        if mode == "overwrite":
            self.img.paste(1, (x, y, x + w, y + h))
            self.img.paste(0, (x, y), mask)
        elif mode == "or":
            self.img.paste(0, (x, y), mask)
        elif mode == "xor":
            region = self.img.crop((x, y, x + w, y + h))
            flipped = ImageChops.invert(region.convert("L")).convert("1")
            region.paste(flipped, (0, 0), mask)
            self.img.paste(region, (x, y))
        else:
            raise InterpError(f"bitmap mode {mode}")


# ---------------------------------------------------------------------------- ZPL

_ZPL_CMD = re.compile(rb"[\^~]([A-Z@][A-Z0-9@]?)")


def _zpl_gf_data(data: str, total: int) -> bytes:
    data = data.strip()
    if data.startswith(":Z64:"):
        _, _, b64, crc = data.split(":")
        if f"{binascii.crc_hqx(b64.encode(), 0):04X}" != crc:
            raise InterpError("Z64 CRC mismatch")
        raw = zlib.decompress(base64.b64decode(b64))
    elif data.startswith(":B64:"):
        raise InterpError("B64 not expected")
    else:
        if not re.fullmatch(r"[0-9A-F]*", data):
            raise InterpError("only plain hex or Z64 graphic data is expected")
        raw = bytes.fromhex(data)
    if len(raw) != total:
        raise InterpError(f"^GF declares {total} bytes, data has {len(raw)}")
    return raw


def _zpl_code128(data: str) -> list[int]:
    """Symbols (start code first) of ^BC mode N field data."""
    starts = {">9": 103, ">:": 104, ">;": 105}
    if data[:2] not in starts:
        raise InterpError("^BC data must start with a start code")
    symbols = [starts[data[:2]]]
    subset = {103: "A", 104: "B", 105: "C"}[symbols[0]]
    i = 2
    while i < len(data):
        if data[i] == ">":
            code = data[i : i + 2]
            i += 2
            if code == "><":
                symbols.append(ord(">") - 32)
            elif code == ">5" and subset != "C":
                symbols.append(99)
                subset = "C"
            elif code == ">6" and subset != "B":
                symbols.append(100)
                subset = "B"
            else:
                raise InterpError(f"invocation code {code} in subset {subset}")
        elif subset == "C":
            pair = data[i : i + 2]
            if not re.fullmatch(r"\d\d", pair):
                raise InterpError(f"subset C needs digit pairs, got {pair!r}")
            symbols.append(int(pair))
            i += 2
        else:
            symbols.append(ord(data[i]) - 32)
            i += 1
    return symbols


def parse_zpl(stream: bytes) -> list[bytes]:
    """Split a ZPL stream into formats (~commands before ^XA included)."""
    formats = []
    start = 0
    for m in re.finditer(rb"\^XZ\s*", stream):
        formats.append(stream[start : m.end()])
        start = m.end()
    if stream[start:].strip():
        raise InterpError("data after the last ^XZ")
    return formats


def render_zpl(fmt: bytes) -> Drawn:
    """Rasterise one ^XA..^XZ format."""
    cmds = []
    pos = [m.start() for m in _ZPL_CMD.finditer(fmt)]
    for a, b in zip(pos, [*pos[1:], len(fmt)], strict=True):
        name = fmt[a + 1 : a + 3].decode()
        if name not in ("BC", "BQ", "BY", "CI", "FD", "FH", "FO", "FR", "FS", "GB", "GF", "LH",
                        "LL", "PQ", "PW", "SD", "XA", "XZ"):  # fmt: skip
            raise InterpError(f"unexpected command {fmt[a : a + 3]!r}")
        cmds.append((fmt[a : a + 1].decode(), name, fmt[a + 3 : b].decode("utf-8")))
    if [c[1] for c in cmds if c[1] in ("XA", "XZ")] != ["XA", "XZ"]:
        raise InterpError("one ^XA..^XZ per format")
    settings = {n: v.strip() for _, n, v in cmds if n in ("PW", "LL", "LH", "CI", "SD", "PQ")}
    width, height = int(settings["PW"]), int(settings["LL"])
    if settings.get("CI") != "28":
        raise InterpError("^CI28 (UTF-8) expected")
    home = tuple(int(v) for v in settings.get("LH", "0,0").split(","))
    canvas = _Canvas(width, height)
    canvas.drawn.settings = settings
    by = (2, 3.0, 10)
    origin: tuple[int, int] | None = None
    reverse = False
    fh: str | None = None
    pending: tuple[str, str] | None = None
    for _prefix, name, args in cmds:
        if name == "BY":
            parts = args.split(",")
            module = int(parts[0])
            if str(module) != parts[0] or not 1 <= module <= 10:
                raise InterpError(f"^BY module must be 1-10 whole dots, got {parts[0]}")
            by = (module, float(parts[1]) if len(parts) > 1 else 3.0,
                  int(parts[2]) if len(parts) > 2 else by[2])  # fmt: skip
        elif name == "FO":
            x, y = (int(v) for v in args.split(",")[:2])
            origin = (x + home[0], y + home[1])
        elif name == "FR":
            reverse = True
        elif name == "FH":
            fh = args[:1] or "_"
        elif name in ("BC", "BQ", "GB", "GF"):
            if origin is None:
                raise InterpError(f"^{name} without ^FO")
            pending = (name, args)
            if name == "GB":
                w, h, t = (int(v) for v in args.split(",")[:3])
                w, h = max(w, t), max(h, t)
                x, y = origin
                if t * 2 >= min(w, h):
                    canvas.rect(x, y, w, h, "^GB")
                else:
                    canvas.rect(x, y, w, t, "^GB")
                    canvas.rect(x, y + h - t, w, t, "^GB")
                    canvas.rect(x, y + t, t, h - 2 * t, "^GB")
                    canvas.rect(x + w - t, y + t, t, h - 2 * t, "^GB")
            elif name == "GF":
                kind, b, c, d, data = args.split(",", 4)
                if kind != "A" or b != c:
                    raise InterpError("^GFA with equal byte counts expected")
                raw = _zpl_gf_data(data, int(c))
                rows = int(c) // int(d)
                if rows * int(d) != int(c):
                    raise InterpError("^GF byte count is not whole rows")
                canvas.bitmap(*origin, int(d), rows, raw, "xor" if reverse else "or")
        elif name == "FD":
            if pending is None:
                raise InterpError("^FD without a field command")
            data = args
            if fh:
                data = re.sub(re.escape(fh) + r"([0-9A-Fa-f]{2})",
                              lambda m: chr(int(m.group(1), 16)), data)  # fmt: skip
            canvas.drawn.field_data.append(data)
            kind, params = pending
            x, y = origin  # type: ignore[misc]
            if kind == "BC":
                p = params.split(",")
                if p[0] != "N" or p[2:6] != ["N", "N", "N", "N"]:
                    raise InterpError(f"^BC{params}: expected N orientation, no text, mode N")
                h = int(p[1]) if p[1] else by[2]
                symbols = _zpl_code128(data)
                end = canvas.bars(x, y, h, by[0], _modules(symbols))
                canvas.drawn.barcodes.append(
                    {"x": x, "y": y, "h": h, "module": by[0], "end": end, "symbols": symbols}
                )
            elif kind == "BQ":
                p = params.split(",")
                if p[:2] != ["N", "2"]:
                    raise InterpError("^BQN,2 expected")
                mag = int(p[2])
                if not 1 <= mag <= 10:
                    raise InterpError("^BQ magnification 1-10")
                ec, mode = data[0], data[1]
                if mode != "A" or data[2] != ",":
                    raise InterpError("^BQ automatic data input expected")
                # firmware quirk: a ^FO-placed QR code drops by the ^BY height
                canvas.qr(x, y + by[2], mag, data[3:], ec)
            else:
                raise InterpError(f"^FD after ^{kind}")
        elif name == "FS":
            origin, reverse, fh, pending = None, False, None, None
    return canvas.drawn


# ---------------------------------------------------------------------------- TSPL


def _tspl_args(text: str) -> list[str]:
    out: list[str] = []
    for m in re.finditer(r'\s*("(?:[^"\\]|\\.)*"|[^,]*)\s*(?:,|$)', text):
        if m.group(0) == "" and m.start() == len(text):
            break
        out.append(m.group(1))
    return out


def _tspl_code128(data: str) -> list[int]:
    """Symbols of BARCODE "128M" content (!NNN control codes)."""
    symbols: list[int] = []
    subset = "B"
    i = 0
    if not data.startswith("!"):
        symbols.append(104)
    while i < len(data):
        if data[i] == "!":
            code = int(data[i + 1 : i + 4])
            i += 4
            symbols.append(code)
            if code in (103, 104, 105):
                if len(symbols) != 1:
                    raise InterpError("start code inside the data")
                subset = {103: "A", 104: "B", 105: "C"}[code]
            elif code == 99:
                subset = "C"
            elif code == 100 and subset == "C":
                subset = "B"
            else:
                raise InterpError(f"control code !{code:03d} in subset {subset}")
        elif subset == "C":
            pair = data[i : i + 2]
            if not re.fullmatch(r"\d\d", pair):
                raise InterpError(f"subset C needs digit pairs, got {pair!r}")
            symbols.append(int(pair))
            i += 2
        else:
            symbols.append(ord(data[i]) - 32)
            i += 1
    return symbols


def parse_tspl(stream: bytes) -> list[list[tuple[str, list[str], bytes]]]:
    """Jobs (SIZE .. PRINT) as lists of (command, args, binary payload)."""
    jobs: list[list[tuple[str, list[str], bytes]]] = []
    job: list[tuple[str, list[str], bytes]] = []
    i = 0
    while i < len(stream):
        m = re.compile(rb"([A-Z]+) ?").match(stream, i)
        if m is None:
            raise InterpError(f"garbage at byte {i}: {stream[i : i + 20]!r}")
        name = m.group(1).decode()
        if name == "BITMAP":
            hm = re.compile(rb"(-?\d+),(-?\d+),(\d+),(\d+),(\d),").match(stream, m.end())
            if hm is None:
                raise InterpError("bad BITMAP header")
            args = [g.decode() for g in hm.groups()]
            n = int(args[2]) * int(args[3])
            payload = stream[hm.end() : hm.end() + n]
            if len(payload) != n or stream[hm.end() + n : hm.end() + n + 2] != b"\r\n":
                raise InterpError("BITMAP payload length")
            job.append((name, args, payload))
            i = hm.end() + n + 2
            continue
        end = stream.find(b"\r\n", m.end())
        if end < 0:
            raise InterpError("command without CRLF")
        job.append((name, _tspl_args(stream[m.end() : end].decode("utf-8")), b""))
        i = end + 2
        if name == "PRINT":
            jobs.append(job)
            job = []
    if job:
        raise InterpError("commands after the last PRINT")
    return jobs


def render_tspl(job: list[tuple[str, list[str], bytes]], dpi: int, bitmap_mode: str = "") -> Drawn:
    """Rasterise one job; `bitmap_mode` ("or") overrides BITMAP's own mode."""
    known = {"SIZE", "GAP", "DIRECTION", "REFERENCE", "DENSITY", "CLS", "BAR", "BARCODE",
             "QRCODE", "BITMAP", "PRINT"}  # fmt: skip
    settings: dict[str, str] = {}
    canvas: _Canvas | None = None
    for name, args, payload in job:
        if name not in known:
            raise InterpError(f"unexpected TSPL command {name}")
        if name in ("SIZE", "GAP", "DIRECTION", "REFERENCE", "DENSITY", "PRINT"):
            settings[name] = ",".join(args)
        if name == "SIZE":
            w_mm, h_mm = (float(a.replace("mm", "").strip()) for a in args)
            canvas = _Canvas(round(w_mm * dpi / 25.4), round(h_mm * dpi / 25.4))
            continue
        if name in ("GAP", "DIRECTION", "REFERENCE", "DENSITY", "PRINT"):
            if name == "REFERENCE" and args != ["0", "0"]:
                raise InterpError("REFERENCE 0,0 expected")
            continue
        if canvas is None:
            raise InterpError(f"{name} before SIZE")
        if name == "CLS":
            canvas.img.paste(1, (0, 0, canvas.width, canvas.height))
        elif name == "BAR":
            x, y, w, h = (int(a) for a in args)
            canvas.rect(x, y, w, h, "BAR")
        elif name == "BARCODE":
            x, y = int(args[0]), int(args[1])
            kind, h, hr, rot, narrow, wide = args[2], *(int(a) for a in args[3:8])
            data = args[8]
            if kind != '"128M"' or hr != 0 or rot != 0 or narrow != wide:
                raise InterpError(f"BARCODE {args}: expected 128M, no text, narrow = wide")
            if not 1 <= narrow <= 10:
                raise InterpError("narrow must be 1-10 dots")
            value = data[1:-1]
            canvas.drawn.field_data.append(value)
            symbols = _tspl_code128(value)
            end = canvas.bars(x, y, h, narrow, _modules(symbols))
            canvas.drawn.barcodes.append(
                {"x": x, "y": y, "h": h, "module": narrow, "end": end, "symbols": symbols}
            )
        elif name == "QRCODE":
            x, y, ec, cell, mode, rot = args[:6]
            data = args[-1]
            if mode != "A" or rot != "0" or not data.startswith('"'):
                raise InterpError(f"QRCODE {args}: expected auto mode, no rotation")
            value = data[1:-1]
            canvas.drawn.field_data.append(value)
            canvas.qr(int(x), int(y), int(cell), value, ec)
        elif name == "BITMAP":
            x, y, wb, h, mode = (int(a) for a in args)
            ink = bytes(255 - b for b in payload)  # TSPL: 0 = black
            modes = {0: "overwrite", 1: "or", 2: "xor"}
            canvas.bitmap(x, y, wb, h, ink, bitmap_mode or modes[mode])
    if canvas is None:
        raise InterpError("no SIZE")
    canvas.drawn.settings = settings
    return canvas.drawn
