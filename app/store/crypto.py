"""Field encryption of personal data: AES-GCM ciphertext plus a keyed blind index.

One 32-byte master key per database. Sub-keys are derived with HKDF so the blind index
key never encrypts and the encryption key never hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = b"\x01"


def _derive(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


def _hmac_sha256_pads(key: bytes) -> tuple[Any, Any]:
    """SHA-256 states after HMAC's inner and outer key blocks (RFC 2104): copying two
    hashlib states per value costs about half of what copying an hmac.HMAC object does,
    and an import computes four blind indexes per order."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    block = key.ljust(64, b"\0")
    return hashlib.sha256(block.translate(_IPAD)), hashlib.sha256(block.translate(_OPAD))


def normalise_for_index(text: str) -> str:
    """Exact search must not depend on full-width digits, case or stray spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


class FieldCipher:
    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 32:
            raise ValueError("the master key must be 32 bytes")
        self._aead = AESGCM(_derive(master_key, b"shipdesk field encryption v1"))
        self._index_key = _derive(master_key, b"shipdesk blind index v1")
        self.check_value = hmac.new(self._index_key, b"key check", hashlib.sha256).hexdigest()[:16]
        # key rotation: a MasterKey carries the older keys still needed to read rows
        ring = getattr(master_key, "ring", None)
        self.ring: KeyRing = ring if isinstance(ring, KeyRing) else KeyRing({0: bytes(master_key)})
        self.key_id = self.ring.primary
        self._aeads = {kid: AESGCM(_derive(k, b"shipdesk field encryption v1"))
                       for kid, k in self.ring.keys.items()}
        self._index_keys = {kid: _derive(k, b"shipdesk blind index v1")
                            for kid, k in self.ring.keys.items()}
        self._aead = self._aeads[self.key_id]
        self._index_key = self._index_keys[self.key_id]
        self._ipad, self._opad = _hmac_sha256_pads(self._index_key)
        probe = b"shipdesk blind index self check"
        if self._pads_digest(probe) != hmac.new(self._index_key, probe,
                                                 hashlib.sha256).hexdigest():
            raise RuntimeError("HMAC-SHA256 self check failed")
        if self.ring.check_key is not None:
            self.check_value = check_value_of(self.ring.check_key)

    def encrypt(self, plain: str, context: bytes = b"") -> bytes:
        nonce = os.urandom(12)
        if self.key_id:
            return (_VERSION2 + struct.pack(">H", self.key_id) + nonce
                    + self._aead.encrypt(nonce, plain.encode("utf-8"), context))
        return _VERSION + nonce + self._aead.encrypt(nonce, plain.encode("utf-8"), context)

    def decrypt(self, blob: bytes, context: bytes = b"") -> str:
        if blob and blob[:1] == _VERSION2 and len(blob) > 15:
            kid = struct.unpack(">H", blob[1:3])[0]
            aead = self._aeads.get(kid)
            if aead is None:
                raise ValueError(f"this value is encrypted with key {kid}, which this station "
                                 "does not have: restore the key backup made after rotating")
            return aead.decrypt(blob[3:15], blob[15:], context).decode("utf-8")
        if not blob or blob[:1] != _VERSION:
            raise ValueError("unknown ciphertext version")
        if 0 not in self._aeads:
            raise ValueError("this value is encrypted with key 0, which this station no "
                             "longer has: restore a key backup made before it was forgotten")
        return self._aeads[0].decrypt(blob[1:13], blob[13:], context).decode("utf-8")

    def _pads_digest(self, data: bytes) -> str:
        inner = self._ipad.copy()
        inner.update(data)
        outer = self._opad.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    def blind_index(self, text: str) -> str:
        """HMAC-SHA256 of the normalised text, hex, first 32 characters. The keyed states
        are set up once and copied for every value."""
        inner = self._ipad.copy()
        inner.update(normalise_for_index(text).encode("utf-8"))
        outer = self._opad.copy()
        outer.update(inner.digest())
        return outer.hexdigest()[:32]

    # ------------------------------------------------------------------ key rotation
    def blind_indexes(self, text: str) -> list[str]:
        """The blind index of `text` under every key of the ring, the primary's first.

        While a rotation runs, rows not yet re-encrypted still carry the old key's index:
        exact search asks for any of these."""
        norm = normalise_for_index(text).encode("utf-8")
        out = [self.blind_index(text)]
        for kid, k in sorted(self._index_keys.items()):
            if kid != self.key_id:
                out.append(hmac.new(k, norm, hashlib.sha256).hexdigest()[:32])
        return out

    def check_of(self, key_id: int) -> str:
        """The check value of one key of the ring (kept per key id in the database)."""
        return check_value_of(self._index_keys[key_id])

    @property
    def key_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self._aeads))


# ---------------------------------------------------------------------- key rotation
#
# A database starts with key 0; its ciphertexts are version 1 (no key id). Rotating adds
# key n (n = 1, 2, …) and makes it the primary: new ciphertexts are version 2 and carry
# the id of the key that made them, so a row encrypted with any key of the ring stays
# readable whatever point a rotation (or a crash during one) reached.

_VERSION2 = b"\x02"


def check_value_of(index_key: bytes) -> str:
    return hmac.new(index_key, b"key check", hashlib.sha256).hexdigest()[:16]


def index_key_of(master: bytes) -> bytes:
    """The blind-index key of a master key (whose check value the database records)."""
    return _derive(master, b"shipdesk blind index v1")


def key_id_of(blob: bytes | None) -> int | None:
    """Which key of the ring encrypted this ciphertext (None for no value)."""
    if not blob:
        return None
    if blob[:1] == _VERSION2 and len(blob) >= 3:
        return struct.unpack(">H", blob[1:3])[0]
    return 0


def ciphertext_prefix(key_id: int) -> bytes:
    """The first bytes of every ciphertext made with `key_id` (for SQL prefix checks)."""
    return _VERSION2 + struct.pack(">H", key_id) if key_id else _VERSION


@dataclass(frozen=True)
class KeyRing:
    """The keys of one database: `primary` encrypts, all of them decrypt.

    `check_key` is the blind-index key whose check value the database recorded when it
    was made (meta `key_check`); a rotation keeps it, so every ring of a database keeps
    opening it whatever point a rotation reached. None: the primary key's own."""

    keys: dict[int, bytes]
    primary: int = 0
    check_key: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.primary not in self.keys:
            raise ValueError("the primary key is not in the ring")
        if any(len(k) != 32 for k in self.keys.values()):
            raise ValueError("every key must be 32 bytes")

    def __repr__(self) -> str:  # never the keys
        return f"KeyRing(ids={sorted(self.keys)}, primary={self.primary})"

    @property
    def is_legacy(self) -> bool:
        """One key 0 and no separate check key: stored as the plain 32 bytes."""
        return list(self.keys) == [0] and (
            self.check_key is None or self.check_key == index_key_of(self.keys[0]))


class MasterKey(bytes):
    """The primary key's 32 bytes, carrying its ring (older keys still needed to read)."""

    ring: KeyRing

    def __new__(cls, ring: KeyRing) -> MasterKey:
        obj = super().__new__(cls, ring.keys[ring.primary])
        obj.ring = ring
        return obj

    def __repr__(self) -> str:
        return f"MasterKey({self.ring!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MasterKey):
            return self.ring == other.ring
        return bytes.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = bytes.__hash__


def ring_of(key: bytes) -> KeyRing:
    """The ring of a key as load_key returns it (a plain key is a ring of key 0)."""
    ring = getattr(key, "ring", None)
    return ring if isinstance(ring, KeyRing) else KeyRing({0: bytes(key)})
