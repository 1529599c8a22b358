"""The screenshot script (README: regenerates docs/screens) runs and shows every page."""

from PySide6.QtGui import QImage

from app.ui.screenshots import save_screenshots

PAGES = {"main", "to_print", "shipped", "alerts", "dashboard", "settings", "import",
         "import_errors", "packing_ok", "packing_refused", "packing_verify", "wizard",
         "wizard_printer", "wizard_carriers", "main_dark", "main_en"}


def test_every_page_is_shot(qapp, tmp_path):
    shots = save_screenshots(tmp_path, size=(1280, 800))
    assert {p.stem for p in shots} == PAGES
    for p in shots:
        img = QImage(str(p))
        assert not img.isNull() and img.width() >= 600, p.name
        # not a blank grab: a page has text and lines in more than a few colours
        colours = {img.pixel(x, y) for x in range(0, img.width(), 5)
                   for y in range(0, img.height(), 7)}
        assert len(colours) > 8, p.name
