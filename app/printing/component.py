"""Client for the platforms' local print components (Cainiao CNPrint, Douyin, Kuaishou).

A platform whose e-waybill print data is encrypted (and signed) has it printed by its
own desktop component, which listens for WebSocket JSON on localhost. All three speak
the same protocol, each on its own port:

- `{"cmd": "getPrinters", "requestID", "version"}` → `{"cmd": "getPrinters",
  "requestID", "printers": [{"name"}], "defaultPrinter"}`;
- `{"cmd": "print", "requestID", "version", "task": {"taskID", "preview", "printer",
  "documents": [{"documentID", "contents": [{"encryptedData", "signature",
  "templateURL", "ver"} | {"data", "templateURL"}]}]}}` → `{"cmd": "print",
  "requestID", "taskID", "status": "success"|"failed", "msg"}` (the task is queued);
- pushed later, per task: `{"cmd": "notifyPrintResult", "taskID", "printer",
  "taskStatus", "printStatus": [{"documentID", "status": "success"|"failed", "msg"}]}`.

Only `status == "success"` in notifyPrintResult means a document was printed. This
client is synchronous (it runs in a worker thread); replies are matched by requestID,
and notifications that arrive meanwhile are kept until asked for.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.printing.base import PrinterError, PrinterOffline

#: default addresses of the components (each can be changed in its own settings)
DEFAULT_URLS = {
    "cainiao": "ws://127.0.0.1:13528",
    "douyin": "ws://127.0.0.1:13888",
    "kuaishou": "ws://127.0.0.1:16888",
}
VERSION = "1.0"


@dataclass(frozen=True)
class ComponentDocument:
    """One waybill for the component: the platform's encrypted print data and
    signature (from the e-waybill response) and the template, plus an optional custom
    area (`custom_data` drawn with `custom_template_url`)."""

    document_id: str
    encrypted_data: str = ""
    signature: str = ""
    template_url: str = ""
    ver: str = ""
    data: dict[str, Any] | None = None  # plain data (platform test templates)
    custom_data: dict[str, Any] | None = None
    custom_template_url: str = ""

    def to_json(self) -> dict[str, Any]:
        contents: list[dict[str, Any]] = []
        if self.encrypted_data:
            main: dict[str, Any] = {"encryptedData": self.encrypted_data,
                                    "signature": self.signature,
                                    "templateURL": self.template_url}
            if self.ver:
                main["ver"] = self.ver
            contents.append(main)
        elif self.data is not None:
            contents.append({"data": self.data, "templateURL": self.template_url})
        if self.custom_data is not None:
            contents.append({"data": self.custom_data,
                             "templateURL": self.custom_template_url})
        return {"documentID": self.document_id, "contents": contents}


@dataclass
class TaskResult:
    task_id: str
    printed: list[str] = field(default_factory=list)  # document ids printed
    failed: dict[str, str] = field(default_factory=dict)  # document id → message
    done: bool = False


class ComponentError(PrinterError):
    """The component answered with a failure."""


class PrintComponent:
    """A connection to one platform's print component."""

    def __init__(self, platform: str = "cainiao", url: str | None = None,
                 timeout: float = 10.0) -> None:
        if url is None and platform not in DEFAULT_URLS:
            raise ValueError(f"unknown print component {platform!r}")
        self.platform = platform
        self.url = url or DEFAULT_URLS[platform]
        self.timeout = timeout
        self._ws: Any = None
        self._notices: list[dict[str, Any]] = []

    def describe(self) -> str:
        return f"{self.platform} component {self.url}"

    # ------------------------------------------------------------------ connection

    def connect(self) -> PrintComponent:
        if self._ws is None:
            from websockets.sync.client import connect

            try:
                # entered as a context manager (websockets >= 17.1 wants that); left
                # by close()
                self._ws = connect(self.url, open_timeout=self.timeout,
                                   close_timeout=1, max_size=None).__enter__()
            except (OSError, TimeoutError) as exc:
                raise PrinterOffline(
                    f"the {self.platform} print component at {self.url} does not answer "
                    f"({exc}); start it (it runs in the system tray) and try again") from exc
            except Exception as exc:  # handshake refused: InvalidHandshake and friends
                raise PrinterOffline(f"the {self.platform} print component at {self.url} "
                                     f"refused the connection: {exc}") from exc
        return self

    def close(self) -> None:
        ws, self._ws = self._ws, None
        if ws is not None:
            ws.close()

    def __enter__(self) -> PrintComponent:
        return self.connect()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ messages

    def _recv(self, deadline: float) -> dict[str, Any]:
        from websockets.exceptions import ConnectionClosed

        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        try:
            raw = self._ws.recv(timeout=left)
        except ConnectionClosed as exc:
            self._ws = None
            raise PrinterOffline(f"the {self.platform} print component closed the "
                                 "connection") from exc
        try:
            msg = json.loads(raw)
        except ValueError:
            return {}
        return msg if isinstance(msg, dict) else {}

    def request(self, cmd: str, **body: Any) -> dict[str, Any]:
        """Send a command and return its reply (matched by requestID)."""
        self.connect()
        rid = uuid.uuid4().hex
        self._ws.send(json.dumps({"cmd": cmd, "requestID": rid, "version": VERSION, **body},
                                 ensure_ascii=False))
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                msg = self._recv(deadline)
            except TimeoutError as exc:
                raise PrinterOffline(f"the {self.platform} print component did not answer "
                                     f"{cmd} within {self.timeout:g} s") from exc
            if msg.get("requestID") == rid:
                return msg
            if msg.get("cmd") == "notifyPrintResult":
                self._notices.append(msg)

    def get_printers(self) -> tuple[list[str], str]:
        """The printers the component sees, and its default one."""
        reply = self.request("getPrinters")
        names = [p.get("name", "") for p in reply.get("printers", []) if isinstance(p, dict)]
        return [n for n in names if n], str(reply.get("defaultPrinter", "") or "")

    def print(self, printer: str, documents: Sequence[ComponentDocument], *,
              task_id: str | None = None, preview: bool = False) -> str:
        """Queue documents on `printer`; returns the task id. Raises ComponentError when
        the component refuses the task (nothing printed)."""
        if not documents:
            raise ValueError("no documents to print")
        task_id = task_id or uuid.uuid4().hex
        reply = self.request("print", task={
            "taskID": task_id, "preview": preview, "printer": printer,
            "documents": [d.to_json() for d in documents]})
        if reply.get("status") != "success":
            raise ComponentError(f"the {self.platform} print component refused the task: "
                                 f"{reply.get('msg') or reply.get('status') or 'no reason'}")
        return task_id

    def wait_results(self, task_id: str, document_ids: Sequence[str],
                     timeout: float | None = None) -> TaskResult:
        """Collect notifyPrintResult for the task until every document has a result or
        `timeout` passes (then `done` is False and the rest count as not printed)."""
        result = TaskResult(task_id)
        want = set(document_ids)
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)

        def take(msg: dict[str, Any]) -> None:
            for st in msg.get("printStatus", []) or []:
                doc = str(st.get("documentID", ""))
                if doc not in want or doc in result.printed or doc in result.failed:
                    continue
                if st.get("status") == "success":
                    result.printed.append(doc)
                else:
                    result.failed[doc] = str(st.get("msg") or st.get("status") or "failed")

        while True:
            kept = []
            for msg in self._notices:
                (take if msg.get("taskID") == task_id else kept.append)(msg)
            self._notices = kept
            if want <= set(result.printed) | set(result.failed):
                result.done = True
                return result
            try:
                msg = self._recv(deadline)
            except TimeoutError:
                return result
            if msg.get("cmd") == "notifyPrintResult":
                self._notices.append(msg)
