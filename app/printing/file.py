"""A transport that writes the printer stream to a file: for `--out labels.zpl`, for
sending later with other tools, and for tests."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from app.printing.base import PrinterError


class FileTransport:
    """Writes each label's bytes to `path` (or an open binary file), flushed on close."""

    def __init__(self, path: str | Path | BinaryIO, append: bool = False) -> None:
        self._target = path
        self._append = append
        self._file: BinaryIO | None = None
        self._owns = False
        self.labels_sent = 0

    def _open(self) -> BinaryIO:
        if self._file is None:
            if isinstance(self._target, str | Path):
                try:
                    self._file = open(self._target, "ab" if self._append else "wb")  # noqa: SIM115
                except OSError as exc:
                    raise PrinterError(
                        f"cannot open {self._target}: {exc.strerror or exc}", self.labels_sent
                    ) from exc
                self._owns = True
            else:
                self._file = self._target
        return self._file

    def send_label(self, data: bytes) -> None:
        """Append one label to the file (flushed, so `labels_sent` is what the OS has)."""
        f = self._open()
        try:
            f.write(data)
            f.flush()
        except OSError as exc:
            raise PrinterError(
                f"cannot write {self._target}: {exc.strerror or exc}", self.labels_sent
            ) from exc
        self.labels_sent += 1

    def close(self) -> None:
        """Flush (and close the file if this transport opened it)."""
        f, self._file = self._file, None
        if f is None:
            return
        try:
            f.flush()
            if self._owns:
                f.close()
        except OSError as exc:
            raise PrinterError(
                f"cannot write {self._target}: {exc.strerror or exc}", self.labels_sent
            ) from exc

    def __enter__(self) -> FileTransport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
