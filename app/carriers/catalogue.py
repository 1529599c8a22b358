"""The carrier catalogue, read from resources/carriers.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from app.resources import resource


@dataclass(frozen=True, slots=True)
class SandboxRange:
    prefix: str
    width: int
    start: int


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str
    name: str
    short: str
    kuaidi100: str
    platform_codes: dict[str, str]
    patterns: tuple[re.Pattern[str], ...]
    sandbox: SandboxRange

    def matches(self, waybill_no: str) -> bool:
        return any(p.match(waybill_no) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Tier:
    code: str
    name: str
    badge: str


@cache
def _load() -> tuple[dict[str, Carrier], dict[str, Tier]]:
    data = json.loads(resource("carriers.json").read_text(encoding="utf-8"))
    carriers = {}
    for c in data["carriers"]:
        carriers[c["code"]] = Carrier(
            code=c["code"],
            name=c["name"],
            short=c["short"],
            kuaidi100=c["kuaidi100"],
            platform_codes={k: c[k] for k in ("douyin", "kuaishou", "pdd", "cainiao")},
            patterns=tuple(re.compile(p) for p in c["patterns"]),
            sandbox=SandboxRange(**c["sandbox"]),
        )
    tiers = {t["code"]: Tier(**t) for t in data["tiers"]}
    return carriers, tiers


def carriers() -> dict[str, Carrier]:
    return _load()[0]


def carrier(code: str) -> Carrier:
    try:
        return _load()[0][code.upper()]
    except KeyError:
        known = ", ".join(_load()[0])
        raise ValueError(f"unknown carrier {code!r}; known carriers: {known}") from None


def tier(code: str) -> Tier:
    try:
        return _load()[1][code]
    except KeyError:
        raise ValueError(f"unknown service tier {code!r}") from None


def rank_carriers(waybill_no: str) -> list[str]:
    """Carriers whose number shapes fit, most specific (prefixed) shapes first."""
    hits = [c for c in carriers().values() if c.matches(waybill_no)]
    return [c.code for c in sorted(hits, key=lambda c: -max(len(p.pattern) for p in c.patterns))]
