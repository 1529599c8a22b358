"""Request signing of the platforms' open APIs, as reference/platforms.md describes.

Each function is small and alone so that a wrong guess about one platform is a one-line
change, and the local test servers reuse the same functions to check what they receive.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping


def canonical_json(params: object) -> str:
    """Keys sorted, no spaces, no HTML escaping, non-ASCII kept (Douyin's param_json rule)."""
    return json.dumps(params, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def douyin_sign(app_key: str, secret: str, method: str, param_json: str, timestamp: str,
                sign_method: str = "hmac-sha256", v: str = "2") -> str:
    s = f"app_key{app_key}method{method}param_json{param_json}timestamp{timestamp}v{v}"
    payload = f"{secret}{s}{secret}".encode()
    if sign_method == "md5":
        return hashlib.md5(payload).hexdigest()
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


def kuaishou_sign(params: Mapping[str, str], secret: str, sign_method: str = "HMAC_SHA256") -> str:
    """params: every request parameter except sign itself."""
    base = "&".join(f"{k}={params[k]}" for k in sorted(params)) + f"&signSecret={secret}"
    if sign_method.upper() == "MD5":
        return hashlib.md5(base.encode()).hexdigest()
    return base64.b64encode(hmac.new(secret.encode(), base.encode(), hashlib.sha256).digest()).decode()


def pdd_sign(params: Mapping[str, str], secret: str) -> str:
    joined = "".join(f"{k}{params[k]}" for k in sorted(params))
    return hashlib.md5(f"{secret}{joined}{secret}".encode()).hexdigest().upper()


def top_sign(params: Mapping[str, str], secret: str) -> str:
    """Taobao/Cainiao TOP gateway, md5 flavour."""
    return pdd_sign(params, secret)


def kuaidi100_sign(param: str, key: str, customer: str) -> str:
    return hashlib.md5(f"{param}{key}{customer}".encode()).hexdigest().upper()
