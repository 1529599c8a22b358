"""Where the master key lives: the OS keyring, else a passphrase-protected key file."""

from __future__ import annotations

import base64
import json
import logging
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

log = logging.getLogger(__name__)

KEYRING_SERVICE = "ShipDesk"
PASSPHRASE_ENV = "SHIPDESK_KEY_PASSPHRASE"


class KeyError_(Exception):
    """The key cannot be found or opened; the message says what to do."""


def _keyring_get(db_id: str) -> bytes | None:
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            value = keyring.get_password(KEYRING_SERVICE, db_id)
        except KeyringError:
            return None
    except Exception:  # no usable backend at all (headless Linux)
        return None
    return base64.b64decode(value) if value else None


def _keyring_set(db_id: str, key: bytes) -> bool:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, db_id, base64.b64encode(key).decode())
        return _keyring_get(db_id) == key
    except Exception as exc:
        log.info("OS keyring not usable (%s); using a key file", type(exc).__name__)
        return False


def _kdf(salt: bytes) -> Scrypt:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1)


def write_key_file(path: Path, key: bytes, passphrase: str) -> None:
    if not passphrase:
        raise KeyError_("a key file needs a passphrase")
    salt, nonce = os.urandom(16), os.urandom(12)
    wrap = _kdf(salt).derive(passphrase.encode("utf-8"))
    blob = AESGCM(wrap).encrypt(nonce, key, b"shipdesk key file v1")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(
            {
                "v": 1,
                "kdf": "scrypt-n15-r8-p1",
                "salt": base64.b64encode(salt).decode(),
                "nonce": base64.b64encode(nonce).decode(),
                "key": base64.b64encode(blob).decode(),
            }
        )
    )
    os.replace(tmp, path)


def read_key_file(path: Path, passphrase: str) -> bytes:
    try:
        data = json.loads(path.read_text())
        salt = base64.b64decode(data["salt"])
        nonce = base64.b64decode(data["nonce"])
        blob = base64.b64decode(data["key"])
    except (OSError, ValueError, KeyError) as exc:
        raise KeyError_(f"key file {path} is unreadable ({type(exc).__name__})") from None
    wrap = _kdf(salt).derive(passphrase.encode("utf-8"))
    try:
        return AESGCM(wrap).decrypt(nonce, blob, b"shipdesk key file v1")
    except InvalidTag:
        raise KeyError_(f"wrong passphrase for key file {path}") from None


def load_key(db_id: str, key_dir: Path, passphrase: str | None, *, create: bool,
             use_keyring: bool = True) -> bytes:
    """Find this database's key; make one when the database is new."""
    key = _keyring_get(db_id) if use_keyring else None
    if key is not None:
        return key
    path = key_dir / f"{db_id}.key"
    passphrase = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
    if path.exists():
        if not passphrase:
            raise KeyError_(
                f"this database's key is in {path}, protected by a passphrase: "
                f"set {PASSPHRASE_ENV} or enter it when asked"
            )
        return read_key_file(path, passphrase)
    if not create:
        raise KeyError_(
            "no key for this database in the OS keyring nor in "
            f"{path}: restore the key backup or use the machine that created it"
        )
    key = os.urandom(32)
    if use_keyring and _keyring_set(db_id, key):
        return key
    if not passphrase:
        raise KeyError_(
            f"no OS keyring here: set {PASSPHRASE_ENV} to protect the key file {path}"
        )
    write_key_file(path, key, passphrase)
    return key
