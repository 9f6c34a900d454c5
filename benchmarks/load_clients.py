"""The load's clients: owners talking to Rasa, a courier checking parcels in.

Part of the load benchmark (``load_bench.py``).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import aiohttp

from benchmarks.load_scripts import JOBS, PLACED, SCRIPTS, Owner, owners, spoken_digits

COURIER_TOKEN = "zhanggui-demo-courier-token"  # the demo profiles' published one


@dataclass
class Turn:
    job: str
    step: int
    started: float  # seconds since the load began
    ms: float
    error: str | None = None  # "http 502", "timeout", "empty", "connection"
    text: str = ""


@dataclass
class Tally:
    turns: list[Turn] = field(default_factory=list)
    rounds: Counter[str] = field(default_factory=Counter)  # job -> rounds finished
    off_script: Counter[str] = field(default_factory=Counter)  # "job step n"
    placed: int = 0  # reorder rounds that heard the order placed
    courier_errors: int = 0
    examples: dict[str, str] = field(default_factory=dict)
    loadavg: list[float] = field(default_factory=list)  # 1-minute, every 5 s


async def watch_load(tally: Tally) -> None:
    """Note the machine's load average every 5 s while the load runs."""
    while True:
        tally.loadavg.append(os.getloadavg()[0])
        await asyncio.sleep(5)


async def send(
    http: aiohttp.ClientSession, rasa: str, sender: str, phone: str, text: str,
    timeout: float,
) -> tuple[str | None, str]:  # fmt: skip
    """One turn: (error or None, the reply's text)."""
    body = {"sender": sender, "message": text,
            "metadata": {"channel": "phone", "id": phone}}  # fmt: skip
    try:
        async with http.post(
            f"{rasa}/webhooks/rest/webhook",
            json=body,
            headers={"X-Conversation-Id": sender},
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as answer:
            if not 200 <= answer.status < 300:
                return f"http {answer.status}", ""
            replies = await answer.json(content_type=None)
    except asyncio.TimeoutError:
        return "timeout", ""
    except (aiohttp.ClientError, ValueError) as error:
        return f"connection: {type(error).__name__}", ""
    texts = [str(m.get("text") or "") for m in replies or [] if isinstance(m, dict)]
    reply = "\n".join(t for t in texts if t.strip())
    return (None if reply else "empty"), reply


async def check_in_parcel(
    http: aiohttp.ClientSession, backend: str, shop_id: int
) -> str | None:
    """A courier shelves a parcel at the shop; its pickup code (None: failed)."""
    body = {
        "tracking_no": f"LB{uuid.uuid4().int % 10**10:010d}",
        "carrier": "中通快递",
        "recipient_name": "张三",
        "recipient_phone": f"139{random.randrange(10**8):08d}",
    }
    try:
        async with http.post(
            f"{backend}/v1/shops/{shop_id}/parcels/check-ins",
            json=body,
            headers={"Authorization": f"Bearer {COURIER_TOKEN}"},
            timeout=aiohttp.ClientTimeout(total=30),
        ) as answer:
            if answer.status not in (200, 201):
                return None
            return str((await answer.json())["pickup_code"])
    except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, ValueError):
        return None


@dataclass(frozen=True)
class Load:
    conversations: int
    duration: float
    think: tuple[float, float]
    timeout: float


async def conversation(
    index: int, owner: Owner, load: Load, http: aiohttp.ClientSession,
    rasa: str, backend: str, began: float, tally: Tally,
) -> None:  # fmt: skip
    """One owner doing job ``index`` mod 3 round after round until the time is up."""
    job = JOBS[index % len(JOBS)]
    rng = random.Random(index)
    end = began + load.duration
    await asyncio.sleep(rng.uniform(0, load.think[1]))  # owners don't start in step
    rounds = 0
    while time.monotonic() < end:
        rounds += 1
        sender = f"load-{index}-{rounds}-{uuid.uuid4().hex[:6]}"
        values = {"pin": spoken_digits(owner.pin)}
        if job == "parcel":
            code = await check_in_parcel(http, backend, owner.shop_id)
            if code is None:
                tally.courier_errors += 1
                await asyncio.sleep(rng.uniform(*load.think))
                continue
            values["code"] = spoken_digits(code)
        previous = ""
        for number, step in enumerate(SCRIPTS[job]):
            if step.when and not re.search(step.when, previous):
                continue
            await asyncio.sleep(rng.uniform(*load.think))
            if time.monotonic() >= end:
                return
            text = step.say.format(**values)
            started = time.monotonic()
            error, reply = await send(http, rasa, sender, owner.phone, text,
                                      load.timeout)  # fmt: skip
            ms = (time.monotonic() - started) * 1000
            tally.turns.append(Turn(job, number, started - began, ms, error, reply))
            if error:
                break
            if step.expect and not re.search(step.expect, reply):
                key = f"{job} step {number + 1}"
                tally.off_script[key] += 1
                tally.examples.setdefault(key, f"{text} → {reply[:160]!r}")
                break
            if job == "reorder" and step.say == "{pin}" and re.search(PLACED, reply):
                tally.placed += 1
            previous = reply
        else:
            tally.rounds[job] += 1
        await asyncio.sleep(rng.uniform(*load.think))


async def drive(load: Load, rasa: str, backend: str, tally: Tally) -> float:
    """Run every conversation until the time is up; the seconds it took."""
    everyone = owners()
    connector = aiohttp.TCPConnector(limit=load.conversations + 20)
    async with aiohttp.ClientSession(connector=connector) as http:
        # Warm-up, not counted: a turn through each replica's model and actions.
        for n in range(4):
            await send(http, rasa, f"load-warm-{n}-{uuid.uuid4().hex[:6]}",
                       everyone[n].phone, "我能借多少钱", 120)  # fmt: skip
        began = time.monotonic()
        watcher = asyncio.create_task(watch_load(tally))
        await asyncio.gather(*(
            conversation(i, everyone[i % len(everyone)], load, http, rasa, backend,
                         began, tally)
            for i in range(load.conversations)
        ))  # fmt: skip
        watcher.cancel()
        return time.monotonic() - began
