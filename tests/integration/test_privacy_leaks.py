"""No buyer's name or phone in logs, exception messages, the database file, backups or a
masked export — checked with every sample buyer, with logging at DEBUG.

This is also the check the closing note of issue 8 reports: `test_final_grep` greps the
database file (and its backup), the captured logs and a masked export for the phones and
names of resources/samples/*.csv and finds none.
"""

import csv
import logging
import re
from pathlib import Path

import pytest

from app.services import backup, exports, operators, privacy
from app.services.import_orders import import_files
from app.services.orders import OrderQuery, list_orders, select_order_ids
from app.services.print_labels import print_labels
from app.services.waybills import allocate_waybills
from app.services.workspace import Workspace

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
NAME_COLS = ("收件人", "收货人姓名", "收货人", "收件人姓名")
PHONE_COLS = ("收件人手机号", "收货人电话", "收件人电话", "联系电话", "手机号")
DETAIL_COLS = ("详细地址",)
MOBILE = re.compile(r"1[3-9]\d{9}")


def sample_buyers() -> tuple[set[str], set[str], set[str]]:
    """(phones, names, detail addresses) of every sample buyer given in plain text."""
    phones, names, details = set(), set(), set()
    for path in sorted(SAMPLES.glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                for col in PHONE_COLS:
                    phones |= set(MOBILE.findall(row.get(col) or ""))
                for col in NAME_COLS:
                    v = (row.get(col) or "").strip()
                    if v and len(v) >= 2 and not any(c in v for c in "*#$"):
                        names.add(v)
                for col in DETAIL_COLS:
                    v = (row.get(col) or "").strip()
                    if v and len(v) >= 6 and not any(c in v for c in "*#$"):
                        details.add(v)
    return phones, names, details


def _found(text: str, secrets: set[str]) -> list[str]:
    return sorted(s for s in secrets if s in text)


def _found_bytes(data: bytes, secrets: set[str]) -> list[str]:
    return sorted(s for s in secrets if s.encode("utf-8") in data)


@pytest.fixture
def workday(tmp_path, caplog):
    """A day at the desk with DEBUG logging on: import every sample, allocate, print,
    export, search, reveal — and a round of mistakes. Returns what it saw."""
    caplog.set_level(logging.DEBUG)  # root: every logger of the app and its libraries
    errors: list[str] = []

    def expect_error(fn) -> None:  # noqa: ANN001
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - the message is what is checked
            errors.append(f"{type(exc).__name__}: {exc}")
            errors.append(repr(exc))

    db = tmp_path / "desk.sqlite"
    ws = Workspace.open(str(db), key_dir=tmp_path / "keys")
    phones, names, details = sample_buyers()
    try:
        files = sorted(SAMPLES.glob("*.csv")) + sorted(SAMPLES.glob("*.xlsx"))
        summary = import_files(ws, files)
        errors += [e.message for e in summary.errors]
        ids = select_order_ids(ws, status="to_ship")
        allocated = allocate_waybills(ws, ids)
        errors += [f["message"] for f in allocated.failed]
        printed = print_labels(ws, ids, out=tmp_path / "labels.pdf")
        errors += [f["message"] for f in printed.skipped]
        masked_csv = tmp_path / "masked.csv"
        exports.export_orders(ws, masked_csv)
        exports.export_orders(ws, tmp_path / "masked.xlsx")
        for text in list(phones)[:5] + list(names)[:5]:
            list_orders(ws, OrderQuery(text=text))
        operators.add_operator(ws, "老板", "owner", pin="8888")
        operators.add_operator(ws, "小张", "packer", pin="1234")
        revealed = privacy.reveal_order(ws, ids[0])
        errors.append(repr(revealed))
        logging.getLogger("test").debug("revealed %r", revealed)
        auto = backup.auto_backup(ws)
        # mistakes: each must fail with a clear message that names no buyer
        bad = tmp_path / "broken.csv"
        bad.write_bytes(b"\xff\xfe\x00garbage" * 10)
        errors += [e.message for e in import_files(ws, [bad]).errors]
        expect_error(lambda: print_labels(ws, ids, out=tmp_path / "x.pdf", size="1x1"))
        expect_error(lambda: exports.export_orders(ws, tmp_path / "x.pdf"))
        expect_error(lambda: privacy.erase_buyer(ws, phone=sorted(phones)[0], expect=999))
        operators.login(ws, "小张", "1234")
        expect_error(lambda: privacy.reveal_order(ws, ids[0]))
        expect_error(lambda: exports.export_orders(ws, tmp_path / "p.csv", masked=False))
        expect_error(lambda: privacy.find_buyer(ws, phone=sorted(phones)[0]))
        expect_error(lambda: operators.login(ws, "老板", "0000"))
        operators.login(ws, "老板", "8888")
        expect_error(lambda: privacy.reveal_order(ws, 10**9))
    finally:
        ws.close()
    return {"db": db, "log": caplog.text, "errors": errors, "masked": masked_csv,
            "backup": Path(auto.path), "secrets": (phones, names, details),
            "records": caplog.records}


def test_logs_and_exceptions_hold_no_personal_data(workday):
    phones, names, details = workday["secrets"]
    assert phones and names and details
    log = workday["log"]
    assert len(workday["records"]) > 0
    # the formatted messages and the raw arguments of every record
    args = "\n".join(repr(r.args) for r in workday["records"])
    for where, text in (("log", log), ("log args", args),
                        ("exceptions", "\n".join(workday["errors"]))):
        assert not _found(text, phones), f"phone in {where}"
        assert not _found(text, names), f"name in {where}"
        assert not _found(text, details), f"address in {where}"
    assert len(workday["errors"]) >= 9


def test_final_grep(workday):
    """The closing note's grep: database file, backup, logs, masked export: none found."""
    phones, names, _details = workday["secrets"]
    db: Path = workday["db"]
    raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    report = {
        "database file": _found_bytes(raw, phones | names),
        "backup file": _found_bytes(workday["backup"].read_bytes(), phones | names),
        "logs": _found(workday["log"], phones | names),
        "masked export": _found(workday["masked"].read_text(encoding="utf-8-sig"),
                                phones | names),
    }
    print(f"grep of {len(phones)} phones and {len(names)} names: {report}")
    assert report == {k: [] for k in report}
