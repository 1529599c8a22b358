import json
import subprocess
import sys

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def run(*args, env_home):
    import os

    env = dict(os.environ, SHIPDESK_HOME=str(env_home), SHIPDESK_KEY_PASSPHRASE="cli-test",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def test_cli_end_to_end(tmp_path, douyin_csv):
    db = str(tmp_path / "cli.sqlite")
    p = run("import", str(douyin_csv), "--db", db, "--json", env_home=tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["imported"] > 100 and out["errors"] == []
    assert set(out) >= {"imported", "updated", "skipped", "errors"}

    p = run("orders", "--db", db, "--json", "--status", "to_ship", "--limit", "5",
            env_home=tmp_path)
    rows = json.loads(p.stdout)["orders"]
    assert len(rows) == 5 and all(r["status"] == "to_ship" for r in rows)

    p = run("waybills", "allocate", "--db", db, "--json", "--limit", "4", "--carrier", "YTO",
            env_home=tmp_path)
    assert json.loads(p.stdout)["allocated"] == 4, p.stderr

    pdf = tmp_path / "out.pdf"
    p = run("print", "--format", "pdf", "--out", str(pdf), "--db", db, "--json",
            env_home=tmp_path)
    assert json.loads(p.stdout)["printed"] == 4, p.stderr
    assert pdf.stat().st_size > 1000


def test_cli_bad_file_message(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook")
    p = run("import", str(bad), "--db", str(tmp_path / "x.sqlite"), "--json", env_home=tmp_path)
    err = json.loads(p.stdout)["errors"]
    assert err and err[0]["file"] == "broken.xlsx" and "workbook" in err[0]["message"]
    assert p.returncode == 1


def test_selftest(tmp_path):
    p = run("selftest", "--json", env_home=tmp_path)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == {"ok": True}
