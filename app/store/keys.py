"""Where the master key lives: the OS keyring, else a passphrase-protected key file.

What is stored is the database's key ring (see `app.store.crypto.KeyRing`): before any
rotation that is the one 32-byte key, kept as it always was (base64 in the keyring); after
a rotation it is a small JSON document with every key id still needed and the primary.
`load_key` returns plain bytes for a one-key ring and a `MasterKey` (bytes of the primary,
carrying the ring) otherwise, so `FieldCipher(load_key(...))` reads every row either way.

Key files (the local fallback, the files `shipdesk db export-key` writes, and the key
backups the owner keeps on a USB stick) share one format: JSON with the scrypt
parameters, a salt, a nonce and the AES-GCM-sealed ring. Version 2 also names the
database (db_id, bound into the seal) and its key check value, so a restore can tell a
backup of another database before asking anything else. Version 1 files still open.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.store.crypto import KeyRing, MasterKey, ring_of

log = logging.getLogger(__name__)

KEYRING_SERVICE = "ShipDesk"
PASSPHRASE_ENV = "SHIPDESK_KEY_PASSPHRASE"
#: scrypt cost of the local key file (opened at every start) and of key backups (opened
#: rarely, kept off the machine: worth a slower guess)
FILE_SCRYPT_N = 2**15
BACKUP_SCRYPT_N = 2**17
KEY_FILE_FORMAT = "shipdesk-key"


class KeyError_(Exception):
    """The key cannot be found or opened; the message says what to do."""


# ------------------------------------------------------------------------- the ring as data


def ring_to_json(ring: KeyRing) -> str:
    doc: dict[str, object] = {
        "v": 2, "primary": ring.primary,
        "keys": {str(k): base64.b64encode(v).decode() for k, v in sorted(ring.keys.items())},
    }
    if ring.check_key is not None:
        doc["check"] = base64.b64encode(ring.check_key).decode()
    return json.dumps(doc, separators=(",", ":"))


def ring_from_json(text: str) -> KeyRing:
    try:
        doc = json.loads(text)
        keys = {int(k): base64.b64decode(v) for k, v in doc["keys"].items()}
        check = base64.b64decode(doc["check"]) if doc.get("check") else None
        return KeyRing(keys, int(doc["primary"]), check)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyError_(f"the stored key ring is damaged ({type(exc).__name__})") from None


def key_from_ring(ring: KeyRing) -> bytes:
    """What load_key hands out: plain bytes for a one-key ring, else a MasterKey."""
    return bytes(ring.keys[0]) if ring.is_legacy else MasterKey(ring)


def _stored_text(key: bytes) -> str:
    ring = ring_of(key)
    return base64.b64encode(ring.keys[0]).decode() if ring.is_legacy else ring_to_json(ring)


def _parse_stored(value: str) -> bytes:
    value = value.strip()
    if value.startswith("{"):
        return key_from_ring(ring_from_json(value))
    return base64.b64decode(value)


# ------------------------------------------------------------------------- OS keyring


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
    if not value:
        return None
    try:
        return _parse_stored(value)
    except (KeyError_, ValueError):
        log.warning("the OS keyring holds an unreadable ShipDesk key entry")
        return None


def _keyring_set(db_id: str, key: bytes) -> bool:
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, db_id, _stored_text(key))
        got = _keyring_get(db_id)
        return got is not None and ring_of(got) == ring_of(key)
    except Exception as exc:
        log.info("OS keyring not usable (%s); using a key file", type(exc).__name__)
        return False


def keyring_has(db_id: str) -> bool:
    return _keyring_get(db_id) is not None


# ------------------------------------------------------------------------- key files


def _kdf(salt: bytes, n: int = FILE_SCRYPT_N) -> Scrypt:
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1)


def _aad(version: int, db_id: str) -> bytes:
    return b"shipdesk key file v1" if version == 1 else \
        b"shipdesk key file v2|" + db_id.encode("utf-8")


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    with contextlib.suppress(OSError, AttributeError):  # the rename itself, where possible
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_key_file(path: Path, key: bytes, passphrase: str, *, db_id: str = "",
                   check: str = "", n: int | None = None, purpose: str = "key") -> None:
    """Seal the key (its whole ring) with a passphrase into `path`, atomically."""
    if not passphrase:
        raise KeyError_("a key file needs a passphrase")
    n = n or FILE_SCRYPT_N
    salt, nonce = os.urandom(16), os.urandom(12)
    wrap = _kdf(salt, n).derive(passphrase.encode("utf-8"))
    payload = ring_to_json(ring_of(key)).encode("utf-8")
    blob = AESGCM(wrap).encrypt(nonce, payload, _aad(2, db_id))
    doc = {
        "format": KEY_FILE_FORMAT, "v": 2, "purpose": purpose,
        "db_id": db_id, "check": check,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "kdf": "scrypt", "n": n, "r": 8, "p": 1,
        "salt": base64.b64encode(salt).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "key": base64.b64encode(blob).decode(),
    }
    _write_atomic(Path(path), json.dumps(doc, indent=1))


def key_file_info(path: Path) -> dict[str, object]:
    """What a key file says about itself without the passphrase (db_id, check, created)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "key" not in data:
            raise ValueError("not a key file")
    except (OSError, ValueError) as exc:
        raise KeyError_(f"key file {Path(path).name} is unreadable ({type(exc).__name__})") \
            from None
    return {k: data.get(k, "") for k in ("v", "purpose", "db_id", "check", "created")}


def read_key_file(path: Path, passphrase: str) -> bytes:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        version = int(data.get("v", 1))
        salt = base64.b64decode(data["salt"])
        nonce = base64.b64decode(data["nonce"])
        blob = base64.b64decode(data["key"])
        n = int(data.get("n", FILE_SCRYPT_N)) if version >= 2 else FILE_SCRYPT_N
        db_id = str(data.get("db_id") or "")
        if version not in (1, 2) or not (2**10 <= n <= 2**20) or n & (n - 1):
            raise ValueError("unknown key file version or cost")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeyError_(f"key file {path} is unreadable ({type(exc).__name__})") from None
    wrap = _kdf(salt, n).derive((passphrase or "").encode("utf-8"))
    try:
        plain = AESGCM(wrap).decrypt(nonce, blob, _aad(version, db_id))
    except InvalidTag:
        raise KeyError_(f"wrong passphrase for key file {path}") from None
    if version == 1:
        return plain
    return key_from_ring(ring_from_json(plain.decode("utf-8")))


# ------------------------------------------------------------------------- finding a key


def key_file_path(key_dir: Path, db_id: str) -> Path:
    return Path(key_dir) / f"{db_id}.key"


def load_key(db_id: str, key_dir: Path, passphrase: str | None, *, create: bool,
             use_keyring: bool = True) -> bytes:
    """Find this database's key; make one when the database is new."""
    key = _keyring_get(db_id) if use_keyring else None
    if key is not None:
        return key
    path = key_file_path(key_dir, db_id)
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
    write_key_file(path, key, passphrase, db_id=db_id)
    return key


def store_key(db_id: str, key: bytes, key_dir: Path, passphrase: str | None, *,
              use_keyring: bool = True, prefer: str = "") -> str:
    """Keep `key` (its whole ring) for this database on this machine; returns where.

    Written where the key is kept now (the keyring when it holds this database's key,
    else the key file), else the keyring, else a key file sealed with `passphrase` (or
    SHIPDESK_KEY_PASSPHRASE). Each store is one atomic write, so a crash leaves either
    the old ring or the new one. `prefer="file"` skips the keyring.
    """
    path = key_file_path(key_dir, db_id)
    in_keyring = use_keyring and prefer != "file" and keyring_has(db_id)
    if in_keyring or (use_keyring and prefer != "file" and not path.exists()):
        if _keyring_set(db_id, key):
            return "keyring"
        if in_keyring:
            raise KeyError_("the OS keyring refused the new key; nothing was changed")
    own = passphrase if passphrase is not None else os.environ.get(PASSPHRASE_ENV)
    if not own:
        raise KeyError_(f"no OS keyring here: set {PASSPHRASE_ENV} to protect the key file "
                        f"{path}")
    write_key_file(path, key, own, db_id=db_id)
    return str(path)
