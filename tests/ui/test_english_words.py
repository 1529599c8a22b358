"""In English, no word of the workstation's own stays Chinese (order data may)."""

import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)

from app.ui import i18n
from app.ui.extensions import install_extensions
from app.ui.main_window import MainWindow

CJK = re.compile(r"[\u3400-\u9fff]")


def _words(root: QWidget, cells: bool = True) -> set[str]:
    out: set[str] = set()
    for w in [root, *root.findChildren(QWidget)]:
        texts = [a.text() for a in w.actions()]
        texts.append(w.toolTip())
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            m = w.model()
            try:
                cols = m.columnCount(QModelIndex())
            except TypeError:  # Qt's private models (completers, list views)
                cols = 1
            texts += [str(m.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(cols)]
            if cells:
                texts += [str(m.data(m.index(r, c, QModelIndex())) or "")
                          for r in range(min(m.rowCount(QModelIndex()), 50)) for c in range(cols)]
        out |= {t for t in texts if t and CJK.search(t)}
    return out


def test_every_page_in_english(qtbot, make_window, demo_ws, english):
    window = make_window()
    window.settings_page.set_language("en")
    assert i18n.current_locale() == "en"
    new = MainWindow(demo_ws, window.settings)
    qtbot.addWidget(new)
    install_extensions(new, start_of_day=False)
    seen: set[str] = set()
    for key in ("orders", "to_print", "shipped", "alerts", "dashboard", "settings"):
        new.show_page(key)
        seen |= _words(new, cells=False)
    # the settings' tables hold catalogue words (carriers, tiers, zones), not order data
    seen |= _words(new.settings_page, cells=True)
    shop = "小鹿的零食铺"  # the demo shop: its name and address are data
    allowed = {"Language 语言", "中文（简体）"}  # each language is named in its own script
    left = {t for t in seen if t not in allowed and shop not in t}
    assert not left, sorted(left)
