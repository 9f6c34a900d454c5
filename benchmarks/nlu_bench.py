"""NLU quality per language on the held-out file, and NLU training time.

    python benchmarks/nlu_bench.py [--config PATH] [--model models/<digest>.tar.gz]
                                   [--heldout PATH] [--keep DIR] [--quiet]

Without ``--model`` it trains an NLU-only model (``rasa train nlu`` with ``--config``,
default ``bot/config.yml``, and ``data/nlu``) into a temporary directory and times it.
Any pipeline is trained and scored the same way, e.g. Rasa's stock Chinese pipeline
in ``benchmarks/configs/stock_chinese.yml``. Then it runs ``rasa test nlu`` on
``tests/nlu/heldout.yml`` (or ``--heldout``) and prints, per language, intent
macro-F1 (target ≥ 0.97) and entity F1 on exact spans (target ≥ 0.95), plus the
misclassified sentences.

Entity F1 is given twice. *strict*: type, start and end must all match. *digits as
kind*: the number extractor's ``digits`` span also counts as a match where the
held-out file labels exactly that span ``pin``, ``pickup_code`` or ``order_id``
(in the product the open question decides which kind a digit string is).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.nlu_eval import (  # noqa: E402
    HELDOUT,
    Prediction,
    entity_f1,
    intent_f1,
    language_of,
    load_predictions,
    macro,
    run_rasa_test_nlu,
)

CONFIG = ROOT / "bot" / "config.yml"


def train(config: Path, out: Path) -> tuple[Path, float]:
    """Train an NLU-only model with ``config`` on ``data/nlu``: (model, seconds)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config),
         "--nlu", "data/nlu", "--out", str(out), "--fixed-model-name", "nlu"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return out / "nlu.tar.gz", time.perf_counter() - started


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, help="evaluate this model, skip training")
    parser.add_argument(
        "--config", type=Path, default=CONFIG,
        help="pipeline to train with (default bot/config.yml; Rasa's stock Chinese "
        "pipeline: benchmarks/configs/stock_chinese.yml)",
    )  # fmt: skip
    parser.add_argument(
        "--heldout", type=Path, default=HELDOUT,
        help="sentences never trained on (the frozen owner set: "
        "tests/owner_sets/nlu_heldout.yml)",
    )  # fmt: skip
    parser.add_argument(
        "--keep", type=Path, metavar="DIR",
        help="keep the trained model (DIR/nlu.tar.gz, to score again with --model) "
        "and rasa test nlu's reports (DIR/<held-out file name>/)",
    )  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="no per-sentence misses")
    return parser.parse_args()


def trained_model(args: argparse.Namespace, work: Path) -> Path:
    """The model to score: ``--model``, or one trained now (and kept if asked)."""
    if args.model:
        return Path(args.model).resolve()
    model, seconds = train(args.config.resolve(), work / "models")
    print(f"NLU training time (rasa train nlu --config {args.config}, "
          f"{os.cpu_count()} cores): {seconds:.0f} s")  # fmt: skip
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        shutil.copy2(model, args.keep / "nlu.tar.gz")
    return model


def print_scores(predictions: list[Prediction]) -> None:
    """Intent macro-F1 and both entity F1 figures, per language."""
    for language in ("zh", "en"):
        subset = [p for p in predictions if language_of(p.text) == language]
        scores = intent_f1(subset)
        print(f"[{language}] {len(subset)} sentences  intent macro-F1 "
              f"{macro(scores):.3f} (target 0.97)  entity F1 strict "
              f"{entity_f1(subset):.3f} (target 0.95)  entity F1 digits-as-kind "
              f"{entity_f1(subset, digits_kind=True):.3f}")  # fmt: skip
        weak = {k: round(v, 2) for k, v in scores.items() if v < 0.9}
        if weak:
            print(f"[{language}] intents below 0.9: {weak}")


def print_misses(predictions: list[Prediction]) -> None:
    """Each misclassified sentence, and each with wrong entities (strict)."""
    for p in predictions:
        if p.predicted_intent != p.intent:
            print(f"  intent miss: {p.text!r}  {p.intent} -> {p.predicted_intent}")
        elif p.entities != p.predicted_entities:
            print(f"  entity miss: {p.text!r}  {sorted(p.entities)} -> "
                  f"{sorted(p.predicted_entities)}")  # fmt: skip


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="nlu_bench_") as tmp:
        work = Path(tmp)
        model = trained_model(args, work)
        started = time.perf_counter()
        run_rasa_test_nlu(model, args.heldout.resolve(), work / "results")
        print(f"rasa test nlu on {args.heldout}: "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        predictions = load_predictions(work / "results")
        if args.keep:
            reports = args.keep / args.heldout.stem
            shutil.copytree(work / "results", reports, dirs_exist_ok=True)
    print(f"held-out sentences: {len(predictions)}")
    print_scores(predictions)
    if not args.quiet:
        print_misses(predictions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
