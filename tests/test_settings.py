"""Each service's settings loader: a bad value is refused at start, naming the variable.

Every service declares its settings as typed fields (common/settings.py); these go
through each service's own loader, as its start does.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from actions.config import load_config as load_actions
from backend.config import load_config as load_backend
from bot.server import load_config as load_rasa
from common.settings import PROJECT_ROOT, SettingsError, read_settings, start_or_exit
from tools.chat import ChatSettings
from tools.cluster import load_cluster_config
from tools.demo_partners import PartnerSettings
from voice.config import VoiceConfig

Loader = Callable[[Mapping[str, str]], Any]


def load_chat(settings: Mapping[str, str]) -> ChatSettings:
    """``zhanggui chat``'s settings, as its start reads them."""
    return read_settings(ChatSettings, settings)


CLUSTER = {"DATABASE_URL": "postgresql://zhanggui@127.0.0.1/zhanggui"}


@pytest.mark.parametrize(
    ("load", "name", "value", "allowed"),
    [
        (load_backend, "BACKEND_PORT", "70000", "from 1 to 65535"),
        (load_backend, "BACKEND_WORKERS", "many", "a whole number from 1 to 16"),
        (load_backend, "ZHANGGUI_SHOP_TOKEN_HOURS", "0.1", "from 0.25 to 24"),
        (load_backend, "ZHANGGUI_NOTICE_SCAN_S", "soon", "a number"),
        (load_backend, "ZHANGGUI_PROFILE", "staging", "one of demo, test"),
        (load_actions, "ZHANGGUI_BACKEND_TIMEOUT", "fast", "from 0.5 to 60"),
        (load_actions, "ACTIONS_PORT", "0", "from 1 to 65535"),
        (VoiceConfig.from_settings, "VOICE_PORT", "http", "from 1 to 65535"),
        (VoiceConfig.from_settings, "ZHANGGUI_PHONE_SILENCE_S", "90", "from 1.0"),
        (VoiceConfig.from_settings, "ZHANGGUI_TURN_THRESHOLD", "1", "from 0 to 1"),
        (VoiceConfig.from_settings, "ZHANGGUI_ENGLISH_VOICE", "hal", "piper-joe"),
        (VoiceConfig.from_settings, "ZHANGGUI_NOTICE_POLL_S", "-1", "from 0 to 3600"),
        (VoiceConfig.from_settings, "ZHANGGUI_WECHAT_PASSIVE_MS", "5000", "to 4500"),
        (load_rasa, "RASA_PORT", "5005.5", "from 1 to 65535"),
        (load_rasa, "ACTIONS_PORT", "-5", "from 1 to 65535"),
        (PartnerSettings.from_settings, "ZHANGGUI_DEMO_DECIDE_AFTER_S", "x", "0 to"),
        (load_chat, "RASA_PORT", "x", "from 1 to 65535"),
    ],
)
def test_a_bad_value_names_the_variable_the_value_and_what_is_allowed(
    load: Loader, name: str, value: str, allowed: str
) -> None:
    with pytest.raises(SettingsError) as refused:
        load({name: value})
    message = str(refused.value)
    assert name in message and repr(value) in message and allowed in message


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ZHANGGUI_CLUSTER_PORT_OFFSET", "60000"),
        ("ZHANGGUI_TRACKER_POOL", "0"),
        ("ZHANGGUI_TRACKER_OVERFLOW", "lots"),
    ],
)
def test_cluster_settings_are_checked_the_same_way(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        load_cluster_config({**CLUSTER, name: value})


def test_validators_speak_for_themselves_without_echoing_secrets() -> None:
    with pytest.raises(SettingsError) as refused:
        load_backend({"DATABASE_URL": "mysql://user:hunter2@db/shop"})
    assert "DATABASE_URL must be a sqlite" in str(refused.value)
    assert "hunter2" not in str(refused.value)
    with pytest.raises(SettingsError, match="ZHANGGUI_QUIET_HOURS must look like"):
        load_backend({"ZHANGGUI_QUIET_HOURS": "25-3"})
    with pytest.raises(SettingsError, match="ZHANGGUI_PUBLIC_URL must start with"):
        VoiceConfig.from_settings({"ZHANGGUI_PUBLIC_URL": "ftp://shop"})


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(SettingsError) as refused:
        load_actions({"ACTIONS_PORT": "x", "ZHANGGUI_BACKEND_TIMEOUT": "0"})
    assert "ACTIONS_PORT" in str(refused.value)
    assert "ZHANGGUI_BACKEND_TIMEOUT" in str(refused.value)


def test_defaults_are_the_documented_ones() -> None:
    backend = load_backend({})
    assert (backend.port, backend.workers, backend.shop_token_minutes) == (8080, 1, 240)
    assert backend.notice_rules.quiet_hours == (21, 8)
    assert backend.database_url.endswith("/var/zhanggui.db")
    actions = load_actions({})
    assert (actions.port, actions.timeout_seconds) == (5055, 5.0)
    voice = VoiceConfig.from_settings({})
    assert (voice.host, voice.port, voice.audiosocket_port) == ("127.0.0.1", 8000, 9092)
    assert voice.messaging.notice_poll_s == 30
    rasa = load_rasa({})
    assert (rasa.port, rasa.actions_url) == (5005, "http://127.0.0.1:5055/webhook")


def test_start_or_exit_says_why_and_exits_with_status_2(capsys) -> None:
    def refuse() -> None:
        raise SettingsError("VOICE_PORT must be a whole number, not 'x'")

    with pytest.raises(SystemExit) as stopped:
        start_or_exit("voice gateway", refuse)
    assert stopped.value.code == 2
    assert "voice gateway refuses to start: VOICE_PORT" in capsys.readouterr().err
    assert start_or_exit("voice gateway", lambda: 7) == 7


@pytest.mark.parametrize(
    ("module", "name", "value"),
    [
        ("actions", "ZHANGGUI_BACKEND_TIMEOUT", "fast"),
        ("voice", "VOICE_PORT", "99999"),
    ],
)
def test_a_service_refuses_to_start_without_a_traceback(
    module: str, name: str, value: str
) -> None:
    args = [sys.executable, "-m", module] + (["serve"] if module == "voice" else [])
    result = subprocess.run(
        args,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT), name: value},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 2
    assert "refuses to start" in result.stderr and name in result.stderr
    assert "Traceback" not in result.stderr
