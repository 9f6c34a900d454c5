"""The Redis ticket lock: exclusive across clients, FIFO, and a dead holder expires."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.redis_tickets import LockLostError, LockSettings, RedisTickets

pytestmark = pytest.mark.redis
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as error:  # no server: nothing to test against
        pytest.skip(f"Redis at 127.0.0.1:6379 is unreachable ({error})")
    name = f"zhanggui-test-{uuid.uuid4().hex[:8]}:"
    try:
        yield name
    finally:  # only our own keys
        async for key in client.scan_iter(match=name + "*"):
            await client.delete(key)
        await client.close()
        await client.connection_pool.disconnect()


Replica = Callable[..., RedisTickets]


@pytest.fixture
async def replica(prefix: str) -> AsyncIterator[Replica]:
    """Make one replica's view: its own connection pool, the same Redis."""
    clients: list[Redis] = []

    def make(ttl_ms: int = 10_000, wait_limit_s: float = 20) -> RedisTickets:
        clients.append(Redis.from_url(REDIS_URL))
        settings = LockSettings(ttl_ms=ttl_ms, poll_s=0.01, wait_limit_s=wait_limit_s)
        return RedisTickets(clients[-1], prefix, settings)

    yield make
    for client in clients:
        await client.close()
        await client.connection_pool.disconnect()


async def test_two_replicas_never_hold_one_conversation_at_once(
    replica: Replica,
) -> None:
    replicas = [replica(), replica()]
    state = {"inside": 0, "most": 0, "count": 0}

    async def turn(i: int) -> None:
        async with replicas[i % 2].hold("conv-1"):
            state["inside"] += 1
            state["most"] = max(state["most"], state["inside"])
            seen = state["count"]
            await asyncio.sleep(0.005)  # a lost update would show here
            state["count"] = seen + 1
            state["inside"] -= 1

    await asyncio.gather(*(turn(i) for i in range(40)))
    assert state == {"inside": 0, "most": 1, "count": 40}


async def test_turns_are_served_in_arrival_order(replica: Replica) -> None:
    replicas = [replica(), replica()]
    served: list[int] = []
    gate = asyncio.Event()

    async def first() -> None:
        async with replicas[0].hold("conv-2"):
            gate.set()
            await asyncio.sleep(0.3)
            served.append(0)

    async def later(i: int) -> None:
        async with replicas[i % 2].hold("conv-2"):
            served.append(i)

    holder = asyncio.create_task(first())
    await gate.wait()
    waiters = []
    for i in range(1, 8):  # each ticket issued before the next one asks
        waiters.append(asyncio.create_task(later(i)))
        await asyncio.sleep(0.02)
    await asyncio.gather(holder, *waiters)
    assert served == list(range(8))


async def test_a_dead_holders_lock_frees_itself(replica: Replica) -> None:
    ttl_ms = 400
    dead = replica(ttl_ms)
    hold = dead.hold("conv-3")
    await hold.__aenter__()  # acquired, then the "process" vanishes:
    for task in asyncio.all_tasks():  # its renewals stop, its release never runs
        if task.get_coro().__qualname__.endswith("_keep_alive"):  # type: ignore[union-attr]
            task.cancel()
    started = time.monotonic()
    async with replica(ttl_ms).hold("conv-3"):
        waited = time.monotonic() - started
    assert 0.2 < waited < 2.0


async def test_a_held_lock_outlives_its_ttl_while_the_holder_lives(
    replica: Replica,
) -> None:
    ttl_ms = 300
    holder, other = replica(ttl_ms), replica(ttl_ms)
    order: list[str] = []

    async def long_turn() -> None:
        async with holder.hold("conv-4"):
            await asyncio.sleep(1.0)  # > 3 lifetimes: renewals keep it
            order.append("long")

    task = asyncio.create_task(long_turn())
    await asyncio.sleep(0.05)
    async with other.hold("conv-4"):
        order.append("next")
    await task
    assert order == ["long", "next"]


async def test_waiting_too_long_gives_up(replica: Replica) -> None:
    holder = replica()
    impatient = replica(wait_limit_s=0.2)
    async with holder.hold("conv-5"):
        with pytest.raises(LockLostError):
            async with impatient.hold("conv-5"):
                pass
    async with impatient.hold("conv-5"):  # and the queue is not left blocked
        pass


async def test_the_lock_store_reports_its_waits_in_metrics(prefix: str) -> None:
    from rasa.utils.endpoints import EndpointConfig

    from bot.lock_store import AtomicRedisLockStore
    from common.metrics import exposition
    from tests.fixtures.metrics import sample

    store = AtomicRedisLockStore(EndpointConfig(url=REDIS_URL, key_prefix=prefix))
    before = exposition().decode()

    async def turn() -> None:
        async with store.lock("conv-6"):
            await asyncio.sleep(0.3)

    await asyncio.gather(turn(), turn())  # the second waits for the first
    after = exposition().decode()
    redis = store._tickets._redis  # Rasa's lock store API has no close()
    await redis.close()
    await redis.connection_pool.disconnect()

    def moved(name: str) -> float:
        return sample(after, name) - sample(before, name)

    assert moved("zhanggui_rasa_lock_wait_seconds_count") == 2
    assert moved("zhanggui_rasa_lock_wait_seconds_sum") >= 0.25


async def test_a_held_lock_survives_redis_losing_its_keys(
    replica: Replica, prefix: str
) -> None:
    # Redis restarted without persistence forgets every ticket; the holder's next
    # renewal puts its own back at the head, so a later turn still waits for it.
    ttl_ms = 300
    holder, other = replica(ttl_ms), replica(ttl_ms)
    order: list[str] = []
    inside = asyncio.Event()

    async def long_turn() -> None:
        async with holder.hold("conv-6"):
            inside.set()
            await asyncio.sleep(1.0)
            order.append("long")

    task = asyncio.create_task(long_turn())
    await inside.wait()
    wiper = Redis.from_url(REDIS_URL)
    try:
        async for key in wiper.scan_iter(match=prefix + "*"):
            await wiper.delete(key)
    finally:
        await wiper.close()
        await wiper.connection_pool.disconnect()
    await asyncio.sleep(0.25)  # > one renewal period (ttl / 3)
    async with other.hold("conv-6"):
        order.append("next")
    await task
    assert order == ["long", "next"]


async def test_a_redis_restart_is_waited_out_or_fails_fast(tmp_path: Path) -> None:
    from bot.lock_store import redis_client
    from tests.fixtures.private_stores import private_redis

    with private_redis(tmp_path) as server:
        client = redis_client(server.url)
        tickets = RedisTickets(client, "restart:", LockSettings(ttl_ms=1000))
        try:
            async with tickets.hold("conv-7"):  # connected, scripts loaded
                pass
            server.stop()  # a blip: the next turn waits for Redis to come back
            restarting = asyncio.get_running_loop().call_later(0.5, server.start)
            started = time.monotonic()
            async with tickets.hold("conv-7"):
                waited = time.monotonic() - started
            assert 0.4 < waited < 2.5
            restarting.cancel()
            server.stop()  # an outage: the turn fails within the outage wait
            started = time.monotonic()
            with pytest.raises(RedisError):
                async with tickets.hold("conv-7"):
                    pass
            assert time.monotonic() - started < 5
            server.start()
            async with tickets.hold("conv-7"):  # and it works again after
                pass
        finally:
            await client.close()
            await client.connection_pool.disconnect()
