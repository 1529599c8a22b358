"""Cainiao 菜鸟 e-waybills (Taobao/Tmall orders): cainiao.waybill.ii.get (≤10) and cancel.

Requests go to the TOP gateway: form parameters method, app_key, session, timestamp
(``YYYY-MM-DD HH:MM:SS`` China time), format=json, v=2.0, sign_method=md5, the business
parameter as JSON text, and sign = UPPER(MD5(secret + sorted k+v + secret)). Answers are
``{"cainiao_waybill_ii_get_response": {"modules": {"waybill_cloud_print_response": [...]}}}``
or ``{"error_response": {code, msg, sub_code, sub_msg}}``. The same trade order + package
id gets the same number again.
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
from app.core.timeutil import to_local
from app.platforms.http import PlatformError
from app.platforms.signing import canonical_json, top_sign


def _address(province: str, city: str, district: str, street: str, detail: str) -> dict:
    return {"province": province, "city": city, "district": district, "town": street,
            "detail": detail}


def _sender(s: Sender) -> dict:
    return {"address": _address(s.province, s.city, s.district, s.street, s.detail),
            "name": s.name, "mobile": s.phone}


def object_id(ask: WaybillAsk) -> str:
    return f"{ask.order_key}-{ask.pack_no}"


class CainiaoProvider(PlatformProvider):
    name = "cainiao"
    max_batch = 10

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

    def _dto(self, ask: WaybillAsk) -> dict:
        dto: dict = {
            "object_id": object_id(ask),
            "order_info": {"order_channels_type": self.cfg.extra.get("order_channels_type",
                                                                     "TB"),
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
        request: dict = {"cp_code": carrier(asks[0].carrier_code).code_on("cainiao"), "sender": _sender(self.cfg.sender),
                         "trade_order_info_dtos": [self._dto(a) for a in asks]}
        if asks[0].product_type:
            request["product_code"] = asks[0].product_type
        resp = self.call("cainiao.waybill.ii.get",
                         {"param_waybill_cloud_print_apply_new_request": request})
        modules = resp.get("modules")
        found = rows(modules.get("waybill_cloud_print_response")) \
            if isinstance(modules, dict) else []
        by_obj = {object_id(a): a for a in asks}
        out: dict[str, WaybillIssued | WaybillFailed] = {}
        for m in found:
            ask = by_obj.get(text(m.get("object_id")))
            number = text(m.get("waybill_code"))
            if ask is None or not number:
                continue
            out[ask.idem_key] = WaybillIssued(ask.idem_key, number, "", "", "", "",
                                              print_data=text(m.get("print_data")))
        for a in asks:
            if a.idem_key not in out:
                out[a.idem_key] = WaybillFailed(
                    a.idem_key, "no_answer", "Cainiao did not answer for this order: allocate "
                    "again (the same number comes back if one was issued)", True)
        return [out[a.idem_key] for a in asks]

    def _cancel_one(self, ask: CancelAsk) -> CancelResult:
        try:
            resp = self.call("cainiao.waybill.ii.cancel", {
                "cp_code": carrier(ask.carrier_code).code_on("cainiao"),
                "waybill_code": ask.waybill_no})
        except PlatformError as exc:
            if getattr(exc, "ok", False):
                return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)
            raise
        if resp.get("cancel_result") is False:
            return CancelResult(ask.idem_key, ask.waybill_no, False, code="refused",
                                message="Cainiao refused to void this waybill")
        return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)
