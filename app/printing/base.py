"""How rendered labels reach a printer: the Transport protocol and its errors.

A transport takes one label's bytes at a time (ZPL format, TSPL job or PDF page
set), so a batch can stream: the first label goes out while the rest are still
being rendered. Every failure says how many *whole* labels got through, so the
print job can be resumed at the next one without printing a label twice. Raw TCP
9100, files, and later CUPS queues (`lp -o raw`) and Windows RAW spooling
(win32print StartDocPrinter/WritePrinter/EndDocPrinter) all fit this shape:
`send_label` per label, `close` to finish the job.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Protocol, runtime_checkable


class PrinterError(Exception):
    """Labels could not be (all) delivered.

    `labels_sent` counts the whole labels, from the start of this transport's job,
    that the printer has received; resume the batch after them.
    """

    def __init__(self, message: str, labels_sent: int = 0) -> None:
        super().__init__(message)
        self.labels_sent = labels_sent


class PrinterOffline(PrinterError):
    """The printer cannot be reached or stopped answering (off, unplugged, wrong address)."""


@runtime_checkable
class Transport(Protocol):
    """Something that delivers label bytes to one printer, one label at a time."""

    def send_label(self, data: bytes) -> None:
        """Deliver one complete label; raises PrinterError (with labels_sent) on failure."""
        ...

    def close(self) -> None:
        """Finish the job: wait until the printer has everything, then release it.
        Raises PrinterError when the last labels cannot be confirmed."""
        ...


def send_labels(transport: Transport, chunks: Iterable[bytes]) -> int:
    """Send each chunk (one label) and close the transport; returns the number of labels.

    `chunks` may be a generator: the first label is sent before the next is rendered.
    The transport is closed on failure too, and the PrinterError propagates.
    """
    count = 0
    try:
        for chunk in chunks:
            transport.send_label(chunk)
            count += 1
    except BaseException:
        with contextlib.suppress(PrinterError):
            transport.close()
        raise
    transport.close()
    return count
