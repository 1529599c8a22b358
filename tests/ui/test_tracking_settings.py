"""设置 → 跟踪与提醒: the tracking provider, its keys (encrypted, never shown), the refresh
interval and the alert thresholds, saved whole or not at all, refused in Chinese."""

import re

import pytest
from PySide6.QtCore import QTime

from app.services import alerts, tracking
from app.ui import alert_watch, i18n
from app.ui.texts import user_message
from app.ui.tracking_settings import TrackingSettingsPage
from tests.ui.test_alert_watch import clock, late_ws  # noqa: F401 - fixtures

CJK = re.compile(r"[\u3400-\u9fff]")
ENGLISH_WORDS = re.compile(r"\b(?:the|is|not|of|must|needs|set|unknown|has|no)\b")


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    return qapp


@pytest.fixture
def page(qtbot, late_ws, chinese):  # noqa: F811
    p = TrackingSettingsPage(late_ws)
    qtbot.addWidget(p)
    p.show()
    return p


def test_shows_the_defaults(page):
    assert page.provider_box.currentData() == "sandbox"
    assert page.fields.currentIndex() == 0
    assert page.refresh_spin.value() == 15
    assert page.hours["pickup_hours"].value() == 24
    assert page.hours["ship_by_warn_hours"].value() == 6
    assert page.cutoff.time() == QTime(11, 0)


def test_a_provider_without_its_keys_is_refused_and_nothing_is_written(page, late_ws):  # noqa: F811
    page.provider_box.setCurrentIndex(page.provider_box.findData("kuaidi100"))
    assert page.fields.currentIndex() == 1
    page.refresh_spin.setValue(5)
    assert not page.save()
    assert "设置 → 跟踪与提醒" in page.status.text() and "授权码" in page.status.text()
    assert late_ws.setting("tracking.provider", "") == ""
    assert tracking.auto_refresh_minutes(late_ws) == 15


def test_keys_are_stored_encrypted_and_kept_when_left_blank(page, late_ws):  # noqa: F811
    page.provider_box.setCurrentIndex(page.provider_box.findData("kuaidi100"))
    page.k100_customer.setText(" CUST-1 ")
    page.k100_key.setText("k-secret-1")
    assert page.save(), page.status.text()
    setup = tracking.tracking_setup(late_ws)
    assert setup.provider == "kuaidi100" and setup.kuaidi100_customer == "CUST-1"
    assert setup.kuaidi100_key_set and setup.kuaidi100_base_url.startswith("https://")
    raw = late_ws.setting("tracking.kuaidi100.key")
    assert raw.startswith("enc:v1:") and "k-secret-1" not in raw
    assert tracking.secret_setting(late_ws, "tracking.kuaidi100.key") == "k-secret-1"
    # the form never shows the key again; saving with it blank keeps it
    assert page.k100_key.text() == "" and "已保存" in page.k100_key.placeholderText()
    page.k100_customer.setText("CUST-2")
    assert page.save()
    assert tracking.secret_setting(late_ws, "tracking.kuaidi100.key") == "k-secret-1"
    assert tracking.tracking_setup(late_ws).kuaidi100_customer == "CUST-2"
    provider = tracking.make_provider(late_ws)
    assert provider.name == "kuaidi100"
    # KDNiao with a merchant code map that is not JSON: refused, Kuaidi100 stays
    page.provider_box.setCurrentIndex(page.provider_box.findData("kdniao"))
    page.kdn_id.setText("1234")
    page.kdn_key.setText("a-key")
    page.kdn_names.setText("{JD: 1")
    assert not page.save() and "JSON" in page.status.text()
    assert tracking.tracking_setup(late_ws).provider == "kuaidi100"
    page.kdn_names.setText('{"JD": "M123"}')
    assert page.save()
    assert tracking.tracking_setup(late_ws).provider == "kdniao"
    # back to the sandbox: the stored keys stay for later
    page.provider_box.setCurrentIndex(0)
    assert page.save()
    assert tracking.tracking_setup(late_ws).kdniao_key_set


def test_thresholds_and_interval_take_effect_at_once(qtbot, make_window, late_ws,  # noqa: F811
                                                     chinese):
    window = make_window(late_ws)
    watch = alert_watch.install(window, first_check=False)
    assert "跟踪与提醒" in window.settings_page.page_titles()
    settings = watch.settings
    settings.refresh_spin.setValue(5)
    settings.hours["ship_by_warn_hours"].setValue(12)
    settings.hours["pickup_hours"].setValue(48)
    settings.cutoff.setTime(QTime(10, 30))
    assert settings.save()
    cfg = alerts.alert_settings(late_ws)
    assert (cfg.ship_by_warn_hours, cfg.pickup_hours) == (12, 48)
    assert cfg.sameday_cutoff.strftime("%H:%M") == "10:30"
    assert watch.page._auto_timer.interval() == 5 * 60_000
    # saving re-checks the rules: the parcel printed 30 h ago is not late at 48 h
    qtbot.waitUntil(lambda: not watch.page.busy, timeout=10_000)
    rules = {a.rule for a in alerts.list_alerts(late_ws, "active")}
    assert "not_picked_up" not in rules and "ship_by_breached" in rules
    settings.refresh_spin.setValue(0)
    assert settings.save()
    assert not watch.page._auto_timer.isActive()
    # packers cannot change them
    window.settings_page.set_restriction("只有店主可以修改")
    assert not settings.isEnabled()


def test_tracking_setting_refusals_read_in_chinese(late_ws, chinese):  # noqa: F811
    attempts = [
        lambda: tracking.configure_provider(late_ws, "kuaidi100"),
        lambda: tracking.configure_provider(late_ws, "kdniao", ebusiness_id="1"),
        lambda: tracking.configure_provider(late_ws, "kdniao", ebusiness_id="1", app_key="k",
                                            customer_names="{"),
        lambda: tracking.configure_provider(late_ws, "nope"),
        lambda: tracking.configure_provider(late_ws, "sandbox", key="x"),
        lambda: tracking.set_auto_refresh_minutes(late_ws, 5000),
        lambda: alerts.set_alert_setting(late_ws, "nope", "1"),
        lambda: alerts.set_alert_setting(late_ws, "pickup_hours", "soon"),
        lambda: alerts.set_alert_setting(late_ws, "sameday_cutoff", "noon"),
    ]
    for attempt in attempts:
        with pytest.raises(ValueError) as info:
            attempt()
        shown = user_message(str(info.value))
        assert CJK.search(shown) and not ENGLISH_WORDS.search(shown), (str(info.value), shown)
    assert late_ws.setting("tracking.provider", "") == ""
