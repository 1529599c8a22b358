"""PDD 拼多多 e-waybills: pdd.waybill.get (≤10) and pdd.waybill.cancel.

Requests follow reference/platforms.md: form parameters type, client_id, access_token,
timestamp (unix s, the gateway allows ±10 min), data_type=JSON, version=V1, the business
parameter as JSON text, and sign = UPPER(MD5(secret + sorted k+v + secret)). Answers are
``{"pdd_waybill_get_response": {"modules": [...]}}`` or ``{"error_response": {...}}``.
A refused batch is retried one order at a time so the seller sees which order failed.
The same trade order + package id gets the same number again.
"""

from __future__ import annotations

from app.carriers.catalogue import carrier
from app.carriers.platform_api import PlatformProvider, rows, text
from app.carriers.provider import (
    CancelAsk,
    CancelResult,
    Sender,
    WaybillAsk,
    WaybillFailed,
    WaybillIssued,
)
from app.platforms.http import PlatformError
from app.platforms.signing import canonical_json, pdd_sign


def _address(province: str, city: str, district: str, street: str, detail: str) -> dict:
    return {"province": province, "city": city, "district": district, "town": street,
            "detail": detail}


def _sender(s: Sender) -> dict:
    return {"address": _address(s.province, s.city, s.district, s.street, s.detail),
            "name": s.name, "mobile": s.phone}


def object_id(ask: WaybillAsk) -> str:
    return f"{ask.order_key}-{ask.pack_no}"


class PddProvider(PlatformProvider):
    name = "pdd"
    max_batch = 10
    channel = "PDD"

    def call(self, api_type: str, biz: dict[str, object]) -> dict:
        cfg = self.cfg
        params = {"type": api_type, "client_id": cfg.app_key, "access_token": cfg.token,
                  "timestamp": str(int(cfg.clock().timestamp())), "data_type": "JSON",
                  "version": "V1"}
        for k, v in biz.items():
            params[k] = v if isinstance(v, str) else canonical_json(v)
        params["sign"] = pdd_sign(params, cfg.secret)
        body = self._post(cfg.url(), data=params)
        err = body.get("error_response")
        if isinstance(err, dict):
            code = err.get("error_code", "")
            raise self.error(code, err.get("sub_code", ""),
                             err.get("sub_msg") or err.get("error_msg", ""),
                             retryable=str(code).startswith("5"))
        resp = body.get(api_type.replace(".", "_") + "_response")
        if not isinstance(resp, dict):
            raise PlatformError(self.name, "bad_answer", "PDD answered in an unexpected shape; "
                                "try again later", retryable=True)
        return resp

    def _dto(self, ask: WaybillAsk) -> dict:
        dto: dict = {
            "object_id": object_id(ask),
            "order_info": {"order_channels_type": self.cfg.extra.get("order_channels_type",
                                                                     self.channel),
                           "trade_order_list": [ask.order_key]},
            "package_info": {"id": str(ask.pack_no),
                             "items": [{"name": i.name[:60], "count": i.qty} for i in ask.items]
                             or [{"name": "商品", "count": 1}]},
            "recipient": {"address": _address(ask.province, ask.city, ask.district, ask.street,
                                              ask.receiver_detail),
                          "name": ask.receiver_name, "mobile": ask.receiver_phone},
            "template_url": self.cfg.template_url,
            "user_id": self.cfg.extra.get("user_id", ""),
        }
        if ask.weight_g:
            dto["package_info"]["weight"] = ask.weight_g
        return dto

    def _create_batch(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        resp = self.call("pdd.waybill.get", {"param_waybill_apply_new_request": {
            "wp_code": carrier(asks[0].carrier_code).code_on("pdd"), "sender": _sender(self.cfg.sender), "need_encrypt": True,
            "trade_order_info_dtos": [self._dto(a) for a in asks]}})
        by_obj = {object_id(a): a for a in asks}
        out: dict[str, WaybillIssued | WaybillFailed] = {}
        for m in rows(resp.get("modules")):
            ask = by_obj.get(text(m.get("object_id")))
            number = text(m.get("waybill_code"))
            if ask is None or not number:
                continue
            out[ask.idem_key] = WaybillIssued(ask.idem_key, number, "", "", "", "",
                                              print_data=text(m.get("print_data")))
        for a in asks:
            if a.idem_key not in out:
                out[a.idem_key] = WaybillFailed(
                    a.idem_key, "no_answer", "PDD did not answer for this order: allocate "
                    "again (the same number comes back if one was issued)", True)
        return [out[a.idem_key] for a in asks]

    def _cancel_one(self, ask: CancelAsk) -> CancelResult:
        try:
            resp = self.call("pdd.waybill.cancel", {
                "wp_code": carrier(ask.carrier_code).code_on("pdd"),
                "waybill_code": ask.waybill_no})
        except PlatformError as exc:
            if getattr(exc, "ok", False):
                return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)
            raise
        if resp.get("cancel_result") is False:
            return CancelResult(ask.idem_key, ask.waybill_no, False, code="refused",
                                message="PDD refused to void this waybill")
        return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)
