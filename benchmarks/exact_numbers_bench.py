"""Codes, PINs and quantities exactly right, sentence by sentence, through the model.

    PYTHONPATH=. .venv/bin/python benchmarks/exact_numbers_bench.py \
        --model models/<digest>.tar.gz [--heldout FILE] [--show N]

Every sentence of the held-out file (default: the frozen owner set) is parsed by the
trained model, as ``/model/parse`` would (every extractor, the synonym mapper). A
sentence is right for a kind when the spans of that kind found are exactly the
annotated ones: a miss, a wrong edge and a span too many all make it wrong. The number
extractor's ``digits`` span counts as the code kind annotated on exactly that span
(the open question decides which kind it is). Target: 99 % of the sentences holding
a code, a PIN or a quantity. The sentences holding none of a kind give its false
alarms: a code, a count or a unit found where the annotation has none. Last, entity
F1 over every kind (products, amounts and terms too) as ``/model/parse`` returns
them: unlike ``benchmarks/nlu_bench.py``, which reads DIET's own results, this counts
what every extractor added or dropped.

Two readings: the model's (what ``/model/parse`` returns) and the number
extractor's alone (its counts; codes as the model reads them). Before the extractor
replaced DIET's counts (``bot/config.yml``), the model's reading was DIET's counts.
What it leaves out: amounts (a plain 20000 is ``digits`` by design) and whether the
dialogue later uses a span right.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.number_extractor_bench import Span, examples  # noqa: E402
from bot.components.number_extractor import NumberExtractor  # noqa: E402
from tools.nlu_eval import (  # noqa: E402
    Prediction,
    digits_as_kind,
    entity_f1,
    language_of,
)

OWNER_SET = ROOT / "tests" / "owner_sets" / "nlu_heldout.yml"
CODES = ("pin", "pickup_code", "order_id")
COUNTS = ("quantity", "unit")
KINDS = (*CODES, *COUNTS)
READINGS = ("model", "extractor")
# A digit string no annotation claims stays "digits": a code found where none was said.
ALARMS = {"codes": (*CODES, "digits"), "quantity": ("quantity",), "unit": ("unit",)}


def parse_all(model: Path, texts: list[str]) -> list[frozenset[Span]]:
    """Every entity span the full model finds in each text."""
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)  # not a debug line per parse
    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))

    async def parse(text: str) -> frozenset[Span]:
        result = await agent.parse_message(text)
        return spans_of(result["entities"])

    async def run() -> list[frozenset[Span]]:
        return [await parse(text) for text in texts]

    return asyncio.run(run())


def spans_of(entities: Iterable[dict[str, Any]]) -> frozenset[Span]:
    return frozenset((e["entity"], e["start"], e["end"]) for e in entities)


def of_kind(spans: Iterable[Span], kind: str) -> frozenset[Span]:
    return frozenset(s for s in spans if s[0] == kind)


def readings(
    gold: frozenset[Span], model: frozenset[Span], rule: frozenset[Span]
) -> dict[str, frozenset[Span]]:
    """The spans of each reading, codes relabelled by the annotation."""
    model_reading = digits_as_kind(gold, model)
    codes = frozenset(s for s in model_reading if s[0] in CODES)
    counts = frozenset(s for s in rule if s[0] in COUNTS)
    return {"model": model_reading, "extractor": counts | codes}


def score(
    cases: list[tuple[str, frozenset[Span]]],
    parsed: list[frozenset[Span]],
    extractor: NumberExtractor,
    show: int,
) -> None:
    right: Counter[tuple[str, str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    unheld: Counter[tuple[str, str]] = Counter()
    alarms: Counter[tuple[str, str]] = Counter()
    for (text, gold), model in zip(cases, parsed, strict=True):
        language = language_of(text)
        by_reading = readings(gold, model, spans_of(extractor.entities(text)))
        held = [k for k in KINDS if of_kind(gold, k)]
        for group, kinds in ALARMS.items():
            if not any(of_kind(gold, k) for k in kinds):
                unheld[language, group] += 1
                model_spans = by_reading["model"]
                alarmed = any(of_kind(model_spans, k) for k in kinds)
                alarms[language, group] += alarmed
                if alarmed and len(misses) < show:
                    extra = sorted(s for s in model_spans if s[0] in kinds)
                    misses.append(f"  {text!r}: no {group} annotated -> {extra}")
        if not held:
            continue
        for kind in [*held, "all"]:
            total[language, kind] += 1
        for name, spans in by_reading.items():
            wrong = [k for k in held if of_kind(spans, k) != of_kind(gold, k)]
            for kind in held:
                right[name, language, kind] += kind not in wrong
            right[name, language, "all"] += not wrong
            if name == "model" and wrong and len(misses) < show:
                found = sorted(s for s in spans if s[0] in KINDS)
                misses.append(f"  {text!r}: {sorted(gold)} -> {found}")
    for language in ("zh", "en"):
        print(f"[{language}] sentences right / holding the kind:")
        for kind in [*KINDS, "all"]:
            n = total[language, kind]
            cells = "  ".join(
                f"{name} {right[name, language, kind]}/{n} "
                f"({100 * right[name, language, kind] / max(n, 1):.1f} %)"
                for name in READINGS
            )
            print(f"  {kind:<12} {cells}")
        print(f"[{language}] false alarms, sentences holding none of the kind where "
              "the model found one: " + ", ".join(
                  f"{group} {alarms[language, group]}/{unheld[language, group]}"
                  for group in ALARMS))  # fmt: skip
    print("target: 99 % of sentences holding a code, a PIN or a quantity ('all')")
    for language in ("zh", "en"):
        whole = [
            Prediction(text, "", "", gold, model)
            for (text, gold), model in zip(cases, parsed, strict=True)
            if language_of(text) == language
        ]
        print(f"[{language}] entity F1, every kind, as /model/parse gives them "
              f"(digits as the code kind annotated): "
              f"{entity_f1(whole, digits_kind=True):.3f} (target 0.95)")  # fmt: skip
    if misses:
        print("the model's reading, wrong sentences and false alarms:")
        print("\n".join(misses))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--heldout", type=Path, default=OWNER_SET)
    parser.add_argument("--show", type=int, default=20, help="wrong sentences shown")
    args = parser.parse_args()
    cases = [(text, frozenset(spans)) for text, spans in examples([args.heldout])]
    parsed = parse_all(args.model.resolve(), [text for text, _ in cases])
    score(cases, parsed, NumberExtractor({}), args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
