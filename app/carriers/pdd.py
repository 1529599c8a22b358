"""PDD 拼多多 e-waybills: pdd.waybill.get (≤10) and pdd.waybill.cancel.

Requests follow reference/platforms.md: form parameters type, client_id, access_token,
timestamp (unix s, the gateway allows ±10 min), data_type=JSON, version=V1, the business
parameter as JSON text, and sign = UPPER(MD5(secret + sorted k+v + secret)). Answers are
``{"pdd_waybill_get_response": {"modules": [...]}}`` or ``{"error_response": {...}}``.
A refused batch is retried one order at a time so the seller sees which order failed.
The same trade order + package id gets the same number again.
"""

from __future__ import annotations

from app.carriers.cloudprint import CloudPrintProvider, sender_dto
from app.carriers.provider import WaybillAsk, WaybillFailed, WaybillIssued
from app.platforms.http import PlatformError
from app.platforms.signing import canonical_json, pdd_sign


class PddProvider(CloudPrintProvider):
    name = "pdd"
    label = "PDD"
    max_batch = 10
    channel = "PDD"
    code_field = "wp_code"
    cancel_method = "pdd.waybill.cancel"

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

    def _create_batch(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        resp = self.call("pdd.waybill.get", {"param_waybill_apply_new_request": {
            "wp_code": self.carrier_code(asks[0].carrier_code),
            "sender": sender_dto(self.cfg.sender), "need_encrypt": True,
            "trade_order_info_dtos": [self.order_dto(a) for a in asks]}})
        return self.issued(asks, resp.get("modules"))
