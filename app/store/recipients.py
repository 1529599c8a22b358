"""Seal a receiver for storage: ciphertext, masked copy, blind index, kind of value."""

from __future__ import annotations

from app.core.masking import mask_address, mask_name, mask_phone
from app.core.orders import RecipientRecord
from app.core.pii import ValueKind, classify, is_bare_mobile, normalize_phone
from app.store.crypto import FieldCipher


def phone_index_text(phone: str) -> str:
    """Index the digits a seller would type: the main number, without +86 or the extension."""
    if is_bare_mobile(phone):
        return phone
    parsed = normalize_phone(phone)
    return parsed.main if parsed else phone


def seal_recipient(cipher: FieldCipher, r: RecipientRecord) -> dict[str, object]:
    """Column values of a recipients row. The plain text never leaves this function."""
    out: dict[str, object] = {
        "province": r.province, "city": r.city, "district": r.district, "street": r.street,
    }
    for fld, value, masker in (("name", r.name, mask_name), ("phone", r.phone, mask_phone),
                               ("detail", r.detail, mask_address)):
        kind = classify(value)
        out[f"{fld}_kind"] = kind.value
        if kind is ValueKind.EMPTY:
            out[f"{fld}_enc"], out[f"{fld}_masked"], out[f"{fld}_hash"] = None, "", None
            continue
        out[f"{fld}_enc"] = cipher.encrypt(value, fld.encode())
        out[f"{fld}_masked"] = masker(value)
        if kind is ValueKind.PLAIN or kind is ValueKind.CIPHER:
            # ciphertext is stable per value on Douyin, so it still finds the same buyer
            text = phone_index_text(value) if fld == "phone" and kind is ValueKind.PLAIN else value
            out[f"{fld}_hash"] = cipher.blind_index(text)
        else:
            out[f"{fld}_hash"] = None
    out["address_key"] = cipher.blind_index(
        "|".join((r.name, r.phone, r.province, r.city, r.district, r.street, r.detail)))
    return out


def open_field(cipher: FieldCipher, fld: str, blob: bytes | None) -> str:
    """Decrypt one field. Callers must log the reveal (Workspace.audit)."""
    return cipher.decrypt(blob, fld.encode()) if blob else ""
