"""HTTP for platform APIs: one pooled session, bounded retries, clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry


@dataclass
class PlatformError(Exception):
    """A platform call failed. message is for the seller; never holds personal data."""

    platform: str
    code: str
    message: str
    retryable: bool = False

    def __str__(self) -> str:
        return f"{self.platform}: {self.message} ({self.code})"


def make_session(retries: int = 3, backoff: float = 0.5) -> requests.Session:
    """Retries connection errors and 429/5xx on idempotent and POST calls alike: every
    platform call we make carries its own idempotency key."""
    retry = Retry(total=retries, connect=retries, read=retries, status=retries,
                  backoff_factor=backoff, status_forcelist=(429, 500, 502, 503, 504),
                  allowed_methods=None, respect_retry_after_header=True,
                  raise_on_status=False)
    s = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_connections=4, pool_maxsize=8)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    return s


def post(session: requests.Session, platform: str, url: str, *, timeout: float = 15,
         **kw: object) -> dict:
    """POST and return the JSON body, or raise PlatformError that says what to do."""
    try:
        resp = session.post(url, timeout=timeout, **kw)
    except requests.Timeout:
        raise PlatformError(platform, "timeout", "the platform did not answer in time; "
                            "try again in a minute", retryable=True) from None
    except requests.ConnectionError:
        raise PlatformError(platform, "offline", "cannot reach the platform: check the "
                            "internet connection", retryable=True) from None
    if resp.status_code >= 500 or resp.status_code == 429:
        raise PlatformError(platform, f"http_{resp.status_code}", "the platform is busy or "
                            "failing; try again later", retryable=True)
    if resp.status_code >= 400:
        raise PlatformError(platform, f"http_{resp.status_code}",
                            "the platform refused the request: check the app key and token")
    try:
        body = resp.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        raise PlatformError(platform, "bad_json", f"the platform answered {_endpoint(url)} "
                            "with something that is not JSON; try again later",
                            retryable=True) from None
    if not isinstance(body, dict):
        raise PlatformError(platform, "bad_json", "unexpected answer shape from the platform "
                            f"at {_endpoint(url)}")
    return body


def _endpoint(url: str) -> str:
    """Where a call went, for a message: scheme, host and path; never the query string
    (it may carry tokens or signatures)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path[:80]
