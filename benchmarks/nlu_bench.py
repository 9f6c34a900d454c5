"""NLU quality per language on the held-out file, and NLU training time.

    python benchmarks/nlu_bench.py [--model models/<digest>.tar.gz]

Without ``--model`` it trains an NLU-only model (``rasa train nlu`` with
``bot/config.yml`` and ``data/nlu``) into a temporary directory and times it. Then it
runs ``rasa test nlu`` on ``tests/nlu/heldout.yml`` and prints, per language, intent
macro-F1 (target ≥ 0.97) and entity F1 on exact spans (target ≥ 0.95), plus the
misclassified sentences.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.nlu_eval import (  # noqa: E402
    HELDOUT,
    entity_f1,
    intent_f1,
    language_of,
    load_predictions,
    macro,
    run_rasa_test_nlu,
)


def train(out: Path) -> tuple[Path, float]:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", "bot/config.yml",
         "--nlu", "data/nlu", "--out", str(out), "--fixed-model-name", "nlu"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return out / "nlu.tar.gz", time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, help="evaluate this model, skip training")
    parser.add_argument(
        "--heldout", type=Path, default=HELDOUT,
        help="sentences never trained on (the frozen owner set: "
        "tests/owner_sets/nlu_heldout.yml)",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-sentence misses")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nlu_bench_") as tmp:
        work = Path(tmp)
        if args.model:
            model = args.model
        else:
            model, seconds = train(work / "models")
            print(f"NLU training time (rasa train nlu, {os.cpu_count()} cores): "
                  f"{seconds:.0f} s")  # fmt: skip
        started = time.perf_counter()
        run_rasa_test_nlu(model, args.heldout, work / "results")
        print(f"rasa test nlu on the held-out file: "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        predictions = load_predictions(work / "results")
    print(f"held-out sentences: {len(predictions)}")
    for language in ("zh", "en"):
        subset = [p for p in predictions if language_of(p.text) == language]
        scores = intent_f1(subset)
        print(f"[{language}] {len(subset)} sentences  intent macro-F1 "
              f"{macro(scores):.3f} (target 0.97)  entity F1 "
              f"{entity_f1(subset):.3f} (target 0.95)")  # fmt: skip
        weak = {k: round(v, 2) for k, v in scores.items() if v < 0.9}
        if weak:
            print(f"[{language}] intents below 0.9: {weak}")
    for p in [] if args.quiet else predictions:
        if p.predicted_intent != p.intent:
            print(f"  intent miss: {p.text!r}  {p.intent} -> {p.predicted_intent}")
        elif p.entities != p.predicted_entities:
            print(f"  entity miss: {p.text!r}  {sorted(p.entities)} -> "
                  f"{sorted(p.predicted_entities)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
