"""E-waybill accounts: one per platform, carrier and branch (网点), with a sender address,
a balance and the connection to the platform's e-waybill API.

The platform binding rule lives here: an order from platform X ships on an e-waybill of
X (Douyin orders on Douyin e-waybills, Taobao orders on Cainiao ones, …), because the
buyer's address is ciphertext only X can open and X checks it. The offline sandbox is per
platform too, so it cannot hide a binding mistake.

App secrets and access tokens are stored encrypted with the database key; nothing here
returns them, and views only say whether they are set.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.carriers import catalogue
from app.carriers.cainiao import CainiaoProvider
from app.carriers.douyin import DouyinProvider
from app.carriers.kuaishou import KuaishouProvider
from app.carriers.pdd import PddProvider
from app.carriers.platform_api import ApiConfig, PlatformProvider
from app.carriers.provider import Sender, WaybillProvider
from app.carriers.sandbox import SandboxProvider, add_sandbox_range, ensure_sandbox_account
from app.services.operators import require
from app.services.workspace import Workspace
from app.store.db import transaction
from app.store.models import Parcel, Shop, WaybillAccount, WaybillRange

PLATFORM_PROVIDERS: dict[str, type[PlatformProvider]] = {
    "douyin": DouyinProvider, "kuaishou": KuaishouProvider, "pdd": PddProvider,
    "cainiao": CainiaoProvider,
}
_SECRET_CTX = b"account secret"
_TOKEN_CTX = b"account token"


class AccountError(ValueError):
    """An account cannot be saved or used; the message says what to change."""


class BindingError(AccountError):
    """An order and an e-waybill account of different platforms."""


@dataclass
class AccountInput:
    platform: str
    carrier_code: str
    provider: str = "sandbox"
    branch_code: str = ""
    branch_name: str = ""
    sender: Sender = field(default_factory=Sender)
    app_key: str = ""
    secret: str | None = field(default=None, repr=False)  # None: keep the stored one
    token: str | None = field(default=None, repr=False)
    gateway: str = ""
    sign_method: str = ""
    settle_account: str = ""
    pay_method: int = 1
    template_url: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    balance: int | None = None
    enabled: bool = True
    is_default: bool = False
    shop_id: int | None = None  # only for this shop (None: every shop of the platform)
    timeout_s: float = 15.0
    retries: int = 2
    id: int | None = None


@dataclass(frozen=True, slots=True)
class AccountView:
    id: int
    platform: str
    platform_name: str
    carrier_code: str
    carrier_name: str
    provider: str
    branch_code: str
    branch_name: str
    balance: int | None
    sender: Sender
    enabled: bool
    is_default: bool
    shop_id: int | None
    gateway: str
    app_key: str
    has_secret: bool
    has_token: bool
    settle_account: str
    pay_method: int
    template_url: str
    extra: Mapping[str, str]
    timeout_s: float
    retries: int

    @property
    def label(self) -> str:
        branch = self.branch_name or self.branch_code
        return f"{self.platform_name} · {self.carrier_name} · {branch} ({self.provider})"


# ------------------------------------------------------------------------ the binding rule
def binding_problem(order_platform: str, account: WaybillAccount) -> str | None:
    """Why this order may not ship on this account, or None."""
    p = catalogue.platform(order_platform)
    if account.platform == order_platform:
        return None
    if not p.own_waybill:
        return None  # manual orders carry plain addresses: any account may ship them
    other = catalogue.platform(account.platform).name
    return (f"a {p.name} order ships only on a {p.name} e-waybill (platform rule: the buyer's "
            f"address is {p.name} ciphertext); account #{account.id} is a {other} account: "
            f"add a {p.name} account for {catalogue.carrier(account.carrier_code).short} in "
            f"Settings → Accounts")


def provider_problem(platform: str, provider: str) -> str | None:
    """Why an account of this platform may not use this provider, or None."""
    if provider == "sandbox":
        return None
    if provider not in PLATFORM_PROVIDERS:
        return f"unknown e-waybill provider {provider!r}"
    p = catalogue.platform(platform)
    if p.provider != provider:
        want = p.provider or "the sandbox (no e-waybill API of this platform is built in)"
        return (f"a {p.name} account must use the {want} e-waybill API, not {provider}: "
                f"{p.name} orders ship on {p.name} e-waybills")
    return None


# ------------------------------------------------------------------------ reading
def _enc(ws: Workspace, text: str, ctx: bytes) -> str:
    return base64.b64encode(ws.cipher.encrypt(text, ctx)).decode("ascii")


def _dec(ws: Workspace, blob: str | None, ctx: bytes) -> str:
    return ws.cipher.decrypt(base64.b64decode(blob), ctx) if blob else ""


def _sender(d: Mapping | None) -> Sender:
    d = d or {}
    return Sender(**{k: str(d.get(k, "")) for k in Sender.__slots__})  # type: ignore[attr-defined]


def sandbox_balance(s: Session, account_id: int) -> int:
    """Numbers left in the sandbox ranges of an account."""
    return int(s.scalar(select(func.coalesce(func.sum(
        WaybillRange.end_value - WaybillRange.next_value + 1), 0)).where(
        WaybillRange.account_id == account_id, WaybillRange.next_value <= WaybillRange.end_value))
        or 0)


def _view(s: Session, a: WaybillAccount) -> AccountView:
    st = a.settings or {}
    balance = sandbox_balance(s, a.id) if a.provider == "sandbox" else a.balance
    c = catalogue.carrier(a.carrier_code)
    return AccountView(
        id=a.id, platform=a.platform, platform_name=catalogue.platform(a.platform).name,
        carrier_code=a.carrier_code, carrier_name=c.short, provider=a.provider,
        branch_code=a.branch_code, branch_name=a.branch_name, balance=balance,
        sender=_sender(st.get("sender")), enabled=st.get("enabled", True),
        is_default=bool(st.get("default")), shop_id=st.get("shop_id"),
        gateway=st.get("gateway", ""), app_key=st.get("app_key", ""),
        has_secret=bool(st.get("secret_enc")), has_token=bool(st.get("token_enc")),
        settle_account=st.get("settle_account", ""), pay_method=int(st.get("pay_method", 1)),
        template_url=st.get("template_url", ""), extra=dict(st.get("extra", {})),
        timeout_s=float(st.get("timeout_s", 15.0)), retries=int(st.get("retries", 2)))


def list_accounts(ws: Workspace, platform: str | None = None) -> list[AccountView]:
    with ws.read() as s:
        stmt = select(WaybillAccount).order_by(WaybillAccount.platform,
                                               WaybillAccount.carrier_code, WaybillAccount.id)
        if platform:
            stmt = stmt.where(WaybillAccount.platform == platform)
        return [_view(s, a) for a in s.scalars(stmt)]


def get_account(ws: Workspace, account_id: int) -> AccountView:
    with ws.read() as s:
        a = s.get(WaybillAccount, account_id)
        if a is None:
            raise AccountError(f"no e-waybill account #{account_id}")
        return _view(s, a)


# ------------------------------------------------------------------------ writing
def save_account(ws: Workspace, inp: AccountInput) -> int:
    """Create or update an account. Refuses a provider of another platform."""
    require(ws, "settings")
    code = catalogue.carrier(inp.carrier_code).code
    if inp.platform not in catalogue.platforms():
        raise AccountError(f"unknown platform {inp.platform!r}; known: "
                           f"{', '.join(catalogue.platforms())}")
    why = provider_problem(inp.platform, inp.provider)
    if why:
        raise BindingError(why)
    if inp.provider != "sandbox" and catalogue.carrier(code).franchise and not inp.branch_code:
        raise AccountError(f"{catalogue.carrier(code).short} is a franchise network: the "
                           f"account needs its branch (网点) code")
    now = ws.clock()
    with transaction(ws.write) as s:
        if inp.id is not None:
            acc = s.get(WaybillAccount, inp.id)
            if acc is None:
                raise AccountError(f"no e-waybill account #{inp.id}")
            if (acc.platform, acc.carrier_code, acc.provider) != (inp.platform, code,
                                                                   inp.provider):
                used = s.scalar(select(func.count()).select_from(Parcel).where(
                    Parcel.account_id == acc.id, Parcel.waybill_no.is_not(None)))
                if used:
                    raise AccountError("this account has issued waybills: its platform, "
                                       "carrier and provider cannot change; add a new account")
        else:
            acc = WaybillAccount(platform=inp.platform, carrier_code=code,
                                 provider=inp.provider, created_at=now, settings={})
            s.add(acc)
        st = dict(acc.settings or {})
        acc.platform, acc.carrier_code, acc.provider = inp.platform, code, inp.provider
        acc.branch_code, acc.branch_name = inp.branch_code, inp.branch_name
        if inp.provider != "sandbox":
            acc.balance = inp.balance
        st.update({
            "sender": {k: getattr(inp.sender, k) for k in Sender.__slots__},  # type: ignore[attr-defined]
            "app_key": inp.app_key, "gateway": inp.gateway, "sign_method": inp.sign_method,
            "settle_account": inp.settle_account, "pay_method": inp.pay_method,
            "template_url": inp.template_url, "extra": dict(inp.extra),
            "enabled": inp.enabled, "default": inp.is_default, "shop_id": inp.shop_id,
            "timeout_s": inp.timeout_s, "retries": inp.retries,
        })
        if inp.secret is not None:
            st["secret_enc"] = _enc(ws, inp.secret, _SECRET_CTX) if inp.secret else ""
        if inp.token is not None:
            st["token_enc"] = _enc(ws, inp.token, _TOKEN_CTX) if inp.token else ""
        acc.settings = st
        s.flush()
        if inp.is_default:  # one default per platform + carrier
            for other in s.scalars(select(WaybillAccount).where(
                    WaybillAccount.platform == acc.platform,
                    WaybillAccount.carrier_code == acc.carrier_code,
                    WaybillAccount.id != acc.id)):
                if (other.settings or {}).get("default"):
                    other.settings = {**other.settings, "default": False}
        if acc.provider != "sandbox" and inp.enabled:
            # real numbers from now on: the platform's sandbox accounts stop, so no parcel
            # of this platform quietly gets a fake number
            for sb in s.scalars(select(WaybillAccount).where(
                    WaybillAccount.platform == acc.platform, WaybillAccount.provider == "sandbox")):
                if (sb.settings or {}).get("enabled", True):
                    sb.settings = {**(sb.settings or {}), "enabled": False}
        if acc.provider == "sandbox" and not s.scalar(select(WaybillRange.id).where(
                WaybillRange.account_id == acc.id).limit(1)):
            add_sandbox_range(s, acc)
        ws.audit(s, "account_save", "waybill_account", str(acc.id), platform=acc.platform,
                 carrier=acc.carrier_code, provider=acc.provider)
        return acc.id


def set_enabled(ws: Workspace, account_id: int, enabled: bool) -> None:
    require(ws, "settings")
    with transaction(ws.write) as s:
        acc = s.get(WaybillAccount, account_id)
        if acc is None:
            raise AccountError(f"no e-waybill account #{account_id}")
        acc.settings = {**(acc.settings or {}), "enabled": enabled}
        ws.audit(s, "account_enable" if enabled else "account_disable", "waybill_account",
                 str(account_id))


def delete_account(ws: Workspace, account_id: int) -> bool:
    """Delete an unused account; one that issued numbers is only disabled (False)."""
    require(ws, "settings")
    with transaction(ws.write) as s:
        acc = s.get(WaybillAccount, account_id)
        if acc is None:
            raise AccountError(f"no e-waybill account #{account_id}")
        from app.store.models import SandboxIssued, WaybillRequest
        from app.store.models_carriers import RangeCache, WaybillVoid

        used = any(s.scalar(select(func.count()).select_from(t).where(col == account_id))
                   for t, col in ((Parcel, Parcel.account_id),
                                  (WaybillRequest, WaybillRequest.account_id),
                                  (SandboxIssued, SandboxIssued.account_id),
                                  (WaybillVoid, WaybillVoid.account_id)))
        if used:
            acc.settings = {**(acc.settings or {}), "enabled": False}
            ws.audit(s, "account_disable", "waybill_account", str(account_id))
            return False
        for t in (WaybillRange, RangeCache):
            for row in s.scalars(select(t).where(t.account_id == account_id)):
                s.delete(row)
        s.delete(acc)
        ws.audit(s, "account_delete", "waybill_account", str(account_id))
        return True


# ------------------------------------------------------------------------ choosing, using
def usable_accounts(s: Session, platform: str, carrier_code: str,
                    shop_id: int | None = None) -> list[WaybillAccount]:
    """Enabled accounts of a platform and carrier, best first: this shop's, the default,
    real ones before the sandbox, oldest first."""
    rows = [a for a in s.scalars(select(WaybillAccount).where(
        WaybillAccount.platform == platform, WaybillAccount.carrier_code == carrier_code))
        if (a.settings or {}).get("enabled", True)
        and (a.settings or {}).get("shop_id") in (None, shop_id)]
    rows.sort(key=lambda a: (
        (a.settings or {}).get("shop_id") != shop_id or shop_id is None,
        not (a.settings or {}).get("default"), a.provider == "sandbox", a.id))
    return rows


def account_for(s: Session, ws: Workspace, platform: str, carrier_code: str,
                shop_id: int | None = None) -> WaybillAccount:
    """The account an order of this platform ships on. A platform with no real account yet
    ships on its own sandbox (a fresh install works offline); once it has one, a carrier
    without an account is an error, never a silent fall back to fake numbers."""
    found = usable_accounts(s, platform, carrier_code, shop_id)
    if found:
        return found[0]
    if _has_real_account(s, platform):
        p = catalogue.platform(platform)
        raise AccountError(f"no {p.name} e-waybill account for "
                           f"{catalogue.carrier(carrier_code).short}: add one in Settings → "
                           f"Accounts, or choose a carrier that has one")
    acc = ensure_sandbox_account(s, platform, carrier_code, ws.clock())
    if not (acc.settings or {}).get("enabled", True):
        raise AccountError(f"the {catalogue.platform(platform).name} sandbox account for "
                           f"{catalogue.carrier(carrier_code).short} is switched off: switch "
                           f"it on or add a real account in Settings → Accounts")
    return acc


def _has_real_account(s: Session, platform: str) -> bool:
    return any((a.settings or {}).get("enabled", True) for a in s.scalars(
        select(WaybillAccount).where(WaybillAccount.platform == platform,
                                     WaybillAccount.provider != "sandbox")))


def carriers_available(ws: Workspace) -> dict[str, frozenset[str]]:
    """platform → carriers it can ship with, for platforms that have a real account; a
    platform missing here can ship with every carrier (on its sandbox)."""
    real: set[str] = set()
    enabled: dict[str, set[str]] = {}
    with ws.read() as s:
        for a in s.scalars(select(WaybillAccount)):
            if not (a.settings or {}).get("enabled", True):
                continue
            enabled.setdefault(a.platform, set()).add(a.carrier_code)
            if a.provider != "sandbox":
                real.add(a.platform)
    return {p: frozenset(enabled[p]) for p in real}


def api_config(ws: Workspace, account: WaybillAccount) -> ApiConfig:
    st = account.settings or {}
    try:
        secret = _dec(ws, st.get("secret_enc"), _SECRET_CTX)
        token = _dec(ws, st.get("token_enc"), _TOKEN_CTX)
    except Exception:  # noqa: BLE001 - a wrong key must read as "not set", never crash
        secret = token = ""
    return ApiConfig(
        provider=account.provider, app_key=st.get("app_key", ""), secret=secret, token=token,
        gateway=st.get("gateway", ""), sign_method=st.get("sign_method", ""),
        timeout_s=float(st.get("timeout_s", 15.0)), retries=int(st.get("retries", 2)),
        sender=_sender(st.get("sender")), branch_code=account.branch_code,
        settle_account=st.get("settle_account", ""), pay_method=int(st.get("pay_method", 1)),
        template_url=st.get("template_url", ""), extra=dict(st.get("extra", {})),
        clock=ws.clock)


def fill_sender_from_shop(s: Session, cfg: ApiConfig, shop_id: int | None) -> ApiConfig:
    """An account without its own sender address sends from the shop's."""
    if cfg.sender.province or shop_id is None:
        return cfg
    shop = s.get(Shop, shop_id)
    if shop is not None:
        cfg.sender = Sender(shop.sender_name, shop.sender_phone, shop.sender_province,
                            shop.sender_city, shop.sender_district, "", shop.sender_detail)
    return cfg


def provider_for(ws: Workspace, account: WaybillAccount,
                 shop_id: int | None = None) -> WaybillProvider:
    """The provider that serves an account (sandbox, Douyin, Kuaishou, PDD, Cainiao)."""
    if account.provider == "sandbox":
        return SandboxProvider(ws.write, account.id, ws.clock)
    cls = PLATFORM_PROVIDERS.get(account.provider)
    if cls is None:
        raise AccountError(f"provider {account.provider!r} is not set up on this station")
    cfg = api_config(ws, account)
    with ws.read() as s:
        fill_sender_from_shop(s, cfg, shop_id)
    return cls(cfg)
