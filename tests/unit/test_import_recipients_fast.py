"""The import's fast paths for receivers give what the general functions give: bare
mobile numbers (is_bare_mobile), the Sealer's cached rows, the blind index."""

import hashlib
import hmac
import json
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.masking import mask_phone
from app.core.orders import RecipientRecord
from app.core.pii import is_bare_mobile, normalize_phone
from app.services.order_sink import Sealer
from app.store.crypto import FieldCipher, normalise_for_index
from app.store.recipients import (
    open_field,
    phone_index_text,
    seal_recipient,
)

PHONES = ["13812345678", "19999999999", "14000000000", "10000000000", "12812345678", "1381234567",
          "138123456789", "１３８１２３４５６７８", "138 1234 5678", "+8613812345678",
          "13812345678-1234", "138****5678", "$$YWJj*ZGVm$1$$", "", "  13812345678",
          "0571-88123456"]


@given(st.text(alphabet="0123456789", min_size=10, max_size=12))
@settings(max_examples=400, deadline=None)
def test_bare_mobiles_read_as_the_general_parse_does(digits):
    phones = [digits, "1" + digits[1:], "13" + digits[2:]]
    for p in phones:
        if not is_bare_mobile(p):
            continue
        parsed = normalize_phone(p)
        assert parsed is not None and parsed.kind == "mobile" and parsed.main == p
        assert mask_phone(p) == mask_phone(p + " ")  # the fast path and the parse
        assert phone_index_text(p) == p


def test_bare_mobile_is_strict():
    for p in PHONES[:3]:
        assert is_bare_mobile(p), p
    for p in PHONES[3:]:
        assert not is_bare_mobile(p), p


def _receivers() -> list[RecipientRecord]:
    out = []
    names = ["张三", "张*", "##YWJj*ZGVm#1##", "", "Li Lei"]
    details = ["科技园1号302", "科技园**", "", "##YWJj*ZGVm#1##"]
    for i, phone in enumerate(PHONES):
        out.append(RecipientRecord(names[i % len(names)], phone, "广东省", "深圳市", "南山区",
                                   "粤海街道", details[i % len(details)]))
    return out


def test_sealer_rows_equal_seal_recipient():
    cipher = FieldCipher(os.urandom(32))
    sealer = Sealer(cipher)
    cols = ("name_enc", "name_masked", "name_hash", "name_kind", "phone_enc", "phone_masked",
            "phone_hash", "phone_kind", "province", "city", "district", "street",
            "detail_enc", "detail_masked", "detail_hash", "detail_kind", "address_key")
    for _ in range(2):  # the second time from the caches
        for r in _receivers():
            want = seal_recipient(cipher, r)
            got = dict(zip(cols, sealer.row(r), strict=True))
            for c in cols:
                if c.endswith("_enc"):
                    fld = c[:-4]
                    assert open_field(cipher, fld, got[c]) == open_field(cipher, fld, want[c])
                    assert (got[c] is None) == (want[c] is None)
                else:
                    assert got[c] == want[c], (c, r)


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_blind_index_is_hmac_sha256(text):
    key = os.urandom(32)
    cipher = FieldCipher(key)
    want = hmac.new(cipher._index_key, normalise_for_index(text).encode("utf-8"),
                    hashlib.sha256).hexdigest()[:32]
    assert cipher.blind_index(text) == want


_CELL = st.text(alphabet="0123456789 -－*＊\"\\\n\t\x1f:,{}１３８abc达人ID号", max_size=24)


@given(st.dictionaries(st.text(alphabet="达人ID号码0123456789 \"", min_size=1, max_size=10),
                       _CELL, max_size=8))
@settings(max_examples=400, deadline=None)
def test_extra_json_with_mask_equals_masking_the_json(d):
    from app.core.masking import mask_free_text
    from app.services.order_sink import _JSON, ExtraJson, FreeTextMasker

    ej = ExtraJson(FreeTextMasker())
    for _ in range(2):  # the second time from the caches
        text, masked, originals = ej.with_mask(d)
        assert text == _JSON.encode(d) == ej(d)
        assert masked == mask_free_text(text)
        # the originals of what the mask changed: over the masked columns, the whole row
        # (or the whole row itself, where the mask reached a column's name)
        if originals != text:
            assert {**json.loads(masked), **json.loads(originals)} == d
            assert all(mask_free_text(_JSON.encode(v)) != _JSON.encode(v)
                       for v in json.loads(originals).values())
