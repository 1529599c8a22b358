"""Provider tracking codes → ShipDesk's normalised statuses, driven by data.

The tables live in ``resources/tracking/status_map.json`` so a provider that adds or
re-labels a code is fixed by editing data, not code. Callers always keep the raw code and
text next to the normalised status, so a corrected table can re-normalise history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.resources import resource

LABEL_CREATED = "label_created"
PICKED_UP = "picked_up"
IN_TRANSIT = "in_transit"
OUT_FOR_DELIVERY = "out_for_delivery"
AVAILABLE_FOR_PICKUP = "available_for_pickup"
DELIVERY_FAILED = "delivery_failed"
EXCEPTION = "exception"
RETURNING = "returning"
RETURNED = "returned"
DELIVERED = "delivered"
CANCELLED = "cancelled"
UNKNOWN = "unknown"

STATUSES: tuple[str, ...] = (
    LABEL_CREATED, PICKED_UP, IN_TRANSIT, OUT_FOR_DELIVERY, AVAILABLE_FOR_PICKUP,
    DELIVERY_FAILED, EXCEPTION, RETURNING, RETURNED, DELIVERED, CANCELLED, UNKNOWN,
)
FINAL: frozenset[str] = frozenset({DELIVERED, RETURNED, CANCELLED})


@dataclass(frozen=True, slots=True)
class Classification:
    """A normalised status and an optional provider-independent reason (``flag``).

    Flags such as ``refused`` or ``locker_uncollected`` let alert rules work the same
    for every provider; they are derived from the raw code/text, so need no storage.
    """

    status: str
    flag: str = ""


@dataclass(frozen=True, slots=True)
class _Entry:
    status: str
    flag: str
    refine: frozenset[str]
    name: str


@dataclass(frozen=True, slots=True)
class _TextRule:
    needles: tuple[str, ...]
    status: str
    flag: str


def _code(raw_code: object) -> str:
    return "" if raw_code is None else str(raw_code).strip()


class StatusMap:
    """One loaded, validated status table."""

    def __init__(self, data: dict[str, Any]) -> None:
        statuses = tuple(data["statuses"])
        if set(statuses) != set(STATUSES):
            raise ValueError(f"status map must list exactly {STATUSES}, got {statuses}")
        if set(data.get("final", [])) != FINAL:
            raise ValueError(f"status map 'final' must be {sorted(FINAL)}")
        flags = frozenset(data.get("flags", []))
        self.flags = flags

        def check(where: str, status: str, flag: str, refine: list[str] | None = None) -> None:
            if status not in STATUSES:
                raise ValueError(f"{where}: unknown status {status!r}")
            if flag and flag not in flags:
                raise ValueError(f"{where}: flag {flag!r} is not listed in 'flags'")
            for r in refine or ():
                if r not in STATUSES:
                    raise ValueError(f"{where}: unknown refine status {r!r}")

        self._codes: dict[str, dict[str, _Entry]] = {}
        self._names: dict[str, dict[str, str]] = {}
        for provider, codes in data["providers"].items():
            table: dict[str, _Entry] = {}
            names: dict[str, str] = {}
            for code, e in codes.items():
                where = f"{provider}/{code}"
                check(where, e["status"], e.get("flag", ""), e.get("refine"))
                table[code] = _Entry(e["status"], e.get("flag", ""),
                                     frozenset(e.get("refine", ())), e.get("name", ""))
                if e.get("name"):
                    names.setdefault(e["name"], code)
            self._codes[provider] = table
            self._names[provider] = names
        self._rules: list[_TextRule] = []
        for i, r in enumerate(data.get("text_rules", [])):
            check(f"text_rules[{i}]", r["status"], r.get("flag", ""))
            if not r["any"]:
                raise ValueError(f"text_rules[{i}]: empty 'any'")
            self._rules.append(_TextRule(tuple(r["any"]), r["status"], r.get("flag", "")))

    @classmethod
    def load(cls, path: Path) -> StatusMap:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def providers(self) -> list[str]:
        return list(self._codes)

    def entries(self, provider: str) -> dict[str, Classification]:
        """Every code of one provider with its direct mapping (no text refinement)."""
        return {c: Classification(e.status, e.flag) for c, e in self._codes[provider].items()}

    def by_text(self, text: str) -> Classification | None:
        """First keyword rule that the event text matches, if any."""
        if text:
            for rule in self._rules:
                if any(n in text for n in rule.needles):
                    return Classification(rule.status, rule.flag)
        return None

    def classify(self, provider: str, raw_code: object, text: str = "") -> Classification:
        """Code first; text rules only where the code is unknown or explicitly broad."""
        entry = self._codes.get(provider, {}).get(_code(raw_code))
        if entry is None:
            return self.by_text(text) or Classification(UNKNOWN)
        if entry.refine:
            hit = self.by_text(text)
            if hit is not None and hit.status in entry.refine:
                return hit
        return Classification(entry.status, entry.flag)

    def code_for_name(self, provider: str, name: str) -> str:
        """The provider's code for one of its status labels ("在途" → "0"), or ""."""
        return self._names.get(provider, {}).get(name.strip(), "")


@cache
def default_map() -> StatusMap:
    return StatusMap.load(resource("tracking", "status_map.json"))


def classify(provider: str, raw_code: object, text: str = "") -> Classification:
    """Normalised status and reason flag for one provider event or state."""
    return default_map().classify(provider, raw_code, text)


def normalise(provider: str, raw_code: object, text: str = "") -> str:
    """The normalised status for a provider's raw code (text helps only when the code can't)."""
    return default_map().classify(provider, raw_code, text).status


def flag(provider: str, raw_code: object, text: str = "") -> str:
    """The provider-independent reason ("refused", "locker_uncollected", …) or ""."""
    return default_map().classify(provider, raw_code, text).flag


def is_final(status: str) -> bool:
    """Delivered, returned and cancelled parcels never change again: stop polling them."""
    return status in FINAL
