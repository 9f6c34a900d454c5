"""Dialogue latency: full turns through the REST webhook, with and without actions.

    python -m benchmarks.dialogue_bench [--turns 200] [--train]

Starts a seeded backend, the action server and ``rasa run`` on free ports (the same
helpers the tests use), then prints:

* p50/p95 of a turn answered by a plain response (``help`` → ``utter_help``) and of a
  turn through a custom action that calls the backend (``list_parcels``), and their
  ratio (target ≤ 1.5);
* where the action turn's time goes: the backend call alone and the action server
  alone (``POST /webhook`` with the real tracker), against the whole turn;
* turns per second with N concurrent conversations, and the largest N whose p95
  stays ≤ 300 ms;
* with ``--train``, the time of a full ``rasa train`` into a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

from tests.fixtures.backend import start_backend, stop_backend
from tests.fixtures.rasa import (
    RasaServer,
    start_action_server,
    start_rasa,
    stop_action_server,
)
from tools.model_cache import ensure_model

ROOT = Path(__file__).resolve().parents[1]
PHONE = "+8613800000001"
PLAIN = "你能帮我做什么"  # help → utter_help, no custom action
WITH_ACTION = "有哪些包裹在等人取"  # list_parcels → action_list_parcels → backend


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _turn(session: requests.Session, rasa: RasaServer, sender: str, text: str) -> float:
    body = {"sender": sender, "message": text,
            "metadata": {"channel": "phone", "id": PHONE}}  # fmt: skip
    started = time.perf_counter()
    answer = session.post(rasa.webhook_url, json=body, timeout=60)
    elapsed = time.perf_counter() - started
    answer.raise_for_status()
    return elapsed * 1000


# Turns per conversation: Rasa sends the whole tracker to the action server on every
# call, so one endless conversation would measure tracker size, not a shop's day.
CONVERSATION_TURNS = 10


def _series(rasa: RasaServer, text: str, turns: int) -> list[float]:
    session = requests.Session()
    timings: list[float] = []
    while len(timings) < turns:
        sender = f"bench-{uuid.uuid4().hex[:8]}"
        _turn(session, rasa, sender, text)  # session start is not a normal turn
        timings += [
            _turn(session, rasa, sender, text)
            for _ in range(min(CONVERSATION_TURNS, turns - len(timings)))
        ]
    return timings


def _interleaved(rasa: RasaServer, turns: int) -> tuple[list[float], list[float]]:
    """Alternate plain and action turns so load from elsewhere hits both alike."""
    plain: list[float] = []
    action: list[float] = []
    while len(plain) < turns:
        batch = min(CONVERSATION_TURNS, turns - len(plain))
        plain += _series(rasa, PLAIN, batch)
        action += _series(rasa, WITH_ACTION, batch)
    return plain, action


def _show(label: str, values: list[float]) -> tuple[float, float]:
    p50, p95 = _percentile(values, 0.5), _percentile(values, 0.95)
    print(f"{label:<44} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (n={len(values)})")
    return p50, p95


def _breakdown(rasa: RasaServer, backend_url: str, token: str, turns: int) -> None:
    session = requests.Session()
    headers = {"Authorization": f"Bearer {token}"}
    backend = []
    for _ in range(turns):
        started = time.perf_counter()
        session.get(f"{backend_url}/v1/shops/1/parcels?status=waiting",
                    headers=headers, timeout=30).raise_for_status()  # fmt: skip
        backend.append((time.perf_counter() - started) * 1000)
    _show("backend GET parcels alone", backend)
    sender = f"bench-{uuid.uuid4().hex[:8]}"
    _turn(session, rasa, sender, WITH_ACTION)
    tracker = session.get(
        f"{rasa.url}/conversations/{sender}/tracker", timeout=30
    ).json()
    domain = session.get(f"{rasa.url}/domain", headers={"Accept": "application/json"},
                         timeout=30).json()  # fmt: skip
    call: dict[str, Any] = {
        "next_action": "action_list_parcels",
        "sender_id": sender,
        "tracker": tracker,
        "domain": domain,
        "version": "3.6.21",
    }
    action = []
    for _ in range(turns):
        started = time.perf_counter()
        session.post(
            f"{rasa.actions.url}/webhook", json=call, timeout=30
        ).raise_for_status()
        action.append((time.perf_counter() - started) * 1000)
    _show("action server alone (POST /webhook)", action)


def _concurrency(rasa: RasaServer, turns_each: int) -> None:
    best = 0
    for workers in (1, 2, 4, 8):

        def run(_: int) -> list[float]:
            return _series(rasa, WITH_ACTION, turns_each)

        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            results = [v for chunk in pool.map(run, range(workers)) for v in chunk]
        wall = time.perf_counter() - started
        p95 = _percentile(results, 0.95)
        rate = len(results) / wall
        print(
            f"{workers} concurrent conversations: {rate:6.1f} turns/s, "
            f"p95 {p95:6.1f} ms"
        )
        if p95 <= 300:
            best = max(best, workers)
    print(f"most concurrent conversations with p95 <= 300 ms: {best}")


def _train_time() -> None:
    with tempfile.TemporaryDirectory() as out:
        # A fresh training cache: otherwise Rasa restores unchanged components.
        env = {**os.environ, "RASA_CACHE_DIRECTORY": str(Path(out) / "cache")}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "rasa", "train", "--config", "bot/config.yml",
             "--domain", "bot/domain", "--data", "data", "--out", out],
            cwd=ROOT, env=env, check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        print(
            "rasa train (NLU + core, from scratch): "
            f"{time.perf_counter() - started:.0f} s"
        )


def main() -> int:
    """Start the stack, measure, print the figures, stop the stack."""
    parser = argparse.ArgumentParser(prog="dialogue_bench")
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--train", action="store_true", help="also time rasa train")
    args = parser.parse_args()
    model = ensure_model(quiet=True)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        backend, backend_process = start_backend(directory)
        actions = start_action_server(backend.url, backend.token("actions"), directory)
        started = time.perf_counter()
        rasa, rasa_process = start_rasa(model, actions, directory)
        print(f"rasa run cold start to /status: {time.perf_counter() - started:.0f} s")
        try:
            plain, action = _interleaved(rasa, args.turns)
            plain50, plain95 = _show("turn, plain response (utter_help)", plain)
            action50, action95 = _show("turn, custom action + backend", action)
            print(
                f"ratio action/plain: p50 {action50 / plain50:.2f}, "
                f"p95 {action95 / plain95:.2f} (target <= 1.5)"
            )
            _breakdown(rasa, backend.url, backend.token("operator"), args.turns // 2)
            _concurrency(rasa, max(10, args.turns // 10))
        finally:
            rasa_process.terminate()
            rasa_process.wait(30)
            stop_action_server(actions)
            stop_backend(backend_process)
    if args.train:
        _train_time()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
