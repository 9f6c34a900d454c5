"""Play the frozen owner conversations (tests/owner_sets/conversations) against a
running system and report task success per class and per language.

Each conversation is sent turn by turn through Rasa's REST webhook with a fresh sender
id and the owner's phone number as identity. The bot's replies are checked against the
turn's expectations; the backend's state is snapshotted through its HTTP API before and
after the conversation, and the change is judged against the conversation's outcome
(orders placed and cancelled, parcels picked up or returned, loan applications).

Only the standard library, requests and PyYAML are used: the runner never imports the
project's packages, so it can score any build that speaks the documented HTTP contract.

    python benchmarks/owner_conversations.py                  # everything
    python benchmarks/owner_conversations.py --only parcels --language en --limit 5

The format of the sets is described in tests/owner_sets/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from benchmarks.owner_checks import distinct_choices
from benchmarks.owner_runner import Result, Runner
from benchmarks.owner_spoken import any_form_regex, fill, spoken

# The sets' tests reach these through this module.
__all__ = ["any_form_regex", "distinct_choices", "fill", "spoken"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = ROOT / "tests" / "owner_sets" / "conversations"
DEFAULT_REPORT = ROOT / "var" / "owner_conversations.json"


# ---------------------------------------------------------------------------------
# Loading, running, reporting.


def load_sets(path: Path) -> list[dict[str, Any]]:
    """Every conversation under ``path`` (a file or a folder of *.yml)."""
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    conversations = []
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for conv in data.get("conversations", []):
            conv["_file"] = file.name
            conversations.append(conv)
    return conversations


def select(convs: list[dict[str, Any]], args: argparse.Namespace) -> list[dict]:
    chosen = [
        c
        for c in convs
        if (not args.only or c["class"] in args.only)
        and (not args.language or c["language"] == args.language)
        and (not args.id or any(part in c["id"] for part in args.id))
    ]
    return chosen[: args.limit] if args.limit else chosen


def table(results: list[Result]) -> str:
    """Task success per class and language, as a text table."""
    cells: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for r in results:
        for cls in (r.cls, "ALL"):
            for lang in (r.language, "all"):
                cells[(cls, lang)].append(r.passed)
    classes = [*sorted({r.cls for r in results}), "ALL"]

    def cell(key: tuple[str, str]) -> str:
        runs = cells.get(key)
        if not runs:
            return "-"
        return f"{sum(runs)}/{len(runs)} {100 * sum(runs) / len(runs):5.1f}%"

    width = max(len(c) for c in classes) + 2
    lines = [
        f"{'class':<{width}}{'zh':>16}{'en':>16}{'all':>16}",
        "-" * (width + 48),
    ]
    for cls in classes:
        if cls == "ALL":
            lines.append("-" * (width + 48))
        lines.append(
            f"{cls:<{width}}"
            + "".join(f"{cell((cls, lang)):>16}" for lang in ("zh", "en", "all"))
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    parser.add_argument("--rasa-token", default=None, help="Rasa HTTP API token")
    parser.add_argument("--backend-url", default="http://127.0.0.1:8080")
    parser.add_argument("--operator-token", default="zhanggui-demo-operator-token")
    parser.add_argument("--courier-token", default="zhanggui-demo-courier-token")
    parser.add_argument(
        "--service-token",
        default=None,
        help="one token for every backend call (before per-service tokens), e.g. "
        "zhanggui-demo-service-token",
    )
    parser.add_argument(
        "--gateway-token",
        default=None,
        help="tried for identity resolution when the operator token may not resolve",
    )
    parser.add_argument("--sets", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--only", action="append", help="class to run (repeatable)")
    parser.add_argument("--language", choices=("zh", "en"))
    parser.add_argument("--id", action="append", help="run ids containing this text")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    parser.add_argument("--project-root", type=Path, default=ROOT)
    parser.add_argument(
        "--reset-command",
        default="{python} -m backend seed --reset",
        help="run in --project-root to reseed the demo world ({python}: this Python)",
    )
    parser.add_argument(
        "--reset",
        choices=("dirty", "fresh", "never"),
        default="dirty",
        help="reseed before a conversation whenever an earlier one changed the world "
        "(dirty, the default), only before conversations marked fresh: true (fresh), "
        "or never (the world must then be reset by hand)",
    )
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="only count the selected conversations per class and language",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    conversations = select(load_sets(args.sets), args)
    if not conversations:
        print("no conversations selected")
        return 2
    if args.dry_run:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for conv in conversations:
            counts[(conv["class"], conv["language"])] += 1
        for cls in sorted({c for c, _ in counts}):
            print(f"{cls:<16}zh {counts[(cls, 'zh')]:>3}   en {counts[(cls, 'en')]:>3}")
        print(f"{'total':<16}{len(conversations):>6}")
        return 0
    runner = Runner(args)
    started = time.perf_counter()
    runner.reset_world()
    results = []
    for n, conv in enumerate(conversations, 1):
        result = runner.play(conv)
        results.append(result)
        mark = "ok  " if result.passed else "FAIL"
        print(f"[{n:3}/{len(conversations)}] {mark} {result.id} ({result.seconds} s)")
        if not result.passed and args.verbose:
            for failure in result.failures[:6]:
                print(f"        {failure}")
    elapsed = time.perf_counter() - started
    print()
    print(table(results))
    print(
        f"\n{sum(r.passed for r in results)}/{len(results)} conversations succeeded "
        f"in {elapsed:.0f} s ({runner.resets} world resets); the backend ended right "
        f"in {sum(r.outcome_ok for r in results)} (replies not judged)"
    )
    args.report.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "rasa_url": args.rasa_url,
        "backend_url": args.backend_url,
        "seconds": round(elapsed, 1),
        "summary": summary(results),
        "conversations": [
            {
                "id": r.id,
                "class": r.cls,
                "language": r.language,
                "passed": r.passed,
                "outcome_ok": r.outcome_ok,
                "seconds": r.seconds,
                "failures": r.failures,
                "turns": r.turns,
            }
            for r in results
        ],
    }
    args.report.write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"report: {args.report}")
    return 0


def summary(results: list[Result]) -> dict[str, Any]:
    """Success counts per class × language, per language and overall."""
    out: dict[str, Any] = {"by_class": {}, "by_language": {}}
    for r in results:
        entry = (
            out["by_class"]
            .setdefault(r.cls, {})
            .setdefault(r.language, {"passed": 0, "total": 0})
        )
        entry["passed"] += r.passed
        entry["total"] += 1
        lang = out["by_language"].setdefault(r.language, {"passed": 0, "total": 0})
        lang["passed"] += r.passed
        lang["total"] += 1
    for group in [*out["by_class"].values(), out["by_language"]]:
        for entry in group.values():
            entry["rate"] = round(entry["passed"] / entry["total"], 3)
    out["overall"] = {
        "outcome_ok": sum(r.outcome_ok for r in results),
        "passed": sum(r.passed for r in results),
        "total": len(results),
        "rate": round(sum(r.passed for r in results) / len(results), 3),
    }
    return out


if __name__ == "__main__":
    sys.exit(main())
