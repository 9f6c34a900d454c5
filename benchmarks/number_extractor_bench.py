"""Number extractor speed, and how its spans compare with the annotated training data.

Run: PYTHONPATH=. .venv/bin/python benchmarks/number_extractor_bench.py [--rounds 3]
[--show 10]

Every example sentence of ``data/nlu/*.yml`` and ``tests/nlu/heldout.yml`` (a few
thousand, both languages) is run through the extractor as Rasa would call it. Prints
µs per message (mean, p50, p95, max), then, per annotated entity type, how many
annotated spans the extractor finds exactly (``pin`` and ``pickup_code`` are
``digits`` to it); ``--show`` prints that many of the misses.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections import Counter
from pathlib import Path

from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.number_extractor import NumberExtractor

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [*sorted((ROOT / "data/nlu").glob("*.yml")), ROOT / "tests/nlu/heldout.yml"]
_EXAMPLE = re.compile(r"^\s*- (.+)$")
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\((\w+)\)|\{[^}]*\})")
AS_EXTRACTED = {"pin": "digits", "pickup_code": "digits", "order_id": "digits"}
COMPARED = ("quantity", "unit", "amount", "pin", "pickup_code", "order_id")

Span = tuple[str, int, int]


def examples(sources: list[Path]) -> list[tuple[str, list[Span]]]:
    """(plain text, annotated spans) for every example line of the NLU files."""
    out = []
    for path in sources:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _EXAMPLE.match(line)
            if not match or "examples" in line or "(?" in line:
                continue
            raw, text, spans = match.group(1).strip().strip("\"'"), "", []
            position = 0
            for annotated in _ANNOTATION.finditer(raw):
                text += raw[position : annotated.start()]
                start = len(text)
                text += annotated.group(1)
                if annotated.group(2):
                    spans.append((annotated.group(2), start, len(text)))
                position = annotated.end()
            out.append((text + raw[position:], spans))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--show", type=int, default=0, help="print N misses")
    parser.add_argument(
        "--files", type=Path, nargs="+", default=SOURCES,
        help="NLU files to read (e.g. tests/owner_sets/nlu_heldout.yml)",
    )  # fmt: skip
    args = parser.parse_args()

    extractor = NumberExtractor(NumberExtractor.get_default_config())
    sentences = examples(args.files)
    print(f"{len(sentences)} sentences from {len(args.files)} files")
    started = time.perf_counter()
    extractor.process([Message({TEXT: "借一万五 两箱 357246"})])
    first_ms = (time.perf_counter() - started) * 1e3
    print(f"first call (cn2an warms up): {first_ms:.1f} ms")
    timings: list[float] = []
    for _ in range(args.rounds):
        for text, _spans in sentences:
            message = Message({TEXT: text})
            started = time.perf_counter()
            extractor.process([message])
            timings.append((time.perf_counter() - started) * 1e6)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    print(f"per message: mean {statistics.fmean(timings):.1f} µs, p50 "
          f"{statistics.median(timings):.1f} µs, p95 {p95:.1f} µs, "
          f"max {timings[-1]:.0f} µs ({len(timings)} calls)")  # fmt: skip
    compare(extractor, sentences, args.show)


def compare(
    extractor: NumberExtractor, sentences: list[tuple[str, list[Span]]], show: int
) -> None:
    """Print how many annotated spans the extractor finds exactly, per type."""
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    misses: list[str] = []
    for text, spans in sentences:
        found = {(e["entity"], e["start"], e["end"]) for e in extractor.entities(text)}
        wanted = {(AS_EXTRACTED.get(k, k), s, e) for k, s, e in spans}
        for kind, start, end in spans:
            if kind not in COMPARED:
                continue
            total[kind] += 1
            if (AS_EXTRACTED.get(kind, kind), start, end) in found:
                hit[kind] += 1
            elif len(misses) < show:
                misses.append(f"  {kind} {text[start:end]!r} in {text!r}: {found}")
        for kind, _start, _end in found - wanted:
            extra[kind] += 1
    for kind in COMPARED:
        share = hit[kind] / total[kind] if total[kind] else 0.0
        print(f"{kind:12} annotated {total[kind]:4}  found exactly {hit[kind]:4} "
              f"({share:.1%})")  # fmt: skip
    print(f"found where nothing is annotated: {dict(sorted(extra.items()))}")
    print("\n".join(misses))


if __name__ == "__main__":
    main()
