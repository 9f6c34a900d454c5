"""Resolver speed and accuracy over generated spoken-style queries.

Run: PYTHONPATH=. .venv/bin/python benchmarks/catalog_bench.py [--seed 7] [--show 0]
Prints index build time, p50/p95/max latency per query, top-1 accuracy per kind of
query, how often the top answer is flagged ambiguous, and how many unknown products
wrongly got candidates.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from collections import defaultdict

from backend.catalog.lines import line_code
from backend.catalog.resolver import CatalogIndex, Resolution
from backend.seed.catalog.data import PRODUCTS, STANDARD_SKUS
from benchmarks.spoken_queries import SpokenQuery, generate


def correct(query: SpokenQuery, result: Resolution) -> bool:
    """Whether the top candidate is what the owner meant (no candidate for unknowns)."""
    best = result.best
    if query.line is None:
        return best is None
    if best is None or line_code(best.entry) != query.line:
        return False
    return query.sku is None or best.entry.sku == query.sku


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=0, help="print N failures")
    args = parser.parse_args()

    started = time.perf_counter()
    index = CatalogIndex(PRODUCTS, STANDARD_SKUS)
    build_ms = (time.perf_counter() - started) * 1000
    queries = generate(PRODUCTS, seed=args.seed)
    index.resolve("预热 warm-up")

    gc.freeze()  # the index is long-lived: keep the collector off its objects
    latencies: list[float] = []
    cpu: list[float] = []
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    failures: list[tuple[SpokenQuery, Resolution]] = []
    for query in queries:
        lang = "en" if query.kind.startswith(("en", "full")) else "zh"
        started, started_cpu = time.perf_counter(), time.thread_time()
        result = index.resolve(query.text, lang=lang)
        latencies.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        ok = correct(query, result)
        tally = totals[query.kind]
        tally[0] += 1
        tally[1] += ok
        tally[2] += result.ambiguous
        if not ok:
            failures.append((query, result))

    latencies.sort()
    cpu.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    cpu_p95 = cpu[int(0.95 * (len(cpu) - 1))]
    known = [q for q in queries if q.line is not None]
    known_ok = sum(totals[k][1] for k in totals if k != "unknown")
    print(f"catalog: {len(PRODUCTS)} products; index built in {build_ms:.0f} ms")
    print(f"queries: {len(queries)} ({len(known)} with a known intended product)")
    print(
        f"latency ms: p50 {statistics.median(latencies):.2f}  p95 {p95:.2f}  "
        f"max {latencies[-1]:.2f}"
    )
    print(
        f"cpu ms:     p50 {statistics.median(cpu):.2f}  p95 {cpu_p95:.2f}  "
        f"max {cpu[-1]:.2f}  (thread CPU time: what the query costs when the "
        f"machine is busy; load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores)"
    )
    print(
        f"top-1 accuracy (known products): {known_ok}/{len(known)} "
        f"= {known_ok / len(known):.2%}"
    )
    for kind, (count, ok, ambiguous) in sorted(totals.items()):
        print(f"  {kind:13} {ok:4}/{count:<4} {ok / count:6.1%}  ambiguous {ambiguous}")
    for query, result in failures[: args.show]:
        got = [f"{m.entry.sku}:{m.score}" for m in result.candidates[:3]]
        want = query.sku or query.line
        print(f"  MISS {query.kind} {query.text!r} want {want} got {got}")


if __name__ == "__main__":
    main()
