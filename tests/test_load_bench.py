"""The load benchmark's conversations: they parse and each step can be satisfied.

The benchmark itself (``./zhanggui bench load``) is not run here: it takes minutes.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from benchmarks.__main__ import BENCHMARKS
from benchmarks.load_scripts import JOBS, PLACED, SCRIPTS, owners, spoken_digits

ROOT = Path(__file__).resolve().parents[1]


def _what_the_bot_can_say() -> str:
    files = [
        *(ROOT / "bot" / "domain").rglob("*.yml"),
        *(ROOT / "actions").glob("*.py"),
    ]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_registered_as_bench_load() -> None:
    assert BENCHMARKS["load"] == "load_bench.py"
    assert (ROOT / "benchmarks" / BENCHMARKS["load"]).exists()


def test_every_step_formats_and_its_expectation_is_something_the_bot_says() -> None:
    said = _what_the_bot_can_say()
    values = {"pin": spoken_digits("1234"), "code": spoken_digits("357246")}
    assert values == {"pin": "一二三四", "code": "三五七二四六"}
    for job, steps in SCRIPTS.items():
        assert steps, job
        for step in steps:
            assert step.say.format(**values).strip()
            for pattern in (step.expect, step.when):
                if pattern:
                    assert re.search(pattern, said), (job, step)
    assert re.search(PLACED, said)


def test_a_later_step_waits_only_for_what_an_earlier_one_expects() -> None:
    # A ``when`` must be reachable: some earlier step's expectation covers it.
    for job, steps in SCRIPTS.items():
        for index, step in enumerate(steps):
            if step.when:
                assert index > 0, job
                assert any(s.expect for s in steps[:index]), (job, step)


def test_owners_are_the_seeded_shops_and_reorders_are_spread() -> None:
    everyone = owners()
    assert len(everyone) >= 50
    assert len({o.shop_id for o in everyone}) == len(everyone)
    assert all(re.fullmatch(r"\+86\d{11}", o.phone) for o in everyone)
    assert all(re.fullmatch(r"\d{4}", o.pin) for o in everyone)
    reordering = Counter(
        everyone[i % len(everyone)].shop_id
        for i in range(200)
        if JOBS[i % len(JOBS)] == "reorder"
    )
    assert max(reordering.values()) <= 2
