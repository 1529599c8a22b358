"""ZPL graphic fields carry the same dots whatever the encoding (hex or Z64, any zlib level):
varied labels rendered with compression are compared, field by field after decoding, and
as pixels through the interpreter, with the same labels sent as plain hex only. Text goes
as whole-line bitmaps here (as badges and lines at the label's edge do), the fields that
get compressed."""

from __future__ import annotations

import base64
import re
import zlib

import pytest

from app.labels import zpl
from bench.labels_pdf import sample_labels
from tests.unit.test_label_glyphs import zpl_pairs
from tests.unit.zpl_tspl_interp import _zpl_gf_data

_GF = re.compile(rb"\^GFA,(\d+),(\d+),(\d+),([^^]*)")


def _decoded(stream: bytes) -> bytes:
    """The stream with every ^GF body replaced by the hex of its decoded rows."""
    return _GF.sub(
        lambda m: b"^GFA,%s,%s,%s,%s"
        % (m[1], m[2], m[3], _zpl_gf_data(m[4].decode(), int(m[1])).hex().encode()),
        stream,
    )


def _plain(labels: list, size: str, dpi: int, monkeypatch: pytest.MonkeyPatch) -> bytes:  # noqa: ANN001
    with monkeypatch.context() as m:
        m.setattr(zpl, "_HEX_MAX", 1 << 30)
        zpl._caches.clear()
        out = zpl.render_zpl(labels, size, dpi)
    zpl._caches.clear()
    return out


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("size", ["76x130", "100x150", "100x180"])
def test_compressed_fields_decode_to_the_plain_rows(
    size: str, dpi: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = sample_labels(40, seed=3)
    monkeypatch.setattr(zpl, "_glyph_fields", lambda el, page: None)
    zpl._caches.clear()
    packed = zpl.render_zpl(labels, size, dpi)
    plain = _plain(labels, size, dpi, monkeypatch)
    assert b":Z64:" in packed and b":Z64:" not in plain
    assert _decoded(packed) == _decoded(plain)
    pairs = zpl_pairs(packed, plain)
    assert len(pairs) >= 10
    for got, want in pairs:
        assert got.image.tobytes() == want.image.tobytes()


def test_z64_inflates_to_the_rows() -> None:
    rows = bytes(range(256)) * 7 + b"\x00" * 3000 + b"\xff\x0f" * 900
    _, tag, body, _crc = zpl.z64(rows).split(":")
    assert tag == "Z64" and zlib.decompress(base64.b64decode(body)) == rows
