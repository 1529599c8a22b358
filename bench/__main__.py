"""Run every benchmark in its own process (clean peak RSS) and print one JSON document."""

from __future__ import annotations

import json
import subprocess
import sys

BENCHES = {
    "import_orders": ["--rows", "100000"],
    "labels_pdf": ["--labels", "1000"],
    "ui_bench": ["--orders", "1000000"],
    "labels_raw": ["--labels", "1000"],
    "print_ttfb": ["--runs", "3"],
    "tracking": ["--shipments", "10000"],
    "startup": ["--runs", "3"],
    "waybills": ["--orders", "10000"],
}


def main() -> int:
    wanted = sys.argv[1:] or list(BENCHES)
    results = {}
    for name in wanted:
        proc = subprocess.run([sys.executable, "-m", f"bench.{name}", *BENCHES.get(name, [])],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            results[name] = {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
            continue
        results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(json.dumps(results, ensure_ascii=False, indent=1))
    return 0 if all("error" not in r for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
