"""What PDD's and Cainiao's e-waybill APIs share: both take Cainiao's "cloud print"
order shape (object_id, order_info, package_info, recipient, template_url) and answer
with modules of {object_id, waybill_code, print_data}; both void with a carrier code and
the number. Subclasses sign and send (`call`) and say which names they use.
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


def _address(province: str, city: str, district: str, street: str, detail: str) -> dict:
    return {"province": province, "city": city, "district": district, "town": street,
            "detail": detail}


def sender_dto(s: Sender) -> dict:
    return {"address": _address(s.province, s.city, s.district, s.street, s.detail),
            "name": s.name, "mobile": s.phone}


def object_id(ask: WaybillAsk) -> str:
    return f"{ask.order_key}-{ask.pack_no}"


class CloudPrintProvider(PlatformProvider):
    #: shown in messages ("PDD did not answer …")
    label = ""
    #: the order channel when the account does not set one
    channel = ""
    #: the name of the carrier code field: cp_code (Cainiao) or wp_code (PDD)
    code_field = ""
    cancel_method = ""

    def call(self, method: str, biz: dict[str, object]) -> dict:
        raise NotImplementedError

    def carrier_code(self, code: str) -> str:
        return carrier(code).code_on(self.name)

    def order_dto(self, ask: WaybillAsk) -> dict:
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

    def issued(self, asks: list[WaybillAsk], modules: object
               ) -> list[WaybillIssued | WaybillFailed]:
        """One result per ask, in order, from the answer's modules."""
        by_obj = {object_id(a): a for a in asks}
        out: dict[str, WaybillIssued | WaybillFailed] = {}
        for m in rows(modules):
            ask = by_obj.get(text(m.get("object_id")))
            number = text(m.get("waybill_code"))
            if ask is None or not number:
                continue
            out[ask.idem_key] = WaybillIssued(ask.idem_key, number, "", "", "", "",
                                              print_data=text(m.get("print_data")))
        for a in asks:
            if a.idem_key not in out:
                out[a.idem_key] = WaybillFailed(
                    a.idem_key, "no_answer", f"{self.label} did not answer for this order: "
                    "allocate again (the same number comes back if one was issued)", True)
        return [out[a.idem_key] for a in asks]

    def _cancel_one(self, ask: CancelAsk) -> CancelResult:
        try:
            resp = self.call(self.cancel_method, {
                self.code_field: self.carrier_code(ask.carrier_code),
                "waybill_code": ask.waybill_no})
        except PlatformError as exc:
            if getattr(exc, "ok", False):
                return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)
            raise
        if resp.get("cancel_result") is False:
            return CancelResult(ask.idem_key, ask.waybill_no, False, code="refused",
                                message=f"{self.label} refused to void this waybill")
        return CancelResult(ask.idem_key, ask.waybill_no, True, returned=True)
