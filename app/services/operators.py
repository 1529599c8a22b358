"""Operators of a station: roles, PINs, who is at the desk now, and the idle lock.

Roles: the **owner** may do everything; a **packer** may scan, print (and reprint),
allocate waybills, import, track and export masked lists, nothing else: no reveal of
plain data, no export of personal data, no settings, keys, restore or operators.

A shop that has defined no operator is one person: everything is allowed, as before
operators existed. Once there is one, every guarded action needs a logged-in operator
(`Workspace.operator` holds the name) whose role allows it; the first operator made must
be an owner, and the last active owner cannot be removed or demoted.

PINs (optional, 4–12 digits) are kept as scrypt hashes. Five wrong PINs lock the
operator out for five minutes. Log-ins, failures, and changes to operators are audited
(operator names are staff names, never buyers').
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models_privacy import Operator

OWNER, PACKER = "owner", "packer"
ROLES = (OWNER, PACKER)

#: every guarded action, and what it means (the UI shows these)
ACTIONS: dict[str, str] = {
    "scan": "scan parcels and orders",
    "print": "print labels",
    "reprint": "print a label again",
    "allocate": "get e-waybill numbers",
    "import": "import order exports",
    "track": "refresh and view tracking",
    "export_masked": "export masked order lists",
    "backup": "make a backup",
    "cancel": "cancel e-waybills",
    "reveal": "show a buyer's plain name, phone and address",
    "export_pii": "export plain personal data",
    "audit": "view and export the audit log",
    "settings": "change settings",
    "keys": "export, restore or rotate the encryption key",
    "restore": "restore a backup",
    "operators": "add, change or remove operators",
    "erase": "erase a buyer's data, run retention",
}
PACKER_ACTIONS = frozenset({"scan", "print", "reprint", "allocate", "import", "track",
                            "export_masked", "backup"})
PERMISSIONS: dict[str, frozenset[str]] = {OWNER: frozenset(ACTIONS), PACKER: PACKER_ACTIONS}

MAX_FAILED_PINS = 5
LOCKOUT = timedelta(minutes=5)
PIN_RE = re.compile(r"\d{4,12}")
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
#: minutes of no input before the station locks; 0 = never (setting `lock_idle_minutes`)
DEFAULT_IDLE_MINUTES = 5


class OperatorError(Exception):
    """An operator cannot be made, changed or logged in; the message says why."""


class PermissionDenied(OperatorError):
    """The operator at the desk may not do this; the message says who may."""

    def __init__(self, action: str, operator: str) -> None:
        self.action = action
        self.operator = operator
        what = ACTIONS.get(action, action)
        who = f"operator {operator!r}" if operator else "nobody is logged in: "
        super().__init__(f"{who} may not {what}; the shop owner can"
                         if operator else f"{who}log in as the shop owner to {what}")


@dataclass(frozen=True)
class OperatorInfo:
    id: int
    name: str
    role: str
    has_pin: bool
    active: bool
    locked_until: datetime | None = None


def _info(op: Operator) -> OperatorInfo:
    return OperatorInfo(op.id, op.name, op.role, bool(op.pin_hash), op.active, op.locked_until)


# ------------------------------------------------------------------------------ PINs


def hash_pin(pin: str) -> str:
    if not PIN_RE.fullmatch(pin or ""):
        raise OperatorError("a PIN is 4 to 12 digits")
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P,
                            dklen=32)
    return "$".join(("scrypt", str(_SCRYPT_N), str(_SCRYPT_R), str(_SCRYPT_P),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()))


def check_pin(stored: str, pin: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt((pin or "").encode(), salt=base64.b64decode(salt), n=int(n),
                             r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


# ------------------------------------------------------------------------------ who may


def has_operators(ws: Workspace) -> bool:
    with ws.read() as s:
        return (s.scalar(select(func.count()).select_from(Operator)
                         .where(Operator.active.is_(True))) or 0) > 0


def current(ws: Workspace) -> OperatorInfo | None:
    """The operator logged in at this workspace, or None."""
    if not ws.operator:
        return None
    with ws.read() as s:
        op = s.scalar(select(Operator).where(Operator.name == ws.operator))
        return _info(op) if op is not None and op.active else None


def role_of(ws: Workspace) -> str | None:
    """The role now in effect: owner when no operators exist; None when nobody is in."""
    if not has_operators(ws):
        return OWNER
    op = current(ws)
    return op.role if op else None


def can(ws: Workspace, action: str) -> bool:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    role = role_of(ws)
    return role is not None and action in PERMISSIONS[role]


def require(ws: Workspace, action: str) -> None:
    """Raise PermissionDenied unless the operator at the desk may do `action`."""
    if not can(ws, action):
        raise PermissionDenied(action, ws.operator)


# ------------------------------------------------------------------------------ managing


def list_operators(ws: Workspace) -> list[OperatorInfo]:
    with ws.read() as s:
        return [_info(o) for o in s.scalars(select(Operator).order_by(Operator.name))]


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 64:
        raise OperatorError("an operator needs a name of 1 to 64 characters")
    return name


def add_operator(ws: Workspace, name: str, role: str = PACKER, pin: str = "") -> OperatorInfo:
    """Make an operator. The first one must be an owner (it becomes the shop's owner)."""
    if role not in ROLES:
        raise OperatorError(f"unknown role {role!r}; choose {' or '.join(ROLES)}")
    name = _clean_name(name)
    first = not has_operators(ws)
    if first and role != OWNER:
        raise OperatorError("the first operator must be the owner")
    if not first:
        require(ws, "operators")
    pin_hash = hash_pin(pin) if pin else ""
    now = ws.clock()
    with transaction(ws.write) as s:
        if s.scalar(select(Operator).where(Operator.name == name)) is not None:
            raise OperatorError(f"there is already an operator called {name!r}")
        op = Operator(name=name, role=role, pin_hash=pin_hash, active=True, failed_pins=0,
                      created_at=now, updated_at=now)
        s.add(op)
        s.flush()
        ws.audit(s, "operator_add", "operator", str(op.id), role=role, pin=bool(pin))
        info = _info(op)
    if first:
        ws.operator = name
    return info


def _active_owners(s, exclude: int | None = None) -> int:  # noqa: ANN001
    q = select(func.count()).select_from(Operator).where(Operator.active.is_(True),
                                                         Operator.role == OWNER)
    if exclude is not None:
        q = q.where(Operator.id != exclude)
    return s.scalar(q) or 0


def update_operator(ws: Workspace, name: str, *, role: str | None = None,
                    pin: str | None = None, active: bool | None = None) -> OperatorInfo:
    """Change an operator's role, PIN ("" removes it) or whether they may log in."""
    require(ws, "operators")
    if role is not None and role not in ROLES:
        raise OperatorError(f"unknown role {role!r}; choose {' or '.join(ROLES)}")
    pin_hash = None if pin is None else (hash_pin(pin) if pin else "")
    with transaction(ws.write) as s:
        op = s.scalar(select(Operator).where(Operator.name == name))
        if op is None:
            raise OperatorError(f"no operator called {name!r}")
        losing_owner = op.role == OWNER and op.active and (
            (role is not None and role != OWNER) or active is False)
        if losing_owner and _active_owners(s, exclude=op.id) == 0:
            raise OperatorError("the shop needs an owner: make another owner first")
        changed = []
        if role is not None and role != op.role:
            op.role = role
            changed.append("role")
        if pin_hash is not None:
            op.pin_hash = pin_hash
            op.failed_pins, op.locked_until = 0, None
            changed.append("pin")
        if active is not None and active != op.active:
            op.active = active
            changed.append("active")
        op.updated_at = ws.clock()
        ws.audit(s, "operator_change", "operator", str(op.id), changed=changed,
                 role=op.role, active=op.active)
        info = _info(op)
    if active is False and ws.operator == name:
        ws.operator = ""
    return info


def remove_operator(ws: Workspace, name: str) -> None:
    """Stop an operator from logging in (kept, so the audit log still names them)."""
    update_operator(ws, name, active=False)


# ------------------------------------------------------------------------------ logging in


def login(ws: Workspace, name: str, pin: str = "") -> OperatorInfo:
    """Check the PIN and make `name` the operator of this workspace."""
    now = ws.clock()
    with transaction(ws.write) as s:
        op = s.scalar(select(Operator).where(Operator.name == name))
        if op is None or not op.active:
            raise OperatorError("unknown operator")
        if op.locked_until is not None and op.locked_until > now:
            left = int((op.locked_until - now).total_seconds() // 60) + 1
            raise OperatorError(f"too many wrong PINs: try again in {left} minute(s)")
        if op.pin_hash and not check_pin(op.pin_hash, pin):
            op.failed_pins += 1
            if op.failed_pins >= MAX_FAILED_PINS:
                op.failed_pins, op.locked_until = 0, now + LOCKOUT
            s.add(op)
            before, ws.operator = ws.operator, name
            ws.audit(s, "login_failed", "operator", str(op.id))
            ws.operator = before
            failed = True
        else:
            op.failed_pins, op.locked_until = 0, None
            failed = False
            info = _info(op)
    if failed:
        raise OperatorError("wrong PIN")
    ws.operator = name
    with transaction(ws.write) as s:
        ws.audit(s, "login", "operator", str(info.id))
    return info


def logout(ws: Workspace) -> None:
    if ws.operator:
        with transaction(ws.write) as s:
            ws.audit(s, "logout", "operator", "")
    ws.operator = ""


# ------------------------------------------------------------------------------ idle lock


def idle_minutes(ws: Workspace) -> int:
    try:
        return max(0, int(ws.setting("lock_idle_minutes", str(DEFAULT_IDLE_MINUTES))))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_minutes(ws: Workspace, minutes: int) -> None:
    require(ws, "settings")
    if not 0 <= int(minutes) <= 24 * 60:
        raise OperatorError("the idle lock is 0 (never) to 1440 minutes")
    ws.set_setting("lock_idle_minutes", str(int(minutes)))


class IdleLock:
    """When the station should lock: no input for `minutes` (0: never).

    The UI calls `touch()` on every key press or click and `due()` from a timer; after
    `lock()` nothing is shown until an operator logs in again (`unlock`).
    """

    def __init__(self, ws: Workspace, minutes: int | None = None,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.ws = ws
        if minutes is None:  # nobody could unlock a station that has no operators
            minutes = idle_minutes(ws) if has_operators(ws) else 0
        self.minutes = minutes
        self._clock = clock or ws.clock
        self._last = self._clock()
        self.locked = False

    def touch(self) -> None:
        if not self.locked:
            self._last = self._clock()

    def due(self) -> bool:
        if self.locked or self.minutes <= 0:
            return False
        return self._clock() - self._last >= timedelta(minutes=self.minutes)

    def lock(self) -> None:
        if not self.locked:
            self.locked = True
            with transaction(self.ws.write) as s:
                self.ws.audit(s, "lock", "station", "")

    def unlock(self, name: str, pin: str = "") -> OperatorInfo:
        """Log `name` in (a different operator may take over the desk)."""
        info = login(self.ws, name, pin)
        self.locked = False
        self._last = self._clock()
        return info
