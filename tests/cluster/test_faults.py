"""Faults in cluster mode, through the real services: nothing lost, nothing doubled.

One cluster serves the whole module (``cluster`` fixture); each scenario is short.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import aiohttp
import psutil
import pytest
import requests

from tests.fixtures.backend import DEMO_TOKENS
from tests.fixtures.cluster import Cluster
from tests.fixtures.kiosk_socket import KioskSocket
from tests.fixtures.voice import pair_device

pytestmark = [
    pytest.mark.cluster,
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.rasa,
]
ORDER = "再来二十箱可口可乐"


def new_sender() -> str:
    return f"cluster-{time.monotonic_ns()}"


def test_a_rasa_replica_killed_mid_readback(cluster: Cluster) -> None:
    cluster.both_serving("rasa")  # else: "no live upstreams" after the kill
    before = cluster.order_ids()
    sender = new_sender()
    texts, first = cluster.say(sender, ORDER)
    assert any("确认下单" in t for t in texts), texts
    killed = cluster.program_on(first)
    old = cluster.kill9(killed)
    started = time.monotonic()

    texts, second = cluster.say(sender, "对")
    assert second != first  # the other replica, with the read-back from PostgreSQL
    assert any("密码" in t for t in texts), texts
    texts, _ = cluster.say(sender, "2468")
    assert any("下单成功" in t for t in texts), texts

    placed = cluster.order_ids() - before
    assert len(placed) == 1
    assert cluster.user_texts(sender) == [ORDER, "对", "2468"]
    cluster.back_in_rotation(killed, old, 300)  # supervisord brings it back
    print(f"{killed} serving again {time.monotonic() - started:.1f} s after kill -9")


def test_two_replicas_take_one_conversations_turns_in_turn(cluster: Cluster) -> None:
    # Straight at both replicas, bypassing nginx: only the Redis lock keeps order.
    cluster.wait_healthy("rasa-1")
    cluster.wait_healthy("rasa-2")
    sender = new_sender()
    replicas = cluster.layout.replicas("rasa")
    messages = [f"你好 {i}" for i in range(8)]

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
    seen = cluster.user_texts(sender)
    assert sorted(seen) == sorted(messages)  # none lost, none doubled
    events = cluster.session.get(
        f"{cluster.url('rasa')}/conversations/{sender}/tracker", timeout=30
    ).json()["events"]
    # Each turn ran whole before the next began: the bot listened between users.
    kinds = [
        "user" if e["event"] == "user" else "listen"
        for e in events
        if e["event"] == "user"
        or (e["event"] == "action" and e.get("name") == "action_listen")
    ]
    assert "user,user" not in ",".join(kinds)


def test_an_action_server_killed_while_placing_an_order(cluster: Cluster) -> None:
    before = cluster.order_ids()
    sender = new_sender()
    cluster.say(sender, ORDER)
    cluster.say(sender, "对")
    proxy = cluster.proxy
    proxy.held.clear()
    proxy.release.clear()
    proxy.hold_orders = True
    answers: list[requests.Response] = []
    turn = threading.Thread(target=lambda: answers.append(cluster.send(sender, "2468")))
    turn.start()
    try:
        assert proxy.held.wait(60), "no order reached the backend"
        asking = [
            c.pid
            for c in psutil.net_connections("tcp")
            if c.laddr and c.laddr.port == proxy.held_peer_port and c.pid
        ]
        assert len(asking) == 1
        victim = cluster.program_of_pid(asking[0])
        assert victim.startswith("actions-")
        old = cluster.kill9(victim)  # the order is placed; its action never hears
    finally:
        proxy.hold_orders = False
        proxy.release.set()
        turn.join(150)
    assert len(cluster.order_ids() - before) == 1

    texts, _ = cluster.say(sender, "2468")  # the owner tries again
    placed = cluster.order_ids() - before
    assert len(placed) == 1, placed
    assert any(str(next(iter(placed))) in t for t in texts), texts
    cluster.back_in_rotation(victim, old, 60)


def test_a_killed_backend_replica_comes_back(cluster: Cluster) -> None:
    started = time.monotonic()
    old = cluster.kill9("backend-2")
    cluster.back_in_rotation("backend-2", old, 60)
    print(f"backend-2 serving again {time.monotonic() - started:.1f} s after kill -9")


def test_a_backend_replica_killed_under_load(cluster: Cluster) -> None:
    # Orders with their own Idempotency-Keys go through nginx while backend-1 dies.
    # Whatever the client heard succeed exists; what failed is retried with its key;
    # in the end each key made exactly one order.
    url = f"{cluster.url('backend')}/v1"
    auth = {"Authorization": f"Bearer {DEMO_TOKENS['operator']}"}
    login = requests.post(
        f"{url}/owners/2/pin-sessions", json={"pin": "1357"}, headers=auth, timeout=30
    )
    assert login.status_code == 201, login.text
    headers = {**auth, "X-Owner-Session": login.json()["token"]}
    before = cluster.order_ids(2)
    keys = [f"cluster-load-{time.monotonic_ns()}-{i}" for i in range(80)]
    body = {"lines": [{"sku": "KO-COLA-330-24", "quantity": 1}]}

    answered: list[str] = []
    victim: list[int] = []

    def place(key: str) -> int | None:
        answered.append(key)
        if len(answered) == 20:  # mid-load, with requests in flight on both
            victim.append(cluster.kill9("backend-1"))
        try:
            answer = requests.post(
                f"{url}/shops/2/orders",
                json=body,
                headers={**headers, "Idempotency-Key": key},
                timeout=30,
            )
        except requests.RequestException:
            return None
        return int(answer.json()["id"]) if answer.status_code in (200, 201) else None

    with ThreadPoolExecutor(8) as pool:
        first = dict(zip(keys, pool.map(place, keys), strict=True))
    heard = {key: order for key, order in first.items() if order is not None}
    final = dict(heard)
    for key in keys:
        for _ in range(10):
            if final.get(key) is not None:
                break
            final[key] = place(key)
            time.sleep(0.3)
    placed = cluster.order_ids(2) - before
    assert set(heard.values()) <= placed  # nothing the client was told is lost
    assert all(final[key] is not None for key in keys)
    assert {final[key] for key in keys} == placed  # a retry never doubles
    assert len(placed) == len(keys)
    print(f"backend kill under load: {len(keys) - len(heard)} of {len(keys)} failed")
    cluster.back_in_rotation("backend-1", victim[0], 60)


async def _kiosk(
    cluster: Cluster, http: aiohttp.ClientSession, token: str
) -> tuple[KioskSocket, str]:
    ws = await http.ws_connect(f"{cluster.url('voice')}/ws/kiosk")
    kiosk = KioskSocket(ws)
    await kiosk.send(type="hello", device_token=token)
    assert (await kiosk.expect("ready"))["paired"] is True
    return kiosk, ws._response.headers["X-Zhanggui-Replica"].split(",")[-1].strip()


async def _turn(kiosk: KioskSocket, text: str) -> list[str]:
    await kiosk.send(type="text", text=text)
    reply = await kiosk.expect("reply")
    await kiosk.expect("done")
    return list(reply["texts"])


async def test_a_gateway_replica_killed_with_a_kiosk_open(cluster: Cluster) -> None:
    # The page reconnects and says hello with its device token again (kiosk.js);
    # the conversation, keyed by that token, carries on through the other replica.
    await asyncio.to_thread(cluster.both_serving, "voice")
    token = await pair_device(cluster.url("backend"))
    before = cluster.order_ids()
    async with aiohttp.ClientSession() as http:
        kiosk, replica = await _kiosk(cluster, http, token)
        assert any("确认下单" in t for t in await _turn(kiosk, ORDER))
        victim = cluster.program_on(replica)
        old = cluster.kill9(victim)
        closed = await kiosk.ws.receive(timeout=10)
        assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        kiosk, other = await _kiosk(cluster, http, token)
        assert other != replica
        assert any("密码" in t for t in await _turn(kiosk, "对"))
        assert any("下单成功" in t for t in await _turn(kiosk, "2468"))
        await kiosk.ws.close()
    assert len(cluster.order_ids() - before) == 1
    cluster.back_in_rotation(victim, old, 180)
