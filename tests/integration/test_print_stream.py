"""The print service streaming to a real TCP 9100 listener: pick order, the log, a
printer that dies mid-batch, resume, pause and cancel."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.printing.file import FileTransport
from app.printing.tcp9100 import RawTcpPrinter
from app.services.import_orders import import_files
from app.services.orders import select_order_ids
from app.services.print_labels import PrintError, print_labels, resume_print_job
from app.services.waybills import allocate_waybills
from app.store.models import Order, Parcel, PrintJob, PrintJobItem
from tests.integration.test_printing_tcp import FakePrinter, waybills
from tests.unit.zpl_tspl_interp import parse_tspl, parse_zpl


@pytest.fixture
def allocated(ws, douyin_csv):
    import_files(ws, [douyin_csv])
    ids = select_order_ids(ws, status="to_ship", limit=12)
    allocate_waybills(ws, ids)
    return ids


def _waybill_of(ws, ids):
    with ws.read() as s:
        return {i: s.scalar(select(Parcel.waybill_no).where(Parcel.order_id == i)) for i in ids}


def test_zpl_batch_to_tcp_printer_marks_and_logs(ws, allocated):
    fake = FakePrinter()
    s = print_labels(ws, allocated, printer=RawTcpPrinter("127.0.0.1", fake.port),
                     fmt="zpl", pick_order="import")
    fake.wait()
    assert s.printed == len(allocated)
    numbers = _waybill_of(ws, allocated)
    assert waybills(fake.labels) == [numbers[i] for i in sorted(allocated)]
    assert len(parse_zpl(bytes(fake.received))) == len(allocated)
    with ws.read() as s_:
        job = s_.scalar(select(PrintJob))
        assert (job.state, job.done, job.total, job.fmt) == ("done", len(allocated),
                                                            len(allocated), "zpl")
        assert job.target == f"tcp://127.0.0.1:{fake.port}"
        items = list(s_.scalars(select(PrintJobItem).order_by(PrintJobItem.seq)))
        assert [i.state for i in items] == ["sent"] * len(allocated)
        assert all(p.printed_at is not None for p in s_.scalars(select(Parcel).where(
            Parcel.order_id.in_(allocated))))


def test_pick_order_by_sku(ws, allocated, tmp_path):
    out = tmp_path / "labels.tspl"
    s = print_labels(ws, allocated, out=out, fmt="tspl", pick_order="sku")
    assert s.printed == len(allocated)
    assert len(parse_tspl(out.read_bytes())) == len(allocated)
    with ws.read() as s_:
        items = list(s_.scalars(select(PrintJobItem).order_by(PrintJobItem.seq)))
        skus = []
        for it in items:
            order = s_.get(Order, s_.get(Parcel, it.parcel_id).order_id)
            skus.append(tuple(sorted(i.sku or "\uffff" for i in order.items)))
    assert skus == sorted(skus)


def test_unknown_pick_order_and_format(ws, allocated, tmp_path):
    with pytest.raises(PrintError, match="pick order"):
        print_labels(ws, allocated, out=tmp_path / "x.zpl", fmt="zpl", pick_order="colour")
    with pytest.raises(PrintError, match="format"):
        print_labels(ws, allocated, out=tmp_path / "x.epl", fmt="epl")


@pytest.mark.parametrize("kill_after", [2, 5])
def test_printer_killed_halfway_then_resume_prints_every_label_once(ws, allocated, kill_after):
    fake = FakePrinter(kill_after=kill_after)
    printer = RawTcpPrinter("127.0.0.1", fake.port, timeout=5)
    with pytest.raises(PrintError, match="resume") as info:
        print_labels(ws, allocated, printer=printer, fmt="zpl", pick_order="import")
    fake.wait()
    first = waybills(fake.labels)
    assert kill_after <= len(first) < len(allocated)
    assert "switched on" in str(info.value)
    with ws.read() as s:
        job = s.scalar(select(PrintJob))
        assert job.state == "interrupted" and job.done == len(first)
        items = list(s.scalars(select(PrintJobItem).order_by(PrintJobItem.seq)))
        assert [i.state for i in items] == ["sent"] * len(first) + ["failed"] * (
            len(allocated) - len(first))
        assert all(i.error for i in items[len(first):])
        printed = {p.waybill_no for p in s.scalars(select(Parcel)) if p.printed_at}
        assert printed == set(first)  # marked printed == acknowledged by the printer
        job_id = job.id

    # a fresh connection (the app restarted, the printer is back at the same address)
    back = FakePrinter(port=fake.port)
    s2 = resume_print_job(ws, job_id, RawTcpPrinter("127.0.0.1", back.port))
    back.wait()
    assert s2.printed == len(allocated) - len(first)
    numbers = _waybill_of(ws, allocated)
    assert first + waybills(back.labels) == [numbers[i] for i in sorted(allocated)]
    with ws.read() as s:
        job = s.get(PrintJob, job_id)
        assert (job.state, job.done) == ("done", len(allocated))
        items = list(s.scalars(select(PrintJobItem).where(PrintJobItem.job_id == job_id)))
        assert len(items) == len(allocated)
        assert all(i.state == "sent" and not i.error for i in items)
        assert all(p.print_count == 1 for p in s.scalars(select(Parcel).where(
            Parcel.order_id.in_(allocated))))
    with pytest.raises(PrintError, match="done"):
        resume_print_job(ws, job_id, RawTcpPrinter("127.0.0.1", back.port))


def test_printer_off_from_the_start_marks_nothing(ws, allocated):
    import socket

    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]
    with pytest.raises(PrintError, match="refused"):
        print_labels(ws, allocated, printer=RawTcpPrinter("127.0.0.1", port, timeout=1),
                     fmt="tspl")
    with ws.read() as s:
        assert all(p.printed_at is None for p in s.scalars(select(Parcel)))
        assert s.scalar(select(PrintJob)).state == "interrupted"


def test_cancel_and_pause_then_resume(ws, allocated, tmp_path):
    path = tmp_path / "cancel.zpl"
    progress: list[tuple[int, int]] = []
    transport = FileTransport(path)
    s = print_labels(ws, allocated, printer=transport, fmt="zpl",
                     cancelled=lambda: transport.labels_sent >= 3,
                     progress=lambda d, t: progress.append((d, t)))
    assert s.cancelled and s.printed == 3
    assert progress[-1] == (3, len(allocated))
    with ws.read() as s_:
        job = s_.scalar(select(PrintJob))
        assert job.state == "cancelled"
        states = [i.state for i in s_.scalars(select(PrintJobItem).order_by(PrintJobItem.seq))]
        assert states == ["sent"] * 3 + ["cancelled"] * (len(allocated) - 3)
    # resume while paused: nothing goes out until the pause is lifted
    gate = threading.Event()
    threading.Timer(0.3, gate.set).start()
    rest = tmp_path / "rest.zpl"
    s2 = resume_print_job(ws, job.id, FileTransport(rest), paused=lambda: not gate.is_set())
    assert s2.printed == len(allocated) - 3
    formats = parse_zpl(path.read_bytes()) + parse_zpl(rest.read_bytes())
    assert len(formats) == len(allocated)
    got = waybills([f for f in _split(path.read_bytes() + rest.read_bytes())])
    assert len(set(got)) == len(got) == len(allocated)


def _split(data: bytes) -> list[bytes]:
    from tests.integration.test_printing_tcp import _FORMAT

    return _FORMAT.findall(data)


def test_cli_print_zpl_to_a_tcp_printer_then_resume(ws, allocated, tmp_path, capsys,
                                                    monkeypatch):
    import json

    from app import cli
    from app.cli import main
    from app.services.workspace import Workspace

    db = str(ws.engine.url.database)
    monkeypatch.setattr(cli, "_open", lambda args: Workspace.open(db, key_dir=tmp_path / "keys"))
    fake = FakePrinter(kill_after=2)
    rc = main(["print", "--db", db, "--format", "zpl", "--printer",
               f"127.0.0.1:{fake.port}", "--json"])
    fake.wait()
    assert rc == 1
    assert "resume" in json.loads(capsys.readouterr().out)["error"]
    with ws.read() as s:
        job_id = s.scalar(select(PrintJob.id))
    back = FakePrinter(port=fake.port)
    rc = main(["print", "--db", db, "--resume", str(job_id), "--printer",
               f"127.0.0.1:{back.port}", "--json"])
    back.wait()
    assert rc == 0, capsys.readouterr()
    got = waybills(fake.labels) + waybills(back.labels)
    with ws.read() as s:
        expected = {p.waybill_no for p in s.scalars(select(Parcel)) if p.waybill_no}
    assert len(got) == len(set(got)) == len(expected) and set(got) == expected
    out = tmp_path / "again.tspl"
    assert main(["print", "--db", db, "--format", "tspl", "--out", str(out), "--reprint",
                 "--pick-order", "sku"]) == 0
    assert len(parse_tspl(out.read_bytes())) == len(expected)
