"""`shipdesk merge / unmerge / split` as a real process: suggestions, a merge, its undo,
a split, and a refusal that exits 2 with the reason."""

import json

from tests.integration.test_cli import run
from tests.integration.test_import_reimport import _same_buyer_orders, _write


def test_merge_unmerge_and_split_from_the_command_line(tmp_path):
    rows, same, other = _same_buyer_orders(tmp_path)
    src = _write(tmp_path, "same.csv", rows)
    db = str(tmp_path / "cli.sqlite")
    assert run("import", str(src), "--db", db, env_home=tmp_path).returncode == 0

    p = run("merge", "--suggest", "--db", db, "--json", env_home=tmp_path)
    assert p.returncode == 0, p.stderr
    groups = json.loads(p.stdout)["groups"]
    assert [set(g["orders"]) for g in groups] == [set(same)]
    assert "*" in groups[0]["name"]  # masked, never the buyer's name
    # a receiver that differs: refused, exit 2, the reason named
    p = run("merge", same[0], other, "--db", db, env_home=tmp_path)
    assert p.returncode == 2 and "same receiver" in p.stderr
    p = run("merge", *same, "--db", db, "--json", env_home=tmp_path)
    assert p.returncode == 0 and json.loads(p.stdout)["orders"] == 3
    p = run("merge", "--suggest", "--db", db, "--json", env_home=tmp_path)
    assert json.loads(p.stdout)["groups"] == []
    p = run("split", same[1], "--packs", "2", "--db", db, env_home=tmp_path)
    assert p.returncode == 2 and "undo the merge" in p.stderr
    p = run("unmerge", same[1], "--db", db, "--json", env_home=tmp_path)
    assert p.returncode == 0 and json.loads(p.stdout)["orders_out"] == 2
    p = run("split", same[1], "--packs", "3", "--db", db, "--json", env_home=tmp_path)
    assert p.returncode == 0 and len(json.loads(p.stdout)["parcels"]) == 3
    # a split order is no longer offered for a merge; the other two still are
    p = run("merge", "--suggest", "--apply", "--db", db, "--json", env_home=tmp_path)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert [set(g["orders"]) for g in out["groups"]] == [{same[0], same[2]}]
    assert out["merged"] == 1 and out["failed"] == []
    p = run("unmerge", "123", "--db", db, env_home=tmp_path)
    assert p.returncode == 2 and "not in the database" in p.stderr
