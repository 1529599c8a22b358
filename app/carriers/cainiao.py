"""Cainiao 菜鸟 e-waybills (Taobao/Tmall orders): cainiao.waybill.ii.get (≤10) and cancel.

Requests go to the TOP gateway: form parameters method, app_key, session, timestamp
(``YYYY-MM-DD HH:MM:SS`` China time), format=json, v=2.0, sign_method=md5, the business
parameter as JSON text, and sign = UPPER(MD5(secret + sorted k+v + secret)). Answers are
``{"cainiao_waybill_ii_get_response": {"modules": {"waybill_cloud_print_response": [...]}}}``
or ``{"error_response": {code, msg, sub_code, sub_msg}}``. The same trade order + package
id gets the same number again.
"""

from __future__ import annotations

from app.carriers.cloudprint import CloudPrintProvider, sender_dto
from app.carriers.provider import WaybillAsk, WaybillFailed, WaybillIssued
from app.core.timeutil import to_local
from app.platforms.http import PlatformError
from app.platforms.signing import canonical_json, top_sign


class CainiaoProvider(CloudPrintProvider):
    name = "cainiao"
    label = "Cainiao"
    max_batch = 10
    channel = "TB"
    code_field = "cp_code"
    cancel_method = "cainiao.waybill.ii.cancel"

    def call(self, method: str, biz: dict[str, object]) -> dict:
        cfg = self.cfg
        params = {"method": method, "app_key": cfg.app_key, "session": cfg.token,
                  "timestamp": to_local(cfg.clock()).strftime("%Y-%m-%d %H:%M:%S"),
                  "format": "json", "v": "2.0", "sign_method": "md5"}
        for k, v in biz.items():
            params[k] = v if isinstance(v, str) else canonical_json(v)
        params["sign"] = top_sign(params, cfg.secret)
        body = self._post(cfg.url(), data=params)
        err = body.get("error_response")
        if isinstance(err, dict):
            sub = err.get("sub_code", "")
            raise self.error(err.get("code", ""), sub, err.get("sub_msg") or err.get("msg", ""),
                             retryable=str(sub).startswith("isp."))
        resp = body.get(method.replace(".", "_") + "_response")
        if not isinstance(resp, dict):
            raise PlatformError(self.name, "bad_answer", "Cainiao answered in an unexpected "
                                "shape; try again later", retryable=True)
        return resp

    def _create_batch(self, asks: list[WaybillAsk]) -> list[WaybillIssued | WaybillFailed]:
        request: dict = {"cp_code": self.carrier_code(asks[0].carrier_code),
                         "sender": sender_dto(self.cfg.sender),
                         "trade_order_info_dtos": [self.order_dto(a) for a in asks]}
        if asks[0].product_type:
            request["product_code"] = asks[0].product_type
        resp = self.call("cainiao.waybill.ii.get",
                         {"param_waybill_cloud_print_apply_new_request": request})
        modules = resp.get("modules")
        return self.issued(asks, modules.get("waybill_cloud_print_response")
                           if isinstance(modules, dict) else [])
