"""The privacy commands as a shop owner runs them: operators, masked and plain exports,
the audit log, erasure on request and retention — each one a real `shipdesk` process."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess:
    full = dict(os.environ, SHIPDESK_HOME=str(home), SHIPDESK_KEY_PASSPHRASE="cli-test",
                PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", **env)
    for key in ("SHIPDESK_OPERATOR", "SHIPDESK_PIN"):
        if key not in env:
            full.pop(key, None)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                          text=True, cwd=ROOT, env=full, timeout=120, stdin=subprocess.DEVNULL)


def _first_buyer(path: Path) -> tuple[str, str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    return row["收件人手机号"].strip(), row["收件人"].strip()


def test_operators_exports_audit_and_erasure(tmp_path, douyin_csv):
    db = str(tmp_path / "shop.sqlite")
    phone, name = _first_buyer(douyin_csv)
    assert phone.isdigit() and len(phone) == 11
    assert run("import", str(douyin_csv), "--db", db, home=tmp_path).returncode == 0

    # one person, no operators: a masked export is allowed and shows no phone
    masked = tmp_path / "masked.csv"
    p = run("export", str(masked), "--db", db, "--json", home=tmp_path)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["masked"] is True and json.loads(p.stdout)["rows"] > 100
    text = masked.read_text(encoding="utf-8-sig")
    assert phone not in text and name not in text

    # the first operator is the owner; then nobody unnamed may do owner things
    p = run("operators", "add", "老板", "--role", "owner", "--db", db, home=tmp_path,
            SHIPDESK_NEW_PIN="2468")
    assert p.returncode == 0, p.stderr
    p = run("export", str(tmp_path / "x.csv"), "--plain", "--db", db, home=tmp_path)
    assert p.returncode == 2 and "SHIPDESK_OPERATOR" in p.stderr
    p = run("export", str(tmp_path / "x.csv"), "--plain", "--db", db, home=tmp_path,
            SHIPDESK_OPERATOR="老板", SHIPDESK_PIN="1111")
    assert p.returncode == 2 and "PIN" in p.stderr.upper()
    owner = {"SHIPDESK_OPERATOR": "老板", "SHIPDESK_PIN": "2468"}
    p = run("operators", "add", "小王", "--db", db, home=tmp_path, **owner)
    assert p.returncode == 0, p.stderr

    # a packer may export masked lists, never plain data, nor read the audit log
    packer = {"SHIPDESK_OPERATOR": "小王"}
    assert run("export", str(tmp_path / "p.csv"), "--db", db, home=tmp_path,
               **packer).returncode == 0
    p = run("export", str(tmp_path / "p2.csv"), "--plain", "--db", db, home=tmp_path, **packer)
    assert p.returncode == 2 and "小王" in p.stderr and not (tmp_path / "p2.csv").exists()
    assert run("audit", "--db", db, home=tmp_path, **packer).returncode == 2

    # the owner's plain export has the phone; it is audited as export and decrypt
    plain = tmp_path / "plain.xlsx"
    p = run("export", str(plain), "--plain", "--db", db, "--json", home=tmp_path, **owner)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["masked"] is False
    import openpyxl

    cells = {str(c.value) for row in openpyxl.load_workbook(plain).active.iter_rows()
             for c in row}
    assert phone in cells
    p = run("audit", "--db", db, "--json", "--limit", "200", home=tmp_path, **owner)
    actions = [a["action"] for a in json.loads(p.stdout)["audit"]]
    assert {"export", "decrypt", "operator_add", "import"} <= set(actions)
    assert "小王" in {a["operator"] for a in json.loads(p.stdout)["audit"]}
    log = tmp_path / "audit.csv"
    assert run("audit", "--out", str(log), "--db", db, home=tmp_path, **owner).returncode == 0
    assert phone not in log.read_text(encoding="utf-8-sig")

    # erasure on request: without --yes nothing happens, with it the phone is gone
    p = run("privacy", "erase", "--phone", phone, "--db", db, home=tmp_path, **owner)
    assert p.returncode == 2 and "--yes" in p.stderr
    p = run("privacy", "erase", "--phone", phone, "--yes", "--db", db, "--json",
            home=tmp_path, **owner)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["orders"] >= 1
    again = tmp_path / "again.csv"
    assert run("export", str(again), "--plain", "--db", db, home=tmp_path,
               **owner).returncode == 0
    assert phone not in again.read_text(encoding="utf-8-sig")

    p = run("privacy", "retention", "--set", "30", "--db", db, "--json", home=tmp_path, **owner)
    assert json.loads(p.stdout) == {"retention_days": 30}
    p = run("privacy", "purge", "--db", db, "--json", home=tmp_path, **owner)
    assert p.returncode == 0 and json.loads(p.stdout)["orders"] == 0  # nothing delivered
    p = run("operators", "list", "--db", db, "--json", home=tmp_path, **owner)
    assert {o["name"]: o["role"] for o in json.loads(p.stdout)["operators"]} == {
        "老板": "owner", "小王": "packer"}
