"""A phone call through the cluster for the store-restart tests: answered, taken
to the pickup code, and what the tracker and the audit say afterwards."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.fixtures.cluster import Cluster
from tests.fixtures.phone import TwilioCaller
from voice.phone.call import conversation_id

# Loud 20 ms frames that show a reply has begun (a reply is seconds long).
REPLY_BEGUN_FRAMES = 10


def _tracker(cluster: Cluster, call_sid: str) -> dict[str, Any]:
    answer = cluster.session.get(
        f"{cluster.url('rasa')}/conversations/{conversation_id(call_sid)}/tracker",
        timeout=30,
    )
    answer.raise_for_status()
    return dict(answer.json())


async def _answered(
    cluster: Cluster, caller: TwilioCaller, turns: int, heard_before: int
) -> dict[str, Any]:
    """Wait until the call's ``turns``-th turn is done in Rasa and its reply has
    begun to play; return the tracker.

    The tracker says which turn it was; the reply's first audio says the gateway
    has it too, and with it whether the next keys are menu keys or digits to
    ``#`` (a caller keys after hearing the question). The next key may cut the
    reply short (barge-in), which keeps this real-time call short.
    """
    for _ in range(300):
        tracker = await asyncio.to_thread(_tracker, cluster, caller.call_sid)
        events = tracker["events"]
        users = sum(1 for e in events if e["event"] == "user")
        last = events[-1] if events else {}
        if users >= turns and last.get("name") == "action_listen":
            await caller.until_heard(heard_before + REPLY_BEGUN_FRAMES)
            return tracker
        await asyncio.sleep(0.2)
    raise AssertionError(f"turn {turns} of the call never finished")


async def _press(caller: TwilioCaller, keys: str) -> int:
    """Press ``keys``; return how much the caller had heard just before."""
    heard = caller.heard.loud_frames()
    await caller.press(keys)
    return heard


async def _to_the_pickup_code(cluster: Cluster, caller: TwilioCaller) -> int:
    """After the greeting: ``2``, then ``1`` a page at a time, until the code is
    asked for; return the number of turns so far."""
    turns = 1
    await _answered(cluster, caller, turns, 0)  # the greeting
    keys = "2"
    for _ in range(10):
        heard = await _press(caller, keys)
        turns += 1
        slots = (await _answered(cluster, caller, turns, heard))["slots"]
        if slots.get("awaiting") == "pickup_code":
            return turns
        assert slots.get("confirming") == "more_parcels", slots
        keys = "1"
    raise AssertionError("the parcels were never all read out")


def _last_utterance(tracker: dict[str, Any]) -> str:
    bots = [e for e in tracker["events"] if e["event"] == "bot"]
    return str(bots[-1].get("metadata", {}).get("utter_action")) if bots else ""


def _pickups(cluster: Cluster, parcel_id: int) -> list[tuple[object, ...]]:
    """The parcel's pickup records and its pickup time, read in the database."""
    import psycopg2

    with psycopg2.connect(cluster.database_url) as connection:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.id, p.picked_up_at FROM audit_log a JOIN parcels p"
                " ON a.subject = 'parcel:' || p.id"
                " WHERE a.action = 'parcel_picked_up' AND p.id = %s",
                (parcel_id,),
            )
            found = [tuple(row) for row in cursor.fetchall()]
    connection.close()
    return found
