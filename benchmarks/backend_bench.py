"""Backend throughput: order placements/s (SQLite, PostgreSQL) and resolve latency.

Run: ``python -m benchmarks.backend_bench [--orders 600] [--concurrency 16]``.
Starts a real ``python -m backend serve`` per database on a free port (fresh seeded
SQLite file; fresh PostgreSQL database if the server is reachable) and drives it
over HTTP. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import psutil

from tests.fixtures.backend import DEMO_TOKENS, backend_env, free_port

ROOT = Path(__file__).resolve().parents[1]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
QUERIES = ("可乐", "康师傅红烧牛肉面", "coke", "农夫山泉", "mineral water", "薯片",
           "牛奶", "雪碧 330", "instant noodles", "洗衣粉")  # fmt: skip
SKUS = ("KO-COLA-330-24", "NF-WATER-550-24", "KSF-BEEF-BAG-24", "YL-PURE-250-24")
# As in production: the action server's token plus each conversation's shop token.
HEADERS = {"Authorization": f"Bearer {DEMO_TOKENS['actions']}"}
GATEWAY = {"Authorization": f"Bearer {DEMO_TOKENS['gateway']}"}
PHONES = {1: "+8613800000001", 2: "+8613800000002", 3: "+8613800000003"}


async def _start(
    database_url: str, workdir: Path, workers: int
) -> tuple[str, asyncio.subprocess.Process]:
    port = free_port()
    env = {**backend_env(database_url, port), "BACKEND_WORKERS": str(workers)}
    seed = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backend", "seed", "--reset", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    if await seed.wait() != 0:
        raise RuntimeError("seeding failed")
    log = (workdir / f"serve-{port}.log").open("w")
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "backend", "serve", cwd=ROOT, env=env,
        stdout=log, stderr=log,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            try:
                async with http.get(f"{url}/healthz") as answer:
                    if answer.status == 200:
                        return url, server
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("backend did not start")


async def _sessions(
    http: aiohttp.ClientSession, url: str, shops: int
) -> dict[int, tuple[str, str]]:
    """Per shop: the conversation's shop token (as a channel resolves it) and a PIN
    session opened with it."""
    pins = {1: "2468", 2: "1357", 3: "9753"}
    tokens = {}
    for shop in range(1, shops + 1):
        phone = PHONES.get(shop, f"+86139{shop - 3:08d}")
        async with http.post(
            f"{url}/v1/identity/resolve", json={"channel": "phone", "id": phone},
            headers=GATEWAY,
        ) as answer:
            shop_token = (await answer.json())["shop_token"]
        async with http.post(
            f"{url}/v1/owners/{shop}/pin-sessions",
            json={"pin": pins.get(shop, "1234")},
            headers={"X-Shop-Token": shop_token},
        ) as answer:
            tokens[shop] = (shop_token, (await answer.json())["token"])
    return tokens


async def _orders(url: str, total: int, concurrency: int) -> tuple[float, int]:
    async with aiohttp.ClientSession(headers=HEADERS) as http:
        tokens = await _sessions(http, url, 10)
        gate = asyncio.Semaphore(concurrency)
        failures = 0

        async def place(n: int) -> None:
            nonlocal failures
            shop = n % len(tokens) + 1
            body = {"lines": [{"sku": SKUS[n % len(SKUS)], "quantity": 1 + n % 5}]}
            headers = {
                "X-Shop-Token": tokens[shop][0],
                "X-Owner-Session": tokens[shop][1],
                "Idempotency-Key": uuid.uuid4().hex,
            }
            async with (
                gate,
                http.post(
                    f"{url}/v1/shops/{shop}/orders", json=body, headers=headers
                ) as answer,
            ):
                await answer.read()
                failures += answer.status != 201

        await asyncio.gather(*(place(n) for n in range(min(50, total))))  # warm-up
        started = time.perf_counter()
        await asyncio.gather(*(place(n) for n in range(total)))
        return total / (time.perf_counter() - started), failures


async def _resolve(url: str, rounds: int) -> list[float]:
    timings = []
    async with aiohttp.ClientSession(headers=HEADERS) as http:
        shop_token = (await _sessions(http, url, 1))[1][0]
        http.headers["X-Shop-Token"] = shop_token
        for n in range(rounds):
            query = QUERIES[n % len(QUERIES)]
            started = time.perf_counter()
            async with http.get(
                f"{url}/v1/shops/1/catalog/resolve", params={"q": query, "limit": "5"}
            ) as answer:
                await answer.read()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


async def _bench(name: str, database_url: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        url, server = await _start(database_url, Path(workdir), args.workers)
        try:
            processes = [psutil.Process(server.pid)]
            processes += processes[0].children(recursive=True)
            cpu_before = sum(sum(p.cpu_times()[:2]) for p in processes)
            rate, failures = await _orders(url, args.orders, args.concurrency)
            # CPU the server spent per order (warm-up included): capacity that does
            # not depend on how busy the shared machine is.
            cpu_after = sum(sum(p.cpu_times()[:2]) for p in processes)
            cpu_ms = (cpu_after - cpu_before) * 1000
            per_order = cpu_ms / (args.orders + min(50, args.orders))
            print(f"{name:10} orders: {rate:7.1f} placements/s "
                  f"({args.orders} orders, concurrency {args.concurrency}, "
                  f"{args.workers} worker(s), "
                  f"{failures} not 201)")  # fmt: skip
            print(f"{name:10} server CPU: {per_order:5.2f} ms per order "
                  f"(~{1000 / per_order:5.0f} orders/s per free core); "
                  f"load average {psutil.getloadavg()[0]:.1f}")  # fmt: skip
            timings = await _resolve(url, args.resolves)
            cuts = statistics.quantiles(timings, n=20)
            p50, p95 = statistics.median(timings), cuts[18]
            print(f"{name:10} resolve: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms "
                  f"({args.resolves} sequential calls)")  # fmt: skip
        finally:
            server.terminate()
            await server.wait()


async def _postgres_database() -> str | None:
    try:
        import asyncpg

        admin = await asyncpg.connect(f"{PG_SERVER}/test", timeout=5)
    except Exception as error:  # no server: report and skip that half
        print(f"postgresql skipped: {error}")
        return None
    name = f"zg_bench_{uuid.uuid4().hex[:10]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    return name


async def _drop(name: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(f"{PG_SERVER}/test", timeout=5)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        await _bench("sqlite", f"sqlite:///{tmp}/bench.db", args)
    name = await _postgres_database()
    if name:
        try:
            await _bench("postgresql", f"{PG_SERVER}/{name}", args)
        finally:
            await _drop(name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--resolves", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1, help="BACKEND_WORKERS")
    asyncio.run(main(parser.parse_args()))
