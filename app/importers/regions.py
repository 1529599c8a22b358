"""Split a one-field Chinese address into province, city, district, street and detail.

Backed by the administrative-division table in resources/regions/regions.json (National
Bureau of Statistics codes, down to the township level; see resources/regions/README.md),
not by a few regular expressions. It knows:

- municipalities (北京/上海/天津/重庆), whose exports omit the repeated city
  (``北京市 朝阳区 …``) or repeat it (``北京市 北京市 朝阳区``): the city comes out as the
  municipality's name, as the Douyin export writes it;
- autonomous regions and prefectures, by full or short name (``广西``, ``恩施州``);
- county-level cities administered by the province (河南 济源, 湖北 仙桃/潜江/天门,
  神农架林区, 海南 五指山/琼海…, 新疆 石河子…): city and district are both that name;
- prefecture-level cities without counties (东莞, 中山, 儋州, 嘉峪关): the district is the
  city's own name and the town follows;
- a missing city (``浙江省 义乌市``) or a missing province (``杭州市西湖区…``);
- spaced exports (Kuaishou: ``省 市 区 街道 详细地址``) and unspaced typed addresses; a
  spaced district or street newer than the table is kept as written.

Everything here is pure Python and data: the table loads once, lazily.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from app.resources import resource

__all__ = ["Regions", "SplitAddress", "regions", "split_address"]

MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
_PSEUDO_MUNICIPAL = frozenset({"市辖区", "县", "郊县", "城区", "市区"})
_PSEUDO_DIRECT = ("省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖县级行政单位",
                  "直辖县级行政区划", "省直辖县", "直辖县")
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_ETHNIC = re.compile(
    "(?:蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|"
    "拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|"
    "塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各)族?"
)
_STREET_SUFFIXES = ("街道", "镇", "乡", "苏木", "地区办事处", "办事处", "开发区", "管委会", "农场",
                    "林场", "牧场", "园区", "街办", "新区")
_DISTRICT_SUFFIXES = ("区", "县", "市", "旗", "林区", "特区")
_SEPS = " \t,，、/|;；"


@dataclass(frozen=True, slots=True)
class SplitAddress:
    province: str = ""
    city: str = ""
    district: str = ""
    street: str = ""
    detail: str = ""

    def as_tuple(self) -> tuple[str, str, str, str, str]:
        return (self.province, self.city, self.district, self.street, self.detail)


@dataclass(slots=True)
class _Node:
    code: str
    name: str
    parent: str
    kind: str = ""  # province: municipality | normal; city: pseudo_municipal | direct | normal
    children: list[_Node] = field(default_factory=list)


def _short_names(name: str, suffixes: tuple[str, ...]) -> list[str]:
    out = []
    for suf in suffixes:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            out.append(name[: -len(suf)])
            break
    m = _ETHNIC.search(name)
    if m and m.start() >= 2 and name.endswith(("自治州", "自治县", "自治旗")):
        base = name[: m.start()]
        out.append(base)
        out.append(base + name[-1])  # 恩施州, 石柱县
    return out


class _Index:
    """Names (full and short) under one parent, longest first, by first character."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[str, _Node, bool]]] = {}

    def add(self, text: str, node: _Node, full: bool) -> None:
        if not text:
            return
        lst = self._by_first.setdefault(text[0], [])
        if any(t == text and n is node for t, n, _ in lst):
            return
        lst.append((text, node, full))
        lst.sort(key=lambda t: (-len(t[0]), not t[2]))

    def matches(self, s: str, i: int) -> list[tuple[_Node, int, bool]]:
        if i >= len(s):
            return []
        out = []
        seen: set[int] = set()
        for text, node, full in self._by_first.get(s[i], ()):
            if s.startswith(text, i) and id(node) not in seen:
                seen.add(id(node))
                out.append((node, i + len(text), full))
        return out


def _skip(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] in _SEPS:
        i += 1
    return i


def _token(s: str, i: int) -> tuple[str, int]:
    """The whitespace-delimited token at i, and where it ends."""
    j = i
    n = len(s)
    while j < n and s[j] not in " \t":
        j += 1
    return s[i:j], j


class Regions:
    def __init__(self, data: dict) -> None:
        self.edition = data.get("edition", "")
        self.provinces: dict[str, _Node] = {}
        self.cities: dict[str, _Node] = {}
        self.areas: dict[str, _Node] = {}
        self._streets_raw: dict[str, str] = data.get("s", {})
        self._streets: dict[str, _Index] = {}
        self._province_index = _Index()
        self._city_index: dict[str, _Index] = {}  # by province code
        self._area_index: dict[str, _Index] = {}  # by city code
        self._prov_area_index: dict[str, _Index] = {}  # every county of a province
        self._national_city = _Index()
        self._national_area = _Index()
        for code, name in data["p"]:
            kind = "municipality" if code in MUNICIPALITIES else "normal"
            node = _Node(code, name, "", kind)
            self.provinces[code] = node
            self._province_index.add(name, node, True)
            for short in _short_names(name, _PROVINCE_SUFFIXES):
                self._province_index.add(short, node, False)
        for code, name, pcode in data["c"]:
            prov = self.provinces.get(pcode)
            if prov is None:
                continue
            if prov.kind == "municipality":
                kind = "pseudo_municipal"
            elif name in _PSEUDO_DIRECT or "直辖县级" in name:
                kind = "direct"
            else:
                kind = "normal"
            node = _Node(code, name, pcode, kind)
            self.cities[code] = node
            prov.children.append(node)
        for code, name, ccode in data["a"]:
            city = self.cities.get(ccode)
            if city is None:
                continue
            node = _Node(code, name, ccode)
            self.areas[code] = node
            city.children.append(node)
        for prov in self.provinces.values():
            cidx = self._city_index.setdefault(prov.code, _Index())
            pidx = self._prov_area_index.setdefault(prov.code, _Index())
            for city in prov.children:
                if city.kind == "normal":
                    for text, full in self._names(city, ("市", "地区", "盟", "自治州")):
                        cidx.add(text, city, full)
                        self._national_city.add(text, city, full)
                elif city.kind == "direct":
                    for area in city.children:  # 济源市 stands where a city would
                        for text, full in self._names(area, ("市", "县", "林区")):
                            cidx.add(text, area, full)
                            self._national_city.add(text, area, full)
                aidx = self._area_index.setdefault(city.code, _Index())
                short_city = _short_names(city.name, ("市", "地区", "盟", "自治州"))
                for area in city.children:
                    for text, full in self._names(area, ("区", "县", "市", "旗", "林区")):
                        aidx.add(text, area, full)
                        pidx.add(text, area, full)
                        if full:
                            self._national_area.add(text, area, full)
                    for sc in short_city:  # 苏州工业园区 is written 工业园区
                        if area.name.startswith(sc) and len(area.name) - len(sc) >= 3:
                            aidx.add(area.name[len(sc):], area, False)

    @staticmethod
    def _names(node: _Node, suffixes: tuple[str, ...]) -> list[tuple[str, bool]]:
        return [(node.name, True)] + [(s, False) for s in _short_names(node.name, suffixes)]

    def _street_index(self, area_code: str) -> _Index:
        idx = self._streets.get(area_code)
        if idx is None:
            idx = _Index()
            for name in self._streets_raw.get(area_code, "").split("|"):
                if name:
                    node = _Node("", name, area_code)
                    idx.add(name, node, True)
            self._streets[area_code] = idx
        return idx

    # ------------------------------------------------------------------ parsing

    def split(self, text: str) -> SplitAddress:
        """Best split of an address; what cannot be placed stays in detail."""
        s = unicodedata.normalize("NFKC", text or "").strip()
        s = " ".join(s.split())
        if not s:
            return SplitAddress()
        best: tuple[tuple[int, ...], SplitAddress] | None = None
        for cand in self._parses(s):
            if best is None or cand[0] > best[0]:
                best = cand
        if best is None or best[0][0] == 0:
            return SplitAddress(detail=s)
        return best[1]

    def _parses(self, s: str):  # noqa: ANN202 - generator of (score, SplitAddress)
        i0 = _skip(s, 0)
        provs = self._province_index.matches(s, i0)
        for prov, end, full in provs:
            yield from self._after_province(s, prov, _skip(s, end), int(full))
        if not provs:
            # no province: a city (杭州市…) or a county (义乌市…) names it
            for city, end, full in self._national_city.matches(s, i0):
                prov = self.provinces[self._province_of(city)]
                yield from self._after_city(s, prov, city, _skip(s, end), int(full), 1)
            for area, end, _full in self._national_area.matches(s, i0):
                city = self.cities[area.parent]
                prov = self.provinces[city.parent]
                yield from self._after_district(s, prov, city, area, _skip(s, end), 1, 2)

    def _province_of(self, node: _Node) -> str:
        if node.code in self.cities:
            return self.cities[node.code].parent
        return self.cities[node.parent].parent

    def _after_province(self, s: str, prov: _Node, i: int, fulls: int):  # noqa: ANN202
        if prov.kind == "municipality":
            # optional repeated city: 北京市 北京市 / 北京 / 市辖区 / 县
            j = i
            for text in (prov.name, *(_short_names(prov.name, _PROVINCE_SUFFIXES)),
                         *_PSEUDO_MUNICIPAL):
                if s.startswith(text, i):
                    j = _skip(s, i + len(text))
                    break
            pseudo = _Node(prov.code, prov.name, prov.code, "municipal")
            aidx = self._prov_area_index[prov.code]
            found = False
            for area, end, full in aidx.matches(s, j):
                found = True
                yield from self._after_district(s, prov, pseudo, area, _skip(s, end),
                                                fulls + int(full), 2)
            if not found:
                yield from self._loose_district(s, prov, pseudo, j, fulls, 2)
            return
        # a pseudo-city name before a direct county: 湖北省 省直辖县级行政区划 仙桃市
        for text in _PSEUDO_DIRECT:
            if s.startswith(text, i):
                i = _skip(s, i + len(text))
                break
        cities = self._city_index[prov.code].matches(s, i)
        for city, end, full in cities:
            yield from self._after_city(s, prov, city, _skip(s, end), fulls + int(full), 2)
        # the city may be missing: 浙江省 义乌市
        for area, end, full in self._prov_area_index[prov.code].matches(s, i):
            city = self.cities[area.parent]
            if city.kind == "direct":
                continue  # matched above as a city
            yield from self._after_district(s, prov, city, area, _skip(s, end),
                                            fulls + int(full), 1)
        yield (1, fulls, 0, 0, i), SplitAddress(prov.name, "", "", "", s[i:].strip())

    def _after_city(self, s: str, prov: _Node, city: _Node, i: int, fulls: int,
                    levels: int):  # noqa: ANN202
        if city.code in self.areas:
            # a county-level city under the province (济源): it is city and district
            area = city
            for text in (area.name, *(_short_names(area.name, ("市", "县", "林区")))):
                if s.startswith(text, i):  # 济源市 济源市
                    i = _skip(s, i + len(text))
                    break
            yield from self._after_district(s, prov, area, area, i, fulls, levels + 1)
            return
        aidx = self._area_index.get(city.code)
        found = False
        if aidx is not None:
            for area, end, full in aidx.matches(s, i):
                found = True
                yield from self._after_district(s, prov, city, area, _skip(s, end),
                                                fulls + int(full), levels + 1)
        if not found and len(city.children) == 1 and city.children[0].name == city.name:
            # 东莞市 has no counties: its towns follow the city
            yield from self._after_district(s, prov, city, city.children[0], i, fulls,
                                            levels + 1)
            return
        if not found:
            yield from self._loose_district(s, prov, city, i, fulls, levels)
        yield (levels, fulls, 0, 0, i), SplitAddress(prov.name, city.name, "", "",
                                                     s[i:].strip())

    def _loose_district(self, s: str, prov: _Node, city: _Node, i: int, fulls: int,
                        levels: int):  # noqa: ANN202
        """A spaced token that reads like a district but is not in the table (newer)."""
        tok, end = _token(s, i)
        if 2 <= len(tok) <= 12 and tok.endswith(_DISTRICT_SUFFIXES) and end < len(s):
            j = _skip(s, end)
            street, j = self._street(s, "", j)
            yield ((levels, fulls, 1, int(bool(street)), j),
                   SplitAddress(prov.name, city.name, tok, street, s[j:].strip()))
        else:
            yield (levels, fulls, 0, 0, i), SplitAddress(prov.name, city.name, "", "",
                                                         s[i:].strip())

    def _after_district(self, s: str, prov: _Node, city: _Node, area: _Node, i: int,
                        fulls: int, levels: int):  # noqa: ANN202
        street, j = self._street(s, area.code, i)
        # score: regions found in the table, of them by full name, loose ones, a street,
        # characters placed: a full-name match beats a short name plus a loose street
        yield ((levels + 1, fulls, 0, int(bool(street)), j),
               SplitAddress(prov.name, city.name, area.name, street, s[j:].strip()))

    def _street(self, s: str, area_code: str, i: int) -> tuple[str, int]:
        if area_code:
            for node, end, _full in self._street_index(area_code).matches(s, i):
                if s.startswith("办事处", end):
                    end += 3
                return node.name, _skip(s, end)
        tok, end = _token(s, i)
        if end < len(s) and 2 <= len(tok) <= 12 and tok.endswith(_STREET_SUFFIXES):
            return tok, _skip(s, end)
        return "", i


_lock = threading.Lock()
_regions: Regions | None = None


def regions(path: Path | None = None) -> Regions:
    """The table, loaded once (about 30 ms)."""
    global _regions
    if _regions is None or path is not None:
        with _lock:
            if _regions is None or path is not None:
                p = path or resource("regions", "regions.json")
                _regions = Regions(json.loads(Path(p).read_text(encoding="utf-8")))
    return _regions


def split_address(text: str) -> tuple[str, str, str, str, str]:
    """(province, city, district, street, detail) of a one-field address."""
    return regions().split(text).as_tuple()
