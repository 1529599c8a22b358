"""The platform print-component client against a local WebSocket server playing the
component (getPrinters / print / notifyPrintResult)."""

from __future__ import annotations

import json
import socket
import threading

import pytest

pytest.importorskip("websockets", reason="websockets is not installed (pyproject dependency)")

from websockets.sync.server import serve  # noqa: E402

from app.printing.base import PrinterOffline  # noqa: E402
from app.printing.component import ComponentDocument, ComponentError, PrintComponent

PRINTERS = ["Xprinter XP-420B", "TSC TE244"]


class FakeComponent:
    """Answers like CNPrint: replies by requestID, then pushes notifyPrintResult per
    document (a document whose data is "BAD" fails, as a bad signature would)."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.server = serve(self._handle, "127.0.0.1", 0)
        self.port = self.server.socket.getsockname()[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def _handle(self, ws) -> None:  # noqa: ANN001
        for raw in ws:
            msg = json.loads(raw)
            self.received.append(msg)
            rid = msg["requestID"]
            if msg["cmd"] == "getPrinters":
                ws.send(json.dumps({"cmd": "getPrinters", "requestID": rid, "status": "success",
                                    "printers": [{"name": n} for n in PRINTERS],
                                    "defaultPrinter": PRINTERS[0]}))
            elif msg["cmd"] == "print":
                task = msg["task"]
                if task["printer"] not in PRINTERS:
                    ws.send(json.dumps({"cmd": "print", "requestID": rid, "status": "failed",
                                        "msg": "打印机不存在", "taskID": task["taskID"]}))
                    continue
                # an unrelated notification first: the client must keep it aside
                ws.send(json.dumps({"cmd": "notifyPrintResult", "taskID": "other",
                                    "printStatus": [{"documentID": "x", "status": "success"}]}))
                ws.send(json.dumps({"cmd": "print", "requestID": rid, "status": "success",
                                    "taskID": task["taskID"]}))
                for doc in task["documents"]:
                    bad = doc["contents"][0].get("encryptedData") == "BAD"
                    ws.send(json.dumps({
                        "cmd": "notifyPrintResult", "printer": task["printer"],
                        "taskID": task["taskID"], "taskStatus": "printed",
                        "printStatus": [{"documentID": doc["documentID"],
                                         "status": "failed" if bad else "success",
                                         "msg": "签名校验失败" if bad else ""}]}))

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture
def component():
    fake = FakeComponent()
    yield fake
    fake.stop()


def _docs(n: int, bad: set[int] = frozenset()) -> list[ComponentDocument]:
    return [ComponentDocument(document_id=f"YT{7800000 + i}",
                              encrypted_data="BAD" if i in bad else f"cipher-{i}",
                              signature=f"sig-{i}",
                              template_url="http://cloudprint.cainiao.com/template/standard/101",
                              custom_data={"items": "SKU-1 × 2"},
                              custom_template_url="http://example.invalid/custom.xml")
            for i in range(n)]


def test_get_printers_and_print_a_batch(component):
    with PrintComponent("cainiao", url=component.url, timeout=5) as pc:
        printers, default = pc.get_printers()
        assert printers == PRINTERS and default == PRINTERS[0]
        docs = _docs(4, bad={2})
        task = pc.print(PRINTERS[1], docs)
        result = pc.wait_results(task, [d.document_id for d in docs], timeout=5)
    assert result.done
    assert result.printed == ["YT7800000", "YT7800001", "YT7800003"]
    assert result.failed == {"YT7800002": "签名校验失败"}
    sent = component.received[-1]
    assert sent["cmd"] == "print" and sent["version"] == "1.0" and sent["requestID"]
    assert sent["task"]["printer"] == PRINTERS[1] and sent["task"]["preview"] is False
    first = sent["task"]["documents"][0]
    assert first["documentID"] == "YT7800000"
    assert first["contents"][0] == {"encryptedData": "cipher-0", "signature": "sig-0",
                                    "templateURL": "http://cloudprint.cainiao.com/template/standard/101"}
    assert first["contents"][1]["data"] == {"items": "SKU-1 × 2"}


def test_refused_task_raises_and_prints_nothing(component):
    with PrintComponent("douyin", url=component.url, timeout=5) as pc, \
            pytest.raises(ComponentError, match="打印机不存在"):
        pc.print("no such printer", _docs(1))


def test_missing_results_time_out_as_not_printed(component):
    with PrintComponent("kuaishou", url=component.url, timeout=5) as pc:
        task = pc.print(PRINTERS[0], _docs(1))
        result = pc.wait_results(task, ["YT7800000", "never-sent"], timeout=0.5)
    assert not result.done and result.printed == ["YT7800000"]


def test_component_not_running():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(PrinterOffline, match="start it"):
        PrintComponent("cainiao", url=f"ws://127.0.0.1:{port}", timeout=2).get_printers()


def test_print_service_through_the_component(component, ws, douyin_csv):
    from sqlalchemy import select

    from app.services.import_orders import import_files
    from app.services.orders import select_order_ids
    from app.services.print_labels import print_via_component
    from app.services.waybills import allocate_waybills
    from app.store.db import transaction
    from app.store.models import Parcel, PrintJob, PrintJobItem, WaybillRequest

    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=4)
    allocate_waybills(ws, ids)
    # what a platform e-waybill response carries: encrypted print data and a signature
    with transaction(ws.write) as s:
        reqs = list(s.scalars(select(WaybillRequest).where(WaybillRequest.state == "done")))
        assert len(reqs) == 4
        for n, req in enumerate(reqs):
            data = "BAD" if n == 1 else f"E{req.waybill_no}"
            req.response = {**req.response, "print_data": json.dumps(
                {"encryptedData": data, "signature": "s", "ver": "1"})}
        bad_waybill = reqs[1].waybill_no
    with PrintComponent("cainiao", url=component.url, timeout=5) as pc:
        summary = print_via_component(ws, ids, pc, PRINTERS[0],
                                      template_url="http://cloudprint.cainiao.com/t/101",
                                      wait=5)
    assert summary.printed == 3
    assert summary.skipped == [{"order": bad_waybill,
                                "message": "the component failed: 签名校验失败"}]
    sent = component.received[-1]["task"]
    assert sent["printer"] == PRINTERS[0] and len(sent["documents"]) == 4
    assert sent["documents"][0]["contents"][0]["templateURL"].endswith("/t/101")
    with ws.read() as s:
        job = s.scalar(select(PrintJob))
        assert (job.fmt, job.state, job.done) == ("cloud", "failed", 3)
        assert sent["taskID"] == job.idem_key  # the idempotency key is the task id
        items = {i.parcel_id: i for i in s.scalars(select(PrintJobItem))}
        for p in s.scalars(select(Parcel).where(Parcel.order_id.in_(ids))):
            if p.waybill_no == bad_waybill:
                assert p.printed_at is None and items[p.id].state == "failed"
            else:
                assert p.printed_at is not None and items[p.id].state == "sent"
