"""Turns for the store-restart tests: over REST and the kiosk, and what an
apology looks like while a store is down."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import requests

from tests.fixtures.cluster import Cluster
from tests.fixtures.kiosk_socket import KioskSocket

ORDER = "再来二十箱可口可乐"
APOLOGIES = ("assistant_unavailable", "backend_unavailable")  # kiosk's strings.js


def new_sender() -> str:
    return f"restart-{time.monotonic_ns()}"


def assert_apology(answer: requests.Response) -> None:
    """A turn the stores could not take: 503 and "try again", never a made-up reply."""
    assert answer.status_code == 503, (answer.status_code, answer.text[:500])
    error = answer.json()["error"]
    assert error["code"] == "turn_failed"
    assert "try again" in error["message"]


async def _kiosk(
    cluster: Cluster, http: aiohttp.ClientSession, token: str
) -> KioskSocket:
    ws = await http.ws_connect(f"{cluster.url('voice')}/ws/kiosk")
    kiosk = KioskSocket(ws)
    await kiosk.send(type="hello", device_token=token)
    assert (await kiosk.expect("ready"))["paired"] is True
    return kiosk


async def _kiosk_turn(kiosk: KioskSocket, text: str) -> dict[str, object]:
    """Send a turn; the reply, or the error the page shows the owner instead."""
    await kiosk.send(type="text", text=text)
    answer = await kiosk.expect("reply", "error")
    if answer["type"] == "reply":
        await kiosk.expect("done")
    return answer


def send_to(
    cluster: Cluster, replica: int, sender: str, text: str
) -> requests.Response:
    """One REST turn straight to Rasa replica ``replica`` (0 or 1), not via nginx."""
    port = cluster.layout.replicas("rasa")[replica]
    body = {"sender": sender, "message": text}
    return requests.post(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        json={**body, "metadata": {"channel": "phone", "id": "+8613800000001"}},
        timeout=120,
    )


def texts_of(answer: requests.Response) -> list[str]:
    assert answer.status_code == 200, (answer.status_code, answer.text[:500])
    texts = [str(m.get("text", "")) for m in answer.json()]
    assert texts, "silence"
    return texts


def _turns_still_take_turns(cluster: Cluster) -> None:
    """After the restart the lock still serialises one conversation across replicas."""
    sender = new_sender()
    replicas = cluster.layout.replicas("rasa")
    messages = [f"你好 {i}" for i in range(6)]

    def post(i: int) -> int:
        body = {"sender": sender, "message": messages[i]}
        answer = requests.post(
            f"http://127.0.0.1:{replicas[i % 2]}/webhooks/rest/webhook",
            json={**body, "metadata": {"channel": "phone", "id": "+8613800000001"}},
            timeout=120,
        )
        return answer.status_code

    with ThreadPoolExecutor(len(messages)) as pool:
        codes = list(pool.map(post, range(len(messages))))
    assert codes == [200] * len(messages)
    assert sorted(cluster.user_texts(sender)) == sorted(messages)
    events = cluster.session.get(
        f"{cluster.url('rasa')}/conversations/{sender}/tracker", timeout=30
    ).json()["events"]
    kinds = [
        "user" if e["event"] == "user" else "listen"
        for e in events
        if e["event"] == "user"
        or (e["event"] == "action" and e.get("name") == "action_listen")
    ]
    assert "user,user" not in ",".join(kinds)
