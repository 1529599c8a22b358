"""Rate cards and parcel weights: what a parcel costs to send, in integer fen.

A rate card belongs to a shop and a carrier (or is a default for every shop). Each line
prices a destination — a zone, or a list of provinces, which wins over the zone — as a
first weight (首重) plus a price for each further step (续重, 1 kg unless the card says
otherwise). A part of a step is charged as a whole step, as carriers bill.
Standard library only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "NoRate",
    "Quote",
    "RateCard",
    "RateLine",
    "Weight",
    "freight",
    "parcel_weight",
    "quote",
]


class NoRate(LookupError):
    """The card has no line for the destination; the message says which."""


def _yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    y, f = divmod(abs(fen), 100)
    return f"{sign}¥{y}.{f:02d}"


def _kg(grams: int) -> str:
    kg = grams / 1000
    return f"{kg:g} kg"


@dataclass(frozen=True, slots=True)
class RateLine:
    first_g: int
    first_fen: int
    step_g: int
    step_fen: int
    zone: str = ""  # one of core.tiers.ZONES, or "*" for anywhere
    provinces: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name in ("first_g", "first_fen", "step_g", "step_fen"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError(f"rate line {name} must be a whole number ≥ 0, not {v!r}")
        if self.step_g == 0:
            raise ValueError("rate line step_g must be more than 0 grams")
        if not self.zone and not self.provinces:
            raise ValueError("a rate line needs a zone or provinces")

    @classmethod
    def from_data(cls, d: Mapping) -> RateLine:
        return cls(first_g=int(d.get("first_g", 1000)), first_fen=int(d["first_fen"]),
                   step_g=int(d.get("step_g", 1000)), step_fen=int(d["step_fen"]),
                   zone=d.get("zone", "") or "", provinces=frozenset(d.get("provinces") or ()))

    def as_data(self) -> dict[str, object]:
        d: dict[str, object] = {"first_g": self.first_g, "first_fen": self.first_fen,
                                "step_g": self.step_g, "step_fen": self.step_fen}
        if self.zone:
            d["zone"] = self.zone
        if self.provinces:
            d["provinces"] = sorted(self.provinces)
        return d


@dataclass(frozen=True, slots=True)
class RateCard:
    carrier: str
    name: str
    lines: tuple[RateLine, ...]
    shop_id: int = 0  # 0: every shop
    card_id: int | None = None  # None: a built-in default card

    def line_for(self, zone: str, province: str) -> RateLine:
        for line in self.lines:
            if province and province in line.provinces:
                return line
        for line in self.lines:
            if line.zone == zone:
                return line
        for line in self.lines:
            if line.zone == "*":
                return line
        raise NoRate(f"rate card 「{self.name}」 has no price for {province or zone}")


@dataclass(frozen=True, slots=True)
class Quote:
    fen: int  # freight + tier fee, never below 0
    freight_fen: int
    fee_fen: int
    weight_g: int
    billed_g: int
    card: str
    detail: str  # "首重 1 kg ¥3.00 + 2 × ¥1.00 (national)"


def freight(line: RateLine, weight_g: int) -> tuple[int, int]:
    """(fen, billed grams) for a weight on a line; no weight is priced as the first weight."""
    w = max(0, int(weight_g))
    extra = max(0, w - line.first_g)
    steps = -(-extra // line.step_g)
    return line.first_fen + steps * line.step_fen, line.first_g + steps * line.step_g


def quote(card: RateCard, zone: str, province: str, weight_g: int, *, fee_fen: int = 0) -> Quote:
    """The estimated cost of a parcel. ``fee_fen``: a tier's extra charge (TierSpec.fee)."""
    line = card.line_for(zone, province)
    fen, billed = freight(line, weight_g)
    steps = (billed - line.first_g) // line.step_g
    where = province if province in line.provinces else (line.zone or "*").replace("_", " ")
    detail = f"first {_kg(line.first_g)} {_yuan(line.first_fen)}"
    if steps:
        detail += f" + {steps} × {_kg(line.step_g)} {_yuan(line.step_fen)}"
    detail += f" ({where}, billed {_kg(billed)})"
    if fee_fen:
        detail += f" + service {_yuan(fee_fen)}"
    return Quote(max(0, fen + fee_fen), fen, fee_fen, max(0, int(weight_g)), billed, card.name,
                 detail)


@dataclass(frozen=True, slots=True)
class Weight:
    grams: int
    source: str  # "typed" | "sku" | "none"
    missing: tuple[str, ...] = field(default=())  # SKUs with no weight in the table

    @property
    def known(self) -> bool:
        return self.source != "none" and not self.missing


def parcel_weight(items: Iterable[tuple[str, int]], sku_weights: Mapping[str, int], *,
                  tare_g: int = 0, typed_g: int | None = None) -> Weight:
    """A typed weight wins; else the SKU weight table times quantities, plus the package."""
    if typed_g:
        return Weight(int(typed_g), "typed")
    total, missing = 0, []
    any_item = False
    for sku, qty in items:
        any_item = True
        w = sku_weights.get(sku) if sku else None
        if w is None:
            if sku and sku not in missing:
                missing.append(sku)
            elif not sku and "" not in missing:
                missing.append("")
            continue
        total += w * max(1, qty)
    if not any_item or (total == 0 and missing):
        return Weight(tare_g, "none", tuple(missing))
    return Weight(total + tare_g, "sku", tuple(missing))
