"""Import platform order exports: detect the layout, parse, upsert in one transaction.

Public API (the UI and the CLI call only these):

- :func:`preview_file` — header, first rows, detected platform, proposed mapping;
- :func:`import_file` / :func:`import_files` — all or nothing per file, unless
  ``valid_rows_only``; a re-import updates platform fields and never local decisions;
- :func:`save_profile`, :func:`list_profiles`, :func:`delete_profile` — column mappings
  saved per shop and found again by the file's header;
- :func:`import_records` — the same upsert for orders pulled from a platform API;
- :func:`list_intercepts` / :func:`list_flagged` — orders cancelled or refunded after
  import (intercepts: their label is already printed).
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.orders import OrderRecord, RowError
from app.importers import (
    GENERIC,
    LAYOUTS,
    PLATFORM_LABELS,
    Detection,
    all_known_headers,
    detect,
    layout_for,
)
from app.importers.mapping import (
    ALL_FIELDS,
    FIELD_LABELS,
    Layout,
    ParseStats,
    missing_required,
    parse_rows,
    resolve_columns,
)
from app.importers.reader import NotAnExport, Table, normalise_header, open_table, read_preview
from app.services.order_sink import OrderSink
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Order, Parcel, ParcelOrder, Recipient, Shop
from app.store.models_import import MappingProfile

BATCH = 2000

Progress = Callable[[int, int], None]  # (done, total)
Cancelled = Callable[[], bool]

__all__ = [
    "ALL_FIELDS",
    "FIELD_LABELS",
    "FlaggedOrder",
    "ImportCancelled",
    "ImportSummary",
    "Preview",
    "ProfileInfo",
    "default_shop_name",
    "ensure_shop",
    "delete_profile",
    "detect_layout",
    "header_key",
    "import_file",
    "import_files",
    "import_records",
    "list_flagged",
    "list_intercepts",
    "list_profiles",
    "list_shops",
    "platform_choices",
    "preview_file",
    "save_profile",
]


class ImportCancelled(Exception):
    """The user cancelled: the file being imported was rolled back."""


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    flagged: int = 0
    errors: list[RowError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    #: platform order ids whose label is printed but which were cancelled/refunded
    intercepts: list[str] = field(default_factory=list)
    #: per file: {"file", "platform", "shop", "imported", "updated", "unchanged", "errors"}
    details: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "flagged": self.flagged, "files": self.files,
            "intercepts": self.intercepts, "details": self.details,
            "errors": [e.as_dict() for e in self.errors],
        }

    def errors_csv(self) -> str:
        """The errors as CSV text (file, row, column, message) for the seller to fix."""
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["文件 file", "行 row", "列 column", "问题 message"])
        for e in self.errors:
            w.writerow([e.file, e.row or "", e.column, e.message])
        return buf.getvalue()

    def save_errors_csv(self, path: str | Path) -> Path:
        """Write errors_csv() with a BOM, so Excel opens the Chinese text right."""
        p = Path(path)
        p.write_text(self.errors_csv(), encoding="utf-8-sig", newline="")
        return p


# --------------------------------------------------------------------------- choices

def platform_choices() -> list[tuple[str, str, bool]]:
    """(key, label, verified) of the built-in layouts, then "other", for pickers."""
    return [(k, lo.label, lo.verified) for k, lo in LAYOUTS.items()] + [
        ("other", PLATFORM_LABELS["other"], False)]


# --------------------------------------------------------------------------- shops

def default_shop_name(platform: str) -> str:
    label = {"douyin": "抖店", "kuaishou": "快手小店"}.get(platform) \
        or PLATFORM_LABELS.get(platform) or platform
    return f"{label} 默认店铺"


def _shop(s: Session, ws: Workspace, platform: str, name: str | None) -> Shop:
    name = name or default_shop_name(platform)
    shop = s.scalar(select(Shop).where(Shop.platform == platform, Shop.name == name))
    if shop is None:
        shop = Shop(platform=platform[:16], name=name[:128], created_at=ws.clock())
        s.add(shop)
        s.flush()
    return shop


def ensure_shop(s: Session, ws: Workspace, platform: str, name: str | None) -> Shop:
    """The shop of this platform and name (default: the platform's default shop), made
    when missing, inside the caller's transaction."""
    return _shop(s, ws, platform, name)


def list_shops(ws: Workspace) -> list[tuple[str, str]]:
    """(platform, name) of every shop, for the import dialog's shop box."""
    with ws.read() as s:
        return [(p, n) for p, n in s.execute(select(Shop.platform, Shop.name)
                                             .order_by(Shop.platform, Shop.name))]


# --------------------------------------------------------------------------- profiles

def header_key(header: Iterable[str]) -> str:
    """Fingerprint of a header: the same export layout gives the same key, whatever the
    column order or full-width brackets."""
    names = sorted({normalise_header(h) for h in header if h and normalise_header(h)})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()[:64]


@dataclass(frozen=True, slots=True)
class ProfileInfo:
    id: int
    shop: str
    platform: str
    name: str
    columns: dict[str, str]
    headers: list[str]
    use_count: int
    used_at: datetime | None


def save_profile(ws: Workspace, *, shop_name: str | None, platform: str, name: str,
                 header: Sequence[str], columns: Mapping[str, str]) -> ProfileInfo:
    """Save (or replace) a column mapping for a shop. ``columns``: field -> header text."""
    bad = [h for h in columns.values() if h and h not in header]
    if bad:
        raise ValueError(f"the mapping names columns the file does not have: {', '.join(bad)}")
    unknown = [f for f in columns if f not in FIELD_LABELS]
    if unknown:
        raise ValueError(f"unknown fields in the mapping: {', '.join(unknown)}")
    platform = (platform or "other")[:16]
    with transaction(ws.write) as s:
        shop = _shop(s, ws, platform, shop_name)
        prof = s.scalar(select(MappingProfile).where(MappingProfile.shop_id == shop.id,
                                                     MappingProfile.name == name))
        now = ws.clock()
        if prof is None:
            prof = MappingProfile(shop_id=shop.id, name=name[:64], created_at=now,
                                  use_count=0)
            s.add(prof)
        prof.platform = platform
        prof.header_key = header_key(header)
        prof.headers = list(header)
        prof.columns = {k: v for k, v in columns.items() if v}
        prof.updated_at = now
        s.flush()
        ws.audit(s, "mapping_profile_save", "mapping_profile", str(prof.id), shop=shop.id)
        return _info(prof, shop)


def _info(p: MappingProfile, shop: Shop) -> ProfileInfo:
    return ProfileInfo(p.id, shop.name, p.platform, p.name, dict(p.columns), list(p.headers),
                       p.use_count, p.used_at)


def list_profiles(ws: Workspace, shop_name: str | None = None) -> list[ProfileInfo]:
    with ws.read() as s:
        stmt = select(MappingProfile, Shop).join(Shop, Shop.id == MappingProfile.shop_id)
        if shop_name:
            stmt = stmt.where(Shop.name == shop_name)
        return [_info(p, sh) for p, sh in s.execute(
            stmt.order_by(Shop.name, MappingProfile.name))]


def delete_profile(ws: Workspace, profile_id: int) -> bool:
    with transaction(ws.write) as s:
        p = s.get(MappingProfile, profile_id)
        if p is None:
            return False
        s.delete(p)
        ws.audit(s, "mapping_profile_delete", "mapping_profile", str(profile_id))
        return True


def _find_profile(s: Session, header: list[str], shop_name: str | None,
                  profile: str | None) -> tuple[MappingProfile, Shop] | None:
    stmt = select(MappingProfile, Shop).join(Shop, Shop.id == MappingProfile.shop_id)
    if shop_name:
        stmt = stmt.where(Shop.name == shop_name)
    if profile:
        stmt = stmt.where(MappingProfile.name == profile)
    else:
        stmt = stmt.where(MappingProfile.header_key == header_key(header))
    found = s.execute(stmt.order_by(MappingProfile.used_at.desc())).all()
    if profile and not found:
        raise NotAnExport(f"no saved mapping called {profile!r}"
                          + (f" for shop {shop_name!r}" if shop_name else ""))
    shops = {sh.id for _, sh in found}
    if len(shops) > 1 and not profile:
        return None  # several shops share this layout: the caller must name the shop
    return (found[0][0], found[0][1]) if found else None


# --------------------------------------------------------------------------- planning

def _known_headers(ws: Workspace) -> set[str]:
    """Header names of the built-in layouts and of every saved profile."""
    names = all_known_headers()
    with ws.read() as s:
        for headers in s.scalars(select(MappingProfile.headers)):
            names.update(h for h in headers or () if h)
    return names


@dataclass
class _Plan:
    layout: Layout
    columns: dict[str, int]  # field -> column index
    shop_name: str | None
    source: str  # "layout" | "profile" | "mapping"
    profile_id: int | None = None
    profile_name: str = ""
    detections: list[Detection] = field(default_factory=list)


def _plan(ws: Workspace, table: Table, platform: str, shop_name: str | None,
          mapping: Mapping[str, str] | None, profile: str | None) -> _Plan:
    header = table.header
    detections = detect(header)
    if mapping is not None:
        lo = layout_for(platform if platform != "auto" else
                        (detections[0].layout.platform if detections and detections[0].usable
                         else "other"))
        cols = resolve_columns(lo, header, mapping)
        return _Plan(lo, cols, shop_name, "mapping", detections=detections)
    if profile or platform == "auto" or platform not in LAYOUTS:
        with ws.read() as s:
            found = _find_profile(s, header, shop_name, profile)
        if found is not None:
            prof, shop = found
            lo = layout_for(prof.platform)
            cols = resolve_columns(lo, header, prof.columns)
            return _Plan(lo, cols, shop.name, "profile", prof.id, prof.name, detections)
    if platform != "auto":
        lo = layout_for(platform)
        return _Plan(lo, resolve_columns(lo, header), shop_name, "layout",
                     detections=detections)
    best = detections[0] if detections else None
    if best is None or best.hits < 3:
        raise NotAnExport(
            "no header row with known column names: is this an order export? If it is, "
            "choose the platform or map the columns in the import dialog")
    if not best.usable:
        raise NotAnExport(
            f"the columns look like a {best.layout.label} export but lack "
            f"{'、'.join(FIELD_LABELS.get(f, f) for f in best.missing)}: choose the platform "
            "or map the columns in the import dialog")
    return _Plan(best.layout, resolve_columns(best.layout, header), shop_name, "layout",
                 detections=detections)


def detect_layout(path: Path, platform: str = "auto") -> tuple[Layout, Table]:
    """Read the file once; pick the layout whose headers it names most (no profiles)."""
    if platform != "auto" and platform not in LAYOUTS:
        raise NotAnExport(f"unknown platform {platform!r}; known: {', '.join(LAYOUTS)}")
    known = LAYOUTS[platform].known_headers() if platform != "auto" else all_known_headers()
    table = open_table(path, known)
    if platform != "auto":
        return LAYOUTS[platform], table
    best = detect(table.header)[0]
    if not best.usable:
        raise NotAnExport("the columns match no known platform export "
                          f"({', '.join(LAYOUTS)}); choose the platform or map the columns")
    return best.layout, table


# --------------------------------------------------------------------------- preview

@dataclass
class Preview:
    """What the import dialog shows before importing a file."""

    file: str
    header: list[str] = field(default_factory=list)
    header_row: int = 0
    rows: list[list[str]] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    encoding: str = ""
    platform: str = ""  # detected or chosen; "" when unknown
    platform_label: str = ""
    verified: bool = True
    #: (platform, label, score) of every built-in layout, best first
    candidates: list[tuple[str, str, int]] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header text
    missing: list[str] = field(default_factory=list)  # required fields not mapped
    source: str = ""  # layout | profile | mapping | guess
    profile: str = ""
    shop: str | None = None
    error: str = ""

    @property
    def ready(self) -> bool:
        """Can be imported as it stands (no mapping needed)."""
        return not self.error and not self.missing and bool(self.platform)


def preview_file(ws: Workspace, path: str | Path, *, platform: str = "auto",
                 shop_name: str | None = None, mapping: Mapping[str, str] | None = None,
                 profile: str | None = None, rows: int = 20) -> Preview:
    """Header, first rows, detected platform and mapping of a file; never raises for a bad
    file (``error`` says what is wrong)."""
    path = Path(path)
    pv = Preview(path.name)
    try:
        table = read_preview(path, _known_headers(ws), rows)
    except NotAnExport as exc:
        pv.error = str(exc)
        return pv
    except OSError as exc:
        pv.error = f"cannot read the file ({exc.strerror or exc})"
        return pv
    pv.header, pv.header_row, pv.encoding = table.header, table.header_row, table.encoding
    for n, cells in table.rows:
        pv.row_numbers.append(n)
        pv.rows.append(cells)
    dets = detect(table.header)
    pv.candidates = [(d.layout.platform, d.layout.label, d.score) for d in dets]
    try:
        plan = _plan(ws, table, platform, shop_name, mapping, profile)
    except NotAnExport:
        # unknown layout: suggest what the common header names give, for the editor
        cols = resolve_columns(GENERIC, table.header)
        pv.mapping = {f: table.header[i] for f, i in cols.items()}
        pv.missing = missing_required(GENERIC, cols)
        pv.source = "guess"
        pv.shop = shop_name
        return pv
    lo = plan.layout
    pv.platform, pv.platform_label, pv.verified = lo.platform, \
        PLATFORM_LABELS.get(lo.platform, lo.label or lo.platform), lo.verified
    pv.mapping = {f: table.header[i] for f, i in plan.columns.items()}
    pv.missing = missing_required(lo, plan.columns)
    pv.source, pv.profile, pv.shop = plan.source, plan.profile_name, plan.shop_name
    return pv


# --------------------------------------------------------------------------- import

#: the young-generation GC threshold while a file is imported: an import allocates a few
#: container objects per row (records, dicts, tuples) that die young or live in the
#: batch; with the default (700) the collector ran about once every 100 rows, ~5% of the
#: import. Reference cycles are still collected, only in fewer, larger passes.
GC_YOUNG_THRESHOLD = 50_000
_gc_lock = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, ...] = ()


@contextmanager
def _fewer_gc_passes() -> Iterator[None]:
    """Raise the young-generation GC threshold for the duration; the last of concurrent
    imports (threads) puts the saved thresholds back."""
    global _gc_users, _gc_saved
    with _gc_lock:
        if _gc_users == 0:
            _gc_saved = gc.get_threshold()
            if _gc_saved[0] and _gc_saved[0] < GC_YOUNG_THRESHOLD:
                gc.set_threshold(GC_YOUNG_THRESHOLD, *_gc_saved[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0:
                gc.set_threshold(*_gc_saved)


@contextmanager
def _released_on_error(get_sink: Callable[[], OrderSink | None]) -> Iterator[None]:
    """On the way out of a failed import (before its rollback), give the connection back
    the settings the sink changed: they are not part of the transaction."""
    try:
        yield
    except BaseException:
        sink = get_sink()
        if sink is not None:
            with suppress(Exception):
                sink.close(keep=False)
        raise


class _Rollback(Exception):
    """Raised inside the file's transaction to undo it when rows had errors."""


def import_file(ws: Workspace, path: str | Path, *, platform: str = "auto",
                shop_name: str | None = None, valid_rows_only: bool = False,
                mapping: Mapping[str, str] | None = None, profile: str | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None,
                summary: ImportSummary | None = None) -> ImportSummary:
    """All or nothing per file, unless valid_rows_only: then good rows go in, bad ones listed.

    ``mapping`` (field -> header text) overrides the layout for an unknown export;
    ``profile`` names a saved mapping; otherwise a profile saved for this header is used,
    then the built-in layouts. Rows stream into one transaction in batches, so memory
    stays flat on big exports; an error or a cancel rolls the whole file back.
    """
    summary = summary if summary is not None else ImportSummary()
    path = Path(path)
    summary.files.append(path.name)
    try:
        table = open_table(path, _known_headers(ws), allow_unknown=True)
        plan = _plan(ws, table, platform, shop_name, mapping, profile)
    except NotAnExport as exc:
        summary.errors.append(RowError(path.name, 0, "", str(exc)))
        return summary
    except OSError as exc:
        summary.errors.append(RowError(path.name, 0, "", f"cannot read the file "
                                                         f"({exc.strerror or exc})"))
        return summary
    errors: list[RowError] = []
    stats = ParseStats()
    sink: OrderSink | None = None
    total = table.size if table.position is not None else max(table.rows_hint, 1)

    def report() -> None:
        if progress:
            done = table.position() if table.position is not None else stats.last_row
            progress(min(done, total), total)

    try:
        with _fewer_gc_passes(), transaction(ws.write) as s, _released_on_error(lambda: sink):
            shop = _shop(s, ws, plan.layout.platform, plan.shop_name)
            sink = OrderSink(s, ws, shop.id, path.name, BATCH)
            if table.position is not None and table.size:
                sink.read_fraction = lambda: table.position() / table.size
            for got in parse_rows(plan.layout, table, plan.columns, stats):
                if type(got) is RowError:
                    errors.append(got)
                    continue
                sink.add(got)  # type: ignore[arg-type]
                if len(sink.buffer) >= BATCH - 1:
                    if cancelled and cancelled():
                        raise ImportCancelled
                    sink.flush()
                    report()
            if cancelled and cancelled():
                raise ImportCancelled
            sink.flush()
            if sink.scattered:
                _second_pass(ws, path, plan, sink, errors)
            if errors and not valid_rows_only:
                sink.close(keep=False)
                raise _Rollback
            sink.close()
            if plan.profile_id is not None:
                prof = s.get(MappingProfile, plan.profile_id)
                prof.use_count += 1
                prof.used_at = ws.clock()
            ws.audit(s, "import", "file", path.name[:64], shop=shop.id,
                     platform=plan.layout.platform, imported=sink.imported,
                     updated=sink.updated, unchanged=sink.unchanged, errors=len(errors),
                     intercepts=len(sink.intercepts))
    except _Rollback:
        summary.errors.extend(errors)
        parsed = (sink.imported + sink.updated + sink.unchanged) if sink else 0
        summary.skipped += parsed + len(errors)
        summary.details.append(_detail(path, plan, None, errors))
        return summary
    except UnicodeDecodeError:
        summary.errors.append(RowError(
            path.name, stats.last_row + 1, "",
            f"the file's text encoding ({table.encoding}) is broken near this row: save it "
            "again as UTF-8 CSV or XLSX"))
        return summary
    except NotAnExport as exc:  # the file broke while its rows were read: nothing kept
        summary.errors.append(RowError(path.name, stats.last_row + 1, "", str(exc)))
        return summary
    if progress:
        progress(total, total)
    summary.imported += sink.imported
    summary.updated += sink.updated
    summary.unchanged += sink.unchanged
    summary.flagged += sink.flagged
    summary.intercepts.extend(sink.intercepts)
    summary.skipped += len(errors)
    summary.errors.extend(errors)
    summary.details.append(_detail(path, plan, sink, errors))
    return summary


def _detail(path: Path, plan: _Plan, sink: OrderSink | None,
            errors: list[RowError]) -> dict[str, object]:
    return {"file": path.name, "platform": plan.layout.platform,
            "shop": plan.shop_name or default_shop_name(plan.layout.platform),
            "imported": sink.imported if sink else 0, "updated": sink.updated if sink else 0,
            "unchanged": sink.unchanged if sink else 0, "errors": len(errors),
            "mapping": plan.source, "profile": plan.profile_name}


def _second_pass(ws: Workspace, path: Path, plan: _Plan, sink: OrderSink,
                 errors: list[RowError]) -> None:
    """Orders whose rows are scattered over the file: read them again, whole."""
    table = open_table(path, _known_headers(ws), allow_unknown=True)
    only = set(sink.scattered)
    records = [r for r in parse_rows(plan.layout, table, plan.columns, only=only)
               if type(r) is OrderRecord]
    sink.finish_scattered(records)


def import_files(ws: Workspace, paths: Sequence[str | Path], *,
                 progress: Progress | None = None, **kw: object) -> ImportSummary:
    """Import several files, each in its own transaction. Progress is reported in
    thousandths of the whole job."""
    summary = ImportSummary()
    n = max(len(paths), 1)
    for k, p in enumerate(paths):
        def part(done: int, total: int, k: int = k) -> None:
            if progress:
                progress(k * 1000 + (done * 1000 // total if total else 0), n * 1000)

        import_file(ws, p, summary=summary, progress=part, **kw)  # type: ignore[arg-type]
    if progress:
        progress(n * 1000, n * 1000)
    return summary


def import_records(ws: Workspace, records: Iterable[OrderRecord], *, platform: str,
                   shop_name: str | None = None, source: str = "api",
                   summary: ImportSummary | None = None) -> ImportSummary:
    """Upsert orders that came from a platform API, with the rules of file import."""
    summary = summary if summary is not None else ImportSummary()
    sink: OrderSink | None = None
    with transaction(ws.write) as s, _released_on_error(lambda: sink):
        shop = _shop(s, ws, platform, shop_name)
        sink = OrderSink(s, ws, shop.id, source, BATCH)
        latest: dict[str, OrderRecord] = {}
        for rec in records:  # pages may repeat an order: the later copy is the newer
            latest[rec.platform_order_id] = rec
        for rec in latest.values():
            sink.add(rec)
        sink.close()
        ws.audit(s, "import", "api", source[:64], shop=shop.id, platform=platform,
                 imported=sink.imported, updated=sink.updated, unchanged=sink.unchanged)
    summary.imported += sink.imported
    summary.updated += sink.updated
    summary.unchanged += sink.unchanged
    summary.flagged += sink.flagged
    summary.intercepts.extend(sink.intercepts)
    return summary


# --------------------------------------------------------------------------- flags

@dataclass(frozen=True, slots=True)
class FlaggedOrder:
    order_id: int
    platform: str
    shop: str
    platform_order_id: str
    reason: str  # cancelled_after_print | refunded_after_import | …
    status: str
    updated_at: datetime | None
    parcel_ids: tuple[int, ...]
    waybill_nos: tuple[str, ...]
    name: str  # masked
    address: str  # region + masked detail

    @property
    def intercept(self) -> bool:
        return self.reason.endswith("_after_print")


def list_flagged(ws: Workspace, *, intercepts_only: bool = False,
                 shop_name: str | None = None) -> list[FlaggedOrder]:
    """Orders flagged by imports (cancelled/refunded after import, address changed)."""
    stmt = (select(Order.id, Shop.platform, Shop.name, Order.platform_order_id,
                   Order.flagged_reason, Order.status, Order.updated_at,
                   Recipient.name_masked, Recipient.province, Recipient.city,
                   Recipient.district, Recipient.detail_masked)
            .join(Shop, Shop.id == Order.shop_id)
            .outerjoin(Recipient, Recipient.id == Order.recipient_id)
            .where(Order.flagged_reason != ""))
    if intercepts_only:
        stmt = stmt.where(Order.flagged_reason.like("%_after_print"))
    if shop_name:
        stmt = stmt.where(Shop.name == shop_name)
    stmt = stmt.order_by(Order.updated_at.desc(), Order.id.desc())
    out = []
    with ws.read() as s:
        rows = s.execute(stmt).all()
        for r in rows:
            parcels = s.execute(
                select(Parcel.id, Parcel.waybill_no).where(Parcel.order_id == r[0]).union(
                    select(Parcel.id, Parcel.waybill_no)
                    .join(ParcelOrder, ParcelOrder.parcel_id == Parcel.id)
                    .where(ParcelOrder.order_id == r[0]))).all()
            out.append(FlaggedOrder(
                r[0], r[1], r[2], r[3], r[4], r[5], r[6],
                tuple(sorted({p[0] for p in parcels})),
                tuple(sorted({p[1] for p in parcels if p[1]})), r[7] or "",
                " ".join(x for x in (r[8], r[9], r[10], r[11]) if x)))
    return out


def list_intercepts(ws: Workspace, shop_name: str | None = None) -> list[FlaggedOrder]:
    """Printed parcels whose order was cancelled or refunded (or re-addressed) after the
    label was printed: they must be stopped before they leave. For the alerts page."""
    return list_flagged(ws, intercepts_only=True, shop_name=shop_name)
