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
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psutil

from benchmarks.load_clients import Load, Tally, drive
from benchmarks.load_processes import Sample, label_children, sample
from benchmarks.load_scripts import JOBS
from benchmarks.load_systems import System, cluster_system, single_system
from benchmarks.phone_latency import percentile

ROOT = Path(__file__).resolve().parent.parent


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
