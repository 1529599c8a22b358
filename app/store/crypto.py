"""Field encryption of personal data: AES-GCM ciphertext plus a keyed blind index.

One 32-byte master key per database. Sub-keys are derived with HKDF so the blind index
key never encrypts and the encryption key never hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = b"\x01"


def _derive(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


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

    def encrypt(self, plain: str, context: bytes = b"") -> bytes:
        nonce = os.urandom(12)
        return _VERSION + nonce + self._aead.encrypt(nonce, plain.encode("utf-8"), context)

    def decrypt(self, blob: bytes, context: bytes = b"") -> str:
        if not blob or blob[:1] != _VERSION:
            raise ValueError("unknown ciphertext version")
        return self._aead.decrypt(blob[1:13], blob[13:], context).decode("utf-8")

    def blind_index(self, text: str) -> str:
        norm = normalise_for_index(text)
        return hmac.new(self._index_key, norm.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
