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
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import pytest
import requests

from tests.cluster.phone_turns import (
    _answered,
    _last_utterance,
    _pickups,
    _press,
    _to_the_pickup_code,
)
from tests.cluster.store_turns import (
    APOLOGIES,
    ORDER,
    _kiosk,
    _kiosk_turn,
    _turns_still_take_turns,
    assert_apology,
    new_sender,
    send_to,
    texts_of,
)
from tests.e2e.conftest import check_in_parcel
from tests.fixtures.backend import DEMO_TOKENS
from tests.fixtures.cluster import Cluster, run_cluster
from tests.fixtures.cluster_handle import WEIJUN
from tests.fixtures.phone import TwilioCaller
from tests.fixtures.private_stores import (
    PrivatePostgres,
    PrivateRedis,
    private_postgres,
    private_redis,
)
from tests.fixtures.voice import pair_device

pytestmark = [pytest.mark.cluster, pytest.mark.slow, pytest.mark.rasa]


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
            heard = await _press(caller, shelved["pickup_code"] + "#")
            done = await _answered(cluster, caller, turns + 1, heard)
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
            heard = await _press(again, shelved["pickup_code"] + "#")  # the same code
            told = await _answered(cluster, again, turns + 1, heard)
            assert _last_utterance(told) == "utter_pickup_already"
            await again.hang_up()
        finally:
            await again.close()
    assert _pickups(cluster, shelved["id"]) == picked  # still once, at the same time
