"""The action server's ``/metrics``: a real action run and its backend calls count."""

from __future__ import annotations

from typing import Any

import requests

from tests.fixtures.backend import BackendServer
from tests.fixtures.metrics import label_values, sample
from tests.fixtures.rasa import ActionServer


def _shop_token(backend: BackendServer) -> str:
    answer = requests.post(
        f"{backend.url}/v1/identity/resolve",
        json={"channel": "phone", "id": "+8613800000001"},
        headers=backend.headers_for("gateway"),
        timeout=10,
    )
    answer.raise_for_status()
    return str(answer.json()["shop_token"])


def _call(url: str, name: str, shop_token: str) -> requests.Response:
    """What Rasa posts to run one action, for a conversation on the phone."""
    tracker: dict[str, Any] = {
        "sender_id": "metrics-test",
        "slots": {},
        "latest_message": {"text": "有什么包裹", "intent": {"name": "list_parcels"}},
        "events": [
            {
                "event": "user",
                "text": "有什么包裹",
                "input_channel": "phone",
                "metadata": {"channel": "phone", "shop_token": shop_token},
            }
        ],
        "latest_action_name": "action_listen",
    }
    body = {"next_action": name, "sender_id": "metrics-test", "tracker": tracker,
            "domain": {}, "version": "3.6.21"}  # fmt: skip
    return requests.post(f"{url}/webhook", json=body, timeout=30)


def _scrape(server: ActionServer) -> str:
    answer = requests.get(f"{server.url}/metrics", timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_an_action_run_and_its_backend_calls_are_timed(
    action_server: ActionServer, backend_server: BackendServer
) -> None:
    token = _shop_token(backend_server)
    before = _scrape(action_server)

    ran = _call(action_server.url, "action_list_parcels", token)
    assert ran.status_code == 200, ran.text
    unknown = _call(action_server.url, "action_no_such_thing_x1", token)
    assert unknown.status_code == 404

    after = _scrape(action_server)

    def moved(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert moved("zhanggui_action_seconds_count", action="action_list_parcels") == 1
    # An unknown name is counted, but never becomes a label value.
    assert moved("zhanggui_action_errors_total", action="unknown", status="404") == 1
    assert "action_no_such_thing_x1" not in after
    # Who is talking (GET /v1/shop-token), then the shop's parcels; ids as {id}.
    calls = "zhanggui_actions_backend_call_seconds_count"
    assert moved(calls, method="GET", route="/v1/shop-token") == 1
    assert moved(calls, method="GET", route="/v1/shops/{id}/parcels") == 1
    assert "/v1/shops/1/parcels" not in label_values(after, "route")
    assert token not in after
