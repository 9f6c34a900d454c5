"""``/model/parse`` latency of two NLU models side by side, in one run.

    python benchmarks/parse_latency.py --before MODEL --before-root DIR --now MODEL
                                       [--now-root DIR] [--sentences FILE] [--rounds N]

Starts one ``rasa run --enable-api`` per model on free ports, each with
``PYTHONPATH`` set to its checkout (``--before-root``, ``--now-root``, default this
one) so that checkout's custom components load. Then it posts the same sentences to
both, alternating model by model sentence by sentence (which model goes first
alternates too), so load on the shared machine hits both alike, after a warm-up of
20 sentences each. The sentences are the example lines of ``--sentences`` (default
``tests/owner_sets/nlu_heldout.yml``) with entity annotations stripped, each sent
``--rounds`` times.

Prints per model and language (zh: the sentence has a CJK character; else en) the
count, mean, p50 and p95 in ms, the ratio now/before of mean and p50, and whether
the target "growth ≤ 20 %" is met (overall mean and p50 ratios both ≤ 1.20).

Leaves out: the dialogue (policies, actions, tracker store: the models are NLU-only),
speech recognition and synthesis, the network (both servers are on 127.0.0.1, one
request at a time, through one keep-alive HTTP session, whose own overhead is in
every figure), concurrent load, and model loading and the first parses (warm-up).
Absolute figures depend on the machine and its load; only the ratio is meant to
travel.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.processes import stop  # noqa: E402

SENTENCES = ROOT / "tests" / "owner_sets" / "nlu_heldout.yml"
WARM_UP = 20
START_TIMEOUT = 300.0  # cold start on a busy 2-core machine; a guard, not a figure
TARGET_RATIO = 1.20
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass
class Server:
    """One running ``rasa run``: its name, address, process and log."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def strip_annotations(example: str) -> str:
    """``我要[五](quantity)箱`` → ``我要五箱``; ``[x]{"entity": ...}`` as well."""
    return _ANNOTATION.sub(r"\1", example)


def language_of(text: str) -> str:
    """``zh`` when the sentence has any CJK character, else ``en``."""
    return "zh" if _CJK.search(text) else "en"


def load_sentences(path: Path) -> list[str]:
    """The plain text of every ``- `` example line of a Rasa NLU YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sentences = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                sentences.append(strip_annotations(line[2:].strip()))
    return [s for s in sentences if s]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_ready(server: Server, limit: float) -> None:
    """Return once ``/status`` names a loaded model; raise if the server dies."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{server.name}: rasa run exited "
                               f"({server.process.returncode}):\n{tail}")  # fmt: skip
        try:
            answer = requests.get(f"{server.url}/status", timeout=3)
            if answer.ok and answer.json().get("model_file"):
                return
        except (requests.RequestException, ValueError):
            pass
        time.sleep(1)
    raise RuntimeError(f"{server.name}: {server.url} not ready within {limit:.0f} s")


@contextmanager
def rasa_server(name: str, model: Path, root: Path, work: Path) -> Iterator[Server]:
    """``rasa run --enable-api -m model`` with ``PYTHONPATH=root``; stopped on exit."""
    port = free_port()
    log = work / f"{name}.log"
    env = {**os.environ, "PYTHONPATH": str(root), "RASA_TELEMETRY_ENABLED": "false"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "rasa", "run", "--enable-api", "-m", str(model),
             "--port", str(port), "--interface", "127.0.0.1"],
            cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Server(name, f"http://127.0.0.1:{port}", process, log)
    try:
        yield server
    finally:
        stop(process, timeout=30)


def parse_ms(session: requests.Session, server: Server, text: str) -> float:
    """Milliseconds for one ``POST /model/parse`` of ``text``, answer checked."""
    started = time.perf_counter()
    answer = session.post(f"{server.url}/model/parse", json={"text": text}, timeout=60)
    elapsed = (time.perf_counter() - started) * 1000
    answer.raise_for_status()
    if "intent" not in answer.json():
        raise RuntimeError(f"{server.name}: no intent in the parse of {text!r}")
    return elapsed


def measure(
    servers: tuple[Server, Server], sentences: list[str], rounds: int
) -> dict[str, list[tuple[str, float]]]:
    """Per server name, (language, ms) of each parse, the two taking turns."""
    times: dict[str, list[tuple[str, float]]] = {s.name: [] for s in servers}
    with requests.Session() as session:
        for text in sentences[:WARM_UP]:
            for server in servers:
                parse_ms(session, server, text)
        turn = 0
        for _ in range(rounds):
            for text in sentences:
                order = servers if turn % 2 == 0 else servers[::-1]
                turn += 1
                for server in order:
                    ms = parse_ms(session, server, text)
                    times[server.name].append((language_of(text), ms))
    return times


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(times: dict[str, list[tuple[str, float]]]) -> bool:
    """Print the figures per model and language; True when the target is met."""
    ratios: dict[str, tuple[float, float]] = {}
    for language in ("zh", "en", "all"):
        means: dict[str, float] = {}
        medians: dict[str, float] = {}
        for name, samples in times.items():
            values = [ms for lang, ms in samples if language in (lang, "all")]
            if not values:
                continue
            means[name] = statistics.fmean(values)
            medians[name] = percentile(values, 0.5)
            print(f"  [{language:>3}] {name:<6} n={len(values):<5} "
                  f"mean {means[name]:6.1f} ms  p50 {medians[name]:6.1f} ms  "
                  f"p95 {percentile(values, 0.95):6.1f} ms")  # fmt: skip
        if len(means) == 2:
            ratios[language] = (means["now"] / means["before"],
                                medians["now"] / medians["before"])  # fmt: skip
            print(f"  [{language:>3}] now/before: mean ×{ratios[language][0]:.3f}  "
                  f"p50 ×{ratios[language][1]:.3f}")  # fmt: skip
    met = max(ratios["all"]) <= TARGET_RATIO
    print(f"target: growth ≤ 20 % (overall mean and p50): "
          f"{'met' if met else 'not met'}")  # fmt: skip
    return met


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", type=Path, required=True, help="the older model")
    parser.add_argument(
        "--before-root", type=Path, required=True,
        help="checkout the older model was trained in (its bot/components)",
    )  # fmt: skip
    parser.add_argument("--now", type=Path, required=True, help="the current model")
    parser.add_argument(
        "--now-root", type=Path, default=ROOT,
        help="checkout of the current model (default this one)",
    )  # fmt: skip
    parser.add_argument(
        "--sentences", type=Path, default=SENTENCES,
        help="Rasa NLU YAML whose examples are sent (default the held-out owner set)",
    )  # fmt: skip
    parser.add_argument(
        "--rounds", type=int, default=2,
        help="times each sentence is sent to each model (default 2)",
    )  # fmt: skip
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    sentences = load_sentences(args.sentences)
    if args.rounds < 1:
        raise SystemExit("--rounds must be at least 1")
    if len(sentences) <= WARM_UP:
        raise SystemExit(f"{args.sentences}: only {len(sentences)} sentences")
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rasa_")))
        servers = (
            stack.enter_context(rasa_server("before", args.before.resolve(),
                                            args.before_root.resolve(), work)),
            stack.enter_context(rasa_server("now", args.now.resolve(),
                                            args.now_root.resolve(), work)),
        )  # fmt: skip
        for server in servers:
            wait_until_ready(server, START_TIMEOUT)
        started = time.perf_counter()
        times = measure(servers, sentences, args.rounds)
        seconds = time.perf_counter() - started
    print(f"/model/parse latency, {len(sentences)} sentences × {args.rounds} rounds "
          f"per model, alternating, after {WARM_UP} warm-up parses each "
          f"({seconds:.0f} s, {os.cpu_count()} cores)")  # fmt: skip
    print(f"  before: {args.before} (PYTHONPATH {args.before_root})")
    print(f"  now:    {args.now} (PYTHONPATH {args.now_root})")
    report(times)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
