"""One open database with its key: what every use case works on."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.core.timeutil import now as _now
from app.store.crypto import FieldCipher
from app.store.db import data_dir, make_engine, migrate, resolve_url, session_factory, transaction
from app.store.keys import KeyError_, load_key
from app.store.models import AuditLog, Meta


class WorkspaceError(Exception):
    """The database cannot be opened; the message says what to do."""


@dataclass
class Workspace:
    url: str
    engine: Engine
    read: sessionmaker[Session]
    write: sessionmaker[Session]
    cipher: FieldCipher
    db_id: str
    clock: Callable[[], datetime] = field(default=_now)
    operator: str = ""

    @classmethod
    def open(cls, db: str | None = None, *, passphrase: str | None = None,
             key_dir: Path | None = None, use_keyring: bool = True,
             clock: Callable[[], datetime] = _now) -> Workspace:
        url = resolve_url(db)
        engine = make_engine(url)
        try:
            migrate(engine)
        except Exception as exc:
            engine.dispose()
            raise WorkspaceError(
                f"cannot open or upgrade the database ({type(exc).__name__}: {exc})") from None
        write = session_factory(engine, write=True)
        with transaction(write) as s:
            db_id = s.get(Meta, "db_id")
            # new until the first key is bound: an open that failed before that may retry
            created = s.get(Meta, "key_check") is None
            if db_id is None:
                db_id = Meta(key="db_id", value=uuid.uuid4().hex)
                s.add(db_id)
            db_id_value = db_id.value
        try:
            key = load_key(db_id_value, key_dir or data_dir() / "keys", passphrase,
                           create=created, use_keyring=use_keyring)
        except KeyError_ as exc:
            engine.dispose()
            raise WorkspaceError(str(exc)) from None
        cipher = FieldCipher(key)
        with transaction(write) as s:
            check = s.get(Meta, "key_check")
            if check is None:
                s.add(Meta(key="key_check", value=cipher.check_value))
            elif check.value != cipher.check_value:
                engine.dispose()
                raise WorkspaceError("the key found for this database does not open it: "
                                     "restore the right key backup")
        return cls(url, engine, session_factory(engine), write, cipher, db_id_value, clock)

    def close(self) -> None:
        self.engine.dispose()

    def audit(self, s: Session, action: str, entity: str = "", entity_id: str = "",
              **detail: object) -> None:
        """Record an action. Callers pass ids and counts only, never personal data."""
        s.add(AuditLog(at=self.clock(), operator=self.operator, action=action, entity=entity,
                       entity_id=entity_id, detail=detail))

    def setting(self, key: str, default: str = "") -> str:
        with self.read() as s:
            row = s.scalar(select(Meta).where(Meta.key == f"setting.{key}"))
            return row.value if row else default

    def set_setting(self, key: str, value: str) -> None:
        with transaction(self.write) as s:
            s.merge(Meta(key=f"setting.{key}", value=value))
            self.audit(s, "settings_change", "setting", key)
