"""Load: many owners' text conversations at once, for minutes, cluster and single node.

    ./zhanggui bench load              # 200 conversations, 5 minutes, both modes
    python -m benchmarks.load_bench --conversations 20 --duration 30 --mode single

Starts the system itself, on ports and stores of its own so a running system is never
disturbed: cluster mode as ``./zhanggui up --cluster`` runs it (supervisord, two
replicas of each service behind nginx, PostgreSQL, Redis) on a fresh database pair
and Redis prefix with every port shifted (``tests/fixtures/cluster.py``), and single
node as ``./zhanggui up`` runs it (honcho, SQLite) with its ports shifted and its
databases in a temporary directory. Both in the test profile (the demo world and the
demo credentials; the demo partners idle).

Each conversation is one owner of a seeded shop (the three demo shops and the 50
others, +86139000000NN, PIN 1234) doing one of the three jobs, over and over until
the time is up, each time as a new conversation (a new sender id):

* reorder: 我要订货 老样子 → the read-back → 对 → the PIN → the order placed;
* loan: 我能借多少钱 → the PIN → the offer (or why not yet) → 每个月几号还款 →
  借三万 分六个月 → the read-back → 不用了 先不借 (never submitted, so each round
  finds the same offer);
* parcel: a courier checks a parcel in through the backend (not a turn), then the
  owner: 有几个快递 → 有人来取快递 → the pickup code → the parcel handed over.

Conversation *i* does job *i* mod 3 at shop *i* mod 53, so no shop has more than
⌈200/53⌉ = 4 conversations and no more than 2 reordering. Turns go to Rasa's REST
webhook with the owner's phone number as identity (the test profile's channel) and
``X-Conversation-Id`` (nginx routes Rasa by conversation). Between turns the owner
thinks for a random 1–3 s (``--think``), so 200 conversations make about 200 / (2 s
+ a turn) turns per second at most: a realistic load of 200 owners talking at once,
not a flood.

An **error** is a non-2xx answer, no answer within ``--timeout`` s, or an empty reply
(no text). A reply that is not what the script expects (an unexpected question, a
refusal) is counted as **off script** and ends that round of the conversation; it is
not an error. Prints, per mode: turns, turns/s, errors, p50/p95/max turn latency,
each process's RSS at the start and end of the load and its CPU seconds during it,
the machine's load average, and what the backend holds afterwards (orders placed
against the rounds that heard "placed", so nothing is placed twice).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import psutil

from backend.seed.catalog.data import PRODUCTS
from backend.seed.world import DEMO_SHOPS, extra_shops
from benchmarks.phone_latency import percentile
from common.languages import is_chinese
from tools.cluster_layout import Layout

ROOT = Path(__file__).resolve().parent.parent
COURIER_TOKEN = "zhanggui-demo-courier-token"  # the demo profiles' published one
ZH_DIGITS = "零一二三四五六七八九"

# ---------------------------------------------------------------------------------
# What owners say. A step: what to say, what the reply must match to carry on
# (None: anything), and when to say it (None: always; else only if the previous
# reply matches). {pin} and {code} are said digit by digit in Mandarin.


@dataclass(frozen=True)
class Step:
    say: str
    expect: str | None = None
    when: str | None = None


PIN_ASKED = r"密码|PIN(?![a-z])"
SCRIPTS: dict[str, tuple[Step, ...]] = {
    "reorder": (
        Step("我要订货 老样子", expect=r"确认下单"),
        Step("对", expect=PIN_ASKED),
        Step("{pin}", expect=r"下单成功"),
    ),
    "loan": (
        Step("我能借多少钱", expect=PIN_ASKED),
        Step("{pin}", expect=r"借|贷"),  # the offer, or why not yet
        Step("每个月几号还款", expect=r"每月还", when=r"要申请吗"),
        # A smaller offer than 30,000 asks how much instead.
        Step("借三万 分六个月", expect=r"确认申请|想借多少", when=r"每月还"),
        Step("不用了 先不借", when=r"确认申请|想借多少"),
    ),
    "parcel": (
        Step("现在有几个快递", expect=r"包裹"),
        Step("有人来取快递", expect=r"取件码"),
        Step("{code}", expect=r"取走"),
    ),
}
JOBS = tuple(SCRIPTS)
PLACED = r"下单成功"  # a reorder round that heard its order placed


def spoken_digits(value: str) -> str:
    """Digits as a Mandarin speaker says them one by one (二四六八)."""
    return "".join(ZH_DIGITS[int(d)] for d in value)


@dataclass(frozen=True)
class Owner:
    shop_id: int
    phone: str
    pin: str


def owners() -> list[Owner]:
    """Every seeded shop's owner (backend/seed/world.py)."""
    shops = [*DEMO_SHOPS, *extra_shops(tuple(p.sku for p in PRODUCTS))]
    return [Owner(s.shop_id, s.phone, s.pin) for s in shops if is_chinese(s.language)]


# ---------------------------------------------------------------------------------
# The clients.


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


# ---------------------------------------------------------------------------------
# The processes: who they are, their memory and CPU.


@dataclass
class Sample:
    rss_mb: float
    cpu_s: float


def _tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def sample(process: psutil.Process) -> Sample:
    """RSS and CPU seconds of a process and its children."""
    rss, cpu = 0, 0.0
    for one in _tree(process):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            rss += one.memory_info().rss
            times = one.cpu_times()
            cpu += times.user + times.system
    return Sample(rss / 2**20, cpu)


SERVICE_OF = (
    ("bot serve", "rasa"), ("run_rasa", "rasa"), ("-m actions", "actions"),
    ("backend serve", "backend"), ("voice serve", "voice"),
    ("demo_partners", "partners"), ("nginx", "nginx"),
)  # fmt: skip


PORT_SETTINGS = {"backend": "BACKEND_PORT", "actions": "ACTIONS_PORT",
                 "rasa": "RASA_PORT", "voice": "VOICE_PORT"}  # fmt: skip


def label_children(
    supervisor: psutil.Process, replicas: bool
) -> dict[str, psutil.Process]:
    """The supervisor's children, named by service (and port, for replicas)."""
    found: dict[str, psutil.Process] = {}
    for child in supervisor.children():
        # honcho runs each service under a worker of its own and a shell.
        name, line = "", " ".join(child.cmdline())
        for one in _tree(child):
            with contextlib.suppress(psutil.Error):
                words = one.cmdline()
                line = " ".join(words)
                name = next((n for key, n in SERVICE_OF if key in line), "")
                if name and Path(words[0]).name not in ("sh", "bash", "dash"):
                    child = one
                    break
        name = name or line[:30]
        if replicas and name in PORT_SETTINGS:
            with contextlib.suppress(psutil.Error, KeyError):
                name = f"{name}:{child.environ()[PORT_SETTINGS[name]]}"
        while name in found:
            name += "'"
        found[name] = child
    return dict(sorted(found.items()))


# ---------------------------------------------------------------------------------
# The system under test.


@dataclass
class System:
    mode: str
    rasa: str
    backend: str
    supervisor: psutil.Process
    count: Any  # (sql) -> int, on the backend's database
    tracker_count: Any  # (sql) -> int, on Rasa's tracker store
    nginx_log: Path | None = None
    pg_database: str | None = None


def _sqlite_counter(path: Path) -> Any:
    def count(sql: str) -> int:
        with contextlib.closing(sqlite3.connect(path, timeout=30)) as db:
            return int(db.execute(sql).fetchone()[0] or 0)

    return count


def _pg_counter(url: str) -> Any:
    def count(sql: str) -> int:
        import psycopg2

        with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
            cursor.execute(sql)
            row = cursor.fetchone()
            return int(row[0] or 0) if row else 0

    return count


@contextlib.contextmanager
def cluster_system(model: Path, directory: Path) -> Iterator[System]:
    from tests.fixtures.cluster import cluster_process, cluster_unavailable, free_layout

    missing = cluster_unavailable()
    if missing:
        raise SystemExit(f"cluster mode cannot start: {missing}")
    layout = free_layout()
    with cluster_process(model, directory, layout) as started:
        yield System(
            "cluster",
            layout.url("rasa"),
            layout.url("backend"),
            psutil.Process(started.process.pid),
            _pg_counter(started.database_url),
            _pg_counter(started.database_url + "_tracker"),
            nginx_log=directory / "logs" / "nginx-access.log",
            pg_database=started.database_url.rsplit("/", 1)[1],
        )


def _single_env(
    layout: Layout, model: Path, directory: Path, database: Path
) -> dict[str, str]:
    """``./zhanggui up``'s environment: ``layout``'s ports, SQLite in ``directory``."""
    ports = {s: layout.public(s) for s in ("backend", "actions", "rasa", "voice")}
    env = {k: v for k, v in os.environ.items() if k != "ZHANGGUI_CONFIG_FILE"}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(ROOT),
        ZHANGGUI_PROFILE="test",
        DATABASE_URL=f"sqlite+aiosqlite:///{database}",
        ZHANGGUI_TRACKER_DB=str(directory / "tracker.db"),
        BACKEND_PORT=str(ports["backend"]),
        ACTIONS_PORT=str(ports["actions"]),
        RASA_PORT=str(ports["rasa"]),
        VOICE_PORT=str(ports["voice"]),
        ZHANGGUI_AUDIOSOCKET_PORT=str(layout.audiosocket(0)),
        ZHANGGUI_BACKEND_URL=layout.url("backend"),
        ZHANGGUI_RASA_URL=layout.url("rasa"),
        ZHANGGUI_MODEL=str(model),
        ZHANGGUI_QUIET_HOURS="off",
        ZHANGGUI_NOTICE_SCAN_S="0",
    )
    return env


@contextlib.contextmanager
def single_system(model: Path, directory: Path) -> Iterator[System]:
    """``./zhanggui up`` (honcho, SQLite) with every port shifted."""
    from tests.fixtures.cluster import _wait_http, free_layout

    layout = free_layout()
    database = directory / "zhanggui.db"
    env = _single_env(layout, model, directory, database)
    log = (directory / "up.log").open("wb")
    up = subprocess.Popen(
        [sys.executable, "-m", "tools.run", "up"], cwd=ROOT, env=env,
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    everything: list[psutil.Process] = []
    try:
        for service, path in (("backend", "/healthz"), ("actions", "/health"),
                              ("voice", "/healthz"), ("rasa", "/status")):  # fmt: skip
            _wait_http(f"{layout.url(service)}{path}", 420, up)
        honcho = next(p for p in psutil.Process(up.pid).children()
                      if "honcho" in " ".join(p.cmdline()))  # fmt: skip
        everything = _tree(psutil.Process(up.pid))
        yield System(
            "single",
            layout.url("rasa"),
            layout.url("backend"),
            honcho,
            _sqlite_counter(database),
            _sqlite_counter(directory / "tracker.db"),
        )
    finally:
        if not everything:
            with contextlib.suppress(psutil.NoSuchProcess):
                everything = _tree(psutil.Process(up.pid))
        for process in everything:  # honcho stops its children on SIGTERM
            with contextlib.suppress(psutil.NoSuchProcess):
                if "honcho" in " ".join(process.cmdline()):
                    process.send_signal(signal.SIGTERM)
        try:
            up.wait(60)
        except subprocess.TimeoutExpired:
            pass
        for process in everything:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            up.wait(10)
        log.close()


# ---------------------------------------------------------------------------------
# One run and its figures.

OUTCOMES = {
    "orders": "SELECT COUNT(*) FROM orders",
    "parcels picked up": "SELECT COUNT(*) FROM parcels WHERE status = 'picked_up'",
    "loan applications": "SELECT COUNT(*) FROM loan_applications",
}


def _pg_stats(database: str) -> tuple[int, int]:
    """(commits in the two databases, WAL position in bytes): server-wide WAL."""
    import psycopg2

    from tests.fixtures.cluster import PG_SERVER

    with contextlib.closing(psycopg2.connect(f"{PG_SERVER}/postgres")) as db:
        with db.cursor() as cursor:
            cursor.execute(
                "SELECT COALESCE(SUM(xact_commit), 0) FROM pg_stat_database "
                "WHERE datname IN (%s, %s)", (database, f"{database}_tracker"),
            )  # fmt: skip
            commits = int(cursor.fetchone()[0])
            cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')")
            wal = int(cursor.fetchone()[0])
    return commits, wal


def _lines(path: Path | None, pattern: str) -> int:
    if path is None or not path.exists():
        return 0
    needle = re.compile(pattern)
    with path.open("rb") as log:
        return sum(1 for line in log if needle.search(line.decode(errors="replace")))


@dataclass
class Result:
    mode: str
    load: Load
    seconds: float
    tally: Tally
    memory: dict[str, tuple[Sample, Sample]]
    cpu_busy: float  # the machine's CPU use during the load, percent
    client_cpu_s: float  # this process's, the clients'
    outcomes: dict[str, int]
    extra: dict[str, str]


def run_mode(mode: str, load: Load, model: Path) -> Result:
    starter = cluster_system if mode == "cluster" else single_system
    print(f"\n[{mode}] starting the system …", flush=True)
    # Kept afterwards (var/ is not committed): the services' logs, the SQLite files.
    directory = ROOT / "var" / "load" / f"{mode}-{dt.datetime.now():%Y%m%d-%H%M%S}"
    directory.mkdir(parents=True)
    print(f"[{mode}] logs in {directory}", flush=True)
    with starter(model, directory) as system:
        processes = label_children(system.supervisor, mode == "cluster")
        before = {name: sample(p) for name, p in processes.items()}
        counted = {k: system.count(sql) for k, sql in OUTCOMES.items()}
        events = system.tracker_count("SELECT COUNT(*) FROM events")
        event_bytes = system.tracker_count(
            "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM events"
        )
        pg = _pg_stats(system.pg_database) if system.pg_database else None
        backend_calls = _lines(system.nginx_log, r'"[A-Z]+ /v1/')
        print(f"[{mode}] {load.conversations} conversations for "
              f"{load.duration:.0f} s …", flush=True)  # fmt: skip
        psutil.cpu_percent()
        me = psutil.Process()  # the clients alone: the system is our child
        client_cpu_s = sum(me.cpu_times()[:2])
        tally = Tally()
        seconds = asyncio.run(drive(load, system.rasa, system.backend, tally))
        cpu_busy = psutil.cpu_percent()
        client_cpu_s = sum(me.cpu_times()[:2]) - client_cpu_s
        after = {name: sample(p) for name, p in processes.items()}
        extra: dict[str, str] = {}
        if not system.supervisor.is_running():
            extra["the supervisor"] = "EXITED during the load (see its log)"
        with contextlib.suppress(psutil.Error):
            now = label_children(system.supervisor, mode == "cluster")
            for name, p in now.items():
                if name not in processes or processes[name].pid != p.pid:
                    after[name + " (restarted)"] = sample(p)
        outcomes = {k: system.count(sql) - counted[k] for k, sql in OUTCOMES.items()}
        extra.update(
            _growth(system, len(tally.turns), seconds, (events, event_bytes, pg),
                    backend_calls)
        )  # fmt: skip
        memory = {name: (before.get(name, Sample(0, 0)), s)
                  for name, s in after.items()}  # fmt: skip
    return Result(mode, load, seconds, tally, memory, cpu_busy, client_cpu_s,
                  outcomes, extra)  # fmt: skip


def _growth(
    system: System,
    turns: int,
    seconds: float,
    stores_before: tuple[int, int, tuple[int, int] | None],
    backend_calls: int,
) -> dict[str, str]:
    """What the stores and nginx log gained during the load, per turn or second."""
    events, event_bytes, pg = stores_before
    extra: dict[str, str] = {}
    new_events = system.tracker_count("SELECT COUNT(*) FROM events") - events
    new_bytes = (
        system.tracker_count("SELECT COALESCE(SUM(LENGTH(data)), 0) FROM events")
        - event_bytes
    )
    if turns and new_events:
        extra["tracker rows per turn"] = (
            f"{new_events / turns:.1f} ({new_events:,} rows, "
            f"{new_bytes / new_events:,.0f} bytes each on average)"
        )
    if pg is not None and system.pg_database:
        commits, wal = _pg_stats(system.pg_database)
        extra["PostgreSQL commits/s (both databases)"] = (
            f"{(commits - pg[0]) / seconds:.0f}"
        )
        extra["WAL MB/s (whole server, other users included)"] = (
            f"{(wal - pg[1]) / seconds / 2**20:.2f}"
        )
    if system.nginx_log is not None:
        calls = _lines(system.nginx_log, r'"[A-Z]+ /v1/') - backend_calls
        extra["backend requests/s (through nginx)"] = (
            f"{calls / seconds:.1f} ({calls / max(1, turns):.2f} per turn)"
        )
    return extra


def _p50_p95(values: list[float]) -> str:
    return f"{percentile(values, 0.5):.0f} / {percentile(values, 0.95):.0f} ms"


def _rows(
    result: Result, ok: list[float], errors: Counter[str]
) -> list[tuple[str, str]]:
    """The report's figures, as (label, value)."""
    tally, turns = result.tally, result.tally.turns
    rows: list[tuple[str, str]] = []

    def add(key: str, value: str) -> None:
        rows.append((key, value))

    add("turns", f"{len(turns):,} ({len(ok):,} answered)")
    add("turns/s", f"{len(ok) / result.seconds:.1f}")
    kinds = ", ".join(f"{kind} {n}" for kind, n in errors.items())
    add("errors", f"{sum(errors.values())}" + (f" ({kinds})" if kinds else ""))
    if ok:
        add("turn latency p50 / p95", _p50_p95(ok) + f", max {max(ok):.0f} ms")
    rows += _latency_rows(result)
    off = sum(tally.off_script.values())
    add(
        "off script (not errors)", f"{off}" + (f" {dict(tally.off_script)}" * bool(off))
    )
    if tally.courier_errors:
        add("parcel check-ins failed", str(tally.courier_errors))
    said_pin = sum(1 for t in turns if t.job == "reorder" and t.step == 2)
    add("orders placed / rounds that said the PIN / rounds told placed",
        f"{result.outcomes['orders']} / {said_pin} / {tally.placed}")  # fmt: skip
    add("parcels picked up", str(result.outcomes["parcels picked up"]))
    add("loan applications made", str(result.outcomes["loan applications"]))
    for key, value in result.extra.items():
        add(key, value)
    cores = psutil.cpu_count() or 1
    averages = tally.loadavg or [0.0]
    mean = sum(averages) / len(averages)
    add("machine load average (1 min)", f"mean {mean:.1f}, max {max(averages):.1f}")
    used = sum(end.cpu_s - start.cpu_s for start, end in result.memory.values())
    share = 100 / (result.seconds * cores)
    add("CPU busy, of all cores",
        f"{result.cpu_busy:.0f} %: the system {used * share:.0f} %, the clients "
        f"{result.client_cpu_s * share:.0f} %, the rest other work")  # fmt: skip
    return rows


def _latency_rows(result: Result) -> list[tuple[str, str]]:
    """Latency per job, then per minute of the run."""
    tally, turns = result.tally, result.tally.turns
    rows: list[tuple[str, str]] = []

    def add(key: str, value: str) -> None:
        rows.append((key, value))

    for job in JOBS:
        values = [t.ms for t in turns if t.error is None and t.job == job]
        if values:
            finished = tally.rounds[job]
            add(f"  {job}", f"{_p50_p95(values)}, {len(values)} turns, "
                f"{finished} rounds finished")  # fmt: skip
    for minute in range(int(result.seconds // 60) + 1):
        inside = [
            t.ms
            for t in turns
            if t.error is None and minute * 60 <= t.started < (minute + 1) * 60
        ]
        if inside:
            add(f"  minute {minute + 1}", f"{_p50_p95(inside)}, {len(inside)} turns")
    return rows


def report(result: Result) -> None:
    tally, turns, load = result.tally, result.tally.turns, result.load
    ok = [t.ms for t in turns if t.error is None]
    errors = Counter(t.error.split(":")[0] for t in turns if t.error)
    print(
        f"\n=== {result.mode}: {load.conversations} conversations, "
        f"{result.seconds:.0f} s, think {load.think[0]:g}–{load.think[1]:g} s, "
        f"timeout {load.timeout:g} s ==="
    )
    rows = _rows(result, ok, errors)
    width = max(len(key) for key, _ in rows)
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    print(f"  {'process':<{width}}  RSS at start → end (MB), CPU during the load")
    answered = max(1, len(ok))
    for name, (start, end) in result.memory.items():
        cpu = end.cpu_s - start.cpu_s
        print(f"  {'  ' + name:<{width}}  {start.rss_mb:6.0f} → {end.rss_mb:6.0f}"
              f"   {cpu:6.1f} s ({cpu * 1000 / answered:.1f} ms per turn)")  # fmt: skip
    for key, example in tally.examples.items():
        print(f"  e.g. off script at {key}: {example}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--duration", type=float, default=300, help="seconds")
    parser.add_argument("--mode", choices=("cluster", "single", "both"),
                        default="both")  # fmt: skip
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0),
                        metavar=("MIN", "MAX"),
                        help="the owner's pause before each turn, seconds")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=30,
                        help="a turn not answered within this is an error")  # fmt: skip
    args = parser.parse_args(argv)
    from tools.model_cache import ensure_model

    model = Path(os.environ.get("ZHANGGUI_MODEL") or ensure_model(quiet=True))
    load = Load(args.conversations, args.duration, tuple(args.think), args.timeout)
    modes = ("cluster", "single") if args.mode == "both" else (args.mode,)
    print(f"load benchmark {dt.datetime.now():%Y-%m-%d %H:%M}, "
          f"{psutil.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    for mode in modes:
        report(run_mode(mode, load, model))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
