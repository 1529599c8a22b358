"""Order export formats: one layout per platform, plus a generic mapping for the rest.

``LAYOUTS`` names the built-in layouts; :func:`detect` scores a header against them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.importers import douyin, kuaishou, others
from app.importers.mapping import Layout, missing_required, resolve_columns
from app.importers.reader import normalise_header

LAYOUTS: dict[str, Layout] = {
    "douyin": douyin.LAYOUT,
    "kuaishou": kuaishou.LAYOUT,
    "taobao": others.TAOBAO,
    "pdd": others.PDD,
    "jd": others.JD,
    "wechat": others.WECHAT,
}
GENERIC = others.GENERIC

#: display names of platforms, for shops and the import dialog
PLATFORM_LABELS: dict[str, str] = {k: lo.label for k, lo in LAYOUTS.items()} | {
    "other": "其他平台"}


def layout_for(platform: str) -> Layout:
    """The built-in layout of a platform; the generic one for any other name."""
    lo = LAYOUTS.get(platform)
    if lo is not None:
        return lo
    from dataclasses import replace

    return replace(GENERIC, platform=platform or "other")


def all_known_headers() -> set[str]:
    names: set[str] = set(GENERIC.known_headers())
    for lo in LAYOUTS.values():
        names |= lo.known_headers()
    return names


@dataclass(frozen=True, slots=True)
class Detection:
    layout: Layout
    score: int
    hits: int
    missing: tuple[str, ...]  # required fields the header lacks

    @property
    def usable(self) -> bool:
        return not self.missing and self.hits >= 3


def detect(header: Iterable[str]) -> list[Detection]:
    """Every built-in layout scored against a header, best first. Distinctive headers
    weigh 3, other known names 1; a layout missing a required field ranks below any that
    has them all."""
    header = list(header)
    names = {normalise_header(h) for h in header if h}
    out = []
    for lo in LAYOUTS.values():
        known = {normalise_header(h) for h in lo.known_headers()}
        hits = len(names & known)
        distinct = len(names & {normalise_header(h) for h in lo.distinctive})
        idx = resolve_columns(lo, header)
        missing = tuple(missing_required(lo, idx))
        out.append(Detection(lo, hits + 2 * distinct, hits, missing))
    out.sort(key=lambda d: (not d.missing, d.score), reverse=True)
    return out


def suggest_mapping(header: Iterable[str], layout: Layout | None = None) -> dict[str, str]:
    """field -> header text, from a layout's names (default: every common name)."""
    header = list(header)
    idx = resolve_columns(layout or GENERIC, header)
    return {f: header[i] for f, i in idx.items()}
