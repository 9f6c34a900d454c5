"""Rasa's ``/metrics`` (added by ``bot.run_rasa``): a real turn moves its counters."""

from __future__ import annotations

import pytest
import requests

from tests.e2e.conftest import WEIJUN
from tests.fixtures.metrics import label_values, sample
from tests.fixtures.rasa import RasaServer

pytestmark = pytest.mark.rasa


def _scrape(url: str) -> str:
    answer = requests.get(f"{url}/metrics", timeout=10)  # no token, like the rest
    assert answer.status_code == 200, answer.text
    return answer.text


def test_a_rest_turn_is_counted_by_rasa_and_the_action_server(
    rasa_server: RasaServer,
) -> None:
    actions = rasa_server.actions.url
    rasa_before, actions_before = _scrape(rasa_server.url), _scrape(actions)
    sender = rasa_server.new_sender()
    assert rasa_server.say(sender, "有什么包裹", phone=WEIJUN)
    rasa_after, actions_after = _scrape(rasa_server.url), _scrape(actions)

    ok = {"channel": "rest", "outcome": "ok"}
    turns = "zhanggui_rasa_turns_total"
    assert sample(rasa_after, turns, **ok) - sample(rasa_before, turns, **ok) == 1
    timed = "zhanggui_rasa_turn_seconds_count"
    rest = {"channel": "rest"}
    assert sample(rasa_after, timed, **rest) - sample(rasa_before, timed, **rest) == 1
    ran = "zhanggui_action_seconds_count"
    assert sample(actions_after, ran) > sample(actions_before, ran)
    # The conversation and the caller are never labels.
    for value in label_values(rasa_after) | label_values(actions_after):
        assert sender not in value and WEIJUN not in value
