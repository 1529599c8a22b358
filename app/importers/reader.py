"""Read a CSV or XLSX export into header + rows, whatever the exporter did to it.

Handles UTF-8 (with or without BOM), GBK/GB18030 and UTF-16; title rows above the
header; blank lines; ids wrapped as ="…" or with a trailing tab so Excel keeps them text.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

HEADER_SCAN_ROWS = 15


class NotAnExport(Exception):
    """The file is not an order export we can read; the message says why."""


@dataclass(slots=True)
class Table:
    path: Path
    header: list[str]
    header_row: int  # 1-based row number of the header
    rows: Iterator[tuple[int, list[str]]]  # (1-based row number, cells)
    encoding: str = ""
    rows_hint: int = 0  # about how many rows the file has, for progress bars


def clean_cell(value: object) -> str:
    """Undo what Excel tricks do to ids and text: ="…" wrappers, tabs, stray spaces."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    text = str(value)
    if not text:
        return text
    text = text.strip().strip("\t").strip()
    if len(text) >= 3 and text[0] == "=" and text[1] == '"' and text[-1] == '"':
        text = text[2:-1]
    if text[:1] == "'" and text[1:].isdigit():
        text = text[1:]
    return text


def _detect_encoding(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = raw[:65536]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: ASCII bytes alternate with NULs
        return "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        raw.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise NotAnExport("cannot tell the text encoding; save the file as UTF-8 CSV or XLSX")
    return best.encoding


def _csv_rows(path: Path) -> tuple[Iterable[list[str]], str, int]:
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":
        raise NotAnExport("looks like an Excel workbook with a .csv name; rename it .xlsx")
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
            and raw[:4096].count(b"\x00") < 100:
        raise NotAnExport("this is a binary file, not a CSV export")
    encoding = _detect_encoding(raw)
    text = raw.decode(encoding, errors="replace")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return rows, encoding, text.count("\n") + 1


def _xlsx_rows(path: Path) -> tuple[Iterable[list[object]], int]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types
        raise NotAnExport(f"the workbook cannot be opened ({type(exc).__name__})") from None
    if not wb.sheet_names:
        raise NotAnExport("the workbook has no sheets")
    sheet = wb.get_sheet_by_index(0)
    return sheet.to_python(skip_empty_area=False), sheet.height


def open_table(path: str | Path, known_headers: Iterable[str]) -> Table:
    """Find the header row (the one naming the most known columns) and stream the rest."""
    path = Path(path)
    if not path.exists():
        raise NotAnExport("file not found")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        source, hint = _xlsx_rows(path)
        encoding = "xlsx"
    else:
        source, encoding, hint = _csv_rows(path)
    known = set(known_headers)
    it = iter(source)
    buffered: list[tuple[int, list[str]]] = []
    best_row, best_hits = -1, 0
    for n, raw in enumerate(it, start=1):
        cells = [clean_cell(c) for c in raw]
        buffered.append((n, cells))
        hits = sum(1 for c in cells if c in known)
        if hits > best_hits:
            best_row, best_hits = len(buffered) - 1, hits
        if n >= HEADER_SCAN_ROWS:
            break
    if best_hits < 3:
        raise NotAnExport("no header row with known column names in the first "
                          f"{HEADER_SCAN_ROWS} rows: is this an order export?")
    header_no, header = buffered[best_row]
    rest = buffered[best_row + 1:]

    def rows() -> Iterator[tuple[int, list[str]]]:
        yield from rest
        for n, raw in enumerate(it, start=len(buffered) + 1):
            yield n, [clean_cell(c) for c in raw]

    return Table(path, header, header_no, rows(), encoding, hint)
