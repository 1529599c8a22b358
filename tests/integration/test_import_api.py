"""Order pull from the Douyin and Kuaishou APIs against a local server that checks every
signature with the same signing functions, and serves pages, business errors, 5xx and
timeouts."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import func, select

from app.core.timeutil import SHANGHAI
from app.importers.platform_api import DouyinOrderClient, KuaishouOrderClient
from app.platforms.http import PlatformError, make_session
from app.platforms.signing import douyin_sign, kuaishou_sign
from app.services.import_orders import list_flagged
from app.services.platform_orders import (
    configure_platform_app,
    make_client,
    pull_orders,
    reveal_receivers,
)
from app.store.models import AuditLog, Order, Recipient
from app.store.models_import import PullCursor

APP_KEY, SECRET, TOKEN = "7000000000000000001", "s3cr3t-for-tests", "token-abc"
_T0 = datetime.fromtimestamp(1763590000, SHANGHAI)
WINDOW = {"since": _T0, "until": _T0 + timedelta(days=1)}


def _cipher(kind: str, n: int) -> str:
    k = {"name": "A", "phone": "B", "detail": "C"}[kind]
    body = f"QUJD{n:06d}R{k}==*RUZH{n:06d}SA=="
    return f"$${body}$1$$" if kind == "phone" else f"##{body}#1##"


def douyin_order(n: int, status: int = 2, update: int = 1763600000) -> dict:
    return {
        "order_id": f"69{n:017d}", "order_status": status,
        "order_status_desc": {2: "待发货", 4: "已取消", 3: "已发货"}.get(status, "?"),
        "create_time": 1763600000 + n, "pay_time": 1763600030 + n,
        "exp_ship_time": 1763772830 + n, "update_time": update + n,
        "pay_amount": 4580, "post_amount": 0, "promotion_amount": 0,
        "encrypt_post_receiver": _cipher("name", n), "encrypt_post_tel": _cipher("phone", n),
        "mask_post_receiver": "张**", "mask_post_tel": "138****1234",
        "post_addr": {"province": {"name": "浙江省"}, "city": {"name": "杭州市"},
                      "town": {"name": "余杭区"}, "street": {"name": "五常街道"},
                      "encrypt_detail": _cipher("detail", n)},
        "buyer_words": "", "seller_words": "",
        "sku_order_list": [{"order_id": f"69{n:017d}1", "product_name": "云南鲜花饼",
                            "spec": [{"name": "口味", "value": "玫瑰"}], "item_num": 1,
                            "product_id": "3600000001", "out_sku_id": "CAKE-10",
                            "origin_amount": 4580, "pay_amount": 4580}],
    }


class FakePlatform:
    """Both platforms on one local server. ``faults`` is consumed one per call:
    None, "500", "timeout", "limit" (a rate-limit business error)."""

    def __init__(self) -> None:
        self.douyin_orders = [douyin_order(n) for n in range(250)]
        self.ks_orders = [self._ks(n) for n in range(130)]
        self.faults: list[str | None] = []
        self.calls: list[dict] = []
        self.bad_signatures = 0
        self.timeout_s = 1.0
        self.secret = SECRET
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                status, answer = outer.handle(self.path, body)
                if status == 0:
                    return
                data = json.dumps(answer, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def _ks(n: int) -> dict:
        return {"orderBaseInfo": {"oid": 2400000000000000 + n, "status": 30,
                                  "statusDesc": "待发货", "createTime": 1763600000000 + n,
                                  "payTime": 1763600030000 + n, "totalFee": 2990,
                                  "expressFee": 0, "updateTime": 1763600000000 + n},
                "orderAddress": {"encryptedConsignee": _cipher("name", n),
                                 "encryptedMobile": _cipher("phone", n),
                                 "provinceName": "北京市", "cityName": "北京市",
                                 "districtName": "朝阳区", "townName": "望京街道",
                                 "encryptedAddress": _cipher("detail", n)},
                "orderItemInfoList": [{"oid": 2400000000000000 + n, "itemId": 11,
                                       "itemTitle": "冻干草莓脆", "skuDesc": "原味", "num": 1,
                                       "price": 2990}]}

    # ------------------------------------------------------------------ dispatch
    def handle(self, path: str, body: str) -> tuple[int, dict]:
        u = urlparse(path)
        fault = self.faults.pop(0) if self.faults else None
        if fault == "timeout":
            time.sleep(self.timeout_s)
            return 0, {}
        if fault == "500":
            return 500, {"error": "busy"}
        if "appkey=" in body:
            return self.kuaishou(u.path, {k: v[0] for k, v in parse_qs(body).items()}, fault)
        return self.douyin(u.path, {k: v[0] for k, v in parse_qs(u.query).items()}, body, fault)

    def douyin(self, path: str, q: dict, body: str, fault: str | None) -> tuple[int, dict]:
        method = q.get("method", "")
        expect = douyin_sign(APP_KEY, self.secret, method, body, q.get("timestamp", ""),
                             q.get("sign_method", "hmac-sha256"))
        ok = (q.get("sign") == expect and q.get("app_key") == APP_KEY and q.get("v") == "2"
              and q.get("access_token") == TOKEN and path == "/" + method.replace(".", "/"))
        if not ok:
            self.bad_signatures += 1
            return 200, {"code": 30002, "msg": "签名错误", "sub_code": "isv.signature-invalid",
                         "sub_msg": "sign invalid"}
        params = json.loads(body)
        self.calls.append({"platform": "douyin", "method": method, **params})
        if fault == "limit":
            return 200, {"code": 50002, "msg": "业务处理失败",
                         "sub_code": "isv.access-limit", "sub_msg": "调用频率超限"}
        if method == "order.searchList":
            assert params["size"] <= 100
            start, end = params["update_time_start"], params["update_time_end"]
            hit = [o for o in self.douyin_orders if start <= o["update_time"] < end]
            page = hit[params["page"] * params["size"]:(params["page"] + 1) * params["size"]]
            return 200, {"code": 10000, "msg": "success", "data": {
                "shop_order_list": page, "total": len(hit), "page": params["page"],
                "size": params["size"]}}
        if method == "order.batchDecrypt":
            infos = params["cipher_infos"]
            if len(infos) > 50:
                return 200, {"code": 40004, "msg": "too many", "sub_code": "isv.param"}
            out = []
            for info in infos:
                c = info["cipher_text"]
                n = int(c[6:12])
                plain = {"$": f"1380000{n:04d}-{n % 9000 + 1000}",
                         "#": f"解密文本{n}"}[c[0]]
                out.append({"auth_id": info["auth_id"], "cipher_text": c,
                            "decrypt_text": plain, "err_no": 0,
                            "is_virtual_tel": c[0] == "$"})
            return 200, {"code": 10000, "msg": "success", "data": {"decrypt_infos": out}}
        return 200, {"code": 40004, "msg": "unknown method"}

    def kuaishou(self, path: str, form: dict, fault: str | None) -> tuple[int, dict]:
        sign = form.pop("sign", "")
        expect = kuaishou_sign(form, self.secret, form.get("signMethod", "HMAC_SHA256"))
        method = form.get("method", "")
        if sign != expect or form.get("appkey") != APP_KEY or \
                path != "/" + method.replace(".", "/") or form.get("version") != "1":
            self.bad_signatures += 1
            return 200, {"result": 28, "error_msg": "sign invalid"}
        params = json.loads(form["param"])
        self.calls.append({"platform": "kuaishou", "method": method, **params})
        if fault == "limit":
            return 200, {"result": 802000, "code": 802000, "error_msg": "调用频率超限"}
        if method == "open.order.cursor.list":
            size = params["pageSize"]
            start = int(params["cursor"] or 0)
            page = self.ks_orders[start:start + size]
            nxt = str(start + size) if start + size < len(self.ks_orders) else "nomore"
            return 200, {"result": 1, "data": {"orderList": page, "cursor": nxt}}
        return 200, {"result": 0, "error_msg": "unknown method"}


@pytest.fixture
def server():
    s = FakePlatform()
    yield s
    s.close()


class Sleeps(list):
    def __call__(self, s: float) -> None:
        self.append(s)


def _douyin(server: FakePlatform, sleeps: Sleeps, **kw: object) -> DouyinOrderClient:
    args = {"app_key": APP_KEY, "secret": SECRET, "access_token": TOKEN, "base_url": server.url,
            "session": make_session(retries=0, backoff=0), "timeout": 0.4, "sleep": sleeps,
            "min_interval": 0.05}
    args.update(kw)
    return DouyinOrderClient(**args)  # type: ignore[arg-type]


def _count(ws, model) -> int:  # noqa: ANN001
    with ws.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_douyin_pull_pages_retries_and_stores_ciphertext(ws, server):
    sleeps = Sleeps()
    client = _douyin(server, sleeps)
    server.faults = ["500", "limit", "timeout"]
    s = pull_orders(ws, shop_name="抖店一号", platform="douyin", client=client, **WINDOW)
    assert server.bad_signatures == 0
    assert s.imported == 250 and s.errors == []
    pages = [c["page"] for c in server.calls if c["method"] == "order.searchList"]
    assert pages[-3:] == [0, 1, 2] and all(c["size"] == 100 for c in server.calls)
    assert client.calls == 6  # 3 failures retried, then 3 pages
    assert len([x for x in sleeps if x >= 1.0]) == 3  # backoff after each failure
    with ws.read() as db:
        kinds = set(db.execute(select(Recipient.name_kind, Recipient.phone_kind,
                                      Recipient.detail_kind)).all())
        assert kinds == {("cipher", "cipher", "cipher")}
        o = db.scalar(select(Order).where(Order.platform_order_id == f"69{5:017d}"))
        assert o.status == "to_ship" and o.payable_fen == 4580
        assert o.extra["mask_post_receiver"] == "张**"


def test_repull_updates_statuses_and_flags_and_moves_the_cursor(ws, server):
    sleeps = Sleeps()
    client = _douyin(server, sleeps, min_interval=0)
    pull_orders(ws, shop_name="抖店一号", platform="douyin", client=client,
                **WINDOW)
    with ws.read() as db:
        synced = db.scalar(select(PullCursor.synced_until))
    assert synced is not None
    server.douyin_orders[7] = douyin_order(7, status=4, update=1763600000 + 500)
    server.calls.clear()
    s = pull_orders(ws, shop_name="抖店一号", platform="douyin", client=client,
                    **WINDOW)
    assert s.imported == 0 and s.updated == 1 and s.unchanged == 249 and s.flagged == 1
    assert [f.reason for f in list_flagged(ws)] == ["cancelled_after_import"]
    assert _count(ws, Order) == 250
    # without `since`, the next pull starts at the cursor minus the overlap
    server.calls.clear()
    pull_orders(ws, shop_name="抖店一号", platform="douyin", client=client,
                until=WINDOW["until"] + timedelta(hours=1))
    first = server.calls[0]
    assert first["update_time_start"] == int((synced - timedelta(minutes=10)).timestamp())


def test_bad_secret_is_refused_at_once_and_noted_on_the_cursor(ws, server):
    sleeps = Sleeps()
    client = _douyin(server, sleeps, secret="wrong")
    with pytest.raises(PlatformError) as exc:
        pull_orders(ws, shop_name="抖店一号", platform="douyin", client=client)
    assert exc.value.code == "isv.signature-invalid" and not exc.value.retryable
    assert client.calls == 1 and server.bad_signatures == 1 and sleeps == []
    with ws.read() as db:
        assert "sign" in db.scalar(select(PullCursor.last_error))
    assert _count(ws, Order) == 0


def test_persistent_5xx_gives_up_after_bounded_retries(ws, server):
    sleeps = Sleeps()
    client = _douyin(server, sleeps, attempts=3)
    server.faults = ["500"] * 10
    with pytest.raises(PlatformError) as exc:
        pull_orders(ws, shop_name="抖店一号", platform="douyin", client=client,
                    **WINDOW)
    assert exc.value.retryable and client.calls == 3 and len(sleeps) >= 2


def test_reveal_decrypts_in_batches_of_50_and_logs_it(ws, server):
    sleeps = Sleeps()
    client = _douyin(server, sleeps, min_interval=0)
    pull_orders(ws, shop_name="抖店一号", platform="douyin", client=client,
                **WINDOW)
    with ws.read() as db:
        ids = list(db.scalars(select(Order.id).order_by(Order.id).limit(20)))
    server.calls.clear()
    got = reveal_receivers(ws, ids, reason="SF e-waybill needs plain text", client=client)
    decrypt_calls = [c for c in server.calls if c["method"] == "order.batchDecrypt"]
    assert len(decrypt_calls) == 2 and all(len(c["cipher_infos"]) <= 50 for c in decrypt_calls)
    first = got[ids[0]]
    assert first.name.startswith("解密文本") and first.phone.startswith("1380000")
    assert first.is_virtual_tel and "-" in first.phone and first.province == "浙江省"
    with ws.read() as db:
        log = db.scalar(select(AuditLog).where(AuditLog.action == "reveal_receiver"))
        assert log.detail["orders"] == ids and log.detail["platform_calls"] == 2
        # nothing decrypted was stored
        assert db.scalar(select(func.count()).select_from(Recipient)
                         .where(Recipient.name_kind != "cipher")) == 0


def test_kuaishou_cursor_pages_signed_with_the_saved_app(ws, server):
    configure_platform_app(ws, shop_name="快手一号", platform="kuaishou", app_key=APP_KEY,
                           secret=SECRET, access_token=TOKEN, base_url=server.url,
                           settings={"min_interval": 0})
    sleeps = Sleeps()
    client = make_client(ws, "快手一号", "kuaishou",
                         session=make_session(retries=0, backoff=0), sleep=sleeps)
    assert isinstance(client, KuaishouOrderClient)
    assert client.list_method == "open.order.cursor.list"
    server.faults = [None, "limit"]
    s = pull_orders(ws, shop_name="快手一号", platform="kuaishou", client=client,
                    **WINDOW)
    assert server.bad_signatures == 0 and s.imported == 130
    cursors = [c["cursor"] for c in server.calls]
    assert cursors == ["", "100", "100"]  # the rate-limited page was asked again
    with ws.read() as db:
        o = db.scalar(select(Order).where(Order.platform_order_id == "2400000000000005"))
        assert o.status == "to_ship"
        r = db.get(Recipient, o.recipient_id)
        assert (r.province, r.city, r.district, r.phone_kind) == ("北京市", "北京市", "朝阳区",
                                                                  "cipher")
    # the secret is not stored in plain text
    raw = b"".join(p.read_bytes() for p in __import__("pathlib").Path(
        ws.url.removeprefix("sqlite:///")).parent.glob("*.sqlite*"))
    assert SECRET.encode() not in raw and TOKEN.encode() not in raw
