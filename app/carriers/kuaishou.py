"""Kuaishou 快手 e-waybills: open.express.ebill.get (≤10), ebill.cancel, reachable.query.

Requests follow reference/platforms.md: form parameters appkey, method, version=1,
param (JSON), access_token, timestamp (ms), signMethod and sign (sorted k=v joined by &,
then &signSecret=…; HMAC_SHA256 Base64 or MD5 hex). Success is ``result == 1``. Each
ask carries ``requestId`` (our idempotency key) and trade order + package codes, so an
ask repeated after a timeout gets the same number back.
"""

from __future__ import annotations

from app.carriers.catalogue import carrier
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
from app.platforms.signing import canonical_json, kuaishou_sign


def _address(province: str, city: str, district: str, street: str, detail: str) -> dict:
    return {"provinceName": province, "cityName": city, "districtName": district,
            "streetName": street, "detailAddress": detail}


def _sender(s: Sender) -> tuple[dict, dict]:
    return (_address(s.province, s.city, s.district, s.street, s.detail),
            {"name": s.name, "mobile": s.phone})


class KuaishouProvider(PlatformProvider):
    name = "kuaishou"
    max_batch = 10
    isolate_failures = False  # answers carry a result per request

    def call(self, method: str, param: dict) -> object:
        cfg = self.cfg
        sign_method = (cfg.sign_method or "HMAC_SHA256").upper()
        params = {"appkey": cfg.app_key, "method": method, "version": "1",
                  "param": canonical_json(param), "access_token": cfg.token,
                  "timestamp": str(int(cfg.clock().timestamp() * 1000)),
                  "signMethod": sign_method}
        params["sign"] = kuaishou_sign(params, cfg.secret, sign_method)
        body = self._post(f"{cfg.url()}/{method.replace('.', '/')}", data=params)
        if body.get("result") != 1:
            code = body.get("code") or body.get("result")
            raise self.error(code, body.get("sub_code", ""),
                             body.get("error_msg") or body.get("msg", ""),
                             retryable=str(code) in {"500", "503"})
        return body.get("data")

    def _request(self, ask: WaybillAsk) -> dict:
        sender_addr, sender_contact = _sender(self.cfg.sender)
        req: dict = {
            "merchantCode": self.cfg.extra.get("merchant_code", ""),
            "tradeOrderCode": ask.order_key,
            "packageCode": str(ask.pack_no),
            "expressCompanyCode": carrier(ask.carrier_code).code_on("kuaishou"),
            "senderAddress": sender_addr,
            "senderContract": sender_contact,
            "receiverAddress": _address(ask.province, ask.city, ask.district, ask.street,
                                        ask.receiver_detail),
            "receiverContract": {"name": ask.receiver_name, "mobile": ask.receiver_phone},
            "payMethod": self.cfg.pay_method,
            "requestId": ask.idem_key,
            "totalPackageQuantity": ask.pack_total,
            "itemList": [{"itemTitle": i.name[:60], "itemSpecs": i.spec[:60],
                          "itemQuantity": i.qty} for i in ask.items],
        }
        if ask.weight_g:
            req["totalPackageWeight"] = ask.weight_g
        if ask.product_type:
            req["expressProductCode"] = ask.product_type
        if ask.services:
            req["expressServices"] = [{"code": c, "value": v} for c, v in ask.services]
        if self.cfg.branch_code:
            req["netSiteCode"] = self.cfg.branch_code
        if self.cfg.settle_account:
            req["settleAccount"] = self.cfg.settle_account
        return req

    def _create_batch(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        data = self.call("open.express.ebill.get",
                         {"getEbillOrderRequest": [self._request(a) for a in asks]})
        by_req = {a.idem_key: a for a in asks}
        out: dict[str, WaybillIssued | WaybillFailed] = {}
        answers = data if isinstance(data, list) else []
        for i, row in enumerate(answers):
            if not isinstance(row, dict):
                continue
            key = text(row.get("requestId")) or (asks[i].idem_key if i < len(asks) else "")
            ask = by_req.get(key)
            if ask is None:
                continue
            bills = rows(row.get("data"))
            number = text(bills[0].get("waybillCode")) if bills else ""
            if row.get("result", 1) == 1 and number:
                b = bills[0]
                out[key] = WaybillIssued(
                    key, number, text(b.get("sortCode")), text(b.get("packageCenterCode")),
                    text(b.get("packageCenterName")), text(b.get("shortAddressName")),
                    text(b.get("shortAddressCode")), print_data=text(b.get("printData")),
                    print_sign=text(b.get("signature")),
                    sub_waybills=tuple(t for t in (text(x.get("waybillCode"))
                                                   for x in bills[1:]) if t))
            else:
                err = self.error(text(row.get("errorCode")), "", text(row.get("errorMsg")))
                out[key] = WaybillFailed(key, err.code, err.message, err.retryable)
        for a in asks:
            if a.idem_key not in out:
                out[a.idem_key] = WaybillFailed(
                    a.idem_key, "no_answer", "Kuaishou did not answer for this order: "
                    "allocate again (the same number comes back if one was issued)", True)
        return [out[a.idem_key] for a in asks]

    def _cancel_one(self, ask: CancelAsk) -> CancelResult:
        try:
            self.call("open.express.ebill.cancel",
                      {"expressCompanyCode": carrier(ask.carrier_code).code_on("kuaishou"),
                       "waybillCode": ask.waybill_no})
        except PlatformError as exc:
            if getattr(exc, "ok", False):
                return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)
            raise
        return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)

    def _range_batch(self, asks: list[RangeAsk]) -> list[RangeResult]:
        sender_addr, _ = _sender(self.cfg.sender)
        data = self.call("open.express.reachable.query", {"reachableRequests": [
            {"requestId": a.key, "expressCompanyCode": carrier(a.carrier_code).code_on("kuaishou"),
             "type": 1, "senderAddress": sender_addr,
             "receiverAddress": _address(a.province, a.city, a.district, a.street, a.detail)}
            for a in asks]})
        answers = {text(r.get("requestId")): r for r in rows(data)}
        out = []
        for a in asks:
            r = answers.get(a.key)
            if r is None:
                out.append(RangeResult(a.key, None, "no_answer", "Kuaishou did not answer"))
            elif r.get("reachable") is True:
                out.append(RangeResult(a.key, True))
            else:
                out.append(RangeResult(a.key, False, text(r.get("reasonCode")) or "2",
                                       "the carrier does not deliver to this address"))
        return out
