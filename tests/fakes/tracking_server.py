"""A local look-alike of Kuaidi100 and KDNiao, for tests, benchmarks and offline trials.

It checks what the real services check — the signature (recomputed here independently of
the clients), the account, the phone digits for carriers that need them, and the
per-waybill query lock — and answers in the providers' own shapes, with journeys from the
sandbox. Tests can queue exact replies (business errors, 5xx, broken JSON, slow answers).
Standard library only, so the benchmark can use it without test dependencies.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from app.tracking.httpclient import provider_settings
from app.tracking.model import SHANGHAI
from app.tracking.sandbox import journeys_data, plan

KUAIDI100_PATH = "/poll/query.do"
KDNIAO_PATH = "/Ebusiness/EbusinessOrderHandle.aspx"

# Kuaidi100 company code → ShipDesk carrier code (for choosing the sandbox brand only).
_K100_CARRIERS = {"shunfeng": "SF", "shunfengkuaiyun": "SF", "jd": "JD", "zhongtong": "ZTO",
                  "yuantong": "YTO", "shentong": "STO", "yunda": "YUNDA", "jtexpress": "JT",
                  "ems": "EMS", "youzhengguonei": "EMS", "debangkuaidi": "DEPPON"}
_K100_MAIN = {"101": "1", "102": "1", "103": "1", "1001": "0", "1002": "0", "1003": "0",
              "301": "3", "302": "3", "303": "3", "304": "3", "401": "4", "501": "5",
              **{str(c): "2" for c in range(201, 211)}}
_K100_NAMES = {"0": "在途", "1": "揽收", "2": "疑难", "3": "签收", "4": "退签", "5": "派件",
               "6": "退回", "7": "转投", "8": "清关", "14": "拒签"}


@dataclass
class Reply:
    """A canned answer: HTTP status, a body (dict → JSON), and an optional delay."""

    body: dict[str, Any] | str | bytes = ""
    status: int = 200
    delay_s: float = 0.0
    content_type: str = "application/json;charset=UTF-8"


@dataclass
class Seen:
    provider: str
    waybill_no: str
    at: datetime
    signed_ok: bool
    fields: dict[str, Any] = field(default_factory=dict)  # parsed param / RequestData


class FakeTrackingServer:
    """Start with ``with FakeTrackingServer(...) as srv:``; point clients at ``srv.url``."""

    def __init__(
        self,
        *,
        customer: str = "TESTCUSTOMER",
        key: str = "testkey",
        ebusiness_id: str = "1000001",
        app_key: str = "kdn-app-key",
        clock: Callable[[], datetime] | None = None,
        lock_s: int = 1800,
        printed_at: Callable[[str], datetime] | None = None,
        phones: dict[str, str] | None = None,
    ) -> None:
        self.customer, self.key = customer, key
        self.ebusiness_id, self.app_key = ebusiness_id, app_key
        self.clock = clock or (lambda: datetime.now(SHANGHAI))
        self.lock_s = lock_s
        epoch = self.clock()
        self.printed_at = printed_at or (
            lambda wb: epoch - timedelta(minutes=int(hashlib.sha1(wb.encode()).hexdigest(), 16)
                                         % (5 * 24 * 60)))
        self.phones = dict(phones or {})  # waybill → the 4 digits the carrier expects
        self.seen: list[Seen] = []
        self.violations: list[tuple[str, str, float]] = []  # (provider, waybill, gap seconds)
        self._last: dict[tuple[str, str], datetime] = {}
        self._scripts: dict[str, deque[Reply]] = defaultdict(deque)
        self._any: deque[Reply] = deque()
        self._mu = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- control --------------------------------------------------------------------------

    def enqueue(self, reply: Reply, waybill_no: str | None = None) -> None:
        """Answer the next query (for that waybill, or any) with ``reply``."""
        with self._mu:
            (self._scripts[waybill_no] if waybill_no else self._any).append(reply)

    def start(self) -> FakeTrackingServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # headers and body go out in two writes: without this, Nagle + delayed ACK
                # add ~40 ms to every keep-alive answer
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in
                        parse_qs(self.rfile.read(length).decode("utf-8"),
                                 keep_blank_values=True).items()}
                reply = server.handle(self.path.split("?")[0], form)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                body = reply.body
                if isinstance(body, dict):
                    body = json.dumps(body, ensure_ascii=False)
                data = body.encode("utf-8") if isinstance(body, str) else body
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,),
                                        daemon=True, name="fake-tracking-server")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeTrackingServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    # -- dispatch -------------------------------------------------------------------------

    def handle(self, path: str, form: dict[str, str]) -> Reply:
        if path == KUAIDI100_PATH:
            return self._kuaidi100(form)
        if path == KDNIAO_PATH:
            return self._kdniao(form)
        return Reply("not found", status=404, content_type="text/plain")

    def _scripted(self, waybill_no: str) -> Reply | None:
        with self._mu:
            if self._scripts.get(waybill_no):
                return self._scripts[waybill_no].popleft()
            if self._any:
                return self._any.popleft()
        return None

    def _locked(self, provider: str, waybill_no: str, now: datetime) -> bool:
        """Record the query; True when it came too soon after the previous one."""
        with self._mu:
            last = self._last.get((provider, waybill_no))
            self._last[(provider, waybill_no)] = now
            if last is not None and self.lock_s:
                gap = (now - last).total_seconds()
                if gap < self.lock_s:
                    self.violations.append((provider, waybill_no, gap))
                    return True
        return False

    def _events(self, waybill_no: str, carrier: str, provider: str, now: datetime
                ) -> list[tuple[datetime, str, str, str]]:
        codes = journeys_data()["as_provider"][provider]
        journey = plan(waybill_no, self.printed_at(waybill_no), carrier)
        return [(e.occurred_at, codes[e.raw_code], e.raw_text, e.location)
                for e in journey.until(now)]

    # -- Kuaidi100 ------------------------------------------------------------------------

    def _kuaidi100(self, form: dict[str, str]) -> Reply:
        now = self.clock()
        param_text = form.get("param", "")
        try:
            param = json.loads(param_text)
        except ValueError:
            param = {}
        num = str(param.get("num", ""))
        expected = hashlib.md5(f"{param_text}{self.key}{self.customer}".encode()).hexdigest()
        signed_ok = form.get("customer") == self.customer and form.get("sign") == expected.upper()
        self.seen.append(Seen("kuaidi100", num, now, signed_ok, param))
        if not signed_ok:
            return Reply({"result": False, "returnCode": "503", "message": "验证签名失败"})
        if not num or not param.get("com"):
            return Reply({"result": False, "returnCode": "400", "message": "找不到对应公司"})
        if self._locked("kuaidi100", num, now):
            return Reply({"result": False, "returnCode": "500",
                          "message": "查询过于频繁，该单号已被锁定，请30分钟后再查"})
        scripted = self._scripted(num)
        if scripted is not None:
            return scripted
        com = param["com"]
        if com in provider_settings("kuaidi100")["phone_required"]:
            phone = str(param.get("phone", ""))
            want = self.phones.get(num)
            if len(phone) != 4 or not phone.isdigit() or (want and phone != want):
                return Reply({"result": False, "returnCode": "408",
                              "message": "手机号码后四位不正确"})
        events = self._events(num, _K100_CARRIERS.get(com, ""), "kuaidi100", now)
        if not events:
            return Reply({"result": False, "returnCode": "500",
                          "message": "查询无结果，请隔段时间再查"})
        v2 = str(param.get("resultv2", "")) == "4"
        data = []
        for at, code, text, loc in events:
            item = {"time": at.strftime("%Y-%m-%d %H:%M:%S"),
                    "ftime": at.strftime("%Y-%m-%d %H:%M:%S"), "context": text,
                    "status": _K100_NAMES.get(_K100_MAIN.get(code, code), "在途")}
            if v2:
                item.update({"statusCode": code, "areaName": loc, "location": loc})
            data.append(item)
        if param.get("order", "desc") == "desc":
            data.reverse()
        state = _K100_MAIN.get(events[-1][1], events[-1][1])
        return Reply({"message": "ok", "nu": num, "ischeck": "1" if state == "3" else "0",
                      "condition": "F00", "com": com, "status": "200", "state": state,
                      "data": data})

    # -- KDNiao ---------------------------------------------------------------------------

    def _kdniao(self, form: dict[str, str]) -> Reply:
        now = self.clock()
        request_data = form.get("RequestData", "")
        try:
            data = json.loads(request_data)
        except ValueError:
            data = {}
        num = str(data.get("LogisticCode", ""))
        md5_hex = hashlib.md5(f"{request_data}{self.app_key}".encode()).hexdigest()
        expected = base64.b64encode(md5_hex.encode()).decode()
        account_ok = form.get("EBusinessID") == self.ebusiness_id
        signed_ok = account_ok and form.get("DataSign") == expected \
            and form.get("DataType") == "2"
        self.seen.append(Seen("kdniao", num, now, signed_ok, data))
        base = {"EBusinessID": form.get("EBusinessID", ""), "ShipperCode":
                data.get("ShipperCode", ""), "LogisticCode": num}
        if not account_ok:
            return Reply({**base, "Success": False, "Reason": "EBusinessID不存在或未授权"})
        if not signed_ok:
            return Reply({**base, "Success": False, "Reason": "数据签名验证失败"})
        if form.get("RequestType") not in ("8001", "1002"):
            return Reply({**base, "Success": False, "Reason": "RequestType不支持"})
        if self._locked("kdniao", num, now):
            return Reply({**base, "Success": False, "Reason": "查询过于频繁，请稍后再试"})
        scripted = self._scripted(num)
        if scripted is not None:
            return scripted
        shipper = str(data.get("ShipperCode", ""))
        by_shipper = {v: k for k, v in provider_settings("kdniao")["shipper_codes"].items()}
        carrier = by_shipper.get(shipper)
        if carrier is None:
            return Reply({**base, "Success": False, "Reason": "快递公司编码不正确"})
        if provider_settings("kdniao")["customer_name"].get(carrier) == "phone":
            phone = str(data.get("CustomerName", ""))
            want = self.phones.get(num)
            if len(phone) != 4 or not phone.isdigit() or (want and phone != want):
                return Reply({**base, "Success": False, "Reason": "CustomerName手机号后四位不正确"})
        events = self._events(num, carrier, "kdniao", now)
        if not events:
            return Reply({**base, "Success": False, "State": "0", "Reason": "暂无轨迹信息"})
        detailed = form.get("RequestType") == "8001"
        traces = []
        for at, code, text, loc in events:
            t = {"AcceptTime": at.strftime("%Y-%m-%d %H:%M:%S"), "AcceptStation": text,
                 "Location": loc}
            if detailed:
                t["Action"] = code
            traces.append(t)
        if str(data.get("Sort", 0)) == "1":
            traces.reverse()
        last = events[-1][1]
        state = last[0] if len(last) == 3 else last
        body = {**base, "Success": True, "State": state, "Location": events[-1][3],
                "Traces": traces}
        if detailed:
            body["StateEx"] = last
        return Reply(body)
