"""Light and dark, following the system unless the packer chose one in Settings.

Qt follows the system palette by itself on Windows and macOS; what it cannot follow are
our own colours (the primary buttons, the message panel, the packing mode's big OK/error
band), so they come in two sets and are re-applied when the system switches.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")

LIGHT = {
    "border": "#dcdfe4", "hover": "#e8eef7", "primary": "#1f6fd1", "primary_hover": "#2b7de3",
    "primary_off": "#9fbbe0", "grid": "#e6e8eb", "sel": "#cde2ff", "sel_text": "#111111",
    "alt": "#f7f9fb", "warn_bg": "#fff8e1", "warn_border": "#f0c36d", "err_bg": "#fdecea",
    "err_border": "#e8a0a0", "info_bg": "#eef5ff", "info_border": "#a9c7f0",
    "badge_fg": "#8a5a00", "badge_bg": "#fff1cc", "nav_bg": "#f3f5f8", "nav_sel": "#dce9fb",
    "nav_text": "#1d2733", "tile_bg": "#ffffff", "tile_border": "#dde3ea", "muted": "#6b7380",
    "ok": "#1b873f", "ok_bg": "#e6f6ea", "bad": "#c62828", "bad_bg": "#fdecea",
    "busy_bg": "#eef5ff", "wait_bg": "#fff8e1", "text": "#1d2733",
}
DARK = {
    "border": "#3a3f47", "hover": "#2f3a4a", "primary": "#2f7de0", "primary_hover": "#3b8af0",
    "primary_off": "#36506f", "grid": "#353a41", "sel": "#27466e", "sel_text": "#ffffff",
    "alt": "#262a30", "warn_bg": "#3a3220", "warn_border": "#8a6d2c", "err_bg": "#3d2424",
    "err_border": "#8c3b3b", "info_bg": "#1f2d40", "info_border": "#3d5f8c",
    "badge_fg": "#ffd27a", "badge_bg": "#4a3b12", "nav_bg": "#1e2126", "nav_sel": "#27466e",
    "nav_text": "#e3e7ec", "tile_bg": "#24282e", "tile_border": "#3a3f47", "muted": "#9aa3ad",
    "ok": "#4cc870", "ok_bg": "#1d3b26", "bad": "#ff6b6b", "bad_bg": "#442222",
    "busy_bg": "#1f2d40", "wait_bg": "#3a3220", "text": "#e3e7ec",
}

STYLE = """
QToolBar#mainToolBar {{ spacing: 4px; padding: 4px 6px; border-bottom: 1px solid {border}; }}
QToolBar#mainToolBar QToolButton {{ padding: 4px 10px; border-radius: 4px; }}
QToolBar#mainToolBar QToolButton:hover {{ background: {hover}; }}
QToolBar#mainToolBar QToolButton#primary {{ background: {primary}; color: white; font-weight: bold; }}
QToolBar#mainToolBar QToolButton#primary:hover {{ background: {primary_hover}; }}
QToolBar#mainToolBar QToolButton#primary:disabled {{ background: {primary_off}; }}
QTableView {{ gridline-color: {grid}; selection-background-color: {sel};
             selection-color: {sel_text}; alternate-background-color: {alt}; }}
QFrame#messagePanel {{ background: {warn_bg}; border: 1px solid {warn_border}; border-radius: 4px; }}
QFrame#messagePanel[kind="error"] {{ background: {err_bg}; border-color: {err_border}; }}
QFrame#messagePanel[kind="info"] {{ background: {info_bg}; border-color: {info_border}; }}
QFrame#messagePanel QListWidget {{ background: transparent; border: none; }}
QLabel#demoBadge {{ color: {badge_fg}; background: {badge_bg}; border-radius: 3px; padding: 1px 6px; }}
QListWidget#nav {{ background: {nav_bg}; border: none; border-right: 1px solid {border};
                   color: {nav_text}; outline: 0; padding-top: 6px; }}
QListWidget#nav::item {{ padding-left: 14px; border-radius: 4px; margin: 0px 6px; }}
QListWidget#nav::item:selected {{ background: {nav_sel}; color: {nav_text}; font-weight: bold; }}
QPushButton#packButton {{ background: {primary}; color: white; font-weight: bold;
                          border-radius: 4px; padding: 8px 6px; margin: 6px; }}
QPushButton#packButton:hover {{ background: {primary_hover}; }}
QFrame#tile {{ background: {tile_bg}; border: 1px solid {tile_border}; border-radius: 6px; }}
QFrame#tile:hover {{ border-color: {primary}; }}
QLabel#tileValue {{ font-size: 26pt; font-weight: bold; color: {text}; }}
QLabel#tileTitle {{ color: {muted}; font-size: 10.5pt; }}
QLabel#tileValue[tone="bad"] {{ color: {bad}; }}
QLabel#tileValue[tone="ok"] {{ color: {ok}; }}
QLabel#pageTitle {{ font-size: 15pt; font-weight: bold; }}
QLabel#hint {{ color: {muted}; }}
QFrame#feedback {{ border-radius: 8px; border: 2px solid {border}; background: {tile_bg}; }}
QFrame#feedback[kind="ok"] {{ background: {ok_bg}; border-color: {ok}; }}
QFrame#feedback[kind="error"] {{ background: {bad_bg}; border-color: {bad}; }}
QFrame#feedback[kind="busy"] {{ background: {busy_bg}; border-color: {primary}; }}
QFrame#feedback[kind="verify"] {{ background: {wait_bg}; border-color: {warn_border}; }}
QLabel#feedbackTitle {{ font-size: 30pt; font-weight: bold; }}
QFrame#feedback[kind="ok"] QLabel#feedbackTitle {{ color: {ok}; }}
QFrame#feedback[kind="error"] QLabel#feedbackTitle {{ color: {bad}; }}
QLabel#feedbackDetail {{ font-size: 14pt; }}
QLineEdit#scanField {{ font-size: 22pt; padding: 8px 12px; border: 2px solid {primary};
                       border-radius: 6px; }}
QLabel#packTitle {{ font-size: 18pt; font-weight: bold; }}
QLabel#packOrder {{ font-size: 15pt; font-weight: bold; }}
QListWidget#packItems {{ font-size: 15pt; }}
QListWidget#packItems::item {{ padding: 6px 4px; }}
QListWidget#packHistory {{ font-size: 11pt; }}
"""


def colors(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def style_sheet(dark: bool) -> str:
    return STYLE.format(**colors(dark))


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return True
    if hints.colorScheme() == Qt.ColorScheme.Light:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor("#1b1e22"), QColor("#24282e"), QColor("#e3e7ec")
    for role, color in (
        (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, QColor("#262a30")),
        (QPalette.ColorRole.ToolTipBase, window), (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.BrightText, QColor("#ff6b6b")),
        (QPalette.ColorRole.Highlight, QColor("#2f7de0")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.Link, QColor("#6aa8ff")),
        (QPalette.ColorRole.PlaceholderText, QColor("#8a929c")),
    ):
        p.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7380"))
    return p


class ThemeManager(QObject):
    """Applies a theme to the application and follows the system when asked to."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.mode = "system"
        self.applied = False
        self._default_palette = QPalette(app.palette())
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)

    def is_dark(self) -> bool:
        return self.mode == "dark" or (self.mode == "system" and system_is_dark())

    def apply(self, mode: str = "system") -> bool:
        """Set the theme; True when dark."""
        self.mode = mode if mode in THEMES else "system"
        dark = self.is_dark()
        if self.mode == "dark" and not system_is_dark():
            # the platform gives a light palette: draw our own dark one with Fusion
            self._set_style("fusion")
            self.app.setPalette(dark_palette())
        elif self.mode == "light" and system_is_dark():
            self._set_style("fusion")
            self.app.setPalette(self.app.style().standardPalette())
        else:
            # back to the platform's palette; once on Fusion, stay on it (swapping styles
            # under a style sheet is where Qt crashes)
            self.app.setPalette(self._default_palette)
        self.app.setStyleSheet(style_sheet(dark))
        self.applied = True
        return dark

    def _set_style(self, name: str) -> None:
        if self.app.style().name().lower() != name.lower():
            self.app.setStyleSheet("")
            self.app.setStyle(name)

    def _system_changed(self, *_: object) -> None:
        if self.mode == "system":
            self.apply("system")


_manager: ThemeManager | None = None


def ensure_theme(mode: str | None = None) -> ThemeManager:
    """The manager, with a theme applied (once, or again when `mode` is given)."""
    m = theme_manager()
    if mode is not None or not m.applied:
        m.apply(mode or m.mode)
    return m


def theme_manager() -> ThemeManager:
    global _manager
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if _manager is None or _manager.app is not app:
        _manager = ThemeManager(app)
    return _manager
