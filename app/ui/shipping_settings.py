"""Settings pages of shipping: carriers (and the switches), e-waybill accounts, rules, and
rate cards with SKU weights and package presets.

Each page is a standalone QWidget over one workspace; ``ShippingSettingsWidget`` puts the
four in tabs. They call services only (app.services.shipping_settings, .accounts) and
show a service's refusal as it is, next to the form that caused it.

    w = ShippingSettingsWidget(ws)
    main_window.add_settings_page("快递与规则", w)
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.money import format_fen
from app.services import accounts as acc
from app.services import shipping_settings as ss
from app.services.workspace import Workspace
from app.ui.texts import catalogue_word, user_message

STRATEGY_NAMES = {"cheapest": "最便宜", "fastest": "最快"}
PROVIDER_NAMES = {"sandbox": "沙箱（离线测试）", "douyin": "抖店电子面单", "kuaishou": "快手电子面单",
                  "pdd": "拼多多电子面单", "cainiao": "菜鸟电子面单"}


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers), parent)
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _item(text: object, data: object = None) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    if data is not None:
        it.setData(Qt.ItemDataRole.UserRole, data)
    return it


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("formError")
    label.setStyleSheet("color: #c62828;")
    label.setWordWrap(True)
    label.hide()
    return label


def _say(label: QLabel, text: str) -> None:
    label.setText(user_message(text))
    label.setVisible(bool(text))


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",")
            if p.strip()]


# ------------------------------------------------------------------------ carriers
class CarriersPage(QWidget):
    """The catalogue (platform codes, Kuaidi100 codes, number shapes, tiers) and the
    switches: carriers in use, default strategy, daily dispatch cut-off, origin."""

    saved = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.view = ss.catalogue_view()
        lay = QVBoxLayout(self)
        self.table = _table(self, [self.tr("使用"), self.tr("快递"), self.tr("代码"),
                                   self.tr("快递100"), self.tr("抖店"), self.tr("快手"),
                                   self.tr("拼多多"), self.tr("菜鸟"), self.tr("单号形状")])
        lay.addWidget(self.table, 2)
        self.tiers = _table(self, [self.tr("服务"), self.tr("说明"), self.tr("快递"),
                                   self.tr("平台"), self.tr("附加费"), self.tr("截单")])
        lay.addWidget(QLabel(self.tr("服务类型"), self))
        lay.addWidget(self.tiers, 1)
        form = QFormLayout()
        self.strategy = QComboBox(self)
        for code, name in STRATEGY_NAMES.items():
            self.strategy.addItem(self.tr(name), code)
        self.cutoff = QTimeEdit(self)
        self.cutoff.setDisplayFormat("HH:mm")
        self.origin_province = QLineEdit(self)
        self.origin_city = QLineEdit(self)
        self.origin_province.setPlaceholderText(self.tr("店铺没有发件地址时使用，如 浙江省"))
        self.origin_city.setPlaceholderText(self.tr("如 杭州市"))
        form.addRow(self.tr("没有规则时"), self.strategy)
        form.addRow(self.tr("每日揽收截单时间"), self.cutoff)
        form.addRow(self.tr("发货省份"), self.origin_province)
        form.addRow(self.tr("发货城市"), self.origin_city)
        lay.addLayout(form)
        self.error = _error_label(self)
        lay.addWidget(self.error)
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.clicked.connect(self.save)
        lay.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self.load()

    def load(self) -> None:
        st = ss.get_settings(self.ws)
        self.table.setRowCount(0)
        for c in self.view.carriers:
            r = self.table.rowCount()
            self.table.insertRow(r)
            use = _item("", c.code)
            use.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            use.setCheckState(Qt.CheckState.Checked if c.code in st.carriers
                              else Qt.CheckState.Unchecked)
            self.table.setItem(r, 0, use)
            for col, text in enumerate((catalogue_word(c.name), c.code, c.kuaidi100,
                                        c.platform_codes.get("douyin", ""),
                                        c.platform_codes.get("kuaishou", ""),
                                        c.platform_codes.get("pdd", ""),
                                        c.platform_codes.get("cainiao", ""),
                                        "  ".join(c.patterns)), 1):
                self.table.setItem(r, col, _item(text))
        self.tiers.setRowCount(0)
        for t in self.view.tiers:
            r = self.tiers.rowCount()
            self.tiers.insertRow(r)
            fee = format_fen(t.fee_fen) + (f" {t.fee_pct:+d}%" if t.fee_pct else "")
            for col, text in enumerate((catalogue_word(t.name), catalogue_word(t.description),
                                        "/".join(t.carriers) if t.carriers else self.tr("全部"),
                                        "/".join(t.platforms) if t.platforms else self.tr("全部"),
                                        fee, t.cutoff or self.tr("按每日截单"))):
                self.tiers.setItem(r, col, _item(text, t.code if col == 0 else None))
        self.strategy.setCurrentIndex(max(0, self.strategy.findData(st.default_strategy)))
        self.cutoff.setTime(QTime.fromString(st.dispatch_cutoff, "HH:mm"))
        self.origin_province.setText(st.origin_province)
        self.origin_city.setText(st.origin_city)

    def checked_carriers(self) -> list[str]:
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
                for r in range(self.table.rowCount())
                if self.table.item(r, 0).checkState() == Qt.CheckState.Checked]

    def save(self) -> bool:
        try:
            ss.save_settings(self.ws, default_strategy=self.strategy.currentData(),
                             dispatch_cutoff=self.cutoff.time().toString("HH:mm"),
                             carriers=self.checked_carriers(),
                             origin=(self.origin_province.text().strip(),
                                     self.origin_city.text().strip()))
        except ValueError as exc:
            _say(self.error, str(exc))
            return False
        _say(self.error, "")
        self.saved.emit()
        return True


# ------------------------------------------------------------------------ accounts
class AccountDialog(QDialog):
    """Add or change one e-waybill account. The provider list follows the platform, so a
    Douyin account can only use the Douyin API (or the sandbox)."""

    def __init__(self, ws: Workspace, account_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.account_id = account_id
        self.view = ss.catalogue_view()
        self.setWindowTitle(self.tr("电子面单账号"))
        form = QFormLayout()
        self.platform = QComboBox(self)
        for code, name, _ in self.view.platforms:
            self.platform.addItem(self.tr(name), code)
        self.carrier = QComboBox(self)
        for c in self.view.carriers:
            self.carrier.addItem(f"{catalogue_word(c.short)}  {c.code}", c.code)
        self.provider = QComboBox(self)
        self.branch_code = QLineEdit(self)
        self.branch_name = QLineEdit(self)
        self.balance = QSpinBox(self)
        self.balance.setRange(-1, 10_000_000)
        self.balance.setSpecialValueText(self.tr("不跟踪"))
        self.sender = {k: QLineEdit(self) for k in ("name", "phone", "province", "city",
                                                    "district", "street", "detail")}
        self.app_key = QLineEdit(self)
        self.secret = QLineEdit(self)
        self.token = QLineEdit(self)
        for w in (self.secret, self.token):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.gateway = QLineEdit(self)
        self.gateway.setPlaceholderText(self.tr("留空使用平台正式网关"))
        self.settle = QLineEdit(self)
        self.enabled = QCheckBox(self.tr("启用"), self)
        self.enabled.setChecked(True)
        self.is_default = QCheckBox(self.tr("同平台同快递的默认账号"), self)
        form.addRow(self.tr("平台"), self.platform)
        form.addRow(self.tr("快递"), self.carrier)
        form.addRow(self.tr("面单接口"), self.provider)
        form.addRow(self.tr("网点编码"), self.branch_code)
        form.addRow(self.tr("网点名称"), self.branch_name)
        form.addRow(self.tr("面单余额"), self.balance)
        labels = {"name": "寄件人", "phone": "寄件电话", "province": "省", "city": "市",
                  "district": "区", "street": "街道", "detail": "详细地址"}
        for k, w in self.sender.items():
            form.addRow(self.tr(labels[k]), w)
        form.addRow("App Key", self.app_key)
        form.addRow("App Secret", self.secret)
        form.addRow("Access Token", self.token)
        form.addRow(self.tr("网关地址"), self.gateway)
        form.addRow(self.tr("月结账号"), self.settle)
        form.addRow("", self.enabled)
        form.addRow("", self.is_default)
        self.error = _error_label(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.platform.currentIndexChanged.connect(self._providers)
        self._providers()
        if account_id is not None:
            self._load(acc.get_account(ws, account_id))

    def _providers(self) -> None:
        code = self.platform.currentData()
        own = next((p for c, _, p in self.view.platforms if c == code), "")
        current = self.provider.currentData()
        self.provider.clear()
        for p in ("sandbox", own):
            if p:
                self.provider.addItem(self.tr(PROVIDER_NAMES.get(p, p)), p)
        i = self.provider.findData(current)
        self.provider.setCurrentIndex(i if i >= 0 else self.provider.count() - 1)

    def _load(self, v: acc.AccountView) -> None:
        self.platform.setCurrentIndex(self.platform.findData(v.platform))
        self._providers()
        self.carrier.setCurrentIndex(self.carrier.findData(v.carrier_code))
        self.provider.setCurrentIndex(self.provider.findData(v.provider))
        self.branch_code.setText(v.branch_code)
        self.branch_name.setText(v.branch_name)
        self.balance.setValue(-1 if v.balance is None or v.provider == "sandbox"
                              else v.balance)
        for k, w in self.sender.items():
            w.setText(getattr(v.sender, k))
        self.app_key.setText(v.app_key)
        self.secret.setPlaceholderText(self.tr("已保存，留空不修改") if v.has_secret else "")
        self.token.setPlaceholderText(self.tr("已保存，留空不修改") if v.has_token else "")
        self.gateway.setText(v.gateway)
        self.settle.setText(v.settle_account)
        self.enabled.setChecked(v.enabled)
        self.is_default.setChecked(v.is_default)

    def account_input(self) -> acc.AccountInput:
        return acc.AccountInput(
            platform=self.platform.currentData(), carrier_code=self.carrier.currentData(),
            provider=self.provider.currentData(), branch_code=self.branch_code.text().strip(),
            branch_name=self.branch_name.text().strip(),
            sender=acc.Sender(**{k: w.text().strip() for k, w in self.sender.items()}),
            app_key=self.app_key.text().strip(),
            secret=self.secret.text() or (None if self.account_id else ""),
            token=self.token.text() or (None if self.account_id else ""),
            gateway=self.gateway.text().strip(), settle_account=self.settle.text().strip(),
            balance=None if self.balance.value() < 0 else self.balance.value(),
            enabled=self.enabled.isChecked(), is_default=self.is_default.isChecked(),
            id=self.account_id)

    def save(self) -> None:
        try:
            self.account_id = acc.save_account(self.ws, self.account_input())
        except ValueError as exc:
            _say(self.error, str(exc))
            return
        self.accept()


class AccountsPage(QWidget):
    """Accounts per platform, carrier and branch, with sender, balance and state."""

    changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        lay = QVBoxLayout(self)
        self.table = _table(self, [self.tr("平台"), self.tr("快递"), self.tr("接口"),
                                   self.tr("网点"), self.tr("余额"), self.tr("寄件地址"),
                                   self.tr("状态")])
        lay.addWidget(self.table)
        self.note = QLabel(self.tr("平台规则：抖店订单只能用抖店电子面单，快手订单用快手电子面单，"
                                   "拼多多用拼多多电子面单，淘宝天猫用菜鸟电子面单。"), self)
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加账号"), self)
        self.edit_button = QPushButton(self.tr("修改"), self)
        self.toggle_button = QPushButton(self.tr("停用/启用"), self)
        self.delete_button = QPushButton(self.tr("删除"), self)
        for b in (self.add_button, self.edit_button, self.toggle_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.error = _error_label(self)
        lay.addWidget(self.error)
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda: self.open_dialog(self.current_id()))
        self.toggle_button.clicked.connect(self.toggle)
        self.delete_button.clicked.connect(self.delete)
        self.table.doubleClicked.connect(lambda *_: self.open_dialog(self.current_id()))
        self.dialog: AccountDialog | None = None
        self.load()

    def load(self) -> None:
        self.views = acc.list_accounts(self.ws)
        self.table.setRowCount(0)
        for v in self.views:
            r = self.table.rowCount()
            self.table.insertRow(r)
            sender = " ".join(x for x in (v.sender.province, v.sender.city, v.sender.district)
                              if x)
            cells = (catalogue_word(v.platform_name), catalogue_word(v.carrier_name),
                     self.tr(PROVIDER_NAMES.get(v.provider, v.provider)),
                     v.branch_name or v.branch_code,
                     "—" if v.balance is None else str(v.balance), sender,
                     (self.tr("默认 · ") if v.is_default else "")
                     + (self.tr("启用") if v.enabled else self.tr("停用")))
            for col, text in enumerate(cells):
                self.table.setItem(r, col, _item(text, v.id if col == 0 else None))

    def current_id(self) -> int | None:
        r = self.table.currentRow()
        return None if r < 0 else self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)

    def open_dialog(self, account_id: int | None) -> AccountDialog:
        self.dialog = AccountDialog(self.ws, account_id, self)
        self.dialog.accepted.connect(self._dialog_saved)
        self.dialog.open()
        return self.dialog

    def _dialog_saved(self) -> None:
        self.load()
        self.changed.emit()

    def toggle(self) -> None:
        aid = self.current_id()
        if aid is None:
            return
        v = next(x for x in self.views if x.id == aid)
        acc.set_enabled(self.ws, aid, not v.enabled)
        self.load()
        self.changed.emit()

    def delete(self) -> None:
        aid = self.current_id()
        if aid is None:
            return
        removed = acc.delete_account(self.ws, aid)
        _say(self.error, "" if removed else self.tr("这个账号取过单号，不能删除，已停用。"))
        self.load()
        self.changed.emit()


# ------------------------------------------------------------------------ rules
class RuleDialog(QDialog):
    """Conditions → action of one rule."""

    def __init__(self, ws: Workspace, rule: ss.RuleView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.rule = rule
        self.rule_id: int | None = rule.id if rule else None
        self.view = ss.catalogue_view()
        self.setWindowTitle(self.tr("快递规则"))
        self.name = QLineEdit(self)
        self.enabled = QCheckBox(self.tr("启用"), self)
        self.enabled.setChecked(True)
        cond = QGroupBox(self.tr("条件（都满足时）"), self)
        cf = QFormLayout(cond)
        self.platforms = QListWidget(cond)
        for code, name, _ in self.view.platforms:
            it = QListWidgetItem(self.tr(name))
            it.setData(Qt.ItemDataRole.UserRole, code)
            it.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            it.setCheckState(Qt.CheckState.Unchecked)
            self.platforms.addItem(it)
        self.platforms.setMaximumHeight(90)
        self.provinces = QLineEdit(cond)
        self.provinces.setPlaceholderText(self.tr("如 新疆, 西藏"))
        self.cities = QLineEdit(cond)
        self.skus = QLineEdit(cond)
        self.skus.setPlaceholderText(self.tr("商家编码，可用 * 通配，如 EGG-*"))
        self.w_min, self.w_max = QDoubleSpinBox(cond), QDoubleSpinBox(cond)
        self.a_min, self.a_max = QDoubleSpinBox(cond), QDoubleSpinBox(cond)
        for w, top, suffix in ((self.w_min, 1000, " kg"), (self.w_max, 1000, " kg"),
                               (self.a_min, 1_000_000, " 元"), (self.a_max, 1_000_000, " 元")):
            w.setRange(-0.01, top)
            w.setDecimals(2)
            w.setSuffix(suffix)
            w.setSpecialValueText(self.tr("不限"))
            w.setValue(-0.01)
        self.keywords = QLineEdit(cond)
        self.keywords.setPlaceholderText(self.tr("买家留言包含，如 驿站, 快递柜"))
        self.asked = QComboBox(cond)
        self.asked.addItem(self.tr("不限"), "")
        for t in self.view.tiers:
            self.asked.addItem(catalogue_word(t.name), t.code)
        cf.addRow(self.tr("平台"), self.platforms)
        cf.addRow(self.tr("收件省"), self.provinces)
        cf.addRow(self.tr("收件市"), self.cities)
        cf.addRow(self.tr("商品编码"), self.skus)
        wl = QHBoxLayout()
        wl.addWidget(self.w_min)
        wl.addWidget(QLabel("—"))
        wl.addWidget(self.w_max)
        cf.addRow(self.tr("重量"), wl)
        al = QHBoxLayout()
        al.addWidget(self.a_min)
        al.addWidget(QLabel("—"))
        al.addWidget(self.a_max)
        cf.addRow(self.tr("订单金额"), al)
        cf.addRow(self.tr("留言关键词"), self.keywords)
        cf.addRow(self.tr("买家要求的服务"), self.asked)
        act = QGroupBox(self.tr("动作"), self)
        af = QFormLayout(act)
        self.carrier = QComboBox(act)
        self.carrier.addItem(self.tr("不指定（按策略选）"), "")
        for c in self.view.carriers:
            self.carrier.addItem(catalogue_word(c.short), c.code)
        self.tier = QComboBox(act)
        self.tier.addItem(self.tr("不指定"), "")
        for t in self.view.tiers:
            self.tier.addItem(catalogue_word(t.name), t.code)
        self.strategy = QComboBox(act)
        self.strategy.addItem(self.tr("不指定"), "")
        for code, name in STRATEGY_NAMES.items():
            self.strategy.addItem(self.tr(name), code)
        self.preset = QComboBox(act)
        self.preset.addItem(self.tr("不指定"), "")
        for p in ss.list_presets(ws):
            self.preset.addItem(p.name, p.name)
        af.addRow(self.tr("快递"), self.carrier)
        af.addRow(self.tr("服务"), self.tier)
        af.addRow(self.tr("策略"), self.strategy)
        af.addRow(self.tr("包装"), self.preset)
        self.error = _error_label(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        top = QFormLayout()
        top.addRow(self.tr("规则名称"), self.name)
        top.addRow("", self.enabled)
        lay.addLayout(top)
        lay.addWidget(cond)
        lay.addWidget(act)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        if rule is not None:
            self._load(rule)

    def _load(self, r: ss.RuleView) -> None:
        c, a = r.conditions, r.action
        self.name.setText(r.name)
        self.enabled.setChecked(r.enabled)
        for i in range(self.platforms.count()):
            it = self.platforms.item(i)
            it.setCheckState(Qt.CheckState.Checked if it.data(Qt.ItemDataRole.UserRole)
                             in c.platforms else Qt.CheckState.Unchecked)
        self.provinces.setText(", ".join(sorted(c.provinces)))
        self.cities.setText(", ".join(sorted(c.cities)))
        self.skus.setText(", ".join(c.skus))
        for w, v, scale in ((self.w_min, c.weight_min_g, 1000), (self.w_max, c.weight_max_g, 1000),
                            (self.a_min, c.amount_min_fen, 100),
                            (self.a_max, c.amount_max_fen, 100)):
            w.setValue(-0.01 if v is None else v / scale)
        self.keywords.setText(", ".join(c.keywords))
        if c.tiers_asked:
            self.asked.setCurrentIndex(max(0, self.asked.findData(sorted(c.tiers_asked)[0])))
        for box, value in ((self.carrier, a.carrier), (self.tier, a.tier),
                           (self.strategy, a.strategy), (self.preset, a.preset)):
            box.setCurrentIndex(max(0, box.findData(value)))

    def conditions(self) -> dict:
        def num(w: QDoubleSpinBox, scale: int) -> int | None:
            return None if w.value() < 0 else round(w.value() * scale)

        return {
            "platforms": [self.platforms.item(i).data(Qt.ItemDataRole.UserRole)
                          for i in range(self.platforms.count())
                          if self.platforms.item(i).checkState() == Qt.CheckState.Checked],
            "provinces": _split(self.provinces.text()), "cities": _split(self.cities.text()),
            "skus": _split(self.skus.text()), "keywords": _split(self.keywords.text()),
            "weight_min_g": num(self.w_min, 1000), "weight_max_g": num(self.w_max, 1000),
            "amount_min_fen": num(self.a_min, 100), "amount_max_fen": num(self.a_max, 100),
            "tiers_asked": [self.asked.currentData()] if self.asked.currentData() else [],
        }

    def action(self) -> dict:
        return {"carrier": self.carrier.currentData(), "tier": self.tier.currentData(),
                "strategy": self.strategy.currentData(), "preset": self.preset.currentData()}

    def save(self) -> None:
        try:
            self.rule_id = ss.save_rule(self.ws, self.name.text(), self.conditions(),
                                        self.action(), enabled=self.enabled.isChecked(),
                                        rule_id=self.rule_id)
        except ValueError as exc:
            _say(self.error, str(exc))
            return
        self.accept()


class RulesPage(QWidget):
    """The ordered rules: the first that matches and can be served decides."""

    changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("规则从上到下依次匹配；只设包装的规则不会停止匹配。"
                                     "都不匹配时按「设置 → 快递」里的策略选择。"), self))
        self.table = _table(self, [self.tr("#"), self.tr("启用"), self.tr("名称"),
                                   self.tr("条件 → 动作")])
        lay.addWidget(self.table)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加规则"), self)
        self.edit_button = QPushButton(self.tr("修改"), self)
        self.up_button = QPushButton(self.tr("上移"), self)
        self.down_button = QPushButton(self.tr("下移"), self)
        self.delete_button = QPushButton(self.tr("删除"), self)
        for b in (self.add_button, self.edit_button, self.up_button, self.down_button,
                  self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.add_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button.clicked.connect(lambda: self.open_dialog(self.current()))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.delete_button.clicked.connect(self.delete)
        self.table.doubleClicked.connect(lambda *_: self.open_dialog(self.current()))
        self.dialog: RuleDialog | None = None
        self.load()

    def load(self) -> None:
        self.rules = ss.list_rules(self.ws)
        self.table.setRowCount(0)
        for v in self.rules:
            r = self.table.rowCount()
            self.table.insertRow(r)
            for col, text in enumerate((v.position, "✓" if v.enabled else "", v.name,
                                        v.summary)):
                self.table.setItem(r, col, _item(text, v.id if col == 0 else None))

    def current(self) -> ss.RuleView | None:
        r = self.table.currentRow()
        return self.rules[r] if 0 <= r < len(self.rules) else None

    def open_dialog(self, rule: ss.RuleView | None) -> RuleDialog:
        self.dialog = RuleDialog(self.ws, rule, self)
        self.dialog.accepted.connect(self._saved)
        self.dialog.open()
        return self.dialog

    def _saved(self) -> None:
        self.load()
        self.changed.emit()

    def move(self, delta: int) -> None:
        rule = self.current()
        if rule is None:
            return
        ss.move_rule(self.ws, rule.id, max(1, rule.position + delta))
        self.load()
        self.table.selectRow(max(0, min(len(self.rules) - 1, rule.position - 1 + delta)))
        self.changed.emit()

    def delete(self) -> None:
        rule = self.current()
        if rule is None:
            return
        ss.delete_rule(self.ws, rule.id)
        self.load()
        self.changed.emit()


# ------------------------------------------------------------------------ rate cards
class RateCardsPage(QWidget):
    """Rate cards by carrier (first weight + each further step, by zone or province), the
    SKU weight table and the package presets."""

    changed = Signal()
    LINE_HEADERS = ("区域/省份", "首重(克)", "首重价(元)", "续重(克)", "续重价(元)")

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.view = ss.catalogue_view()
        self.zone_names = dict(self.view.zones)
        tabs = QTabWidget(self)
        lay = QVBoxLayout(self)
        lay.addWidget(tabs)
        self.error = _error_label(self)
        lay.addWidget(self.error)
        # cards
        cards = QWidget(tabs)
        cl = QVBoxLayout(cards)
        top = QHBoxLayout()
        self.carrier = QComboBox(cards)
        for c in self.view.carriers:
            self.carrier.addItem(catalogue_word(c.short), c.code)
        self.source = QLabel(cards)
        top.addWidget(QLabel(self.tr("快递"), cards))
        top.addWidget(self.carrier)
        top.addWidget(self.source, 1)
        cl.addLayout(top)
        self.lines = QTableWidget(0, len(self.LINE_HEADERS), cards)
        self.lines.setHorizontalHeaderLabels([self.tr(h) for h in self.LINE_HEADERS])
        self.lines.horizontalHeader().setStretchLastSection(True)
        cl.addWidget(self.lines)
        lb = QHBoxLayout()
        self.add_line = QPushButton(self.tr("加一行"), cards)
        self.remove_line = QPushButton(self.tr("删一行"), cards)
        self.save_card = QPushButton(self.tr("保存价目"), cards)
        self.reset_card = QPushButton(self.tr("恢复默认价目"), cards)
        for b in (self.add_line, self.remove_line, self.reset_card):
            lb.addWidget(b)
        lb.addStretch(1)
        lb.addWidget(self.save_card)
        cl.addLayout(lb)
        tabs.addTab(cards, self.tr("价目表"))
        # SKU weights
        weights = QWidget(tabs)
        wl = QVBoxLayout(weights)
        self.weights = QTableWidget(0, 2, weights)
        self.weights.setHorizontalHeaderLabels([self.tr("商家编码/SKU"), self.tr("单件重量(克)")])
        self.weights.horizontalHeader().setStretchLastSection(True)
        wl.addWidget(self.weights)
        wb = QHBoxLayout()
        self.add_weight = QPushButton(self.tr("加一行"), weights)
        self.save_weights = QPushButton(self.tr("保存重量"), weights)
        wb.addWidget(self.add_weight)
        wb.addStretch(1)
        wb.addWidget(self.save_weights)
        wl.addLayout(wb)
        tabs.addTab(weights, self.tr("商品重量"))
        # presets
        presets = QWidget(tabs)
        pl = QVBoxLayout(presets)
        self.presets = _table(presets, [self.tr("包装"), self.tr("自重(克)"), self.tr("尺寸(毫米)")])
        pl.addWidget(self.presets)
        pf = QHBoxLayout()
        self.preset_name = QLineEdit(presets)
        self.preset_name.setPlaceholderText(self.tr("名称，如 中号纸箱"))
        self.preset_tare = QSpinBox(presets)
        self.preset_tare.setRange(0, 100_000)
        self.preset_tare.setSuffix(" g")
        self.save_preset = QPushButton(self.tr("保存包装"), presets)
        for w in (self.preset_name, self.preset_tare, self.save_preset):
            pf.addWidget(w)
        pl.addLayout(pf)
        tabs.addTab(presets, self.tr("包装"))
        self.tabs = tabs
        self.carrier.currentIndexChanged.connect(self.load_card)
        self.add_line.clicked.connect(lambda: self._add_line({"zone": "national",
                                                              "first_g": 1000, "first_fen": 0,
                                                              "step_g": 1000, "step_fen": 0}))
        self.remove_line.clicked.connect(lambda: self.lines.removeRow(self.lines.currentRow()))
        self.save_card.clicked.connect(self.save)
        self.reset_card.clicked.connect(self.reset)
        self.add_weight.clicked.connect(lambda: self.weights.insertRow(self.weights.rowCount()))
        self.save_weights.clicked.connect(self.save_sku_weights)
        self.save_preset.clicked.connect(self.add_preset)
        self.load()

    def load(self) -> None:
        self.load_card()
        self.weights.setRowCount(0)
        for shop_id, sku, grams in ss.list_sku_weights(self.ws, 0):
            r = self.weights.rowCount()
            self.weights.insertRow(r)
            self.weights.setItem(r, 0, _item(sku))
            self.weights.setItem(r, 1, _item(grams))
            del shop_id
        self.presets.setRowCount(0)
        for p in ss.list_presets(self.ws):
            r = self.presets.rowCount()
            self.presets.insertRow(r)
            for col, text in enumerate((p.name, p.tare_g,
                                        f"{p.length_mm}×{p.width_mm}×{p.height_mm}")):
                self.presets.setItem(r, col, _item(text))

    def _card(self) -> ss.RateCardView | None:
        code = self.carrier.currentData()
        cards = [v for v in ss.list_rate_cards(self.ws) if v.carrier_code == code
                 and v.shop_id == 0]
        return cards[0] if cards else None

    def _add_line(self, d: dict) -> None:
        r = self.lines.rowCount()
        self.lines.insertRow(r)
        where = ", ".join(d.get("provinces", [])) or d.get("zone", "")
        label = catalogue_word(self.zone_names.get(where, where))
        it = _item(label, where)
        self.lines.setItem(r, 0, it)
        self.lines.setItem(r, 1, _item(d.get("first_g", 1000)))
        self.lines.setItem(r, 2, _item(f"{d.get('first_fen', 0) / 100:.2f}"))
        self.lines.setItem(r, 3, _item(d.get("step_g", 1000)))
        self.lines.setItem(r, 4, _item(f"{d.get('step_fen', 0) / 100:.2f}"))

    def load_card(self) -> None:
        card = self._card()
        self.lines.setRowCount(0)
        if card is None:
            self.source.setText("")
            return
        self.source.setText(self.tr("默认价目（仅供估算，请改成你的协议价）") if card.is_default
                            else card.name)
        for line in card.lines:
            self._add_line(line.as_data())

    def card_lines(self) -> list[dict]:
        zones = {name: code for code, name in self.view.zones}
        zones |= {catalogue_word(name): code for code, name in self.view.zones}
        out = []
        for r in range(self.lines.rowCount()):
            def cell(c: int, r: int = r) -> str:
                it = self.lines.item(r, c)
                return it.text().strip() if it is not None else ""

            where = cell(0)
            code = zones.get(where, where)
            line: dict = {"first_g": int(cell(1) or 0), "step_g": int(cell(3) or 0),
                          "first_fen": round(float(cell(2) or 0) * 100),
                          "step_fen": round(float(cell(4) or 0) * 100)}
            if code in zones.values() or code == "*":
                line["zone"] = code
            else:
                line["provinces"] = _split(where)
            out.append(line)
        return out

    def save(self) -> bool:
        try:
            ss.save_rate_card(self.ws, self.carrier.currentData(), self.card_lines())
        except ValueError as exc:
            _say(self.error, str(exc))
            return False
        _say(self.error, "")
        self.load_card()
        self.changed.emit()
        return True

    def reset(self) -> None:
        card = self._card()
        if card is not None and card.id is not None:
            ss.delete_rate_card(self.ws, card.id)
        self.load_card()
        self.changed.emit()

    def save_sku_weights(self) -> bool:
        table: dict[str, int] = {}
        try:
            for r in range(self.weights.rowCount()):
                sku = self.weights.item(r, 0)
                grams = self.weights.item(r, 1)
                if sku is None or not sku.text().strip():
                    continue
                table[sku.text().strip()] = int((grams.text() if grams else "0").strip() or 0)
            ss.set_sku_weights(self.ws, table)
        except ValueError as exc:
            _say(self.error, str(exc) if "weight" in str(exc) else
                 self.tr("重量请填整数克数"))
            return False
        _say(self.error, "")
        self.load()
        self.changed.emit()
        return True

    def add_preset(self) -> bool:
        try:
            ss.save_preset(self.ws, self.preset_name.text(), self.preset_tare.value())
        except ValueError as exc:
            _say(self.error, str(exc))
            return False
        self.preset_name.clear()
        self.load()
        self.changed.emit()
        return True


class ShippingSettingsWidget(QTabWidget):
    """The four pages in tabs: 快递 · 面单账号 · 规则 · 价目与重量."""

    changed = Signal()

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.carriers_page = CarriersPage(ws, self)
        self.accounts_page = AccountsPage(ws, self)
        self.rules_page = RulesPage(ws, self)
        self.rates_page = RateCardsPage(ws, self)
        self.addTab(self.carriers_page, self.tr("快递"))
        self.addTab(self.accounts_page, self.tr("面单账号"))
        self.addTab(self.rules_page, self.tr("规则"))
        self.addTab(self.rates_page, self.tr("价目与重量"))
        self.carriers_page.saved.connect(self.changed)
        for page in (self.accounts_page, self.rules_page, self.rates_page):
            page.changed.connect(self.changed)


class ShippingSettingsDialog(QDialog):
    """The pages as a dialog, for a window without a settings page."""

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("快递、面单账号与规则"))
        self.widget = ShippingSettingsWidget(ws, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.widget)
        lay.addWidget(buttons)
        self.resize(960, 640)


def confirm(parent: QWidget, text: str) -> bool:  # pragma: no cover - interactive
    return QMessageBox.question(parent, "ShipDesk", text) == QMessageBox.StandardButton.Yes
