"""Key rings, ciphertext versions, key files, PIN hashes, the formula guard, reveal objects."""

import base64
import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.exports import FORMULA_START, safe_cell
from app.services.operators import check_pin, hash_pin
from app.services.privacy import Revealed
from app.store import keys
from app.store.crypto import (
    FieldCipher,
    KeyRing,
    MasterKey,
    check_value_of,
    ciphertext_prefix,
    index_key_of,
    key_id_of,
    ring_of,
)

K0, K1, K2 = os.urandom(32), os.urandom(32), os.urandom(32)


def _rotated(primary=1, keys_=None):
    ring = KeyRing(keys_ or {0: K0, 1: K1}, primary, index_key_of(K0))
    return FieldCipher(MasterKey(ring))


def test_plain_key_behaves_as_before():
    c = FieldCipher(K0)
    blob = c.encrypt("张三", b"name")
    assert blob[:1] == b"\x01" and key_id_of(blob) == 0
    assert c.decrypt(blob, b"name") == "张三"
    assert c.key_id == 0 and c.key_ids == (0,)
    assert c.blind_indexes("张三") == [c.blind_index("张三")]


def test_rotated_cipher_reads_old_and_new():
    old = FieldCipher(K0)
    v1 = old.encrypt("13812345678", b"phone")
    c = _rotated()
    v2 = c.encrypt("13812345678", b"phone")
    assert v2[:3] == ciphertext_prefix(1) and key_id_of(v2) == 1
    assert c.decrypt(v1, b"phone") == c.decrypt(v2, b"phone") == "13812345678"
    # the database's check value does not move with the primary key
    assert c.check_value == old.check_value
    assert c.check_of(1) == check_value_of(index_key_of(K1))
    # the index uses the new key; the old one is still asked for during a rotation
    assert c.blind_index("x") != old.blind_index("x")
    assert c.blind_indexes("x") == [c.blind_index("x"), old.blind_index("x")]
    with pytest.raises(ValueError, match="key 1"):
        old.decrypt(v2, b"phone")


def test_forgotten_key_gives_a_clear_error():
    v1 = FieldCipher(K0).encrypt("a", b"name")
    c = _rotated(keys_={1: K1})
    with pytest.raises(ValueError, match="key 0"):
        c.decrypt(v1, b"name")
    assert c.check_value == FieldCipher(K0).check_value


def test_context_still_binds():
    c = _rotated()
    blob = c.encrypt("a", b"name")
    with pytest.raises(Exception):  # noqa: B017 - InvalidTag
        c.decrypt(blob, b"phone")


def test_ring_validation_and_repr_hides_keys():
    with pytest.raises(ValueError):
        KeyRing({0: K0}, 1)
    with pytest.raises(ValueError):
        KeyRing({0: b"short"}, 0)
    ring = KeyRing({0: K0, 1: K1}, 1, index_key_of(K0))
    mk = MasterKey(ring)
    assert bytes(mk) == K1 and len(mk) == 32
    for text in (repr(ring), repr(mk)):
        assert K0.hex() not in text and base64.b64encode(K1).decode() not in text
    assert ring_of(mk) is ring and ring_of(K0).keys == {0: K0}
    assert KeyRing({0: K0}).is_legacy and not ring.is_legacy


def test_ring_json_round_trip():
    ring = KeyRing({0: K0, 1: K1, 2: K2}, 2, index_key_of(K0))
    assert keys.ring_from_json(keys.ring_to_json(ring)) == ring
    with pytest.raises(keys.KeyError_):
        keys.ring_from_json('{"keys": 3}')


def test_key_file_v2_round_trip_and_binding(tmp_path):
    ring = KeyRing({0: K0, 1: K1}, 1, index_key_of(K0))
    p = tmp_path / "k.key"
    keys.write_key_file(p, MasterKey(ring), "pass phrase", db_id="db1", check="abc")
    info = keys.key_file_info(p)
    assert info["db_id"] == "db1" and info["check"] == "abc" and info["v"] == 2
    got = keys.read_key_file(p, "pass phrase")
    assert isinstance(got, MasterKey) and got.ring == ring
    with pytest.raises(keys.KeyError_, match="wrong passphrase"):
        keys.read_key_file(p, "wrong")
    doc = json.loads(p.read_text())
    doc["db_id"] = "db2"  # moving a key file to another database's name breaks its seal
    p.write_text(json.dumps(doc))
    with pytest.raises(keys.KeyError_, match="wrong passphrase"):
        keys.read_key_file(p, "pass phrase")
    # a plain key comes back as plain bytes
    keys.write_key_file(p, K0, "pp")
    got = keys.read_key_file(p, "pp")
    assert got == K0 and not isinstance(got, MasterKey)


def test_key_file_v1_still_opens(tmp_path):
    salt, nonce = os.urandom(16), os.urandom(12)
    wrap = keys._kdf(salt).derive(b"old pass")
    blob = AESGCM(wrap).encrypt(nonce, K0, b"shipdesk key file v1")
    p = tmp_path / "old.key"
    p.write_text(json.dumps({"v": 1, "kdf": "scrypt-n15-r8-p1",
                             "salt": base64.b64encode(salt).decode(),
                             "nonce": base64.b64encode(nonce).decode(),
                             "key": base64.b64encode(blob).decode()}))
    assert keys.read_key_file(p, "old pass") == K0


@pytest.mark.parametrize("content", ["", "{", "[]", '{"v": 9, "salt": "", "nonce": "", "key": ""}',
                                     '{"v": 2, "n": 3, "salt": "", "nonce": "", "key": ""}'])
def test_damaged_key_file_is_a_clear_error(tmp_path, content):
    p = tmp_path / "bad.key"
    p.write_text(content)
    with pytest.raises(keys.KeyError_, match="unreadable"):
        keys.read_key_file(p, "x")


def test_keyring_stores_rings(monkeypatch):
    store = {}

    class FakeKeyring:
        @staticmethod
        def get_password(service, name):
            return store.get((service, name))

        @staticmethod
        def set_password(service, name, value):
            store[(service, name)] = value

    import keyring

    monkeypatch.setattr(keyring, "get_password", FakeKeyring.get_password)
    monkeypatch.setattr(keyring, "set_password", FakeKeyring.set_password)
    assert keys._keyring_set("db", K0)
    assert store[("ShipDesk", "db")] == base64.b64encode(K0).decode()  # as it always was
    ring = KeyRing({0: K0, 1: K1}, 1, index_key_of(K0))
    assert keys._keyring_set("db", MasterKey(ring))
    assert ring_of(keys._keyring_get("db")) == ring


def test_pin_hash():
    h = hash_pin("1234")
    assert h.startswith("scrypt$") and "1234" not in h
    assert check_pin(h, "1234") and not check_pin(h, "1235") and not check_pin("junk", "1")
    assert hash_pin("1234") != h  # salted
    for bad in ("", "12", "abcd", "1" * 13):
        with pytest.raises(Exception, match="PIN"):
            hash_pin(bad)


@settings(max_examples=300)
@given(st.text())
def test_safe_cell_never_starts_a_formula(text):
    out = safe_cell(text)
    assert isinstance(out, str)
    assert not out or out[0] not in FORMULA_START
    assert out == text or out == "'" + text


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1", "\r=1", "=cmd|' /C calc'!A0"])
def test_safe_cell_known_payloads(text):
    assert safe_cell(text) == "'" + text


def test_safe_cell_keeps_numbers_and_plain_text():
    assert safe_cell(12) == 12 and safe_cell(1.5) == 1.5 and safe_cell(None) is None
    assert safe_cell("张三") == "张三" and safe_cell("a=b") == "a=b"


def test_revealed_never_prints_its_values():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    r = Revealed(1, "P1", now, now + timedelta(seconds=60), False,
                 {"name": "王小明", "phone": "13912345678"}, lambda: now)
    for text in (repr(r), str(r), f"{r}"):
        assert "王小明" not in text and "13912345678" not in text
    assert r.get("name") == "王小明"
    assert r.get("name", now + timedelta(seconds=61)) == ""
    assert r.expired(now + timedelta(seconds=60)) and not r.expired(now)
