"""合并订单 and 拆分包裹 on the orders pages.

The merge suggestions come from the service (same shop, same full receiver, not yet
numbered or printed); the seller ticks the groups to ship as one parcel. A merge can be
undone until its label is printed, and an order can go out as several parcels.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import merge
from app.services.workspace import Workspace
from app.ui.texts import tr, user_message
from app.ui.workers import TaskRunner

_t = tr


def _message(exc: Exception) -> str:
    return user_message(str(exc))


class MergeDialog(QDialog):
    """The merge suggestions, each a row to tick; 合并所选 merges the ticked groups."""

    merged = Signal(int)  # groups merged

    HEADERS = ("合并", "收件人", "地址", "订单", "件数", "店铺")

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setWindowTitle(_t("合并订单"))
        self.resize(900, 480)
        self.suggestions: list[merge.MergeSuggestion] = []
        self.runner = TaskRunner(self)
        lay = QVBoxLayout(self)
        self.intro = QLabel(_t("同一店铺、同一收件人和地址、还没取号的订单可以合成一个包裹发出，"
                               "省运费也省面单。勾选要合并的组；打印面单前都可以撤销。"), self)
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        self.table = QTableWidget(0, len(self.HEADERS), self)
        self.table.setObjectName("mergeTable")
        self.table.setHorizontalHeaderLabels([_t(h) for h in self.HEADERS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        lay.addWidget(self.table, 1)
        self.status = QLabel(self)
        self.status.setObjectName("mergeStatus")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton(_t("合并所选"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        close = buttons.addButton(_t("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.merge_button.clicked.connect(self.merge_checked)
        close.clicked.connect(self.reject)
        lay.addWidget(buttons)
        self.load()

    def load(self) -> None:
        """Look for groups in a worker: on a big shop it reads every order to ship."""
        self.status.setText(_t("正在查找可以合并的订单…"))
        self.runner.start(_t("查找可合并订单"), lambda _p, _c: merge.suggest_merges(self.ws),
                          self._loaded, on_failed=self._failed, cancellable=False)

    def _loaded(self, result: object) -> None:
        self.suggestions = list(result)  # type: ignore[call-overload]
        self.table.setRowCount(len(self.suggestions))
        for r, sug in enumerate(self.suggestions):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(r, 0, tick)
            cells = (sug.name, sug.address, "\n".join(sug.platform_order_ids),
                     str(sug.item_count), sug.shop)
            for c, text in enumerate(cells, 1):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        for c in (0, 1, 3, 4, 5):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.merge_button.setEnabled(bool(self.suggestions))
        self.status.setText(_t("找到 {0} 组可以合并的订单").format(len(self.suggestions))
                            if self.suggestions else _t("没有可以合并的订单"))

    def _failed(self, message: str) -> None:
        self.status.setText(_t("查找失败：{0}").format(message))

    def checked(self) -> list[merge.MergeSuggestion]:
        return [s for r, s in enumerate(self.suggestions)
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def merge_checked(self) -> int:
        """Merge each ticked group; a group that cannot be merged any more (numbered in
        the meantime on another desk) is named and the others still go."""
        done, problems = 0, []
        for sug in self.checked():
            try:
                merge.merge_orders(self.ws, sug.order_ids)
            except merge.MergeError as exc:
                problems.append(f"{sug.platform_order_ids[0]}：{_message(exc)}")
            else:
                done += 1
        text = _t("已合并 {0} 组").format(done)
        if problems:
            text += _t("；{0} 组没有合并：").format(len(problems)) + "；".join(problems)
        if done:
            self.merged.emit(done)
            self.load()
        self.status.setText(text)
        return done

    def done(self, result: int) -> None:  # noqa: D401 - Qt override
        self.runner.wait()
        super().done(result)


class MergeActions:
    """合并 / 撤销合并 / 拆分 for the window's selected orders (see extensions)."""

    def __init__(self, window, parent_keep) -> None:  # noqa: ANN001
        self.window = window
        self.ws: Workspace = window.ws
        self._keep = parent_keep

    def open_suggestions(self) -> MergeDialog:
        dlg = MergeDialog(self.ws, self.window)
        dlg.merged.connect(self._merged)
        dlg.open()
        return self._keep(dlg)

    def _merged(self, groups: int) -> None:
        self.window.refresh()
        self.window.say(_t("已合并 {0} 组订单：每组只需一张面单").format(groups))

    def merge_selected(self, confirm: bool = True) -> bool:
        ids = self.window.selected_order_ids()
        if len(ids) < 2:
            self.window.say(_t("合并：请选择同一收件人的两个或更多订单"))
            return False
        if confirm and QMessageBox.question(
                self.window, _t("合并订单"),
                _t("把所选 {0} 个订单合成一个包裹、只打一张面单？打印前可以撤销。").format(len(ids))
        ) != QMessageBox.StandardButton.Yes:
            return False
        try:
            res = merge.merge_orders(self.ws, ids)
        except merge.MergeError as exc:
            self.window.say(_t("不能合并：{0}").format(_message(exc)))
            return False
        self.window.refresh()
        self.window.say(_t("已把 {0} 个订单合成一个包裹").format(len(res.order_ids)))
        return True

    def _merged_parcel(self, order_id: int) -> merge.ParcelInfo | None:
        return next((p for p in merge.parcels_of_order(self.ws, order_id)
                     if len(p.order_ids) > 1), None)

    def unmerge_selected(self) -> bool:
        ids = self.window.selected_order_ids()
        if len(ids) != 1:
            self.window.say(_t("撤销合并：请只选择一个订单"))
            return False
        parcel = self._merged_parcel(ids[0])
        if parcel is None:
            self.window.say(_t("这个订单没有和别的订单合并"))
            return False
        try:
            others = merge.unmerge(self.ws, parcel.id)
        except merge.MergeError as exc:
            self.window.say(_t("不能撤销合并：{0}").format(_message(exc)))
            return False
        self.window.refresh()
        self.window.say(_t("已撤销合并：{0} 个订单恢复为各自的包裹").format(len(others) + 1))
        return True

    def split_selected(self, packs: int | None = None) -> bool:
        ids = self.window.selected_order_ids()
        if len(ids) != 1:
            self.window.say(_t("拆分包裹：请只选择一个订单"))
            return False
        if packs is None:
            now = max((p.pack_total for p in merge.parcels_of_order(self.ws, ids[0])),
                      default=1)
            packs, ok = QInputDialog.getInt(
                self.window, _t("拆分包裹"),
                _t("这个订单分成几个包裹发出？（每个包裹一张面单，标注第几包/共几包）"),
                max(2, now), 1, 99)
            if not ok:
                return False
        try:
            parcels = merge.split_order(self.ws, ids[0], packs)
        except merge.MergeError as exc:
            self.window.say(_t("不能拆分：{0}").format(_message(exc)))
            return False
        self.window.refresh()
        self.window.say(_t("这个订单现在分 {0} 个包裹发出").format(len(parcels)))
        return True
