"""The import dialog: drop files, check what was detected, map unknown layouts, import in
the background with a progress bar and cancel, then read (and save) the result.

API for the main window::

    dlg = ImportDialog(ws, parent)          # ws: the open Workspace
    dlg.imported.connect(window.refresh)    # emitted with the ImportSummary when done
    dlg.add_files([...])                    # optional: files chosen elsewhere
    dlg.show()

Everything it does goes through app.services.import_orders (preview_file, import_file,
save_profile, list_shops); the import itself runs in a QThreadPool worker
(app.ui.workers.TaskRunner) and can be cancelled: the file being imported is rolled back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QThreadPool, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.import_orders import (
    ALL_FIELDS,
    FIELD_LABELS,
    ImportSummary,
    Preview,
    import_file,
    list_shops,
    platform_choices,
    preview_file,
    save_profile,
)
from app.services.workspace import Workspace
from app.ui.texts import import_message
from app.ui.workers import TaskRunner

AUTO = "auto"
NONE = ""  # "this field is not in the file"
EXTENSIONS = (".csv", ".txt", ".xlsx", ".xls", ".xlsm", ".ods", ".tsv")


@dataclass
class FileEntry:
    path: Path
    preview: Preview
    platform: str = AUTO
    shop: str = ""  # "" = the platform's default shop
    mapping: dict[str, str] | None = None  # user's edits; None = as detected
    status: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        if self.preview.error:
            return False
        if self.mapping is not None:
            m = self.mapping
            return bool(m.get("order_id") and m.get("name") and m.get("phone")
                        and (m.get("detail") or m.get("full_address")))
        return self.preview.ready


class ImportDialog(QDialog):
    """Drop → preview → map → import → summary."""

    imported = Signal(object)  # ImportSummary

    def __init__(self, ws: Workspace, parent: QWidget | None = None, *,
                 pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(self.tr("导入订单"))
        self.setAcceptDrops(True)
        self.resize(1100, 720)
        self.entries: list[FileEntry] = []
        self.summary: ImportSummary | None = None
        self.runner = TaskRunner(self, pool)
        self.runner.progress.connect(self._progress)
        self.runner.busyChanged.connect(self._busy)
        self._updating = False

        # files
        self.drop_hint = QLabel(self.tr("把平台导出的订单文件（CSV / Excel）拖到这里，"
                                        "或点「添加文件」"), self)
        self.drop_hint.setObjectName("dropHint")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setStyleSheet("border: 2px dashed #90a4ae; padding: 14px; "
                                     "color: #455a64;")
        self.file_list = QListWidget(self)
        self.file_list.setObjectName("fileList")
        self.file_list.currentRowChanged.connect(self._show_entry)
        self.add_btn = QPushButton(self.tr("添加文件…"), self)
        self.add_btn.clicked.connect(self._choose_files)
        self.remove_btn = QPushButton(self.tr("移除"), self)
        self.remove_btn.clicked.connect(self._remove_current)

        # per-file choices
        self.platform_box = QComboBox(self)
        self.platform_box.setObjectName("platformBox")
        self.platform_box.addItem(self.tr("自动识别"), AUTO)
        for key, label, verified in platform_choices():
            self.platform_box.addItem(label + ("" if verified or key == "other"
                                               else self.tr("（未核实）")), key)
        self.platform_box.currentIndexChanged.connect(self._platform_changed)
        self.shop_box = QComboBox(self)
        self.shop_box.setObjectName("shopBox")
        self.shop_box.setEditable(True)
        self.shop_box.setToolTip(self.tr("留空：该平台的默认店铺"))
        self.shop_box.currentTextChanged.connect(self._shop_changed)
        self.detected = QLabel(self)
        self.detected.setObjectName("detectedLabel")
        self.detected.setWordWrap(True)

        # preview and mapping
        self.preview_table = QTableWidget(self)
        self.preview_table.setObjectName("previewTable")
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table = QTableWidget(0, 2, self)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setHorizontalHeaderLabels([self.tr("字段"), self.tr("文件中的列")])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.save_profile_btn = QPushButton(self.tr("保存为该店铺的映射方案…"), self)
        self.save_profile_btn.setObjectName("saveProfile")
        self.save_profile_btn.clicked.connect(self._save_profile_clicked)

        # import controls and result
        self.valid_only = QCheckBox(self.tr("有错误时只导入正确的行"), self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.import_btn = QPushButton(self.tr("导入"), self)
        self.import_btn.setObjectName("importButton")
        self.import_btn.setDefault(True)
        self.import_btn.clicked.connect(lambda: self.start_import())
        self.cancel_btn = QPushButton(self.tr("取消导入"), self)
        self.cancel_btn.setObjectName("cancelButton")
        self.cancel_btn.setEnabled(False)
        self.cancel_btn.clicked.connect(self.cancel)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.errors_table = QTableWidget(0, 4, self)
        self.errors_table.setObjectName("errorsTable")
        self.errors_table.setHorizontalHeaderLabels(
            [self.tr("文件"), self.tr("行"), self.tr("列"), self.tr("问题")])
        self.errors_table.verticalHeader().hide()
        self.errors_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.save_errors_btn = QPushButton(self.tr("保存错误清单（CSV）…"), self)
        self.save_errors_btn.setObjectName("saveErrors")
        self.save_errors_btn.setEnabled(False)
        self.save_errors_btn.clicked.connect(self._save_errors_clicked)
        self.close_btn = QPushButton(self.tr("关闭"), self)
        self.close_btn.clicked.connect(self.close)

        self._build_layout()
        self._reload_shops()
        self._show_entry(-1)

    # ------------------------------------------------------------------ layout
    def _build_layout(self) -> None:
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.drop_hint)
        lv.addWidget(self.file_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_btn)
        row.addWidget(self.remove_btn)
        lv.addLayout(row)
        form = QFormLayout()
        form.addRow(self.tr("平台"), self.platform_box)
        form.addRow(self.tr("店铺"), self.shop_box)
        lv.addLayout(form)
        lv.addWidget(self.detected)

        right = QSplitter(Qt.Orientation.Vertical, self)
        pv = QGroupBox(self.tr("预览（前 20 行）"), self)
        QVBoxLayout(pv).addWidget(self.preview_table)
        mp = QGroupBox(self.tr("列映射"), self)
        mv = QVBoxLayout(mp)
        mv.addWidget(self.mapping_table)
        mv.addWidget(self.save_profile_btn)
        res = QGroupBox(self.tr("导入结果"), self)
        rv = QVBoxLayout(res)
        rv.addWidget(self.result_label)
        rv.addWidget(self.errors_table)
        rv.addWidget(self.save_errors_btn)
        right.addWidget(pv)
        right.addWidget(mp)
        right.addWidget(res)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        bottom = QHBoxLayout()
        bottom.addWidget(self.valid_only)
        bottom.addWidget(self.progress_bar, 1)
        bottom.addWidget(self.import_btn)
        bottom.addWidget(self.cancel_btn)
        bottom.addWidget(self.close_btn)
        outer = QVBoxLayout(self)
        outer.addWidget(split, 1)
        outer.addLayout(bottom)

    def _reload_shops(self) -> None:
        current = self.shop_box.currentText()
        self.shop_box.blockSignals(True)
        self.shop_box.clear()
        self.shop_box.addItem("")
        for _platform, name in list_shops(self.ws):
            if self.shop_box.findText(name) < 0:
                self.shop_box.addItem(name)
        self.shop_box.setCurrentText(current)
        self.shop_box.blockSignals(False)

    # ------------------------------------------------------------------ files
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_files(paths)
            event.acceptProposedAction()

    def _choose_files(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择平台导出的订单文件"), folder,
            self.tr("订单导出文件 (*.csv *.txt *.xlsx *.xls);;所有文件 (*)"))
        self.add_files(Path(p) for p in paths)

    def add_files(self, paths: Iterable[str | Path]) -> None:
        """Add files (folders: their export files) and preview each."""
        for p in paths:
            path = Path(p)
            if path.is_dir():
                self.add_files(sorted(q for q in path.iterdir()
                                      if q.suffix.lower() in EXTENSIONS))
                continue
            if any(e.path == path for e in self.entries):
                continue
            entry = FileEntry(path, preview_file(self.ws, path))
            entry.shop = entry.preview.shop or ""
            self.entries.append(entry)
            item = QListWidgetItem(self._entry_text(entry))
            item.setToolTip(str(path))
            self.file_list.addItem(item)
        if self.entries and self.file_list.currentRow() < 0:
            self.file_list.setCurrentRow(0)
        self._refresh_list()

    def _remove_current(self) -> None:
        row = self.file_list.currentRow()
        if 0 <= row < len(self.entries) and not self.runner.busy:
            del self.entries[row]
            self.file_list.takeItem(row)
            self._show_entry(self.file_list.currentRow())

    def _entry_text(self, e: FileEntry) -> str:
        pv = e.preview
        if pv.error:
            state = self.tr("无法读取")
        elif e.ready:
            label = pv.platform_label or self.platform_box.itemText(
                max(0, self.platform_box.findData(e.platform)))
            state = (self.tr("映射方案「{0}」").format(pv.profile) if pv.profile
                     else label or self.tr("已手动映射"))
        else:
            state = self.tr("需要映射列")
        return f"{e.path.name} — {state}"

    def _refresh_list(self) -> None:
        for k, e in enumerate(self.entries):
            it = self.file_list.item(k)
            it.setText(self._entry_text(e))
            it.setForeground(Qt.GlobalColor.darkRed if not e.ready else Qt.GlobalColor.black)
        self.import_btn.setEnabled(bool(self.entries) and not self.runner.busy
                                   and any(e.ready for e in self.entries))

    def current(self) -> FileEntry | None:
        row = self.file_list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    # ------------------------------------------------------------------ one file
    def _show_entry(self, row: int) -> None:
        e = self.entries[row] if 0 <= row < len(self.entries) else None
        self._updating = True
        try:
            for w in (self.platform_box, self.shop_box, self.mapping_table,
                      self.save_profile_btn, self.remove_btn):
                w.setEnabled(e is not None and not e.preview.error)
            if e is None:
                self.detected.setText("")
                self.preview_table.clear()
                self.preview_table.setRowCount(0)
                self.preview_table.setColumnCount(0)
                self.mapping_table.setRowCount(0)
                return
            self.platform_box.setCurrentIndex(max(0, self.platform_box.findData(e.platform)))
            self.shop_box.setCurrentText(e.shop)
            self._show_detected(e)
            self._fill_preview(e)
            self._fill_mapping(e)
        finally:
            self._updating = False

    def _show_detected(self, e: FileEntry) -> None:
        pv = e.preview
        if pv.error:
            self.detected.setText(self.tr("⚠ {0}").format(pv.error))
            return
        parts = [self.tr("表头在第 {0} 行，编码 {1}").format(pv.header_row, pv.encoding)]
        if pv.platform:
            parts.append(self.tr("识别为：{0}").format(pv.platform_label)
                         + ("" if pv.verified else self.tr("（表头未与真实导出核实）")))
        else:
            parts.append(self.tr("未识别出平台：请在右侧把列对应到字段"))
        if pv.profile:
            parts.append(self.tr("使用映射方案「{0}」（店铺：{1}）").format(pv.profile, pv.shop))
        missing = self._missing(e)
        if missing:
            parts.append(self.tr("缺少必需字段：{0}").format(
                "、".join(FIELD_LABELS.get(f, f) for f in missing)))
        self.detected.setText("\n".join(parts))

    def _missing(self, e: FileEntry) -> list[str]:
        if e.mapping is None:
            return list(e.preview.missing)
        m = e.mapping
        out = [f for f in ("order_id", "name", "phone") if not m.get(f)]
        if not m.get("detail") and not m.get("full_address"):
            out.append("detail")
        return out

    def _mapping_of(self, e: FileEntry) -> dict[str, str]:
        return dict(e.mapping) if e.mapping is not None else dict(e.preview.mapping)

    def _fill_preview(self, e: FileEntry) -> None:
        pv = e.preview
        t = self.preview_table
        t.clear()
        t.setColumnCount(len(pv.header))
        t.setRowCount(len(pv.rows))
        by_header = {h: f for f, h in self._mapping_of(e).items() if h}
        labels = []
        for h in pv.header:
            f = by_header.get(h)
            labels.append(f"{h}\n→ {FIELD_LABELS[f]}" if f else h)
        t.setHorizontalHeaderLabels(labels)
        t.setVerticalHeaderLabels([str(n) for n in pv.row_numbers])
        for r, cells in enumerate(pv.rows):
            for c, value in enumerate(cells[:len(pv.header)]):
                t.setItem(r, c, QTableWidgetItem(value))

    def _fill_mapping(self, e: FileEntry) -> None:
        mapping = self._mapping_of(e)
        t = self.mapping_table
        t.setRowCount(len(ALL_FIELDS))
        required = {"order_id", "name", "phone"}
        for r, f in enumerate(ALL_FIELDS):
            label = FIELD_LABELS[f] + (" *" if f in required else "")
            item = QTableWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, f)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            t.setItem(r, 0, item)
            box = QComboBox(t)
            box.addItem(self.tr("（文件中没有）"), NONE)
            for h in e.preview.header:
                if h:
                    box.addItem(h, h)
            box.setCurrentIndex(max(0, box.findData(mapping.get(f, NONE))))
            box.currentIndexChanged.connect(lambda _i, f=f, box=box: self._field_changed(f, box))
            t.setCellWidget(r, 1, box)

    def mapping_box(self, fld: str) -> QComboBox:
        """The header chooser of a field (tests and keyboard users)."""
        return self.mapping_table.cellWidget(ALL_FIELDS.index(fld), 1)  # type: ignore[return-value]

    def _field_changed(self, fld: str, box: QComboBox) -> None:
        e = self.current()
        if e is None or self._updating:
            return
        mapping = self._mapping_of(e)
        header = box.currentData()
        mapping[fld] = header or NONE  # "" = explicitly not in this file
        e.mapping = mapping
        self._show_detected(e)
        self._fill_preview(e)
        self._refresh_list()

    def _platform_changed(self, _index: int) -> None:
        e = self.current()
        if e is None or self._updating:
            return
        e.platform = self.platform_box.currentData()
        self._repreview(e)

    def _shop_changed(self, text: str) -> None:
        e = self.current()
        if e is None or self._updating:
            return
        e.shop = text.strip()

    def _repreview(self, e: FileEntry) -> None:
        e.preview = preview_file(self.ws, e.path, platform=e.platform,
                                 shop_name=e.shop or None)
        e.mapping = None
        self._show_entry(self.file_list.currentRow())
        self._refresh_list()

    def _save_profile_clicked(self) -> None:
        e = self.current()
        if e is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("保存映射方案"),
                                        self.tr("方案名称（下次同样表头的文件会自动使用）："),
                                        text=e.path.stem[:30])
        if ok and name.strip():
            self.save_profile(name.strip())

    def save_profile(self, name: str) -> bool:
        e = self.current()
        if e is None:
            return False
        platform = e.platform if e.platform != AUTO else (e.preview.platform or "other")
        try:
            save_profile(self.ws, shop_name=e.shop or None, platform=platform, name=name,
                         header=e.preview.header, columns=self._mapping_of(e))
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("无法保存映射方案"), str(exc))
            return False
        self._reload_shops()
        self._repreview(e)
        return True

    # ------------------------------------------------------------------ import
    def start_import(self, valid_rows_only: bool | None = None) -> bool:
        """Import every ready file in the background; False when nothing could start."""
        if self.runner.busy:
            return False
        files = [e for e in self.entries if e.ready]
        if not files:
            return False
        only = self.valid_only.isChecked() if valid_rows_only is None else valid_rows_only
        ws = self.ws
        jobs = [(e.path, e.platform, e.shop or None, e.mapping) for e in files]
        skipped = [e for e in self.entries if not e.ready]

        def task(progress, cancelled):  # noqa: ANN001, ANN202 - runs in a pool thread
            summary = ImportSummary()
            n = len(jobs)
            for k, (path, platform, shop, mapping) in enumerate(jobs):
                def part(done: int, total: int, k: int = k) -> None:
                    progress(k * 1000 + (done * 1000 // total if total else 0), n * 1000)

                import_file(ws, path, platform=platform, shop_name=shop, mapping=mapping,
                            valid_rows_only=only, progress=part, cancelled=cancelled,
                            summary=summary)
            return summary

        self.summary = None
        self.result_label.setText(self.tr("正在导入 {0} 个文件…").format(len(files))
                                  + (self.tr("（{0} 个文件需要先映射列，未导入）")
                                     .format(len(skipped)) if skipped else ""))
        self.errors_table.setRowCount(0)
        self.progress_bar.setValue(0)
        return self.runner.start(self.tr("导入订单"), task, self._done,
                                 on_failed=self._failed, on_cancelled=self._cancelled)

    def cancel(self) -> None:
        self.runner.cancel()

    def _busy(self, busy: bool) -> None:
        self.cancel_btn.setEnabled(busy)
        self.add_btn.setEnabled(not busy)
        self.close_btn.setEnabled(not busy)
        self._refresh_list()

    def _progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)

    def _done(self, result: object) -> None:
        summary: ImportSummary = result  # type: ignore[assignment]
        self.summary = summary
        self.progress_bar.setValue(self.progress_bar.maximum())
        lines = [self.tr("新增 {0} 单，更新 {1} 单，未变化 {2} 单，跳过 {3} 行").format(
            summary.imported, summary.updated, summary.unchanged, summary.skipped)]
        if summary.errors:
            lines.append(self.tr("{0} 处错误（见下表）；有错误的文件整份未导入，"
                                 "除非勾选「只导入正确的行」").format(len(summary.errors)))
        if summary.flagged:
            lines.append(self.tr("⚠ {0} 单在导入后已取消或退款").format(summary.flagged))
        if summary.intercepts:
            lines.append(self.tr("⛔ {0} 单已打印面单但已取消/退款：请拦截包裹 {1}").format(
                len(summary.intercepts), "、".join(summary.intercepts[:5])))
        self.result_label.setText("\n".join(lines))
        self.errors_table.setRowCount(len(summary.errors))
        for n, err in enumerate(summary.errors):
            for c, value in enumerate((err.file, str(err.row) if err.row else "—", err.column,
                                       import_message(err.message))):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.errors_table.setItem(n, c, item)
        self.save_errors_btn.setEnabled(bool(summary.errors))
        self._reload_shops()
        self.imported.emit(summary)

    def _failed(self, message: str) -> None:
        self.result_label.setText(self.tr("导入失败：{0}").format(import_message(message)))

    def _cancelled(self) -> None:
        self.progress_bar.setValue(0)
        self.result_label.setText(self.tr("已取消导入：正在导入的文件没有导入任何订单，"
                                          "之前完成的文件已导入"))

    def _save_errors_clicked(self) -> None:
        if not self.summary:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存错误清单"),
                                              "import-errors.csv", "CSV (*.csv)")
        if path:
            self.save_errors(path)

    def save_errors(self, path: str | Path) -> Path | None:
        """Write the last result's errors as CSV (Excel-friendly, with a BOM)."""
        if not self.summary:
            return None
        shown = dataclasses.replace(self.summary, errors=[
            dataclasses.replace(e, message=import_message(e.message)) for e in self.summary.errors])
        return shown.save_errors_csv(path)

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.runner.busy:
            self.runner.cancel()
            self.runner.wait(30000)
        super().closeEvent(event)
