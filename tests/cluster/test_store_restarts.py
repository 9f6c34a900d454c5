"""PostgreSQL and Redis restarted under the running cluster: an apology, then on.

The cluster here runs on servers of this module's own (``tests/fixtures/
private_stores.py``), never the machine's shared ones, so they can be stopped and
started mid-conversation. During an outage the owner is told to try again (503 from
the REST channel, the apology on the kiosk), never a 500, silence or a reply made up
from an empty conversation; afterwards the conversation carries on where it was, and
each order is placed exactly once. Last, a phone call whose gateway replica is
killed: it drops, its pickup stays done once, and calling again works.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
import requests

from tests.e2e.conftest import check_in_parcel
from tests.fixtures.backend import DEMO_TOKENS
from tests.fixtures.cluster import WEIJUN, Cluster, run_cluster
from tests.fixtures.kiosk_socket import KioskSocket
from tests.fixtures.phone import TwilioCaller
from tests.fixtures.private_stores import (
    PrivatePostgres,
    PrivateRedis,
    private_postgres,
    private_redis,
)
from tests.fixtures.voice import pair_device
from voice.phone.call import conversation_id

pytestmark = [pytest.mark.cluster, pytest.mark.slow, pytest.mark.rasa]
ORDER = "再来二十箱可口可乐"
APOLOGIES = ("assistant_unavailable", "backend_unavailable")  # kiosk's strings.js


@pytest.fixture(scope="module")
def pg() -> Iterator[PrivatePostgres]:
    with private_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    with private_redis(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def stores_cluster(
    rasa_model: Path,
    tmp_path_factory: pytest.TempPathFactory,
    pg: PrivatePostgres,
    redis_server: PrivateRedis,
) -> Iterator[Cluster]:
    """The system in cluster mode on the private PostgreSQL and Redis."""
    yield from run_cluster(rasa_model, tmp_path_factory, pg.server, redis_server.url)


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


async def test_postgresql_restarted_mid_conversation(
    stores_cluster: Cluster, pg: PrivatePostgres
) -> None:
    cluster = stores_cluster
    before = cluster.order_ids()
    done, waiting = new_sender(), new_sender()
    # One order confirmed before the restart, one conversation at its read-back.
    for text in (ORDER, "对"):
        await asyncio.to_thread(cluster.say, done, text)
    texts, _ = await asyncio.to_thread(cluster.say, done, "2468")
    assert any("下单成功" in t for t in texts), texts
    confirmed = cluster.order_ids() - before
    assert len(confirmed) == 1
    texts, _ = await asyncio.to_thread(cluster.say, waiting, ORDER)
    assert any("确认下单" in t for t in texts), texts
    token = await pair_device(cluster.url("backend"))

    async with aiohttp.ClientSession() as http:
        kiosk = await _kiosk(cluster, http, token)
        first = await _kiosk_turn(kiosk, "你好")
        assert first["type"] == "reply", first

        await asyncio.to_thread(pg.stop)
        outage = time.monotonic()
        try:
            for replica in (0, 1):
                started = time.monotonic()
                answer = await asyncio.to_thread(
                    send_to, cluster, replica, waiting, "对"
                )
                assert_apology(answer)
                assert time.monotonic() - started < 20
            heard = await _kiosk_turn(kiosk, "你好")
            assert heard["type"] == "error" and heard["code"] in APOLOGIES, heard
            await asyncio.sleep(max(0.0, 3 - (time.monotonic() - outage)))
        finally:
            await asyncio.to_thread(pg.start)
        print(f"PostgreSQL down for {time.monotonic() - outage:.1f} s")

        # Right after: every pooled connection died with the old server.
        again = await _kiosk_turn(kiosk, "你好")
        assert again["type"] == "reply", again
        await kiosk.ws.close()

    # The first turn on each Rasa replica after the restart; the read-back survived.
    texts = texts_of(await asyncio.to_thread(send_to, cluster, 0, waiting, "对"))
    assert any("密码" in t for t in texts), texts
    texts = texts_of(await asyncio.to_thread(send_to, cluster, 1, waiting, "2468"))
    assert any("下单成功" in t for t in texts), texts
    placed = cluster.order_ids() - before
    assert confirmed < placed and len(placed) == 2, placed  # nothing lost or doubled
    assert cluster.user_texts(done) == [ORDER, "对", "2468"]
    # The turns refused during the outage left nothing behind.
    assert cluster.user_texts(waiting) == [ORDER, "对", "2468"]

    # Restarted while nobody talks: every pooled connection is dead, none has failed
    # yet to tell its pool. The first requests on each replica still go through.
    await asyncio.to_thread(pg.restart, 1.0)
    auth = {"Authorization": f"Bearer {DEMO_TOKENS['operator']}"}
    for port in cluster.layout.replicas("backend"):
        answer = await asyncio.to_thread(
            requests.get,
            f"http://127.0.0.1:{port}/v1/shops/1/orders",
            headers=auth,
            timeout=30,
        )
        assert answer.status_code == 200, (port, answer.status_code, answer.text)
    quiet = new_sender()
    for replica in (0, 1):
        answer = await asyncio.to_thread(send_to, cluster, replica, quiet, "你好")
        texts_of(answer)  # 200 and a reply
    assert cluster.user_texts(quiet) == ["你好", "你好"]


def test_redis_restarted_mid_conversation(
    stores_cluster: Cluster, redis_server: PrivateRedis
) -> None:
    cluster = stores_cluster
    before = cluster.order_ids()
    sender = new_sender()
    texts, _ = cluster.say(sender, ORDER)
    assert any("确认下单" in t for t in texts), texts

    redis_server.stop()  # an outage longer than the lock's retries: an apology
    outage = time.monotonic()
    try:
        started = time.monotonic()
        assert_apology(cluster.send(sender, "对"))
        assert time.monotonic() - started < 15
    finally:
        redis_server.start()
    print(f"Redis down for {time.monotonic() - outage:.1f} s")

    # A blip shorter than the retries: the turn waits, then goes through.
    redis_server.stop()
    answers: list[requests.Response] = []
    turn = threading.Thread(target=lambda: answers.append(cluster.send(sender, "对")))
    turn.start()
    time.sleep(0.4)
    redis_server.start()
    turn.join(60)
    assert answers and answers[0].status_code == 200, answers and answers[0].text
    texts = [str(m.get("text", "")) for m in answers[0].json()]
    assert any("密码" in t for t in texts), texts

    texts, _ = cluster.say(sender, "2468")
    assert any("下单成功" in t for t in texts), texts
    assert len(cluster.order_ids() - before) == 1
    assert cluster.user_texts(sender) == [ORDER, "对", "2468"]
    _turns_still_take_turns(cluster)


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


async def test_a_phone_call_on_a_dying_gateway_replica(
    stores_cluster: Cluster,
) -> None:
    # A call is one WebSocket on one gateway replica: killing the replica drops it.
    # The pickup confirmed before is recorded once; calling again (through the other
    # replica) and keying the same code does not hand the parcel over twice.
    cluster = stores_cluster
    backend = SimpleNamespace(
        url=cluster.url("backend"),
        headers={"Authorization": f"Bearer {DEMO_TOKENS['operator']}"},
    )
    shelved = check_in_parcel(backend, 1, f"SF{uuid.uuid4().int % 10**12}")  # type: ignore[arg-type]
    voice = cluster.url("voice")
    async with aiohttp.ClientSession(base_url=voice) as http:
        caller = TwilioCaller(http, WEIJUN, public_url=voice)  # type: ignore[arg-type]
        await caller.dial()
        assert caller.ws is not None
        replica = caller.ws._response.headers["X-Zhanggui-Replica"].split(",")[-1]
        try:
            turns = await _to_the_pickup_code(cluster, caller)
            await caller.press(shelved["pickup_code"] + "#")
            done = await _answered(cluster, caller, turns + 1)
            assert _last_utterance(done) == "utter_pickup_done"
            picked = _pickups(cluster, shelved["id"])
            assert len(picked) == 1, picked

            victim = cluster.program_on(replica.strip())
            await asyncio.to_thread(cluster.kill9, victim)
            # The call drops (the socket ends), never hangs on.
            await asyncio.wait_for(caller.hung_up_by_line.wait(), 15)
        finally:
            await caller.close()

        again = TwilioCaller(http, WEIJUN, public_url=voice)  # type: ignore[arg-type]
        await again.dial()
        try:
            assert again.ws is not None
            other = again.ws._response.headers["X-Zhanggui-Replica"].split(",")[-1]
            assert other.strip() != replica.strip()
            turns = await _to_the_pickup_code(cluster, again)
            await again.press(shelved["pickup_code"] + "#")  # the same code again
            told = await _answered(cluster, again, turns + 1)
            assert _last_utterance(told) == "utter_pickup_already"
            await again.hang_up()
        finally:
            await again.close()
    assert _pickups(cluster, shelved["id"]) == picked  # still once, at the same time


def _tracker(cluster: Cluster, call_sid: str) -> dict[str, Any]:
    answer = cluster.session.get(
        f"{cluster.url('rasa')}/conversations/{conversation_id(call_sid)}/tracker",
        timeout=30,
    )
    answer.raise_for_status()
    return dict(answer.json())


async def _answered(
    cluster: Cluster, caller: TwilioCaller, turns: int
) -> dict[str, Any]:
    """Wait until the call's ``turns``-th turn is done in Rasa; return the tracker.

    The tracker, not the audio: the next key may cut the reply short (barge-in),
    which keeps this real-time call short.
    """
    for _ in range(300):
        tracker = await asyncio.to_thread(_tracker, cluster, caller.call_sid)
        events = tracker["events"]
        users = sum(1 for e in events if e["event"] == "user")
        last = events[-1] if events else {}
        if users >= turns and last.get("name") == "action_listen":
            return tracker
        await asyncio.sleep(0.2)
    raise AssertionError(f"turn {turns} of the call never finished")


async def _to_the_pickup_code(cluster: Cluster, caller: TwilioCaller) -> int:
    """After the greeting: ``2``, then ``1`` a page at a time, until the code is
    asked for; return the number of turns so far."""
    turns = 1
    await _answered(cluster, caller, turns)  # the greeting
    keys = "2"
    for _ in range(10):
        await caller.press(keys)
        turns += 1
        slots = (await _answered(cluster, caller, turns))["slots"]
        if slots.get("awaiting") == "pickup_code":
            return turns
        assert slots.get("confirming") == "more_parcels", slots
        keys = "1"
    raise AssertionError("the parcels were never all read out")


def _last_utterance(tracker: dict[str, Any]) -> str:
    bots = [e for e in tracker["events"] if e["event"] == "bot"]
    return str(bots[-1].get("metadata", {}).get("utter_action")) if bots else ""


def _pickups(cluster: Cluster, parcel_id: int) -> list[tuple[object, ...]]:
    """The parcel's pickup records and its pickup time, read in the database."""
    import psycopg2

    with psycopg2.connect(cluster.database_url) as connection:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.id, p.picked_up_at FROM audit_log a JOIN parcels p"
                " ON a.subject = 'parcel:' || p.id"
                " WHERE a.action = 'parcel_picked_up' AND p.id = %s",
                (parcel_id,),
            )
            found = [tuple(row) for row in cursor.fetchall()]
    connection.close()
    return found
