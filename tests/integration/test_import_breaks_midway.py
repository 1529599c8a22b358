"""A file that turns out broken while its rows stream: named, nothing of it kept."""

from sqlalchemy import func, select

from app.importers.reader import NotAnExport
from app.services import import_orders
from app.services.workspace import Workspace
from app.store.models import Order


def test_a_file_breaking_mid_stream_keeps_nothing(tmp_path, douyin_csv, monkeypatch):
    ws = Workspace.open(str(tmp_path / "db.sqlite"), key_dir=tmp_path / "keys")
    real = import_orders.parse_rows

    def breaks_after_50(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        for n, got in enumerate(real(*args, **kw)):
            if n == 50:
                raise NotAnExport(f"{douyin_csv.name}: the workbook is damaged")
            yield got

    monkeypatch.setattr(import_orders, "parse_rows", breaks_after_50)
    try:
        s = import_orders.import_files(ws, [douyin_csv])
        assert s.imported == 0 and len(s.errors) == 1
        err = s.errors[0]
        assert err.file == douyin_csv.name and err.row > 1 and "damaged" in err.message
        with ws.read() as sess:
            assert sess.scalar(select(func.count()).select_from(Order)) == 0
    finally:
        ws.close()
