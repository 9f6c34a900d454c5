"""The commands behind ./zhanggui: what `up` does to a database, per profile."""

import sqlite3
from pathlib import Path

import pytest

from common.credentials import SERVICE_TOKENS
from tools.run import prepare_database


def _shops(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("select count(*) from shops").fetchone()[0])


@pytest.mark.parametrize(("profile", "seeded"), [("demo", True), ("production", False)])
def test_up_seeds_the_demo_world_only_in_demo_profiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile: str, seeded: bool
) -> None:
    db = tmp_path / "shop.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("ZHANGGUI_PROFILE", profile)
    for spec in SERVICE_TOKENS:
        monkeypatch.setenv(spec.setting, f"a-real-{spec.service}-secret-for-this-test")
    prepare_database(profile)
    assert (_shops(db) > 50) is seeded


def test_each_service_starts_with_only_its_own_secrets() -> None:
    import json
    import subprocess
    import sys

    from tools.least_privilege import CHAT_SECRETS, SECRETS

    everything = {name: f"value-of-{name}" for name in SECRETS}
    show = "import os, json; print(json.dumps(sorted(k for k in os.environ)))"
    seen = {}
    for service in ("backend", "actions", "rasa", "voice", "partners"):
        result = subprocess.run(
            [sys.executable, "-m", "tools.least_privilege", service,
             sys.executable, "-c", show],
            env={**everything, "PATH": "/usr/bin:/bin", "PYTHONPATH": "."},
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        seen[service] = set(json.loads(result.stdout)) & SECRETS
    assert seen["backend"] == SECRETS - CHAT_SECRETS
    assert seen["actions"] == {"ZHANGGUI_ACTIONS_TOKEN"}
    assert "ZHANGGUI_ACTIONS_TOKEN" not in seen["voice"] | seen["rasa"]
    assert "ZHANGGUI_OPERATOR_TOKEN" not in seen["voice"] | seen["rasa"]
    assert seen["voice"] == {"ZHANGGUI_GATEWAY_TOKEN", "ZHANGGUI_CHANNEL_SECRET"} | {
        "ZHANGGUI_WECHAT_TOKEN", "ZHANGGUI_WECHAT_AES_KEY", "ZHANGGUI_WECHAT_SECRET",
        "ZHANGGUI_TELEGRAM_BOT_TOKEN", "ZHANGGUI_TELEGRAM_WEBHOOK_SECRET",
    }  # fmt: skip
    assert not CHAT_SECRETS & (seen["actions"] | seen["rasa"])
    assert seen["partners"] == {"ZHANGGUI_WHOLESALE_TOKEN", "ZHANGGUI_LENDER_TOKEN"}
    procfile = Path("Procfile").read_text()
    for service in ("actions", "rasa", "voice", "partners"):
        assert f"{service}: python -m tools.least_privilege {service} " in procfile
