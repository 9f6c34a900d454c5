"""How ``python -m bot serve`` runs Rasa (the command line, not the server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.server import load_config, rasa_command, rasa_environment
from common.settings import SettingsError


def test_demo_profile_opens_the_api_without_a_token() -> None:
    config = load_config({"ZHANGGUI_PROFILE": "demo", "RASA_PORT": "5105",
                          "ACTIONS_PORT": "5155"})  # fmt: skip
    command = rasa_command(config, Path("/m.tar.gz"))
    assert command[command.index("--port") + 1] == "5105"
    # The token-less demo API listens on this machine only.
    assert command[command.index("--interface") + 1] == "127.0.0.1"
    assert "--enable-api" in command and "--auth-token" not in command
    env = rasa_environment(config, {})
    assert env["ZHANGGUI_ACTIONS_URL"] == "http://127.0.0.1:5155/webhook"
    assert env["ZHANGGUI_TRACKER_DB"].endswith("var/rasa_tracker.db")


def test_production_needs_a_token_and_uses_it() -> None:
    with pytest.raises(SettingsError):
        load_config({"ZHANGGUI_PROFILE": "production"})
    config = load_config({"ZHANGGUI_PROFILE": "production",
                          "ZHANGGUI_RASA_TOKEN": "s3cret"})  # fmt: skip
    command = rasa_command(config, Path("/m.tar.gz"))
    assert command[command.index("--auth-token") + 1] == "s3cret"


def test_rasa_runs_through_the_speedups() -> None:
    config = load_config({"ZHANGGUI_PROFILE": "test"})
    assert rasa_command(config, Path("/m.tar.gz"))[1:4] == ["-m", "bot.run_rasa", "run"]


def test_cached_validator_keeps_rasa_verdicts() -> None:
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    from bot import rasa_speedups

    assert rasa_speedups.apply()
    action = RemoteAction("action_x", None)
    good = {"events": [{"event": "slot", "name": "a", "value": 1}],
            "responses": [{"response": "utter_help"}]}  # fmt: skip
    assert action._validate_action_result(good)
    with pytest.raises(ValidationError, match="Failed to validate Action server"):
        action._validate_action_result({"events": [{"no_event_key": 1}]})


def test_the_app_rasa_builds_serves_metrics() -> None:
    # Without a model: the served turn metrics are in tests/e2e/test_metrics.py.
    from rasa.core import run

    from bot import metrics

    metrics.serve_metrics()
    metrics.serve_metrics()  # a second call must not add the route twice
    app = run.configure_app(enable_api=False)
    routes = [(route.path, route.methods) for route in app.router.routes]
    assert routes.count(("metrics", frozenset({"GET"}))) == 1


async def test_a_failing_tracker_store_fails_the_turn_instead_of_forgetting() -> None:
    # Rasa's default falls back to "no conversation" on a read and to memory on a
    # write; with strict_stores the error reaches the channel, which answers 503.
    from rasa.core import tracker_store
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import InMemoryTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot import strict_stores

    class Down(InMemoryTrackerStore):
        async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
            raise ConnectionRefusedError("the database is down")

        async def save(self, tracker: DialogueStateTracker) -> None:
            raise ConnectionRefusedError("the database is down")

    assert strict_stores.apply()
    store = Agent._create_tracker_store(Down(Domain.empty()), Domain.empty())
    with pytest.raises(ConnectionRefusedError):
        await store.retrieve("someone")
    with pytest.raises(ConnectionRefusedError):
        await store.save(DialogueStateTracker("someone", []))
    kwargs = tracker_store.create_engine_kwargs("postgresql://postgres@db:5432/t")
    assert kwargs["pool_pre_ping"] is True
    assert "pool_pre_ping" not in tracker_store.create_engine_kwargs("sqlite:///t.db")
