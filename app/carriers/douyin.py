"""Douyin 抖店 e-waybills: logistics.newCreateOrder (≤50), cancelOrder, getOutRange.

Requests follow reference/platforms.md: common parameters (app_key, method, timestamp in
unix seconds, v=2, sign_method, access_token, sign) in the query string, the business
parameters as ``param_json`` (keys sorted, no HTML escaping) in the body and in the
signature. Success is ``code == 10000``; per-order failures of a batch come back in
``data.err_infos``. The same order_id + pack_id always gets the same number back, which
is what makes a retry after a timeout safe.
"""

from __future__ import annotations

from urllib.parse import urlencode

from app.carriers.catalogue import carrier, error_messages
from app.carriers.platform_api import PlatformProvider, rows, text
from app.carriers.provider import (
    CancelAsk,
    CancelResult,
    RangeAsk,
    RangeResult,
    Sender,
    WaybillAsk,
    WaybillFailed,
    WaybillIssued,
)
from app.platforms.http import PlatformError
from app.platforms.signing import canonical_json, douyin_sign

SUCCESS = 10000


def _address(province: str, city: str, district: str, street: str, detail: str) -> dict:
    return {"country_code": "CHN", "province_name": province, "city_name": city,
            "district_name": district, "street_name": street, "detail_address": detail}


def sender_info(s: Sender) -> dict:
    return {"address": _address(s.province, s.city, s.district, s.street, s.detail),
            "contact": {"name": s.name, "mobile": s.phone}}


class DouyinProvider(PlatformProvider):
    name = "douyin"
    max_batch = 50
    isolate_failures = False  # Douyin reports per-order failures itself (err_infos)

    def call(self, method: str, params: dict) -> dict:
        """One signed call; returns ``data`` or raises PlatformError with a seller message."""
        cfg = self.cfg
        param_json = canonical_json(params)
        ts = str(int(cfg.clock().timestamp()))
        sign_method = cfg.sign_method or "hmac-sha256"
        query = {"app_key": cfg.app_key, "method": method, "timestamp": ts, "v": "2",
                 "sign_method": sign_method, "access_token": cfg.token,
                 "sign": douyin_sign(cfg.app_key, cfg.secret, method, param_json, ts,
                                     sign_method)}
        url = f"{cfg.url()}/{method.replace('.', '/')}?{urlencode(query)}"
        body = self._post(url, data=param_json.encode("utf-8"),
                          headers={"Content-Type": "application/json;charset=UTF-8"})
        code = body.get("code")
        if code != SUCCESS:
            raise self.error(code, body.get("sub_code", ""),
                             body.get("sub_msg") or body.get("msg", ""),
                             retryable=isinstance(code, int) and code >= 50000)
        data = body.get("data")
        return data if isinstance(data, dict) else {}

    def _order_info(self, ask: WaybillAsk) -> dict:
        info: dict = {
            "order_id": ask.order_key,
            "pack_id": str(ask.pack_no),
            "pay_method": self.cfg.pay_method,
            "receiver_info": {
                "address": _address(ask.province, ask.city, ask.district, ask.street,
                                    ask.receiver_detail),
                "contact": {"name": ask.receiver_name, "mobile": ask.receiver_phone},
            },
            "items": [{"item_name": i.name[:60], "item_specs": i.spec[:60],
                       "item_count": i.qty} for i in ask.items] or
                     [{"item_name": "商品", "item_specs": "", "item_count": 1}],
            "total_pack_count": ask.pack_total,
        }
        if ask.services:
            info["service_list"] = [{"service_code": c, "service_value": v}
                                    for c, v in ask.services]
        if ask.product_type:
            info["product_type"] = ask.product_type
        if ask.weight_g:
            info["package_weight"] = ask.weight_g
        if ask.remark:
            info["remark"] = ask.remark[:100]
        return info

    def _create_batch(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        params: dict = {"sender_info": sender_info(self.cfg.sender),
                        "logistics_code": carrier(asks[0].carrier_code).code_on("douyin"),
                        "order_infos": [self._order_info(a) for a in asks]}
        if self.cfg.branch_code or self.cfg.settle_account:
            params["net_info"] = {k: v for k, v in (("net_code", self.cfg.branch_code),
                                                    ("monthly_account",
                                                     self.cfg.settle_account)) if v}
        if self.cfg.extra.get("user_id"):
            params["user_id"] = int(self.cfg.extra["user_id"])
        data = self.call("logistics.newCreateOrder", params)
        by_pack = {(a.order_key, str(a.pack_no)): a for a in asks}
        out: dict[str, WaybillIssued | WaybillFailed] = {}
        for e in rows(data.get("ebill_infos")):
            ask = by_pack.get((text(e.get("order_id")), text(e.get("pack_id", "1")) or "1"))
            number = text(e.get("track_no"))
            if ask is None or not number:
                continue
            subs = e.get("sub_waybill_codes")
            out[ask.idem_key] = WaybillIssued(
                ask.idem_key, number, text(e.get("sort_code")),
                text(e.get("package_center_code")), text(e.get("package_center_name")),
                text(e.get("short_address_name")), text(e.get("short_address_code")),
                sub_waybills=tuple(t for t in map(text, subs if isinstance(subs, list) else [])
                                   if t))
        for e in rows(data.get("err_infos")):
            ask = by_pack.get((text(e.get("order_id")), text(e.get("pack_id", "1")) or "1"))
            if ask is None or ask.idem_key in out:
                continue
            err = self.error(text(e.get("err_code")), "", text(e.get("err_msg")))
            out[ask.idem_key] = WaybillFailed(ask.idem_key, err.code, err.message,
                                              err.retryable)
        for a in asks:
            if a.idem_key not in out:
                out[a.idem_key] = WaybillFailed(
                    a.idem_key, "no_answer", "Douyin did not answer for this order: "
                    "allocate again (the same number comes back if one was issued)", True)
        return [out[a.idem_key] for a in asks]

    def _cancel_one(self, ask: CancelAsk) -> CancelResult:
        params: dict = {"logistics_code": carrier(ask.carrier_code).code_on("douyin"),
                        "track_no": ask.waybill_no}
        if self.cfg.extra.get("user_id"):
            params["user_id"] = int(self.cfg.extra["user_id"])
        try:
            data = self.call("logistics.cancelOrder", params)
        except PlatformError as exc:
            if getattr(exc, "ok", False):  # already void
                return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)
            raise
        if data.get("cancel_result") is False:
            return CancelResult(ask.idem_key, ask.waybill_no, False, code="refused",
                                message="Douyin refused to void this waybill")
        return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)

    def _range_batch(self, asks: list[RangeAsk]) -> list[RangeResult]:
        reasons = error_messages().get("out_of_range_reasons", {})
        out = []
        s = self.cfg.sender
        for a in asks:
            params = {"logistics_code": carrier(a.carrier_code).code_on("douyin"),
                      "sender_address": _address(s.province, s.city, s.district, s.street,
                                                 s.detail),
                      "receiver_address": _address(a.province, a.city, a.district, a.street,
                                                   a.detail),
                      "type": 1}
            data = self.call("logistics.getOutRange", params)
            if data.get("is_out_range") is True:
                code = text(data.get("out_range_reason")) or "5"
                out.append(RangeResult(a.key, False, code,
                                       reasons.get(code, "the carrier cannot serve this address")))
            else:
                out.append(RangeResult(a.key, True))
        return out
