"""设置 → 「跟踪与提醒」: where tracking comes from, how often, and when alerts fire.

- **物流跟踪服务**: the sandbox (offline, the default), Kuaidi100 or KDNiao with their
  credentials (`tracking.configure_provider`; keys are stored encrypted and never shown
  again: a blank key field keeps the stored one) and the automatic refresh interval.
- **提醒时限**: the alert thresholds (`alerts.set_alert_setting`): hours before
  "not picked up" and "stalled", how early to warn before the ship-by time, the ship-by
  time assumed when the platform gives none, and the same-day cut-off and hand-over.

「保存」 checks the provider's credentials before anything is written; `saved` tells the
alert watch to re-check the rules and restart its timer.
"""

from __future__ import annotations

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.services import alerts, tracking
from app.services.workspace import Workspace
from app.ui.texts import tr
from app.ui.workers import describe_error

CTX = "TrackingSettings"
#: provider → name shown
PROVIDER_NAMES: tuple[tuple[str, str], ...] = (
    ("sandbox", "沙盒（离线演示，不查询真实物流）"),
    ("kuaidi100", "快递100"),
    ("kdniao", "快递鸟"),
)
#: alert threshold (hours) → (label, hint)
HOURS: tuple[tuple[str, str, str], ...] = (
    ("pickup_hours", "打单后未揽收", "打印面单后超过这么多小时还没有揽收记录，就提醒"),
    ("stall_hours", "物流停滞", "揽收后超过这么多小时没有新的物流记录，就提醒"),
    ("ship_by_warn_hours", "即将超时提前", "离发货截止时间还剩这么多小时仍未揽收，就提醒"),
    ("ship_by_default_hours", "默认发货时限", "平台没有给发货截止时间时，按付款后这么多小时算"),
    ("sameday_handover_hours", "当日达交接", "当日达订单要在截单后这么多小时内交给快递"),
)


def _t(text: str) -> str:
    return tr(text, CTX)


class TrackingSettingsPage(QWidget):
    saved = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        row = QHBoxLayout(self)
        column = QWidget(self)
        column.setMaximumWidth(880)  # as the other settings tabs: fields a glance wide
        row.addWidget(column, 1)
        row.addStretch(0)
        outer = QVBoxLayout(column)
        outer.setContentsMargins(0, 0, 0, 0)

        source = QGroupBox(_t("物流跟踪服务"), column)
        form = QFormLayout(source)
        self.provider_box = QComboBox(source)
        for code, name in PROVIDER_NAMES:
            self.provider_box.addItem(_t(name), code)
        form.addRow(_t("跟踪服务"), self.provider_box)
        self.fields = QStackedWidget(source)
        self.fields.addWidget(QLabel(_t("沙盒按模拟的物流轨迹演示揽收、在途和签收，不联网。"),
                                     self.fields))
        self.k100_customer, self.k100_key, self.k100_url = QLineEdit(), _secret(), QLineEdit()
        self._provider_form((_t("授权码 customer"), self.k100_customer),
                            (_t("授权 Key"), self.k100_key), (_t("接口地址"), self.k100_url))
        self.kdn_id, self.kdn_key, self.kdn_url = QLineEdit(), _secret(), QLineEdit()
        self.kdn_names = QLineEdit()
        self.kdn_names.setPlaceholderText(_t('{"JD": "商家编码"}'))
        self._provider_form((_t("商户 ID（EBusinessID）"), self.kdn_id),
                            (_t("API Key"), self.kdn_key), (_t("接口地址"), self.kdn_url),
                            (_t("商家编码（京东等）"), self.kdn_names))
        form.addRow(self.fields)
        self.refresh_spin = QSpinBox(source)
        self.refresh_spin.setRange(0, tracking.AUTO_REFRESH_MAX)
        self.refresh_spin.setSuffix(_t(" 分钟"))
        self.refresh_spin.setSpecialValueText(_t("不自动刷新"))
        form.addRow(_t("自动刷新物流"), _with_hint(self.refresh_spin, _t(
            "工作台开着时每隔这么久查一次物流，再检查提醒；0 为不自动刷新（可在「异常」页手动刷新）")))
        outer.addWidget(source)

        limits = QGroupBox(_t("提醒时限"), column)
        form = QFormLayout(limits)
        self.hours: dict[str, QDoubleSpinBox] = {}
        for name, label, hint in HOURS:
            spin = QDoubleSpinBox(limits)
            spin.setRange(0.5, 720.0)
            spin.setDecimals(1)
            spin.setSingleStep(1.0)
            spin.setSuffix(_t(" 小时"))
            self.hours[name] = spin
            form.addRow(_t(label), _with_hint(spin, _t(hint)))
        self.cutoff = QTimeEdit(limits)
        self.cutoff.setDisplayFormat("HH:mm")
        form.addRow(_t("当日达截单时间"), _with_hint(
            self.cutoff, _t("当日达订单在这个时间前付款才算当天的")))
        outer.addWidget(limits)

        row = QHBoxLayout()
        self.save_button = QPushButton(_t("保存"), column)
        self.status = QLabel(column)
        self.status.setWordWrap(True)
        row.addWidget(self.save_button)
        row.addWidget(self.status, 1)
        outer.addLayout(row)
        outer.addStretch(1)

        self.provider_box.currentIndexChanged.connect(self.fields.setCurrentIndex)
        self.save_button.clicked.connect(self.save)
        self.load()

    def _provider_form(self, *rows: tuple[str, QWidget]) -> None:
        """The fields of one provider, shown while it is chosen."""
        page = QWidget(self.fields)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        for label, field in rows:
            form.addRow(label, field)  # takes the field in
        self.fields.addWidget(page)

    def load(self) -> None:
        """Show what is stored (keys only as 已保存)."""
        setup = tracking.tracking_setup(self.ws)
        self.provider_box.setCurrentIndex(max(self.provider_box.findData(setup.provider), 0))
        self.k100_customer.setText(setup.kuaidi100_customer)
        self.k100_url.setText(setup.kuaidi100_base_url)
        self.kdn_id.setText(setup.kdniao_ebusiness_id)
        self.kdn_url.setText(setup.kdniao_base_url)
        self.kdn_names.setText(setup.kdniao_customer_names)
        for edit, stored in ((self.k100_key, setup.kuaidi100_key_set),
                             (self.kdn_key, setup.kdniao_key_set)):
            edit.clear()
            edit.setPlaceholderText(_t("已保存；留空则不修改") if stored else "")
        self.refresh_spin.setValue(setup.auto_refresh_min)
        cfg = alerts.alert_settings(self.ws)
        for name, spin in self.hours.items():
            spin.setValue(float(getattr(cfg, name)))
        self.cutoff.setTime(QTime(cfg.sameday_cutoff.hour, cfg.sameday_cutoff.minute))

    def provider_values(self) -> tuple[str, dict[str, str]]:
        name = self.provider_box.currentData()
        if name == "kuaidi100":
            return name, {"customer": self.k100_customer.text(), "key": self.k100_key.text(),
                          "base_url": self.k100_url.text()}
        if name == "kdniao":
            return name, {"ebusiness_id": self.kdn_id.text(), "app_key": self.kdn_key.text(),
                          "base_url": self.kdn_url.text(),
                          "customer_names": self.kdn_names.text()}
        return "sandbox", {}

    def save(self) -> bool:
        """Store the form; on a refusal nothing is written and the message says why."""
        name, values = self.provider_values()
        try:
            tracking.configure_provider(self.ws, name, **values)
            tracking.set_auto_refresh_minutes(self.ws, self.refresh_spin.value())
            for key, spin in self.hours.items():
                alerts.set_alert_setting(self.ws, key, f"{spin.value():g}")
            alerts.set_alert_setting(self.ws, "sameday_cutoff",
                                     self.cutoff.time().toString("HH:mm"))
        except Exception as exc:  # noqa: BLE001 - a refusal or a database hiccup: say it
            self._say(describe_error(exc), error=True)  # refusals in Chinese, as user_message
            return False
        self.load()
        self._say(_t("已保存：下一次刷新物流和检查提醒时生效"))
        self.saved.emit()
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b71c1c;" if error else "")


def _with_hint(field: QWidget, hint: str) -> QWidget:
    """A short field and, beside it, what it means."""
    box = QWidget(field.parentWidget())
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    field.setParent(box)
    field.setFixedWidth(130)
    field.setToolTip(hint)
    label = QLabel(hint, box)
    label.setObjectName("hint")
    label.setWordWrap(True)
    row.addWidget(field)
    row.addWidget(label, 1)
    return box


def _secret() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit

