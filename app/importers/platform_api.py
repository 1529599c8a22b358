"""Pull orders from the platforms' open APIs (Douyin 抖店, Kuaishou 快手小店).

- Requests are signed with app/platforms/signing.py and sent through app/platforms/http.py.
- Paging: Douyin ``order.searchList`` pages from 0 with ``size`` ≤ 100; Kuaishou's order
  list pages with a cursor. The window is a range of *update* times, so a re-pull picks up
  status changes.
- Rate limits and failures: a minimum interval between calls; HTTP 429/5xx and connection
  errors are retried by the HTTP session, then (with timeouts and the platforms' "too
  many requests" business errors) by a bounded retry loop with backoff here.
- Receiver fields stay platform ciphertext (``##…#1##``, ``$$…$1$$``); :meth:`batch_decrypt`
  (≤ 50 per call) is only called when an action needs plain text, and the caller logs it.

Douyin names follow reference/platforms.md. Kuaishou's order-list method and field names
are *unverified* (representative): they are settings of :class:`KuaishouOrderClient`, so a
wrong guess is a configuration change.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import requests

from app.core.orders import ItemRecord, OrderRecord, OrderStatus, RecipientRecord
from app.core.timeutil import SHANGHAI
from app.platforms.http import PlatformError, make_session, post
from app.platforms.signing import canonical_json, douyin_sign, kuaishou_sign

DECRYPT_BATCH = 50
PAGE_SIZE = 100


@dataclass
class Decrypted:
    cipher_text: str
    plain: str
    is_virtual_tel: bool = False
    error: str = ""


def _ts(value: object) -> datetime | None:
    """Epoch seconds or milliseconds (int or text) to aware Shanghai time."""
    if value in (None, "", 0, "0"):
        return None
    try:
        n = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        from app.core.timeutil import parse_local

        return parse_local(str(value))
    if n > 10**11:
        n //= 1000
    return datetime.fromtimestamp(n, tz=SHANGHAI)


def _fen(value: object) -> int:
    """API amounts are integer fen already."""
    try:
        return int(value or 0)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


@dataclass
class _Client:
    """What both platforms share: a session, pacing, retries."""

    app_key: str
    secret: str
    access_token: str
    base_url: str
    session: requests.Session | None = None
    timeout: float = 15.0
    #: at most one call per this many seconds (platform rate limits per app/shop)
    min_interval: float = 0.0
    attempts: int = 4
    backoff: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    platform: str = ""
    calls: int = field(default=0, init=False)
    _last: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        if self.session is None:
            self.session = make_session()
        self.base_url = self.base_url.rstrip("/")

    def _pace(self) -> None:
        if self.min_interval > 0 and self._last:
            wait = self._last + self.min_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def _with_retries(self, once: Callable[[], dict]) -> dict:
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            self._pace()
            self.calls += 1
            try:
                return once()
            except PlatformError as exc:
                if not exc.retryable or attempt == self.attempts:
                    raise
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")


# --------------------------------------------------------------------------- Douyin

DOUYIN_STATUS = {
    1: OrderStatus.UNPAID, 101: OrderStatus.PARTLY_SHIPPED, 105: OrderStatus.TO_SHIP,
    2: OrderStatus.TO_SHIP, 3: OrderStatus.SHIPPED, 4: OrderStatus.CANCELLED,
    5: OrderStatus.DONE,
}
#: business codes that mean "slow down / try again" (unverified beyond the usual ones)
DOUYIN_RETRY_CODES = frozenset({"50002", "70000", "90000", "isv.business-failed:frequency"})
DOUYIN_REFUNDED = frozenset({"退款成功", "售后完成", "12"})


@dataclass
class DouyinOrderClient(_Client):
    base_url: str = "https://openapi-fxg.jinritemai.com"
    sign_method: str = "hmac-sha256"
    platform: str = "douyin"
    retry_codes: frozenset[str] = DOUYIN_RETRY_CODES

    def call(self, method: str, params: Mapping[str, Any]) -> dict:
        """One signed call; returns ``data`` of a successful answer."""
        param_json = canonical_json(params)

        def once() -> dict:
            ts = str(int(self.clock()))
            sign = douyin_sign(self.app_key, self.secret, method, param_json, ts,
                               self.sign_method)
            query = {"app_key": self.app_key, "method": method, "timestamp": ts, "v": "2",
                     "sign_method": self.sign_method, "sign": sign,
                     "access_token": self.access_token}
            url = f"{self.base_url}/{method.replace('.', '/')}"
            body = post(self.session, "douyin", url, timeout=self.timeout, params=query,
                        data=param_json.encode("utf-8"),
                        headers={"Content-Type": "application/json;charset=UTF-8"})
            code = str(body.get("code", ""))
            if code == "10000":
                data = body.get("data")
                return data if isinstance(data, dict) else {}
            sub = str(body.get("sub_code", ""))
            msg = str(body.get("sub_msg") or body.get("msg") or "the platform refused")
            retry = code in self.retry_codes or sub in self.retry_codes \
                or "limit" in sub.lower() or "频" in msg
            raise PlatformError("douyin", sub or code, msg[:200], retryable=retry)

        return self._with_retries(once)

    def search_orders(self, start: datetime, end: datetime, *, order_status: int | None = None,
                      size: int = PAGE_SIZE,
                      cancelled: Callable[[], bool] | None = None) -> Iterator[list[dict]]:
        """Pages of orders updated in [start, end), page from 0, ``size`` ≤ 100."""
        size = max(1, min(size, PAGE_SIZE))
        page = 0
        while True:
            if cancelled and cancelled():
                return
            params: dict[str, Any] = {
                "update_time_start": int(start.timestamp()),
                "update_time_end": int(end.timestamp()),
                "page": page, "size": size, "order_by": "update_time", "order_asc": True,
            }
            if order_status is not None:
                params["order_status"] = order_status
            data = self.call("order.searchList", params)
            orders = data.get("shop_order_list") or []
            if orders:
                yield orders
            total = int(data.get("total") or 0)
            page += 1
            if not orders or page * size >= total:
                return

    def batch_decrypt(self, pairs: Sequence[tuple[str, str]]) -> dict[str, Decrypted]:
        """(order id, cipher text) pairs → cipher text → plain, ≤ 50 per call."""
        out: dict[str, Decrypted] = {}
        uniq = list(dict.fromkeys(pairs))
        for start in range(0, len(uniq), DECRYPT_BATCH):
            chunk = uniq[start:start + DECRYPT_BATCH]
            data = self.call("order.batchDecrypt", {"cipher_infos": [
                {"auth_id": oid, "cipher_text": c} for oid, c in chunk]})
            for info in data.get("decrypt_infos") or []:
                c = str(info.get("cipher_text", ""))
                err = str(info.get("err_msg") or "") if info.get("err_no") else ""
                out[c] = Decrypted(c, str(info.get("decrypt_text") or ""),
                                   bool(info.get("is_virtual_tel")), err)
        return out

    @staticmethod
    def to_record(o: Mapping[str, Any]) -> OrderRecord:
        addr = o.get("post_addr") or {}

        def name(part: str) -> str:
            v = addr.get(part) or {}
            return str(v.get("name", "") if isinstance(v, dict) else v)

        status_code = int(o.get("order_status") or 0)
        status = DOUYIN_STATUS.get(status_code, OrderStatus.UNKNOWN)
        items = []
        sales = set()
        for sku in o.get("sku_order_list") or []:
            spec = " ".join(f"{s.get('name', '')}:{s.get('value', '')}"
                            for s in sku.get("spec") or [])
            sale = str((sku.get("after_sale_info") or {}).get("after_sale_status_desc")
                       or (sku.get("after_sale_info") or {}).get("after_sale_status") or "")
            sales.add(sale)
            items.append(ItemRecord(
                sub_order_id=str(sku.get("order_id") or o.get("order_id")),
                title=str(sku.get("product_name", "")), spec=spec,
                qty=int(sku.get("item_num") or 1), product_id=str(sku.get("product_id", "")),
                sku=str(sku.get("out_sku_id") or sku.get("code") or ""),
                unit_price_fen=_fen(sku.get("origin_amount")) // max(1, int(sku.get("item_num")
                                                                          or 1)),
                payable_fen=_fen(sku.get("pay_amount")), status=str(sku.get("order_status", "")),
                after_sale_status=sale))
        if items and sales <= DOUYIN_REFUNDED:
            status = OrderStatus.REFUNDED
        masked = {k: str(o[k]) for k in ("mask_post_receiver", "mask_post_tel")
                  if o.get(k)}
        if (o.get("mask_post_addr") or {}).get("detail"):
            masked["mask_post_addr"] = str(o["mask_post_addr"]["detail"])
        return OrderRecord(
            platform="douyin", platform_order_id=str(o["order_id"]), status=status,
            platform_status=str(o.get("order_status_desc") or status_code),
            recipient=RecipientRecord(
                str(o.get("encrypt_post_receiver") or o.get("post_receiver") or ""),
                str(o.get("encrypt_post_tel") or o.get("post_tel") or ""),
                name("province"), name("city"), name("town"), name("street"),
                str(addr.get("encrypt_detail") or addr.get("detail") or "")),
            items=items, created_at=_ts(o.get("create_time")), paid_at=_ts(o.get("pay_time")),
            ship_by=_ts(o.get("exp_ship_time")),
            payable_fen=_fen(o.get("pay_amount")), freight_fen=_fen(o.get("post_amount")),
            discount_fen=_fen(o.get("promotion_amount")),
            buyer_message=str(o.get("buyer_words") or ""),
            seller_remark=str(o.get("seller_words") or ""),
            flag=str(o.get("seller_remark_stars") or ""),
            after_sale_status=next((s for s in sales if s), ""),
            extra={"api": "order.searchList", **masked,
                   "update_time": str(o.get("update_time", ""))},
        )


# --------------------------------------------------------------------------- Kuaishou

KUAISHOU_STATUS = {  # unverified: representative status codes of the order list
    10: OrderStatus.UNPAID, 30: OrderStatus.TO_SHIP, 40: OrderStatus.SHIPPED,
    50: OrderStatus.DONE, 70: OrderStatus.DONE, 80: OrderStatus.CANCELLED,
}


@dataclass
class KuaishouOrderClient(_Client):
    base_url: str = "https://openapi.kwaixiaodian.com"
    sign_method: str = "HMAC_SHA256"
    platform: str = "kuaishou"
    #: unverified: the order list and decrypt method names
    list_method: str = "open.order.cursor.list"
    decrypt_method: str = "open.order.batch.decrypt"
    #: unverified: the cursor value that means "no more pages"
    end_cursor: str = "nomore"
    retry_results: frozenset[int] = frozenset({429, 802000, 30000})

    def call(self, method: str, params: Mapping[str, Any]) -> dict:
        param = canonical_json(params)

        def once() -> dict:
            fields = {"appkey": self.app_key, "method": method, "version": "1",
                      "param": param, "access_token": self.access_token,
                      "timestamp": str(int(self.clock() * 1000)),
                      "signMethod": self.sign_method}
            fields["sign"] = kuaishou_sign(fields, self.secret, self.sign_method)
            url = f"{self.base_url}/{method.replace('.', '/')}"
            body = post(self.session, "kuaishou", url, timeout=self.timeout, data=fields)
            result = body.get("result")
            if result in (1, "1"):
                data = body.get("data")
                return data if isinstance(data, dict) else {}
            code = int(body.get("code") or result or 0) if str(body.get("code") or result
                                                               or "0").isdigit() else 0
            msg = str(body.get("error_msg") or body.get("msg") or "the platform refused")
            raise PlatformError("kuaishou", str(body.get("code") or result), msg[:200],
                                retryable=code in self.retry_results or "频" in msg)

        return self._with_retries(once)

    def search_orders(self, start: datetime, end: datetime, *, size: int = PAGE_SIZE,
                      cancelled: Callable[[], bool] | None = None) -> Iterator[list[dict]]:
        cursor = ""
        size = max(1, min(size, PAGE_SIZE))
        while True:
            if cancelled and cancelled():
                return
            data = self.call(self.list_method, {
                "beginTime": int(start.timestamp() * 1000),
                "endTime": int(end.timestamp() * 1000),
                "queryType": 2,  # by update time (unverified)
                "pageSize": size, "sort": 1, "cursor": cursor})
            orders = data.get("orderList") or []
            if orders:
                yield orders
            nxt = str(data.get("cursor") or "")
            if not orders or not nxt or nxt == self.end_cursor or nxt == cursor:
                return
            cursor = nxt

    def batch_decrypt(self, pairs: Sequence[tuple[str, str]]) -> dict[str, Decrypted]:
        out: dict[str, Decrypted] = {}
        uniq = list(dict.fromkeys(pairs))
        for start in range(0, len(uniq), DECRYPT_BATCH):
            chunk = uniq[start:start + DECRYPT_BATCH]
            data = self.call(self.decrypt_method, {"batchDecryptList": [
                {"bizId": oid, "encryptedData": c} for oid, c in chunk]})
            for info in data.get("decryptList") or []:
                c = str(info.get("encryptedData", ""))
                out[c] = Decrypted(c, str(info.get("decryptedData") or ""), False,
                                   str(info.get("errorMsg") or ""))
        return out

    @staticmethod
    def to_record(o: Mapping[str, Any]) -> OrderRecord:
        base = o.get("orderBaseInfo") or o
        addr = o.get("orderAddress") or base.get("orderAddress") or {}
        status_code = int(base.get("status") or 0)
        items = []
        for it in o.get("orderItemInfoList") or o.get("orderItemList") or []:
            qty = int(it.get("num") or 1)
            items.append(ItemRecord(
                sub_order_id=str(it.get("oid") or it.get("itemId") or base.get("oid")),
                title=str(it.get("itemTitle", "")), spec=str(it.get("skuDesc", "")), qty=qty,
                product_id=str(it.get("itemId", "")), sku=str(it.get("skuNick", "")),
                unit_price_fen=_fen(it.get("price")),
                payable_fen=_fen(it.get("price")) * qty))
        status = KUAISHOU_STATUS.get(status_code, OrderStatus.UNKNOWN)
        refund = str(base.get("refundStatus") or "")
        if refund in ("退款成功", "1") and status is not OrderStatus.CANCELLED:
            status = OrderStatus.REFUNDED
        return OrderRecord(
            platform="kuaishou", platform_order_id=str(base["oid"]), status=status,
            platform_status=str(base.get("statusDesc") or status_code),
            recipient=RecipientRecord(
                str(addr.get("encryptedConsignee") or addr.get("consignee") or ""),
                str(addr.get("encryptedMobile") or addr.get("mobile") or ""),
                str(addr.get("provinceName") or addr.get("province") or ""),
                str(addr.get("cityName") or addr.get("city") or ""),
                str(addr.get("districtName") or addr.get("district") or ""),
                str(addr.get("townName") or addr.get("town") or ""),
                str(addr.get("encryptedAddress") or addr.get("address") or "")),
            items=items, created_at=_ts(base.get("createTime")), paid_at=_ts(base.get("payTime")),
            ship_by=_ts(base.get("promiseTimeStampOfDelivery")),
            payable_fen=_fen(base.get("totalFee")), freight_fen=_fen(base.get("expressFee")),
            discount_fen=_fen(base.get("discountFee")),
            buyer_message=str(base.get("buyerRemark") or base.get("remark") or ""),
            seller_remark=str(base.get("sellerNote") or ""),
            after_sale_status=refund,
            extra={"api": "kuaishou order list", "updateTime": str(base.get("updateTime", ""))},
        )


def client_for(platform: str, **kw: Any) -> DouyinOrderClient | KuaishouOrderClient:
    if platform == "douyin":
        return DouyinOrderClient(**kw)
    if platform == "kuaishou":
        return KuaishouOrderClient(**kw)
    raise ValueError(f"no order API client for {platform!r}: import its exports instead")


__all__ = ["Decrypted", "DouyinOrderClient", "KuaishouOrderClient", "client_for"]
