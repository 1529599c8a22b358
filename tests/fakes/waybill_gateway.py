"""A local look-alike of the Douyin, Kuaishou, PDD and Cainiao e-waybill gateways.

For tests, the benchmark and offline trials. It checks what the platforms check — the
signature (rebuilt from what arrived, with app.platforms.signing), the common parameters,
the timestamp window, the batch limits and the shape of every order in the request — and
answers in each platform's own shapes. Like the platforms, it gives the same number to the
same order + pack until that number is voided. Tests can queue exact replies (5xx,
business errors, answers that arrive after the client gave up) and make single orders
fail. Standard library only, so the benchmark can use it without test dependencies.

Gateways: ``srv.gateway("douyin")`` etc. (one server, one path prefix per platform).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app.carriers.catalogue import carriers
from app.carriers.sandbox import route
from app.core.timeutil import SHANGHAI
from app.platforms.signing import (
    canonical_json,
    douyin_sign,
    kuaishou_sign,
    pdd_sign,
    top_sign,
)

PREFIX = {"douyin": "/douyin", "kuaishou": "/kuaishou", "pdd": "/pdd/api/router",
          "cainiao": "/cainiao/router/rest"}
LIMITS = {"douyin": 50, "kuaishou": 10, "pdd": 10, "cainiao": 10}
_OFFSET = {"douyin": 0, "kuaishou": 1, "pdd": 2, "cainiao": 3}


@dataclass
class Reply:
    """A canned answer. ``issue=True``: handle the request for real (numbers are issued
    and remembered) and only then apply status/body/delay — a reply lost on the way back."""

    body: dict[str, Any] | str | None = None
    status: int = 200
    delay_s: float = 0.0
    issue: bool = False


@dataclass
class Seen:
    provider: str
    method: str
    orders: int
    signed_ok: bool
    problems: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict, repr=False)


class _BadRequest(Exception):
    def __init__(self, kind: str, text: str) -> None:
        super().__init__(text)
        self.kind, self.text = kind, text  # kind: sign | param | token


class FakeWaybillServer:
    """``with FakeWaybillServer() as srv:``; point accounts at ``srv.gateway(provider)``."""

    def __init__(self, *, app_key: str = "test-app", secret: str = "test-secret",
                 token: str = "test-token", clock: Callable[[], datetime] | None = None,
                 skew_s: int = 600) -> None:
        self.app_key, self.secret, self.token = app_key, secret, token
        self.clock = clock or (lambda: datetime.now(SHANGHAI))
        self.skew_s = skew_s
        self.lock = threading.Lock()
        self.issued: dict[tuple[str, str, str, str], str] = {}  # (prov, cp, order, pack) → no
        self.numbers: dict[str, tuple[str, str, str, str]] = {}
        self.cancelled: set[str] = set()
        self.counters: dict[tuple[str, str], int] = {}
        self.replies: dict[str, deque[Reply]] = {p: deque() for p in PREFIX}
        self.fail_orders: dict[str, tuple[str, str]] = {}  # order id → (code, message)
        self.out_of_range: set[tuple[str, ...]] = set()  # (province, city[, district])
        self.seen: list[Seen] = []
        self.keep_payloads = True
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> FakeWaybillServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> FakeWaybillServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms stall

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body, delay = server.handle(self.path, raw,
                                                    self.headers.get("Content-Type", ""))
                if delay:
                    time.sleep(delay)
                data = body if isinstance(body, bytes) else (
                    body.encode() if isinstance(body, str)
                    else json.dumps(body, ensure_ascii=False).encode())
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json;charset=UTF-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as a real client does

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def gateway(self, provider: str) -> str:
        return self.url + PREFIX[provider]

    def queue(self, provider: str, *replies: Reply) -> None:
        self.replies[provider].extend(replies)

    @property
    def problems(self) -> list[str]:
        return [f"{s.provider} {s.method}: {p}" for s in self.seen for p in s.problems]

    def calls(self, provider: str, method: str | None = None) -> list[Seen]:
        return [s for s in self.seen if s.provider == provider and
                (method is None or s.method == method)]

    # ------------------------------------------------------------------ dispatch
    def handle(self, path: str, raw: bytes, ctype: str) -> tuple[int, Any, float]:
        parts = urlsplit(path)
        provider = next((p for p, pre in PREFIX.items() if parts.path.startswith(pre)), None)
        if provider is None:
            return 404, {"error": "no such gateway"}, 0.0
        reply = None
        with self.lock:
            if self.replies[provider]:
                reply = self.replies[provider].popleft()
        if reply is not None and not reply.issue:
            return reply.status, reply.body if reply.body is not None else "", reply.delay_s
        handler = getattr(self, f"_{provider}")
        status, body = handler(parts, raw, ctype)
        if reply is not None:  # issued for real, answer lost/late
            return (reply.status, reply.body if reply.body is not None else body,
                    reply.delay_s)
        return status, body, 0.0

    def _number(self, provider: str, cp: str, order: str, pack: str) -> str:
        key = (provider, cp, order, pack)
        with self.lock:
            known = self.issued.get(key)
            if known:
                return known
            c = carriers()[cp]
            n = self.counters.get((provider, cp), 0)
            self.counters[(provider, cp)] = n + 1
            value = c.sandbox.start + 2 * 10**9 + _OFFSET[provider] * 10**8 + n
            number = f"{c.sandbox.prefix}{value:0{c.sandbox.width}d}"
            self.issued[key] = number
            self.numbers[number] = key
            return number

    def _cancel(self, provider: str, number: str) -> str:
        """'' when voided now; 'cancelled' if already void; 'unknown' otherwise."""
        with self.lock:
            key = self.numbers.get(number)
            if key is None or key[0] != provider:
                return "unknown"
            if number in self.cancelled:
                return "cancelled"
            self.cancelled.add(number)
            if self.issued.get(key) == number:
                del self.issued[key]  # the order+pack may be numbered again
            return ""

    def _record(self, provider: str, method: str, orders: int, signed_ok: bool,
                problems: list[str], payload: dict) -> None:
        with self.lock:
            self.seen.append(Seen(provider, method, orders, signed_ok, problems,
                                  payload if self.keep_payloads else {}))

    def _check_time(self, ts: datetime | None, problems: list[str]) -> None:
        if ts is None:
            problems.append("timestamp missing or unreadable")
            return
        if abs((self.clock() - ts).total_seconds()) > self.skew_s:
            problems.append("timestamp outside the allowed window")

    @staticmethod
    def _need(obj: Any, path: str, problems: list[str], *, nonempty: bool = True) -> Any:
        cur = obj
        for part in path.split("."):
            if not isinstance(cur, dict) or part not in cur:
                problems.append(f"{path} missing")
                return None
            cur = cur[part]
        if nonempty and cur in ("", None, [], {}):
            problems.append(f"{path} empty")
        return cur

    def _cp(self, provider: str, code: str) -> str | None:
        for c in carriers().values():
            if c.platform_codes.get(provider) == code:
                return c.code
        return None

    def _served(self, province: str, city: str, district: str) -> bool:
        return not ({(province, city), (province, city, district), (province,)}
                    & self.out_of_range)

    # ------------------------------------------------------------------ Douyin
    def _douyin(self, parts: Any, raw: bytes, ctype: str) -> tuple[int, Any]:
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        method = parts.path[len(PREFIX["douyin"]) + 1:].replace("/", ".")
        problems: list[str] = []
        body = raw.decode("utf-8")
        for k in ("app_key", "method", "timestamp", "v", "sign", "sign_method", "access_token"):
            if k not in q:
                problems.append(f"query parameter {k} missing")
        if q.get("method") != method:
            problems.append("method in the query does not match the path")
        if q.get("v") != "2":
            problems.append("v must be 2")
        if "application/json" not in ctype:
            problems.append("body must be application/json")
        try:
            params = json.loads(body)
        except ValueError:
            params = {}
            problems.append("param_json is not JSON")
        if body != canonical_json(params):
            problems.append("param_json is not canonical (sorted keys, no spaces, unescaped)")
        ts = q.get("timestamp", "")
        self._check_time(datetime.fromtimestamp(int(ts), SHANGHAI) if ts.isdigit() else None,
                         problems)
        signed_ok = q.get("sign") == douyin_sign(
            q.get("app_key", ""), self.secret, method, body, ts, q.get("sign_method", ""))
        if q.get("sign_method") not in ("hmac-sha256", "md5"):
            signed_ok = False
        orders = len(params.get("order_infos") or []) if isinstance(params, dict) else 0
        try:
            if not signed_ok or q.get("app_key") != self.app_key:
                raise _BadRequest("sign", "sign check failed")
            if q.get("access_token") != self.token:
                raise _BadRequest("token", "access_token invalid")
            if problems:
                raise _BadRequest("param", "; ".join(problems))
            data = getattr(self, "_douyin_" + method.split(".")[-1])(params, problems)
        except _BadRequest as bad:
            self._record("douyin", method, orders, signed_ok, problems or [bad.text], params)
            code, sub = {"sign": (40003, "isv.sign-invalid"),
                         "token": (30002, "isv.access-token-expired"),
                         "param": (40004, "isv.parameter-invalid")}[bad.kind]
            return 200, {"code": code, "msg": "fail", "sub_code": sub, "sub_msg": bad.text,
                         "data": {}, "log_id": "test"}
        except _AlreadyVoid:
            self._record("douyin", method, orders, signed_ok, problems, params)
            return 200, {"code": 40004, "msg": "fail", "sub_code": "isv.waybill-cancelled",
                         "sub_msg": "面单已取消", "data": {}, "log_id": "test"}
        self._record("douyin", method, orders, signed_ok, problems, params)
        return 200, {"code": 10000, "msg": "success", "sub_code": "", "sub_msg": "",
                     "data": data, "log_id": "test"}

    def _douyin_newCreateOrder(self, p: dict, problems: list[str]) -> dict:  # noqa: N802
        for path in ("sender_info.address.province_name", "sender_info.address.city_name",
                     "sender_info.address.detail_address", "sender_info.contact.name",
                     "sender_info.contact.mobile", "logistics_code", "order_infos"):
            self._need(p, path, problems)
        cp = self._cp("douyin", p.get("logistics_code", ""))
        if cp is None:
            problems.append("unknown logistics_code")
        infos = p.get("order_infos") or []
        if not 1 <= len(infos) <= LIMITS["douyin"]:
            problems.append(f"order_infos holds {len(infos)} orders; 1 to 50 allowed")
        for info in infos:
            for path in ("order_id", "pack_id", "receiver_info.address.province_name",
                         "receiver_info.address.city_name",
                         "receiver_info.address.detail_address",
                         "receiver_info.contact.name", "receiver_info.contact.mobile",
                         "items", "total_pack_count"):
                self._need(info, path, problems)
            if info.get("pay_method") not in (1, 2):
                problems.append("pay_method must be 1 or 2")
        if problems:
            raise _BadRequest("param", "; ".join(problems))
        ebills, errs = [], []
        for info in infos:
            oid, pack = str(info["order_id"]), str(info["pack_id"])
            addr = info["receiver_info"]["address"]
            if oid in self.fail_orders:
                code, msg = self.fail_orders[oid]
                errs.append({"order_id": oid, "pack_id": pack, "err_code": code,
                             "err_msg": msg})
                continue
            if not self._served(addr["province_name"], addr["city_name"],
                                addr.get("district_name", "")):
                errs.append({"order_id": oid, "pack_id": pack, "err_code": "isv.out-of-range",
                             "err_msg": "收件地址超区"})
                continue
            number = self._number("douyin", cp, oid, pack)
            sort_code, centre_code, centre_name, short = route(
                cp, addr["province_name"], addr["city_name"], addr.get("district_name", ""),
                addr.get("street_name", ""))
            ebills.append({"order_id": oid, "pack_id": pack, "track_no": number,
                           "sort_code": sort_code, "package_center_code": centre_code,
                           "package_center_name": centre_name, "short_address_code": "",
                           "short_address_name": short, "sub_waybill_codes": []})
        return {"ebill_infos": ebills, "err_infos": errs}

    def _douyin_cancelOrder(self, p: dict, problems: list[str]) -> dict:  # noqa: N802
        self._need(p, "logistics_code", problems)
        no = self._need(p, "track_no", problems)
        if problems:
            raise _BadRequest("param", "; ".join(problems))
        state = self._cancel("douyin", str(no))
        if state == "unknown":
            raise _BadRequest("param", "track_no was not issued to this shop")
        if state == "cancelled":
            raise _AlreadyVoid("douyin")
        return {"cancel_result": True}

    def _douyin_getOutRange(self, p: dict, problems: list[str]) -> dict:  # noqa: N802
        self._need(p, "logistics_code", problems)
        addr = self._need(p, "receiver_address", problems) or {}
        self._need(p, "sender_address.province_name", problems)
        if problems:
            raise _BadRequest("param", "; ".join(problems))
        served = self._served(addr.get("province_name", ""), addr.get("city_name", ""),
                              addr.get("district_name", ""))
        return {"is_out_range": not served, "out_range_reason": 0 if served else 2}

    # ------------------------------------------------------------------ Kuaishou
    def _form(self, raw: bytes, ctype: str, problems: list[str]) -> dict[str, str]:
        if "application/x-www-form-urlencoded" not in ctype:
            problems.append("body must be a form")
        return {k: v[0] for k, v in parse_qs(raw.decode("utf-8"),
                                             keep_blank_values=True).items()}

    def _kuaishou(self, parts: Any, raw: bytes, ctype: str) -> tuple[int, Any]:
        problems: list[str] = []
        f = self._form(raw, ctype, problems)
        method = parts.path[len(PREFIX["kuaishou"]) + 1:].replace("/", ".")
        for k in ("appkey", "method", "version", "param", "access_token", "timestamp",
                  "signMethod", "sign"):
            if k not in f:
                problems.append(f"parameter {k} missing")
        if f.get("method") != method:
            problems.append("method does not match the path")
        if f.get("version") != "1":
            problems.append("version must be 1")
        ts = f.get("timestamp", "")
        self._check_time(datetime.fromtimestamp(int(ts) / 1000, SHANGHAI)
                         if ts.isdigit() else None, problems)
        unsigned = {k: v for k, v in f.items() if k != "sign"}
        signed_ok = f.get("signMethod", "").upper() in ("MD5", "HMAC_SHA256") and \
            f.get("sign") == kuaishou_sign(unsigned, self.secret, f.get("signMethod", ""))
        try:
            param = json.loads(f.get("param", "{}"))
        except ValueError:
            param = {}
            problems.append("param is not JSON")
        orders = len(param.get("getEbillOrderRequest") or []) if isinstance(param, dict) else 0
        try:
            if not signed_ok or f.get("appkey") != self.app_key:
                raise _BadRequest("sign", "sign check failed")
            if f.get("access_token") != self.token:
                raise _BadRequest("token", "access_token invalid")
            if problems:
                raise _BadRequest("param", "; ".join(problems))
            name = {"open.express.ebill.get": "get", "open.express.ebill.cancel": "cancel",
                    "open.express.reachable.query": "reachable"}.get(method)
            if name is None:
                raise _BadRequest("param", f"unknown method {method}")
            data = getattr(self, "_kuaishou_" + name)(param, problems)
        except _BadRequest as bad:
            self._record("kuaishou", method, orders, signed_ok, problems or [bad.text], param)
            code = {"sign": "28", "token": "24", "param": "802000"}[bad.kind]
            return 200, {"result": 0, "code": code, "error_msg": bad.text}
        except _AlreadyVoid:
            self._record("kuaishou", method, orders, signed_ok, problems, param)
            return 200, {"result": 0, "code": "803010", "error_msg": "面单已取消"}
        self._record("kuaishou", method, orders, signed_ok, problems, param)
        return 200, {"result": 1, "data": data}

    def _kuaishou_get(self, p: dict, problems: list[str]) -> list:
        reqs = p.get("getEbillOrderRequest") or []
        if not 1 <= len(reqs) <= LIMITS["kuaishou"]:
            problems.append(f"getEbillOrderRequest holds {len(reqs)} orders; 1 to 10 allowed")
        for r in reqs:
            for path in ("tradeOrderCode", "packageCode", "expressCompanyCode", "requestId",
                         "senderAddress.provinceName", "senderAddress.detailAddress",
                         "senderContract.name", "senderContract.mobile",
                         "receiverAddress.provinceName", "receiverAddress.cityName",
                         "receiverAddress.detailAddress", "receiverContract.name",
                         "receiverContract.mobile"):
                self._need(r, path, problems)
            if self._cp("kuaishou", r.get("expressCompanyCode", "")) is None:
                problems.append("unknown expressCompanyCode")
        if problems:
            raise _BadRequest("param", "; ".join(problems))
        out = []
        for r in reqs:
            oid, pack = str(r["tradeOrderCode"]), str(r["packageCode"])
            addr = r["receiverAddress"]
            if oid in self.fail_orders:
                code, msg = self.fail_orders[oid]
                out.append({"requestId": r["requestId"], "result": 0, "errorCode": code,
                            "errorMsg": msg, "data": []})
                continue
            if not self._served(addr["provinceName"], addr["cityName"],
                                addr.get("districtName", "")):
                out.append({"requestId": r["requestId"], "result": 0, "errorCode": "803002",
                            "errorMsg": "超区", "data": []})
                continue
            cp = self._cp("kuaishou", r["expressCompanyCode"])
            number = self._number("kuaishou", cp, oid, pack)
            out.append({"requestId": r["requestId"], "result": 1, "data": [
                {"waybillCode": number, "printData": "ENC" + number[::-1],
                 "signature": "sig", "key": "k", "version": "1"}]})
        return out

    def _kuaishou_cancel(self, p: dict, problems: list[str]) -> dict:
        no = self._need(p, "waybillCode", problems)
        self._need(p, "expressCompanyCode", problems)
        if problems:
            raise _BadRequest("param", "; ".join(problems))
        state = self._cancel("kuaishou", str(no))
        if state == "unknown":
            raise _BadRequest("param", "waybillCode unknown")
        if state == "cancelled":
            raise _AlreadyVoid("kuaishou")
        return {}

    def _kuaishou_reachable(self, p: dict, problems: list[str]) -> list:
        reqs = p.get("reachableRequests") or []
        if not 1 <= len(reqs) <= LIMITS["kuaishou"]:
            problems.append("reachableRequests must hold 1 to 10 addresses")
        if problems:
            raise _BadRequest("param", "; ".join(problems))
        out = []
        for r in reqs:
            a = r.get("receiverAddress") or {}
            out.append({"requestId": r.get("requestId"),
                        "reachable": self._served(a.get("provinceName", ""),
                                                  a.get("cityName", ""),
                                                  a.get("districtName", ""))})
        return out

    # ------------------------------------------------------------------ PDD and Cainiao
    def _pdd(self, parts: Any, raw: bytes, ctype: str) -> tuple[int, Any]:
        problems: list[str] = []
        f = self._form(raw, ctype, problems)
        for k in ("type", "client_id", "access_token", "timestamp", "data_type", "version",
                  "sign"):
            if k not in f:
                problems.append(f"parameter {k} missing")
        if f.get("data_type") != "JSON" or f.get("version") != "V1":
            problems.append("data_type must be JSON and version V1")
        ts = f.get("timestamp", "")
        self._check_time(datetime.fromtimestamp(int(ts), SHANGHAI) if ts.isdigit() else None,
                         problems)
        signed_ok = f.get("sign") == pdd_sign({k: v for k, v in f.items() if k != "sign"},
                                              self.secret)
        method = f.get("type", "")

        def error(code: int, msg: str, sub: str = "") -> dict:
            return {"error_response": {"error_code": code, "error_msg": msg, "sub_code": sub,
                                       "sub_msg": msg, "request_id": "test"}}

        if not signed_ok or f.get("client_id") != self.app_key:
            self._record("pdd", method, 0, signed_ok, problems or ["sign"], f)
            return 200, error(10016, "sign check failed")
        if f.get("access_token") != self.token:
            self._record("pdd", method, 0, signed_ok, problems or ["token"], f)
            return 200, error(10019, "access_token expired")
        if method == "pdd.waybill.get":
            return self._tb_get("pdd", method, f, "param_waybill_apply_new_request", "wp_code",
                                problems, lambda code, msg, sub="": error(code, msg, sub),
                                lambda mods: {"pdd_waybill_get_response": {
                                    "modules": mods, "request_id": "test"}},
                                ("70032", 70032))
        if method == "pdd.waybill.cancel":
            return self._tb_cancel("pdd", method, f, "wp_code", problems,
                                   lambda code, msg, sub="": error(code, msg, sub),
                                   {"pdd_waybill_cancel_response": {"cancel_result": True}},
                                   ("70040", 70040))
        self._record("pdd", method, 0, signed_ok, [f"unknown type {method}"], f)
        return 200, error(10000, f"unknown type {method}")

    def _cainiao(self, parts: Any, raw: bytes, ctype: str) -> tuple[int, Any]:
        problems: list[str] = []
        f = self._form(raw, ctype, problems)
        for k in ("method", "app_key", "session", "timestamp", "format", "v", "sign_method",
                  "sign"):
            if k not in f:
                problems.append(f"parameter {k} missing")
        if f.get("format") != "json" or f.get("v") != "2.0" or f.get("sign_method") != "md5":
            problems.append("format must be json, v 2.0 and sign_method md5")
        try:
            ts = datetime.strptime(f.get("timestamp", ""), "%Y-%m-%d %H:%M:%S").replace(
                tzinfo=SHANGHAI)
        except ValueError:
            ts = None
        self._check_time(ts, problems)
        signed_ok = f.get("sign") == top_sign({k: v for k, v in f.items() if k != "sign"},
                                              self.secret)
        method = f.get("method", "")

        def error(code: int, msg: str, sub: str = "") -> dict:
            return {"error_response": {"code": code, "msg": msg, "sub_code": sub,
                                       "sub_msg": msg, "request_id": "test"}}

        if not signed_ok or f.get("app_key") != self.app_key:
            self._record("cainiao", method, 0, signed_ok, problems or ["sign"], f)
            return 200, error(25, "Invalid signature")
        if f.get("session") != self.token:
            self._record("cainiao", method, 0, signed_ok, problems or ["token"], f)
            return 200, error(27, "Invalid session")
        if method == "cainiao.waybill.ii.get":
            return self._tb_get("cainiao", method, f,
                                "param_waybill_cloud_print_apply_new_request", "cp_code",
                                problems, lambda code, msg, sub="": error(code, msg, sub),
                                lambda mods: {"cainiao_waybill_ii_get_response": {
                                    "modules": {"waybill_cloud_print_response": mods},
                                    "request_id": "test"}},
                                ("isv.ADDRESS_NOT_REACHABLE", 15))
        if method == "cainiao.waybill.ii.cancel":
            return self._tb_cancel("cainiao", method, f, "cp_code", problems,
                                   lambda code, msg, sub="": error(code, msg, sub),
                                   {"cainiao_waybill_ii_cancel_response":
                                    {"cancel_result": True}},
                                   ("isv.WAYBILL_ALREADY_CANCELLED", 15))
        self._record("cainiao", method, 0, signed_ok, [f"unknown method {method}"], f)
        return 200, error(22, f"unknown method {method}")

    def _tb_get(self, provider: str, method: str, f: dict, param_name: str, cp_key: str,
                problems: list[str], error: Callable[..., dict],
                success: Callable[[list], dict], out_of_range: tuple[str, int]
                ) -> tuple[int, Any]:
        try:
            req = json.loads(f.get(param_name, ""))
        except ValueError:
            req = {}
            problems.append(f"{param_name} missing or not JSON")
        for path in (cp_key, "sender.address.province", "sender.address.city",
                     "sender.address.detail", "sender.name", "sender.mobile",
                     "trade_order_info_dtos"):
            self._need(req, path, problems)
        cp = self._cp(provider, req.get(cp_key, "")) if isinstance(req, dict) else None
        if cp is None:
            problems.append(f"unknown {cp_key}")
        dtos = (req.get("trade_order_info_dtos") or []) if isinstance(req, dict) else []
        if not 1 <= len(dtos) <= LIMITS[provider]:
            problems.append(f"trade_order_info_dtos holds {len(dtos)} orders; 1 to 10 allowed")
        for d in dtos:
            for path in ("object_id", "order_info.order_channels_type",
                         "order_info.trade_order_list", "package_info.id",
                         "package_info.items", "recipient.address.province",
                         "recipient.address.city", "recipient.address.detail",
                         "recipient.name", "recipient.mobile"):
                self._need(d, path, problems)
        if problems:
            self._record(provider, method, len(dtos), True, problems, req)
            return 200, error(10000 if provider == "pdd" else 41, "; ".join(problems),
                              "isv.invalid-parameter")
        for d in dtos:  # the platform refuses the whole call when one order fails
            oid = str(d["order_info"]["trade_order_list"][0])
            a = d["recipient"]["address"]
            if oid in self.fail_orders:
                code, msg = self.fail_orders[oid]
                self._record(provider, method, len(dtos), True, [], req)
                return 200, error(15, msg, code)
            if not self._served(a["province"], a["city"], a.get("district", "")):
                self._record(provider, method, len(dtos), True, [], req)
                sub, code = out_of_range
                return 200, error(code, "address not reachable", sub)
        mods = []
        for d in dtos:
            oid = str(d["order_info"]["trade_order_list"][0])
            number = self._number(provider, cp, oid, str(d["package_info"]["id"]))
            mods.append({"object_id": d["object_id"], "waybill_code": number,
                         "print_data": json.dumps({"encryptedData": "E" + number,
                                                   "signature": "s", "ver": "1"})})
        self._record(provider, method, len(dtos), True, [], req)
        return 200, success(mods)

    def _tb_cancel(self, provider: str, method: str, f: dict, cp_key: str,
                   problems: list[str], error: Callable[..., dict], success: dict,
                   already: tuple[str, int]) -> tuple[int, Any]:
        for k in (cp_key, "waybill_code"):
            if not f.get(k):
                problems.append(f"{k} missing")
        if problems:
            self._record(provider, method, 0, True, problems, f)
            return 200, error(10000 if provider == "pdd" else 41, "; ".join(problems))
        state = self._cancel(provider, f["waybill_code"])
        self._record(provider, method, 0, True, [], f)
        if state == "unknown":
            return 200, error(10000 if provider == "pdd" else 41, "waybill unknown")
        if state == "cancelled":
            sub, code = already
            return 200, error(code, "already cancelled", sub)
        return 200, success


class _AlreadyVoid(Exception):
    pass
