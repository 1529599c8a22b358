"""The import dialog: drop, preview, mapping editor, background import, cancel, errors."""

from __future__ import annotations

import csv
import io
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QMimeData, QPointF, Qt, QThreadPool, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app.resources import resource  # noqa: E402
from app.services.import_orders import list_profiles  # noqa: E402
from app.store.models import Order  # noqa: E402
from app.ui.import_dialog import ImportDialog  # noqa: E402


@pytest.fixture
def iws(tmp_path):
    from app.services.workspace import Workspace

    w = Workspace.open(str(tmp_path / "ui.sqlite"), key_dir=tmp_path / "keys",
                       passphrase="ui-test", use_keyring=False)
    yield w
    QThreadPool.globalInstance().waitForDone(30000)
    w.close()


@pytest.fixture
def dialog(qtbot, iws):
    d = ImportDialog(iws)
    qtbot.addWidget(d)
    d.show()
    yield d
    d.runner.wait(30000)


def _orders(ws) -> int:  # noqa: ANN001
    with ws.read() as s:
        return s.scalar(select(func.count()).select_from(Order))


def _drop(widget, paths) -> None:  # noqa: ANN001
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    ev = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                    Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(ev)


def _import_and_wait(qtbot, d) -> None:  # noqa: ANN001
    with qtbot.waitSignal(d.imported, timeout=60000):
        assert d.start_import()


def test_drop_preview_and_import(qtbot, dialog, iws):
    _drop(dialog, [resource("samples", "douyin_orders.csv")])
    assert dialog.file_list.count() == 1
    assert "抖店" in dialog.file_list.item(0).text()
    assert dialog.preview_table.rowCount() == 20
    header = [dialog.preview_table.horizontalHeaderItem(c).text()
              for c in range(dialog.preview_table.columnCount())]
    assert any("主订单编号" in h and "订单号" in h for h in header)
    assert "识别为：抖店" in dialog.detected.text()
    assert dialog.mapping_box("order_id").currentData() == "主订单编号"
    assert dialog.import_btn.isEnabled()
    _import_and_wait(qtbot, dialog)
    assert dialog.summary.imported > 100 and _orders(iws) == dialog.summary.imported
    assert "新增" in dialog.result_label.text()
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()


def _unknown_file(tmp_path):
    rows = [["单据编号", "买家姓名", "买家手机", "寄送地址", "货品", "件数"],
            ["XHS001", "吴十", "13500001234", "四川省 成都市 武侯区 簇桥街道 1号", "鲜花饼", "2"],
            ["XHS002", "郑一", "13500005678", "北京市朝阳区望京街道2号", "脐橙", "1"]]
    p = tmp_path / "xhs.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8-sig")
    return p


def test_unknown_layout_is_mapped_in_the_editor_and_saved_as_a_profile(qtbot, dialog, iws,
                                                                       tmp_path):
    dialog.add_files([_unknown_file(tmp_path)])
    assert "需要映射列" in dialog.file_list.item(0).text()
    assert not dialog.import_btn.isEnabled()
    for fld, header in (("order_id", "单据编号"), ("name", "买家姓名"), ("phone", "买家手机"),
                        ("full_address", "寄送地址"), ("title", "货品"), ("qty", "件数")):
        box = dialog.mapping_box(fld)
        box.setCurrentIndex(box.findData(header))
    assert dialog.import_btn.isEnabled()
    dialog.shop_box.setCurrentText("小红书店")
    assert dialog.save_profile("小红书导出")
    assert [p.name for p in list_profiles(iws, "小红书店")] == ["小红书导出"]
    assert "映射方案" in dialog.file_list.item(0).text()
    _import_and_wait(qtbot, dialog)
    assert dialog.summary.errors == [] and dialog.summary.imported == 2


def test_errors_are_listed_and_saved_as_csv(qtbot, dialog, iws, tmp_path):
    src = resource("samples", "douyin_orders.csv")
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[:8]
    rows[3][rows[0].index("订单应付金额")] = "十二块"
    p = tmp_path / "bad.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8-sig")
    dialog.add_files([p])
    _import_and_wait(qtbot, dialog)
    assert dialog.errors_table.rowCount() == 1
    assert dialog.errors_table.item(0, 1).text() == "4"
    assert dialog.save_errors_btn.isEnabled() and _orders(iws) == 0
    out = dialog.save_errors(tmp_path / "errors.csv")
    text = out.read_text(encoding="utf-8-sig")
    assert "bad.csv" in text and "订单应付金额" in text


def test_cancel_rolls_back_the_file(qtbot, dialog, iws, tmp_path):
    src = resource("samples", "douyin_orders.csv")
    with open(src, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    oid, sub = header.index("主订单编号"), header.index("子订单编号")
    big = [header]
    for copy in range(40):  # ~9,000 rows: several batches
        for r in body:
            r2 = list(r)
            r2[oid] = str(int(r[oid]) + copy * 10**6)
            r2[sub] = str(int(r[sub]) + copy * 10**6)
            big.append(r2)
    p = tmp_path / "big.csv"
    buf = io.StringIO()
    csv.writer(buf).writerows(big)
    p.write_text(buf.getvalue(), encoding="utf-8-sig")
    dialog.add_files([p])
    assert dialog.start_import()
    assert dialog.cancel_btn.isEnabled()
    dialog.cancel()
    qtbot.waitUntil(lambda: not dialog.runner.busy, timeout=60000)
    assert "已取消" in dialog.result_label.text()
    assert _orders(iws) == 0 and dialog.summary is None
