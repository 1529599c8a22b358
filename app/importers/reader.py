"""Read a CSV or XLSX export into header + rows, whatever the exporter did to it.

- Encodings: UTF-8 with or without BOM, GBK/GB18030, UTF-16 LE/BE with or without BOM.
- The kind of file is told by its bytes, not its name: a workbook saved as ``.csv`` and a
  CSV saved as ``.xls`` both open.
- CSV is streamed (never read whole into memory); XLSX/XLS/ODS go through calamine.
- The header is the row naming the most known columns within the first rows, so title
  rows above it are skipped; blank lines and totals rows are left to the mapping.
- Cells are cleaned of what Excel tricks leave: ``="…"`` wrappers, a trailing tab or a
  leading apostrophe that kept an id as text, stray spaces.
- Workbook numbers: whole numbers below 2**53 become their digits; larger ones cannot be
  exact (a double has 53 bits), so they become :class:`InexactNumber` and the mapping
  refuses them where an id is expected instead of importing a wrong order number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import count
from pathlib import Path

HEADER_SCAN_ROWS = 30
SAMPLE_BYTES = 1 << 16
EXACT_LIMIT = 2**53

__all__ = [
    "HEADER_SCAN_ROWS",
    "InexactNumber",
    "NotAnExport",
    "Table",
    "clean_cell",
    "normalise_header",
    "open_table",
    "read_preview",
]


class NotAnExport(Exception):
    """The file is not an order export we can read; the message says why."""


class InexactNumber(str):
    """Digits of a workbook number too large to be exact: an id typed as a number."""

    __slots__ = ()


@dataclass(slots=True)
class Table:
    path: Path
    header: list[str]
    header_row: int  # 1-based row number of the header
    rows: Iterator[tuple[int, list[str]]]  # (1-based row number, cells)
    encoding: str = ""
    rows_hint: int = 0  # about how many rows the file has, for progress bars
    kind: str = "csv"  # csv | xlsx
    delimiter: str = ","
    #: rows above the header (titles), as read; the preview shows them
    above: list[list[str]] = field(default_factory=list)
    #: a callable giving the bytes read so far (CSV), for progress
    position: Callable[[], int] | None = None
    size: int = 0


# --------------------------------------------------------------------------- cells

_WS = " \t\r\n\u3000\xa0\ufeff"
_NEEDS = frozenset(_WS + "='")


def clean_cell(value: object) -> str:
    """Undo what Excel tricks do to ids and text: ="…" wrappers, tabs, stray spaces."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    elif isinstance(value, float):
        return _float_text(value)
    elif isinstance(value, int):
        return str(value)
    elif isinstance(value, datetime):
        return value.isoformat(" ")
    elif isinstance(value, (date, time)):
        return value.isoformat()
    else:
        text = str(value)
    if not text:
        return text
    if text[0] not in _NEEDS and text[-1] not in _NEEDS:
        return text
    text = text.strip(_WS)
    if len(text) >= 3 and text[0] == "=" and text[1] == '"' and text[-1] == '"':
        text = text[2:-1].strip(_WS)
    elif len(text) >= 2 and text[0] == "'" and _looks_numeric(text[1:]):
        text = text[1:]
    return text


def _looks_numeric(text: str) -> bool:
    return bool(text) and text.replace("-", "").replace(".", "").isdigit()


def _float_text(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer():
        if abs(value) < EXACT_LIMIT:
            return str(int(value))
        return InexactNumber(str(int(value)))
    return repr(value)


def clean_row(cells: list[str]) -> list[str]:
    """A few C-speed looks at the whole row; only a row with something to clean (a cell
    starting or ending with a space, tab, NBSP, ideographic space or BOM, or an Excel
    ``="…"``/apostrophe wrapper) is cleaned cell by cell."""
    # one character is looked for much faster than two: the rare first characters of the
    # two-character patterns are looked for alone first; the first cell's start and the
    # last cell's end are looked at directly (no "\x00" around the joined row)
    j = "\x00".join(cells)
    if ("\t" in j or "\r" in j or "\xa0" in j or "\ufeff" in j or "\u3000" in j
            or "\x00 " in j or " \x00" in j
            or ("=" in j and "\x00=" in j) or ("'" in j and "\x00'" in j)
            or ("\n" in j and ("\n\x00" in j or "\x00\n" in j))
            or j.startswith(_CELL_STARTS) or j.endswith(_CELL_ENDS)):
        return [clean_cell(c) for c in cells]
    return cells


#: a cell starting or ending with one of these may need cleaning (see clean_row)
_CELL_STARTS = (" ", "=", "'", "\n")
_CELL_ENDS = (" ", "\n")


_HEADER_JUNK = re.compile(r"[\s*＊:：]+")


def normalise_header(text: str) -> str:
    """Header text as compared with layouts: NFKC (full-width brackets), no spaces, no
    required-field stars or trailing colons."""
    t = unicodedata.normalize("NFKC", clean_cell(text))
    return _HEADER_JUNK.sub("", t)


# --------------------------------------------------------------------------- encodings

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _utf16_guess(sample: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-range characters (digits, commas, newlines) leave a NUL
    byte on one side of every pair."""
    n = len(sample) - len(sample) % 2
    if n < 4:
        return None
    even = sample[0:n:2].count(0)
    odd = sample[1:n:2].count(0)
    pairs = n // 2
    if odd > pairs // 10 and even < odd // 20 + 1:
        return "utf-16-le"
    if even > pairs // 10 and odd < even // 20 + 1:
        return "utf-16-be"
    return None


def _decodes(data: bytes, encoding: str) -> bool:
    dec = codecs.getincrementaldecoder(encoding)("strict")
    try:
        dec.decode(data, final=False)  # a character cut at the end of the sample is fine
        return True
    except UnicodeDecodeError:
        return False


_HIGH = re.compile(rb"[\x80-\xff]")


def detect_encoding(path: Path, sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith(_UTF16_BOMS):
        return "utf-16"
    guess = _utf16_guess(sample)
    if guess:
        return guess
    probe = sample
    if not _HIGH.search(probe):
        # all ASCII so far: look further for the first non-ASCII bytes (Chinese text)
        with open(path, "rb") as f:
            f.seek(len(sample))
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    return "utf-8"
                m = _HIGH.search(chunk)
                if m:
                    probe = chunk[max(0, m.start() - 16):m.start() + SAMPLE_BYTES]
                    # start on a line boundary so a multibyte character is not cut
                    nl = probe.find(b"\n")
                    probe = probe[nl + 1:] if 0 <= nl < 16 else probe
                    break
    if _decodes(probe, "utf-8"):
        return "utf-8"
    if _decodes(probe, "gb18030"):
        return "gb18030"
    from charset_normalizer import from_bytes

    best = from_bytes(probe).best()
    if best is None:
        raise NotAnExport("cannot tell the text encoding of this file; save it again as "
                          "UTF-8 CSV or as XLSX")
    return best.encoding


# --------------------------------------------------------------------------- csv

_DELIMS = (",", "\t", ";", "|")


def _pick_delimiter(text: str) -> str:
    lines = [ln for ln in text.splitlines()[:HEADER_SCAN_ROWS + 10] if ln.strip()]
    if len(lines) > 1:
        lines = lines[:-1]  # the last line of the sample may be cut
    best, best_score = ",", 0
    for d in _DELIMS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=d)]
        except csv.Error:
            continue
        if not widths:
            continue
        top = max(widths)
        if top < 2:
            continue
        # prefer the delimiter that splits most lines into the widest rows
        score = top * sum(1 for w in widths if w >= max(2, top // 2))
        if score > best_score:
            best, best_score = d, score
    return best


class _CountingReader(io.RawIOBase):
    """Counts bytes handed to the text layer, for a progress bar on a streamed file."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # noqa: ANN001
        n = self._raw.readinto(b)
        self.count += n or 0
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def _csv_source(path: Path, sample: bytes) -> tuple[Iterator[list[str]], str, str, int,
                                                        Callable[[], int]]:
    encoding = detect_encoding(path, sample)
    size = path.stat().st_size
    head = sample.decode(encoding, errors="ignore")
    delimiter = _pick_delimiter(head)
    lines_in_sample = max(1, head.count("\n"))
    hint = max(1, int(size * lines_in_sample / max(1, len(sample)))) if len(sample) < size \
        else lines_in_sample + 1
    counter = _CountingReader(open(path, "rb", buffering=0))  # noqa: SIM115 - closed below
    text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 16), encoding=encoding,
                            newline="", errors="strict")

    def rows() -> Iterator[list[str]]:
        try:
            yield from csv.reader(text, delimiter=delimiter)
        finally:
            text.close()

    return rows(), encoding, delimiter, hint, lambda: counter.count


# --------------------------------------------------------------------------- workbooks

def _damaged(path: Path, exc: BaseException) -> NotAnExport:
    """A workbook calamine cannot read: name the file and say what to do."""
    from python_calamine import PasswordError

    if isinstance(exc, PasswordError):
        return NotAnExport(f"{path.name}: the workbook is protected with a password: open it "
                           "in Excel or WPS, remove the password and save it again as XLSX")
    return NotAnExport(f"{path.name}: the workbook is damaged and cannot be read "
                       f"({type(exc).__name__}): open it in Excel or WPS and save it again "
                       "as XLSX, or export the orders from the platform again")


#: what calamine raises for a damaged workbook: its own errors (XmlError, ZipError …, all
#: CalamineError) and, turning odd cells into Python values, ValueError/OverflowError
def _calamine_errors() -> tuple[type[BaseException], ...]:
    from python_calamine import CalamineError

    return (CalamineError, ValueError, OverflowError)


def _sheet_source(path: Path) -> tuple[Iterator[list[object]], int]:
    from python_calamine import CalamineWorkbook

    broken = _calamine_errors()
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types
        raise _damaged(path, exc) from None
    if not wb.sheet_names:
        raise NotAnExport(f"{path.name}: the workbook has no sheets: export the orders from "
                          "the platform again")
    # the first sheet with data: some exports put a cover or notes sheet first
    try:
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            if sheet.height > 0 and sheet.width > 1:
                break
        else:
            raise NotAnExport(f"{path.name}: every sheet of the workbook is empty: export the "
                              "orders from the platform again")
        start = sheet.start or (0, 0)
        end = sheet.end
        height = sheet.height
    except broken as exc:
        raise _damaged(path, exc) from None

    def rows() -> Iterator[list[object]]:
        # iter_rows starts at row 1 but at the first used column: put the empty columns
        # back, so column positions (and row numbers) are the ones Excel shows
        pad = [""] * start[1]
        try:
            for row in sheet.iter_rows():
                yield pad + row if pad else row
        except broken as exc:
            raise _damaged(path, exc) from None

    return rows(), (end[0] + 1) if end else height


def _clean_values(raw: list[object]) -> list[str]:
    out = []
    for c in raw:
        if type(c) is str:
            out.append(c if not c or (c[0] not in _NEEDS and c[-1] not in _NEEDS)
                       else clean_cell(c))
        else:
            out.append(clean_cell(c))
    return out


# --------------------------------------------------------------------------- opening

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _kind(path: Path, sample: bytes) -> str:
    if sample.startswith(_ZIP) or sample.startswith(_OLE):
        return "xlsx"
    head = sample[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        raise NotAnExport("this file is a web page or XML, not a CSV or Excel export: open it "
                          "in Excel and save it as XLSX or CSV")
    if b"\x00" in sample[:4096] and not sample.startswith(_UTF16_BOMS) \
            and _utf16_guess(sample) is None:
        raise NotAnExport("this is a binary file, not a CSV or Excel export")
    return "csv"


def _hits(cells: list[str], known: set[str]) -> int:
    return sum(1 for c in cells if c and normalise_header(c) in known)


_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def open_table(path: str | Path, known_headers: Iterable[str], *,
               min_hits: int = 3, allow_unknown: bool = False) -> Table:
    """Find the header row (the one naming the most known columns) and stream the rest.

    With ``allow_unknown``, a file naming too few known columns still opens: its header is
    the first wide row of text (for the mapping editor of an unknown layout).
    """
    path = Path(path)
    try:
        return _open_table(path, known_headers, min_hits, allow_unknown)
    except NotAnExport as exc:
        if path.suffix.lower() in _WORKBOOK_SUFFIXES and path.exists():
            with open(path, "rb") as f:
                head = f.read(8)
            if not head.startswith((_ZIP, _OLE)):
                raise NotAnExport(f"the file is named {path.suffix} but is not an Excel "
                                  f"workbook, nor a CSV export ({exc})") from None
        raise


def _open_table(path: Path, known_headers: Iterable[str], min_hits: int,
                allow_unknown: bool) -> Table:
    if not path.exists():
        raise NotAnExport("file not found")
    if path.stat().st_size == 0:
        raise NotAnExport("the file is empty")
    with open(path, "rb") as f:
        sample = f.read(SAMPLE_BYTES)
    kind = _kind(path, sample)
    position = None
    delimiter = ""
    if kind == "xlsx":
        source, hint = _sheet_source(path)
        encoding = "xlsx"
        clean: Callable[[list], list[str]] = _clean_values
    else:
        try:
            source, encoding, delimiter, hint, position = _csv_source(path, sample)
        except UnicodeDecodeError:
            raise NotAnExport("the file's text encoding is broken: save it again as UTF-8 "
                              "CSV or XLSX") from None
        clean = clean_row
    known = {normalise_header(h) for h in known_headers}
    buffered: list[tuple[int, list[str]]] = []
    best_row, best_hits = -1, 0
    n = 0
    try:
        for n, raw in enumerate(source, start=1):
            cells = clean(raw)
            buffered.append((n, cells))
            hits = _hits(cells, known)
            if hits > best_hits:
                best_row, best_hits = len(buffered) - 1, hits
            if n >= HEADER_SCAN_ROWS:
                break
    except UnicodeDecodeError:
        raise NotAnExport(f"the file's text encoding ({encoding}) is broken near row {n + 1}: "
                          "save it again as UTF-8 CSV or XLSX") from None
    except csv.Error as exc:
        raise NotAnExport(f"the file is not a readable CSV near row {n + 1} ({exc})") from None
    if not any(any(c for c in cells) for _, cells in buffered):
        raise NotAnExport("the file has no rows")
    if best_hits < min_hits:
        if kind == "csv" and path.suffix.lower() in _WORKBOOK_SUFFIXES:
            raise NotAnExport(f"the file is named {path.suffix} but is not an Excel workbook, "
                              "nor a CSV export: open it in Excel and save it as XLSX")
        if not allow_unknown:
            raise NotAnExport("no header row with known column names in the first "
                              f"{HEADER_SCAN_ROWS} rows: is this an order export?")
        best_row = _guess_header(buffered)
    header_no, header = buffered[best_row]
    header = [h if h else "" for h in header]
    above = [cells for _, cells in buffered[:best_row]]
    rest = buffered[best_row + 1:]
    first_unread = len(buffered) + 1

    def rows() -> Iterator[tuple[int, list[str]]]:
        yield from rest
        # (row number, cleaned cells) with C-level iterators: no Python frame per row
        yield from zip(count(first_unread), map(clean, source))

    return Table(path, header, header_no, rows(), encoding, hint, kind, delimiter, above,
                 position, path.stat().st_size)


def _guess_header(buffered: list[tuple[int, list[str]]]) -> int:
    """The first row that is wide and mostly text: a header of an unknown layout."""
    widest = max(sum(1 for c in cells if c) for _, cells in buffered)
    for i, (_, cells) in enumerate(buffered):
        filled = [c for c in cells if c]
        if len(filled) >= max(2, widest * 6 // 10):
            texty = sum(1 for c in filled if not _looks_numeric(c.replace(",", "")))
            if texty >= len(filled) * 8 // 10:
                return i
    return 0


def read_preview(path: str | Path, known_headers: Iterable[str], rows: int = 20) -> Table:
    """The header and the first rows of a file, for a preview; never fails on an unknown
    layout (only on an unreadable file)."""
    table = open_table(path, known_headers, allow_unknown=True)
    first: list[tuple[int, list[str]]] = []
    try:
        for got in table.rows:
            first.append(got)
            if len(first) >= rows:
                break
    except UnicodeDecodeError:
        pass
    table.rows = iter(first)
    return table
