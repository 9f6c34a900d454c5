"""Rows a turn writes to Rasa's SQL tracker store, counted from the test stories.

``python benchmarks/tracker_rows.py``. Rasa's ``SQLTrackerStore`` writes one row of
``events`` per tracker event, all of a turn's in one commit. A turn's events are:
the ``user`` event and its ``user_featurization``, then for each action Rasa runs an
``action`` event, the slots and ``active_loop`` changes it returns and one ``bot``
event per message it says, and finally ``action_listen``. The stories in
``tests/stories/`` list each turn's actions, slot changes and loop changes (only
the slots that shape the dialogue: unfeaturized bookkeeping slots are left out), so
the counts below are a lower bound: each action is assumed to say one message.
Session start (``action_session_start``, ``session_started``, the session's
metadata slot, the identity slots from ``actions/session_start.py`` and
``action_listen``) is counted apart.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
STORIES = ROOT / "tests" / "stories"
IDENTITY_SLOTS = 5  # owner_id, shop_id, display_name, shop_name, language
SESSION_START_ROWS = 4 + IDENTITY_SLOTS  # action, session_started, metadata, listen


def turn_rows(steps: Iterable[dict[str, Any]]) -> list[int]:
    """Rows written by each user turn of one story (lower bound)."""
    turns: list[int] = []
    rows = 0
    for step in steps:
        if "intent" in step or "user" in step:
            if turns or rows:
                turns.append(rows + 1)  # + action_listen closing the last turn
            rows = 2  # user, user_featurization
        elif "action" in step:
            rows += 1 + (0 if step["action"] == "action_listen" else 1)  # + a bot
        elif "active_loop" in step:
            rows += 1
        elif "slot_was_set" in step:
            rows += len(step["slot_was_set"])
    if rows:
        turns.append(rows + 1)
    return turns


def main() -> int:
    """Print the distribution of rows per turn over every test story."""
    per_turn: list[int] = []
    stories = 0
    for path in sorted(STORIES.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for story in document.get("stories", []):
            stories += 1
            per_turn += turn_rows(story["steps"])
    if not per_turn:
        print("no stories found", file=sys.stderr)
        return 1
    per_turn.sort()
    mean = statistics.mean(per_turn)
    p90 = per_turn[int(0.9 * (len(per_turn) - 1))]
    print(f"{stories} stories, {len(per_turn)} user turns")
    print(
        f"tracker rows per turn (lower bound): mean {mean:.1f}, "
        f"median {statistics.median(per_turn):.0f}, p90 {p90}, max {per_turn[-1]}"
    )
    print(f"session start: {SESSION_START_ROWS} rows once per conversation")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
