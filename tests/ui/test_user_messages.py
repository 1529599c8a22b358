"""Import and printer problems read in Chinese on the Chinese screens, values kept.

The importer and the printing layer speak English (the CLI shares it); the screens show
`import_message` / `user_message`. The files here are broken in every way the importer's
tests break them, and the printers are really off, so a new or reworded message that has
no Chinese fails here instead of reaching a seller in English.
"""

from __future__ import annotations

import re
import socket

import pytest

from app.printing.tcp9100 import RawTcpPrinter
from app.services import printers
from app.services.import_orders import import_files
from app.services.print_labels import PrintError, print_test_page
from app.ui import i18n
from app.ui.texts import import_message, user_message
from tests.integration.test_import_support import DOUYIN, csv_text, sample_rows, write

HEADER, ROWS = sample_rows(DOUYIN)
CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH_WORDS = re.compile(r"\b(?:the|is|not|of|file|row|order|an?|cannot)\b")


def _firsts(rows: list[list[str]]) -> list[int]:
    oid = HEADER.index("主订单编号")
    return [k for k, r in enumerate(rows) if k == 0 or rows[k - 1][oid] != r[oid]]


def _bad_cells(tmp_path):  # noqa: ANN001, ANN202
    rows = [list(r) for r in ROWS[:40]]
    f = _firsts(rows)
    col = HEADER.index
    rows[f[1]][col("订单应付金额")] = "十二块"
    rows[f[2]][col("商品数量")] = "two"
    rows[f[3]][col("商品数量")] = "0"
    rows[f[4]][col("商品数量")] = "99999999999"
    rows[f[5]][col("支付完成时间")] = "昨天下午"
    rows[f[6]][col("主订单编号")] = "12AB-?"
    rows[f[7]][col("主订单编号")] = ""
    rows[f[8]][col("收件人")] = ""
    rows[f[8]][col("收件人手机号")] = ""
    rows[f[9]][col("主订单编号")] = "7.26109E+18"
    return write(tmp_path / "cells.csv", csv_text([HEADER, *rows]))


def _files(tmp_path):  # noqa: ANN001, ANN202
    def raw(name: str, data: bytes):  # noqa: ANN202
        p = tmp_path / name
        p.write_bytes(data)
        return p

    no_name = [h for h in HEADER if h not in ("收件人", "收件人手机号")]
    text = csv_text([HEADER, *ROWS])
    return [
        _bad_cells(tmp_path),
        raw("notes.csv", b"hello,world\n1,2\n"),
        raw("picture.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
        raw("empty.csv", b""),
        raw("page.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>"),
        raw("broken.xlsx", b"PK\x03\x04 this is not really a zip"),
        raw("blank.csv", b"\r\n\r\n,,,\r\n"),
        raw("far.csv", text.encode("utf-8") + "7000000000000000001,1,坏行".encode("gbk") + b"\r\n"),
        write(tmp_path / "no_receiver.csv", csv_text([no_name, *[r[:len(no_name)] for r in ROWS]])),
        tmp_path / "nowhere.csv",
    ]


@pytest.fixture
def chinese(qapp):  # noqa: ANN001
    i18n.install(qapp, "zh_CN")
    return qapp


def test_every_import_problem_reads_in_chinese(ws, tmp_path, chinese):
    errors = [e for p in _files(tmp_path) for e in import_files(ws, [p]).errors]
    messages = {e.message for e in errors}
    assert len(messages) >= 12, messages  # the files above break in many different ways
    for m in messages:
        shown = import_message(m)
        assert CJK.search(shown) and not ENGLISH_WORDS.search(shown), (m, shown)
    # the values of a message are kept: the bad amount, the file's name
    shown = {import_message(m) for m in messages}
    assert any("十二块" in s and s.startswith("金额") for s in shown)
    assert any("two" in s and s.startswith("数量") for s in shown)


def test_english_screens_keep_the_importers_words(qapp):  # noqa: ANN001
    i18n.install(qapp, "en")
    try:
        assert import_message("order id is empty") == "order id is empty"
    finally:
        i18n.install(qapp, "zh_CN")


def test_an_unknown_message_passes_through(chinese):
    assert import_message("something new") == "something new"


def _closed_port() -> int:
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        return sk.getsockname()[1]


def _stalling_printer() -> tuple[socket.socket, int]:
    """A listener that accepts and never reads: the printer "stopped taking data"."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    return srv, srv.getsockname()[1]


def test_printer_problems_read_in_chinese(ws, chinese):
    messages = []
    port = _closed_port()
    p = RawTcpPrinter("127.0.0.1", port, timeout=2)
    with pytest.raises(Exception) as off:  # noqa: PT011 - PrinterOffline
        p.send([b"^XA^XZ"])
    messages.append(str(off.value))
    printers.save_printer(ws, printers.PrinterConfig(
        name="off", kind="tcp", host="127.0.0.1", port=port, timeout=2))
    with pytest.raises(PrintError) as test_page:
        print_test_page(printers.get_printer(ws, "off"), timeout=2)
    messages.append(str(test_page.value))
    srv, stall_port = _stalling_printer()
    try:
        p = RawTcpPrinter("127.0.0.1", stall_port, timeout=1)
        with pytest.raises(Exception) as stalled:  # noqa: PT011
            p.send([b"^XA" + b"x" * 4_000_000 + b"^XZ"] * 4)
        messages.append(str(stalled.value))
    finally:
        srv.close()
    messages.append("printer 10.0.0.9:9100 refused the connection. Check that the printer is "
                    "switched on, online and has paper, and that 10.0.0.9 is its address "
                    "(print its network configuration page); then resume: 3 label(s) of "
                    "this job reached it. (print job 12: 3 of 50 labels printed; resume it "
                    "to print the rest)")
    for m in messages:
        shown = user_message(m)
        assert CJK.search(shown) and not ENGLISH_WORDS.search(shown), (m, shown)
        assert "127.0.0.1" in shown or "10.0.0.9" in shown  # which printer
    last = user_message(messages[-1])
    assert "3/50" in last and "12" in last and "继续打印" in last


@pytest.mark.parametrize("message,words", [
    ("no 抖店 e-waybill account for 圆通: add one in Settings → Accounts, or choose a carrier "
     "that has one", ("圆通", "抖店", "电子面单账号")),
    ("the 抖店 sandbox account for 中通 is switched off: switch it on or add a real account "
     "in Settings → Accounts", ("中通", "停用")),
    ("unknown service tier 'x': choose the carrier and tier again", ("服务类型", "x")),
    ("极速达 is not offered by 申通: choose another carrier or tier (指定快递) before taking a "
     "number", ("申通", "极速达")),
    ("音需达·送货上门 is a service of douyin orders only", ("douyin", "只适用于")),
    ("韵达 does not serve 新疆维吾尔自治区乌鲁木齐市天山区: 超区; choose another carrier",
     ("韵达", "天山区", "超区", "换一家")),
    ("the order has no receiver", ("收件人",)),
    ("the export holds only a masked copy of the buyer's name, phone or address: import the "
     "order from the platform (its API or full export) to get a waybill", ("脱敏",)),
    ("the buyer's name, phone or address is missing", ("缺失",)),
    ("the provider returned YT123, which another parcel already has: nothing was changed; "
     "report this to the platform", ("YT123",)),
    ("order is cancelled: it must not ship", ("已取消", "不能发货")),
])
def test_waybill_problems_read_in_chinese(chinese, message, words):
    shown = user_message(message)
    assert all(w in shown for w in words), shown
    assert not ENGLISH_WORDS.search(shown.replace("douyin", "")), shown


def test_shipping_settings_refusals_read_in_chinese(ws, chinese):
    from app.core.rules import Action, Conditions
    from app.services import shipping_settings as ss

    refusals = []
    for call in (
        lambda: ss.save_settings(ws, carriers=[]),
        lambda: ss.save_rule(ws, "", Conditions(), Action(carrier="ZTO")),
        lambda: ss.save_rule(ws, "空规则", Conditions(), Action()),
        lambda: ss.save_rule(ws, "包装", Conditions(), Action(preset="不存在")),
        lambda: ss.save_preset(ws, "", 10),
        lambda: ss.save_preset(ws, "负的", -1),
    ):
        with pytest.raises(ss.SettingsError) as exc:
            call()
        refusals.append(str(exc.value))
    for m in refusals:
        shown = user_message(m)
        assert CJK.search(shown) and not ENGLISH_WORDS.search(shown), (m, shown)


def test_printer_settings_refusals_read_in_chinese(chinese):
    bad = (printers.PrinterConfig(name=" ", kind="tcp"),
           printers.PrinterConfig(name="a", kind="tcp", host=""),
           printers.PrinterConfig(name="a", kind="cups", queue=""),
           printers.PrinterConfig(name="a", kind="pdf", folder=""),
           printers.PrinterConfig(name="a", kind="tcp", host="h", darkness=99),
           printers.PrinterConfig(name="a", kind="tcp", host="h", dpi=600))
    for cfg in bad:
        with pytest.raises(PrintError) as exc:
            cfg.validate()
        shown = user_message(str(exc.value))
        assert CJK.search(shown) and not ENGLISH_WORDS.search(shown), (str(exc.value), shown)


def _raised(module, names: set[str]) -> list[str]:  # noqa: ANN001
    """Every message a module raises as one of `names` (or appends to a report's problems),
    its {…} values filled in."""
    import ast
    import inspect

    def text(node: ast.AST) -> str:  # the message as written, each {…} a placeholder
        if isinstance(node, ast.Constant):
            return str(node.value)
        if isinstance(node, ast.JoinedStr):
            return "".join(text(v) for v in node.values)
        if isinstance(node, ast.BinOp):
            return text(node.left) + text(node.right)
        if isinstance(node, ast.IfExp):
            return text(node.body)
        if isinstance(node, ast.Name) and node.id.isupper():  # a module constant
            return str(getattr(module, node.id))
        return "{}"

    out = []
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", "") or getattr(node.func, "attr", "")
        if name in names:
            m = text(node.args[0]).replace("{}", "7", 1).replace("{}", "cancelled", 1)
            out.append(m.replace("{}", "x"))
    return out


def _merge_messages() -> list[str]:
    from app.services import merge

    return _raised(merge, {"MergeError"})


def test_merge_and_split_refusals_read_in_chinese(chinese):
    messages = _merge_messages()
    assert len(messages) >= 15
    for m in messages:
        shown = user_message(m)
        assert CJK.search(shown) and not ENGLISH_WORDS.search(shown), (m, shown)


def test_backup_key_and_privacy_refusals_read_in_chinese(chinese):
    """Every message of a backup, a key backup or rotation, a privacy action (and every
    problem the backup check reports) reads in Chinese."""
    from app.services import backup, keys, privacy

    messages = (_raised(backup, {"BackupError", "append"}) + _raised(keys, {"KeysError"})
                + _raised(privacy, {"PrivacyError"}))
    messages = [m for m in messages if m not in ("x", "7")]  # re-raised from below
    assert len(messages) >= 35
    for m in messages:
        shown = user_message(m)
        assert CJK.search(shown) and not ENGLISH_WORDS.search(shown), (m, shown)
    restore = "the backup cannot be restored: x.db is not a SQLite database file; the file is damaged: y"
    assert user_message(restore) == ("这个备份无法恢复：x.db 不是 SQLite 数据库文件：请选择 ShipDesk 的备份"
                                     "；文件已损坏：y")
